// Child for the Kafka suite's "recovery after a crash" shape: appends deterministic records (a pure
// function of their offset, see recordAt) in batches of 1-40 until SIGKILLed, and after each
// acknowledged append writes its last offset to <ackFile> with a synchronous write, so the parent
// knows what was acknowledged even though the kill comes at a random moment.
// argv: <entry> <dir> <ackFile> <seed>
import fs from 'node:fs'

const [entry, dir, ackFile, seedArg] = process.argv.slice(2)
const { Log } = await import(entry)

let a = Number(seedArg)
const rand = () => {
  a = (a + 0x6d2b79f5) | 0
  let t = Math.imul(a ^ (a >>> 15), 1 | a)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** Keep in step with recordAt in dump-log-segments.test.ts. */
function recordAt(o) {
  return {
    key: o % 7 === 0 ? null : `k${o}`,
    value: o % 11 === 0 ? null : `v${o}-${'abcdefghij'.repeat(o % 13)}`,
    headers: [{ key: 'o', value: String(o) }],
    timestamp: 1_700_000_000_000 + o,
  }
}

const log = await Log.open(dir, { fsync: 'never', segmentBytes: 16 * 1024, indexIntervalBytes: 1024 })
const writer = await log.writer()
const ack = fs.openSync(ackFile, 'a')
let next = log.logEndOffset
for (let i = 0; i < 100_000; i++) {
  const n = 1 + Math.floor(rand() * 40)
  const batch = []
  for (let j = 0; j < n; j++) batch.push(recordAt(next + j))
  const { lastOffset } = await writer.append(batch)
  next = lastOffset + 1
  fs.writeSync(ack, `${lastOffset}\n`)
}
