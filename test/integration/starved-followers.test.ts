/**
 * Issue 19 item 9 (descriptors): followers in read-only views that run out of file descriptors.
 * They used to end at once (750 of 1,000 views under `ulimit -n 1024`, with a raw `EMFILE`); now a
 * follower that finds no descriptor backs off (10 ms doubling to 1 s, woken early by the next
 * publication) and retries, and after 10 failures in a row ends with `KLOG_IO` (cause `EMFILE`).
 * Whatever happens, what leaves the library is a `LogError`.
 *
 * The test's process writes the log (each append rolls a segment, so every view must list the
 * directory and open new files to follow); a child under `ulimit -n` holds the views and takes
 * every descriptor left once its followers have started (see the child for the three modes).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Log } from '../../src/index.js'
import { FOLLOWER_RETRIES } from '../../src/reader.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'

const CHILD = fileURLToPath(new URL('./children/starved-followers.mjs', import.meta.url))
const TOTAL = 12

interface Report {
  views: number
  outcomes: Record<string, number>
  emfiles: number
  fullyDelivered: number
}

const value = (offset: number): string => `v${offset}`.padEnd(600, '.')

async function run(dirs: { make(): string }, mode: 'release' | 'hold' | 'many', views: number, limit: number): Promise<Report> {
  const dir = dirs.make()
  const work = dirs.make()
  const [report, ready, appended] = ['report.json', 'ready', 'appended'].map((f) => path.join(work, f)) as [string, string, string]
  // 'release' / 'hold': one ~670-byte batch per 1 KiB segment, so every append rolls and every view
  // must list the directory and open new files to follow. 'many': one segment, as in the report.
  await using log = await Log.open(dir, { fsync: 'never', segmentBytes: mode === 'many' ? 1 << 20 : 1024 })
  const w = await log.writer()
  await w.append({ value: value(0) })
  const child = spawn(
    'bash',
    [
      '-c',
      `ulimit -n ${limit} && exec "${process.execPath}" "${CHILD}" "${DIST_ENTRY}" "${dir}" ${views} ${TOTAL} ${mode} "${report}" "${ready}" "${appended}"`,
    ],
    { stdio: ['ignore', 'inherit', 'pipe'] },
  )
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  while (!fs.existsSync(ready)) {
    if (child.exitCode !== null) break
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  for (let offset = 1; offset < TOTAL; offset++) await w.append({ value: value(offset) })
  fs.writeFileSync(appended, '')
  const code = await exited
  expect(stderr).toBe('')
  expect(code).toBe(0)
  const r = JSON.parse(fs.readFileSync(report, 'utf8')) as Report
  process.stdout.write(`starved followers (${mode}, ${views} views, ulimit -n ${limit}): ${JSON.stringify(r)}\n`)
  return r
}

describe('followers out of file descriptors', () => {
  const dirs = useTempDirs()

  it('retry once descriptors are free again, and deliver every record in order', { timeout: 120_000 }, async () => {
    const r = await run(dirs, 'release', 20, 1024)
    // Every view failed at least once for lack of a descriptor before they were freed.
    expect(r.emfiles).toBeGreaterThanOrEqual(20)
    expect(r.outcomes).toEqual({ delivered: 20 })
    expect(r.fullyDelivered).toBe(20)
  })

  it('end with KLOG_IO (cause EMFILE) when descriptors stay short, never with a raw error', { timeout: 120_000 }, async () => {
    const r = await run(dirs, 'hold', 20, 1024)
    // Each follower tried FOLLOWER_RETRIES times more before it gave up.
    expect(r.emfiles).toBeGreaterThanOrEqual(20 * (FOLLOWER_RETRIES + 1))
    expect(r.outcomes).toEqual({ 'LogError:KLOG_IO:EMFILE': 20 })
  })

  it('1,000 following views under ulimit -n 1024: each delivers or ends with KLOG_IO', { timeout: 300_000 }, async () => {
    const r = await run(dirs, 'many', 1000, 1024)
    const ends = Object.keys(r.outcomes)
    expect(ends.filter((e) => e !== 'delivered' && e !== 'LogError:KLOG_IO:EMFILE')).toEqual([])
    expect(r.fullyDelivered).toBe(r.outcomes.delivered ?? 0)
    expect(r.fullyDelivered).toBeGreaterThan(0)
  })
})
