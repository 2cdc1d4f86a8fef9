/**
 * The writer's side of a compaction swap (`LogOwner.sealedForCleaning` / `LogOwner.swapCleaned`
 * delegate here): which sealed segments a round may read, pinned with their content identity, and
 * the swap of one cleaned group into the segment list after re-checking, inside the exclusive
 * section, that nothing the round built it from changed. The file renames and the commit marker are
 * `cleaner/swap.ts`; the cleaner checkpoint and compacted-until hint are `compaction-checkpoints.ts`.
 *
 * A round prepares its output outside the exclusive section, from segments it pinned with their
 * content identity (`Segment.content`): a truncation cuts a segment in place and a refill can roll
 * again at the same offsets, so "the same `Segment` objects" is no proof of the same bytes; each
 * swap re-checks every segment the rest of the round was built from (docs/concurrency.md,
 * "Compaction swaps").
 *
 * Writer thread only; {@link swapCleanedGroup} runs as exclusive work of the append pipeline.
 */
import type { CleanableSegment, CleanedGroup } from '../cleaner/cleaner.js'
import { swapIn } from '../cleaner/swap.js'
import { Segment } from '../segment/segment.js'
import type { SegmentList } from '../segment/segment-list.js'
import type { CompactionProgress } from './compaction-checkpoints.js'

/** What a swap changes in the owner (`LogOwner` hands over its own). */
export interface SwapSite {
  readonly dir: string
  readonly segments: SegmentList
  readonly compaction: CompactionProgress
  /** Publishes a new generation and rewrite epoch (`SnapshotState.rewriteEpoch`). */
  readonly publishRewrite: () => void
  /** Drops the point-read mappings of segments that left the log (see `read-mappings.ts`). */
  readonly forget: (old: readonly Segment[]) => void
}

/**
 * The sealed segments of `all` (all but the last, the active one), oldest first, each with its end
 * offset and content identity, **pinned** (the caller releases each). One synchronous step, so no
 * change of the segment set falls between the list, the identities and the pins.
 */
export function pinSealed(all: readonly Segment[]): CleanableSegment[] {
  const out: CleanableSegment[] = []
  for (let i = 0; i < all.length - 1; i++) {
    const segment = all[i]!
    segment.acquire()
    out.push({ segment, end: all[i + 1]!.baseOffset, content: segment.content() })
  }
  return out
}

/**
 * Swaps `group` in when it is still current (see `LogOwner.swapCleaned`), and publishes the new
 * segment set.
 * @param pending - `group` and the round's groups after it
 * @returns whether the group was swapped in (`false`: something it was built from changed)
 */
export function swapCleanedGroup(site: SwapSite, group: CleanedGroup, pending: readonly CleanedGroup[], endOffset: number): boolean {
  const all = site.segments.all
  const at = all.indexOf(group.old[0]!)
  const current =
    at >= 0 &&
    group.old.every((seg, i) => all[at + i] === seg) &&
    at + group.old.length < all.length &&
    all[at + group.old.length]!.baseOffset === group.end &&
    pending.every((g) => g.old.every((seg, i) => seg.hasContent(g.contents[i]!)))
  if (!current) return false
  site.compaction.holesBelow(group.end, all)
  // Published twice, like a truncation: once after the commit and before the first rename onto a
  // live name, so that a reader whose read overlaps any rename sees the generation move and reads
  // again; once the files are in place and before the commit marker goes, so that a view that
  // finds no marker finds every rename published (docs/concurrency.md, "Compaction swaps").
  swapIn(site.dir, group, site.publishRewrite, () => {
    const replacement = Segment.openForWrite(site.dir, group.base, true)
    replacement.allowGapsBelow(site.compaction.compactedUntil)
    replacement.loadedSealed()
    replacement.adoptEnd(group.end)
    site.segments.reset([...all.slice(0, at), replacement, ...all.slice(at + group.old.length)])
    site.publishRewrite()
  })
  // Their files are gone (renamed over or unlinked); descriptors close once no read holds them.
  for (const seg of group.old) seg.retire()
  site.compaction.cleanedTo(Math.min(group.end, endOffset))
  site.forget(group.old)
  return true
}
