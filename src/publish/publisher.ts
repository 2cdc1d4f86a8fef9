/**
 * The writer's one path of publication: every state readers may see goes through
 * {@link Publisher.publish}, which checks the snapshot's invariants, stores it into the shared
 * snapshot (seqlock + `Atomics.notify`, for this thread and worker threads) and then into the state
 * file (for other processes). See docs/concurrency.md for why the order is bytes → snapshot →
 * notify, and why a reader may trust what it loads.
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

/** The shared snapshot and the state file of one writer (see the module doc). */
export class Publisher {
  /** The in-process published snapshot (shared with worker threads through `log.share()`). */
  readonly snapshot = new Snapshot()
  readonly #stateFile: StateFileWriter
  /** The last state published, as the owner thread's readers see it (see {@link Publisher.publish}). */
  #current: SnapshotState & { seq: number } = { ...NOTHING_PUBLISHED }

  /** @param previous - what an earlier writer published: sequence numbers continue from it */
  constructor(dir: string, previous: { seq: number } | undefined) {
    if (previous !== undefined) this.snapshot.continueFrom(previous.seq)
    this.#stateFile = new StateFileWriter(dir, this.snapshot)
  }

  /** The last state published. */
  get current(): SnapshotState & { seq: number } {
    return this.#current
  }

  /**
   * Publishes `state`: checks it, stores it into the shared snapshot (seqlock + notify) and keeps it
   * as the owner thread's view; then, unless `stateFile` is false (a caller that writes it itself
   * after more steps), writes the state file for other processes. Called only after the bytes it
   * describes are written (and fsynced when the policy says so).
   *
   * Readers on this thread read the plain object kept here instead of the shared words: only this
   * thread publishes, so between two of its own steps there is nothing torn to guard against, and
   * each publication makes a new object, so a reader holding an older one still sees one whole state.
   */
  publish(state: SnapshotState & { seq: number }, stateFile = true): void {
    // A snapshot that breaks the ordering would make readers return [] below the high watermark or
    // reject positions inside the log: refuse to publish it (a bug, never a runtime condition).
    if (!(state.logStartOffset <= state.highWatermark && state.highWatermark <= state.logEndOffset)) {
      throw new Error(
        `internal: refusing to publish logStartOffset ${state.logStartOffset}, highWatermark ` +
          `${state.highWatermark}, logEndOffset ${state.logEndOffset}`,
      )
    }
    this.snapshot.publish(state)
    state.seq = this.snapshot.sequence()
    this.#current = state
    if (stateFile) this.#stateFile.write()
  }

  /** Writes the state file again (the snapshot already holds the state). */
  writeStateFile(): void {
    this.#stateFile.write()
  }

  /** Resolves when a publication after sequence `seq` happened (or `signal` aborts). */
  waitForChange(seq: number, signal: AbortSignal | undefined): Promise<void> {
    return waitOnSnapshot(this.snapshot, seq, signal)
  }

  /** Closes the state file (the writer is gone; readers elsewhere see its last publication). */
  close(): void {
    this.#stateFile.close()
  }
}
