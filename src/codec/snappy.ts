/**
 * Snappy in pure TypeScript: the raw block format, and the xerial framing Kafka's Java client
 * writes around it. The fallback when the native `snappy` package is missing, and the framing for
 * both backends (the native package only knows raw blocks).
 *
 * Raw snappy (the format description in google/snappy): a varint of the uncompressed length, then
 * elements whose tag's low two bits say literal (00), copy with a 1-byte offset (01), copy with a
 * 2-byte offset (10) or with a 4-byte offset (11).
 *
 * Xerial framing (`SnappyCompression.java` → xerial `SnappyOutputStream`):
 * ```
 * 82 53 4E 41 50 50 59 00   magic
 * int32 BE version (1)      int32 BE compatible version (1)
 * then blocks: int32 BE length + one raw snappy stream of at most 32 KiB of input
 * ```
 * Kafka writes the framing; kafkajs-snappy and some other clients write a bare raw stream, so a
 * reader accepts both (a raw stream cannot begin with the magic: its first byte would announce a
 * length whose varint continues into 0x53, and the next byte, 0x4E, as the first tag is a copy with
 * nothing before it to copy).
 *
 * Pure functions, no state: safe from any thread.
 */

import { OutputLimitError } from './output-limit.js'

/** The xerial magic, 8 bytes. */
export const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00])
const XERIAL_HEADER_SIZE = 16
/** Input per xerial block: the 32 KiB of xerial's `SnappyOutputStream` default. */
const XERIAL_BLOCK = 32 * 1024
/** Snappy compresses input in independent fragments of this size (offsets never reach further). */
const FRAGMENT = 65536
const HASH_BITS = 14

/** A raw block compressor (the native package's, or {@link compressRaw}). */
export type RawCompress = (src: Buffer) => Buffer
/** A raw block decompressor (the native package's, or {@link decompressRaw}). */
export type RawDecompress = (src: Buffer) => Buffer

/** Malformed input; the registry reports it as a corrupt batch. */
function fail(what: string): never {
  throw new Error(`snappy: ${what}`)
}

/** Length the raw stream `src` declares in its preamble. */
export function rawUncompressedLength(src: Uint8Array): number {
  let result = 0
  let shift = 0
  for (let i = 0; i < 5; i++) {
    if (i >= src.length) fail('truncated length preamble')
    const b = src[i]!
    result += (b & 0x7f) * 2 ** shift
    if (b < 0x80) return result
    shift += 7
  }
  return fail('length preamble too long')
}

/**
 * Decodes one raw snappy stream.
 * @throws Error when the stream is malformed (bad tag, offset before the start, wrong length)
 */
export function decompressRaw(src: Buffer): Buffer {
  const length = rawUncompressedLength(src)
  let ip = 0
  while (src[ip]! >= 0x80) ip++
  ip++
  const out = Buffer.allocUnsafe(length)
  let op = 0
  const end = src.length
  while (ip < end) {
    const tag = src[ip++]!
    const kind = tag & 3
    if (kind === 0) {
      let len = tag >>> 2
      if (len >= 60) {
        const n = len - 59
        if (ip + n > end) fail('truncated literal length')
        len = 0
        for (let i = 0; i < n; i++) len += src[ip + i]! * 2 ** (8 * i)
        ip += n
      }
      len += 1
      if (ip + len > end || op + len > length) fail('literal runs past the end')
      // Short runs by hand: a Buffer.copy call costs more than the bytes it moves.
      if (len < 32) {
        for (let i = 0; i < len; i++) out[op + i] = src[ip + i]!
      } else {
        src.copy(out, op, ip, ip + len)
      }
      ip += len
      op += len
      continue
    }
    let len: number
    let offset: number
    if (kind === 1) {
      if (ip >= end) fail('truncated copy')
      len = 4 + ((tag >>> 2) & 7)
      offset = ((tag >>> 5) << 8) | src[ip++]!
    } else if (kind === 2) {
      if (ip + 2 > end) fail('truncated copy')
      len = 1 + (tag >>> 2)
      offset = src[ip]! | (src[ip + 1]! << 8)
      ip += 2
    } else {
      if (ip + 4 > end) fail('truncated copy')
      len = 1 + (tag >>> 2)
      offset = src.readUInt32LE(ip)
      ip += 4
    }
    if (offset === 0 || offset > op || op + len > length) fail('copy out of range')
    if (offset >= len && len >= 32) {
      out.copyWithin(op, op - offset, op - offset + len)
      op += len
    } else {
      // Short or overlapping (a run repeating its own output): byte by byte, which also serves overlap.
      for (let i = 0; i < len; i++, op++) out[op] = out[op - offset]!
    }
  }
  if (op !== length) fail('stream shorter than its declared length')
  return out
}

function emitLiteral(out: Buffer, op: number, src: Buffer, from: number, to: number): number {
  const n = to - from - 1
  if (n < 60) {
    out[op++] = n << 2
  } else if (n < 0x100) {
    out[op++] = 60 << 2
    out[op++] = n
  } else if (n < 0x10000) {
    out[op++] = 61 << 2
    out[op++] = n & 0xff
    out[op++] = n >>> 8
  } else {
    out[op++] = 62 << 2
    out[op++] = n & 0xff
    out[op++] = (n >>> 8) & 0xff
    out[op++] = n >>> 16
  }
  if (to - from < 32) {
    for (let i = from; i < to; i++) out[op++] = src[i]!
    return op
  }
  src.copy(out, op, from, to)
  return op + (to - from)
}

