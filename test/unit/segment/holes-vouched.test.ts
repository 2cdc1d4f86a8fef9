/**
 * `holesVouched` (src/segment/batch-walk.ts): how a compaction hole is told from a damaged base
 * offset by the batches themselves (docs/guarantees.md, "Compaction holes and damage"). Over random
 * segments with random holes, every single base offset is moved by every small delta, and the
 * verdict must be exactly what the argument says: refused when the moved batch reaches a neighbour,
 * starts below the segment, or is the segment's last batch (which must end exactly at the segment's
 * end), accepted only when it stays inside the holes around it (the documented limit). Seeded:
 * fast-check prints its replay.
 */
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { prepareRecords } from '../../../src/format/record.js'
import { encodeBatch, encodedBatchSize } from '../../../src/format/record-batch.js'
import { holesVouched } from '../../../src/segment/batch-walk.js'
import { useTempDirs } from '../../helpers/temp-dir.js'

const dirs = useTempDirs()
const fds: number[] = []
afterEach(() => {
  for (const fd of fds.splice(0)) fs.closeSync(fd)
})

interface Layout {
  bytes: Buffer
  /** Per batch: position, base offset, last offset. */
  batches: Array<{ position: number; base: number; last: number }>
  /** The offset after the last batch. */
  end: number
}

/** Batches of `counts[i]` records, `gaps[i]` offsets left out before batch i, from `base`. */
function layout(base: number, counts: number[], gaps: number[]): Layout {
  const parts: Buffer[] = []
  const batches: Layout['batches'] = []
  let next = base
  let position = 0
  counts.forEach((n, i) => {
    next += gaps[i]!
    const recs = prepareRecords(
      Array.from({ length: n }, (_, k) => ({ value: `v${next + k}` })),
      1_700_000_000_000,
    )
    const buf = Buffer.alloc(encodedBatchSize(recs, 0, n))
    encodeBatch(buf, 0, recs, 0, n, next)
    parts.push(buf)
    batches.push({ position, base: next, last: next + n - 1 })
    position += buf.length
    next += n
  })
  return { bytes: Buffer.concat(parts), batches, end: next }
}

function fdOf(bytes: Buffer): number {
  const file = path.join(dirs.make(), '00000000000000000100.log')
  fs.writeFileSync(file, bytes)
  const fd = fs.openSync(file, 'r')
  fds.push(fd)
  return fd
}

const BASE = 100

describe('holesVouched', () => {
  it('vouches for an intact segment with holes, and only against its exact end', () => {
    const l = layout(BASE, [2, 1, 3], [0, 4, 2])
    const fd = fdOf(l.bytes)
    expect(holesVouched(fd, { baseOffset: BASE, position: l.bytes.length, offset: l.end })).toBe(true)
    expect(holesVouched(fd, { baseOffset: BASE, position: l.bytes.length, offset: l.end + 1 }), 'the next segment starts later').toBe(false)
    expect(holesVouched(fd, { baseOffset: BASE, position: l.bytes.length - 1, offset: l.end }), 'not a batch boundary').toBe(false)
    expect(holesVouched(fd, { baseOffset: BASE, position: l.batches[2]!.position, offset: l.batches[1]!.last + 1 }), 'a prefix').toBe(true)
    const flipped = Buffer.from(l.bytes)
    flipped[l.batches[1]!.position + 70]! ^= 1
    expect(holesVouched(fdOf(flipped), { baseOffset: BASE, position: l.bytes.length, offset: l.end }), 'a bad CRC').toBe(false)
  })

  it('refuses every moved base offset that reaches a neighbour, leaves the segment or moves its last batch, and accepts only moves inside the holes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 3 }),
        (spec, tail) => {
          const l = layout(
            BASE,
            spec.map(([n]) => n),
            spec.map(([, g]) => g),
          )
          // The segment ends where the next one starts: right after the last batch (compaction keeps
          // each group's last batch for exactly this), or later when `tail` leaves a hole at the end.
          const end = l.end + tail
          const vouched = (bytes: Buffer): boolean => holesVouched(fdOf(bytes), { baseOffset: BASE, position: bytes.length, offset: end })
          expect(vouched(l.bytes)).toBe(tail === 0)
          if (tail !== 0) return
          l.batches.forEach((b, i) => {
            const isLast = i === l.batches.length - 1
            const lower = i === 0 ? BASE : l.batches[i - 1]!.last + 1
            const upper = isLast ? end - 1 : l.batches[i + 1]!.base - 1
            for (let delta = -6; delta <= 6; delta++) {
              if (delta === 0) continue
              const moved = Buffer.from(l.bytes)
              moved.writeBigInt64BE(BigInt(b.base + delta), b.position)
              // The last batch must end exactly at the segment's end: it cannot move at all.
              const inside = !isLast && b.base + delta >= lower && b.last + delta <= upper
              // Inside the holes around it the move cannot be seen (docs/guarantees.md); anything else is.
              expect(vouched(moved), `batch ${i} [${b.base}, ${b.last}] moved by ${delta}`).toBe(inside)
            }
          })
        },
      ),
      { seed: 19, numRuns: 150 },
    )
  })
})
