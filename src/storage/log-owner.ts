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
 */
import { randomInt } from 'node:crypto'
import fs from 'node:fs'
import { WriterMetrics } from '../base/metrics.js'
import {
  CLEANER_CHECKPOINT_FILE,
  COMPACTED_UNTIL_FILE,
  LOG_START_FILE,
  RECOVERY_POINT_FILE,
  readOffsetCheckpoint,
  writeCleanShutdown,
  writeOffsetCheckpoint,
} from '../segment/checkpoint.js'
import { ioError, type LogError } from '../base/errors.js'
import { fsyncDir, fsyncDirSync } from '../io/files.js'
import type { DirectoryLock } from '../io/lock.js'
import type { ResolvedLogOptions } from '../base/options.js'
import type { RecoveryReport } from '../base/reports.js'
import { loadLog, sealLoaded } from './log-loader.js'
import type { CleanedGroup } from '../cleaner/cleaner.js'
import { swapIn } from '../cleaner/swap.js'
import { readInt64 } from '../format/record-batch.js'
import { Segment } from '../segment/segment.js'
import { SegmentList } from '../segment/segment-list.js'
import { FLAG_WRITER_CLOSED, Snapshot, type SnapshotState } from '../publish/snapshot.js'
import { StateFileReader, StateFileWriter } from '../publish/state-file.js'
import type { LogSource } from '../publish/log-source.js'
import { waitOnSnapshot } from '../publish/wait.js'

/** Most `.log` files mapped for point reads at once. */
const MAX_READ_MAPPINGS = 8

/** The owner's view before its first publication (which `LogOwner.open` makes before returning). */
const NOTHING_YET: SnapshotState = {
  highWatermark: 0,
  logEndOffset: 0,
  logStartOffset: 0,
  hwSegmentBase: 0,
  hwPosition: 0,
  generation: -1,
  flags: 0,
  truncationEpoch: 0,
  truncationOffset: 0,
  writerId: 0,
  rewriteEpoch: 0,
}

/** The writer's side of an open log: its segments, recovery, publication, rolls, truncation and retention. */
export class LogOwner implements LogSource {
  readonly dir: string
  readonly options: ResolvedLogOptions
  readonly segments = new SegmentList()
  /** The in-process published snapshot (shared with worker threads through `log.share()`). */
  readonly published = new Snapshot()
  /** The last state published, as the owner thread's readers see it (see `publishState`). */
  private current: SnapshotState & { seq: number } = { ...NOTHING_YET, seq: 0 }
  readonly recovery: RecoveryReport
  logStartOffset = 0
  highWatermark = 0
  /** Committed byte length of the active segment (the high watermark's position). */
  hwPosition = 0
  recoveryPoint = 0
  /** Changes whenever the set or content of segments changes other than by appending. */
  generationCounter = Date.now() * 1000
  /** Rolls, retention and fsync latency, for `log.stats()` (and the roll / retention events). */
  readonly metrics = new WriterMetrics()
  /** Truncations so far, and where the latest one left the log (see `snapshot.ts`). */
  truncationEpoch = 0
  truncationOffset = 0
  /** Names this writer in every snapshot it publishes (see `SnapshotState.writerId`). */
  readonly writerId = randomInt(1, 2 ** 47)
  /** Compaction swaps published by this writer (see `SnapshotState.rewriteEpoch`). */
  rewriteEpoch = 0
  /** Kafka's cleaner checkpoint: the first offset the next compaction round deduplicates. */
  cleanerCheckpoint = 0
  /** Offsets below this may have gaps left by compaction (see `COMPACTED_UNTIL_FILE`). */
  compactedUntil = 0
  /** An I/O failure in background work (sealing); surfaced by the next flush or close. */
  backgroundError: LogError | undefined
  private readonly stateFile: StateFileWriter
  private readonly lock: DirectoryLock
  private readonly readMaps: Segment[] = []
  private dirDirty = false
  private sealChain: Promise<void> = Promise.resolve()
  private closed = false

