/**
 * Whole batches as the segment files hold them, for a Kafka fetch: `Log.readBatches` for the owner
 * and for views (worker threads, other processes) alike, through a `LogSource`.
 *
 * A read takes one snapshot and returns the bytes of consecutive whole batches, starting with the
 * batch that holds `from` (Kafka returns the batch containing the fetch offset; a client skips the
 * records before it), up to `maxBytes`, across segments, never a batch at or past the high
 * watermark, and at least one whole batch however large (Kafka's KIP-74). Every batch handed out has
 * passed the header walk (lengths, magic, offsets against its neighbours) and its CRC-32C (once per
 * process, as the reader checks them): damage stops the read after the intact batches before it,
 * and a read that starts at damage rejects with `KLOG_CORRUPT_SEGMENT`. A read that a truncation,
 * retention or compaction swap raced (the generation moved) is discarded and done again.
 *
 * Safe from any reader; never mutates shared state.
 */
import { checkKeys, checkOffset } from '../base/check-keys.js'
import { CorruptSegmentError, LogError, ioError } from '../base/errors.js'
import { walkError } from '../segment/batch-locator.js'
import { HeaderWalk, Step } from '../format/header-walk.js'
import type { LogSource } from '../publish/log-source.js'
import type { SnapshotState } from '../publish/snapshot.js'
import { BATCH_HEADER_SIZE, BatchCheck, LOG_OVERHEAD, batchSize } from '../format/record-batch.js'
import type { Segment } from '../segment/segment.js'

/** Options of `log.readBatches(options)`. */
export interface ReadBatchesOptions {
  /** The offset to fetch: the batch holding it comes first. */
  from: number
  /** About how many bytes to return; the first batch comes whole even when larger (KIP-74). */
  maxBytes: number
  /**
   * Kafka's `isolation_level`. Both read up to the high watermark: the log has no transactions, so
   * the last stable offset is the high watermark. @default 'read_uncommitted'
   */
  isolation?: 'read_uncommitted' | 'read_committed'
}

/**
 * Checks the options of `log.readBatches()`.
 * @throws TypeError / RangeError for a missing or malformed option
 */
export function resolveReadBatchesOptions(options: ReadBatchesOptions): { from: number; maxBytes: number } {
  if (options === null || typeof options !== 'object') throw new TypeError('readBatches needs { from, maxBytes }')
  checkKeys(options, ['from', 'maxBytes', 'isolation'], 'options')
  const { from, maxBytes, isolation = 'read_uncommitted' } = options
  checkOffset(from, 'from')
  if (typeof maxBytes !== 'number') throw new TypeError('options.maxBytes must be a number')
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new RangeError('options.maxBytes must be a positive integer')
  if (isolation !== 'read_uncommitted' && isolation !== 'read_committed') {
    throw new RangeError("options.isolation must be 'read_uncommitted' or 'read_committed'")
  }
  return { from, maxBytes }
}

/** What `log.readBatches()` resolves to. */
export interface BatchesRead {
  /** Whole batches, back to back, exactly as the segment files hold them; empty when there is nothing to read. */
  records: Buffer
  /** The offset after the last batch returned: where the next read continues (`from` when nothing was returned). */
  nextOffset: number
  /** The high watermark of the snapshot the read used. */
  highWatermark: number
  /** The last stable offset: the high watermark (the log has no transactions). */
  lastStableOffset: number
  /** The log start offset of the snapshot the read used. */
  logStartOffset: number
}

/**
 * Reads whole batches from the one holding `from`, about `maxBytes` of them (at least one whole
 * batch), never at or past the high watermark.
 * @throws LogError `KLOG_OFFSET_OUT_OF_RANGE` when `from` is below the log start or above the log
 *   end offset, `KLOG_CORRUPT_SEGMENT` when the first batch is damaged, `KLOG_IO`
 */
export async function readBatches(source: LogSource, from: number, maxBytes: number): Promise<BatchesRead> {
  for (;;) {
    const snap = source.snapshot()
    if (from < snap.logStartOffset || from > snap.logEndOffset) {
      throw new LogError('KLOG_OFFSET_OUT_OF_RANGE', `offset ${from} is outside [${snap.logStartOffset}, ${snap.logEndOffset}]`, {
        offset: from,
      })
    }
    let read: { parts: Buffer[]; next: number }
    try {
      read = await readUnder(source, snap, from, maxBytes)
    } catch (err) {
      // A truncation or deletion racing the read changes files under it: read again.
      if (source.generation() !== snap.generation) continue
      throw ioError(err, 'readBatches', source.dir)
    }
    if (source.generation() !== snap.generation) continue
    return {
      records: read.parts.length === 1 ? read.parts[0]! : Buffer.concat(read.parts),
      nextOffset: read.next,
      highWatermark: snap.highWatermark,
      lastStableOffset: snap.highWatermark,
      logStartOffset: snap.logStartOffset,
    }
  }
}

