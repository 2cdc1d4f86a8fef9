/**
 * The records of a RecordBatch v2: decoding them (`DefaultRecord`): length varint, attributes int8,
 * timestampDelta varlong, offsetDelta varint, key (varint length, -1 = null), value (likewise),
 * header count varint, then per header a key (varint length + UTF-8) and a value (varint length,
 * -1 = null). Pure bytes; a compressed batch's records are decompressed through the codec registry.
 */
import { decompress } from '../codec/registry.js'
import { LogError } from '../base/errors.js'
import type { Header, LogRecord } from './record.js'
import { VarintReader } from './varint.js'
import {
  BATCH_HEADER_SIZE,
  COMPRESSION_MASK,
  CONTROL_MASK,
  TIMESTAMP_TYPE_MASK,
  batchMaxTimestamp,
  batchSize,
  readInt64,
} from './batch-header.js'

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
