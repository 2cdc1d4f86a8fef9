// Reader worker for test/property/seqlock.property.test.ts. Reads the shared Snapshot through the
// real `Snapshot.read()` and checks every reading against the model: publication i (0-based) leaves
// seq = 2(i+1) and every field a function of values[i]; seq 0 is the all-zero initial state.
// mode 'spin': reads in a tight loop until the publisher is done.
// mode 'wait': parks in `Snapshot.waitForChange` (Atomics.waitAsync) between readings and must
// reach the final publication (a lost wake-up hangs it, and the test times out).
import { parentPort, workerData } from 'node:worker_threads'
import { pathToFileURL } from 'node:url'

const { bundle, buffer, control: controlBuffer, values, mode } = workerData
const { Snapshot } = await import(pathToFileURL(bundle).href)
const snapshot = new Snapshot(buffer)
const control = new Int32Array(controlBuffer)

function expected(seq) {
  if (seq === 0)
    return {
      highWatermark: 0,
      logEndOffset: 0,
      logStartOffset: 0,
      hwSegmentBase: 0,
      hwPosition: 0,
      generation: 0,
      flags: 0,
      truncationEpoch: 0,
      truncationOffset: 0,
      writerId: 0,
      rewriteEpoch: 0,
    }
  const v = values[seq / 2 - 1]
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

const errors = []
let reads = 0
let lastSeq = -1
let distinct = 0
function check(s) {
  reads++
  if (s.seq % 2 !== 0) errors.push(`odd seq ${s.seq} returned`)
  if (s.seq < lastSeq) errors.push(`seq went back from ${lastSeq} to ${s.seq}`)
  if (s.seq !== lastSeq) distinct++
  lastSeq = s.seq
  const want = expected(s.seq)
  if (want === undefined || want.highWatermark === undefined) {
    errors.push(`seq ${s.seq} beyond the ${values.length} publications`)
    return
  }
  for (const k of Object.keys(want)) {
    if (s[k] !== want[k]) {
      errors.push(`seq ${s.seq}: ${k}=${s[k]} but the publication has ${want[k]} (mixed snapshot: ${JSON.stringify(s)})`)
      return
    }
  }
}

const finalSeq = 2 * values.length
Atomics.add(control, 1, 1)
Atomics.notify(control, 1)
if (mode === 'spin') {
  while (Atomics.load(control, 0) === 0 && errors.length < 5) check(snapshot.read())
  check(snapshot.read())
} else {
  const keepAlive = setInterval(() => {}, 1 << 30)
  for (;;) {
    const s = snapshot.read()
    check(s)
    if (s.seq === finalSeq || errors.length >= 5) break
    await snapshot.waitForChange(s.seq, Infinity)
  }
  clearInterval(keepAlive)
}
parentPort.postMessage({ type: 'done', reads, distinct, lastSeq, errors })
