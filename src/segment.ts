/**
 * Segment: one `<base>.log` file and its `.index` / `.timeindex`.
 *
 * The `.log` holds RecordBatch v2 batches back to back. The writer appends with positional writes at
 * `size` (never with O_APPEND, so a restart can never write over the start of the file, and a failed
 * write can be cut back with ftruncate). Index entries follow Kafka's sparse rule (see
 * {@link Segment.trackBatch}), which makes our `.index` byte-identical to the one Kafka rebuilds.
 *
 * Roles:
 * - writer (`Segment.create` / `Segment.openForWrite`): owns `size`, the in-memory indexes and the
 *   index-file descriptors; every mutating method is writer-only.
 * - reader (`Segment.openForRead`, in a worker or another process): opens the three files read-only
 *   and only ever reads below a position taken from the published snapshot.
 * Read methods ({@link Segment.findPosition}, {@link Segment.read}) are safe from any reader on the
 * owning thread; they never look past the `maxPosition` they are given.
 */
import fs from 'node:fs'
import path from 'node:path'
import { CorruptSegmentError, LogError, ioError } from './errors.js'
import { forgetOpenSegment, touchOpenSegment } from './storage/open-segments.js'
import { indexFileName, logFileName, timeIndexFileName } from './file-names.js'
import { findBatchByOffset, findBatchByTimestamp, readBatchSync, walkError, walkFrom, walkHeaders, type FoundBatch } from './batch-locator.js'
import { datasync, readAt, readAtSync, readIfExists, writevRest } from './io/files.js'
import { mapDescriptor, type MappedFile } from './io/mapped-file.js'
import { BATCH_HEADER_SIZE, BatchCheck, batchSize, checkBatch, readInt64 } from './record-batch.js'
import { OffsetIndex, TimeIndex, OFFSET_ENTRY_SIZE, TIME_ENTRY_SIZE, offsetIndexProblem, timeIndexProblem, type IndexPosition } from './sparse-index.js'
import { HeaderWalk, Step } from './format/header-walk.js'
import { VerifiedBatches } from './verified-batches.js'

/** What the writer knows about one batch it is about to write. */
export interface BatchMeta {
  size: number
  lastOffset: number
  maxTimestamp: number
}

/** Writer-side state to restore when a write fails half-way. */
export interface SegmentMark {
  size: number
  nextOffset: number
  indexEntries: number
  timeEntries: number
  bytesSinceLastIndexEntry: number
  maxTimestampSoFar: number
  offsetOfMaxTimestampSoFar: number
  firstBatchTimestamp: number
}

/** Roll thresholds (a subset of the log options). */
export interface RollConfig {
  segmentBytes: number
  segmentMs: number
  indexBytes: number
}

const INT32_MAX = 2 ** 31 - 1
/**
 * Reads up to this size are made with a synchronous pread on the calling thread: a follower's reads
 * are small and of bytes just written (page-cache hits of a few µs), where a trip through libuv's
 * thread pool costs more than the copy and, on a busy 2-core machine, was the largest part of the
 * tail latency. Larger reads (scans) stay asynchronous so a cold read never stalls the event loop
 * for long. Measured in bench/tail-latency at 20k records/s, fsync 'never': worker follower p99
 * 852 µs → 552 µs, other-process p99 1.08 ms → 449 µs.
 */
const SYNC_READ_BYTES = 64 * 1024

