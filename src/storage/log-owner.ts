/**
 * LogOwner: the writer-side state of an open log directory, held while the directory lock is held.
 *
 * Owns the segment list, the offsets (log start, high watermark, log end, recovery point), the
 * published snapshot (in-process `SharedArrayBuffer` + cross-process state file), and the operations
 * that change the set of segments: roll, truncation, retention, record deletion, compaction swaps,
 * clean shutdown. Loading with recovery is `storage/log-loader.ts`; the append pipeline and the
 * serialisation of all of these is `storage/append-pipeline.ts` (driven by `writer.ts`).
 *
 * Concurrency contract: every method runs on the writer's thread. Readers on the same thread read
 * `segments` between the writer's synchronous steps; readers elsewhere see only what `publish()`
 * stores. Changes that make bytes unreadable (truncation, retention) publish the new bounds and a new
 * generation *before* touching files, so a reader that re-checks the generation after reading never
 * returns bytes from a file that was changed under it (see docs/concurrency.md).
 *
 * A compaction round prepares its output outside the exclusive section, from segments it pinned
 * with their content identity (`Segment.content`); each swap re-checks, inside the section, that
 * every segment the rest of the round was built from still holds those bytes. A truncation lowers
 * the cleaner checkpoints before it changes any file (Kafka's `LogCleaner.maybeTruncateCheckpoint`).
 * The pinning and the swap's re-check and segment-list change are `storage/compaction-swap.ts`.
 */
import { randomInt } from 'node:crypto'
import { WriterMetrics } from '../base/metrics.js'
import { LOG_START_FILE, writeCleanShutdown, writeOffsetCheckpoint } from '../segment/checkpoint.js'
import { ioError, type LogError } from '../base/errors.js'
import { crashPoint } from '../io/crash-point.js'
import { fsyncDir, fsyncDirSync } from '../io/files.js'
import type { DirectoryLock } from '../io/lock.js'
import type { ResolvedLogOptions } from '../base/options.js'
import type { RecoveryReport } from '../base/reports.js'
import { loadLog } from './log-loader.js'
import { CompactionProgress } from './compaction-checkpoints.js'
import type { CleanableSegment, CleanedGroup } from '../cleaner/cleaner.js'
import { Segment } from '../segment/segment.js'
import { SegmentList } from '../segment/segment-list.js'
import { FLAG_WRITER_CLOSED, type SnapshotState } from '../publish/snapshot.js'
import { Publisher, lastPublished } from '../publish/publisher.js'
import type { LogSource } from '../publish/log-source.js'
import { ReadMappings, activeMappingLength } from './read-mappings.js'
import { pinSealed, swapCleanedGroup } from './compaction-swap.js'
import { TruncationHistory, truncationPoint } from './truncation.js'
import { RecoveryPoint } from './recovery-point.js'
import { headBelow, retainedHead } from './retention.js'
import { SealQueue } from './seal-queue.js'
import { InlineSyncPolicy, type SyncKind } from './inline-sync.js'

