/**
 * RecordBatch v2 (magic 2): pure encode. No file-system access. The header's layout, readers and check
 * live in `batch-header.ts`, the records' decoding in `batch-records.ts`; both are re-exported here.
 *
 * Layout (big-endian), as Kafka's `DefaultRecordBatch`:
 * ```
 *  0 baseOffset int64        27 baseTimestamp int64     57 recordsCount int32
 *  8 batchLength int32       35 maxTimestamp int64      61 records...
 * 12 partitionLeaderEpoch    43 producerId int64 (-1)
 * 16 magic int8 (2)          51 producerEpoch int16 (-1)
 * 17 crc uint32              53 baseSequence int32 (-1)
 * 21 attributes int16        23 lastOffsetDelta int32
 * ```
 * The batch occupies `12 + batchLength` bytes; the CRC-32C covers bytes [21, end). Neither
 * `baseOffset` nor `partitionLeaderEpoch` is covered by the CRC, which is what lets the writer encode
 * a batch before it knows its offsets and stamp `baseOffset` at commit time.
 *
 * Records inside (`DefaultRecord`): length varint, attributes int8, timestampDelta varlong,
 * offsetDelta varint, key (varint length, -1 = null), value (likewise), header count varint, then
 * per header a key (varint length + UTF-8) and a value (varint length, -1 = null).
 */
import { crc32c } from './crc32c.js'
import type { PreparedRecord } from './record.js'
import { writeVarint, writeVarlong, varintSize, varlongSize } from './varint.js'
import { BATCH_HEADER_SIZE, COMPRESSION_MASK, LOG_OVERHEAD, MAGIC, writeInt64 } from './batch-header.js'

export {
  BATCH_HEADER_SIZE,
  LOG_OVERHEAD,
  HEADER_SIZE_UP_TO_MAGIC,
  MAGIC,
  writeInt64,
  readInt64,
  int32BE,
  type BatchHeader,
  batchBaseOffset,
  batchSize,
  batchMaxTimestamp,
  batchLastOffset,
  readBatchHeader,
  BatchCheck,
  batchCodec,
} from './batch-header.js'
export { checkBatch, checkRecordsOf, decodeBatch } from './batch-records.js'

/**
 * Bytes the batch holding `records[start, end)` takes, with the records' timestamps relative to the
 * first one. Used to split an append before encoding.
 */
export function encodedBatchSize(records: readonly PreparedRecord[], start: number, end: number): number {
  const baseTimestamp = records[start]!.timestamp
  let size = BATCH_HEADER_SIZE
  for (let i = start; i < end; i++) {
    const r = records[i]!
    const body = r.fixedBodySize + varlongSize(r.timestamp - baseTimestamp) + varintSize(i - start)
    size += varintSize(body) + body
  }
  return size
}

/** How an append splits into batches: `ends[i]` is the record index after batch i, `sizes[i]` its bytes. */
export interface BatchSplit {
  ends: number[]
  sizes: number[]
  total: number
}

/**
 * Splits `records` greedily into batches of at most `maxBatchBytes`, in one pass (each record's
 * size depends on its offset delta and timestamp delta within its batch, so sizes are accumulated
 * as the batch grows rather than recomputed).
 * @returns the split, or the index of a record that alone needs more than `maxBatchBytes` (as a
 *   negative number: -(index + 1))
 */
export function splitIntoBatches(records: readonly PreparedRecord[], maxBatchBytes: number): BatchSplit | number {
  const ends: number[] = []
  const sizes: number[] = []
  let total = 0
  let start = 0
  let size = BATCH_HEADER_SIZE
  let baseTimestamp = records[0]!.timestamp
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!
    let body = r.fixedBodySize + varlongSize(r.timestamp - baseTimestamp) + varintSize(i - start)
    let recordSize = varintSize(body) + body
    if (size + recordSize > maxBatchBytes && i > start) {
      ends.push(i)
      sizes.push(size)
      total += size
      start = i
      baseTimestamp = r.timestamp
      body = r.fixedBodySize + 2 // timestamp delta 0 and offset delta 0: one byte each
      recordSize = varintSize(body) + body
      size = BATCH_HEADER_SIZE
    }
    size += recordSize
    if (size > maxBatchBytes) return -(i + 1)
  }
  ends.push(records.length)
  sizes.push(size)
  total += size
  return { ends, sizes, total }
}

