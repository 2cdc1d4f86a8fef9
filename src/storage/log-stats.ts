/**
 * `log.stats()`: assembles a {@link LogStats} from what a `Log` holds (its source, its owner's
 * writer metrics, its read counters). The offsets and segments come from the published snapshot, so
 * they are the same in any thread or process; the writer's counters exist on the owner only (zeros
 * and idle tasks elsewhere).
 *
 * Cheap (no I/O: the segment walk reads sizes the segment list already holds). Any thread.
 */
import { IDLE_TASK, type ReadCounters } from '../base/metrics.js'
import type { LogStats } from '../base/log-types.js'
import type { LogSource } from '../publish/log-source.js'
import type { LogOwner } from './log-owner.js'

/** @internal What `Log.stats()` passes in: its state now. */
export interface LogStatsInput {
  dir: string
  readOnly: boolean
  /** The source reads go to (the owner, or the view). */
  source: LogSource
  /** The owner, when this `Log` holds the directory lock. */
  owner: LogOwner | undefined
  /** `log.logEndOffset` (the owner's unpublished one, or the snapshot's). */
  logEndOffset: number
  waitingReaders: number
  reads: ReadCounters
}

/** @internal The numbers of `log.stats()` (see {@link LogStats}). */
export function logStats(input: LogStatsInput): LogStats {
  const { source, owner } = input
  const snap = source.snapshot()
  let segments = 0
  let bytes = 0
  for (let seg = source.floorSegment(snap.logStartOffset); seg !== undefined; seg = source.higherSegment(seg.baseOffset)) {
    segments++
    bytes += seg.size
  }
  const metrics = owner?.metrics
  return {
    dir: input.dir,
    readOnly: input.readOnly,
    owner: owner !== undefined,
    logStartOffset: snap.logStartOffset,
    highWatermark: snap.highWatermark,
    logEndOffset: input.logEndOffset,
    truncationEpoch: snap.truncationEpoch,
    truncationOffset: snap.truncationOffset,
    segments,
    bytes,
    activeSegmentBaseOffset: snap.hwSegmentBase,
    waitingReaders: input.waitingReaders,
    rolls: metrics?.rolls ?? 0,
    segmentsDeleted: metrics?.segmentsDeleted ?? 0,
    fsyncLatency: metrics?.fsyncLatency() ?? { count: 0, min: 0, mean: 0, p50: 0, p99: 0, max: 0 },
    recovery: owner?.recovery,
    compaction: metrics?.compaction.stats() ?? { ...IDLE_TASK },
    retention: metrics?.retention.stats() ?? { ...IDLE_TASK },
    lastCompaction: metrics?.lastCompaction,
    appendedRecords: metrics?.appendedRecords ?? 0,
    appendedBytes: metrics?.appendedBytes ?? 0,
    readRecords: input.reads.records,
    readBytes: input.reads.bytes,
  }
}