/** One segment: its `.log` and indexes (see the module comment for the writer and reader roles). */
export class Segment {
  readonly baseOffset: number
  readonly logPath: string
  readonly indexPath: string
  readonly timeIndexPath: string
  private readonly dir: string
  /** Kept by the open-segment table (see `storage/open-segments.ts`). */
  lruTick = 0
  /** The `.log` descriptor while open (see {@link Segment.fd}); -1 while the open-file table has it closed. */
  private logFd: number
  /** Opened by a reader (read-only, may be closed and reopened at any time it is not pinned). */
  private readonly reader: boolean
  /** `dev:ino` of the `.log` first opened: a reopen must find the same file. */
  private fileId: string | undefined
  private indexFd = -1
  private timeIndexFd = -1
  /** Valid bytes in the `.log`: written by the writer, or as last seen by a reader. */
  size: number
  /** Writer: last offset + 1 (baseOffset when empty). */
  nextOffset: number
  private offsets!: OffsetIndex
  private times!: TimeIndex
  /** Writer, trusted load: why the index files read at open fail the sanity check, if they do. */
  private loadProblem: string | undefined
  /** Writer, trusted load: the largest offset either index file names (-1 for none). */
  private maxIndexedOffset = -1
  bytesSinceLastIndexEntry = 0
  maxTimestampSoFar = -1
  offsetOfMaxTimestampSoFar = -1
  /** Max timestamp of the segment's first batch (Kafka's roll-by-time base), or -1. */
  firstBatchTimestamp = -1
  readonly createdAt = Date.now()
  /** True once the segment can no longer be appended to. */
  sealed = false
  /**
   * Offsets below this may have gaps left by compaction (the log's `compacted-until` checkpoint, set
   * by whoever loads the segment): header walks accept a batch starting later than expected there.
   */
  gapsBelow = 0
  private refs = 0
  private deleted = false
  /**
   * One bit per possible batch start (`position / 61`; batches are at least 61 bytes, so no two
   * share a slot): set once a batch's CRC is known good in this process, because we wrote it or
   * because a read checked it. Every batch is checked at most once per process; a restart checks
   * again. Cleared wholesale when the file shrinks (rollback, truncation).
   */
  private readonly verified = new VerifiedBatches()
  /** Owner thread only: a read-only mapping of the `.log` for point reads (see `mapped`). */
  private readMap: MappedFile | undefined
  private closed = false

  private constructor(dir: string, baseOffset: number, fd: number, size: number, offsetIndex: OffsetIndex, timeIndex: TimeIndex, reader = false) {
    this.dir = dir
    this.baseOffset = baseOffset
    this.logPath = path.join(dir, logFileName(baseOffset))
    this.indexPath = path.join(dir, indexFileName(baseOffset))
    this.timeIndexPath = path.join(dir, timeIndexFileName(baseOffset))
    this.logFd = fd
    this.reader = reader
    this.size = size
    this.nextOffset = baseOffset
    this.offsetIndex = offsetIndex
    this.timeIndex = timeIndex
    touchOpenSegment(dir, this)
  }

  /**
   * Descriptor of the `.log` (read-write for the writer, read-only for readers). The log's table of
   * open segments (`storage/open-segments.ts`) may close it while the segment is sealed (or a
   * reader's) and unpinned; this reopens it, checking it is still the same file.
   * @throws LogError `KLOG_IO` when the file cannot be reopened or was replaced
   */
  get fd(): number {
    if (this.logFd >= 0) {
      touchOpenSegment(this.dir, this)
      return this.logFd
    }
    if (this.closed) return -1
    let fd: number
    try {
      fd = fs.openSync(this.logPath, this.reader ? 'r' : fs.constants.O_RDWR)
    } catch (err) {
      throw ioError(err, 'reopening a segment', this.logPath)
    }
    const st = fs.fstatSync(fd)
    if (this.fileId !== undefined && this.fileId !== `${st.dev}:${st.ino}`) {
      closeFd(fd)
      throw new LogError('KLOG_IO', `${this.logPath} was replaced while it was closed`, { file: this.logPath })
    }
    this.logFd = fd
    touchOpenSegment(this.dir, this)
    return fd
  }

  /** The offset index (a sealed one is mapped again on demand after an eviction). */
  get offsetIndex(): OffsetIndex {
    return this.offsets
  }

  set offsetIndex(index: OffsetIndex) {
    this.offsets = index
    index.onLoad = () => touchOpenSegment(this.dir, this)
  }

  /** The time index (a sealed one is mapped again on demand after an eviction). */
  get timeIndex(): TimeIndex {
    return this.times
  }

  set timeIndex(index: TimeIndex) {
    this.times = index
    index.onLoad = () => touchOpenSegment(this.dir, this)
  }

  /**
   * Called by the open-segment table: closes the `.log` descriptor, the point-read mapping, a
   * reader's index descriptors and the sealed index mappings, unless a read pins the segment or the
   * writer may still write it.
   * @returns whether everything was closed
   */
  evict(): boolean {
    if (this.closed || this.refs > 0 || !(this.sealed || this.reader)) return false
    if (this.fileId === undefined && this.logFd >= 0) {
      const st = fs.fstatSync(this.logFd)
      this.fileId = `${st.dev}:${st.ino}`
    }
    this.unmapReads()
    // A writer's segment waiting for its seal still has its index files open: its entries are final
    // (nothing is appended once `sealed` is set), so they go to the files now and `seal()` reopens them.
    if (!this.reader && this.indexFd >= 0) this.flushIndexes()
    this.closeIndexFds()
    this.offsets.unload()
    this.times.unload()
    closeFd(this.logFd)
    this.logFd = -1
    return true
  }

