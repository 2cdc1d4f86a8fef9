/**
 * The cross-process state file `<dir>/.kafka-lite-state`: the published snapshot for readers in
 * other processes.
 *
 * Layout: the snapshot's bytes exactly as in `snapshot.ts` (little-endian int32 slots: `seq`, then two
 * per field), followed by a CRC-32C of those bytes (uint32 LE). The writer rewrites the whole record
 * with one positional `write` after each publication, in this order: log bytes written (and fsynced
 * when the policy says so) → in-memory snapshot published → state file written. The `write` is what
 * wakes followers in other processes (inotify through `fs.watch`; a write through a shared mapping
 * would raise no event).
 *
 * A reader maps the file through the mmap seam (or reads it with `pread` in the fallback) and accepts
 * a record only when its CRC matches, or when it equals, word for word, the last record it accepted
 * (that record: see `StateFileReader.read`). The file is smaller than a page, but it is mapped all
 * the same (`mapDescriptor`, not `openReadOnly`, which reads files that small): a follower loads the
 * snapshot several times per wake-up (before its fetch, the generation re-check after it, the wait's
 * check), and with a mapping each load is a copy of {@link RECORD_BYTES} bytes instead of a system
 * call. The writer never shrinks the file, so the bytes a reader copies always lie within it (past
 * the end of a file a mapped page raises SIGBUS). A copy that overlaps the writer's `write` (a torn
 * copy) fails the CRC and is retried rather than used. Everything the record points at was written
 * before it, and the page cache is coherent across processes, so bytes below `hwPosition` are there
 * for the reader to read.
 *
 * The file is never fsynced: it describes the running writer and is rebuilt at every open.
 */
import fs from 'node:fs'
import path from 'node:path'
import { crc32c } from '../format/crc32c.js'
import { mapDescriptor, type MappedFile } from '../io/mapped-file.js'
import { readAtSync, writeAtSync } from '../io/files.js'
import { SNAPSHOT_BYTES, Snapshot, WRITER_ID_SLOT, type Published } from './snapshot.js'

/** Name of the state file inside the log directory. */
export const STATE_FILE = '.kafka-lite-state'
const RECORD_BYTES = SNAPSHOT_BYTES + 4

/** Writer side: mirrors a {@link Snapshot} into the state file. */
export class StateFileWriter {
  private readonly fd: number
  private readonly out = Buffer.alloc(RECORD_BYTES)
  private readonly source: Uint8Array

  constructor(dir: string, snapshot: Snapshot) {
    // Never O_TRUNC: readers in other processes may have the file mapped, and touching a mapped page
    // beyond a shrunken end of file raises SIGBUS in their process. The record has a fixed size and is
    // always rewritten whole at position 0.
    this.fd = fs.openSync(path.join(dir, STATE_FILE), fs.constants.O_RDWR | fs.constants.O_CREAT)
    const ints = snapshot.ints
    this.source = new Uint8Array(ints.buffer, ints.byteOffset, SNAPSHOT_BYTES)
  }

  /** Copies the just-published snapshot into the file. Writer thread only, after `publish`. */
  write(): void {
    // The writer is the only thread that stores into the snapshot, so a plain copy on its own thread
    // sees exactly what it published.
    this.out.set(this.source, 0)
    this.out.writeUInt32LE(crc32c(this.out.subarray(0, SNAPSHOT_BYTES)), SNAPSHOT_BYTES)
    writeAtSync(this.fd, this.out, 0, RECORD_BYTES, 0)
  }

  close(): void {
    fs.closeSync(this.fd)
  }
}

/** Reader side: loads consistent snapshots published by a writer in another process. */
export class StateFileReader {
  private readonly file: string
  private mapping: MappedFile | null = null
  /** The mapping as int32 words (the record's own layout), for {@link StateFileReader.namesOtherWriter}. */
  private mappedWords: Int32Array | null = null
  private fd = -1
  /** The record loaded last, as int32 words (for the comparison with the last record accepted) and as bytes. */
  private readonly copyWords = new Int32Array(RECORD_BYTES / 4)
  private readonly copy = Buffer.from(this.copyWords.buffer)
  /** The bytes of the last record accepted (CRC checked), as int32 words, and what they decoded to. */
  private readonly lastWords = new Int32Array(RECORD_BYTES / 4)
  private last: Published | undefined
  private readonly view = new Snapshot(new ArrayBuffer(SNAPSHOT_BYTES))

  constructor(dir: string) {
    this.file = path.join(dir, STATE_FILE)
  }

