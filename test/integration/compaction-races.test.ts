/**
 * Compaction racing the other changes of a log (issue 19, items 1 and 10).
 *
 * 1. A round prepares its output outside the writer's exclusive section. A truncation that cuts a
 *    segment *in place* and a refill of records of the same size (so the log rolls again at the
 *    very same offsets) used to pass the swap's check (same Segment objects, next segment at the
 *    group's end): the round swapped old bytes over acknowledged records and dropped the latest
 *    record of keys whose newer version the truncation had removed. Now every segment the round
 *    read is pinned with its content identity and re-checked at each swap: the round is abandoned.
 *    A truncation that cuts a segment while the round is reading it abandons the round too, instead
 *    of failing it with a false KLOG_CORRUPT_SEGMENT.
 * 2. A read-only view that reloads while a swap renames files (here: a view in this thread, reloading
 *    at exact steps of the swap) must never report damage that is not there.
 *
 * The interleavings are exact, not timed: the test runs the truncation from inside the round (by
 * wrapping the segment methods the round calls) and the view's reads from inside the swap (by
 * wrapping the fs calls the swap makes).
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { Log, type LogRecord, type LogWriter } from '../../src/index.js'
import { Segment } from '../../src/segment/segment.js'
import { listLogBases } from '../helpers/segment-files.js'
import { readAll } from '../helpers/logs.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs()

const OPTIONS = { segmentBytes: 1024, cleanupPolicy: 'compact', fsync: 'never', housekeepingIntervalMs: 0 } as const
const SCRATCH = `${path.sep}.cleaner${path.sep}`

interface Rec {
  key: string
  value: string
}

/** One fixed-size record: every append of one is a batch of the same size, so rolls land on fixed offsets. */
const rec = (generation: string, offset: number, key: string): Rec => ({
  key,
  value: `${generation}:${String(offset).padStart(6, '0')}:${'x'.repeat(30)}`,
})

const plain = (r: LogRecord): { offset: number } & Rec => ({ offset: r.offset, key: r.key!.toString(), value: r.value!.toString() })

/** Appends `recs` one per call from offset `from`; returns the log end. */
async function appendAll(w: LogWriter, from: number, recs: Rec[], expected: Map<number, Rec>): Promise<void> {
  for (const [i, r] of recs.entries()) {
    const { baseOffset } = await w.append(r)
    expect(baseOffset).toBe(from + i)
    expected.set(baseOffset, r)
  }
}

/** What a complete round keeps: below `end`, the latest record of each key; from `end` on, everything. */
function compacted(expected: Map<number, Rec>, end: number): Array<{ offset: number } & Rec> {
  const latest = new Map<string, number>()
  for (const [o, r] of expected) if (o < end) latest.set(r.key, o)
  return [...expected]
    .filter(([o, r]) => o >= end || latest.get(r.key) === o)
    .sort(([a], [b]) => a - b)
    .map(([offset, r]) => ({ offset, ...r }))
}

const asList = (expected: Map<number, Rec>): Array<{ offset: number } & Rec> =>
  [...expected].sort(([a], [b]) => a - b).map(([offset, r]) => ({ offset, ...r }))