  private constructor(dir: string, options: ResolvedLogOptions, lock: DirectoryLock, recovery: RecoveryReport) {
    this.dir = dir
    this.options = options
    this.lock = lock
    this.recovery = recovery
    this.stateFile = new StateFileWriter(dir, this.published)
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
    const { segments, logStartOffset: logStart, recoveryPoint, report, compactedUntil } = await loadLog(dir, options)
    // Truncation history outlives a writer: readers in other processes compare epochs.
    const previous = new StateFileReader(dir)
    const before = previous.read()
    previous.close()
    const owner = new LogOwner(dir, options, lock, report)
    if (before !== undefined) {
      owner.published.continueFrom(before.seq)
      owner.truncationEpoch = before.truncationEpoch
      owner.truncationOffset = before.truncationOffset
    }
    owner.segments.reset(segments)
    owner.logStartOffset = logStart
    owner.cleanerCheckpoint = readOffsetCheckpoint(dir, CLEANER_CHECKPOINT_FILE) ?? 0
    owner.compactedUntil = compactedUntil
    owner.highWatermark = owner.logEndOffset
    owner.hwPosition = owner.active.size
    owner.recoveryPoint = Math.min(recoveryPoint, owner.logEndOffset)
    if (before !== undefined && owner.logEndOffset < before.highWatermark) {
      // Recovery cut records the previous writer had published (a damaged segment, or a lost page
      // cache): to readers that outlived it this is a truncation, reported like one.
      owner.truncationEpoch++
      owner.truncationOffset = owner.logEndOffset
    }
    owner.publish()
    return owner
  }

  // ------------------------------------------------ LogSource (readers on the writer's thread)

  snapshot(): SnapshotState & { seq: number } {
    return this.current
  }

  generation(): number {
    return this.current.generation
  }

  floorSegment(offset: number): Segment | undefined {
    return this.segments.floor(offset)
  }

  higherSegment(baseOffset: number): Segment | undefined {
    return this.segments.higher(baseOffset)
  }

  waitForChange(seq: number, signal: AbortSignal | undefined): Promise<void> {
    return waitOnSnapshot(this.published, seq, signal)
  }

  /**
   * Point reads map `.log` files: the active segment over `segmentBytes` (so it never needs a remap
   * as it grows), sealed ones over their size. At most {@link MAX_READ_MAPPINGS} segments stay
   * mapped (least recently used first out), which keeps the process well below `vm.max_map_count`.
   */
  mappedBytes(seg: Segment, maxPosition: number): Buffer | undefined {
    const length = seg === this.active ? this.options.segmentBytes : seg.size
    if (maxPosition > length) return undefined
    const buf = seg.logFile.mapped(length)
    const i = this.readMaps.indexOf(seg)
    if (i >= 0) this.readMaps.splice(i, 1)
    this.readMaps.push(seg)
    if (this.readMaps.length > MAX_READ_MAPPINGS) this.readMaps.shift()!.logFile.unmap()
    return buf
  }

  /** Set when the directory lock was lost (removed or changed by someone else); the writer stops. */
  get lockLost(): Error | undefined {
    return this.lock.compromised
  }

  /** The state readers should see now. */
  state(): SnapshotState & { seq: number } {
    return {
      seq: 0, // set by publishState
      highWatermark: this.highWatermark,
      logEndOffset: this.logEndOffset,
      logStartOffset: this.logStartOffset,
      hwSegmentBase: this.active.baseOffset,
      hwPosition: this.hwPosition,
      generation: this.generationCounter,
      flags: this.closed ? FLAG_WRITER_CLOSED : 0,
      truncationEpoch: this.truncationEpoch,
      truncationOffset: this.truncationOffset,
      writerId: this.writerId,
      rewriteEpoch: this.rewriteEpoch,
    }
  }

  /**
   * Publishes the current state: first the in-process snapshot (seqlock + notify), then the state
   * file for other processes. Called only after the bytes it describes are written (and fsynced when
   * the policy says so).
   */
  publish(): void {
    this.publishState(this.state())
    this.stateFile.write()
  }

