/**
 * The directory lock: exactly one writer per log directory across threads and processes.
 *
 * `proper-lockfile` takes an atomic `mkdir` lock at `<dir>/.lock` and refreshes its mtime every
 * `lockStaleMs / 2`; a lock whose mtime is older than `lockStaleMs` is stale and may be taken over.
 * That alone would make a restarted writer wait `lockStaleMs` after a crash, so the holder also records
 * `{ pid, hostname }` in `<dir>/.lock-owner`: when the lock is held by a process on this host that no
 * longer exists (SIGKILL, OOM), it is taken over at once. A missing or foreign-host owner record falls
 * back to the mtime rule, so the fast path can only shorten a wait, never break a live lock.
 *
 * Within one process, the registry below makes a second `writer()` fail fast without touching disk.
 * Worker threads are separate module instances and so contend through the directory like processes.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import lockfile from 'proper-lockfile'
import { LogError } from './errors.js'

const LOCK_DIR = '.lock'
const OWNER_FILE = '.lock-owner'
const held = new Set<string>()

/** A held directory lock. */
export interface DirectoryLock {
  /** Releases the lock. Idempotent. */
  release(): Promise<void>
  /** Set when proper-lockfile reports the lock compromised (its mtime was changed under us). */
  readonly compromised: Error | undefined
}

function ownerIsGone(dir: string): boolean {
  try {
    const owner = JSON.parse(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8')) as { pid?: unknown; hostname?: unknown }
    if (owner.hostname !== os.hostname() || typeof owner.pid !== 'number') return false
    if (owner.pid === process.pid) return false
    try {
      process.kill(owner.pid, 0)
      return false
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'ESRCH'
    }
  } catch {
    return false
  }
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
    onCompromised: (err: Error) => {
      compromised = err
    },
  }
  let release: () => Promise<void>
  try {
    try {
      release = await lockfile.lock(dir, options)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED' || !ownerIsGone(dir)) throw err
      // The holder on this host is dead: clear its lock and try once more. If another process wins
      // that race, our attempt fails with ELOCKED like any other contention.
      fs.rmSync(path.join(dir, LOCK_DIR), { recursive: true, force: true })
      release = await lockfile.lock(dir, options)
    }
  } catch (err) {
    held.delete(key)
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new LogError('KLOG_LOCKED', `another writer holds ${dir}`, { cause: err })
    }
    throw new LogError('KLOG_IO', `cannot lock ${dir}`, { cause: err })
  }
  fs.writeFileSync(path.join(dir, OWNER_FILE), JSON.stringify({ pid: process.pid, hostname: os.hostname() }))
  let released: Promise<void> | undefined
  return {
    get compromised() {
      return compromised
    },
    release() {
      released ??= (async () => {
        try {
          fs.rmSync(path.join(dir, OWNER_FILE), { force: true })
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
