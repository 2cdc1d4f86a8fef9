/**
 * Kafka's sparse segment indexes: `.index` (offset → position) and `.timeindex` (time → offset).
 *
 * On disk, no header and no checksum, big-endian, exactly Kafka's layout:
 * ```
 * .index      8 bytes/entry   relativeOffset int32 | position int32
 * .timeindex 12 bytes/entry   timestamp int64      | relativeOffset int32
 * ```
 * An offset-index entry pairs the **last** offset of a batch with the position where that batch
 * starts; a time-index entry (T, O) says "the largest timestamp up to offset O is T". Both are rebuilt
 * on crash, so they carry no checksum.
 *
 * Three forms share one lookup path (binary search over `buf`):
 * - writable (the writer's active segment): entries live in a growable Buffer; the owning segment
 *   appends new entries to the file with positional writes, a few appends' worth at a time
 *   (`SegmentIndexes.entriesAdded`; no preallocation, so a file never has a zero tail that Kafka
 *   would read as entries);
 * - sealed: the trimmed file opened through `io/mapped-file.ts` (mmap or its fallback);
 * - following (a reader in a worker or another process looking at the writer's active segment): the
 *   file is re-read from the last entry taken, up to a published bound ({@link IndexBound}), when a
 *   lookup needs it (`segment-indexes.ts` decides when).
 *
 * Concurrency: a writable index is mutated only by the writer; readers on the writer's thread use it
 * between the writer's synchronous steps. Other threads and processes never share these objects.
 */
import fs from 'node:fs'
import { openReadOnly, type MappedFile } from '../io/mapped-file.js'
import { int32BE, readInt64, writeInt64 } from '../format/record-batch.js'

/** Bytes per offset-index entry. */
export const OFFSET_ENTRY_SIZE = 8
/** Bytes per time-index entry. */
export const TIME_ENTRY_SIZE = 12

abstract class EntryTable {
  protected buf: Buffer
  /** Number of valid entries. */
  count = 0
  /** Entries [0, flushed) are known to be in the file. */
  flushed = 0
  protected mapping: MappedFile | null = null
  /** The sealed file this table serves (mapped now, or unloaded and mapped again on next use). */
  private sealedPath: string | undefined
  /** Called whenever a sealed table maps its file again (the owning segment's LRU touch). */
  onLoad: (() => void) | undefined
  readonly baseOffset: number
  abstract readonly entrySize: number

  constructor(baseOffset: number, buf: Buffer) {
    this.baseOffset = baseOffset
    this.buf = buf
  }

  protected abstract key(i: number): number

  /** A table of `entrySize`-byte entries holding a copy of `bytes`' whole entries, with room to grow. */
  protected static filled<T extends EntryTable>(
    make: (baseOffset: number, buf: Buffer) => T,
    entrySize: number,
    baseOffset: number,
    bytes: Buffer,
  ): T {
    const n = Math.floor(bytes.length / entrySize)
    const table = make(baseOffset, Buffer.allocUnsafe(Math.max(n, 64) * entrySize))
    bytes.copy(table.buf, 0, 0, n * entrySize)
    table.count = n
    table.flushed = n
    return table
  }

  /** Maps an unloaded sealed table's file again (see {@link EntryTable.unload}). */
  protected ensureLoaded(): void {
    if (this.sealedPath === undefined || this.mapping !== null) return
    const mapping = openReadOnly(this.sealedPath)
    this.mapping = mapping
    this.buf = mapping.buffer
    // The file was checked at load; if it changed behind our back, serve only what is there.
    this.count = Math.min(this.count, Math.floor(mapping.buffer.length / this.entrySize))
    this.flushed = this.count
    this.onLoad?.()
  }

  /** A sealed table releases its mapping; the next lookup maps the file again. */
  unload(): void {
    if (this.sealedPath === undefined || this.mapping === null) return
    this.mapping.close()
    this.mapping = null
    this.buf = Buffer.alloc(0)
  }

