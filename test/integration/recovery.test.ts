/**
 * Recovery on real files (Kafka's LogLoader / LogSegment.recover): torn tails and garbage are cut
 * back to the last whole batch and reported; a clean reopen reads no segment data; corruption above
 * the recovery point truncates there and drops later segments; corruption below it is reported by
 * reads with KLOG_CORRUPT_SEGMENT and never skipped; missing indexes are rebuilt; leftovers of
 * interrupted deletions and atomic writes are removed.
 *
 * An unclean shutdown is produced deterministically: close cleanly, then delete the clean-shutdown
 * marker (and, where the test needs it, rewrite the recovery-point checkpoint).
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Log, LogError, type LogOptions, type LogRecord } from '../../src/index.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { mulberry32 } from '../helpers/random.js'
import { codeOf } from '../helpers/errors.js'
import { makeUnclean, readAll, segmentPath } from '../helpers/logs.js'
import { listLogBases, segmentFileName } from '../helpers/segment-files.js'

// ------------------------------------------------------------------ helpers

const logFile = (dir: string, base: number): string => segmentPath(dir, base, 'log')
const indexFile = (dir: string, base: number): string => segmentPath(dir, base, 'index')
const timeIndexFile = (dir: string, base: number): string => segmentPath(dir, base, 'timeindex')

interface BatchInfo {
  position: number
  size: number
  baseOffset: number
  lastOffset: number
}

/** The batches of a `.log` file, parsed from the raw bytes (bounds only, no validation). */
function batchesOf(file: string): BatchInfo[] {
  const buf = fs.readFileSync(file)
  const out: BatchInfo[] = []
  let pos = 0
  while (pos + 61 <= buf.length) {
    const size = 12 + buf.readInt32BE(pos + 8)
    const baseOffset = Number(buf.readBigInt64BE(pos))
    out.push({ position: pos, size, baseOffset, lastOffset: baseOffset + buf.readInt32BE(pos + 23) })
    pos += size
  }
  return out
}

function flipByte(file: string, position: number): void {
  const fd = fs.openSync(file, 'r+')
  try {
    const b = Buffer.alloc(1)
    fs.readSync(fd, b, 0, 1, position)
    b[0] = b[0]! ^ 0x5a
    fs.writeSync(fd, b, 0, 1, position)
  } finally {
    fs.closeSync(fd)
  }
}

/** Writes `appends` appends of 1–3 records with seeded mixed-size values; returns the values by offset. */
async function buildLog(dir: string, options: LogOptions, appends: number, seed: number): Promise<Buffer[]> {
  const rand = mulberry32(seed)
  const values: Buffer[] = []
  const log = await Log.open(dir, { fsync: 'never', ...options })
  try {
    const w = await log.writer()
    for (let a = 0; a < appends; a++) {
      const n = 1 + Math.floor(rand() * 3)
      const batch: Buffer[] = []
      for (let i = 0; i < n; i++) {
        const v = Buffer.alloc(5 + Math.floor(rand() * 120))
        for (let j = 0; j < v.length; j++) v[j] = Math.floor(rand() * 256)
        v.writeUInt32BE(values.length + i, 0) // every value also names its offset
        batch.push(v)
      }
      const r = await w.append(batch.map((value) => ({ value })))
      expect(r.baseOffset).toBe(values.length)
      values.push(...batch)
    }
  } finally {
    await log.close()
  }
  return values
}

function expectRecords(records: LogRecord[], values: Buffer[], from = 0): void {
  expect(records.map((r) => r.offset)).toEqual(values.map((_, i) => from + i))
  for (let i = 0; i < records.length; i++) {
    if (!records[i]!.value!.equals(values[i]!)) expect.fail(`record ${records[i]!.offset} has the wrong value`)
  }
}

function copyDir(from: string, to: string): void {
  fs.rmSync(to, { recursive: true, force: true })
  fs.cpSync(from, to, { recursive: true })
  // A copied lock or state file would belong to nobody; the sources here are closed logs anyway.
}

