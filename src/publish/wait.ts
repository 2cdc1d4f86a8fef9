/**
 * Waiting for the writer without polling.
 *
 * In-process and worker readers park on the snapshot's sequence word with `Atomics.waitAsync`; the
 * writer's `Atomics.notify` after each publication wakes them. A pending `waitAsync` does not keep
 * Node's event loop alive, so while a follower waits we hold a ref'd timer that never fires (it is
 * cleared when the wait ends): a process whose only work is following a log does not exit early.
 */
import { abortError } from '../base/errors.js'
import type { Snapshot } from './snapshot.js'

const KEEPALIVE_MS = 2 ** 31 - 1

/** Runs `wait` while keeping the event loop alive, and rejects with an AbortError on `signal`. */
export function waitWithSignal(wait: Promise<unknown>, signal: AbortSignal | undefined, cancel?: () => void): Promise<void> {
  if (signal?.aborted) {
    cancel?.()
    return Promise.reject(abortError(signal))
  }
  const keepAlive = setTimeout(() => {}, KEEPALIVE_MS)
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(keepAlive)
      cancel?.()
      reject(abortError(signal!))
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    wait.then(
      () => {
        clearTimeout(keepAlive)
        signal?.removeEventListener('abort', onAbort)
        resolve()
      },
      (err: unknown) => {
        clearTimeout(keepAlive)
        signal?.removeEventListener('abort', onAbort)
        reject(err)
      },
    )
  })
}

/** Resolves when the snapshot's sequence is no longer `seq` (woken by the writer's notify). */
export function waitOnSnapshot(snapshot: Snapshot, seq: number, signal: AbortSignal | undefined): Promise<void> {
  return waitWithSignal(snapshot.waitForChange(seq, Infinity), signal)
}
