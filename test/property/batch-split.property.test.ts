import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_TIMESTAMP, prepareRecords } from '../../src/format/record.js'
import { encodedBatchSize, splitIntoBatches } from '../../src/format/record-batch.js'

const record = fc.record({
  value: fc.oneof(fc.constant(null), fc.uint8Array({ maxLength: 300 })),
  key: fc.oneof(fc.constant(null), fc.string({ maxLength: 20 })),
  timestamp: fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: MAX_TIMESTAMP })),
})

describe('splitIntoBatches', () => {
  it('matches a quadratic reference split: greedy, every batch within the limit, sizes exact', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 60 }), fc.integer({ min: 128, max: 4096 }), (input, max) => {
        const recs = prepareRecords(input, 0)
        const split = splitIntoBatches(recs, max)
        // Reference: grow each batch one record at a time, recomputing its size from scratch.
        const ends: number[] = []
        let start = 0
        let tooLarge = -1
        while (start < recs.length) {
          if (encodedBatchSize(recs, start, start + 1) > max) {
            tooLarge = start
            break
          }
          let end = start + 1
          while (end < recs.length && encodedBatchSize(recs, start, end + 1) <= max) end++
          ends.push(end)
          start = end
        }
        if (tooLarge >= 0) {
          expect(split).toBe(-(tooLarge + 1))
          return
        }
        if (typeof split === 'number') throw new Error(`unexpected rejection ${split}`)
        expect(split.ends).toEqual(ends)
        let from = 0
        let total = 0
        split.ends.forEach((to, i) => {
          expect(split.sizes[i]).toBe(encodedBatchSize(recs, from, to))
          expect(split.sizes[i]).toBeLessThanOrEqual(max)
          total += split.sizes[i]!
          from = to
        })
        expect(split.total).toBe(total)
      }),
      { numRuns: 300 },
    )
  })
})
