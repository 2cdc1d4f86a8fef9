/**
 * The directory lock: exactly one writer per log directory across threads and processes.
 *
 * `proper-lockfile` takes the lock at `<dir>/.lock` and refreshes its mtime every `lockStaleMs / 2`; a
 * lock whose mtime is older than `lockStaleMs` is stale and may be taken over. That alone would make
 * a restarted writer wait `lockStaleMs` after a crash, so the lock directory holds the owner's
 * `{ pid, hostname }` in `<dir>/.lock/owner` from the instant it exists: our `mkdir` (given to
 * proper-lockfile through its `fs` option) builds `.lock.tmp-<owner tag>-…/owner` and renames it to
 * `.lock` in one atomic step. There is no moment at which the lock exists without its owner record,
 * so a writer killed while locking leaves either no lock (and a temp directory, removed by the next
 * locker once its owner is provably dead on this host) or a lock naming a dead owner. An empty `.lock`
 * left by an older version is replaced by the rename itself (POSIX renames a directory over an empty
 * one). When the lock's recorded owner is a process on this host that no longer exists (SIGKILL,
 * OOM), the lock is taken over at once (`io/liveness.ts` decides, for every leftover).
 *
 * The takeover itself is serialised by a second, short-lived lock: `<dir>/.lock-takeover`, created by
 * `link(2)` of a temp file already holding the taker's `{ pid, hostname }`, so it too holds its owner
 * record from the instant it exists. Under it the taker re-reads the owner record, removes the dead
 * lock and takes a fresh one before letting go, so two processes racing to replace the same dead
 * writer cannot both win: the second one finds a live owner (or the takeover lock held) and gets
 * `KLOG_LOCKED`. An existing takeover lock is a leftover, removed, when:
 * - its record names a process of this host that is gone: at once;
 * - it has no usable record (empty, unreadable, not JSON, or a directory): this version never makes
 *   one, so it is a leftover of an older version (which wrote the record after creating the file),
 *   or of a crash of the file system under `link(2)`. Only a live taker of an older version can hold
 *   one, and only for the microseconds between its create and its write: once its mtime is
 *   {@link TAKEOVER_UNKNOWN_MS} old;
 * - its record names a live process or another host: once its mtime is {@link TAKEOVER_STALE_MS}
 *   old (a takeover takes milliseconds).
 * A leftover is removed by renaming it aside and checking it is still the file that was judged (same
 * inode); one replaced meanwhile by a live taker's is put back. A missing or foreign-host owner
 * record of the lock itself falls back to proper-lockfile's mtime rule, so the fast path can only
 * shorten a wait, never break a live lock.
 *
 * `KLOG_LOCKED` is a {@link LockedError} naming the holder's pid and host when the record says.
 * {@link waitForLockChange} lets `log.writer({ wait: true })` sleep until the lock may be free.
 *
 * Within one process, a registry makes a second `writer()` fail fast without touching disk. Worker
 * threads are separate module instances and contend through the directory like processes.
 */
import { EventEmitter } from 'node:events'
import fs from 'node:fs'
import path from 'node:path'
import lockfile from 'proper-lockfile'
import { LogError, LockedError, abortError, type LockHolder } from '../base/errors.js'
import { removeDeadTemps, tempName } from './atomic-file.js'
import { crashPoint } from './crash-point.js'
import { closeFd, readAtSync } from './files.js'
import { isDeadHere, thisProcess } from './liveness.js'

const LOCK_DIR = '.lock'
const OWNER_FILE = 'owner'
const TAKEOVER_FILE = '.lock-takeover'
/** Age after which a takeover lock naming a live process, or another host, counts as a leftover. */
const TAKEOVER_STALE_MS = 5000
/** Age after which a takeover lock without a usable owner record counts as a leftover (see the module doc). */
const TAKEOVER_UNKNOWN_MS = 1000
/** Prefix of the lock's temp directories and files (`tempName`), all swept by {@link removeDeadTemps}. */
const LOCK_TMP_PREFIX = '.lock.tmp-'
/** An owner record is a short JSON object; nothing longer is read. */
const RECORD_MAX_BYTES = 4096
const held = new Set<string>()
/** In-process news that a lock or a writer slot was released (keyed by directory). */
const releases = new EventEmitter().setMaxListeners(0)

/** Tells waiters in this process that the lock or writer slot of `dir` may be free. */
export function notifyLockChange(dir: string): void {
  releases.emit(path.resolve(dir))
}

type OwnerRecord = { pid?: unknown; hostname?: unknown }

/** The owner record read from `fd` (at most {@link RECORD_MAX_BYTES}), or `undefined` when there is none. */
function readRecordFd(fd: number): OwnerRecord | undefined {
  try {
    const buf = Buffer.alloc(RECORD_MAX_BYTES)
    const v = JSON.parse(buf.toString('utf8', 0, readAtSync(fd, buf, 0, buf.length, 0))) as unknown
    return v !== null && typeof v === 'object' ? v : undefined
  } catch {
    return undefined
  }
}

