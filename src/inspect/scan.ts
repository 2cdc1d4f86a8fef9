/**
 * Read-only walks over a log directory's files for the inspection tools (dump, verify, stats).
 *
 * `scanLogFile` walks a `.log` file with THE batch walk (`segment/batch-walk.ts`: bounded chunked
 * reads, the header walk's checks, every CRC) and reports how it ended: end (the file ends on a batch
 * boundary), incomplete (the file ends inside a batch) or corrupt (bounds, magic, offsets or CRC fail
 * at a position): the same outcomes recovery acts on, but nothing here ever changes a file. Offsets
 * may have gaps (a tool does not know which range was compacted) but must increase. Index files are
 * parsed whole.
 *
 * Safe to run against a directory another process is writing: a batch being appended shows up as a
 * torn tail (`incomplete`), which is what it is at that instant.
 */
import fs from 'node:fs'
import path from 'node:path'
import { LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX, parseLogFileName } from '../io/file-names.js'
import { readInt64 } from '../format/record-batch.js'
import { walkBatchesSync } from '../segment/batch-walk.js'

/** One valid batch of a `.log` file. */
export interface ScannedBatch {
  /** Byte position of the batch in the file. */
  position: number
  baseOffset: number
  lastOffset: number
  /** Total bytes on disk (12 + batchLength). */
  size: number
  recordsCount: number
  /** Base (first) timestamp of the batch (the delete horizon when attribute bit 0x40 is set). */
  firstTimestamp: number
  maxTimestamp: number
  /** The attributes' codec bits: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. */
  compression: number
  /** Stored CRC-32C (unsigned). */
  crc: number
  /** The header's other fields, as Kafka's `kafka-dump-log` prints them. */
  magic: number
  /** All attribute bits (codec, timestamp type 0x08, transactional 0x10, control 0x20, delete horizon 0x40). */
  attributes: number
  partitionLeaderEpoch: number
  producerId: number
  producerEpoch: number
  baseSequence: number
  /** The whole batch's bytes (for decoding its records), with `withBytes`; valid during the callback only. */
  bytes: Buffer | undefined
}

/** Where a scan of a `.log` file stopped. */
export type ScanEnd =
  | { kind: 'end'; position: number }
  | { kind: 'incomplete'; position: number; fileSize: number }
  | { kind: 'corrupt'; position: number; reason: string }

/**
 * Walks the batches of the `.log` file at `file`, calling `onBatch` for each valid one, and returns
 * where and why the walk ended.
 * @param withBytes - hand `onBatch` each whole batch (for decoding records)
 */
export function scanLogFile(file: string, onBatch: (batch: ScannedBatch) => void, withBytes = false): ScanEnd {
  const fd = fs.openSync(file, 'r')
  try {
    const fileSize = fs.fstatSync(fd).size
    const base = parseLogFileName(path.basename(file)) ?? 0
    const { end } = walkBatchesSync(
      fd,
      { baseOffset: base, limit: fileSize, firstOffset: -1, gapsBelow: Number.MAX_SAFE_INTEGER, checkCrc: true, withBytes },
      (b) => {
        onBatch({
          position: b.position,
          baseOffset: b.baseOffset,
          lastOffset: b.lastOffset,
          size: b.size,
          recordsCount: b.recordsCount,
          firstTimestamp: readInt64(b.header, 27),
          maxTimestamp: b.maxTimestamp,
          compression: b.header.readInt16BE(21) & 0x7,
          crc: b.header.readUInt32BE(17),
          magic: b.header[16]!,
          attributes: b.header.readInt16BE(21),
          partitionLeaderEpoch: b.header.readInt32BE(12),
          producerId: readInt64(b.header, 43),
          producerEpoch: b.header.readInt16BE(51),
          baseSequence: b.header.readInt32BE(53),
          bytes: b.bytes,
        })
      },
    )
    if (end.kind === 'corrupt') {
      return end.torn
        ? { kind: 'incomplete', position: end.position, fileSize }
        : { kind: 'corrupt', position: end.position, reason: end.reason }
    }
    return { kind: 'end', position: end.position }
  } finally {
    fs.closeSync(fd)
  }
}

/** An `.index` entry: the batch holding `offset` (its last offset) starts at `position`. */
export interface OffsetIndexEntry {
  offset: number
  position: number
}

/** A `.timeindex` entry: `timestamp` (max so far) was reached at `offset`. */
export interface TimeIndexEntry {
  timestamp: number
  offset: number
}

/** Parses an `.index` file of segment `baseOffset` (entries are 8 bytes; a partial tail is ignored). */
export function readOffsetIndexFile(file: string, baseOffset: number): OffsetIndexEntry[] {
  const buf = fs.readFileSync(file)
  const out: OffsetIndexEntry[] = []
  for (let at = 0; at + 8 <= buf.length; at += 8) {
    out.push({ offset: baseOffset + buf.readInt32BE(at), position: buf.readInt32BE(at + 4) })
  }
  return out
}

/** Parses a `.timeindex` file of segment `baseOffset` (entries are 12 bytes). */
export function readTimeIndexFile(file: string, baseOffset: number): TimeIndexEntry[] {
  const buf = fs.readFileSync(file)
  const out: TimeIndexEntry[] = []
  for (let at = 0; at + 12 <= buf.length; at += 12) {
    out.push({ timestamp: readInt64(buf, at), offset: baseOffset + buf.readInt32BE(at + 8) })
  }
  return out
}

/** The files of one segment. */
export interface SegmentFiles {
  baseOffset: number
  log: string
  index: string | undefined
  timeIndex: string | undefined
}

/**
 * The segments of the log directory `dir`, by base offset.
 * @throws the `fs` error when `dir` cannot be listed
 */
export function listSegments(dir: string): SegmentFiles[] {
  const names = new Set(fs.readdirSync(dir))
  const out: SegmentFiles[] = []
  for (const name of names) {
    const base = parseLogFileName(name)
    if (base === undefined) continue
    const stem = name.slice(0, -LOG_SUFFIX.length)
    out.push({
      baseOffset: base,
      log: path.join(dir, name),
      index: names.has(stem + INDEX_SUFFIX) ? path.join(dir, stem + INDEX_SUFFIX) : undefined,
      timeIndex: names.has(stem + TIME_INDEX_SUFFIX) ? path.join(dir, stem + TIME_INDEX_SUFFIX) : undefined,
    })
  }
  return out.sort((a, b) => a.baseOffset - b.baseOffset)
}
