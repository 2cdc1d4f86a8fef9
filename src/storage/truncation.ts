/**
 * Truncation bookkeeping of the writer (`LogOwner.truncateTo` and recovery at open): where a
 * truncation leaves the log ({@link truncationPoint}), and the truncation history every snapshot
 * carries ({@link TruncationHistory}: `truncationEpoch` / `truncationOffset`, see `snapshot.ts`).
 *
 * The history outlives a writer: readers in other processes compare epochs, so a new writer
 * continues the one the previous writer published, and a recovery that cut records the previous
 * writer had published counts as a truncation (docs/concurrency.md, "Retention and truncation").
 *
 * Writer thread only.
 */
import type { Segment } from '../segment/segment.js'
import type { SegmentList } from '../segment/segment-list.js'

/** Truncations so far, and where the latest one left the log. */
export class TruncationHistory {
  /** Truncations so far (`SnapshotState.truncationEpoch`). */
  epoch = 0
  /** Where the latest truncation left the log end (`SnapshotState.truncationOffset`). */
  offset = 0

  /** Continues the history `before` published (the previous writer's last snapshot), if any. */
  constructor(before: { truncationEpoch: number; truncationOffset: number } | undefined) {
    if (before !== undefined) {
      this.epoch = before.truncationEpoch
      this.offset = before.truncationOffset
    }
  }

  /** Records a truncation that left the log end at `newEnd`. */
  truncated(newEnd: number): void {
    this.epoch++
    this.offset = newEnd
  }
}

/**
 * Where a truncation to `offset` leaves the log: the segment that keeps the log end (`target`), the
 * byte position its `.log` is cut at, and the new log end offset.
 */
export async function truncationPoint(
  segments: SegmentList,
  offset: number,
): Promise<{ target: Segment; position: number; newEnd: number }> {
  const target = segments.floor(offset) ?? segments.first!
  const found = await target.findPosition(offset, target.size)
  // Where the log will end: after the last batch of `target` that ends below `offset` (the first
  // batch removed may straddle it, and compaction's holes may lie before that one), or, when no
  // batch of `target` reaches `offset`, at `target`'s end (later segments go).
  const position = found < 0 ? target.size : found
  const newEnd = found < 0 ? target.nextOffset : await target.endBelow(offset)
  return { target, position, newEnd }
}
