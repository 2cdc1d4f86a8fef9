/**
 * SegmentIndexes: the `.index` and `.timeindex` of one segment, their files, and Kafka's sparse
 * index rule ({@link SegmentIndexes.trackBatch}). The rule is applied here during append, recovery
 * and index rebuilds alike, so the index the writer builds is the index Kafka's `LogSegment.recover`
 * rebuilds. The entries' byte layout is `sparse-index.ts`'s; the `.log` they index belongs to the
 * owning `Segment`, which passes it in where a walk over its batches is needed.
 *
 * Owned by one `Segment`, in its roles:
 * - writer: the in-memory entries, the rule's counters and the index-file descriptors (read-write;
 *   entries are added with positional writes, a turn of the event loop's appends at a time, never
 *   preallocated: {@link SegmentIndexes.entriesAdded}). Every mutating method is writer-only.
 * - reader (a worker or another process): the index files opened read-only. The view tells the
 *   indexes how far the published snapshot covers the segment ({@link SegmentIndexes.follow}: a
 *   published `hwPosition` and high watermark for the segment holding the high watermark, no bound
 *   for one below it); the files are read **lazily**, by the first lookup after the bound moved
 *   (the getters {@link SegmentIndexes.offsetIndex} and {@link SegmentIndexes.timeIndex}, through
 *   which every lookup goes), and only up to that bound. A follower reading in order never looks
 *   anything up (its fetch cursor says where the next batch starts), so a wake-up costs it no index
 *   I/O; a seek pays for the entries appended since the last one. Entries past the bound are left
 *   in the file for a later read (docs/concurrency.md, "Why the index is safe to use").
 * Lookups ({@link SegmentIndexes.offsetIndex}, {@link SegmentIndexes.timestampFloor}) are safe from
 * any reader on the owning thread, between the writer's synchronous steps.
 */
import fs from 'node:fs'
import { walkFrom, walkHeaders, type WalkedFile } from './batch-locator.js'
import { closeFd, datasync, readIfExists } from '../io/files.js'
import { walkBatches } from './batch-walk.js'
import {
  OffsetIndex,
  TimeIndex,
  OFFSET_ENTRY_SIZE,
  TIME_ENTRY_SIZE,
  offsetIndexProblem,
  timeIndexProblem,
  type IndexBound,
  type IndexPosition,
} from './sparse-index.js'

/** Index entries a writer keeps unwritten at most (`SegmentIndexes.entriesAdded`): 512 bytes of offset index. */
export const PENDING_ENTRIES = 64

/** No published bytes: nothing to read (a writer's indexes, and a reader's before its first bound). */
const NO_BOUND: IndexBound = { position: -1, offset: -1 }

/** What the writer knows about one batch it is about to write. */
export interface BatchMeta {
  size: number
  lastOffset: number
  maxTimestamp: number
}

/** The index side of a segment's mark: what to restore when a write fails half-way. */
export interface IndexMark {
  indexEntries: number
  timeEntries: number
  bytesSinceLastIndexEntry: number
  maxTimestampSoFar: number
  offsetOfMaxTimestampSoFar: number
  firstBatchTimestamp: number
}

/** The `.log` a rebuild walks: the owning segment's file, up to its valid size. */
export interface IndexedLog extends WalkedFile {
  readonly size: number
}

/** Both sparse indexes of one segment (see the module comment for the writer and reader roles). */
export class SegmentIndexes {
  readonly indexPath: string
  readonly timeIndexPath: string
  private readonly baseOffset: number
  /** The owning segment's touch of the open-segment table: a sealed index mapped its file again. */
  private readonly onLoad: () => void
  private offsets!: OffsetIndex
  private times!: TimeIndex
  private indexFd = -1
  private timeIndexFd = -1
  /** Writer, trusted load: why the index files read at open fail the sanity check, if they do. */
  private loadProblem: string | undefined
  /** Writer, trusted load: the largest offset either index file names (-1 for none). */
  private maxIndexedOffset = -1
  private bytesSinceLastIndexEntry = 0
  private maxTimestamp = -1
  private offsetOfMaxTimestamp = -1
  /** Max timestamp of the segment's first batch (Kafka's roll-by-time base), or -1. */
  firstBatchTimestamp = -1
  /**
   * Reader: how far the published snapshot covers the segment ({@link SegmentIndexes.follow}); the
   * entries inside it are read at the next lookup. A writer's stays empty (nothing to read).
   */
  private bound: IndexBound = NO_BOUND
  /** Reader: the bound the entries were last read up to. */
  private readTo: IndexBound = NO_BOUND
  /** Writer: the write of pending entries at the next turn of the event loop, if one is scheduled. */
  private scheduled: NodeJS.Immediate | undefined

