/**
 * When the writer rolls to a new segment: Kafka's `LogSegment.shouldRoll`. Pure: reads what the
 * segment exposes, changes nothing; writer only (the active segment).
 */
import { INT32_MAX } from '../base/limits.js'
import type { Segment } from './segment.js'
import type { BatchMeta } from './segment-indexes.js'

/** Roll thresholds (a subset of the log options). */
export interface RollConfig {
  segmentBytes: number
  segmentMs: number
  indexBytes: number
}

/**
 * Whether to roll before appending `meta` to `segment`: when the segment would pass `segmentBytes`,
 * when its records would span more than `segmentMs`, when an index is full, or when the batch's last
 * offset does not fit a relative offset.
 * @param pendingBytes - bytes the writer has already assigned to this segment in the current drain
 *   but not written yet
 */
export function shouldRoll(segment: Segment, meta: BatchMeta, config: RollConfig, now: number, pendingBytes = 0): boolean {
  const size = segment.size + pendingBytes
  if (size === 0) return false
  if (size > config.segmentBytes - meta.size) return true
  const firstBatchTimestamp = segment.indexes.firstBatchTimestamp
  const since = firstBatchTimestamp >= 0 && meta.maxTimestamp >= 0 ? meta.maxTimestamp - firstBatchTimestamp : now - segment.createdAt
  if (since > config.segmentMs) return true
  if (segment.indexes.full(config.indexBytes)) return true
  return meta.lastOffset - segment.baseOffset > INT32_MAX
}
