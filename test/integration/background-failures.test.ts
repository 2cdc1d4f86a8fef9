/**
 * Issue 19, item 14: failures of background work. A compaction round or retention pass the writer
 * runs by itself and that fails leaves every record where it was: it is counted in `log.stats()`,
 * published on `kafka-lite:background-error`, retried after a backoff, and never reported by later
 * `flush()` / `close()` calls (which run every shutdown step). A failed fsync while sealing leaves
 * the durability of acknowledged records unknown: it fails the writer (appends and flushes reject
 * with `KLOG_WRITER_FAILED`), and close writes no clean-shutdown marker, so the next open rescans.
 *
 * Faults are injected into `fs` (the library's only path to the file system), one kind of call at a
 * time; waits are for events and counters, never for a time.
 */
import diagnostics from 'node:diagnostics_channel'
import fs from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CHANNELS, Log, type BackgroundErrorEvent, type LogOptions, type LogWriter } from '../../src/index.js'
import { codeOf } from '../helpers/errors.js'
import { injectFault } from '../helpers/faults.js'
import { readAll } from '../helpers/logs.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const COMPACTING: LogOptions = {
  fsync: 'never',
  segmentBytes: 1024,
  cleanupPolicy: 'compact',
  minCleanableDirtyRatio: 0,
  housekeepingIntervalMs: 10,
  segmentMs: Number.MAX_SAFE_INTEGER,
}

function eio(syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`EIO: injected fault, ${syscall}`), { code: 'EIO', errno: -5, syscall })
}

/** The channel's name (names are API: `CHANNELS.backgroundError`). */
const CHANNEL = 'kafka-lite:background-error'

/** Collects the messages of the background-error channel, test by test. */
function backgroundErrors(): BackgroundErrorEvent[] {
  const events: BackgroundErrorEvent[] = []
  const fn = (m: unknown): void => void events.push(m as BackgroundErrorEvent)
  beforeEach(() => {
    events.length = 0
    diagnostics.subscribe(CHANNEL, fn)
  })
  afterEach(() => void diagnostics.unsubscribe(CHANNEL, fn))
  return events
}

/** Waits for `condition` (background work to reach a point); bounded, so a regression fails instead of hanging. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 6000; i++) {
    if (condition()) return
    await sleep(5)
  }
  throw new Error(`never happened: ${what}`)
}

/** Appends `n` records over 5 keys (so that compaction has work). */
async function appendKeyed(w: LogWriter, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await w.append({ key: `k${i % 5}`, value: `value ${i}`.padEnd(60, '.') })
}

