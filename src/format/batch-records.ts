/**
 * THE record walk: the one loop over the records of a RecordBatch v2, which checks every record
 * against its batch header and decodes the ones a caller asked for. Every decode runs it (readers,
 * point reads, time lookups, the cleaner, `inspect`, and the broker's validation of produced
 * batches through {@link validateBatch}), so no caller can see a record the header disagrees with.
 *
 * Records (`DefaultRecord`): length varint, attributes int8, timestampDelta varlong, offsetDelta
 * varint, key (varint length, -1 = null), value (likewise), header count varint, then per header a
 * key (varint length + UTF-8, never null) and a value (varint length, -1 = null).
 *
 * What the walk requires of a batch, whatever its codec (Kafka's `DefaultRecordBatch` iterator and
 * `DefaultRecord.readFrom` reject the framing errors; the offset and timestamp rules are what its
 * readers rely on and what `LogValidator` and the cleaner keep true):
 * - exactly `recordsCount` records, and no byte after the last one;
 * - each record's length covers its fields exactly; varints of at most 5 bytes (varlongs within the
 *   safe integers); no negative length other than -1 (null) where null is allowed;
 * - offset deltas strictly increasing within `[0, lastOffsetDelta]` (compaction leaves gaps, and
 *   may remove the last records: the last delta may be below `lastOffsetDelta`);
 * - under CreateTime, every record's timestamp (base + delta, whatever bit 0x40 says the base is)
 *   at most the header's `maxTimestamp` (the time index and `offsetForTimestamp` trust it). Under
 *   LogAppendTime the records' own timestamps are not used (every record has `maxTimestamp`).
 * A batch that breaks a rule is reported whole (`KLOG_CORRUPT_SEGMENT`), never partly served.
 *
 * Pure bytes. A compressed batch's records section is decompressed through the codec registry.
 * Safe from any thread.
 */
import { DecompressionBoundError } from '../codec/bound-error.js'
import { asyncDecompressor, decompress } from '../codec/registry.js'
import { CorruptSegmentError, LogError } from '../base/errors.js'
import type { Header, LogRecord } from './record.js'
import {
  BATCH_HEADER_SIZE,
  BatchCheck,
  COMPRESSION_MASK,
  CONTROL_MASK,
  TIMESTAMP_TYPE_MASK,
  batchMaxTimestamp,
  batchSize,
  checkBatchHeader,
  int32BE,
  readInt64,
} from './batch-header.js'
import { DEFAULT_DECODE_LIMITS, type DecodeLimits, decompressedBound } from './decode-limits.js'
import { Cursor, Violation, violation } from './record-cursor.js'
import { MIN_BODY_BYTES, checkRecords, type CheckFrame, type RecordsSummary } from './record-check.js'

/** Attribute bit 4: a transactional batch. */
const TRANSACTIONAL_MASK = 0x10

/** The header fields the walk checks records against (the fast lane's, and the batch's place). */
interface Frame extends CheckFrame {
  baseOffset: number
  control: boolean
}

function frameOf(batch: Buffer, pos: number, dense: boolean, requireKeys: boolean): Frame {
  const attributes = batch[pos + 22]!
  return {
    baseOffset: readInt64(batch, pos),
    // With bit 0x40 (delete horizon, set by Kafka's cleaner) the base timestamp holds the horizon, not
    // a record time, and the deltas were rewritten against it (they may be negative): base + delta is
    // still each record's timestamp, so the arithmetic below serves both.
    baseTimestamp: readInt64(batch, pos + 27),
    maxTimestamp: batchMaxTimestamp(batch, pos),
    logAppendTime: (attributes & TIMESTAMP_TYPE_MASK) !== 0,
    control: (attributes & CONTROL_MASK) !== 0,
    count: int32BE(batch, pos + 57),
    lastOffsetDelta: int32BE(batch, pos + 23),
    dense,
    requireKeys,
  }
}

/**
 * Walks the records section `src[start, end)` of a batch whose header is `h`, checking every record
 * (see the module doc), and pushes to `out` the records with offset ≥ `fromOffset`, at most `limit`
 * of them (none for a control batch or without `out`); it walks every record whatever it hands out.
 * `table` (see {@link DecodeOptions.table}) is filled as the walk passes each record.
 * @throws Violation
 */
