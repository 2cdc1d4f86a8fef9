import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_OPTIONS, Log, LogError } from '../../src/index.js'
import { StateFileReader } from '../../src/publish/state-file.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { readAll } from '../helpers/logs.js'

const dirs = useTempDirs()

const names = (dir: string, suffix: string): string[] =>
  fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(suffix))
    .sort()

describe('Log.open', () => {
  it('creates the directory and starts empty', async () => {
    const dir = path.join(dirs.make(), 'nested', 'log')
    await using log = await Log.open(dir)
    expect(fs.existsSync(dir)).toBe(true)
    expect([log.logStartOffset, log.highWatermark, log.logEndOffset]).toEqual([0, 0, 0])
    expect(names(dir, '.log')).toEqual(['00000000000000000000.log'])
    expect(log.readOnly).toBe(false)
  })

  it('validates its arguments synchronously-typed', async () => {
    await expect(Log.open('' as string)).rejects.toBeInstanceOf(TypeError)
    await expect(Log.open(42 as unknown as string)).rejects.toBeInstanceOf(TypeError)
    const dir = dirs.make()
    await expect(Log.open(dir, { fsync: 'sometimes' as never })).rejects.toBeInstanceOf(RangeError)
    await expect(Log.open(dir, { segmentBytes: 10 })).rejects.toBeInstanceOf(RangeError)
    await expect(Log.open(dir, { segmentBytes: '1' as never })).rejects.toBeInstanceOf(TypeError)
    await expect(Log.open(dir, { readOnly: 'yes' as never })).rejects.toBeInstanceOf(TypeError)
  })

  it('exposes its defaults', () => {
    expect(DEFAULT_OPTIONS.fsync).toBe('interval')
    expect(DEFAULT_OPTIONS.indexIntervalBytes).toBe(4096)
    expect(DEFAULT_OPTIONS.segmentBytes).toBe(1024 ** 3)
  })

  it('a clean reopen scans nothing and continues at the next offset', async () => {
    const dir = dirs.make()
    {
      await using log = await Log.open(dir, { segmentBytes: 4096 })
      const w = await log.writer()
      for (let i = 0; i < 50; i++) await w.append({ value: Buffer.alloc(200, i) })
    }
    await using log = await Log.open(dir, { segmentBytes: 4096 })
    expect(log.recovery).toMatchObject({ clean: true, segmentsScanned: 0, bytesTruncated: 0 })
    expect(log.logEndOffset).toBe(50)
    const w = await log.writer()
    expect((await w.append({ value: 'next' })).baseOffset).toBe(50)
    expect((await readAll(log)).map((r) => r.offset)).toEqual(Array.from({ length: 51 }, (_, i) => i))
  })
})

describe('segments', () => {
  it('rolls before an append would pass segmentBytes, names files by base offset, trims sealed indexes', async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { segmentBytes: 2048, indexIntervalBytes: 100 })
    const w = await log.writer()
    for (let i = 0; i < 40; i++) await w.append({ value: Buffer.alloc(150, i) })
    await w.flush()
    const logs = names(dir, '.log')
    expect(logs.length).toBeGreaterThan(3)
    for (const f of logs) {
      expect(f).toMatch(/^\d{20}\.log$/)
      expect(fs.statSync(path.join(dir, f)).size).toBeLessThanOrEqual(2048)
      const idx = fs.statSync(path.join(dir, f.replace('.log', '.index'))).size
      expect(idx % 8).toBe(0)
      expect(fs.statSync(path.join(dir, f.replace('.log', '.timeindex'))).size % 12).toBe(0)
    }
    const bases = logs.map((f) => Number(f.slice(0, 20)))
    expect(bases[0]).toBe(0)
    expect([...bases].sort((a, b) => a - b)).toEqual(bases)
    expect((await readAll(log)).map((r) => r.value![0])).toEqual(Array.from({ length: 40 }, (_, i) => i))
  })

  it('rolls when an index is full (indexBytes)', async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { indexBytes: 64, indexIntervalBytes: 0 })
    const w = await log.writer()
    for (let i = 0; i < 40; i++) await w.append({ value: 'x' })
    expect(names(dir, '.log').length).toBeGreaterThan(1)
    for (const f of names(dir, '.index')) expect(fs.statSync(path.join(dir, f)).size).toBeLessThanOrEqual(64)
    expect((await readAll(log)).length).toBe(40)
  })

  it('rolls when records span more than segmentMs', async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { segmentMs: 1000 })
    const w = await log.writer()
    await w.append({ value: 'a', timestamp: 10_000 })
    await w.append({ value: 'b', timestamp: 10_500 })
    await w.append({ value: 'c', timestamp: 12_000 })
    expect(names(dir, '.log')).toEqual(['00000000000000000000.log', '00000000000000000002.log'])
  })
})

