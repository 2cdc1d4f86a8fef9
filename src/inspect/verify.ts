/**
 * `verify`: checks a log directory without changing it, and fails wherever a reader of the log
 * would fail. Every batch's bounds, magic and CRC-32C; every batch's records decoded with the
 * library's own decoder (`decodeBatch`: codecs, record framing, every record against its batch
 * header); offsets increasing within and across segments and inside each segment's range, with no
 * hole outside the range compaction may have left holes in, and each segment starting where the
 * one before it ends; every `.index` entry pointing at the start of the batch whose last offset it
 * names; every `.timeindex` entry naming a batch's last offset and the largest timestamp up to it, in
 * order. The report lists each problem with its file and position; `ok` is false when any is an
 * error.
 *
 * Offsets in the report are Kafka's: `logStartOffset` and `logEndOffset` (exclusive), the same as
 * `stats`.
 *
 * Read-only: safe against a live log (a batch being appended shows up as a torn tail, reported as a
 * warning on the last segment, where recovery would cut it).
 */
import fs from 'node:fs'
import path from 'node:path'
import { LogError } from '../base/errors.js'
import { STATE_FILE } from '../publish/state-file.js'
import {
  CLEAN_SHUTDOWN_FILE,
  COMPACTED_UNTIL_FILE,
  LOG_START_FILE,
  RECOVERY_POINT_FILE,
  readOffsetCheckpoint,
} from '../segment/checkpoint.js'
import { type ScannedBatch, listSegments, readOffsetIndexFile, readTimeIndexFile, scanLogFile } from './scan.js'

/** What kind of problem {@link verify} found. */
export type ProblemKind =
  | 'corrupt-batch' // bounds, magic, CRC or framing fail: nothing after it in the segment is readable
  | 'corrupt-records' // the CRC holds but the records do not decode, or disagree with the batch header
  | 'torn-tail' // the file ends inside a batch
  | 'offset-order' // a batch does not start after the previous one's last offset (or segments overlap)
  | 'offset-gap' // offsets skip outside the compacted range: readers stop there
  | 'segment-gap' // offsets between two segments are in neither (a missing or cut segment)
  | 'segment-range' // a batch lies below its segment's base offset or beyond a relative offset
  | 'index-entry' // an .index entry that does not name a batch's last offset and position
  | 'time-index-entry' // a .timeindex entry out of order or not matching the batches
  | 'missing-index' // a segment without its .index or .timeindex (recovery rebuilds them)

/** One finding of {@link verify}. */
export interface Problem {
  kind: ProblemKind
  /** `'error'`: damage; `'warning'`: something recovery repairs or that may be legitimate. */
  severity: 'error' | 'warning'
  file: string
  position?: number
  offset?: number
  message: string
}

/** The result of {@link verify}. */
export interface VerifyReport {
  dir: string
  ok: boolean
  segments: number
  batches: number
  records: number
  bytes: number
  /** From the log-start checkpoint, else the first segment's base offset. */
  logStartOffset: number
  /** The offset after the last valid batch of the last segment (its base offset when it is empty). */
  logEndOffset: number
  problems: Problem[]
}

/** Options of {@link verify}. */
export interface VerifyOptions {
  /** The largest batch read whole to check its records (see `ScanOptions.maxBatchBytes`); a larger one is reported corrupt. */
  maxBatchBytes?: number
}

/**
 * Verifies the log directory `dir`; `onProgress(bytesDone, bytesTotal)` is called per segment.
 * @throws LogError `KLOG_NOT_A_LOG` when `dir` holds no segment file; the `fs` error when it cannot be read
 */
