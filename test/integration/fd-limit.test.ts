/**
 * Issue 8 item 5: file descriptors and mappings do not grow with the number of segments. A child
 * process under `ulimit -n 1024` builds, opens, reads across and appends to a log of many small
 * segments (laid out as files, as a clean shutdown leaves them), then reports (to a file, with
 * synchronous writes) the open time and the descriptors it holds, from /proc/self/fd.
 * `KAFKA_LITE_FD_SEGMENTS` overrides the segment count (100,000).
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'

const CHILD = fileURLToPath(new URL('./children/fd-limit.mjs', import.meta.url))
const SEGMENTS = Number(process.env.KAFKA_LITE_FD_SEGMENTS ?? 100_000)

describe('bounded file descriptors', () => {
  const dirs = useTempDirs()

  it(`a log of ${SEGMENTS} segments opens, reads across and appends under ulimit -n 1024`, { timeout: 900_000 }, () => {
    const dir = dirs.make()
    const report = path.join(dirs.make(), 'report.json')
    const res = spawnSync(
      'bash',
      ['-c', `ulimit -n 1024 && exec "${process.execPath}" "${CHILD}" "${DIST_ENTRY}" "${dir}" ${SEGMENTS} "${report}"`],
      {
        encoding: 'utf8',
        timeout: 900_000,
      },
    )
    expect(res.stderr, res.stderr).toBe('')
    expect(res.status).toBe(0)
    const r = JSON.parse(fs.readFileSync(report, 'utf8')) as {
      limit: number
      segments: number
      read: number
      gets: number
      appended: number
      layoutMs: number
      uncleanOpenMs: number
      openMs: number
      readMs: number
      fdsAfterOpen: number
      fdsAfterRead: number
      fdsAfterAppend: number
    }
    process.stdout.write(`fd-limit: ${JSON.stringify(r)}\n`)
    expect(r.limit).toBe(1024)
    expect(r.read).toBe(SEGMENTS)
    expect(r.gets).toBe(Math.ceil(SEGMENTS / 97))
    expect(r.appended).toBe(1)
    // maxOpenSegments (256) segments hold a descriptor each, plus Node's own: independent of SEGMENTS.
    for (const n of [r.fdsAfterOpen, r.fdsAfterRead, r.fdsAfterAppend]) expect(n).toBeLessThan(256 + 100)
  })
})
