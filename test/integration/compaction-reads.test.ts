/**
 * Reads over compacted segments with small limits: a read of `maxBytes` / `maxRecords` can stop on
 * batches that compaction emptied (or whose records all lie below the position), before the
 * segment ends. Every reader, from every offset, with every limit, must return exactly the records
 * that point reads (`getSync`, an independent path) find, in order, and never jump to the next
 * segment early (which skipped records, or was reported as a hole between segments).
 * Seeded (mulberry32); found by the model test.
 */
import { describe, expect, it } from 'vitest'
import { Log } from '../../src/index.js'
import { mulberry32 } from '../helpers/random.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs()

describe('reading a compacted log with small limits', () => {
  for (const seed of [1, 7, 42, 99]) {
    it(`every offset, every limit, the same records as point reads (seed ${seed})`, async () => {
      const rand = mulberry32(seed)
      for (let trial = 0; trial < 15; trial++) {
        const log = await Log.open(dirs.make(), {
          segmentBytes: 1024,
          indexIntervalBytes: 0,
          fsync: 'never',
          deleteRetentionMs: 0,
          housekeepingIntervalMs: 0,
        })
        const writer = await log.writer()
        for (let a = 3 + Math.floor(rand() * 12); a > 0; a--) {
          const records = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => {
            const r = rand()
            return { key: r < 0.4 ? null : `k${Math.floor(rand() * 4)}`, value: r > 0.8 ? null : 'x'.repeat(Math.floor(rand() * 60)) }
          })
          if (rand() < 0.5) await writer.append(records)
          else await Promise.all(records.map((r) => writer.append(r)))
        }
        await writer.compact()
        if (rand() < 0.5) await writer.compact()
        const hw = log.highWatermark
        const present = Array.from({ length: hw }, (_, o) => o).filter((o) => log.getSync(o) !== undefined)
        for (let from = 0; from <= hw; from++) {
          for (const limits of [{ maxBytes: 75, maxRecords: 4 }, { maxRecords: 1 }, { maxBytes: 1 }]) {
            const reader = log.reader({ from })
            const got: number[] = []
            for (;;) {
              const batch = await reader.read(limits)
              if (batch.length === 0) break
              got.push(...batch.map((r) => r.offset))
            }
            expect(got, `trial ${trial}, from ${from}, ${JSON.stringify(limits)}`).toEqual(present.filter((o) => o >= from))
          }
        }
        await log.close()
      }
    })
  }
})
