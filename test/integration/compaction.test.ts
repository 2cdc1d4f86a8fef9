/**
 * Key-based compaction through the public API: what survives (the latest record per key in sealed
 * segments; keyless records go; the active segment is never touched), offsets never renumbered
 * (holes: `get` → undefined, readers step over them), tombstones marked with Kafka's delete horizon
 * and removed once it passed, bounded key maps continuing over several rounds, reopen (clean and
 * unclean) of compacted logs, deleteRecordsBefore, and readers in workers and other processes
 * following a log that is compacted under them.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { Log, type LogRecord } from '../../src/index.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'
import { makeUnclean, readAll } from '../helpers/logs.js'
import { mulberry32 } from '../helpers/random.js'

const dirs = useTempDirs()

interface Appended {
  offset: number
  key: string | null
  value: string | null
}

/** Appends `n` single-record batches with keys from `keys` (some keyless, some tombstones). */
async function fill(log: Log, n: number, keys: number, seed: number): Promise<Appended[]> {
  const writer = await getWriter(log)
  const rand = mulberry32(seed)
  const out: Appended[] = []
  for (let i = 0; i < n; i++) {
    const r = rand()
    const key = r < 0.05 ? null : `k${Math.floor(rand() * keys)}`
    const value = key !== null && r > 0.93 ? null : `v${i}-${'x'.repeat(Math.floor(rand() * 60))}`
    const { baseOffset } = await writer.append({ key, value })
    out.push({ offset: baseOffset, key, value })
  }
  return out
}

/** What a full compaction of [0, end) keeps: per key the latest record below `end`, keyless ones go. */
function expectedAfter(all: Appended[], end: number, dropTombstones: boolean): Appended[] {
  const latest = new Map<string, number>()
  for (const a of all) if (a.offset < end && a.key !== null) latest.set(a.key, a.offset)
  return all.filter((a) => {
    if (a.offset >= end) return true
    if (a.key === null || latest.get(a.key) !== a.offset) return false
    return !(dropTombstones && a.value === null)
  })
}

const plain = (r: LogRecord): Appended => ({ offset: r.offset, key: r.key?.toString() ?? null, value: r.value?.toString() ?? null })

function activeBase(dir: string): number {
  return Math.max(
    ...fs
      .readdirSync(dir)
      .filter((f) => /^\d{20}\.log$/.test(f))
      .map((f) => Number(f.slice(0, 20))),
  )
}

