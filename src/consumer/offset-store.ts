/**
 * Offset store: one small file per named consumer, replaced atomically on every commit.
 *
 * Layout, under the log directory:
 * ```
 * <log dir>/.consumers/<name>         the committed position of consumer <name>
 * <log dir>/.consumers/.klog-….tmp     a commit in progress (or a crashed one; `io/atomic-file.ts`)
 * ```
 * A position file is two lines of UTF-8 text:
 * ```
 * kafka-lite-consumer 1 <CRC-32C of line 2 without its newline, 8 lowercase hex digits>
 * {"name":"billing","offset":42,"truncationEpoch":0,"metadata":"","commitTimestamp":1700000000000}
 * ```
 * Anything else (a wrong header, checksum or name, a field of the wrong type, extra bytes) is
 * reported as `KLOG_CORRUPT_CHECKPOINT`, never guessed around. Kafka's loaders only look at regular
 * files in a partition directory, so the `.consumers` subdirectory does not disturb its tools.
 *
 * A commit is the one atomic small-file write of `io/atomic-file.ts`: write a temp file (its name is
 * unique per process, thread and commit and does not embed the consumer's name, so concurrent
 * committers never write into each other's file and a 249-character name fits), fsync it, rename it
 * over `<name>`, fsync the directory. rename(2) replaces the target atomically, so at every instant,
 * including after a SIGKILL at any point, `<name>` holds the old or the new position in full; when
 * several processes commit the same consumer, the last rename wins. Within one thread, commits of one
 * file run in call order (a per-file promise chain), so the last call wins there too.
 *
 * Leftovers: {@link OffsetStore.names} removes the temp files whose committer is provably dead on this
 * host (`io/liveness.ts`), when its caller allows it; a read-only open never does.
 *
 * Concurrency contract: safe from any thread and any process; takes no lock (never the writer's).
 * Inspection (`kafka-lite-log stats`) reads every position with {@link readPositionsSync}, which
 * changes nothing and reports a damaged file instead of failing.
 *
 * Test seam: the crash points `commit:<step>` (`io/crash-point.ts`, `KAFKA_LITE_CRASH_AT`), one per
 * step of {@link COMMIT_STEPS}; `commit:<step>:<n>` stops the n-th commit of the process there.
 */
import fs from 'node:fs'
import path from 'node:path'
import { crc32c } from '../format/crc32c.js'
import { LogError, ioError } from '../base/errors.js'
import { ATOMIC_WRITE_STEPS, atomicWriteCrashPoints, removeDeadTemps, writeFileAtomic } from '../io/atomic-file.js'
import { closeFd, fsyncDir, readAt, readAtSync } from '../io/files.js'

/** The subdirectory of the log directory holding consumer positions. */
export const CONSUMERS_DIR = '.consumers'
const MAGIC = 'kafka-lite-consumer'
const VERSION = 1
/**
 * The most bytes of a position file read: more than a commit can write (a 249-character name and
 * 4096 bytes of metadata even if every byte were escaped in JSON as `\u00XX`), so a longer file is
 * damaged, and reading it stops there instead of allocating whatever its size says.
 */
const MAX_POSITION_FILE_BYTES = 64 * 1024

/** A committed consumer position, as stored. */
export interface StoredPosition {
  offset: number
  truncationEpoch: number
  metadata: string
  commitTimestamp: number
}

/** Steps of a commit where the crash seam can stop the process: crash points `commit:<step>`. */
export const COMMIT_STEPS = ATOMIC_WRITE_STEPS
const COMMIT_CRASH_POINTS = atomicWriteCrashPoints('commit')

/** Encodes a position file (exported for tests). */
export function encodePosition(name: string, p: StoredPosition): Buffer {
  const body = JSON.stringify({
    name,
    offset: p.offset,
    truncationEpoch: p.truncationEpoch,
    metadata: p.metadata,
    commitTimestamp: p.commitTimestamp,
  })
  const bodyBytes = Buffer.from(body, 'utf8')
  const crc = crc32c(bodyBytes).toString(16).padStart(8, '0')
  return Buffer.concat([Buffer.from(`${MAGIC} ${VERSION} ${crc}\n`), bodyBytes, Buffer.from('\n')])
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0
}

