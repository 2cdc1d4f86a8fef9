// Consumer-commit child: opens the log (readOnly, or read-write while the parent holds the writer, so
// it becomes a view) and commits consumer `name` at offsets first, first+step, ... (count commits),
// each with metadata `<id>:<offset>`. Before each commit it reports `try <offset>`, after it
// `ok <offset>`, with synchronous writes to the report file, so a SIGKILL loses no line.
// The crash seam (KAFKA_LITE_CRASH_AT=commit:<step>[:<n>]) may kill it mid-commit.
// argv: <entry> <dir> <readOnly|readWrite> <name> <id> <first> <step> <count> <report>
import fs from 'node:fs'

const [entry, dir, mode, name, id, first, step, count, report] = process.argv.slice(2)
const { Log } = await import(entry)
const fd = fs.openSync(report, 'a')
const out = (line) => fs.writeSync(fd, line + '\n')

const log = await Log.open(dir, { readOnly: mode === 'readOnly' })
out(`open ${log.readOnly}`)
const consumer = log.consumer(name)
for (let i = 0, offset = Number(first); i < Number(count); i++, offset += Number(step)) {
  out(`try ${offset}`)
  await consumer.commit(offset, { metadata: `${id}:${offset}` })
  out(`ok ${offset}`)
}
out('done')
await log.close()
fs.closeSync(fd)
