/**
 * Kafka's ListOffsets with `MAX_TIMESTAMP` (KIP-734): the largest record timestamp of the log and
 * the first offset that carries it, for the owner and for views (through a `LogSource`).
 *
 * Each segment's largest timestamp is its time index's last entry, raised by whatever the batches
 * after that entry say (the active segment's index lags its last batches; a segment another program
 * sealed may lack the final entry): a header walk from the offset-index floor of that entry to the
 * segment's published end, reading only batch headers. Records below the log start (DeleteRecords
 * inside a segment) do not count: that segment is walked from the log start instead. The offset is then Kafka's offsets-for-times
 * lookup of that timestamp (the first record at or above it is the first one that has it).
 *
 * Safe from any reader; retries when a truncation or deletion raced it.
 */
import { ioError } from '../base/errors.js'
import { walkFrom, walkHeaders } from '../segment/batch-locator.js'
import type { LogSource } from '../publish/log-source.js'
import type { Segment } from '../segment/segment.js'
import type { LogRecord } from '../format/record.js'
import { decodeBatch } from '../format/record-batch.js'
import { offsetForTimestamp } from './point-reads.js'

/**
 * The largest record timestamp below the high watermark and the first offset that has it, or
 * `undefined` for a log with no record.
 * @throws LogError `KLOG_CORRUPT_SEGMENT`, `KLOG_IO`
 */
export async function maxTimestampOffset(source: LogSource): Promise<{ offset: number; timestamp: number } | undefined> {
  for (;;) {
    const snap = source.snapshot()
    let best = -1
    try {
      for (let seg = source.floorSegment(snap.logStartOffset); seg !== undefined && seg.baseOffset <= snap.hwSegmentBase;) {
        const maxPos = seg.baseOffset === snap.hwSegmentBase ? snap.hwPosition : seg.size
        best = Math.max(best, await segmentMaxTimestamp(seg, maxPos, snap.logStartOffset, snap.highWatermark))
        seg = source.higherSegment(seg.baseOffset)
      }
    } catch (err) {
      if (source.generation() !== snap.generation) continue
      throw ioError(err, 'max timestamp', source.dir)
    }
    if (source.generation() !== snap.generation) continue
    if (best < 0) return undefined
    const offset = await offsetForTimestamp(source, best, source.dir)
    // Retention or truncation since may have removed it: look again.
    if (offset === undefined) {
      if (source.generation() !== snap.generation) continue
      return undefined
    }
    return { offset, timestamp: best }
  }
}

/**
 * The largest record timestamp of `seg` below `maxPos` and at or above `logStart` (-1 for none).
 * The segment holding the log start (after DeleteRecords) may hold records below it: there the
 * batches are walked from the log start, and the batch that straddles it is decoded. The owner's
 * time index may end with an entry for a batch written but not yet published (under `fsync:
 * 'always'` a batch waits for its fsync after it is written): an entry at or past the high watermark
 * `hw` is not used, and the segment's batches are walked from its start instead.
 */
async function segmentMaxTimestamp(seg: Segment, maxPos: number, logStart: number, hw: number): Promise<number> {
  seg.acquire()
  try {
    let max = -1
    let floor
    if (seg.baseOffset < logStart) {
      floor = seg.offsetIndex.lookup(logStart)
    } else {
      const indexed = seg.timeIndex.last()
      const last = indexed !== undefined && indexed.offset < hw ? indexed : undefined
      max = last?.timestamp ?? -1
      floor = last === undefined ? seg.offsetIndex.lookup(seg.baseOffset) : seg.offsetIndex.lookup(last.offset)
    }
    if (floor.position >= maxPos) return max
    const walk = walkFrom(seg.baseOffset, floor, maxPos, true, seg.gapsBelow)
    const straddling: number[] = []
    await walkHeaders(seg, walk, (w) => {
      if (w.lastOffset < logStart) return true
      if (w.baseOffset < logStart) straddling.push(w.batchPosition)
      else if (w.maxTimestamp > max) max = w.maxTimestamp
      return true
    })
    for (const position of straddling) {
      const { buf } = await seg.readCheckedBatch(position, maxPos, -1)
      const records: LogRecord[] = []
      decodeBatch(buf, 0, logStart, records, Infinity)
      for (const r of records) if (r.timestamp > max) max = r.timestamp
    }
    return max
  } finally {
    seg.release()
  }
}
