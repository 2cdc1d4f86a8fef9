/**
 * The mirror's resume point against a model of a Kafka partition (no broker): whatever mix of
 * committed, aborted and hanging transactions a history of mirror runs leaves (a hanging one is
 * what a broker SIGKILLed right after acknowledging a commit can leave: records without markers,
 * and the group offset stored with them still pending), resuming from `resumePoint` and committing
 * at last gives a `read_committed` consumer every source record exactly once, in order.
 *
 * The consumer here is written from Kafka's rule directly (a transactional record is visible when
 * the next control record of its producer id is a COMMIT), not from `judgeTail`'s loop.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { judgeTail, resumePoint, settle, type Progress, type TailRecord } from '../../src/mirror/tail-verdict.js'

const OURS = '7'

/** What a read_committed consumer sees: the source offsets of visible data records, in order. */
function visible(partition: TailRecord[]): Array<number | null> {
  return partition
    .filter((r, i) => {
      if (r.control !== undefined) return false
      if (!r.transactional) return true
      const marker = partition.slice(i + 1).find((m) => m.control !== undefined && m.producerId === r.producerId)
      return marker?.control === 1
    })
    .map((r) => r.sourceOffset ?? null)
}

/** A mirror run's transaction: committed; aborted (or its mirror crashed: the next one aborts it); hanging. */
type Outcome = 'commit' | 'abort' | 'hang'
const run = fc.record({
  records: fc.integer({ min: 1, max: 5 }),
  outcome: fc.constantFrom<Outcome>('commit', 'commit', 'abort', 'hang'),
  foreign: fc.constantFrom('none', 'aborted', 'committed-then-ours'),
})

describe('mirror resume point (model)', () => {
  it('any history of commits, aborts, crashes and hanging commits: every record once, in order', () => {
    fc.assert(
      fc.property(fc.array(run, { maxLength: 12 }), (runs) => {
        const partition: TailRecord[] = []
        /** The group offset a commit stored; a hanging commit's is still pending (not readable). */
        let group: Progress | undefined
        let pendingGroup: Progress | undefined
        const append = (r: Omit<TailRecord, 'offset'>): void => void partition.push({ ...r, offset: partition.length })
        const marker = (producerId: string, control: number): void => {
          append({ producerId, transactional: true, control })
          // Our marker on __consumer_offsets decides the pending offset the same way.
          if (producerId === OURS) {
            if (control === 1 && pendingGroup !== undefined) group = pendingGroup
            pendingGroup = undefined
          }
        }
        const transaction = (from: number, n: number, end: 'commit' | 'abort' | 'open'): void => {
          for (let i = 0; i < n; i++) append({ producerId: OURS, transactional: true, sourceOffset: from + i })
          pendingGroup = { nextOffset: from + n, truncationEpoch: 0 }
          if (end !== 'open') marker(OURS, end === 'commit' ? 1 : 0)
        }
        const resume = (): number => {
          const next = resumePoint(judgeTail(partition), group, 0)
          if (next === 'unaccounted') throw new Error('the mirror could not account for the partition')
          return next === 'nothing' ? 0 : next.nextOffset
        }
        for (const r of runs) {
          if (r.foreign === 'aborted') {
            append({ producerId: '99', transactional: true, sourceOffset: null })
            marker('99', 0)
          }
          // A new mirror run. (Its InitProducerId finished the previous run's transaction: an
          // aborted one has its markers; a hanging one's were skipped, so nothing more is written.)
          transaction(resume(), r.records, r.outcome === 'hang' ? 'open' : r.outcome)
          if (r.foreign === 'committed-then-ours' && group !== undefined) {
            // Someone else's committed record, then a committed transaction of ours after it: the
            // group offset tells where we are (with no group offset, it is KLOG_MIRROR_CONFLICT).
            append({ producerId: '98', transactional: false, sourceOffset: null })
            transaction(resume(), 1, 'commit')
          }
        }
        // A last mirror run catches up and commits.
        const from = resume()
        transaction(from, 3, 'commit')
        const mirrored = visible(partition).filter((o) => o !== null)
        expect(mirrored).toEqual(Array.from({ length: mirrored.length }, (_, i) => i))
        expect(resume()).toBe(mirrored.length)
      }),
      { numRuns: 500 },
    )
  })

  it('the partitions a SIGKILLed broker left in a real run resume after the hanging records', () => {
    const data = (offset: number, sourceOffset: number, producerId = '1'): TailRecord => ({
      offset,
      producerId,
      transactional: true,
      sourceOffset,
    })
    const commit = (offset: number, producerId = '1'): TailRecord => ({ offset, producerId, transactional: true, control: 1 })
    // Commit 1 acknowledged, markers never written, group offset 100 pending.
    const hung = Array.from({ length: 100 }, (_, i) => data(i, i))
    const at = (nextOffset: number): Progress => ({ nextOffset, truncationEpoch: 0 })
    expect(resumePoint(judgeTail(hung), undefined, 0)).toEqual(at(100))
    // Commit 1 complete (marker at 100, group 100), commit 2's markers skipped.
    const second = [...hung, commit(100), ...Array.from({ length: 80 }, (_, i) => data(101 + i, 100 + i))]
    expect(resumePoint(judgeTail(second), at(100), 0)).toEqual(at(180))
    // A compacted target without the last records: the stored group offset is higher, nothing hangs.
    expect(resumePoint(judgeTail([data(0, 5), commit(1)]), at(9), 0)).toEqual(at(9))
    // Records nobody accounts for: a foreign last record and no group offset, or a deleted start.
    expect(resumePoint(judgeTail([{ offset: 0, producerId: '-1', transactional: false, sourceOffset: null }]), undefined, 0)).toBe(
      'unaccounted',
    )
    expect(resumePoint(judgeTail([]), undefined, 40)).toBe('unaccounted')
    expect(resumePoint(judgeTail([]), undefined, 0)).toBe('nothing')
    // Only an aborted first transaction: nothing was mirrored.
    expect(resumePoint(judgeTail([data(0, 0), { ...commit(1), control: 0 }]), undefined, 0)).toBe('nothing')
  })
})