describe('log.get', () => {
  it('returns the record at an offset, copies its bytes, and undefined outside [start, HW)', async () => {
    await using log = await Log.open(dirs.make(), { segmentBytes: 4096, indexIntervalBytes: 64 })
    const w = await log.writer()
    for (let i = 0; i < 20; i++) {
      await w.append(
        Array.from({ length: 10 }, (_, j) => ({
          key: `k${i * 10 + j}`,
          value: Buffer.alloc(30, i * 10 + j),
          headers: [{ key: 'i', value: String(i) }],
        })),
      )
    }
    for (const off of [0, 1, 9, 10, 99, 137, 199]) {
      const r = await log.get(off)
      expect(r?.offset).toBe(off)
      expect(r?.key?.toString()).toBe(`k${off}`)
      expect(r?.value).toEqual(Buffer.alloc(30, off))
      expect(r?.headers).toEqual([{ key: 'i', value: Buffer.from(String(Math.floor(off / 10))) }])
    }
    expect(await log.get(200)).toBeUndefined()
    await expect(log.get(-1)).rejects.toBeInstanceOf(RangeError)
    await expect(log.get(1.5)).rejects.toBeInstanceOf(RangeError)
  })

  it('getSync returns the same records without a promise, and throws where get rejects', async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { segmentBytes: 4096, indexIntervalBytes: 64 })
    const w = await log.writer()
    for (let i = 0; i < 30; i++) await w.append(Array.from({ length: 7 }, (_, j) => ({ value: `v${i * 7 + j}` })))
    await using view = await Log.open(dir, { readOnly: true })
    for (const source of [log, view]) {
      for (let off = 0; off < 210; off += 13) {
        const r = source.getSync(off)
        expect(r?.offset).toBe(off)
        expect(r?.value?.toString()).toBe(`v${off}`)
        expect(r).toEqual(await source.get(off))
      }
      expect(source.getSync(210)).toBeUndefined()
      expect(() => source.getSync(-1)).toThrow(RangeError)
      expect(() => source.getSync(Number.NaN)).toThrow(RangeError)
    }
    await view.close()
    expect(() => view.getSync(0)).toThrow(expect.objectContaining({ code: 'KLOG_CLOSED' }))
  })

  it("hands out records whose buffers are their own: later reads, a view's reused read buffer and close change none", async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, { segmentBytes: 4096, indexIntervalBytes: 64 })
    const w = await log.writer()
    const value = (i: number): Buffer => Buffer.alloc(40, i)
    for (let i = 0; i < 30; i++) {
      await w.append(
        Array.from({ length: 7 }, (_, j) => ({ key: `k${i * 7 + j}`, value: value(i * 7 + j), headers: [{ key: 'h', value: `h${j}` }] })),
      )
    }
    const view = await Log.open(dir, { readOnly: true })
    // Each source reads every offset twice (first touch of a batch, then its tabled position).
    const kept = [log, view].flatMap((source) => [0, 1].flatMap(() => Array.from({ length: 210 }, (_, off) => source.getSync(off)!)))
    await view.close()
    await w.close()
    await log.close() // unmaps the segments the owner's point reads used
    kept.forEach((r, i) => {
      const off = i % 210
      expect(r.offset).toBe(off)
      expect(r.key?.toString()).toBe(`k${off}`)
      expect(r.value).toEqual(value(off))
      expect(r.headers).toEqual([{ key: 'h', value: Buffer.from(`h${off % 7}`) }])
    })
  })

  it('works the same through pread when mmap is off (a read-only view)', async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir)
    const w = await log.writer()
    await w.append(Array.from({ length: 100 }, (_, i) => ({ value: `v${i}` })))
    await using view = await Log.open(dir, { readOnly: true })
    expect((await view.get(57))?.value?.toString()).toBe('v57')
  })
})

