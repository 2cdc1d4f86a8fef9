/**
 * Segment: one `<base>.log` file and its `.index` / `.timeindex` (Kafka's `LogSegment`).
 *
 * The `.log` holds RecordBatch v2 batches back to back. The writer appends with positional writes at
 * `size` (never with O_APPEND, so a restart can never write over the start of the file, and a failed
 * write can be cut back with ftruncate). The segment owns two parts and keeps them consistent:
 * - a {@link LogFile} (`storage/log-file.ts`): the `.log`'s descriptor, the point-read mapping and
 *   which batches this process has CRC-checked;
 * - a {@link SegmentIndexes} (`storage/segment-indexes.ts`): both index files and Kafka's sparse
 *   rule, which makes our `.index` byte-identical to the one Kafka rebuilds.
 * It pins its descriptors while reads are in flight and closes or deletes its files as a whole (its
 * base class {@link SegmentFiles}, `segment-files.ts`, owns the files, the pins and their lifetime).
 *
 * Content identity: {@link Segment.content} changes whenever a byte of the `.log` is removed or
 * replaced (truncation, the rollback of a failed write, a recovery cut) or appended, so whoever
 * prepares a change from a segment's bytes outside the writer's exclusive section (a compaction
 * round) can check, inside it, that the bytes it read are still the segment's: the object surviving
 * a truncation in place is no proof of that.
 *
 * Compaction's holes: walks over the segment ask it whether a batch may start later than expected
 * ({@link Segment.allowsHole}, decided by its `SegmentHoles`): below the compacted-until hint, yes;
 * above it, only once the segment's whole structure vouches for its holes, judged once per content.
 *
 * Roles:
 * - writer (`Segment.create` / `Segment.openForWrite`): owns `size`, the in-memory indexes and the
 *   index-file descriptors; every mutating method is writer-only.
 * - reader (`Segment.openForRead`, in a worker or another process): opens the three files read-only
 *   and only ever reads below a position taken from the published snapshot. A view tells each
 *   segment how much of it is published: {@link Segment.refresh} for a segment below the one holding
 *   the high watermark (all of it: size from the file), {@link Segment.follow} for the one holding it
 *   (the published `hwPosition`, no system call). Index entries are read lazily, by the first lookup
 *   that needs them, and only inside that bound (`segment-indexes.ts`).
 * Read methods ({@link Segment.findPosition}, {@link Segment.read}) are safe from any reader on the
 * owning thread; they never look past the `maxPosition` they are given.
 */
import fs from 'node:fs'
import path from 'node:path'
import { logFileName } from '../io/file-names.js'
import { findBatchByOffset, findBatchByTimestamp, readBatchSync, walkFrom, walkHeaders, type FoundBatch } from './batch-locator.js'
import { datasync, datasyncHere, readAt } from '../io/files.js'
import { BatchCheck } from '../format/record-batch.js'
import { HeaderWalk, type GapRule, type HoleCheck } from '../format/header-walk.js'
import type { BatchMeta, IndexMark } from './segment-indexes.js'
import { walkBatches, type AsyncBatchVisitor, type WalkOptions, type WalkResult } from './batch-walk.js'
import { SegmentHoles } from './segment-holes.js'
import { SegmentFiles } from './segment-files.js'

/** The bound of a segment whose bytes are all committed (see {@link Segment.refresh}). */
const WHOLE = { position: Infinity, offset: Infinity }

/** Writer-side state to restore when a write fails half-way. */
export interface SegmentMark {
  size: number
  nextOffset: number
  indexes: IndexMark
}

/** A segment's content as of one moment (see {@link Segment.content}). */
export interface SegmentContent {
  /** Bumped whenever bytes are removed or replaced. */
  readonly generation: number
  /** Valid bytes (appends grow it). */
  readonly size: number
}

/** One segment: its `.log` and indexes (see the module comment for the writer and reader roles). */
export class Segment extends SegmentFiles implements HoleCheck {
  #size: number
  #nextOffset: number
  #sealed = false
  /** Bumped whenever bytes of the `.log` are removed or replaced (see {@link Segment.content}). */
  #contentGeneration = 0
  /** Whether compaction's holes are accepted (see {@link Segment.allowsHole}). */
  readonly #holes: SegmentHoles
  /** Writer: `size` and `nextOffset` are known to describe the segment's end (loaded, recovered, written). */
  #endKnown = false

