/**
 * `writer.appendBatches` then `log.readBatches`, against a model (the list of accepted batches):
 * random valid batches from our encoder and from kafkajs's (an independent encoder) with every codec
 * and random producer fields are appended, and `readBatches` returns them byte for byte, each with
 * the base offset the log assigned stamped in; every damaged variant (a flipped bit the CRC or the
 * framing covers, a wrong record count, a last offset delta that disagrees with it, record offset
 * deltas that disagree with the header under a right CRC, a truncated batch, trailing bytes) is
 * rejected with `KLOG_CORRUPT_BATCH` and leaves the log exactly as it was. Random reads from random
 * offsets with random `maxBytes` return a run of the model's batches starting with the one holding
 * the offset, within `maxBytes` unless it is a single batch (KIP-74). Checked again after a reopen.
 *
 * Replay: fast-check prints the seed; `APPEND_BATCHES_SEED=<seed> APPEND_BATCHES_RUNS=<n>`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Log, LogError, batchInfo, type CompressionType } from '../../src/index.js'
import { fixCrc, kafkajsBatch, ourBatch, type ProducerFields } from '../helpers/produced-batches.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-append-batches-prop-')
const RUNS = Number(process.env.APPEND_BATCHES_RUNS ?? 20)
const SEED = process.env.APPEND_BATCHES_SEED === undefined ? undefined : Number(process.env.APPEND_BATCHES_SEED)
const CODECS: CompressionType[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd']
const T0 = 1_700_000_000_000

interface Rec {
  key: string | null
  value: Buffer | null
  headers: [string, string][]
  ts: number
}

const rec: fc.Arbitrary<Rec> = fc.record({
  key: fc.option(
    fc.string({ maxLength: 12 }).map((s) => `k${s}`),
    { nil: null, freq: 4 },
  ),
  value: fc.option(
    fc.oneof(
      fc.uint8Array({ maxLength: 80 }).map((u) => Buffer.from(u)),
      fc.integer({ min: 0, max: 3000 }).map((n) => Buffer.alloc(n, n % 251)),
    ),
    { nil: null, freq: 6 },
  ),
  // Distinct letter keys: kafkajs writes headers from an object.
  headers: fc.uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'trace', 'x-id'), fc.string({ maxLength: 6 })), {
    maxLength: 3,
    selector: (h) => h[0],
  }),
  ts: fc.integer({ min: -5000, max: 5000 }).map((d) => T0 + d),
})

type Damage =
  | { kind: 'none' }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'count'; by: number }
  | { kind: 'lastDelta'; by: number }
  | { kind: 'deltas'; swap: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'trailing'; n: number }

const damage: fc.Arbitrary<Damage> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'none' as const }), weight: 5 },
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    bit: fc.integer({ min: 0, max: 7 }),
  }),
  fc.record({ kind: fc.constant('count' as const), by: fc.constantFrom(-2, -1, 1, 3) }),
  fc.record({ kind: fc.constant('lastDelta' as const), by: fc.constantFrom(-1, 1, 5) }),
  fc.record({ kind: fc.constant('deltas' as const), swap: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }) }),
  fc.record({ kind: fc.constant('trailing' as const), n: fc.integer({ min: 1, max: 70 }) }),
)

interface Op {
  encoder: 'ours' | 'kafkajs'
  codec: CompressionType
  records: Rec[]
  fields: ProducerFields
  damage: Damage
}

const op: fc.Arbitrary<Op> = fc.record({
  encoder: fc.constantFrom('ours' as const, 'kafkajs' as const),
  codec: fc.constantFrom(...CODECS),
  records: fc.array(rec, { minLength: 1, maxLength: 10 }),
  fields: fc.oneof(
    fc.constant({}),
    fc.record({
      producerId: fc.integer({ min: 0, max: 2 ** 40 }),
      producerEpoch: fc.integer({ min: 0, max: 32767 }),
      baseSequence: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      transactional: fc.boolean(),
      partitionLeaderEpoch: fc.integer({ min: -1, max: 1000 }),
    }),
  ),
  damage,
})

async function encode(o: Op, deltas?: number[]): Promise<Buffer> {
  if (o.encoder === 'ours' && deltas === undefined) {
    const input = o.records.map((r) => ({
      key: r.key,
      value: r.value,
      headers: r.headers.map(([key, value]) => ({ key, value })),
      timestamp: r.ts,
    }))
    return ourBatch(input, o.codec, o.fields)
  }
  const input = o.records.map((r) => ({
    key: r.key === null ? null : Buffer.from(r.key),
    value: r.value,
    headers: Object.fromEntries(r.headers.map(([k, v]) => [k, Buffer.from(v)])),
    timestamp: r.ts,
  }))
  return kafkajsBatch(input, o.codec, o.fields, deltas)
}

/** The bytes of `o`, damaged as it says; `undefined` when the damage cannot apply (then skipped). */
async function bytesOf(o: Op): Promise<Buffer | undefined> {
  const d = o.damage
  if (d.kind === 'deltas') {
    const n = o.records.length
    const deltas = Array.from({ length: n }, (_, i) => i)
    if (n === 1) deltas[0] = 1
    else {
      const i = d.swap % (n - 1)
      deltas[i] = deltas[i + 1]! // a repeated delta (and one missing)
    }
    return encode(o, deltas)
  }
  const b = await encode(o)
  switch (d.kind) {
    case 'none':
      return b
    case 'flip': {
      // Anywhere the CRC or the framing covers: batchLength (8..11) and bytes 16.. (magic, CRC, the rest).
      const covered = [...Array.from({ length: 4 }, (_, i) => 8 + i), ...Array.from({ length: b.length - 16 }, (_, i) => 16 + i)]
      const at = covered[Math.floor(d.at * covered.length)]!
      b[at]! ^= 1 << d.bit
      return b
    }
    case 'count': {
      const count = b.readInt32BE(57) + d.by
      b.writeInt32BE(count, 57)
      b.writeInt32BE(count - 1, 23)
      fixCrc(b)
      return b
    }
    case 'lastDelta':
      b.writeInt32BE(b.readInt32BE(23) + d.by, 23)
      fixCrc(b)
      return b
    case 'truncate':
      return b.subarray(0, 1 + Math.floor(d.at * (b.length - 1)))
    case 'trailing':
      return Buffer.concat([b, Buffer.alloc(d.n, 0x11)])
  }
}