describe('offsetForTimestamp', () => {
  it('finds the first offset whose timestamp is at or after the target', async () => {
    await using log = await Log.open(dirs.make(), { segmentBytes: 2048, indexIntervalBytes: 50 })
    const w = await log.writer()
    for (let i = 0; i < 60; i++) await w.append({ value: Buffer.alloc(100), timestamp: 1000 + i * 10 })
    expect(await log.offsetForTimestamp(0)).toBe(0)
    expect(await log.offsetForTimestamp(1000)).toBe(0)
    expect(await log.offsetForTimestamp(1001)).toBe(1)
    expect(await log.offsetForTimestamp(1255)).toBe(26)
    expect(await log.offsetForTimestamp(1590)).toBe(59)
    expect(await log.offsetForTimestamp(1591)).toBeUndefined()
  })
})

describe('truncateTo and retention', () => {
  it('truncateTo removes offsets >= target across segments and appends continue there', async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { segmentBytes: 1024 })
    const w = await log.writer()
    for (let i = 0; i < 30; i++) await w.append({ value: Buffer.alloc(100, i) })
    expect(await w.truncateTo(12)).toBe(12)
    expect(log.logEndOffset).toBe(12)
    expect(log.highWatermark).toBe(12)
    expect(names(dir, '.log').every((f) => Number(f.slice(0, 20)) <= 12)).toBe(true)
    expect((await w.append({ value: 'new' })).baseOffset).toBe(12)
    const all = await readAll(log)
    expect(all.map((r) => r.offset)).toEqual(Array.from({ length: 13 }, (_, i) => i))
    expect(all[12]!.value?.toString()).toBe('new')
    await expect(w.truncateTo(1.5)).rejects.toBeInstanceOf(RangeError)
  })

  it('truncation is batch granular: a batch straddling the target is removed whole', async () => {
    await using log = await Log.open(dirs.make())
    const w = await log.writer()
    await w.append([{ value: 'a' }, { value: 'b' }])
    await w.append([{ value: 'c' }, { value: 'd' }, { value: 'e' }])
    expect(await w.truncateTo(3)).toBe(2)
    expect((await readAll(log)).map((r) => r.value?.toString())).toEqual(['a', 'b'])
  })

  it('retentionBytes deletes the oldest whole segments and moves the log start', async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { segmentBytes: 1024, retentionBytes: 2048 })
    const w = await log.writer()
    for (let i = 0; i < 60; i++) await w.append({ value: Buffer.alloc(100, i) })
    await w.enforceRetention()
    const bases = names(dir, '.log').map((f) => Number(f.slice(0, 20)))
    expect(log.logStartOffset).toBe(bases[0])
    expect(log.logStartOffset).toBeGreaterThan(0)
    const total = names(dir, '.log').reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0)
    expect(total).toBeLessThanOrEqual(2048 + 1024)
    await expect(log.reader({ from: 0 }).read()).rejects.toMatchObject({ code: 'KLOG_OFFSET_OUT_OF_RANGE' })
    expect((await readAll(log))[0]!.offset).toBe(log.logStartOffset)
  })

  it('retentionMs deletes segments whose newest record is older than the limit', async () => {
    await using log = await Log.open(dirs.make(), { segmentBytes: 1024, retentionMs: 60_000 })
    const w = await log.writer()
    const old = Date.now() - 3_600_000
    for (let i = 0; i < 20; i++) await w.append({ value: Buffer.alloc(100), timestamp: old })
    for (let i = 0; i < 20; i++) await w.append({ value: Buffer.alloc(100) })
    await w.enforceRetention()
    expect(log.logStartOffset).toBeGreaterThanOrEqual(18)
    expect(log.logStartOffset).toBeLessThanOrEqual(20)
  })
})

