/** `log.reader({ from: { timestamp } })`: starts at Kafka's offsets-for-times answer. */
import { describe, expect, it } from 'vitest'
import { Log } from '../../src/index.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs()
const T0 = 1_700_000_000_000

describe('reader from a timestamp', () => {
  it('starts at the first record whose timestamp is >= the given one, across segments', async () => {
    await using log = await Log.open(dirs.make(), { segmentBytes: 1024, indexIntervalBytes: 64, fsync: 'never' })
    const w = await log.writer()
    // Timestamps 0, 10, 20, ... ms after T0, four records per batch.
    for (let i = 0; i < 200; i += 4) {
      await w.append(Array.from({ length: 4 }, (_, j) => ({ value: `v${i + j}`, timestamp: T0 + (i + j) * 10 })))
    }
    for (const [ts, expected] of [
      [T0, 0],
      [T0 + 5, 1],
      [T0 + 10, 1],
      [T0 + 1234, 124],
      [T0 + 1990, 199],
    ] as const) {
      const reader = log.reader({ from: { timestamp: ts } })
      const [first] = await reader.read({ maxRecords: 1 })
      expect([ts - T0, first?.offset]).toEqual([ts - T0, expected])
      expect(reader.position).toBe(expected + 1)
    }
    // Nothing that recent: the reader starts at the high watermark (and a follower would wait there).
    const late = log.reader({ from: { timestamp: T0 + 10_000 } })
    expect(await late.read()).toEqual([])
    expect(late.position).toBe(200)
    // Iteration resolves it too.
    const seen: number[] = []
    for await (const r of log.reader({ from: { timestamp: T0 + 1955 } })) seen.push(r.offset)
    expect(seen).toEqual([196, 197, 198, 199])
    // A seek before the first read wins over the timestamp.
    const sought = log.reader({ from: { timestamp: T0 + 1955 } })
    sought.seek(3)
    expect((await sought.read({ maxRecords: 1 }))[0]?.offset).toBe(3)
  })

  it('validates the timestamp', async () => {
    await using log = await Log.open(dirs.make())
    expect(() => log.reader({ from: { timestamp: -1 } })).toThrow(RangeError)
    expect(() => log.reader({ from: { timestamp: '1' } as never })).toThrow(TypeError)
    expect(() => log.reader({ from: { time: 1 } as never })).toThrow(TypeError)
  })
})
