/**
 * Which head segments retention and record deletion remove: the policy half of Kafka's
 * `deleteOldSegments` and `DeleteRecords`. Pure over the segment list; the owner applies the result
 * through its one path for moving the log start (publish, checkpoint, then delete files).
 *
 * Writer only.
 */
import type { ResolvedLogOptions } from '../base/options.js'
import type { Segment } from '../segment/segment.js'

/**
 * Kafka's `deleteOldSegments`: the oldest segments to delete by `retentionMs` and `retentionBytes`,
 * oldest first, stopping at the first one that is not eligible; never the active (last) segment, and
 * nothing for a compact-only log.
 * @param all - the log's segments, oldest first (the last is the active one)
 * @returns how many head segments to delete
 */
export function retainedHead(all: readonly Segment[], options: ResolvedLogOptions, now: number): number {
  const { retentionMs, retentionBytes, cleanupPolicy } = options
  if (retentionMs < 0 && retentionBytes < 0) return 0
  if (cleanupPolicy === 'compact') return 0 // Kafka: a compact-only topic never deletes by time or size
  let excess = retentionBytes < 0 ? 0 : all.reduce((n, s) => n + s.size, 0) - retentionBytes
  let n = 0
  for (; n < all.length - 1; n++) {
    const seg = all[n]!
    const byTime = retentionMs >= 0 && now - seg.largestTimestamp() > retentionMs
    const bySize = retentionBytes >= 0 && excess - seg.size >= 0
    if (!byTime && !bySize) break
    excess -= seg.size
  }
  return n
}

/**
 * Kafka's DeleteRecords: the head segments wholly below `offset` (the next segment starts at or below
 * it); never the active segment.
 * @returns how many head segments to delete
 */
export function headBelow(all: readonly Segment[], offset: number): number {
  let n = 0
  while (n < all.length - 1 && all[n + 1]!.baseOffset <= offset) n++
  return n
}
