/**
 * The protocol writer and size functions (src/protocol/writer.ts): varints and lengths as Kafka
 * writes them, values checked as they are written (`KLOG_PROTOCOL_INVALID_VALUE` naming the field),
 * and the exact-size contract.
 */
import { describe, expect, it } from 'vitest'

import { ProtocolError } from '../../../src/protocol/errors.js'
import { ProtocolReader } from '../../../src/protocol/reader.js'
import {
  ProtocolWriter,
  sizeOfArrayLength,
  sizeOfBytes,
  sizeOfRawTaggedFields,
  sizeOfString,
  sizeOfUvarint,
} from '../../../src/protocol/writer.js'

function invalid(fn: () => unknown, field: string): void {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError)
    expect((err as ProtocolError).code).toBe('KLOG_PROTOCOL_INVALID_VALUE')
    expect((err as ProtocolError).field).toBe(field)
    return
  }
  throw new Error('expected KLOG_PROTOCOL_INVALID_VALUE')
}

const write = (size: number, fn: (w: ProtocolWriter) => void): string => {
  const w = new ProtocolWriter(size)
  fn(w)
  return w.finish().toString('hex')
}

describe('ProtocolWriter', () => {
  it.each([0, 1, 127, 128, 16383, 16384, 2097151, 2097152, 268435455, 268435456, 0xffffffff])(
    'writes the unsigned varint %i in sizeOfUvarint bytes',
    (v) => {
      const n = sizeOfUvarint(v)
      const out = Buffer.from(
        write(n, (w) => w.uvarint(v)),
        'hex',
      )
      expect(new ProtocolReader(out).uvarint('v')).toBe(v)
    },
  )

  it('writes lengths as Kafka does: int16/int32 before flexible versions, length + 1 in them, null as -1 / 0', () => {
    expect(write(sizeOfString('hi', false, false, 's'), (w) => w.string('hi', false))).toBe('00026869')
    expect(write(sizeOfString('hi', true, false, 's'), (w) => w.string('hi', true))).toBe('036869')
    expect(write(sizeOfString(null, false, true, 's'), (w) => w.string(null, false))).toBe('ffff')
    expect(write(sizeOfString(null, true, true, 's'), (w) => w.string(null, true))).toBe('00')
    expect(write(sizeOfBytes(null, false, true, 'b'), (w) => w.bytes(null, false))).toBe('ffffffff')
    expect(write(sizeOfBytes(Buffer.from([1]), true, false, 'b'), (w) => w.bytes(Buffer.from([1]), true))).toBe('0201')
    expect(write(sizeOfArrayLength([1, 2], false, false, 'a'), (w) => w.arrayLength([1, 2], false))).toBe('00000002')
    expect(write(sizeOfArrayLength(null, true, true, 'a'), (w) => w.arrayLength(null, true))).toBe('00')
  })

  it('refuses null where the field is not nullable, and strings over 32767 UTF-8 bytes', () => {
    invalid(() => sizeOfString(null, false, false, 'm.name'), 'm.name')
    invalid(() => sizeOfBytes(null, true, false, 'm.b'), 'm.b')
    invalid(() => sizeOfArrayLength(null, true, false, 'm.a'), 'm.a')
    invalid(() => sizeOfString('é'.repeat(16384), true, false, 'm.s'), 'm.s')
    expect(sizeOfString('a'.repeat(32767), false, false, 'm.s')).toBe(32769)
  })

  it('checks every number as it writes it', () => {
    const w = new ProtocolWriter(64)
    invalid(() => w.int8(128, 'x.a'), 'x.a')
    invalid(() => w.int16(1.5, 'x.b'), 'x.b')
    invalid(() => w.int32(2 ** 31, 'x.c'), 'x.c')
    invalid(() => w.uint16(-1, 'x.d'), 'x.d')
    invalid(() => w.uint32(2 ** 32, 'x.e'), 'x.e')
    invalid(() => w.int64(1 as unknown as bigint, 'x.f'), 'x.f')
    invalid(() => w.int64(2n ** 63n, 'x.g'), 'x.g')
    invalid(() => w.float64('1' as unknown as number, 'x.h'), 'x.h')
    invalid(() => w.bool(1 as unknown as boolean, 'x.i'), 'x.i')
    invalid(() => w.uuid('not-a-uuid', 'x.j'), 'x.j')
    // 22 characters whose last one carries bits beyond 128: not Kafka's canonical form.
    invalid(() => w.uuid('AAAAAAAAAAAAAAAAAAAAAB', 'x.k'), 'x.k')
    expect(w.position).toBe(0)
  })

  it('writes int64 extremes and UUIDs exactly', () => {
    expect(write(16, (w) => (w.int64(-(2n ** 63n), 'a'), w.int64(-1n, 'b')))).toBe('8000000000000000ffffffffffffffff')
    expect(write(16, (w) => w.uuid('_____________________w', 'u'))).toBe('ff'.repeat(16))
  })

  it('checks that unknown tagged fields ascend and avoid known tags', () => {
    expect(
      sizeOfRawTaggedFields(
        [
          { tag: 5, data: Buffer.from([1, 2]) },
          { tag: 300, data: Buffer.alloc(0) },
        ],
        [0],
        't',
      ),
    ).toBe(1 + 1 + 2 + 2 + 1)
    invalid(
      () =>
        sizeOfRawTaggedFields(
          [
            { tag: 5, data: Buffer.alloc(0) },
            { tag: 5, data: Buffer.alloc(0) },
          ],
          [],
          't',
        ),
      't',
    )
    invalid(() => sizeOfRawTaggedFields([{ tag: 0, data: Buffer.alloc(0) }], [0], 't'), 't')
  })

  it('interleaves unknown tagged fields below a known tag', () => {
    const fields = [
      { tag: 1, data: Buffer.from([0xaa]) },
      { tag: 4, data: Buffer.from([0xbb]) },
    ]
    expect(
      write(6, (w) => {
        const i = w.rawTaggedFields(fields, 0, 3)
        expect(i).toBe(1)
        w.rawTaggedFields(fields, i, Infinity)
      }),
    ).toBe('0101aa0401bb')
  })

  it('finish() refuses a buffer that was not filled exactly', () => {
    const w = new ProtocolWriter(3)
    w.int16(1, 'a')
    expect(() => w.finish()).toThrow(/underflow/)
    expect(() => w.int16(1, 'b')).toThrow(/overflow/)
  })
})
