/**
 * The writer's index entries reach the `.index` / `.timeindex` files a turn of the event loop at a
 * time, or once `PENDING_ENTRIES` wait (`SegmentIndexes.entriesAdded`), instead of with two
 * positional writes per append:
 * - the files are always a prefix of what Kafka's rebuild makes of the `.log`, never more than
 *   `PENDING_ENTRIES` entries behind it, and equal to it after a turn of the event loop;
 * - a view reads every record right while entries are pending (its lookups start earlier);
 * - a failed append rolled back while entries are pending, and a truncation while a scheduled write
 *   failed, cut the files to what they hold: no zero tail (zeros read as entries);
 * - a clean close writes what is pending.
 * The expected bytes come from the `.log` with Kafka's rule (`test/helpers/segment-files.ts`).
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Log, LogError, type LogWriter } from '../../../src/index.js'
import { PENDING_ENTRIES } from '../../../src/segment/segment-indexes.js'
import { kafkaIndexes, segmentFileName, walkBatches } from '../../helpers/segment-files.js'
import { useTempDirs } from '../../helpers/temp-dir.js'

const dirs = useTempDirs()
afterEach(() => {
  vi.restoreAllMocks()
})

/** Every batch but the first gets an entry. */
const INTERVAL = 1
const OPTIONS = { fsync: 'never', indexIntervalBytes: INTERVAL, housekeepingIntervalMs: 0 } as const
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** Kafka's rebuild of the first segment's indexes from its `.log` as it is now (a live segment: no final time entry). */
function rebuilt(dir: string): { index: Buffer; timeIndex: Buffer } {
  const bytes = fs.readFileSync(path.join(dir, segmentFileName(0, 'log')))
  return kafkaIndexes(walkBatches(bytes).batches, 0, INTERVAL, false)
}

function onDisk(dir: string): { index: Buffer; timeIndex: Buffer } {
  return {
    index: fs.readFileSync(path.join(dir, segmentFileName(0, 'index'))),
    timeIndex: fs.readFileSync(path.join(dir, segmentFileName(0, 'timeindex'))),
  }
}

/** The files hold a prefix of the rebuild, at most `behind` entries short of it. */
function expectPrefix(dir: string, behind: number): void {
  const want = rebuilt(dir)
  const have = onDisk(dir)
  expect(want.index.subarray(0, have.index.length).equals(have.index), '.index is a prefix of the rebuild').toBe(true)
  expect(want.timeIndex.subarray(0, have.timeIndex.length).equals(have.timeIndex), '.timeindex is a prefix of the rebuild').toBe(true)
  expect(want.index.length - have.index.length).toBeLessThanOrEqual(behind * 8)
  expect(want.timeIndex.length - have.timeIndex.length).toBeLessThanOrEqual(behind * 12)
}

function expectRebuilt(dir: string): void {
  const want = rebuilt(dir)
  const have = onDisk(dir)
  expect(have.index.toString('hex')).toBe(want.index.toString('hex'))
  expect(have.timeIndex.toString('hex')).toBe(want.timeIndex.toString('hex'))
}

/** Appends `n` one-record batches without awaiting (each is written within its call), timestamps rising. */
function appendNow(w: LogWriter, n: number, from: number): Promise<unknown>[] {
  const out: Promise<unknown>[] = []
  for (let i = 0; i < n; i++) out.push(w.append({ value: `v${from + i}`, timestamp: 1_700_000_000_000 + from + i }))
  return out
}

/** Makes `fs.writeSync` fail on index files while armed. */
function failIndexWrites(): () => void {
  const real = fs.writeSync
  const spy = vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, ...rest: unknown[]) => {
    if (/\.(time)?index$/.test(fs.readlinkSync(`/proc/self/fd/${fd}`))) throw Object.assign(new Error('no space'), { code: 'ENOSPC' })
    return (real as (...args: unknown[]) => number)(fd, ...rest)
  }) as typeof fs.writeSync)
  return () => spy.mockRestore()
}

