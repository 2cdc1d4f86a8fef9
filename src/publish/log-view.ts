/**
 * LogView: a read-only log seen from outside the writer's thread: a worker thread (snapshot in the
 * writer's `SharedArrayBuffer`) or another process (snapshot in the state file).
 *
 * The view lists the directory whenever the published generation changes (roll, retention,
 * truncation), reopening segments read-only and reloading their indexes. Whenever the sequence moves
 * it only tells the segment that holds the high watermark its new published end
 * (`Segment.follow`: no system call, the snapshot's load is the whole cost of a wake-up); that
 * segment's index entries are read lazily, by the first lookup (a seek: by offset, by timestamp, a
 * point read) after its end moved, and only those of batches below the published `hwPosition` and
 * offsets below the high watermark. A follower reading in order never looks anything up. The writer
 * writes index entries before it publishes, and the view reads them after loading the snapshot that
 * bounds them, so every entry a lookup can use points at whole, published bytes (docs/concurrency.md,
 * "Why the index is safe to use").
 *
 * Where the snapshot comes from and how a follower waits (shared buffer in a worker, state file in
 * another process, and the switch to the state file when a new writer takes over) is
 * `view-sources.ts`.
 *
 * A view never serves a file that is not the log's current file of that name: it only opens
 * segments at or below the published high-watermark segment (a truncation publishes its new end
 * before it deletes the segments above it, and a roll publishes only after it created the file),
 * and every segment it reloads is first checked to be the file now at that name (inode).
 *
 * Compaction swaps reach a view like truncations: the writer publishes a new generation and rewrite
 * epoch after a swap commits and before it renames anything the view uses, and again before its
 * commit marker goes (`cleaner/swap.ts`). A read that overlapped a rename therefore sees the
 * generation move and is retried; a reload that overlapped one sees the marker and is marked stale;
 * a reload after the marker is gone finds every rename published and re-checks every segment's
 * identity. So a healthy log being compacted never yields a false `KLOG_CORRUPT_SEGMENT` or a
 * `KLOG_IO` for a file that was renamed away.
 *
 * Holes: each segment is told where it ends (the next segment's base, or the published high
 * watermark for the last one), so that a hole above the compacted-until hint is accepted when the
 * segment's own batches vouch for it (`Segment.allowsHole`), as in the writer.
 *
 * Each view is used from one thread.
 */
import fs from 'node:fs'
import { COMPACTED_UNTIL_FILE, readOffsetCheckpoint } from '../segment/checkpoint.js'
import { LogError } from '../base/errors.js'
import type { LogSource } from './log-source.js'
import { Segment } from '../segment/segment.js'
import { SegmentList } from '../segment/segment-list.js'
import { segmentBasesOf } from '../segment/segment-directory.js'
import { SharedSource, StateFileSource, type Published, type SnapshotSource } from './view-sources.js'

const SWAP_WAIT_MS = 1
const SWAP_WAIT_LIMIT_MS = 5000
const sleeper = new Int32Array(new SharedArrayBuffer(4))

/**
 * The directory's segment bases, listed when no compaction swap is in progress: while a
 * `<base>.log.swap` commit marker exists, old and new files of a group are being exchanged, and a
 * listing could miss the segments of the group's range (see `cleaner/swap.ts`). The swap is a few
 * renames; if the marker outlives the wait (its writer died mid-swap), the listing is used anyway:
 * every state of the exchange keeps the name of the group's first segment, and the next writer
 * finishes the swap before it publishes.
 */
function swapInProgress(names: readonly string[]): boolean {
  return names.some((name) => name.endsWith('.log.swap'))
}

function listStableSegmentBases(dir: string): { bases: number[]; waitedOut: boolean } {
  for (let waited = 0; ; waited += SWAP_WAIT_MS) {
    const names = fs.readdirSync(dir)
    if (!swapInProgress(names) || waited >= SWAP_WAIT_LIMIT_MS)
      return { bases: segmentBasesOf(names), waitedOut: waited >= SWAP_WAIT_LIMIT_MS }
    Atomics.wait(sleeper, 0, 0, SWAP_WAIT_MS) // blocks this thread briefly; allowed in workers and in Node's main thread
  }
}

/** A read-only log outside the writer's thread (see the module comment). */
export class LogView implements LogSource {
  readonly dir: string
  private readonly segments = new SegmentList()
  private readonly source: SnapshotSource
  private loadedGeneration = Number.NaN
  /** The high-watermark segment at the last reload; -Infinity before the first. */
  private loadedHwBase = -Infinity
  /** The truncation epoch, writer and rewrite epoch at the last reload; NaN before the first (forces a full reload). */
  private loadedEpoch = Number.NaN
  private loadedWriter = Number.NaN
  private loadedRewrite = Number.NaN
  private refreshedSeq = -1
  /**
   * Set when a compaction swap began while the last reload opened files: that reload may have paired
   * a new index with an old log; reads made with it are retried, and the next snapshot reloads.
   */
  private stale = false

  private constructor(dir: string, source: SnapshotSource) {
    this.dir = dir
    this.source = source
  }

  /** A view over a snapshot shared by a writer in this process (e.g. from a worker thread). */
  static shared(dir: string, buffer: SharedArrayBuffer): LogView {
    return new LogView(dir, new SharedSource(dir, buffer))
  }

