/**
 * THE record walk (src/format/batch-records.ts): every record of a batch is checked against its
 * header in every decode (`decodeBatch`), in `checkBatch` for uncompressed batches, and in
 * `validateBatch` (tools, the broker's produce path), whatever the codec. Batches are hand-made with
 * valid CRCs (test/helpers/crafted-batch.ts), so only the walk can catch them.
 *
 * Issue 19 item 3: before the walk, `decodeBatch` never compared offset deltas with the header, so a
 * batch whose records repeat or reverse offsets was served as it was (two records at one offset,
 * offsets going backwards) and its CRC made `checkBatch` say Valid.
 */
import zlib from 'node:zlib'

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { LogError } from '../../../src/base/errors.js'
import { compressorOf } from '../../../src/codec/registry.js'
import { crc32c } from '../../../src/format/crc32c.js'
import { BatchCheck, checkBatchHeader } from '../../../src/format/batch-header.js'
import { checkBatch, decodeBatch, validateBatch } from '../../../src/format/batch-records.js'
import { prepareRecords, type LogRecord } from '../../../src/format/record.js'
import { encodeBatch, encodedBatchSize } from '../../../src/format/record-batch.js'
import { type CraftedRecord, T0, craftBatch, denseRecords, plainBatch, recordsSection } from '../../helpers/crafted-batch.js'

type Codec = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd'
const CODEC_IDS: Record<Codec, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 }
const CODECS = Object.keys(CODEC_IDS) as Codec[]

async function compress(codec: Codec, plain: Buffer): Promise<Buffer> {
  if (codec === 'none') return plain
  if (codec === 'gzip') return zlib.gzipSync(plain)
  return await compressorOf(codec)(plain, undefined)
}

/** The batch of `records` with header fields `over`, its records section compressed with `codec`. */
async function batchOf(codec: Codec, records: readonly CraftedRecord[], over: Parameters<typeof plainBatch>[1] = {}): Promise<Buffer> {
  const plain = plainBatch(records, over)
  if (codec === 'none') return plain
  const payload = await compress(codec, plain.subarray(61))
  return craftBatch({
    baseOffset: Number(plain.readBigInt64BE(0)),
    payload,
    codec: CODEC_IDS[codec],
    recordsCount: plain.readInt32BE(57),
    lastOffsetDelta: plain.readInt32BE(23),
    baseTimestamp: Number(plain.readBigInt64BE(27)),
    maxTimestamp: Number(plain.readBigInt64BE(35)),
    attributeFlags: plain.readInt16BE(21) & ~7,
  })
}

function decodeError(b: Buffer, site?: { file: string; position: number }): LogError {
  const out: LogRecord[] = [{ offset: -7, timestamp: 0, key: null, value: null, headers: [] }]
  try {
    decodeBatch(b, 0, 0, out, Infinity, undefined, { site })
  } catch (err) {
    expect(err).toBeInstanceOf(LogError)
    // Nothing of the bad batch was handed out; what the caller had is untouched.
    expect(out.map((r) => r.offset)).toEqual([-7])
    return err as LogError
  }
  throw new Error(`decoded ${out.length - 1} records of a batch that breaks the rules`)
}

const four = (): CraftedRecord[] => denseRecords(4)