  /**
   * Stores `state` into the shared snapshot (seqlock + notify) and keeps it as the owner thread's
   * view. Readers on this thread read that plain object instead of the shared words: only this
   * thread publishes, so between two of its own steps there is nothing torn to guard against, and
   * each publication makes a new object, so a reader holding an older one still sees one whole state.
   */
  private publishState(state: SnapshotState & { seq: number }): void {
    // A snapshot that breaks the ordering would make readers return [] below the high watermark or
    // reject positions inside the log: refuse to publish it (a bug, never a runtime condition).
    if (!(state.logStartOffset <= state.highWatermark && state.highWatermark <= state.logEndOffset)) {
      throw new Error(
        `internal: refusing to publish logStartOffset ${state.logStartOffset}, highWatermark ` +
          `${state.highWatermark}, logEndOffset ${state.logEndOffset}`,
      )
    }
    this.published.publish(state)
    state.seq = this.published.sequence()
    this.current = state
  }

  /** Marks the active segment's committed end: everything written so far is readable. */
  commit(): void {
    this.highWatermark = this.logEndOffset
    this.hwPosition = this.active.size
    // The state file is written here, before the append resolves, not deferred to the end of the
    // event-loop turn: deferring made single-record appends 22% faster, but a process told "offset
    // N is written" by the writer could then open the log and not find it.
    this.publish()
  }

  /**
   * Rolls to a new active segment at the log end offset. Called only at a commit boundary (high
   * watermark = log end offset), so the new segment is the one that holds the high watermark.
   * The old segment is sealed in the background, in roll order.
   */
  roll(): void {
    const old = this.active
    const seg = Segment.create(this.dir, this.logEndOffset)
    old.sealed = true
    this.segments.push(seg)
    this.dirDirty = true
    this.generationCounter++
    this.hwPosition = 0
    this.publish()
    this.sealChain = this.sealChain.then(() => this.sealInBackground(old))
    this.metrics.rolled(this.dir, old.baseOffset, seg.baseOffset)
  }

  private async sealInBackground(seg: Segment): Promise<void> {
    if (seg.isClosed || seg.isDeleted) return
    try {
      await seg.seal()
      await fsyncDir(this.dir)
      this.dirDirty = false
      const next = this.segments.higher(seg.baseOffset)
      // The recovery point moves only after a real flush (KAFKA-10101): everything below the next
      // segment's base is now durable, and segments are sealed in order.
      if (next !== undefined && next.baseOffset > this.recoveryPoint && !this.closed) {
        this.recoveryPoint = next.baseOffset
        writeOffsetCheckpoint(this.dir, RECOVERY_POINT_FILE, this.recoveryPoint)
      }
    } catch (err) {
      this.backgroundError ??= ioError(err, 'sealing a segment', seg.logPath)
    }
  }

  /** Waits for background seals queued so far. */
  async settle(): Promise<void> {
    await this.sealChain
    if (this.backgroundError !== undefined) throw this.backgroundError
  }

  /**
   * fsyncs the active segment's `.log` (with `indexes`, its index files too: needed only before a
   * clean-shutdown marker, which makes the next open trust them), and the directory when segments
   * were created since the last sync.
   */
  async syncActive(indexes = false): Promise<void> {
    await this.metrics.timeFsync(indexes ? this.active.sync() : this.active.syncLog())
    if (this.dirDirty) {
      await fsyncDir(this.dir)
      this.dirDirty = false
    }
  }