/** The expected log bytes from `from`: model batches with their base offsets stamped. */
function stamped(model: { bytes: Buffer; base: number }[]): Buffer {
  return Buffer.concat(
    model.map(({ bytes, base }) => {
      const out = Buffer.from(bytes)
      out.writeBigInt64BE(BigInt(base), 0)
      return out
    }),
  )
}

describe('appendBatches then readBatches, against a model', () => {
  it('accepted batches come back byte for byte; damaged ones change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 2048, max: 64 * 1024 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 20_000 })), { minLength: 1, maxLength: 6 }),
        async (ops, segmentBytes, reads) => {
          const dir = dirs.make()
          const options = { fsync: 'never' as const, segmentBytes: Math.max(segmentBytes, 12_000), maxBatchBytes: 12_000 }
          const model: { bytes: Buffer; base: number }[] = []
          let next = 0
          {
            await using log = await Log.open(dir, options)
            const w = await log.writer()
            for (const o of ops) {
              const bytes = await bytesOf(o)
              if (bytes === undefined) continue
              if (o.damage.kind === 'none') {
                if (bytes.length > options.maxBatchBytes) continue
                const r = await w.appendBatches(bytes)
                expect([r.baseOffset, r.lastOffset]).toEqual([next, next + o.records.length - 1])
                model.push({ bytes, base: next })
                next += o.records.length
              } else {
                const err = await w.appendBatches(bytes).then(
                  () => undefined,
                  (e: unknown) => e,
                )
                expect(err, `${o.damage.kind} accepted`).toBeInstanceOf(LogError)
                expect((err as LogError).code === 'KLOG_CORRUPT_BATCH' || (err as LogError).code === 'KLOG_RECORD_TOO_LARGE').toBe(true)
                expect(log.logEndOffset).toBe(next)
              }
            }
            await check(log, model, next, reads)
          }
          await using again = await Log.open(dir, options)
          await check(again, model, next, reads)
        },
      ),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    )
  })
})

async function check(log: Log, model: { bytes: Buffer; base: number }[], end: number, reads: [number, number][]): Promise<void> {
  expect(log.highWatermark).toBe(end)
  const all = await log.readBatches({ from: 0, maxBytes: 1 << 24 })
  expect(all.records.equals(stamped(model))).toBe(true)
  expect(all.nextOffset).toBe(end)
  for (const [pick, maxBytes] of reads) {
    if (end === 0) break
    const from = pick % end
    const r = await log.readBatches({ from, maxBytes })
    const first = model.findIndex((b, i) => (model[i + 1]?.base ?? end) > from)
    let n = 0
    let size = 0
    for (let p = 0; p < r.records.length; p += batchInfo(r.records, p).size) {
      expect(batchInfo(r.records, p).baseOffset).toBe(model[first + n]!.base)
      size += model[first + n]!.bytes.length
      n++
    }
    expect(size).toBe(r.records.length)
    expect(r.records.equals(stamped(model.slice(first, first + n)))).toBe(true)
    expect(n).toBeGreaterThanOrEqual(1)
    if (n > 1) expect(size).toBeLessThanOrEqual(maxBytes)
  }
}
