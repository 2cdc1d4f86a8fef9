import { readFileSync } from 'node:fs'

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { crc32c } from '../../../src/format/crc32c.js'
import { LogError } from '../../../src/base/errors.js'
import { MAX_TIMESTAMP, prepareRecords, type LogRecord, type PreparedRecord, type RecordInput } from '../../../src/format/record.js'
import {
  BATCH_HEADER_SIZE,
  BatchCheck,
  HEADER_SIZE_UP_TO_MAGIC,
  LOG_OVERHEAD,
  MAGIC,
  batchBaseOffset,
  batchLastOffset,
  batchSize,
  checkBatch,
  decodeBatch,
  encodeBatch,
  encodedBatchSize,
  readBatchHeader,
  readInt64,
  stampBaseOffset,
  writeInt64,
} from '../../../src/format/record-batch.js'
import { checkBatchHeader, int32BE, uint32BE } from '../../../src/format/batch-header.js'

const T0 = 1_700_000_000_000

function encode(records: readonly PreparedRecord[], baseOffset: number): Buffer {
  const size = encodedBatchSize(records, 0, records.length)
  const buf = Buffer.alloc(size)
  expect(encodeBatch(buf, 0, records, 0, records.length, baseOffset)).toBe(size)
  return buf
}

function encodeInputs(input: readonly RecordInput[], baseOffset: number, now = T0): Buffer {
  return encode(prepareRecords(input, now), baseOffset)
}

function decodeAll(buf: Buffer, pos = 0, fromOffset = 0, limit = Number.POSITIVE_INFINITY): LogRecord[] {
  const out: LogRecord[] = []
  expect(decodeBatch(buf, pos, fromOffset, out, limit)).toBe(out.length)
  return out
}

interface View {
  offset: number
  timestamp: number
  key: string | null
  value: string | null
  headers: { key: string; value: string | null }[]
}

const hexOrNull = (b: Uint8Array | null): string | null => (b === null ? null : Buffer.from(b).toString('hex'))

function view(records: readonly LogRecord[]): View[] {
  return records.map((r) => ({
    offset: r.offset,
    timestamp: r.timestamp,
    key: hexOrNull(r.key),
    value: hexOrNull(r.value),
    headers: r.headers.map((h) => ({ key: h.key, value: hexOrNull(h.value) })),
  }))
}

/** What decoding should give back for `records` written at `baseOffset`. */
function expectedView(records: readonly PreparedRecord[], baseOffset: number): View[] {
  return records.map((r, i) => {
    const headers: View['headers'] = []
    for (let j = 0; j < r.headers.length; j += 2) {
      headers.push({ key: Buffer.from(r.headers[j]!).toString('utf8'), value: hexOrNull(r.headers[j + 1]!) })
    }
    return { offset: baseOffset + i, timestamp: r.timestamp, key: hexOrNull(r.key), value: hexOrNull(r.value), headers }
  })
}

/** Recomputes the CRC after a test edits bytes the CRC covers. */
function fixCrc(buf: Buffer, pos = 0): void {
  buf.writeUInt32BE(crc32c(buf.subarray(pos + 21, pos + batchSize(buf, pos))), pos + 17)
}

function crcMatches(buf: Buffer, pos = 0): boolean {
  return crc32c(buf.subarray(pos + 21, pos + batchSize(buf, pos))) === buf.readUInt32BE(pos + 17)
}

/** Three records: a null key with a repeated header key, a tombstone, a decreasing timestamp and a null header value. */
const THREE_RECORDS: RecordInput[] = [
  {
    key: null,
    value: 'hello',
    headers: [
      { key: 'trace', value: 'a' },
      { key: 'trace', value: 'b' },
    ],
    timestamp: 1_700_000_000_000,
  },
  { key: 'k2', value: null, timestamp: 1_700_000_000_005 },
  { key: 'k3', value: Buffer.from([0x00, 0xff]), headers: [{ key: 'h', value: null }], timestamp: 1_699_999_999_990 },
]

