// @kafka-lite/log itself, imported from the project's built output (../../dist/index.js; run.mjs
// builds it first unless --no-build). fsync 'never' when not durable, 'always' when durable (group
// commit). Scan: reader.read({ maxBytes: 1 MiB }) chunks. Random: log.getSync(offset) (else log.get) when the library
// has them, else reader({ from: offset }).read({ maxRecords: 1 }). Readers are closed after use.
import { pathToFileURL } from 'node:url'
import path from 'node:path'
import fs from 'node:fs'
let Log

export const DIST = path.resolve(new URL('.', import.meta.url).pathname, '../../dist/index.js')

export default {
  name: 'kafka-lite',
  label: 'kafka-lite',
  durable: true,
  async load() {
    if (!fs.existsSync(DIST)) throw new Error('dist/index.js not built')
    ;({ Log } = await import(pathToFileURL(DIST).href))
    if (typeof Log?.open !== 'function') throw new Error('dist/index.js exports no Log.open')
  },
  async open(dir, { durable }) {
    const log = await Log.open(dir, { fsync: durable ? 'always' : 'never' })
    let writer = null,
      opening = null
    const getWriter = () => (opening ??= log.writer().then((w) => (writer = w)))
    const toRecords = (values) => values.map((value) => ({ value }))
    const valueAt = (records, offset) => {
      for (const r of records) if (r.offset === offset) return r.value
      throw new Error(`offset ${offset} not in the chunk read from it`)
    }
    const store = {
      async append(values) {
        const w = writer ?? (await getWriter())
        await w.append(toRecords(values))
      },
      async scan(visit) {
        const reader = log.reader({ from: 0 })
        try {
          if (typeof reader.read === 'function') {
            for (let rs = await reader.read({ maxBytes: 1 << 20 }); rs.length > 0; rs = await reader.read({ maxBytes: 1 << 20 })) {
              for (const r of rs) visit(r.value)
            }
          } else {
            for await (const r of reader) visit(r.value)
          }
        } finally {
          await reader.close?.()
        }
      },
      ...(typeof log.getSync === 'function' ? { getSync: (offset) => log.getSync(offset).value } : {}),
      async get(offset) {
        if (typeof log.get === 'function') {
          const r = await log.get(offset)
          return Buffer.isBuffer(r) ? r : r.value
        }
        const reader = log.reader({ from: offset })
        try {
          return valueAt(await reader.read({ maxRecords: 1 }), offset)
        } finally {
          await reader.close?.()
        }
      },
      async close() {
        if (writer) {
          await writer.flush?.()
          await writer.close()
        }
        await log.close()
      },
    }
    return store
  },
}
