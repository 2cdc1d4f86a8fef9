// Child for the mirror test: follows a log (read-only; the parent is its writer) and mirrors it into
// a Kafka topic until SIGKILLed. After each committed transaction it writes the next source offset
// to <progressFile> with a synchronous write.
// argv: <dist index> <dist mirror> <dir> <bootstrap> <topic> <progressFile>
import fs from 'node:fs'

const [entry, mirrorEntry, dir, bootstrap, topic, progressFile] = process.argv.slice(2)
const { Log } = await import(entry)
const { mirrorToKafka } = await import(mirrorEntry)

const progress = fs.openSync(progressFile, 'a')
const log = await Log.open(dir, { readOnly: true })
await mirrorToKafka(log, {
  brokers: [bootstrap],
  topic,
  follow: true,
  maxTransactionBytes: 8 * 1024,
  onCommit: (next) => fs.writeSync(progress, `${next}\n`),
})
