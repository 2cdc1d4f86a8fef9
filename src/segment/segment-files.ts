/**
 * SegmentFiles: the files of one segment and their lifetime, the base of {@link Segment}
 * (`segment.ts`, which owns the content: size, offsets, appends, truncation, reads).
 *
 * Owns the three paths (`<base>.log`, `.index`, `.timeindex`), the `.log`'s {@link LogFile} and the
 * {@link SegmentIndexes}, the pins that keep descriptors open while a read is in flight
 * (`acquire` / `release`), and the end of the files: `delete` (writer: unlink, descriptors close once
 * no read holds them), `retire` (reader: the segment left the directory) and `close`. Unlinking a
 * file that is still open is safe on POSIX systems: readers that pinned the segment keep its bytes
 * (docs/concurrency.md, "Retention and truncation").
 *
 * Concurrency: writer-only methods say so; pins and `close` are used by any reader on the owning
 * thread. The open-segment table (`open-segments.ts`) may close descriptors of an unpinned segment at
 * any time; they reopen on use.
 */
import fs from 'node:fs'
import path from 'node:path'
import { ioError } from '../base/errors.js'
import { forgetOpenSegment, touchOpenSegment, type OpenableSegment } from './open-segments.js'
import { indexFileName, logFileName, timeIndexFileName } from '../io/file-names.js'
import type { OffsetIndex, TimeIndex } from './sparse-index.js'
import { LogFile, breakHardLink } from './log-file.js'
import { SegmentIndexes } from './segment-indexes.js'

/** A segment's files, their pins and their lifetime (see the module comment). */
export abstract class SegmentFiles implements OpenableSegment {
  readonly baseOffset: number
  readonly logPath: string
  readonly indexPath: string
  readonly timeIndexPath: string
  protected readonly dir: string
  /** Kept by the open-segment table (see `storage/open-segments.ts`). */
  lruTick = 0
  /** Opened by a reader (read-only, may be closed and reopened at any time it is not pinned). */
  protected readonly reader: boolean
  /** The `.log`. */
  readonly logFile: LogFile
  /** The `.index` and `.timeindex`, and the sparse rule's state. */
  readonly indexes: SegmentIndexes
  readonly createdAt = Date.now()
  protected refs = 0
  protected deleted = false
  protected closed = false
  /** Moves the segment to the recent end of the open-segment table. */
  protected readonly touch: () => void

  protected constructor(dir: string, baseOffset: number, fd: number, reader: boolean) {
    this.dir = dir
    this.baseOffset = baseOffset
    this.logPath = path.join(dir, logFileName(baseOffset))
    this.indexPath = path.join(dir, indexFileName(baseOffset))
    this.timeIndexPath = path.join(dir, timeIndexFileName(baseOffset))
    this.reader = reader
    const touch = (): void => touchOpenSegment(dir, this)
    this.touch = touch
    this.logFile = new LogFile(this.logPath, fd, reader, touch)
    this.indexes = new SegmentIndexes(baseOffset, this.indexPath, this.timeIndexPath, touch)
  }

  /** Called by the open-segment table (see `Segment.evict`). */
  abstract evict(): boolean

  get fd(): number {
    return this.logFile.fd
  }

  /** The offset index (see {@link SegmentIndexes.offsetIndex}). */
  get offsetIndex(): OffsetIndex {
    return this.indexes.offsetIndex
  }

  /** The time index (see {@link SegmentIndexes.timeIndex}). */
  get timeIndex(): TimeIndex {
    return this.indexes.timeIndex
  }

  /** Pins the segment's descriptors for the duration of `fn`. */
  protected async pinned<T>(fn: () => Promise<T>): Promise<T> {
    this.acquire()
    try {
      return await fn()
    } finally {
      this.release()
    }
  }

  /**
   * Writer, before this segment's files change in place (a truncation into a sealed segment, a
   * recovery that cuts or rebuilds it): when a backup hard-linked them (`log.backup`), each gets a
   * private copy first, so the backup keeps the bytes it linked. A no-op for files with one name.
   */
  breakLinks(): void {
    breakHardLink(this.indexPath)
    breakHardLink(this.timeIndexPath)
    this.logFile.breakLink()
  }

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
    this.logFile.unmap()
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

  get isDeleted(): boolean {
    return this.deleted
  }

  /** Closes every descriptor and unmaps the indexes. Idempotent (a descriptor is never closed twice). */
  close(): void {
    if (this.closed) return
    this.closed = true
    this.logFile.close()
    forgetOpenSegment(this.dir, this)
    this.indexes.close()
  }

  get isClosed(): boolean {
    return this.closed
  }
}
