/**
 * Rebuilding one batch with the records compaction keeps (Kafka's `MemoryRecords.filterTo`).
 *
 * The rebuilt batch keeps the original's offsets (base offset and `lastOffsetDelta`: offsets are
 * never renumbered, and a batch keeps its extent even when its last records go), partition leader
 * epoch, producer fields and codec; its records are re-encoded with their original offset and
 * timestamp deltas. A batch whose kept records include tombstones and that carries no delete
 * horizon yet gets one: attribute bit 0x40 and `now + deleteRetentionMs` in the base timestamp, the
 * record timestamp deltas rewritten against it (they may be negative), as Kafka's cleaner does.
 * A batch that keeps no record is written as an empty batch (no records, uncompressed), which
 * Kafka also writes: the cleaner uses it only to keep a segment's last offset.
 *
 * Pure: no file system. Compression goes through the codec registry (which may be asynchronous).
 */
import { CODEC_IDS, type CodecType } from '../base/compression.js'
import { compressorOf } from '../codec/registry.js'
import { crc32c } from '../format/crc32c.js'
import type { LogRecord } from '../format/record.js'
import { BATCH_HEADER_SIZE, LOG_OVERHEAD, readInt64, writeInt64 } from '../format/record-batch.js'
import { varintSize, varlongSize, writeVarint, writeVarlong } from '../format/varint.js'

/** Attribute bit: the base timestamp holds the delete horizon (Kafka's `DELETE_HORIZON_FLAG_MASK`). */
export const DELETE_HORIZON_FLAG = 0x40
const COMPRESSION_MASK = 0x07

/** The delete horizon of the batch at `pos`, or -1 when it has none. */
export function deleteHorizonOf(batch: Buffer, pos: number): number {
  return (batch.readInt16BE(pos + 21) & DELETE_HORIZON_FLAG) !== 0 ? readInt64(batch, pos + 27) : -1
}

function bytesSize(b: Uint8Array | null): number {
  return b === null ? 1 : varintSize(b.length) + b.length
}

function writeBytes(out: Buffer, pos: number, b: Uint8Array | null): number {
  if (b === null) return writeVarint(out, pos, -1)
  pos = writeVarint(out, pos, b.length)
  out.set(b, pos)
  return pos + b.length
}

/**
 * The batch at `original[pos]` with only `kept` (its records, in order).
 * @param horizon - delete horizon to set when the kept records include a tombstone and the batch has none
 */
export function rewriteBatch(original: Buffer, pos: number, kept: readonly LogRecord[], horizon: number): Buffer | Promise<Buffer> {
  const attributes = original.readInt16BE(pos + 21)
  const baseOffset = readInt64(original, pos)
  const originalMax = readInt64(original, pos + 35)
  let newAttributes = attributes
  let baseTimestamp = readInt64(original, pos + 27)
  if ((attributes & DELETE_HORIZON_FLAG) === 0 && kept.some((r) => r.value === null)) {
    newAttributes |= DELETE_HORIZON_FLAG
    baseTimestamp = horizon
  }
  if (kept.length === 0) newAttributes &= ~COMPRESSION_MASK & ~DELETE_HORIZON_FLAG
  // Records section, uncompressed.
  let size = 0
  const bodies: number[] = []
  const headerKeys = kept.map((r) => r.headers.map((h) => Buffer.from(h.key, 'utf8')))
  kept.forEach((r, i) => {
    let body = 1 + varlongSize(r.timestamp - baseTimestamp) + varintSize(r.offset - baseOffset) + bytesSize(r.key) + bytesSize(r.value)
    body += varintSize(r.headers.length)
    r.headers.forEach((h, j) => (body += bytesSize(headerKeys[i]![j]!) + bytesSize(h.value)))
    bodies.push(body)
    size += varintSize(body) + body
  })
  const records = Buffer.allocUnsafe(size)
  let p = 0
  let maxTimestamp = kept.length === 0 ? originalMax : -1
  kept.forEach((r, i) => {
    p = writeVarint(records, p, bodies[i]!)
    records[p++] = 0
    p = writeVarlong(records, p, r.timestamp - baseTimestamp)
    p = writeVarint(records, p, r.offset - baseOffset)
    p = writeBytes(records, p, r.key)
    p = writeBytes(records, p, r.value)
    p = writeVarint(records, p, r.headers.length)
    r.headers.forEach((h, j) => {
      p = writeBytes(records, p, headerKeys[i]![j]!)
      p = writeBytes(records, p, h.value)
    })
    if (r.timestamp > maxTimestamp) maxTimestamp = r.timestamp
  })
  if (kept.length === 0) baseTimestamp = originalMax
  const assemble = (payload: Uint8Array): Buffer => {
    const out = Buffer.allocUnsafe(BATCH_HEADER_SIZE + payload.length)
    original.copy(out, 0, pos, pos + BATCH_HEADER_SIZE)
    out.set(payload, BATCH_HEADER_SIZE)
    out.writeInt32BE(out.length - LOG_OVERHEAD, 8)
    out.writeInt16BE(newAttributes, 21)
    writeInt64(out, 27, baseTimestamp)
    writeInt64(out, 35, maxTimestamp)
    out.writeInt32BE(kept.length, 57)
    out.writeUInt32BE(crc32c(out.subarray(21)), 17)
    return out
  }
  const codec = newAttributes & COMPRESSION_MASK
  if (codec === 0) return assemble(records)
  const type = (Object.keys(CODEC_IDS) as CodecType[]).find((t) => CODEC_IDS[t] === codec)!
  const compressed = compressorOf(type)(records, undefined)
  return compressed instanceof Promise ? compressed.then(assemble) : assemble(compressed)
}
