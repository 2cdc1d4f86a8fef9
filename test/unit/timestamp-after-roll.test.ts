/**
 * Regression: `offsetForTimestamp` right after a roll. A roll marks the old segment sealed at once
 * and writes its final time-index entry later, in the background seal; the lookup skipped a sealed
 * segment whose time index's last entry was below the target, so in that window a timestamp reached
 * only by the segment's last batches was looked for in later segments: a later offset, or none.
 */
import { describe, expect, it } from 'vitest'
import { Log } from '../../src/index.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs()
const T0 = 1_700_000_000_000

describe('offsetForTimestamp right after a roll', () => {
  it('finds a timestamp reached only by the last batch of the segment that just rolled', async () => {
    await using log = await Log.open(dirs.make(), { fsync: 'never', segmentBytes: 1024, indexIntervalBytes: 250 })
    const w = await log.writer()
    // Batches of about 110 bytes: the 4th crosses the index interval and indexes the maximum so far
    // (30); the 5th, the segment's peak (50), comes before the next crossing, so only the seal's
    // final time-index entry would name it.
    const ts = [10, 20, 30, 5, 50]
    // The five are acknowledged first (appends yield to the event loop, so un-awaited ones may still
    // be queued); the rolling append is written inside its call (the drain starts there, under
    // fsync 'never'), and the lookup starts before the background seal, which runs in a later turn.
    const acked = await Promise.all(ts.map((t) => w.append({ value: 'x'.repeat(40), timestamp: T0 + t })))
    const rolling = w.append({ value: 'x'.repeat(900), timestamp: T0 + 60 }) // rolls
    expect(log.logEndOffset).toBe(6) // written (and rolled) before the lookup below starts
    const found = log.offsetForTimestamp(T0 + 45)
    const max = log.maxTimestamp()
    expect([...acked, await rolling].map((r) => r.baseOffset)).toEqual([0, 1, 2, 3, 4, 5])
    expect(log.stats().segments).toBe(2)
    expect(await found).toBe(4)
    expect(await max).toEqual({ offset: 5, timestamp: T0 + 60 })
    expect(await log.offsetForTimestamp(T0 + 45)).toBe(4)
  })
})
