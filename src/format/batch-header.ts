/**
 * RecordBatch v2 (magic 2) header: the layout, the field readers and the header check. Pure bytes.
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
 */
import { crc32c } from './crc32c.js'

/** Bytes of a batch header (Kafka's `RECORD_BATCH_OVERHEAD`). */
export const BATCH_HEADER_SIZE = 61
/** Bytes before `partitionLeaderEpoch`: baseOffset + batchLength (Kafka's `LOG_OVERHEAD`). */
export const LOG_OVERHEAD = 12
/** Bytes needed to read the size and magic of a batch (Kafka's `HEADER_SIZE_UP_TO_MAGIC`). */
export const HEADER_SIZE_UP_TO_MAGIC = 17
/** The only magic we write and read. */
export const MAGIC = 2

const TWO_32 = 4294967296
/** Attribute bits 0-2: the codec. */
export const COMPRESSION_MASK = 0x07
/** Attribute bit 3: LogAppendTime (every record's timestamp is the batch's maxTimestamp). */
export const TIMESTAMP_TYPE_MASK = 0x08
/** Attribute bit 5: a control batch (transaction markers), which yields no records. */
export const CONTROL_MASK = 0x20

/** Writes a safe integer (possibly negative) as a big-endian int64. */
export function writeInt64(buf: Buffer, pos: number, v: number): void {
  const hi = Math.floor(v / TWO_32)
  buf.writeInt32BE(hi, pos)
  buf.writeUInt32BE(v - hi * TWO_32, pos + 4)
}

/**
 * The big-endian int32 at `pos`, as `Buffer.readInt32BE` reads it (a `RangeError` when the four bytes
 * are not all inside `buf`), without Node's argument validation: Node 20 runs it through a wrapper
 * the optimizer does not inline, and the batch header's fields are read several times per batch on
 * every read path (a single-record batch costs a follower about eight such reads), and the sparse
 * indexes' entries several per lookup.
 */
export function int32BE(buf: Uint8Array, pos: number): number {
  if (!(pos >= 0 && pos + 4 <= buf.length)) outOfRange(buf, pos)
  return (buf[pos]! << 24) | (buf[pos + 1]! << 16) | (buf[pos + 2]! << 8) | buf[pos + 3]!
}

/** {@link int32BE}, unsigned (as `Buffer.readUInt32BE`). */
export function uint32BE(buf: Uint8Array, pos: number): number {
  return int32BE(buf, pos) >>> 0
}

function outOfRange(buf: Uint8Array, pos: number): never {
  throw new RangeError(`offset ${pos} is out of range: 4 bytes must lie within a buffer of ${buf.length}`)
}

/** Reads a big-endian int64 as a number; exact within the safe-integer range. */
export function readInt64(buf: Uint8Array, pos: number): number {
  return int32BE(buf, pos) * TWO_32 + uint32BE(buf, pos + 4)
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
  return LOG_OVERHEAD + int32BE(buf, pos + 8)
}

/** The maxTimestamp field of the batch header at `pos`; needs 61 bytes. */
export function batchMaxTimestamp(buf: Buffer, pos: number): number {
  return readInt64(buf, pos + 35)
}

/** Last offset (baseOffset + lastOffsetDelta) of the batch at `pos`; needs 61 bytes. */
export function batchLastOffset(buf: Buffer, pos: number): number {
  return readInt64(buf, pos) + int32BE(buf, pos + 23)
}

/** Reads the header fields of the batch at `pos`; needs {@link BATCH_HEADER_SIZE} bytes. */
export function readBatchHeader(buf: Buffer, pos: number): BatchHeader {
  const baseOffset = readInt64(buf, pos)
  return {
    baseOffset,
    size: LOG_OVERHEAD + int32BE(buf, pos + 8),
    lastOffset: baseOffset + int32BE(buf, pos + 23),
    maxTimestamp: batchMaxTimestamp(buf, pos),
    recordsCount: int32BE(buf, pos + 57),
  }
}