// ------------------------------------------------------------------ tests

describe('recovery: torn tails and garbage', () => {
  const dirs = useTempDirs()
  const OPTS: LogOptions = { indexIntervalBytes: 64 }

  it('a cut at every byte inside the last batch truncates exactly to the previous batch and rebuilds the index', async () => {
    const pristine = dirs.make()
    const values = await buildLog(pristine, OPTS, 14, 11)
    const batches = batchesOf(logFile(pristine, 0))
    const last = batches[batches.length - 1]!
    expect(last.size).toBeGreaterThan(61)
    const kept = values.slice(0, last.baseOffset)
    // The index recovery must produce: Kafka's sparse rule over the kept batches, i.e. the original
    // entries that point below the cut batch.
    const fullIndex = fs.readFileSync(indexFile(pristine, 0))
    const entries: Buffer[] = []
    for (let p = 0; p < fullIndex.length; p += 8)
      if (fullIndex.readInt32BE(p + 4) < last.position) entries.push(fullIndex.subarray(p, p + 8))
    const expectedIndex = Buffer.concat(entries)
    expect(entries.length).toBeGreaterThan(2)

    const work = path.join(dirs.make(), 'log')
    for (let cut = last.position + 1; cut < last.position + last.size; cut++) {
      copyDir(pristine, work)
      makeUnclean(work)
      fs.truncateSync(logFile(work, 0), cut)
      const log = await Log.open(work, OPTS)
      try {
        const report = log.recovery!
        expect({ ...report, cut }).toMatchObject({
          clean: false,
          segmentsScanned: 1,
          bytesTruncated: cut - last.position,
          indexesRebuilt: 1,
          segmentsDeleted: 0,
          cut,
        })
        expect(log.logEndOffset).toBe(last.baseOffset)
        expect(fs.statSync(logFile(work, 0)).size).toBe(last.position)
        expect(fs.readFileSync(indexFile(work, 0)).equals(expectedIndex), `index after a cut at ${cut}`).toBe(true)
        if (cut === last.position + 1 || cut === last.position + last.size - 1) expectRecords(await readAll(log), kept)
        const w = await log.writer()
        expect(await w.append({ value: 'after' })).toEqual({ baseOffset: last.baseOffset, lastOffset: last.baseOffset })
      } finally {
        await log.close()
      }
    }
    // Spot-check a full read after the append on the last iteration's files.
    const log = await Log.open(work, OPTS)
    try {
      const all = await readAll(log)
      expectRecords(all.slice(0, -1), kept)
      expect(all[all.length - 1]!.value!.toString()).toBe('after')
    } finally {
      await log.close()
    }
  })

  it('garbage after the last batch (random bytes, zeros, a bad-CRC copy, a replayed batch) is cut and reported', async () => {
    const pristine = dirs.make()
    const values = await buildLog(pristine, OPTS, 6, 12)
    const file0 = logFile(pristine, 0)
    const size = fs.statSync(file0).size
    const batches = batchesOf(file0)
    const lastBytes = fs.readFileSync(file0).subarray(batches[batches.length - 1]!.position)
    const badCrc = Buffer.from(lastBytes)
    badCrc[lastBytes.length - 1] = badCrc[lastBytes.length - 1]! ^ 1
    const rand = mulberry32(99)
    const randomBytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256)))
    const garbage: [string, Buffer][] = [
      ...[1, 7, 11, 12, 16, 17, 60, 61, 200, 4096].map((n): [string, Buffer] => [`${n} zero bytes`, Buffer.alloc(n)]),
      ...[1, 13, 61, 97, 500].map((n): [string, Buffer] => [`${n} random bytes`, randomBytes(n)]),
      ['a copy of the last batch with a bad CRC', badCrc],
      ['a replay of the last batch (valid CRC, offsets going backwards)', lastBytes],
    ]
    const work = path.join(dirs.make(), 'log')
    for (const [what, bytes] of garbage) {
      copyDir(pristine, work)
      makeUnclean(work)
      fs.appendFileSync(logFile(work, 0), bytes)
      const log = await Log.open(work, OPTS)
      try {
        expect(log.recovery, what).toMatchObject({ clean: false, bytesTruncated: bytes.length, segmentsDeleted: 0 })
        expect(fs.statSync(logFile(work, 0)).size, what).toBe(size)
        expect(log.logEndOffset, what).toBe(values.length)
        expectRecords(await readAll(log), values)
      } finally {
        await log.close()
      }
    }
  })

  it('an unclean open with nothing damaged scans, truncates nothing and keeps every record', async () => {
    const dir = dirs.make()
    const values = await buildLog(dir, { ...OPTS, segmentBytes: 2048 }, 40, 13)
    const bases = listLogBases(dir)
    expect(bases.length).toBeGreaterThan(3)
    const indexes = bases.map((b) => fs.readFileSync(indexFile(dir, b)))
    makeUnclean(dir, 0)
    const log = await Log.open(dir, { ...OPTS, segmentBytes: 2048 })
    try {
      expect(log.recovery).toEqual({
        clean: false,
        created: false,
        segmentsScanned: bases.length,
        bytesTruncated: 0,
        indexesRebuilt: bases.length,
        segmentsDeleted: 0,
        recoveryPoint: 0,
        repairs: [],
      })
      expectRecords(await readAll(log), values)
      // Rebuilt indexes are byte-identical to the ones the writer produced.
      bases.forEach((b, i) => expect(fs.readFileSync(indexFile(dir, b)).equals(indexes[i]!), `index of ${b}`).toBe(true))
    } finally {
      await log.close()
    }
  })
})

