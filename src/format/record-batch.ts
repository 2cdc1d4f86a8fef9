/**
 * RecordBatch v2 (magic 2): pure encode, validate and decode. No file-system access.
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
import { decompress } from '../codec/registry.js'
import { crc32c } from './crc32c.js'
import { LogError } from '../base/errors.js'
import type { Header, LogRecord, PreparedRecord } from './record.js'
import { VarintReader, writeVarint, writeVarlong, varintSize, varlongSize } from './varint.js'

/** Bytes of a batch header (Kafka's `RECORD_BATCH_OVERHEAD`). */
export const BATCH_HEADER_SIZE = 61
/** Bytes before `partitionLeaderEpoch`: baseOffset + batchLength (Kafka's `LOG_OVERHEAD`). */
export const LOG_OVERHEAD = 12
/** Bytes needed to read the size and magic of a batch (Kafka's `HEADER_SIZE_UP_TO_MAGIC`). */
export const HEADER_SIZE_UP_TO_MAGIC = 17
/** The only magic we write and read. */
export const MAGIC = 2

const TWO_32 = 4294967296
const COMPRESSION_MASK = 0x07
const TIMESTAMP_TYPE_MASK = 0x08
const CONTROL_MASK = 0x20

/** Writes a safe integer (possibly negative) as a big-endian int64. */
export function writeInt64(buf: Buffer, pos: number, v: number): void {
  const hi = Math.floor(v / TWO_32)
  buf.writeInt32BE(hi, pos)
  buf.writeUInt32BE(v - hi * TWO_32, pos + 4)
}

/** Reads a big-endian int64 as a number; exact within the safe-integer range. */
export function readInt64(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * TWO_32 + buf.readUInt32BE(pos + 4)
}

/** The parts of a batch header the log needs, read without touching the records. */
export interface BatchHeader {
  baseOffset: number
  /** Total bytes of the batch on disk: 12 + batchLength. */
  size: number
  lastOffset: number
  maxTimestamp: number
  recordsCount: number
}

/** Reads `baseOffset` of the batch at `pos`. */
export function batchBaseOffset(buf: Buffer, pos: number): number {
  return readInt64(buf, pos)
}

/** Total on-disk size (12 + batchLength) of the batch at `pos`; needs 12 bytes. */
export function batchSize(buf: Buffer, pos: number): number {
  return LOG_OVERHEAD + buf.readInt32BE(pos + 8)
}

/** The maxTimestamp field of the batch header at `pos`; needs 61 bytes. */
export function batchMaxTimestamp(buf: Buffer, pos: number): number {
  return readInt64(buf, pos + 35)
}

/** Last offset (baseOffset + lastOffsetDelta) of the batch at `pos`; needs 61 bytes. */
export function batchLastOffset(buf: Buffer, pos: number): number {
  return readInt64(buf, pos) + buf.readInt32BE(pos + 23)
}

/** Reads the header fields of the batch at `pos`; needs {@link BATCH_HEADER_SIZE} bytes. */
export function readBatchHeader(buf: Buffer, pos: number): BatchHeader {
  const baseOffset = readInt64(buf, pos)
  return {
    baseOffset,
    size: LOG_OVERHEAD + buf.readInt32BE(pos + 8),
    lastOffset: baseOffset + buf.readInt32BE(pos + 23),
    maxTimestamp: batchMaxTimestamp(buf, pos),
    recordsCount: buf.readInt32BE(pos + 57),
  }
}

/** Outcome of {@link checkBatch}. */
export const enum BatchCheck {
  /** A whole, valid batch. */
  Valid = 0,
  /** Fewer bytes remain than the batch declares: a torn tail (Kafka stops silently here). */
  Incomplete = 1,
  /** The bytes are not a valid v2 batch: bad size, magic, CRC or offsets. */
  Corrupt = 2,
}

/**
 * Validates the batch at `pos` given `end`, the first byte past the readable data, as Kafka's
 * `FileLogInputStream.nextBatch` + `DefaultRecordBatch.ensureValid`: bounds, magic, CRC-32C, and
 * a non-negative lastOffsetDelta that fits a relative offset.
 */
