/**
 * src/storage/ack-schedule.ts: when an `'interval'` / `'never'` group waits for an fsync or for a
 * turn of the event loop, and the durable-offset accounting behind it. Times are passed in.
 */
import { describe, expect, it } from 'vitest'
import { AckSchedule, YIELD_EVERY_APPENDS, YIELD_EVERY_MS } from '../../../src/storage/ack-schedule.js'

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('AckSchedule', () => {
  it("'interval': the group that brings the records not durable to flushMessages waits for an fsync", async () => {
    const s = new AckSchedule('interval', 10, 1_000_000, 0)
    expect(s.written(0, 9, 1, 0)).toBe('none')
    await turn()
    expect(s.written(9, 10, 1, 0)).toBe('fsync')
    const mark = s.flushStarting(10)
    s.flushed(mark, 10)
    expect(s.notDurable(10)).toBe(0)
    expect(s.written(10, 19, 1, 0)).toBe('none')
  })

  it("'interval': a group finding the oldest record not durable flushIntervalMs old waits for an fsync", async () => {
    const s = new AckSchedule('interval', 1_000_000, 100, 0)
    expect(s.written(0, 1, 1, 1000)).toBe('none')
    await turn()
    expect(s.written(1, 2, 1, 1099)).toBe('none')
    await turn()
    expect(s.written(2, 3, 1, 1100)).toBe('fsync')
  })

  it("'interval': a background fsync is due at half of either bound", () => {
    const s = new AckSchedule('interval', 10, 100, 0)
    s.written(0, 4, 1, 0)
    expect(s.flushSoon(4, 0)).toBe(false)
    expect(s.flushSoon(5, 0)).toBe(true)
    expect(s.flushSoon(4, 50)).toBe(true)
    expect(new AckSchedule('never', 10, 100, 0).flushSoon(100, 1000)).toBe(false)
  })

  it('counts a flush durable up to the log end it started at, whatever order flushes complete in', () => {
    const s = new AckSchedule('interval', 1000, 1000, 0)
    s.written(0, 50, 1, 0)
    const first = s.flushStarting(50)
    s.written(50, 80, 1, 0)
    const second = s.flushStarting(80)
    s.flushed(second, 80)
    s.flushed(first, 80)
    expect(s.notDurable(80)).toBe(0)
    expect(s.notDurable(90)).toBe(10)
  })

  it('a truncation below the durable end makes re-appended records count as not durable', () => {
    const s = new AckSchedule('interval', 1000, 1000, 100)
    s.truncated(40)
    expect(s.notDurable(100)).toBe(60)
  })

  it(`yields a turn after ${YIELD_EVERY_APPENDS} appends, or ${YIELD_EVERY_MS} ms, without a turn of the event loop`, async () => {
    const s = new AckSchedule('never', 1, 1, 0)
    for (let i = 1; i < YIELD_EVERY_APPENDS; i++) expect(s.written(i - 1, i, 1, 0)).toBe('none')
    expect(s.written(YIELD_EVERY_APPENDS - 1, YIELD_EVERY_APPENDS, 1, 0)).toBe('turn')
    await turn()
    expect(s.written(0, 1, 1, 10)).toBe('none')
    expect(s.written(1, 2, 1, 10 + YIELD_EVERY_MS)).toBe('turn')
  })
})
