/**
 * The background seals of rolled segments and what they mean for the recovery point.
 *
 * A roll hands the old segment to this queue; seals run one after another, in roll order (one
 * promise chain). While a segment's seal has not finished, the recovery point is held below it: its
 * final time-index entry (and its trimmed indexes) are not on disk yet, and a segment below the
 * recovery point is trusted as it is after a crash. A finished seal moves the point on, to what the
 * syncs made durable meanwhile, up to the next segment whose seal is pending.
 *
 * Writer thread only: a part of `LogOwner` (storage/log-owner.ts), which calls it from inside the
 * serialised section.
 */
import { LogError, ioError } from '../base/errors.js'
import type { Segment } from '../segment/segment.js'
import type { SegmentList } from '../segment/segment-list.js'
import type { RecoveryPoint } from './recovery-point.js'

/** What the queue needs from the log owner (closures over its private state). */
export interface SealHost {
  /** The owner's segment list: a finished seal moves the recovery point to the next segment's base. */
  readonly segments: SegmentList
  /** The owner's current recovery point (the owner replaces it once, at open). */
  recoveryPoint(): RecoveryPoint
  /** True once the owner's clean close began to finish. */
  closed(): boolean
  /** fsyncs the log directory. */
  syncDir(): Promise<void>
  /** Fails the writer for a failure that leaves durability unknown. */
  failInBackground(err: LogError): void
}

/** The segments being sealed in the background, and the recovery point they hold back. */
export class SealQueue {
  readonly #host: SealHost
  #chain: Promise<void> = Promise.resolve()
  /** Base offsets of rolled segments whose seal has not finished, oldest first (see `synced`). */
  readonly #pending: number[] = []
  /** The highest offset a sync made durable (`synced`), which the recovery point may trail while seals are pending. */
  #synced = 0

  constructor(host: SealHost) {
    this.#host = host
  }

  /** Resolves once the seals queued so far finished (it never rejects: a failure goes to the host). */
  idle(): Promise<void> {
    return this.#chain
  }

  /**
   * A sync made every offset below `offset` durable: the recovery point moves there, or only up to
   * the oldest segment whose seal is pending.
   */
  synced(offset: number, activeBaseOffset: number): void {
    // Never past a segment whose seal has not finished: its final time-index entry (and its trimmed
    // indexes) are not on disk yet, and a segment below the recovery point is trusted as it is after
    // a crash. Held there, recovery scans it and rebuilds its indexes; the seal moves the point on.
    this.#synced = Math.max(this.#synced, offset)
    const unsealed = this.#pending[0]
    this.#host.recoveryPoint().advance(unsealed === undefined ? offset : Math.min(offset, unsealed), activeBaseOffset)
  }

  /** A truncation cut the log at `newEnd`: nothing at or above it is durable any more. */
  truncatedTo(newEnd: number): void {
    this.#synced = Math.min(this.#synced, newEnd)
  }

  /** Queues the seal of `old`, which a roll just stopped appending to. */
  add(old: Segment): void {
    this.#pending.push(old.baseOffset)
    this.#chain = this.#chain.then(() => this.#seal(old))
  }

  async #seal(seg: Segment): Promise<void> {
    try {
      if (seg.isClosed || seg.isDeleted) return
      await seg.seal()
      await this.#host.syncDir()
      const next = this.#host.segments.higher(seg.baseOffset)
      // The recovery point moves only after a real flush (KAFKA-10101): everything below the next
      // segment's base is now durable, and segments are sealed in order; then on to what syncs made
      // durable meanwhile (held back by this seal), up to the next segment whose seal is pending.
      const held = this.#pending[1]
      const durable = Math.max(next?.baseOffset ?? 0, Math.min(this.#synced, held ?? Infinity))
      if (next !== undefined && !this.#host.closed()) this.#host.recoveryPoint().advance(durable)
    } catch (err) {
      // After a failed fsync the kernel may have dropped the dirty pages (and a retry that succeeds
      // proves nothing): acknowledged records of this segment may not be durable.
      this.#host.failInBackground(
        new LogError('KLOG_WRITER_FAILED', 'sealing a segment failed; acknowledged records may not be durable: reopen the log', {
          cause: ioError(err, 'sealing a segment', seg.logPath),
          file: seg.logPath,
        }),
      )
    } finally {
      // Seals run in roll order (one chain): this one is the oldest pending.
      this.#pending.shift()
    }
  }
}
