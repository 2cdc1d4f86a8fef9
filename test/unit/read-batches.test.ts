/**
 * `log.readBatches`, `log.waitForOffset` and `log.maxTimestamp`: whole batches as the files hold
 * them (from the batch holding the offset, across segments, KIP-74's first batch whole, never past
 * the high watermark, damage reported and never served), long polls woken by the writer, and
 * Kafka's MAX_TIMESTAMP lookup against a model.
 */
import fs from 'node:fs'
import { getEventListeners } from 'node:events'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Log, LogError, batchInfo, type LogWriter } from '../../src/index.js'
import { mulberry32 } from '../helpers/random.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-read-batches-')
const T0 = 1_700_000_000_000

/** The batches in `buf`: [baseOffset, lastOffset] pairs. */
function ranges(buf: Buffer): [number, number][] {
  const out: [number, number][] = []
  for (let p = 0; p < buf.length;) {
    const info = batchInfo(buf, p)
    out.push([info.baseOffset, info.lastOffset])
    p += info.size
  }
  return out
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    if (err instanceof LogError) return err.code
    throw err
  }
  return 'resolved'
}

/** A log of 30 batches of 1-4 records (73 records, about 120 bytes a batch) over several 1 KiB segments. */
async function batchedLog(dir: string): Promise<{ log: Log; writer: LogWriter; batches: [number, number][] }> {
  const log = await Log.open(dir, { fsync: 'never', segmentBytes: 1024, indexIntervalBytes: 200 })
  const w = await log.writer()
  const batches: [number, number][] = []
  for (let i = 0; i < 30; i++) {
    const n = 1 + (i % 4)
    const { baseOffset, lastOffset } = await w.append(
      Array.from({ length: n }, (_, j) => ({ value: `b${i}r${j}`.padEnd(20, '.'), timestamp: T0 + i })),
    )
    batches.push([baseOffset, lastOffset])
  }
  return { log, writer: w, batches }
}

describe('log.readBatches', () => {
  it('starts with the batch holding `from`, spans segments, stops at a batch boundary within maxBytes', async () => {
    const { log, batches } = await batchedLog(dirs.make())
    try {
      expect(fs.readdirSync(log.dir).filter((f) => f.endsWith('.log')).length).toBeGreaterThan(3)
      const all = await log.readBatches({ from: 0, maxBytes: 1 << 20 })
      expect(ranges(all.records)).toEqual(batches)
      expect(all).toMatchObject({ nextOffset: 73, highWatermark: 73, lastStableOffset: 73, logStartOffset: 0 })
      for (const from of [0, 1, 2, 9, 10, 11, 40, 72]) {
        for (const maxBytes of [1, 100, 300, 700, 5000]) {
          const r = await log.readBatches({ from, maxBytes })
          const got = ranges(r.records)
          const first = batches.findIndex(([, last]) => last >= from)
          expect(got[0], `from ${from}`).toEqual(batches[first])
          expect(got).toEqual(batches.slice(first, first + got.length))
          // KIP-74: one batch even past maxBytes; otherwise within maxBytes, and the next batch would not fit.
          if (got.length > 1) expect(r.records.length).toBeLessThanOrEqual(maxBytes)
          const next = batches[first + got.length]
          if (next !== undefined) {
            const all2 = await log.readBatches({ from: next[0], maxBytes: 1 })
            expect(r.records.length + all2.records.length, `from ${from} max ${maxBytes}`).toBeGreaterThan(maxBytes)
          }
          expect(r.nextOffset).toBe(got.at(-1)![1] + 1)
        }
      }
    } finally {
      await log.close()
    }
  })

  it('at the high watermark: empty; beyond the log end or below the log start: KLOG_OFFSET_OUT_OF_RANGE', async () => {
    const { log, writer } = await batchedLog(dirs.make())
    try {
      expect(await log.readBatches({ from: 73, maxBytes: 100 })).toMatchObject({ nextOffset: 73, records: Buffer.alloc(0) })
      expect(await codeOf(log.readBatches({ from: 74, maxBytes: 100 }))).toBe('KLOG_OFFSET_OUT_OF_RANGE')
      await writer.deleteRecordsBefore(12)
      expect(await codeOf(log.readBatches({ from: 11, maxBytes: 100 }))).toBe('KLOG_OFFSET_OUT_OF_RANGE')
      // The log start lies inside a batch: that batch is returned whole, as Kafka does.
      const r = await log.readBatches({ from: 12, maxBytes: 1 })
      expect(ranges(r.records)).toEqual([[11, 12]])
      expect(r.logStartOffset).toBe(12)
      expect(() => log.readBatches({ from: -1, maxBytes: 1 })).toThrow(RangeError)
      expect(() => log.readBatches({ from: 0, maxBytes: 0 })).toThrow(RangeError)
      expect(() => log.readBatches({ from: 0, maxBytes: 10, isolation: 'x' as 'read_committed' })).toThrow(RangeError)
    } finally {
      await log.close()
    }
    expect(await codeOf(log.readBatches({ from: 0, maxBytes: 1 }))).toBe('KLOG_CLOSED')
  })

  it('a first batch larger than maxBytes comes whole (KIP-74)', async () => {
    await using log = await Log.open(dirs.make(), { fsync: 'never' })
    const w = await log.writer()
    await w.append({ value: Buffer.alloc(200_000, 1) })
    await w.append({ value: 'small' })
    const r = await log.readBatches({ from: 0, maxBytes: 10 })
    expect(ranges(r.records)).toEqual([[0, 0]])
    expect(r.records.length).toBeGreaterThan(200_000)
  })

  it('damage is never served: intact batches before it come out, a read starting at it rejects', async () => {
    const dir = dirs.make()
    const { log, batches } = await batchedLog(dir)
    await log.close()
    // Damage a record byte of batch 5 (offsets 10..11, second segment or later).
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.log'))
      .sort()
    let damagedIn = ''
    for (const f of files) {
      const buf = fs.readFileSync(path.join(dir, f))
      for (let p = 0; p < buf.length; p += batchInfo(buf, p).size) {
        if (batchInfo(buf, p).baseOffset === batches[5]![0]) {
          buf[p + 70]! ^= 0xff
          fs.writeFileSync(path.join(dir, f), buf)
          damagedIn = f
        }
      }
    }
    expect(damagedIn).not.toBe('')
    await using again = await Log.open(dir, { fsync: 'never' })
    const r = await again.readBatches({ from: batches[4]![0], maxBytes: 1 << 20 })
    expect(ranges(r.records)).toEqual([batches[4]])
    expect(await codeOf(again.readBatches({ from: batches[5]![0], maxBytes: 1 << 20 }))).toBe('KLOG_CORRUPT_SEGMENT')
  })
})