  /** Pins the segment's descriptors for the duration of `fn`. */
  private async pinned<T>(fn: () => Promise<T>): Promise<T> {
    this.acquire()
    try {
      return await fn()
    } finally {
      this.release()
    }
  }

  /** Writer: creates a new, empty segment (fails if its `.log` exists and is not empty). */
  static create(dir: string, baseOffset: number): Segment {
    const logPath = path.join(dir, logFileName(baseOffset))
    const fd = fs.openSync(logPath, fs.constants.O_RDWR | fs.constants.O_CREAT)
    try {
      if (fs.fstatSync(fd).size !== 0) throw new Error(`segment ${logPath} already exists and is not empty`)
      const seg = new Segment(dir, baseOffset, fd, 0, OffsetIndex.empty(baseOffset), TimeIndex.empty(baseOffset))
      seg.openIndexFiles(true)
      return seg
    } catch (err) {
      fs.closeSync(fd)
      throw err
    }
  }

  /**
   * Writer: opens an existing segment. With `loadIndexes`, the index files are trusted and loaded
   * (clean shutdown, or a segment below the recovery point); otherwise they are emptied and the caller
   * rebuilds them by recovery.
   */
  static openForWrite(dir: string, baseOffset: number, loadIndexes: boolean): Segment {
    const logPath = path.join(dir, logFileName(baseOffset))
    const fd = fs.openSync(logPath, fs.constants.O_RDWR)
    const size = fs.fstatSync(fd).size
    const seg = new Segment(dir, baseOffset, fd, size, OffsetIndex.empty(baseOffset), TimeIndex.empty(baseOffset))
    if (loadIndexes) {
      const offsetBytes = readIfExists(seg.indexPath)
      const timeBytes = readIfExists(seg.timeIndexPath)
      // Checked here, on the bytes just read, so that `verifyIndexes` needs no more I/O.
      seg.loadProblem = prefixed(seg.indexPath, offsetIndexProblem(offsetBytes, size)) ??
        prefixed(seg.timeIndexPath, timeIndexProblem(timeBytes, baseOffset, -1))
      seg.offsetIndex = OffsetIndex.fromBytes(baseOffset, offsetBytes)
      seg.timeIndex = TimeIndex.fromBytes(baseOffset, timeBytes)
      seg.maxIndexedOffset = Math.max(seg.offsetIndex.count > 0 ? seg.offsetIndex.lastEntry().offset : -1, seg.timeIndex.last()?.offset ?? -1)
      const last = seg.timeIndex.last()
      if (last !== undefined) {
        seg.maxTimestampSoFar = last.timestamp
        seg.offsetOfMaxTimestampSoFar = last.offset
      }
      seg.bytesSinceLastIndexEntry = size - seg.offsetIndex.lastPosition()
    }
    return seg
  }

  /** Reader (worker or other process): opens the files read-only; indexes are loaded lazily. */
  static openForRead(dir: string, baseOffset: number): Segment {
    const logPath = path.join(dir, logFileName(baseOffset))
    const fd = fs.openSync(logPath, 'r')
    const seg = new Segment(dir, baseOffset, fd, fs.fstatSync(fd).size, OffsetIndex.empty(baseOffset), TimeIndex.empty(baseOffset), true)
    seg.nextOffset = Number.NaN
    try {
      seg.indexFd = fs.openSync(seg.indexPath, 'r')
      seg.timeIndexFd = fs.openSync(seg.timeIndexPath, 'r')
    } catch {
      // The writer creates index files with the segment; a missing one is just an unindexed segment.
    }
    return seg
  }

  /** Reader: (re)opens the index files by name; missing ones leave the segment unindexed. */
  private openReaderIndexFds(): void {
    try {
      this.indexFd = fs.openSync(this.indexPath, 'r')
      this.timeIndexFd = fs.openSync(this.timeIndexPath, 'r')
    } catch {
      this.closeIndexFds()
    }
  }

  private openIndexFiles(truncate: boolean): void {
    const flags = fs.constants.O_RDWR | fs.constants.O_CREAT | (truncate ? fs.constants.O_TRUNC : 0)
    this.indexFd = fs.openSync(this.indexPath, flags)
    this.timeIndexFd = fs.openSync(this.timeIndexPath, flags)
  }

