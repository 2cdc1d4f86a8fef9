/**
 * Online backup of a live log (`log.backup(target)`), as LevelDB's checkpoints and Kafka's tiered
 * storage take one: the sealed segments hard-linked, the active one copied up to the published
 * high watermark, the checkpoints written for that snapshot. The result opens as a log equal to the
 * log at the snapshot: the records of `[logStartOffset, highWatermark)` with the same offsets, bytes
 * and timestamps, its consumers' positions, and its compaction checkpoints.
 *
 * Layout: the backup is built in a sibling temp directory (`<target>.klog-backup-<pid>-<n>.tmp`),
 * fsynced, then renamed to `target`, so `target` either does not exist or holds a whole backup.
 *   - `<base>.log` / `.index` / `.timeindex` of each sealed segment: hard links (copies when linking
 *     fails: another file system (`EXDEV`), or one without hard links);
 *   - the active segment's `.log`: a copy of its bytes below the snapshot's `hwPosition`, without
 *     indexes (its first open scans it and rebuilds them, as after a crash: at most one segment);
 *   - `log-start-offset-checkpoint`, `recovery-point-offset-checkpoint` (the active segment's base),
 *     the cleaner checkpoints, and the state file holding the snapshot (so the copy is known as ours
 *     and its last segment ends where the snapshot says);
 *   - every other file and directory of the log (consumer positions, a broker's partition metadata)
 *     copied; temp, `.deleted`, swap and lock files are not.
 *
 * Concurrency: the snapshot is taken, and the links made, between two append groups (the writer's
 * exclusive section, `run`), so no roll, truncation, retention or compaction swap interleaves with
 * it. The active segment is copied outside it (appends go on meanwhile: they only add bytes past the
 * snapshot's position), from a descriptor opened inside it (a retention pass may delete the file).
 * A second short exclusive section then checks that no truncation happened meanwhile (a truncation
 * may rewrite those bytes); if one did, the backup starts over. Hard links share the inode with the
 * live log, so every later in-place change of a sealed segment (a truncation into it, recovery
 * rebuilding it) first gives the live segment a private copy (`Segment.breakLinks`); everything else
 * the writer does to sealed segments replaces or deletes files by name and never reaches a link.
 *
 * Writer thread only (the owner's).
 */
import fs from 'node:fs'
import path from 'node:path'
import { LogError, ioError } from '../base/errors.js'
import type { BackupResult } from '../base/reports.js'
import { closeFd, readAtSync } from '../io/files.js'
import { indexFileName, logFileName, timeIndexFileName } from '../io/file-names.js'
import {
  CLEANER_CHECKPOINT_FILE,
  CLEAN_SHUTDOWN_FILE,
  COMPACTED_UNTIL_FILE,
  LOG_START_FILE,
  RECOVERY_POINT_FILE,
  writeOffsetCheckpoint,
} from '../segment/checkpoint.js'
import { FLAG_WRITER_CLOSED, SNAPSHOT_BYTES, Snapshot, type SnapshotState } from '../publish/snapshot.js'
import { STATE_FILE, StateFileWriter } from '../publish/state-file.js'
import type { LogOwner } from './log-owner.js'

/** Runs `fn` between append groups (the writer's exclusive section; directly when no writer is open). */
export type Exclusive = <T>(fn: () => Promise<T>) => Promise<T>

/** Files of a log directory that a backup does not take over (rewritten, or never part of a log). */
const SKIPPED = new Set([
  '.lock',
  STATE_FILE,
  CLEAN_SHUTDOWN_FILE,
  LOG_START_FILE,
  RECOVERY_POINT_FILE,
  CLEANER_CHECKPOINT_FILE,
  COMPACTED_UNTIL_FILE,
])
const SEGMENT_FILE = /^\d{20}\.(log|index|timeindex)(\..+)?$/
const TRANSIENT = /\.(tmp|deleted|cleaned|swap)$/

/** Truncations (which rewrite the active segment's bytes) met before the backup gives up. */
const MAX_ATTEMPTS = 5
let backups = 0