function readRecord(file: string): OwnerRecord | undefined {
  let fd: number
  try {
    fd = fs.openSync(file, 'r')
  } catch {
    return undefined
  }
  try {
    return readRecordFd(fd)
  } finally {
    closeFd(fd)
  }
}

function ownerRecord(): string {
  return JSON.stringify(thisProcess())
}

/** The pid and host recorded by the lock's holder, when the record is there. */
export function lockHolder(dir: string): LockHolder | undefined {
  const r = readRecord(path.join(dir, LOCK_DIR, OWNER_FILE))
  return r !== undefined && typeof r.pid === 'number' && typeof r.hostname === 'string' ? { pid: r.pid, hostname: r.hostname } : undefined
}

/**
 * proper-lockfile's `mkdir`, made atomic with the owner record: the record is written into a temp
 * directory that is then renamed to the lock path. A rename onto an existing non-empty lock fails
 * (EEXIST / ENOTEMPTY), which proper-lockfile reads as "held".
 */
function mkdirWithOwner(lockPath: string, cb: (err: NodeJS.ErrnoException | null) => void): void {
  const tmp = path.join(path.dirname(lockPath), tempName(LOCK_TMP_PREFIX, ''))
  try {
    fs.mkdirSync(tmp)
    try {
      fs.writeFileSync(path.join(tmp, OWNER_FILE), ownerRecord())
      crashPoint('lock:before-rename')
      fs.renameSync(tmp, lockPath)
      crashPoint('lock:after-rename')
    } catch (err) {
      fs.rmSync(tmp, { recursive: true, force: true })
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOTEMPTY' || code === 'EEXIST') throw Object.assign(new Error(`${lockPath} exists`), { code: 'EEXIST' })
      throw err
    }
    cb(null)
  } catch (err) {
    cb(err as NodeJS.ErrnoException)
  }
}

/** A held directory lock. */
export interface DirectoryLock {
  /** Releases the lock. Idempotent. */
  release(): Promise<void>
  /** Set when proper-lockfile reports the lock compromised (removed or changed under us). */
  readonly compromised: Error | undefined
}

/**
 * proper-lockfile removes a stale lock with `rmdir`; ours holds the owner record, so it must be
 * removed recursively.
 */
const lockFs = {
  ...fs,
  mkdir: mkdirWithOwner,
  rmdir: (p: string, cb: (err: NodeJS.ErrnoException | null) => void) => fs.rm(p, { recursive: true, force: true }, cb),
  rmdirSync: (p: string) => fs.rmSync(p, { recursive: true, force: true }),
}

function ownerIsGone(dir: string): boolean {
  // No record (only an older version's lock can lack one) or unreadable: not provably dead.
  return isDeadHere(readRecord(path.join(dir, LOCK_DIR, OWNER_FILE)))
}

/**
 * True when `dir`'s writer lock exists and its recorded owner is not provably gone: a writer may be
 * working there (for readers that must not look at a directory a writer is still initialising).
 */
export function lockHeld(dir: string): boolean {
  return fs.existsSync(path.join(dir, LOCK_DIR)) && !ownerIsGone(dir)
}

/** What an existing takeover lock is: its inode, age and owner record (`undefined`: none usable). */
function inspectTakeover(file: string): { ino: number; ageMs: number; record: OwnerRecord | undefined } | undefined {
  let fd: number
  try {
    fd = fs.openSync(file, 'r') // a directory opens too (Linux): then it has no record
  } catch {
    return undefined
  }
  try {
    const st = fs.fstatSync(fd)
    const record = st.isFile() ? readRecordFd(fd) : undefined
    return { ino: st.ino, ageMs: Date.now() - st.mtimeMs, record }
  } catch {
    return undefined
  } finally {
    closeFd(fd)
  }
}

function isTakeoverLeftover(seen: { ageMs: number; record: OwnerRecord | undefined }): boolean {
  const { record, ageMs } = seen
  const identified = record !== undefined && typeof record.pid === 'number' && typeof record.hostname === 'string'
  if (!identified) return ageMs >= TAKEOVER_UNKNOWN_MS
  return isDeadHere(record) || ageMs >= TAKEOVER_STALE_MS
}

/**
 * Removes `file` if it is still the inode `ino`: renames it aside, then checks. One that a live taker
 * put there since it was judged is put back (link(2): if yet another taker came in between, the
 * displaced one has lost its takeover lock; three takers within microseconds of a leftover's expiry).
 * @returns false when `file` was not `ino` any more
 */
