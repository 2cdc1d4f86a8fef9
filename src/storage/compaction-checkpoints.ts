/**
 * The two compaction checkpoints at open: Kafka's cleaner checkpoint (`cleaner-offset-checkpoint`,
 * the first offset the next round deduplicates) and our compacted-until hint
 * (`compacted-until-offset-checkpoint`, below which holes are accepted without a walk).
 *
 * Neither decides what is readable or what survives. The batches decide that: a hole above the hint
 * is accepted once the segment's own batches vouch for it (`Segment.allowsHole`), so a lost, damaged
 * or lowered hint costs one walk of a segment, and a lost cleaner checkpoint means cleaning again
 * (as in Kafka). What the checkpoints must never do is *claim too much*: a cleaner checkpoint above
 * records that were never cleaned (appended again after a truncation, or after the log lost its
 * tail) would make a round take them as clean and keep a record whose key a later tombstone
 * deleted. So at open each is checked against the log as loaded: one beyond the log end follows it
 * down (the tail was cut, which recovery reports; the checkpoint follows as after a truncation); one
 * that is unreadable, or missing or below what the other one or the segments' vouched holes show, is
 * re-derived, rewritten and reported once as a `compaction-checkpoint-reset` repair in
 * `log.recovery.repairs`.
 *
 * While the writer runs, {@link CompactionProgress} holds both and moves them with the log: raised by
 * a compaction swap, lowered by a truncation.
 *
 * Writer only (under the directory lock): at load, and from the writer's exclusive work.
 */
import path from 'node:path'
import type { RecoveryReport } from '../base/reports.js'
import { CLEANER_CHECKPOINT_FILE, COMPACTED_UNTIL_FILE, inspectOffsetCheckpoint, writeOffsetCheckpoint } from '../segment/checkpoint.js'
import type { Segment } from '../segment/segment.js'

/** What the two files held at open. */
export interface CompactionCheckpoints {
  compactedUntil: number | 'missing' | 'unreadable'
  cleaner: number | 'missing' | 'unreadable'
}

/** What the loaded log uses from here on. */
export interface SettledCheckpoints {
  /** Holes below it are accepted without a walk (set on every segment). */
  compactedUntil: number
  /** The first offset the next compaction round deduplicates. */
  cleanerCheckpoint: number
}

const offsetOf = (c: number | 'missing' | 'unreadable'): number => (typeof c === 'number' ? c : 0)

/** Reads both checkpoints as they are on disk. */
export function readCompactionCheckpoints(dir: string): CompactionCheckpoints {
  return {
    compactedUntil: inspectOffsetCheckpoint(dir, COMPACTED_UNTIL_FILE),
    cleaner: inspectOffsetCheckpoint(dir, CLEANER_CHECKPOINT_FILE),
  }
}

/**
 * The hint for the walks the load itself runs (recovery, index rebuilds), before the log end is
 * known: everything below the cleaner checkpoint was compacted, so a lost compacted-until hint is at
 * least that. Holes above it are judged by the segments themselves.
 */
export function loadHint(c: CompactionCheckpoints): number {
  return Math.max(offsetOf(c.compactedUntil), offsetOf(c.cleaner))
}

/**
 * Checks both checkpoints against the loaded log (`segments`, oldest first; the last one's
 * `nextOffset` is the log end), rewrites those that need it and reports each (see the module doc).
 */
