/**
 * One append group: what a drain of the append pipeline (`append-pipeline.ts`) takes from its queue,
 * writes with one vectored write and later acknowledges, fails or rolls back as a whole.
 *
 * Owns the shape of a queued append and of a drained group, {@link writeGroup} (the step that stamps
 * base offsets, rolls when the head does not fit, and decides `expectedOffset` conflicts),
 * {@link failGroup} (rollback of a group whose write or fsync failed) and {@link settle}
 * (acknowledgement). The queue, the drains, the exclusive sections and the fsync policy stay in the
 * pipeline, which hands its queue and state to these functions through {@link GroupPipeline}. The
 * pipeline's view of the log ({@link AppendTarget}) and its result ({@link AppendResult}) live here
 * so that both modules share them without an import cycle; `append-pipeline.ts` re-exports them.
 *
 * Optimistic concurrency (`expectedOffset`) is decided in {@link writeGroup}, against the log end at
 * the moment the append would be written (the appends ahead of it in the same group included): the
 * only place the check is atomic with the write (see docs/concurrency.md, "`expectedOffset`").
 *
 * Writer thread only.
 */
import { LogError, OffsetConflictError, ioError } from '../base/errors.js'
import { stampBaseOffset } from '../format/record-batch.js'
import type { Segment, SegmentMark } from '../segment/segment.js'
import type { BatchMeta } from '../segment/segment-indexes.js'
import { shouldRoll } from '../segment/roll.js'
import type { SyncKind } from './inline-sync.js'
import type { ResolvedLogOptions } from '../base/options.js'

/** Offsets assigned to one `append()`. */
export interface AppendResult {
  /** Offset of the first record appended. */
  baseOffset: number
  /** Offset of the last record appended. */
  lastOffset: number
}

/** What the pipeline appends to: the log's writer-side state (`LogOwner` implements it). */
export interface AppendTarget {
  readonly options: ResolvedLogOptions
  readonly dir: string
  /** The segment appends go to. */
  readonly active: Segment
  readonly logEndOffset: number
  /** Set when the directory lock was lost: another process may be writing now. */
  readonly lockLost: Error | undefined
  /** Rolls to a new active segment at the log end offset (at a commit boundary). */
  roll(): void
  /** Marks the active segment's committed end and publishes it. */
  commit(): void
  /** fdatasync of the active segment's `.log` (and of the directory after a roll). */
  syncActive(kind?: SyncKind): Promise<void>
  /** Waits for the background seals queued so far; rejects with a background failure. */
  settle(): Promise<void>
  /** A sync made every offset below `offset` durable: the recovery point moves there. */
  flushedTo(offset: number): void
  /** A background failure that left durability unknown: appends are refused from then on. */
  readonly backgroundError: LogError | undefined
  /** Records such a failure (the first one is kept). */
  failInBackground(err: LogError): void
  /** Counts what was appended (`log.stats()`). */
  readonly metrics: { appended(records: number, bytes: number): void }
}

export interface EncodedBatch {
  size: number
  count: number
  maxTimestamp: number
}

export interface PendingAppend {
  /** Call order of the append (see `exclusively`). */
  seq: number
  /** The log end offset this append must land at, or -1 for none (`expectedOffset`). */
  expectedOffset: number
  buf: Buffer
  batches: EncodedBatch[]
  count: number
  maxTimestamp: number
  resolve: (r: AppendResult) => void
  reject: (e: unknown) => void
}

export interface Drained {
  group: PendingAppend[]
  results: AppendResult[]
  /** Appends taken out of the group because the log end was not their `expectedOffset`. */
  conflicts: { a: PendingAppend; logEndOffset: number }[]
  segment: Segment
  mark: SegmentMark
  /** The log end offset before the group was written, and when it was written (ms). */
  before: number
  now: number
}

/** What {@link writeGroup} needs of its pipeline. */
export interface GroupPipeline {
  readonly owner: AppendTarget
  /** The pipeline's queue, oldest first: the group is taken from its head. */
  readonly queue: PendingAppend[]
  /** Whether the group may take `a` (not when exclusive work waits for the pipeline before it). */
  mayWrite(a: PendingAppend): boolean
  /** The group rolled the active segment (before writing to the new one). */
  rolled(): void
  /** Appends are refused for good (the first reason is kept); returns the reason that holds. */
  refuse(err: LogError): LogError
  /** A rollback failed: appends are refused for good, for this reason. */
  readonly stuck: (err: LogError) => void
}