  /**
   * Kafka's `truncateTo`: removes every record with offset ≥ `offset` (batch granular: a batch that
   * straddles `offset` is removed whole, so the new log end may be below `offset`).
   * @returns the new log end offset
   */
  async truncateTo(offset: number): Promise<number> {
    if (offset >= this.logEndOffset) return this.logEndOffset
    await this.sealChain
    const target = this.segments.floor(offset) ?? this.segments.first!
    const found = await target.findPosition(offset, target.size)
    // Where the log will end: at the first batch that reaches `offset` (which may start below it),
    // or, when no batch of `target` does, at `target`'s end (later segments go).
    const position = found < 0 ? target.size : found
    const newEnd = found < 0 ? target.nextOffset : Math.min(offset, readInt64(await target.read(found, 8), 0))
    // Publish the final bounds and a new generation before any file changes (see module doc), so a
    // reader between here and the end of the truncation already sees exactly what will remain.
    this.generationCounter++
    this.truncationEpoch++
    this.truncationOffset = newEnd
    this.highWatermark = Math.min(this.highWatermark, newEnd)
    // A batch that straddles the log start is removed whole: the log start follows the new end.
    const startBefore = this.logStartOffset
    this.logStartOffset = Math.min(this.logStartOffset, newEnd)
    // A lowered log start is checkpointed before any file changes: otherwise a crash would find the
    // old start beyond the new log end.
    if (this.logStartOffset !== startBefore) writeOffsetCheckpoint(this.dir, LOG_START_FILE, this.logStartOffset)
    const doomed = this.segments.removeAbove(target.baseOffset)
    this.publishState({ ...this.state(), logEndOffset: newEnd, hwSegmentBase: target.baseOffset, hwPosition: position })
    this.stateFile.write()
    for (const seg of doomed) seg.delete()
    if (target.sealed) target.unseal()
    await target.truncateTo(offset)
    target.sealed = false
    this.highWatermark = target.nextOffset
    this.hwPosition = target.size
    this.logStartOffset = Math.min(this.logStartOffset, target.nextOffset)
    if (this.recoveryPoint > target.nextOffset) {
      this.recoveryPoint = target.nextOffset
      writeOffsetCheckpoint(this.dir, RECOVERY_POINT_FILE, this.recoveryPoint)
    }
    this.generationCounter++
    this.publish()
    return this.logEndOffset
  }

  /**
   * Kafka's `deleteOldSegments`: removes whole segments, oldest first, stopping at the first one that
   * is not eligible. Only segments entirely below the high watermark are eligible, never the active one.
   * @returns the number of segments deleted
   */
  async enforceRetention(now: number): Promise<number> {
    const { retentionMs, retentionBytes, cleanupPolicy } = this.options
    if (retentionMs < 0 && retentionBytes < 0) return 0
    if (cleanupPolicy === 'compact') return 0 // Kafka: a compact-only topic never deletes by time or size
    await this.sealChain
    let excess = retentionBytes < 0 ? 0 : this.segments.all.reduce((n, s) => n + s.size, 0) - retentionBytes
    const active = this.active
    const doomed = this.segments.shiftWhile((seg) => {
      if (seg === active) return false
      const byTime = retentionMs >= 0 && now - largestTimestamp(seg) > retentionMs
      const bySize = retentionBytes >= 0 && excess - seg.size >= 0
      if (!byTime && !bySize) return false
      excess -= seg.size
      return true
    })
    if (doomed.length === 0) return 0
    this.moveLogStart(Math.max(this.logStartOffset, this.segments.first!.baseOffset), doomed)
    this.metrics.retained(
      this.dir,
      doomed.map((d) => d.baseOffset),
      this.logStartOffset,
    )
    return doomed.length
  }

  /**
   * Raises the log start to `offset` after `doomed` (the head segments below it) left the list: the
   * new bounds and generation are published and checkpointed before the files go (see module doc).
   */
  private moveLogStart(offset: number, doomed: readonly Segment[]): void {
    this.logStartOffset = offset
    this.generationCounter++
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
    if (offset <= this.logStartOffset) return this.logStartOffset
    await this.sealChain
    const active = this.active
    const doomed = this.segments.shiftWhile((seg) => {
      const next = this.segments.higher(seg.baseOffset)
      return seg !== active && next !== undefined && next.baseOffset <= offset
    })
    this.moveLogStart(offset, doomed)
    return this.logStartOffset
  }

  /**
   * The sealed segments (all but the active one), oldest first, each with its end offset: what a
   * compaction round may read. Sealing happens in the background; the round waits for it.
   */
  async sealedForCleaning(): Promise<Array<{ segment: Segment; end: number }>> {
    await this.sealChain
    const all = this.segments.all
    const out: Array<{ segment: Segment; end: number }> = []
    for (let i = 0; i < all.length - 1; i++) out.push({ segment: all[i]!, end: all[i + 1]!.baseOffset })
    return out
  }