function walkRecords(
  h: Frame,
  src: Buffer,
  start: number,
  end: number,
  fromOffset: number,
  out: LogRecord[] | undefined,
  limit: number,
  table?: Uint32Array,
  copy = false,
): RecordsSummary {
  const take = out !== undefined && !h.control
  if (!take || limit <= 0) {
    // Nothing to hand out: the fast lane checks every record (and fills the table); when it is not
    // sure, the walk below decides, and names the rule that breaks.
    const summary = checkRecords(h, src, start, end, table)
    if (summary !== undefined) return summary
  }
  const c = new Cursor(src, start, end)
  c.copy = copy
  let prevDelta = -1
  let pushed = 0
  let minTimestamp = Number.POSITIVE_INFINITY
  let maxTimestamp = Number.NEGATIVE_INFINITY
  let keyless = 0
  // Deltas go after the positions only when the table has room for them (a batch with gaps).
  const deltas = table !== undefined && table.length >= 2 * h.count ? h.count : -1
  for (let i = 0; i < h.count; i++) {
    c.record = i
    if (c.pos >= end) violation(`the records end after ${i} of ${h.count}`)
    c.end = end
    if (table !== undefined) table[i] = c.pos - start
    const length = c.varint('length')
    const bodyEnd = c.pos + length
    if (length < MIN_BODY_BYTES || bodyEnd > end) c.fail('length', `${length} does not fit the batch`)
    c.end = bodyEnd
    c.pos++ // attributes: unused in v2
    const tsDelta = c.varlong('timestamp delta')
    const delta = c.varint('offset delta')
    if (delta <= prevDelta || delta > h.lastOffsetDelta) c.fail('offset delta', `${delta} is not in (${prevDelta}, ${h.lastOffsetDelta}]`)
    if (h.dense && delta !== i) c.fail('offset delta', `is ${delta}: a produced batch numbers its records 0, 1, 2, ...`)
    prevDelta = delta
    if (deltas > 0) table![deltas + i] = delta
    let timestamp: number
    if (h.logAppendTime) {
      timestamp = h.maxTimestamp
    } else {
      timestamp = h.baseTimestamp + tsDelta
      // A producer's maxTimestamp is not trusted but corrected (Kafka's LogValidator sets it from the
      // records): only a batch from a log must keep its records at or below it.
      if (!Number.isSafeInteger(timestamp) || (timestamp > h.maxTimestamp && !h.dense)) {
        c.fail('timestamp', `${timestamp} is above the batch's maxTimestamp ${h.maxTimestamp}`)
      }
      if (timestamp < minTimestamp) minTimestamp = timestamp
      if (timestamp > maxTimestamp) maxTimestamp = timestamp
    }
    const offset = h.baseOffset + delta
    const wanted = take && offset >= fromOffset && pushed < limit
    const key = c.bytes('key', true, wanted)
    if (key === null) {
      if (h.requireKeys) c.fail('key', 'is null')
      keyless++
    }
    const value = c.bytes('value', true, wanted)
    const headerCount = c.varint('header count')
    // Each header takes at least two bytes (two lengths): a count beyond that cannot be right.
    if (headerCount < 0 || headerCount > (bodyEnd - c.pos) / 2) c.fail('header count', `${headerCount} does not fit the record`)
    if (wanted) {
      const headers: Header[] = headerCount === 0 ? [] : new Array<Header>(headerCount)
      for (let j = 0; j < headerCount; j++) {
        const hk = c.bytes('header key', false, true)!
        headers[j] = { key: hk.toString('utf8'), value: c.bytes('header value', true, true)! }
      }
      if (c.pos !== bodyEnd) c.fail('fields', `end ${c.pos - bodyEnd} bytes from its length`)
      out.push({ offset, timestamp, key: key!, value: value!, headers })
      pushed++
    } else {
      for (let j = 0; j < headerCount; j++) {
        c.bytes('header key', false, false)
        c.bytes('header value', true, false)
      }
      if (c.pos !== bodyEnd) c.fail('fields', `end ${c.pos - bodyEnd} bytes from its length`)
    }
  }
  if (c.pos !== end) violation(`${end - c.pos} bytes follow the last of the ${h.count} records`)
  return { pushed, minTimestamp, maxTimestamp, keyless }
}

/** Where a decode's damage is reported: the file and the batch's position in it. */
export interface DecodeSite {
  /** The file the batch was read from. */
  file: string
  /** The batch's position in `file`. */
  position: number
}

