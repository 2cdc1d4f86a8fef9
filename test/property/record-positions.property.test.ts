/**
 * Property: the table of record positions (`src/read/record-positions.ts`) never makes `getSync`/`get`
 * or a new reader's first records anything but what a plain decode returns. After any mix of appends (small
 * batches, keys from a small set, nulls), reads that build and then use the tables, truncations
 * followed by appends that put other records at the same file positions, retention
 * (`deleteRecordsBefore`), compaction swaps and reopens, every offset of [0, high watermark) read by
 * `getSync` and `get` (twice: the second read goes through the table) is exactly the record a fresh
 * reader decodes from scratch at that offset (offset, timestamp, key, value, headers), or undefined
 * where the reader has none (below the log start, compaction gaps); and a new reader from there hands
 * out the next three records the plain decode has (its first fetch tables its batch, or takes the
 * record from the table and hands its cursor on to the next fetch). Runs with the default budget and
 * with one of a single chunk (every table evicted again and again).
 *
 * Replay a failure: fast-check prints `seed` and `path`; run with
 * `POSITIONS_SEED=<seed> POSITIONS_PATH=<path> npx vitest run test/property/record-positions.property.test.ts`.
 */
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { Log, type LogRecord } from '../../src/index.js'
import { CHUNK_OFFSETS, positionBytesHeld, setPositionBudget } from '../../src/read/record-positions.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-positions-')
const NUM_RUNS = Number(process.env.POSITIONS_RUNS ?? 40)
const SEED = process.env.POSITIONS_SEED === undefined ? undefined : Number(process.env.POSITIONS_SEED)
const PATH = process.env.POSITIONS_PATH

type Step =
  | { kind: 'append'; count: number; perBatch: number; keys: number }
  | { kind: 'read'; share: number } // read every offset `share` per-mille of the time, twice
  | { kind: 'truncate'; to: number } // per-mille of the high watermark
  | { kind: 'retain'; before: number } // per-mille of the high watermark
  | { kind: 'compact' }
  | { kind: 'reopen' }

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      count: fc.integer({ min: 1, max: 60 }),
      perBatch: fc.integer({ min: 1, max: 20 }),
      keys: fc.integer({ min: 1, max: 6 }),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('read' as const), share: fc.integer({ min: 100, max: 1000 }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('truncate' as const), to: fc.integer({ min: 0, max: 1000 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('retain' as const), before: fc.integer({ min: 0, max: 600 }) }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'compact' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'reopen' as const }), weight: 1 },
)

const OPTIONS = { fsync: 'never', segmentBytes: 4096, indexIntervalBytes: 512, deleteRetentionMs: 0, housekeepingIntervalMs: 0 } as const

/** What a fresh reader decodes at every offset from the log start (a plain decode, no point-read table). */
async function plainDecode(log: Log): Promise<Map<number, LogRecord>> {
  const out = new Map<number, LogRecord>()
  const reader = log.reader({ from: log.logStartOffset })
  try {
    for (;;) {
      const got = await reader.read({ maxBytes: 1 << 20 })
      if (got.length === 0) break
      for (const r of got) out.set(r.offset, r)
    }
  } finally {
    await reader.close()
  }
  return out
}

/** The first `n` records a new reader from `from` hands out (`for await`, then `break`). */
async function firstRecords(log: Log, from: number, n: number): Promise<unknown[]> {
  const got: unknown[] = []
  if (n === 0) return got
  const reader = log.reader({ from })
  try {
    for await (const r of reader) {
      got.push(plain(r))
      if (got.length === n) break
    }
  } finally {
    await reader.close()
  }
  return got
}

function plain(r: LogRecord | undefined): unknown {
  if (r === undefined) return undefined
  return {
    offset: r.offset,
    timestamp: r.timestamp,
    key: r.key?.toString('hex') ?? null,
    value: r.value?.toString('hex') ?? null,
    headers: r.headers.map((h) => [h.key, h.value?.toString('hex') ?? null]),
  }
}

describe('record positions table (property)', () => {
  let previousBudget: number | undefined
  afterEach(() => {
    if (previousBudget !== undefined) setPositionBudget(previousBudget)
    previousBudget = undefined
  })

  for (const budget of ['default', 'one chunk'] as const) {
    it(`point reads equal a plain decode across truncation, retention, compaction and reopen (${budget} budget)`, async () => {
      if (budget === 'one chunk') previousBudget = setPositionBudget(CHUNK_OFFSETS * 8)
      let tabled = false
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 18 }), fc.integer({ min: 0, max: 1_000_000 }), async (steps, salt) => {
          const dir = dirs.make()
          let log = await Log.open(dir, OPTIONS)
          let writer = await log.writer()
          let written = 0
          try {
            const check = async (share: number): Promise<void> => {
              const expected = await plainDecode(log)
              const offsets = [...expected.keys()].sort((a, b) => a - b)
              const hw = log.highWatermark
              for (let pass = 0; pass < 2; pass++) {
                for (let o = 0; o < hw; o++) {
                  if ((o * 7919 + salt) % 1000 >= share) continue
                  // A new reader's first records (its first fetch tables its batch, or reads the
                  // record from the table, and hands on a cursor): the next records from `o` on.
                  const from = Math.max(o, log.logStartOffset)
                  const next = offsets.filter((x) => x >= from).slice(0, 3)
                  expect(await firstRecords(log, from, next.length), `reader from ${from}, pass ${pass}`).toEqual(
                    next.map((x) => plain(expected.get(x))),
                  )
                  const want = plain(expected.get(o))
                  expect(plain(log.getSync(o)), `getSync(${o}), pass ${pass}`).toEqual(want)
                  expect(plain(await log.get(o)), `get(${o}), pass ${pass}`).toEqual(want)
                }
              }
              if (positionBytesHeld() > 0) tabled = true
            }
            for (const s of steps) {
              switch (s.kind) {
                case 'append':
                  for (let i = 0; i < s.count; i += s.perBatch) {
                    const n = Math.min(s.perBatch, s.count - i)
                    await writer.append(
                      Array.from({ length: n }, () => {
                        const id = written++
                        return {
                          key: id % 5 === 4 ? null : `k${(id * 31 + salt) % s.keys}`,
                          value: id % 11 === 10 ? null : `v${id}-${'y'.repeat((id * 13 + salt) % 40)}`,
                          headers: id % 3 === 0 ? [{ key: 'h', value: `${id}` }] : [],
                        }
                      }),
                    )
                  }
                  break
                case 'read':
                  await check(s.share)
                  break
                case 'truncate':
                  // Records appended next land where the cut ones were: other bytes at tabled positions.
                  await writer.truncateTo(Math.max(log.logStartOffset, Math.floor((log.highWatermark * s.to) / 1000)))
                  break
                case 'retain':
                  await writer.deleteRecordsBefore(Math.floor((log.highWatermark * s.before) / 1000))
                  break
                case 'compact':
                  await writer.compact()
                  break
                case 'reopen':
                  await writer.close()
                  await log.close()
                  log = await Log.open(dir, OPTIONS)
                  writer = await log.writer()
                  break
              }
            }
            await check(1000)
          } finally {
            await writer.close()
            await log.close()
          }
        }),
        { numRuns: NUM_RUNS, seed: SEED, path: PATH, endOnFailure: PATH !== undefined },
      )
      // The property exercised the table, not only the long path.
      expect(tabled).toBe(true)
    })
  }
})
