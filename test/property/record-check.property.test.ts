/**
 * The record walk's fast lane (`src/format/record-check.ts`) against THE record walk itself
 * (`decodeBatch` asking for every record runs the walk's full loop): on crafted batches (offset
 * deltas with gaps, negative and huge timestamp deltas, null keys and values, headers, LogAppendTime)
 * and on the same batches with bytes flipped, cut, inserted or overwritten or a header maxTimestamp
 * below a record's, whatever the fast lane
 * accepts the walk accepts too, with the same table of record positions and offset deltas and the
 * same timestamp range and keyless count; what it leaves to the walk may be valid or not (the walk
 * decides). Every well-formed batch it must accept outright (else it is no fast lane).
 * fast-check prints the seed and path of a failure: `fc.assert(..., { seed, path })` replays it.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { decodeBatch } from '../../src/format/record-batch.js'
import { checkRecords, type CheckFrame } from '../../src/format/record-check.js'
import type { LogRecord } from '../../src/format/record.js'
import { BOUNDED, craftedRecords, damage, damaged, withSection } from '../helpers/batch-arbitraries.js'
import { T0, plainBatch } from '../helpers/crafted-batch.js'

const HEADER = 61

/** Where the key length of the record at `p` of `section` starts (length, attributes, two deltas before it). */
function keyLengthAt(section: Buffer, p: number): number {
  const skipVarint = (q: number): number => {
    while (q < section.length && section[q]! >= 0x80) q++
    return q + 1
  }
  return skipVarint(skipVarint(skipVarint(p) + 1))
}

/**
 * The null key (`0x01`) of record `index` of a well-formed `batch` made another one-byte length: -2
 * or -3 (no length may be below -1) or 63 (which may run past the record, or happen to fit what
 * follows it: random value bytes can read as a well-formed rest of the record).
 */
function withKeyLength(batch: Buffer, index: number, byte: number): Buffer {
  const walked = walk(batch)
  if ('error' in walked) throw new Error(`the batch to damage is not well formed: ${walked.error}`)
  const at = HEADER + keyLengthAt(batch.subarray(HEADER), walked.table[index]!)
  if (batch[at] !== 0x01) throw new Error(`record ${index} has no null key at ${at}`)
  const out = Buffer.from(batch)
  out[at] = byte
  return out
}

function frameOf(batch: Buffer, dense: boolean, requireKeys: boolean): CheckFrame {
  return {
    baseTimestamp: Number(batch.readBigInt64BE(27)),
    maxTimestamp: Number(batch.readBigInt64BE(35)),
    logAppendTime: (batch[22]! & 0x08) !== 0,
    count: batch.readInt32BE(57),
    lastOffsetDelta: batch.readInt32BE(23),
    dense,
    requireKeys,
  }
}

/** THE record walk over every record: its records and table, or the rule it names. */
function walk(batch: Buffer): { records: LogRecord[]; table: Uint32Array } | { error: string } {
  const count = batch.readInt32BE(57)
  const table = new Uint32Array(2 * count)
  const records: LogRecord[] = []
  try {
    decodeBatch(batch, 0, 0, records, Number.POSITIVE_INFINITY, undefined, { table })
    return { records, table }
  } catch (err) {
    return { error: (err as Error).message }
  }
}

