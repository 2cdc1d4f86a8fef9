/**
 * Throughput counters of `log.stats()` (appended and read records and bytes, per Log handle), the
 * `kafka-lite:compaction` channel with the last report in `stats()`, and `consumer.lag()` before
 * the first commit.
 */
import diagnostics from 'node:diagnostics_channel'
import { describe, expect, it } from 'vitest'
import { CHANNELS, Log, type CompactionEvent } from '../../../src/index.js'
import { useTempDirs } from '../../helpers/temp-dir.js'

const dirs = useTempDirs()

describe('log.stats() counters', () => {
  it('counts appended records and their batch bytes on disk, and records and key+value bytes handed out', async () => {
    await using log = await Log.open(dirs.make(), { fsync: 'never' })
    const w = await log.writer()
    await w.append([
      { key: 'k1', value: 'abc' },
      { key: null, value: 'defgh' },
    ])
    await w.append({ key: 'k', value: null })
    let s = log.stats()
    expect(s.appendedRecords).toBe(3)
    // Every byte of the .log file came from these appends.
    expect(s.appendedBytes).toBe(s.bytes)
    expect([s.readRecords, s.readBytes]).toEqual([0, 0])
    // A read, a partial iteration and a get: records and key+value bytes handed out.
    await log.reader().read({ maxRecords: 1 }) // k1/abc: 5 bytes
    for await (const r of log.reader({ from: 1 })) if (r.offset === 1) break // defgh: 5
    await log.get(2) // k: 1
    s = log.stats()
    expect([s.readRecords, s.readBytes]).toEqual([3, 11])
    // Per handle: another Log of the same directory counts its own (a view has no appends).
    await using view = await Log.open(log.dir, { readOnly: true })
    await view.reader().read()
    expect([view.stats().readRecords, view.stats().readBytes, view.stats().appendedRecords]).toEqual([3, 11, 0])
    expect(log.stats().readRecords).toBe(3)
  })

  it('a record a reader could not decode is not counted as read', async () => {
    await using log = await Log.open(dirs.make(), { fsync: 'never' })
    await (await log.writer()).append([{ value: '1' }, { value: 'x' }])
    const r = log.reader<number>({ valueEncoding: 'json' })
    expect((await r.read()).length).toBe(1)
    await expect(r.read()).rejects.toMatchObject({ code: 'KLOG_DECODE' })
    expect(log.stats().readRecords).toBe(1)
  })
})

describe('compaction reports', () => {
  it('a round that swapped something is published on kafka-lite:compaction and kept in stats()', async () => {
    const events: CompactionEvent[] = []
    const listener = (m: unknown): void => void events.push(m as CompactionEvent)
    diagnostics.subscribe(CHANNELS.compaction, listener)
    try {
      await using log = await Log.open(dirs.make(), {
        fsync: 'never',
        cleanupPolicy: 'compact',
        segmentBytes: 1024,
        housekeepingIntervalMs: 0,
      })
      const w = await log.writer()
      expect(log.stats().lastCompaction).toBeUndefined()
      for (let i = 0; i < 60; i++) await w.append({ key: `k${i % 3}`, value: `v${i}`.padEnd(40, '.') })
      const report = await w.compact()
      expect(report).toBeDefined()
      expect(report!.recordsRemoved).toBeGreaterThan(0)
      const mine = events.filter((e) => e.dir === log.dir)
      expect(mine).toEqual([{ dir: log.dir, report, automatic: false }])
      expect(log.stats().lastCompaction).toEqual(report)
    } finally {
      diagnostics.unsubscribe(CHANNELS.compaction, listener)
    }
  })
})

describe('consumer.lag()', () => {
  it('before the first commit is the whole log from its start', async () => {
    await using log = await Log.open(dirs.make(), { fsync: 'never', segmentBytes: 1024 })
    const w = await log.writer()
    const c = log.consumer('c')
    expect(await c.lag()).toBe(0)
    for (let i = 0; i < 40; i++) await w.append({ value: 'x'.repeat(50) })
    expect(await c.lag()).toBe(40)
    const start = await w.deleteRecordsBefore(25)
    expect(log.logStartOffset).toBeGreaterThan(0)
    expect(await c.lag()).toBe(40 - log.logStartOffset)
    await c.commit(30)
    expect(await c.lag()).toBe(10)
    await c.delete()
    expect(await c.lag()).toBe(40 - log.logStartOffset)
    expect(start).toBeGreaterThanOrEqual(0)
  })
})
