// Lock-race child: imports the library, prints "armed", waits for "go" on stdin, then opens the log
// and asks for the writer. Prints "won <offset of its append>" or "lost <code>", then holds what it got until "exit".
// argv: <entry> <dir>
import { createInterface } from 'node:readline'

const [entry, dir] = process.argv.slice(2)
const { Log } = await import(entry)
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
process.stdout.write('armed\n')
await lines.next() // "go"
let log
try {
  log = await Log.open(dir, { fsync: 'never' })
  const writer = await log.writer()
  const r = await writer.append({ value: `racer-${process.pid}` })
  process.stdout.write(`won ${r.baseOffset}\n`)
} catch (err) {
  process.stdout.write(`lost ${err?.code ?? err}\n`)
  if (err?.code !== 'KLOG_LOCKED') process.stderr.write(`${err?.stack}\ncause: ${err?.cause?.stack ?? err?.cause}\n`)
}
await lines.next() // "exit"
await log?.close()
process.exit(0)
