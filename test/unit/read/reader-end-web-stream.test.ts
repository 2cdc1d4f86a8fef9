/**
 * Readers over a range `[from, end)` (`end`), and the Web `ReadableStream` of a reader
 * (`toWebStream`): its pull-based backpressure, cancel closing the reader, and its signal.
 */
import { setImmediate as tick } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { Log, type LogRecord } from '../../../src/index.js'
import { codeOf } from '../../helpers/errors.js'
import { useTempDirs } from '../../helpers/temp-dir.js'

const dirs = useTempDirs()

async function logWith(n: number, perAppend = n): Promise<Log> {
  const log = await Log.open(dirs.make(), { fsync: 'never', segmentBytes: 16 * 1024 })
  const w = await log.writer()
  for (let i = 0; i < n; i += perAppend) {
    await w.append(Array.from({ length: Math.min(perAppend, n - i) }, (_, j) => ({ value: `v${i + j}`.padEnd(20, '.') })))
  }
  await w.close()
  return log
}

const offsets = (rs: LogRecord[]): number[] => rs.map((r) => r.offset)

describe('reader end', () => {
  it('iteration and read() stop at end, inside a batch or across batches', async () => {
    for (const perAppend of [1, 3, 10]) {
      await using log = await logWith(10, perAppend)
      const got: number[] = []
      const reader = log.reader({ from: 2, end: 7, maxBytes: 1 })
      for await (const r of reader) got.push(r.offset)
      expect(got).toEqual([2, 3, 4, 5, 6])
      expect(reader.position).toBe(7)
      expect(reader.ended).toBe(true)
      expect(await reader.read()).toEqual([])
      const byRead = log.reader({ from: 0, end: 5 })
      const chunks: number[][] = []
      for (let rs = await byRead.read({ maxRecords: 2 }); rs.length > 0; rs = await byRead.read({ maxRecords: 2 })) chunks.push(offsets(rs))
      expect(chunks.flat()).toEqual([0, 1, 2, 3, 4])
      expect(byRead.position).toBe(5)
      // A seek back below end reads again; a reader whose end is at or below from reads nothing.
      byRead.seek(3)
      expect(byRead.ended).toBe(false)
      expect(offsets(await byRead.read())).toEqual([3, 4])
      expect(await log.reader({ from: 4, end: 4 }).read()).toEqual([])
    }
  })

  it('a follower with an end stops there instead of waiting', async () => {
    await using log = await logWith(3)
    const w = await log.writer()
    const reader = log.reader({ from: 1, end: 6, follow: true })
    const done = (async () => {
      const got: number[] = []
      for await (const r of reader) got.push(r.offset)
      return got
    })()
    await w.append([{ value: 'a' }, { value: 'b' }])
    await w.append([{ value: 'c' }, { value: 'd' }, { value: 'e' }])
    expect(await done).toEqual([1, 2, 3, 4, 5])
    expect(reader.position).toBe(6)
  })

  it('end past the high watermark ends a plain reader at the high watermark', async () => {
    await using log = await logWith(4)
    const reader = log.reader({ end: 100 })
    const got: number[] = []
    for await (const r of reader) got.push(r.offset)
    expect(got).toEqual([0, 1, 2, 3])
    expect(reader.ended).toBe(false)
  })

  it('checks end', async () => {
    await using log = await logWith(1)
    expect(() => log.reader({ end: -1 })).toThrow(RangeError)
    expect(() => log.reader({ end: 1.5 })).toThrow(RangeError)
    expect(() => log.reader({ end: '3' as unknown as number })).toThrow(TypeError)
  })
})

describe('reader.toWebStream()', () => {
  it('streams every record, ends at the high watermark (or end), and works with for await', async () => {
    await using log = await logWith(50, 7)
    const got: number[] = []
    for await (const r of log.reader().toWebStream()) got.push(r.offset)
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => i))
    const ranged: number[] = []
    for await (const r of log.reader({ from: 10, end: 13 }).toWebStream()) ranged.push(r.offset)
    expect(ranged).toEqual([10, 11, 12])
  })

  it('pulls only while its queue is below highWaterMark', async () => {
    await using log = await logWith(100)
    const reader = log.reader()
    const stream = reader.toWebStream({ highWaterMark: 2 })
    const r = stream.getReader()
    for (let i = 0; i < 20; i++) await tick()
    // Nothing consumed: at most highWaterMark records were taken from the reader.
    expect(reader.position).toBeLessThanOrEqual(2)
    expect((await r.read()).value?.offset).toBe(0)
    for (let i = 0; i < 20; i++) await tick()
    expect(reader.position).toBeLessThanOrEqual(3)
    await r.cancel()
  })

  it('cancel ends a waiting follower and closes the reader', async () => {
    await using log = await logWith(1)
    const reader = log.reader({ follow: true })
    const r = reader.toWebStream().getReader()
    expect((await r.read()).value?.offset).toBe(0)
    const pending = r.read()
    await r.cancel()
    expect((await pending).done).toBe(true)
    expect(await codeOf(reader.read())).toBe('KLOG_CLOSED')
    expect(log.stats().waitingReaders).toBe(0)
  })

  it("aborting signal errors the stream with the signal's reason and closes the reader", async () => {
    await using log = await logWith(1)
    const ac = new AbortController()
    const reader = log.reader({ follow: true })
    const r = reader.toWebStream({ signal: ac.signal }).getReader()
    expect((await r.read()).value?.offset).toBe(0)
    const pending = r.read()
    ac.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    expect(await codeOf(reader.read())).toBe('KLOG_CLOSED')
  })

  it('a failing reader errors the stream with its LogError', async () => {
    await using log = await logWith(3)
    const reader = log.reader({ from: 99 })
    const r = reader.toWebStream().getReader()
    await expect(r.read()).rejects.toMatchObject({ code: 'KLOG_OFFSET_OUT_OF_RANGE' })
  })

  it('checks options', async () => {
    await using log = await logWith(1)
    expect(() => log.reader().toWebStream({ highWaterMark: 0 })).toThrow(RangeError)
    expect(() => log.reader().toWebStream({ nope: 1 } as object)).toThrow(TypeError)
  })
})