describe('a compaction round racing truncateTo and a refill', () => {
  it('is abandoned when a truncation cut and refilled, to the same offsets, segments it had read (no old bytes swapped in, no latest record lost)', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, OPTIONS)
    const w = await log.writer()
    const expected = new Map<number, Rec>()
    // Generation a: keys k0..k7 round-robin; eight records per 1 KiB segment.
    await appendAll(
      w,
      0,
      Array.from({ length: 60 }, (_, i) => rec('a', i, `k${i % 8}`)),
      expected,
    )
    const bases = listLogBases(dir)
    expect(bases.length).toBeGreaterThan(4)
    const lastSealed = bases[bases.length - 2]!
    const cut = bases[1]! + 3 // inside the second segment, which the round reads and rewrites

    let raced = false
    const seal = Segment.prototype.seal
    const spy = vi.spyOn(Segment.prototype, 'seal').mockImplementation(async function (this: Segment) {
      await seal.call(this)
      // After the round wrote its last group's output (it has read every segment), before any swap:
      // truncate into the second segment and refill with records of the same size but other keys
      // (z0..z7), rolling again at the same offsets.
      if (raced || !this.logPath.includes(SCRATCH) || this.baseOffset !== lastSealed) return
      raced = true
      expect(await w.truncateTo(cut)).toBe(cut)
      for (const o of [...expected.keys()]) if (o >= cut) expected.delete(o)
      await appendAll(
        w,
        cut,
        Array.from({ length: 60 - cut }, (_, i) => rec('b', cut + i, `z${(cut + i) % 8}`)),
        expected,
      )
      expect(listLogBases(dir), 'the refill rolled at the same offsets').toEqual(bases)
    })
    let report
    try {
      report = await w.compact()
    } finally {
      spy.mockRestore()
    }
    expect(raced).toBe(true)
    // Nothing of the round reached the log: every record is the one last appended at its offset.
    expect((await readAll(log)).map(plain)).toEqual(asList(expected))
    expect(report).toMatchObject({ abandoned: true, segmentsCleaned: 0, recordsRemoved: 0 })
    // The next round cleans what is there now: k3..k7 at offsets 3..7 are the latest of their keys.
    const active = listLogBases(dir).at(-1)!
    expect((await w.compact())?.abandoned).toBe(false)
    const want = compacted(expected, active)
    for (const k of ['k3', 'k4', 'k5', 'k6', 'k7']) expect(want.some((r) => r.key === k)).toBe(true)
    expect((await readAll(log)).map(plain)).toEqual(want)
    await log.close()
    const again = await Log.open(dir, OPTIONS)
    expect((await readAll(again)).map(plain)).toEqual(want)
    await again.close()
  })

  it('is abandoned, not failed with KLOG_CORRUPT_SEGMENT, when a truncation cuts a segment while the round reads it', async () => {
    const dir = dirs.make()
    // Segments larger than the batch walk's 1 MiB read chunk: the walk reads the segment again after
    // the truncation below has cut it.
    const log = await Log.open(dir, { ...OPTIONS, segmentBytes: 3 * 1024 * 1024 })
    const w = await log.writer()
    const expected = new Map<number, Rec>()
    const big = (generation: string, offset: number): Rec => ({
      key: `k${offset % 8}`,
      value: `${generation}:${String(offset).padStart(6, '0')}:${'y'.repeat(200 * 1024)}`,
    })
    await appendAll(
      w,
      0,
      Array.from({ length: 56 }, (_, i) => big('a', i)),
      expected,
    )
    const bases = listLogBases(dir)
    expect(bases.length).toBeGreaterThan(3)
    const victim = bases[1]!
    let raced = false
    const walk = Segment.prototype.walk
    const spy = vi.spyOn(Segment.prototype, 'walk').mockImplementation(function (this: Segment, options, visit) {
      if (raced || this.baseOffset !== victim || this.logPath.includes(SCRATCH)) return walk.call(this, options, visit)
      return walk.call(this, options, async (batch) => {
        if (!raced) {
          // The round is inside this segment: cut it after its second batch (and drop what follows).
          raced = true
          expect(await w.truncateTo(victim + 2)).toBe(victim + 2)
          for (const o of [...expected.keys()]) if (o >= victim + 2) expected.delete(o)
        }
        return visit(batch)
      })
    })
    let report
    try {
      report = await w.compact()
    } finally {
      spy.mockRestore()
    }
    expect(raced).toBe(true)
    expect(report).toMatchObject({ abandoned: true, segmentsCleaned: 0 })
    const values = async (): Promise<string[]> => (await readAll(log)).map((r) => `${r.offset}:${r.value!.toString().slice(0, 8)}`)
    const want = (): string[] => asList(expected).map((r) => `${r.offset}:${r.value.slice(0, 8)}`)
    expect(await values()).toEqual(want())
    await appendAll(
      w,
      victim + 2,
      Array.from({ length: 10 }, (_, i) => big('c', victim + 2 + i)),
      expected,
    )
    expect(await values()).toEqual(want())
    await log.close()
  })
})