/** Outcome of a batch check. */
export const enum BatchCheck {
  /** A whole, valid batch. */
  Valid = 0,
  /** Fewer bytes remain than the batch declares: a torn tail (Kafka stops silently here). */
  Incomplete = 1,
  /** The bytes are not a valid v2 batch: bad size, magic, CRC, offsets, or records that disagree with the header. */
  Corrupt = 2,
}

/** What {@link checkBatchHeader} found, and why when it is not `Valid`. */
export interface HeaderCheck {
  readonly check: BatchCheck
  /** Why the batch is not valid; empty when it is. */
  readonly reason: string
}

/** The smallest record (`DefaultRecord`): length, attributes, both deltas, key, value, header count: one byte each. */
export const MIN_RECORD_BYTES = 7

const VALID: HeaderCheck = Object.freeze({ check: BatchCheck.Valid, reason: '' })
const incomplete = (reason: string): HeaderCheck => ({ check: BatchCheck.Incomplete, reason })
const corrupt = (reason: string): HeaderCheck => ({ check: BatchCheck.Corrupt, reason })

/**
 * Checks the header of the batch at `pos` given `end`, the first byte past the readable data, as
 * Kafka's `FileLogInputStream.nextBatch` + `DefaultRecordBatch.ensureValid`: bounds, magic, CRC-32C,
 * offsets that fit (a non-negative lastOffsetDelta, a base offset that leaves the last one a safe
 * integer), and a record count the header can hold: at most one record per offset of
 * `[0, lastOffsetDelta]`, and, uncompressed, at most one per {@link MIN_RECORD_BYTES} of the records
 * section. The records themselves are checked by `batch-records.ts`.
 */
export function checkBatchHeader(buf: Buffer, pos: number, end: number): HeaderCheck {
  if (end - pos < HEADER_SIZE_UP_TO_MAGIC) return incomplete(`${end - pos} bytes, less than a batch's length and magic`)
  const size = batchSize(buf, pos)
  if (size < BATCH_HEADER_SIZE) return corrupt(`batch length ${size - LOG_OVERHEAD} is below the header size`)
  // Like Kafka's FileLogInputStream: a batch that runs past the data is a torn tail, whatever it holds.
  if (size > end - pos) return incomplete(`a batch of ${size} bytes with ${end - pos} left`)
  if (buf[pos + 16] !== MAGIC) return corrupt(`magic ${buf[pos + 16]} is not ${MAGIC}`)
  const stored = uint32BE(buf, pos + 17)
  if (crc32c(buf.subarray(pos + 21, pos + size)) !== stored) return corrupt('the batch fails its CRC-32C')
  const lastDelta = int32BE(buf, pos + 23)
  const count = int32BE(buf, pos + 57)
  const base = readInt64(buf, pos)
  if (lastDelta < 0 || count < 0) return corrupt(`lastOffsetDelta ${lastDelta} / recordsCount ${count} is negative`)
  if (base < 0 || base + lastDelta > Number.MAX_SAFE_INTEGER) return corrupt(`offsets from ${base} are not safe integers`)
  if (count > lastDelta + 1) return corrupt(`recordsCount ${count} exceeds the ${lastDelta + 1} offsets of lastOffsetDelta ${lastDelta}`)
  if ((buf[pos + 22]! & COMPRESSION_MASK) === 0 && count > (size - BATCH_HEADER_SIZE) / MIN_RECORD_BYTES) {
    return corrupt(`recordsCount ${count} cannot fit in ${size - BATCH_HEADER_SIZE} bytes of records`)
  }
  return VALID
}

/** The codec id (attribute bits 0-2: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd) of the batch at `pos`. */
export function batchCodec(buf: Buffer, pos: number): number {
  return buf[pos + 22]! & COMPRESSION_MASK
}