describe('log.waitForOffset', () => {
  it('resolves at once when the offset is readable, else when the writer commits it', async () => {
    await using log = await Log.open(dirs.make(), { fsync: 'always' })
    const w = await log.writer()
    await w.append({ value: 'a' })
    expect(await log.waitForOffset(0)).toBe(1)
    let woke = -1
    const waiting = log.waitForOffset(2).then((hw) => (woke = hw))
    await w.append({ value: 'b' })
    await new Promise((r) => setImmediate(r))
    expect(woke).toBe(-1) // offset 2 is not there yet
    await w.append({ value: 'c' })
    expect(await waiting).toBe(3)
  })

  it('an aborted signal rejects with an AbortError; closing the log rejects with KLOG_CLOSED', async () => {
    const log = await Log.open(dirs.make(), { fsync: 'never' })
    const controller = new AbortController()
    const aborted = log.waitForOffset(0, { signal: controller.signal })
    controller.abort()
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' })
    const closing = codeOf(log.waitForOffset(5))
    await log.close()
    expect(await closing).toBe('KLOG_CLOSED')
    expect(() => log.waitForOffset(-1)).toThrow(RangeError)
  })

  it("leaves no listener on the caller's signal once a wait ends (a long poll's signal may serve many)", async () => {
    await using log = await Log.open(dirs.make(), { fsync: 'never' })
    const w = await log.writer()
    const shared = new AbortController()
    const waits = [0, 1, 2].map((o) => log.waitForOffset(o, { signal: shared.signal }))
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(1) // one per signal, however many waits
    for (let i = 0; i < 3; i++) await w.append({ value: `v${i}` })
    const woke = await Promise.all(waits)
    expect(woke.every((hw, offset) => hw > offset)).toBe(true)
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0)
  })
})

describe('log.maxTimestamp', () => {
  afterEach(() => vi.restoreAllMocks())

  it("under 'always' answers from published records while a newer batch waits for its fsync", async () => {
    // An index entry for every batch: the time index's last entry is the pending batch's.
    await using log = await Log.open(dirs.make(), { fsync: 'always', indexIntervalBytes: 1 })
    const w = await log.writer()
    await w.append([
      { value: 'a', timestamp: T0 + 5 },
      { value: 'b', timestamp: T0 + 7 },
    ])
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const real = fs.fdatasync
    vi.spyOn(fs, 'fdatasync').mockImplementation((fd, cb) => {
      void gate.then(() => real(fd, cb))
    })
    // Written (its time-index entry too) but not durable, so not published: readers must not see it.
    const pending = w.append({ value: 'c', timestamp: T0 + 9 })
    try {
      await new Promise((r) => setImmediate(r))
      expect([log.logEndOffset, log.highWatermark]).toEqual([3, 2])
      expect(await log.maxTimestamp()).toEqual({ offset: 1, timestamp: T0 + 7 })
    } finally {
      release()
    }
    await pending
    expect(await log.maxTimestamp()).toEqual({ offset: 2, timestamp: T0 + 9 })
  })

  it('is the largest timestamp and the first offset with it, across segments and after deletions', async () => {
    const seed = 20260101
    console.log(`log.maxTimestamp model seed ${seed}`)
    const rand = mulberry32(seed)
    await using log = await Log.open(dirs.make(), { fsync: 'never', segmentBytes: 2048, indexIntervalBytes: 128 })
    expect(await log.maxTimestamp()).toBeUndefined()
    const w = await log.writer()
    const model: number[] = []
    for (let round = 0; round < 12; round++) {
      for (let i = 0; i < 15; i++) {
        const batch = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => ({
          value: 'x'.repeat(20),
          timestamp: T0 + Math.floor(rand() * 1000),
        }))
        await w.append(batch)
        model.push(...batch.map((r) => r.timestamp))
      }
      if (round === 6) await w.deleteRecordsBefore(Math.floor(model.length / 2))
      const start = log.logStartOffset
      const live = model.slice(start)
      const max = Math.max(...live)
      expect(await log.maxTimestamp(), `round ${round}`).toEqual({ offset: start + live.indexOf(max), timestamp: max })
    }
  })
})
