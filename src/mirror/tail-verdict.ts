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
}

/** The judgement of a stretch of a partition that runs up to its high watermark. */
export interface TailVerdict {
  /**
   * The highest source offset among mirrored records that no marker has decided yet: the mirror's
   * next commit (same transactional id, so same producer id) commits them.
   */
  hanging?: number
  /**
   * The last data record that is visible or will be (committed, non-transactional, or hanging):
   * its source offset, `null` when it is not a mirrored record. `undefined` when the stretch has
   * no such record (empty, or only aborted records and markers).
   */
  last?: { sourceOffset: number | null }
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
  let hanging: number | undefined
  let last = lastVisible
  for (const pending of open.values()) {
    last = later(last, pending.at(-1))
    for (const r of pending) if (r.sourceOffset != null) hanging = Math.max(hanging ?? -1, r.sourceOffset)
  }
  return {
    ...(hanging !== undefined ? { hanging } : {}),
    ...(last !== undefined ? { last: { sourceOffset: last.sourceOffset ?? null } } : {}),
  }
}

function later(a: TailRecord | undefined, b: TailRecord | undefined): TailRecord | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  return b.offset > a.offset ? b : a
}

/**
 * The next source offset to mirror, from the partition's verdict and the offset stored in the
 * mirror's consumer group (`undefined` when none is stored):
 * - mirrored records hanging: after the last of them (the next commit makes them visible);
 * - else the last visible record is mirrored: after it, or the group offset if that is higher
 *   (a compacted target topic can have removed the last records; the group offset is only ever
 *   stored by a commit, and with nothing hanging nothing can undo that commit);
 * - else (a foreign last record, or no visible record at all): the group offset;
 * - else `undefined` when the partition never held anything that is gone now (`logStartOffset`
 *   0) and -1 when it holds or held records nobody can account for.
 */
export function resumePoint(verdict: TailVerdict, groupOffset: number | undefined, logStartOffset: number): number | undefined {
  if (verdict.hanging !== undefined) return verdict.hanging + 1
  const last = verdict.last?.sourceOffset
  if (last != null) return Math.max(last + 1, groupOffset ?? 0)
  if (groupOffset !== undefined) return groupOffset
  if (verdict.last === undefined && logStartOffset === 0) return undefined
  return -1
}
