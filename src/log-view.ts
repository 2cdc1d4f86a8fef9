/**
 * LogView: a read-only log seen from outside the writer's thread: a worker thread (snapshot in the
 * writer's `SharedArrayBuffer`) or another process (snapshot in the state file).
 *
 * The view lists the directory whenever the published generation changes (roll, retention,
 * truncation), reopening segments read-only and reloading their indexes, and refreshes the segment
 * that holds the high watermark whenever the sequence moves. It never reads at or past the published
 * `hwPosition`, and the writer writes index entries before it publishes, so every entry a lookup can
 * use points at bytes that are already there.
 *
 * Waiting: in a worker, `Atomics.waitAsync` on the shared sequence word; in another process, an
 * inotify watch (`fs.watch`) on the state file, which the writer rewrites after every publication,
 * with a 1-second re-check as a safety net for file systems that do not deliver change events.
 *
 * Each view is used from one thread.
 */
import fs from 'node:fs'
import { LogError } from './errors.js'
import type { LogSource } from './log-source.js'
import { listSegmentBases } from './log-owner.js'
import { Segment } from './segment.js'
import { SegmentList } from './segment-list.js'
import { FLAG_WRITER_CLOSED, Snapshot, type SnapshotState } from './snapshot.js'
import { StateFileReader } from './state-file.js'
import { waitOnSnapshot, waitWithSignal } from './wait.js'

type Published = SnapshotState & { seq: number }

/** Before any writer has published: an empty log. */
const NOTHING: Published = {
  seq: 0, highWatermark: 0, logEndOffset: 0, logStartOffset: 0, hwSegmentBase: 0, hwPosition: 0, generation: -1, flags: 0,
  truncationEpoch: 0, truncationOffset: 0,
}

const SAFETY_RECHECK_MS = 1000

/** A read-only log outside the writer's thread (see the module comment). */
export class LogView implements LogSource {
  readonly dir: string
  private readonly segments = new SegmentList()
  private readonly read: () => Published
  private readonly wait: (seq: number, signal: AbortSignal | undefined) => Promise<void>
  private readonly release: () => void
  private loadedGeneration = Number.NaN
  /** The high-watermark segment at the last reload; -Infinity before the first. */
  private loadedHwBase = -Infinity
  /** The truncation epoch at the last reload; NaN before the first (forces a full reload). */
  private loadedEpoch = Number.NaN
  private refreshedSeq = -1

  private constructor(
    dir: string,
    read: () => Published,
    wait: (seq: number, signal: AbortSignal | undefined) => Promise<void>,
    release: () => void,
  ) {
    this.dir = dir
    this.read = read
    this.wait = wait
    this.release = release
  }

  /** A view over a snapshot shared by a writer in this process (e.g. from a worker thread). */
  static shared(dir: string, buffer: SharedArrayBuffer): LogView {
    const snapshot = new Snapshot(buffer)
    const view = new LogView(dir, () => snapshot.read(), (seq, signal) => waitOnSnapshot(snapshot, seq, signal), () => {})
    // The buffer belongs to one Log: once its owner has closed (and published the flag, which moved
    // the sequence and woke every waiter), nothing will be published to it again.
    view.ended = () => (snapshot.read().flags & FLAG_WRITER_CLOSED) !== 0
    return view
  }

  /** A view over the state file of a writer in any process. */
  static fromStateFile(dir: string): LogView {
    if (!fs.existsSync(dir)) throw new LogError('KLOG_IO', `log directory ${dir} does not exist`, { file: dir })
    const state = new StateFileReader(dir)
    const watcher = new StateWatcher(state)
    return new LogView(
      dir,
      () => state.read() ?? NOTHING,
      (seq, signal) => watcher.wait(seq, signal),
      () => {
        watcher.close()
        state.close()
      },
    )
  }

  snapshot(): Published {
    const s = this.read()
    if (s.generation !== this.loadedGeneration) this.reload(s)
    else if (s.seq !== this.refreshedSeq) this.segments.floor(s.hwSegmentBase)?.refresh()
    this.refreshedSeq = s.seq
    return s
  }

  generation(): number {
    return this.read().generation
  }