function corruptError(reason: string, site: DecodeSite | undefined): LogError {
  if (site !== undefined) return new CorruptSegmentError(site.file, site.position, reason)
  return new LogError('KLOG_CORRUPT_SEGMENT', `malformed batch: ${reason}`)
}

/** Options of {@link decodeBatch}. */
export interface DecodeOptions {
  /** Where the batch was read from, for the error. */
  site?: DecodeSite | undefined
  /** The bounds of a compressed batch's decompressed size. @default DEFAULT_DECODE_LIMITS */
  limits?: DecodeLimits | undefined
  /**
   * Filled by the walk as it passes every record: `table[i]` is where record `i`'s length
   * prefix starts, counted from the start of the records section (the decompressed bytes of a
   * compressed batch); when the table holds `2 * recordsCount` entries, `table[recordsCount + i]` is
   * record `i`'s offset delta. At least `recordsCount` entries. For the point reads' cache.
   */
  table?: Uint32Array | undefined
  /**
   * Keys, values and header values are copies (one allocation each) instead of views into `buf`: for
   * a caller whose bytes do not outlive the call (a mapping, a reused scratch buffer).
   * @default false
   */
  copy?: boolean | undefined
}

/**
 * The records section of the compressed batch at `pos`, decompressed within the bound its header and
 * `limits` allow ({@link decompressedBound}): a payload that would decompress to more is refused
 * before the codec allocates it. For a reader engine that keeps what it decompressed (see
 * {@link decodeBatch}'s `inflated`).
 * @throws LogError `KLOG_CORRUPT_SEGMENT` (payload undecodable or beyond the bound), `KLOG_UNSUPPORTED_CODEC`
 */
export function inflateBatch(batch: Buffer, pos: number, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): Buffer {
  const codec = batch[pos + 22]! & COMPRESSION_MASK
  const payload = batch.subarray(pos + BATCH_HEADER_SIZE, pos + batchSize(batch, pos))
  return decompress(codec, payload, decompressedBound(int32BE(batch, pos + 57), limits))
}

/**
 * {@link inflateBatch} through the codec's asynchronous decoder when it has a faster one (zstd with
 * `@mongodb-js/zstd`, on the thread pool), within the same bound.
 */
export async function inflateBatchAsync(batch: Buffer, pos: number, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): Promise<Buffer> {
  const codec = batch[pos + 22]! & COMPRESSION_MASK
  const inflate = asyncDecompressor(codec)
  if (inflate === undefined) return inflateBatch(batch, pos, limits)
  const payload = batch.subarray(pos + BATCH_HEADER_SIZE, pos + batchSize(batch, pos))
  return await inflate(payload, decompressedBound(int32BE(batch, pos + 57), limits))
}

/** The records section of the batch at `pos`, decompressed (within its bound) when its codec says so. */
function recordsOf(
  batch: Buffer,
  pos: number,
  inflated: Buffer | undefined,
  limits: DecodeLimits,
): { src: Buffer; start: number; end: number } {
  const size = batchSize(batch, pos)
  const codec = batch[pos + 22]! & COMPRESSION_MASK
  if (codec === 0) return { src: batch, start: pos + BATCH_HEADER_SIZE, end: pos + size }
  if (inflated !== undefined) {
    // Decompressed by the caller, perhaps without the batch's bound: held to it all the same.
    const bound = decompressedBound(int32BE(batch, pos + 57), limits)
    if (inflated.length > bound) violation(`the records decompress to ${inflated.length} bytes, more than the bound of ${bound}`)
    return { src: inflated, start: 0, end: inflated.length }
  }
  const src = inflateBatch(batch, pos, limits)
  return { src, start: 0, end: src.length }
}

/**
 * Decodes the records of the batch at `pos` (its header and CRC already checked, as `checkBatch`
 * does) into `out`: those whose offset is at least `fromOffset`, at most `limit` of them. Every
 * record of the batch is checked against its header (see the module doc), whichever are asked for.
 * `key`, `value` and header values are zero-copy views into `buf` (into the decompressed bytes for
 * a compressed batch), or copies with `options.copy`. Control batches yield no records.
 *
 * A compressed batch is decompressed once per call, whatever `fromOffset` and `limit` say, within
 * the bound its header and `options.limits` allow: callers that read a compressed batch in pieces
 * keep the records of one call (see the reader's cursor).
 * @param inflated - the batch's records section, when the caller already decompressed it (held to
 *   the same bound)
 * @returns the number of records pushed
 * @throws LogError `KLOG_CORRUPT_SEGMENT` (a `CorruptSegmentError` when `options.site` says where)
 *   when a record breaks the walk's rules or the payload does not decompress within its bound,
 *   `KLOG_UNSUPPORTED_CODEC` for a codec id Kafka does not define
 */
