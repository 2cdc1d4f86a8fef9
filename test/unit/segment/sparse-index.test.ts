import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OffsetIndex, TimeIndex } from '../../../src/segment/sparse-index.js'

describe('OffsetIndex', () => {
  it('lookup equals a floor search over a sorted-array model, including the warm tail and the fallback', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 3000 }),
        fc.array(fc.integer({ min: -10, max: 5_000_010 }), { minLength: 1, maxLength: 50 }),
        (base, rels, targets) => {
          rels.sort((a, b) => a - b)
          const idx = OffsetIndex.empty(base)
          rels.forEach((r, i) => idx.append(base + r, i * 100))
          const model = rels.map((r, i) => ({ offset: base + r, position: i * 100, indexed: true }))
          for (const t of targets) {
            const want = [...model].reverse().find((e) => e.offset <= base + t) ?? { offset: base, position: 0, indexed: false }
            expect(idx.lookup(base + t)).toEqual(want)
          }
          // Bytes are Kafka's: relative offset then position, big-endian int32s.
          const bytes = idx.bytes()
          expect(bytes.length).toBe(rels.length * 8)
          rels.forEach((r, i) => {
            expect(bytes.readInt32BE(i * 8)).toBe(r)
            expect(bytes.readInt32BE(i * 8 + 4)).toBe(i * 100)
          })
        },
      ),
      { numRuns: 200 },
    )
  })

  it('rejects an entry that does not increase, and truncateTo removes entries >= offset', () => {
    const idx = OffsetIndex.empty(100)
    idx.append(105, 0)
    idx.append(110, 50)
    idx.append(120, 90)
    expect(() => idx.append(120, 100)).toThrow(RangeError)
    idx.truncateTo(110)
    expect(idx.count).toBe(1)
    expect(idx.lookup(200)).toEqual({ offset: 105, position: 0, indexed: true })
    const copy = OffsetIndex.fromBytes(100, idx.bytes())
    expect(copy.lookup(1000)).toEqual({ offset: 105, position: 0, indexed: true })
  })
})

describe('TimeIndex', () => {
  it('appends only strictly larger timestamps and looks up the largest entry <= target', () => {
    const t = TimeIndex.empty(0)
    t.maybeAppend(1000, 5)
    t.maybeAppend(1000, 9) // not larger: ignored
    t.maybeAppend(900, 12) // smaller: ignored
    t.maybeAppend(1500, 20)
    expect(t.count).toBe(2)
    expect(t.lookup(999)).toEqual({ timestamp: -1, offset: 0 })
    expect(t.lookup(1200)).toEqual({ timestamp: 1000, offset: 5 })
    expect(t.lookup(1e15)).toEqual({ timestamp: 1500, offset: 20 })
    expect(t.bytes().length).toBe(24)
    t.truncateTo(20)
    expect(t.last()).toEqual({ timestamp: 1000, offset: 5 })
  })
})
