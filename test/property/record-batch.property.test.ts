/**
 * Property tests for RecordBatch v2 encode / check / decode. fast-check prints the seed and the
 * shrunk counterexample on failure; replay with `fc.assert(..., { seed, path })`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { crc32c } from '../../src/format/crc32c.js'
import {
  MAX_TIMESTAMP,
  prepareRecords,
  type HeaderInput,
  type LogRecord,
  type PreparedRecord,
  type RecordInput,
} from '../../src/format/record.js'
import {
  BatchCheck,
  batchLastOffset,
  batchSize,
  checkBatch,
  decodeBatch,
  encodeBatch,
  encodedBatchSize,
  readBatchHeader,
  stampBaseOffset,
} from '../../src/format/record-batch.js'

const MAX_BASE_OFFSET = 2 ** 40

/** Bytes as the caller may give them: Buffer, plain Uint8Array or string, possibly empty. */
const bytesInput = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((u) => Buffer.from(u)),
  fc.uint8Array({ maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 16 }),
  fc.uint8Array({ minLength: 128, maxLength: 600 }), // lengths needing 2-byte varints
)
const nullableBytes = fc.option(bytesInput, { nil: null, freq: 4 })

/** A small key pool makes repeated header keys common; any well-formed string is allowed too. */
const headerKey = fc.oneof(fc.constantFrom('trace', 'a', '', 'ключ'), fc.string({ unit: 'grapheme', maxLength: 8 }))
const header: fc.Arbitrary<HeaderInput> = fc.record({ key: headerKey, value: nullableBytes })

/**
 * Timestamps: realistic wall clock, the full range whose deltas varlong encodes exactly
 * ([0, MAX_TIMESTAMP = 2^51 - 1]), and small values so that
 * deltas are tiny and often negative within a batch.
 */
const timestamp = fc.oneof(
  fc.integer({ min: 1_600_000_000_000, max: 1_800_000_000_000 }),
  fc.integer({ min: 0, max: MAX_TIMESTAMP }),
  fc.integer({ min: 0, max: 200 }),
)

const recordInput: fc.Arbitrary<RecordInput> = fc.record(
  {
    value: nullableBytes,
    key: nullableBytes,
    headers: fc.array(header, { maxLength: 5 }),
    timestamp,
  },
  { requiredKeys: ['value'] },
)

const recordInputs = fc.array(recordInput, { minLength: 1, maxLength: 25 })
const NOW = 1_700_000_000_000

interface View {
  offset: number
  timestamp: number
  key: string | null
  value: string | null
  headers: [string, string | null][]
}
const hexOrNull = (b: Uint8Array | null): string | null => (b === null ? null : Buffer.from(b).toString('hex'))

function view(records: readonly LogRecord[]): View[] {
  return records.map((r) => ({
    offset: r.offset,
    timestamp: r.timestamp,
    key: hexOrNull(r.key),
    value: hexOrNull(r.value),
    headers: r.headers.map((h): [string, string | null] => [h.key, hexOrNull(h.value)]),
  }))
}

/** The model: what the caller appended, in caller terms (strings as UTF-8, default timestamp `now`). */
function model(inputs: readonly RecordInput[], baseOffset: number, now: number): View[] {
  const asBytes = (v: Buffer | Uint8Array | string | null | undefined): string | null =>
    v === null || v === undefined ? null : typeof v === 'string' ? Buffer.from(v, 'utf8').toString('hex') : hexOrNull(v)
  return inputs.map((r, i) => ({
    offset: baseOffset + i,
    timestamp: r.timestamp ?? now,
    key: asBytes(r.key),
    value: asBytes(r.value),
    headers: (r.headers ?? []).map((h): [string, string | null] => [h.key, asBytes(h.value)]),
  }))
}

function encode(records: readonly PreparedRecord[], baseOffset: number): Buffer {
  const size = encodedBatchSize(records, 0, records.length)
  const buf = Buffer.alloc(size)
  expect(encodeBatch(buf, 0, records, 0, records.length, baseOffset)).toBe(size)
  return buf
}

function decodeAll(buf: Buffer, pos = 0, fromOffset = 0, limit = Number.POSITIVE_INFINITY): LogRecord[] {
  const out: LogRecord[] = []
  expect(decodeBatch(buf, pos, fromOffset, out, limit)).toBe(out.length)
  return out
}