const ONE_RECORD: RecordInput[] = [{ key: 'key', value: 'value', timestamp: 1_700_000_000_000 }]

/** Two batches back to back, as a segment file holds them: offsets 0-1 and 2. */
const SEGMENT_BATCHES: { baseOffset: number; records: RecordInput[] }[] = [
  {
    baseOffset: 0,
    records: [
      { key: 'a', value: 'first', timestamp: 1_600_000_000_000 },
      { key: 'b', value: 'second', headers: [{ key: 'content-type', value: 'text/plain' }], timestamp: 1_600_000_000_001 },
    ],
  },
  {
    baseOffset: 2,
    records: [{ key: '', value: Buffer.alloc(0), headers: [{ key: 'ключ', value: 'значение' }], timestamp: 1_600_000_060_000 }],
  },
]

function fixture(name: string): Buffer {
  return readFileSync(new URL(`../../fixtures/${name}`, import.meta.url))
}

describe('int64 helpers', () => {
  it('writeInt64/readInt64 agree with BigInt big-endian int64 for every safe integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (v) => {
        const buf = Buffer.alloc(8)
        writeInt64(buf, 0, v)
        expect(buf.readBigInt64BE(0)).toBe(BigInt(v))
        expect(readInt64(buf, 0)).toBe(v)
      }),
    )
    const buf = Buffer.alloc(8)
    writeInt64(buf, 0, -1)
    expect(buf.toString('hex')).toBe('ffffffffffffffff')
  })

  it("int32BE/uint32BE/readInt64 read what Buffer's own methods read, and refuse bytes outside the buffer", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 24 }), fc.integer({ min: -4, max: 28 }), (bytes, pos) => {
        const buf = Buffer.from(bytes)
        const inside4 = pos >= 0 && pos + 4 <= buf.length
        const inside8 = pos >= 0 && pos + 8 <= buf.length
        if (inside4) {
          expect(int32BE(buf, pos)).toBe(buf.readInt32BE(pos))
          expect(uint32BE(buf, pos)).toBe(buf.readUInt32BE(pos))
        } else {
          expect(() => int32BE(buf, pos)).toThrow(RangeError)
          expect(() => uint32BE(buf, pos)).toThrow(RangeError)
        }
        if (inside8) expect(readInt64(buf, pos)).toBe(buf.readInt32BE(pos) * 2 ** 32 + buf.readUInt32BE(pos + 4))
        else expect(() => readInt64(buf, pos)).toThrow(RangeError)
      }),
    )
  })
})

