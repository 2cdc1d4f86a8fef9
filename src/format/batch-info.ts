/**
 * Every header field of a RecordBatch v2, read from raw bytes without touching the records: what a
 * broker needs to judge a produced batch before validating it (producer id, epoch and sequences for
 * idempotence, the control and transactional flags), and what a fetch path needs to step through
 * batches. Pure: no I/O, no allocation beyond the returned object; safe from any thread.
 *
 * Layout (big-endian; see `record-batch.ts`): producerId int64 at 43, producerEpoch int16 at 51,
 * baseSequence int32 at 53, attributes int16 at 21 (bit 4 transactional, bit 5 control, bit 3
 * LogAppendTime, bits 0-2 codec).
 */
import { BATCH_HEADER_SIZE, LOG_OVERHEAD, int32BE, readInt64, uint32BE } from './batch-header.js'

/** The largest int32 (Kafka's `Integer.MAX_VALUE`): sequences wrap from it to 0. */
const INT32_MAX = 2 ** 31 - 1

/** The header fields of one RecordBatch v2, as {@link batchInfo} reads them. */
export interface BatchInfo {
  /** Bytes of the batch: 12 + batchLength. */
  size: number
  /** The baseOffset field (a producer writes 0; the log stamps the real one). */
  baseOffset: number
  /** baseOffset + lastOffsetDelta. */
  lastOffset: number
  /** The lastOffsetDelta field. */
  lastOffsetDelta: number
  /** The recordsCount field. */
  recordsCount: number
  /** The partitionLeaderEpoch field (-1 when none). */
  partitionLeaderEpoch: number
  /** The magic byte (2 for every batch this library reads). */
  magic: number
  /** The stored CRC-32C (unsigned). */
  crc: number
  /** Compression codec id (attribute bits 0-2): 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. */
  codec: number
  /** Attribute bit 3: `'LogAppendTime'` when set, else `'CreateTime'`. */
  timestampType: 'CreateTime' | 'LogAppendTime'
  /** Attribute bit 4: the batch belongs to a transaction. */
  isTransactional: boolean
  /** Attribute bit 5: a control batch (transaction marker). */
  isControl: boolean
  /** The baseTimestamp field. */
  baseTimestamp: number
  /** The maxTimestamp field. */
  maxTimestamp: number
  /** The producerId field; -1 for a batch of no idempotent producer. */
  producerId: number
  /** The producerEpoch field; -1 when none. */
  producerEpoch: number
  /** The baseSequence field; -1 when none. */
  baseSequence: number
  /**
   * The sequence of the batch's last record: `baseSequence + lastOffsetDelta`, wrapping past
   * 2^31 - 1 to 0 as Kafka's `DefaultRecordBatch.lastSequence` does; -1 when `baseSequence` is -1.
   */
  lastSequence: number
}

/**
 * Kafka's `DefaultRecordBatch.incrementSequence`: `sequence + increment`, wrapping past 2^31 - 1
 * to 0 (producer sequences are int32 and wrap).
 */
export function incrementSequence(sequence: number, increment: number): number {
  return sequence > INT32_MAX - increment ? increment - (INT32_MAX - sequence) - 1 : sequence + increment
}

/**
 * Reads every header field of the batch at `buf[pos]`; the header (61 bytes) must be there, the
 * records need not be. Validates nothing: a caller that trusts the fields has validated the batch
 * (see `writer.appendBatches`) or checks what it uses.
 * @param buf - bytes holding at least a whole batch header at `pos`
 * @param pos - where the batch starts @default 0
 * @throws RangeError when fewer than 61 bytes remain at `pos`
 */
export function batchInfo(buf: Buffer, pos = 0): BatchInfo {
  if (!Buffer.isBuffer(buf)) throw new TypeError('batchInfo needs a Buffer')
  if (!Number.isSafeInteger(pos) || pos < 0 || buf.length - pos < BATCH_HEADER_SIZE) {
    throw new RangeError(`a batch header needs ${BATCH_HEADER_SIZE} bytes at position ${pos}; ${Math.max(0, buf.length - pos)} remain`)
  }
  const baseOffset = readInt64(buf, pos)
  const lastOffsetDelta = int32BE(buf, pos + 23)
  const attributes = buf.readInt16BE(pos + 21)
  const baseSequence = int32BE(buf, pos + 53)
  return {
    size: LOG_OVERHEAD + int32BE(buf, pos + 8),
    baseOffset,
    lastOffset: baseOffset + lastOffsetDelta,
    lastOffsetDelta,
    recordsCount: int32BE(buf, pos + 57),
    partitionLeaderEpoch: int32BE(buf, pos + 12),
    magic: buf.readInt8(pos + 16),
    crc: uint32BE(buf, pos + 17),
    codec: attributes & 0x07,
    timestampType: (attributes & 0x08) !== 0 ? 'LogAppendTime' : 'CreateTime',
    isTransactional: (attributes & 0x10) !== 0,
    isControl: (attributes & 0x20) !== 0,
    baseTimestamp: readInt64(buf, pos + 27),
    maxTimestamp: readInt64(buf, pos + 35),
    producerId: readInt64(buf, pos + 43),
    producerEpoch: buf.readInt16BE(pos + 51),
    baseSequence,
    lastSequence: baseSequence < 0 ? baseSequence : incrementSequence(baseSequence, lastOffsetDelta),
  }
}