  /** Index of the largest entry whose key ≤ target, or -1. Keys are non-decreasing. */
  protected floorIndex(target: number): number {
    this.ensureLoaded()
    let lo = 0
    let hi = this.count - 1
    if (hi < 0 || this.key(0) > target) return -1
    // Look at the warm tail first (Kafka's AbstractIndex: the last 8 KiB of entries are the ones
    // appended and read most recently, so they are in cache; the cold middle is touched only when
    // needed).
    const warm = Math.max(0, this.count - Math.floor(8192 / this.entrySize))
    if (this.key(warm) <= target) lo = warm
    else hi = warm
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (this.key(mid) <= target) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  protected appendRaw(write: (buf: Buffer, pos: number) => void): void {
    const need = (this.count + 1) * this.entrySize
    if (need > this.buf.length) {
      if (this.sealedPath !== undefined) throw new Error('cannot append to a sealed index')
      const grown = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2, 64 * this.entrySize))
      this.buf.copy(grown, 0, 0, this.count * this.entrySize)
      this.buf = grown
    }
    write(this.buf, this.count * this.entrySize)
    this.count++
  }

  /** Drops entries from `n` on (in memory; the segment truncates the file). */
  truncateToEntries(n: number): void {
    if (n < this.count) this.count = n
    if (this.flushed > this.count) this.flushed = this.count
  }

  /** Entries added since the last {@link EntryTable.flushTo} (writer). */
  get pending(): number {
    return this.count - this.flushed
  }

  /**
   * Bytes of the entries known to be in the file: where a cut of the file goes (a cut to `count`
   * entries while some are pending would extend the file with zeros, which read as entries).
   */
  get bytesInFile(): number {
    return this.flushed * this.entrySize
  }

  /** Writes entries not yet in the file with one positional write; writer only. */
  flushTo(fd: number): void {
    if (this.flushed === this.count) return
    const from = this.flushed * this.entrySize
    const to = this.count * this.entrySize
    let done = from
    while (done < to) done += fs.writeSync(fd, this.buf, done, to - done, done)
    this.flushed = this.count
  }

  /** The entries' bytes, exactly as they belong on disk. */
  bytes(): Buffer {
    this.ensureLoaded()
    return this.buf.subarray(0, this.count * this.entrySize)
  }

  /** Replaces the in-memory entries with a read-only view of the (trimmed, fsynced) file. */
  seal(path: string): void {
    const mapping = openReadOnly(path)
    const entries = Math.floor(mapping.buffer.length / this.entrySize)
    if (entries !== this.count) {
      mapping.close()
      return // the file is not what we wrote; keep serving from memory
    }
    this.mapping = mapping
    this.buf = mapping.buffer
    this.flushed = this.count
    this.sealedPath = path
  }

  /**
   * For a following reader: pulls in the entries the writer appended since the last call, up to the
   * first one that is not inside `bound` or does not follow the entry before it (the rules of
   * {@link offsetIndexProblem} / {@link timeIndexProblem}). Entries past the bound stay in the file
   * and are read again by a later call with a larger bound: the table never holds an entry for bytes
   * the bound does not cover, even if the writer has already written it (docs/concurrency.md, "Why
   * the index is safe to use").
   */
  refreshFrom(fd: number, bound: IndexBound): void {
    const size = fs.fstatSync(fd).size
    const entries = Math.floor(size / this.entrySize)
    if (entries <= this.count) {
      if (entries < this.count) this.count = entries // the writer truncated
      return
    }
    const from = this.count * this.entrySize
    const to = entries * this.entrySize
    if (to > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(to, this.buf.length * 2))
      this.buf.copy(grown, 0, 0, from)
      this.buf = grown
    }
    const n = fs.readSync(fd, this.buf, from, to - from, from)
    const read = Math.floor((from + n) / this.entrySize)
    let i = this.count
    while (i < read && this.admits(i, bound)) i++
    this.count = i
    this.flushed = i
  }

  /** Whether entry `i` (read from the file, after the `i` entries taken) lies inside `bound` and follows entry `i - 1`. */
  protected abstract admits(i: number, bound: IndexBound): boolean

  /** True when the entries are served from a mapped (or read) sealed file. */
  get sealed(): boolean {
    return this.sealedPath !== undefined
  }

  /** True while a sealed table holds its mapping. */
  get loaded(): boolean {
    return this.mapping !== null
  }

  /** Releases the mapping, if any, for good. */
  close(): void {
    this.mapping?.close()
    this.mapping = null
    this.sealedPath = undefined
    this.buf = Buffer.alloc(0)
    this.count = 0
    this.flushed = 0
  }
}

/**
 * What a following reader may take into its indexes: entries of batches that start below `position`
 * and offsets below `offset` (a published `hwPosition` and high watermark, or `Infinity` for a
 * segment whose bytes are all committed).
 */
export interface IndexBound {
  readonly position: number
  readonly offset: number
}

/** A position to start scanning from: an offset-index floor. */
export interface IndexPosition {
  /** The largest indexed (last-of-batch) offset ≤ the target, or the segment's base offset. */
  offset: number
  /** Byte position of that batch in the `.log` file, or 0. */
  position: number
  /**
   * True when the floor is an index entry (the batch at `position` ends at `offset`), false when it
   * is the segment's start (the batch at 0 begins at the base offset).
   */
  indexed: boolean
}

