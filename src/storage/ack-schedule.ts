/**
 * AckSchedule: when the append pipeline may acknowledge a group of appends it has just written
 * under `fsync: 'interval'` or `'never'`.
 *
 * Under those policies the write happens synchronously inside `append()` and the promise resolves
 * in a microtask, so a caller's `for (…) await writer.append(r)` never returns to the event loop on
 * its own: the `'interval'` timer, background fsyncs and seals, followers in this thread and
 * compaction rounds would wait for the loop to end (300,000 acknowledged appends without one
 * fdatasync were measured). Durability bounds cannot depend on the caller's loop, so the pipeline
 * holds an acknowledgement back in two cases, decided here:
 *
 * - **`'fsync'`** (`'interval'` only): the group brings the records not yet durable to
 *   `flushMessages`, or the oldest of them was written `flushIntervalMs` ago or more. The group is
 *   fsynced (with everything before it) before it is committed and acknowledged, exactly as under
 *   `'always'`. So at any moment fewer than `flushMessages` acknowledged records, all written in the
 *   last `flushIntervalMs`, can be lost in an OS crash, whatever the caller's loop looks like; the
 *   `'interval'` timer still flushes a log that went idle. So that producers rarely wait for it, a
 *   background fsync starts already at half of either bound ({@link AckSchedule.flushSoon}): the
 *   producer is held only when the disk falls behind.
 * - **`'turn'`**: {@link YIELD_EVERY_APPENDS} appends, or {@link YIELD_EVERY_MS} ms, have been
 *   acknowledged since the event loop last ran a macrotask. The group is committed at once (readers
 *   see it) and acknowledged from a `setImmediate`, which lets one whole turn of the event loop run
 *   first: timers, I/O completions (fsyncs, seals, a compaction round's reads and writes) and
 *   whatever else waits. Exclusive work (truncation, retention, compaction swaps) that was started
 *   meanwhile takes the pipeline at that group boundary. Cheap and rare: one `setImmediate` per
 *   event-loop turn that appends (to notice that a turn passed), one more per yield.
 *
 * Durability is tracked in offsets, not counts, so concurrent flushes (the timer's, `flush()`, a
 * held group's) never double-count: the log end offset captured when a flush starts is durable once
 * it completes.
 *
 * Writer thread only.
 */
import type { FsyncPolicy } from '../base/options.js'

/** A group is acknowledged from a new macrotask after this many appends within one event-loop turn. */
export const YIELD_EVERY_APPENDS = 256
/** ... or once this many ms of acknowledgements ran without the event loop taking a turn. */
export const YIELD_EVERY_MS = 4

/** What must happen before a written group is acknowledged. */
export type AckWait = 'none' | 'fsync' | 'turn'

/** A flush in progress: the log end it covers and when it started. */
export interface FlushMark {
  readonly end: number
  readonly at: number
}

/** The decision rule described in the module comment. */
export class AckSchedule {
  readonly #interval: boolean
  readonly #flushMessages: number
  readonly #flushIntervalMs: number
  /** Every offset below it is durable (a flush that started after it was written has completed). */
  #durableEnd: number
  /** When the oldest record at or above `#durableEnd` was written (ms), if there is one. */
  #oldestUnflushedAt = 0
  /** Set while the event loop has not taken a turn since the first acknowledgement of this one. */
  #turnOpen = false
  #turnAppends = 0
  #turnStart = 0
  readonly #closeTurn = (): void => {
    this.#turnOpen = false
  }

  constructor(policy: FsyncPolicy, flushMessages: number, flushIntervalMs: number, logEndOffset: number) {
    this.#interval = policy === 'interval'
    this.#flushMessages = flushMessages
    this.#flushIntervalMs = flushIntervalMs
    this.#durableEnd = logEndOffset
  }

  /** Records written but not yet durable, for a log whose end is `logEndOffset`. */
  notDurable(logEndOffset: number): number {
    return Math.max(0, logEndOffset - this.#durableEnd)
  }

  /**
   * A group of `appends` was written at `now`, moving the log end from `before` to `after`.
   * @returns what must happen before it is acknowledged
   */
  written(before: number, after: number, appends: number, now: number): AckWait {
    if (before <= this.#durableEnd) this.#oldestUnflushedAt = now
    if (this.#interval) {
      const pending = after - this.#durableEnd
      if (pending >= this.#flushMessages || (pending > 0 && now - this.#oldestUnflushedAt >= this.#flushIntervalMs)) return 'fsync'
    }
    if (!this.#turnOpen) {
      // The first acknowledgement of this turn: the callback runs once the event loop takes a turn.
      this.#turnOpen = true
      this.#turnAppends = 0
      this.#turnStart = now
      setImmediate(this.#closeTurn).unref()
    }
    this.#turnAppends += appends
    return this.#turnAppends >= YIELD_EVERY_APPENDS || now - this.#turnStart >= YIELD_EVERY_MS ? 'turn' : 'none'
  }

  /**
   * Whether to start a background fsync now (`'interval'`): half of `flushMessages` records, or
   * records half of `flushIntervalMs` old, are not yet durable. It usually completes before a group
   * reaches the full bound and has to wait for one.
   */
  flushSoon(logEndOffset: number, now: number): boolean {
    if (!this.#interval) return false
    const pending = logEndOffset - this.#durableEnd
    return pending > 0 && (2 * pending >= this.#flushMessages || 2 * (now - this.#oldestUnflushedAt) >= this.#flushIntervalMs)
  }

  /** A flush starts now, covering everything below `logEndOffset`. */
  flushStarting(logEndOffset: number): FlushMark {
    return { end: logEndOffset, at: Date.now() }
  }

  /** The flush `mark` completed: what it covered is durable. */
  flushed(mark: FlushMark, logEndOffset: number): void {
    if (mark.end <= this.#durableEnd) return
    this.#durableEnd = mark.end
    // What is still not durable was written after the flush started: age it from then (conservative).
    if (logEndOffset > mark.end) this.#oldestUnflushedAt = mark.at
  }

  /** The log end moved down (a truncation): records re-appended below the old durable end are not durable. */
  truncated(logEndOffset: number): void {
    if (logEndOffset < this.#durableEnd) this.#durableEnd = logEndOffset
  }
}
