/**
 * The checks of the consumer-group scenario (group-scenario.ts) over what its members wrote: one
 * file of processed records per member, and snapshots each taken as the group's committed offsets
 * followed by every file's line count (so a line past a snapshot's count was written after those
 * offsets were committed). Pure: it reads nothing but its arguments, and fails through `expect` with
 * the list of violations.
 *
 * - Every produced record was processed, with its key and value: the producer wrote record `n` as
 *   key `k<n % keys>`, value `v<n>`, to partition `(n % keys) % partitions`, in order.
 * - Committed offsets never go back from one snapshot to the next.
 * - Per-key order within each member: a record of a key below the highest offset the member has
 *   processed for that key is a replay of one it processed before (a rewind to the committed
 *   offset), never one it skipped.
 * - No record is processed again after its offset was committed: a line past a snapshot's count
 *   with an offset below that snapshot's committed offset is the record's only processing (a client
 *   that commits what it has received before it prints, kcat, may print a record just after its
 *   commit, but it prints it once).
 * - After each kill, the killed member's records that others processed again are all at or past
 *   their partition's committed offset at the kill: processed, not yet committed.
 */
import { expect } from 'vitest'

/** One record as a member processed it. */
export interface ProcessedRecord {
  partition: number
  offset: number
  key: string
  value: string
}

/** Committed offsets (per partition), then each member's line count (by label; a member started later has none). */
export interface Snapshot {
  committed: number[]
  lines: Map<string, number>
}

/** Per killed member: its records processed again by others after the kill. */
export type KillDuplicates = Record<string, number>

/** What {@link checkProcessing} checks. */
export interface ProcessingInput {
  partitions: number
  keys: number
  /** Records produced. */
  total: number
  /** Each member's processed records, in the order it wrote them. */
  files: Map<string, ProcessedRecord[]>
  /** In the order taken. */
  snapshots: Snapshot[]
  /** The SIGKILLed members, each with the snapshot taken once it had exited. */
  kills: { label: string; at: Snapshot }[]
}

/** What {@link checkProcessing} counted. */
export interface ProcessingCounts {
  processed: number
  duplicates: number
  afterKill: KillDuplicates
  perMember: Record<string, number>
}

const id = (r: ProcessedRecord): string => `${r.partition}:${r.offset}`

/** Runs every check (see the module doc); returns the counts. */
export function checkProcessing(input: ProcessingInput): ProcessingCounts {
  const { partitions, keys, total, files, snapshots, kills } = input
  const times = new Map<string, number>()
  for (const recs of files.values()) for (const r of recs) times.set(id(r), (times.get(id(r)) ?? 0) + 1)

  // Every produced record, as produced, and nothing else.
  const wrong: string[] = []
  const expected = new Map<string, [string, string]>()
  const next = Array.from({ length: partitions }, () => 0)
  for (let n = 0; n < total; n++) {
    const p = (n % keys) % partitions
    expected.set(`${p}:${next[p]!++}`, [`k${n % keys}`, `v${n}`])
  }
  for (const key of expected.keys()) if (!times.has(key)) wrong.push(`${key} never processed`)
  for (const [label, recs] of files) {
    for (const r of recs) {
      const want = expected.get(id(r))
      if (want === undefined) wrong.push(`${label}: ${id(r)} was never produced`)
      else if (r.key !== want[0] || r.value !== want[1])
        wrong.push(`${label}: ${id(r)} is ${r.key}=${r.value}, produced ${want[0]}=${want[1]}`)
    }
  }
  expect(wrong.slice(0, 20), `${wrong.length} records missing or wrong`).toEqual([])

  // Committed offsets never go back.
  const back: string[] = []
  for (let i = 1; i < snapshots.length; i++) {
    for (let p = 0; p < partitions; p++) {
      if (snapshots[i]!.committed[p]! < snapshots[i - 1]!.committed[p]!) {
        back.push(`partition ${p}: ${snapshots[i - 1]!.committed[p]} then ${snapshots[i]!.committed[p]} (snapshot ${i})`)
      }
    }
  }
  expect(back, 'committed offsets went back').toEqual([])

  // Per-key order within each member.
  const disorder: string[] = []
  for (const [label, recs] of files) {
    const highest = new Map<string, number>()
    const done = new Set<string>()
    for (const r of recs) {
      const top = highest.get(r.key) ?? -1
      if (r.offset <= top && !done.has(id(r))) disorder.push(`${label}: ${r.key} at ${id(r)} after offset ${top}`)
      highest.set(r.key, Math.max(top, r.offset))
      done.add(id(r))
    }
  }
  expect(disorder.slice(0, 20), 'records of a key out of order').toEqual([])

  // No record processed again after its offset was committed.
  const again: string[] = []
  for (const [i, s] of snapshots.entries()) {
    for (const [label, recs] of files) {
      for (const r of recs.slice(s.lines.get(label) ?? 0)) {
        if (r.offset < s.committed[r.partition]! && times.get(id(r))! > 1) {
          again.push(
            `${label} processed ${id(r)} (${times.get(id(r))} times) after snapshot ${i} had committed ${s.committed[r.partition]}`,
          )
        }
      }
    }
  }
  expect([...new Set(again)].slice(0, 20), 'committed records processed again').toEqual([])

  // The duplicates each kill allowed: the killed member's uncommitted records, processed again.
  const afterKill: KillDuplicates = {}
  const belowCommit: string[] = []
  for (const { label, at } of kills) {
    const killed = new Set((files.get(label) ?? []).map(id))
    afterKill[label] = 0
    for (const [other, recs] of files) {
      if (other === label) continue
      for (const r of recs.slice(at.lines.get(other) ?? 0)) {
        if (!killed.has(id(r))) continue
        afterKill[label]++
        if (r.offset < at.committed[r.partition]!)
          belowCommit.push(`${other} reprocessed ${id(r)} of ${label}, committed ${at.committed[r.partition]}`)
      }
    }
  }
  expect(belowCommit.slice(0, 20), "a killed member's committed records processed again").toEqual([])

  let processed = 0
  let duplicates = 0
  for (const n of times.values()) {
    processed += n
    duplicates += n - 1
  }
  const perMember = Object.fromEntries([...files].map(([label, recs]) => [label, recs.length]))
  return { processed, duplicates, afterKill, perMember }
}
