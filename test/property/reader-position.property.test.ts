/**
 * Property: however a reader is driven (any mix of `read`, `for await` loops ended by `break` after
 * any number of records or run to the end, `seek`, and appends landing in between, over small
 * segments and small iterator chunks), it hands out each offset exactly once, in order, and
 * `reader.position` always names the next offset it will hand out.
 *
 * Replay a failure: fast-check prints `seed` and `path`; run with
 * `POSITION_SEED=<seed> POSITION_PATH=<path> npx vitest run test/property/reader-position.property.test.ts`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Log, type LogReader, type LogRecord } from '../../src/index.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-position-')
const NUM_RUNS = Number(process.env.POSITION_RUNS ?? 60)
const SEED = process.env.POSITION_SEED === undefined ? undefined : Number(process.env.POSITION_SEED)
const PATH = process.env.POSITION_PATH

type Step =
  | { kind: 'read'; maxRecords: number | undefined; maxBytes: number }
  | { kind: 'loop'; take: number } // break after `take` records; a large `take` runs to the end
  | { kind: 'seek'; to: number } // a fraction of the log end, in per-mille
  | { kind: 'append'; count: number; perBatch: number }

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('read' as const),
    maxRecords: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
    maxBytes: fc.integer({ min: 1, max: 4000 }),
  }),
  fc.record({ kind: fc.constant('loop' as const), take: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ kind: fc.constant('seek' as const), to: fc.integer({ min: 0, max: 1000 }) }),
  fc.record({
    kind: fc.constant('append' as const),
    count: fc.integer({ min: 1, max: 30 }),
    perBatch: fc.integer({ min: 1, max: 10 }),
  }),
)

/** Value of the record at `offset`: the test can tell records apart by content, not only by offset. */
const valueOf = (offset: number): string => `record-${offset}-${'x'.repeat(offset % 23)}`

function expectRun(records: LogRecord[], from: number): void {
  expect(records.map((r) => r.offset)).toEqual(records.map((_, i) => from + i))
  for (const r of records) expect(r.value?.toString()).toBe(valueOf(r.offset))
}

async function loop(reader: LogReader, take: number): Promise<LogRecord[]> {
  const out: LogRecord[] = []
  if (take === 0) {
    for await (const _ of reader) break // takes one record
    return out
  }
  for await (const r of reader) {
    out.push(r)
    // The loop body sees position move with each record, before the loop asks for the next one.
    expect(reader.position).toBe(r.offset + 1)
    if (out.length === take) break
  }
  return out
}

describe('reader positions (property)', () => {
  it('any mix of read, iteration, break and seek returns each offset once; position names the next', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 80 }),
        fc.array(step, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 1, max: 3000 }),
        async (initial, steps, chunk) => {
          await using log = await Log.open(dirs.make(), { fsync: 'never', segmentBytes: 1024, maxBatchBytes: 512 })
          const writer = await log.writer()
          let end = 0
          const append = async (count: number, perBatch: number): Promise<void> => {
            for (let i = 0; i < count; i += perBatch) {
              const n = Math.min(perBatch, count - i)
              await writer.append(Array.from({ length: n }, (_, j) => ({ value: valueOf(end + j) })))
              end += n
            }
          }
          await append(initial, 7)
          const reader = log.reader({ maxBytes: chunk })
          // The model: the next offset the reader must hand out, and how often each offset was handed
          // out since the last seek (a seek may legitimately repeat offsets).
          let next = 0
          let handedOut = new Map<number, number>()
          const handOut = (records: LogRecord[]): void => {
            expectRun(records, next)
            for (const r of records) handedOut.set(r.offset, (handedOut.get(r.offset) ?? 0) + 1)
            next += records.length
          }
          for (const s of steps) {
            switch (s.kind) {
              case 'read': {
                const got = await reader.read({ maxBytes: s.maxBytes, maxRecords: s.maxRecords })
                if (next < end) expect(got.length).toBeGreaterThan(0)
                if (s.maxRecords !== undefined) expect(got.length).toBeLessThanOrEqual(s.maxRecords)
                handOut(got)
                break
              }
              case 'loop': {
                const got = await loop(reader, s.take)
                if (s.take === 0) {
                  if (next < end) next += 1 // the loop took one record and broke on it
                } else {
                  expect(got.length).toBe(Math.min(s.take, end - next))
                  handOut(got)
                }
                break
              }
              case 'seek': {
                const to = Math.floor((end * s.to) / 1000)
                reader.seek(to)
                next = to
                handedOut = new Map()
                break
              }
              case 'append':
                await append(s.count, s.perBatch)
                break
            }
            expect(reader.position).toBe(next)
          }
          // Drain: from the last seek (or the start) every offset up to the end came exactly once.
          const rest: LogRecord[] = []
          for await (const r of reader) rest.push(r)
          handOut(rest)
          expect(reader.position).toBe(end)
          for (const [offset, times] of handedOut) expect([offset, times]).toEqual([offset, 1])
        },
      ),
      { numRuns: NUM_RUNS, seed: SEED, path: PATH, endOnFailure: PATH !== undefined },
    )
  })
})
