/**
 * Recovery: Kafka's `LogSegment.recover` for one segment, and the directory-level load that decides
 * which segments to recover (`LogLoader.load`).
 *
 * Recovery is not an error path. A torn or corrupt tail is cut off and *reported*; indexes are
 * rebuilt with the same sparse rule the writer uses; segments after a cut are deleted because nothing
 * after a corruption point can be trusted. Every batch of a scanned segment is checked, CRC included;
 * the one thing kept is flushed damage with intact records after it (see {@link recoverSegment}),
 * reported as `damaged-batch`. Segments wholly below the recovery point are trusted and not read at
 * all; if one of them is damaged, reads that reach the damage reject with `KLOG_CORRUPT_SEGMENT`
 * (every batch's CRC is checked on read), so nothing corrupt is ever served.
 *
 * Writer only: runs under the directory lock, before anything is published.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { CleanShutdown } from '../segment/checkpoint.js'
import { LogError } from '../base/errors.js'
import type { RecoveryReport } from '../base/reports.js'
import { indexFileName, logFileName, parseLogFileName, timeIndexFileName } from '../io/file-names.js'
import { Segment } from '../segment/segment.js'
import { walkBatches, type CrcFailure, type WalkedBatch } from '../segment/batch-walk.js'
import type { GapRule } from '../format/header-walk.js'

/** A damaged batch recovery kept (see {@link recoverSegment}). */
export interface DamagedBatch {
  /** Its byte position in the `.log`. */
  position: number
  /** Its size in bytes (from its header's length). */
  size: number
  /** Its base offset. */
  baseOffset: number
  /** The base offset of the intact batch after it (its header's last offset + 1 at a segment's end). */
  nextOffset: number
}

/** Outcome of scanning one segment. */
export interface SegmentRecovery {
  /** Bytes of valid batches from the start of the file (kept damaged batches included). */
  validBytes: number
  /** Bytes removed from the end of the file. */
  truncatedBytes: number
  /** Batches below the recovery point that fail their CRC and were kept, in file order. */
  damaged: DamagedBatch[]
}

/** What {@link recoverSegment} may assume about a segment. */
export interface RecoverOptions {
  /**
   * The recovery point: batches below it were fsynced before it was checkpointed. 0 when nothing
   * is known to be flushed. @default 0
   */
  flushedBelow?: number
  /** Whether the segment is the log's last one (its last batch then has nothing after it). @default true */
  last?: boolean
}

/**
 * Kafka's `LogSegment.recover`: validates every batch from position 0 (the header walk's bounds,
 * magic and offset checks: the first batch starts at the segment's base offset and each later one
 * right after the one before; then the CRC), rebuilds both indexes with the writer's sparse rule,
 * and truncates the `.log` after the last valid batch.
 *
 * One exception to the cut, for damage a crash cannot make: a batch wholly below `flushedBelow` (the
 * recovery point: fsynced before the checkpoint was written) that fails only its CRC while intact
 * batches follow it (or, in a segment that is not the last, the segment ends right after it) is
 * *kept* and returned in `damaged`: cutting there would delete every acknowledged, intact record
 * after it. Reads reject it (`KLOG_CORRUPT_SEGMENT`: its batch is never marked verified). A damaged
 * batch with nothing intact after it (the log's last batch, or one followed only by a torn or
 * garbage tail) is cut like a torn tail: cutting it loses nothing a reader could read, and new
 * records then follow the log's intact end. See docs/guarantees.md.
 */
