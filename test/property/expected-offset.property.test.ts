/**
 * Optimistic concurrency under concurrent callers: `writer.append(records, { expectedOffset })`.
 *
 * Each round, several callers append at once (each after a random number of event-loop turns, so
 * their appends land in one drain or several, beside compressed appends still encoding): most
 * expect the log end offset they read at the start of the round, some a stale or a future one,
 * some none. The model is the contract: appends take offsets in call order; an append with an
 * `expectedOffset` is written when the log end at that point of the order equals it, and otherwise
 * rejects with `KLOG_OFFSET_CONFLICT` carrying that log end, writing nothing. So of the callers
 * expecting the same offset exactly one wins (when no unconditional append slips in ahead). After
 * every round the log's records and offsets equal the model's; at the end, after a reopen too.
 *
 * Replay a failure: fast-check prints `seed` and `path`; run with
 * `EXPECTED_SEED=<seed> EXPECTED_PATH=<path> npx vitest run test/property/expected-offset.property.test.ts`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Log, LogError, OffsetConflictError, type LogWriter } from '../../src/index.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-expected-offset-')
const NUM_RUNS = Number(process.env.EXPECTED_RUNS ?? 40)
const SEED = process.env.EXPECTED_SEED === undefined ? undefined : Number(process.env.EXPECTED_SEED)
const PATH = process.env.EXPECTED_PATH

type Expectation = 'current' | 'stale' | 'future' | 'none'

interface Caller {
  expect: Expectation
  records: number
  compressed: boolean
  /** Event-loop turns to wait before calling append. */
  delay: number
}

const callerArb: fc.Arbitrary<Caller> = fc.record({
  expect: fc.constantFrom<Expectation>('current', 'current', 'current', 'stale', 'future', 'none'),
  records: fc.integer({ min: 1, max: 4 }),
  compressed: fc.boolean(),
  delay: fc.integer({ min: 0, max: 2 }),
})

const expectedFor = (c: Caller, start: number): number =>
  c.expect === 'current' ? start : c.expect === 'stale' ? Math.max(0, start - 1) : start + 1000
const expectsStartOf = (c: Caller, start: number): boolean => c.expect !== 'none' && expectedFor(c, start) === start

/** One caller's outcome: its offsets, or the log end its conflict reported. */
type Outcome = { ok: [number, number] } | { conflict: number }

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

async function readAll(log: Log): Promise<string[]> {
  const out: string[] = []
  // One read() may stop at a segment's end: read until the high watermark.
  const reader = log.reader({ from: 0 })
  for (let chunk = await reader.read(); chunk.length > 0; chunk = await reader.read()) {
    for (const r of chunk) {
      expect(r.offset).toBe(out.length)
      out.push(String(r.value))
    }
  }
  await reader.close()
  return out
}

async function round(writer: LogWriter, start: number, callers: Caller[], tag: string): Promise<{ order: number[]; outcomes: Outcome[] }> {
  const order: number[] = []
  const outcomes: Outcome[] = []
  await Promise.all(
    callers.map(async (c, i) => {
      for (let t = 0; t < c.delay; t++) await turn()
      const expectedOffset = expectedFor(c, start)
      const records = Array.from({ length: c.records }, (_, r) => ({ value: `${tag}-${i}-${r}` }))
      const options = {
        ...(c.compressed ? { compression: 'gzip' as const } : {}),
        ...(c.expect === 'none' ? {} : { expectedOffset }),
      }
      order.push(i)
      try {
        const { baseOffset, lastOffset } = await writer.append(records, options)
        outcomes[i] = { ok: [baseOffset, lastOffset] }
      } catch (err) {
        if (!(err instanceof OffsetConflictError) || err.code !== 'KLOG_OFFSET_CONFLICT') throw err
        expect(err.expectedOffset).toBe(expectedOffset)
        outcomes[i] = { conflict: err.logEndOffset }
      }
    }),
  )
  return { order, outcomes }
}

describe('writer.append({ expectedOffset }) against a model', () => {
  it('conflicting appends from many concurrent callers: the model decides each; exactly one of equal expectations wins', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<'always' | 'never' | 'interval'>('always', 'never', 'interval'),
        fc.array(fc.array(callerArb, { minLength: 2, maxLength: 8 }), { minLength: 1, maxLength: 6 }),
        async (fsync, rounds) => {
          const dir = dirs.make()
          const model: string[] = []
          const log = await Log.open(dir, { fsync, segmentBytes: 1024, flushIntervalMs: 5 })
          try {
            const writer = await log.writer()
            for (let r = 0; r < rounds.length; r++) {
              const callers = rounds[r]!
              const start = model.length
              expect(log.logEndOffset).toBe(start)
              const { order, outcomes } = await round(writer, start, callers, `r${r}`)
              // The model: call order, each expectation checked against the log end at its turn.
              let next = start
              let winners = 0
              for (const i of order) {
                const c = callers[i]!
                const expectedOffset = expectedFor(c, start)
                if (c.expect !== 'none' && expectedOffset !== next) {
                  expect(outcomes[i], `round ${r} caller ${i}`).toEqual({ conflict: next })
                  continue
                }
                expect(outcomes[i], `round ${r} caller ${i}`).toEqual({ ok: [next, next + c.records - 1] })
                if (expectsStartOf(c, start)) winners++
                for (let k = 0; k < c.records; k++) model.push(`r${r}-${i}-${k}`)
                next += c.records
              }
              // Of the callers expecting the round's start, exactly one wins unless an unconditional
              // append is written first (then none does).
              const expectsStart = (c: Caller): boolean => expectsStartOf(c, start)
              const firstWriter = order.map((i) => callers[i]!).find((c) => c.expect === 'none' || expectsStart(c))
              expect(winners).toBe(firstWriter !== undefined && expectsStart(firstWriter) ? 1 : 0)
              expect(log.logEndOffset).toBe(model.length)
              expect(await readAll(log)).toEqual(model)
            }
            await writer.close()
          } finally {
            await log.close()
          }
          const again = await Log.open(dir)
          try {
            expect(again.logEndOffset).toBe(model.length)
            expect(await readAll(again)).toEqual(model)
          } finally {
            await again.close()
          }
        },
      ),
      { numRuns: NUM_RUNS, seed: SEED, path: PATH, endOnFailure: true, verbose: true },
    )
  }, 600_000)

  it('all callers expecting the same offset: exactly one wins, the others conflict with its end, the log holds only its records', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 16 }), fc.integer({ min: 1, max: 5 }), async (callers, rounds) => {
        const dir = dirs.make()
        const log = await Log.open(dir, { fsync: 'never', segmentBytes: 2048 })
        try {
          const writer = await log.writer()
          for (let r = 0; r < rounds; r++) {
            const start = log.logEndOffset
            const results = await Promise.allSettled(
              Array.from({ length: callers }, (_, i) => writer.append([{ value: `${r}-${i}` }, { value: 'x' }], { expectedOffset: start })),
            )
            const won = results.filter((x) => x.status === 'fulfilled')
            expect(won).toHaveLength(1)
            expect(won[0]!.value).toEqual({ baseOffset: start, lastOffset: start + 1 })
            for (const x of results) {
              if (x.status === 'rejected') {
                expect((x.reason as LogError).code).toBe('KLOG_OFFSET_CONFLICT')
                expect((x.reason as OffsetConflictError).logEndOffset).toBe(start + 2)
              }
            }
            expect(log.logEndOffset).toBe(start + 2)
          }
        } finally {
          await log.close()
        }
      }),
      { numRuns: 20, seed: SEED, verbose: true },
    )
  }, 300_000)
})
