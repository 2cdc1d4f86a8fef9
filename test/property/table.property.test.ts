/**
 * log.table() against a model: random appends (keys from a small set, tombstones, keyless records),
 * compaction rounds (tombstones expire at once), truncations and reopens; after each step the table,
 * caught up, must hold exactly the latest live record per key of the model's history (offset, key
 * and value), whichever way it got there (following, rebuilding after a truncation, or a scan after
 * reopen).
 *
 * Replay a failure: fast-check prints `seed` and `path`; run with
 * `TABLE_SEED=<seed> TABLE_PATH=<path> npx vitest run test/property/table.property.test.ts`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Log, type LogTable, type LogWriter } from '../../src/index.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs()
const SEED = process.env.TABLE_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.TABLE_SEED)
const PATH = process.env.TABLE_PATH
const NUM_RUNS = Number(process.env.TABLE_RUNS ?? 12)

type Value = { n: number }
type Op =
  | { kind: 'append'; records: { key: string | null; value: Value | null }[] }
  | { kind: 'compact' }
  | { kind: 'truncate'; at: number }
  | { kind: 'reopen' }

const KEYS = ['a', 'b', 'c', 'd', 'e', 'f']
const record = fc.record({
  key: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.constant(null) }),
  value: fc.oneof({ weight: 4, arbitrary: fc.nat(1000).map((n) => ({ n })) }, { weight: 1, arbitrary: fc.constant(null) }),
})
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.array(record, { minLength: 1, maxLength: 8 }).map((records) => ({ kind: 'append' as const, records })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'compact' as const }) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((at) => ({ kind: 'truncate' as const, at })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reopen' as const }) },
)

const OPTIONS = {
  fsync: 'never',
  segmentBytes: 1024,
  cleanupPolicy: 'compact',
  deleteRetentionMs: 0,
  minCleanableDirtyRatio: 0,
  housekeepingIntervalMs: 0,
  valueEncoding: 'json',
  keyEncoding: 'utf8',
} as const

/** The latest live record per key of `history` (in offset order). */
function expected(history: { offset: number; key: string | null; value: Value | null }[]): Map<string, [number, Value]> {
  const m = new Map<string, [number, Value]>()
  for (const r of history) {
    if (r.key === null) continue
    if (r.value === null) m.delete(r.key)
    else m.set(r.key, [r.offset, r.value])
  }
  return m
}

function contents(table: LogTable<Value, string>): Map<string, [number, Value]> {
  const m = new Map<string, [number, Value]>()
  for (const r of table) m.set(r.key!, [r.offset, r.value!])
  return m
}

describe('log.table() against a model', () => {
  it('appends, tombstones, compaction, truncation and reopen', async () => {
    console.log(`table model test: TABLE_SEED=${SEED}`)
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), async (ops) => {
        const dir = dirs.make()
        let log = await Log.open<Value, string>(dir, OPTIONS)
        let writer: LogWriter<Value, string> = await log.writer()
        let table = await log.table()
        let history: { offset: number; key: string | null; value: Value | null }[] = []
        try {
          for (const o of ops) {
            if (o.kind === 'append') {
              const { baseOffset } = await writer.append(o.records)
              o.records.forEach((r, i) => history.push({ offset: baseOffset + i, ...r }))
            } else if (o.kind === 'compact') {
              await writer.compact()
            } else if (o.kind === 'truncate') {
              const at = Math.max(log.logStartOffset, Math.floor(o.at * (log.logEndOffset + 1)))
              await writer.truncateTo(at)
              history = history.filter((r) => r.offset < at)
            } else {
              await table.close()
              await log.close()
              log = await Log.open<Value, string>(dir, OPTIONS)
              writer = await log.writer()
              table = await log.table()
            }
            await table.catchUp()
            const want = expected(history)
            expect(contents(table)).toEqual(want)
            expect(table.size).toBe(want.size)
            for (const k of KEYS) {
              expect(table.has(k)).toBe(want.has(k))
              expect(table.get(k)?.value).toEqual(want.get(k)?.[1])
            }
            expect(table.position).toBe(log.highWatermark)
          }
        } finally {
          await table.close()
          await log.close()
        }
      }),
      { numRuns: NUM_RUNS, seed: SEED, path: PATH, endOnFailure: PATH !== undefined },
    )
  }, 300_000)
})