describe('encodeBatch: header fields', () => {
  const records = prepareRecords(THREE_RECORDS, 0)
  const buf = encode(records, 1234)

  it('writes every header field byte-exact', () => {
    expect(buf.length).toBe(encodedBatchSize(records, 0, 3))
    expect(buf.readBigInt64BE(0)).toBe(1234n) // baseOffset
    expect(buf.readInt32BE(8)).toBe(buf.length - LOG_OVERHEAD) // batchLength
    expect(buf.readInt32BE(12)).toBe(-1) // partitionLeaderEpoch
    expect(buf.readInt8(16)).toBe(2) // magic
    expect(buf.readUInt32BE(17)).toBe(crc32c(buf.subarray(21))) // crc over [21, end)
    expect(buf.readInt16BE(21)).toBe(0) // attributes
    expect(buf.readInt32BE(23)).toBe(2) // lastOffsetDelta = count - 1
    expect(buf.readBigInt64BE(27)).toBe(1_700_000_000_000n) // baseTimestamp = first record's
    expect(buf.readBigInt64BE(35)).toBe(1_700_000_000_005n) // maxTimestamp = max, not last
    expect(buf.readBigInt64BE(43)).toBe(-1n) // producerId
    expect(buf.readInt16BE(51)).toBe(-1) // producerEpoch
    expect(buf.readInt32BE(53)).toBe(-1) // baseSequence
    expect(buf.readInt32BE(57)).toBe(3) // recordsCount
    expect(buf.subarray(12, 16).toString('hex')).toBe('ffffffff')
    expect(buf.subarray(43, 57).toString('hex')).toBe('ffffffffffffffffffffffffffff')
  })

  it('writes the records Kafka-style, byte by byte', () => {
    const hex = (...parts: string[]): string => parts.join('')
    const ascii = (s: string): string => Buffer.from(s, 'ascii').toString('hex')
    expect(buf.subarray(61).toString('hex')).toBe(
      hex(
        // Record 0: length 27 (36), attributes 0, tsDelta 0, offsetDelta 0, key null (01),
        // value "hello" (0a = 5), 2 headers (04): "trace" = "a", "trace" = "b".
        '36',
        '00',
        '00',
        '00',
        '01',
        '0a',
        ascii('hello'),
        '04',
        '0a',
        ascii('trace'),
        '02',
        ascii('a'),
        '0a',
        ascii('trace'),
        '02',
        ascii('b'),
        // Record 1: length 8 (10), tsDelta +5 (0a), offsetDelta 1 (02), key "k2", value null, 0 headers.
        '10',
        '00',
        '0a',
        '02',
        '04',
        ascii('k2'),
        '01',
        '00',
        // Record 2: length 13 (1a), tsDelta -10 (13), offsetDelta 2 (04), key "k3", value 00 ff,
        // 1 header (02): "h" = null (01).
        '1a',
        '00',
        '13',
        '04',
        '04',
        ascii('k3'),
        '04',
        '00ff',
        '02',
        '02',
        ascii('h'),
        '01',
      ),
    )
    expect(buf.length).toBe(61 + 28 + 9 + 14)
  })

  it('lastOffsetDelta and maxTimestamp follow count and the largest timestamp', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 45 }), { minLength: 1, maxLength: 40 }), (timestamps) => {
        const rs = prepareRecords(
          timestamps.map((timestamp) => ({ value: null, timestamp })),
          0,
        )
        const b = encode(rs, 0)
        expect(b.readInt32BE(23)).toBe(timestamps.length - 1)
        expect(b.readInt32BE(57)).toBe(timestamps.length)
        expect(readInt64(b, 27)).toBe(timestamps[0])
        expect(readInt64(b, 35)).toBe(Math.max(...timestamps))
      }),
    )
  })

  it('writes only [pos, pos + size) of a larger buffer, and encodes a sub-range of the records', () => {
    const all = prepareRecords([{ value: 'x' }, ...THREE_RECORDS, { value: 'y' }], T0)
    const size = encodedBatchSize(all, 1, 4)
    expect(size).toBe(buf.length)
    const big = Buffer.alloc(size + 20, 0xaa)
    expect(encodeBatch(big, 7, all, 1, 4, 1234)).toBe(size)
    expect(big.subarray(0, 7).every((b) => b === 0xaa)).toBe(true)
    expect(big.subarray(7 + size).every((b) => b === 0xaa)).toBe(true)
    expect(big.subarray(7, 7 + size)).toEqual(buf)
    expect(checkBatch(big, 7, big.length)).toBe(BatchCheck.Valid)
  })
})

describe('encodeBatch without a checksum (a batch about to be compressed)', () => {
  it('writes the same bytes as with one, except a CRC field of 0', () => {
    const records = prepareRecords([...THREE_RECORDS, { key: 'k4', value: Buffer.alloc(300, 7) }], T0)
    const size = encodedBatchSize(records, 0, records.length)
    const checked = encode(records, 55)
    const unchecked = Buffer.alloc(size, 0xaa)
    expect(encodeBatch(unchecked, 0, records, 0, records.length, 55, false)).toBe(size)
    expect(unchecked.readUInt32BE(17)).toBe(0)
    expect(unchecked.subarray(0, 17)).toEqual(checked.subarray(0, 17))
    expect(unchecked.subarray(21)).toEqual(checked.subarray(21))
    expect(checked.readUInt32BE(17)).toBe(crc32c(checked.subarray(21)))
    expect(checkBatch(unchecked, 0, size)).toBe(BatchCheck.Corrupt)
  })
})