/** The writer's side of an open log: its segments, recovery, publication, rolls, truncation and retention. */
export class LogOwner implements LogSource {
  readonly dir: string
  readonly options: ResolvedLogOptions
  readonly segments = new SegmentList()
  /** The one path of publication: the shared snapshot and the state file. */
  readonly publisher: Publisher
  readonly recovery: RecoveryReport
  #logStartOffset = 0
  #highWatermark = 0
  /** Committed byte length of the active segment (the high watermark's position). */
  #hwPosition = 0
  /** Offsets below it are durable; it owns the recovery-point checkpoint (see `recovery-point.ts`). */
  #recoveryPoint: RecoveryPoint
  /** Changes whenever the set or content of segments changes other than by appending. */
  #generation = Date.now() * 1000
  /** Rolls, retention and fsync latency, for `log.stats()` (and the roll / retention events). */
  readonly metrics = new WriterMetrics()
  /** Where the durable drain's syncs run (`inline-sync.ts`). */
  readonly #inlineSync = new InlineSyncPolicy()
  /** Truncations so far, and where the latest one left the log (see `snapshot.ts`). */
  #truncations = new TruncationHistory(undefined)
  /** Names this writer in every snapshot it publishes (see `SnapshotState.writerId`). */
  readonly writerId = randomInt(1, 2 ** 47)
  /** Compaction swaps published by this writer (see `SnapshotState.rewriteEpoch`). */
  #rewriteEpoch = 0
  /** The cleaner checkpoint and the compacted-until hint (see `compaction-checkpoints.ts`). */
  #compaction: CompactionProgress
  /**
   * A background failure that leaves the durability of acknowledged records unknown (a failed
   * fsync: sealing, the `'interval'` sync): the writer refuses appends and flushes from then on, and
   * close writes no clean-shutdown marker. Compaction and retention failures never land here.
   */
  #backgroundError: LogError | undefined
  private readonly lock: DirectoryLock
  private readonly readMaps = new ReadMappings()
  private dirDirty = false
  /** Rolled segments being sealed in the background, in roll order (see `seal-queue.ts`). */
  readonly #seals = new SealQueue({
    segments: this.segments,
    recoveryPoint: () => this.#recoveryPoint,
    closed: () => this.closed,
    syncDir: () => this.syncDir(),
    failInBackground: (err) => this.failInBackground(err),
  })
  private closed = false

  private constructor(
    dir: string,
    options: ResolvedLogOptions,
    lock: DirectoryLock,
    recovery: RecoveryReport,
    previous: { seq: number } | undefined,
  ) {
    this.dir = dir
    this.options = options
    this.lock = lock
    this.recovery = recovery
    this.publisher = new Publisher(dir, previous)
    this.#recoveryPoint = new RecoveryPoint(dir, 0, 0)
    this.#compaction = new CompactionProgress(dir, { cleanerCheckpoint: 0, compactedUntil: 0 })
  }

  /** The log start offset (Kafka's `logStartOffset`): records below it are gone or hidden. */
  get logStartOffset(): number {
    return this.#logStartOffset
  }

  /** The high watermark: every record below it is committed and readable. */
  get highWatermark(): number {
    return this.#highWatermark
  }

  /** Everything below this offset is durable (fsynced); recovery starts from the segment holding it. */
  get recoveryPoint(): number {
    return this.#recoveryPoint.value
  }

  /**
   * A sync made every offset below `offset` durable: the recovery point moves there, and its
   * checkpoint follows in the background (no acknowledgement waits for it; see `recovery-point.ts`).
   */
  flushedTo(offset: number): void {
    // Never past a segment whose seal has not finished (see `seal-queue.ts`).
    this.#seals.synced(offset, this.active.baseOffset)
  }

  /**
   * Waits until the recovery-point checkpoint says what {@link LogOwner.flushedTo} recorded (`flush()`).
   * @throws the checkpoint write's I/O error
   */
  persistRecoveryPoint(): Promise<void> {
    return this.#recoveryPoint.persist()
  }

  /** Kafka's cleaner checkpoint: the first offset the next compaction round deduplicates. */
  get cleanerCheckpoint(): number {
    return this.#compaction.cleanerCheckpoint
  }

  /** Offsets below this may have gaps left by compaction (see `COMPACTED_UNTIL_FILE`). */
  get compactedUntil(): number {
    return this.#compaction.compactedUntil
  }

  /** The first background failure since open that failed the writer (see the field's doc). */
  get backgroundError(): LogError | undefined {
    return this.#backgroundError
  }

  /** Fails the writer for a background failure that leaves durability unknown (the first one is kept). */
  failInBackground(err: LogError): void {
    this.#backgroundError ??= err
  }

  /** The segment being appended to. */
  get active(): Segment {
    return this.segments.last!
  }

  get logEndOffset(): number {
    return this.active.nextOffset
  }

  /**
   * Loads `dir` under `lock`: consumes the clean-shutdown marker, trusts what lies below the recovery
   * point, recovers from the segment holding it, and publishes the first snapshot.
   */
  static async open(dir: string, options: ResolvedLogOptions, lock: DirectoryLock): Promise<LogOwner> {
    const { segments, logStartOffset: logStart, recoveryPoint, report, compactedUntil, cleanerCheckpoint } = await loadLog(dir, options)
    // Truncation history outlives a writer: readers in other processes compare epochs.
    const before = lastPublished(dir)
    const owner = new LogOwner(dir, options, lock, report, before)
    owner.#truncations = new TruncationHistory(before)
    owner.segments.reset(segments)
    owner.#logStartOffset = logStart
    owner.#compaction = new CompactionProgress(dir, { cleanerCheckpoint, compactedUntil })
    owner.#highWatermark = owner.logEndOffset
    owner.#hwPosition = owner.active.size
    owner.#recoveryPoint = new RecoveryPoint(
      dir,
      Math.min(recoveryPoint, owner.logEndOffset),
      Math.min(report.recoveryPoint, owner.logEndOffset),
    )
    if (before !== undefined && owner.logEndOffset < before.highWatermark) {
      // Recovery cut records the previous writer had published (a damaged segment, or a lost page
      // cache): to readers that outlived it this is a truncation, reported like one.
      owner.#truncations.truncated(owner.logEndOffset)
    }
    owner.publish()
    return owner
  }

  // ------------------------------------------------ LogSource (readers on the writer's thread)

  snapshot(): SnapshotState & { seq: number } {
    return this.publisher.current
  }

  generation(): number {
    return this.publisher.current.generation
  }

  floorSegment(offset: number): Segment | undefined {
    return this.segments.floor(offset)
  }

  higherSegment(baseOffset: number): Segment | undefined {
    return this.segments.higher(baseOffset)
  }

  waitForChange(seq: number, signal: AbortSignal | undefined): Promise<void> {
    return this.publisher.waitForChange(seq, signal)
  }

  /** The mapping of `seg`'s `.log` for point reads, or undefined (see `read-mappings.ts` and `LogSource`). */
  mappedBytes(seg: Segment, maxPosition: number, existingOnly = false): Buffer | undefined {
    const length = seg === this.active ? activeMappingLength(maxPosition) : seg.size
    return this.readMaps.mapped(seg, length, maxPosition, existingOnly)
  }

  /** Set when the directory lock was lost (removed or changed by someone else); the writer stops. */
  get lockLost(): Error | undefined {
    return this.lock.compromised
  }

  /** The state readers should see now. */
  state(): SnapshotState & { seq: number } {
    return {
      seq: 0, // set by the publisher
      highWatermark: this.#highWatermark,
      logEndOffset: this.logEndOffset,
      logStartOffset: this.#logStartOffset,
      hwSegmentBase: this.active.baseOffset,
      hwPosition: this.#hwPosition,
      generation: this.#generation,
      flags: this.closed ? FLAG_WRITER_CLOSED : 0,
      truncationEpoch: this.#truncations.epoch,
      truncationOffset: this.#truncations.offset,
      writerId: this.writerId,
      rewriteEpoch: this.#rewriteEpoch,
    }
  }

  /** Publishes the current state (see `publish/publisher.ts`). */
  publish(): void {
    this.publisher.publish(this.state())
  }

  /** Marks the active segment's committed end: everything written so far is readable. */
  commit(): void {
    this.#highWatermark = this.logEndOffset
    this.#hwPosition = this.active.size
    // Followers are woken at the end of the writer's synchronous run (one wake-up per burst), and
    // still before the appends resolve: a process told "offset N is written" by the writer finds it
    // in the state file (see `Publisher.publish`). Not at the end of the event-loop turn: that made
    // single-record appends 22% faster, but the state file then lagged the appends' resolution.
    this.publisher.publish(this.state(), 'soon')
  }

  /**
   * Rolls to a new active segment at the log end offset. Called only at a commit boundary (high
   * watermark = log end offset), so the new segment is the one that holds the high watermark.
   * The old segment is sealed in the background, in roll order.
   */
  roll(): void {
    const old = this.active
    const seg = Segment.create(this.dir, this.logEndOffset)
    old.stopAppending()
    this.segments.push(seg)
    this.dirDirty = true
    this.#generation++
    this.#hwPosition = 0
    this.publish()
    this.#seals.add(old)
    this.metrics.rolled(this.dir, old.baseOffset, seg.baseOffset)
  }

  /** Waits for background seals queued so far. */
  async settle(): Promise<void> {
    await this.#seals.idle()
    if (this.#backgroundError !== undefined) throw this.#backgroundError
  }

  /**
   * fsyncs the active segment as `kind` says ({@link SyncKind}: the `.log` on the pool, the `.log` of
   * an `fsync: 'always'` group on this thread while syncs are fast, or the index files too), and the
   * directory when segments were created since the last sync.
   */
  async syncActive(kind: SyncKind = 'log'): Promise<void> {
    const active = this.active
    if (kind === 'group') {
      const here = this.#inlineSync.inline
      this.#inlineSync.took(await this.metrics.timeFsync(() => active.syncLog(here)))
    } else await this.metrics.timeFsync(() => (kind === 'all' ? active.sync() : active.syncLog()))
    if (this.dirDirty) await this.syncDir()
  }

  /** fsyncs the directory. The flag is cleared first: a roll during the fsync sets it again. */
  private async syncDir(): Promise<void> {
    this.dirDirty = false
    try {
      await fsyncDir(this.dir)
    } catch (err) {
      this.dirDirty = true
      throw err
    }
  }

  /**
   * Kafka's `truncateTo`: removes every record with offset ≥ `offset` (batch granular: a batch that
   * straddles `offset` is removed whole, so the new log end may be below `offset`).
   * @returns the new log end offset
   */
  async truncateTo(offset: number): Promise<number> {
    if (offset >= this.logEndOffset) return this.logEndOffset
    await this.#seals.idle()
    const { target, position, newEnd } = await truncationPoint(this.segments, offset)
    // The recovery point comes down before any file changes: a crash in between must not find it
    // above the new log end (the next open would report the truncated records as flushed and lost).
    await this.#recoveryPoint.lower(newEnd)
    this.#seals.truncatedTo(newEnd)
    // Publish the final bounds and a new generation before any file changes (see module doc), so a
    // reader between here and the end of the truncation already sees exactly what will remain.
    this.#generation++
    this.#truncations.truncated(newEnd)
    this.#highWatermark = Math.min(this.#highWatermark, newEnd)
    // A batch that straddles the log start is removed whole: the log start follows the new end.
    const startBefore = this.#logStartOffset
    this.#logStartOffset = Math.min(this.#logStartOffset, newEnd)
    // A lowered log start is checkpointed before any file changes: otherwise a crash would find the
    // old start beyond the new log end.
    if (this.#logStartOffset !== startBefore) writeOffsetCheckpoint(this.dir, LOG_START_FILE, this.#logStartOffset)
    this.#compaction.truncatedTo(newEnd, this.segments.all)
    const doomed = this.segments.removeAbove(target.baseOffset)
    this.publisher.publish({ ...this.state(), logEndOffset: newEnd, hwSegmentBase: target.baseOffset, hwPosition: position })
    crashPoint('truncate:published')
    for (const seg of doomed) seg.delete()
    if (target.sealed) {
      // A backup may share its files (hard links): the cut below must not reach it.
      target.breakLinks()
      target.unseal()
    }
    await target.truncateTo(offset)
    crashPoint('truncate:files-changed')
    this.#highWatermark = target.nextOffset
    this.#hwPosition = target.size
    this.#logStartOffset = Math.min(this.#logStartOffset, target.nextOffset)
    this.#generation++
    this.publish()
    return this.logEndOffset
  }

  /**
   * Kafka's `deleteOldSegments`: removes whole segments, oldest first, stopping at the first one that
   * is not eligible. Only segments entirely below the high watermark are eligible, never the active one.
   * @returns the number of segments deleted
   */
  async enforceRetention(now: number): Promise<number> {
    if (retainedHead(this.segments.all, this.options, now) === 0) return 0
    await this.#seals.idle()
    const n = retainedHead(this.segments.all, this.options, now)
    if (n === 0) return 0
    const doomed = this.segments.removeHead(n)
    this.moveLogStart(Math.max(this.#logStartOffset, this.segments.first!.baseOffset), doomed)
    this.metrics.retained(
      this.dir,
      doomed.map((d) => d.baseOffset),
      this.#logStartOffset,
    )
    return doomed.length
  }

  /**
   * Raises the log start to `offset` after `doomed` (the head segments below it) left the list: the
   * new bounds and generation are published and checkpointed before the files go (see module doc).
   */
  private moveLogStart(offset: number, doomed: readonly Segment[]): void {
    this.#logStartOffset = offset
    this.#generation++
    this.publish()
    writeOffsetCheckpoint(this.dir, LOG_START_FILE, offset)
    for (const seg of doomed) seg.delete()
  }

  /**
   * Kafka's DeleteRecords: moves the log start offset to `offset` (≤ the high watermark), deletes the
   * segments wholly below it and hides the records below it in the first remaining segment. Publishes
   * the new log start before deleting files, like retention; persisted in the log-start checkpoint.
   * Exclusive work (see `LogWriter.deleteRecordsBefore`).
   * @returns the new log start offset
   */
  async deleteRecordsBefore(offset: number): Promise<number> {
    if (offset <= this.#logStartOffset) return this.#logStartOffset
    await this.#seals.idle()
    const doomed = this.segments.removeHead(headBelow(this.segments.all, offset))
    this.moveLogStart(offset, doomed)
    return this.#logStartOffset
  }

  /**
   * The sealed segments (all but the active one), oldest first, each with its end offset and its
   * content identity, **pinned** (the caller releases each): what a compaction round may read. Sealing
   * happens in the background; the round waits for it. The list, the identities and the pins are
   * taken in one synchronous step, so no change of the segment set falls between them.
   */
  async sealedForCleaning(): Promise<CleanableSegment[]> {
    await this.#seals.idle()
    return pinSealed(this.segments.all)
  }

  /**
   * Swaps one cleaned group in (see `cleaner/swap.ts`) and publishes the new segment set. Exclusive
   * work. The round built `group` (and `pending`, the groups after it) from bytes it read outside the
   * exclusive section, with one key map over all of them, so the swap happens only if nothing it was
   * built from changed: the group's old segments are still the log's, in place, followed by a segment
   * starting at the group's end, and every segment of `pending` still holds the content the round
   * pinned. A truncation (even in place, refilled to the same offsets), retention or record deletion
   * since the round pinned them fails this; then `false` is returned and the round drops the rest.
   * @param pending - `group` and the round's groups after it
   */
  swapCleaned(group: CleanedGroup, pending: readonly CleanedGroup[], endOffset: number): boolean {
    const publishRewrite = (): void => {
      this.#generation++
      this.#rewriteEpoch++
      this.publish()
    }
    const forget = (old: readonly Segment[]): void => this.readMaps.forget(old)
    return swapCleanedGroup(
      { dir: this.dir, segments: this.segments, compaction: this.#compaction, publishRewrite, forget },
      group,
      pending,
      endOffset,
    )
  }

  /**
   * Clean shutdown: seal work finished, the active segment's final time-index entry written and its
   * indexes trimmed, everything fsynced, checkpoints written, and only then the clean-shutdown marker.
   * Runs every step whatever failed before; only a failure that leaves durability unknown (the
   * writer's background error, or a step of this close) withholds the marker, so that the next open
   * rescans from the recovery point, and is then reported (rejection).
   */
  async close(): Promise<void> {
    if (this.closed) return
    let failure: unknown = this.#backgroundError
    try {
      await this.#seals.idle()
      const active = this.active
      active.indexes.finish()
      await this.syncActive('all')
      fsyncDirSync(this.dir)
      writeOffsetCheckpoint(this.dir, LOG_START_FILE, this.#logStartOffset)
      // The recovery point stays where the last successful sync left it when durability is unknown.
      if (this.#backgroundError !== undefined) throw this.#backgroundError
      await this.#recoveryPoint.persist(this.logEndOffset)
      writeCleanShutdown(this.dir, {
        logEndOffset: this.logEndOffset,
        activeBaseOffset: active.baseOffset,
        activeSize: active.size,
        activeFirstBatchTimestamp: active.indexes.firstBatchTimestamp,
      })
    } catch (err) {
      failure ??= err
    }
    await this.#recoveryPoint.settle()
    this.closed = true
    try {
      this.publish()
      this.publisher.close()
    } catch (err) {
      failure ??= err
    }
    for (const seg of this.segments.all) seg.close()
    await this.lock.release()
    if (failure !== undefined) throw ioError(failure, 'closing the log', this.dir)
  }
}
