/**
 * The memory a zstd payload makes a decoder allocate up front, read from its frame headers without
 * decoding (RFC 8878, section 3.1.1): a decoder allocates each frame's window (or, for a
 * single-segment frame, its declared content size) before the first block, and a hostile header can
 * declare gigabytes in a few bytes. Bounded decompression checks this first (`registry.ts`).
 *
 * Layout walked here:
 * ```
 * frame       28 B5 2F FD | descriptor | [window] | [dictionary id] | [content size] | blocks | [checksum]
 * block       3 bytes LE: bit 0 last, bits 1-2 type (0 raw, 1 RLE, 2 compressed, 3 reserved), bits 3-23 size
 * skippable   5? 2A 4D 18 | uint32 LE size | size bytes
 * ```
 *
 * Pure; safe from any thread.
 */

const ZSTD_MAGIC = 0xfd2fb528
const SKIPPABLE_MASK = 0xfffffff0
const SKIPPABLE_MAGIC = 0x184d2a50

function fail(what: string): never {
  throw new Error(`zstd: ${what}`)
}

/**
 * The largest window libzstd decodes by default (`ZSTD_WINDOWLOG_LIMIT_DEFAULT` = 27): Kafka's
 * clients (zstd-jni, librdkafka) decode nothing larger, so no producer sends it.
 */
export const ZSTD_MAX_WINDOW = 2 ** 27

/** What the frame headers of a payload declare (see {@link zstdFrameLimits}). */
export interface ZstdFrameLimits {
  /** The largest window a frame asks for (its content size for a single-segment frame). */
  largestWindow: number
  /** The sum of the content sizes the frames declare (frames that declare none count 0). */
  declaredContent: number
}

/**
 * The allocations the frames of `src` ask of a decoder, from their headers alone.
 * @throws Error when the frames are malformed (truncated, reserved bits or block types)
 */
export function zstdFrameLimits(src: Uint8Array): ZstdFrameLimits {
  const view = Buffer.from(src.buffer, src.byteOffset, src.byteLength)
  let largest = 0
  let declared = 0
  let at = 0
  if (view.length === 0) fail('empty payload')
  while (at < view.length) {
    if (at + 4 > view.length) fail('truncated magic')
    const magic = view.readUInt32LE(at)
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      if (at + 8 > view.length) fail('truncated skippable frame')
      at += 8 + view.readUInt32LE(at + 4)
      continue
    }
    if (magic !== ZSTD_MAGIC) fail('bad magic')
    if (at + 5 > view.length) fail('truncated frame header')
    const descriptor = view[at + 4]!
    if ((descriptor & 0x08) !== 0) fail('reserved frame header bit set')
    const fcsFlag = descriptor >>> 6
    const singleSegment = (descriptor & 0x20) !== 0
    const checksum = (descriptor & 0x04) !== 0
    const dictBytes = [0, 1, 2, 4][descriptor & 3]!
    let p = at + 5
    let window = 0
    if (!singleSegment) {
      if (p + 1 > view.length) fail('truncated window descriptor')
      const w = view[p++]!
      const base = 2 ** (10 + (w >>> 3))
      window = base + (base / 8) * (w & 7)
    }
    p += dictBytes
    const fcsBytes = fcsFlag === 0 ? (singleSegment ? 1 : 0) : 2 ** fcsFlag
    if (p + fcsBytes > view.length) fail('truncated frame content size')
    let contentSize = 0
    if (fcsBytes === 1) contentSize = view[p]!
    else if (fcsBytes === 2) contentSize = view.readUInt16LE(p) + 256
    else if (fcsBytes === 4) contentSize = view.readUInt32LE(p)
    else if (fcsBytes === 8) contentSize = view.readUInt32LE(p + 4) * 2 ** 32 + view.readUInt32LE(p)
    p += fcsBytes
    declared += contentSize
    if (singleSegment) window = contentSize
    if (window > largest) largest = window
    for (;;) {
      if (p + 3 > view.length) fail('truncated block header')
      const header = view[p]! | (view[p + 1]! << 8) | (view[p + 2]! << 16)
      p += 3
      const type = (header >>> 1) & 3
      const size = header >>> 3
      if (type === 3) fail('reserved block type')
      p += type === 1 ? 1 : size
      if (p > view.length) fail('block runs past the payload')
      if ((header & 1) !== 0) break
    }
    if (checksum) p += 4
    if (p > view.length) fail('truncated checksum')
    at = p
  }
  return { largestWindow: largest, declaredContent: declared }
}
