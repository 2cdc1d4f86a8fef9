/**
 * The bounded protocol reader (src/protocol/reader.ts): Kafka's varint vectors, lengths and null,
 * and every bound checked before anything is sliced or allocated, failing with
 * `KLOG_PROTOCOL_MALFORMED`, the field and the byte position.
 */
import { describe, expect, it } from 'vitest'

import { ProtocolError } from '../../../src/protocol/errors.js'
import { ProtocolReader } from '../../../src/protocol/reader.js'

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex')
const reader = (s: string): ProtocolReader => new ProtocolReader(hex(s))

function malformed(fn: () => unknown): ProtocolError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError)
    expect((err as ProtocolError).code).toBe('KLOG_PROTOCOL_MALFORMED')
    return err as ProtocolError
  }
  throw new Error('expected KLOG_PROTOCOL_MALFORMED, nothing was thrown')
}

// Kafka's ByteUtilsTest.testUnsignedVarintSerde vectors.
const UVARINTS: [number, string][] = [
  [0, '00'],
  [1, '01'],
  [127, '7f'],
  [128, '8001'],
  [16383, 'ff7f'],
  [16384, '808001'],
  [2097151, 'ffff7f'],
  [2097152, '80808001'],
  [268435455, 'ffffff7f'],
  [268435456, '8080808001'],
  [0x7fffffff, 'ffffffff07'],
  [0xffffffff, 'ffffffff0f'],
]

describe('ProtocolReader', () => {
  it.each(UVARINTS)('reads the unsigned varint %i from %s', (value, bytes) => {
    const r = reader(bytes)
    expect(r.uvarint('f')).toBe(value)
    expect(r.remaining).toBe(0)
  })

  it('refuses unsigned varints longer than 5 bytes or wider than 32 bits', () => {
    expect(malformed(() => reader('8080808080 00').uvarint('x.count')).field).toBe('x.count')
    malformed(() => reader('ffffffff1f').uvarint('f'))
    malformed(() => reader('8080').uvarint('f'))
  })

  it('reads fixed-size integers big-endian, int64 as exact bigints', () => {
    const r = reader('80 8000 ffff 80000000 ffffffff 8000000000000000 7fffffffffffffff ffffffffffffffff 3ff0000000000000 02')
    expect([r.int8('a'), r.int16('b'), r.uint16('c'), r.int32('d'), r.uint32('e')]).toEqual([-128, -32768, 65535, -2147483648, 4294967295])
    expect([r.int64('f'), r.int64('g'), r.int64('h')]).toEqual([-(2n ** 63n), 2n ** 63n - 1n, -1n])
    expect(r.float64('i')).toBe(1)
    expect(r.bool('j')).toBe(true)
  })

  it('reads a UUID in Kafka string form', () => {
    expect(reader('00'.repeat(16)).uuid('u')).toBe('AAAAAAAAAAAAAAAAAAAAAA')
    expect(reader('ff'.repeat(16)).uuid('u')).toBe('_____________________w')
  })

  it('names the field and the position of a truncated read', () => {
    const r = reader('0001 02')
    r.int16('a')
    const err = malformed(() => r.int32('topics[].partitionIndex'))
    expect(err.field).toBe('topics[].partitionIndex')
    expect(err.position).toBe(2)
  })

  it('reads strings: int16 and compact lengths, null only where nullable', () => {
    expect(reader('0002 6869').string('s', false)).toBe('hi')
    expect(reader('03 6869').string('s', true)).toBe('hi')
    expect(reader('ffff').nullableString('s', false)).toBeNull()
    expect(reader('00').nullableString('s', true)).toBeNull()
    malformed(() => reader('ffff').string('s', false))
    malformed(() => reader('00').string('s', true))
    malformed(() => reader('fffe').nullableString('s', false))
    malformed(() => reader('0005 6869').string('s', false))
  })

  it('refuses strings over 32767 bytes as Kafka does, before reading them', () => {
    const big = Buffer.concat([hex('82 80 02'), Buffer.alloc(32769, 0x61)]) // compact length 32769 + 1
    expect(new ProtocolReader(Buffer.concat([hex('80 80 02'), Buffer.alloc(32767, 0x61)])).string('s', true)).toHaveLength(32767)
    malformed(() => new ProtocolReader(big).string('s', true))
  })

  it('copies bytes unless zero-copy, and records are views into the frame', () => {
    const buf = hex('00000002 abcd 03 abcd 00000002 abcd')
    const r = new ProtocolReader(buf)
    const copied = r.bytes('b', false, true)
    const view = r.bytes('b', true, false)
    const records = r.records('r', false, true)!
    expect([copied, view, records].map((b) => b.toString('hex'))).toEqual(['abcd', 'abcd', 'abcd'])
    buf.fill(0)
    expect([copied, view, records].map((b) => b.toString('hex'))).toEqual(['abcd', '0000', '0000'])
    expect(reader('ffffffff').records('r', false, true)).toBeNull()
    malformed(() => reader('ffffffff').records('r', false, false))
    malformed(() => reader('7fffffff').bytes('b', false, true))
  })

  it('checks an array count against the bytes left before anything is allocated', () => {
    // 2^31 - 1 elements declared, none present: refused at once.
    malformed(() => reader('7fffffff').arrayLength('a', false, false, 1))
    malformed(() => reader('ffffffff0f').arrayLength('a', true, false, 1))
    // 3 elements of at least 4 bytes need 12 bytes; 11 are left.
    malformed(() => new ProtocolReader(Buffer.concat([hex('00000003'), Buffer.alloc(11)])).arrayLength('a', false, false, 4))
    expect(new ProtocolReader(Buffer.concat([hex('00000003'), Buffer.alloc(12)])).arrayLength('a', false, false, 4)).toBe(3)
    // Zero-size elements still count one byte each (Kafka's rule).
    malformed(() => reader('00000002 00').arrayLength('a', false, false, 0))
    expect(reader('ffffffff').arrayLength('a', false, true, 1)).toBe(-1)
    malformed(() => reader('ffffffff').arrayLength('a', false, false, 1))
    malformed(() => reader('fffffffe').arrayLength('a', false, true, 1))
  })

  it('bounds tagged fields: count, size and exact consumption', () => {
    malformed(() => reader('05 0000').taggedFieldCount('t'))
    malformed(() => reader('05 00').taggedFieldEnd('t'))
    const r = reader('02 0102 ff')
    const end = r.taggedFieldEnd('t')
    r.int8('x')
    malformed(() => r.expectPosition(end, 't'))
    const raw = reader('abcd').rawTaggedField(7, 2, 't')
    expect(raw.tag).toBe(7)
    expect(raw.data.toString('hex')).toBe('abcd')
  })

  it('reads only its range and rejects a range outside the buffer', () => {
    const r = new ProtocolReader(hex('0001 0002'), 2, 4)
    expect(r.int16('a')).toBe(2)
    malformed(() => r.int8('b'))
    expect(() => new ProtocolReader(hex('00'), 0, 2)).toThrow(RangeError)
  })
})