interface Taken {
  snapshot: SnapshotState & { seq: number }
  snapshotCopy: Snapshot
  activeBase: number
  activeFd: number
  cleanerCheckpoint: number
  compactedUntil: number
  segments: number
  linked: number
  copied: number
  bytesCopied: number
}

/**
 * Takes a consistent backup of `owner`'s log into `target` (see the module doc).
 * @param target - an absolute path that does not exist yet (or is an empty directory)
 * @throws LogError `KLOG_IO` (`cause.code` `'ENOTEMPTY'` for a target that holds files), `KLOG_DISK_FULL`
 */
export async function backupLog(owner: LogOwner, target: string, run: Exclusive): Promise<BackupResult> {
  checkTarget(owner.dir, target)
  for (let attempt = 1; ; attempt++) {
    const tmp = `${target}.klog-backup-${process.pid}-${++backups}.tmp`
    fs.rmSync(tmp, { recursive: true, force: true })
    fs.mkdirSync(tmp, { recursive: true })
    let taken: Taken | undefined
    try {
      taken = await run(async () => {
        // Background seals trim the indexes of the segment sealed last: linked after they are done.
        await owner.settle()
        return linkSealed(owner, tmp)
      })
      const { snapshot } = taken
      const activeCopy = path.join(tmp, logFileName(taken.activeBase))
      taken.bytesCopied += copyPrefix(taken.activeFd, activeCopy, snapshot.hwSegmentBase === taken.activeBase ? snapshot.hwPosition : 0)
      taken.copied++
      const epoch = snapshot.truncationEpoch
      const unchanged = await run(async () => owner.snapshot().truncationEpoch === epoch)
      if (!unchanged) {
        // A truncation may have rewritten the bytes just copied: start over from a new snapshot.
        if (attempt >= MAX_ATTEMPTS) throw new LogError('KLOG_IO', `the log was truncated during each of ${attempt} backup attempts`)
        continue
      }
      writeCheckpoints(tmp, taken)
      fsyncDir(tmp)
      fs.renameSync(tmp, target)
      fsyncDir(path.dirname(target))
      return {
        dir: target,
        logStartOffset: snapshot.logStartOffset,
        highWatermark: snapshot.highWatermark,
        segments: taken.segments,
        linked: taken.linked,
        copied: taken.copied,
        bytesCopied: taken.bytesCopied,
      }
    } catch (err) {
      throw ioError(err, 'backup', target)
    } finally {
      if (taken !== undefined) closeFd(taken.activeFd)
      fs.rmSync(tmp, { recursive: true, force: true })
    }
  }
}

function checkTarget(dir: string, target: string): void {
  const rel = path.relative(dir, target)
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
    throw new RangeError('the backup directory must lie outside the log directory')
  }
  let names: string[]
  try {
    names = fs.readdirSync(target)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
    throw ioError(err, 'backup', target)
  }
  if (names.length > 0) {
    const cause = Object.assign(new Error(`ENOTEMPTY: directory not empty, '${target}'`), { code: 'ENOTEMPTY', path: target })
    throw new LogError('KLOG_IO', `the backup directory ${target} is not empty`, { cause, file: target })
  }
  // An empty directory is replaced by the rename (POSIX allows renaming over an empty directory).
}