/**
 * Decodes a position file.
 * @throws LogError `KLOG_CORRUPT_CHECKPOINT` when it is not exactly what {@link encodePosition} writes
 */
export function decodePosition(name: string, bytes: Buffer, file: string): StoredPosition {
  const corrupt = (why: string): LogError =>
    new LogError('KLOG_CORRUPT_CHECKPOINT', `consumer position file ${file} is damaged (${why})`, { file })
  if (bytes.length > MAX_POSITION_FILE_BYTES) throw corrupt('too large')
  const nl = bytes.indexOf(0x0a)
  if (nl < 0 || bytes[bytes.length - 1] !== 0x0a) throw corrupt('truncated')
  const header = /^kafka-lite-consumer (\d+) ([0-9a-f]{8})$/.exec(bytes.toString('latin1', 0, nl))
  if (header === null || Number(header[1]) !== VERSION) throw corrupt('bad header')
  const body = bytes.subarray(nl + 1, bytes.length - 1)
  if (crc32c(body) !== parseInt(header[2]!, 16)) throw corrupt('checksum mismatch')
  let v: Record<string, unknown>
  try {
    v = JSON.parse(body.toString('utf8')) as Record<string, unknown>
  } catch {
    throw corrupt('not JSON')
  }
  if (v === null || typeof v !== 'object' || v.name !== name) throw corrupt('wrong consumer name')
  const { offset, truncationEpoch, metadata, commitTimestamp } = v
  if (!isCount(offset) || !isCount(truncationEpoch) || typeof metadata !== 'string' || !isCount(commitTimestamp)) {
    throw corrupt('bad field')
  }
  return { offset, truncationEpoch, metadata, commitTimestamp }
}

/** The first `MAX_POSITION_FILE_BYTES + 1` bytes of `file` (one more than valid, so that a longer file shows). */
async function readPositionFile(file: string): Promise<Buffer> {
  const fh = await fs.promises.open(file, 'r')
  try {
    const buf = Buffer.alloc(Math.min((await fh.stat()).size, MAX_POSITION_FILE_BYTES) + 1)
    return buf.subarray(0, await readAt(fh.fd, buf, 0, buf.length, 0))
  } finally {
    await fh.close()
  }
}

/** Synchronous {@link readPositionFile}. */
function readPositionFileSync(file: string): Buffer {
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.alloc(Math.min(fs.fstatSync(fd).size, MAX_POSITION_FILE_BYTES) + 1)
    return buf.subarray(0, readAtSync(fd, buf, 0, buf.length, 0))
  } finally {
    closeFd(fd)
  }
}

/** Per-file promise chains: commits of one file from this thread rename in call order. */
const chains = new Map<string, Promise<unknown>>()

/** Reads, writes, lists and deletes the consumer positions of one log directory. */
export class OffsetStore {
  readonly #dir: string

  /** @param logDir the log directory (the store lives in its `.consumers` subdirectory) */
  constructor(logDir: string) {
    this.#dir = path.join(logDir, CONSUMERS_DIR)
  }

