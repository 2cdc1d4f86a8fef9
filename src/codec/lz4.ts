/**
 * LZ4 in pure TypeScript: the block format, and the frame format Kafka wraps it in. The fallback
 * when the native `lz4-napi` package is missing, and the frame writer for both backends (so every
 * frame we write has Kafka's shape whatever compresses the blocks).
 *
 * Frame (lz4_Frame_format.md), as Kafka's `Lz4BlockOutputStream` writes it:
 * ```
 * 04 22 4D 18   magic 0x184D2204 (little-endian)
 * FLG 0x60      version 01, block independence 1, no block/content checksum, no content size
 * BD  0x40      64 KiB maximum block size
 * HC            (xxh32(FLG BD) >> 8) & 0xFF
 * blocks        uint32 LE size (high bit: stored uncompressed) + data; size 0 ends the frame
 * ```
 * Kafka's reader rejects frames whose block-independence flag is clear ("Dependent block stream is
 * unsupported"), so we always write independent blocks; we read dependent ones too (lz4js writes
 * them), since decoding into one contiguous buffer serves both. Checksums inside the frame are not
 * verified: the batch's CRC-32C already covers every byte of it.
 *
 * Pure functions, no state: safe from any thread.
 */
import { DecompressionBoundError } from './bound-error.js'
import { xxh32 } from './xxhash32.js'

const MAGIC = 0x184d2204
const SKIPPABLE_MASK = 0xfffffff0
const SKIPPABLE_MAGIC = 0x184d2a50
const FLG = 0x60
const BD = 0x40
const BLOCK = 64 * 1024
const UNCOMPRESSED = 0x80000000
const BLOCK_SIZES = [0, 0, 0, 0, 64 * 1024, 256 * 1024, 1024 * 1024, 4 * 1024 * 1024]
const HASH_BITS = 14
const MIN_MATCH = 4
/** The last match must start at least 12 bytes before the end of a block (LZ4 block format). */
const MF_LIMIT = 12
/** The last 5 bytes of a block are always literals. */
const LAST_LITERALS = 5

/** A block compressor: raw LZ4 block of `src`, or `undefined` to store it uncompressed. */
export type BlockCompress = (src: Buffer) => Buffer

function fail(what: string): never {
  throw new Error(`lz4: ${what}`)
}

/**
 * Decodes one LZ4 block `src[from, to)` into `out` at `op`, writing at most up to `outEnd`. Matches
 * may reach back anywhere in `out[0, op)` (dependent blocks reference earlier blocks).
 * @returns the position after the decoded bytes
 */
export function decompressBlock(src: Uint8Array, from: number, to: number, out: Buffer, op: number, outEnd: number): number {
  let ip = from
  for (;;) {
    if (ip >= to) fail('truncated sequence')
    const token = src[ip++]!
    let litLen = token >>> 4
    if (litLen === 15) {
      let b: number
      do {
        if (ip >= to) fail('truncated literal length')
        b = src[ip++]!
        litLen += b
      } while (b === 255)
    }
    if (ip + litLen > to || op + litLen > outEnd) fail('literals run past the block')
    // Short runs by hand: a native copy call costs more than the bytes it moves.
    if (litLen < 32) {
      for (let i = 0; i < litLen; i++) out[op + i] = src[ip + i]!
    } else {
      out.set(src.subarray(ip, ip + litLen), op)
    }
    ip += litLen
    op += litLen
    if (ip === to) return op // the last sequence has literals only
    if (ip + 2 > to) fail('truncated offset')
    const offset = src[ip]! | (src[ip + 1]! << 8)
    ip += 2
    let matchLen = token & 15
    if (matchLen === 15) {
      let b: number
      do {
        if (ip >= to) fail('truncated match length')
        b = src[ip++]!
        matchLen += b
      } while (b === 255)
    }
    matchLen += MIN_MATCH
    if (offset === 0 || offset > op || op + matchLen > outEnd) fail('match out of range')
    if (offset >= matchLen && matchLen >= 32) {
      out.copyWithin(op, op - offset, op - offset + matchLen)
      op += matchLen
    } else {
      // Short or overlapping (a run repeating its own output): byte by byte serves both.
      for (let i = 0; i < matchLen; i++, op++) out[op] = out[op - offset]!
    }
  }
}

/** A frame's descriptor as {@link lz4Frames} reads it. */
interface FrameDescriptor {
  /** Position after the descriptor: the first block size word. */
  blocks: number
  blockMax: number
  blockChecksum: boolean
  contentChecksum: boolean
  /** The content size the frame declares, or `undefined`. */
  contentSize: number | undefined
}

