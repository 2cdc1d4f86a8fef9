/**
 * Seeks in views whose indexes are read lazily (docs/concurrency.md, "Why the index is safe to
 * use"): a view only records the published end of the segment holding the high watermark when it
 * wakes, and reads that segment's index entries at the next lookup. So a view that followed many
 * appends (across rolls) without looking anything up must, when it then seeks, find records
 * appended after its last index read: by offset (`reader.seek` + `read`, `log.get`) and by timestamp
 * (`log.offsetForTimestamp`, a reader `from: { timestamp }`), also after a truncation refilled the
 * segment with batches of other sizes (old entries would point into the middle of batches) and after
 * compaction swapped segments. Views: `Log.attach(log.share())` and `Log.open(dir, { readOnly: true })`
 * in this process; the writer is in this thread, so every step is deterministic.
 *
 * Seeded: each run prints its replay line (`VIEW_SEEKS_SEED=<seed>`).
 */
import { describe, expect, it } from 'vitest'
import { Log, type LogReader, type LogWriter } from '../../src/index.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { mulberry32 } from '../helpers/random.js'

const dirs = useTempDirs()
const SEEDS = process.env.VIEW_SEEKS_SEED === undefined ? [7, 8] : [Number(process.env.VIEW_SEEKS_SEED)]
/** Timestamps grow by 10 ms per record from here: a timestamp names a record exactly. */
const T0 = 1_700_000_000_000

interface Model {
  /** value by offset: the log's records, in order. */
  values: string[]
  /** The first offset `compact()` may have removed (records below it are compared as a set). */
  compactedBelow: number
}

type ViewKind = 'attach' | 'readOnly'

async function openView(kind: ViewKind, log: Log, dir: string): Promise<Log> {
  return kind === 'attach' ? Log.attach(log.share()) : Log.open(dir, { readOnly: true })
}

/** Appends `n` records (one `append` call each, batches of 1 to 3 records: different sizes). */
async function appendSome(w: LogWriter, m: Model, n: number, rand: () => number, tag: string): Promise<void> {
  for (let done = 0; done < n;) {
    const batch = Math.min(n - done, 1 + Math.floor(rand() * 3))
    const records = []
    for (let k = 0; k < batch; k++) {
      const offset = m.values.length + k
      const value = `${tag}:${offset}:${'x'.repeat(Math.floor(rand() * 40))}`
      records.push({ key: `k${offset % 7}`, value, timestamp: T0 + offset * 10 })
    }
    await w.append(records)
    for (const r of records) m.values.push(r.value)
    done += batch
  }
}

/** Follows to the high watermark in order: the view wakes (snapshot moves) but looks nothing up. */
async function catchUp(follower: LogReader, m: Model): Promise<void> {
  while (follower.position < m.values.length) {
    const got = await follower.read()
    for (const r of got) expect(r.value?.toString(), `follower at ${r.offset}`).toBe(m.values[r.offset])
  }
}

/** Seeks in the view to offsets the follower reached after its last lookup, checks each record. */
async function seekAround(view: Log, m: Model, from: number, rand: () => number): Promise<number> {
  const end = m.values.length
  let checked = 0
  for (let k = 0; k < 6 && from < end; k++) {
    const offset = from + Math.floor(rand() * (end - from))
    const seeker = view.reader({ from: 0 })
    seeker.seek(offset)
    const [first] = await seeker.read({ maxRecords: 1 })
    await seeker.close()
    const got = await view.get(offset)
    const byTime = await view.offsetForTimestamp(T0 + offset * 10 - 5)
    const fromTime = view.reader({ from: { timestamp: T0 + offset * 10 } })
    const [timed] = await fromTime.read({ maxRecords: 1 })
    await fromTime.close()
    if (offset >= m.compactedBelow) {
      expect(first?.offset, `seek(${offset})`).toBe(offset)
      expect(first?.value?.toString()).toBe(m.values[offset])
      expect(got?.value?.toString(), `get(${offset})`).toBe(m.values[offset])
      expect(byTime, `offsetForTimestamp(${offset})`).toBe(offset)
      expect(timed?.offset, `from timestamp of ${offset}`).toBe(offset)
      checked++
    } else {
      // Compacted range: whatever is there is one of the log's records at that offset or later.
      expect(first === undefined || first.value?.toString() === m.values[first.offset]).toBe(true)
    }
  }
  return checked
}

describe('views seek to records appended after their last index read', () => {
  for (const kind of ['attach', 'readOnly'] as const) {
    for (const seed of SEEDS) {
      it(`${kind} view: follows across rolls, then seeks by offset and timestamp; after truncation and compaction (seed ${seed})`, async () => {
        console.log(`view-seeks replay: VIEW_SEEKS_SEED=${seed} npx vitest run test/integration/view-seeks.test.ts -t '${kind}'`)
        const rand = mulberry32(seed)
        const dir = dirs.make()
        // Small segments and a small index interval: many rolls, and an index entry every few batches.
        const log = await Log.open(dir, { segmentBytes: 2048, indexIntervalBytes: 64, fsync: 'never', housekeepingIntervalMs: 0 })
        const w = await log.writer()
        const m: Model = { values: [], compactedBelow: 0 }
        const view = await openView(kind, log, dir)
        try {
          const follower = view.reader({ from: 0, onOutOfRange: 'earliest' })
          let checked = 0
          for (let round = 0; round < 12; round++) {
            const before = m.values.length
            // Several wake-ups between lookups, some rolls among them.
            for (let step = 0; step < 4; step++) {
              await appendSome(w, m, 5 + Math.floor(rand() * 30), rand, `r${round}`)
              await catchUp(follower, m)
            }
            checked += await seekAround(view, m, Math.max(m.compactedBelow, before), rand)
            if (round === 4 || round === 8) {
              // Cut inside the active segment (or below it) and refill with other sizes: entries of the
              // removed batches must never be used.
              // (Batch granular: the new end is where the batch holding `target` starts.)
              const target = Math.max(m.compactedBelow, m.values.length - 1 - Math.floor(rand() * 60))
              const cut = await w.truncateTo(target)
              expect(cut).toBeLessThanOrEqual(target)
              m.values.length = cut
              follower.seek(Math.min(follower.position, cut))
              await appendSome(w, m, 40 + Math.floor(rand() * 40), rand, `t${round}`)
              await catchUp(follower, m)
              checked += await seekAround(view, m, Math.max(m.compactedBelow, cut - 20), rand)
            }
            if (round === 6) {
              await w.compact()
              m.compactedBelow = m.values.length
              await appendSome(w, m, 30, rand, `c${round}`)
              await catchUp(follower, m)
              checked += await seekAround(view, m, m.compactedBelow, rand)
            }
          }
          await follower.close()
          expect(checked).toBeGreaterThan(50)
        } finally {
          await view.close()
          await log.close()
        }
      })
    }
  }
})