export function checkBatch(buf: Buffer, pos: number, end: number): BatchCheck {
  if (end - pos < HEADER_SIZE_UP_TO_MAGIC) return BatchCheck.Incomplete
  const size = batchSize(buf, pos)
  if (size < BATCH_HEADER_SIZE) return BatchCheck.Corrupt
  // Like Kafka's FileLogInputStream: a batch that runs past the data is a torn tail, whatever it holds.
  if (size > end - pos) return BatchCheck.Incomplete
  if (buf[pos + 16] !== MAGIC) return BatchCheck.Corrupt
  const stored = buf.readUInt32BE(pos + 17)
  if (crc32c(buf.subarray(pos + 21, pos + size)) !== stored) return BatchCheck.Corrupt
  const lastDelta = buf.readInt32BE(pos + 23)
  const count = buf.readInt32BE(pos + 57)
  const base = readInt64(buf, pos)
  if (lastDelta < 0 || count < 0 || base < 0 || base + lastDelta > Number.MAX_SAFE_INTEGER) return BatchCheck.Corrupt
  return BatchCheck.Valid
}

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
 * @returns the batch size in bytes
 */
export function encodeBatch(
  out: Buffer,
  pos: number,
  records: readonly PreparedRecord[],
  start: number,
  end: number,
  baseOffset: number,
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
  out.writeUInt32BE(crc32c(out.subarray(pos + 21, pos + size)), pos + 17)
  return size
}

/** The codec id (attribute bits 0-2: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd) of the batch at `pos`. */
export function batchCodec(buf: Buffer, pos: number): number {
  return buf[pos + 22]! & COMPRESSION_MASK
}

/**
 * Turns the uncompressed batch `plain` (as {@link encodeBatch} wrote it at offset 0) into a
 * compressed one: `payload` is its records section compressed with codec `codecId`. Every header
 * field, `recordsCount` included, stays uncompressed as Kafka keeps them; `batchLength` and the
 * attributes change, and the CRC-32C is taken over the compressed bytes.
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

/**
 * Skips the records whose offset delta is below `delta` with a lean inline varint walk (point reads
 * land in the middle of a batch: this is their hot loop). Leaves `r.pos` at the first record to
 * decode and returns its index. The batch's CRC has been checked; the bounds checks here only keep a
 * structurally bad batch from sending the walk outside it (the full decoder then reports it).
 */
function skipRecords(buf: Buffer, r: VarintReader, count: number, delta: number): number {
  let p = r.pos
  const end = r.end
  let i = 0
  for (; i < count; i++) {
    const start = p
    let v = 0
    let shift = 0
    let b: number
    do {
      b = buf[p++]!
      v |= (b & 0x7f) << shift
      shift += 7
    } while (b >= 0x80 && shift < 35)
    const length = (v >>> 1) ^ -(v & 1)
    const bodyEnd = p + length
    if (length < 0 || bodyEnd > end) {
      p = start
      break
    }
    p++ // attributes
    while (p < bodyEnd && buf[p++]! >= 0x80) {
      // timestampDelta (varlong), not needed: skip it
    }
    v = 0
    shift = 0
    do {
      b = buf[p++]!
      v |= (b & 0x7f) << shift
      shift += 7
    } while (b >= 0x80 && shift < 35)
    if (((v >>> 1) ^ -(v & 1)) >= delta) {
      p = start
      break
    }
    p = bodyEnd
  }
  r.pos = p
  return i
}

/**
 * Skips `n` records by their length prefixes alone (see {@link skipRecords} for when that is
 * enough). Stops early, leaving the full decoder to report it, at a length that runs past the batch.
 */
function skipByLength(buf: Buffer, r: VarintReader, n: number): number {
  let p = r.pos
  const end = r.end
  let i = 0
  for (; i < n; i++) {
    let v = 0
    let shift = 0
    let b: number
    let q = p
    do {
      b = buf[q++]!
      v |= (b & 0x7f) << shift
      shift += 7
    } while (b >= 0x80 && shift < 35)
    const length = (v >>> 1) ^ -(v & 1)
    if (length < 0 || q + length > end) break
    p = q + length
  }
  r.pos = p
  return i
}

function corrupt(what: string): LogError {
  return new LogError('KLOG_CORRUPT_SEGMENT', `malformed record in batch: ${what}`)
}

function readBytes(r: VarintReader, buf: Buffer): Buffer | null {
  const len = r.varint()
  if (len < 0) {
    if (len !== -1) throw corrupt('negative length')
    return null
  }
  const start = r.pos
  if (start + len > r.end) throw corrupt('field runs past the batch')
  r.pos = start + len
  return buf.subarray(start, start + len)
}

