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
import { judgeTail, resumePoint, type TailRecord } from '../../src/mirror/tail-verdict.js'

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
        let group: number | undefined
        let pendingGroup: number | undefined
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
          pendingGroup = from + n
          if (end !== 'open') marker(OURS, end === 'commit' ? 1 : 0)
        }
        const resume = (): number => {
          const next = resumePoint(judgeTail(partition), group, 0)
          expect(next).not.toBe(-1)
          return next ?? 0
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
    expect(resumePoint(judgeTail(hung), undefined, 0)).toBe(100)
    // Commit 1 complete (marker at 100, group 100), commit 2's markers skipped.
    const second = [...hung, commit(100), ...Array.from({ length: 80 }, (_, i) => data(101 + i, 100 + i))]
    expect(resumePoint(judgeTail(second), 100, 0)).toBe(180)
    // A compacted target without the last records: the stored group offset is higher, nothing hangs.
    expect(resumePoint(judgeTail([data(0, 5), commit(1)]), 9, 0)).toBe(9)
    // Records nobody accounts for: a foreign last record and no group offset, or a deleted start.
    expect(resumePoint(judgeTail([{ offset: 0, producerId: '-1', transactional: false, sourceOffset: null }]), undefined, 0)).toBe(-1)
    expect(resumePoint(judgeTail([]), undefined, 40)).toBe(-1)
    expect(resumePoint(judgeTail([]), undefined, 0)).toBeUndefined()
    // Only an aborted first transaction: nothing was mirrored.
    expect(resumePoint(judgeTail([data(0, 0), { ...commit(1), control: 0 }]), undefined, 0)).toBeUndefined()
  })
})
