/**
 * The one atomic small-file writer, and the temp names it (and the lock) use.
 *
 * A write replaces `<dir>/<name>` atomically and durably: create a temp file in `dir` exclusively,
 * write the bytes, fsync, close, rename it over the target, fsync the directory. rename(2) replaces
 * the target in one step, so at every instant, including after a SIGKILL or an OS crash at any point,
 * the target holds the old content or the new one in full. Used for every piece of metadata: the
 * checkpoints and clean-shutdown marker (`segment/checkpoint.ts`, writer only) and consumer positions
 * (`consumer/offset-store.ts`, any thread of any process).
 *
 * Temp names: `<prefix><host tag>-<pid>-<thread>-<n>-<random><suffix>`, by default
 * `.klog-<host tag>-<pid>-<thread>-<n>-<random>.tmp` (host tag and pid: `io/liveness.ts`; `n` counts
 * the temp names of this thread; `random` is 8 hex digits). Why this shape:
 * - It never embeds the target's name. Names chosen by users (consumer names go up to 249
 *   characters) plus a prefix and the counters would pass NAME_MAX (255 bytes): `ENAMETOOLONG`.
 *   At most `prefix + 57 + suffix` characters.
 * - pid, thread and counter make it unique among the live writers of this host, so concurrent writers
 *   never write into each other's temp file; the random part and the exclusive create (`O_EXCL`, retried
 *   with a fresh name on `EEXIST`) keep a leftover of a dead process that had the same pid (a
 *   container's pid 1, restarted) from ever making a write fail.
 * - The owner tag says who made it, so {@link removeDeadTemps} removes exactly the temp files whose
 *   owner is provably dead on this host (`isDeadHere`) and nothing of a live process, here or on
 *   another host sharing the directory. Sweeps are the caller's decision: a read-only open never
 *   sweeps. The log directory's own `*.tmp` files are also removed by the writer's open (recovery).
 *
 * Errors are the raw `fs` errors; callers wrap them in a `LogError` at their boundary. A failed write
 * removes its temp file (best effort) and leaves the target as it was, unless the rename was done.
 *
 * Crash points (`io/crash-point.ts`): a caller may name the steps, `<prefix>:before-write`,
 * `:after-write`, `:after-fsync` (temp file durable, not renamed), `:after-rename`, `:after-dir-fsync`.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { threadId } from 'node:worker_threads'
import { crashPoint } from './crash-point.js'
import { closeFd, fsyncDir, fsyncDirSync, writeAtSync } from './files.js'
import { TMP_PREFIX, TMP_SUFFIX } from './file-names.js'
import { isDeadHere, ownerTag, parseOwnerTag } from './liveness.js'

/** The steps of an atomic write where a crash point can stop the process, in order. */
export const ATOMIC_WRITE_STEPS = ['before-write', 'after-write', 'after-fsync', 'after-rename', 'after-dir-fsync'] as const
/** One of {@link ATOMIC_WRITE_STEPS}. */
export type AtomicWriteStep = (typeof ATOMIC_WRITE_STEPS)[number]
/** Crash-point names of the steps of an atomic write (built once by {@link atomicWriteCrashPoints}). */
export type AtomicWriteCrashPoints = Readonly<Record<AtomicWriteStep, string>>

/** The crash points `<prefix>:<step>` for every step of an atomic write. */
export function atomicWriteCrashPoints(prefix: string): AtomicWriteCrashPoints {
  return Object.fromEntries(ATOMIC_WRITE_STEPS.map((s) => [s, `${prefix}:${s}`])) as Record<AtomicWriteStep, string>
}

/** Options of {@link writeFileAtomic} and {@link writeFileAtomicSync}. */
export interface AtomicWriteOptions {
  /** Crash points to pass at each step (tests); none by default. */
  readonly crashPoints?: AtomicWriteCrashPoints
}

/** How many fresh names a write tries when its temp name exists already (a dead namesake's leftover). */
const CREATE_ATTEMPTS = 8
let tmpCounter = 0

/** A fresh temp name `<prefix><host tag>-<pid>-<thread>-<n>-<random><suffix>` (see the module doc). */
export function tempName(prefix: string = TMP_PREFIX, suffix: string = TMP_SUFFIX): string {
  return `${prefix}${ownerTag()}-${threadId}-${tmpCounter++}-${randomBytes(4).toString('hex')}${suffix}`
}

const TEMP_BODY_RE = /^([0-9a-f]{12}-\d{1,10})-\d{1,10}-\d{1,16}-[0-9a-f]{8}$/

/**
 * True when `name` is a temp name made by {@link tempName} with `prefix` and `suffix` whose owner is
 * provably dead on this host. Temp names of another host, of a live process, of this process (its
 * other threads may be writing), and names of any other shape (older versions recorded no host) are
 * false.
 */
