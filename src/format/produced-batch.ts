/**
 * THE validator of batches that arrive already encoded (a Kafka producer's, through
 * `writer.appendBatches`): every check a batch must pass before the log takes its bytes as they came.
 * One function, used by every path that appends foreign batches, so a check added here (or inside
 * `decodeBatch`, which it calls for every record) protects them all.
 *
 * What is checked, per batch, in this order (the first failure rejects the whole input):
 * 1. framing: a whole header, `batchLength` covering at least a header and no more than the input,
 *    the size within `maxBatchBytes` (Kafka's `max.message.bytes`: `KLOG_RECORD_TOO_LARGE`);
 * 2. magic 2, the CRC-32C over bytes [21, end);
 * 3. attributes: a codec Kafka defines (else `KLOG_UNSUPPORTED_CODEC`), CreateTime (a producer never
 *    sets LogAppendTime: Kafka refuses it), not a control batch, no bit a producer never sets (the
 *    cleaner's delete-horizon bit, unused bits);
 * 4. header against itself: at least one record, `lastOffsetDelta = recordsCount - 1` (Kafka's
 *    `LogValidator.validateBatch`), producer fields that fit together (a producer id ≥ 0 comes with
 *    an epoch and a base sequence ≥ 0; a transactional batch has a producer id);
 * 5. records: a compressed payload is decompressed with a bound (`maxUncompressedBytes`, else
 *    `KLOG_RECORD_TOO_LARGE`; an LZ4 frame must be one Kafka's reader takes: independent blocks, a
 *    right descriptor checksum), then every record is decoded by `decodeBatch` (the one record
 *    decoder: lengths, varints, headers, the batch filled exactly) and checked against the header:
 *    exactly `recordsCount` records with offset deltas 0, 1, 2, … and timestamps in [0, 2^51 - 1].
 *
 * It also normalises each batch in place, as Kafka's broker does before appending: the baseOffset
 * field (outside the CRC) is set to 0 until the log stamps the real one, and a maxTimestamp that is
 * not the records' largest timestamp is corrected (CRC recomputed), exactly Kafka's in-place
 * `setMaxTimestamp`. Every other byte stays as the producer wrote it; compressed payloads are never
 * re-encoded.
 *
 * Pure bytes: no I/O. Safe from any thread.
 */
import { LogError } from '../base/errors.js'
import { kafkaLz4FrameProblem } from '../codec/lz4.js'
import { batchInfo, type BatchInfo } from './batch-info.js'
import { crc32c } from './crc32c.js'
import { MAX_TIMESTAMP } from './record.js'
import { BATCH_HEADER_SIZE, LOG_OVERHEAD, MAGIC, writeInt64 } from './record-batch.js'
import type { DecodeLimits } from './decode-limits.js'
import { validateBatch } from './batch-records.js'
import { BatchCheck, int32BE, uint32BE } from './batch-header.js'

/** Limits of {@link checkProducedBatches}. */
export interface ProducedBatchLimits {
  /** Largest batch (12 + batchLength bytes) accepted: Kafka's `max.message.bytes`. */
  maxBatchBytes: number
  /** Most bytes a compressed batch's records may take once decompressed (validation holds them in memory). */
  maxUncompressedBytes: number
}

/** A batch that passed {@link checkProducedBatches}: its header fields and what its records say. */
export interface ProducedBatch extends BatchInfo {
  /** Where the batch starts in the input. */
  position: number
  /** Records with a null key (Kafka refuses them on a compacted topic). */
  keylessRecords: number
  /** The smallest record timestamp (`maxTimestamp` is the largest, after normalisation). */
  minTimestamp: number
}

/** Attribute bits a producer may set: codec (0-2), timestamp type (3), transactional (4), control (5). */
const KNOWN_ATTRIBUTES = 0x3f
const LOG_APPEND_TIME = 0x08
const CONTROL = 0x20

function corrupt(position: number, reason: string, cause?: unknown): LogError {
  return new LogError('KLOG_CORRUPT_BATCH', `batch at byte ${position}: ${reason}`, { position, cause })
}

/**
 * Validates the whole batches in `buf` (one or more, back to back, nothing else) as described in
 * the module comment, and normalises them in place (baseOffset 0, maxTimestamp corrected).
 * @returns the batches, in order
 * @throws LogError `KLOG_CORRUPT_BATCH` (the first failed check; `position` is the batch's byte),
 *   `KLOG_RECORD_TOO_LARGE` (a batch over `maxBatchBytes`, or records over `maxUncompressedBytes`
 *   once decompressed), `KLOG_UNSUPPORTED_CODEC` (a codec id Kafka does not define, or one no
 *   decoder here reads)
 */
export function checkProducedBatches(buf: Buffer, limits: ProducedBatchLimits): ProducedBatch[] {
  if (buf.length === 0) throw corrupt(0, 'no batch: the input is empty')
  const out: ProducedBatch[] = []
  for (let pos = 0; pos < buf.length;) {
    const batch = checkOne(buf, pos, limits)
    out.push(batch)
    pos += batch.size
  }
  return out
}

