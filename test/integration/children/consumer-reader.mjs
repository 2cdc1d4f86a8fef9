// Consumer-reader child (another process): resumes consumer `name` from its committed position in a
// readOnly open, reads `count` records with read(), commits the reader and reports, with synchronous
// writes to the report file, the offsets read and the committed position as one JSON line (or the
// code of the LogError that stopped it).
// argv: <entry> <dir> <name> <count> <report>
import fs from 'node:fs'

const [entry, dir, name, count, report] = process.argv.slice(2)
const { Log } = await import(entry)
const log = await Log.open(dir, { readOnly: true })
const consumer = log.consumer(name)
const reader = await consumer.reader()
let records
try {
  records = await reader.read({ maxRecords: Number(count) })
} catch (err) {
  fs.writeFileSync(report, JSON.stringify({ error: err.code }) + '\n')
  await log.close()
  process.exit(0)
}
const committed = await consumer.commit(reader, { metadata: `pid ${process.pid}` })
const listed = await log.consumers()
fs.writeFileSync(
  report,
  JSON.stringify({
    offsets: records.map((r) => r.offset),
    values: records.map((r) => r.value.toString()),
    committed,
    listed,
  }) + '\n',
)
await log.close()
