/**
 * Where the durable drain's `fdatasync` runs: on libuv's thread pool (the event loop keeps turning
 * during the sync) or on the writer's own thread (no cross-thread wake-ups: on a fast disk they cost
 * about as much as the sync itself). A sync on the writer's thread holds its event loop for as long
 * as the sync takes, so it is done only while syncs are fast: after {@link STREAK} syncs in a row
 * that each took under {@link FAST_NS}. One slow sync (wherever it ran) sends the next ones back to
 * the pool until the streak is made again. So on a disk whose syncs take a quarter of a millisecond
 * the loop is held that long per durable group, and on one whose syncs take 10 ms it is never held.
 *
 * Only `fsync: 'always'` drains use it (`AppendPipeline`): the background and `'interval'` flushes
 * stay on the pool, since nothing waits on them but the recovery point.
 *
 * Concurrency: the writer's thread; plain state of one log.
 */

/**
 * Which sync of the active segment (`LogOwner.syncActive`): `'log'`, its `.log` on the thread pool
 * (background and `'interval'` flushes); `'group'`, its `.log` for an `fsync: 'always'` group, here
 * while syncs are fast; `'all'`, its `.log` and index files (before a clean-shutdown marker).
 */
export type SyncKind = 'log' | 'group' | 'all'

/** A sync at least this long (ns) is slow: the next ones go to the pool. */
export const FAST_NS = 1_000_000
/** Fast syncs in a row before one runs on the writer's thread. */
export const STREAK = 8

/** The decision of one log (see the file comment). */
export class InlineSyncPolicy {
  #fast = 0

  /** Whether the next durable sync may run on the calling thread. */
  get inline(): boolean {
    return this.#fast >= STREAK
  }

  /** Records how long a sync took (ns), wherever it ran. */
  took(ns: number): void {
    this.#fast = ns < FAST_NS ? Math.min(this.#fast + 1, STREAK) : 0
  }
}