  private constructor(dir: string, baseOffset: number, fd: number, size: number, reader = false) {
    super(dir, baseOffset, fd, reader)
    this.#size = size
    this.#nextOffset = baseOffset
    this.#holes = new SegmentHoles(baseOffset)
    this.touch()
  }

  /** Valid bytes in the `.log`: written by the writer, or as last seen by a reader. */
  get size(): number {
    return this.#size
  }

  /** Writer: last offset + 1 (baseOffset when empty). */
  get nextOffset(): number {
    return this.#nextOffset
  }

  /** True once the segment can no longer be appended to. */
  get sealed(): boolean {
    return this.#sealed
  }

  /** The hole rule of walks over this segment: the segment itself (see {@link Segment.allowsHole}). */
  get gapsBelow(): GapRule {
    return this
  }

  /** Sets the hint below which holes are accepted without a walk (the compacted-until checkpoint). */
  allowGapsBelow(offset: number): void {
    this.#holes.allowBelow(offset)
  }

  /** Holes the segment's own batches vouched for lie below this (0 when none did, or not yet asked). */
  get vouchedHolesBelow(): number {
    return this.#holes.vouchedBelow
  }

  /**
   * Whether a batch may start at `baseOffset` where `expectedBase` was expected: a compaction hole
   * (see `segment-holes.ts`; the owner's end is `size` / `nextOffset` once known).
   */
  allowsHole(expectedBase: number, baseOffset: number): boolean {
    return this.#holes.allows(expectedBase, baseOffset, this.#contentGeneration, {
      fd: this.fd,
      knownEnd: () =>
        this.reader || !this.#endKnown ? undefined : { baseOffset: this.baseOffset, position: this.#size, offset: this.#nextOffset },
      verified: (position) => this.logFile.markVerified(position),
    })
  }

  /**
   * Declares where the segment's whole batches end and the offset after them (a view's published
   * end; at recovery, the previous writer's), against which its holes are vouched for.
   */
  declareEnd(position: number, offset: number): void {
    this.#holes.declareEnd(position, offset)
  }

  /** The segment's content now: equal for two calls only if no byte was appended, removed or replaced between. */
  content(): SegmentContent {
    return { generation: this.#contentGeneration, size: this.#size }
  }

  /** Whether the segment is still live and holds exactly the content `c` recorded. */
  hasContent(c: SegmentContent): boolean {
    return !this.deleted && !this.closed && c.generation === this.#contentGeneration && c.size === this.#size
  }

  /** Bytes of the `.log` are about to be removed or replaced: a new content, whose holes are judged anew. */
  #contentChanges(): void {
    this.#contentGeneration++
    this.#holes.contentChanged()
  }

  /**
   * Loader: takes `nextOffset` as the segment's end without reading its `.log` (from the clean-shutdown
   * marker, or the next segment's base for a segment trusted below the recovery point).
   */
  adoptEnd(nextOffset: number): void {
    if (!Number.isSafeInteger(nextOffset) || nextOffset < this.baseOffset) {
      throw new Error(`internal: segment ${this.baseOffset} cannot end at ${nextOffset}`)
    }
    this.#nextOffset = nextOffset
    this.#endKnown = true
  }

  /**
   * Recovery: the `.log`'s valid prefix is `validBytes` long and ends at `nextOffset`; cuts whatever
   * lies after it (a torn or damaged tail) from the file.
   * @returns the bytes cut
   */
  recovered(validBytes: number, nextOffset: number): number {
    const fileSize = fs.fstatSync(this.fd).size
    if (fileSize > validBytes) {
      this.#contentChanges()
      fs.ftruncateSync(this.fd, validBytes)
    }
    this.#size = validBytes
    this.#holes.declareEnd(undefined)
    this.adoptEnd(nextOffset)
    return Math.max(0, fileSize - validBytes)
  }

  /** Writer: the segment stops taking appends (a roll); its seal follows in the background. */
  stopAppending(): void {
    this.#sealed = true
  }

  /** Loader: a segment loaded as sealed; its indexes are served through the mmap seam. */
  loadedSealed(): void {
    this.#sealed = true
    this.indexes.seal()
  }

  /**
   * Kafka's `LogSegment.largestTimestamp`: the largest record timestamp (the time index's last entry
   * or the running maximum), or the file's modification time when no record carries one. Retention by
   * time and the cleaner's `minCompactionLagMs` both judge a segment by it.
   */
  largestTimestamp(): number {
    const last = this.timeIndex.last()
    const max = Math.max(last?.timestamp ?? -1, this.indexes.maxTimestampSoFar)
    return max >= 0 ? max : fs.statSync(this.logPath).mtimeMs
  }

  /**
   * Called by the open-segment table: closes the `.log` descriptor, the point-read mapping, a
   * reader's index descriptors and the sealed index mappings, unless a read pins the segment or the
   * writer may still write it.
   * @returns whether everything was closed
   */
  evict(): boolean {
    if (this.closed || this.refs > 0 || !(this.#sealed || this.reader)) return false
    this.logFile.rememberIdentity()
    this.logFile.unmap()
    this.indexes.evict(!this.reader)
    this.logFile.closeUntilUsed()
    return true
  }

  /** Writer: creates a new, empty segment (fails if its `.log` exists and is not empty). */
  static create(dir: string, baseOffset: number): Segment {
    const logPath = path.join(dir, logFileName(baseOffset))
    const fd = fs.openSync(logPath, fs.constants.O_RDWR | fs.constants.O_CREAT)
    try {
      if (fs.fstatSync(fd).size !== 0) throw new Error(`segment ${logPath} already exists and is not empty`)
      const seg = new Segment(dir, baseOffset, fd, 0)
      seg.#endKnown = true
      seg.indexes.create()
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
    const seg = new Segment(dir, baseOffset, fd, size)
    if (loadIndexes) seg.indexes.load(size)
    return seg
  }

  /** Reader (worker or other process): opens the files read-only; indexes are loaded lazily. */
  static openForRead(dir: string, baseOffset: number): Segment {
    const logPath = path.join(dir, logFileName(baseOffset))
    const fd = fs.openSync(logPath, 'r')
    const seg = new Segment(dir, baseOffset, fd, fs.fstatSync(fd).size, true)
    seg.#nextOffset = Number.NaN
    seg.indexes.openReadOnly()
    return seg
  }

  /**
   * Writer, at load: Kafka's index sanity check of a segment whose indexes were loaded from disk
   * (clean shutdown, or below the recovery point): both files are whole numbers of entries, entries
   * increase and stay inside the segment's bytes and offsets (see `offsetIndexProblem` /
   * `timeIndexProblem`). Damage these checks cannot see (an entry moved to another plausible
   * position) is caught when a read walks from it: the entry's offset must match the batch it points at.
   * @param lastOffset - the segment's last offset (the next segment's base - 1, or the log end - 1)
   * @returns why the indexes fail, or `undefined` when they pass (the caller rebuilds or recovers)
   */
  indexProblem(lastOffset: number): string | undefined {
    return this.indexes.problem(lastOffset)
  }

  /**
   * Writer, at load: rebuilds the indexes of a sealed segment that failed {@link indexProblem} from
   * its `.log`, with the writer's sparse rule, as Kafka does. A header the walk rejects ends the
   * indexed part; the bytes stay (no new record goes into a sealed segment, and reads that reach
   * them report the damage), and so does the segment's place in the log (`nextOffset` is only
   * moved when the walk reached the end).
   * @returns the position of damage the walk stopped at, or `undefined` when it reached the end
   */
  async rebuildSealedIndexes(interval: number): Promise<number | undefined> {
    const { nextOffset, end } = await this.indexes.rebuild(this, interval)
    if (end < this.#size) return end
    if (nextOffset >= 0) this.#nextOffset = nextOffset
    return undefined
  }

  // ---------------------------------------------------------------- writer

  /** Writer: state to restore if the next write fails. */
  mark(): SegmentMark {
    return { size: this.#size, nextOffset: this.#nextOffset, indexes: this.indexes.mark() }
  }

  /** Writer: cuts the files and the in-memory state back to `mark` (after a failed write). */
  rollback(mark: SegmentMark): void {
    this.#contentChanges()
    this.logFile.forgetVerified()
    this.#size = mark.size
    this.#nextOffset = mark.nextOffset
    this.indexes.rollback(mark.indexes)
    fs.ftruncateSync(this.fd, mark.size)
    this.indexes.trimFilesToWritten()
  }

  /**
   * Writer: writes `buffers` (whole batches described by `metas`) at the end of the `.log` with one
   * vectored write, then adds the resulting index entries (written to the index files a turn of the
   * event loop's appends at a time: `SegmentIndexes.entriesAdded`). Throws on I/O failure; the caller
   * rolls back with the mark it took before.
   */
  append(buffers: Buffer[], metas: readonly BatchMeta[], interval: number): void {
    let position = this.#size
    this.logFile.writeAll(buffers, position)
    for (const m of metas) {
      this.indexes.trackBatch(position, m, interval)
      this.#nextOffset = m.lastOffset + 1
      this.logFile.markVerified(position)
      position += m.size
    }
    this.#size = position
    this.indexes.entriesAdded()
  }

  /**
   * Writer: fdatasync of the `.log` alone: what a commit needs. The active segment is always above
   * the recovery point, so after a crash recovery rebuilds its indexes from the `.log` and never
   * trusts their files; syncing them on every commit would triple the fsyncs for nothing.
   * @param here - on the calling thread instead of the thread pool (`storage/inline-sync.ts`)
   */
  async syncLog(here = false): Promise<void> {
    await this.pinned(() => (here ? datasyncHere(this.fd) : datasync(this.fd)))
  }

  /** Writer: fdatasync of the `.log` and both index files (sealing, clean shutdown). */
  async sync(): Promise<void> {
    await this.pinned(async () => {
      await datasync(this.fd)
      await this.indexes.sync()
    })
  }

  /**
   * Writer: seals the segment (Kafka's `onBecomeInactiveSegment`): appends the final time-index entry,
   * makes sure both index files hold exactly their entries, fsyncs the three files, and reopens the
   * indexes read-only through the mmap seam.
   */
  async seal(): Promise<void> {
    this.#sealed = true
    if (this.closed) return
    // Pinned: the open-segment table may have closed the files of a segment waiting for its seal
    // (rolls can run far ahead of seals); they reopen here and stay open until it is done.
    await this.pinned(async () => {
      this.indexes.ensureWritable()
      this.indexes.finish()
      await this.sync()
      if (this.closed) return
      this.indexes.seal()
    })
  }

  /** Writer: makes a sealed segment appendable again (truncation moved the log end into it). */
  unseal(): void {
    this.indexes.unseal()
    this.#sealed = false
    this.indexes.ensureWritable()
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
    const position = await this.findPosition(offset, this.#size)
    if (position < 0) return 0
    const end = await this.endBelow(offset)
    const removed = this.#size - position
    // Before the file changes: a compaction round that read the old bytes must see they are gone.
    this.#contentChanges()
    this.logFile.forgetVerified()
    this.#size = position
    this.#nextOffset = end
    this.indexes.truncateTo(offset)
    fs.ftruncateSync(this.fd, position)
    await this.indexes.trimTo(this, position)
    return removed
  }

  /**
   * Where a truncation to `offset` leaves this segment's end: the offset after the last batch that
   * ends below `offset`, or the base offset when none does. Neither `offset` nor the base of the
   * batch that straddles it: compaction's holes may lie before that batch, and the log end must be
   * where the file's batches end (that is where recovery finds it after a crash).
   */
  endBelow(offset: number): Promise<number> {
    return this.pinned(async () => {
      let end = this.baseOffset
      const walk = walkFrom(this.baseOffset, this.offsetIndex.lookup(offset - 1), this.#size, false, this)
      await walkHeaders(this, walk, (w) => {
        if (w.lastOffset >= offset) return false
        end = w.lastOffset + 1
        return true
      })
      return end
    })
  }

  // ---------------------------------------------------------------- readers

  /**
   * Reader: the segment is below the one holding the published high watermark, so every byte of it
   * is committed and no longer changes within this generation: `size` is the file's, and its index
   * entries are all usable (read now).
   */
  refresh(): void {
    this.#size = fs.fstatSync(this.fd).size
    this.indexes.follow(WHOLE)
    this.indexes.catchUp()
  }

  /**
   * Reader: this segment holds the published high watermark: its batches end at `position` and
   * offset `offset` (the snapshot's `hwPosition` and `highWatermark`). Sets `size` to `position`,
   * declares that end for vouching for holes, and lets the next lookup read the index entries up to
   * it. No system call: a follower that reads in order pays nothing more per wake-up.
   */
  follow(position: number, offset: number): void {
    this.#size = position
    this.indexes.follow({ position, offset })
    this.#holes.declareEnd(position, offset)
  }

  /**
   * Kafka's `translateOffset`: the position of the first batch whose last offset is ≥ `offset`,
   * looking only below `maxPosition`. Starts at the offset-index floor, then walks batch headers
   * (at most about `indexIntervalBytes` of them), never from the start of the segment.
   * @returns the position, or -1 when no such batch lies below `maxPosition`
   */
  findPosition(offset: number, maxPosition: number): Promise<number> {
    return this.pinned(() => findBatchByOffset(this, this.offsetIndex.lookup(offset, maxPosition), offset, maxPosition))
  }

  /** Point-read path: the whole batch holding `offset` below `maxPosition` (see `batch-locator.ts`). */
  readBatchSync(offset: number, maxPosition: number, scratch: Buffer): FoundBatch | undefined {
    return readBatchSync(this, this.offsetIndex.lookup(offset, maxPosition), offset, maxPosition, scratch)
  }

  /**
   * {@link LogFile.readCheckedBatch} of the `.log`, pinned: the whole batch at `position` below
   * `maxPosition`, its header checked by the header walk and its CRC once per process.
   * @throws CorruptSegmentError when the batch is damaged
   */
  readCheckedBatch(position: number, maxPosition: number, expectedBase: number): Promise<{ buf: Buffer; lastOffset: number }> {
    const walk = new HeaderWalk(this.baseOffset, { position, expectedBase, expectedLast: -1, gapsBelow: this }, maxPosition)
    return this.logFile.readCheckedBatch(walk, (fn) => this.pinned(fn))
  }

  /**
   * THE batch walk ({@link walkBatches}) over this segment's `.log`, from position 0 up to `size`
   * unless `options.limit` says otherwise, with the descriptors pinned for the whole walk.
   */
  walk(options: Omit<WalkOptions, 'baseOffset' | 'limit'> & { limit?: number }, visit: AsyncBatchVisitor): Promise<WalkResult> {
    const read = (buf: Buffer, length: number, position: number): Promise<number> => readAt(this.fd, buf, 0, length, position)
    return this.pinned(() => walkBatches(read, { baseOffset: this.baseOffset, limit: this.#size, gapsBelow: this, ...options }, visit))
  }

  /** Reads `length` bytes at `position` into a new Buffer (shorter only at end of file). */
  read(position: number, length: number): Promise<Buffer> {
    return this.logFile.read(position, length, (fn) => this.pinned(fn))
  }

  /** The position of the first batch with maxTimestamp ≥ `timestamp` below `maxPosition`, or -1. */
  findTimestampPosition(timestamp: number, maxPosition: number): Promise<number> {
    return this.pinned(() => findBatchByTimestamp(this, this.indexes.timestampFloor(timestamp, maxPosition), timestamp, maxPosition))
  }

  /** {@link LogFile.checkBatchOnce} of the `.log`. */
  checkBatchOnce(buf: Buffer, at: number, end: number, position: number, table?: Uint32Array): BatchCheck {
    return this.logFile.checkBatchOnce(buf, at, end, position, table)
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Reader: forgets what it knew of the segment's bytes and index entries (after a roll, truncation
   * or swap may have changed the files); the caller then calls {@link Segment.refresh} or
   * {@link Segment.follow}. The index files are reopened by name: recovery may have rebuilt them as
   * new files.
   */
  reload(): void {
    this.#contentChanges()
    this.logFile.forgetVerified()
    this.indexes.reload()
  }
}
