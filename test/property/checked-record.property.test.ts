/**
 * The point reads' one-record decode (`src/format/checked-record.ts`) against THE record walk
 * (`decodeBatch`): on crafted batches (offset deltas with gaps, negative and huge timestamp deltas,
 * null keys and values, headers, LogAppendTime, a base offset and a batch that does not start at
 * byte 0), every record decoded from its tabled position is the walk's record; on the same batches
 * with bytes flipped, set, cut or inserted after the positions were tabled, or a header maxTimestamp
 * below a record's, it answers `undefined` or exactly what the walk returns for the bytes at that
 * position as a batch of their own (same header, one record), never another record, and it refuses
 * what that walk accepts only for the rule a lone record cannot show (no byte after the last record
 * of the real batch); asked for an offset the position does not hold, it answers `undefined`.
 * fast-check prints the seed and path of a failure: `fc.assert(..., { seed, path })` replays it.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { decodeCheckedRecord } from '../../src/format/checked-record.js'
import { decodeBatch } from '../../src/format/record-batch.js'
import type { LogRecord } from '../../src/format/record.js'
import { BOUNDED, craftedRecords, damage, damaged, withSection } from '../helpers/batch-arbitraries.js'
import { T0, plainBatch, type CraftedRecord } from '../helpers/crafted-batch.js'

const HEADER = 61

/** A well-formed batch of `records` at `baseOffset`, placed `lead` bytes into a larger buffer. */
function placed(records: CraftedRecord[], baseOffset: number, logAppendTime: boolean, lead: number, maxBelow = 0): Buffer {
  const maxDelta = records.reduce((m, r) => Math.max(m, r.timestampDelta ?? 0), Number.NEGATIVE_INFINITY)
  const batch = plainBatch(records, { baseOffset, maxTimestamp: T0 + maxDelta - maxBelow, attributeFlags: logAppendTime ? 0x08 : 0 })
  return Buffer.concat([Buffer.alloc(lead, 0xab), batch, Buffer.alloc(7, 0xcd)])
}

/** THE walk of every record of the batch at `buf[at]`: the records and where each starts. */
function walkAll(buf: Buffer, at: number): { records: LogRecord[]; table: Uint32Array } {
  const table = new Uint32Array(2 * buf.readInt32BE(at + 57))
  const records: LogRecord[] = []
  decodeBatch(buf, at, 0, records, Number.POSITIVE_INFINITY, undefined, { table })
  return { records, table }
}

/**
 * THE walk's verdict on the one record whose length prefix is at `buf[at + HEADER + position]`: a
 * batch with the header of the batch at `buf[at]` (recordsCount 1) and that record's bytes (as its
 * length prefix frames them) as its records, decoded with every rule. `end` is where the record's
 * bytes end in `buf`, for the one rule a lone record cannot show (no byte after a batch's last record).
 */
function walkOne(
  buf: Buffer,
  at: number,
  position: number,
  offset: number,
): { record: LogRecord | undefined; end: number } | { error: string } {
  const batchEnd = at + 12 + buf.readInt32BE(at + 8)
  const p = at + HEADER + position
  let v = 0
  let n = 0
  for (;;) {
    if (p + n >= batchEnd || n === 5) return { error: 'the length prefix does not end inside the batch' }
    const b = buf[p + n]!
    v |= (b & 0x7f) << (7 * n)
    n++
    if (b < 0x80) break
  }
  const length = (v >>> 1) ^ -(v & 1)
  if (length < 0 || p + n + length > batchEnd) return { error: `length ${length} does not fit the batch` }
  const one = Buffer.concat([buf.subarray(at, at + HEADER), buf.subarray(p, p + n + length)])
  one.writeInt32BE(one.length - 12, 8)
  one.writeInt32BE(1, 57)
  const out: LogRecord[] = []
  try {
    decodeBatch(one, 0, offset, out, 1, undefined, { copy: true })
  } catch (err) {
    return { error: (err as Error).message }
  }
  return { record: out[0]?.offset === offset ? out[0] : undefined, end: p + n + length }
}

const baseOffset = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 ** 40 }))

