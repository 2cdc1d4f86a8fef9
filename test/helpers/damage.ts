/**
 * Helpers for damage tests: a log whose every record names its own offset (so a wrong record is
 * detectable), byte surgery on its files, and the one check every damaged log must pass: no wrong
 * record, nothing skipped without `KLOG_CORRUPT_SEGMENT` (with file and position) or a repair that
 * `log.recovery` reports.
 */
import fs from 'node:fs'
import { expect } from 'vitest'
import { Log, LogError, type LogOptions, type LogRecord } from '../../src/index.js'
import { listLogBases, walkBatches, type WalkedBatch } from './segment-files.js'
import { segmentPath } from './logs.js'

/** Options of the small-segment logs the damage tests build. */
export const DAMAGE_OPTIONS: LogOptions = { fsync: 'never', segmentBytes: 1024, indexIntervalBytes: 128 }

/** Appends `appends` batches of 1-3 records whose key and value name their offset; closes cleanly. */
export async function buildLog(dir: string, appends: number, rand: () => number, options: LogOptions = DAMAGE_OPTIONS): Promise<number> {
  const log = await Log.open(dir, options)
  const writer = await log.writer()
  let next = 0
  for (let i = 0; i < appends; i++) {
    const n = 1 + Math.floor(rand() * 3)
    const records = []
    for (let j = 0; j < n; j++) records.push({ key: `k${next + j}`, value: `v${next + j}`, timestamp: 1_000_000 + next + j })
    await writer.append(records)
    next += n
  }
  await log.close()
  return next
}

/** The batches of segment `base` (header facts from an independent walk). */
export function batchesOf(dir: string, base: number): WalkedBatch[] {
  return walkBatches(fs.readFileSync(segmentPath(dir, base, 'log'))).batches
}

/** Segment bases of `dir` (ascending). */
export function basesOf(dir: string): number[] {
  return listLogBases(dir)
}

/** Overwrites bytes of `file` at `position`. */
export function patch(file: string, position: number, bytes: Buffer | number[]): void {
  const fd = fs.openSync(file, 'r+')
  try {
    const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes)
    fs.writeSync(fd, b, 0, b.length, position)
  } finally {
    fs.closeSync(fd)
  }
}

/** XORs one byte of `file` at `position` with `mask` (non-zero). */
export function flip(file: string, position: number, mask: number): void {
  const buf = fs.readFileSync(file)
  buf[position]! ^= mask
  fs.writeFileSync(file, buf)
}

/** A record is right when its key and value name its offset. */
export function isRight(r: LogRecord): boolean {
  return r.key?.toString() === `k${r.offset}` && r.value?.toString() === `v${r.offset}`
}

function expectCorrupt(err: unknown, where: string): void {
  if (!(err instanceof LogError)) throw err
  expect(err.code, where).toBe('KLOG_CORRUPT_SEGMENT')
  expect(typeof err.file, `${where}: the error names the file`).toBe('string')
  expect(typeof err.position, `${where}: the error names the position`).toBe('number')
}

/** What {@link checkLog} saw. */
export interface CheckResult {
  opened: boolean
  /** Log start and high watermark after the open. */
  start: number
  hw: number
  delivered: number
  corrupt: boolean
}

/**
 * Opens `dir` (read-write, or read-only with `readOnly`) and checks every way of reading: the
 * iterator from the log start and `get` of every offset below the high watermark. Every record must
 * be right and offsets contiguous; reading may stop early only with `KLOG_CORRUPT_SEGMENT` carrying
 * file and position; a high watermark below `written`, or a log start above 0, must be reported by
 * `log.recovery` (read-write opens). `written` and `expectedStart` describe the log as the previous
 * open left it.
 */
export async function checkLog(dir: string, written: number, where: string, readOnly = false, expectedStart = 0): Promise<CheckResult> {
  let log: Log
  try {
    log = await Log.open(dir, { ...DAMAGE_OPTIONS, readOnly })
  } catch (err) {
    expectCorrupt(err, `${where}: open`)
    return { opened: false, start: 0, hw: 0, delivered: 0, corrupt: true }
  }
  try {
    const start = log.logStartOffset
    const hw = log.highWatermark
    expect(hw, `${where}: nothing appears that was not written`).toBeLessThanOrEqual(written)
    const rec = log.recovery
    if (!readOnly && rec !== undefined) {
      const repaired = rec.bytesTruncated > 0 || rec.segmentsDeleted > 0 || rec.repairs.length > 0
      if (hw < written || start > expectedStart) expect(repaired, `${where}: a shorter log is reported (${JSON.stringify(rec)})`).toBe(true)
    }
    let corrupt = false
    let next = start
    try {
      for await (const r of log.reader({ from: 'earliest' })) {
        expect(r.offset, `${where}: offsets are contiguous`).toBe(next)
        expect(isRight(r), `${where}: record ${r.offset} is the one written there`).toBe(true)
        next++
      }
    } catch (err) {
      expectCorrupt(err, `${where}: read at ${next}`)
      corrupt = true
    }
    if (!corrupt) expect(next, `${where}: the reader reached the high watermark`).toBe(hw)
    for (let o = start; o < hw; o++) {
      try {
        const r = await log.get(o)
        expect(r, `${where}: get(${o}) is not silently missing`).toBeDefined()
        expect(r!.offset, `${where}: get(${o})`).toBe(o)
        expect(isRight(r!), `${where}: get(${o}) is the record written there`).toBe(true)
      } catch (err) {
        expectCorrupt(err, `${where}: get(${o})`)
        corrupt = true
      }
    }
    return { opened: true, start, hw, delivered: next - start, corrupt }
  } finally {
    await log.close().catch(() => undefined)
  }
}
