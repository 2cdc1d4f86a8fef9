/**
 * The at-least-once check shared by the group consumer tests (in process, in workers, over the
 * wire): a record that a member processed and then committed is never processed again.
 */
import { expect } from 'vitest'

/** One processing of a record by a group member, and whether the commit after it succeeded. */
export interface Processing {
  partition: number
  offset: number
  committed: boolean
}

/**
 * Fails (through `expect`) when a record is processed again after an earlier processing of it was
 * committed; returns how many processings were repeats (each of a record not yet committed).
 */
export function countRepeats(processings: readonly Processing[]): number {
  const earlier = new Map<string, Processing[]>()
  let repeats = 0
  for (const p of processings) {
    const id = `${p.partition}/${p.offset}`
    const before = earlier.get(id) ?? []
    if (before.length > 0) {
      repeats++
      expect(
        before.filter((x) => x.committed),
        `${id} processed again after a successful commit`,
      ).toEqual([])
    }
    earlier.set(id, [...before, p])
  }
  return repeats
}