describe('RecordBatch properties', () => {
  it('encode -> check -> decode round-trips keys, values, headers, timestamps and offsets', () => {
    fc.assert(
      fc.property(recordInputs, fc.integer({ min: 0, max: MAX_BASE_OFFSET }), (inputs, baseOffset) => {
        const records = prepareRecords(inputs, NOW)
        const buf = encode(records, baseOffset)
        expect(checkBatch(buf, 0, buf.length)).toBe(BatchCheck.Valid)
        expect(view(decodeAll(buf))).toEqual(model(inputs, baseOffset, NOW))
      }),
    )
  })

  it('encodedBatchSize equals the bytes encodeBatch writes, for any sub-range, at any position', () => {
    fc.assert(
      fc.property(
        recordInputs.chain((inputs) =>
          fc
            .tuple(fc.constant(inputs), fc.nat(inputs.length - 1))
            .chain(([inputs, start]) =>
              fc.tuple(fc.constant(inputs), fc.constant(start), fc.integer({ min: start + 1, max: inputs.length })),
            ),
        ),
        fc.nat(32),
        ([inputs, start, end], pos) => {
          const records = prepareRecords(inputs, NOW)
          const size = encodedBatchSize(records, start, end)
          const buf = Buffer.alloc(pos + size + 8, 0xaa)
          expect(encodeBatch(buf, pos, records, start, end, 7)).toBe(size)
          expect(batchSize(buf, pos)).toBe(size)
          expect(buf.subarray(0, pos).every((b) => b === 0xaa)).toBe(true)
          expect(buf.subarray(pos + size).every((b) => b === 0xaa)).toBe(true)
          const header = readBatchHeader(buf, pos)
          expect(header).toEqual({
            baseOffset: 7,
            size,
            lastOffset: 7 + end - start - 1,
            maxTimestamp: Math.max(...records.slice(start, end).map((r) => r.timestamp)),
            recordsCount: end - start,
          })
          expect(view(decodeAll(buf, pos))).toEqual(model(inputs.slice(start, end), 7, NOW))
        },
      ),
    )
  })

  it('a batch list split anywhere decodes, batch by batch, to the appended records', () => {
    fc.assert(
      fc.property(recordInputs, fc.array(fc.nat(), { maxLength: 6 }), (inputs, cutSeeds) => {
        const records = prepareRecords(inputs, NOW)
        const cuts = [...new Set(cutSeeds.map((c) => 1 + (c % records.length)))].filter((c) => c < records.length).sort((a, b) => a - b)
        const bounds = [0, ...cuts, records.length]
        const parts: Buffer[] = []
        for (let i = 0; i + 1 < bounds.length; i++) {
          const size = encodedBatchSize(records, bounds[i]!, bounds[i + 1]!)
          const b = Buffer.alloc(size)
          encodeBatch(b, 0, records, bounds[i]!, bounds[i + 1]!, bounds[i]!)
          parts.push(b)
        }
        const segment = Buffer.concat(parts)
        const out: LogRecord[] = []
        let pos = 0
        let batches = 0
        while (pos < segment.length) {
          expect(checkBatch(segment, pos, segment.length)).toBe(BatchCheck.Valid)
          decodeBatch(segment, pos, 0, out, Number.POSITIVE_INFINITY)
          expect(batchLastOffset(segment, pos) + 1).toBe(out.length)
          pos += batchSize(segment, pos)
          batches++
        }
        expect(pos).toBe(segment.length)
        expect(batches).toBe(bounds.length - 1)
        expect(view(out)).toEqual(model(inputs, 0, NOW))
      }),
    )
  })

  it('decodeBatch(fromOffset, limit) equals the model sliced to offsets >= fromOffset, first `limit`', () => {
    fc.assert(
      fc.property(
        recordInputs,
        fc.integer({ min: 0, max: MAX_BASE_OFFSET }),
        fc.integer({ min: -3, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        (inputs, baseOffset, fromDelta, limit) => {
          const buf = encode(prepareRecords(inputs, NOW), baseOffset)
          const fromOffset = Math.max(0, baseOffset + fromDelta)
          const expected = model(inputs, baseOffset, NOW)
            .filter((r) => r.offset >= fromOffset)
            .slice(0, limit)
          expect(view(decodeAll(buf, 0, fromOffset, limit))).toEqual(expected)
        },
      ),
    )
  })

  it('stampBaseOffset moves every offset, keeps the CRC, and equals encoding at that offset', () => {
    fc.assert(
      fc.property(
        recordInputs,
        fc.integer({ min: 0, max: MAX_BASE_OFFSET }),
        fc.integer({ min: 0, max: MAX_BASE_OFFSET }),
        (inputs, first, second) => {
          const records = prepareRecords(inputs, NOW)
          const buf = encode(records, first)
          stampBaseOffset(buf, 0, second)
          expect(checkBatch(buf, 0, buf.length)).toBe(BatchCheck.Valid)
          expect(buf).toEqual(encode(records, second))
          expect(view(decodeAll(buf))).toEqual(model(inputs, second, NOW))
        },
      ),
    )
  })

  it('every proper prefix is Incomplete', () => {
    fc.assert(
      fc.property(recordInputs, fc.integer({ min: 0, max: MAX_BASE_OFFSET }), fc.nat(), (inputs, baseOffset, cutSeed) => {
        const buf = encode(prepareRecords(inputs, NOW), baseOffset)
        const end = cutSeed % buf.length
        expect(checkBatch(Buffer.from(buf.subarray(0, end)), 0, end)).toBe(BatchCheck.Incomplete)
      }),
    )
  })

  it('changing any one byte in [16, size) makes the batch Corrupt; bytes [12, 16) are outside the CRC', () => {
    fc.assert(
      fc.property(recordInputs, fc.nat(), fc.integer({ min: 1, max: 255 }), (inputs, posSeed, mask) => {
        const buf = encode(prepareRecords(inputs, NOW), 0)
        const i = 16 + (posSeed % (buf.length - 16))
        const corrupted = Buffer.from(buf)
        corrupted[i]! ^= mask
        expect(checkBatch(corrupted, 0, corrupted.length)).toBe(BatchCheck.Corrupt)
        const epoch = Buffer.from(buf)
        epoch[12 + (posSeed % 4)]! ^= mask
        expect(crc32c(epoch.subarray(21))).toBe(epoch.readUInt32BE(17))
        expect(checkBatch(epoch, 0, epoch.length)).toBe(BatchCheck.Valid)
      }),
    )
  })
})
