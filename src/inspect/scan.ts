/**
 * Read-only walks over a log directory's files for the inspection tools (dump, verify, stats).
 *
 * `scanLogFile` walks a `.log` file with THE batch walk (`segment/batch-walk.ts`: bounded chunked
 * reads, the header walk's checks, every CRC; with `records`, every record checked against its
 * header by `validateBatch`) and reports how it ended: end (the file ends on a batch boundary),
 * incomplete (the file ends inside a batch) or corrupt (bounds, magic, offsets, CRC or records fail
 * at a position): the same outcomes recovery acts on, but nothing here ever changes a file. Offsets
 * may have gaps (a tool does not know which range was compacted) but must increase. Index files are
 * read a chunk at a time. Nothing here holds more than one batch (at most `maxBatchBytes`) or one
 * chunk of a file.
 *
 * Safe to run against a directory another process is writing: a batch being appended shows up as a
 * torn tail (`incomplete`), which is what it is at that instant.
 */
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX, parseLogFileName } from '../io/file-names.js'
import { BatchCheck, readInt64 } from '../format/record-batch.js'
import { validateBatch } from '../format/batch-records.js'
import { wholeBatchBound } from '../format/decode-limits.js'
import { DEFAULT_OPTIONS } from '../base/options.js'
import { type WalkEnd, type WalkOptions, type WalkedBatch, walkBatches, walkBatchesSync } from '../segment/batch-walk.js'

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
  | {
      kind: 'corrupt'
      position: number
      reason: string
      /** Set when the batch's header and CRC hold but its records fail (`records` scans): the batch's offsets. */
      records?: { baseOffset: number; lastOffset: number }
    }

/** Options of {@link scanLogFile}. */
export interface ScanOptions {
  /**
   * Read each batch whole, check every record against its header (`validateBatch`: the count, the
   * offset deltas, the timestamps, the framing, decompressing a compressed batch) and hand its bytes
   * to the callback. A batch that fails ends the scan as corrupt at its position.
   * @default false
   */
  records?: boolean
  /**
   * With `records`: the largest batch read whole. A header declaring more (a damaged length, a sparse
   * file) ends the scan as corrupt at its position without anything allocated for it. The default
   * fits every batch a log with the default `maxBatchBytes` holds, and every compressed batch a
   * reader lets through (`format/decode-limits.ts`).
   * @default wholeBatchBound(1048576): 64 MiB and a little
   */
  maxBatchBytes?: number
  /**
   * With `records`: a batch whose header and CRC hold but whose records fail is handed here with why,
   * and the scan goes on after it (the batch's bounds are sound), instead of ending as corrupt there.
   */
  onRejected?: (batch: ScannedBatch, reason: string) => void
}

/** The walk's options and the visitor's checks, shared by the synchronous and asynchronous scans. */
interface ScanPlan {
  walk: WalkOptions
  /**
   * Judges a walked batch: the batch to hand to `onBatch`, or `undefined` when the scan must stop
   * at it (`rejected` then says why) or go on without it (`options.onRejected` took it).
   */
  judge: (b: WalkedBatch) => ScannedBatch | 'stop' | undefined
  /** The batch the scan stopped at, when its records failed. */
  rejected: Rejected | undefined
}