  floorSegment(offset: number): Segment | undefined {
    return this.segments.floor(offset)
  }

  higherSegment(baseOffset: number): Segment | undefined {
    return this.segments.higher(baseOffset)
  }

  waitForChange(seq: number, signal: AbortSignal | undefined): Promise<void> {
    return this.wait(seq, signal)
  }

  /** See `LogSource.ended`; set for views over a shared snapshot, never for the state file. */
  ended?: () => boolean

  /**
   * Re-lists the directory after a generation change: opens new segments, retires deleted ones and
   * reloads the kept ones that may have changed.
   *
   * Without a truncation since the last reload, only segments at or above the lower of the old and
   * new high-watermark segments can have changed: appends and rolls touch the active segment (and
   * seal it), retention only deletes, and sealed segments are immutable. So a roll costs one reload,
   * not one per segment of the log. A truncation (including a writer's recovery cutting what was
   * published, which also moves the epoch) may have rewritten any segment and deleted segments whose
   * base offsets were then reused by new files while this view was not looking: then every kept
   * segment is checked to still be the file of its name and reloaded.
   */
  private reload(s: Published): void {
    const old = new Map(this.segments.all.map((seg) => [seg.baseOffset, seg]))
    const truncated = s.truncationEpoch !== this.loadedEpoch
    const changedFrom = truncated ? -Infinity : Math.min(this.loadedHwBase, s.hwSegmentBase)
    const next: Segment[] = []
    for (const base of s.generation < 0 ? [] : listSegmentBases(this.dir)) {
      let seg = old.get(base)
      if (seg !== undefined && truncated && !seg.isCurrentFile()) seg = undefined // stays in `old`: retired
      if (seg !== undefined) {
        old.delete(base)
        if (base >= changedFrom) seg.reload()
      } else {
        try {
          seg = Segment.openForRead(this.dir, base)
          seg.refresh()
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue // deleted since the listing
          throw err
        }
      }
      next.push(seg)
    }
    for (const seg of old.values()) seg.retire()
    this.segments.reset(next)
    this.loadedGeneration = s.generation
    this.loadedHwBase = s.generation < 0 ? -Infinity : s.hwSegmentBase
    this.loadedEpoch = s.generation < 0 ? Number.NaN : s.truncationEpoch
  }

  close(): void {
    for (const seg of this.segments.all) seg.retire()
    this.segments.reset([])
    this.release()
  }
}

/** Wakes waiters of a cross-process view when the state file changes. */
class StateWatcher {
  private watcher: fs.FSWatcher | undefined
  private readonly waiters = new Set<() => void>()
  private timer: NodeJS.Timeout | undefined
  private readonly state: StateFileReader

  constructor(state: StateFileReader) {
    this.state = state
  }

  wait(seq: number, signal: AbortSignal | undefined): Promise<void> {
    if ((this.state.read()?.seq ?? 0) !== seq) return Promise.resolve()
    let wake!: () => void
    const woken = new Promise<void>((resolve) => {
      wake = () => {
        if ((this.state.read()?.seq ?? 0) === seq) return
        this.waiters.delete(wake)
        resolve()
      }
    })
    this.waiters.add(wake)
    this.arm()
    return waitWithSignal(woken, signal, () => {
      this.waiters.delete(wake)
      this.disarm()
    }).finally(() => this.disarm())
  }

  private fire = (): void => {
    for (const w of [...this.waiters]) w()
  }

  private arm(): void {
    if (this.watcher === undefined) {
      try {
        this.watcher = fs.watch(this.state.path, { persistent: false }, this.fire)
        this.watcher.on('error', () => {
          this.watcher?.close()
          this.watcher = undefined
        })
      } catch {
        // No state file yet, or no inotify: the safety re-check below still wakes us.
      }
    }
    this.timer ??= setInterval(this.fire, SAFETY_RECHECK_MS)
  }

  private disarm(): void {
    if (this.waiters.size > 0) return
    clearInterval(this.timer)
    this.timer = undefined
  }

  close(): void {
    this.watcher?.close()
    this.watcher = undefined
    clearInterval(this.timer)
    this.timer = undefined
    this.fire()
  }
}
