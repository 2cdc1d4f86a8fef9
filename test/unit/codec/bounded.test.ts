/**
 * Bounded decompression (`decompressBounded`), used to validate untrusted batches: a payload that
 * would inflate past the bound stops without allocating it, for every codec; zstd frames that
 * declare a huge content size or window are refused from their headers alone.
 */
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { compressorOf, decompressBounded, OutputLimitError } from '../../../src/codec/registry.js'

describe('bounded decompression', () => {
  it('a gzip bomb stops at the bound', () => {
    const bomb = zlib.gzipSync(Buffer.alloc(64 << 20))
    expect(() => decompressBounded(1, bomb, 1 << 20)).toThrow(OutputLimitError)
    expect(decompressBounded(1, zlib.gzipSync(Buffer.alloc(1000, 1)), 1000)).toEqual(Buffer.alloc(1000, 1))
  })

  it('a zstd frame declaring a huge content size is refused from its header alone', () => {
    // Frame header: single segment, 8-byte content size of 2^40, then one raw last block of 1 byte.
    const frame = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0xe0, 0, 0, 0, 0, 0, 1, 0, 0, 0x09, 0, 0, 0x41])
    expect(() => decompressBounded(4, frame, 1 << 20)).toThrow(OutputLimitError)
  })

  it('a zstd window larger than the bound is refused before decoding', () => {
    // Window descriptor exponent 20 (2^30 bytes), no content size, one raw last block.
    const frame = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 20 << 3, 0x09, 0, 0, 0x41])
    expect(() => decompressBounded(4, frame, 1 << 20)).toThrow(OutputLimitError)
  })

  it.each(['snappy', 'lz4', 'zstd'] as const)('%s: exactly at the bound passes, one byte over does not', async (codec) => {
    const data = Buffer.alloc(300_000, 3)
    const payload = await compressorOf(codec)(data, undefined)
    const id = ['gzip', 'snappy', 'lz4', 'zstd'].indexOf(codec) + 1
    expect(decompressBounded(id, payload, data.length).equals(data)).toBe(true)
    expect(() => decompressBounded(id, payload, data.length - 1)).toThrow(OutputLimitError)
  })
})