export async function recoverSegment(seg: Segment, interval: number, options: RecoverOptions = {}): Promise<SegmentRecovery> {
  const { flushedBelow = 0, last = true } = options
  seg.indexes.reset()
  const limit = fs.fstatSync(seg.fd).size
  const walk = { baseOffset: seg.baseOffset, limit, gapsBelow: seg.gapsBelow, checkCrc: true }
  const index = (batch: WalkedBatch): void => {
    seg.logFile.markVerified(batch.position)
    seg.indexes.trackBatch(batch.position, batch, interval)
  }
  const damaged: DamagedBatch[] = []
  let valid = 0
  let nextOffset = seg.baseOffset
  let from = { position: 0, expectedBase: seg.baseOffset }
  for (;;) {
    const r = await walkBatches(seg.fd, { ...walk, from }, index)
    valid = r.valid
    nextOffset = r.nextOffset
    const bad = r.end.kind === 'corrupt' ? r.end.crcOf : undefined
    if (bad === undefined || bad.baseOffset >= flushedBelow) break
    const position = r.end.position
    const after = await intactAfter(seg, walk, position + bad.size, bad, last)
    if (after === undefined) break
    // Counted in the sparse index like any batch (so the entries after it are the writer's), with
    // the offsets the next batch vouches for; no timestamp (its own lie inside the damage).
    seg.indexes.trackBatch(position, { size: bad.size, lastOffset: after - 1, maxTimestamp: -1 }, interval)
    damaged.push({ position, size: bad.size, baseOffset: bad.baseOffset, nextOffset: after })
    valid = position + bad.size
    nextOffset = after
    from = { position: valid, expectedBase: after }
  }
  const truncatedBytes = seg.recovered(valid, nextOffset)
  // Kafka's recover() ends with the segment's final time-index entry (max timestamp so far).
  seg.indexes.finish()
  return { validBytes: valid, truncatedBytes, damaged }
}

/**
 * Whether the bytes at `position`, right after a batch whose CRC failed, continue the segment: an
 * intact batch (header and CRC) starting after the damaged one's base offset, or the end of a
 * segment that is not the last.
 * @returns the offset the log continues at, or undefined when nothing intact follows
 */
async function intactAfter(
  seg: Segment,
  walk: { baseOffset: number; limit: number; gapsBelow: GapRule; checkCrc: boolean },
  position: number,
  bad: CrcFailure,
  last: boolean,
): Promise<number | undefined> {
  if (position === walk.limit) return last ? undefined : bad.lastOffset + 1
  let next: number | undefined
  // The damaged header's last offset lies inside the bad CRC: the next batch's base is not checked
  // against it, only against its own base offset (never earlier) and its own CRC.
  await walkBatches(seg.fd, { ...walk, from: { position, expectedBase: -1 } }, (batch) => {
    next = batch.baseOffset
    return false
  })
  return next !== undefined && next > bad.baseOffset ? next : undefined
}

/** Lists the damaged batches `recovery` of `seg` kept in `report.repairs` (kind `'damaged-batch'`). */
export function reportDamage(seg: Segment, recovery: SegmentRecovery, report: RecoveryReport): void {
  for (const d of recovery.damaged) {
    report.repairs.push({
      kind: 'damaged-batch',
      file: seg.logPath,
      position: d.position,
      offsets: { from: d.baseOffset, to: d.nextOffset },
      reason:
        `the batch at position ${d.position} (offsets [${d.baseOffset}, ${d.nextOffset})) fails its CRC below the recovery point; ` +
        `kept with the intact records after it: reads of it reject with KLOG_CORRUPT_SEGMENT`,
    })
  }
}

/** Removes leftovers of interrupted deletions and atomic writes, and orphaned index files. */
export function cleanDirectory(dir: string): void {
  const names = fs.readdirSync(dir)
  const logs = new Set(names.filter((n) => n.endsWith('.log')).map((n) => n.slice(0, -4)))
  for (const name of names) {
    const orphanIndex = (name.endsWith('.index') || name.endsWith('.timeindex')) && !logs.has(name.slice(0, name.indexOf('.')))
    if (name.endsWith('.deleted') || name.endsWith('.tmp') || orphanIndex) {
      fs.rmSync(path.join(dir, name), { force: true })
    }
  }
}

/**
 * Sanity-checks the indexes of segments loaded without a scan (all of them after a clean shutdown,
 * those below the recovery point otherwise) and rebuilds any that fail from its `.log` (the active
 * one by recovering it); each rebuild is counted in `indexesRebuilt` and listed in `repairs`.
 * @param segments - the trusted segments, in order
 * @param end - the offset after the last of them (the next segment's base, or the log end)
 * @param lastIsActive - the last segment is the active one (a clean shutdown's load)
 */
