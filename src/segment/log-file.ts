/**
 * LogFile: the `.log` file of one segment (Kafka's `FileRecords`): its descriptor, the vectored
 * write the writer appends with, the owner thread's point-read mapping, and which of its batches
 * this process has already CRC-checked.
 *
 * The log's table of open segments (`open-segments.ts`) may close the descriptor while the owning
 * segment is sealed (or a reader's) and no read pins it; {@link LogFile.fd} reopens it and checks
 * that the name still leads to the same file (`dev:ino`).
 *
 * Writing is writer-only. Reads and checks are safe from any reader on the owning thread; the
 * mapping is used in the owner thread only (views read with pread: the owner may shrink a file
 * under a view's mapping, and touching a page past the end of a file is SIGBUS).
 */
import fs from 'node:fs'
import { CorruptSegmentError, LogError, ioError } from '../base/errors.js'
import { HeaderWalk, Step } from '../format/header-walk.js'
import { closeFd, readAt, readAtSync, writevRest } from '../io/files.js'
import { mapDescriptor, type MappedFile } from '../io/mapped-file.js'
import { BatchCheck, batchSize, checkBatch, checkRecordsOf } from '../format/record-batch.js'
import { checkBatchHeader } from '../format/batch-header.js'
import { VerifiedBatches } from './verified-batches.js'
import { walkError } from './batch-locator.js'
import { TMP_SUFFIX } from '../io/file-names.js'

/**
 * Reads up to this size are made with a synchronous pread on the calling thread: a follower's reads
 * are small and of bytes just written (page-cache hits of a few µs), where a trip through libuv's
 * thread pool costs more than the copy and, on a busy 2-core machine, was the largest part of the
 * tail latency. Larger reads (scans) stay asynchronous so a cold read never stalls the event loop
 * for long. Measured in bench/tail-latency at 20k records/s, fsync 'never': worker follower p99
 * 852 µs → 552 µs, other-process p99 1.08 ms → 449 µs.
 */
export const SYNC_READ_BYTES = 64 * 1024

/** Runs `read` with the owning segment's descriptors pinned (see `Segment.acquire`). */
export type Pinned = <T>(read: () => Promise<T>) => Promise<T>

/** One segment's `.log` (see the module comment). */
export class LogFile {
  readonly path: string
  /** The descriptor while open (see {@link LogFile.fd}); -1 while the open-file table has it closed. */
  private descriptor: number
  /** Opened by a reader: reopened read-only. */
  private readonly readOnly: boolean
  /** `dev:ino` of the file first opened: a reopen must find the same file. */
  private fileId: string | undefined
  /**
   * One bit per possible batch start (`position / 61`; batches are at least 61 bytes, so no two
   * share a slot): set once a batch's CRC is known good in this process, because we wrote it or
   * because a read checked it. Every batch is checked at most once per process; a restart checks
   * again. Cleared wholesale when the file shrinks (rollback, truncation).
   */
  private readonly verified = new VerifiedBatches()
  /** Owner thread only: a read-only mapping for point reads (see {@link LogFile.mapped}). */
  private readMap: MappedFile | undefined
  private closed = false
  /** The owning segment's touch of the open-segment table. */
  private readonly onUse: () => void

  /**
   * @param fd - the file, open (read-write for the writer, read-only for a reader)
   * @param onUse - called whenever the descriptor or the mapping is used (or reopened)
   */
  constructor(path: string, fd: number, readOnly: boolean, onUse: () => void) {
    this.path = path
    this.descriptor = fd
    this.readOnly = readOnly
    this.onUse = onUse
  }

  /**
   * The descriptor, reopened (and checked to be the same file) when the open-segment table closed
   * it; -1 once closed for good.
   * @throws LogError `KLOG_IO` when the file cannot be reopened or was replaced
   */
  get fd(): number {
    if (this.descriptor >= 0) {
      this.onUse()
      return this.descriptor
    }
    if (this.closed) return -1
    let fd: number
    try {
      fd = fs.openSync(this.path, this.readOnly ? 'r' : fs.constants.O_RDWR)
    } catch (err) {
      throw ioError(err, 'reopening a segment', this.path)
    }
    const st = fs.fstatSync(fd)
    if (this.fileId !== undefined && this.fileId !== `${st.dev}:${st.ino}`) {
      closeFd(fd)
      throw new LogError('KLOG_IO', `${this.path} was replaced while it was closed`, { file: this.path })
    }
    this.descriptor = fd
    this.onUse()
    return fd
  }