  /**
   * Swaps one cleaned group in (see `cleaner/swap.ts`) and publishes the new segment set: the group's
   * old segments must still be the log's (retention or truncation may have removed them while the
   * round ran; then the group is dropped and `false` returned). Exclusive work.
   */
  swapCleaned(group: CleanedGroup, endOffset: number): boolean {
    const all = this.segments.all
    const at = all.indexOf(group.old[0]!)
    const current =
      at >= 0 &&
      group.old.every((seg, i) => all[at + i] === seg && !seg.isDeleted && !seg.isClosed) &&
      at + group.old.length < all.length &&
      all[at + group.old.length]!.baseOffset === group.end
    if (!current) return false
    // Before the commit: offsets below `compactedUntil` may have gaps (what read and recovery
    // checks allow). A round that then does not commit leaves it a little high, which only
    // relaxes the gap check over records that have none.
    if (group.end > this.compactedUntil) {
      this.compactedUntil = group.end
      writeOffsetCheckpoint(this.dir, COMPACTED_UNTIL_FILE, group.end)
      for (const seg of all) seg.gapsBelow = group.end
    }
    swapIn(this.dir, group)
    const replacement = Segment.openForWrite(this.dir, group.base, true)
    replacement.gapsBelow = this.compactedUntil
    sealLoaded(replacement)
    replacement.nextOffset = group.end
    this.segments.reset([...all.slice(0, at), replacement, ...all.slice(at + group.old.length)])
    this.generationCounter++
    this.rewriteEpoch++
    this.publish()
    // Their files are gone (renamed over or unlinked); descriptors close once no read holds them.
    for (const seg of group.old) seg.retire()
    // Kafka moves the cleaner checkpoint after the swap: losing it only means cleaning again. Each
    // group's range is deduplicated against the whole round's map, so the next round may start at
    // the end of the last group swapped.
    this.cleanerCheckpoint = Math.min(group.end, endOffset)
    writeOffsetCheckpoint(this.dir, CLEANER_CHECKPOINT_FILE, this.cleanerCheckpoint)
    for (let i = this.readMaps.length - 1; i >= 0; i--) if (group.old.includes(this.readMaps[i]!)) this.readMaps.splice(i, 1)
    return true
  }

  /**
   * Clean shutdown: seal work finished, the active segment's final time-index entry written and its
   * indexes trimmed, everything fsynced, checkpoints written, and only then the clean-shutdown marker.
   */
  async close(): Promise<void> {
    if (this.closed) return
    let failure: unknown
    try {
      await this.settle()
      const active = this.active
      active.indexes.finish()
      await this.syncActive(true)
      fsyncDirSync(this.dir)
      writeOffsetCheckpoint(this.dir, RECOVERY_POINT_FILE, this.logEndOffset)
      writeOffsetCheckpoint(this.dir, LOG_START_FILE, this.logStartOffset)
      writeCleanShutdown(this.dir, {
        logEndOffset: this.logEndOffset,
        activeBaseOffset: active.baseOffset,
        activeSize: active.size,
        activeFirstBatchTimestamp: active.indexes.firstBatchTimestamp,
      })
    } catch (err) {
      failure = err
    }
    this.closed = true
    try {
      this.publish()
      this.stateFile.close()
    } catch (err) {
      failure ??= err
    }
    for (const seg of this.segments.all) seg.close()
    await this.lock.release()
    if (failure !== undefined) throw ioError(failure, 'closing the log', this.dir)
  }
}

/** Kafka's `largestTimestamp`: the time index's last entry, or the file's mtime without timestamps. */
function largestTimestamp(seg: Segment): number {
  const last = seg.timeIndex.last()
  if (last !== undefined && last.timestamp >= 0) return last.timestamp
  if (seg.indexes.maxTimestampSoFar >= 0) return seg.indexes.maxTimestampSoFar
  return fs.statSync(seg.logPath).mtimeMs
}
