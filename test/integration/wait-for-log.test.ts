/**
 * `Log.open(dir, { readOnly: true, waitForLog: true, signal })` (src/storage/wait-for-log.ts): an
 * open that starts before the log exists resolves once a writer (here in a child process, reporting
 * through a file written synchronously) has created it, and reads what it wrote; it never takes a
 * directory a writer is still initialising for a log; an abort rejects with an AbortError; the
 * polling fallback works without `fs.watch`; the watcher, timer and abort listener are gone on every
 * way out. No assertion depends on timing: "still waiting" is checked on the predicate the wait
 * uses, or after the event loop has run out of work for the waiter.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Log, LogError } from '../../src/index.js'
import { STATE_FILE } from '../../src/publish/state-file.js'
import { holdsLog, waitForLog } from '../../src/publish/wait-for-log.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'

const CREATOR = fileURLToPath(new URL('./children/log-creator.mjs', import.meta.url))
const dirs = useTempDirs('kafka-lite-wait-')

/** Every `fs.watch` made while a test runs, and which of them are still open. */
function trackWatchers(): { made: () => number; open: () => number } {
  const original = fs.watch.bind(fs)
  const made: fs.FSWatcher[] = []
  const open = new Set<fs.FSWatcher>()
  vi.spyOn(fs, 'watch').mockImplementation(((...args: Parameters<typeof fs.watch>) => {
    const w = original(...args)
    made.push(w)
    open.add(w)
    const close = w.close.bind(w)
    w.close = () => {
      open.delete(w)
      close()
    }
    return w
  }) as typeof fs.watch)
  return { made: () => made.length, open: () => open.size }
}
afterEach(() => {
  vi.restoreAllMocks()
})

/** Every `setInterval` timer made while a test runs (the wait's re-check timer), and which are not cleared. */
function trackIntervals(): { made: () => number; live: () => number } {
  const live = new Set<unknown>()
  let made = 0
  const set = globalThis.setInterval
  const clear = globalThis.clearInterval
  vi.spyOn(globalThis, 'setInterval').mockImplementation(((...args: Parameters<typeof setInterval>) => {
    const t = set(...args)
    made++
    live.add(t)
    return t
  }) as typeof setInterval)
  vi.spyOn(globalThis, 'clearInterval').mockImplementation((t) => {
    live.delete(t)
    clear(t)
  })
  return { made: () => made, live: () => live.size }
}

/** Lets every pending event (I/O callbacks included) run: a waiter that could settle has. */
async function drain(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve))
}

function settledFlag(p: Promise<unknown>): () => boolean {
  let settled = false
  p.then(
    () => (settled = true),
    () => (settled = true),
  )
  return () => settled
}