describe('batch header readers', () => {
  it('read baseOffset, size, lastOffset, maxTimestamp and count without decoding records', () => {
    const buf = Buffer.concat([Buffer.alloc(5), encodeInputs(THREE_RECORDS, 2 ** 40)])
    expect(batchBaseOffset(buf, 5)).toBe(2 ** 40)
    expect(batchSize(buf, 5)).toBe(buf.length - 5)
    expect(batchLastOffset(buf, 5)).toBe(2 ** 40 + 2)
    expect(readBatchHeader(buf, 5)).toEqual({
      baseOffset: 2 ** 40,
      size: buf.length - 5,
      lastOffset: 2 ** 40 + 2,
      maxTimestamp: 1_700_000_000_005,
      recordsCount: 3,
    })
  })

  it('exports Kafka constants', () => {
    expect([BATCH_HEADER_SIZE, LOG_OVERHEAD, HEADER_SIZE_UP_TO_MAGIC, MAGIC]).toEqual([61, 12, 17, 2])
  })
})

describe('checkBatch', () => {
  const small = encodeInputs(THREE_RECORDS, 0)

  it('is Valid for an encoded batch, at any position, with trailing bytes', () => {
    expect(checkBatch(small, 0, small.length)).toBe(BatchCheck.Valid)
    const big = Buffer.concat([Buffer.alloc(3, 0xee), small, small, Buffer.alloc(9, 0xee)])
    expect(checkBatch(big, 3, big.length)).toBe(BatchCheck.Valid)
    expect(checkBatch(big, 3 + small.length, big.length)).toBe(BatchCheck.Valid)
  })

  it('is Incomplete for every proper prefix (cut at every length 0..size-1)', () => {
    for (let end = 0; end < small.length; end++) {
      const cut = Buffer.from(small.subarray(0, end))
      expect({ end, check: checkBatch(cut, 0, end) }).toEqual({ end, check: BatchCheck.Incomplete })
      // Same with the bytes present in the buffer but beyond `end`.
      expect({ end, check: checkBatch(small, 0, end) }).toEqual({ end, check: BatchCheck.Incomplete })
    }
  })

  it('is Corrupt after changing any single byte in [16, size), whatever the new value', () => {
    for (let i = 16; i < small.length; i++) {
      for (let mask = 1; mask < 256; mask++) {
        const b = Buffer.from(small)
        b[i]! ^= mask
        if (checkBatch(b, 0, b.length) !== BatchCheck.Corrupt) {
          expect({ byte: i, mask, check: checkBatch(b, 0, b.length) }).toEqual({ byte: i, mask, check: BatchCheck.Corrupt })
        }
      }
    }
  })

  it('is never Valid after changing a byte of batchLength [8, 12)', () => {
    for (let i = 8; i < 12; i++) {
      for (let mask = 1; mask < 256; mask++) {
        const b = Buffer.from(small)
        b[i]! ^= mask
        expect({ byte: i, mask, valid: checkBatch(b, 0, b.length) === BatchCheck.Valid }).toEqual({ byte: i, mask, valid: false })
      }
    }
  })

  it('by design, the CRC does not cover partitionLeaderEpoch [12, 16): any change stays Valid', () => {
    for (let i = 12; i < 16; i++) {
      for (let mask = 1; mask < 256; mask++) {
        const b = Buffer.from(small)
        b[i]! ^= mask
        expect(crcMatches(b)).toBe(true)
        expect(checkBatch(b, 0, b.length)).toBe(BatchCheck.Valid)
      }
    }
  })

  it('by design, the CRC does not cover baseOffset [0, 8): changes keep the CRC, only a negative offset is Corrupt', () => {
    for (let i = 0; i < 8; i++) {
      for (let mask = 1; mask < 256; mask++) {
        const b = Buffer.from(small)
        b[i]! ^= mask
        expect(crcMatches(b)).toBe(true)
        const baseOffset = b.readBigInt64BE(0)
        if (baseOffset < 0n) expect(checkBatch(b, 0, b.length)).toBe(BatchCheck.Corrupt)
        else if (baseOffset <= BigInt(Number.MAX_SAFE_INTEGER)) expect(checkBatch(b, 0, b.length)).toBe(BatchCheck.Valid)
      }
    }
  })

  it('is Corrupt for a declared size below 61, a magic other than 2, or negative offsets/counts with a valid CRC', () => {
    const tooShort = Buffer.from(small)
    tooShort.writeInt32BE(BATCH_HEADER_SIZE - LOG_OVERHEAD - 1, 8)
    expect(checkBatch(tooShort, 0, tooShort.length)).toBe(BatchCheck.Corrupt)
    const negativeLength = Buffer.from(small)
    negativeLength.writeInt32BE(-1, 8)
    expect(checkBatch(negativeLength, 0, negativeLength.length)).toBe(BatchCheck.Corrupt)
    for (const magic of [0, 1, 3, 0xff]) {
      const b = Buffer.from(small)
      b[16] = magic
      expect(checkBatch(b, 0, b.length)).toBe(BatchCheck.Corrupt)
    }
    const negativeDelta = Buffer.from(small)
    negativeDelta.writeInt32BE(-1, 23)
    fixCrc(negativeDelta)
    expect(checkBatch(negativeDelta, 0, negativeDelta.length)).toBe(BatchCheck.Corrupt)
    const negativeCount = Buffer.from(small)
    negativeCount.writeInt32BE(-1, 57)
    fixCrc(negativeCount)
    expect(checkBatch(negativeCount, 0, negativeCount.length)).toBe(BatchCheck.Corrupt)
    const negativeBase = Buffer.from(small)
    writeInt64(negativeBase, 0, -1)
    expect(checkBatch(negativeBase, 0, negativeBase.length)).toBe(BatchCheck.Corrupt)
  })

  it('walks a buffer of batches by batchSize, then reports the torn tail as Incomplete', () => {
    const a = encodeInputs(THREE_RECORDS, 0)
    const b = encodeInputs(ONE_RECORD, 3)
    const buf = Buffer.concat([a, b, a.subarray(0, 30)])
    const positions: number[] = []
    let pos = 0
    while (checkBatch(buf, pos, buf.length) === BatchCheck.Valid) {
      positions.push(pos)
      pos += batchSize(buf, pos)
    }
    expect(positions).toEqual([0, a.length])
    expect(pos).toBe(a.length + b.length)
    expect(checkBatch(buf, pos, buf.length)).toBe(BatchCheck.Incomplete)
  })
})

