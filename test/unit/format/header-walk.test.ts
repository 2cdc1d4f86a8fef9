import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HeaderWalk, Step } from '../../../src/format/header-walk.js'
import { prepareRecords } from '../../../src/format/record.js'
import { encodeBatch, encodedBatchSize } from '../../../src/format/record-batch.js'

/** A segment of `counts.length` batches based at `base`, offsets contiguous. */
function segment(base: number, counts: number[]): { bytes: Buffer; positions: number[] } {
  const parts: Buffer[] = []
  const positions: number[] = []
  let next = base
  let pos = 0
  for (const n of counts) {
    const recs = prepareRecords(
      Array.from({ length: n }, (_, i) => ({ value: `v${next + i}` })),
      1_700_000_000_000,
    )
    const buf = Buffer.alloc(encodedBatchSize(recs, 0, n))
    encodeBatch(buf, 0, recs, 0, n, next)
    parts.push(buf)
    positions.push(pos)
    pos += buf.length
    next += n
  }
  return { bytes: Buffer.concat(parts), positions }
}

function walkAll(bytes: Buffer, base: number): { steps: Step[]; walk: HeaderWalk } {
  const walk = HeaderWalk.fromStart(base, bytes.length)
  const steps: Step[] = []
  for (let i = 0; i < 10_000; i++) {
    const s = walk.step(bytes, walk.position)
    steps.push(s)
    if (s !== Step.Found) break
  }
  return { steps, walk }
}

describe('HeaderWalk', () => {
  it('finds every batch of an intact segment, then ends exactly at the limit', () => {
    const { bytes, positions } = segment(100, [3, 1, 2, 5])
    const { steps, walk } = walkAll(bytes, 100)
    expect(steps).toEqual([Step.Found, Step.Found, Step.Found, Step.Found, Step.End])
    expect(walk.position).toBe(bytes.length)
    expect(walk.lastOffset).toBe(110)
    expect(positions.length).toBe(4)
  })

  it('a length of 0, a length past the end or a partial header is corrupt at that position, never a loop', () => {
    const { bytes, positions } = segment(0, [2, 2, 2])
    for (const length of [0, -12, 40, 0x7fffffff, bytes.length]) {
      const b = Buffer.from(bytes)
      b.writeInt32BE(length, positions[1]! + 8)
      const { steps, walk } = walkAll(b, 0)
      expect(steps).toEqual([Step.Found, Step.Corrupt])
      expect(walk.corruptPosition).toBe(positions[1])
    }
    const { steps } = walkAll(bytes.subarray(0, bytes.length - 70), 0)
    expect(steps[steps.length - 1]).toBe(Step.Corrupt)
  })

  it('any change of a base offset is caught by the batch before it, the segment base or the index entry', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 8 }),
        fc.nat(),
        fc.integer({ min: 1, max: 2 ** 40 }),
        (counts, pick, delta) => {
          const { bytes, positions } = segment(1000, counts)
          const i = pick % counts.length
          const b = Buffer.from(bytes)
          const old = Number(b.readBigInt64BE(positions[i]!))
          b.writeBigInt64BE(BigInt(Math.max(0, old + (pick % 2 === 0 ? delta : -delta))), positions[i]!)
          if (b.equals(bytes)) return
          const { steps, walk } = walkAll(b, 1000)
          expect(steps[steps.length - 1]).toBe(Step.Corrupt)
          expect(walk.corruptPosition).toBe(positions[i])
          // From an index entry: the entry pins the batch's last offset.
          const lastOfI = 1000 + counts.slice(0, i + 1).reduce((a, n) => a + n, 0) - 1
          const fromEntry = new HeaderWalk(1000, { position: positions[i]!, expectedBase: -1, expectedLast: lastOfI }, b.length)
          expect(fromEntry.step(b, positions[i]!)).toBe(Step.Corrupt)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('a bad magic or a negative lastOffsetDelta is corrupt', () => {
    const { bytes } = segment(0, [2])
    const m = Buffer.from(bytes)
    m[16] = 1
    expect(walkAll(m, 0).steps).toEqual([Step.Corrupt])
    const d = Buffer.from(bytes)
    d.writeInt32BE(-1, 23)
    expect(walkAll(d, 0).steps).toEqual([Step.Corrupt])
  })
})