describe('compaction', () => {
  it('keeps the latest record per key in sealed segments, never renumbers, and steps over the holes', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, { segmentBytes: 2048, cleanupPolicy: 'compact', fsync: 'never', housekeepingIntervalMs: 0 })
    const all = await fill(log, 400, 20, 1)
    const end = activeBase(dir)
    const report = await (await getWriter(log)).compact()
    expect(report).toBeDefined()
    expect(report!.endOffset).toBe(end)
    expect(report!.recordsRemoved).toBe(
      all.filter((a) => a.offset < end).length - expectedAfter(all, end, false).filter((a) => a.offset < end).length,
    )
    expect(report!.bytesAfter).toBeLessThan(report!.bytesBefore)
    const want = expectedAfter(all, end, false)
    expect((await readAll(log)).map(plain)).toEqual(want)
    // Offsets are never renumbered: a removed offset is a hole.
    const kept = new Set(want.map((a) => a.offset))
    for (const a of all) {
      const got = log.getSync(a.offset)
      if (kept.has(a.offset)) expect(got && plain(got)).toEqual(a)
      else expect(got).toBeUndefined()
    }
    expect(log.logEndOffset).toBe(400)
    expect(fs.readdirSync(dir).some((f) => f.endsWith('.swap') || f.endsWith('.deleted') || f === '.cleaner')).toBe(false)
    // Appends continue; a reader from every offset sees the same holes.
    const w2 = await getWriter(log)
    expect(await w2.append({ key: 'k1', value: 'after' })).toEqual({ baseOffset: 400, lastOffset: 400 })
    for (const from of [0, 13, 200, end - 1, end]) {
      const got = (await readAll(log, from)).map((r) => r.offset)
      expect(got).toEqual([...want.filter((a) => a.offset >= from).map((a) => a.offset), 400])
    }
    await log.close()
    // Clean reopen, then unclean reopen (recovery rescans the compacted segments with their holes).
    for (const unclean of [false, true]) {
      if (unclean) makeUnclean(dir, 0)
      const again = await Log.open(dir, { segmentBytes: 2048, cleanupPolicy: 'compact' })
      expect(again.recovery?.bytesTruncated).toBe(0)
      expect((await readAll(again)).map(plain)).toEqual([...want, { offset: 400, key: 'k1', value: 'after' }])
      await again.close()
    }
  })

  it('marks tombstones with the delete horizon on the first round and removes them once it passed', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, {
      segmentBytes: 1024,
      cleanupPolicy: 'compact',
      deleteRetentionMs: 0,
      fsync: 'never',
      housekeepingIntervalMs: 0,
    })
    const w = await getWriter(log)
    await w.append({ key: 'a', value: 'a1' })
    await w.append({ key: 'b', value: 'b1' })
    await w.append({ key: 'a', value: null }) // tombstone for a
    for (let i = 0; i < 40; i++) await w.append({ key: `f${i}`, value: 'y'.repeat(40) }) // roll past them
    await w.compact()
    const first = await readAll(log)
    expect(first.find((r) => r.key?.toString() === 'a')).toMatchObject({ offset: 2, value: null })
    expect(first.some((r) => r.offset === 0)).toBe(false)
    // On disk: the batch holding the tombstone carries bit 0x40 and the horizon in its base timestamp.
    const seg0 = fs.readFileSync(path.join(dir, '00000000000000000000.log'))
    let at = 0
    let flagged = 0
    while (at + 61 <= seg0.length) {
      const attributes = seg0.readInt16BE(at + 21)
      if ((attributes & 0x40) !== 0) {
        flagged++
        expect(Number(seg0.readBigInt64BE(at + 27))).toBeGreaterThan(0)
      }
      at += 12 + seg0.readInt32BE(at + 8)
    }
    expect(flagged).toBe(1)
    // deleteRetentionMs 0: the horizon has passed by the next round, which removes the tombstone.
    const second = await w.compact()
    expect(second?.tombstonesRemoved).toBe(1)
    expect((await readAll(log)).some((r) => r.offset === 2)).toBe(false)
    expect(log.getSync(2)).toBeUndefined()
    expect((await readAll(log)).find((r) => r.key?.toString() === 'b')?.value?.toString()).toBe('b1')
    await log.close()
  })

  it('a key map smaller than the keys compacts in several bounded rounds to the same result', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, {
      segmentBytes: 4096,
      cleanupPolicy: 'compact',
      cleanerBufferBytes: 1024,
      fsync: 'never',
      housekeepingIntervalMs: 0,
    })
    const all = await fill(log, 1500, 300, 7)
    const end = activeBase(dir)
    const w = await getWriter(log)
    const rounds: number[] = []
    for (let i = 0; i < 50; i++) {
      const report = await w.compact()
      if (report === undefined) break
      expect(report.mapBytes).toBeLessThanOrEqual(1024)
      expect(report.keys).toBeLessThanOrEqual(Math.floor(1024 / 24))
      rounds.push(report.endOffset)
      if (report.endOffset >= end) break
    }
    expect(rounds.length).toBeGreaterThan(1)
    expect(rounds[rounds.length - 1]).toBe(end)
    // The last round re-cleans everything below its range against its own map; earlier rounds may
    // have left a record whose key was updated only in a later round's range. Another full round
    // (a fresh map over the whole log would need more memory than allowed) keeps converging; what
    // matters here: nothing kept is wrong, and everything kept is the latest below its round.
    const got = (await readAll(log)).map(plain)
    const byOffset = new Map(all.map((a) => [a.offset, a]))
    for (const r of got) expect(r).toEqual(byOffset.get(r.offset))
    const latest = new Map<string, number>()
    for (const a of all) if (a.key !== null) latest.set(a.key, a.offset)
    for (const [key, offset] of latest) expect(got.some((r) => r.key === key && r.offset === offset)).toBe(true)
    expect(got.length).toBeLessThan(all.length / 2)
    await log.close()
  })

  it('deleteRecordsBefore moves the log start, deletes whole segments and hides the rest', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, { segmentBytes: 1024, fsync: 'never', housekeepingIntervalMs: 0 })
    const w = await getWriter(log)
    for (let i = 0; i < 60; i++) await w.append({ value: `v${i}-${'z'.repeat(30)}` })
    const segmentsBefore = fs.readdirSync(dir).filter((f) => f.endsWith('.log')).length
    const reader = log.reader({ from: 0 })
    expect(await w.deleteRecordsBefore(37)).toBe(37)
    expect(log.logStartOffset).toBe(37)
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.log')).length).toBeLessThan(segmentsBefore)
    expect(log.getSync(36)).toBeUndefined()
    expect(log.getSync(37)?.value?.toString()).toMatch(/^v37-/)
    await expect(reader.read()).rejects.toMatchObject({ code: 'KLOG_OFFSET_OUT_OF_RANGE' })
    expect((await readAll(log)).map((r) => r.offset)).toEqual(Array.from({ length: 23 }, (_, i) => 37 + i))
    expect(await w.deleteRecordsBefore(10)).toBe(37) // not above the log start: nothing changes
    await expect(w.deleteRecordsBefore(61)).rejects.toMatchObject({ code: 'KLOG_OFFSET_OUT_OF_RANGE' })
    await expect(w.deleteRecordsBefore(-1)).rejects.toBeInstanceOf(RangeError)
    await log.close()
    const again = await Log.open(dir)
    expect(again.logStartOffset).toBe(37)
    expect((await readAll(again))[0]?.offset).toBe(37)
    await again.close()
  })

  it('followers in a worker and in another process read correct records while the log is compacted', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, { segmentBytes: 2048, cleanupPolicy: 'compact', fsync: 'never', housekeepingIntervalMs: 0 })
    const w = await getWriter(log)
    const reports = dirs.make()
    const FOLLOWER = fileURLToPath(new URL('./children/compaction-follower.mjs', import.meta.url))
    const worker = new Worker(FOLLOWER, {
      workerData: { dist: DIST_ENTRY, handle: log.share(), report: path.join(reports, 'w.json'), end: 3000 },
    })
    const child = fork(FOLLOWER, [JSON.stringify({ dist: DIST_ENTRY, dir, report: path.join(reports, 'p.json'), end: 3000 })], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    const exited = Promise.all([
      new Promise((resolve, reject) => {
        worker.on('exit', resolve)
        worker.on('error', reject)
      }),
      new Promise((resolve) => child.on('exit', resolve)),
    ])
    let rounds = 0
    for (let i = 0; i < 3000; i++) {
      // The value names its offset and key: a follower can tell a wrong record from a right one.
      await w.append({ key: `k${i % 50}`, value: `${i}:k${i % 50}` })
      if (i % 300 === 299 && (await w.compact()) !== undefined) rounds++
    }
    await exited
    expect(rounds).toBeGreaterThan(3)
    for (const name of ['w.json', 'p.json']) {
      const r = JSON.parse(fs.readFileSync(path.join(reports, name), 'utf8')) as { errors: string[]; last: number; count: number }
      expect(r.errors, name).toEqual([])
      expect(r.last, name).toBe(2999)
      expect(r.count, name).toBeGreaterThan(50)
    }
    await log.close()
  })
})

async function getWriter(log: Log): Promise<import('../../src/index.js').LogWriter> {
  const cache = writers.get(log)
  if (cache !== undefined) return cache
  const w = await log.writer()
  writers.set(log, w)
  return w
}
const writers = new WeakMap<Log, import('../../src/index.js').LogWriter>()