describe('background compaction and retention failures do not fail the writer', () => {
  const dirs = useTempDirs()
  const events = backgroundErrors()
  afterEach(() => vi.restoreAllMocks())

  it('a failed background compaction round is reported, and flush(), compact() and close() then work (a clean shutdown)', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, COMPACTING)
    const mkdir = vi.spyOn(fs, 'mkdirSync').mockImplementationOnce(() => {
      throw eio('mkdirSync')
    })
    const w = await log.writer()
    await appendKeyed(w, 60)
    await until(() => mkdir.mock.calls.length >= 1, 'a background round reached its scratch directory')
    await w.compact() // waits for the failing round, then runs one that succeeds
    await w.flush()
    await w.append({ key: 'k0', value: 'after' })
    await w.flush()
    expect(events).toEqual([
      {
        dir: log.stats().dir,
        task: 'compaction',
        error: expect.objectContaining({ code: 'KLOG_IO' }),
        consecutiveFailures: 1,
        skipping: 0,
      },
    ])
    expect(log.stats().compaction).toMatchObject({ failures: 1, consecutiveFailures: 0, lastError: undefined, skipping: 0 })
    expect(log.stats().compaction.runs).toBeGreaterThanOrEqual(1)
    await log.close()
    expect(fs.existsSync(path.join(dir, '.kafka_cleanshutdown')), 'close ran its shutdown steps').toBe(true)
    expect(CHANNELS.backgroundError).toBe(CHANNEL)
    const again = await Log.open(dir, { ...COMPACTING, housekeepingIntervalMs: 0 })
    try {
      expect(again.recovery?.clean).toBe(true)
      const latest = new Map((await readAll(again)).map((r) => [r.key!.toString(), r.value!.toString()]))
      expect(latest.get('k0')).toBe('after')
    } finally {
      await again.close()
    }
  })

  it('a round that keeps failing backs off exponentially (in skipped rounds) while the writer serves, and recovers', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, COMPACTING)
    const mkdir = vi.spyOn(fs, 'mkdirSync').mockImplementation(() => {
      throw eio('mkdirSync')
    })
    const w = await log.writer()
    await appendKeyed(w, 60)
    await until(() => events.length >= 4, 'four failed background rounds')
    expect(events.slice(0, 4).map((e) => [e.task, e.consecutiveFailures, e.skipping, e.error.code])).toEqual([
      ['compaction', 1, 0, 'KLOG_IO'],
      ['compaction', 2, 1, 'KLOG_IO'],
      ['compaction', 3, 3, 'KLOG_IO'],
      ['compaction', 4, 7, 'KLOG_IO'],
    ])
    await w.append({ key: 'k1', value: 'meanwhile' })
    await w.flush()
    expect(log.stats().compaction.consecutiveFailures).toBeGreaterThanOrEqual(4)
    mkdir.mockRestore()
    await w.compact()
    expect(log.stats().compaction).toMatchObject({ consecutiveFailures: 0, skipping: 0, lastError: undefined })
    await log.close()
    expect(fs.existsSync(path.join(dir, '.kafka_cleanshutdown'))).toBe(true)
  })

  it('a failed retention pass after a roll is reported and retried; flush() and close() work', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, { fsync: 'never', segmentBytes: 1024, retentionBytes: 2048, housekeepingIntervalMs: 0 })
    const w = await log.writer()
    for (let i = 0; i < 20; i++) await w.append({ value: `value ${i}`.padEnd(100, '.') })
    const unlink = vi.spyOn(fs, 'unlinkSync').mockImplementationOnce(() => {
      throw eio('unlinkSync')
    })
    for (let i = 20; i < 40 && events.length === 0; i++) await w.append({ value: `value ${i}`.padEnd(100, '.') })
    await until(() => events.length >= 1, 'a failed retention pass')
    expect(unlink).toHaveBeenCalled()
    expect(events[0]).toMatchObject({ task: 'retention', consecutiveFailures: 1, skipping: 0, error: { code: 'KLOG_IO' } })
    await w.flush()
    // The next roll retries (no skip after a first failure), and succeeds.
    const start = log.logStartOffset
    for (let i = 0; i < 20; i++) await w.append({ value: `more ${i}`.padEnd(100, '.') })
    await w.enforceRetention()
    expect(log.logStartOffset).toBeGreaterThan(start)
    expect(log.stats().retention).toMatchObject({ failures: 1, consecutiveFailures: 0 })
    await log.close()
    expect(fs.existsSync(path.join(dir, '.kafka_cleanshutdown'))).toBe(true)
  })
})

describe('a failed fsync while sealing fails the writer', () => {
  const dirs = useTempDirs()
  afterEach(() => vi.restoreAllMocks())

  it('appends and flush() reject with KLOG_WRITER_FAILED; close() rejects and writes no clean-shutdown marker', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, { fsync: 'never', segmentBytes: 1024, housekeepingIntervalMs: 0 })
    const w = await log.writer()
    for (let i = 0; i < 8; i++) await w.append({ value: `value ${i}`.padEnd(100, '.') })
    const restore = injectFault('fsync', 'EIO')
    const before = log.stats().rolls
    for (let i = 8; log.stats().rolls === before; i++) await w.append({ value: `value ${i}`.padEnd(100, '.') })
    // compact() waits for the seals queued so far (it reads sealed segments only); its own outcome
    // under the fault does not matter here.
    await w.compact().catch(() => undefined)
    restore()
    expect(await codeOf(w.append({ value: 'refused' }))).toBe('KLOG_WRITER_FAILED')
    expect(await codeOf(w.flush())).toBe('KLOG_WRITER_FAILED')
    expect(await codeOf(log.close())).toBe('KLOG_WRITER_FAILED')
    expect(fs.existsSync(path.join(dir, '.kafka_cleanshutdown')), 'no clean-shutdown marker').toBe(false)
    const again = await Log.open(dir, { housekeepingIntervalMs: 0 })
    try {
      expect(again.recovery?.clean).toBe(false)
    } finally {
      await again.close()
    }
  })
})