describe('stampBaseOffset', () => {
  it('changes offsets without invalidating the CRC or touching bytes [8, size)', () => {
    const records = prepareRecords(THREE_RECORDS, 0)
    const buf = encode(records, 0)
    const before = Buffer.from(buf)
    for (const offset of [1, 1000, 2 ** 32, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER - 2]) {
      stampBaseOffset(buf, 0, offset)
      expect(buf.readBigInt64BE(0)).toBe(BigInt(offset))
      expect(buf.subarray(8)).toEqual(before.subarray(8))
      expect(checkBatch(buf, 0, buf.length)).toBe(BatchCheck.Valid)
      expect(batchLastOffset(buf, 0)).toBe(offset + 2)
      expect(view(decodeAll(buf))).toEqual(expectedView(records, offset))
      // Same bytes as encoding at that offset directly.
      expect(buf).toEqual(encode(records, offset))
    }
  })

  it('stamps the batch at pos only', () => {
    const a = encodeInputs(ONE_RECORD, 0)
    const buf = Buffer.concat([a, a])
    stampBaseOffset(buf, a.length, 77)
    expect(batchBaseOffset(buf, 0)).toBe(0)
    expect(batchBaseOffset(buf, a.length)).toBe(77)
    expect(checkBatch(buf, a.length, buf.length)).toBe(BatchCheck.Valid)
  })
})

