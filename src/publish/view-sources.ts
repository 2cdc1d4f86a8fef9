/**
 * Where a view outside the writer's thread reads the published snapshot from, and how it waits.
 *
 * - Another process: the state file (`state-file.ts`), woken by an inotify watch on it.
 * - A worker thread: the `SharedArrayBuffer` of the `Log` that shared it, woken by `Atomics.notify`,
 *   for as long as that `Log`'s writer is the directory's writer. When another writer takes over
 *   (after the sharing `Log` closed, or after the thread holding it died), the shared buffer will
 *   never change again; the view then follows the state file like a view in another process, so a
 *   worker's follower continues with the new writer exactly as another process's does.
 *
 * How a worker source tells "my writer" from "a new writer": every snapshot carries the publishing
 * writer's random `writerId`. The state file is written by whichever writer holds the directory
 * lock, always after that writer's in-memory publication, so once it shows another `writerId` than
 * the shared buffer, the buffer's writer has lost the directory for good (a writer's lock is
 * exclusive and a new one never reuses an id). That switch is one-way. While the shared writer is
 * live, a worker's wait does not watch the state file (its change events are that writer's own
 * writes, one per publication, already announced by `Atomics.notify`); the safety re-check looks
 * for a takeover instead, and once the shared buffer carries the closed flag the file is watched
 * (see `SharedSource.wait`).
 *
 * Each source is used from one thread.
 */
import fs from 'node:fs'
import path from 'node:path'
import { LOG_START_FILE, readOffsetCheckpoint } from '../segment/checkpoint.js'
import { logFileName } from '../io/file-names.js'
import { walkBatchesSync } from '../segment/batch-walk.js'
import { FLAG_WRITER_CLOSED, NOTHING_PUBLISHED, Snapshot, type Published } from './snapshot.js'
import { StateFileReader } from './state-file.js'
import { listSegmentBases } from '../segment/segment-directory.js'
import { joinSnapshot, pendingWait } from './wait.js'

/** A consistent snapshot and its sequence number. */
export type { Published } from './snapshot.js'

/** Seconds between safety re-checks of the state file when change events may not arrive. */
const SAFETY_RECHECK_MS = 1000

/** A published snapshot to read and to wait on. */
export interface SnapshotSource {
  read(): Published
  /** Resolves once the snapshot's sequence differs from `seq` (or rejects with an AbortError). */
  wait(seq: number, signal: AbortSignal | undefined): Promise<void>
  close(): void
}

/**
 * The state a directory's files show when no writer of ours has ever published there (no state
 * file): a log another program wrote, e.g. a Kafka broker's partition directory. Its segments are
 * listed, and the last one is walked from its start (header walk and CRC of every batch) up to the
 * first batch that is not whole and valid: that is the high watermark, as recovery would put it,
 * without changing a byte. `undefined` for a directory without segments.
 */
function stateFromFiles(dir: string): Published | undefined {
  let bases: number[]
  try {
    bases = listSegmentBases(dir)
  } catch {
    return undefined
  }
  const last = bases[bases.length - 1]
  if (last === undefined) return undefined
  const { end, position } = validPrefix(path.join(dir, logFileName(last)), last)
  const logStart = Math.min(end, Math.max(readOffsetCheckpoint(dir, LOG_START_FILE) ?? 0, bases[0]!))
  return {
    seq: 0,
    highWatermark: end,
    logEndOffset: end,
    logStartOffset: logStart,
    hwSegmentBase: last,
    hwPosition: position,
    generation: 0,
    flags: FLAG_WRITER_CLOSED,
    truncationEpoch: 0,
    truncationOffset: 0,
    writerId: 0,
    rewriteEpoch: 0,
  }
}

/**
 * The offset after, and the position after, the last whole and valid batch of a `.log` from its
 * start: THE batch walk with every CRC checked, in bounded chunks.
 */
function validPrefix(file: string, base: number): { end: number; position: number } {
  const fd = fs.openSync(file, 'r')
  try {
    const limit = fs.fstatSync(fd).size
    // Gaps are allowed: a log another program wrote may have been compacted, and nothing of ours says
    // where (offsets must still increase).
    const { valid, nextOffset } = walkBatchesSync(fd, { baseOffset: base, limit, gapsBelow: Number.MAX_SAFE_INTEGER, checkCrc: true })
    return { end: nextOffset, position: valid }
  } finally {
    fs.closeSync(fd)
  }
}

/** The state file of whichever writer holds the directory (views in other processes). */
export class StateFileSource implements SnapshotSource {
  private readonly state: StateFileReader
  private readonly watcher: StateWatcher
  private readonly dir: string
  /** What the files showed while no state file existed (computed once: nothing writes meanwhile). */
  private fromFiles: Published | undefined

  constructor(dir: string) {
    this.dir = dir
    this.state = new StateFileReader(dir)
    this.watcher = new StateWatcher(this.state)
  }

  read(): Published {
    const published = this.state.read()
    if (published !== undefined) return published
    this.fromFiles ??= stateFromFiles(this.dir)
    return this.fromFiles ?? NOTHING_PUBLISHED
  }