function writeBytes(out: Buffer, pos: number, b: Uint8Array | null): number {
  if (b === null) return writeVarint(out, pos, -1)
  pos = writeVarint(out, pos, b.length)
  out.set(b, pos)
  return pos + b.length
}

/**
 * Encodes `records[start, end)` as one batch at `out[pos]`. `out` must have room for
 * {@link encodedBatchSize} bytes. The batch's baseOffset is written as `baseOffset`; it can be
 * re-stamped later with {@link stampBaseOffset} without touching the CRC.
 * @param checksum - false for a batch that {@link compressedBatch} turns into a compressed one: its
 *   CRC field is left 0, since the CRC that counts is taken over the compressed bytes (taking this
 *   one too would checksum every uncompressed byte for nothing)
 * @returns the batch size in bytes
 */
export function encodeBatch(
  out: Buffer,
  pos: number,
  records: readonly PreparedRecord[],
  start: number,
  end: number,
  baseOffset: number,
  checksum = true,
): number {
  const count = end - start
  const baseTimestamp = records[start]!.timestamp
  let maxTimestamp = baseTimestamp
  let p = pos + BATCH_HEADER_SIZE
  for (let i = start; i < end; i++) {
    const r = records[i]!
    const tsDelta = r.timestamp - baseTimestamp
    if (r.timestamp > maxTimestamp) maxTimestamp = r.timestamp
    const offsetDelta = i - start
    const body = r.fixedBodySize + varlongSize(tsDelta) + varintSize(offsetDelta)
    p = writeVarint(out, p, body)
    out[p++] = 0 // record attributes: unused
    p = writeVarlong(out, p, tsDelta)
    p = writeVarint(out, p, offsetDelta)
    p = writeBytes(out, p, r.key)
    p = writeBytes(out, p, r.value)
    const h = r.headers
    p = writeVarint(out, p, h.length >> 1)
    for (let j = 0; j < h.length; j += 2) {
      p = writeBytes(out, p, h[j]!)
      p = writeBytes(out, p, h[j + 1]!)
    }
  }
  const size = p - pos
  writeInt64(out, pos, baseOffset)
  out.writeInt32BE(size - LOG_OVERHEAD, pos + 8)
  out.writeInt32BE(-1, pos + 12) // partitionLeaderEpoch: no leader
  out[pos + 16] = MAGIC
  out.writeInt16BE(0, pos + 21) // attributes: no compression, CreateTime, not transactional
  out.writeInt32BE(count - 1, pos + 23)
  writeInt64(out, pos + 27, baseTimestamp)
  writeInt64(out, pos + 35, maxTimestamp)
  writeInt64(out, pos + 43, -1) // producerId
  out.writeInt16BE(-1, pos + 51) // producerEpoch
  out.writeInt32BE(-1, pos + 53) // baseSequence
  out.writeInt32BE(count, pos + 57)
  out.writeUInt32BE(checksum ? crc32c(out.subarray(pos + 21, pos + size)) : 0, pos + 17)
  return size
}

/**
 * Turns the uncompressed batch `plain` (as {@link encodeBatch} wrote it at offset 0, with or without
 * its CRC: that field is not read) into a compressed one: `payload` is its records section
 * compressed with codec `codecId`. Every header field, `recordsCount` included, stays uncompressed
 * as Kafka keeps them; `batchLength` and the attributes change, and the CRC-32C is taken over the
 * compressed bytes.
 */
export function compressedBatch(plain: Buffer, payload: Uint8Array, codecId: number): Buffer {
  const out = Buffer.allocUnsafe(BATCH_HEADER_SIZE + payload.length)
  plain.copy(out, 0, 0, BATCH_HEADER_SIZE)
  out.set(payload, BATCH_HEADER_SIZE)
  out.writeInt32BE(out.length - LOG_OVERHEAD, 8)
  out.writeInt16BE(codecId & COMPRESSION_MASK, 21) // attributes: codec, CreateTime, not transactional
  out.writeUInt32BE(crc32c(out.subarray(21)), 17)
  return out
}

/** Rewrites the baseOffset of an encoded batch (outside the CRC's range). */
export function stampBaseOffset(buf: Buffer, pos: number, baseOffset: number): void {
  writeInt64(buf, pos, baseOffset)
}
