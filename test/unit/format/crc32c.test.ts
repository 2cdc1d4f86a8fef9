import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { crc32c } from '../../../src/format/crc32c.js'
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
