/**
 * The pure-TS LZ4 codec (src/codec/lz4.ts) and XXH32: frames in Kafka's shape, checked against
 * lz4js (pure JS) and lz4-napi (lz4_flex) as independent implementations.
 */
import { createRequire } from 'node:module'

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { compressBlock, compressFrame, decompressFrame } from '../../../src/codec/lz4.js'
import { xxh32 } from '../../../src/codec/xxhash32.js'

/** A bound no payload here comes near: these tests are about the format, not the bound. */
const BOUND = 1 << 30

const require = createRequire(import.meta.url)

const lz4js: any = require('lz4js')
const lz4jsXxh32: any = require('lz4js/xxh32.js')
const native: any = require('lz4-napi')

const payload = fc.oneof(
  fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
  fc
    .tuple(fc.array(fc.string({ maxLength: 40 }), { maxLength: 200 }), fc.array(fc.nat(199), { maxLength: 6000 }))
    .map(([words, picks]) => Buffer.from(picks.map((i) => words[i % Math.max(1, words.length)] ?? '').join(','))),
  fc.tuple(fc.integer({ min: 1, max: 300_000 }), fc.integer({ min: 0, max: 255 })).map(([n, b]) => Buffer.alloc(n, b)),
)

describe('xxh32', () => {
  it('matches the reference vectors', () => {
    expect(xxh32(Buffer.alloc(0))).toBe(0x02cc5d05)
    expect(xxh32(Buffer.from('a'))).toBe(0x550d7456)
    expect(xxh32(Buffer.from('abc'))).toBe(0x32d153ff)
    expect(xxh32(Buffer.from('Nobody inspects the spammish repetition'))).toBe(0xe2293b2f)
  })

  it('matches lz4js for any input and seed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(), (data, seed) => {
        expect(xxh32(data, seed)).toBe(lz4jsXxh32.hash(seed, data, 0, data.length) >>> 0)
      }),
    )
  })
})

describe('LZ4 frames', () => {
  it("writes Kafka's frame shape: magic, FLG 0x60 (independent blocks), BD 0x40 (64 KiB), header checksum", () => {
    const framed = compressFrame(Buffer.alloc(150_000, 'x'), compressBlock)
    expect([...framed.subarray(0, 6)]).toEqual([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40])
    expect(framed[6]).toBe((xxh32(Buffer.from([0x60, 0x40])) >>> 8) & 0xff)
    expect(framed.readUInt32LE(framed.length - 4)).toBe(0) // end mark
  })

  it('round-trips, and lz4js and lz4-napi read what it writes (with either block compressor)', () => {
    const nativeBlock = (b: Buffer): Buffer => (native.compressSync(b) as Buffer).subarray(4)
    fc.assert(
      fc.property(payload, (data) => {
        for (const framed of [compressFrame(data, compressBlock), compressFrame(data, nativeBlock)]) {
          expect(decompressFrame(framed, BOUND).equals(data)).toBe(true)
          expect(Buffer.from(lz4js.decompress(framed)).equals(data)).toBe(true)
          expect(Buffer.from(native.decompressFrameSync(framed)).equals(data)).toBe(true)
        }
      }),
      { numRuns: 120 },
    )
  })

  it('reads frames written by lz4js (dependent blocks) and lz4-napi (4 MiB blocks)', () => {
    fc.assert(
      fc.property(payload, (data) => {
        const dependent = Buffer.from(lz4js.compress(data))
        expect(dependent[4]! & 0x20).toBe(0) // block independence flag clear
        expect(decompressFrame(dependent, BOUND).equals(data)).toBe(true)
        expect(decompressFrame(native.compressFrameSync(data), BOUND).equals(data)).toBe(true)
      }),
      { numRuns: 120 },
    )
  })

  it('stores a block that does not compress uncompressed (high bit of its size)', () => {
    const random = Buffer.from(fc.sample(fc.uint8Array({ minLength: 1000, maxLength: 1000 }), { numRuns: 1, seed: 7 })[0]!)
    const framed = compressFrame(random, compressBlock)
    expect(framed.readUInt32LE(7)).toBe((1000 | 0x80000000) >>> 0)
    expect(decompressFrame(framed, BOUND).equals(random)).toBe(true)
  })

  it.each([
    ['a bad magic', (f: Buffer) => f.writeUInt32LE(0x12345678, 0)],
    ['a block running past the payload', (f: Buffer) => f.writeUInt32LE(0x7fff, 7)],
    ['a missing end mark', (f: Buffer) => f.fill(0xee, f.length - 4)],
    ['an unknown version', (f: Buffer) => (f[4] = 0xa0)],
    ['a match reaching before the output', (f: Buffer) => f.fill(0x01, 11, 16)],
  ])('rejects %s', (_what, damage) => {
    const framed = Buffer.from(compressFrame(Buffer.from('abcabcabcabcabcabcabcabcabcabcabcabc'), compressBlock))
    damage(framed)
    expect(() => decompressFrame(framed, BOUND)).toThrow()
  })
})
