// Lock-test child: opens the log, takes the writer, appends <count> records (values "holder-<i>"),
// prints "ready <logEndOffset>", then obeys stdin: "append <n>" appends n more and prints
// "appended <base> <last>"; "close" closes the log, prints "closed" and exits.
// argv: <entry> <dir> <count>
import { createInterface } from 'node:readline'

const [entry, dir, countArg] = process.argv.slice(2)
const { Log } = await import(entry)
const log = await Log.open(dir, { fsync: 'never' })
const writer = await log.writer()
const count = Number(countArg)
if (count > 0) {
  const records = []
  for (let i = 0; i < count; i++) records.push({ value: `holder-${log.logEndOffset + i}` })
  await writer.append(records)
}
process.stdout.write(`ready ${log.logEndOffset}\n`)
for await (const line of createInterface({ input: process.stdin })) {
  const [cmd, arg] = line.trim().split(' ')
  if (cmd === 'append') {
    const records = []
    for (let i = 0; i < Number(arg); i++) records.push({ value: `holder-${log.logEndOffset + i}` })
    const r = await writer.append(records)
    process.stdout.write(`appended ${r.baseOffset} ${r.lastOffset}\n`)
  } else if (cmd === 'close') {
    await log.close()
    process.stdout.write('closed\n')
    process.exit(0)
  }
}
