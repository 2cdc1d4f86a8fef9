// A follower for compaction.test.ts, in a worker (workerData.handle) or a child process (argv
// JSON, readOnly open). Every value is `<offset>:<key>`: each record must name its own offset and
// key, offsets must increase (compaction leaves holes, never repeats), and the follower stops at
// offset `end - 1`. Writes its report with one synchronous write.
import fs from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { pathToFileURL } from 'node:url'

const inWorker = parentPort !== null
const params = inWorker ? workerData : JSON.parse(process.argv[2])
const { Log } = await import(pathToFileURL(params.dist).href)
const log = inWorker ? await Log.attach(params.handle) : await Log.open(params.dir, { readOnly: true })
const errors = []
let last = -1
let count = 0
try {
  for await (const r of log.reader({ from: 0, follow: true })) {
    count++
    const want = `${r.offset}:${r.key?.toString()}`
    if (r.value?.toString() !== want) errors.push(`record ${r.offset} has ${r.value?.toString()} (key ${r.key?.toString()})`)
    if (r.offset <= last) errors.push(`offset ${r.offset} after ${last}`)
    last = r.offset
    if (errors.length > 5 || r.offset >= params.end - 1) break
  }
} catch (err) {
  errors.push(`reader failed: ${err?.stack ?? err}`)
}
await log.close()
fs.writeFileSync(params.report, JSON.stringify({ errors, last, count }))
if (!inWorker) process.disconnect?.()
