import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { VarintReader, varintSize, varlongSize, writeVarint, writeVarlong } from '../../../src/format/varint.js'
import { kafkajsVarint, kafkajsVarlong } from '../../oracle/kafkajs.js'

const INT32_MIN = -(2 ** 31)
const INT32_MAX = 2 ** 31 - 1
/** Below this, -2v-1 (the zigzag of a negative v) is odd and above 2^53, so not a JS number. */
const MIN_EXACT_NEGATIVE_VARLONG = -(2 ** 52)

function encodeVarint(value: number): Buffer {
  const buf = Buffer.alloc(5)
  const end = writeVarint(buf, 0, value)
  return buf.subarray(0, end)
}

function encodeVarlong(value: number): Buffer {
  const buf = Buffer.alloc(10)
  const end = writeVarlong(buf, 0, value)
  return buf.subarray(0, end)
}

function hex(s: string): Buffer {
  return Buffer.from(s.replace(/\s+/g, ''), 'hex')
}

// Vectors from Kafka's ByteUtilsTest.testVarintSerde / testVarlongSerde.
const VARINT_VECTORS: [number, string][] = [
  [0, '00'],
  [-1, '01'],
  [1, '02'],
  [63, '7e'],
  [-64, '7f'],
  [64, '80 01'],
  [-65, '81 01'],
  [8191, 'fe 7f'],
  [-8192, 'ff 7f'],
  [8192, '80 80 01'],
  [-8193, '81 80 01'],
  [1048575, 'fe ff 7f'],
  [-1048576, 'ff ff 7f'],
  [1048576, '80 80 80 01'],
  [-1048577, '81 80 80 01'],
  [134217727, 'fe ff ff 7f'],
  [-134217728, 'ff ff ff 7f'],
  [134217728, '80 80 80 80 01'],
  [-134217729, '81 80 80 80 01'],
  [INT32_MAX, 'fe ff ff ff 0f'],
  [INT32_MIN, 'ff ff ff ff 0f'],
]

const VARLONG_VECTORS: [number, string][] = [
  ...VARINT_VECTORS,
  [17179869183, 'fe ff ff ff 7f'],
  [-17179869184, 'ff ff ff ff 7f'],
  [17179869184, '80 80 80 80 80 01'],
  [-17179869185, '81 80 80 80 80 01'],
  [2199023255551, 'fe ff ff ff ff 7f'],
  [-2199023255552, 'ff ff ff ff ff 7f'],
  [2199023255552, '80 80 80 80 80 80 01'],
  [-2199023255553, '81 80 80 80 80 80 01'],
  [281474976710655, 'fe ff ff ff ff ff 7f'],
  [-281474976710656, 'ff ff ff ff ff ff 7f'],
  [281474976710656, '80 80 80 80 80 80 80 01'],
  [-281474976710657, '81 80 80 80 80 80 80 01'],
  [Number.MAX_SAFE_INTEGER, 'fe ff ff ff ff ff ff 1f'],
  [MIN_EXACT_NEGATIVE_VARLONG, 'ff ff ff ff ff ff ff 0f'],
]

describe('varint (int32)', () => {
  it.each(VARINT_VECTORS)('%d encodes as Kafka does (%s)', (value, bytes) => {
    const expected = hex(bytes)
    expect(encodeVarint(value)).toEqual(expected)
    expect(varintSize(value)).toBe(expected.length)
    const r = new VarintReader(expected, 0, expected.length)
    expect(r.varint()).toBe(value)
    expect(r.pos).toBe(expected.length)
  })

  it('round-trips every int32 at any position, with sizes matching bytes written and kafkajs bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: INT32_MIN, max: INT32_MAX }), fc.nat(16), (value, pos) => {
        const buf = Buffer.alloc(pos + 5 + 3, 0xaa)
        const end = writeVarint(buf, pos, value)
        expect(end - pos).toBe(varintSize(value))
        expect(buf.subarray(pos, end)).toEqual(kafkajsVarint(value))
        // Nothing outside [pos, end) was touched.
        expect(buf.subarray(0, pos).every((b) => b === 0xaa)).toBe(true)
        expect(buf.subarray(end).every((b) => b === 0xaa)).toBe(true)
        const r = new VarintReader(buf, pos, end)
        expect(r.varint()).toBe(value)
        expect(r.pos).toBe(end)
      }),
    )
  })

  it('reads consecutive varints, advancing pos', () => {
    const buf = hex('00 01 02 80 01 ff ff ff ff 0f')
    const r = new VarintReader(buf, 0, buf.length)
    expect([r.varint(), r.varint(), r.varint(), r.varint(), r.varint()]).toEqual([0, -1, 1, 64, INT32_MIN])
    expect(r.pos).toBe(buf.length)
  })

  it('throws RangeError when the varint is longer than 5 bytes', () => {
    const r = new VarintReader(hex('80 80 80 80 80 01'), 0, 6)
    expect(() => r.varint()).toThrow(RangeError)
    expect(r.pos).toBe(0)
  })

  it('throws RangeError when reading past end, even if the buffer holds more bytes', () => {
    expect(() => new VarintReader(hex(''), 0, 0).varint()).toThrow(RangeError)
    expect(() => new VarintReader(hex('80'), 0, 1).varint()).toThrow(RangeError)
    // The continuation byte exists in the buffer but lies at `end`.
    const r = new VarintReader(hex('80 01'), 0, 1)
    expect(() => r.varint()).toThrow(RangeError)
    expect(r.pos).toBe(0)
  })

  it('throws RangeError for every proper prefix of a multi-byte varint', () => {
    fc.assert(
      fc.property(fc.integer({ min: INT32_MIN, max: INT32_MAX }), (value) => {
        const bytes = encodeVarint(value)
        for (let end = 0; end < bytes.length; end++) {
          expect(() => new VarintReader(bytes, 0, end).varint()).toThrow(RangeError)
        }
      }),
    )
  })
})