  /**
   * Writer: writes `buffers` at `position` with one vectored write (more only after a short write).
   * @throws on I/O failure (the caller rolls back)
   */
  writeAll(buffers: Buffer[], position: number): void {
    let total = 0
    for (const b of buffers) total += b.length
    let written = 0
    while (written < total) {
      // A short write is possible (signal, quota); resume with the unwritten tail.
      const n = written === 0 ? fs.writevSync(this.fd, buffers, position) : writevRest(this.fd, buffers, written, position + written)
      if (n === 0) throw new Error('write returned 0 bytes')
      written += n
    }
  }

  /**
   * Owner thread only: the file mapped read-only over `length` bytes (which may exceed the file's
   * current size for the active segment: pages past the end are never touched because reads stay
   * below the published position). `undefined` in the mmap fallback.
   */
  mapped(length: number): Buffer | undefined {
    if (this.readMap !== undefined && this.readMap.buffer.length >= length) {
      this.onUse()
      return this.readMap.buffer
    }
    this.unmap()
    const fd = this.fd
    if (fd < 0) return undefined
    this.readMap = mapDescriptor(fd, length)
    return this.readMap?.buffer
  }

  /** Releases the point-read mapping (see the unmapping note in `io/mapped-file.ts`). */
  unmap(): void {
    this.readMap?.close()
    this.readMap = undefined
  }

  /**
   * Reads `length` bytes at `position` into a new Buffer (shorter only at the end of the file): small
   * reads synchronously (see {@link SYNC_READ_BYTES}), larger ones on the thread pool, pinned.
   */
  async read(position: number, length: number, pinned: Pinned): Promise<Buffer> {
    const buf = Buffer.allocUnsafe(length)
    const n =
      length <= SYNC_READ_BYTES
        ? readAtSync(this.fd, buf, 0, length, position)
        : await pinned(() => readAt(this.fd, buf, 0, length, position))
    return n === length ? buf : buf.subarray(0, n)
  }

  /**
   * Reads the whole batch `walk` stands at (its header checked by the walk: a fresh `HeaderWalk` at the
   * batch's position, with the base offset it must have or -1 when a walk already vouched for it) and
   * checks its CRC once per process.
   * @throws CorruptSegmentError when the batch is damaged
   */
  async readCheckedBatch(walk: HeaderWalk, pinned: Pinned): Promise<{ buf: Buffer; lastOffset: number }> {
    const position = walk.position
    const header = await this.read(position, walk.needed, pinned)
    if (walk.step(header, 0) !== Step.Found) throw walkError(this.path, walk)
    const buf = await this.read(position, walk.size, pinned)
    if (buf.length < walk.size) throw new CorruptSegmentError(this.path, position, 'the file ends inside the batch')
    if (this.checkBatchOnce(buf, 0, buf.length, position) !== BatchCheck.Valid) {
      throw new CorruptSegmentError(this.path, position, 'the batch fails its CRC or framing')
    }
    return { buf, lastOffset: walk.lastOffset }
  }

  /**
   * `checkBatch` of the batch at `buf[at]` (file `position`), at most once per batch per process:
   * a batch this process already checked (or wrote) is `Valid` without re-reading its CRC, provided
   * `buf` holds it whole up to `end`. With `table` (an uncompressed batch's, see `DecodeOptions.table`),
   * the walk over its records fills it either way (once known good, the records are walked again
   * for it, without the CRC).
   */
  checkBatchOnce(buf: Buffer, at: number, end: number, position: number, table?: Uint32Array): BatchCheck {
    if (at + batchSize(buf, at) <= end && this.verified.has(position)) {
      return table === undefined ? BatchCheck.Valid : checkRecordsOf(buf, at, table)
    }
    const result = checkBatch(buf, at, end, table)
    if (result === BatchCheck.Valid) this.verified.add(position)
    return result
  }