/** Checks the fast lane on `batch` (non-dense, keys optional) against the walk; returns whether it accepted. */
function agree(batch: Buffer): boolean {
  const frame = frameOf(batch, false, false)
  const table = new Uint32Array(2 * frame.count)
  const fast = checkRecords(frame, batch, HEADER, batch.length, table)
  if (fast === undefined) return false
  const ref = walk(batch)
  expect('error' in ref ? ref.error : 'accepted', 'the walk accepts what the fast lane accepted').toBe('accepted')
  if ('error' in ref) return true
  expect([...table], 'record positions and offset deltas').toEqual([...ref.table])
  const createTime = frame.logAppendTime ? [] : ref.records.map((r) => r.timestamp)
  expect(fast.minTimestamp).toBe(createTime.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...createTime))
  expect(fast.maxTimestamp).toBe(createTime.length === 0 ? Number.NEGATIVE_INFINITY : Math.max(...createTime))
  expect(fast.keyless, 'records without a key').toBe(ref.records.filter((r) => r.key === null).length)
  // The stricter frames: keys required, and a producer's dense numbering.
  const keyed = checkRecords(frameOf(batch, false, true), batch, HEADER, batch.length)
  expect(keyed !== undefined, 'keys required').toBe(fast.keyless === 0)
  const dense = checkRecords(frameOf(batch, true, false), batch, HEADER, batch.length)
  if (dense !== undefined) expect(ref.records.map((r) => r.offset - Number(batch.readBigInt64BE(0)))).toEqual(ref.records.map((_, i) => i))
  return true
}

describe('the record walk fast lane', () => {
  it('accepts every well-formed batch, with the walk table and summary', () => {
    fc.assert(
      fc.property(craftedRecords(false), fc.boolean(), (records, logAppendTime) => {
        const maxDelta = records.reduce((m, r) => Math.max(m, r.timestampDelta ?? 0), Number.NEGATIVE_INFINITY)
        const batch = plainBatch(records, { maxTimestamp: T0 + maxDelta, attributeFlags: logAppendTime ? 0x08 : 0 })
        expect(agree(batch), 'a well-formed batch is accepted by the fast lane').toBe(true)
      }),
      BOUNDED(300),
    )
  })

  it('never accepts what the walk rejects: flipped, set, cut and inserted bytes', () => {
    let accepted = 0
    let total = 0
    fc.assert(
      fc.property(craftedRecords(true), fc.array(damage, { maxLength: 3 }), fc.nat(3), (records, damages, maxBelow) => {
        // Damage to the records section, or a header maxTimestamp below a record's (or both).
        const maxDelta = records.reduce((m, r) => Math.max(m, r.timestampDelta ?? 0), Number.NEGATIVE_INFINITY)
        const batch = plainBatch(records, { maxTimestamp: T0 + maxDelta - maxBelow })
        const section = damages.reduce((s, d) => damaged(s, d), batch.subarray(HEADER))
        total++
        if (agree(withSection(batch, section))) accepted++
      }),
      BOUNDED(2000),
    )
    // Most damage breaks a rule; some (a flipped bit inside a value) is still a well-formed batch.
    expect(accepted, `accepted ${accepted} of ${total} damaged batches`).toBeGreaterThan(0)
    expect(accepted).toBeLessThan(total)
  })

  it('never accepts a key length below -1, nor one the walk finds running past its record', () => {
    fc.assert(
      fc.property(craftedRecords(false), fc.nat(), fc.constantFrom(0x03, 0x05, 0x7e), (records, pick, byte) => {
        const index = pick % records.length
        const withNullKey = records.map((r, i) => (i === index ? { ...r, key: null } : r))
        const batch = withKeyLength(plainBatch(withNullKey, { maxTimestamp: Number.MAX_SAFE_INTEGER }), index, byte)
        // -2 and -3 are never a length: the walk must reject them (63 it judges by what follows).
        if (byte !== 0x7e) expect(walk(batch), 'the walk rejects a key length below -1').toHaveProperty('error')
        // Whatever the walk rejects, the fast lane leaves to it.
        agree(batch)
      }),
      BOUNDED(500),
    )
  })

  it('random bytes under a random header: never accepted where the walk rejects', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 60 }),
        (section, count, lastOffsetDelta) => {
          const batch = plainBatch([{ offsetDelta: 0 }], { recordsCount: count, lastOffsetDelta })
          agree(withSection(batch, Buffer.from(section)))
        },
      ),
      BOUNDED(2000),
    )
  })
})