/** Inside the exclusive section: the snapshot, links of the sealed segments, the active's descriptor. */
function linkSealed(owner: LogOwner, tmp: string): Taken {
  const snapshot = { ...owner.snapshot() }
  const snapshotCopy = new Snapshot(new ArrayBuffer(SNAPSHOT_BYTES))
  // The backup has no writer: readers following it stop at its end instead of waiting.
  snapshotCopy.publish({ ...snapshot, flags: snapshot.flags | FLAG_WRITER_CLOSED })
  const active = owner.active
  const taken: Taken = {
    snapshot,
    snapshotCopy,
    activeBase: active.baseOffset,
    activeFd: -1,
    cleanerCheckpoint: owner.cleanerCheckpoint,
    compactedUntil: owner.compactedUntil,
    segments: 0,
    linked: 0,
    copied: 0,
    bytesCopied: 0,
  }
  for (let seg = owner.floorSegment(snapshot.logStartOffset); seg !== undefined; seg = owner.higherSegment(seg.baseOffset)) {
    taken.segments++
    if (seg === active) break
    for (const name of [logFileName(seg.baseOffset), indexFileName(seg.baseOffset), timeIndexFileName(seg.baseOffset)]) {
      const bytes = linkOrCopy(path.join(owner.dir, name), path.join(tmp, name))
      if (bytes < 0) taken.linked++
      else {
        taken.copied++
        taken.bytesCopied += bytes
      }
    }
  }
  taken.activeFd = fs.openSync(active.logPath, 'r')
  // Consumer positions, a broker's partition metadata: small files, copied as they are now.
  for (const entry of fs.readdirSync(owner.dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name) || SEGMENT_FILE.test(entry.name) || TRANSIENT.test(entry.name)) continue
    const bytes = copyTree(path.join(owner.dir, entry.name), path.join(tmp, entry.name))
    taken.copied += bytes.files
    taken.bytesCopied += bytes.bytes
  }
  return taken
}

/**
 * Hard-links `from` as `to`; copies it where the file system cannot link it.
 * @returns -1 when linked, else the bytes copied
 */
export function linkOrCopy(from: string, to: string): number {
  try {
    fs.linkSync(from, to)
    // Durable as the backup says: under fsync 'never' the linked bytes may still be in the page cache.
    syncFile(to)
    return -1
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    // EXDEV: another file system; EPERM / ENOTSUP / EOPNOTSUPP: one without hard links (FAT, some
    // network mounts); EMLINK: the file has too many names already.
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EMLINK') throw err
  }
  fs.copyFileSync(from, to)
  syncFile(to)
  return fs.statSync(to).size
}

function copyTree(from: string, to: string): { files: number; bytes: number } {
  const st = fs.statSync(from)
  if (st.isDirectory()) {
    fs.mkdirSync(to)
    const total = { files: 0, bytes: 0 }
    for (const name of fs.readdirSync(from)) {
      if (TRANSIENT.test(name)) continue
      const sub = copyTree(path.join(from, name), path.join(to, name))
      total.files += sub.files
      total.bytes += sub.bytes
    }
    fsyncDir(to)
    return total
  }
  if (!st.isFile()) return { files: 0, bytes: 0 }
  fs.copyFileSync(from, to)
  syncFile(to)
  return { files: 1, bytes: st.size }
}

/** Copies the first `length` bytes of `fd` into a new file `to`, fsynced. */
function copyPrefix(fd: number, to: string, length: number): number {
  const out = fs.openSync(to, 'wx')
  try {
    const buf = Buffer.allocUnsafe(Math.min(Math.max(length, 1), 1 << 20))
    for (let done = 0; done < length;) {
      const n = readAtSync(fd, buf, 0, Math.min(buf.length, length - done), done)
      if (n === 0) throw new LogError('KLOG_IO', `the active segment ended at ${done} bytes, below the snapshot's ${length}`)
      fs.writeSync(out, buf, 0, n, done)
      done += n
    }
    fs.fdatasyncSync(out)
  } finally {
    closeFd(out)
  }
  return length
}

function writeCheckpoints(tmp: string, t: Taken): void {
  writeOffsetCheckpoint(tmp, LOG_START_FILE, t.snapshot.logStartOffset)
  // Everything below the active segment is whole and linked: the first open scans the active only.
  writeOffsetCheckpoint(tmp, RECOVERY_POINT_FILE, Math.min(t.activeBase, t.snapshot.highWatermark))
  writeOffsetCheckpoint(tmp, CLEANER_CHECKPOINT_FILE, Math.min(t.cleanerCheckpoint, t.snapshot.highWatermark))
  writeOffsetCheckpoint(tmp, COMPACTED_UNTIL_FILE, Math.min(t.compactedUntil, t.snapshot.highWatermark))
  const state = new StateFileWriter(tmp, t.snapshotCopy)
  try {
    state.write()
  } finally {
    state.close()
  }
}

function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    closeFd(fd)
  }
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    closeFd(fd)
  }
}