export function decodeBatch(
  buf: Buffer,
  pos: number,
  fromOffset: number,
  out: LogRecord[],
  limit: number,
  inflated?: Buffer,
  options: DecodeOptions = {},
): number {
  const { site, limits = DEFAULT_DECODE_LIMITS, table, copy = false } = options
  const header = checkBatchHeaderFields(buf, pos)
  if (header !== '') throw corruptError(header, site)
  const before = out.length
  try {
    const frame = frameOf(buf, pos, false, false)
    if (table !== undefined && table.length < frame.count) throw new RangeError('a table needs recordsCount entries')
    const records = recordsOf(buf, pos, inflated, limits)
    return walkRecords(frame, records.src, records.start, records.end, fromOffset, out, limit, table, copy).pushed
  } catch (err) {
    out.length = before // nothing of a bad batch is handed out
    if (err instanceof Violation) throw corruptError(err.message, site)
    if (site !== undefined && err instanceof LogError && err.code === 'KLOG_CORRUPT_SEGMENT') throw corruptError(err.message, site)
    throw err
  }
}

/**
 * The header rules `checkBatchHeader` enforces that do not need the CRC, re-checked by every decode
 * (cheap: some callers decode bytes whose CRC another path vouched for). Empty when they hold.
 */
function checkBatchHeaderFields(buf: Buffer, pos: number): string {
  const lastDelta = int32BE(buf, pos + 23)
  const count = int32BE(buf, pos + 57)
  if (lastDelta < 0 || count < 0 || count > lastDelta + 1) return `recordsCount ${count} does not fit lastOffsetDelta ${lastDelta}`
  return ''
}

/**
 * Checks the batch at `pos` given `end`, the first byte past the readable data: its header
 * (`checkBatchHeader`: bounds, magic, CRC-32C, offsets, count) and, when it is uncompressed, every
 * record against it. A compressed batch's records are checked when it is decoded (decompressing here
 * would decompress every batch twice). What readers and point reads run, once per batch per process.
 * `table` (an uncompressed batch's) is filled as {@link DecodeOptions.table} says.
 */
export function checkBatch(buf: Buffer, pos: number, end: number, table?: Uint32Array): BatchCheck {
  const header = checkBatchHeader(buf, pos, end)
  if (header.check !== BatchCheck.Valid || (buf[pos + 22]! & COMPRESSION_MASK) !== 0) return header.check
  return checkRecordsOf(buf, pos, table)
}

/**
 * The record half of {@link checkBatch}: every record of the uncompressed batch at `pos` (its header
 * checked) against the header, filling `table` as {@link DecodeOptions.table} says.
 */
export function checkRecordsOf(buf: Buffer, pos: number, table?: Uint32Array): BatchCheck {
  try {
    if (table !== undefined && table.length < int32BE(buf, pos + 57)) throw new RangeError('a table needs recordsCount entries')
    walkRecords(frameOf(buf, pos, false, false), buf, pos + BATCH_HEADER_SIZE, pos + batchSize(buf, pos), 0, undefined, 0, table)
    return BatchCheck.Valid
  } catch (err) {
    if (err instanceof Violation) return BatchCheck.Corrupt
    throw err
  }
}

/** Who wrote the batch {@link validateBatch} checks, which decides the rules it must follow. */
export type BatchOrigin = 'log' | 'client'

/** Options of {@link validateBatch}. */
export interface ValidateOptions {
  /**
   * `'log'`: a batch read from a log (gaps left by compaction, any attributes Kafka writes).
   * `'client'`: a batch a producer sent, under Kafka's `LogValidator` rules for client batches: at
   * least one record, offset deltas exactly 0..recordsCount-1 with `lastOffsetDelta = recordsCount - 1`,
   * no control batch, no LogAppendTime, and a base sequence when there is a producer id.
   * @default 'log'
   */
  origin?: BatchOrigin
  /** Every record must have a key (Kafka's rule for a compacted topic). @default false */
  requireKeys?: boolean
  /** The first byte past the readable data. @default buf.length */
  end?: number
  /** The bounds of a compressed batch's decompressed size. @default DEFAULT_DECODE_LIMITS */
  limits?: DecodeLimits
}