/**
 * Decodes the records of the (already validated) batch at `pos` into `out`, skipping records whose
 * offset is below `fromOffset` and stopping after `limit` records have been pushed. `key`, `value`
 * and header values are zero-copy views into `buf` (into the decompressed bytes for a compressed
 * batch). Control batches yield no records.
 *
 * A compressed batch is decompressed once per call, whatever `fromOffset` and `limit` say: callers
 * that read a compressed batch in pieces keep the records of one call (see the reader's cursor).
 * @param inflated - the batch's records section, when the caller already decompressed it
 * @returns the number of records pushed
 * @throws LogError `KLOG_CORRUPT_SEGMENT` when the records do not match the batch's framing or the
 *   payload does not decompress, `KLOG_UNSUPPORTED_CODEC` for a codec id Kafka does not define
 */
export function decodeBatch(buf: Buffer, pos: number, fromOffset: number, out: LogRecord[], limit: number, inflated?: Buffer): number {
  try {
    return decodeRecords(buf, pos, fromOffset, out, limit, inflated)
  } catch (err) {
    // Varint reads signal malformed input with RangeError; to callers that is a corrupt batch.
    if (err instanceof RangeError) throw corrupt(err.message)
    throw err
  }
}

function decodeRecords(
  batch: Buffer,
  pos: number,
  fromOffset: number,
  out: LogRecord[],
  limit: number,
  inflated: Buffer | undefined,
): number {
  const attributes = batch[pos + 22]!
  if ((attributes & CONTROL_MASK) !== 0) return 0
  // With bit 0x40 (delete horizon, set by Kafka's cleaner) the base timestamp holds the horizon, not
  // a record time, and the deltas were rewritten against it (they may be negative): base + delta is
  // still each record's timestamp, so the arithmetic below serves both.
  const baseOffset = readInt64(batch, pos)
  const baseTimestamp = readInt64(batch, pos + 27)
  const logAppendTime = (attributes & TIMESTAMP_TYPE_MASK) !== 0 ? batchMaxTimestamp(batch, pos) : -1
  const count = batch.readInt32BE(pos + 57)
  const lastOffsetDelta = batch.readInt32BE(pos + 23)
  const codec = attributes & COMPRESSION_MASK
  // A compressed batch's records are one stream after the (uncompressed) header: decoded once here,
  // and the records become views into the decompressed bytes instead of the file's.
  const buf = codec === 0 ? batch : (inflated ?? decompress(codec, batch.subarray(pos + BATCH_HEADER_SIZE, pos + batchSize(batch, pos))))
  const end = codec === 0 ? pos + batchSize(batch, pos) : buf.length
  const r = new VarintReader(buf, codec === 0 ? pos + BATCH_HEADER_SIZE : 0, end)
  let pushed = 0
  let i = 0
  if (fromOffset > baseOffset) {
    const delta = fromOffset - baseOffset
    // A dense batch (lastOffsetDelta = count - 1: every batch this library writes, every batch a
    // producer writes; only compaction leaves gaps) holds offset delta d at index d, so reaching it
    // takes only the record lengths.
    i = lastOffsetDelta === count - 1 ? skipByLength(buf, r, Math.min(delta, count)) : skipRecords(buf, r, count, delta)
  }
  for (; i < count && pushed < limit; i++) {
    const length = r.varint()
    const bodyStart = r.pos
    const bodyEnd = bodyStart + length
    if (length < 0 || bodyEnd > end) throw corrupt('record length runs past the batch')
    r.pos++ // attributes
    const tsDelta = r.varlong()
    const offset = baseOffset + r.varint()
    if (offset < fromOffset) {
      r.pos = bodyEnd
      continue
    }
    const key = readBytes(r, buf)
    const value = readBytes(r, buf)
    const headerCount = r.varint()
    if (headerCount < 0 || headerCount > bodyEnd - r.pos) throw corrupt('bad header count')
    const headers = new Array<Header>(headerCount)
    for (let h = 0; h < headerCount; h++) {
      const hk = readBytes(r, buf)
      if (hk === null) throw corrupt('null header key')
      headers[h] = { key: hk.toString('utf8'), value: readBytes(r, buf) }
    }
    if (r.pos !== bodyEnd) throw corrupt('record size does not match its length')
    const timestamp = logAppendTime >= 0 ? logAppendTime : baseTimestamp + tsDelta
    out.push({ offset, timestamp, key, value, headers })
    pushed++
  }
  // A batch read to its end must be consumed exactly ("Incorrect declared batch size").
  if (pushed < limit && r.pos !== end) throw corrupt('records do not fill the batch')
  return pushed
}
