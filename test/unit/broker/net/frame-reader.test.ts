/**
 * The frame reader: frames come out whole and in order whatever the segmentation of the bytes, a
 * size prefix is refused as soon as its 4 bytes arrive, and memory follows what arrived, never what
 * a prefix declares.
 */
import { describe, expect, it } from 'vitest'
import { FrameReader, FrameSizeError, SMALL_CHUNK_BYTES, STAGING_BYTES } from '../../../../src/broker/net/frame-reader.js'
import { mulberry32 } from '../../../helpers/random.js'

const prefixed = (payload: Buffer): Buffer => {
  const size = Buffer.alloc(4)
  size.writeInt32BE(payload.length)
  return Buffer.concat([size, payload])
}

function randomFrames(rand: () => number, count: number): Buffer[] {
  return Array.from({ length: count }, () => {
    const kind = rand()
    const length = kind < 0.1 ? 0 : kind < 0.8 ? Math.floor(rand() * 200) : Math.floor(rand() * 100_000)
    return Buffer.from(Array.from({ length }, () => Math.floor(rand() * 256)))
  })
}

function drain(reader: FrameReader): Buffer[] {
  const out: Buffer[] = []
  for (let f = reader.next(); f !== undefined; f = reader.next()) out.push(Buffer.from(f))
  return out
}

describe('FrameReader', () => {
  it.each([1, 2, 3, 4, 5])('hands out the frames sent, in order, whatever the chunk boundaries (seed %i)', (seed) => {
    const rand = mulberry32(seed)
    const frames = randomFrames(rand, 60)
    const stream = Buffer.concat(frames.map(prefixed))
    const reader = new FrameReader(1 << 20)
    const got: Buffer[] = []
    for (let at = 0; at < stream.length;) {
      // Chunks of 1 byte up to 70 KiB, small ones favoured: both the staging and the kept paths.
      const r = rand()
      const size = r < 0.3 ? 1 + Math.floor(rand() * 4) : r < 0.8 ? 1 + Math.floor(rand() * 2000) : 1 + Math.floor(rand() * 70_000)
      reader.push(stream.subarray(at, at + size))
      at += size
      got.push(...drain(reader))
    }
    expect(got.length, `replay with seed ${seed}`).toBe(frames.length)
    got.forEach((f, i) => expect(f.equals(frames[i]!)).toBe(true))
    expect(reader.bufferedBytes).toBe(0)
    expect(reader.partial).toBe(false)
  })

  it('refuses a size above the limit as soon as the 4 prefix bytes arrive, even split', () => {
    const reader = new FrameReader(1000)
    reader.push(Buffer.from([0, 0]))
    expect(reader.next()).toBeUndefined()
    reader.push(Buffer.from([0x03, 0xe9])) // 1001
    const error = (() => {
      try {
        reader.next()
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(FrameSizeError)
    expect((error as FrameSizeError).problem).toBe('oversized')
    expect((error as FrameSizeError).size).toBe(1001)
  })

  it('refuses a negative size, and takes a frame of exactly the limit', () => {
    const reader = new FrameReader(1000)
    reader.push(Buffer.from([0xff, 0xff, 0xff, 0xff]))
    expect(() => reader.next()).toThrow(expect.objectContaining({ problem: 'negative-size', size: -1 }))

    const exact = new FrameReader(1000)
    exact.push(prefixed(Buffer.alloc(1000, 7)))
    expect(exact.next()!.length).toBe(1000)
  })

  it('a frame of size 0 is an empty frame', () => {
    const reader = new FrameReader(10)
    reader.push(Buffer.from([0, 0, 0, 0, 0, 0, 0, 1, 9]))
    expect(reader.next()!.length).toBe(0)
    expect([...reader.next()!]).toEqual([9])
  })

  it('holds what arrived, not what the prefix declares: a 100 MiB declaration with 10 bytes costs 14 bytes', () => {
    const before = process.memoryUsage().arrayBuffers
    const readers = Array.from({ length: 50 }, () => {
      const reader = new FrameReader(100 * 1024 * 1024)
      const head = Buffer.alloc(14)
      head.writeInt32BE(100 * 1024 * 1024)
      reader.push(head)
      expect(reader.next()).toBeUndefined()
      expect(reader.partial).toBe(true)
      return reader
    })
    const grown = process.memoryUsage().arrayBuffers - before
    expect(readers.every((r) => r.bufferedBytes === 14)).toBe(true)
    // 50 readers: at most a staging buffer each (64 KiB), nowhere near 50 x 100 MiB.
    expect(grown).toBeLessThan(50 * STAGING_BYTES + (1 << 20))
  })

  it('holds one buffer per staging buffer filled when a frame arrives a byte at a time', () => {
    const payload = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251))
    const stream = prefixed(payload)
    const reader = new FrameReader(1 << 20)
    for (let i = 0; i < stream.length - 1; i++) reader.push(stream.subarray(i, i + 1))
    expect(reader.chunkCount).toBeLessThanOrEqual(Math.ceil(stream.length / STAGING_BYTES) + 1)
    expect(reader.next()).toBeUndefined()
    reader.push(stream.subarray(stream.length - 1))
    expect(reader.next()!.equals(payload)).toBe(true)
    expect(reader.chunkCount).toBe(0)
  })

  it('keeps large chunks as they came and mixes them with staged ones', () => {
    const reader = new FrameReader(1 << 20)
    const big = Buffer.alloc(SMALL_CHUNK_BYTES, 1)
    const frame = prefixed(Buffer.concat([Buffer.from([5, 6]), big, Buffer.from([7])]))
    reader.push(frame.subarray(0, 6))
    reader.push(frame.subarray(6, 6 + big.length))
    reader.push(frame.subarray(6 + big.length))
    const out = reader.next()!
    expect(out.length).toBe(big.length + 3)
    expect([out[0], out[1], out[out.length - 1]]).toEqual([5, 6, 7])
  })

  it('clear() drops everything', () => {
    const reader = new FrameReader(100)
    reader.push(Buffer.from([0, 0, 0, 50, 1, 2]))
    reader.clear()
    expect(reader.bufferedBytes).toBe(0)
    reader.push(prefixed(Buffer.from([3])))
    expect([...reader.next()!]).toEqual([3])
  })
})