  /** Path of the file, for watching. */
  get path(): string {
    return this.file
  }

  /** Loads the record into `copy`; false when there is none (no state file, or a short one). */
  private load(): boolean {
    if (this.mapping === null && this.fd < 0) {
      let fd: number
      try {
        fd = fs.openSync(this.file, 'r')
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false
        throw err
      }
      try {
        // Map only a file that already holds a whole record (mapping past EOF would SIGBUS on access).
        // The writer never shrinks it, so what holds now holds for as long as the mapping lives.
        if (fs.fstatSync(fd).size < RECORD_BYTES) {
          fs.closeSync(fd)
          return false
        }
        const m = mapDescriptor(fd, RECORD_BYTES)
        if (m !== undefined && m.buffer.length === RECORD_BYTES) {
          this.mapping = m
          this.mappedWords = new Int32Array(m.buffer.buffer, m.buffer.byteOffset, RECORD_BYTES / 4)
          fs.closeSync(fd) // the mapping keeps the file referenced
        } else {
          m?.close()
          this.fd = fd // the fallback: `pread` per load
        }
      } catch (err) {
        fs.closeSync(fd)
        throw err
      }
    }
    // Shared memory with the writer's process (MAP_SHARED of the file its `pwrite`s go to): the copy
    // may overlap a `pwrite` and be torn; `read` accepts a copy only when it equals the last record
    // accepted or passes the CRC, and loads again otherwise.
    if (this.mapping !== null) this.mapping.buffer.copy(this.copy, 0, 0, RECORD_BYTES)
    else if (readAtSync(this.fd, this.copy, 0, RECORD_BYTES, 0) !== RECORD_BYTES) return false
    return true
  }

  private sameAsLast(): boolean {
    const a = this.copyWords
    const b = this.lastWords
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
    return true
  }

  /**
   * Reads the current snapshot; `undefined` when no writer has published one yet.
   * A torn copy (CRC mismatch) is retried a bounded number of times.
   * The object returned is shared by the reads that find the same record: callers must not change it.
   */
  read(): Published | undefined {
    for (let attempt = 0; attempt < 1000; attempt++) {
      if (this.load()) {
        // A copy equal to the last record accepted is that record: it passed the CRC then. (A copy
        // torn by a `pwrite` that still equals it word for word took the new record's words only
        // where they equal the old one's, so it is the old, whole record: its reader is one write
        // behind, and that write's inotify event wakes it again.) A follower loads the snapshot
        // several times per wake-up and most loads find it unchanged: 24 word comparisons, no CRC.
        if (this.last !== undefined && this.sameAsLast()) return this.last
        if (crc32c(this.copy.subarray(0, SNAPSHOT_BYTES)) !== this.copy.readUInt32LE(SNAPSHOT_BYTES)) continue
        new Uint8Array(this.view.ints.buffer).set(this.copy.subarray(0, SNAPSHOT_BYTES))
        this.last = Object.freeze(this.view.read())
        this.lastWords.set(this.copyWords)
        return this.last
      }
      if (this.mapping === null && this.fd < 0) return undefined
    }
    return undefined
  }

  /**
   * Whether the state file holds a record of another writer than `writerId` (`false` while there is
   * none): a worker view's takeover check, made several times per wake-up. Its common answer, "the
   * same writer", comes from the two words of `writerId` in the mapping, without copying or
   * checking the record. Those two loads may straddle a `pwrite` of the record, but as long as that
   * writer is the one writing, every record it writes holds the same two words, so any mix of them
   * is still its id; only a record of another writer can differ, and a difference is confirmed by a
   * whole, CRC-checked {@link StateFileReader.read} (a torn load that shows the old words for a new
   * writer's record is one check late, like a copy made just before that `pwrite`).
   */
  namesOtherWriter(writerId: number): boolean {
    const words = this.mappedWords
    if (words !== null) {
      // Plain loads of a file mapping shared with the writer's process (see above for tearing).
      const hi = Math.floor(writerId / 4294967296)
      const lo = (writerId - hi * 4294967296) | 0
      if (words[WRITER_ID_SLOT] === hi && words[WRITER_ID_SLOT + 1] === lo) return false
    }
    const onFile = this.read()
    return onFile !== undefined && onFile.writerId !== writerId
  }

  close(): void {
    this.mapping?.close()
    this.mapping = null
    this.mappedWords = null
    if (this.fd >= 0) fs.closeSync(this.fd)
    this.fd = -1
  }
}