  /** Writer: empties both indexes (memory and files) before recovery rebuilds them. */
  resetIndexes(): void {
    this.closeIndexFds()
    this.offsetIndex.close()
    this.timeIndex.close()
    this.offsetIndex = OffsetIndex.empty(this.baseOffset)
    this.timeIndex = TimeIndex.empty(this.baseOffset)
    this.openIndexFiles(true)
    this.bytesSinceLastIndexEntry = 0
    this.maxTimestampSoFar = -1
    this.offsetOfMaxTimestampSoFar = -1
    this.firstBatchTimestamp = -1
  }

  /** Writer: makes sure index files are open for appending (after a trusted load). */
  ensureWritableIndexes(): void {
    if (this.indexFd < 0) {
      this.indexFd = fs.openSync(this.indexPath, fs.constants.O_RDWR | fs.constants.O_CREAT)
      this.timeIndexFd = fs.openSync(this.timeIndexPath, fs.constants.O_RDWR | fs.constants.O_CREAT)
    }
  }

  /**
   * Writer, at load: Kafka's index sanity check of a segment whose indexes were loaded from disk
   * (clean shutdown, or below the recovery point): both files are whole numbers of entries, entries
   * increase and stay inside the segment's bytes and offsets (see `offsetIndexProblem` /
   * `timeIndexProblem`). A failing index is rebuilt from the `.log` with the writer's sparse rule,
   * as Kafka does. Damage these checks cannot see (an entry moved to another plausible position) is
   * caught when a read walks from it: the entry's offset must match the batch it points at.
   * @param lastOffset - the segment's last offset (the next segment's base - 1, or the log end - 1)
   * @returns why the indexes were rebuilt, or `undefined` when they passed
   */
  verifyIndexes(interval: number, lastOffset: number): string | undefined {
    let problem = this.loadProblem
    // Appends continue from the last entries (and reads of what they add start there): they must
    // name offsets this segment holds. Checked from the files alone: a clean open reads no `.log`.
    if (problem === undefined && this.maxIndexedOffset > lastOffset) {
      problem = `${this.indexPath}: an entry names offset ${this.maxIndexedOffset}, past the segment's last offset ${lastOffset}`
    }
    this.loadProblem = undefined
    if (problem === undefined) return undefined
    this.rebuildIndexesSync(interval)
    return problem
  }

