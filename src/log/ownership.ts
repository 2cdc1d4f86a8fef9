/**
 * Who holds a `Log`'s directory for it: the owner (`LogOwner`, holding the lock) or a view
 * (`LogView`, following another writer's publication), and the hand-out of the single writer,
 * which turns a view opened read-write into the owner once the lock's holder is gone.
 *
 * A part of `Log` (src/log.ts): the public methods, their checks and docs stay there.
 */
import { hostname } from 'node:os'
import { LockedError, LogError, closedError } from '../base/errors.js'
import { notifyLockChange, waitForLockChange } from '../io/lock.js'
import type { ResolvedLogOptions } from '../base/options.js'
import { shareableEncoding } from '../base/encoding.js'
import type { LogHandle } from '../base/log-types.js'
import type { LogOwner } from '../storage/log-owner.js'
import { takeOwnership } from '../storage/take-ownership.js'
import type { LogSource } from '../publish/log-source.js'
import { LogView } from '../publish/log-view.js'
import type { RecordDecoding } from '../read/decode.js'
import { LogWriter, runExclusively } from '../writer.js'

/** What the ownership needs from its `Log`. */
export interface OwnershipHost {
  /** The log's directory (absolute). */
  readonly dir: string
  /** The log's resolved options (taking ownership later reopens with them; `share()` hands them on). */
  readonly options: ResolvedLogOptions
  /** The log's default decoding, the writer's too. */
  readonly decoding: RecordDecoding
  /** Opened `readOnly` (or attached): never hands out a writer. */
  readonly readOnly: boolean
  /** True once the log's `close()` was called. */
  closed(): boolean
  /** Throws `KLOG_CLOSED` once the log is closed. */
  checkOpen(): void
}

/**
 * A read-write open's start: the owner, taking the lock (recovering the directory first), or, when
 * another writer holds it and `viewIfLocked`, a view of that writer's log.
 * @throws LogError `KLOG_LOCKED` (when not `viewIfLocked`) and what `takeOwnership` throws
 */
export async function ownOrView(
  dir: string,
  options: ResolvedLogOptions,
  viewIfLocked: boolean,
): Promise<{ owner?: LogOwner; view?: LogView }> {
  try {
    return { owner: await takeOwnership(dir, options) }
  } catch (err) {
    if (err instanceof LogError && err.code === 'KLOG_LOCKED' && viewIfLocked) return { view: LogView.fromStateFile(dir) }
    throw err
  }
}

/** The owner or the view behind a `Log`, and its writer (see the module doc). */
export class LogOwnership<V, K> {
  readonly #host: OwnershipHost
  #owner: LogOwner | undefined
  #view: LogView | undefined
  #writer: LogWriter<V, K> | undefined
  #writerPending: Promise<LogWriter<V, K>> | undefined

  constructor(host: OwnershipHost, owner?: LogOwner, view?: LogView) {
    this.#host = host
    this.#owner = owner
    this.#view = view
  }

  /** The owner, once this log holds the directory lock. */
  get owner(): LogOwner | undefined {
    return this.#owner
  }

  /** The owner, else the view. @throws LogError `KLOG_CLOSED` when neither is left */
  get source(): LogSource {
    const s = this.#owner ?? this.#view
    if (s === undefined) throw closedError('log')
    return s
  }

  /** `log.share()`: the owner's shared snapshot travels with the handle. */
  handle(): LogHandle {
    const { dir, options } = this.#host
    const sab = this.#owner?.publisher.snapshot.buffer
    return {
      dir,
      snapshot: sab instanceof SharedArrayBuffer ? sab : null,
      // Named encodings travel as names; a custom one as 'custom' (Log.attach then asks for it).
      options: {
        ...options,
        valueEncoding: shareableEncoding(options.valueEncoding),
        keyEncoding: shareableEncoding(options.keyEncoding),
      } as ResolvedLogOptions,
    }
  }

  /** Readers of a view keep working after the view becomes the owner, so they go through this. */
  viewSource(): LogSource {
    return {
      dir: this.#host.dir,
      snapshot: () => this.source.snapshot(),
      generation: () => this.source.generation(),
      floorSegment: (o) => this.source.floorSegment(o),
      higherSegment: (b) => this.source.higherSegment(b),
      waitForChange: (seq, signal) => this.source.waitForChange(seq, signal),
    }
  }

  /** Runs `fn` between two append groups of the writer, if there is one (`backup()`). */
  exclusively<T>(fn: () => Promise<T>): Promise<T> {
    const writer = this.#writer
    return writer === undefined ? fn() : runExclusively(writer, fn)
  }

  /** `Log.writer()` after its option checks. */
  async writer(wait: boolean, signal: AbortSignal | undefined): Promise<LogWriter<V, K>> {
    for (;;) {
      try {
        return await this.#writerOnce()
      } catch (err) {
        if (!wait || !(err instanceof LogError && err.code === 'KLOG_LOCKED') || this.#host.closed()) throw err
      }
      await waitForLockChange(this.#host.dir, signal)
    }
  }

  async #writerOnce(): Promise<LogWriter<V, K>> {
    this.#host.checkOpen()
    if (this.#host.readOnly) throw new LogError('KLOG_READ_ONLY', 'this log was opened read-only')
    if (this.#writer !== undefined || this.#writerPending !== undefined) {
      // Not "another writer holds it: pid <our own pid>": the writer in the way is ours.
      throw new LockedError(this.#host.dir, { pid: process.pid, hostname: hostname() }, undefined, true)
    }
    this.#writerPending = (async () => {
      if (this.#owner === undefined) {
        // Opened while another process held the lock: take it over now if that process is gone.
        const owner = await takeOwnership(this.#host.dir, this.#host.options)
        if (this.#host.closed()) {
          await owner.close()
          throw closedError('log')
        }
        this.#owner = owner
        this.#view?.close()
        this.#view = undefined
      }
      return new LogWriter<V, K>(
        this.#owner,
        () => {
          this.#writer = undefined
          notifyLockChange(this.#host.dir)
        },
        this.#host.decoding,
      )
    })()
    try {
      this.#writer = await this.#writerPending
      return this.#writer
    } finally {
      this.#writerPending = undefined
    }
  }

  /**
   * `Log.close()` after the readers: the writer (flushing it), then the owner (segments, lock), then
   * the view. Every step runs; their failures are pushed onto `failures`, in order.
   */
  async close(failures: unknown[]): Promise<void> {
    await this.#writerPending?.catch(() => undefined)
    await this.#writer?.close().catch((err: unknown) => failures.push(err))
    await this.#owner?.close().catch((err: unknown) => failures.push(err))
    this.#view?.close()
  }
}
