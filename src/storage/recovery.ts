/**
 * Recovery: Kafka's `LogSegment.recover` for one segment, and the directory-level load that decides
 * which segments to recover (`LogLoader.load`).
 *
 * Recovery is not an error path. A torn or corrupt tail is cut off and *reported*; indexes are
 * rebuilt with the same sparse rule the writer uses; segments after a cut are deleted because nothing
 * after a corruption point can be trusted. Segments wholly below the recovery point are trusted and
 * not read at all; if one of them is damaged, reads that reach the damage reject with
 * `KLOG_CORRUPT_SEGMENT` (every batch's CRC is checked on read), so nothing corrupt is ever served.
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
import { walkBatches } from '../segment/batch-walk.js'

/** Outcome of scanning one segment. */
export interface SegmentRecovery {
  /** Bytes of valid batches from the start of the file. */
  validBytes: number
  /** Bytes removed from the end of the file. */
  truncatedBytes: number
}

/**
 * Kafka's `LogSegment.recover`: validates every batch from position 0 (the header walk's bounds,
 * magic and offset checks: the first batch starts at the segment's base offset and each later one
 * right after the one before; then the CRC), rebuilds both indexes with the writer's sparse rule,
 * and truncates the `.log` after the last valid batch.
 *
 * Unlike Kafka, batches wholly below `flushedBelow` (the recovery point) skip the CRC check here:
 * they were fsynced before the checkpoint was written, so a crash cannot have torn them, and a bad
 * CRC there is damage that reads report (`KLOG_CORRUPT_SEGMENT`), not a torn tail to cut. This
 * matters after a clean open, where the recovery point lies inside the active segment: cutting at
 * such damage would also cut every record appended after the open. A recovery point beyond what
 * the walk finds vouches for nothing: then every batch is checked.
 * @param firstOffset - the offset the first batch must start at (the segment's base offset)
 * @param flushedBelow - the recovery point (0: check every batch)
 */
export async function recoverSegment(
  seg: Segment,
  interval: number,
  firstOffset = seg.baseOffset,
  flushedBelow = 0,
): Promise<SegmentRecovery> {
  const first = await walkAndIndex(seg, interval, firstOffset, flushedBelow)
  const { valid, nextOffset } = flushedBelow > first.nextOffset ? await walkAndIndex(seg, interval, firstOffset, 0) : first
  const truncatedBytes = seg.recovered(valid, nextOffset)
  // Kafka's recover() ends with the segment's final time-index entry (max timestamp so far).
  seg.indexes.finish()
  return { validBytes: valid, truncatedBytes }
}

/** The walk of {@link recoverSegment}: indexes every valid batch; returns where the valid prefix ends. */
async function walkAndIndex(
  seg: Segment,
  interval: number,
  firstOffset: number,
  flushedBelow: number,
): Promise<{ valid: number; nextOffset: number }> {
  seg.indexes.reset()
  const fileSize = fs.fstatSync(seg.fd).size
  const { valid, nextOffset, batches } = await walkBatches(
    seg.fd,
    { baseOffset: seg.baseOffset, limit: fileSize, firstOffset, gapsBelow: seg.gapsBelow, checkCrc: (b) => b.lastOffset >= flushedBelow },
    (batch) => {
      if (batch.crcChecked) seg.logFile.markVerified(batch.position)
      seg.indexes.trackBatch(batch.position, batch, interval)
    },
  )
  return { valid, nextOffset: batches === 0 ? seg.baseOffset : nextOffset }
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
      // (`end` is the clean shutdown's log end): only a header the walk rejects cuts it.
      const r = await recoverSegment(seg, interval, seg.baseOffset, end)
      report.bytesTruncated += r.truncatedBytes
      report.repairs.push({
        kind: 'index-rebuilt',
        file: seg.indexPath,
        reason: r.truncatedBytes > 0 ? `${problem}; the .log was cut at its first invalid batch (position ${r.validBytes})` : problem,
      })
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