  constructor(baseOffset: number, indexPath: string, timeIndexPath: string, onLoad: () => void) {
    this.baseOffset = baseOffset
    this.indexPath = indexPath
    this.timeIndexPath = timeIndexPath
    this.onLoad = onLoad
    this.use(OffsetIndex.empty(baseOffset), TimeIndex.empty(baseOffset))
  }

  /**
   * The offset index (a sealed one is mapped again on demand after an eviction; a reader's is first
   * brought up to the published bound, see {@link SegmentIndexes.follow}).
   */
  get offsetIndex(): OffsetIndex {
    this.catchUp()
    return this.offsets
  }

  /** The time index (as {@link SegmentIndexes.offsetIndex}). */
  get timeIndex(): TimeIndex {
    this.catchUp()
    return this.times
  }

  /** The largest batch max timestamp indexed so far (Kafka's `maxTimestampSoFar`), or -1. */
  get maxTimestampSoFar(): number {
    return this.maxTimestamp
  }

  /** The last offset of the batch that reached {@link SegmentIndexes.maxTimestampSoFar}, or -1. */
  get offsetOfMaxTimestampSoFar(): number {
    return this.offsetOfMaxTimestamp
  }

  private use(offsets: OffsetIndex, times: TimeIndex): void {
    this.offsets = offsets
    this.times = times
    offsets.onLoad = this.onLoad
    times.onLoad = this.onLoad
  }

  // ---------------------------------------------------------------- files

  /**
   * Writer, trusted load (clean shutdown, or a segment below the recovery point): loads both files
   * and keeps what the sanity check says about them for {@link SegmentIndexes.problem}.
   * @param segmentSize - the `.log`'s size
   */
  load(segmentSize: number): void {
    const offsetBytes = readIfExists(this.indexPath)
    const timeBytes = readIfExists(this.timeIndexPath)
    // Checked here, on the bytes just read, so that `problem()` needs no more I/O.
    this.loadProblem =
      prefixed(this.indexPath, offsetIndexProblem(offsetBytes, segmentSize)) ??
      prefixed(this.timeIndexPath, timeIndexProblem(timeBytes, this.baseOffset, -1))
    this.use(OffsetIndex.fromBytes(this.baseOffset, offsetBytes), TimeIndex.fromBytes(this.baseOffset, timeBytes))
    this.maxIndexedOffset = Math.max(this.offsets.count > 0 ? this.offsets.lastEntry().offset : -1, this.times.last()?.offset ?? -1)
    const last = this.times.last()
    if (last !== undefined) {
      this.maxTimestamp = last.timestamp
      this.offsetOfMaxTimestamp = last.offset
    }
    this.bytesSinceLastIndexEntry = segmentSize - this.offsets.lastPosition()
  }

  /** Writer, new segment: creates both index files, empty. */
  create(): void {
    this.openFiles(true)
  }

  /** Reader, at open: the index files read-only. */
  openReadOnly(): void {
    try {
      this.indexFd = fs.openSync(this.indexPath, 'r')
      this.timeIndexFd = fs.openSync(this.timeIndexPath, 'r')
    } catch {
      // The writer creates index files with the segment; a missing one is just an unindexed segment.
    }
  }

  /** Reader: (re)opens the index files by name; missing ones leave the segment unindexed. */
  private reopenReadOnly(): void {
    try {
      this.indexFd = fs.openSync(this.indexPath, 'r')
      this.timeIndexFd = fs.openSync(this.timeIndexPath, 'r')
    } catch {
      this.closeFds()
    }
  }

  private openFiles(truncate: boolean): void {
    const flags = fs.constants.O_RDWR | fs.constants.O_CREAT | (truncate ? fs.constants.O_TRUNC : 0)
    this.indexFd = fs.openSync(this.indexPath, flags)
    this.timeIndexFd = fs.openSync(this.timeIndexPath, flags)
  }

  /** Writer: empties both indexes (memory and files) before recovery rebuilds them. */
  reset(): void {
    this.closeFds()
    this.offsets.close()
    this.times.close()
    this.use(OffsetIndex.empty(this.baseOffset), TimeIndex.empty(this.baseOffset))
    this.openFiles(true)
    this.bytesSinceLastIndexEntry = 0
    this.maxTimestamp = -1
    this.offsetOfMaxTimestamp = -1
    this.firstBatchTimestamp = -1
  }

