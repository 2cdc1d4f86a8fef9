/**
 * A consumer that stops and resumes without skipping or repeating a record, by saving
 * `reader.position` as its checkpoint.
 *
 *   npx tsx examples/resume-from-checkpoint.ts
 *
 * `position` is the offset after the last record the loop body received, even though the iterator
 * fetches records in chunks; a `break` keeps the rest of the chunk for the next loop. So a checkpoint
 * written after handling a record, and a restart `from` that checkpoint, hands out every record once.
 */
import fs from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Log } from '../src/index.js'

const dir = fs.mkdtempSync(path.join(tmpdir(), 'kafka-lite-resume-'))
const checkpointFile = path.join(dir, 'my-consumer.offset')
const readCheckpoint = (): number => (fs.existsSync(checkpointFile) ? Number(fs.readFileSync(checkpointFile, 'utf8')) : 0)

try {
  const log = await Log.open(path.join(dir, 'events'), { fsync: 'never' })
  const writer = await log.writer()
  await writer.append(Array.from({ length: 1000 }, (_, i) => ({ value: `event-${i}` })))

  const handled: number[] = []
  // Three "runs" of the consumer, each stopping early after a different number of records.
  for (const budget of [137, 401, Infinity]) {
    const reader = log.reader({ from: readCheckpoint() })
    let n = 0
    for await (const record of reader) {
      handled.push(record.offset) // handle the record ...
      fs.writeFileSync(checkpointFile, String(reader.position)) // ... then checkpoint it
      if (++n === budget) break
    }
    console.log(`run stopped at checkpoint ${readCheckpoint()}`)
  }
  const once = handled.every((offset, i) => offset === i)
  console.log(`handled ${handled.length} records, each exactly once: ${once}`)
  await log.close()
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
