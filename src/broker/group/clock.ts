/**
 * Time for the group coordinator: a {@link Clock} (the current time and one-shot timers), injected so
 * that tests drive session timeouts, rebalance timeouts and offset expiry with a fake clock instead of
 * waiting, and {@link KeyedTimers}, Kafka's coordinator timer: at most one pending timer per key,
 * scheduling a key again replaces it (`heartbeat-<group>-<member>`, `join-<group>`, `sync-<group>`).
 *
 * The system clock's timers are `unref`ed: a coordinator never keeps a process alive by itself.
 *
 * Concurrency contract: one event loop (the broker's); nothing here is shared across threads.
 */

/** A pending timer. */
export interface ClockTimer {
  /** Cancels the timer; a no-op once it fired or was cancelled. */
  cancel(): void
}

/** The current time and one-shot timers. */
export interface Clock {
  /** Milliseconds since the epoch (`Date.now()` for the system clock). */
  now(): number
  /** Runs `fn` once after `delayMs` milliseconds (0 or more). */
  schedule(delayMs: number, fn: () => void): ClockTimer
}

/** The real clock: `Date.now()` and unref'ed `setTimeout`. */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  schedule(delayMs: number, fn: () => void): ClockTimer {
    // setTimeout clamps delays above 2^31-1 ms to 1 ms; a longer delay is scheduled in steps.
    const MAX = 2 ** 31 - 1
    let handle: NodeJS.Timeout
    let cancelled = false
    const arm = (remaining: number): void => {
      handle = setTimeout(
        () => {
          if (cancelled) return
          if (remaining > MAX) arm(remaining - MAX)
          else fn()
        },
        Math.min(remaining, MAX),
      )
      handle.unref()
    }
    arm(Math.max(0, delayMs))
    return {
      cancel(): void {
        cancelled = true
        clearTimeout(handle)
      },
    }
  },
})

/**
 * Kafka's keyed coordinator timer: one pending timer per key; scheduling a key replaces its timer.
 * A callback that throws (a bug) does not escape into the event loop, where it would end the
 * process: it goes to `onError`, as Kafka's coordinator runtime logs a failed timer operation.
 */
export class KeyedTimers {
  readonly #clock: Clock
  readonly #onError: (error: unknown) => void
  readonly #timers = new Map<string, ClockTimer>()

  constructor(clock: Clock, onError: (error: unknown) => void) {
    this.#clock = clock
    this.#onError = onError
  }

  /** Schedules `fn` under `key` after `delayMs`, cancelling the key's pending timer if any. */
  schedule(key: string, delayMs: number, fn: () => void): void {
    this.#timers.get(key)?.cancel()
    const timer = this.#clock.schedule(delayMs, () => {
      if (this.#timers.get(key) !== timer) return
      this.#timers.delete(key)
      try {
        fn()
      } catch (error) {
        this.#onError(error)
      }
    })
    this.#timers.set(key, timer)
  }

  /** Cancels the key's pending timer, if any. */
  cancel(key: string): void {
    const timer = this.#timers.get(key)
    if (timer === undefined) return
    this.#timers.delete(key)
    timer.cancel()
  }

  /** Whether `key` has a pending timer (tests and invariants). */
  has(key: string): boolean {
    return this.#timers.has(key)
  }

  /** Cancels every pending timer. */
  cancelAll(): void {
    for (const timer of this.#timers.values()) timer.cancel()
    this.#timers.clear()
  }
}
