/**
 * What the end of a Kafka partition says about a mirror's progress, judged the way Kafka itself
 * judges transactional records. Pure: it sees decoded records, never a broker.
 *
 * Kafka's rule (its producer state and `.txnindex`): a transactional data record belongs to the
 * open transaction of its producer id, and its fate is the next control record of that producer id
 * in the partition, whatever its epoch: COMMIT makes it visible to `read_committed` consumers,
 * ABORT hides it. A record with no later control record of its producer id is *hanging*: the
 * partition's last stable offset stops at it, and the producer's next marker decides it. A
 * non-transactional data record is visible at once.
 *
 * Why hanging records matter to the mirror: a broker SIGKILLed right after acknowledging a commit
 * can come back and record the transaction complete without writing its markers (seen in tests;
 * docs/kafka-interop.md has the evidence and the likely path in Kafka). The records stay hanging, the group offset committed with them stays pending, and the mirror's next
 * transaction (same producer id, next epoch) commits them with its own marker. Resuming from the
 * group offset alone then sends them again; resuming after them does not.
 */

/**
 * How far a mirror got: every source record below `nextOffset` is in the topic, read from the log
 * when its truncation epoch (`log.stats().truncationEpoch`) was `truncationEpoch`.
 */
export interface Progress {
  nextOffset: number
  truncationEpoch: number
}

/** One record of the partition as the judgement needs it. */
export interface TailRecord {
  /** Kafka offset. */
  offset: number
  /** The batch's producer id (decimal string; -1 when none). */
  producerId: string
  /** The batch is part of a transaction. */
  transactional: boolean
  /** A control record's type: 0 ABORT, 1 COMMIT (other types are ignored); `undefined` for data. */
  control?: number
  /** A data record's `kafka-lite-offset` header as a source offset; `null` when it has none. */
  sourceOffset?: number | null
  /** A mirrored record's `kafka-lite-truncation-epoch` header (0 when it has none). */
  truncationEpoch?: number
}

/** The judgement of a stretch of a partition that runs up to its high watermark. */
export interface TailVerdict {
  /**
   * After the last mirrored record that no marker has decided yet (the mirror's next commit, same
   * transactional id so same producer id, commits them), in that record's truncation epoch.
   */
  hanging?: Progress
  /**
   * The last data record that is visible or will be (committed, non-transactional, or hanging):
   * its source offset, `null` when it is not a mirrored record, and its truncation epoch.
   * `undefined` when the stretch has no such record (empty, or only aborted records and markers).
   */
  last?: { sourceOffset: number | null; truncationEpoch: number }
}

/** Judges `records` (in offset order, ending at the partition's high watermark). */
export function judgeTail(records: readonly TailRecord[]): TailVerdict {
  // Per producer id: the data records not yet decided by a marker, in offset order.
  const open = new Map<string, TailRecord[]>()
  let lastVisible: TailRecord | undefined
  for (const r of records) {
    if (r.control !== undefined) {
      const pending = open.get(r.producerId)
      open.delete(r.producerId)
      if (r.control === 1 && pending !== undefined) lastVisible = later(lastVisible, pending.at(-1))
      continue
    }
    if (!r.transactional) {
      lastVisible = later(lastVisible, r)
      continue
    }
    const pending = open.get(r.producerId)
    if (pending === undefined) open.set(r.producerId, [r])
    else pending.push(r)
  }
  let hanging: TailRecord | undefined
  let last = lastVisible
  for (const pending of open.values()) {
    last = later(last, pending.at(-1))
    // The latest by Kafka offset: source offsets only increase along the partition until a
    // re-mirror after a truncation sends the log again from its cut.
    for (const r of pending) if (r.sourceOffset != null && r.offset > (hanging?.offset ?? -1)) hanging = r
  }
  return {
    ...(hanging !== undefined ? { hanging: { nextOffset: hanging.sourceOffset! + 1, truncationEpoch: hanging.truncationEpoch ?? 0 } } : {}),
    ...(last !== undefined ? { last: { sourceOffset: last.sourceOffset ?? null, truncationEpoch: last.truncationEpoch ?? 0 } } : {}),
  }
}

function later(a: TailRecord | undefined, b: TailRecord | undefined): TailRecord | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  return b.offset > a.offset ? b : a
}

/** Where {@link resumePoint} says a mirror continues. */
export type ResumePoint =
  | Progress
  /** The partition holds nothing mirrored and never did (its log start is 0). */
  | 'nothing'
  /** The partition holds or held records nobody can account for (another producer's, or deleted). */
  | 'unaccounted'

/**
 * The mirror's progress, from the partition's verdict and the progress stored in the mirror's
 * consumer group (`undefined` when none is stored):
 * - mirrored records hanging: after the last of them (the next commit makes them visible);
 * - else the last visible record is mirrored: after it, or the group's progress if that is
 *   further (a compacted target topic can have removed the last records; the group offset is only
 *   ever stored by a commit, and with nothing hanging nothing can undo that commit);
 * - else (a foreign last record, or no visible record at all): the group's progress;
 * - else `'nothing'` when the partition never held anything that is gone now (`logStartOffset`
 *   0) and `'unaccounted'` when it holds or held records nobody can account for.
 * The truncation epoch is the one the chosen record (or the group's progress) was read in.
 */
export function resumePoint(verdict: TailVerdict, group: Progress | undefined, logStartOffset: number): ResumePoint {
  if (verdict.hanging !== undefined) return verdict.hanging
  const last = verdict.last
  if (last !== undefined && last.sourceOffset !== null) {
    const after: Progress = { nextOffset: last.sourceOffset + 1, truncationEpoch: last.truncationEpoch }
    return group !== undefined && group.nextOffset > after.nextOffset ? group : after
  }
  if (group !== undefined) return group
  if (verdict.last === undefined && logStartOffset === 0) return 'nothing'
  return 'unaccounted'
}

/** What {@link settle} needs to know of the source log's history (`log.stats()`). */
export interface LogHistory {
  logStartOffset: number
  truncationEpoch: number
  truncationOffset: number
}

/**
 * Whether a mirror's progress still describes the log: the records below `progress.nextOffset`
 * were read in the history of `progress.truncationEpoch`; a truncation since then that cut below
 * `nextOffset` removed records the topic holds (a refill puts different ones at their offsets).
 * @returns the progress in the log's current history (the same offset), or `{ cutAt }`: the lowest
 *   source offset whose mirrored record may no longer be the log's. That is the latest cut after
 *   one truncation, and the log start after several (the earlier cuts are not kept) or when the
 *   log's epoch went back (its history was lost).
 */
export function settle(progress: Progress, log: LogHistory): Progress | { cutAt: number } {
  if (log.truncationEpoch === progress.truncationEpoch) return progress
  const single = log.truncationEpoch === progress.truncationEpoch + 1
  if (single && log.truncationOffset >= progress.nextOffset)
    return { nextOffset: progress.nextOffset, truncationEpoch: log.truncationEpoch }
  return { cutAt: Math.min(progress.nextOffset, single ? log.truncationOffset : log.logStartOffset) }
}