describe('lifecycle', () => {
  it('close is idempotent; every call afterwards fails with KLOG_CLOSED', async () => {
    const log = await Log.open(dirs.make())
    const w = await log.writer()
    await w.append({ value: 'x' })
    const r = log.reader()
    await Promise.all([log.close(), log.close()])
    await log.close()
    expect(log.closed).toBe(true)
    await expect(log.writer()).rejects.toMatchObject({ code: 'KLOG_CLOSED' })
    expect(() => log.reader()).toThrow(LogError)
    await expect(r.read()).rejects.toMatchObject({ code: 'KLOG_CLOSED' })
    await expect(w.append({ value: 'y' })).rejects.toMatchObject({ code: 'KLOG_CLOSED' })
    await expect(log.get(0)).rejects.toMatchObject({ code: 'KLOG_CLOSED' })
    expect(() => log.share()).toThrow(LogError)
  })

  it('closing the log ends a waiting follower quietly', async () => {
    const log = await Log.open(dirs.make())
    const seen: number[] = []
    const follow = (async () => {
      for await (const r of log.reader({ follow: true })) seen.push(r.offset)
    })()
    const w = await log.writer()
    await w.append({ value: 'a' })
    while (seen.length < 1) await new Promise((r) => setImmediate(r))
    await log.close()
    await follow
    expect(seen).toEqual([0])
  })

  it('a read-only log rejects writer() with KLOG_READ_ONLY', async () => {
    const dir = dirs.make()
    await using owner = await Log.open(dir)
    await using view = await Log.open(dir, { readOnly: true })
    expect(view.readOnly).toBe(true)
    await expect(view.writer()).rejects.toMatchObject({ code: 'KLOG_READ_ONLY' })
    expect(owner.readOnly).toBe(false)
  })

  it('reader options are validated', async () => {
    await using log = await Log.open(dirs.make())
    expect(() => log.reader({ from: -1 })).toThrow(RangeError)
    expect(() => log.reader({ from: 'middle' as never })).toThrow(TypeError)
    expect(() => log.reader({ onOutOfRange: 'nowhere' as never })).toThrow(RangeError)
    // Synchronous throws, before any promise (issue 8 item 6).
    for (const maxBytes of [0, Number.NaN, -1, 1.5, Infinity]) expect(() => log.reader().read({ maxBytes })).toThrow(RangeError)
    expect(() => log.reader().read({ maxBytes: '1' as never })).toThrow(TypeError)
    expect(() => log.reader().read({ maxRecords: 0 })).toThrow(RangeError)
  })
})

describe('state file across writers', () => {
  it('a new writer continues the sequence of the last one, so no follower waits on a number it will publish again', async () => {
    const dir = dirs.make()
    const seqOf = (): number => {
      const r = new StateFileReader(dir)
      try {
        return r.read()!.seq
      } finally {
        r.close()
      }
    }
    let last = 0
    for (let round = 0; round < 3; round++) {
      const log = await Log.open(dir)
      expect(seqOf()).toBeGreaterThan(last) // the open's own publication is already new
      const w = await log.writer()
      await w.append({ value: `r${round}` })
      await log.close()
      last = seqOf()
    }
  })
})
