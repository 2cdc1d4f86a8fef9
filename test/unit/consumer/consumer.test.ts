/**
 * Consumers: committing, reading back, resuming, listing, deleting; name and metadata validation; the
 * file format and its checksum; resuming after a truncation below the committed position (also across
 * a reopen) and after retention past it.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Log, LogError, type LogWriter } from '../../../src/index.js'
import { crc32c } from '../../../src/format/crc32c.js'
import { isConsumerName } from '../../../src/consumer/consumer.js'
import { readPositionsSync } from '../../../src/consumer/offset-store.js'
import { useTempDirs } from '../../helpers/temp-dir.js'
import { codeOf } from '../../helpers/errors.js'

const dirs = useTempDirs()

async function logWith(n: number, options = {}): Promise<{ log: Log; dir: string; w: LogWriter }> {
  const dir = dirs.make()
  const log = await Log.open(dir, options)
  const w = await log.writer()
  for (let i = 0; i < n; i++) await w.append({ value: `v${i}` })
  return { log, dir, w }
}

const offsets = (rs: { offset: number }[]): number[] => rs.map((r) => r.offset)

describe('consumer positions', () => {
  it('has nothing committed at first: committed undefined, lag from the log start, no listing, reader starts at `from`', async () => {
    const { log, dir } = await logWith(5)
    const c = log.consumer('billing')
    expect(c.name).toBe('billing')
    expect(await c.committed()).toBeUndefined()
    expect(await c.lag()).toBe(5)
    expect(await log.consumers()).toEqual([])
    expect((await c.reader({ from: 3 })).position).toBe(3)
    expect((await c.reader()).position).toBe(0)
    expect(fs.existsSync(path.join(dir, '.consumers'))).toBe(false)
    await log.close()
  })

  it('commits the position after the last record a reader handed out and resumes exactly there', async () => {
    const { log, dir } = await logWith(10)
    const c = log.consumer('billing')
    const r = await c.reader()
    expect(offsets(await r.read({ maxRecords: 4 }))).toEqual([0, 1, 2, 3])
    const before = Date.now()
    const committed = await c.commit(r, { metadata: 'host-a' })
    expect(committed).toMatchObject({ offset: 4, truncationEpoch: 0, metadata: 'host-a' })
    expect(committed.commitTimestamp).toBeGreaterThanOrEqual(before)
    expect(await c.committed()).toEqual(committed)
    expect(await c.lag()).toBe(6)
    expect(await log.consumers()).toEqual([{ name: 'billing', committed, lag: 6 }])
    // `from` is ignored once something is committed.
    const again = await log.consumer('billing').reader({ from: 'latest' })
    expect(again.position).toBe(4)
    expect(offsets(await again.read())).toEqual([4, 5, 6, 7, 8, 9])
    // Only the position file is left: no temp file.
    expect(fs.readdirSync(path.join(dir, '.consumers'))).toEqual(['billing'])
    await log.close()
  })

  it('survives a reopen, and commits plain offsets in the current history', async () => {
    const { log, dir } = await logWith(3)
    await log.consumer('a').commit(2)
    await log.consumer('b-1.x_y').commit(0, { metadata: 'é' })
    await log.close()
    const log2 = await Log.open(dir)
    const list = await log2.consumers()
    expect(list.map((e) => [e.name, e.committed?.offset, e.committed?.metadata, e.lag])).toEqual([
      ['a', 2, '', 1],
      ['b-1.x_y', 0, 'é', 3],
    ])
    // A committed offset past the high watermark has no lag (never negative).
    await log2.consumer('a').commit(50)
    expect(await log2.consumer('a').lag()).toBe(0)
    await log2.close()
  })

  it('writes the documented file: a header with the CRC-32C of the JSON line', async () => {
    const { log, dir } = await logWith(1)
    const { commitTimestamp } = await log.consumer('x').commit(1, { metadata: 'm' })
    const bytes = fs.readFileSync(path.join(dir, '.consumers', 'x'))
    const body = `{"name":"x","offset":1,"truncationEpoch":0,"metadata":"m","commitTimestamp":${commitTimestamp}}`
    const crc = crc32c(Buffer.from(body)).toString(16).padStart(8, '0')
    expect(bytes.toString()).toBe(`kafka-lite-consumer 1 ${crc}\n${body}\n`)
    await log.close()
  })

  it('deletes a position', async () => {
    const { log, dir } = await logWith(2)
    const c = log.consumer('gone')
    await c.commit(1)
    expect(await c.delete()).toBe(true)
    expect(await c.delete()).toBe(false)
    expect(await c.committed()).toBeUndefined()
    expect(await log.consumers()).toEqual([])
    expect(fs.readdirSync(path.join(dir, '.consumers'))).toEqual([])
    await log.close()
  })

  it('keeps call order for commits started together in one thread (the last call wins)', async () => {
    const { log } = await logWith(1)
    const c = log.consumer('c')
    await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((o) => c.commit(o)))
    expect((await c.committed())?.offset).toBe(8)
    await log.close()
  })

  it('rejects bad names with TypeError / RangeError', async () => {
    const { log } = await logWith(0)
    expect(() => log.consumer(42 as unknown as string)).toThrow(TypeError)
    for (const bad of ['', 'a/b', 'a\\b', '.', '..', '.hidden', 'sp ace', 'ü', 'a\0b', 'x'.repeat(250)]) {
      expect(() => log.consumer(bad), bad).toThrow(RangeError)
    }
    expect(log.consumer('x'.repeat(249)).name).toHaveLength(249)
    await log.close()
  })

  it('rejects bad offsets, metadata and readers of another log synchronously typed', async () => {
    const { log } = await logWith(1)
    const other = await Log.open(dirs.make())
    const c = log.consumer('c')
    await expect(c.commit(-1)).rejects.toThrow(RangeError)
    await expect(c.commit(1.5)).rejects.toThrow(RangeError)
    await expect(c.commit('3' as unknown as number)).rejects.toThrow(TypeError)
    await expect(c.commit({} as unknown as number)).rejects.toThrow(TypeError)
    await expect(c.commit(0, { metadata: 7 as unknown as string })).rejects.toThrow(TypeError)
    await expect(c.commit(0, { metadata: 'x'.repeat(4097) })).rejects.toThrow(RangeError)
    await expect(c.commit(other.reader())).rejects.toThrow(RangeError)
    expect(await c.committed()).toBeUndefined()
    await c.commit(0, { metadata: 'x'.repeat(4096) })
    await other.close()
    await log.close()
  })

  it('rejects every call with KLOG_CLOSED once the log is closed', async () => {
    const { log } = await logWith(1)
    const c = log.consumer('c')
    await c.commit(1)
    await log.close()
    expect(() => log.consumer('c')).toThrow(LogError)
    expect(await codeOf(c.committed())).toBe('KLOG_CLOSED')
    expect(await codeOf(c.commit(0))).toBe('KLOG_CLOSED')
    expect(await codeOf(c.reader())).toBe('KLOG_CLOSED')
    expect(await codeOf(c.lag())).toBe('KLOG_CLOSED')
    expect(await codeOf(c.delete())).toBe('KLOG_CLOSED')
    expect(await codeOf(log.consumers())).toBe('KLOG_CLOSED')
  })

  describe('a damaged position file is KLOG_CORRUPT_CHECKPOINT, never a guessed position', () => {
    const damages: [string, (b: Buffer, dir: string) => Buffer][] = [
      ['a flipped digit', (b) => Buffer.from(b.toString().replace('"offset":7', '"offset":8'))],
      ['a torn tail', (b) => b.subarray(0, b.length - 5)],
      ['an empty file', () => Buffer.alloc(0)],
      ['a bad header', (b) => Buffer.from(b.toString().replace('kafka-lite-consumer 1', 'kafka-lite-consumer 2'))],
      ['garbage', () => Buffer.from('hello\nworld\n')],
      ["another consumer's file", (_b, dir) => fs.readFileSync(path.join(dir, '.consumers', 'other'))],
    ]
    it.each(damages)('%s', async (_what, damage) => {
      const { log, dir } = await logWith(10)
      await log.consumer('other').commit(3)
      const c = log.consumer('c')
      await c.commit(7)
      const file = path.join(dir, '.consumers', 'c')
      fs.writeFileSync(file, damage(fs.readFileSync(file), dir))
      expect(await codeOf(c.committed())).toBe('KLOG_CORRUPT_CHECKPOINT')
      expect(await codeOf(c.reader())).toBe('KLOG_CORRUPT_CHECKPOINT')
      expect(await codeOf(c.lag())).toBe('KLOG_CORRUPT_CHECKPOINT')
      // Listing does not fail as a whole: the damaged one comes with its error, the others as usual.
      const listed = await log.consumers()
      expect(listed.map((e) => [e.name, e.committed?.offset, e.lag, e.error?.code])).toEqual([
        ['c', undefined, undefined, 'KLOG_CORRUPT_CHECKPOINT'],
        ['other', 3, 7, undefined],
      ])
      expect(listed[0]!.error).toBeInstanceOf(LogError)
      expect(listed[0]!.error!.file).toBe(file)
      const err = await c.committed().catch((e: unknown) => e)
      expect((err as LogError).file).toBe(file)
      // A new commit replaces the damaged file.
      await c.commit(2)
      expect((await c.committed())?.offset).toBe(2)
      await log.close()
    })
  })

  it('lists an unreadable position file (a directory in its place) with KLOG_IO', async () => {
    const { log, dir } = await logWith(2)
    await log.consumer('b').commit(1)
    fs.mkdirSync(path.join(dir, '.consumers', 'a'))
    const listed = await log.consumers()
    expect(listed.map((e) => [e.name, e.committed?.offset, e.error?.code])).toEqual([
      ['a', undefined, 'KLOG_IO'],
      ['b', 1, undefined],
    ])
    await log.close()
  })

  it('a position file far larger than any commit writes is damaged, and is not read into memory', async () => {
    const { log, dir } = await logWith(1)
    await log.consumer('big').commit(0)
    const file = path.join(dir, '.consumers', 'big')
    // Sparse: no disk is used, but reading it whole would need 3 GiB.
    fs.truncateSync(file, 3 * 2 ** 30)
    expect(await codeOf(log.consumer('big').committed())).toBe('KLOG_CORRUPT_CHECKPOINT')
    expect((await log.consumers()).map((e) => [e.name, e.error?.code])).toEqual([['big', 'KLOG_CORRUPT_CHECKPOINT']])
    expect(readPositionsSync(dir, isConsumerName).map((e) => [e.name, e.error?.code])).toEqual([['big', 'KLOG_CORRUPT_CHECKPOINT']])
    await log.close()
  })

  it('commits a consumer whose name has the longest allowed length (no temp name past NAME_MAX)', async () => {
    const { log, dir } = await logWith(3)
    const name = 'n'.repeat(249)
    const c = log.consumer(name)
    expect((await c.commit(2)).offset).toBe(2)
    expect((await c.committed())?.offset).toBe(2)
    expect((await log.consumers()).map((e) => e.name)).toEqual([name])
    expect(fs.readdirSync(path.join(dir, '.consumers'))).toEqual([name])
    await log.close()
  })

  it('commits despite temp files left by an earlier process with the same pid (a restarted container)', async () => {
    const { log, dir } = await logWith(3)
    const store = path.join(dir, '.consumers')
    fs.mkdirSync(store)
    // What an earlier incarnation of this pid left (names of the previous format, which were a pure
    // function of name, pid, thread and a per-process counter): each would make an exclusive create fail.
    const leftovers = Array.from({ length: 200 }, (_, n) => `.c.${process.pid}.0.${n}.tmp`)
    for (const f of leftovers) fs.writeFileSync(path.join(store, f), 'partial')
    const c = log.consumer('c')
    for (let i = 0; i < 5; i++) await c.commit(i)
    expect((await c.committed())?.offset).toBe(4)
    // Our own pid: never provably dead, so they stay (garbage, never in the way).
    expect((await log.consumers()).map((e) => e.name)).toEqual(['c'])
    expect(fs.readdirSync(store).sort()).toEqual([...leftovers, 'c'].sort())
    await log.close()
  })

  it('listing keeps temp files whose owner is not provably dead on this host', async () => {
    const { log, dir } = await logWith(1)
    await log.consumer('c').commit(1)
    const store = path.join(dir, '.consumers')
    // pid 2^22+1 is above Linux's pid_max limit, so it is never a live process here.
    const deadPid = 2 ** 22 + 1
    const kept = [
      `.c.${deadPid}.0.1.tmp`, // previous format: no host recorded, so its owner may live on another host
      `.klog-000000000000-${deadPid}-0-1-0123abcd.tmp`, // another host's (tag 000000000000): only its pid is dead here
      `.klog-000000000000-${process.pid}-0-1-0123abcd.tmp`,
    ]
    for (const f of kept) fs.writeFileSync(path.join(store, f), 'x')
    expect((await log.consumers()).map((e) => e.name)).toEqual(['c'])
    expect(fs.readdirSync(store).sort()).toEqual([...kept, 'c'].sort())
    // A read-only open changes nothing at all.
    const ro = await Log.open(dir, { readOnly: true })
    expect((await ro.consumers()).map((e) => e.name)).toEqual(['c'])
    expect(fs.readdirSync(store).sort()).toEqual([...kept, 'c'].sort())
    await ro.close()
    await log.close()
  })
})

describe('resuming across truncation and retention', () => {
  it('a truncation below the committed position is reported through onOutOfRange, even after the log regrew', async () => {
    const { log, w } = await logWith(10)
    const c = log.consumer('c')
    await c.commit(8)
    await w.truncateTo(5)
    for (let i = 0; i < 10; i++) await w.append({ value: `new${i}` })
    expect(log.highWatermark).toBe(15)
    expect(await codeOf((await c.reader()).read())).toBe('KLOG_OFFSET_OUT_OF_RANGE')
    // The error repeats until the caller decides.
    const r = await c.reader()
    await r.read().catch(() => undefined)
    expect(await codeOf(r.read())).toBe('KLOG_OFFSET_OUT_OF_RANGE')
    expect(offsets(await (await c.reader({ onOutOfRange: 'earliest' })).read({ maxRecords: 2 }))).toEqual([0, 1])
    expect(await (await c.reader({ onOutOfRange: 'latest' })).read()).toEqual([])
    // A plain reader at 8 (no epoch) would silently read the new history: the committed epoch is what differs.
    expect(offsets(await log.reader({ from: 8 }).read({ maxRecords: 1 }))).toEqual([8])
    // Committing in the new history resumes normally.
    await c.commit(8)
    expect((await c.committed())?.truncationEpoch).toBe(1)
    expect(offsets(await (await c.reader()).read({ maxRecords: 1 }))).toEqual([8])
    await log.close()
  })

  it('a truncation above the committed position does not disturb it', async () => {
    const { log, w } = await logWith(10)
    const c = log.consumer('c')
    const r = await c.reader()
    await r.read({ maxRecords: 4 })
    await c.commit(r)
    await w.truncateTo(6)
    const resumed = await c.reader()
    expect(offsets(await resumed.read())).toEqual([4, 5])
    await log.close()
  })

  it('commit(reader) keeps the epoch of the history that reader read', async () => {
    const { log, w } = await logWith(10)
    const c = log.consumer('c')
    const r = await c.reader()
    await r.read({ maxRecords: 8 })
    await w.truncateTo(5)
    for (let i = 0; i < 5; i++) await w.append({ value: `n${i}` })
    await c.commit(r)
    expect(await c.committed()).toMatchObject({ offset: 8, truncationEpoch: 0 })
    expect(await codeOf((await c.reader()).read())).toBe('KLOG_OFFSET_OUT_OF_RANGE')
    await log.close()
  })

  it('the truncation is still detected after the log is closed and reopened', async () => {
    const { log, dir, w } = await logWith(10)
    await log.consumer('c').commit(9)
    await w.truncateTo(3)
    for (let i = 0; i < 10; i++) await w.append({ value: `n${i}` })
    await log.close()
    const log2 = await Log.open(dir)
    expect(await codeOf((await log2.consumer('c').reader()).read())).toBe('KLOG_OFFSET_OUT_OF_RANGE')
    await log2.close()
    const view = await Log.open(dir, { readOnly: true })
    expect(await codeOf((await view.consumer('c').reader()).read())).toBe('KLOG_OFFSET_OUT_OF_RANGE')
    await view.close()
  })

  it('retention past the committed position is reported through onOutOfRange', async () => {
    const { log, w } = await logWith(0, { segmentBytes: 1024, retentionBytes: 1 })
    for (let i = 0; i < 40; i++) await w.append({ value: Buffer.alloc(100, i) })
    const c = log.consumer('c')
    await c.commit(2)
    await w.enforceRetention()
    expect(log.logStartOffset).toBeGreaterThan(2)
    expect(await codeOf((await c.reader()).read())).toBe('KLOG_OFFSET_OUT_OF_RANGE')
    const r = await c.reader({ onOutOfRange: 'earliest' })
    expect((await r.read({ maxRecords: 1 }))[0]?.offset).toBe(log.logStartOffset)
    await log.close()
  })
})
