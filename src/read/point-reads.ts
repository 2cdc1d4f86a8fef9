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
import { VerifiedBatches } from '../segment/verified-batches.js'

/**
 * Per segment, the batches whose every record a point read of this process has walked (the record
 * walk of `format/batch-records.ts`): later point reads of the same batch decode only up to the
 * record they want. Like the segment's CRC cache, it trusts bytes it checked not to change behind
 * the library's back; a truncation can only bring batches this library's writer encoded.
 */
const walkedBatches = new WeakMap<object, VerifiedBatches>()

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
    seg.acquire()
    try {
      const mapped = source.mappedBytes?.(seg, maxPos)
      found =
        mapped !== undefined
          ? findBatchInBytes(mapped, seg, seg.offsetIndex.lookup(offset), offset, maxPos)
          : seg.readBatchSync(offset, maxPos, scratch)
    } catch (err) {
      if (source.generation() !== snap.generation) continue
      throw ioError(err, 'read', seg.logPath)
    } finally {
      seg.release()
    }
    let record: LogRecord | undefined
    if (found === undefined) {
      if (source.generation() !== snap.generation) continue
      // Offsets below the high watermark are contiguous: the segment that should hold this one
      // ends before it (a deleted or emptied file, or bytes cut behind the library's back).
      throw new CorruptSegmentError(seg.logPath, maxPos, `offset ${offset} is missing from the segment`, { offset })
    } else {
      const { buf, at } = found
      if (seg.checkBatchOnce(buf, at, buf.length, found.position) !== BatchCheck.Valid) {
        if (source.generation() !== snap.generation) continue
        throw new CorruptSegmentError(seg.logPath, found.position, 'the batch fails its CRC or framing', { offset })
      }
      const out: LogRecord[] = []
      const walked = walkedBatches.get(seg)
      const checked = walked?.has(found.position) === true
      decodeBatch(buf, at, offset, out, 1, undefined, { site: { file: seg.logPath, position: found.position }, checked })
      record = out[0]?.offset === offset ? copyRecord(out[0]) : undefined
      // A truncation or deletion that raced the read may have changed the bytes: read again.
      if (source.generation() !== snap.generation) continue
      if (!checked) {
        const batches = walked ?? new VerifiedBatches()
        batches.add(found.position)
        if (walked === undefined) walkedBatches.set(seg, batches)
      }
      return record
    }
    // A truncation or deletion that raced the read may have changed the bytes: read again.
    if (source.generation() !== snap.generation) continue
    return record
  }
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

function copyBytes(b: Buffer | null): Buffer | null {
  return b === null ? null : Buffer.from(b)
}

function copyRecord(r: LogRecord): LogRecord {
  return {
    offset: r.offset,
    timestamp: r.timestamp,
    key: copyBytes(r.key),
    value: copyBytes(r.value),
    headers: r.headers.map((h) => ({ key: h.key, value: copyBytes(h.value) })),
  }
}
