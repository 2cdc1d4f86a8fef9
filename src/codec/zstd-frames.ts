/**
 * The shape of a zstd payload, read from its frame and block headers without decoding a byte of
 * content (RFC 8878): how much it can decompress to at most, and what each frame declares. The
 * registry uses it to bound every zstd decode before anything is allocated: a decoder is only asked
 * for a payload whose largest possible output fits the caller's bound, or is run in a way that stops
 * at the bound.
 *
 * Frame: magic 0xFD2FB528 (LE), Frame_Header_Descriptor (FCS field size flag bits 7-6, single
 * segment bit 5, reserved bit 3, checksum bit 2, dictionary id flag bits 1-0), a window descriptor
 * unless single-segment, the dictionary id, the frame content size (FCS); then blocks, each a 3-byte
 * LE header (last bit 0, type bits 1-2: raw, RLE, compressed, reserved; size bits 3-23) and its
 * data; then a 4-byte checksum when flagged. Skippable frames (magic 0x184D2A5?) carry a 4-byte size.
 * A raw or RLE block regenerates exactly its size; a compressed block at most
 * `min(window, 128 KiB)`, so the sum over blocks bounds the output (tight for what encoders write:
 * full blocks but the last).
 *
 * Pure functions, no state: safe from any thread.
 */

const MAGIC = 0xfd2fb528
const SKIPPABLE_MASK = 0xfffffff0
const SKIPPABLE_MAGIC = 0x184d2a50
const MAX_BLOCK = 128 * 1024

/** One zstd frame's declarations. */
export interface ZstdFrame {
  /** The frame content size it declares, or `undefined` when it declares none. */
  contentSize: number | undefined
  /** Its window size (the content size for a single-segment frame). */
  windowSize: number
  /** The most bytes its blocks can regenerate (at most `contentSize` when declared). */
  maxOutput: number
}

/** A zstd payload's frames, and the most it can decompress to in all. */
export interface ZstdShape {
  frames: ZstdFrame[]
  /** Σ of the frames' `maxOutput`. */
  maxOutput: number
}

function fail(what: string): never {
  throw new Error(`zstd: ${what}`)
}

/**
 * Reads the frame and block headers of `src`.
 * @throws Error when a header is malformed or runs past the payload
 */
export function zstdShape(src: Uint8Array): ZstdShape {
  const view = Buffer.from(src.buffer, src.byteOffset, src.byteLength)
  const frames: ZstdFrame[] = []
  let maxOutput = 0
  let at = 0
  if (src.length === 0) fail('empty payload')
  while (at < src.length) {
    if (at + 4 > src.length) fail('truncated magic')
    const magic = view.readUInt32LE(at)
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      if (at + 8 > src.length) fail('truncated skippable frame')
      at += 8 + view.readUInt32LE(at + 4)
      if (at > src.length) fail('skippable frame runs past the payload')
      continue
    }
    if (magic !== MAGIC) fail('bad magic')
    if (at + 5 > src.length) fail('truncated frame header')
    const fhd = src[at + 4]!
    const fcsFlag = fhd >>> 6
    const single = (fhd & 0x20) !== 0
    if ((fhd & 0x08) !== 0) fail('reserved bit set')
    const dictBytes = [0, 1, 2, 4][fhd & 3]!
    const fcsBytes = fcsFlag === 0 ? (single ? 1 : 0) : 1 << fcsFlag
    let p = at + 5
    let windowSize = 0
    if (!single) {
      if (p >= src.length) fail('truncated window descriptor')
      const wd = src[p++]!
      const base = 2 ** (10 + (wd >>> 3))
      windowSize = base + (base / 8) * (wd & 7)
    }
    p += dictBytes
    if (p + fcsBytes > src.length) fail('truncated frame header')
    let contentSize: number | undefined
    if (fcsBytes > 0) {
      let v = 0
      for (let i = fcsBytes - 1; i >= 0; i--) v = v * 256 + src[p + i]!
      contentSize = fcsBytes === 2 ? v + 256 : v
    }
    p += fcsBytes
    if (single) windowSize = contentSize!
    const blockMax = Math.min(windowSize, MAX_BLOCK)
    let out = 0
    for (;;) {
      if (p + 3 > src.length) fail('truncated block header')
      const h = src[p]! | (src[p + 1]! << 8) | (src[p + 2]! << 16)
      p += 3
      const type = (h >>> 1) & 3
      const size = h >>> 3
      if (type === 3) fail('reserved block type')
      if (type === 1) {
        out += size
        p += 1
      } else {
        out += type === 0 ? size : blockMax
        p += size
      }
      if (p > src.length) fail('block runs past the payload')
      if ((h & 1) !== 0) break
    }
    if ((fhd & 0x04) !== 0) p += 4
    if (p > src.length) fail('truncated checksum')
    const frameMax = contentSize === undefined ? out : Math.min(out, contentSize)
    frames.push({ contentSize, windowSize, maxOutput: frameMax })
    maxOutput += frameMax
    at = p
  }
  return { frames, maxOutput }
}