function removeIfSame(dir: string, file: string, ino: number): boolean {
  const aside = path.join(dir, tempName(LOCK_TMP_PREFIX, ''))
  try {
    fs.renameSync(file, aside)
  } catch {
    return true // gone already
  }
  let same = false
  try {
    same = fs.lstatSync(aside).ino === ino
    if (!same) fs.linkSync(aside, file)
  } catch {
    // Not put back: see above.
  }
  fs.rmSync(aside, { recursive: true, force: true })
  return same
}

/** Takes the short takeover lock; `undefined` when another live process holds it. */
function takeTakeoverLock(dir: string): (() => void) | undefined {
  const file = path.join(dir, TAKEOVER_FILE)
  const tmp = path.join(dir, tempName(LOCK_TMP_PREFIX, ''))
  fs.writeFileSync(tmp, ownerRecord(), { flag: 'wx' })
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.linkSync(tmp, file)
        const ino = fs.lstatSync(tmp).ino // the same inode as `file`
        return () => void removeIfSame(dir, file, ino)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
        const seen = inspectTakeover(file)
        if (seen === undefined) continue // it vanished meanwhile: try again
        if (!isTakeoverLeftover(seen)) return undefined
        if (!removeIfSame(dir, file, seen.ino)) return undefined // a live taker's replaced it
      }
    }
    return undefined
  } finally {
    fs.rmSync(tmp, { force: true })
  }
}

/**
 * Takes the writer lock of `dir`.
 * @throws LogError `KLOG_LOCKED` when another live writer holds it
 */
export async function acquireLock(dir: string, staleMs: number): Promise<DirectoryLock> {
  const key = path.resolve(dir)
  if (held.has(key)) throw new LockedError(dir, thisProcess())
  held.add(key)
  let compromised: Error | undefined
  const options = {
    realpath: false,
    lockfilePath: path.join(dir, LOCK_DIR),
    stale: staleMs,
    update: Math.floor(staleMs / 2),
    fs: lockFs,
    onCompromised: (err: Error) => {
      compromised = err
    },
  }
  let release: () => Promise<void>
  try {
    removeDeadTemps(dir, undefined, LOCK_TMP_PREFIX, '')
    try {
      release = await lockfile.lock(dir, options)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED' || !ownerIsGone(dir)) throw err
      const done = takeTakeoverLock(dir)
      if (done === undefined) throw err
      try {
        // Re-check under the takeover lock: another process may have replaced the dead owner already.
        if (!ownerIsGone(dir)) throw err
        crashPoint('takeover:held')
        try {
          fs.rmSync(path.join(dir, LOCK_DIR), { recursive: true, force: true })
        } catch (rmErr) {
          // A locker that does not hold the takeover lock (proper-lockfile's own attempt) may rename
          // its fresh lock onto the emptied directory between our unlinks and our rmdir: it won.
          const code = (rmErr as NodeJS.ErrnoException).code
          if (code === 'ENOTEMPTY' || code === 'EEXIST') throw err
          throw rmErr
        }
        release = await lockfile.lock(dir, options)
      } finally {
        done()
      }
    }
  } catch (err) {
    held.delete(key)
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') throw new LockedError(dir, lockHolder(dir), err)
    throw new LogError('KLOG_IO', `cannot lock ${dir}`, { cause: err })
  }
  let released: Promise<void> | undefined
  return {
    get compromised() {
      return compromised
    },
    release() {
      released ??= (async () => {
        try {
          fs.rmSync(path.join(dir, LOCK_DIR, OWNER_FILE), { force: true })
          await release()
        } catch {
          // A compromised or already-removed lock has nothing left to release.
        } finally {
          held.delete(key)
          notifyLockChange(key)
        }
      })()
      return released
    },
  }
}

/**
 * Resolves when the lock of `dir` may have changed hands: the lock directory changed (an inotify
 * watch of `dir`), a lock or writer slot was released in this process, or a second went by (a
 * holder that dies releases nothing, and its lock becomes takeable without any event).
 * @throws the `AbortError` of `signal`
 */
export function waitForLockChange(dir: string, signal: AbortSignal | undefined): Promise<void> {
  const key = path.resolve(dir)
  if (signal?.aborted === true) return Promise.reject(abortError(signal))
  return new Promise<void>((resolve, reject) => {
    let watcher: fs.FSWatcher | undefined
    const done = (): void => {
      clearTimeout(timer)
      watcher?.close()
      releases.off(key, done)
      signal?.removeEventListener('abort', onAbort)
    }
    const wake = (): void => {
      done()
      resolve()
    }
    const onAbort = (): void => {
      done()
      reject(abortError(signal!))
    }
    const timer = setTimeout(wake, 1000)
    releases.on(key, wake)
    signal?.addEventListener('abort', onAbort, { once: true })
    try {
      watcher = fs.watch(key, { persistent: false }, (_event, name) => {
        if (name === null || String(name).startsWith(LOCK_DIR)) wake()
      })
      watcher.on('error', () => undefined)
    } catch {
      // No inotify: the one-second re-check still wakes us.
    }
  })
}