describe('decodeBatch', () => {
  const inputs: RecordInput[] = [0, 1, 2, 3, 4].map((i) => ({ key: `k${i}`, value: `v${i}`, timestamp: T0 + i }))
  const records = prepareRecords(inputs, 0)
  const buf = encode(records, 100)
  const all = expectedView(records, 100)

  it('decodes every record with offsets baseOffset + i', () => {
    expect(view(decodeAll(buf))).toEqual(all)
  })

  it('skips records below fromOffset', () => {
    expect(view(decodeAll(buf, 0, 0))).toEqual(all)
    expect(view(decodeAll(buf, 0, 100))).toEqual(all)
    expect(view(decodeAll(buf, 0, 102))).toEqual(all.slice(2))
    expect(view(decodeAll(buf, 0, 104))).toEqual(all.slice(4))
    expect(decodeAll(buf, 0, 105)).toEqual([])
  })

  it('caps the count at limit and appends to `out`', () => {
    expect(view(decodeAll(buf, 0, 0, 2))).toEqual(all.slice(0, 2))
    expect(view(decodeAll(buf, 0, 103, 1))).toEqual(all.slice(3, 4))
    expect(decodeAll(buf, 0, 0, 0)).toEqual([])
    const out: LogRecord[] = decodeAll(buf, 0, 104)
    expect(decodeBatch(buf, 0, 101, out, 2)).toBe(2)
    expect(out.map((r) => r.offset)).toEqual([104, 101, 102])
  })

  it('returns keys and values as views into the read buffer (zero-copy)', () => {
    const [r] = decodeAll(buf)
    expect(r!.key!.buffer).toBe(buf.buffer)
    expect(r!.value!.buffer).toBe(buf.buffer)
  })

  it('gives every record the batch maxTimestamp under LogAppendTime', () => {
    const b = encodeInputs(THREE_RECORDS, 0)
    b[22]! |= 0x08
    fixCrc(b)
    expect(checkBatch(b, 0, b.length)).toBe(BatchCheck.Valid)
    expect(decodeAll(b).map((r) => r.timestamp)).toEqual([1_700_000_000_005, 1_700_000_000_005, 1_700_000_000_005])
  })

  it('yields no records from a control batch', () => {
    const b = encodeInputs(THREE_RECORDS, 0)
    b[22]! |= 0x20
    fixCrc(b)
    const out: LogRecord[] = []
    expect(decodeBatch(b, 0, 0, out, 10)).toBe(0)
    expect(out).toEqual([])
  })

  it.each([1, 2, 3, 4])('throws KLOG_CORRUPT_SEGMENT for codec %d over a payload that is not compressed', (codec) => {
    const b = encodeInputs(THREE_RECORDS, 0)
    b[22]! |= codec
    fixCrc(b)
    expect(() => decodeAll(b)).toThrow(LogError)
    expect(codeOf(() => decodeAll(b))).toBe('KLOG_CORRUPT_SEGMENT')
  })

  it.each([5, 6, 7])('throws KLOG_UNSUPPORTED_CODEC for codec id %d, which Kafka does not define', (codec) => {
    const b = encodeInputs(THREE_RECORDS, 0)
    b[22]! |= codec
    fixCrc(b)
    expect(codeOf(() => decodeAll(b))).toBe('KLOG_UNSUPPORTED_CODEC')
  })

  describe('with a valid CRC but malformed records', () => {
    // ONE_RECORD: 61-byte header, then 0x1c (length 14), 00 attributes, 00 tsDelta, 00 offsetDelta,
    // 06 "key", 0a "value", 00 header count.
    const one = encodeInputs(ONE_RECORD, 0)
    const edit = (f: (b: Buffer) => void): Buffer => {
      const b = Buffer.from(one)
      f(b)
      fixCrc(b)
      // The CRC and header are right: only the record walk, which checkBatch runs on an
      // uncompressed batch, catches what follows.
      expect(checkBatchHeader(b, 0, b.length).check).toBe(BatchCheck.Valid)
      expect(checkBatch(b, 0, b.length)).toBe(BatchCheck.Corrupt)
      return b
    }

    it('layout assumed by these cases', () => {
      expect(one.subarray(61).toString('hex')).toBe(
        '1c000000' + '06' + Buffer.from('key').toString('hex') + '0a' + Buffer.from('value').toString('hex') + '00',
      )
    })

    it.each([
      ['record length larger than the batch', (b: Buffer) => (b[61] = 0x1e)],
      ['record length smaller than its fields', (b: Buffer) => (b[61] = 0x1a)],
      ['negative record length', (b: Buffer) => (b[61] = 0x01)],
      ['key length -2', (b: Buffer) => (b[65] = 0x03)],
      ['key length past the batch', (b: Buffer) => (b[65] = 0x7e)],
      ['negative header count', (b: Buffer) => (b[b.length - 1] = 0x01)],
      ['header count larger than the record', (b: Buffer) => (b[b.length - 1] = 0x02)],
    ])('throws KLOG_CORRUPT_SEGMENT for %s', (_, f) => {
      const b = edit(f)
      expect(codeOf(() => decodeAll(b))).toBe('KLOG_CORRUPT_SEGMENT')
    })

    // Regression (decodeBatch): VarintReader throws RangeError for a varint that runs
    // past the batch or is longer than 5 bytes, and decodeBatch lets it escape instead of turning it
    // into LogError KLOG_CORRUPT_SEGMENT as its @throws and varint.ts's doc promise. Corrupt data is a
    // runtime condition (house style), not a programmer mistake.
    it.each([
      ['header count varint running past the batch end', (b: Buffer) => (b[b.length - 1] = 0x80)],
      [
        'over-long (6-byte) offsetDelta varint',
        (b: Buffer) => {
          // attributes, tsDelta, then offsetDelta = 80 80 80 80 80 ... overwriting key/value bytes.
          b.fill(0x80, 64, 70)
        },
      ],
    ])('throws KLOG_CORRUPT_SEGMENT (not RangeError) for %s', (_, f) => {
      const b = edit(f)
      expect(codeOf(() => decodeAll(b))).toBe('KLOG_CORRUPT_SEGMENT')
    })
  })
})

