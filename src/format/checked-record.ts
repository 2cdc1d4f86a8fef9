/**
 * One record of an uncompressed batch that THE record walk (`batch-records.ts`) passed whole in this
 * process, decoded straight from where its length prefix starts: the point reads' second and later
 * reads of a batch (`read/record-positions.ts` keeps the positions), and the record a first read
 * of a batch returns once the walk has checked it. It decodes that one record as the walk would,
 * without what a general decode sets up per call (the header frame, the options, the output array,
 * the walk's bookkeeping) and without walking the records before it.
 *
 * The bytes are the walk's, but they are read again (a mapping, possibly changed behind the library's
 * back since), so the record is held to the walk's rules for one record: the header's counts, its
 * length (at least {@link MIN_BODY_BYTES}, inside the batch), varints of at most 5 bytes and varlongs
 * within the safe integers, its offset delta within `[0, lastOffsetDelta]` and equal to the one asked
 * for, its timestamp within the header's `maxTimestamp` (CreateTime, a batch not produced dense),
 * its key, value and headers framed inside it and ending exactly where its length says, and no byte
 * after it when it is the batch's last. Where any rule breaks it answers `undefined` and the caller
 * walks the batch whole, which decides and names the damage: this path never reports damage.
 *
 * One difference from the walk: a record knows it is the batch's last only when its offset delta is
 * the header's `lastOffsetDelta` (always so in a batch a producer or this library wrote; not in one
 * whose last records Kafka's cleaner removed). So bytes inserted after such a record behind the
 * library's back, with the batch length rewritten to cover them, go unnoticed here, as the CRC-32C
 * does on every read of a batch already checked; the record served is the one the walk checked.
 *
 * Pure bytes. Safe from any thread.
 */
import type { Header, LogRecord } from './record.js'
import { BATCH_HEADER_SIZE, COMPRESSION_MASK, CONTROL_MASK, TIMESTAMP_TYPE_MASK, batchSize, int32BE, readInt64 } from './batch-header.js'
import { Cursor, Violation } from './record-cursor.js'
import { MIN_BODY_BYTES } from './record-check.js'

/**
 * The record at `offset`, whose length prefix is at `buf[recordAt]`, of the batch at `buf[batchAt]`
 * (held whole in `buf`), as a decode with `copy` makes it (its key, value and header values are
 * copies), or `undefined` when those bytes are not that record under the walk's rules (see above).
 */
export function decodeCheckedRecord(buf: Buffer, batchAt: number, recordAt: number, offset: number): LogRecord | undefined {
  if (batchAt < 0 || batchAt + BATCH_HEADER_SIZE > buf.length) return undefined
  const attributes = buf[batchAt + 22]!
  if ((attributes & (COMPRESSION_MASK | CONTROL_MASK)) !== 0) return undefined
  const end = batchAt + batchSize(buf, batchAt)
  const lastDelta = int32BE(buf, batchAt + 23)
  const count = int32BE(buf, batchAt + 57)
  if (end > buf.length || lastDelta < 0 || count <= 0 || count > lastDelta + 1) return undefined
  if (recordAt < batchAt + BATCH_HEADER_SIZE || recordAt >= end) return undefined
  const c = new Cursor(buf, recordAt, end)
  c.copy = true
  try {
    const length = c.varint('length')
    const bodyEnd = c.pos + length
    if (length < MIN_BODY_BYTES || bodyEnd > end) return undefined
    c.end = bodyEnd
    c.pos++ // attributes: unused in v2
    const tsDelta = c.varlong('timestamp delta')
    const delta = c.varint('offset delta')
    if (delta < 0 || delta > lastDelta || readInt64(buf, batchAt) + delta !== offset) return undefined
    const maxTimestamp = readInt64(buf, batchAt + 35)
    let timestamp = maxTimestamp
    if ((attributes & TIMESTAMP_TYPE_MASK) === 0) {
      timestamp = readInt64(buf, batchAt + 27) + tsDelta
      // The walk of a batch read from a log holds every record at or below maxTimestamp.
      if (!Number.isSafeInteger(timestamp) || timestamp > maxTimestamp) return undefined
    }
    const key = c.bytes('key', true, true)!
    const value = c.bytes('value', true, true)!
    const headerCount = c.varint('header count')
    if (headerCount < 0 || headerCount > (bodyEnd - c.pos) / 2) return undefined
    const headers: Header[] = headerCount === 0 ? [] : new Array<Header>(headerCount)
    for (let j = 0; j < headerCount; j++) {
      const hk = c.bytes('header key', false, true)!
      headers[j] = { key: hk.toString('utf8'), value: c.bytes('header value', true, true)! }
    }
    if (c.pos !== bodyEnd) return undefined
    // The batch's last record ends the batch: no byte follows it.
    if (delta === lastDelta && bodyEnd !== end) return undefined
    return { offset, timestamp, key, value, headers }
  } catch (err) {
    if (err instanceof Violation) return undefined
    throw err
  }
}