export function verify(dir: string, onProgress?: (done: number, total: number) => void, options: VerifyOptions = {}): VerifyReport {
  const segments = listSegments(dir)
  if (segments.length === 0) throw new LogError('KLOG_NOT_A_LOG', `${dir} holds no segment (.log) file: it is not a log`, { file: dir })
  const total = segments.reduce((n, s) => n + fs.statSync(s.log).size, 0)
  const report: VerifyReport = {
    dir,
    ok: true,
    segments: segments.length,
    batches: 0,
    records: 0,
    bytes: 0,
    logStartOffset: readOffsetCheckpoint(dir, LOG_START_FILE) ?? segments[0]!.baseOffset,
    logEndOffset: 0,
    problems: [],
  }
  const problem = (p: Problem): void => {
    report.problems.push(p)
    if (p.severity === 'error') report.ok = false
  }
  readOffsetCheckpoint(dir, RECOVERY_POINT_FILE) // parses (throws on a malformed checkpoint)
  // Where readers allow compaction's holes, as the log itself decides: below the writer's
  // compacted-until checkpoint, or anywhere in what another program (a Kafka broker) wrote.
  const gapsBelow = fs.existsSync(path.join(dir, STATE_FILE))
    ? (readOffsetCheckpoint(dir, COMPACTED_UNTIL_FILE) ?? 0)
    : Number.MAX_SAFE_INTEGER
  // The log end a clean shutdown recorded: what the last segment's holes are vouched against.
  const cleanEnd = cleanShutdownEnd(dir)
  let previousEnd: { offset: number; file: string } | undefined
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1
    const file = seg.log
    if (previousEnd !== undefined && previousEnd.offset !== seg.baseOffset) {
      // Readers step from a segment's end to the next segment's base offset and nowhere else:
      // compaction keeps each rewritten group's last batch, so a hole here is always a loss.
      const missing = previousEnd.offset < seg.baseOffset
      problem({
        kind: missing ? 'segment-gap' : 'offset-order',
        severity: 'error',
        file,
        offset: previousEnd.offset,
        message: missing
          ? `offsets ${previousEnd.offset}..${seg.baseOffset - 1} are in no segment (${path.basename(previousEnd.file)} ends before this one starts)`
          : `${path.basename(previousEnd.file)} ends at offset ${previousEnd.offset}, past this segment's base offset`,
      })
    }
    const batches: ScannedBatch[] = []
    // Holes above the compacted-until hint, reported unless the segment vouches for them as readers
    // do (segment/batch-walk.ts `holesVouched`): every batch valid and the segment ending exactly at
    // its known end (the next segment's base, or the log end a clean shutdown recorded).
    const holes: Problem[] = []
    let expected = seg.baseOffset
    let rejected = false
    const visit = (b: ScannedBatch): void => {
      if (b.baseOffset < seg.baseOffset || b.lastOffset - seg.baseOffset > 2 ** 31 - 1) {
        problem({
          kind: 'segment-range',
          severity: 'error',
          file,
          position: b.position,
          offset: b.baseOffset,
          message: `batch ${b.baseOffset}..${b.lastOffset} lies outside the segment based at ${seg.baseOffset}`,
        })
      } else if (b.baseOffset < expected) {
        problem({
          kind: 'offset-order',
          severity: 'error',
          file,
          position: b.position,
          offset: b.baseOffset,
          message: `batch starts at ${b.baseOffset}, at or below the previous batch's last offset ${expected - 1}`,
        })
      } else if (b.baseOffset > expected && expected >= gapsBelow) {
        holes.push({
          kind: 'offset-gap',
          severity: 'error',
          file,
          position: b.position,
          offset: expected,
          message: `offsets ${expected}..${b.baseOffset - 1} are missing outside the compacted range (below ${gapsBelow})`,
        })
      }
      expected = Math.max(expected, b.lastOffset + 1)
      report.batches++
      report.records += b.recordsCount
      report.bytes += b.size
      batches.push({ ...b, bytes: undefined })
    }
    const end = scanLogFile(file, visit, {
      records: true,
      ...(options.maxBatchBytes === undefined ? {} : { maxBatchBytes: options.maxBatchBytes }),
      // Decoded as every reader decodes it (validateBatch): a batch a reader cannot decode fails
      // verify; its header and CRC hold, so the scan goes on after it.
      onRejected: (b, reason) => {
        rejected = true
        problem({
          kind: 'corrupt-records',
          severity: 'error',
          file,
          position: b.position,
          offset: b.baseOffset,
          message: `batch ${b.baseOffset}..${b.lastOffset}: ${reason}`,
        })
        visit(b)
      },
    })
    const knownEnd = last ? cleanEnd : segments[i + 1]!.baseOffset
    if (rejected || !(end.kind === 'end' && expected === knownEnd)) for (const h of holes) problem(h)
    if (end.kind === 'corrupt') {
      problem({
        kind: 'corrupt-batch',
        severity: 'error',
        file,
        position: end.position,
        offset: expected,
        message: `invalid batch at position ${end.position}: ${end.reason}`,
      })
    } else if (end.kind === 'incomplete') {
      problem({
        kind: 'torn-tail',
        severity: last ? 'warning' : 'error',
        file,
        position: end.position,
        offset: expected,
        message: `the file ends inside a batch at position ${end.position} (${end.fileSize - end.position} bytes)`,
      })
    }
    checkIndexes(seg, batches, problem)
    previousEnd = { offset: expected, file }
    onProgress?.(report.bytes, total)
  })
  report.logEndOffset = previousEnd!.offset
  return report
}

