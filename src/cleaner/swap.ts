/**
 * Swapping cleaned segments in, crash-safely (Kafka's `.cleaned` → `.swap` → final protocol), and
 * finishing or undoing an interrupted swap at open (Kafka's `LogLoader.removeTempFilesAndCollectSwapFiles`).
 *
 * For a group of old segments [S, …) replaced by one new segment S (written in `<dir>/.cleaner/`):
 * 1. the new `.index` and `.timeindex` are renamed to `S.index.swap`, `S.timeindex.swap`;
 * 2. **commit**: `S.log.swap` is created as a hard link to the new `.log` (directory fsynced). From
 *    here on, a crash is finished forward at open; before it, undone (the scratch directory and any
 *    index `.swap` without a `.log.swap` are removed; the old segments are intact);
 * 3. the index swaps are renamed onto `S.index` / `S.timeindex`, then the new log onto `S.log`. Each
 *    rename replaces the old file atomically, so the name `S.log` always exists: a reader listing the
 *    directory finds the old S (with the later old segments) or the new S (which covers their range);
 * 4. the later old segments (bases inside the group) are renamed to `.deleted`;
 * 5. `S.log.swap` is removed (directory fsynced), then the `.deleted` files.
 * Readers that have old files open keep reading them (renames and unlinks do not touch open files).
 * The writer publishes the swap twice (the caller's `committed` and `replaced`): after step 2 and
 * before step 3's first rename, so any read that overlaps a rename sees the generation move; and
 * after step 4, before the marker goes, so the marker outlives every rename *and* its publication.
 * A view re-listing the directory while a `.log.swap` exists waits for it to go (see `log-view.ts`):
 * only then is the listing one consistent set, and the published state already describes it.
 *
 * At open, for every `S.log.swap`: the group's end is the offset after the swap log's last batch (the
 * cleaner keeps each group's last batch, even emptied, so this is exact); the index swaps are moved
 * into place, the swap log onto `S.log` unless that is already the same file, every segment with a
 * base in (S, end) is deleted, and the marker is removed. The same rules give the same result for
 * Kafka's loader, which also completes a `.swap` by deleting the segments it covers.
 *
 * Writer only: under the directory lock, inside the writer's exclusive section (or before the first
 * publication, at open). Synchronous, so no append or read on the writer's thread interleaves.
 */
import fs from 'node:fs'
import path from 'node:path'
import { DELETED_SUFFIX, indexFileName, logFileName, parseLogFileName, timeIndexFileName } from '../io/file-names.js'
import { segmentBasesOf } from '../segment/segment-directory.js'
import { crashPoint } from '../io/crash-point.js'
import { fsyncDirSync, unlinkQuiet } from '../io/files.js'
import { walkBatchesSync } from '../segment/batch-walk.js'
import { CLEANER_SCRATCH, type CleanedGroup } from './cleaner.js'

/** Suffix of a cleaned segment's files between the commit and the end of a swap. */
export const SWAP_SUFFIX = '.swap'

