// A following reader for readers-stress.test.ts, run as a worker thread (workerData) or as a child
// process (fork, IPC). It reads from offset 0 with `follow: true` and checks, for every record:
// contiguous offsets, the value bytes (derived from the offset), and that the record lies below the
// high watermark read *after* the record was delivered (a record must be below the HW that was
// published before it was returned; the HW never moves back without truncation, so the later HW is
// an upper bound that must exceed the offset). It stops when it has `total` records or on 'stop'.
import { parentPort, workerData } from 'node:worker_threads'
import { pathToFileURL } from 'node:url'
import { valueFor, hashBytes, combine } from './stress-workload.mjs'

const inWorker = parentPort !== null
const params = inWorker ? workerData : JSON.parse(process.argv[2])
const send = (msg) => (inWorker ? parentPort.postMessage(msg) : process.send(msg))
const ac = new AbortController()
const onMessage = (m) => {
  if (m === 'stop') ac.abort()
}
if (inWorker) parentPort.on('message', onMessage)
else process.on('message', onMessage)

const { Log } = await import(pathToFileURL(params.dist).href)
const log = inWorker ? await Log.attach(params.handle) : await Log.open(params.dir, { readOnly: true })
const reader = log.reader({ from: 0, follow: true, signal: ac.signal })

let expected = 0
let sum = 0
const errors = []
send({ type: 'ready' })
try {
  for await (const r of reader) {
    if (r.offset !== expected) {
      errors.push(`offset ${r.offset} delivered, expected ${expected}`)
      break
    }
    const hw = log.highWatermark
    if (!(hw > r.offset)) {
      errors.push(`record ${r.offset} delivered but the high watermark read after it is ${hw}`)
      break
    }
    const want = valueFor(r.offset)
    if (r.value === null || !want.equals(r.value)) {
      errors.push(`value of ${r.offset} differs (length ${r.value?.length} vs ${want.length})`)
      break
    }
    if (r.key === null || r.key.toString() !== String(r.offset)) {
      errors.push(`key of ${r.offset} is ${r.key?.toString()}`)
      break
    }
    sum = combine(sum, r.offset, hashBytes(r.value))
    expected++
    if (expected === params.total) break
  }
} catch (err) {
  if (!(err && err.name === 'AbortError')) errors.push(`reader failed: ${err && (err.stack || err.message)}`)
}
await reader.close()
await log.close()
send({ type: 'done', count: expected, sum, errors })
if (!inWorker) process.disconnect()
