/**
 * Loading a log directory (Kafka's `LogLoader`): what the writer finds at open, before it publishes
 * anything. Refuses a directory that is not a log, removes leftovers, finishes or undoes an
 * interrupted compaction swap, sets stray files aside, trusts what the clean-shutdown marker or the
 * recovery point vouches for (after a sanity check of its indexes), recovers the rest segment by
 * segment (Kafka's `LogSegment.recover`), and reports every cut and repair in a `RecoveryReport`.
 *
 * Compaction's holes never make the load cut or delete anything by themselves: the walks accept
 * holes below the compaction checkpoints' hint, and above it wherever a segment's own batches vouch
 * for them against its known end (the next segment's base, the clean shutdown's log end, or for the
 * last segment of an unclean stop the end the previous writer published). The checkpoints are then
 * checked against the loaded log (`compaction-checkpoints.ts`).
 *
 * Writer only: runs under the directory lock, before the first publication.
 */
import fs from 'node:fs'
import path from 'node:path'
import {
  CLEANER_CHECKPOINT_FILE,
  COMPACTED_UNTIL_FILE,
  LOG_START_FILE,
  RECOVERY_POINT_FILE,
  consumeCleanShutdown,
  readOffsetCheckpoint,
  writeOffsetCheckpoint,
} from '../segment/checkpoint.js'
import { loadHint, readCompactionCheckpoints, settleCompactionCheckpoints } from './compaction-checkpoints.js'
import { lastPublished } from '../publish/publisher.js'
import { finishInterruptedSwaps } from '../cleaner/swap.js'
import { indexFileName, logFileName, timeIndexFileName } from '../io/file-names.js'
import { fsyncDirSync } from '../io/files.js'
import type { ResolvedLogOptions } from '../base/options.js'
import {
  checkIsLogDirectory,
  cleanDirectory,
  recoverSegment,
  reportDamage,
  setAside,
  setAsideStrays,
  verifyLoadedIndexes,
} from './recovery.js'
import type { RecoveryReport } from '../base/reports.js'
import { Segment } from '../segment/segment.js'
import { STATE_FILE } from '../publish/state-file.js'
import { listSegmentBases } from '../segment/segment-directory.js'

/** What {@link loadLog} found and left on disk. */
export interface LoadedLog {
  /** The log's segments, oldest first; the last is the active one (writable indexes). */
  segments: Segment[]
  logStartOffset: number
  /** Offsets below it are known to be flushed (at most the log end). */
  recoveryPoint: number
  report: RecoveryReport
  /** Holes below it are accepted without a walk (the hint set on every segment). */
  compactedUntil: number
  /** Kafka's cleaner checkpoint, checked against the loaded log (see `compaction-checkpoints.ts`). */
  cleanerCheckpoint: number
}

