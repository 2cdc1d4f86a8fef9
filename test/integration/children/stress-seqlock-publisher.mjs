// Publisher for test/property/seqlock.property.test.ts.
// - As a worker thread (workerData.buffer is a SharedArrayBuffer): publishes into that Snapshot.
// - As a child process (argv[2] JSON with `dir`): publishes into a Snapshot mirrored to the state
//   file through StateFileWriter, exactly as LogOwner.publish does.
// Every published snapshot is a function of one value v (see `stateFor`), so a reader that mixes two
// publications sees fields that disagree. Between publications it pauses: `0` none, `> 0` a spin of
// that many iterations, `< 0` an Atomics.wait of -p microseconds (rounded to ms granularity by V8 is
// fine: it only varies the interleaving). `bundle` is the esbuild bundle of src/snapshot.ts and
// src/state-file.ts made by the test (workers cannot load TypeScript here).
import { parentPort, workerData } from 'node:worker_threads'
import { pathToFileURL } from 'node:url'

const inWorker = parentPort !== null
const params = inWorker ? workerData : JSON.parse(process.argv[2])
const mod = await import(pathToFileURL(params.bundle).href)

/** Mirrored in the test. */
function stateFor(v) {
  return {
    highWatermark: v,
    logEndOffset: v + 1,
    logStartOffset: Math.floor(v / 2),
    hwSegmentBase: v * 2,
    hwPosition: v * 5 + 7,
    generation: v * 3,
    flags: v % 2,
    truncationEpoch: v * 7,
    truncationOffset: v + 3,
    writerId: v * 11,
    rewriteEpoch: v * 13,
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4))
function pause(p) {
  if (p > 0) {
    let x = 0
    for (let i = 0; i < p; i++) x = (x + i) | 0
    return x
  }
  if (p < 0) Atomics.wait(sleeper, 0, 0, -p / 1000)
  return 0
}

async function run(snapshot, after) {
  const { values, pauses } = params
  for (let i = 0; i < values.length; i++) {
    snapshot.publish(stateFor(values[i]))
    after()
    pause(pauses[i % pauses.length] ?? 0)
  }
}

if (inWorker) {
  const snapshot = new mod.Snapshot(params.buffer)
  // Wait for the readers to be spinning before the first publication.
  const control = new Int32Array(params.control)
  while (Atomics.load(control, 1) < params.readers) Atomics.wait(control, 1, Atomics.load(control, 1), 1)
  await run(snapshot, () => {})
  Atomics.store(control, 0, 1) // done
  Atomics.notify(control, 0)
  parentPort.postMessage({ type: 'done' })
} else {
  const snapshot = new mod.Snapshot()
  const file = new mod.StateFileWriter(params.dir, snapshot)
  process.send({ type: 'ready' })
  await new Promise((resolve) => process.once('message', resolve)) // 'go'
  await run(snapshot, () => file.write())
  file.close()
  process.send({ type: 'done', seq: snapshot.sequence() })
  process.disconnect()
}
