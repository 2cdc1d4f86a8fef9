/**
 * Waiting for the writer without polling.
 *
 * In-process and worker readers park on the snapshot's sequence word with `Atomics.waitAsync`; the
 * writer's `Atomics.notify` after each publication wakes them. A pending `waitAsync` does not keep
 * Node's event loop alive, so while any follower of the thread waits, the thread's one keep-alive
 * timer (never firing) is ref'd; it is unref'd when the last wait ends ({@link pendingWait}): a
 * process whose only work is following a log does not exit early, and one whose followers all
 * ended is not kept alive. It is made once per thread and toggled, not made and cleared per wait.
 *
 * A pending `Atomics.waitAsync` cannot be cancelled: the engine holds its promise, and everything
 * its reactions reach, until the next notify. So followers never park one each. Per snapshot there
 * is one parked wait for the sequence value followers have seen ({@link waitOnSnapshot}), shared by
 * every follower waiting on that value; a follower that ends (abort, reader or log closed, `break`)
 * leaves that wait's set of waiters at once and keeps nothing alive. The parked wait itself stays
 * until the next publication, but there is at most one per snapshot and value: 50,000 followers
 * started and aborted one after another on an idle log cost one parked wait, not 50,000.
 *
 * Every wait, whatever wakes it (a parked wait, the state file's watch, a safety re-check), is a
 * {@link pendingWait}: one promise, one abort listener on the caller's signal (removed when it
 * ends), and the sets it joined, left when it ends. A wake-up allocates no timer, no combined
 * signal and no race of promises.
 *
 * Used from one thread per `Snapshot` object (each thread makes its own over the shared buffer).
 */
import { abortError } from '../base/errors.js'
import type { Snapshot } from './snapshot.js'

const KEEPALIVE_MS = 2 ** 31 - 1

/** This thread's keep-alive timer (an interval, so that it never expires), ref'd while `held` > 0. */
let keepAlive: NodeJS.Timeout | undefined
let held = 0

function holdAlive(): void {
  if (held++ > 0) return
  if (keepAlive === undefined) keepAlive = setInterval(() => {}, KEEPALIVE_MS)
  else keepAlive.ref()
}

function releaseAlive(): void {
  if (--held === 0) keepAlive?.unref()
}

/** How many waits of this thread hold the event loop alive now (tests: none once all ended). */
export function waitsHoldingAlive(): number {
  return held
}

/**
 * A wait that ends once: resolved by the `wake` passed to `join`, or rejected with the AbortError of
 * `signal`. `join(wake)` enters `wake` wherever it should be called from and returns how to leave;
 * the wait leaves on either end, removes its abort listener and releases the keep-alive, so an
 * ended wait leaves nothing behind in a long-lived signal or set.
 */
export function pendingWait(signal: AbortSignal | undefined, join: (wake: () => void) => () => void): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal))
  return new Promise<void>((resolve, reject) => {
    let ended = false
    /** How to leave what `join` entered; unknown while it runs (a wake then leaves after it). */
    const joined: { leave?: () => void } = {}
    const end = (): boolean => {
      if (ended) return false
      ended = true
      joined.leave?.()
      releaseAlive()
      signal?.removeEventListener('abort', onAbort)
      return true
    }
    const onAbort = (): void => {
      if (end()) reject(abortError(signal!))
    }
    holdAlive()
    signal?.addEventListener('abort', onAbort, { once: true })
    const leave = join(() => {
      if (end()) resolve()
    })
    if (ended) leave()
    else joined.leave = leave
  })
}

/** Runs `wait` while keeping the event loop alive, and rejects with an AbortError on `signal`. */
export function waitWithSignal(wait: Promise<unknown>, signal: AbortSignal | undefined): Promise<void> {
  let failure: { err: unknown } | undefined
  return pendingWait(signal, (wake) => {
    wait.then(wake, (err: unknown) => {
      failure = { err }
      wake()
    })
    return () => {}
  }).then(() => {
    if (failure !== undefined) throw failure.err
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
    // A wake leaves the set as it runs (deleting the entry being visited is safe in a Set).
    for (const wake of parked.wakes) wake()
    parked.wakes.clear()
  })
  return parked
}

/**
 * Enters `wake` in the snapshot's parked wait for `seq` to change (parking one if none is), to be
 * called at the next publication. @returns how to leave it
 */
export function joinSnapshot(snapshot: Snapshot, seq: number, wake: () => void): () => void {
  const parked = parkedOn(snapshot, seq)
  parked.wakes.add(wake)
  return () => void parked.wakes.delete(wake)
}

/** Resolves when the snapshot's sequence is no longer `seq` (woken by the writer's notify). */
export function waitOnSnapshot(snapshot: Snapshot, seq: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal))
  // Already published past `seq`: nothing to park on (and `Atomics.waitAsync` would not either).
  if (snapshot.sequence() !== seq) return Promise.resolve()
  return pendingWait(signal, (wake) => joinSnapshot(snapshot, seq, wake))
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
