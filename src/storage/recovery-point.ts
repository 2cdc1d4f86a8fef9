/**
 * The recovery point (Kafka's `recoveryPoint`) and its checkpoint file,
 * `recovery-point-offset-checkpoint`: every offset below it is durable (fsynced). An unclean open
 * starts its scan at the segment holding it and reports flushed records it does not find on disk
 * (`tail-missing`), so the file must never say more than is durable (KAFKA-10101) and should say as
 * much as it can: the point moves after every sync that makes records durable (a seal, `flush()`,
 * each group commit under `fsync: 'always'`, each background sync under `'interval'`).
 *
 * Cost. A checkpoint write is an atomic small-file write (temp file, fsync, rename, fsync of the
 * directory): two device flushes. Written after every group commit (in the background, coalesced)
 * it added 416 checkpoint writes (832 fsyncs) to 2,000 one-producer durable appends (2,004
 * fdatasyncs) and 43% CPU; so syncs on the append path only *advance* the point, and the file
 * follows in the background, never on an acknowledgement's path:
 * - at once when the file does not yet vouch for any record of the active segment (the first sync
 *   after a roll, and a seal): a deleted or emptied active segment is then always reported;
 * - otherwise at most once per {@link CHECKPOINT_INTERVAL_MS} (Kafka checkpoints it every 60 s,
 *   `log.flush.offset.checkpoint.interval.ms`), each write taking the latest value.
 * `flush()` and a clean close wait for the file ({@link RecoveryPoint.persist}); truncation lowers
 * it and waits ({@link RecoveryPoint.lower}) before any segment file changes.
 *
 * Writer thread only. Every write of the file goes through here, so writes never overlap (they
 * share one temp file) and a lower value is never overtaken by an older, higher one.
 */
import { ioError, type LogError } from '../base/errors.js'
import { RECOVERY_POINT_FILE, writeOffsetCheckpointAsync } from '../segment/checkpoint.js'

/** The longest the checkpoint trails a sync on the append path (see the module doc). */
export const CHECKPOINT_INTERVAL_MS = 1000

/** The writer's recovery point and the one writer of its checkpoint (see the module doc). */
export class RecoveryPoint {
  readonly #dir: string
  /** Offsets below it are durable. */
  #value: number
  /** What the checkpoint file says. */
  #written: number
  /** The write in flight, if any; it never rejects (a failure is kept in `#failure`). */
  #writing: Promise<void> | undefined
  /** The last write's failure, until a write succeeds. */
  #failure: LogError | undefined
  /** A write is wanted at once (not throttled). */
  #urgent = false
  /** When the last write started (`Date.now()`), for the throttle. */
  #lastWrite = -Infinity
  #timer: NodeJS.Timeout | undefined

  /**
   * @param value - the recovery point after loading (at most the log end)
   * @param written - what the checkpoint file says now
   */
  constructor(dir: string, value: number, written: number) {
    this.#dir = dir
    this.#value = value
    this.#written = written
  }

  /** Every offset below it is durable. */
  get value(): number {
    return this.#value
  }

  /**
   * Records that every offset below `offset` is now durable (a sync finished); the file follows in
   * the background, at once when it does not yet reach past `activeBase` (or `activeBase` is not
   * given), throttled otherwise. Never lowers the point.
   * @param activeBase - the active segment's base offset
   */
  advance(offset: number, activeBase?: number): void {
    if (offset <= this.#value) return
    this.#value = offset
    if (activeBase === undefined || (this.#written <= activeBase && activeBase < offset)) this.#urgent = true
    this.#schedule()
  }

  /**
   * {@link RecoveryPoint.advance}s to `offset` (when given) and waits until the file says the
   * recovery point.
   * @throws LogError the checkpoint write's I/O error (the next write tries again)
   */
  async persist(offset?: number): Promise<void> {
    if (offset !== undefined && offset > this.#value) this.#value = offset
    while (this.#written !== this.#value || this.#writing !== undefined) {
      if (this.#writing === undefined) this.#startWriting()
      await this.#writing
      if (this.#written !== this.#value && this.#failure !== undefined) throw this.#failure
    }
  }

  /**
   * Lowers the recovery point to `offset` (a truncation) and waits until the file says so: called
   * before any file changes, so that a crash in between never finds a recovery point above the log
   * end (which the next open would report as flushed records lost).
   * @throws LogError the checkpoint write's I/O error
   */
  async lower(offset: number): Promise<void> {
    if (offset >= this.#value && offset >= this.#written && this.#writing === undefined) return
    this.#value = Math.min(this.#value, offset)
    await this.persist()
  }

  /** Drops a throttled write still waiting and waits for the write in flight, if any (it never rejects). */
  async settle(): Promise<void> {
    clearTimeout(this.#timer)
    this.#timer = undefined
    await this.#writing
  }

  /** Starts a write now, or when the throttle allows. */
  #schedule(): void {
    if (this.#writing !== undefined || this.#written === this.#value) return
    const wait = this.#urgent ? 0 : this.#lastWrite + CHECKPOINT_INTERVAL_MS - Date.now()
    if (wait <= 0) {
      clearTimeout(this.#timer)
      this.#timer = undefined
      this.#startWriting()
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined
        this.#schedule()
      }, wait)
      this.#timer.unref()
    }
  }

  #startWriting(): void {
    const value = this.#value
    this.#urgent = false
    this.#lastWrite = Date.now()
    this.#writing = writeOffsetCheckpointAsync(this.#dir, RECOVERY_POINT_FILE, value)
      .then(
        () => {
          this.#written = value
          this.#failure = undefined
        },
        (err: unknown) => {
          // Retried by the next advance (throttled); persist() reports it.
          this.#failure = ioError(err, 'writing the recovery-point checkpoint', this.#dir)
        },
      )
      .finally(() => {
        this.#writing = undefined
        if (this.#failure === undefined) this.#schedule()
      })
  }
}