export async function verifyLoadedIndexes(
  segments: readonly Segment[],
  end: number,
  interval: number,
  report: RecoveryReport,
  lastIsActive: boolean,
): Promise<void> {
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!
    const next = i + 1 < segments.length ? segments[i + 1]!.baseOffset : end
    const problem = seg.indexProblem(next - 1)
    if (problem === undefined) continue
    report.indexesRebuilt++
    if (lastIsActive && i === segments.length - 1) {
      // The active segment is recovered, as Kafka recovers any segment that fails the check: new
      // records are appended to it, so they must not land after damage that a later recovery
      // (which walks it from its start) would cut at, taking them with it. All of it was flushed
      // (`end` is the clean shutdown's log end): a batch failing only its CRC with intact ones
      // after it is kept and reported; other damage cuts it there.
      const r = await recoverSegment(seg, interval, { flushedBelow: end })
      report.bytesTruncated += r.truncatedBytes
      report.repairs.push({
        kind: 'index-rebuilt',
        file: seg.indexPath,
        reason: r.truncatedBytes > 0 ? `${problem}; the .log was cut at its first invalid batch (position ${r.validBytes})` : problem,
      })
      reportDamage(seg, r, report)
      continue
    }
    const damagedAt = await seg.rebuildSealedIndexes(interval)
    report.repairs.push({
      kind: 'index-rebuilt',
      file: seg.indexPath,
      reason: damagedAt === undefined ? problem : `${problem}; the .log is damaged at position ${damagedAt} (reads report it)`,
    })
  }
}

/** Suffix given to segment files set aside as not belonging to the log. */
export const STRAY_SUFFIX = '.stray'

/**
 * Refuses to adopt a directory that holds files but none of a log's (no segment, no checkpoint, no
 * marker, no state file, no lock): a read-write open would otherwise write segments among someone
 * else's files.
 * @throws LogError `KLOG_NOT_A_LOG`
 */
export function checkIsLogDirectory(dir: string): void {
  // The lock is ours (taken just before loading): it says nothing about the directory.
  const names = fs.readdirSync(dir).filter((n) => !n.startsWith('.lock'))
  if (names.length === 0) return
  const ours = names.some(
    (n) => parseLogFileName(n) !== undefined || /^\d{20}\./.test(n) || n.endsWith('-checkpoint') || n.startsWith('.kafka'),
  )
  if (!ours) {
    throw new LogError('KLOG_NOT_A_LOG', `${dir} holds ${names.length} files and none of a log; not adopting it`, { file: dir })
  }
}

/** Moves segment `base`'s files aside to `<name>.stray` and reports it. */
export function setAside(dir: string, base: number, reason: string, report: RecoveryReport): void {
  for (const name of [logFileName(base), indexFileName(base), timeIndexFileName(base)]) {
    try {
      fs.renameSync(path.join(dir, name), path.join(dir, name + STRAY_SUFFIX))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
  }
  report.repairs.push({ kind: 'stray-file', file: path.join(dir, logFileName(base)), reason })
}

/**
 * Before loading: sets aside segment files that cannot be part of the log, judged from names and
 * sizes alone: an empty segment that is not the last (a segment is rolled only once it holds a
 * batch), and, after a clean shutdown, any segment above the one the shutdown recorded as active.
 * @returns the base offsets that remain, ascending
 */
export function setAsideStrays(dir: string, bases: readonly number[], clean: CleanShutdown | undefined, report: RecoveryReport): number[] {
  const kept: number[] = []
  for (let i = 0; i < bases.length; i++) {
    const base = bases[i]!
    if (clean !== undefined && base > clean.activeBaseOffset && bases.includes(clean.activeBaseOffset)) {
      setAside(dir, base, `created after the clean shutdown whose active segment was ${clean.activeBaseOffset}`, report)
    } else if (i < bases.length - 1 && fs.statSync(path.join(dir, logFileName(base))).size === 0) {
      setAside(dir, base, 'an empty segment that is not the last', report)
    } else {
      kept.push(base)
    }
  }
  return kept
}