function codeOf(f: () => unknown): string | undefined {
  try {
    f()
  } catch (err) {
    return err instanceof LogError ? err.code : `not a LogError: ${(err as Error).name}`
  }
  return 'did not throw'
}

describe('round trip (examples)', () => {
  it('keeps null vs empty keys and values, headers with repeated keys in order, decreasing timestamps', () => {
    const input: RecordInput[] = [
      { key: null, value: null, timestamp: 10 },
      { key: '', value: '', timestamp: 5 },
      { key: Buffer.from([0]), value: Buffer.alloc(1000, 1), timestamp: 0 },
      {
        value: 'v',
        headers: [
          { key: 'a', value: '1' },
          { key: 'b', value: null },
          { key: 'a', value: '' },
          { key: '', value: '2' },
        ],
        timestamp: 10_000,
      },
    ]
    const records = prepareRecords(input, 0)
    expect(view(decodeAll(encode(records, 2 ** 40)))).toEqual(expectedView(records, 2 ** 40))
  })

  it('round-trips timestamps spanning [0, 2^52] in both directions', () => {
    const records = prepareRecords(
      [
        { value: null, timestamp: MAX_TIMESTAMP },
        { value: null, timestamp: 0 },
        { value: null, timestamp: MAX_TIMESTAMP },
      ],
      0,
    )
    expect(view(decodeAll(encode(records, 0)))).toEqual(expectedView(records, 0))
  })

  // Regression: a timestamp delta below -2^52 used to come back with its sign flipped.
  it('round-trips timestamps MAX_TIMESTAMP then 0 in one batch (the most negative delta)', () => {
    const records = prepareRecords(
      [
        { value: null, timestamp: MAX_TIMESTAMP },
        { value: null, timestamp: 0 },
      ],
      0,
    )
    const buf = encode(records, 0)
    expect(checkBatch(buf, 0, buf.length)).toBe(BatchCheck.Valid)
    expect(decodeAll(buf).map((r) => r.timestamp)).toEqual([MAX_TIMESTAMP, 0])
  })
})