  /** Path of the position file of consumer `name`. */
  file(name: string): string {
    return path.join(this.#dir, name)
  }

  /**
   * The committed position of `name`, or `undefined` when none exists.
   * @throws LogError `KLOG_CORRUPT_CHECKPOINT`, `KLOG_IO`
   */
  async read(name: string): Promise<StoredPosition | undefined> {
    const file = this.file(name)
    let bytes: Buffer
    try {
      bytes = await readPositionFile(file)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw ioError(err, 'reading a consumer position', file)
    }
    return decodePosition(name, bytes, file)
  }

  /**
   * Commits `position` for `name` atomically and durably (see the module doc).
   * @throws LogError `KLOG_IO`, `KLOG_DISK_FULL`
   */
  write(name: string, position: StoredPosition): Promise<void> {
    const file = this.file(name)
    const previous = chains.get(file) ?? Promise.resolve()
    const next = previous.catch(() => undefined).then(() => this.#write(name, file, position))
    chains.set(file, next)
    const done = (): void => {
      if (chains.get(file) === next) chains.delete(file)
    }
    next.then(done, done)
    return next
  }

  async #write(name: string, file: string, position: StoredPosition): Promise<void> {
    const bytes = encodePosition(name, position)
    try {
      // The first commit creates the directory; its entry in the log directory must be durable too.
      if ((await fs.promises.mkdir(this.#dir, { recursive: true })) !== undefined) await fsyncDir(path.dirname(this.#dir))
      await writeFileAtomic(this.#dir, name, bytes, { crashPoints: COMMIT_CRASH_POINTS })
    } catch (err) {
      throw ioError(err, 'committing a consumer position', file)
    }
  }

  /**
   * Removes the position of `name` (durably).
   * @returns whether it existed
   * @throws LogError `KLOG_IO`
   */
  async delete(name: string): Promise<boolean> {
    const file = this.file(name)
    try {
      await fs.promises.unlink(file)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false
      throw ioError(err, 'deleting a consumer position', file)
    }
    await fsyncDir(this.#dir).catch((err: unknown) => {
      throw ioError(err, 'deleting a consumer position', file)
    })
    return true
  }

  /**
   * Names of the consumers with a committed position, sorted.
   * @param options.sweep also remove the temp files of commits whose process is provably dead on
   *   this host (never for a read-only open, which must change nothing)
   * @throws LogError `KLOG_IO`
   */
  async names(isValidName: (name: string) => boolean, options: { sweep: boolean }): Promise<string[]> {
    let entries: string[]
    try {
      entries = await fs.promises.readdir(this.#dir)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw ioError(err, 'listing consumers', this.#dir)
    }
    if (options.sweep) removeDeadTemps(this.#dir, entries)
    return positionNames(entries, isValidName)
  }
}

/** The entries of the store's directory that are position files, sorted (temp files start with `.`). */
function positionNames(entries: string[], isValidName: (name: string) => boolean): string[] {
  return entries.filter((e) => !e.startsWith('.') && isValidName(e)).sort()
}

/** One position file as {@link readPositionsSync} found it: its position, or why it cannot be used. */
export type PositionFile =
  | { readonly name: string; readonly file: string; readonly position: StoredPosition; readonly error?: undefined }
  | { readonly name: string; readonly file: string; readonly position?: undefined; readonly error: LogError }

/**
 * Every position file of the log directory `logDir`, sorted by name, read synchronously and without
 * changing anything (for inspection tools; unlike {@link OffsetStore.names} it leaves a dead
 * committer's temp file where it is). A file that fails validation (`KLOG_CORRUPT_CHECKPOINT`) or
 * cannot be read (`KLOG_IO`) is listed with its error instead of failing the listing.
 * @throws LogError `KLOG_IO` when the `.consumers` directory exists but cannot be listed
 */
export function readPositionsSync(logDir: string, isValidName: (name: string) => boolean): PositionFile[] {
  const dir = path.join(logDir, CONSUMERS_DIR)
  let entries: string[]
  try {
    entries = fs.readdirSync(dir)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw ioError(err, 'listing consumers', dir)
  }
  return positionNames(entries, isValidName).flatMap((name): PositionFile[] => {
    const file = path.join(dir, name)
    let bytes: Buffer
    try {
      bytes = readPositionFileSync(file)
    } catch (err) {
      // Deleted between the listing and the read: it is no longer a consumer.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
      return [{ name, file, error: ioError(err, 'reading a consumer position', file) }]
    }
    try {
      return [{ name, file, position: decodePosition(name, bytes, file) }]
    } catch (err) {
      return [{ name, file, error: err as LogError }]
    }
  })
}
