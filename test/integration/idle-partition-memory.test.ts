/**
 * What an idle open log holds, and so what each partition of a broker costs: no buffer is made
 * before its first use (the append pipeline's 64 KiB encoding buffer, `getSync`'s 32 KiB read
 * buffer), and the fsync histogram (360 KiB of native memory at Node's default range) is made at
 * the first fsync, at a range and precision that take 36 KiB. A wire fuzz that grew a topic to
 * 4,098 partitions held 900 MiB before (≈0.5 MiB a partition once busy); this bounds what each
 * idle one holds.
 *
 * Measured in a child with `--expose-gc`: ArrayBuffer bytes and heap per log after a full GC,
 * before and after opening N logs, then a topic of N partitions, then one produce into each.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'

const CHILD = fileURLToPath(new URL('./children/idle-partition-memory.mjs', import.meta.url))
const N = 200
/** Per log: before, 33.5 KiB (a plain log) and 97.5 KiB (a partition) of ArrayBuffers; now ≈1.5 KiB (small pooled buffers). */
const MAX_BUFFERS_PER_LOG = 8 * 1024
/** Per log: ≈10-13 KiB of heap today; generous. */
const MAX_HEAP_PER_LOG = 64 * 1024

describe('idle logs hold no buffers', () => {
  const dirs = useTempDirs()

  it(`${N} open logs, and a broker topic of ${N} partitions before and after a produce into each`, { timeout: 300_000 }, () => {
    const dir = dirs.make()
    const report = path.join(dirs.make(), 'report.json')
    const res = spawnSync(process.execPath, ['--expose-gc', CHILD, DIST_ENTRY, dir, String(N), report], {
      encoding: 'utf8',
      timeout: 300_000,
    })
    expect(res.stderr, res.stderr).toBe('')
    expect(res.status).toBe(0)
    const r = JSON.parse(fs.readFileSync(report, 'utf8')) as Record<string, { arrayBuffers: number; heapUsed: number }>
    process.stdout.write(`idle-partition-memory (bytes per log): ${JSON.stringify(r)}\n`)
    for (const [what, m] of Object.entries(r)) {
      expect(m.arrayBuffers, what).toBeLessThan(MAX_BUFFERS_PER_LOG)
      expect(m.heapUsed, what).toBeLessThan(MAX_HEAP_PER_LOG)
    }
  })
})
