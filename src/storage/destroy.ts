/**
 * `Log.destroy(dir)`: removes a log directory, but only a log's and only while no writer holds it.
 *
 * The directory lock is taken first (as a writer would: a dead holder's lock is taken over, a live
 * one refuses with `KLOG_LOCKED`), so no writer in any thread or process can be appending while the
 * files go. Then every entry but the lock is removed, the lock released and the directory removed;
 * the parent directory is fsynced. A directory that holds files but none of a log's is refused with
 * `KLOG_NOT_A_LOG` before anything is touched (the same judgement as a read-write open). Readers of
 * the log in other processes keep their open files until they close them (POSIX); their next reload
 * finds no log.
 *
 * Any thread.
 */
import fs from 'node:fs'
import path from 'node:path'
import { LogError, ioError } from '../base/errors.js'
import { acquireLock } from '../io/lock.js'
import { closeFd } from '../io/files.js'
import { checkIsLogDirectory } from './recovery.js'

/**
 * Removes the log directory `dir` (see the module doc).
 * @param staleMs - the lock's stale threshold (`lockStaleMs`)
 * @returns false when `dir` did not exist (nothing to do), true once removed
 * @throws LogError `KLOG_LOCKED` (a writer holds it), `KLOG_NOT_A_LOG`, `KLOG_IO`
 */
export async function destroyLog(dir: string, staleMs: number): Promise<boolean> {
  let st: fs.Stats | undefined
  try {
    st = fs.statSync(dir, { throwIfNoEntry: false })
  } catch (err) {
    throw ioError(err, 'destroy', dir)
  }
  if (st === undefined) return false
  if (!st.isDirectory()) throw new LogError('KLOG_NOT_A_LOG', `${dir} is not a directory, so not a log`, { file: dir })
  checkIsLogDirectory(dir)
  const lock = await acquireLock(dir, staleMs)
  try {
    // Checked again under the lock: a writer that held it a moment ago may have written since.
    checkIsLogDirectory(dir)
    for (const name of fs.readdirSync(dir)) {
      if (name === '.lock') continue
      fs.rmSync(path.join(dir, name), { recursive: true, force: true })
    }
  } catch (err) {
    await lock.release()
    throw err instanceof LogError ? err : ioError(err, 'destroy', dir)
  }
  await lock.release()
  try {
    fs.rmdirSync(dir)
  } catch (err) {
    // A writer opened the (empty) directory between the release and here: it is its log now.
    if ((err as NodeJS.ErrnoException).code === 'ENOTEMPTY' || (err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new LogError('KLOG_LOCKED', `a writer opened ${dir} while it was being destroyed`, { cause: err, file: dir })
    }
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(err, 'destroy', dir)
  }
  try {
    const fd = fs.openSync(path.dirname(dir), 'r')
    try {
      fs.fsyncSync(fd)
    } finally {
      closeFd(fd)
    }
  } catch {
    // The removal is done; a parent that cannot be fsynced (some file systems) does not undo it.
  }
  return true
}
