/**
 * One test per failure of the C++ project this library continues (design brief, "What the seed got
 * wrong"):
 *  1. appends after a restart overwrote the start of the active segment;
 *  2. recovery mis-parsed mixed record sizes;
 *  3. a corrupt middle segment caused skipped and stale offsets;
 *  4. a record larger than maxBytes could never be fetched;
 *  5. reads far from the tail walked the index one entry at a time;
 *  6. a file descriptor was closed twice.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Log, type LogOptions, type LogRecord } from '../../src/index.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { mulberry32 } from '../helpers/random.js'
import { makeUnclean, readAll, segmentPath } from '../helpers/logs.js'
import { listLogBases } from '../helpers/segment-files.js'

const logFile = (dir: string, base: number): string => segmentPath(dir, base, 'log')

const text = (rs: LogRecord[]): (string | undefined)[] => rs.map((r) => r.value?.toString())

/** Appends `n` single-record batches "<prefix>-<offset>" padded to `size` bytes. */
async function appendNamed(log: Log, prefix: string, n: number, size = 0): Promise<void> {
  const w = await log.writer()
  for (let i = 0; i < n; i++) {
    const offset = log.logEndOffset
    const r = await w.append({ value: `${prefix}-${offset}`.padEnd(size, '.') })
    expect(r.baseOffset).toBe(offset)
  }
  await w.close()
}