/**
 * Truncations of the source between mirror runs: the log is an array of record identities (a new
 * identity for every append, so a refill after a truncation puts different records at the cut
 * offsets), with Kafka's truncation epoch and offset. Each run resumes from `resumePoint`, settles
 * that progress against the log's history (`settle`) and commits the next records, tagged with the
 * epoch they were read in. With `'error'`, no run extends a topic that holds a record the log no
 * longer has, and every committed run leaves the topic a prefix of the log; with `'remirror'`, the
 * log a consumer rebuilds from the topic (a source offset that goes back starts the new history
 * there) is a prefix of the log after every commit. Runs may also leave their transaction hanging,
 * as a SIGKILLed broker can.
 */
describe('mirror resume point across truncations of the source (model)', () => {
  type Step = { kind: 'append'; n: number } | { kind: 'truncate'; keep: number } | { kind: 'run'; n: number; hang: boolean }
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('append' as const), n: fc.integer({ min: 1, max: 6 }) }),
    fc.record({ kind: fc.constant('truncate' as const), keep: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ kind: fc.constant('run' as const), n: fc.integer({ min: 1, max: 6 }), hang: fc.boolean() }),
  )

  it.each(['error', 'remirror'] as const)('onTruncation %s: the topic never mixes histories unnoticed', (mode) => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => {
        let ids = 0
        const log = { records: [] as number[], truncationEpoch: 0, truncationOffset: 0 }
        const partition: Array<TailRecord & { id?: number }> = []
        let group: Progress | undefined
        let pendingGroup: Progress | undefined
        const append = (r: Omit<TailRecord, 'offset'> & { id?: number }): void => void partition.push({ ...r, offset: partition.length })
        /**
         * The log as a read_committed consumer of the topic rebuilds it: each mirrored record is
         * placed at its source offset, and one whose offset is not past the previous one's starts
         * the log's new history there (what `'remirror'` sends after a cut).
         */
        const rebuilt = (withHanging = false): number[] => {
          const view: number[] = []
          partition.forEach((r, i) => {
            if (r.control !== undefined || r.sourceOffset == null) return
            const marker = partition.slice(i + 1).find((m) => m.control !== undefined && m.producerId === OURS)
            // Hanging records count as committed when asked: the mirror's next commit decides them.
            if (marker === undefined ? !withHanging : marker.control !== 1) return
            expect(r.sourceOffset).toBeLessThanOrEqual(view.length)
            view.length = r.sourceOffset
            view.push(r.id!)
          })
          return view
        }
        /** Whether the committed topic holds a record the log does not have at its offset. */
        const stale = (withHanging = false): boolean => rebuilt(withHanging).some((id, offset) => log.records[offset] !== id)
        for (const s of steps) {
          if (s.kind === 'append') {
            for (let i = 0; i < s.n; i++) log.records.push(ids++)
            continue
          }
          if (s.kind === 'truncate') {
            const keep = Math.floor(s.keep * log.records.length)
            log.records.length = keep
            log.truncationEpoch++
            log.truncationOffset = keep
            continue
          }
          // A mirror run (its InitProducerId leaves a hanging transaction hanging, see above).
          const staleBefore = stale()
          const resumed = resumePoint(judgeTail(partition), group, 0)
          if (resumed === 'unaccounted') throw new Error('the mirror could not account for the partition')
          let progress: Progress = resumed === 'nothing' ? { nextOffset: 0, truncationEpoch: log.truncationEpoch } : resumed
          const settled = settle(progress, { logStartOffset: 0, ...log })
          if ('cutAt' in settled) {
            // After one truncation the refusal is exact: the topic holds records the log lost.
            if (log.truncationEpoch === progress.truncationEpoch + 1) expect(stale(true)).toBe(true)
            if (mode === 'error') {
              continue
            }
            progress = { nextOffset: settled.cutAt, truncationEpoch: log.truncationEpoch }
          } else {
            progress = settled
            expect(progress.nextOffset).toBeLessThanOrEqual(log.records.length)
          }
          const n = Math.min(s.n, log.records.length - progress.nextOffset)
          if (n <= 0) continue
          for (let i = 0; i < n; i++) {
            const sourceOffset = progress.nextOffset + i
            append({
              producerId: OURS,
              transactional: true,
              sourceOffset,
              truncationEpoch: progress.truncationEpoch,
              id: log.records[sourceOffset],
            })
          }
          pendingGroup = { nextOffset: progress.nextOffset + n, truncationEpoch: progress.truncationEpoch }
          if (!s.hang) {
            append({ producerId: OURS, transactional: true, control: 1 })
            group = pendingGroup
          }
          // What this run saw as safe to extend is a prefix of the log: nothing stale was kept
          // unless it was stale before and this run refused (mode 'error').
          if (!s.hang) expect(stale()).toBe(false)
          if (mode === 'error' && staleBefore) throw new Error('a run proceeded over a topic holding records the log no longer has')
        }
        // A last run with everything appended: it refuses exactly when the topic is stale.
        const resumed = resumePoint(judgeTail(partition), group, 0)
        if (resumed !== 'nothing' && resumed !== 'unaccounted') {
          const settled = settle(resumed, { logStartOffset: 0, ...log })
          if (!('cutAt' in settled)) {
            append({ producerId: OURS, transactional: true, control: 1 }) // the next commit decides hanging records
            expect(stale()).toBe(false)
          }
        }
      }),
      { numRuns: 1000 },
    )
  })

  it('settle: a truncation at or above the progress keeps it; one below it, or several, is a cut', () => {
    const log = (truncationEpoch: number, truncationOffset: number, logStartOffset = 0) => ({
      truncationEpoch,
      truncationOffset,
      logStartOffset,
    })
    expect(settle({ nextOffset: 10, truncationEpoch: 2 }, log(2, 3))).toEqual({ nextOffset: 10, truncationEpoch: 2 })
    expect(settle({ nextOffset: 10, truncationEpoch: 2 }, log(3, 10))).toEqual({ nextOffset: 10, truncationEpoch: 3 })
    expect(settle({ nextOffset: 10, truncationEpoch: 2 }, log(3, 9))).toEqual({ cutAt: 9 })
    expect(settle({ nextOffset: 10, truncationEpoch: 2 }, log(4, 50, 4))).toEqual({ cutAt: 4 })
    // The log's epoch went back (its history was lost): nothing mirrored can be vouched for.
    expect(settle({ nextOffset: 10, truncationEpoch: 2 }, log(0, 0, 0))).toEqual({ cutAt: 0 })
  })
})
