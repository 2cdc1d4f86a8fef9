/**
 * Consumer commits under SIGKILL and under contention, with real child processes.
 *
 * - A child commits in a loop and is SIGKILLed at random moments (seeded), 12 times on the same
 *   consumer: afterwards the committed position is the last acknowledged one or the one in flight,
 *   and the file always parses.
 * - The crash seam kills a child at each exact step of a commit: before the rename the old position
 *   is committed, from the rename on the new one.
 * - Two children hammer the same consumer while the parent reads it: every reading parses to a value
 *   one of them committed, and the last rename wins.
 * The children report with synchronous writes to a file, so a SIGKILL loses no line.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Log } from '../../src/index.js'
import { COMMIT_STEPS } from '../../src/consumer/offset-store.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'
import { mulberry32 } from '../helpers/random.js'

const CHILD = fileURLToPath(new URL('./children/consumer-committer.mjs', import.meta.url))

interface Child {
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>
  kill(): void
  alive(): boolean
}

function startCommitter(
  dir: string,
  opts: { name: string; id: string; first: number; step: number; count: number; report: string; mode?: string; crashAt?: string },
): Child {
  const env = { ...process.env }
  delete env.KAFKA_LITE_CRASH_AT
  if (opts.crashAt !== undefined) env.KAFKA_LITE_CRASH_AT = opts.crashAt
  const child = spawn(
    process.execPath,
    [
      CHILD,
      DIST_ENTRY,
      dir,
      opts.mode ?? 'readOnly',
      opts.name,
      opts.id,
      String(opts.first),
      String(opts.step),
      String(opts.count),
      opts.report,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env },
  )
  let stderr = ''
  let exited = false
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (s: string) => (stderr += s))
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      exited = true
      resolve({ code, signal, stderr })
    })
  })
  return { done, kill: () => child.kill('SIGKILL'), alive: () => !exited }
}

function reportLines(report: string): string[] {
  return fs.existsSync(report)
    ? fs
        .readFileSync(report, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
    : []
}

function lastOf(lines: string[], kind: string): number | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const [k, v] = lines[i]!.split(' ')
    if (k === kind) return Number(v)
  }
  return undefined
}

async function makeLog(dir: string): Promise<Log> {
  const log = await Log.open(dir)
  const w = await log.writer()
  await w.append(Array.from({ length: 100 }, (_, i) => ({ value: `r${i}` })))
  return log
}

describe('consumer commits survive SIGKILL', () => {
  const dirs = useTempDirs()

  it('killed at random moments, the position is always the acknowledged one or the one in flight', async () => {
    const dir = dirs.make()
    const log = await makeLog(dir)
    const consumer = log.consumer('crashy')
    const rand = mulberry32(0xc0ffee)
    let acknowledged: number | undefined
    for (let round = 0; round < 12; round++) {
      const report = path.join(dirs.make(), 'report')
      const first = round * 100_000
      const child = startCommitter(dir, { name: 'crashy', id: 'k', first, step: 1, count: 50_000, report })
      // Wait (polling the report; the timing decides only when the kill lands) for a seeded number of
      // acknowledged commits, then kill.
      const target = 1 + Math.floor(rand() * 40)
      while (child.alive() && reportLines(report).filter((l) => l.startsWith('ok ')).length < target) await sleep(2)
      child.kill()
      const { signal, stderr } = await child.done
      expect(stderr).toBe('')
      expect(signal).toBe('SIGKILL')
      const lines = reportLines(report)
      const ok = lastOf(lines, 'ok')
      const tried = lastOf(lines, 'try')!
      expect(ok).toBeDefined()
      const committed = await consumer.committed()
      const allowed = [ok!, tried]
      expect(allowed).toContain(committed?.offset)
      expect(committed?.metadata).toBe(`k:${committed?.offset}`)
      expect(committed!.offset).toBeGreaterThanOrEqual(acknowledged ?? 0)
      acknowledged = ok
      // At most the killed commit's temp file is left, and listing removes it (its process is gone).
      const store = path.join(dir, '.consumers')
      expect(fs.readdirSync(store).filter((n) => n.endsWith('.tmp')).length).toBeLessThanOrEqual(1)
      expect((await log.consumers()).map((c) => c.name)).toEqual(['crashy'])
      expect(fs.readdirSync(store)).toEqual(['crashy'])
    }
    await log.close()
  })

  it.each(COMMIT_STEPS.map((step) => [step, step === 'after-rename' || step === 'after-dir-fsync']))(
    'killed at %s of a commit: new position = %s',
    async (step, isNew) => {
      const dir = dirs.make()
      const log = await makeLog(dir)
      const report = path.join(dirs.make(), 'report')
      const child = startCommitter(dir, { name: 'exact', id: 'x', first: 10, step: 1, count: 5, report, crashAt: `commit:${step}:3` })
      const { signal, stderr } = await child.done
      expect(stderr).toBe('')
      expect(signal).toBe('SIGKILL')
      const lines = reportLines(report)
      expect(lines).toEqual(['open true', 'try 10', 'ok 10', 'try 11', 'ok 11', 'try 12'])
      const committed = await log.consumer('exact').committed()
      expect(committed).toMatchObject({ offset: isNew ? 12 : 11, metadata: `x:${isNew ? 12 : 11}` })
      const store = path.join(dir, '.consumers')
      const leftovers = fs.readdirSync(store).filter((n) => n.endsWith('.tmp'))
      expect(leftovers.length).toBe(step === 'before-write' || isNew ? 0 : 1)
      // The dead committer's temp file: a read-only open's listing leaves it, the owner's removes it.
      const ro = await Log.open(dir, { readOnly: true })
      expect((await ro.consumers()).map((c) => c.name)).toEqual(['exact'])
      await ro.close()
      expect(fs.readdirSync(store).filter((n) => n.endsWith('.tmp'))).toEqual(leftovers)
      expect((await log.consumers()).map((c) => c.name)).toEqual(['exact'])
      expect(fs.readdirSync(store)).toEqual(['exact'])
      await log.close()
    },
  )
})

describe('two processes committing the same consumer', () => {
  const dirs = useTempDirs()

  it('never corrupt it: every reading parses to a committed value, and the last rename wins', async () => {
    const dir = dirs.make()
    const log = await makeLog(dir)
    const n = 300
    const reportA = path.join(dirs.make(), 'a')
    const reportB = path.join(dirs.make(), 'b')
    // A commits even offsets from a readOnly open, B odd ones from a read-write open that finds the
    // parent's lock and becomes a view: neither takes the writer's lock.
    const a = startCommitter(dir, { name: 'shared', id: 'A', first: 0, step: 2, count: n, report: reportA, mode: 'readOnly' })
    const b = startCommitter(dir, { name: 'shared', id: 'B', first: 1, step: 2, count: n, report: reportB, mode: 'readWrite' })
    const consumer = log.consumer('shared')
    let readings = 0
    const seen = new Set<string>()
    do {
      const c = await consumer.committed()
      if (c !== undefined) {
        readings++
        expect(c.metadata).toBe(`${c.offset % 2 === 0 ? 'A' : 'B'}:${c.offset}`)
        expect(c.offset).toBeLessThan(2 * n)
        seen.add(c.metadata[0]!)
      }
      await sleep(1)
    } while (a.alive() || b.alive())
    const [ra, rb] = await Promise.all([a.done, b.done])
    expect([ra.code, ra.stderr, rb.code, rb.stderr]).toEqual([0, '', 0, ''])
    expect(reportLines(reportA)[0]).toBe('open true')
    expect(reportLines(reportB)[0]).toBe('open true')
    expect(reportLines(reportA).at(-1)).toBe('done')
    expect(reportLines(reportB).at(-1)).toBe('done')
    const final = await consumer.committed()
    expect([2 * n - 2, 2 * n - 1]).toContain(final?.offset)
    expect(readings).toBeGreaterThan(0)
    expect(fs.readdirSync(path.join(dir, '.consumers'))).toEqual(['shared'])
    await log.close()
  })
})