describe('varlong (safe integers)', () => {
  it.each(VARLONG_VECTORS)('%d encodes as Kafka does (%s)', (value, bytes) => {
    const expected = hex(bytes)
    expect(encodeVarlong(value)).toEqual(expected)
    expect(varlongSize(value)).toBe(expected.length)
    const r = new VarintReader(expected, 0, expected.length)
    expect(r.varlong()).toBe(value)
    expect(r.pos).toBe(expected.length)
  })

  it('round-trips safe integers in [-2^52, 2^53-1], sizes matching bytes written and kafkajs bytes', () => {
    const arb = fc.oneof(
      fc.integer({ min: INT32_MIN, max: INT32_MAX }),
      fc.integer({ min: MIN_EXACT_NEGATIVE_VARLONG, max: Number.MAX_SAFE_INTEGER }),
      fc.constantFrom(MIN_EXACT_NEGATIVE_VARLONG, Number.MAX_SAFE_INTEGER, 2 ** 30, -(2 ** 30), 2 ** 30 - 1, -(2 ** 30) - 1),
    )
    fc.assert(
      fc.property(arb, fc.nat(16), (value, pos) => {
        const buf = Buffer.alloc(pos + 10 + 3, 0xaa)
        const end = writeVarlong(buf, pos, value)
        expect(end - pos).toBe(varlongSize(value))
        expect(buf.subarray(pos, end)).toEqual(kafkajsVarlong(value))
        expect(buf.subarray(end).every((b) => b === 0xaa)).toBe(true)
        const r = new VarintReader(buf, pos, end)
        expect(r.varlong()).toBe(value)
        expect(r.pos).toBe(end)
      }),
    )
  })

  it('a varlong written as an int32 varint reads back through varlong()', () => {
    fc.assert(
      fc.property(fc.integer({ min: INT32_MIN, max: INT32_MAX }), (value) => {
        const bytes = encodeVarint(value)
        expect(new VarintReader(bytes, 0, bytes.length).varlong()).toBe(value)
      }),
    )
  })

  it('throws RangeError reading past end', () => {
    expect(() => new VarintReader(hex(''), 0, 0).varlong()).toThrow(RangeError)
    expect(() => new VarintReader(hex('ff ff 7f'), 0, 2).varlong()).toThrow(RangeError)
  })

  it('throws RangeError for a varlong longer than 8 bytes (beyond 56 bits)', () => {
    expect(() => new VarintReader(hex('80 80 80 80 80 80 80 80 01'), 0, 9).varlong()).toThrow(RangeError)
  })

  // Regression: for v < -2^52 the zigzag value -2v-1 is not exact in a double; writeVarlong takes a
  // BigInt path there. Kafka (and kafkajs) encode -(2^52+1) as 81 80 80 80 80 80 80 10.
  it('writeVarlong encodes safe integers below -2^52 exactly (Kafka bytes, round trip)', () => {
    const cases: [number, string][] = [
      [-(2 ** 52) - 1, '81 80 80 80 80 80 80 10'],
      [-8.64e15, kafkajsVarlong(-8.64e15).toString('hex')],
      [Number.MIN_SAFE_INTEGER, kafkajsVarlong(Number.MIN_SAFE_INTEGER).toString('hex')],
    ]
    for (const [value, bytes] of cases) {
      expect(encodeVarlong(value).toString('hex')).toBe(hex(bytes).toString('hex'))
      const encoded = encodeVarlong(value)
      expect(new VarintReader(encoded, 0, encoded.length).varlong()).toBe(value)
    }
  })

  // Regression (VarintReader.varlong): its doc says values beyond the safe-integer range
  // throw, but an 8-byte varlong carries 56 bits; zigzag values in [2^54, 2^56) decode to unsafe
  // numbers silently. 80 80 80 80 80 80 80 7f (zigzag 127 * 2^49) decodes to 35747322042253310.
  it('varlong() throws RangeError for an 8-byte varlong beyond the safe-integer range', () => {
    const r = new VarintReader(hex('80 80 80 80 80 80 80 7f'), 0, 8)
    expect(() => r.varlong()).toThrow(RangeError)
  })
})
