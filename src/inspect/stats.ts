/**
 * `stats`: a log directory's shape from its files: segments, bytes, offsets, timestamps, index sizes,
 * the checkpoints, and every consumer's committed position and lag. Read-only; reads batch headers
 * and consumer position files only.
 */
import fs from 'node:fs'
import path from 'node:path'
import { CLEAN_SHUTDOWN_FILE, LOG_START_FILE, RECOVERY_POINT_FILE, readOffsetCheckpoint } from '../segment/checkpoint.js'
import { isConsumerName } from '../consumer/consumer.js'
import { readPositionsSync } from '../consumer/offset-store.js'
import { LogError, type LogErrorCode } from '../base/errors.js'
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

/** A consumer in {@link DirectoryStats} whose position file reads back. */
export interface CommittedConsumerStats {
  name: string
  /** The committed offset: the next offset the consumer will process. */
  offset: number
  /** When the position was committed (ms since the epoch, the committing machine's clock). */
  commitTimestamp: number
  /**
   * `logEndOffset − offset`, never below 0: offsets written to the log and not yet processed. That is
   * the number of records unless compaction left gaps in the range, or the offset is behind the log
   * start (then it counts the deleted offsets too).
   */
  lag: number
  /**
   * True when `offset < logStartOffset`: records this consumer has not processed were removed
   * (retention, `deleteRecordsBefore`); resuming applies the reader's `onOutOfRange`.
   */
  behindLogStart: boolean
}

/** A consumer in {@link DirectoryStats} whose position file cannot be used. */
export interface UnreadableConsumerStats {
  name: string
  /** The position file. */
  file: string
  /**
   * `KLOG_CORRUPT_CHECKPOINT` (the file fails validation: header, checksum, name or fields) or
   * `KLOG_IO` (it cannot be read), with the reason.
   */
  error: { code: LogErrorCode; message: string }
}

/** One consumer of the log in {@link DirectoryStats}; an unreadable one has an `error`. */
export type ConsumerStats = CommittedConsumerStats | UnreadableConsumerStats

/** The result of {@link directoryStats}. */
export interface DirectoryStats {
  dir: string
  segments: SegmentStats[]
  totalBytes: number
  totalRecords: number
  /** From the checkpoint, else the first segment's base offset. */
  logStartOffset: number
  /** The offset after the last valid batch of the last segment (exclusive, as Kafka's). */
  logEndOffset: number
  recoveryPoint: number | undefined
  /** True when the last writer shut down cleanly (the marker is present). */
  cleanShutdown: boolean
  /** Every consumer with a position file in `.consumers/`, sorted by name. */
  consumers: ConsumerStats[]
}

function size(file: string | undefined): number {
  return file === undefined ? 0 : fs.statSync(file).size
}

/**
 * Collects the stats of the log directory `dir`; `onProgress(bytesDone, bytesTotal)` per segment.
 * @throws LogError `KLOG_NOT_A_LOG` when `dir` holds no segment file; the `fs` error when it cannot be read
 */
export function directoryStats(dir: string, onProgress?: (done: number, total: number) => void): DirectoryStats {
  const files = listSegments(dir)
  if (files.length === 0) throw new LogError('KLOG_NOT_A_LOG', `${dir} holds no segment (.log) file: it is not a log`, { file: dir })
  const total = files.reduce((n, s) => n + size(s.log), 0)
  let done = 0
  const segments = files.map((f): SegmentStats => {
    const s: SegmentStats = {
      baseOffset: f.baseOffset,
      bytes: size(f.log),
      batches: 0,
      records: 0,
      nextOffset: f.baseOffset,
      maxTimestamp: undefined,
      indexBytes: size(f.index),
      timeIndexBytes: size(f.timeIndex),
      invalidBytes: 0,
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
  const logStartOffset = readOffsetCheckpoint(dir, LOG_START_FILE) ?? segments[0]?.baseOffset ?? 0
  const logEndOffset = segments.at(-1)?.nextOffset ?? 0
  return {
    dir,
    segments,
    totalBytes: segments.reduce((n, s) => n + s.bytes + s.indexBytes + s.timeIndexBytes, 0),
    totalRecords: segments.reduce((n, s) => n + s.records, 0),
    logStartOffset,
    logEndOffset,
    recoveryPoint: readOffsetCheckpoint(dir, RECOVERY_POINT_FILE),
    cleanShutdown: fs.existsSync(path.join(dir, CLEAN_SHUTDOWN_FILE)),
    consumers: consumerStats(dir, logStartOffset, logEndOffset),
  }
}

function consumerStats(dir: string, logStartOffset: number, logEndOffset: number): ConsumerStats[] {
  return readPositionsSync(dir, isConsumerName).map(({ name, file, position, error }): ConsumerStats => {
    if (error !== undefined) return { name, file, error: { code: error.code, message: error.message } }
    const { offset, commitTimestamp } = position
    return { name, offset, commitTimestamp, lag: Math.max(0, logEndOffset - offset), behindLogStart: offset < logStartOffset }
  })
}