  /** Whether the state file names another writer than `writerId` (see `StateFileReader.namesOtherWriter`). */
  namesOtherWriter(writerId: number): boolean {
    return this.state.namesOtherWriter(writerId)
  }

  wait(seq: number, signal: AbortSignal | undefined): Promise<void> {
    return this.waitFor(() => (this.state.read()?.seq ?? 0) !== seq, signal)
  }

  /** Resolves once `changed()` holds, re-checked whenever the state file changes. */
  waitFor(changed: () => boolean, signal: AbortSignal | undefined): Promise<void> {
    if (changed()) return Promise.resolve()
    return pendingWait(signal, (wake) =>
      this.watcher.join(() => {
        if (changed()) wake()
      }, true),
    )
  }

  /**
   * Runs `check` at every safety re-check and, when `events`, on every change event of the state
   * file. @returns how to stop
   */
  join(check: () => void, events: boolean): () => void {
    return this.watcher.join(check, events)
  }

  close(): void {
    this.watcher.close()
    this.state.close()
  }
}

/** A writer's shared buffer while that writer owns the directory, then the state file (workers). */
export class SharedSource implements SnapshotSource {
  private readonly shared: Snapshot
  private readonly file: StateFileSource
  private detached = false

  constructor(dir: string, buffer: SharedArrayBuffer) {
    this.shared = new Snapshot(buffer)
    this.file = new StateFileSource(dir)
  }

  /** True once the state file names another writer than the shared buffer (see the module doc). */
  private takenOver(sharedWriter: number): boolean {
    return this.file.namesOtherWriter(sharedWriter)
  }

  read(): Published {
    if (!this.detached) {
      const s = this.shared.read()
      if (!this.takenOver(s.writerId)) return s
      this.detached = true
    }
    return this.file.read()
  }

  wait(seq: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.detached) return this.file.wait(seq, signal)
    // Either the shared writer publishes (Atomics.notify), or a new writer appears in the state file.
    const s = this.shared.read()
    if (s.seq !== seq || this.takenOver(s.writerId)) return Promise.resolve()
    // While the shared writer is live, the state file's change events are its own writes, one per
    // publication, each of which already wakes us through the shared buffer: watching them too would
    // wake this thread twice per append. A takeover needs that writer gone without closing (its
    // thread died), and then its lock to go stale, so the safety re-check (every
    // SAFETY_RECHECK_MS) notices it soon enough. A writer that closed published the closed flag
    // into the shared buffer before it released its lock: from then on the state file is watched.
    const watchFile = (s.flags & FLAG_WRITER_CLOSED) !== 0
    return pendingWait(signal, (wake) => {
      const leaveShared = joinSnapshot(this.shared, seq, wake)
      const leaveFile = this.file.join(() => {
        if (this.takenOver(s.writerId)) wake()
      }, watchFile)
      return () => {
        leaveShared()
        leaveFile()
      }
    })
  }

  close(): void {
    this.file.close()
  }
}

/**
 * Runs the checks of a state-file view's waits when the state file changes (an inotify watch, made
 * by the first wait that asks for events and kept until the source closes), and at a safety re-check
 * every {@link SAFETY_RECHECK_MS} for file systems whose change events may not arrive. The re-check
 * timer is one per source, started by a wait and stopped by the first tick that finds no wait: a
 * follower that waits again right after each wake-up arms and clears nothing. Neither the watch nor
 * the timer keeps the event loop alive (the waits hold the thread's keep-alive, see `wait.ts`).
 */
class StateWatcher {
  private watcher: fs.FSWatcher | undefined
  /** Some wait asked for change events: a tick re-tries a watch that could not be made. */
  private watchWanted = false
  private readonly checks = new Set<() => void>()
  private timer: NodeJS.Timeout | undefined
  private closed = false
  private readonly state: StateFileReader

  constructor(state: StateFileReader) {
    this.state = state
  }

  join(check: () => void, events: boolean): () => void {
    this.checks.add(check)
    if (events) {
      this.watchWanted = true
      this.watch()
    }
    if (this.timer === undefined && !this.closed) this.timer = setInterval(this.tick, SAFETY_RECHECK_MS).unref()
    return () => void this.checks.delete(check)
  }

  /** Runs every check (one that wakes its wait leaves the set as it runs: safe in a Set). */
  private fire = (): void => {
    for (const check of this.checks) check()
  }

  private tick = (): void => {
    if (this.checks.size === 0) {
      clearInterval(this.timer)
      this.timer = undefined
      return
    }
    if (this.watchWanted) this.watch()
    this.fire()
  }

  private watch(): void {
    if (this.watcher !== undefined || this.closed) return
    try {
      this.watcher = fs.watch(this.state.path, { persistent: false }, this.fire)
      this.watcher.on('error', () => {
        this.watcher?.close()
        this.watcher = undefined
      })
    } catch {
      // No state file yet, or no inotify: the safety re-check still wakes us.
    }
  }

  close(): void {
    this.closed = true
    this.watcher?.close()
    this.watcher = undefined
    clearInterval(this.timer)
    this.timer = undefined
    this.fire()
  }
}