describe('golden fixtures (pin the on-disk format)', () => {
  it('batch-3-records-base0.bin: re-encoding gives the same bytes, and it decodes to the input', () => {
    const file = fixture('batch-3-records-base0.bin')
    const records = prepareRecords(THREE_RECORDS, 0)
    expect(encode(records, 0).toString('hex')).toBe(file.toString('hex'))
    expect(checkBatch(file, 0, file.length)).toBe(BatchCheck.Valid)
    expect(view(decodeAll(file))).toEqual(expectedView(records, 0))
    expect(file.length).toBe(112)
  })

  it('batch-1-record-base1000.bin: re-encoding gives the same bytes, and it decodes to the input', () => {
    const file = fixture('batch-1-record-base1000.bin')
    const records = prepareRecords(ONE_RECORD, 0)
    expect(encode(records, 1000).toString('hex')).toBe(file.toString('hex'))
    expect(checkBatch(file, 0, file.length)).toBe(BatchCheck.Valid)
    expect(view(decodeAll(file))).toEqual(expectedView(records, 1000))
    // The whole file, spelled out: a change to any byte of the format must be deliberate.
    expect(file.toString('hex')).toBe(
      '00000000000003e8' + // baseOffset 1000
        '00000040' + // batchLength 64 = 76 - 12
        'ffffffff' + // partitionLeaderEpoch -1
        '02' + // magic
        file.subarray(17, 21).toString('hex') + // crc, checked below
        '0000' + // attributes
        '00000000' + // lastOffsetDelta
        '0000018bcfe56800' + // baseTimestamp 1700000000000
        '0000018bcfe56800' + // maxTimestamp
        'ffffffffffffffff' + // producerId
        'ffff' + // producerEpoch
        'ffffffff' + // baseSequence
        '00000001' + // recordsCount
        '1c000000' +
        '06' +
        '6b6579' +
        '0a' +
        '76616c7565' +
        '00',
    )
    expect(file.readUInt32BE(17)).toBe(crc32c(file.subarray(21)))
  })

  it('segment-2-batches.bin: two batches back to back, re-encoded and decoded', () => {
    const file = fixture('segment-2-batches.bin')
    const encoded = Buffer.concat(SEGMENT_BATCHES.map((b) => encodeInputs(b.records, b.baseOffset)))
    expect(encoded.toString('hex')).toBe(file.toString('hex'))
    const decoded: LogRecord[] = []
    const positions: number[] = []
    let pos = 0
    while (pos < file.length) {
      expect(checkBatch(file, pos, file.length)).toBe(BatchCheck.Valid)
      positions.push(pos)
      decodeBatch(file, pos, 0, decoded, Number.POSITIVE_INFINITY)
      pos += batchSize(file, pos)
    }
    expect(pos).toBe(file.length)
    expect(positions.length).toBe(2)
    expect(view(decoded)).toEqual(SEGMENT_BATCHES.flatMap((b) => expectedView(prepareRecords(b.records, 0), b.baseOffset)))
  })
})
