/**
 * A response that a member waits for: a parked JoinGroup (until the join phase completes) or a
 * parked SyncGroup (until the leader's assignment arrives). Kafka's `CompletableFuture` as the
 * classic group uses it: completed at most once, and completing reports whether it was pending.
 *
 * The caller's side may give up (its connection closed, its worker thread died): {@link withAbort}
 * settles the caller's promise with an `AbortError` at once, and leaves the pending response where it
 * is. The group's bookkeeping does not change on an abort, exactly as in Kafka, which cannot see a
 * parked request's connection close either: the member stays "awaiting join" and the rebalance and
 * session timeouts decide its fate, and the response, when it comes, goes nowhere.
 *
 * Concurrency contract: one event loop.
 */
import { abortError } from '../../base/errors.js'

/** A one-shot response slot. */
export class PendingResponse<T> {
  /** Settles with the response when {@link PendingResponse.complete} is first called. */
  readonly promise: Promise<T>
  #resolve!: (value: T) => void
  #done = false

  constructor() {
    this.promise = new Promise<T>((resolve) => {
      this.#resolve = resolve
    })
  }

  /** Whether a response was given. */
  get done(): boolean {
    return this.#done
  }

  /**
   * Gives the response.
   * @returns true when this call completed it, false when it was completed already
   */
  complete(value: T): boolean {
    if (this.#done) return false
    this.#done = true
    this.#resolve(value)
    return true
  }
}

/**
 * `promise`, or a rejection with an `AbortError` as soon as `signal` aborts (at once when it is
 * aborted already). The abort listener is removed when `promise` settles.
 */
export function withAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise
  if (signal.aborted) return Promise.reject(abortError(signal))
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal))
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(err)
      },
    )
  })
}