async function readUnder(
  source: LogSource,
  snap: SnapshotState,
  from: number,
  maxBytes: number,
): Promise<{ parts: Buffer[]; next: number }> {
  const parts: Buffer[] = []
  let total = 0
  let next = from
  let seg = from < snap.highWatermark ? source.floorSegment(from) : undefined
  while (seg !== undefined && seg.baseOffset <= snap.hwSegmentBase && (parts.length === 0 || total < maxBytes)) {
    const maxPos = seg.baseOffset === snap.hwSegmentBase ? snap.hwPosition : seg.size
    seg.acquire()
    let stopped = false
    try {
      const position = await seg.findPosition(next, maxPos)
      if (position >= 0) {
        const got = await readSegment(
          seg,
          position,
          maxPos,
          next,
          snap.highWatermark,
          parts.length === 0 ? maxBytes : maxBytes - total,
          parts.length === 0,
        )
        if (got.bytes.length > 0) {
          parts.push(got.bytes)
          total += got.bytes.length
          next = got.next
        }
        stopped = got.stopped
      }
    } finally {
      seg.release()
    }
    if (stopped || seg.baseOffset === snap.hwSegmentBase || next >= snap.highWatermark) break
    const after = source.higherSegment(seg.baseOffset)
    if (after === undefined || after.baseOffset > snap.hwSegmentBase) break
    if (after.baseOffset !== next) {
      // Segments are contiguous (compaction keeps each group's last batch, so even a compacted
      // segment ends where the next begins): one that ends elsewhere lost records, never skipped.
      throw new CorruptSegmentError(
        seg.logPath,
        seg.size,
        `the segment ends at offset ${next} but the next one starts at ${after.baseOffset}`,
        {
          offset: next,
        },
      )
    }
    seg = after
  }
  return { parts, next }
}

/**
 * The whole batches of `seg` from `position` (whose batch holds `from`): up to `budget` bytes, or
 * the first batch whole when `first` (KIP-74). `stopped` says the read ended before the segment did.
 */
async function readSegment(
  seg: Segment,
  position: number,
  maxPos: number,
  from: number,
  highWatermark: number,
  budget: number,
  first: boolean,
): Promise<{ bytes: Buffer; next: number; stopped: boolean }> {
  let bytes = await seg.read(position, Math.min(Math.max(budget, BATCH_HEADER_SIZE), maxPos - position))
  if (first && bytes.length >= LOG_OVERHEAD) {
    const size = batchSize(bytes, 0)
    // Kafka's minOneMessage: a first batch larger than the budget is still returned whole.
    if (size > bytes.length && size <= maxPos - position) bytes = await seg.read(position, size)
  }
  // The batch at `position` was found by a header walk; the ones after it must follow it exactly.
  const walk = new HeaderWalk(seg.baseOffset, { position, expectedBase: -1, expectedLast: -1, gapsBelow: seg.gapsBelow }, maxPos)
  let at = 0
  let next = from
  let stopped = false
  for (;;) {
    if (at + walk.needed > bytes.length) {
      stopped = at + walk.needed <= maxPos - position
      break
    }
    const step = walk.step(bytes, at)
    if (step === Step.End) break
    let damage: CorruptSegmentError | undefined
    if (step === Step.Corrupt) damage = walkError(seg.logPath, walk)
    else if (at + walk.size > bytes.length) {
      if (at > 0 || !first) {
        stopped = true // the next batch does not fit the budget
        break
      }
      damage = new CorruptSegmentError(seg.logPath, position, 'the file ends inside the batch', { offset: from })
    } else if (seg.checkBatchOnce(bytes, at, at + walk.size, position + at) !== BatchCheck.Valid) {
      damage = new CorruptSegmentError(seg.logPath, position + at, 'the batch fails its CRC or framing', { offset: next })
    }
    if (damage !== undefined) {
      // The intact batches before the damage go out; the next read starts at it and reports it.
      if (at > 0 || !first) {
        stopped = true
        break
      }
      throw damage
    }
    // A guard for files written by others: the published position already ends at the high watermark.
    if (walk.baseOffset >= highWatermark) {
      stopped = true
      break
    }
    at += walk.size
    next = walk.lastOffset + 1
  }
  return { bytes: bytes.subarray(0, at), next, stopped }
}
