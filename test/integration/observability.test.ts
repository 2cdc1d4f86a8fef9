/**
 * `log.stats()` and the diagnostics channels: numbers that match what the test did, events for each
 * roll, retention deletion and recovery, and nothing published when nobody subscribes.
 */
import diagnostics from 'node:diagnostics_channel'
import { describe, expect, it } from 'vitest'
import { CHANNELS, Log, type RecoveryEvent, type RetentionEvent, type RollEvent } from '../../src/index.js'
import { makeUnclean } from '../helpers/logs.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs()

function collect<T>(name: string): { events: T[]; stop(): void } {
  const events: T[] = []
  const fn = (m: unknown): void => void events.push(m as T)
  diagnostics.subscribe(name, fn)
  return { events, stop: () => diagnostics.unsubscribe(name, fn) }
}

describe('observability', () => {
  it('stats and roll / retention events follow what the writer did', async () => {
    const dir = dirs.make()
    const rolls = collect<RollEvent>(CHANNELS.roll)
    const retention = collect<RetentionEvent>(CHANNELS.retention)
    try {
      await using log = await Log.open(dir, { segmentBytes: 1024, fsync: 'always', retentionBytes: 4096 })
      const fresh = log.stats()
      expect([fresh.owner, fresh.segments, fresh.rolls, fresh.fsyncLatency.count, fresh.logEndOffset]).toEqual([true, 1, 0, 0, 0])
      const w = await log.writer()
      for (let i = 0; i < 100; i++) await w.append({ value: `value-${i}`.padEnd(100, '.') })
      await w.enforceRetention() // retention after the last roll may still be running in the background
      const s = log.stats()
      const mine = rolls.events.filter((e) => e.dir === log.dir)
      expect(s.rolls).toBe(mine.length)
      expect(s.rolls).toBeGreaterThan(5)
      // Each roll starts the new segment where the previous one ended, in order.
      expect(mine.slice(1).map((e) => e.previousBaseOffset)).toEqual(mine.slice(0, -1).map((e) => e.baseOffset))
      expect([s.logEndOffset, s.highWatermark]).toEqual([100, 100])
      expect(s.fsyncLatency.count).toBeGreaterThanOrEqual(100) // 'always': at least one fsync per awaited append
      expect(s.fsyncLatency.max).toBeGreaterThanOrEqual(s.fsyncLatency.p50)
      // Retention ran after rolls and kept about 4 KiB: the deleted segments were announced.
      const deleted = retention.events.filter((e) => e.dir === log.dir).flatMap((e) => e.deletedBaseOffsets)
      expect(s.segmentsDeleted).toBe(deleted.length)
      expect(s.segmentsDeleted).toBeGreaterThan(0)
      expect(s.logStartOffset).toBe(retention.events.at(-1)!.logStartOffset)
      expect(s.segments).toBe(s.rolls + 1 - s.segmentsDeleted)
      // Retention leaves less than retentionBytes plus the oldest remaining segment.
      expect(s.bytes).toBeLessThanOrEqual(4096 + 1024)
      // A read-only view in this process sees the same offsets, and no writer numbers.
      await using view = await Log.open(dir, { readOnly: true })
      const v = view.stats()
      expect([v.owner, v.readOnly, v.logStartOffset, v.highWatermark, v.segments, v.rolls]).toEqual([
        false,
        true,
        s.logStartOffset,
        100,
        s.segments,
        0,
      ])
    } finally {
      rolls.stop()
      retention.stop()
    }
  })

  it('recovery is published at open, clean or not', async () => {
    const dir = dirs.make()
    const rec = collect<RecoveryEvent>(CHANNELS.recovery)
    try {
      const log = await Log.open(dir)
      await (await log.writer()).append({ value: 'x' })
      await log.close()
      makeUnclean(dir)
      await using again = await Log.open(dir)
      const mine = rec.events.filter((e) => e.dir === again.dir)
      // The first open created the log (clean, nothing to recover); the second follows an unclean stop.
      expect(mine.map((e) => [e.report.created, e.report.clean])).toEqual([
        [true, true],
        [false, false],
      ])
      expect(mine[1]!.report.segmentsScanned).toBe(1)
      expect(again.stats().recovery).toEqual(mine[1]!.report)
    } finally {
      rec.stop()
    }
  })

  it('waiting readers are counted; a closed log rejects stats()', async () => {
    const log = await Log.open(dirs.make())
    const ac = new AbortController()
    const follow = (async () => {
      for await (const _ of log.reader({ follow: true, signal: ac.signal })) break
    })()
    // Parked at the (empty) log's end: counted once its wait began.
    while (log.stats().waitingReaders === 0) await new Promise((resolve) => setImmediate(resolve))
    expect(log.stats().waitingReaders).toBe(1)
    await (await log.writer()).append({ value: 'x' })
    await follow
    expect(log.stats().waitingReaders).toBe(0)
    await log.close()
    expect(() => log.stats()).toThrow()
  })
})