function scanPlan(file: string, fileSize: number, options: ScanOptions): ScanPlan {
  const records = options.records === true
  const base = parseLogFileName(path.basename(file)) ?? 0
  const scanned = (b: WalkedBatch): ScannedBatch => ({
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
  const plan: ScanPlan = {
    rejected: undefined,
    walk: {
      baseOffset: base,
      limit: fileSize,
      firstOffset: -1,
      gapsBelow: Number.MAX_SAFE_INTEGER,
      checkCrc: true,
      withBytes: records,
      maxBatchBytes: options.maxBatchBytes ?? wholeBatchBound(DEFAULT_OPTIONS.maxBatchBytes),
    },
    judge: (b) => {
      const v = records ? validateBatch(b.bytes!, 0) : undefined
      if (v === undefined || v.check === BatchCheck.Valid) return scanned(b)
      if (options.onRejected !== undefined) {
        options.onRejected(scanned(b), v.reason)
        return undefined
      }
      plan.rejected = { reason: v.reason, baseOffset: b.baseOffset, lastOffset: b.lastOffset }
      return 'stop'
    },
  }
  return plan
}

/** A batch whose records failed the check: why, and its offsets. */
interface Rejected {
  reason: string
  baseOffset: number
  lastOffset: number
}

function scanEnd(end: WalkEnd, fileSize: number, rejected: Rejected | undefined): ScanEnd {
  if (end.kind === 'stopped') {
    const { reason, baseOffset, lastOffset } = rejected!
    return { kind: 'corrupt', position: end.position, reason, records: { baseOffset, lastOffset } }
  }
  if (end.kind === 'corrupt') {
    return end.torn
      ? { kind: 'incomplete', position: end.position, fileSize }
      : { kind: 'corrupt', position: end.position, reason: end.reason }
  }
  return { kind: 'end', position: end.position }
}

/**
 * Walks the batches of the `.log` file at `file`, calling `onBatch` for each valid one, and returns
 * where and why the walk ended.
 */
export function scanLogFile(file: string, onBatch: (batch: ScannedBatch) => void, options: ScanOptions = {}): ScanEnd {
  const fd = fs.openSync(file, 'r')
  try {
    const fileSize = fs.fstatSync(fd).size
    const plan = scanPlan(file, fileSize, options)
    const { end } = walkBatchesSync(fd, plan.walk, (b) => {
      const batch = plan.judge(b)
      if (batch === 'stop') return false
      if (batch !== undefined) onBatch(batch)
    })
    return scanEnd(end, fileSize, plan.rejected)
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * {@link scanLogFile} with asynchronous reads and an asynchronous `onBatch`, awaited before the next
 * batch is read: a consumer that is slow (a full pipe) holds the scan, so at most one batch is in
 * memory at a time.
 */
export async function scanLogFileAsync(
  file: string,
  onBatch: (batch: ScannedBatch) => void | Promise<void>,
  options: ScanOptions = {},
): Promise<ScanEnd> {
  const handle = await fsp.open(file, 'r')
  try {
    const fileSize = (await handle.stat()).size
    const plan = scanPlan(file, fileSize, options)
    const { end } = await walkBatches(handle.fd, plan.walk, async (b) => {
      const batch = plan.judge(b)
      if (batch === 'stop') return false
      if (batch !== undefined) await onBatch(batch)
    })
    return scanEnd(end, fileSize, plan.rejected)
  } finally {
    await handle.close()
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

/** Bytes of an index file read at a time: an index is never held whole (a damaged or sparse one may be huge). */
const INDEX_CHUNK = 64 * 1024

/** The `entrySize`-byte entries of `file`, a chunk at a time (a partial last entry is ignored). */
function* indexEntries(file: string, entrySize: number): Generator<{ buf: Buffer; at: number }> {
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.allocUnsafe(INDEX_CHUNK - (INDEX_CHUNK % entrySize))
    for (let position = 0; ;) {
      const n = fs.readSync(fd, buf, 0, buf.length, position)
      for (let at = 0; at + entrySize <= n; at += entrySize) yield { buf, at }
      if (n < buf.length) return
      position += n
    }
  } finally {
    fs.closeSync(fd)
  }
}

/** The entries of an `.index` file of segment `baseOffset` (8 bytes each), read a chunk at a time. */
export function* readOffsetIndexFile(file: string, baseOffset: number): Generator<OffsetIndexEntry> {
  for (const { buf, at } of indexEntries(file, 8)) yield { offset: baseOffset + buf.readInt32BE(at), position: buf.readInt32BE(at + 4) }
}

/** The entries of a `.timeindex` file of segment `baseOffset` (12 bytes each), read a chunk at a time. */
export function* readTimeIndexFile(file: string, baseOffset: number): Generator<TimeIndexEntry> {
  for (const { buf, at } of indexEntries(file, 12)) yield { timestamp: readInt64(buf, at), offset: baseOffset + buf.readInt32BE(at + 8) }
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