  /**
   * Writer: rebuilds both indexes of a trusted segment from its `.log` (after a failed sanity check),
   * with the same walk and sparse rule as recovery. Stops at the first batch header the walk rejects:
   * reads that reach it report the damage.
   */
  private rebuildIndexesSync(interval: number): void {
    const wasSealed = this.offsetIndex.sealed
    const firstBatchTimestamp = this.firstBatchTimestamp
    this.resetIndexes()
    const walk = HeaderWalk.fromStart(this.baseOffset, this.size, this.gapsBelow)
    const buf = Buffer.allocUnsafe(Math.min(1024 * 1024, Math.max(this.size, BATCH_HEADER_SIZE)))
    let bufStart = 0
    let bufEnd = 0
    for (;;) {
      const pos = walk.position
      const need = walk.needed
      if (need > 0 && pos + need > bufEnd) {
        bufStart = pos
        bufEnd = pos + readAtSync(this.fd, buf, 0, Math.min(buf.length, this.size - pos), pos)
      }
      if (walk.step(buf.subarray(0, bufEnd - bufStart), pos - bufStart) !== Step.Found) break
      this.trackBatch(pos, walk, interval)
    }
    if (firstBatchTimestamp >= 0) this.firstBatchTimestamp = firstBatchTimestamp
    this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar)
    this.flushIndexes()
    fs.fdatasyncSync(this.indexFd)
    fs.fdatasyncSync(this.timeIndexFd)
    if (wasSealed) {
      this.closeIndexFds()
      this.offsetIndex.seal(this.indexPath)
      this.timeIndex.seal(this.timeIndexPath)
    }
  }

  // ---------------------------------------------------------------- writer

  /**
   * Kafka's `LogSegment.shouldRoll`: roll before appending `meta` when the segment would pass
   * `segmentBytes`, when its records would span more than `segmentMs`, when an index is full, or
   * when the batch's last offset does not fit a relative offset.
   */
  shouldRoll(meta: BatchMeta, config: RollConfig, now: number, pendingBytes = 0): boolean {
    // `pendingBytes`: bytes the writer has already assigned to this segment in the current drain but
    // not written yet.
    const size = this.size + pendingBytes
    if (size === 0) return false
    if (size > config.segmentBytes - meta.size) return true
    const since = this.firstBatchTimestamp >= 0 && meta.maxTimestamp >= 0
      ? meta.maxTimestamp - this.firstBatchTimestamp
      : now - this.createdAt
    if (since > config.segmentMs) return true
    if (this.offsetIndex.count >= Math.floor(config.indexBytes / OFFSET_ENTRY_SIZE)) return true
    if (this.timeIndex.count >= Math.floor(config.indexBytes / TIME_ENTRY_SIZE) - 1) return true
    return meta.lastOffset - this.baseOffset > INT32_MAX
  }

  /**
   * The sparse-index rule shared by append and recovery (so both build identical indexes): a batch
   * gets an entry when more than `interval` bytes were appended since the last entry, not counting
   * this batch; the entry pairs the batch's last offset with its start position.
   */
  trackBatch(position: number, meta: BatchMeta, interval: number): void {
    if (this.firstBatchTimestamp < 0 && position === 0) this.firstBatchTimestamp = meta.maxTimestamp
    if (meta.maxTimestamp > this.maxTimestampSoFar) {
      this.maxTimestampSoFar = meta.maxTimestamp
      this.offsetOfMaxTimestampSoFar = meta.lastOffset
    }
    if (this.bytesSinceLastIndexEntry > interval) {
      this.offsetIndex.append(meta.lastOffset, position)
      this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar)
      this.bytesSinceLastIndexEntry = 0
    }
    this.bytesSinceLastIndexEntry += meta.size
    this.nextOffset = meta.lastOffset + 1
  }

  /** Writer: state to restore if the next write fails. */
  mark(): SegmentMark {
    return {
      size: this.size,
      nextOffset: this.nextOffset,
      indexEntries: this.offsetIndex.count,
      timeEntries: this.timeIndex.count,
      bytesSinceLastIndexEntry: this.bytesSinceLastIndexEntry,
      maxTimestampSoFar: this.maxTimestampSoFar,
      offsetOfMaxTimestampSoFar: this.offsetOfMaxTimestampSoFar,
      firstBatchTimestamp: this.firstBatchTimestamp,
    }
  }

  /** Writer: cuts the files and the in-memory state back to `mark` (after a failed write). */
  rollback(mark: SegmentMark): void {
    this.verified.clear()
    this.size = mark.size
    this.nextOffset = mark.nextOffset
    this.bytesSinceLastIndexEntry = mark.bytesSinceLastIndexEntry
    this.maxTimestampSoFar = mark.maxTimestampSoFar
    this.offsetOfMaxTimestampSoFar = mark.offsetOfMaxTimestampSoFar
    this.firstBatchTimestamp = mark.firstBatchTimestamp
    this.offsetIndex.truncateToEntries(mark.indexEntries)
    this.timeIndex.truncateToEntries(mark.timeEntries)
    fs.ftruncateSync(this.fd, mark.size)
    if (this.indexFd >= 0) fs.ftruncateSync(this.indexFd, mark.indexEntries * OFFSET_ENTRY_SIZE)
    if (this.timeIndexFd >= 0) fs.ftruncateSync(this.timeIndexFd, mark.timeEntries * TIME_ENTRY_SIZE)
  }

  /**
   * Writer: writes `buffers` (whole batches described by `metas`) at the end of the `.log` with one
   * vectored write, then appends the resulting index entries to the index files. Throws on I/O
   * failure; the caller rolls back with the mark it took before.
   */
  append(buffers: Buffer[], metas: readonly BatchMeta[], interval: number): void {
    let position = this.size
    let total = 0
    for (const b of buffers) total += b.length
    let written = 0
    while (written < total) {
      // A short write is possible (signal, quota); resume with the unwritten tail.
      const n = written === 0 ? fs.writevSync(this.fd, buffers, position) : writevRest(this.fd, buffers, written, position + written)
      if (n === 0) throw new Error('write returned 0 bytes')
      written += n
    }
    for (const m of metas) {
      this.trackBatch(position, m, interval)
      this.markVerified(position)
      position += m.size
    }
    this.size = position
    this.offsetIndex.flushTo(this.indexFd)
    this.timeIndex.flushTo(this.timeIndexFd)
  }

  /**
   * Writer: fdatasync of the `.log` alone: what a commit needs. The active segment is always above
   * the recovery point, so after a crash recovery rebuilds its indexes from the `.log` and never
   * trusts their files; syncing them on every commit would triple the fsyncs for nothing.
   */
  async syncLog(): Promise<void> {
    await this.pinned(() => datasync(this.fd))
  }

  /** Writer: fdatasync of the `.log` and both index files (sealing, clean shutdown). */
  async sync(): Promise<void> {
    await this.pinned(async () => {
      await datasync(this.fd)
      if (this.indexFd >= 0) await Promise.all([datasync(this.indexFd), datasync(this.timeIndexFd)])
    })
  }

  /**
   * Writer: seals the segment (Kafka's `onBecomeInactiveSegment`): appends the final time-index entry,
   * makes sure both index files hold exactly their entries, fsyncs the three files, and reopens the
   * indexes read-only through the mmap seam.
   */
  async seal(): Promise<void> {
    this.sealed = true
    if (this.closed) return
    // Pinned: the open-segment table may have closed the files of a segment waiting for its seal
    // (rolls can run far ahead of seals); they reopen here and stay open until it is done.
    await this.pinned(async () => {
      this.ensureWritableIndexes()
      this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar)
      this.flushIndexes()
      await this.sync()
      if (this.closed) return
      this.closeIndexFds()
      this.offsetIndex.seal(this.indexPath)
      this.timeIndex.seal(this.timeIndexPath)
    })
  }

  /** Writer: makes a sealed segment appendable again (truncation moved the log end into it). */
  unseal(): void {
    const offsets = OffsetIndex.fromBytes(this.baseOffset, this.offsetIndex.bytes())
    const times = TimeIndex.fromBytes(this.baseOffset, this.timeIndex.bytes())
    this.offsetIndex.close()
    this.timeIndex.close()
    this.offsetIndex = offsets
    this.timeIndex = times
    this.sealed = false
    this.ensureWritableIndexes()
  }

  /** Writer: writes pending index entries and trims the index files to their exact size. */
  flushIndexes(): void {
    if (this.indexFd < 0) return
    this.offsetIndex.flushTo(this.indexFd)
    this.timeIndex.flushTo(this.timeIndexFd)
    fs.ftruncateSync(this.indexFd, this.offsetIndex.count * OFFSET_ENTRY_SIZE)
    fs.ftruncateSync(this.timeIndexFd, this.timeIndex.count * TIME_ENTRY_SIZE)
  }

  /**
   * Writer: Kafka's `LogSegment.truncateTo`: drops every batch whose last offset is ≥ `offset`
   * (batch granular) and the index entries that point at them.
   * @returns the number of bytes removed
   */
  truncateTo(offset: number): Promise<number> {
    return this.pinned(() => this.truncateInPlace(offset))
  }

  private async truncateInPlace(offset: number): Promise<number> {
    const position = await this.findPosition(offset, this.size)
    if (position < 0) return 0
    // The first removed batch may start below `offset` (it straddles it): the log now ends at its base.
    const header = Buffer.allocUnsafe(8)
    await readAt(this.fd, header, 0, 8, position)
    const removed = this.size - position
    this.verified.clear()
    this.size = position
    this.nextOffset = Math.min(offset, readInt64(header, 0))
    this.offsetIndex.truncateTo(offset)
    this.timeIndex.truncateTo(offset)
    fs.ftruncateSync(this.fd, position)
    this.ensureWritableIndexes()
    fs.ftruncateSync(this.indexFd, this.offsetIndex.count * OFFSET_ENTRY_SIZE)
    fs.ftruncateSync(this.timeIndexFd, this.timeIndex.count * TIME_ENTRY_SIZE)
    // Recompute the interval counter and max timestamp the way recovery would see them.
    this.bytesSinceLastIndexEntry = position - this.offsetIndex.lastPosition()
    const last = this.timeIndex.last()
    this.maxTimestampSoFar = last?.timestamp ?? -1
    this.offsetOfMaxTimestampSoFar = last?.offset ?? -1
    await walkHeaders(this, walkFrom(this.baseOffset, this.offsetIndex.lastEntry(), position, true, this.gapsBelow), (w) => {
      if (w.maxTimestamp > this.maxTimestampSoFar) {
        this.maxTimestampSoFar = w.maxTimestamp
        this.offsetOfMaxTimestampSoFar = w.lastOffset
      }
      return true
    })
    if (position === 0) this.firstBatchTimestamp = -1
    return removed
  }

  // ---------------------------------------------------------------- readers

  /** Reader: refreshes `size` and the indexes of a segment the writer may still be appending to. */
  refresh(): void {
    this.size = fs.fstatSync(this.fd).size
    if (this.reader && this.indexFd < 0) this.openReaderIndexFds()
    if (this.indexFd >= 0) this.offsetIndex.refreshFrom(this.indexFd)
    if (this.timeIndexFd >= 0) this.timeIndex.refreshFrom(this.timeIndexFd)
  }

  /**
   * Kafka's `translateOffset`: the position of the first batch whose last offset is ≥ `offset`,
   * looking only below `maxPosition`. Starts at the offset-index floor, then walks batch headers
   * (at most about `indexIntervalBytes` of them), never from the start of the segment.
   * @returns the position, or -1 when no such batch lies below `maxPosition`
   */
  findPosition(offset: number, maxPosition: number): Promise<number> {
    return this.pinned(() => findBatchByOffset(this, this.offsetIndex.lookup(offset), offset, maxPosition))
  }

  /** Point-read path: the whole batch holding `offset` below `maxPosition` (see `batch-locator.ts`). */
  readBatchSync(offset: number, maxPosition: number, scratch: Buffer): FoundBatch | undefined {
    return readBatchSync(this, this.offsetIndex.lookup(offset), offset, maxPosition, scratch)
  }

  /**
   * Reads the whole batch at `position` below `maxPosition`, checked: its header by the header walk
   * (`expectedBase`: the base offset it must have, or -1 when a walk already vouched for it) and its
   * CRC once per process.
   * @throws CorruptSegmentError when the batch is damaged
   */
  async readCheckedBatch(position: number, maxPosition: number, expectedBase: number): Promise<{ buf: Buffer; lastOffset: number }> {
    const walk = new HeaderWalk(this.baseOffset, { position, expectedBase, expectedLast: -1, gapsBelow: this.gapsBelow }, maxPosition)
    const header = await this.read(position, walk.needed)
    if (walk.step(header, 0) !== Step.Found) throw walkError(this.logPath, walk)
    const buf = await this.read(position, walk.size)
    if (buf.length < walk.size) throw new CorruptSegmentError(this.logPath, position, 'the file ends inside the batch')
    if (this.checkBatchOnce(buf, 0, buf.length, position) !== BatchCheck.Valid) {
      throw new CorruptSegmentError(this.logPath, position, 'the batch fails its CRC or framing')
    }
    return { buf, lastOffset: walk.lastOffset }
  }

  /** Reads `length` bytes at `position` into a new Buffer (shorter only at end of file). */
  async read(position: number, length: number): Promise<Buffer> {
    const buf = Buffer.allocUnsafe(length)
    const n = length <= SYNC_READ_BYTES
      ? readAtSync(this.fd, buf, 0, length, position)
      : await this.pinned(() => readAt(this.fd, buf, 0, length, position))
    return n === length ? buf : buf.subarray(0, n)
  }

  /**
   * The offset-index floor and then the time index: Kafka's `findOffsetByTimestamp` start point.
   * Returns the position to scan from for the first batch with maxTimestamp ≥ `timestamp`.
   */
  private timestampScanStart(timestamp: number): IndexPosition {
    const t = this.timeIndex.lookup(timestamp)
    return this.offsetIndex.lookup(t.offset)
  }

  /** The position of the first batch with maxTimestamp ≥ `timestamp` below `maxPosition`, or -1. */
  findTimestampPosition(timestamp: number, maxPosition: number): Promise<number> {
    return this.pinned(() => findBatchByTimestamp(this, this.timestampScanStart(timestamp), timestamp, maxPosition))
  }

  /**
   * Owner thread only: the `.log` mapped read-only over `length` bytes (which may exceed the file's
   * current size for the active segment: pages past the end are never touched because reads stay
   * below the published position). `undefined` in the mmap fallback.
   */
  mapped(length: number): Buffer | undefined {
    if (this.readMap !== undefined && this.readMap.buffer.length >= length) {
      touchOpenSegment(this.dir, this)
      return this.readMap.buffer
    }
    this.unmapReads()
    const fd = this.fd
    if (fd < 0) return undefined
    this.readMap = mapDescriptor(fd, length)
    return this.readMap?.buffer
  }

  /** Releases the point-read mapping (see the unmapping note in `io/mapped-file.ts`). */
  unmapReads(): void {
    this.readMap?.close()
    this.readMap = undefined
  }

  /**
   * `checkBatch` of the batch at `buf[at]` (file `position`), at most once per batch per process:
   * a batch this process already checked (or wrote) is `Valid` without re-reading its CRC, provided
   * `buf` holds it whole up to `end`.
   */
  checkBatchOnce(buf: Buffer, at: number, end: number, position: number): BatchCheck {
    if (at + batchSize(buf, at) <= end && this.verified.has(position)) return BatchCheck.Valid
    const result = checkBatch(buf, at, end)
    if (result === BatchCheck.Valid) this.verified.add(position)
    return result
  }

  /** Records that the batch at `position` is known good. */
  markVerified(position: number): void {
    this.verified.add(position)
  }

  // ---------------------------------------------------------------- lifecycle

  /** Pins the segment's descriptors while a read is in flight. */
  acquire(): void {
    this.refs++
  }

  /** Releases a pin; closes the files if the segment was deleted meanwhile. */
  release(): void {
    this.refs--
    if (this.refs === 0 && this.deleted) this.close()
  }

  /** Writer: removes the segment's files; descriptors close once no read holds them. */
  delete(): void {
    this.deleted = true
    // Drop the point-read mapping now: a mapping keeps an unlinked file's blocks allocated.
    this.unmapReads()
    for (const p of [this.logPath, this.indexPath, this.timeIndexPath]) {
      try {
        fs.unlinkSync(p)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(err, 'deleting a segment', p)
      }
    }
    if (this.refs === 0) this.close()
  }

  /** Reader: forgets the segment (it left the directory); descriptors close once no read holds them. */
  retire(): void {
    this.deleted = true
    if (this.refs === 0) this.close()
  }

  /**
   * Reader: re-reads size and both indexes from scratch (after a truncation changed the files). The
   * index files are reopened by name: recovery may have rebuilt them as new files.
   */
  reload(): void {
    this.verified.clear()
    this.offsetIndex.truncateToEntries(0)
    this.timeIndex.truncateToEntries(0)
    this.closeIndexFds()
    try {
      this.indexFd = fs.openSync(this.indexPath, 'r')
      this.timeIndexFd = fs.openSync(this.timeIndexPath, 'r')
    } catch {
      this.closeIndexFds() // missing index files: an unindexed segment, as in openForRead
    }
    this.refresh()
  }

  /**
   * Reader: whether the `.log` this segment has open is still the file of that name. After a
   * truncation deleted it and the writer later created a segment at the same base offset, the name
   * points at a new file and this descriptor at the deleted one.
   */
  isCurrentFile(): boolean {
    try {
      if (this.logFd < 0) {
        // Closed by the open-file table: compare the identity recorded when it was closed.
        const named = fs.statSync(this.logPath)
        return this.fileId === `${named.dev}:${named.ino}`
      }
      const open = fs.fstatSync(this.logFd)
      const named = fs.statSync(this.logPath)
      return open.ino === named.ino && open.dev === named.dev
    } catch {
      return false
    }
  }

  get isDeleted(): boolean {
    return this.deleted
  }

  private closeIndexFds(): void {
    closeFd(this.indexFd)
    closeFd(this.timeIndexFd)
    this.indexFd = -1
    this.timeIndexFd = -1
  }

  /** Closes every descriptor and unmaps the indexes. Idempotent (a descriptor is never closed twice). */
  close(): void {
    if (this.closed) return
    this.closed = true
    this.unmapReads()
    this.closeIndexFds()
    closeFd(this.logFd)
    this.logFd = -1
    forgetOpenSegment(this.dir, this)
    this.offsetIndex.close()
    this.timeIndex.close()
  }

  get isClosed(): boolean {
    return this.closed
  }
}

function prefixed(file: string, problem: string | undefined): string | undefined {
  return problem === undefined ? undefined : `${file}: ${problem}`
}

/**
 * close(2) that does not throw. Linux releases the descriptor even when close reports an error (it
 * must not be retried: the number may already be reused), and what it could report (EIO of a
 * deferred write-back) concerns data the writer already fsynced before closing, or a read-only
 * descriptor. Throwing here would only leave the segment's other descriptors and the lock behind.
 */
function closeFd(fd: number): void {
  if (fd < 0) return
  try {
    fs.closeSync(fd)
  } catch {
    // See above: the descriptor is gone either way.
  }
}