  /** Writer: makes sure index files are open for appending (after a trusted load). */
  ensureWritable(): void {
    if (this.indexFd < 0) {
      this.indexFd = fs.openSync(this.indexPath, fs.constants.O_RDWR | fs.constants.O_CREAT)
      this.timeIndexFd = fs.openSync(this.timeIndexPath, fs.constants.O_RDWR | fs.constants.O_CREAT)
    }
  }

  /**
   * Writer, at load: Kafka's index sanity check of indexes loaded from disk (see
   * `Segment.verifyIndexes`). Answers once: the problem found by {@link SegmentIndexes.load} is
   * then forgotten.
   * @param lastOffset - the segment's last offset (the next segment's base - 1, or the log end - 1)
   * @returns why the indexes fail, or `undefined` when they pass
   */
  problem(lastOffset: number): string | undefined {
    let problem = this.loadProblem
    // Appends continue from the last entries (and reads of what they add start there): they must
    // name offsets this segment holds. Checked from the files alone: a clean open reads no `.log`.
    if (problem === undefined && this.maxIndexedOffset > lastOffset) {
      problem = `${this.indexPath}: an entry names offset ${this.maxIndexedOffset}, past the segment's last offset ${lastOffset}`
    }
    this.loadProblem = undefined
    return problem
  }

  /**
   * Writer: rebuilds both indexes of a trusted segment from its `.log` (after a failed sanity check),
   * with the same walk and sparse rule as recovery. Stops at the first batch header the walk rejects:
   * reads that reach it report the damage.
   * @returns `nextOffset`: the offset after the last batch indexed (-1 when there was none); `end`:
   *   the position where the walk stopped (the `.log`'s size when every header was accepted)
   */
  async rebuild(log: IndexedLog, interval: number): Promise<{ nextOffset: number; end: number }> {
    const wasSealed = this.offsets.sealed
    const firstBatchTimestamp = this.firstBatchTimestamp
    this.reset()
    const walked = await walkBatches(log.fd, { baseOffset: log.baseOffset, limit: log.size, gapsBelow: log.gapsBelow ?? 0 }, (batch) =>
      this.trackBatch(batch.position, batch, interval),
    )
    const nextOffset = walked.batches === 0 ? -1 : walked.nextOffset
    const end = walked.valid
    if (firstBatchTimestamp >= 0) this.firstBatchTimestamp = firstBatchTimestamp
    this.finish()
    fs.fdatasyncSync(this.indexFd)
    fs.fdatasyncSync(this.timeIndexFd)
    if (wasSealed) this.seal()
    return { nextOffset, end }
  }

  // ---------------------------------------------------------------- writer

