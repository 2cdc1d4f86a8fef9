/**
 * What a reader needs from a log, whoever publishes it: the writer in this thread (`LogOwner`), or a
 * writer elsewhere seen through a `SharedArrayBuffer` (worker) or the state file (other process)
 * (`LogView`). Readers are written once against this interface.
 */
import type { Segment } from '../segment/segment.js'
import type { SnapshotState } from './snapshot.js'

/** What readers read through: implemented by `LogOwner` (writer's thread) and `LogView` (elsewhere). */
export interface LogSource {
  readonly dir: string
  /**
   * A consistent snapshot, with the segment list brought in line with its generation (a view re-lists
   * the directory on a generation change and tells the segment holding the high watermark its
   * published end, whose index entries it reads at the next lookup).
   */
  snapshot(): SnapshotState & { seq: number }
  /** The current generation, re-read after a read to detect a truncation or deletion under it. */
  generation(): number
  /** The segment with the largest base offset ≤ `offset`. */
  floorSegment(offset: number): Segment | undefined
  /** The segment after the one based at `baseOffset`. */
  higherSegment(baseOffset: number): Segment | undefined
  /**
   * Bytes of `seg` mapped in memory for point reads, covering at least `maxPosition`, or `undefined`
   * (views and the mmap fallback read with `pread`). Only the owner thread maps `.log` files: it is the
   * only place that can guarantee no file shrinks under a mapping while it is being read.
   * `existingOnly`: only a mapping already made (a scan passing through many segments maps none of
   * them, and evicts no point read's mapping).
   */
  mappedBytes?(seg: Segment, maxPosition: number, existingOnly?: boolean): Buffer | undefined
  /** Resolves once the snapshot's sequence differs from `seq`, or rejects when `signal` aborts. */
  waitForChange(seq: number, signal: AbortSignal | undefined): Promise<void>
}
