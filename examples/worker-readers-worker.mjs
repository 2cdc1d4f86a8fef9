// Worker side of examples/worker-readers.ts: attach to the writer's log and follow it.
// Workers import the built library (run `npm run build` first).
import { parentPort, workerData } from 'node:worker_threads'
import { Log } from '../dist/index.js'

const { handle, total, name } = workerData
const stop = new AbortController()
const onMessage = (m) => m === 'stop' && stop.abort()
parentPort.on('message', onMessage) // a listener keeps the worker alive; removed below

const log = await Log.attach(handle) // read-only view over the writer's shared snapshot
let count = 0
let bytes = 0
try {
  // `follow: true` parks on Atomics.waitAsync between appends: no polling, no timers.
  for await (const record of log.reader({ from: 'earliest', follow: true, signal: stop.signal })) {
    count++
    bytes += record.value?.length ?? 0
    if (record.offset === total - 1) break // the writer told us how many it will append
  }
} catch (err) {
  if (err.name !== 'AbortError') throw err
}
await log.close()
parentPort.off('message', onMessage) // nothing left to keep this thread alive: it exits
parentPort.postMessage({ name, count, bytes })