describe('Log.open with waitForLog', () => {
  it('resolves once a writer in another process has created the log (and its parents), then reads and follows it', async () => {
    const root = dirs.make()
    const dir = path.join(root, 'not', 'yet', 'log')
    const report = path.join(root, 'report.txt')
    const watchers = trackWatchers()
    const intervals = trackIntervals()
    const opening = Log.open(dir, { readOnly: true, waitForLog: true })
    const settled = settledFlag(opening)
    await drain()
    expect(settled()).toBe(false)
    expect(watchers.open()).toBe(1) // on `root`, the nearest existing ancestor
    expect([intervals.made(), intervals.live()]).toEqual([1, 1])

    const child = spawn(process.execPath, [CREATOR, DIST_ENTRY, dir, report, '5'], { stdio: ['pipe', 'pipe', 'inherit'] })
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    const appended = new Promise<void>((resolve) => createInterface({ input: child.stdout! }).once('line', () => resolve()))
    const log = await opening
    try {
      // The wait's watchers (one per level it descended) and its timer are gone.
      expect(watchers.made()).toBeGreaterThanOrEqual(2) // it moved down as the levels appeared
      expect(watchers.open()).toBe(0)
      expect(intervals.live()).toBe(0)
      expect(log.readOnly).toBe(true)
      // The writer published before the open saw the log: a whole log, never a half-made directory.
      expect(fs.statSync(path.join(dir, STATE_FILE)).size).toBeGreaterThan(0)
      const values: string[] = []
      for await (const r of log.reader({ from: 0, follow: true })) {
        values.push(r.value!.toString())
        if (values.length === 5) break
      }
      expect(values).toEqual(['created-0', 'created-1', 'created-2', 'created-3', 'created-4'])
      await appended
      expect(fs.readFileSync(report, 'utf8')).toBe('appended 0 4\n')
    } finally {
      child.stdin!.end('close\n')
      expect(await exited).toBe(0)
      await log.close()
    }
    expect(fs.readFileSync(report, 'utf8')).toBe('appended 0 4\nclosed\n')
  })

  it('an existing log opens at once, as without the option', async () => {
    const dir = dirs.make()
    {
      await using log = await Log.open(dir, { fsync: 'never' })
      await (await log.writer()).append([{ value: 'a' }, { value: 'b' }])
    }
    const watchers = trackWatchers()
    await using view = await Log.open(dir, { readOnly: true, waitForLog: true })
    expect(view.highWatermark).toBe(2)
    expect(watchers.made()).toBe(0)
  })

  it('aborting the signal rejects with an AbortError and leaves no watcher, timer or listener', async () => {
    const dir = path.join(dirs.make(), 'missing')
    const watchers = trackWatchers()
    const intervals = trackIntervals()
    const ac = new AbortController()
    const add = vi.spyOn(ac.signal, 'addEventListener')
    const remove = vi.spyOn(ac.signal, 'removeEventListener')
    const opening = Log.open(dir, { readOnly: true, waitForLog: true, signal: ac.signal })
    await drain()
    expect(watchers.open()).toBe(1)
    ac.abort()
    await expect(opening).rejects.toMatchObject({ name: 'AbortError' })
    expect(watchers.open()).toBe(0)
    expect([intervals.made(), intervals.live()]).toEqual([1, 0])
    expect(remove.mock.calls.map((c) => c[1])).toEqual(add.mock.calls.map((c) => c[1]))
    expect(fs.existsSync(dir)).toBe(false)

    // A reason that is an AbortError is what it rejects with; an aborted signal rejects at once.
    const reason = new DOMException('stop', 'AbortError')
    await expect(Log.open(dir, { readOnly: true, waitForLog: true, signal: AbortSignal.abort(reason) })).rejects.toBe(reason)
    expect(watchers.made()).toBe(1)
  })

  it('a path below a file can never hold a log: KLOG_IO with an ENOTDIR cause, nothing left running', async () => {
    const file = path.join(dirs.make(), 'a-file')
    fs.writeFileSync(file, 'x')
    const intervals = trackIntervals()
    const err = await Log.open(path.join(file, 'log'), { readOnly: true, waitForLog: true }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(LogError)
    expect((err as LogError).code).toBe('KLOG_IO')
    expect(((err as LogError).cause as NodeJS.ErrnoException).code).toBe('ENOTDIR')
    expect(intervals.live()).toBe(0)
  })

  it('a directory a writer is still initialising is not a log yet; a foreign one (segments, no lock) is', async () => {
    const dir = path.join(dirs.make(), 'log')
    expect(holdsLog(dir)).toBe(false)
    fs.mkdirSync(dir)
    expect(holdsLog(dir)).toBe(false)
    // A writer of this process holds the lock and has made the first segment and an empty state
    // file, but has not published: not a log yet.
    fs.mkdirSync(path.join(dir, '.lock'))
    fs.writeFileSync(path.join(dir, '.lock', 'owner'), JSON.stringify({ pid: process.pid, hostname: os.hostname() }))
    fs.writeFileSync(path.join(dir, '00000000000000000000.log'), '')
    fs.writeFileSync(path.join(dir, STATE_FILE), '')
    expect(holdsLog(dir)).toBe(false)
    const waiting = waitForLog(dir, undefined)
    const settled = settledFlag(waiting)
    await drain()
    expect(settled()).toBe(false)
    // The lock goes (that writer gave up) and no state was ever published: the files are the log,
    // as for a directory Kafka wrote. The wait wakes on the change.
    fs.rmSync(path.join(dir, '.lock'), { recursive: true })
    expect(holdsLog(dir)).toBe(true)
    await waiting
    await using view = await Log.open(dir, { readOnly: true, waitForLog: true })
    expect([view.logStartOffset, view.highWatermark]).toEqual([0, 0])
  })

  it('without fs.watch, the re-check timer alone finds the log', async () => {
    const dir = path.join(dirs.make(), 'deep', 'log')
    const watchers = trackWatchers()
    const waiting = waitForLog(dir, undefined, { watch: false, pollMs: 5 })
    const settled = settledFlag(waiting)
    await drain()
    expect(settled()).toBe(false)
    await using log = await Log.open(dir, { fsync: 'never' })
    await (await log.writer()).append({ value: 'x' })
    await waiting
    expect(watchers.made()).toBe(0)
  })
})
