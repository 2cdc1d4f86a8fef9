// Runs one compaction round on a prepared log; the test sets KAFKA_LITE_CRASH_AT to a swap step so
// the process SIGKILLs itself there (see src/io/crash-point.ts).
import { pathToFileURL } from 'node:url'

const { dist, dir } = JSON.parse(process.argv[2])
const { Log } = await import(pathToFileURL(dist).href)
const log = await Log.open(dir, { segmentBytes: 4096, cleanupPolicy: 'compact', fsync: 'never', housekeepingIntervalMs: 0 })
const writer = await log.writer()
await writer.compact()
await log.close()
