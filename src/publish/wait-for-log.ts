/**
 * Waiting for a log to appear: `Log.open(dir, { readOnly: true, waitForLog: true })` and
 * `kafka-lite-log tail --wait` start before any writer has created the log.
 *
 * When a directory "holds a log" ({@link holdsLog}): its state file holds a whole published snapshot
 * (CRC-checked). A writer of ours creates the directory, takes the lock, loads or initialises the
 * log (first segment, checkpoints) and only then publishes, so a reader that waits for the first
 * publication never opens a half-made directory. A directory with segment files but no state file
 * (a partition directory Kafka wrote, or a copy without it) holds a log when no live writer holds
 * its lock: while one does, it may still be initialising, and its publication is awaited.
 *
 * How it waits: an `fs.watch` on the nearest existing ancestor of the directory (the directory
 * itself once it exists), moved down as the missing levels are created, and re-armed when the
 * watched directory is replaced; every event re-checks. `fs.watch` is unreliable on some file
 * systems (network mounts, some containers), so a re-check every {@link POLL_MS} runs as well; its
 * timer also keeps the process alive while it waits. The watcher, the timer and the abort listener
 * are released on every way out: found, aborted, or failed.
 *
 * Reads the file system only; safe from any thread.
 */
import fs from 'node:fs'
import path from 'node:path'
import { LogError, abortError, ioError } from '../base/errors.js'
import { lockHeld } from '../io/lock.js'
import { StateFileReader } from './state-file.js'
import { listSegmentBases } from '../segment/segment-directory.js'

/** Milliseconds between the safety re-checks of a wait (for file systems where watching fails). */
export const POLL_MS = 500

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code
  return code === 'ENOENT' || code === 'ENOTDIR'
}

/**
 * True when `dir` holds a log a reader can open (see the module doc); false while it is missing,
 * empty, or being initialised by a writer that has not published yet.
 * @throws LogError `KLOG_IO` when it cannot be read (permissions, I/O)
 */
export function holdsLog(dir: string): boolean {
  try {
    if (fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() !== true) return false
    const state = new StateFileReader(dir)
    try {
      if (state.read() !== undefined) return true
    } finally {
      state.close()
    }
    return listSegmentBases(dir).length > 0 && !lockHeld(dir)
  } catch (err) {
    // Removed while we looked: not there (yet).
    if (isMissing(err)) return false
    throw ioError(err, 'waiting for the log', dir)
  }
}

/**
 * The nearest existing ancestor of `dir` (or `dir` itself) with its identity, to watch.
 * @throws LogError `KLOG_IO` when that is not a directory: nothing can create the log below a file
 */
function nearestExisting(dir: string): { dir: string; id: string } {
  for (let p = dir; ; p = path.dirname(p)) {
    let stat: fs.Stats | undefined
    try {
      stat = fs.statSync(p, { throwIfNoEntry: false })
    } catch (err) {
      // ENOTDIR: a parent is a file, found as the walk goes up.
      if (!isMissing(err)) throw ioError(err, 'waiting for the log', p)
    }
    if (stat === undefined) continue // the root always exists, so this ends
    if (stat.isDirectory()) return { dir: p, id: `${stat.dev}:${stat.ino}:${p}` }
    const cause = Object.assign(new Error(`ENOTDIR: not a directory, '${p}'`), { code: 'ENOTDIR', path: p })
    throw new LogError('KLOG_IO', `cannot wait for a log in ${dir}: ${p} is not a directory`, { cause, file: p })
  }
}

/** Internal knobs, for tests of the polling fallback. */
export interface WaitForLogTuning {
  /** Watch with `fs.watch` (else only the timer re-checks). @default true */
  watch?: boolean
  /** Milliseconds between re-checks. @default POLL_MS */
  pollMs?: number
}

/**
 * Resolves once `dir` (absolute) holds a log (see {@link holdsLog}); at once when it already does.
 * @throws the `AbortError` of `signal` when it aborts first
 * @throws LogError `KLOG_IO` when the path cannot hold a log (an ancestor is a file) or cannot be read
 */
export function waitForLog(dir: string, signal: AbortSignal | undefined, tuning: WaitForLogTuning = {}): Promise<void> {
  const { watch = true, pollMs = POLL_MS } = tuning
  if (signal?.aborted === true) return Promise.reject(abortError(signal))
  try {
    if (holdsLog(dir)) return Promise.resolve()
  } catch (err) {
    return Promise.reject(err)
  }
  return new Promise<void>((resolve, reject) => {
    let watcher: fs.FSWatcher | undefined
    let watchedId: string | undefined
    let settled = false
    const unwatch = (): void => {
      watcher?.close()
      watcher = undefined
      watchedId = undefined
    }
    const finish = (...failure: [] | [unknown]): void => {
      if (settled) return
      settled = true
      clearInterval(timer)
      unwatch()
      signal?.removeEventListener('abort', onAbort)
      if (failure.length === 0) resolve()
      else reject(failure[0])
    }
    const onAbort = (): void => finish(abortError(signal!))
    const rewatch = (target: { dir: string; id: string }): void => {
      if (target.id === watchedId) return
      unwatch()
      try {
        watcher = fs.watch(target.dir, { persistent: false }, check)
        watchedId = target.id
        // A watch that fails later (its directory removed) is dropped; the next check re-arms one.
        watcher.on('error', unwatch)
      } catch {
        // No inotify here, or the directory vanished since the stat: the timer keeps checking.
      }
    }
    // Watch first, then look: whatever changes after the look raises an event.
    function check(): void {
      if (settled) return
      try {
        const target = nearestExisting(dir)
        if (watch) rewatch(target)
        if (holdsLog(dir)) finish()
      } catch (err) {
        finish(err)
      }
    }
    const timer = setInterval(check, pollMs)
    signal?.addEventListener('abort', onAbort, { once: true })
    check()
  })
}