describe('a read-only view reloading during a compaction swap', () => {
  // Each point is a moment of the swap (cleaner/swap.ts) where no commit marker exists, so a view
  // in this thread reloads without waiting for it: right before the commit, and right after the
  // marker is removed.
  for (const point of ['before the commit', 'after the marker is removed'] as const) {
    it(`serves every record it reads, and no false KLOG_CORRUPT_SEGMENT or KLOG_IO (${point})`, async () => {
      const dir = dirs.make()
      // Written in 1 KiB segments, compacted with 4 KiB ones: each swap replaces several segments.
      const first = await Log.open(dir, { ...OPTIONS, segmentBytes: 1024 })
      const w1 = await first.writer()
      const written = new Map<number, string>()
      for (let i = 0; i < 200; i++) {
        const key = `k${i % 40}`
        await w1.append({ key, value: `${i}:${key}:${'p'.repeat(40)}` })
        written.set(i, key)
      }
      await first.close()
      const log = await Log.open(dir, { ...OPTIONS, segmentBytes: 4096 })
      const w = await log.writer()
      const view = await Log.open(dir, { readOnly: true })
      const errors: string[] = []
      let checked = 0
      const checkAll = (): void => {
        const hw = view.highWatermark
        for (let o = 0; o < hw; o++) {
          try {
            const r = view.getSync(o)
            if (r === undefined) continue // removed by the compaction
            checked++
            if (r.value?.toString() !== `${o}:${written.get(o)}:${'p'.repeat(40)}`) errors.push(`offset ${o}: ${r.value?.toString()}`)
          } catch (err) {
            errors.push(`offset ${o}: ${(err as { code?: string }).code} ${(err as Error).message}`)
          }
        }
      }
      checkAll() // the view has every segment open
      // A roll the view has not seen yet: its next read reloads (inside the swap, below).
      for (let i = 200; i < 240; i++) {
        const key = `k${i % 40}`
        await w.append({ key, value: `${i}:${key}:${'p'.repeat(40)}` })
        written.set(i, key)
      }
      let fired = false
      const real = { linkSync: fs.linkSync, unlinkSync: fs.unlinkSync }
      const isMarker = (p: fs.PathLike): boolean => String(p).endsWith('.log.swap')
      const spies = [
        vi.spyOn(fs, 'linkSync').mockImplementation((from: fs.PathLike, to: fs.PathLike) => {
          if (point === 'before the commit' && !fired && isMarker(to)) {
            fired = true
            checkAll()
          }
          real.linkSync(from, to)
        }),
        vi.spyOn(fs, 'unlinkSync').mockImplementation((p: fs.PathLike) => {
          real.unlinkSync(p)
          if (point === 'after the marker is removed' && !fired && isMarker(p)) {
            fired = true
            checkAll()
          }
        }),
      ]
      try {
        const report = await w.compact()
        expect(report?.segmentsWritten).toBeGreaterThan(0)
        expect(report!.segmentsCleaned).toBeGreaterThan(report!.segmentsWritten)
      } finally {
        for (const s of spies) s.mockRestore()
      }
      expect(fired).toBe(true)
      expect(errors).toEqual([])
      expect(checked).toBeGreaterThan(40)
      checkAll()
      expect(errors).toEqual([])
      const got = (await readAll(view)).map((r) => r.offset)
      expect(got).toEqual((await readAll(log)).map((r) => r.offset))
      await view.close()
      await log.close()
    })
  }
})

describe('truncateTo into a compacted range', () => {
  it('leaves the log end where the remaining batches end, never inside a hole (so a crash does not move it)', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, OPTIONS)
    const w = await log.writer()
    const expected = new Map<number, Rec>()
    // Every other record updates key `dup`: compaction leaves a hole at each of them but the last.
    await appendAll(
      w,
      0,
      Array.from({ length: 60 }, (_, i) => rec('a', i, i % 2 === 0 ? 'dup' : `u${i}`)),
      expected,
    )
    await w.compact()
    const kept = (await readAll(log)).map((r) => r.offset)
    // An offset inside a hole, with a kept record right before the hole.
    const hole = kept.find((o, i) => i > 0 && kept[i + 1] !== undefined && kept[i + 1]! > o + 1)! + 1
    expect(log.getSync(hole)).toBeUndefined()
    const end = await w.truncateTo(hole + 1)
    // The hole [hole, hole + 1) is not part of the log any more: the log ends after the last record kept.
    expect(end).toBe(hole)
    expect(log.logEndOffset).toBe(hole)
    expect((await w.append(rec('b', hole, 'zz'))).baseOffset).toBe(hole)
    // A crash now: recovery finds the log end where the files end, and reports nothing.
    const copy = dirs.make()
    fs.cpSync(dir, copy, { recursive: true })
    fs.rmSync(path.join(copy, '.lock'), { recursive: true, force: true })
    fs.rmSync(path.join(copy, '.lock-owner'), { force: true })
    const crashed = await Log.open(copy, OPTIONS)
    expect(crashed.recovery).toMatchObject({ clean: false, bytesTruncated: 0, segmentsDeleted: 0, repairs: [] })
    expect(crashed.logEndOffset).toBe(hole + 1)
    expect((await readAll(crashed)).map((r) => r.offset)).toEqual([...kept.filter((o) => o < hole), hole])
    await crashed.close()
    await log.close()
  })
})
