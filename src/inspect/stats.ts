/**
 * `stats`: a log directory's shape from its files: segments, bytes, offsets, timestamps, index sizes
 * and the checkpoints. Read-only; reads batch headers only.
 */
import fs from 'node:fs'
import path from 'node:path'
import { CLEAN_SHUTDOWN_FILE, LOG_START_FILE, RECOVERY_POINT_FILE, readOffsetCheckpoint } from '../checkpoint.js'
import { listSegments, scanLogFile } from './scan.js'

/** One segment in {@link DirectoryStats}. */
export interface SegmentStats {
  baseOffset: number
  /** Bytes of the `.log` file. */
  bytes: number
  batches: number
  records: number
  /** Offset after the segment's last valid batch (its base offset when empty). */
  nextOffset: number
  /** Largest batch timestamp, `undefined` when empty. */
  maxTimestamp: number | undefined
  indexBytes: number
  timeIndexBytes: number
  /** Bytes after the last valid batch (a torn or corrupt tail); 0 when clean. */
  invalidBytes: number
}

/** The result of {@link directoryStats}. */
export interface DirectoryStats {
  dir: string
  segments: SegmentStats[]
  totalBytes: number
  totalRecords: number
  /** From the checkpoint, else the first segment's base offset. */
  logStartOffset: number
  /** The offset after the last valid batch. */
  logEndOffset: number
  recoveryPoint: number | undefined
  /** True when the last writer shut down cleanly (the marker is present). */
  cleanShutdown: boolean
}

function size(file: string | undefined): number {
  return file === undefined ? 0 : fs.statSync(file).size
}

/** Collects the stats of the log directory `dir`; `onProgress(bytesDone, bytesTotal)` per segment. */
export function directoryStats(dir: string, onProgress?: (done: number, total: number) => void): DirectoryStats {
  const files = listSegments(dir)
  const total = files.reduce((n, s) => n + size(s.log), 0)
  let done = 0
  const segments = files.map((f): SegmentStats => {
    const s: SegmentStats = {
      baseOffset: f.baseOffset, bytes: size(f.log), batches: 0, records: 0, nextOffset: f.baseOffset,
      maxTimestamp: undefined, indexBytes: size(f.index), timeIndexBytes: size(f.timeIndex), invalidBytes: 0,
    }
    const end = scanLogFile(f.log, (b) => {
      s.batches++
      s.records += b.recordsCount
      s.nextOffset = b.lastOffset + 1
      s.maxTimestamp = Math.max(s.maxTimestamp ?? -Infinity, b.maxTimestamp)
    })
    s.invalidBytes = s.bytes - end.position
    done += s.bytes
    onProgress?.(done, total)
    return s
  })
  return {
    dir,
    segments,
    totalBytes: segments.reduce((n, s) => n + s.bytes + s.indexBytes + s.timeIndexBytes, 0),
    totalRecords: segments.reduce((n, s) => n + s.records, 0),
    logStartOffset: readOffsetCheckpoint(dir, LOG_START_FILE) ?? segments[0]?.baseOffset ?? 0,
    logEndOffset: segments.at(-1)?.nextOffset ?? 0,
    recoveryPoint: readOffsetCheckpoint(dir, RECOVERY_POINT_FILE),
    cleanShutdown: fs.existsSync(path.join(dir, CLEAN_SHUTDOWN_FILE)),
  }
}