/** Takes the queued appends that fit the active segment, stamps their offsets and writes them. */
export function writeGroup(p: GroupPipeline): Drained | undefined {
  const owner = p.owner
  if (owner.lockLost !== undefined) {
    // Another process may be writing here now: stop before adding a single byte.
    const failed = p.refuse(new LogError('KLOG_LOCKED', 'the directory lock was lost; reopen the log', { cause: owner.lockLost }))
    for (const a of p.queue.splice(0)) a.reject(failed)
    return undefined
  }
  const opts = owner.options
  const now = Date.now()
  let segment = owner.active
  const group: PendingAppend[] = []
  const results: AppendResult[] = []
  const conflicts: Drained['conflicts'] = []
  const metas: BatchMeta[] = []
  const before = owner.logEndOffset
  let next = before
  let extra = 0
  while (p.queue.length > 0) {
    const a = p.queue[0]!
    if (!p.mayWrite(a)) break
    if (a.expectedOffset >= 0 && a.expectedOffset !== next) {
      // Decided here, where the log end cannot move under it: nothing of `a` is written.
      p.queue.shift()
      conflicts.push({ a, logEndOffset: next })
      continue
    }
    const probe: BatchMeta = { size: a.buf.length, lastOffset: next + a.count - 1, maxTimestamp: a.maxTimestamp }
    if (shouldRoll(segment, probe, opts, now, extra)) {
      if (group.length > 0) break
      try {
        owner.roll()
      } catch (err) {
        // The new segment could not be created (nothing changed): fail the appends waiting for
        // it rather than the drain, whose promise nobody awaits.
        const error = ioError(err, 'rolling a segment', owner.dir)
        for (const q of p.queue.splice(0)) q.reject(error)
        return undefined
      }
      segment = owner.active
      p.rolled()
    }
    p.queue.shift()
    group.push(a)
    let pos = 0
    const baseOffset = next
    for (const b of a.batches) {
      stampBaseOffset(a.buf, pos, next)
      next += b.count
      metas.push({ size: b.size, lastOffset: next - 1, maxTimestamp: b.maxTimestamp })
      pos += b.size
    }
    results.push({ baseOffset, lastOffset: next - 1 })
    extra += a.buf.length
  }
  const mark = segment.mark()
  const d: Drained = { group, results, conflicts, segment, mark, before, now }
  if (group.length === 0) {
    // Only conflicts: nothing to write, and the log end they saw is already acknowledged.
    settle(d, owner.metrics)
    return undefined
  }
  try {
    segment.append(
      group.map((a) => a.buf),
      metas,
      opts.indexIntervalBytes,
    )
  } catch (err) {
    failGroup(d, err, 'write', p.stuck)
    return undefined
  }
  return d
}

/**
 * Rolls a failed drain back so the log is exactly as before it, and rejects its appends.
 * @param stuck - told when the rollback itself failed: the writer must refuse appends until reopened
 */
export function failGroup(d: Drained, err: unknown, what: string, stuck: (err: LogError) => void): void {
  const error = ioError(err, `append ${what}`, d.segment.logPath)
  try {
    d.segment.rollback(d.mark)
  } catch (rollbackErr) {
    // The file may now hold bytes we could not remove; refuse further appends until reopened
    // (recovery will validate and cut them).
    stuck(
      new LogError('KLOG_WRITER_FAILED', 'a failed append could not be rolled back; reopen the log', {
        cause: rollbackErr,
      }),
    )
  }
  for (const a of d.group) a.reject(error)
  // Their check was made against a log end this failed group would have moved: it did not, so
  // they fail with the group (the caller may retry; the log is unchanged either way).
  for (const c of d.conflicts) c.a.reject(error)
}

/** Resolves the group's appends with their offsets and rejects its `expectedOffset` conflicts. */
export function settle(d: Drained, metrics: AppendTarget['metrics']): void {
  for (let i = 0; i < d.group.length; i++) {
    const a = d.group[i]!
    metrics.appended(a.count, a.buf.length)
    a.resolve(d.results[i]!)
  }
  for (const c of d.conflicts) c.a.reject(new OffsetConflictError(c.a.expectedOffset, c.logEndOffset))
}
