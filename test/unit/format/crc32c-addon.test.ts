/**
 * The native addon's CRC-32C (`native/crc32c.c`: SSE4.2 `crc32` in three lanes, joined by a
 * carry-less multiply) against the JavaScript one, on the lengths where its code paths change:
 * below one short round (768 bytes), whole and partial short rounds, the long rounds (24,576 bytes
 * each) and what is left after them, from any previous CRC and at any byte offset.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { nativeAddon } from '../../../src/base/native-addon.js'
import { crc32cJs } from '../../../src/format/crc32c-js.js'

const SHORT_ROUND = 3 * 256
const LONG_ROUND = 3 * 8192

/** The addon's function: this machine (CI's kind) is x86-64 with SSE4.2, so it must be there. */
function addonCrc(): (bytes: Uint8Array, previous?: number) => number {
  const f = nativeAddon()?.crc32c
  expect(typeof f).toBe('function')
  return f!
}

/** Lengths around every boundary of the addon's loops, plus random ones up to three long rounds. */
const lengths = fc.oneof(
  fc.nat(64),
  fc.integer({ min: -9, max: 9 }).chain((d) => fc.constantFrom(SHORT_ROUND + d, 2 * SHORT_ROUND + d, LONG_ROUND + d, 2 * LONG_ROUND + d)),
  fc.integer({ min: 0, max: 3 * LONG_ROUND + SHORT_ROUND + 7 }),
)

/** `length` bytes of xorshift noise from `seed` (fast-check's arrays stay short; these need not). */
function noise(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length)
  let x = seed | 1
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    bytes[i] = x & 0xff
  }
  return bytes
}

describe('the addon CRC-32C', () => {
  it('has the check value and the RFC 3720 vectors', () => {
    const crc = addonCrc()
    expect(crc(Buffer.from('123456789', 'ascii'), 0)).toBe(0xe3069283)
    expect(crc(Buffer.alloc(32, 0x00), 0)).toBe(0x8a9136aa)
    expect(crc(Buffer.alloc(32, 0xff), 0)).toBe(0x62a8ab43)
    expect(
      crc(
        Uint8Array.from({ length: 32 }, (_, i) => i),
        0,
      ),
    ).toBe(0x46dd794e)
    expect(crc(new Uint8Array(0), 0)).toBe(0)
    expect(crc(new Uint8Array(0), 0xdeadbeef)).toBe(0xdeadbeef)
  })

  it('equals the JavaScript CRC at every length, offset and previous CRC', () => {
    const crc = addonCrc()
    fc.assert(
      fc.property(lengths, fc.nat(15), fc.oneof(fc.constant(0), fc.nat(0xffffffff)), fc.integer(), (length, skew, previous, seed) => {
        const backing = noise(length + skew + 3, seed)
        const view = backing.subarray(skew, skew + length) // a plain Uint8Array at any offset
        expect(crc(view, previous)).toBe(crc32cJs(view, previous))
      }),
      { numRuns: 400 },
    )
  })

  it('continues over any split: folding with `previous` gives the CRC of the whole', () => {
    const crc = addonCrc()
    fc.assert(
      fc.property(lengths, fc.nat(), fc.integer(), (length, at, seed) => {
        const bytes = noise(length, seed)
        const cut = at % (length + 1)
        expect(crc(bytes.subarray(cut), crc(bytes.subarray(0, cut), 0))).toBe(crc32cJs(bytes))
      }),
      { numRuns: 200 },
    )
  })

  it('throws a TypeError for anything but a Uint8Array', () => {
    const crc = addonCrc() as (...args: unknown[]) => number
    expect(() => crc('123456789', 0)).toThrow(TypeError)
    expect(() => crc(new Uint16Array(4), 0)).toThrow(TypeError)
    expect(() => crc(new ArrayBuffer(4), 0)).toThrow(TypeError)
    expect(() => crc(Buffer.alloc(4), 'x')).toThrow(TypeError)
  })
})
