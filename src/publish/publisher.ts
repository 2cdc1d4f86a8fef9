/**
 * The writer's one path of publication: every state readers may see goes through
 * {@link Publisher.publish}, which checks the snapshot's invariants, stores it into the shared
 * snapshot (seqlock, for this thread and worker threads), then wakes followers: the state file (for
 * other processes) and `Atomics.notify` (for parked threads), at once or, for a commit, at the end of
 * the writer's synchronous run. See docs/concurrency.md for why the order is bytes → snapshot →
 * wake-up, and why a reader may trust what it loads.
 *
 * Writer's thread only.
 */
import { NOTHING_PUBLISHED, Snapshot, type SnapshotState } from './snapshot.js'
import { StateFileReader, StateFileWriter } from './state-file.js'
import { waitOnSnapshot } from './wait.js'

/** What a previous writer of the directory last published (from the state file), if any. */
export function lastPublished(dir: string): (SnapshotState & { seq: number }) | undefined {
  const previous = new StateFileReader(dir)
  try {
    return previous.read()
  } finally {
    previous.close()
  }
}

/**
 * How long the wake-up of a commit may wait for the writer's synchronous run to end (see
 * {@link Publisher.publish}): past it, the next commit wakes followers at once.
 */
export const MAX_WAKE_DELAY_MS = 0.25

/** Settled: its reactions run at the end of the current synchronous run (a microtask each). */
const RUN_END = Promise.resolve()

/** The shared snapshot and the state file of one writer (see the module doc). */
export class Publisher {
  /** The in-process published snapshot (shared with worker threads through `log.share()`). */
  readonly snapshot = new Snapshot()
  readonly #stateFile: StateFileWriter
  /** The last state published, as the owner thread's readers see it (see {@link Publisher.publish}). */
  #current: SnapshotState & { seq: number } = { ...NOTHING_PUBLISHED }
  /** A commit published, and its wake-up (state file, notify) waits for the end of the synchronous run. */
  #wakePending = false
  /** When the oldest commit still waiting for its wake-up was published (`#clock`). */
  #pendingSince = 0
  #closed = false
  /** The end of the synchronous run: the wake-up of its commits (a microtask; see `publish`). */
  readonly #wakeAtRunEnd = (): void => {
    if (this.#wakePending && !this.#closed) this.#wake()
  }

  readonly #clock: () => number

  /**
   * @param previous - what an earlier writer published: sequence numbers continue from it
   * @param clock - milliseconds, for the bound on a commit's wake-up (tests pass their own)
   */
  constructor(dir: string, previous: { seq: number } | undefined, clock: () => number = () => performance.now()) {
    this.#clock = clock
    if (previous !== undefined) this.snapshot.continueFrom(previous.seq)
    this.#stateFile = new StateFileWriter(dir, this.snapshot)
  }

  /** The last state published. */
  get current(): SnapshotState & { seq: number } {
    return this.#current
  }

  /**
   * Publishes `state`: checks it, stores it into the shared snapshot (seqlock) and keeps it as the
   * owner thread's view, then wakes followers: notifies the threads parked on the snapshot and
   * writes the state file, whose write wakes other processes. Called only after the bytes it
   * describes are written (and fsynced when the policy says so).
   *
   * `'now'` wakes them before returning (and with them any commit still waiting): every change of
   * the segment set, whose files change right after. `'soon'` (a commit: bytes appended below a new
   * high watermark) wakes them at the end of the writer's synchronous run, in a microtask queued
   * before the commit's appends resolve, so that a burst of appends made in one turn (a loop that
   * does not await each one, a group of a drain) wakes each follower once instead of once per append:
   * a follower woken in the middle of a burst reads a few records, parks, and is woken again, and
   * four of them at 20,000 single appends a second spent more CPU on wake-ups than the writer on its
   * appends. Nothing is published later: threads that load the snapshot see the commit at once, and
   * only a parked follower waits for the wake-up, for at most {@link MAX_WAKE_DELAY_MS} of a long
   * synchronous run (the first commit past it wakes them). Since the microtask runs before the
   * appends' promises settle, a process told by the writer "offset N is written" finds it in the
   * state file.
   *
   * Readers on this thread read the plain object kept here instead of the shared words: only this
   * thread publishes, so between two of its own steps there is nothing torn to guard against, and
   * each publication makes a new object, so a reader holding an older one still sees one whole state.
   */
  publish(state: SnapshotState & { seq: number }, when: 'now' | 'soon' = 'now'): void {
    // A snapshot that breaks the ordering would make readers return [] below the high watermark or
    // reject positions inside the log: refuse to publish it (a bug, never a runtime condition).
    if (!(state.logStartOffset <= state.highWatermark && state.highWatermark <= state.logEndOffset)) {
      throw new Error(
        `internal: refusing to publish logStartOffset ${state.logStartOffset}, highWatermark ` +
          `${state.highWatermark}, logEndOffset ${state.logEndOffset}`,
      )
    }
    this.snapshot.publish(state, false)
    state.seq = this.snapshot.sequence()
    this.#current = state
    if (when === 'now') return this.#wake()
    if (!this.#wakePending) {
      this.#wakePending = true
      this.#pendingSince = this.#clock()
      // A reaction of a settled promise, not `queueMicrotask` (which makes an AsyncResource per call).
      void RUN_END.then(this.#wakeAtRunEnd)
    } else if (this.#clock() - this.#pendingSince >= MAX_WAKE_DELAY_MS) this.#wake()
  }

  /** Writes the state file (the snapshot holds the state) and notifies parked threads. */
  #wake(): void {
    this.#wakePending = false
    this.#stateFile.write()
    this.snapshot.wake()
  }

  /** Resolves when a publication after sequence `seq` happened (or `signal` aborts). */
  waitForChange(seq: number, signal: AbortSignal | undefined): Promise<void> {
    return waitOnSnapshot(this.snapshot, seq, signal)
  }

  /** Wakes followers of a commit still waiting, then closes the state file (readers elsewhere see its last publication). */
  close(): void {
    if (this.#wakePending) this.#wake()
    this.#closed = true
    this.#stateFile.close()
  }
}
