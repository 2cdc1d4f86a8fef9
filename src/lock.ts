/**
 * The directory lock: exactly one writer per log directory across threads and processes.
 *
 * `proper-lockfile` takes an atomic `mkdir` lock at `<dir>/.lock` and refreshes its mtime every
 * `lockStaleMs / 2`; a lock whose mtime is older than `lockStaleMs` is stale and may be taken over.
 * That alone would make a restarted writer wait `lockStaleMs` after a crash, so the holder also records
 * `{ pid, hostname }` in `<dir>/.lock/owner` — inside the lock directory, so the record always describes
 * the lock it sits in. When the lock's recorded owner is a process on this host that no longer exists
 * (SIGKILL, OOM), the lock is taken over at once.
 *
 * The takeover itself is serialised by a second, short-lived lock: `<dir>/.lock-takeover`, created with
 * O_EXCL. Under it the taker re-reads the owner record, removes the dead lock, takes a fresh one and
 * writes its own record before letting go, so two processes racing to replace the same dead writer
 * cannot both win: the second one finds a live owner (or the takeover lock held) and gets
 * `KLOG_LOCKED`. A takeover lock left by a process that died while holding it is ignored once it is
 * older than a few seconds. A missing or foreign-host owner record falls back to the mtime rule, so the
 * fast path can only shorten a wait, never break a live lock.
 *
 * Within one process, a registry makes a second `writer()` fail fast without touching disk. Worker
 * threads are separate module instances and contend through the directory like processes.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import lockfile from 'proper-lockfile'
import { LogError } from './errors.js'

const LOCK_DIR = '.lock'
const OWNER_FILE = 'owner'
const TAKEOVER_FILE = '.lock-takeover'
const TAKEOVER_STALE_MS = 5000
const held = new Set<string>()

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
  rmdir: (p: string, cb: (err: NodeJS.ErrnoException | null) => void) => fs.rm(p, { recursive: true, force: true }, cb),
  rmdirSync: (p: string) => fs.rmSync(p, { recursive: true, force: true }),
}

function ownerIsGone(dir: string): boolean {
  try {
    const owner = JSON.parse(fs.readFileSync(path.join(dir, LOCK_DIR, OWNER_FILE), 'utf8')) as { pid?: unknown; hostname?: unknown }
    if (owner.hostname !== os.hostname() || typeof owner.pid !== 'number' || owner.pid === process.pid) return false
    try {
      process.kill(owner.pid, 0)
      return false
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'ESRCH'
    }
  } catch {
    return false // no record yet (the lock is being taken right now) or unreadable: not provably dead
  }
}

/** Takes the short takeover lock; `undefined` when another process holds it. */
function takeTakeoverLock(dir: string): (() => void) | undefined {
  const file = path.join(dir, TAKEOVER_FILE)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.closeSync(fs.openSync(file, 'wx'))
      return () => fs.rmSync(file, { force: true })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      try {
        if (Date.now() - fs.statSync(file).mtimeMs < TAKEOVER_STALE_MS) return undefined
        fs.rmSync(file, { force: true }) // left by a process that died mid-takeover
      } catch {
        // It vanished meanwhile: try again.
      }
    }
  }
  return undefined
}

/**
 * Takes the writer lock of `dir`.
 * @throws LogError `KLOG_LOCKED` when another live writer holds it
 */
export async function acquireLock(dir: string, staleMs: number): Promise<DirectoryLock> {
  const key = path.resolve(dir)
  if (held.has(key)) throw new LogError('KLOG_LOCKED', `a writer is already open on ${dir} in this process`)
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
  const recordOwner = (): void => {
    // proper-lockfile proves the lock is still ours by the lock directory's mtime, which it sets at
    // every update; creating a file inside the directory moves that mtime, and its next update would
    // declare the lock compromised. Put the mtime back to the value the lock set.
    const lockDir = path.join(dir, LOCK_DIR)
    const { atime, mtime } = fs.statSync(lockDir)
    fs.writeFileSync(path.join(lockDir, OWNER_FILE), JSON.stringify({ pid: process.pid, hostname: os.hostname() }))
    fs.utimesSync(lockDir, atime, mtime)
  }
  let release: () => Promise<void>
  try {
    try {
      release = await lockfile.lock(dir, options)
      recordOwner()
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED' || !ownerIsGone(dir)) throw err
      const done = takeTakeoverLock(dir)
      if (done === undefined) throw err
      try {
        // Re-check under the takeover lock: another process may have replaced the dead owner already.
        if (!ownerIsGone(dir)) throw err
        fs.rmSync(path.join(dir, LOCK_DIR), { recursive: true, force: true })
        release = await lockfile.lock(dir, options)
        recordOwner()
      } finally {
        done()
      }
    }
  } catch (err) {
    held.delete(key)
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new LogError('KLOG_LOCKED', `another writer holds ${dir}`, { cause: err })
    }
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
        }
      })()
      return released
    },
  }
}