/** Kafka's `.index`: relative last-offset of a batch → position of the batch. */
export class OffsetIndex extends EntryTable {
  readonly entrySize = OFFSET_ENTRY_SIZE

  /** An index holding `bytes` (copied, so it can grow). */
  static fromBytes(baseOffset: number, bytes: Buffer): OffsetIndex {
    return EntryTable.filled((b, buf) => new OffsetIndex(b, buf), OFFSET_ENTRY_SIZE, baseOffset, bytes)
  }

  /** An empty index. */
  static empty(baseOffset: number): OffsetIndex {
    return OffsetIndex.fromBytes(baseOffset, Buffer.alloc(0))
  }

  protected key(i: number): number {
    return int32BE(this.buf, i * OFFSET_ENTRY_SIZE)
  }

  private position(i: number): number {
    return int32BE(this.buf, i * OFFSET_ENTRY_SIZE + 4)
  }

  protected admits(i: number, bound: IndexBound): boolean {
    const rel = this.key(i)
    const position = this.position(i)
    // The entry's batch starts at `position` and ends at `baseOffset + rel`: both must be published.
    if (position >= bound.position || this.baseOffset + rel >= bound.offset) return false
    return i === 0 ? rel >= 0 && position >= 0 : rel > this.key(i - 1) && position > this.position(i - 1)
  }

  /** Appends (lastOffset of a batch, position of the batch); offsets must increase. */
  append(offset: number, position: number): void {
    const rel = offset - this.baseOffset
    if (this.count > 0 && rel <= this.key(this.count - 1)) {
      throw new RangeError(`index entry offset ${offset} is not above the last entry`)
    }
    this.appendRaw((b, p) => {
      b.writeInt32BE(rel, p)
      b.writeInt32BE(position, p + 4)
    })
  }

  /**
   * Kafka's `lookup`: the largest entry with offset ≤ target whose batch starts below `maxPosition`,
   * or (baseOffset, 0). A reader passes the bound of the snapshot it reads under: another reader of
   * the same view may have let the index take entries of a later snapshot, and a walk must never
   * start at or past its own bound.
   */
  lookup(target: number, maxPosition = Infinity): IndexPosition {
    let i = this.floorIndex(target - this.baseOffset)
    while (i >= 0 && this.position(i) >= maxPosition) i--
    if (i < 0) return { offset: this.baseOffset, position: 0, indexed: false }
    return this.entry(i)
  }

  /** The i-th entry as absolute offset and position. */
  entry(i: number): IndexPosition {
    this.ensureLoaded()
    const p = i * OFFSET_ENTRY_SIZE
    return { offset: this.baseOffset + int32BE(this.buf, p), position: int32BE(this.buf, p + 4), indexed: true }
  }

  /** The last entry, or the segment's start when there is none (a floor for walking to the end). */
  lastEntry(): IndexPosition {
    return this.count === 0 ? { offset: this.baseOffset, position: 0, indexed: false } : this.entry(this.count - 1)
  }

  /** Position of the last entry, or 0 when there is none. */
  lastPosition(): number {
    this.ensureLoaded()
    return this.count === 0 ? 0 : int32BE(this.buf, (this.count - 1) * OFFSET_ENTRY_SIZE + 4)
  }

  /** Removes entries whose offset ≥ `offset` (Kafka's `truncateTo`). */
  truncateTo(offset: number): void {
    const i = this.floorIndex(offset - this.baseOffset - 1)
    this.truncateToEntries(i + 1)
  }
}

/** A time-index entry. */
export interface TimestampOffset {
  timestamp: number
  offset: number
}

/** Kafka's `.timeindex`: max timestamp so far → the offset where it was reached. */
export class TimeIndex extends EntryTable {
  readonly entrySize = TIME_ENTRY_SIZE

  /** An index holding `bytes` (copied, so it can grow). */
  static fromBytes(baseOffset: number, bytes: Buffer): TimeIndex {
    return EntryTable.filled((b, buf) => new TimeIndex(b, buf), TIME_ENTRY_SIZE, baseOffset, bytes)
  }

  /** An empty index. */
  static empty(baseOffset: number): TimeIndex {
    return TimeIndex.fromBytes(baseOffset, Buffer.alloc(0))
  }

  protected key(i: number): number {
    return readInt64(this.buf, i * TIME_ENTRY_SIZE)
  }

  private relativeOffset(i: number): number {
    return int32BE(this.buf, i * TIME_ENTRY_SIZE + 8)
  }