export function settleCompactionCheckpoints(
  dir: string,
  c: CompactionCheckpoints,
  segments: readonly Segment[],
  report: RecoveryReport,
): SettledCheckpoints {
  const logEnd = segments[segments.length - 1]!.nextOffset
  const repair = (name: string, reason: string): void => {
    report.repairs.push({ kind: 'compaction-checkpoint-reset', file: path.join(dir, name), reason })
  }

  let cleaner = offsetOf(c.cleaner)
  // Only a plausible cleaner checkpoint says where holes may lie.
  const cleanerVouches = cleaner <= logEnd
  if (c.cleaner === 'unreadable') {
    repair(CLEANER_CHECKPOINT_FILE, 'unreadable; compaction starts again from the log start')
    writeOffsetCheckpoint(dir, CLEANER_CHECKPOINT_FILE, 0)
  } else if (cleaner > logEnd) {
    // Records at or past the log end were cut (a lost tail, or a truncation an older version did
    // not checkpoint): whatever is appended there from now on is dirty. Not a repair of its own:
    // the cut is what recovery reports; the checkpoint only follows it (as a truncation's does).
    cleaner = logEnd
    writeOffsetCheckpoint(dir, CLEANER_CHECKPOINT_FILE, cleaner)
  }

  // Holes lie at least up to the cleaner checkpoint, and up to wherever a segment vouched for its own.
  let vouched = 0
  for (const seg of segments) vouched = Math.max(vouched, seg.vouchedHolesBelow)
  const recorded = offsetOf(c.compactedUntil)
  const compactedUntil = Math.min(Math.max(recorded, cleanerVouches ? cleaner : 0, vouched), logEnd)
  let reason: string | undefined
  if (c.compactedUntil === 'unreadable') reason = 'unreadable'
  else if (compactedUntil > recorded) {
    const what = c.compactedUntil === 'missing' ? 'missing' : `offset ${recorded}`
    reason =
      vouched > Math.max(recorded, cleaner)
        ? `${what}, but the segments' own batches vouch for compaction's holes up to ${vouched}`
        : `${what}, below the cleaner checkpoint ${cleaner}`
  }
  if (reason !== undefined) repair(COMPACTED_UNTIL_FILE, `${reason}; re-derived as ${compactedUntil}`)
  // Above the log end it follows the cut, like the cleaner checkpoint.
  if (reason !== undefined || recorded > logEnd) writeOffsetCheckpoint(dir, COMPACTED_UNTIL_FILE, compactedUntil)
  for (const seg of segments) seg.allowGapsBelow(compactedUntil)
  return { compactedUntil, cleanerCheckpoint: cleaner }
}

/**
 * The two compaction checkpoints while the writer runs, each written through to its file when it
 * moves. Writer only, from exclusive work (a swap, a truncation).
 */
export class CompactionProgress {
  readonly #dir: string
  #cleanerCheckpoint: number
  #compactedUntil: number

  constructor(dir: string, settled: { cleanerCheckpoint: number; compactedUntil: number }) {
    this.#dir = dir
    this.#cleanerCheckpoint = settled.cleanerCheckpoint
    this.#compactedUntil = settled.compactedUntil
  }

  /** Kafka's cleaner checkpoint: the first offset the next compaction round deduplicates. */
  get cleanerCheckpoint(): number {
    return this.#cleanerCheckpoint
  }

  /** Offsets below this may have gaps left by compaction (see `COMPACTED_UNTIL_FILE`). */
  get compactedUntil(): number {
    return this.#compactedUntil
  }

  /**
   * Before a swap's commit: offsets below `end` may have gaps (what read and recovery checks allow).
   * A round that then does not commit leaves it a little high, which only relaxes the gap check over
   * records that have none.
   */
  holesBelow(end: number, segments: readonly Segment[]): void {
    if (end <= this.#compactedUntil) return
    this.#compactedUntil = end
    writeOffsetCheckpoint(this.#dir, COMPACTED_UNTIL_FILE, end)
    for (const seg of segments) seg.allowGapsBelow(end)
  }

  /**
   * After a swap: Kafka moves the cleaner checkpoint after the swap (losing it only means cleaning
   * again). Each group's range is deduplicated against the whole round's map, so the next round may
   * start at the end of the last group swapped.
   */
  cleanedTo(offset: number): void {
    this.#cleanerCheckpoint = offset
    writeOffsetCheckpoint(this.#dir, CLEANER_CHECKPOINT_FILE, offset)
  }

  /**
   * Kafka's `LogCleaner.maybeTruncateCheckpoint`, before a truncation to `newEnd` changes any file:
   * records appended again from `newEnd` on are new, never cleaned, so the cleaner checkpoint (the
   * first dirty offset) must not stay above them, or a later round would take them as clean and
   * keep a record whose key a tombstone after it deleted. The compacted-until hint comes down too:
   * the new records have no holes, and holes below `newEnd` stay below it. A crash after these
   * writes and before the files change only means cleaning again.
   */
  truncatedTo(newEnd: number, segments: readonly Segment[]): void {
    if (this.#cleanerCheckpoint > newEnd) this.cleanedTo(newEnd)
    if (this.#compactedUntil > newEnd) {
      this.#compactedUntil = newEnd
      writeOffsetCheckpoint(this.#dir, COMPACTED_UNTIL_FILE, newEnd)
      for (const seg of segments) seg.allowGapsBelow(newEnd)
    }
  }
}
