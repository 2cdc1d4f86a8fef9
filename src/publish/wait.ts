/**
 * Waiting for the writer without polling.
 *
 * In-process and worker readers park on the snapshot's sequence word with `Atomics.waitAsync`; the
 * writer's `Atomics.notify` after each publication wakes them. A pending `waitAsync` does not keep
 * Node's event loop alive, so while a follower waits we hold a ref'd timer that never fires (it is
 * cleared when the wait ends): a process whose only work is following a log does not exit early.
 *
 * A pending `Atomics.waitAsync` cannot be cancelled: the engine holds its promise, and everything
 * its reactions reach, until the next notify. So followers never park one each. Per snapshot there
 * is one parked wait for the sequence value followers have seen ({@link waitOnSnapshot}), shared by
 * every follower waiting on that value; a follower that ends (abort, reader or log closed, `break`)
 * leaves that wait's set of waiters at once and keeps nothing alive. The parked wait itself stays
 * until the next publication, but there is at most one per snapshot and value: 50,000 followers
 * started and aborted one after another on an idle log cost one parked wait, not 50,000.
 *
 * Used from one thread per `Snapshot` object (each thread makes its own over the shared buffer).
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

/** The one parked `Atomics.waitAsync` of a snapshot, and who waits on it. */
interface Parked {
  /** The sequence value the wait parked on. */
  readonly seq: number
  /** Wakes of the followers waiting now; a follower that stops waiting removes its own. */
  readonly wakes: Set<() => void>
}

/** Per snapshot object (so per thread): the wait parked on it, until the next publication wakes it. */
const parkedWaits = new WeakMap<Snapshot, Parked>()

/** Parks (or joins) the snapshot's wait for `seq` to change. */
function parkedOn(snapshot: Snapshot, seq: number): Parked {
  const current = parkedWaits.get(snapshot)
  if (current !== undefined && current.seq === seq) return current
  const parked: Parked = { seq, wakes: new Set() }
  parkedWaits.set(snapshot, parked)
  // The reaction reaches only `parked` and its (by then usually empty) set, never a follower that left.
  void snapshot.waitForChange(seq, Infinity).then(() => {
    if (parkedWaits.get(snapshot) === parked) parkedWaits.delete(snapshot)
    for (const wake of parked.wakes) wake()
    parked.wakes.clear()
  })
  return parked
}

/** Resolves when the snapshot's sequence is no longer `seq` (woken by the writer's notify). */
export function waitOnSnapshot(snapshot: Snapshot, seq: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal))
  // Already published past `seq`: nothing to park on (and `Atomics.waitAsync` would not either).
  if (snapshot.sequence() !== seq) return Promise.resolve()
  const parked = parkedOn(snapshot, seq)
  let wake!: () => void
  const woken = new Promise<void>((resolve) => {
    wake = resolve
  })
  parked.wakes.add(wake)
  return waitWithSignal(woken, signal, () => parked.wakes.delete(wake))
}

/** Per source signal: the one listener this module keeps on it, and the callbacks it runs. */
interface FanOut {
  readonly listener: () => void
  readonly callbacks: Set<() => void>
}
const fanOuts = new WeakMap<AbortSignal, FanOut>()

/**
 * Runs `callback` when `signal` aborts, through one listener per signal however many waits use it
 * (an application's shutdown signal shared by a thousand followers carries one listener, not a
 * thousand, and no `MaxListenersExceededWarning`).
 * @returns a function that unregisters the callback (and the listener with the last one)
 */
function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let fan = fanOuts.get(signal)
  if (fan === undefined) {
    const callbacks = new Set<() => void>()
    const listener = (): void => {
      fanOuts.delete(signal)
      for (const f of callbacks) f()
    }
    fan = { listener, callbacks }
    fanOuts.set(signal, fan)
    signal.addEventListener('abort', listener, { once: true })
  }
  const { callbacks, listener } = fan
  callbacks.add(callback)
  return () => {
    if (!callbacks.delete(callback) || callbacks.size > 0) return
    signal.removeEventListener('abort', listener)
    if (fanOuts.get(signal) === fan) fanOuts.delete(signal)
  }
}

/**
 * One signal that aborts when any of `signals` does (with that signal's reason), for one wait.
 * Unlike `AbortSignal.any`, it leaves nothing behind in a long-lived source (an application's
 * shutdown signal shared by many followers) once `unlink()` is called or it aborted.
 * @returns the combined signal, and `unlink` to call when the wait ends
 */
export function linkSignals(signals: readonly AbortSignal[]): { signal: AbortSignal; unlink: () => void } {
  if (signals.length === 1) return { signal: signals[0]!, unlink: () => {} }
  const linked = new AbortController()
  const aborted = signals.find((s) => s.aborted)
  if (aborted !== undefined) {
    linked.abort(aborted.reason)
    return { signal: linked.signal, unlink: () => {} }
  }
  const unlinks = signals.map((s) => onAbort(s, () => linked.abort(s.reason)))
  let linkedUp = true
  const unlink = (): void => {
    if (!linkedUp) return
    linkedUp = false
    for (const u of unlinks) u()
  }
  linked.signal.addEventListener('abort', unlink, { once: true })
  return { signal: linked.signal, unlink }
}