  /**
   * The header half of {@link checkBatchOnce}, for a caller that decodes every record of the batch
   * next: THE record walk checks each record as it decodes it, so checking the records here as well
   * would walk them twice. `Valid` for a batch this process checked whole before (and `buf` holds it
   * whole up to `end`), else the header check (bounds, magic, CRC-32C, offsets, count). The caller
   * marks the batch verified ({@link markVerified}) only once a decode walked every record of it.
   */
  checkHeaderOnce(buf: Buffer, at: number, end: number, position: number): BatchCheck {
    if (at + batchSize(buf, at) <= end && this.verified.has(position)) return BatchCheck.Valid
    return checkBatchHeader(buf, at, end).check
  }

  /** Records that the batch at `position` is known good. */
  markVerified(position: number): void {
    this.verified.add(position)
  }

  /** Forgets every check (the file was cut or rewritten). */
  forgetVerified(): void {
    this.verified.clear()
  }

  /**
   * Reader: whether the descriptor is still the file of that name. After a truncation deleted it and
   * the writer later created a segment at the same base offset, the name points at a new file and
   * this descriptor at the deleted one.
   */
  isCurrentFile(): boolean {
    try {
      if (this.descriptor < 0) {
        // Closed by the open-file table: compare the identity recorded when it was closed.
        const named = fs.statSync(this.path)
        return this.fileId === `${named.dev}:${named.ino}`
      }
      const open = fs.fstatSync(this.descriptor)
      const named = fs.statSync(this.path)
      return open.ino === named.ino && open.dev === named.dev
    } catch {
      return false
    }
  }

  /**
   * Writer, before the file is changed in place: when another name links it (a backup's hard link,
   * `storage/backup.ts`), gives this segment a private copy under its own name, so that the change
   * cannot reach the other name: copy, fdatasync, rename over the name; the descriptor moves to the
   * copy. The bytes are the same, so readers holding the old file read the same records.
   * @returns whether the file was copied
   */
  breakLink(): boolean {
    if (!breakHardLink(this.path)) return false
    const fd = fs.openSync(this.path, fs.constants.O_RDWR)
    this.unmap()
    closeFd(this.descriptor)
    this.descriptor = fd
    const st = fs.fstatSync(fd)
    this.fileId = `${st.dev}:${st.ino}`
    return true
  }

  /** Records the file's identity, so that {@link LogFile.fd} can check a reopen against it. */
  rememberIdentity(): void {
    if (this.fileId === undefined && this.descriptor >= 0) {
      const st = fs.fstatSync(this.descriptor)
      this.fileId = `${st.dev}:${st.ino}`
    }
  }

  /** Closes the descriptor until the next use reopens it (the open-segment table's eviction). */
  closeUntilUsed(): void {
    closeFd(this.descriptor)
    this.descriptor = -1
  }

  /** Unmaps and closes the descriptor for good. Idempotent. */
  close(): void {
    this.closed = true
    this.unmap()
    this.closeUntilUsed()
  }
}

/**
 * When `file` has more than one name (a hard link made by a backup), replaces it under `file` with a
 * private copy (copied, fdatasynced, renamed over it), leaving the other names with the original.
 * @returns whether it was copied
 */
export function breakHardLink(file: string): boolean {
  let st: fs.Stats | undefined
  try {
    st = fs.statSync(file, { throwIfNoEntry: false })
  } catch {
    return false
  }
  if (st === undefined || st.nlink <= 1) return false
  const tmp = `${file}.unlink${TMP_SUFFIX}`
  fs.copyFileSync(file, tmp)
  const fd = fs.openSync(tmp, 'r+')
  try {
    fs.fdatasyncSync(fd)
  } finally {
    closeFd(fd)
  }
  fs.renameSync(tmp, file)
  return true
}
