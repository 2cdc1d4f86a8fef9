/**
 * Becoming the owner of a log directory at `Log.open` (and when a view's `writer()` takes over):
 * the path must be a directory (a file says so instead of failing to be created), a read-write open
 * creates it, then the directory lock is taken and the log recovered (`LogOwner.open`), the recovery
 * report published on `kafka-lite:recovery`. A failed open releases the lock it took.
 *
 * Any thread; one owner per directory across threads and processes (the lock decides).
 */
import fs from 'node:fs'
import { LogError } from '../base/errors.js'
import { publishRecovery } from '../base/events.js'
import type { ResolvedLogOptions } from '../base/options.js'
import { acquireLock } from '../io/lock.js'
import { LogOwner } from './log-owner.js'

/**
 * @internal Takes the lock of `dir` and opens (recovering) its log.
 * @throws LogError `KLOG_LOCKED` (a live holder), the owner's open errors; anything else as `KLOG_IO`
 */
export async function takeOwnership(dir: string, opts: ResolvedLogOptions): Promise<LogOwner> {
  const lock = await acquireLock(dir, opts.lockStaleMs)
  try {
    const owner = await LogOwner.open(dir, opts, lock)
    publishRecovery({ dir, report: owner.recovery })
    return owner
  } catch (err) {
    await lock.release()
    if (err instanceof LogError) throw err
    throw new LogError('KLOG_IO', `cannot open the log in ${dir}`, { cause: err, file: dir })
  }
}

/**
 * @internal Creates the log directory `abs` (and its parents) for a read-write open.
 * @throws LogError `KLOG_IO`
 */
export function createLogDirectory(abs: string): void {
  try {
    fs.mkdirSync(abs, { recursive: true })
  } catch (err) {
    throw new LogError('KLOG_IO', `cannot create the log directory ${abs} (${(err as NodeJS.ErrnoException).code})`, {
      cause: err,
      file: abs,
    })
  }
}

/** @internal A log is a directory: opening a path that is a file says so (instead of failing to create it). */
export function checkNotAFile(dir: string): void {
  let stat: fs.Stats | undefined
  try {
    stat = fs.statSync(dir, { throwIfNoEntry: false })
  } catch {
    return // unreadable: the open reports the real failure
  }
  if (stat === undefined || stat.isDirectory()) return
  const cause = Object.assign(new Error(`ENOTDIR: not a directory, '${dir}'`), { code: 'ENOTDIR', path: dir })
  throw new LogError('KLOG_IO', `${dir} is not a directory: a log is a directory of segment files`, { cause, file: dir })
}