export function isDeadTemp(name: string, prefix: string = TMP_PREFIX, suffix: string = TMP_SUFFIX): boolean {
  if (!name.startsWith(prefix) || !name.endsWith(suffix) || name.length <= prefix.length + suffix.length) return false
  const m = TEMP_BODY_RE.exec(name.slice(prefix.length, name.length - suffix.length))
  const owner = m === null ? undefined : parseOwnerTag(m[1]!)
  return owner !== undefined && isDeadHere(owner)
}

/**
 * Removes the temp files and directories in `dir` named by {@link tempName} with `prefix` and
 * `suffix` whose owner is provably dead on this host ({@link isDeadTemp}). Best effort: a leftover
 * that cannot be removed stays (it is garbage, not a failure of the caller's operation).
 * @param entries `dir`'s entries when the caller has just listed them; listed here otherwise
 * @returns the names removed
 */
export function removeDeadTemps(
  dir: string,
  entries?: readonly string[],
  prefix: string = TMP_PREFIX,
  suffix: string = TMP_SUFFIX,
): string[] {
  let names = entries
  if (names === undefined) {
    try {
      names = fs.readdirSync(dir)
    } catch {
      return []
    }
  }
  const removed: string[] = []
  for (const name of names) {
    if (!isDeadTemp(name, prefix, suffix)) continue
    try {
      fs.rmSync(path.join(dir, name), { recursive: true, force: true })
      removed.push(name)
    } catch {
      // See above: left for a later sweep.
    }
  }
  return removed
}

function isEexist(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'EEXIST'
}

/** Creates a fresh temp file in `dir` exclusively; a name that exists already is replaced by a fresh one. */
function createTempSync(dir: string): { fd: number; tmp: string } {
  for (let attempt = 1; ; attempt++) {
    const tmp = path.join(dir, tempName())
    try {
      return { fd: fs.openSync(tmp, 'wx'), tmp }
    } catch (err) {
      if (!isEexist(err) || attempt >= CREATE_ATTEMPTS) throw err
    }
  }
}

async function createTemp(dir: string): Promise<{ fh: fs.promises.FileHandle; tmp: string }> {
  for (let attempt = 1; ; attempt++) {
    const tmp = path.join(dir, tempName())
    try {
      return { fh: await fs.promises.open(tmp, 'wx'), tmp }
    } catch (err) {
      if (!isEexist(err) || attempt >= CREATE_ATTEMPTS) throw err
    }
  }
}

function toBuffer(data: string | Uint8Array): Buffer {
  if (typeof data === 'string') return Buffer.from(data)
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)
}

/**
 * Replaces `<dir>/<name>` with `data` atomically and durably (see the module doc). Synchronous.
 * @throws the `fs` error of the step that failed (the temp file is removed)
 */
export function writeFileAtomicSync(dir: string, name: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const points = options.crashPoints
  const bytes = toBuffer(data)
  if (points !== undefined) crashPoint(points['before-write'])
  const { fd, tmp } = createTempSync(dir)
  try {
    try {
      writeAtSync(fd, bytes, 0, bytes.length, 0)
      if (points !== undefined) crashPoint(points['after-write'])
      fs.fsyncSync(fd)
    } finally {
      // After the fsync nothing close(2) could report concerns these bytes (see closeFd).
      closeFd(fd)
    }
    if (points !== undefined) crashPoint(points['after-fsync'])
    fs.renameSync(tmp, path.join(dir, name))
  } catch (err) {
    try {
      fs.rmSync(tmp, { force: true })
    } catch {
      // The write's own failure is the one to report; a leftover is swept once this process is gone.
    }
    throw err
  }
  if (points !== undefined) crashPoint(points['after-rename'])
  fsyncDirSync(dir)
  if (points !== undefined) crashPoint(points['after-dir-fsync'])
}

/**
 * Async {@link writeFileAtomicSync}.
 * @throws the `fs` error of the step that failed (the temp file is removed)
 */
export async function writeFileAtomic(
  dir: string,
  name: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const points = options.crashPoints
  const bytes = toBuffer(data)
  if (points !== undefined) crashPoint(points['before-write'])
  const { fh, tmp } = await createTemp(dir)
  try {
    try {
      await fh.writeFile(bytes)
      if (points !== undefined) crashPoint(points['after-write'])
      await fh.sync()
    } finally {
      await fh.close().catch(() => undefined) // as closeFd: the descriptor is gone either way
    }
    if (points !== undefined) crashPoint(points['after-fsync'])
    await fs.promises.rename(tmp, path.join(dir, name))
  } catch (err) {
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined)
    throw err
  }
  if (points !== undefined) crashPoint(points['after-rename'])
  await fsyncDir(dir)
  if (points !== undefined) crashPoint(points['after-dir-fsync'])
}
