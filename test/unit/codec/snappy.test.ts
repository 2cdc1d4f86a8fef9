/**
 * The pure-TS snappy codec (src/codec/snappy.ts): raw streams and the xerial framing, checked
 * against the native `snappy` package (Google's C++ snappy) and snappyjs (kafkajs-snappy's codec)
 * as independent implementations.
 */
import { createRequire } from 'node:module'

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { XERIAL_MAGIC, compressRaw, compressXerial, decompressRaw, decompressSnappy, isXerial } from '../../../src/codec/snappy.js'

/** A bound no payload here comes near: these tests are about the format, not the bound. */
const BOUND = 1 << 30

const require = createRequire(import.meta.url)

const native: any = require('snappy')
const snappyjs: any = require('snappyjs')

/** Bytes with repeats (so matches of every length and offset occur), or random ones. */
const payload = fc.oneof(
  fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
  fc
    .tuple(fc.array(fc.string({ maxLength: 40 }), { maxLength: 200 }), fc.array(fc.nat(199), { maxLength: 4000 }))
    .map(([words, picks]) => Buffer.from(picks.map((i) => words[i % Math.max(1, words.length)] ?? '').join(' '))),
  fc.tuple(fc.integer({ min: 1, max: 300_000 }), fc.integer({ min: 0, max: 255 })).map(([n, b]) => Buffer.alloc(n, b)),
)

describe('raw snappy', () => {
  it('round-trips, and both independent decoders read what it writes', () => {
    fc.assert(
      fc.property(payload, (data) => {
        const packed = compressRaw(data)
        expect(decompressRaw(packed).equals(data)).toBe(true)
        expect(Buffer.from(native.uncompressSync(packed)).equals(data)).toBe(true)
        expect(Buffer.from(snappyjs.uncompress(packed)).equals(data)).toBe(true)
      }),
      { numRuns: 150 },
    )
  })

  it('decodes what the native encoder writes', () => {
    fc.assert(
      fc.property(payload, (data) => {
        expect(decompressRaw(native.compressSync(data)).equals(data)).toBe(true)
      }),
      { numRuns: 150 },
    )
  })

  it('compresses repetitive text (a 64 KiB run of JSON to well under half)', () => {
    const text = Buffer.from(JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ id: i, kind: 'event', ok: true }))))
    expect(compressRaw(text).length).toBeLessThan(text.length / 2)
  })

  it.each([
    ['a copy before the start', Buffer.from([0x04, 0x01, 0x01])],
    ['a literal past the end', Buffer.from([0x10, 0x3c, 0xff, 0x00])],
    ['a stream shorter than declared', Buffer.from([0x05, 0x00, 0x61])],
    ['a stream longer than declared', Buffer.from([0x01, 0x04, 0x61, 0x62])],
    ['an empty input', Buffer.alloc(0)],
    ['a truncated copy', Buffer.from([0x08, 0x04, 0x61, 0x62, 0x02])],
  ])('rejects %s', (_what, bad) => {
    expect(() => decompressRaw(bad)).toThrow()
  })
})

describe('xerial framing', () => {
  it('writes the magic, versions 1/1, then length-prefixed blocks of at most 32 KiB input', () => {
    const data = Buffer.alloc(70_000, 'abc')
    const framed = compressXerial(data, compressRaw)
    expect(framed.subarray(0, 8).equals(XERIAL_MAGIC)).toBe(true)
    expect(framed.readInt32BE(8)).toBe(1)
    expect(framed.readInt32BE(12)).toBe(1)
    const sizes: number[] = []
    for (let at = 16; at < framed.length;) {
      const len = framed.readInt32BE(at)
      sizes.push(Buffer.from(native.uncompressSync(framed.subarray(at + 4, at + 4 + len))).length)
      at += 4 + len
    }
    expect(sizes).toEqual([32768, 32768, 70_000 - 65536])
  })

  it('reads framed and raw payloads, from either block codec', () => {
    fc.assert(
      fc.property(payload, (data) => {
        const nativeRaw = (b: Buffer): Buffer => native.compressSync(b) as Buffer
        for (const framed of [compressXerial(data, compressRaw), compressXerial(data, nativeRaw)]) {
          expect(isXerial(framed)).toBe(true)
          expect(decompressSnappy(framed, decompressRaw, BOUND).equals(data)).toBe(true)
        }
        const raw = nativeRaw(data)
        expect(isXerial(raw)).toBe(false)
        expect(decompressSnappy(raw, decompressRaw, BOUND).equals(data)).toBe(true)
      }),
      { numRuns: 100 },
    )
  })

  it('rejects a block length that runs past the payload', () => {
    const framed = compressXerial(Buffer.from('hello hello hello'), compressRaw)
    framed.writeInt32BE(1000, 16)
    expect(() => decompressSnappy(framed, decompressRaw, BOUND)).toThrow()
  })
})