describe('recovery: a clean reopen', () => {
  const dirs = useTempDirs()
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('reports clean, scans nothing and reads no segment data', async () => {
    const dir = dirs.make()
    const values = await buildLog(dir, { segmentBytes: 2048, indexIntervalBytes: 64 }, 40, 21)
    expect(listLogBases(dir).length).toBeGreaterThan(3)

    const logFds = new Set<number>()
    const segmentReads: string[] = []
    const openSync = fs.openSync
    vi.spyOn(fs, 'openSync').mockImplementation((...args: Parameters<typeof fs.openSync>) => {
      const fd = openSync(...args)
      if (String(args[0]).endsWith('.log')) logFds.add(fd)
      return fd
    })
    const readSync = fs.readSync
    vi.spyOn(fs, 'readSync').mockImplementation(((fd: number, ...rest: unknown[]) => {
      if (logFds.has(fd)) segmentReads.push(`readSync(${fd})`)
      return (readSync as (...a: unknown[]) => number)(fd, ...rest)
    }) as typeof fs.readSync)
    const read = fs.read
    vi.spyOn(fs, 'read').mockImplementation(((fd: number, ...rest: unknown[]) => {
      if (logFds.has(fd)) segmentReads.push(`read(${fd})`)
      return (read as (...a: unknown[]) => void)(fd, ...rest)
    }) as typeof fs.read)
    const readFileSync = fs.readFileSync
    vi.spyOn(fs, 'readFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
      if (String(file).endsWith('.log')) segmentReads.push(`readFileSync(${String(file)})`)
      return (readFileSync as (...a: unknown[]) => unknown)(file, ...rest)
    }) as typeof fs.readFileSync)

    const log = await Log.open(dir, { segmentBytes: 2048, indexIntervalBytes: 64 })
    try {
      expect(log.recovery).toMatchObject({ clean: true, segmentsScanned: 0, bytesTruncated: 0, indexesRebuilt: 0, segmentsDeleted: 0 })
      expect(log.logEndOffset).toBe(values.length)
      expect(logFds.size).toBeGreaterThan(0) // the spy sees the segment files being opened
      expect(segmentReads).toEqual([])
      vi.restoreAllMocks()
      expectRecords(await readAll(log), values)
    } finally {
      await log.close()
    }
  })
})