  protected admits(i: number, bound: IndexBound): boolean {
    const rel = this.relativeOffset(i)
    // (T, O) sends a lookup to the offset-index floor of O: O must be published.
    if (this.baseOffset + rel >= bound.offset) return false
    const timestamp = this.key(i)
    return i === 0 ? rel >= 0 && timestamp >= 0 : timestamp > this.key(i - 1) && rel >= this.relativeOffset(i - 1)
  }

  /** The last entry, or undefined. */
  last(): TimestampOffset | undefined {
    return this.count === 0 ? undefined : this.entry(this.count - 1)
  }

  entry(i: number): TimestampOffset {
    this.ensureLoaded()
    const p = i * TIME_ENTRY_SIZE
    return { timestamp: readInt64(this.buf, p), offset: this.baseOffset + int32BE(this.buf, p + 8) }
  }

  /** Kafka's `maybeAppend`: appends only when `timestamp` is above the last entry's. */
  maybeAppend(timestamp: number, offset: number): void {
    if (timestamp < 0) return
    const last = this.count === 0 ? -1 : this.key(this.count - 1)
    if (this.count > 0 && timestamp <= last) return
    this.appendRaw((b, p) => {
      writeInt64(b, p, timestamp)
      b.writeInt32BE(offset - this.baseOffset, p + 8)
    })
  }

  /** The largest entry with timestamp ≤ target, or (-1, baseOffset). */
  lookup(target: number): TimestampOffset {
    const i = this.floorIndex(target)
    if (i < 0) return { timestamp: -1, offset: this.baseOffset }
    return this.entry(i)
  }

  /** Removes entries whose offset ≥ `offset`. */
  truncateTo(offset: number): void {
    this.ensureLoaded()
    let n = this.count
    while (n > 0 && this.baseOffset + int32BE(this.buf, (n - 1) * TIME_ENTRY_SIZE + 8) >= offset) n--
    this.truncateToEntries(n)
  }
}

/**
 * Kafka's `OffsetIndex.sanityCheck`, made stricter because an index carries no checksum: the file is
 * a whole number of entries, relative offsets and positions strictly increase from ≥ 0, and every
 * position leaves room for a batch header before `segmentSize`.
 * @returns why the bytes cannot be this segment's index, or `undefined` when they pass
 */
export function offsetIndexProblem(bytes: Buffer, segmentSize: number): string | undefined {
  if (bytes.length % OFFSET_ENTRY_SIZE !== 0) return `${bytes.length} bytes is not a multiple of ${OFFSET_ENTRY_SIZE}`
  let prevRel = -1
  let prevPos = -1
  for (let p = 0; p < bytes.length; p += OFFSET_ENTRY_SIZE) {
    const rel = int32BE(bytes, p)
    const pos = int32BE(bytes, p + 4)
    if (rel <= prevRel) return `entry ${p / OFFSET_ENTRY_SIZE}: relative offset ${rel} does not increase`
    if (pos <= prevPos) return `entry ${p / OFFSET_ENTRY_SIZE}: position ${pos} does not increase`
    if (pos + 61 > segmentSize) return `entry ${p / OFFSET_ENTRY_SIZE}: position ${pos} is past the segment's ${segmentSize} bytes`
    prevRel = rel
    prevPos = pos
  }
  return undefined
}

/**
 * Kafka's `TimeIndex.sanityCheck`, made stricter: the file is a whole number of entries, timestamps
 * strictly increase from ≥ 0, relative offsets never decrease, start at ≥ 0 and stay at or below
 * `lastOffset` (the segment's last offset, when known; -1 when not).
 * @returns why the bytes cannot be this segment's time index, or `undefined` when they pass
 */
export function timeIndexProblem(bytes: Buffer, baseOffset: number, lastOffset: number): string | undefined {
  if (bytes.length % TIME_ENTRY_SIZE !== 0) return `${bytes.length} bytes is not a multiple of ${TIME_ENTRY_SIZE}`
  let prevTs = -1
  let prevRel = 0
  for (let p = 0; p < bytes.length; p += TIME_ENTRY_SIZE) {
    const ts = readInt64(bytes, p)
    const rel = int32BE(bytes, p + 8)
    if (ts <= prevTs) return `entry ${p / TIME_ENTRY_SIZE}: timestamp ${ts} does not increase`
    if (rel < prevRel) return `entry ${p / TIME_ENTRY_SIZE}: relative offset ${rel} decreases`
    if (lastOffset >= 0 && baseOffset + rel > lastOffset)
      return `entry ${p / TIME_ENTRY_SIZE}: offset ${baseOffset + rel} is past the segment's last offset ${lastOffset}`
    prevTs = ts
    prevRel = rel
  }
  return undefined
}