  /** A view over the state file of a writer in any process. */
  static fromStateFile(dir: string): LogView {
    if (!fs.existsSync(dir)) throw new LogError('KLOG_IO', `log directory ${dir} does not exist`, { file: dir })
    return new LogView(dir, new StateFileSource(dir))
  }

  snapshot(): Published {
    const s = this.source.read()
    if (this.stale || s.generation !== this.loadedGeneration || s.writerId !== this.loadedWriter || s.rewriteEpoch !== this.loadedRewrite)
      this.reload(s)
    else if (s.seq !== this.refreshedSeq) {
      // Same generation: only the high-watermark segment grew. (A listing that missed that segment
      // leaves an earlier one as the floor, read whole at the reload: nothing to do for it.)
      const active = this.segments.floor(s.hwSegmentBase)
      if (active?.baseOffset === s.hwSegmentBase) active.follow(s.hwPosition, s.highWatermark)
    }
    this.refreshedSeq = s.seq
    return s
  }

  generation(): number {
    return this.stale ? Number.NaN : this.source.read().generation
  }

  floorSegment(offset: number): Segment | undefined {
    return this.segments.floor(offset)
  }

  higherSegment(baseOffset: number): Segment | undefined {
    return this.segments.higher(baseOffset)
  }

  waitForChange(seq: number, signal: AbortSignal | undefined): Promise<void> {
    return this.source.wait(seq, signal)
  }

  /**
   * Re-lists the directory after a generation change: opens new segments, retires deleted ones and
   * reloads the kept ones that may have changed.
   *
   * Only segments at or below the published high-watermark segment belong to the log: anything above
   * it is either being deleted by a truncation (which publishes its new end first) or not yet
   * published by a roll. Among the kept segments, only those at or above the lower of the old and new
   * high-watermark segments can have changed when neither a truncation nor a new writer intervened:
   * appends and rolls touch the active segment (and seal it), retention only deletes, and sealed
   * segments are immutable. So a roll costs one reload, not one per segment of the log. After a
   * truncation or a change of writer (whose recovery may have cut and rebuilt files), every kept
   * segment is reloaded. Every segment reloaded is first checked to still be the file of its name;
   * one that is not (deleted, and its base offset reused by a new file) is retired and reopened.
   */
  private reload(s: Published): void {
    const old = new Map(this.segments.all.map((seg) => [seg.baseOffset, seg]))
    const reshaped =
      this.stale || s.truncationEpoch !== this.loadedEpoch || s.writerId !== this.loadedWriter || s.rewriteEpoch !== this.loadedRewrite
    const changedFrom = reshaped ? -Infinity : Math.min(this.loadedHwBase, s.hwSegmentBase)
    const next: Segment[] = []
    const listing = s.generation < 0 ? { bases: [], waitedOut: false } : listStableSegmentBases(this.dir)
    for (const base of listing.bases) {
      if (base > s.hwSegmentBase) break
      let seg = old.get(base)
      if (seg !== undefined && base >= changedFrom && !seg.logFile.isCurrentFile()) seg = undefined // stays in `old`: retired
      let changed = true
      if (seg !== undefined) {
        old.delete(base)
        if (base >= changedFrom) seg.reload()
        else changed = false
      } else {
        try {
          seg = Segment.openForRead(this.dir, base)
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue // deleted since the listing
          throw err
        }
      }
      // Below the high-watermark segment every byte is committed: read whole now. The
      // high-watermark segment is told its published end below, and its indexes read lazily.
      if (changed && base !== s.hwSegmentBase) seg.refresh()
      next.push(seg)
    }
    // Compaction's gaps are allowed below the writer's compacted-until checkpoint (read per reload:
    // it only moves with a swap, which moves the rewrite epoch and so causes a reload).
    // A state no writer of ours published (writerId 0: a directory another program wrote) may hold a
    // compacted log whose extent nothing of ours records: gaps are allowed everywhere there.
    const gapsBelow =
      s.generation < 0 ? 0 : s.writerId === 0 ? Number.MAX_SAFE_INTEGER : (readOffsetCheckpoint(this.dir, COMPACTED_UNTIL_FILE) ?? 0)
    next.forEach((seg, i) => {
      seg.allowGapsBelow(gapsBelow)
      // Where each segment ends, for vouching for holes above the hint (see the module doc).
      const after = next[i + 1]
      if (after !== undefined) seg.declareEnd(seg.size, after.baseOffset)
      else if (seg.baseOffset === s.hwSegmentBase) seg.follow(s.hwPosition, s.highWatermark)
    })
    for (const seg of old.values()) seg.retire()
    this.segments.reset(next)
    this.loadedGeneration = s.generation
    this.loadedHwBase = s.generation < 0 ? -Infinity : s.hwSegmentBase
    this.loadedEpoch = s.generation < 0 ? Number.NaN : s.truncationEpoch
    this.loadedWriter = s.writerId
    this.loadedRewrite = s.rewriteEpoch
    // A swap that committed while this reload opened files (checked after opening them, so any
    // overlap with the swap's renames is seen: the marker lives from before the first rename to
    // after the last) makes this reload suspect.
    this.stale = s.generation >= 0 && !listing.waitedOut && swapInProgress(fs.readdirSync(this.dir))
  }

  close(): void {
    for (const seg of this.segments.all) seg.retire()
    this.segments.reset([])
    this.source.close()
  }
}
