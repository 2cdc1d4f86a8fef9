// A naive JSON-lines log: fs.promises.appendFile of one line per record ({"offset":n,"value":base64}),
// one appendFile call per batch (durable mode: appendFile's `flush: true`, i.e. fsync before it
// resolves). Scan reads the whole file and splits it. Random reads use the line positions found
// when the file is opened, one positional read per record.
import fs from 'node:fs'
import path from 'node:path'

export default {
  name: 'jsonl',
  label: 'JSON lines',
  durable: true,
  async load() {},
  async open(dir, { durable }) {
    const file = path.join(dir, 'log.jsonl')
    const opts = durable ? { flush: true } : undefined
    let next = 0
    let positions = null,
      fh = null
    if (fs.existsSync(file)) {
      const buf = await fs.promises.readFile(file)
      const pos = [0]
      for (let p = buf.indexOf(10); p !== -1; p = buf.indexOf(10, p + 1)) pos.push(p + 1)
      positions = Float64Array.from(pos)
      next = pos.length - 1
      fh = await fs.promises.open(file, 'r')
    }
    return {
      async append(values) {
        let lines = ''
        for (const v of values) lines += `{"offset":${next++},"value":"${v.toString('base64')}"}\n`
        await fs.promises.appendFile(file, lines, opts)
      },
      async scan(visit) {
        const text = await fs.promises.readFile(file, 'utf8')
        const lines = text.split('\n')
        for (const line of lines) {
          if (line === '') continue
          visit(Buffer.from(JSON.parse(line).value, 'base64'))
        }
      },
      async get(offset) {
        const start = positions[offset],
          len = positions[offset + 1] - start
        const { buffer } = await fh.read(Buffer.allocUnsafe(len), 0, len, start)
        return Buffer.from(JSON.parse(buffer.toString('utf8')).value, 'base64')
      },
      async close() {
        await fh?.close()
      },
    }
  },
}
