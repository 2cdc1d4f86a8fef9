/**
 * The listener fuzz (test/fuzz/harness.ts): at least 100,000 random and mutated frames (valid
 * requests of every API and version with flipped bytes, cut bodies, wrong, negative and oversized
 * size prefixes, huge array counts, rewritten keys and versions, random bytes) over thousands of
 * connections to a listener in a child process serving stub handlers and a fake log. Every
 * connection must behave as the model says (answers in order, closes where they must, exactly the
 * valid requests reach a handler, the fake log is called for valid Produce requests only), a control
 * connection keeps being answered throughout, the child never fails, and its memory is reported.
 *
 * Replay: `FUZZ_SEED=<seed>`; a longer run: `FUZZ_FRAMES=<n>` (default 100,000).
 */
import { describe, expect, it } from 'vitest'
import { runListenerFuzz } from '../fuzz/harness.js'

const FRAMES = Number(process.env.FUZZ_FRAMES ?? 100_000)
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31))
const MiB = 1024 * 1024

describe('listener fuzz', () => {
  it(
    `${FRAMES} random and mutated frames: no crash, bounded memory, other connections unaffected, only valid requests handled`,
    { timeout: Math.max(300_000, FRAMES * 5) },
    async () => {
      console.log(`listener fuzz: replay with FUZZ_SEED=${SEED} FUZZ_FRAMES=${FRAMES}`)
      const started = Date.now()
      const result = await runListenerFuzz({ frames: FRAMES, seed: SEED })
      console.log(
        `listener fuzz (seed ${SEED}): ${result.frames} frames over ${result.connections} connections in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
          `ends ${JSON.stringify(result.ends)}; ${result.dispatches} requests handled, ${result.responses} answers, ${result.logAppends} log appends; ` +
          `control answers ${result.controlAnswers}; mutations ${JSON.stringify(result.mutated)}; ` +
          `broker maxRSS ${(result.memory.maxRSS / MiB).toFixed(1)} MiB (${(result.memory.baselineMaxRSS / MiB).toFixed(1)} MiB idle), broker CPU ${(result.brokerCpuMs / 1000).toFixed(1)} s`,
      )
      expect(result.uncaught).toEqual([])
      expect(result.disagreements).toEqual([])
      expect(result.frames).toBe(FRAMES)
      expect(result.controlAnswers).toBe(result.connections + 1)
      expect(result.metrics.connections).toBe(0)
      // Every mutation kind and every way a connection ends were exercised.
      expect(Object.keys(result.mutated).length).toBe(12)
      expect(result.ends.open! * result.ends.closed! * result.ends.partial!).toBeGreaterThan(0)
      // Bounded: frames declared up to 100 MiB are never allocated; what the broker holds is per connection.
      expect(result.memory.maxRSS - result.memory.baselineMaxRSS).toBeLessThan(200 * MiB)
    },
  )
})
