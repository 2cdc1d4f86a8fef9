/**
 * Point reads of a log's published state: the record at one offset (`Log.get`/`getSync`) and
 * Kafka's offsets-for-times (`Log.offsetForTimestamp`), for the owner and for views alike (through
 * `LogSource`). Each reads under one snapshot and reads again when a truncation or deletion raced it
 * (the source's generation moved): what it returns is a record the snapshot published, never bytes
 * of a file changed under it.
 */
import { findBatchInBytes, type FoundBatch } from '../segment/batch-locator.js'
import { CorruptSegmentError, ioError } from '../base/errors.js'
import type { LogSource } from '../publish/log-source.js'
import type { LogRecord } from '../format/record.js'
import { BatchCheck, decodeBatch } from '../format/record-batch.js'
import { decodeCheckedRecord } from '../format/checked-record.js'
import { keepTable, newTable, tabledRecord, tabledRecordAt } from './record-positions.js'
import { BATCH_HEADER_SIZE, int32BE, readInt64 } from '../format/batch-header.js'

/**
 * The record at `offset`, or `undefined` outside [log start, high watermark) or in a compaction gap.
 * Its buffers are copies (`scratch` is reused for the bounded synchronous read).
 * @throws LogError `KLOG_CORRUPT_SEGMENT`, `KLOG_IO`
 */
export function recordAt(source: LogSource, offset: number, scratch: Buffer): LogRecord | undefined {
  for (;;) {
    const snap = source.snapshot()
    if (offset < snap.logStartOffset || offset >= snap.highWatermark) return undefined
    const seg = source.floorSegment(offset)
    if (seg === undefined || seg.baseOffset > snap.hwSegmentBase) return undefined
    const maxPos = seg.baseOffset === snap.hwSegmentBase ? snap.hwPosition : seg.size
    let found: FoundBatch | undefined
    let record: LogRecord | undefined
    // Where a point read's walk of its batch tabled the record, if one did (`record-positions.ts`).
    const tabled = tabledRecord(seg, offset)
    seg.acquire()
    try {
      const mapped = source.mappedBytes?.(seg, maxPos)
      // In mapped bytes, a tabled record is read straight from its position.
      if (mapped !== undefined && tabled !== undefined) record = tabledRecordAt(seg, mapped, tabled, offset, maxPos)
      if (record === undefined) {
        found =
          mapped !== undefined
            ? findBatchInBytes(mapped, seg, seg.offsetIndex.lookup(offset), offset, maxPos)
            : seg.readBatchSync(offset, maxPos, scratch)
      }
    } catch (err) {
      if (source.generation() !== snap.generation) continue
      throw ioError(err, 'read', seg.logPath)
    } finally {
      seg.release()
    }
    if (record !== undefined) {
      // A truncation or deletion that raced the read may have changed the bytes: read again.
      if (source.generation() !== snap.generation) continue
      return record
    }
    if (found === undefined) {
      if (source.generation() !== snap.generation) continue
      // Offsets below the high watermark are contiguous: the segment that should hold this one
      // ends before it (a deleted or emptied file, or bytes cut behind the library's back).
      throw new CorruptSegmentError(seg.logPath, maxPos, `offset ${offset} is missing from the segment`, { offset })
    } else {
      const { buf, at } = found
      const site = { file: seg.logPath, position: found.position }
      // A record a walk of this very batch tabled before (read without mapped bytes): straight to it.
      // Otherwise the first read of a batch checks every record (one walk, with its CRC check) and
      // tables where they start, for this read and the later ones (see above).
      const reuse = tabled !== undefined && tabled.batch === found.position
      const table = reuse ? undefined : newTable(buf, at)
      if (seg.checkBatchOnce(buf, at, buf.length, found.position, table) !== BatchCheck.Valid) {
        if (source.generation() !== snap.generation) continue
        throw new CorruptSegmentError(seg.logPath, found.position, 'the batch fails its CRC or framing', { offset })
      }
      // A batch without a table (compressed, control) is walked for the record; so is one whose
      // tabled position no longer holds it (the walk checks every record again and names damage).
      let walk = table === undefined
      if (reuse) record = decodeCheckedRecord(buf, at, at + tabled.record - tabled.batch, offset)
      else if (table !== undefined) {
        const from = recordPosition(buf, at, table, offset)
        if (from !== undefined) {
          record = decodeCheckedRecord(buf, at, at + BATCH_HEADER_SIZE + from, offset)
          walk = record === undefined
        }
      }
      if (walk && record === undefined) {
        const out: LogRecord[] = []
        decodeBatch(buf, at, offset, out, 1, undefined, { site, copy: true })
        record = out[0]?.offset === offset ? out[0] : undefined
      }
      // A truncation or deletion that raced the read may have changed the bytes: read again.
      if (source.generation() !== snap.generation) continue
      if (table !== undefined) keepTable(seg, found.position, buf, at, table)
      return record
    }
  }
}

