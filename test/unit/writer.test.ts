import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Log, LogError } from '../../src/index.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { readAll } from '../helpers/logs.js'
import { FAST_NS, InlineSyncPolicy, STREAK } from '../../src/storage/inline-sync.js'

const dirs = useTempDirs()

function logFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.log'))
    .sort()
}

function totalLogBytes(dir: string): number {
  return logFiles(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0)
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('LogWriter.append', () => {
  it('assigns contiguous offsets to single records and arrays', async () => {
    await using log = await Log.open(dirs.make())
    const w = await log.writer()
    expect(await w.append({ value: 'one' })).toEqual({ baseOffset: 0, lastOffset: 0 })
    expect(await w.append([{ value: 'a' }, { value: Buffer.from('b') }, { value: new Uint8Array([99]) }])).toEqual({
      baseOffset: 1,
      lastOffset: 3,
    })
    expect(log.logEndOffset).toBe(4)
    expect(log.highWatermark).toBe(4)
    const recs = await readAll(log)
    expect(recs.map((r) => r.value?.toString())).toEqual(['one', 'a', 'b', 'c'])
    expect(recs.map((r) => r.offset)).toEqual([0, 1, 2, 3])
  })

  it('keeps keys, null values, headers (order and repeats) and timestamps', async () => {
    await using log = await Log.open(dirs.make())
    const w = await log.writer()
    await w.append([
      {
        key: 'k',
        value: null,
        timestamp: 1000,
        headers: [
          { key: 'h', value: 'x' },
          { key: 'h', value: null },
          { key: 'a', value: Buffer.from([1]) },
        ],
      },
      { key: null, value: '', timestamp: 999 },
    ])
    const [a, b] = await readAll(log)
    expect(a!.key).toEqual(Buffer.from('k'))
    expect(a!.value).toBeNull()
    expect(a!.timestamp).toBe(1000)
    expect(a!.headers).toEqual([
      { key: 'h', value: Buffer.from('x') },
      { key: 'h', value: null },
      { key: 'a', value: Buffer.from([1]) },
    ])
    expect(b!.key).toBeNull()
    expect(b!.value).toEqual(Buffer.alloc(0))
    expect(b!.timestamp).toBe(999)
    expect(b!.headers).toEqual([])
  })

  it('throws TypeError / RangeError synchronously for malformed input and writes nothing', async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir)
    const w = await log.writer()
    const bad: unknown[] = [undefined, null, 42, [{ value: 42 }], [{}], [{ value: 'x', headers: 'no' }], [{ value: 'x', key: 5 }]]
    for (const b of bad) expect(() => w.append(b as never)).toThrow(TypeError)
    expect(() => w.append([])).toThrow(RangeError)
    expect(() => w.append({ value: 'x', timestamp: -1 })).toThrow(RangeError)
    expect(() => w.append({ value: 'x', timestamp: 1.5 })).toThrow(RangeError)
    expect(log.logEndOffset).toBe(0)
    expect(totalLogBytes(dir)).toBe(0)
    expect((await w.append({ value: 'ok' })).baseOffset).toBe(0)
  })

  it('rejects a record larger than maxBatchBytes with KLOG_RECORD_TOO_LARGE and loses nothing', async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { maxBatchBytes: 1024 })
    const w = await log.writer()
    await w.append({ value: 'before' })
    const size = totalLogBytes(dir)
    await expect(w.append({ value: Buffer.alloc(2000) })).rejects.toMatchObject({ code: 'KLOG_RECORD_TOO_LARGE' })
    expect(totalLogBytes(dir)).toBe(size)
    expect(log.logEndOffset).toBe(1)
    expect((await w.append({ value: 'after' })).baseOffset).toBe(1)
    expect((await readAll(log)).map((r) => r.value?.toString())).toEqual(['before', 'after'])
  })

  it('splits an append larger than maxBatchBytes into several batches in one segment', async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { maxBatchBytes: 1024 })
    const w = await log.writer()
    const records = Array.from({ length: 50 }, (_, i) => ({ value: Buffer.alloc(100, i) }))
    expect(await w.append(records)).toEqual({ baseOffset: 0, lastOffset: 49 })
    const bytes = fs.readFileSync(path.join(dir, logFiles(dir)[0]!))
    let batches = 0
    for (let p = 0; p < bytes.length; p += 12 + bytes.readInt32BE(p + 8)) {
      expect(12 + bytes.readInt32BE(p + 8)).toBeLessThanOrEqual(1024)
      batches++
    }
    expect(batches).toBeGreaterThan(1)
    expect((await readAll(log)).map((r) => r.value![0])).toEqual(records.map((_, i) => i))
  })

  it('a failed write (disk full) rejects with KLOG_DISK_FULL and leaves the log exactly as it was', async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { fsync: 'never' })
    const w = await log.writer()
    await w.append([{ value: 'a' }, { value: 'b' }])
    const before = fs.readFileSync(path.join(dir, logFiles(dir)[0]!))
    const real = fs.writevSync
    vi.spyOn(fs, 'writevSync').mockImplementationOnce((fd, bufs, pos) => {
      // A partial write followed by ENOSPC: the tail must be cut back.
      real(fd, [Buffer.from((bufs[0] as Buffer).subarray(0, 10))], pos)
      throw Object.assign(new Error('no space'), { code: 'ENOSPC' })
    })
    const err = await w.append({ value: 'lost' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(LogError)
    expect((err as LogError).code).toBe('KLOG_DISK_FULL')
    expect(fs.readFileSync(path.join(dir, logFiles(dir)[0]!))).toEqual(before)
    expect(log.logEndOffset).toBe(2)
    expect(await w.append({ value: 'c' })).toEqual({ baseOffset: 2, lastOffset: 2 })
    expect((await readAll(log)).map((r) => r.value?.toString())).toEqual(['a', 'b', 'c'])
  })

  it("a failed fsync under 'always' rejects with KLOG_IO and rolls the write back", async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { fsync: 'always' })
    const w = await log.writer()
    await w.append({ value: 'a' })
    const size = totalLogBytes(dir)
    vi.spyOn(fs, 'fdatasync').mockImplementationOnce((_fd, cb) => {
      ;(cb as (e: Error) => void)(Object.assign(new Error('io'), { code: 'EIO' }))
    })
    await expect(w.append({ value: 'b' })).rejects.toMatchObject({ code: 'KLOG_IO' })
    expect(totalLogBytes(dir)).toBe(size)
    expect(log.highWatermark).toBe(1)
    expect((await w.append({ value: 'c' })).baseOffset).toBe(1)
  })

  it("under 'always', after 8 fast syncs in a row the durable drain syncs on its own thread; a slow sync sends it back to the pool; a failed one rejects and rolls back as on the pool", async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { fsync: 'always' })
    const w = await log.writer()
    // The clock the syncs are timed with: 1 µs per reading, so every sync is fast unless a test
    // sync moves it on (no dependence on this machine's disk or load).
    let now = 0n
    vi.spyOn(process.hrtime, 'bigint').mockImplementation(() => (now += 1000n))
    const realSync = fs.fdatasyncSync
    const pool = vi.spyOn(fs, 'fdatasync')
    const here = vi.spyOn(fs, 'fdatasyncSync')
    const counts = (): [number, number] => [pool.mock.calls.length, here.mock.calls.length]
    const values: string[] = []
    const append = async (value: string): Promise<void> => {
      await w.append({ value })
      values.push(value)
    }
    for (let i = 0; i < STREAK; i++) await append(`pool-${i}`)
    expect(counts()).toEqual([STREAK, 0])
    await append('here')
    expect(counts()).toEqual([STREAK, 1])
    // A slow sync on this thread: the next ones go back to the pool.
    here.mockImplementationOnce((fd) => {
      now += BigInt(2 * FAST_NS)
      realSync(fd)
    })
    await append('slow')
    await append('back-on-the-pool')
    expect(counts()).toEqual([STREAK + 1, 2])
    for (let i = 1; i < STREAK; i++) await append(`again-${i}`)
    // On this thread again: a failure there rejects the group and rolls its write back.
    const size = totalLogBytes(dir)
    const end = log.highWatermark
    here.mockImplementationOnce(() => {
      throw Object.assign(new Error('io'), { code: 'EIO' })
    })
    await expect(w.append({ value: 'lost' })).rejects.toMatchObject({ code: 'KLOG_IO' })
    expect(counts()).toEqual([2 * STREAK, 3])
    expect(totalLogBytes(dir)).toBe(size)
    expect(log.highWatermark).toBe(end)
    expect((await w.append({ value: 'after' })).baseOffset).toBe(end)
    values.push('after')
    expect((await readAll(log)).map((r) => r.value!.toString())).toEqual(values)
    // Every sync that returned was timed, wherever it ran.
    expect(log.stats().fsyncLatency.count).toBe(2 * STREAK + 3)
  })

  it("group commit: concurrent appends under 'always' share writes and fsyncs", async () => {
    await using log = await Log.open(dirs.make(), { fsync: 'always' })
    const w = await log.writer()
    const syncs = vi.spyOn(fs, 'fdatasync')
    const writes = vi.spyOn(fs, 'writevSync')
    const results = await Promise.all(Array.from({ length: 64 }, (_, i) => w.append({ value: `r${i}` })))
    const offsets = results.map((r) => r.baseOffset).sort((a, b) => a - b)
    expect(offsets).toEqual(Array.from({ length: 64 }, (_, i) => i))
    // The drain lets the whole burst queue before it writes: one write and one fdatasync for all
    // 64, and only of the .log (the active segment's indexes are rebuilt by recovery, never trusted).
    expect(writes.mock.calls.length).toBe(1)
    expect(syncs.mock.calls.length).toBe(1)
    if (process.platform === 'linux') expect(fs.readlinkSync(`/proc/self/fd/${syncs.mock.calls[0]![0]}`)).toMatch(/\.log$/)
  })

  it("under 'always' readers do not see records before they are durable", async () => {
    await using log = await Log.open(dirs.make(), { fsync: 'always' })
    const w = await log.writer()
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const real = fs.fdatasync
    vi.spyOn(fs, 'fdatasync').mockImplementation((fd, cb) => {
      void gate.then(() => real(fd, cb))
    })
    const pending = w.append({ value: 'x' })
    try {
      await new Promise((r) => setImmediate(r))
      expect(log.logEndOffset).toBe(1)
      expect(log.highWatermark).toBe(0)
      expect(await log.reader({ from: 0 }).read()).toEqual([])
    } finally {
      release()
    }
    await pending
    expect(log.highWatermark).toBe(1)
    expect((await log.reader({ from: 0 }).read()).length).toBe(1)
  })

  it('rejects with KLOG_CLOSED after close; close is idempotent', async () => {
    await using log = await Log.open(dirs.make())
    const w = await log.writer()
    await w.close()
    await w.close()
    await expect(w.append({ value: 'x' })).rejects.toMatchObject({ code: 'KLOG_CLOSED' })
    await expect(w.flush()).rejects.toMatchObject({ code: 'KLOG_CLOSED' })
    // The slot is free again.
    const w2 = await log.writer()
    expect((await w2.append({ value: 'y' })).baseOffset).toBe(0)
  })

  it('a second writer in the same log rejects with KLOG_LOCKED', async () => {
    await using log = await Log.open(dirs.make())
    await log.writer()
    await expect(log.writer()).rejects.toMatchObject({ code: 'KLOG_LOCKED' })
  })

  it('flush() makes everything durable and resolves', async () => {
    await using log = await Log.open(dirs.make(), { fsync: 'never' })
    const w = await log.writer()
    await w.append({ value: 'x' })
    const syncs = vi.spyOn(fs, 'fdatasync')
    await w.flush()
    expect(syncs).toHaveBeenCalled()
  })
})

describe('InlineSyncPolicy', () => {
  it('runs a sync on the calling thread after STREAK fast ones in a row; one slow sync starts the streak over', () => {
    const p = new InlineSyncPolicy()
    for (let i = 0; i < STREAK - 1; i++) p.took(FAST_NS - 1)
    expect(p.inline).toBe(false)
    p.took(1)
    expect(p.inline).toBe(true)
    p.took(FAST_NS) // at the bound: slow
    expect(p.inline).toBe(false)
    for (let i = 0; i < STREAK; i++) p.took(10)
    expect(p.inline).toBe(true)
    for (let i = 0; i < 100; i++) p.took(10) // the streak does not grow past STREAK: one slow sync is enough
    p.took(5 * FAST_NS)
    expect(p.inline).toBe(false)
  })
})