function checkOne(buf: Buffer, pos: number, limits: ProducedBatchLimits): ProducedBatch {
  const remaining = buf.length - pos
  if (remaining < BATCH_HEADER_SIZE) throw corrupt(pos, `${remaining} bytes remain, less than a batch header`)
  const size = LOG_OVERHEAD + int32BE(buf, pos + 8)
  if (size < BATCH_HEADER_SIZE) throw corrupt(pos, `batchLength ${size - LOG_OVERHEAD} is shorter than a batch header`)
  if (size > remaining) throw corrupt(pos, `batchLength says ${size} bytes, ${remaining} remain`)
  if (size > limits.maxBatchBytes) {
    throw new LogError('KLOG_RECORD_TOO_LARGE', `batch of ${size} bytes exceeds the limit of ${limits.maxBatchBytes}`, { position: pos })
  }
  if (buf[pos + 16] !== MAGIC) throw corrupt(pos, `magic ${buf[pos + 16]} is not ${MAGIC}`)
  const attributes = buf.readUInt16BE(pos + 21)
  const codec = attributes & 0x07
  if (codec > 4) throw new LogError('KLOG_UNSUPPORTED_CODEC', `unknown compression codec id ${codec}`, { position: pos })
  if ((attributes & ~KNOWN_ATTRIBUTES) !== 0) throw corrupt(pos, `attribute bits 0x${attributes.toString(16)} a producer never sets`)
  if ((attributes & LOG_APPEND_TIME) !== 0) throw corrupt(pos, 'a producer batch cannot carry LogAppendTime')
  if ((attributes & CONTROL) !== 0) throw corrupt(pos, 'a control batch cannot be produced')
  const info = batchInfo(buf, pos)
  if (info.producerId < -1 || info.producerId > Number.MAX_SAFE_INTEGER) throw corrupt(pos, `producerId ${info.producerId}`)
  if (info.producerId >= 0 && (info.producerEpoch < 0 || info.baseSequence < 0)) {
    throw corrupt(pos, `producer ${info.producerId} with epoch ${info.producerEpoch} and base sequence ${info.baseSequence}`)
  }
  if (codec === 3) {
    const problem = kafkaLz4FrameProblem(buf.subarray(pos + BATCH_HEADER_SIZE, pos + size))
    if (problem !== undefined) throw corrupt(pos, `an LZ4 frame Kafka cannot read: ${problem}`)
  }
  // The base offset lies outside the CRC: the log stamps its own. Zeroed here so that the records'
  // offsets decode as their deltas whatever the producer wrote.
  writeInt64(buf, pos, 0)
  // THE record walk under Kafka's rules for a client's batch (format/batch-records.ts): at least one
  // record, offset deltas exactly 0..recordsCount-1, no control batch, no LogAppendTime, every record
  // decoded and checked against the header, a compressed payload decompressed within the bound.
  const bound: DecodeLimits = { maxDecompressedBatchBytes: limits.maxUncompressedBytes, maxRecordBytes: limits.maxUncompressedBytes }
  const v = validateBatch(buf, pos, { origin: 'client', end: pos + size, limits: bound })
  if (v.check !== BatchCheck.Valid) {
    if (v.code === 'KLOG_RECORD_TOO_LARGE') {
      throw new LogError('KLOG_RECORD_TOO_LARGE', `records decompress to more than ${limits.maxUncompressedBytes} bytes`, { position: pos })
    }
    if (v.code === 'KLOG_UNSUPPORTED_CODEC') throw new LogError('KLOG_UNSUPPORTED_CODEC', v.reason, { position: pos })
    throw corrupt(pos, v.reason)
  }
  if (v.minTimestamp < 0 || v.maxTimestamp > MAX_TIMESTAMP) {
    throw corrupt(pos, `record timestamps [${v.minTimestamp}, ${v.maxTimestamp}] outside [0, ${MAX_TIMESTAMP}]`)
  }
  const max = v.maxTimestamp
  if (info.maxTimestamp !== max) {
    // Kafka's broker corrects it in place (DefaultRecordBatch.setMaxTimestamp): so do we.
    writeInt64(buf, pos + 35, max)
    buf.writeUInt32BE(crc32c(buf.subarray(pos + 21, pos + size)), pos + 17)
    info.maxTimestamp = max
    info.crc = uint32BE(buf, pos + 17)
  }
  info.baseOffset = 0
  info.lastOffset = info.lastOffsetDelta
  return { ...info, position: pos, keylessRecords: v.keyless, minTimestamp: v.minTimestamp }
}

/**
 * Kafka's `message.timestamp.type=LogAppendTime` applied to the batch at `pos`: attribute bit 3 set
 * and maxTimestamp = `time` (readers then give every record that time), CRC recomputed. The records
 * keep the producer's timestamps, as in Kafka.
 */
export function stampLogAppendTime(buf: Buffer, pos: number, time: number): void {
  const size = LOG_OVERHEAD + int32BE(buf, pos + 8)
  buf.writeUInt16BE(buf.readUInt16BE(pos + 21) | LOG_APPEND_TIME, pos + 21)
  writeInt64(buf, pos + 35, time)
  buf.writeUInt32BE(crc32c(buf.subarray(pos + 21, pos + size)), pos + 17)
}

/** Sets the partitionLeaderEpoch field of the batch at `pos` (outside the CRC). */
export function stampPartitionLeaderEpoch(buf: Buffer, pos: number, epoch: number): void {
  buf.writeInt32BE(epoch, pos + 12)
}