/**
 * Where the record at `offset` starts (from the start of the records section) in the batch at
 * `buf[at]`, from the `table` a full walk of it filled (`recordsCount` positions, then as many offset
 * deltas), or `undefined` when no record has that offset (a gap).
 */
function recordPosition(buf: Buffer, at: number, table: Uint32Array, offset: number): number | undefined {
  const count = int32BE(buf, at + 57)
  const rel = offset - readInt64(buf, at)
  // Offset deltas rise strictly (the walk checked it): in a batch without gaps, delta i is at index i.
  if (rel >= 0 && rel < count && table[count + rel] === rel) return table[rel]!
  let lo = 0
  let hi = count - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const d = table[count + mid]!
    if (d === rel) return table[mid]!
    if (d < rel) lo = mid + 1
    else hi = mid - 1
  }
  return undefined
}

/**
 * The first offset whose record timestamp is ≥ `timestamp` (the time index skips ahead), or
 * `undefined` when no published record is that recent.
 * @throws LogError `KLOG_CORRUPT_SEGMENT`, `KLOG_IO`
 */
export async function offsetForTimestamp(source: LogSource, timestamp: number, dir: string): Promise<number | undefined> {
  for (;;) {
    const snap = source.snapshot()
    try {
      return await scanForTimestamp(source, snap, timestamp)
    } catch (err) {
      // A truncation or deletion racing the lookup changes files under it: look again.
      if (source.generation() !== snap.generation) continue
      throw ioError(err, 'offsetForTimestamp', dir)
    }
  }
}

async function scanForTimestamp(
  source: LogSource,
  snap: ReturnType<LogSource['snapshot']>,
  timestamp: number,
): Promise<number | undefined> {
  let seg = source.floorSegment(snap.logStartOffset)
  while (seg !== undefined && seg.baseOffset <= snap.hwSegmentBase) {
    const maxPos = seg.baseOffset === snap.hwSegmentBase ? snap.hwPosition : seg.size
    const last = seg.timeIndex.last()
    // A sealed segment whose largest timestamp is below the target holds no hit. Its time index's
    // last entry says so only once the seal wrote the final entry: a roll marks the segment sealed
    // first and seals it in the background, so the writer's running maximum covers that window.
    if (!(seg.sealed && last !== undefined && Math.max(last.timestamp, seg.indexes.maxTimestampSoFar) < timestamp)) {
      seg.acquire()
      try {
        let position = await seg.findTimestampPosition(timestamp, maxPos)
        let expectedBase = -1 // the walk that found the first batch checked its header
        while (position >= 0 && position < maxPos) {
          const { buf, lastOffset } = await seg.readCheckedBatch(position, maxPos, expectedBase)
          const records: LogRecord[] = []
          decodeBatch(buf, 0, snap.logStartOffset, records, Infinity, undefined, { site: { file: seg.logPath, position } })
          const hit = records.find((r) => r.timestamp >= timestamp && r.offset < snap.highWatermark)
          if (hit !== undefined) return hit.offset
          position += buf.length
          expectedBase = lastOffset + 1
        }
      } finally {
        seg.release()
      }
    }
    seg = source.higherSegment(seg.baseOffset)
  }
  return undefined
}