/** Batches whose records disagree with their header, each with its header otherwise right. */
const BAD: Array<[string, () => { records: CraftedRecord[]; over?: Parameters<typeof plainBatch>[1] }]> = [
  [
    'a repeated offset delta',
    () => ({ records: four().map((r, i) => ({ ...r, offsetDelta: i === 2 ? 1 : i })), over: { lastOffsetDelta: 3 } }),
  ],
  [
    'offset deltas going backwards',
    () => ({ records: four().map((r, i) => ({ ...r, offsetDelta: [0, 2, 1, 3][i]! })), over: { lastOffsetDelta: 3 } }),
  ],
  [
    'an offset delta above lastOffsetDelta',
    () => ({ records: four().map((r, i) => ({ ...r, offsetDelta: i === 3 ? 5 : i })), over: { lastOffsetDelta: 3 } }),
  ],
  ['a negative offset delta', () => ({ records: four().map((r, i) => ({ ...r, offsetDelta: i - 1 })), over: { lastOffsetDelta: 3 } })],
  ['more records than recordsCount', () => ({ records: four(), over: { recordsCount: 3 } })],
  ['fewer records than recordsCount', () => ({ records: four(), over: { recordsCount: 5, lastOffsetDelta: 4 } })],
  ['a timestamp above maxTimestamp (CreateTime)', () => ({ records: four(), over: { maxTimestamp: T0 + 2 } })],
  ['a null header key', () => ({ records: four().map((r, i) => (i === 1 ? { ...r, headers: [{ key: null, value: null }] } : r)) })],
]

describe('a batch whose records disagree with its header', () => {
  describe.each(CODECS)('%s', (codec) => {
    it.each(BAD)('%s: KLOG_CORRUPT_SEGMENT with file and position from decodeBatch, Corrupt from validateBatch', async (_, make) => {
      const { records, over } = make()
      const b = await batchOf(codec, records, over)
      expect(checkBatchHeader(b, 0, b.length).check).toBe(BatchCheck.Valid)
      // checkBatch walks the records of an uncompressed batch; a compressed one is walked when decoded.
      expect(checkBatch(b, 0, b.length)).toBe(codec === 'none' ? BatchCheck.Corrupt : BatchCheck.Valid)
      const err = decodeError(b, { file: '/logs/00000000000000000000.log', position: 4242 })
      expect(err.code).toBe('KLOG_CORRUPT_SEGMENT')
      expect(err.file).toBe('/logs/00000000000000000000.log')
      expect(err.position).toBe(4242)
      expect(decodeError(b).code).toBe('KLOG_CORRUPT_SEGMENT')
      const v = validateBatch(b, 0)
      expect(v.check).toBe(BatchCheck.Corrupt)
      expect(v.check !== BatchCheck.Valid && v.code).toBe('KLOG_CORRUPT_SEGMENT')
    })

    it('trailing bytes after the last record', async () => {
      const section = Buffer.concat([recordsSection(four()), Buffer.from([0])])
      const b = craftBatch({
        payload: await compress(codec, section),
        codec: CODEC_IDS[codec],
        recordsCount: 4,
        lastOffsetDelta: 3,
        maxTimestamp: T0 + 3,
      })
      expect(decodeError(b).code).toBe('KLOG_CORRUPT_SEGMENT')
      expect(validateBatch(b, 0).check).toBe(BatchCheck.Corrupt)
    })
  })
})

