/**
 * Compressed payloads that expand far beyond their size ("decompression bombs"), one per Kafka
 * codec, built without ever holding their output: gzip as many concatenated members, zstd as a frame
 * of RLE blocks, LZ4 as a frame repeating one compressed block of zeros, snappy as a raw stream whose
 * length preamble declares 4 GiB. Used to show that every decode is bounded before it allocates.
 */
import zlib from 'node:zlib'

import { compressBlock } from '../../src/codec/lz4.js'
import { xxh32 } from '../../src/codec/xxhash32.js'

const MiB = 1024 * 1024

/** A gzip payload of `members` members, each 16 MiB of zeros: output `members` × 16 MiB. */
export function gzipBomb(members: number): Buffer {
  const one = zlib.gzipSync(Buffer.alloc(16 * MiB), { level: 9 })
  return Buffer.concat(Array.from({ length: members }, () => one))
}

/** A zstd frame (no content size, 128 KiB window) of `blocks` RLE blocks of 128 KiB: 4 bytes each. */
export function zstdBomb(blocks: number, declaredContentSize?: number): Buffer {
  const parts: Buffer[] = []
  if (declaredContentSize === undefined) {
    parts.push(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38])) // FHD 0: window descriptor follows; 2^17 window
  } else {
    const h = Buffer.alloc(6 + 8)
    h.writeUInt32LE(0xfd2fb528, 0)
    h[4] = 0xc0 // FCS 8 bytes, window descriptor follows
    h[5] = 0x38
    h.writeBigUInt64LE(BigInt(declaredContentSize), 6)
    parts.push(h)
  }
  for (let i = 0; i < blocks; i++) {
    const last = i === blocks - 1 ? 1 : 0
    const header = last | (1 << 1) | ((128 * 1024) << 3) // RLE block of 128 KiB
    parts.push(Buffer.from([header & 0xff, (header >>> 8) & 0xff, (header >>> 16) & 0xff, 0]))
  }
  return Buffer.concat(parts)
}

/** An LZ4 frame of `blocks` independent 64 KiB blocks of zeros, each compressed (about 270 bytes). */
export function lz4Bomb(blocks: number): Buffer {
  const header = Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0])
  header[6] = (xxh32(header.subarray(4, 6), 0) >>> 8) & 0xff
  const block = compressBlock(Buffer.alloc(64 * 1024))
  const size = Buffer.alloc(4)
  size.writeUInt32LE(block.length, 0)
  const parts: Buffer[] = [header]
  for (let i = 0; i < blocks; i++) parts.push(size, block)
  parts.push(Buffer.alloc(4))
  return Buffer.concat(parts)
}

/** A raw snappy stream whose preamble declares `declared` bytes, followed by one literal byte. */
export function snappyBomb(declared = 0xfffffff0): Buffer {
  const pre: number[] = []
  let n = declared
  while (n >= 0x80) {
    pre.push((n & 0x7f) | 0x80)
    n = Math.floor(n / 128)
  }
  pre.push(n)
  return Buffer.from([...pre, 0x00, 0x00])
}
