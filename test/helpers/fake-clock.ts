/**
 * A fake {@link Clock} for the group coordinator's tests: time moves only when the test calls
 * `advance`, and due timers run in deadline order (ties in scheduling order), each at its own
 * deadline, so a test of session timeouts never sleeps and never depends on the machine's load.
 */
import type { Clock, ClockTimer } from '../../src/broker/group/clock.js'

interface Pending {
  at: number
  seq: number
  fn: () => void
  cancelled: boolean
}

export class FakeClock implements Clock {
  #now: number
  #seq = 0
  #pending: Pending[] = []

  constructor(start = 1_700_000_000_000) {
    this.#now = start
  }

  now(): number {
    return this.#now
  }

  schedule(delayMs: number, fn: () => void): ClockTimer {
    const p: Pending = { at: this.#now + Math.max(0, delayMs), seq: this.#seq++, fn, cancelled: false }
    this.#pending.push(p)
    return {
      cancel: () => {
        p.cancelled = true
      },
    }
  }

  /** Number of timers still pending (not cancelled, not fired). */
  get pendingTimers(): number {
    return this.#pending.filter((p) => !p.cancelled).length
  }

  /** Moves time forward by `ms`, running every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.#now + ms
    for (;;) {
      this.#pending = this.#pending.filter((p) => !p.cancelled)
      let next: Pending | undefined
      for (const p of this.#pending)
        if (p.at <= target && (next === undefined || p.at < next.at || (p.at === next.at && p.seq < next.seq))) next = p
      if (next === undefined) break
      this.#now = Math.max(this.#now, next.at)
      next.cancelled = true
      next.fn()
    }
    this.#now = target
  }
}
