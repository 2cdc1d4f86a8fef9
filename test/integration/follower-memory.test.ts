/**
 * Issue 19 item 12: a follower of the writer's own `Log` that ends (its signal aborts, or its reader
 * closes) keeps no memory. Each used to leave its `Atomics.waitAsync` parked until the next append,
 * with everything its reactions reached (≈4 KB): 50,000 aborted followers grew an idle log's heap
 * from 25 MB to 195 MB. Waits are now shared per snapshot and sequence value (src/publish/wait.ts),
 * and a follower's wait does not register in a long-lived signal (AbortSignal.any did).
 *
 * Measured in a child with `--expose-gc`: the heap after a full GC, before and after the followers.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'

const CHILD = fileURLToPath(new URL('./children/follower-memory.mjs', import.meta.url))
const FOLLOWERS = 50_000
/** Generous: the leak was ≈3.8 KB a follower (190 MB here); what is left is a few bytes each. */
const MAX_GROWTH = 16 * 1024 * 1024

describe('followers that ended keep no memory', () => {
  const dirs = useTempDirs()

  for (const mode of ['abort', 'close'] as const) {
    it(
      `${FOLLOWERS} followers ended by ${mode === 'abort' ? 'their signal' : 'reader.close() (one shared signal)'} on an idle log`,
      { timeout: 300_000 },
      () => {
        const dir = dirs.make()
        const report = path.join(dirs.make(), 'report.json')
        const res = spawnSync(process.execPath, ['--expose-gc', CHILD, DIST_ENTRY, dir, String(FOLLOWERS), mode, report], {
          encoding: 'utf8',
          timeout: 300_000,
        })
        expect(res.stderr, res.stderr).toBe('')
        expect(res.status).toBe(0)
        const r = JSON.parse(fs.readFileSync(report, 'utf8')) as {
          parked: number
          ends: Record<string, number>
          waitingAfter: number
          growth: number
        }
        process.stdout.write(`follower-memory ${mode}: ${JSON.stringify(r)}\n`)
        // Every follower really parked (it was waiting when it ended), and ended as documented.
        expect(r.parked).toBe(FOLLOWERS)
        expect(r.ends).toEqual(mode === 'abort' ? { AbortError: FOLLOWERS } : { quietly: FOLLOWERS })
        expect(r.waitingAfter).toBe(0)
        expect(r.growth).toBeLessThan(MAX_GROWTH)
      },
    )
  }
})