function emitCopy(out: Buffer, op: number, offset: number, len: number): number {
  while (len >= 68) {
    out[op++] = 2 | (63 << 2)
    out[op++] = offset & 0xff
    out[op++] = offset >>> 8
    len -= 64
  }
  if (len > 64) {
    out[op++] = 2 | (59 << 2)
    out[op++] = offset & 0xff
    out[op++] = offset >>> 8
    len -= 60
  }
  if (len >= 12 || offset >= 2048) {
    out[op++] = 2 | ((len - 1) << 2)
    out[op++] = offset & 0xff
    out[op++] = offset >>> 8
  } else {
    out[op++] = 1 | ((len - 4) << 2) | ((offset >>> 8) << 5)
    out[op++] = offset & 0xff
  }
  return op
}

/** Worst-case size of a raw stream for `n` input bytes (snappy's `MaxCompressedLength`). */
function maxCompressedLength(n: number): number {
  return 32 + n + Math.floor(n / 6)
}

/**
 * Encodes `src` as one raw snappy stream: greedy matching over a 16K-entry hash of 4-byte
 * sequences, fragment by fragment (64 KiB), as the reference encoder does. Output is valid for any
 * snappy decoder; the ratio is close to the reference encoder's on text.
 */
export function compressRaw(src: Buffer): Buffer {
  const out = Buffer.allocUnsafe(maxCompressedLength(src.length))
  let op = 0
  let n = src.length
  do {
    out[op++] = n > 0x7f ? (n & 0x7f) | 0x80 : n
    n = Math.floor(n / 128)
  } while (n > 0)
  const table = new Int32Array(1 << HASH_BITS)
  for (let start = 0; start < src.length; start += FRAGMENT) {
    const end = Math.min(start + FRAGMENT, src.length)
    op = compressFragment(src, start, end, out, op, table)
  }
  return out.subarray(0, op)
}

/** Four bytes at `p` as a little-endian int32 (inlined by V8, unlike the bounds-checked readUInt32LE). */
function load32(b: Uint8Array, p: number): number {
  return b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)
}

function compressFragment(src: Buffer, start: number, end: number, out: Buffer, op: number, table: Int32Array): number {
  let emitted = start
  if (end - start >= 15) {
    table.fill(-1)
    const limit = end - 4
    let ip = start
    while (ip <= limit) {
      const word = load32(src, ip)
      const h = Math.imul(word, 0x1e35a7bd) >>> (32 - HASH_BITS)
      const candidate = table[h]!
      table[h] = ip
      if (candidate >= start && load32(src, candidate) === word) {
        if (ip > emitted) op = emitLiteral(out, op, src, emitted, ip)
        let len = 4
        while (ip + len < end && src[candidate + len] === src[ip + len]) len++
        op = emitCopy(out, op, ip - candidate, len)
        ip += len
        emitted = ip
        // Seed the table with the position just before the next search, as the reference does.
        if (ip - 1 <= limit) table[Math.imul(load32(src, ip - 1), 0x1e35a7bd) >>> (32 - HASH_BITS)] = ip - 1
        continue
      }
      // Skip faster through input that does not match (the reference's heuristic: 1 + gap/32).
      ip += 1 + ((ip - emitted) >>> 5)
    }
  }
  if (emitted < end) op = emitLiteral(out, op, src, emitted, end)
  return op
}

/** Wraps `src` in the xerial framing, compressing each 32 KiB block with `compress`. */
export function compressXerial(src: Buffer, compress: RawCompress): Buffer {
  const parts: Buffer[] = []
  const header = Buffer.allocUnsafe(XERIAL_HEADER_SIZE)
  XERIAL_MAGIC.copy(header, 0)
  header.writeInt32BE(1, 8)
  header.writeInt32BE(1, 12)
  parts.push(header)
  for (let at = 0; at < src.length; at += XERIAL_BLOCK) {
    const block = compress(src.subarray(at, Math.min(at + XERIAL_BLOCK, src.length)))
    const len = Buffer.allocUnsafe(4)
    len.writeInt32BE(block.length, 0)
    parts.push(len, block)
  }
  return Buffer.concat(parts)
}

/** True when `src` starts with the xerial framing header. */
export function isXerial(src: Buffer): boolean {
  return src.length >= XERIAL_HEADER_SIZE && src.subarray(0, 8).equals(XERIAL_MAGIC)
}

/**
 * Decodes a snappy payload as Kafka's readers do: the xerial framing when it starts with the magic,
 * otherwise one raw stream.
 * @param maxBytes - the most output allowed, checked against each raw stream's length preamble
 *   before it is decoded (a raw decoder allocates what the preamble says)
 * @throws Error when the payload is malformed
 * @throws OutputLimitError when the output would exceed `maxBytes`
 */
export function decompressSnappy(src: Buffer, decompress: RawDecompress, maxBytes = Infinity): Buffer {
  if (!isXerial(src)) {
    if (rawUncompressedLength(src) > maxBytes) throw new OutputLimitError(maxBytes)
    return decompress(src)
  }
  const blocks: Buffer[] = []
  let total = 0
  let at = XERIAL_HEADER_SIZE
  while (at < src.length) {
    if (at + 4 > src.length) fail('truncated xerial block length')
    const len = src.readInt32BE(at)
    at += 4
    if (len < 0 || at + len > src.length) fail('xerial block runs past the payload')
    const block = src.subarray(at, at + len)
    total += rawUncompressedLength(block)
    if (total > maxBytes) throw new OutputLimitError(maxBytes)
    blocks.push(decompress(block))
    at += len
  }
  return blocks.length === 1 ? blocks[0]! : Buffer.concat(blocks)
}