function readDescriptor(src: Buffer, at: number): FrameDescriptor {
  if (at + 7 > src.length) fail('truncated frame descriptor')
  const flg = src[at + 4]!
  const bd = src[at + 5]!
  if (flg >>> 6 !== 1) fail('unsupported frame version')
  if ((flg & 1) !== 0) fail('dictionaries are not supported')
  const blockMax = BLOCK_SIZES[(bd >>> 4) & 7]!
  if (blockMax === 0) fail('bad block size')
  let contentSize: number | undefined
  if ((flg & 0x08) !== 0) {
    if (at + 15 > src.length) fail('truncated frame descriptor')
    contentSize = src.readUInt32LE(at + 6) + src.readUInt32LE(at + 10) * 2 ** 32
  }
  return {
    blocks: at + 6 + (contentSize !== undefined ? 8 : 0) + 1,
    blockMax,
    blockChecksum: (flg & 0x10) !== 0,
    contentChecksum: (flg & 0x04) !== 0,
    contentSize,
  }
}

/**
 * The most an LZ4 payload (frames back to back, skippable ones skipped) can decompress to, read from
 * its frame descriptors and block size words alone: a stored block regenerates its size, a
 * compressed one at most the frame's block maximum, and a frame declaring its content size at most
 * that. What the registry checks before it lets a decoder that cannot be bounded (the native one) run.
 * @throws Error when a header is malformed or runs past the payload
 */
export function lz4MaxOutput(src: Buffer): number {
  let total = 0
  let at = 0
  if (src.length === 0) fail('empty payload')
  while (at < src.length) {
    if (at + 4 > src.length) fail('truncated magic')
    const magic = src.readUInt32LE(at)
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      if (at + 8 > src.length) fail('truncated skippable frame')
      at += 8 + src.readUInt32LE(at + 4)
      continue
    }
    if (magic !== MAGIC) fail('bad magic')
    const d = readDescriptor(src, at)
    at = d.blocks
    let out = 0
    for (;;) {
      if (at + 4 > src.length) fail('truncated block size')
      const word = src.readUInt32LE(at)
      at += 4
      if (word === 0) break
      const n = (word & ~UNCOMPRESSED) >>> 0
      if (n > d.blockMax || at + n > src.length) fail('block runs past the payload')
      out += (word & UNCOMPRESSED) !== 0 ? n : d.blockMax
      at += n + (d.blockChecksum ? 4 : 0)
    }
    if (d.contentChecksum) at += 4
    total += d.contentSize === undefined ? out : Math.min(out, d.contentSize)
  }
  if (at > src.length) fail('truncated checksum')
  return total
}

/**
 * Decodes an LZ4 frame (or several back to back, skipping skippable frames), producing at most
 * `maxLength` bytes. The output is allocated once, at the smaller of `maxLength` and what the
 * headers say the frames can regenerate ({@link lz4MaxOutput}), and never grows: a block that would
 * write past it fails.
 * @throws DecompressionBoundError when the output would exceed `maxLength`
 * @throws Error when the frame is malformed or uses a dictionary
 */
export function decompressFrame(src: Buffer, maxLength: number): Buffer {
  const most = lz4MaxOutput(src)
  const cap = Math.min(maxLength, most)
  const out = Buffer.allocUnsafe(cap)
  let op = 0
  let at = 0
  while (at < src.length) {
    const magic = src.readUInt32LE(at)
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      at += 8 + src.readUInt32LE(at + 4)
      continue
    }
    const d = readDescriptor(src, at)
    if (d.contentSize !== undefined && d.contentSize > maxLength - op) throw new DecompressionBoundError('lz4', maxLength, d.contentSize)
    at = d.blocks
    for (;;) {
      const word = src.readUInt32LE(at)
      at += 4
      if (word === 0) break
      const n = (word & ~UNCOMPRESSED) >>> 0
      // lz4MaxOutput vouched for the framing: sizes within the payload and the block maximum.
      const room = Math.min(op + d.blockMax, cap)
      if ((word & UNCOMPRESSED) !== 0) {
        if (n > cap - op) throw new DecompressionBoundError('lz4', maxLength, undefined)
        src.copy(out, op, at, at + n)
        op += n
      } else {
        try {
          op = decompressBlock(src, at, at + n, out, op, room)
        } catch (err) {
          // The block ran into the bound rather than past its own maximum: say which.
          if (cap < most && room < op + d.blockMax) throw new DecompressionBoundError('lz4', maxLength, undefined)
          throw err
        }
      }
      at += n + (d.blockChecksum ? 4 : 0)
    }
    if (d.contentChecksum) at += 4
  }
  return out.subarray(0, op)
}

/** Four bytes at `p` as a little-endian int32 (inlined by V8, unlike the bounds-checked readUInt32LE). */
function load32(b: Uint8Array, p: number): number {
  return b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)
}

function writeLength(out: Buffer, op: number, n: number): number {
  while (n >= 255) {
    out[op++] = 255
    n -= 255
  }
  out[op++] = n
  return op
}

