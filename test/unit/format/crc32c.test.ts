import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { crc32c, crc32cBackend } from '../../../src/format/crc32c.js'
import { crc32cJs } from '../../../src/format/crc32c-js.js'
import { kafkajsCrc32c } from '../../oracle/kafkajs.js'

describe('crc32c', () => {
  it('has the CRC-32C check value: crc32c("123456789") = 0xE3069283', () => {
    expect(crc32c(Buffer.from('123456789', 'ascii'))).toBe(0xe3069283)
  })

  it('is 0 for no bytes', () => {
    expect(crc32c(Buffer.alloc(0))).toBe(0)
    expect(crc32c(new Uint8Array(0))).toBe(0)
  })

  it('matches known vectors (RFC 3720 B.4: 32 zero bytes, 32 0xff bytes)', () => {
    expect(crc32c(Buffer.alloc(32, 0x00))).toBe(0x8a9136aa)
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43)
  })

  it('returns an unsigned 32-bit integer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const c = crc32c(bytes)
        expect(Number.isInteger(c) && c >= 0 && c <= 0xffffffff).toBe(true)
      }),
    )
  })

  it("equals kafkajs's pure-JS CRC-32C on random buffers", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        expect(crc32c(Buffer.from(bytes))).toBe(kafkajsCrc32c(Buffer.from(bytes)))
      }),
    )
  })

  it('covers exactly the bytes of a Uint8Array view with a non-zero byteOffset', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.nat(64), fc.nat(64), (bytes, before, after) => {
        const backing = new Uint8Array(before + bytes.length + after).fill(0x5a)
        backing.set(bytes, before)
        const view = backing.subarray(before, before + bytes.length) // a plain Uint8Array, not a Buffer
        expect(Buffer.isBuffer(view)).toBe(false)
        expect(crc32c(view)).toBe(kafkajsCrc32c(Buffer.from(bytes)))
        const bufView = Buffer.from(backing.buffer, before, bytes.length)
        expect(crc32c(bufView)).toBe(kafkajsCrc32c(Buffer.from(bytes)))
      }),
    )
  })
})

/** Cut points splitting `length` bytes into chunks (sorted, deduplicated, within [0, length]). */
const chunked = fc
  .uint8Array({ maxLength: 4096 })
  .chain((bytes) => fc.tuple(fc.constant(bytes), fc.uniqueArray(fc.nat(bytes.length), { maxLength: 12 })))
  .map(([bytes, cuts]) => {
    const at = [0, ...cuts.sort((a, b) => a - b), bytes.length]
    const chunks: Uint8Array[] = []
    for (let i = 1; i < at.length; i++) chunks.push(bytes.subarray(at[i - 1], at[i]))
    return { bytes, chunks }
  })

describe('crc32cJs (the slicing-by-8 fallback)', () => {
  it('has the check value 0xE3069283 and the RFC 3720 vectors', () => {
    expect(crc32cJs(Buffer.from('123456789', 'ascii'))).toBe(0xe3069283)
    expect(crc32cJs(new Uint8Array(0))).toBe(0)
    expect(crc32cJs(Buffer.alloc(32, 0x00))).toBe(0x8a9136aa)
    expect(crc32cJs(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43)
    // RFC 3720 B.4: 32 ascending and 32 descending bytes.
    expect(crc32cJs(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e)
    expect(crc32cJs(Uint8Array.from({ length: 32 }, (_, i) => 31 - i))).toBe(0x113fdb5c)
  })

  it("the addon's implementation is the one in use here (the others only replace one that cannot load)", () => {
    expect(crc32cBackend()).toBe('addon')
  })

  it('equals the native CRC on random bytes, at any byte offset, from any previous CRC', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.nat(7), fc.oneof(fc.constant(0), fc.nat(0xffffffff)), (bytes, skew, previous) => {
        // A view at an odd offset into a larger buffer: the 8-byte loop must not assume alignment.
        const backing = new Uint8Array(bytes.length + skew)
        backing.set(bytes, skew)
        const view = backing.subarray(skew)
        expect(crc32cJs(view, previous)).toBe(crc32c(Buffer.from(bytes), previous))
      }),
    )
  })

  it('continues over random chunkings: folding with `previous` gives the CRC of the whole', () => {
    fc.assert(
      fc.property(chunked, ({ bytes, chunks }) => {
        const whole = crc32c(Buffer.from(bytes))
        expect(chunks.reduce((crc, chunk) => crc32cJs(chunk, crc), 0)).toBe(whole)
        expect(chunks.reduce((crc, chunk) => crc32c(chunk, crc), 0)).toBe(whole)
      }),
    )
  })
})