/** Loads `dir` (see the module doc). */
export async function loadLog(dir: string, options: ResolvedLogOptions): Promise<LoadedLog> {
  checkIsLogDirectory(dir)
  cleanDirectory(dir)
  // An interrupted compaction swap is finished (committed) or undone before anything is listed.
  finishInterruptedSwaps(dir)
  // A directory no writer of ours has published in (no state file) was written by another program,
  // e.g. a Kafka broker, and may have been compacted there: gaps are allowed anywhere in what it
  // holds now (offsets must still increase), and that range is recorded once loaded.
  const foreign = !fs.existsSync(path.join(dir, STATE_FILE)) && listSegmentBases(dir).length > 0
  const checkpoints = readCompactionCheckpoints(dir)
  const compactedUntil = foreign ? Number.MAX_SAFE_INTEGER : loadHint(checkpoints)
  const openSegment = (base: number, loadIndexes: boolean): Segment => {
    const seg = Segment.openForWrite(dir, base, loadIndexes)
    seg.allowGapsBelow(compactedUntil)
    return seg
  }
  const clean = consumeCleanShutdown(dir)
  const checkpointedStart = readOffsetCheckpoint(dir, LOG_START_FILE)
  let logStart = checkpointedStart ?? 0
  let recoveryPoint = readOffsetCheckpoint(dir, RECOVERY_POINT_FILE) ?? 0
  const report: RecoveryReport = {
    clean: false,
    created: false,
    segmentsScanned: 0,
    bytesTruncated: 0,
    indexesRebuilt: 0,
    segmentsDeleted: 0,
    recoveryPoint,
    repairs: [],
  }
  const bases = setAsideStrays(dir, listSegmentBases(dir), clean, report)
  const segments: Segment[] = []
  const lastBase = bases[bases.length - 1]
  // A segment without both index files cannot be trusted as loaded: recover from it on (Kafka
  // recovers such a segment at load too).
  const unindexed = bases.find(
    (b) => !fs.existsSync(path.join(dir, indexFileName(b))) || !fs.existsSync(path.join(dir, timeIndexFileName(b))),
  )
  if (unindexed !== undefined) recoveryPoint = Math.min(recoveryPoint, unindexed)
  const cleanFits =
    clean !== undefined &&
    unindexed === undefined &&
    lastBase !== undefined &&
    clean.activeBaseOffset === lastBase &&
    fs.statSync(path.join(dir, logFileName(lastBase))).size === clean.activeSize
  if (lastBase === undefined) {
    // Nothing of a log here yet (no segment, no checkpoint, no published state): the open creates
    // it, which is not an unclean stop. A directory that did hold a log (a checkpoint or state
    // file says so) and lost every segment stays unclean.
    report.created =
      clean === undefined &&
      checkpointedStart === undefined &&
      !fs.existsSync(path.join(dir, RECOVERY_POINT_FILE)) &&
      !fs.existsSync(path.join(dir, STATE_FILE))
    report.clean = clean !== undefined || report.created
  } else if (cleanFits) {
    report.clean = true
    for (let i = 0; i < bases.length; i++) {
      const seg = openSegment(bases[i]!, true)
      segments.push(seg)
      if (i < bases.length - 1) {
        seg.loadedSealed()
        seg.adoptEnd(bases[i + 1]!)
      }
    }
    const active = segments[segments.length - 1]!
    active.adoptEnd(clean.logEndOffset)
    active.indexes.firstBatchTimestamp = clean.activeFirstBatchTimestamp
    await verifyLoadedIndexes(segments, clean.logEndOffset, options.indexIntervalBytes, report, true)
    active.indexes.ensureWritable()
    // Below the clean shutdown's log end, unless recovering the active segment cut it.
    recoveryPoint = Math.min(clean.logEndOffset, active.nextOffset)
  } else {
    const published = lastPublished(dir)
    let start = 0
    for (let i = 0; i < bases.length; i++) if (bases[i]! <= recoveryPoint) start = i
    for (let i = 0; i < start; i++) {
      const seg = openSegment(bases[i]!, true)
      seg.loadedSealed()
      seg.adoptEnd(bases[i + 1]!)
      segments.push(seg)
    }
    await verifyLoadedIndexes(segments, bases[start]!, options.indexIntervalBytes, report, false)
    for (let i = start; i < bases.length; i++) {
      const prev = segments[segments.length - 1]
      if (i > start && prev !== undefined && prev.nextOffset !== bases[i]) {
        // Not a continuation of the log (a stray or foreign file): set it and what follows aside.
        for (const later of bases.slice(i)) setAside(dir, later, `does not continue the log ending at offset ${prev.nextOffset}`, report)
        break
      }
      const seg = openSegment(bases[i]!, false)
      segments.push(seg)
      // Where the segment must end, for vouching for its holes: the next segment's base; for the
      // last, the end the previous writer published in it (a batch boundary it had committed).
      if (i < bases.length - 1) seg.adoptEnd(bases[i + 1]!)
      else if (published !== undefined && published.hwSegmentBase === seg.baseOffset && published.hwPosition <= seg.size) {
        seg.declareEnd(published.hwPosition, published.highWatermark)
      }
      // Recovery may cut or rebuild it in place: a backup's hard links keep their bytes.
      seg.breakLinks()
      const r = await recoverSegment(seg, options.indexIntervalBytes, { flushedBelow: recoveryPoint, last: i === bases.length - 1 })
      reportDamage(seg, r, report)
      report.segmentsScanned++
      report.indexesRebuilt++
      report.bytesTruncated += r.truncatedBytes
      if (r.truncatedBytes > 0 && i < bases.length - 1) {
        // Nothing after a corruption point can be trusted (Kafka deletes the later segments).
        for (const later of bases.slice(i + 1)) {
          openSegment(later, false).delete()
          report.segmentsDeleted++
        }
        break
      }
    }
    for (let i = start; i < segments.length - 1; i++) await segments[i]!.seal()
    segments[segments.length - 1]!.indexes.ensureWritable()
  }
  if (segments.length > 0) {
    const leo = segments[segments.length - 1]!.nextOffset
    if (leo < logStart) {
      // Retention checkpoints the log start before it deletes, and never deletes the active
      // segment, so a log start beyond the log end is a damaged or foreign checkpoint: the records
      // on disk stay, hidden below the log end (deleteRecordsBefore followed by a crash that lost the
      // tail lands here too: records deleted by the user must not come back).
      report.repairs.push({
        kind: 'log-start-reset',
        file: path.join(dir, LOG_START_FILE),
        reason: `log start ${logStart} is beyond the log end ${leo}`,
      })
      logStart = leo
      // Checkpointed at once: the repair is made (and reported) once, and records appended from
      // here on are not hidden by the old start at the next open (a model test found both).
      writeOffsetCheckpoint(dir, LOG_START_FILE, logStart)
    }
    // Offsets below the recovery point were flushed, and a clean shutdown recorded its log end:
    // a log that now ends below either lost files (a deleted, emptied or cut active segment, or
    // damage at its end that recovery cut), which is reported.
    const flushedEnd = Math.max(report.recoveryPoint, clean?.logEndOffset ?? 0)
    if (leo < flushedEnd) {
      report.repairs.push({
        kind: 'tail-missing',
        file: path.join(dir, logFileName(segments[segments.length - 1]!.baseOffset)),
        offsets: { from: leo, to: flushedEnd },
        reason: `offsets [${leo}, ${flushedEnd}) were flushed but are not on disk`,
      })
    }
    // Reported once: the checkpoint comes down to what is on disk (records appended from here on
    // are not flushed yet, and a later open must not report this loss again).
    if (report.recoveryPoint > leo) writeOffsetCheckpoint(dir, RECOVERY_POINT_FILE, leo)
    if (leo >= logStart && checkpointedStart !== undefined && segments[0]!.baseOffset > checkpointedStart) {
      report.repairs.push({
        kind: 'head-missing',
        file: path.join(dir, logFileName(segments[0]!.baseOffset)),
        offsets: { from: checkpointedStart, to: segments[0]!.baseOffset },
        reason: `offsets [${checkpointedStart}, ${segments[0]!.baseOffset}) are not on disk`,
      })
    }
    if (report.repairs.some((r) => r.kind === 'damaged-batch' && r.file === segments[segments.length - 1]!.logPath)) {
      // New records never follow known damage in the same segment: a reader positioned at or after
      // the new segment's base reads them without passing the damaged batch (see docs/guarantees.md).
      const damaged = segments[segments.length - 1]!
      await damaged.seal()
      segments.push(Segment.create(dir, damaged.nextOffset))
    }
  }
  if (segments.length === 0) segments.push(Segment.create(dir, logStart))
  logStart = Math.max(logStart, segments[0]!.baseOffset)
  // A log start is checkpointed from the log's first open on (a new log: 0), so that a first
  // segment deleted before retention ever ran is reported (`head-missing`), not taken for the start.
  if (checkpointedStart === undefined) writeOffsetCheckpoint(dir, LOG_START_FILE, logStart)
  let settled: { compactedUntil: number; cleanerCheckpoint: number }
  if (foreign) {
    // What another program wrote may have been compacted: its range keeps allowing holes.
    const gapsBelow = segments[segments.length - 1]!.nextOffset
    writeOffsetCheckpoint(dir, COMPACTED_UNTIL_FILE, gapsBelow)
    for (const seg of segments) seg.allowGapsBelow(gapsBelow)
    settled = { compactedUntil: gapsBelow, cleanerCheckpoint: Math.min(readOffsetCheckpoint(dir, CLEANER_CHECKPOINT_FILE) ?? 0, gapsBelow) }
  } else {
    settled = settleCompactionCheckpoints(dir, checkpoints, segments, report)
  }
  fsyncDirSync(dir)
  return { segments, logStartOffset: logStart, recoveryPoint, report, ...settled }
}
