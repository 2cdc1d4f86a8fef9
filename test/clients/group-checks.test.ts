/**
 * The group scenario's checks (group-checks.ts) on hand-made member files: a clean run passes with
 * its counts, and each violation they exist for fails them (a missing or altered record, committed
 * offsets going back, a key out of order, a committed record processed again, a killed member's
 * committed record processed again). No broker, no client: it runs in milliseconds.
 */
import { describe, expect, it } from 'vitest'
import { checkProcessing, type ProcessedRecord, type ProcessingInput, type Snapshot } from './group-checks.js'

// 2 partitions, 2 keys: record n is k<n % 2> = v<n> on partition n % 2, offset n >> 1.
const rec = (n: number): ProcessedRecord => ({ partition: n % 2, offset: n >> 1, key: `k${n % 2}`, value: `v${n}` })
const snap = (committed: number[], lines: Record<string, number>): Snapshot => ({ committed, lines: new Map(Object.entries(lines)) })

/** x processes 0-5 and commits up to 2 per partition, is killed; y replays 4, 5 (uncommitted) and goes on to 7. */
function clean(): ProcessingInput {
  const atKill = snap([2, 2], { x: 6 })
  return {
    partitions: 2,
    keys: 2,
    total: 8,
    files: new Map([
      ['x', [0, 1, 2, 3, 4, 5].map(rec)],
      ['y', [4, 5, 6, 7].map(rec)],
    ]),
    snapshots: [snap([0, 0], { x: 0 }), atKill, snap([4, 4], { x: 6, y: 4 })],
    kills: [{ label: 'x', at: atKill }],
  }
}

describe('group scenario checks', () => {
  it('pass a run with replays of uncommitted records only, and count them', () => {
    expect(checkProcessing(clean())).toEqual({ processed: 10, duplicates: 2, afterKill: { x: 2 }, perMember: { x: 6, y: 4 } })
  })

  it('fail on a record never processed or processed with other bytes', () => {
    const missing = clean()
    missing.files.set('y', [4, 5, 6].map(rec))
    expect(() => checkProcessing(missing)).toThrow(/1:3 never processed/)
    const altered = clean()
    altered.files.set('y', [...[4, 5, 6].map(rec), { ...rec(7), value: 'v9' }])
    expect(() => checkProcessing(altered)).toThrow(/records missing or wrong/)
  })

  it('fail when committed offsets go back', () => {
    const input = clean()
    input.snapshots.push(snap([4, 3], { x: 6, y: 4 }))
    expect(() => checkProcessing(input)).toThrow(/committed offsets went back/)
  })

  it("fail on a key's record skipped and processed later by the same member", () => {
    const input = clean()
    input.files.set('y', [6, 5, 4, 7].map(rec))
    expect(() => checkProcessing(input)).toThrow(/out of order/)
  })

  it('fail on a committed record processed again', () => {
    const input = clean()
    // y replays 2 (offset 1 of partition 0), committed at the kill snapshot and at y's start.
    input.files.set('y', [2, 4, 5, 6, 7].map(rec))
    expect(() => checkProcessing(input)).toThrow(/committed records processed again/)
  })

  it("fail on a killed member's committed record processed again when no snapshot saw it", () => {
    const input = clean()
    input.files.set('y', [2, 4, 5, 6, 7].map(rec))
    input.snapshots = [snap([0, 0], { x: 0 })]
    expect(() => checkProcessing(input)).toThrow(/killed member's committed records/)
  })
})