describe('batches Kafka writes are accepted', () => {
  it.each(CODECS)('%s: compaction gaps (offset deltas 0, 3, 7 of lastOffsetDelta 9) decode with their offsets', async (codec) => {
    const records = [0, 3, 7].map((d) => ({ offsetDelta: d, timestampDelta: d, key: Buffer.from(`k${d}`), value: Buffer.from(`v${d}`) }))
    const b = await batchOf(codec, records, { baseOffset: 100, lastOffsetDelta: 9 })
    expect(checkBatch(b, 0, b.length)).toBe(BatchCheck.Valid)
    const out: LogRecord[] = []
    expect(decodeBatch(b, 0, 0, out, Infinity)).toBe(3)
    expect(out.map((r) => [r.offset, r.timestamp, r.value!.toString()])).toEqual([
      [100, T0, 'v0'],
      [103, T0 + 3, 'v3'],
      [107, T0 + 7, 'v7'],
    ])
    expect(validateBatch(b, 0)).toMatchObject({ check: BatchCheck.Valid, records: 3, minTimestamp: T0, maxTimestamp: T0 + 7 })
  })

  it('a delete horizon in the base timestamp (bit 0x40) with negative deltas', () => {
    const horizon = T0 + 86_400_000
    const records = [5, 1, 9].map((t, i) => ({ offsetDelta: i, timestampDelta: T0 + t - horizon, key: Buffer.from('k'), value: null }))
    const b = plainBatch(records, { baseTimestamp: horizon, maxTimestamp: T0 + 9, attributeFlags: 0x40 })
    const out: LogRecord[] = []
    decodeBatch(b, 0, 0, out, Infinity)
    expect(out.map((r) => r.timestamp)).toEqual([T0 + 5, T0 + 1, T0 + 9])
  })

  it('LogAppendTime: the records’ own timestamps are not used, whatever they say', () => {
    const b = plainBatch(
      denseRecords(3).map((r) => ({ ...r, timestampDelta: 10 ** 9 })),
      { maxTimestamp: T0, attributeFlags: 0x08 },
    )
    const out: LogRecord[] = []
    decodeBatch(b, 0, 0, out, Infinity)
    expect(out.map((r) => r.timestamp)).toEqual([T0, T0, T0])
    expect(validateBatch(b, 0).check).toBe(BatchCheck.Valid)
  })

  it('an empty batch (recordsCount 0, as the cleaner leaves one) and a control batch yield nothing, yet are walked', () => {
    const empty = craftBatch({ payload: Buffer.alloc(0), recordsCount: 0, lastOffsetDelta: 4 })
    expect(checkBatch(empty, 0, empty.length)).toBe(BatchCheck.Valid)
    expect(decodeBatch(empty, 0, 0, [], Infinity)).toBe(0)
    const control = plainBatch(denseRecords(1), { attributeFlags: 0x20 })
    expect(decodeBatch(control, 0, 0, [], Infinity)).toBe(0)
    const badControl = plainBatch(denseRecords(2), { attributeFlags: 0x20, recordsCount: 1, lastOffsetDelta: 1 })
    expect(decodeError(badControl).code).toBe('KLOG_CORRUPT_SEGMENT')
  })

  it('a record count the header cannot hold is caught before any record is read', () => {
    const b = plainBatch(denseRecords(2), { recordsCount: 3, lastOffsetDelta: 1 })
    expect(checkBatchHeader(b, 0, b.length)).toMatchObject({ check: BatchCheck.Corrupt })
    expect(decodeError(b).code).toBe('KLOG_CORRUPT_SEGMENT')
    const crowded = plainBatch(denseRecords(2), { recordsCount: 1000, lastOffsetDelta: 999 })
    expect(checkBatchHeader(crowded, 0, crowded.length)).toMatchObject({ check: BatchCheck.Corrupt })
  })
})

describe('decodeBatch: every record is walked, whatever is handed out', () => {
  it('a record the header disagrees with after the one asked for fails the decode', () => {
    const records = denseRecords(4).map((r, i) => ({ ...r, offsetDelta: i === 3 ? 2 : i }))
    const b = plainBatch(records, { lastOffsetDelta: 3 })
    expect(() => decodeBatch(b, 0, 0, [], 1)).toThrow(LogError)
  })
})