/** Problems reported per index file: a damaged (or sparse, huge) index stops being read after this many. */
const MAX_INDEX_PROBLEMS = 100

/** Reports `p` unless `file` already has {@link MAX_INDEX_PROBLEMS}; false once it has (stop reading it). */
function indexProblem(count: Map<string, number>, problem: (p: Problem) => void, p: Problem): boolean {
  const n = (count.get(p.file) ?? 0) + 1
  count.set(p.file, n)
  if (n <= MAX_INDEX_PROBLEMS) {
    problem(p)
    return true
  }
  problem({ ...p, message: `more than ${MAX_INDEX_PROBLEMS} bad entries: the rest of the file is not checked` })
  return false
}

function checkIndexes(
  seg: { baseOffset: number; log: string; index: string | undefined; timeIndex: string | undefined },
  batches: readonly ScannedBatch[],
  problem: (p: Problem) => void,
): void {
  if (seg.index === undefined || seg.timeIndex === undefined) {
    problem({
      kind: 'missing-index',
      severity: 'warning',
      file: seg.log,
      message: `no ${seg.index === undefined ? '.index' : '.timeindex'} for this segment (recovery rebuilds it)`,
    })
  }
  const byPosition = new Map(batches.map((b) => [b.position, b]))
  const counts = new Map<string, number>()
  if (seg.index !== undefined) {
    let prev = { offset: -1, position: -1 }
    let i = -1
    for (const e of readOffsetIndexFile(seg.index, seg.baseOffset)) {
      i++
      const b = byPosition.get(e.position)
      if (b === undefined || b.lastOffset !== e.offset || e.offset <= prev.offset || e.position <= prev.position) {
        const more = indexProblem(counts, problem, {
          kind: 'index-entry',
          severity: 'error',
          file: seg.index,
          position: i * 8,
          offset: e.offset,
          message:
            `entry ${i} (offset ${e.offset}, position ${e.position}) ` +
            (b === undefined
              ? 'points at no batch start'
              : b.lastOffset !== e.offset
                ? `names offset ${e.offset} but the batch there ends at ${b.lastOffset}`
                : 'is out of order'),
        })
        if (!more) break
      }
      prev = e
    }
  }
  if (seg.timeIndex !== undefined) {
    // The largest timestamp up to and including each batch, by that batch's last offset.
    const maxSoFar = new Map<number, number>()
    let max = -Infinity
    for (const b of batches) {
      max = Math.max(max, b.maxTimestamp)
      maxSoFar.set(b.lastOffset, max)
    }
    let prev = { timestamp: -Infinity, offset: -1 }
    let i = -1
    for (const e of readTimeIndexFile(seg.timeIndex, seg.baseOffset)) {
      i++
      const expected = maxSoFar.get(e.offset)
      if (expected !== e.timestamp || e.timestamp < prev.timestamp || e.offset < prev.offset) {
        const more = indexProblem(counts, problem, {
          kind: 'time-index-entry',
          severity: 'error',
          file: seg.timeIndex,
          position: i * 12,
          offset: e.offset,
          message:
            `entry ${i} (timestamp ${e.timestamp}, offset ${e.offset}) ` +
            (expected === undefined
              ? "names no batch's last offset"
              : expected !== e.timestamp
                ? `should carry timestamp ${expected}`
                : 'is out of order'),
        })
        if (!more) break
      }
      prev = e
    }
  }
}

/** The log end the clean-shutdown marker records, or `undefined` (no marker, or an unreadable one). */
function cleanShutdownEnd(dir: string): number | undefined {
  try {
    const v = JSON.parse(fs.readFileSync(path.join(dir, CLEAN_SHUTDOWN_FILE), 'utf8')) as { logEndOffset?: unknown }
    return typeof v.logEndOffset === 'number' ? v.logEndOffset : undefined
  } catch {
    return undefined
  }
}