describe('seed regressions', () => {
  const dirs = useTempDirs()
  afterEach(() => {
    vi.restoreAllMocks()
  })

  describe('1. appends after a restart never overwrite the start of the active segment', () => {
    it.each([
      ['a clean restart', false, 1 << 30],
      ['an unclean restart', true, 1 << 30],
      ['a clean restart of a rolled log', false, 1024],
      ['an unclean restart of a rolled log', true, 1024],
    ])('after %s', async (_what, unclean, segmentBytes) => {
      const dir = dirs.make()
      const opts: LogOptions = { fsync: 'never', segmentBytes }
      let log = await Log.open(dir, opts)
      await appendNamed(log, 'first', 30, 80)
      await log.close()
      const active = listLogBases(dir).at(-1)!
      const before = fs.readFileSync(logFile(dir, active))
      expect(before.length).toBeGreaterThan(0)
      if (unclean) makeUnclean(dir)

      for (let restart = 0; restart < 3; restart++) {
        log = await Log.open(dir, opts)
        try {
          expect(log.recovery?.bytesTruncated).toBe(0)
          await appendNamed(log, `restart${restart}`, 2, 80)
        } finally {
          await log.close()
        }
      }
      // The bytes that were on disk are untouched: new batches went after them.
      const after = fs.readFileSync(logFile(dir, active))
      expect(after.subarray(0, before.length).equals(before)).toBe(true)
      log = await Log.open(dir, opts)
      try {
        const all = await readAll(log)
        expect(all.map((r) => r.offset)).toEqual(Array.from({ length: 36 }, (_, i) => i))
        expect(text(all).map((v) => v?.replace(/\.+$/, ''))).toEqual([
          ...Array.from({ length: 30 }, (_, i) => `first-${i}`),
          'restart0-30',
          'restart0-31',
          'restart1-32',
          'restart1-33',
          'restart2-34',
          'restart2-35',
        ])
      } finally {
        await log.close()
      }
    })
  })

  it('2. recovery parses a log with mixed record sizes (0 B to 100 KiB, and a 2 MiB batch)', async () => {
    const dir = dirs.make()
    const rand = mulberry32(2024)
    const opts: LogOptions = { fsync: 'never', segmentBytes: 3 * 1024 * 1024, maxBatchBytes: 4 * 1024 * 1024 }
    const picks = [0, 1, 2, 7, 60, 61, 127, 128, 4095, 4096, 4097, 16383, 16384, 65535, 65536, 100 * 1024]
    const written: { value: Buffer | null; key: Buffer | null }[] = []
    const log = await Log.open(dir, opts)
    try {
      const w = await log.writer()
      for (let a = 0; a < 70; a++) {
        const n = 1 + Math.floor(rand() * 4)
        const batch: { value: Buffer | null; key: Buffer | null }[] = []
        for (let i = 0; i < n; i++) {
          const size = rand() < 0.5 ? picks[Math.floor(rand() * picks.length)]! : Math.floor(rand() * 100 * 1024)
          const value = rand() < 0.05 ? null : Buffer.alloc(size, (written.length + batch.length) & 0xff)
          const key = rand() < 0.5 ? null : Buffer.from(`key-${written.length + batch.length}`)
          batch.push({ value, key })
        }
        if (a === 35) batch.push({ value: Buffer.alloc(2 * 1024 * 1024, 0xab), key: null }) // > recovery's 1 MiB read chunk
        await w.append(batch)
        written.push(...batch)
      }
    } finally {
      await log.close()
    }
    const bases = listLogBases(dir)
    expect(bases.length).toBeGreaterThan(1)
    expect(Math.max(...bases.map((b) => fs.statSync(logFile(dir, b)).size))).toBeGreaterThan(2 * 1024 * 1024)
    makeUnclean(dir, 0)
    const again = await Log.open(dir, opts)
    try {
      expect(again.recovery).toMatchObject({ clean: false, segmentsScanned: bases.length, bytesTruncated: 0, segmentsDeleted: 0 })
      expect(again.logEndOffset).toBe(written.length)
      const all = await readAll(again)
      expect(all.length).toBe(written.length)
      all.forEach((r, i) => {
        expect(r.offset).toBe(i)
        const want = written[i]!
        if (want.value === null ? r.value !== null : !want.value.equals(r.value!)) expect.fail(`value of offset ${i}`)
        if (want.key === null ? r.key !== null : !want.key.equals(r.key!)) expect.fail(`key of offset ${i}`)
      })
    } finally {
      await again.close()
    }
  })

  it('3. a corrupt middle segment causes neither skipped nor stale offsets', async () => {
    const dir = dirs.make()
    const opts: LogOptions = { fsync: 'never', segmentBytes: 1024 }
    let log = await Log.open(dir, opts)
    await appendNamed(log, 'old', 60, 100)
    await log.close()
    const bases = listLogBases(dir)
    expect(bases.length).toBeGreaterThan(4)
    const middle = bases[2]!
    makeUnclean(dir, 0)
    // Corrupt the first batch of the middle segment (a byte inside its records).
    const file = logFile(dir, middle)
    const bytes = fs.readFileSync(file)
    bytes[70] = bytes[70]! ^ 0xff
    fs.writeFileSync(file, bytes)

    log = await Log.open(dir, opts)
    try {
      expect(log.recovery!.segmentsDeleted).toBe(bases.length - 3)
      expect(log.logEndOffset).toBe(middle)
      await appendNamed(log, 'new', 40, 100)
      const all = await readAll(log)
      // Contiguous offsets; every record below the corruption point is old, every one above is new.
      expect(all.map((r) => r.offset)).toEqual(Array.from({ length: middle + 40 }, (_, i) => i))
      expect(text(all).map((v) => v?.replace(/\.+$/, ''))).toEqual(all.map((r) => `${r.offset < middle ? 'old' : 'new'}-${r.offset}`))
      // Readers that start inside the rewritten range see new records only.
      for (const from of [middle, middle + 1, middle + 17, middle + 39]) {
        expect(text(await log.reader({ from }).read({ maxRecords: 1 }))[0]?.replace(/\.+$/, '')).toBe(`new-${from}`)
      }
    } finally {
      await log.close()
    }
  })

  describe('4. a batch larger than maxBytes is still fetched whole', () => {
    it('read({ maxBytes: 1 }) returns the first batch whole, batch after batch', async () => {
      const dir = dirs.make()
      const log = await Log.open(dir, { fsync: 'never' })
      try {
        const w = await log.writer()
        const big = (c: number): Buffer => Buffer.alloc(10 * 1024, c)
        await w.append([{ value: big(1) }, { value: big(2) }, { value: big(3) }])
        await w.append({ value: big(4) })
        const r = log.reader({ from: 0 })
        const first = await r.read({ maxBytes: 1 })
        expect(first.map((x) => x.offset)).toEqual([0, 1, 2])
        expect(first.every((x, i) => x.value!.equals(big(i + 1)))).toBe(true)
        expect((await r.read({ maxBytes: 1 })).map((x) => x.offset)).toEqual([3])
        expect(await r.read({ maxBytes: 1 })).toEqual([])
        // Starting inside a batch returns the rest of it.
        expect((await log.reader({ from: 1 }).read({ maxBytes: 1 })).map((x) => x.offset)).toEqual([1, 2])
        // The iterator with a tiny chunk size reads everything too.
        const it: number[] = []
        for await (const x of log.reader({ from: 0, maxBytes: 1 })) it.push(x.offset)
        expect(it).toEqual([0, 1, 2, 3])
      } finally {
        await log.close()
      }
    })

    it('a 3 MiB batch is returned whole by a default read (1 MiB), from the active and from a sealed segment', async () => {
      const dir = dirs.make()
      const opts: LogOptions = { fsync: 'never', maxBatchBytes: 4 * 1024 * 1024, segmentBytes: 4 * 1024 * 1024 }
      const huge = Buffer.alloc(3 * 1024 * 1024)
      for (let i = 0; i < huge.length; i += 4) huge.writeUInt32BE(i, i)
      let log = await Log.open(dir, opts)
      try {
        const w = await log.writer()
        await w.append({ value: 'small' })
        await w.append({ value: huge })
        const r = log.reader({ from: 1 })
        const got = await r.read()
        expect(got).toHaveLength(1)
        expect(got[0]!.value!.equals(huge)).toBe(true)
        await w.append({ value: huge }) // rolls: the first huge batch is now in a sealed segment
        expect(listLogBases(dir).length).toBe(2)
      } finally {
        await log.close()
      }
      log = await Log.open(dir, opts)
      try {
        for (const from of [1, 2]) {
          const got = await log.reader({ from }).read()
          expect(got.map((x) => x.offset)).toEqual([from])
          expect(got[0]!.value!.equals(huge)).toBe(true)
        }
      } finally {
        await log.close()
      }
    })
  })

  describe('5. reads far from the tail seek through the index instead of walking the segment', () => {
    /**
     * Bytes and calls of `fs.read` and `fs.readSync` (behind every positional read: small ones are
     * synchronous, larger ones on the thread pool) during `fn`.
     */
    async function measureReads(fn: () => Promise<unknown>): Promise<{ bytes: number; calls: number }> {
      let bytes = 0
      let calls = 0
      const read = fs.read
      const readSync = fs.readSync
      const spy = vi.spyOn(fs, 'read').mockImplementation(((...args: unknown[]) => {
        calls++
        bytes += args[3] as number // (fd, buffer, offset, length, position, callback)
        return (read as (...a: unknown[]) => void)(...args)
      }) as typeof fs.read)
      const spySync = vi.spyOn(fs, 'readSync').mockImplementation(((...args: unknown[]) => {
        calls++
        bytes += args[3] as number // (fd, buffer, offset, length, position)
        return (readSync as (...a: unknown[]) => number)(...args)
      }) as typeof fs.readSync)
      try {
        await fn()
      } finally {
        spy.mockRestore()
        spySync.mockRestore()
      }
      return { bytes, calls }
    }

    it.each([
      ['the active segment (in-memory index)', false, false],
      ['a sealed segment (mapped index)', true, false],
      ['a segment loaded by a clean reopen', true, true],
    ])('in %s', async (_what, roll, reopen) => {
      const dir = dirs.make()
      const opts: LogOptions = { fsync: 'never', indexIntervalBytes: 4096, segmentBytes: 64 * 1024 * 1024 }
      let log = await Log.open(dir, opts)
      const w = await log.writer()
      const records = Array.from({ length: 8 }, (_, i) => ({ value: Buffer.alloc(40, i) }))
      for (let i = 0; i < 6000; i++) await w.append(records) // 6000 batches, 48,000 offsets, ~3 MiB
      const total = log.logEndOffset
      await w.close()
      if (roll) {
        // Force a roll by lowering segmentBytes for a second session.
        await log.close()
        log = await Log.open(dir, { ...opts, segmentBytes: 1024 })
        const w2 = await log.writer()
        await w2.append({ value: 'next segment' })
        await w2.close()
        expect(listLogBases(dir).length).toBe(2)
      }
      if (reopen) {
        await log.close()
        log = await Log.open(dir, opts)
      }
      try {
        const segmentSize = fs.statSync(logFile(dir, 0)).size
        expect(segmentSize).toBeGreaterThan(2 * 1024 * 1024)
        // A view reads with `pread`s the spy sees; the owner walks and copies out of its mapping of
        // the `.log` (read/fetch.ts), so it reads at most what a view does (nothing, when mapped).
        const view = await Log.open(dir, { readOnly: true })
        try {
          for (const [who, reading, mustRead] of [
            ['view', view, true],
            ['owner', log, false],
          ] as const) {
            for (const from of [8, 800, 20_000, 40_003, total - 9]) {
              let got: LogRecord[] = []
              const m = await measureReads(async () => {
                got = await reading.reader({ from }).read({ maxBytes: 1 })
              })
              expect(got[0]?.offset, `${who}, from ${from}`).toBe(from)
              if (mustRead) expect(m.calls, 'the spy sees the reads').toBeGreaterThan(0)
              // One index lookup, then one header-scan chunk (16 KiB) and the batch itself: never the segment.
              expect(m.bytes, `${who}: bytes read to serve offset ${from}`).toBeLessThanOrEqual(4 * 4096 + 16 * 1024 + 1024)
              // (A view's first read also loads what it needs of the segment's files: a read or two more.)
              expect(m.calls, `${who}: fs.read calls to serve offset ${from}`).toBeLessThanOrEqual(who === 'view' ? 6 : 4)
            }
          }
        } finally {
          await view.close()
        }
      } finally {
        await log.close()
      }
    })
  })

  describe('6. no file descriptor is closed twice', () => {
    /**
     * Watches `fs.openSync` / `fs.closeSync`: a close of a descriptor that was already closed (and not
     * handed out again by `openSync` since) is a double close; so is a close that fails with EBADF.
     */
    function watchDescriptors(dir: string) {
      const open = new Map<number, string>()
      const closed = new Set<number>()
      const doubleCloses: string[] = []
      let opens = 0
      const openSync = fs.openSync
      const closeSync = fs.closeSync
      vi.spyOn(fs, 'openSync').mockImplementation((...args: Parameters<typeof fs.openSync>) => {
        const fd = openSync(...args)
        open.set(fd, String(args[0]))
        if (String(args[0]).startsWith(dir)) opens++
        closed.delete(fd)
        return fd
      })
      vi.spyOn(fs, 'closeSync').mockImplementation((fd: number) => {
        if (closed.has(fd)) doubleCloses.push(`fd ${fd} closed again\n${new Error().stack}`)
        try {
          closeSync(fd)
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EBADF') doubleCloses.push(`fd ${fd} EBADF\n${new Error().stack}`)
          throw err
        }
        closed.add(fd)
        open.delete(fd)
      })
      return {
        /** How many files of `dir` were opened through the spy (proves the spy is in the library's path). */
        opened: () => opens,
        doubleCloses,
        /** Descriptors opened on files of `dir` that are still open. */
        leaked: () => [...open.values()].filter((p) => p.startsWith(dir)),
      }
    }

    it('across open, append, roll, retention, truncation, reader views, recovery and double closes', async () => {
      const dir = dirs.make()
      const fds = watchDescriptors(dir)
      // The watcher itself catches a double close.
      const probe = fs.openSync(path.join(dir, 'probe'), 'w')
      fs.closeSync(probe)
      expect(() => fs.closeSync(probe)).toThrow()
      expect(fds.doubleCloses).toHaveLength(2) // seen as closed before, and EBADF
      fds.doubleCloses.length = 0
      fs.rmSync(path.join(dir, 'probe'))
      const opts: LogOptions = { fsync: 'always', segmentBytes: 1024, indexIntervalBytes: 64, retentionBytes: 8 * 1024 }

      let log = await Log.open(dir, opts)
      let w = await log.writer()
      for (let i = 0; i < 120; i++) await w.append({ value: `v${i}`.padEnd(90, '.') }) // many rolls, retention after each
      expect(log.logStartOffset).toBeGreaterThan(0)
      // A read in flight while retention deletes its segment.
      const reader = log.reader({ from: log.logStartOffset, onOutOfRange: 'earliest' })
      const inFlight = reader.read({ maxBytes: 1 })
      await w.enforceRetention()
      await inFlight
      // Truncation into a sealed segment (unseal), then inside the active one.
      const bases = listLogBases(dir)
      await w.truncateTo(bases[bases.length - 3]! + 1)
      await w.append({ value: 'after truncation' })
      await w.truncateTo(log.logEndOffset - 1)
      await w.close()
      await w.close()
      await reader.close()
      await reader.close()
      // A second Log on the same directory in this process is a view with its own read-only segments.
      const view = await Log.open(dir, opts)
      let viewed = 0
      for await (const r of view.reader({ from: 'earliest' })) expect(r.offset).toBe(log.logStartOffset + viewed++)
      expect(viewed).toBe(log.logEndOffset - log.logStartOffset)
      await view.close()
      await view.close()
      await log.close()
      await log.close()

      // A clean reopen, then an unclean one whose recovery truncates a middle segment and deletes later ones.
      log = await Log.open(dir, opts)
      w = await log.writer()
      for (let i = 0; i < 30; i++) await w.append({ value: `w${i}`.padEnd(90, '.') })
      await log.close()
      const now = listLogBases(dir)
      makeUnclean(dir, 0)
      fs.truncateSync(logFile(dir, now[now.length - 3]!), 100) // a torn middle segment
      log = await Log.open(dir, opts)
      expect(log.recovery!.segmentsDeleted).toBe(2)
      await Promise.all([log.close(), log.close()])
      await log.close()

      expect(fds.opened(), 'the spy sees the library open its files').toBeGreaterThan(100)
      expect(fds.doubleCloses).toEqual([])
      expect(fds.leaked()).toEqual([])
    })
  })
})
