// Wait-for-log test child: creates the log in <dir> (and its missing parents) by opening it with a
// writer, appends <count> records "created-<i>" in one append, reports "appended <base> <last>" to
// <report> with a synchronous write (then says "appended" on stdout, only as a wake-up), and keeps
// the writer until stdin says "close" (or ends); then it closes the log, reports "closed" and exits.
// argv: <entry> <dir> <report> <count>
import fs from 'node:fs'
import { createInterface } from 'node:readline'

const [entry, dir, reportPath, countArg] = process.argv.slice(2)
const report = fs.openSync(reportPath, 'a')
const { Log } = await import(entry)
const log = await Log.open(dir, { fsync: 'never' })
const writer = await log.writer()
const r = await writer.append(Array.from({ length: Number(countArg) }, (_, i) => ({ value: `created-${i}` })))
fs.writeSync(report, `appended ${r.baseOffset} ${r.lastOffset}\n`)
process.stdout.write('appended\n')
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'close') break
}
await log.close()
fs.writeSync(report, 'closed\n')
process.exit(0)
