/**
 * LogReader positions: `position` is always the offset of the next record the caller gets, in every
 * way of reading, and a loop that ends early leaves the records it did not hand out for the next read.
 */
import { describe, expect, it } from 'vitest'
import { Log, type LogRecord } from '../../src/index.js'
import { codeOf } from '../helpers/errors.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs()

async function logWith(n: number, perAppend = n): Promise<Log> {
  const log = await Log.open(dirs.make(), { fsync: 'never' })
  const w = await log.writer()
  for (let i = 0; i < n; i += perAppend) {
    await w.append(Array.from({ length: Math.min(perAppend, n - i) }, (_, j) => ({ value: `v${i + j}` })))
  }
  await w.close()
  return log
}

const offsets = (rs: LogRecord[]): number[] => rs.map((r) => r.offset)

describe('reader.position', () => {
  it('moves with each record the loop body sees, not with the prefetched chunk', async () => {
    await using log = await logWith(10)
    const reader = log.reader()
    const seen: [number, number][] = []
    for await (const r of reader) seen.push([r.offset, reader.position])
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => [i, i + 1]))
    expect(reader.position).toBe(10)
  })

  it('break keeps the records not yet handed out for the next loop and the next read', async () => {
    await using log = await logWith(10)
    const reader = log.reader()
    const first: number[] = []
    for await (const r of reader) {
      first.push(r.offset)
      if (r.offset === 4) break
    }
    expect(first).toEqual([0, 1, 2, 3, 4])
    expect(reader.position).toBe(5)
    expect(offsets(await reader.read({ maxRecords: 2 }))).toEqual([5, 6])
    expect(reader.position).toBe(7)
    const rest: number[] = []
    for await (const r of reader) rest.push(r.offset)
    expect(rest).toEqual([7, 8, 9])
    expect(reader.position).toBe(10)
    expect(await reader.read()).toEqual([])
  })

  it('a record the loop threw on stays handed out; the next record is the next one', async () => {
    await using log = await logWith(6)
    const reader = log.reader()
    await expect(
      (async () => {
        for await (const r of reader) if (r.offset === 2) throw new Error('boom')
      })(),
    ).rejects.toThrow('boom')
    expect(reader.position).toBe(3)
    expect(offsets(await reader.read())).toEqual([3, 4, 5])
  })

  it('seek discards buffered records and starts exactly there', async () => {
    await using log = await logWith(10, 3)
    const reader = log.reader()
    for await (const r of reader) if (r.offset === 1) break
    reader.seek(8)
    expect(reader.position).toBe(8)
    expect(offsets(await reader.read())).toEqual([8, 9])
    reader.seek(0)
    const all: number[] = []
    for await (const r of reader) all.push(r.offset)
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('read() after break honours maxRecords over the buffered records', async () => {
    await using log = await logWith(10)
    const reader = log.reader()
    for await (const r of reader) if (r.offset === 0) break
    expect(offsets(await reader.read({ maxRecords: 1 }))).toEqual([1])
    expect(offsets(await reader.read({ maxRecords: 100 }))).toEqual([2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('buffered records cut by a truncation are not handed out: the out-of-range policy applies', async () => {
    await using log = await logWith(10, 1)
    const w = await log.writer()
    const reader = log.reader()
    for await (const r of reader) if (r.offset === 2) break
    expect(reader.position).toBe(3)
    await w.truncateTo(5)
    // Position 3 is below the cut: records 3 and 4 are still the log's, 5.. are gone.
    expect(offsets(await reader.read())).toEqual([3, 4])
    const cutting = log.reader()
    for await (const r of cutting) if (r.offset === 3) break
    await w.truncateTo(2)
    expect(await codeOf(cutting.read())).toBe('KLOG_OFFSET_OUT_OF_RANGE')
  })

  it('the next loop after break sees records appended meanwhile, after the buffered ones', async () => {
    await using log = await logWith(4)
    const w = await log.writer()
    const reader = log.reader()
    for await (const r of reader) if (r.offset === 1) break
    await w.append([{ value: 'x' }, { value: 'y' }])
    const rest: number[] = []
    for await (const r of reader) rest.push(r.offset)
    expect(rest).toEqual([2, 3, 4, 5])
  })
})