/**
 * Why Kafka's reader (`Lz4BlockInputStream`) would refuse the frame at the start of `src`, or
 * `undefined` when it reads it: version 01, reserved FLG and BD bits clear, independent blocks (Kafka
 * refuses dependent ones: "Dependent block stream is unsupported"), a block size Kafka knows, and the
 * frame descriptor's checksum byte right. Produced batches must pass this: a log whose batches Kafka
 * cannot read would not be Kafka's format.
 */
export function kafkaLz4FrameProblem(src: Uint8Array): string | undefined {
  if (src.length < 7) return 'truncated frame descriptor'
  if ((src[0]! | (src[1]! << 8) | (src[2]! << 16) | (src[3]! << 24)) >>> 0 !== MAGIC) return 'not an LZ4 frame'
  const flg = src[4]!
  const bd = src[5]!
  if (flg >>> 6 !== 1) return `frame version ${flg >>> 6}`
  if ((flg & 3) !== 0) return 'reserved FLG bits (or a dictionary) set'
  if ((flg & 0x20) === 0) return 'dependent blocks (Kafka reads independent blocks only)'
  if ((bd & 0x8f) !== 0 || ((bd >>> 4) & 7) < 4) return 'bad BD byte'
  const descriptorEnd = 6 + ((flg & 0x08) !== 0 ? 8 : 0)
  if (src.length <= descriptorEnd) return 'truncated frame descriptor'
  if (((xxh32(src.subarray(4, descriptorEnd), 0) >>> 8) & 0xff) !== src[descriptorEnd]) return 'frame descriptor checksum mismatch'
  return undefined
}

/**
 * Encodes `src` as one raw LZ4 block: greedy matching over a 16K-entry hash of 4-byte sequences,
 * honouring the end-of-block rules (last match starts ≥ 12 bytes before the end, last 5 bytes are
 * literals). Never references bytes outside `src`, so blocks stay independent.
 */
export function compressBlock(src: Buffer): Buffer {
  const len = src.length
  const out = Buffer.allocUnsafe(len + Math.ceil(len / 255) + 16)
  let op = 0
  let anchor = 0
  if (len >= MF_LIMIT + 1) {
    const table = new Int32Array(1 << HASH_BITS).fill(-1)
    const mfLimit = len - MF_LIMIT
    const matchLimit = len - LAST_LITERALS
    let ip = 0
    while (ip <= mfLimit) {
      const word = load32(src, ip)
      const h = Math.imul(word, 2654435761) >>> (32 - HASH_BITS)
      const candidate = table[h]!
      table[h] = ip
      if (candidate >= 0 && ip - candidate <= 65535 && load32(src, candidate) === word) {
        let matchLen = MIN_MATCH
        while (ip + matchLen < matchLimit && src[candidate + matchLen] === src[ip + matchLen]) matchLen++
        const litLen = ip - anchor
        const token = op++
        out[token] = ((litLen >= 15 ? 15 : litLen) << 4) | (matchLen - MIN_MATCH >= 15 ? 15 : matchLen - MIN_MATCH)
        if (litLen >= 15) op = writeLength(out, op, litLen - 15)
        for (let i = anchor; i < ip; i++) out[op++] = src[i]!
        const offset = ip - candidate
        out[op++] = offset & 0xff
        out[op++] = offset >>> 8
        if (matchLen - MIN_MATCH >= 15) op = writeLength(out, op, matchLen - MIN_MATCH - 15)
        ip += matchLen
        anchor = ip
        continue
      }
      ip += 1 + ((ip - anchor) >>> 6)
    }
  }
  const litLen = len - anchor
  out[op++] = (litLen >= 15 ? 15 : litLen) << 4
  if (litLen >= 15) op = writeLength(out, op, litLen - 15)
  src.copy(out, op, anchor, len)
  op += litLen
  return out.subarray(0, op)
}

const HEADER = (() => {
  const h = Buffer.allocUnsafe(7)
  h.writeUInt32LE(MAGIC, 0)
  h[4] = FLG
  h[5] = BD
  h[6] = (xxh32(h.subarray(4, 6), 0) >>> 8) & 0xff
  return h
})()

/**
 * Writes `src` as one LZ4 frame of independent 64 KiB blocks (Kafka's shape), each compressed with
 * `compress` and stored uncompressed when that does not make it smaller.
 */
export function compressFrame(src: Buffer, compress: BlockCompress): Buffer {
  const parts: Buffer[] = [HEADER]
  for (let at = 0; at < src.length; at += BLOCK) {
    const block = src.subarray(at, Math.min(at + BLOCK, src.length))
    const packed = compress(block)
    const size = Buffer.allocUnsafe(4)
    if (packed.length < block.length) {
      size.writeUInt32LE(packed.length, 0)
      parts.push(size, packed)
    } else {
      size.writeUInt32LE((block.length | UNCOMPRESSED) >>> 0, 0)
      parts.push(size, block)
    }
  }
  parts.push(Buffer.alloc(4)) // end mark
  return Buffer.concat(parts)
}