describe('index entries are written a turn of the event loop at a time', () => {
  it('the files trail the rebuild by fewer than PENDING_ENTRIES entries and equal it after a turn; a view reads right meanwhile', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, OPTIONS)
    const view = await Log.open(dir, { readOnly: true })
    try {
      const w = await log.writer()
      let n = 0
      let behind = 0
      // Appends in one synchronous burst are written to the .log within their calls (up to the
      // group ack-schedule.ts holds for a turn when the burst runs long: the rest wait unwritten),
      // their entries at the next turn. The state file is written at the end of the synchronous run
      // (a microtask): in between, a view sees the records and not all their entries.
      for (const burst of [10, PENDING_ENTRIES - 1, PENDING_ENTRIES, 3 * PENDING_ENTRIES + 5]) {
        const pending = appendNow(w, burst, n)
        n += burst
        await null
        expect(view.highWatermark).toBe(log.highWatermark)
        expect(view.highWatermark).toBeGreaterThan(n - burst)
        if (onDisk(dir).index.length < rebuilt(dir).index.length) behind++
        expectPrefix(dir, PENDING_ENTRIES - 1)
        for (let o = n - burst; o < view.highWatermark; o++) expect(view.getSync(o)?.value?.toString()).toBe(`v${o}`)
        await Promise.all(pending)
        await turn()
        expectRebuilt(dir)
      }
      // The view read while entries were pending (each burst leaves some unless it happens to end
      // on a multiple of PENDING_ENTRIES written entries).
      expect(behind).toBeGreaterThan(0)

      // An awaited loop: acknowledged through microtasks, with a turn now and then (ack-schedule.ts).
      for (let i = 0; i < 500; i++) {
        await w.append({ value: `v${n}`, timestamp: 1_700_000_000_000 + n })
        n++
        if (i % 50 === 0) expectPrefix(dir, PENDING_ENTRIES - 1)
      }
      await turn()
      expectRebuilt(dir)
      for (let o = 0; o < n; o += 13) expect(view.getSync(o)?.value?.toString()).toBe(`v${o}`)
    } finally {
      await view.close()
      await log.close()
    }
  })

  it('a clean close writes the pending entries (and the final time entry)', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, OPTIONS)
    const w = await log.writer()
    const pending = appendNow(w, 20, 0)
    expect(onDisk(dir).index.length).toBe(0)
    await Promise.all(pending)
    await log.close()
    const bytes = fs.readFileSync(path.join(dir, segmentFileName(0, 'log')))
    const want = kafkaIndexes(walkBatches(bytes).batches, 0, INTERVAL, true)
    expect(onDisk(dir).index.toString('hex')).toBe(want.index.toString('hex'))
    expect(onDisk(dir).timeIndex.toString('hex')).toBe(want.timeIndex.toString('hex'))
  })

  it('a failed append rolled back while entries are pending leaves no zero tail', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, OPTIONS)
    try {
      const w = await log.writer()
      for (let i = 0; i < 3; i++) await w.append({ value: `v${i}`, timestamp: 1_700_000_000_000 + i })
      await turn()
      expectRebuilt(dir)
      // Entries kept pending (their scheduled writes fail), then a write that fails: the group is
      // rolled back, and its cut of the index files must not reach past what they hold.
      const restore = failIndexWrites()
      for (let i = 3; i < 9; i++) await w.append({ value: `v${i}`, timestamp: 1_700_000_000_000 + i })
      await turn()
      restore()
      expect(onDisk(dir).index.length).toBeLessThan(rebuilt(dir).index.length)
      const real = fs.writevSync
      vi.spyOn(fs, 'writevSync').mockImplementationOnce((fd, bufs, pos) => {
        real(fd, [Buffer.from((bufs[0] as Buffer).subarray(0, 10))], pos)
        throw Object.assign(new Error('no space'), { code: 'ENOSPC' })
      })
      const err = await w.append({ value: 'lost', timestamp: 1_700_000_000_000 + 9 }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(LogError)
      expect((err as LogError).code).toBe('KLOG_DISK_FULL')
      expectPrefix(dir, PENDING_ENTRIES - 1)
      await Promise.all(appendNow(w, 4, 9))
      await turn()
      expectRebuilt(dir)
      expect(log.logEndOffset).toBe(13)
    } finally {
      await log.close()
    }
  })

  it('a truncation while a scheduled write failed cuts the files to what they hold, and the entries follow', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, OPTIONS)
    try {
      const w = await log.writer()
      await Promise.all(appendNow(w, 5, 0))
      await turn()
      expectRebuilt(dir)
      const restore = failIndexWrites()
      await Promise.all(appendNow(w, 10, 5))
      await turn() // the scheduled write fails: its entries stay pending
      restore()
      const before = onDisk(dir)
      expect(before.index.length).toBeLessThan(rebuilt(dir).index.length)
      await w.truncateTo(12)
      expect(log.logEndOffset).toBe(12)
      // Cut to the entries the files held (none past them, no zeros); the rest follow.
      expectPrefix(dir, PENDING_ENTRIES - 1)
      expect(onDisk(dir).index.length).toBeLessThanOrEqual(before.index.length)
      await Promise.all(appendNow(w, 3, 12))
      await turn()
      expectRebuilt(dir)
    } finally {
      await log.close()
    }
    const reopened = await Log.open(dir, { readOnly: true })
    try {
      for (let o = 0; o < 15; o++) expect(reopened.getSync(o)?.value?.toString()).toBe(`v${o}`)
    } finally {
      await reopened.close()
    }
  })
})
