/**
 * `verify`: checks a log directory without changing it. Every batch's bounds, magic and CRC-32C,
 * and every record against its batch's header (count, offset deltas, timestamps, framing; compressed
 * batches decompressed); offsets increasing within and across segments and inside each segment's range; every `.index`
 * entry pointing at the start of the batch whose last offset it names; every `.timeindex` entry
 * naming a batch's last offset and the largest timestamp up to it, in order. The report lists each
 * problem with its file and position; `ok` is false when any is an error.
 *
 * Read-only: safe against a live log (a batch being appended shows up as a torn tail, reported as a
 * warning on the last segment, where recovery would cut it).
 */
import fs from 'node:fs'
import { LOG_START_FILE, RECOVERY_POINT_FILE, readOffsetCheckpoint } from '../segment/checkpoint.js'
import { type ScannedBatch, listSegments, readOffsetIndexFile, readTimeIndexFile, scanLogFile } from './scan.js'

/** What kind of problem {@link verify} found. */
export type ProblemKind =
  | 'corrupt-batch' // bounds, magic, CRC, framing or records fail: nothing after it in the segment is readable
  | 'torn-tail' // the file ends inside a batch
  | 'offset-order' // a batch does not start after the previous one's last offset
  | 'offset-gap' // offsets skip (a hole: corruption unless the range was compacted)
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
  /** First and next offset found in the files (`undefined` for an empty log). */
  firstOffset: number | undefined
  nextOffset: number | undefined
  problems: Problem[]
}

/** Options of {@link verify}. */
export interface VerifyOptions {
  /** The largest batch read whole to check its records (see `ScanOptions.maxBatchBytes`); a larger one is reported corrupt. */
  maxBatchBytes?: number
}

/** Verifies the log directory `dir`; `onProgress(bytesDone, bytesTotal)` is called per segment. */
export function verify(dir: string, onProgress?: (done: number, total: number) => void, options: VerifyOptions = {}): VerifyReport {
  const segments = listSegments(dir)
  const total = segments.reduce((n, s) => n + fs.statSync(s.log).size, 0)
  const report: VerifyReport = {
    dir,
    ok: true,
    segments: segments.length,
    batches: 0,
    records: 0,
    bytes: 0,
    firstOffset: undefined,
    nextOffset: undefined,
    problems: [],
  }
  const problem = (p: Problem): void => {
    report.problems.push(p)
    if (p.severity === 'error') report.ok = false
  }
  const logStart = readOffsetCheckpoint(dir, LOG_START_FILE) ?? 0
  readOffsetCheckpoint(dir, RECOVERY_POINT_FILE) // parses (throws on a malformed checkpoint)
  let next: number | undefined
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1
    const batches: ScannedBatch[] = []
    const end = scanLogFile(
      seg.log,
      (b) => {
        const file = seg.log
        if (b.baseOffset < seg.baseOffset || b.lastOffset - seg.baseOffset > 2 ** 31 - 1) {
          problem({
            kind: 'segment-range',
            severity: 'error',
            file,
            position: b.position,
            offset: b.baseOffset,
            message: `batch ${b.baseOffset}..${b.lastOffset} lies outside the segment based at ${seg.baseOffset}`,
          })
        }
        if (next !== undefined && b.baseOffset < next) {
          problem({
            kind: 'offset-order',
            severity: 'error',
            file,
            position: b.position,
            offset: b.baseOffset,
            message: `batch starts at ${b.baseOffset}, at or below the previous batch's last offset ${next - 1}`,
          })
        } else if (next !== undefined && b.baseOffset > next && next > logStart) {
          problem({
            kind: 'offset-gap',
            severity: 'warning',
            file,
            position: b.position,
            offset: next,
            message: `offsets ${next}..${b.baseOffset - 1} are missing`,
          })
        }
        report.firstOffset ??= b.baseOffset
        next = b.lastOffset + 1
        report.batches++
        report.records += b.recordsCount
        report.bytes += b.size
        batches.push({ ...b, bytes: undefined })
      },
      { records: true, ...(options.maxBatchBytes === undefined ? {} : { maxBatchBytes: options.maxBatchBytes }) },
    )
    if (end.kind === 'corrupt') {
      problem({
        kind: 'corrupt-batch',
        severity: 'error',
        file: seg.log,
        position: end.position,
        offset: next,
        message: `invalid batch at position ${end.position}: ${end.reason}`,
      })
    } else if (end.kind === 'incomplete') {
      problem({
        kind: 'torn-tail',
        severity: last ? 'warning' : 'error',
        file: seg.log,
        position: end.position,
        offset: next,
        message: `the file ends inside a batch at position ${end.position} (${end.fileSize - end.position} bytes)`,
      })
    }
    checkIndexes(seg, batches, problem)
    onProgress?.(report.bytes, total)
  })
  report.nextOffset = next
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