describe('recovery: corruption', () => {
  const dirs = useTempDirs()
  const OPTS: LogOptions = { segmentBytes: 2048, indexIntervalBytes: 64 }

  /** A multi-segment log and the batch at index `batchInSegment` of its `segment`-th segment. */
  async function corruptible(seed: number, segment: number, batchInSegment: number) {
    const dir = dirs.make()
    const values = await buildLog(dir, OPTS, 60, seed)
    const bases = listLogBases(dir)
    expect(bases.length).toBeGreaterThanOrEqual(segment + 3)
    const base = bases[segment]!
    const batches = batchesOf(logFile(dir, base))
    expect(batches.length).toBeGreaterThan(batchInSegment + 1)
    const damaged = batches[batchInSegment]!
    return { dir, values, bases, base, damaged, segmentSize: fs.statSync(logFile(dir, base)).size }
  }

  it.each([
    ['the first batch', 0],
    ['a later batch', 2],
  ])(
    'above the recovery point (%s of a middle segment): truncated there, later segments deleted, appends continue without stale offsets',
    async (_what, batchInSegment) => {
      const { dir, values, bases, base, damaged, segmentSize } = await corruptible(31 + batchInSegment, 2, batchInSegment)
      makeUnclean(dir, 0)
      flipByte(logFile(dir, base), damaged.position + 61 + 3) // inside the records: the CRC no longer matches
      const later = bases.slice(3)

      const log = await Log.open(dir, OPTS)
      try {
        expect(log.recovery).toEqual({
          clean: false,
          created: false,
          segmentsScanned: 3,
          bytesTruncated: segmentSize - damaged.position,
          indexesRebuilt: 3,
          segmentsDeleted: later.length,
          recoveryPoint: 0,
          repairs: [],
        })
        expect(log.logEndOffset).toBe(damaged.baseOffset)
        expect(log.highWatermark).toBe(damaged.baseOffset)
        expect(listLogBases(dir)).toEqual(bases.slice(0, 3))
        for (const b of later) {
          for (const f of [logFile(dir, b), indexFile(dir, b), timeIndexFile(dir, b)]) expect(fs.existsSync(f), f).toBe(false)
        }
        expect(fs.statSync(logFile(dir, base)).size).toBe(damaged.position)
        expectRecords(await readAll(log), values.slice(0, damaged.baseOffset))

        const w = await log.writer()
        const fresh = Array.from({ length: 30 }, (_, i) => Buffer.from(`fresh-${i}`.padEnd(90, '.')))
        for (const value of fresh) await w.append({ value })
        const all = await readAll(log)
        expectRecords(all, [...values.slice(0, damaged.baseOffset), ...fresh])
        // A reader positioned where the old, deleted offsets were sees only the new records.
        expectRecords(await readAll(log, damaged.baseOffset + 5), fresh.slice(5), damaged.baseOffset + 5)
      } finally {
        await log.close()
      }
      // And the same after a clean reopen.
      const again = await Log.open(dir, OPTS)
      try {
        expect(again.recovery?.clean).toBe(true)
        expect(again.logEndOffset).toBe(damaged.baseOffset + 30)
        expect((await readAll(again)).map((r) => r.offset)).toEqual(Array.from({ length: damaged.baseOffset + 30 }, (_, i) => i))
      } finally {
        await again.close()
      }
    },
  )

  it('a reader that outlived the writer is told when recovery cut records it had read, and reads the new files', async () => {
    const { dir, values, base, damaged } = await corruptible(47, 2, 1)
    // A read-only view (as in another process) reads everything the first writer published.
    const view = await Log.open(dir, { readOnly: true })
    try {
      const reader = view.reader({ from: 0, onOutOfRange: 'error' })
      let seen = 0
      for (let got = await reader.read(); got.length > 0; got = await reader.read()) seen += got.length
      expect(seen).toBe(values.length)

      makeUnclean(dir, 0)
      flipByte(logFile(dir, base), damaged.position + 61 + 3)
      const log = await Log.open(dir, OPTS) // recovery cuts at the damaged batch, deletes later segments
      const fresh = Array.from({ length: values.length }, (_, i) => Buffer.from(`fresh-${i}`.padEnd(90, '.')))
      try {
        expect(log.logEndOffset).toBe(damaged.baseOffset)
        const w = await log.writer()
        for (const value of fresh) await w.append({ value }) // refills past the old end, reusing base offsets
        expect(log.highWatermark).toBeGreaterThan(values.length)

        // The old reader's position was cut: an error, not the new records at reused offsets.
        await expect(reader.read()).rejects.toMatchObject({ code: 'KLOG_OFFSET_OUT_OF_RANGE' })
        // A new reader on the same view sees the new history, through the new files.
        expectRecords(await readAll(view), [...values.slice(0, damaged.baseOffset), ...fresh])
      } finally {
        await log.close()
      }
    } finally {
      await view.close()
    }
  })

  const belowVariants = [
    ['an unclean open (recovery point = log end)', 'unclean'],
    ['a clean open', 'clean'],
    ['an unclean open with the recovery point in the next segment', 'checkpoint'],
  ] as const

  it.each(belowVariants)(
    'below the recovery point, after %s: reads through the damage reject KLOG_CORRUPT_SEGMENT and never skip it',
    async (_what, variant) => {
      const { dir, values, bases, base, damaged } = await corruptible(41, 2, 2)
      if (variant === 'unclean') makeUnclean(dir)
      if (variant === 'checkpoint') makeUnclean(dir, bases[3]! + 1)
      flipByte(logFile(dir, base), damaged.position + 61 + 3)

      const log = await Log.open(dir, OPTS)
      try {
        const report = log.recovery!
        expect(report.bytesTruncated).toBe(0)
        expect(report.segmentsDeleted).toBe(0)
        expect(report.segmentsScanned).toBe(variant === 'clean' ? 0 : variant === 'unclean' ? 1 : bases.length - 3)
        expect(log.logEndOffset).toBe(values.length)

        // Reads before the damaged batch work (bounded by maxRecords so they stop short of it).
        const before = log.reader({ from: 0 })
        const got: LogRecord[] = []
        while (got.length < damaged.baseOffset) got.push(...(await before.read({ maxRecords: damaged.baseOffset - got.length })))
        expectRecords(got, values.slice(0, damaged.baseOffset))
        // The damaged batch itself: rejected, and rejected again: the reader does not move past it.
        const e1 = await before.read().catch((e: unknown) => e)
        expect(e1).toBeInstanceOf(LogError)
        expect((e1 as LogError).code).toBe('KLOG_CORRUPT_SEGMENT')
        expect(before.position).toBe(damaged.baseOffset)
        expect(await codeOf(before.read({ maxBytes: 1 }))).toBe('KLOG_CORRUPT_SEGMENT')
        expect(before.position).toBe(damaged.baseOffset)
        for (let o = damaged.baseOffset; o <= damaged.lastOffset; o++) {
          expect(await codeOf(log.reader({ from: o }).read()), `from ${o}`).toBe('KLOG_CORRUPT_SEGMENT')
        }

        // Iterating from the start never yields an offset at or past the damage.
        const seen: number[] = []
        const err = await (async () => {
          for await (const r of log.reader({ from: 0 })) seen.push(r.offset)
        })().catch((e: unknown) => e)
        expect((err as LogError).code).toBe('KLOG_CORRUPT_SEGMENT')
        expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i))
        expect(seen.length).toBeLessThanOrEqual(damaged.baseOffset)

        // Reads after the damaged batch work, to the end of the log.
        expectRecords(await readAll(log, damaged.lastOffset + 1), values.slice(damaged.lastOffset + 1), damaged.lastOffset + 1)

        // Appends still work and are readable.
        const w = await log.writer()
        expect(await w.append({ value: 'tail' })).toEqual({ baseOffset: values.length, lastOffset: values.length })
        expect((await readAll(log, values.length)).map((r) => r.value?.toString())).toEqual(['tail'])
      } finally {
        await log.close()
      }
    },
  )

  it('below the recovery point: an iterating reader delivers every intact record before the damaged batch, then rejects', async () => {
    // Kafka's consumer hands out the records of a fetch that precede a corrupt batch and raises the
    // error when it reaches it; a reader here should not lose the intact prefix of the segment.
    const { dir, values, base, damaged } = await corruptible(41, 2, 2)
    flipByte(logFile(dir, base), damaged.position + 61 + 3)
    const log = await Log.open(dir, OPTS)
    try {
      const seen: LogRecord[] = []
      const err = await (async () => {
        for await (const r of log.reader({ from: 0 })) seen.push(r)
      })().catch((e: unknown) => e)
      expect((err as LogError).code).toBe('KLOG_CORRUPT_SEGMENT')
      expectRecords(seen, values.slice(0, damaged.baseOffset))
    } finally {
      await log.close()
    }
  })
})