  /**
   * The sparse-index rule shared by append, recovery and rebuilds (so all build identical indexes):
   * a batch gets an entry when more than `interval` bytes were appended since the last entry, not
   * counting this batch; the entry pairs the batch's last offset with its start position.
   */
  trackBatch(position: number, meta: BatchMeta, interval: number): void {
    if (this.firstBatchTimestamp < 0 && position === 0) this.firstBatchTimestamp = meta.maxTimestamp
    if (meta.maxTimestamp > this.maxTimestamp) {
      this.maxTimestamp = meta.maxTimestamp
      this.offsetOfMaxTimestamp = meta.lastOffset
    }
    if (this.bytesSinceLastIndexEntry > interval) {
      this.offsets.append(meta.lastOffset, position)
      this.times.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp)
      this.bytesSinceLastIndexEntry = 0
    }
    this.bytesSinceLastIndexEntry += meta.size
  }

  /** Whether either index holds as many entries as `indexBytes` allows (Kafka then rolls). */
  full(indexBytes: number): boolean {
    if (this.offsets.count >= Math.floor(indexBytes / OFFSET_ENTRY_SIZE)) return true
    return this.times.count >= Math.floor(indexBytes / TIME_ENTRY_SIZE) - 1
  }

  /** Writer: the state to restore if the next write fails. */
  mark(): IndexMark {
    return {
      indexEntries: this.offsets.count,
      timeEntries: this.times.count,
      bytesSinceLastIndexEntry: this.bytesSinceLastIndexEntry,
      maxTimestampSoFar: this.maxTimestamp,
      offsetOfMaxTimestampSoFar: this.offsetOfMaxTimestamp,
      firstBatchTimestamp: this.firstBatchTimestamp,
    }
  }

  /** Writer: restores `mark` in memory (after a failed write; {@link SegmentIndexes.trimFilesToWritten} cuts the files). */
  rollback(mark: IndexMark): void {
    this.bytesSinceLastIndexEntry = mark.bytesSinceLastIndexEntry
    this.maxTimestamp = mark.maxTimestampSoFar
    this.offsetOfMaxTimestamp = mark.offsetOfMaxTimestampSoFar
    this.firstBatchTimestamp = mark.firstBatchTimestamp
    this.offsets.truncateToEntries(mark.indexEntries)
    this.times.truncateToEntries(mark.timeEntries)
  }

  /**
   * Writer, after the entries in memory were cut (a rollback, a truncation): cuts both index files to
   * the entries written to them. Pending ones follow with the next write; a cut to more would extend
   * a file with zeros, which read as entries.
   */
  trimFilesToWritten(): void {
    if (this.indexFd >= 0) fs.ftruncateSync(this.indexFd, this.offsets.bytesInFile)
    if (this.timeIndexFd >= 0) fs.ftruncateSync(this.timeIndexFd, this.times.bytesInFile)
  }

  /**
   * Writer, after an append added entries in memory: writes them to the files when
   * {@link PENDING_ENTRIES} wait, else at the next turn of the event loop, one positional write per
   * file for every append of that turn (one per append cost 2 system calls per append of an index
   * interval or more). Nothing needs the files current: the writer's readers use the entries in
   * memory, a crash rebuilds the active segment's indexes, a seal, eviction, close and truncation
   * write or cut them first, and a view only starts its lookup from an earlier entry
   * (docs/concurrency.md, "Why the index is safe to use").
   */
  entriesAdded(): void {
    const pending = Math.max(this.offsets.pending, this.times.pending)
    if (pending >= PENDING_ENTRIES) this.writeNewEntries()
    else if (pending > 0) this.scheduled ??= setImmediate(this.writeScheduled)
  }

  /**
   * The write {@link SegmentIndexes.entriesAdded} scheduled. A failure leaves the entries pending for
   * the next write that can fail its caller (at {@link PENDING_ENTRIES}: an append group; a seal; a close).
   */
  private readonly writeScheduled = (): void => {
    this.scheduled = undefined
    if (this.indexFd < 0) return // sealed, evicted or closed: each wrote the pending entries first
    try {
      this.writeNewEntries()
    } catch {
      // Left pending (see above).
    }
  }

  /** Writer: appends the entries added since the last write to the files (one positional write each). */
  writeNewEntries(): void {
    this.offsets.flushTo(this.indexFd)
    this.times.flushTo(this.timeIndexFd)
  }

  /** Writer: writes pending index entries and trims the index files to their exact size. */
  flush(): void {
    if (this.indexFd < 0) return
    this.offsets.flushTo(this.indexFd)
    this.times.flushTo(this.timeIndexFd)
    fs.ftruncateSync(this.indexFd, this.offsets.count * OFFSET_ENTRY_SIZE)
    fs.ftruncateSync(this.timeIndexFd, this.times.count * TIME_ENTRY_SIZE)
  }

  /**
   * Writer: Kafka's last step for a segment that stops growing (seal, recovery, clean shutdown): the
   * final time-index entry (the max timestamp so far), then {@link SegmentIndexes.flush}.
   */
  finish(): void {
    this.times.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp)
    this.flush()
  }

  /** Writer: fdatasync of both index files, when they are open. */
  async sync(): Promise<void> {
    if (this.indexFd >= 0) await Promise.all([datasync(this.indexFd), datasync(this.timeIndexFd)])
  }

  /** Writer: closes the files and serves both indexes read-only through the mmap seam. */
  seal(): void {
    this.closeFds()
    this.offsets.seal(this.indexPath)
    this.times.seal(this.timeIndexPath)
  }

  /** Writer: serves sealed indexes from memory again, appendable (the files are not opened here). */
  unseal(): void {
    const offsets = OffsetIndex.fromBytes(this.baseOffset, this.offsets.bytes())
    const times = TimeIndex.fromBytes(this.baseOffset, this.times.bytes())
    this.offsets.close()
    this.times.close()
    this.use(offsets, times)
  }

  /** Writer: drops the entries of offsets ≥ `offset` in memory ({@link SegmentIndexes.trimTo} follows). */
  truncateTo(offset: number): void {
    this.offsets.truncateTo(offset)
    this.times.truncateTo(offset)
  }

  /**
   * Writer, after the `.log` was cut at `position`: trims the index files to the entries left and
   * recomputes the rule's counters from what remains of `log`.
   */
  async trimTo(log: WalkedFile, position: number): Promise<void> {
    this.ensureWritable()
    this.trimFilesToWritten()
    // Recompute the interval counter and max timestamp the way recovery would see them.
    this.bytesSinceLastIndexEntry = position - this.offsets.lastPosition()
    const last = this.times.last()
    this.maxTimestamp = last?.timestamp ?? -1
    this.offsetOfMaxTimestamp = last?.offset ?? -1
    await walkHeaders(log, walkFrom(log.baseOffset, this.offsets.lastEntry(), position, true, log.gapsBelow), (w) => {
      if (w.maxTimestamp > this.maxTimestamp) {
        this.maxTimestamp = w.maxTimestamp
        this.offsetOfMaxTimestamp = w.lastOffset
      }
      return true
    })
    if (position === 0) this.firstBatchTimestamp = -1
  }

  // ---------------------------------------------------------------- readers

  /**
   * The offset-index floor and then the time index: Kafka's `findOffsetByTimestamp` start point.
   * Returns the position to scan from for the first batch with maxTimestamp ≥ `timestamp`, below
   * `maxPosition` (see {@link OffsetIndex.lookup}).
   */
  timestampFloor(timestamp: number, maxPosition = Infinity): IndexPosition {
    this.catchUp()
    const t = this.times.lookup(timestamp)
    return this.offsets.lookup(t.offset, maxPosition)
  }

  /**
   * Reader: the published snapshot now covers the segment up to `bound` (batches starting below
   * `bound.position`, offsets below `bound.offset`; `Infinity` for a segment below the one holding
   * the high watermark, whose bytes are all committed). Costs nothing now: the entries the writer
   * wrote for those batches are read by the next lookup (see the module comment). Within one
   * generation the bound of a segment only grows; {@link SegmentIndexes.reload} starts over.
   */
  follow(bound: IndexBound): void {
    this.bound = bound
  }

  /**
   * Reader: reads the entries inside the bound now, if it moved since the last read (a reader's index
   * files reopen by name if the open-segment table closed them).
   */
  catchUp(): void {
    const bound = this.bound
    if (bound.position <= this.readTo.position && bound.offset <= this.readTo.offset) return
    if (this.indexFd < 0) this.reopenReadOnly()
    // Entries inside the bound were written before the publication that set it (the writer's step 2
    // precedes step 4), and that publication was loaded before this read: they are all in the file.
    if (this.indexFd >= 0) this.offsets.refreshFrom(this.indexFd, bound)
    if (this.timeIndexFd >= 0) this.times.refreshFrom(this.timeIndexFd, bound)
    this.readTo = bound
  }

  /**
   * Reader: forgets every entry and the bound, and reopens the files by name: recovery may have
   * rebuilt them as new files. Missing index files leave an unindexed segment, as at open. Nothing is
   * read until the caller sets a bound ({@link SegmentIndexes.follow}) and a lookup needs it.
   */
  reload(): void {
    this.offsets.truncateToEntries(0)
    this.times.truncateToEntries(0)
    this.bound = NO_BOUND
    this.readTo = NO_BOUND
    this.closeFds()
    this.reopenReadOnly()
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * The owning segment is being closed by the open-segment table: descriptors close and sealed
   * mappings are released (they reopen on the next use).
   * @param writer - whether the segment is the writer's
   */
  evict(writer: boolean): void {
    // A writer's segment waiting for its seal still has its index files open: its entries are final
    // (nothing is appended once `sealed` is set), so they go to the files now and `seal()` reopens them.
    if (writer && this.indexFd >= 0) this.flush()
    this.closeFds()
    this.offsets.unload()
    this.times.unload()
  }

  private closeFds(): void {
    closeFd(this.indexFd)
    closeFd(this.timeIndexFd)
    this.indexFd = -1
    this.timeIndexFd = -1
  }

  /** Closes both descriptors and unmaps both indexes, for good. */
  close(): void {
    this.closeFds()
    this.offsets.close()
    this.times.close()
  }
}

function prefixed(file: string, problem: string | undefined): string | undefined {
  return problem === undefined ? undefined : `${file}: ${problem}`
}