/** What {@link validateBatch} found. */
export type BatchValidation =
  | {
      check: BatchCheck.Valid
      /** Bytes of the batch. */
      size: number
      /** Records in it (its `recordsCount`). */
      records: number
      /** The smallest and largest record timestamp under CreateTime (`+Infinity`/`-Infinity` with no record or under LogAppendTime). */
      minTimestamp: number
      maxTimestamp: number
      /** Records with a null key. */
      keyless: number
    }
  | {
      check: BatchCheck.Incomplete | BatchCheck.Corrupt
      /** Why; for a decode failure, what the codec said. */
      reason: string
      /**
       * `KLOG_UNSUPPORTED_CODEC` for a codec id Kafka does not define, `KLOG_RECORD_TOO_LARGE` for a
       * payload that would decompress past `limits`, else `KLOG_CORRUPT_SEGMENT`.
       */
      code: 'KLOG_CORRUPT_SEGMENT' | 'KLOG_UNSUPPORTED_CODEC' | 'KLOG_RECORD_TOO_LARGE'
    }

/**
 * Checks a whole batch held in memory: its header (bounds, magic, CRC-32C, offsets, count), then
 * every record against it (see the module doc), decompressing a compressed batch. The one check for
 * bytes that did not come from this library's writer: tools (`verify`, `dump`) and the broker's
 * validation of produced batches (`origin: 'client'`).
 * @returns `Valid` with the batch's facts, or why not
 */
export function validateBatch(buf: Buffer, pos: number, options: ValidateOptions = {}): BatchValidation {
  const end = options.end ?? buf.length
  const client = options.origin === 'client'
  const header = checkBatchHeader(buf, pos, end)
  if (header.check !== BatchCheck.Valid) return { check: header.check, reason: header.reason, code: 'KLOG_CORRUPT_SEGMENT' }
  const frame = frameOf(buf, pos, client, options.requireKeys === true)
  if (client) {
    const rule = clientRule(buf, pos, frame)
    if (rule !== '') return { check: BatchCheck.Corrupt, reason: rule, code: 'KLOG_CORRUPT_SEGMENT' }
  }
  try {
    const records = recordsOf(buf, pos, undefined, options.limits ?? DEFAULT_DECODE_LIMITS)
    const walked = walkRecords(frame, records.src, records.start, records.end, 0, undefined, 0)
    return {
      check: BatchCheck.Valid,
      size: batchSize(buf, pos),
      records: frame.count,
      minTimestamp: walked.minTimestamp,
      maxTimestamp: walked.maxTimestamp,
      keyless: walked.keyless,
    }
  } catch (err) {
    if (err instanceof Violation) return { check: BatchCheck.Corrupt, reason: err.message, code: 'KLOG_CORRUPT_SEGMENT' }
    if (err instanceof LogError && err.cause instanceof DecompressionBoundError) {
      return { check: BatchCheck.Corrupt, reason: err.message, code: 'KLOG_RECORD_TOO_LARGE' }
    }
    if (err instanceof LogError && (err.code === 'KLOG_CORRUPT_SEGMENT' || err.code === 'KLOG_UNSUPPORTED_CODEC')) {
      return { check: BatchCheck.Corrupt, reason: err.message, code: err.code }
    }
    throw err
  }
}

/** Kafka's `LogValidator.validateBatch` rules for a batch from a client; empty when they hold. */
function clientRule(buf: Buffer, pos: number, h: Frame): string {
  if (h.count === 0) return 'a produced batch holds no record'
  if (h.lastOffsetDelta !== h.count - 1) return `lastOffsetDelta ${h.lastOffsetDelta} does not match recordsCount ${h.count}`
  if (h.control) return 'clients may not write control batches'
  if (h.logAppendTime) return 'clients may not set the LogAppendTime attribute'
  const producerId = readInt64(buf, pos + 43)
  const baseSequence = int32BE(buf, pos + 53)
  if (producerId >= 0 && baseSequence < 0) return `producer id ${producerId} with base sequence ${baseSequence}`
  if ((buf[pos + 22]! & TRANSACTIONAL_MASK) !== 0 && producerId < 0) return 'a transactional batch without a producer id'
  return ''
}