describe('recovery: indexes and leftovers', () => {
  const dirs = useTempDirs()
  const OPTS: LogOptions = { segmentBytes: 2048, indexIntervalBytes: 64 }

  it.each([
    ['a sealed segment, clean open', 1, false],
    ['a sealed segment, unclean open below the recovery point', 1, true],
    ['the active segment, clean open', -1, false],
  ] as const)('a missing .index and .timeindex of %s are rebuilt', async (_what, which, unclean) => {
    const dir = dirs.make()
    const values = await buildLog(dir, OPTS, 40, 51)
    const bases = listLogBases(dir)
    const base = which < 0 ? bases[bases.length - 1]! : bases[which]!
    const index = fs.readFileSync(indexFile(dir, base))
    expect(index.length).toBeGreaterThan(0)
    fs.rmSync(indexFile(dir, base))
    fs.rmSync(timeIndexFile(dir, base))
    if (unclean) makeUnclean(dir)

    const log = await Log.open(dir, OPTS)
    try {
      expect(fs.readFileSync(indexFile(dir, base)).equals(index), 'the rebuilt .index equals the original').toBe(true)
      expect(log.recovery!.indexesRebuilt).toBeGreaterThanOrEqual(1)
      expect(fs.statSync(timeIndexFile(dir, base)).size).toBeGreaterThan(0)
      expectRecords(await readAll(log), values)
    } finally {
      await log.close()
    }
  })

  it('removes .deleted and .tmp leftovers and orphaned indexes at open, and keeps the segments', async () => {
    const dir = dirs.make()
    const values = await buildLog(dir, OPTS, 20, 61)
    const bases = listLogBases(dir)
    const leftovers = [
      `${segmentFileName(0, 'log')}.deleted`,
      `${segmentFileName(0, 'index')}.deleted`,
      `${segmentFileName(0, 'timeindex')}.deleted`,
      `${segmentFileName(9000, 'log')}.deleted`,
      'recovery-point-offset-checkpoint.tmp',
      'log-start-offset-checkpoint.tmp',
      '.kafka_cleanshutdown.tmp',
      `${segmentFileName(9999, 'index')}`,
      `${segmentFileName(9999, 'timeindex')}`,
    ]
    for (const name of leftovers) fs.writeFileSync(path.join(dir, name), 'leftover')
    const before = bases.map((b) => fs.readFileSync(logFile(dir, b)))
    for (const unclean of [false, true]) {
      if (unclean) {
        for (const name of leftovers) fs.writeFileSync(path.join(dir, name), 'leftover')
        makeUnclean(dir, 0)
      }
      const log = await Log.open(dir, OPTS)
      try {
        for (const name of leftovers) expect(fs.existsSync(path.join(dir, name)), name).toBe(false)
        expect(listLogBases(dir)).toEqual(bases)
        bases.forEach((b, i) => expect(fs.readFileSync(logFile(dir, b)).equals(before[i]!)).toBe(true))
        expect(log.recovery!.bytesTruncated).toBe(0)
        expectRecords(await readAll(log), values)
      } finally {
        await log.close()
      }
    }
  })
})