describe("validateBatch({ origin: 'client' }): Kafka's LogValidator rules for produced batches", () => {
  it('accepts a dense batch and reports its timestamp range', async () => {
    for (const codec of CODECS) {
      const b = await batchOf(codec, denseRecords(5))
      expect(validateBatch(b, 0, { origin: 'client' })).toEqual({
        check: BatchCheck.Valid,
        size: b.length,
        records: 5,
        minTimestamp: T0,
        maxTimestamp: T0 + 4,
        keyless: 0,
      })
    }
  })

  it.each([
    [
      'a gap in the offset deltas',
      plainBatch(
        [0, 1, 3].map((d) => ({ offsetDelta: d })),
        { lastOffsetDelta: 3 },
      ),
    ],
    ['lastOffsetDelta beyond the records', plainBatch(denseRecords(3), { lastOffsetDelta: 5 })],
    ['no record', craftBatch({ payload: Buffer.alloc(0), recordsCount: 0, lastOffsetDelta: 0 })],
    ['a control batch', plainBatch(denseRecords(1), { attributeFlags: 0x20 })],
    ['LogAppendTime', plainBatch(denseRecords(1), { attributeFlags: 0x08 })],
    ['a producer id without a base sequence', plainBatch(denseRecords(1), { producerId: 7 })],
  ])('rejects %s', (_, b) => {
    expect(validateBatch(b, 0).check).toBe(BatchCheck.Valid) // each is a batch a log may hold
    expect(validateBatch(b, 0, { origin: 'client' })).toMatchObject({ check: BatchCheck.Corrupt, code: 'KLOG_CORRUPT_SEGMENT' })
  })

  it('requireKeys: a keyless record fails (a compacted topic)', () => {
    const b = plainBatch(denseRecords(3).map((r, i) => (i === 1 ? { ...r, key: null } : r)))
    expect(validateBatch(b, 0, { origin: 'client' }).check).toBe(BatchCheck.Valid)
    expect(validateBatch(b, 0, { origin: 'client', requireKeys: true }).check).toBe(BatchCheck.Corrupt)
  })

  it('an unknown codec id is KLOG_UNSUPPORTED_CODEC, a torn batch Incomplete', () => {
    const b = craftBatch({ payload: Buffer.from([1, 2, 3]), codec: 6, recordsCount: 1, lastOffsetDelta: 0 })
    expect(validateBatch(b, 0)).toMatchObject({ check: BatchCheck.Corrupt, code: 'KLOG_UNSUPPORTED_CODEC' })
    const whole = plainBatch(denseRecords(2))
    expect(validateBatch(whole.subarray(0, whole.length - 1), 0).check).toBe(BatchCheck.Incomplete)
  })
})

describe('property: whatever a valid-CRC batch says, a decode never hands out a record its header disagrees with', () => {
  it('random byte edits of encoded batches (CRC fixed after): decodes are in order, in range and complete, or throw KLOG_CORRUPT_SEGMENT', () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)
    console.log(`property seed ${seed} (replay: FC_SEED=${seed})`)
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            key: fc.option(fc.uint8Array({ maxLength: 6 })),
            value: fc.uint8Array({ maxLength: 8 }),
            dt: fc.integer({ min: -50, max: 50 }),
          }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }),
        (recs, edits) => {
          const prepared = prepareRecords(
            recs.map((r) => ({ key: r.key, value: r.value, timestamp: T0 + r.dt })),
            T0,
          )
          const b = Buffer.alloc(encodedBatchSize(prepared, 0, prepared.length))
          encodeBatch(b, 0, prepared, 0, prepared.length, 50)
          for (const [at, v] of edits) b[61 + (at % (b.length - 61))] = v // records section only
          b.writeUInt32BE(crc32(b), 17)
          const out: LogRecord[] = []
          let n: number
          try {
            n = decodeBatch(b, 0, 0, out, Infinity)
          } catch (err) {
            expect((err as LogError).code).toBe('KLOG_CORRUPT_SEGMENT')
            expect(out).toEqual([])
            expect(validateBatch(b, 0).check).toBe(BatchCheck.Corrupt)
            return
          }
          expect(n).toBe(b.readInt32BE(57))
          const last = 50 + b.readInt32BE(23)
          const max = Number(b.readBigInt64BE(35))
          out.forEach((r, i) => {
            expect(r.offset).toBeGreaterThanOrEqual(50)
            expect(r.offset).toBeLessThanOrEqual(last)
            if (i > 0) expect(r.offset).toBeGreaterThan(out[i - 1]!.offset)
            expect(r.timestamp).toBeLessThanOrEqual(max)
          })
          expect(validateBatch(b, 0).check).toBe(BatchCheck.Valid)
        },
      ),
      { seed, numRuns: 2000 },
    )
  })
})

function crc32(b: Buffer): number {
  return crc32c(b.subarray(21))
}
