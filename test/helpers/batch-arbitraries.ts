/**
 * fast-check arbitraries of RecordBatch v2 records and of damage to a records section, for the
 * property tests that hold a fast path of the record walk against the walk itself
 * (`record-check.property.test.ts`, `checked-record.property.test.ts`). Batches are made with
 * `crafted-batch.ts`.
 */
import fc from 'fast-check'

import type { CraftedRecord } from './crafted-batch.js'

const HEADER = 61

/**
 * `numRuns`, within a time bound that also bounds shrinking (a failure is reported shrunk as far as
 * it got, still with its seed and path); a run cut short by a loaded machine is not a failure.
 */
export const BOUNDED = (numRuns: number): fc.Parameters<unknown> => ({
  numRuns,
  interruptAfterTimeLimit: 90_000,
  markInterruptAsFailure: false,
})

const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 12 }).map((u) => Buffer.from(u)),
  fc.uint8Array({ minLength: 70, maxLength: 300 }).map((u) => Buffer.from(u)), // 2-byte lengths
)
const nullable = fc.option(bytes, { nil: null, freq: 4 })
const timestampDelta = fc.oneof(
  fc.integer({ min: -5, max: 500 }),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), // long varlongs, negative deltas (delete horizon)
)

/**
 * Records with strictly rising deltas, gaps allowed, as a log (or Kafka's cleaner) may hold them;
 * with `nullHeaderKeys`, sometimes a header whose key is null (which no batch may hold).
 */
export const craftedRecords = (nullHeaderKeys: boolean): fc.Arbitrary<CraftedRecord[]> =>
  fc
    .array(
      fc.record({
        gap: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 200 })),
        timestampDelta,
        key: nullable,
        value: nullable,
        headers: fc.array(
          fc.record({
            key: nullHeaderKeys ? fc.option(fc.string({ maxLength: 6 }), { nil: null, freq: 12 }) : fc.string({ maxLength: 6 }),
            value: nullable,
          }),
          { maxLength: 3 },
        ),
      }),
      { minLength: 1, maxLength: 30 },
    )
    .map((rs) => {
      let delta = -1
      return rs.map((r) => ({
        offsetDelta: (delta += r.gap),
        timestampDelta: r.timestampDelta,
        key: r.key,
        value: r.value,
        headers: r.headers,
      }))
    })

export type Damage =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; byte: number }
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; byte: number }
export const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({
    kind: fc.constant('set' as const),
    at: fc.nat(),
    byte: fc.constantFrom(0x00, 0x01, 0x02, 0x03, 0x05, 0x0c, 0x7f, 0x80, 0xff),
  }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.nat(255) }),
)

/** The records section of `batch` with `d` applied (the header says nothing of it: no CRC is checked here). */
export function damaged(section: Buffer, d: Damage): Buffer {
  const at = section.length === 0 ? 0 : d.at % section.length
  const copy = Buffer.from(section)
  if (d.kind === 'flip') copy[at]! ^= 1 << d.bit
  else if (d.kind === 'set') copy[at] = d.byte
  else if (d.kind === 'cut') return copy.subarray(0, at)
  else return Buffer.concat([copy.subarray(0, at), Buffer.from([d.byte]), copy.subarray(at)])
  return copy
}

/** The batch header with `section` as its records (the walk reads the header's fields, not its length). */
export function withSection(batch: Buffer, section: Buffer): Buffer {
  const out = Buffer.concat([batch.subarray(0, HEADER), section])
  out.writeInt32BE(out.length - 12, 8)
  return out
}