describe('the one-record decode of a checked batch', () => {
  it('decodes every record of a well-formed batch from its position, as the walk does', () => {
    fc.assert(
      fc.property(craftedRecords(false), baseOffset, fc.boolean(), fc.nat(40), (records, base, logAppendTime, lead) => {
        const buf = placed(records, base, logAppendTime, lead)
        const { records: walked, table } = walkAll(buf, lead)
        const walkedBytes = Buffer.from(buf)
        walked.forEach((r, i) => {
          const at = lead + HEADER + table[i]!
          const got = decodeCheckedRecord(buf, lead, at, r.offset)
          expect(got, `record ${i}`).toEqual(r)
          // A copy, not a view into the batch: it outlives a change of the bytes it came from.
          if (got?.value != null && got.value.length > 0) {
            const before = Buffer.from(got.value)
            buf.fill(0x5a)
            expect(got.value).toEqual(before)
            buf.set(walkedBytes, 0)
          }
          // Asked for another offset, the position answers nothing.
          expect(decodeCheckedRecord(buf, lead, at, r.offset + 1)).toBeUndefined()
        })
      }),
      BOUNDED(300),
    )
  })

  it('on damaged bytes answers undefined or exactly the walk of the record at that position', () => {
    let decoded = 0
    let total = 0
    fc.assert(
      fc.property(
        craftedRecords(false),
        baseOffset,
        fc.array(damage, { minLength: 1, maxLength: 3 }),
        fc.nat(3),
        (records, base, damages, maxBelow) => {
          const intact = placed(records, base, false, 0)
          const batch = intact.subarray(0, intact.length - 7)
          const { records: walked, table } = walkAll(batch, 0)
          const section = damages.reduce((s, d) => damaged(s, d), batch.subarray(HEADER))
          const bad = withSection(batch, section)
          if (maxBelow > 0) bad.writeBigInt64BE(bad.readBigInt64BE(35) - BigInt(maxBelow), 35)
          walked.forEach((r, i) => {
            total++
            const got = decodeCheckedRecord(bad, 0, HEADER + table[i]!, r.offset)
            const ref = walkOne(bad, 0, table[i]!, r.offset)
            const lastDelta = bad.readInt32BE(23)
            if (got !== undefined) {
              decoded++
              expect('record' in ref ? ref.record : ref.error, `record ${i}: only what the walk returns`).toEqual(got)
            } else if ('record' in ref && ref.record !== undefined) {
              // The one rule the walk of a lone record cannot see: the batch's last record ends it.
              expect(ref.record.offset - base, `record ${i}: the walk accepts it alone`).toBe(lastDelta)
              expect(ref.end).not.toBe(bad.length)
            }
          })
        },
      ),
      BOUNDED(2000),
    )
    // Damage elsewhere in the batch leaves many records whole; some positions no longer hold one.
    expect(decoded, `decoded ${decoded} of ${total}`).toBeGreaterThan(0)
    expect(decoded).toBeLessThan(total)
  })

  it('answers undefined for positions outside the batch, compressed and control batches', () => {
    const records = [0, 1, 2].map((i) => ({ offsetDelta: i, timestampDelta: i, key: null, value: Buffer.from(`v${i}`) }))
    const buf = placed(records, 10, false, 5)
    const { table } = walkAll(buf, 5)
    expect(decodeCheckedRecord(buf, 5, 5 + HEADER + table[1]!, 11)?.value).toEqual(Buffer.from('v1'))
    // A byte after the last record (its delta is lastOffsetDelta), the batch length covering it.
    const longer = Buffer.concat([buf.subarray(0, buf.length - 7), Buffer.from([0]), buf.subarray(buf.length - 7)])
    longer.writeInt32BE(longer.readInt32BE(5 + 8) + 1, 5 + 8)
    expect(decodeCheckedRecord(longer, 5, 5 + HEADER + table[2]!, 12)).toBeUndefined()
    expect(decodeCheckedRecord(longer, 5, 5 + HEADER + table[1]!, 11)?.value).toEqual(Buffer.from('v1'))
    expect(decodeCheckedRecord(buf, 5, 5 + HEADER - 1, 10)).toBeUndefined()
    expect(decodeCheckedRecord(buf, 5, buf.length - 7, 10)).toBeUndefined()
    expect(decodeCheckedRecord(buf, -1, 5 + HEADER, 10)).toBeUndefined()
    expect(decodeCheckedRecord(buf.subarray(0, buf.length - 8), 5, 5 + HEADER + table[0]!, 10)).toBeUndefined()
    for (const flags of [0x20, 0x01, 0x04]) {
      const other = Buffer.from(buf)
      other.writeInt16BE(flags, 5 + 21)
      expect(decodeCheckedRecord(other, 5, 5 + HEADER + table[0]!, 10), `attributes ${flags}`).toBeUndefined()
    }
  })
})