function renameIfExists(from: string, to: string): void {
  try {
    fs.renameSync(from, to)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
}

function segmentFiles(dir: string, base: number): string[] {
  return [logFileName(base), indexFileName(base), timeIndexFileName(base)].map((n) => path.join(dir, n))
}

/**
 * Steps 1-5 for one group (see the module doc).
 * @param committed - called once the swap is committed, before anything the log's readers use is renamed
 * @param replaced - called once every rename is done, before the commit marker is removed
 */
export function swapIn(dir: string, group: CleanedGroup, committed: () => void, replaced: () => void): void {
  const [log, index, timeIndex] = segmentFiles(dir, group.base) as [string, string, string]
  fsyncDirSync(path.dirname(group.files.log))
  crashPoint('compact:cleaned')
  fs.renameSync(group.files.index, index + SWAP_SUFFIX)
  fs.renameSync(group.files.timeIndex, timeIndex + SWAP_SUFFIX)
  crashPoint('compact:index-swaps')
  fs.linkSync(group.files.log, log + SWAP_SUFFIX)
  fsyncDirSync(dir) // the commit point is durable
  crashPoint('compact:committed')
  committed()
  fs.renameSync(index + SWAP_SUFFIX, index)
  fs.renameSync(timeIndex + SWAP_SUFFIX, timeIndex)
  crashPoint('compact:indexes-replaced')
  fs.renameSync(group.files.log, log)
  crashPoint('compact:log-replaced')
  const doomed: string[] = []
  for (const seg of group.old.slice(1)) {
    for (const file of segmentFiles(dir, seg.baseOffset)) {
      renameIfExists(file, file + DELETED_SUFFIX)
      doomed.push(file + DELETED_SUFFIX)
    }
  }
  fsyncDirSync(dir)
  crashPoint('compact:old-renamed')
  replaced()
  fs.unlinkSync(log + SWAP_SUFFIX)
  fsyncDirSync(dir)
  crashPoint('compact:marker-removed')
  for (const file of doomed) unlinkQuiet(file)
}

/**
 * The offset after the last batch of a committed `.log.swap` (its base offset when it holds none), by
 * THE batch walk: bounded reads, gaps allowed anywhere (it is compacted), the first batch may start
 * above the base (compaction may have emptied the group's first batches).
 */
function endOfLog(file: string, base: number): number {
  const fd = fs.openSync(file, 'r')
  try {
    const limit = fs.fstatSync(fd).size
    const { batches, nextOffset } = walkBatchesSync(fd, { baseOffset: base, limit, firstOffset: -1, gapsBelow: Number.MAX_SAFE_INTEGER })
    return batches === 0 ? base : nextOffset
  } finally {
    fs.closeSync(fd)
  }
}

/** What finishing interrupted swaps did at open. */
export interface SwapRecovery {
  /** Groups whose committed swap was completed. */
  completed: number
  /** Whether an uncommitted round was undone (scratch or stray index swaps removed). */
  undone: boolean
}

/**
 * Finishes committed swaps and undoes uncommitted ones (see the module doc). Runs before the
 * directory's segments are listed.
 */
export function finishInterruptedSwaps(dir: string): SwapRecovery {
  const result: SwapRecovery = { completed: 0, undone: false }
  const scratch = path.join(dir, CLEANER_SCRATCH)
  if (fs.existsSync(scratch)) {
    result.undone = true
    // A scratch log may still be linked as a committed `.log.swap`: the link keeps the data.
  }
  const names = fs.readdirSync(dir)
  const bases = segmentBasesOf(names)
  for (const name of names) {
    if (!name.endsWith('.log' + SWAP_SUFFIX)) continue
    const base = parseLogFileName(name.slice(0, -SWAP_SUFFIX.length))
    if (base === undefined) continue
    const [log, index, timeIndex] = segmentFiles(dir, base) as [string, string, string]
    const swap = log + SWAP_SUFFIX
    const end = endOfLog(swap, base)
    renameIfExists(index + SWAP_SUFFIX, index)
    renameIfExists(timeIndex + SWAP_SUFFIX, timeIndex)
    let same = false
    try {
      const a = fs.statSync(swap)
      const b = fs.statSync(log)
      same = a.ino === b.ino && a.dev === b.dev
    } catch {
      same = false
    }
    for (const other of bases) {
      if (other > base && other < end) for (const file of segmentFiles(dir, other)) unlinkQuiet(file)
    }
    if (same) fs.unlinkSync(swap)
    else fs.renameSync(swap, log)
    result.completed++
  }
  // Index swaps without a committed log swap belong to a round that never committed.
  for (const name of fs.readdirSync(dir)) {
    if (name.endsWith(SWAP_SUFFIX)) {
      unlinkQuiet(path.join(dir, name))
      result.undone = true
    }
  }
  fs.rmSync(scratch, { recursive: true, force: true })
  fsyncDirSync(dir)
  return result
}
