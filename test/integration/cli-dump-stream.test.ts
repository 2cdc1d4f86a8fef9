/**
 * Issue 19 item 13: `kafka-lite-log dump` into a slow pipe holds the dump instead of queueing the
 * whole log: `dump` (src/inspect/dump.ts) awaits each item's output before it reads the next batch,
 * and the CLI waits for stdout's 'drain' when the pipe is full. The CLI runs in a child (the probe
 * test/integration/children/decode-rss.mjs, which records `process.resourceUsage().maxRSS` at exit)
 * whose stdout is a pipe to `(sleep 3; cat)`: nothing is read for three seconds, then everything.
 * The sleep decides nothing the test asserts: the output is complete whatever the timing, and the
 * bound holds whatever the timing; only the old code's growth depended on it.
 *
 * Peak RSS of `dump --records --payloads -e hex` into such a pipe, measured on the development
 * machine (Node 20), before → after: a 40 MB log (84 MB of text) 347 → 102 MB; a 197 MB log (421 MB
 * of text) 1,395 → 101 MB (the 2.6 GB and ENOBUFS came from a larger log). After the fix the
 * peak does not grow with the log: one batch of records and its lines are held at a time.
 *
 * Also here: an index file is never read whole, so `verify` of a segment whose `.index` is a sparse
 * 512 MiB file reads it a chunk at a time and stops after 100 bad entries.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { Log } from '../../src/index.js'
import { segmentPath } from '../helpers/logs.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'

const CHILD = fileURLToPath(new URL('./children/decode-rss.mjs', import.meta.url))
const dirs = useTempDirs('kafka-lite-dump-stream-')
const RSS_LIMIT_KIB = 200 * 1024

interface Probe {
  exitCode: number
  maxRSS: number
}

/** Runs the CLI in the probe, its stdout piped through `shell` (which gets it on its stdin). */
async function cliThrough(dir: string, args: string[], shell: string): Promise<Probe> {
  const report = path.join(dir, `probe-${args[0]}.json`)
  const quoted = [process.execPath, CHILD, DIST_ENTRY, dir, 'cli-stdout', report, ...args].map((a) => `'${a}'`).join(' ')
  const sh = spawn('sh', ['-c', `${quoted} | ${shell}`], { stdio: 'ignore' })
  const code = await new Promise((resolve) => sh.on('exit', resolve))
  expect(code).toBe(0)
  return JSON.parse(fs.readFileSync(report, 'utf8')) as Probe
}

describe('dump streams', () => {
  it('into a pipe nobody reads for a while: complete output, memory bounded by one batch', async () => {
    const dir = dirs.make()
    {
      await using log = await Log.open(dir, { fsync: 'never' })
      const w = await log.writer()
      const value = Buffer.alloc(2048, 'x')
      for (let i = 0; i < 20_000; i += 1000) await w.append(Array.from({ length: 1000 }, (_, j) => ({ key: `k${i + j}`, value })))
    }
    const out = dirs.make()
    const args = ['dump', '--records', '--payloads', '-e', 'hex', dir]
    const slow = await cliThrough(dir, args, `(sleep 3; wc -c > '${out}/slow')`)
    const direct = await cliThrough(dir, args, `wc -c > '${out}/direct'`)
    expect(slow.exitCode).toBe(0)
    const bytes = Number(fs.readFileSync(path.join(out, 'slow'), 'utf8').trim())
    expect(bytes).toBeGreaterThan(80_000_000) // 20,000 records of 2 KiB, hex: the whole dump
    expect(bytes).toBe(Number(fs.readFileSync(path.join(out, 'direct'), 'utf8').trim()))
    expect(slow.maxRSS, JSON.stringify(slow)).toBeLessThan(RSS_LIMIT_KIB)
    expect(direct.maxRSS, JSON.stringify(direct)).toBeLessThan(RSS_LIMIT_KIB)
  })

  it('verify reads a huge (sparse) .index a chunk at a time and stops after 100 bad entries', async () => {
    const dir = dirs.make()
    {
      await using log = await Log.open(dir, { fsync: 'never', segmentBytes: 4096 })
      const w = await log.writer()
      for (let i = 0; i < 20; i++) await w.append({ key: `k${i}`, value: Buffer.alloc(500, i) })
    }
    fs.truncateSync(segmentPath(dir, 0, 'index'), 512 * 1024 * 1024)
    const probe = await cliThrough(dir, ['verify', '--json', dir], `cat > '${dir}/verify.json'`)
    expect(probe.exitCode).toBe(1)
    expect(probe.maxRSS, JSON.stringify(probe)).toBeLessThan(RSS_LIMIT_KIB)
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'verify.json'), 'utf8')) as { problems: Array<{ kind: string }> }
    expect(report.problems.filter((p) => p.kind === 'index-entry').length).toBe(101)
  })
})
