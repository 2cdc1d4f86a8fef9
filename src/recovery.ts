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
import { readAt } from './io/files.js'
import { BATCH_HEADER_SIZE, BatchCheck, LOG_OVERHEAD, batchSize, checkBatch, readBatchHeader } from './record-batch.js'
import { Segment } from './segment.js'

/** What a recovery pass found and did; available as `log.recovery` after open. */
export interface RecoveryReport {
  /** True when the previous run shut down cleanly and nothing was scanned. */
  clean: boolean
  /** Segments whose data was read and validated. */
  segmentsScanned: number
  /** Bytes cut from torn or corrupt tails. */
  bytesTruncated: number
  /** Segments whose `.index` and `.timeindex` were rebuilt. */
  indexesRebuilt: number
  /** Segments deleted because they followed a truncation point (or lay below the log start). */
  segmentsDeleted: number
  /** The recovery point the scan started from. */
  recoveryPoint: number
}

/** Outcome of scanning one segment. */
export interface SegmentRecovery {
  /** Bytes of valid batches from the start of the file. */
  validBytes: number
  /** Bytes removed from the end of the file. */
  truncatedBytes: number
}

const CHUNK = 1024 * 1024

/**
 * Kafka's `LogSegment.recover`: validates every batch from position 0 (bounds, magic, CRC, offsets
 * increasing and within the segment's relative range), rebuilds both indexes with the writer's sparse
 * rule, and truncates the `.log` after the last valid batch.
 * @param expectedNext - the offset the first batch must not start below (the previous segment's end)
 */
export async function recoverSegment(seg: Segment, interval: number, expectedNext: number): Promise<SegmentRecovery> {
  seg.resetIndexes()
  const fileSize = fs.fstatSync(seg.fd).size
  let buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(fileSize, BATCH_HEADER_SIZE)))
  let bufStart = 0
  let bufEnd = 0
  let pos = 0
  let next = Math.max(expectedNext, seg.baseOffset)
  seg.nextOffset = seg.baseOffset
  for (;;) {
    if (pos + LOG_OVERHEAD > bufEnd) {
      bufStart = pos
      bufEnd = pos + (await readAt(seg.fd, buf, 0, Math.min(buf.length, fileSize - pos), pos))
      if (bufEnd - pos < LOG_OVERHEAD) break
    }
    let at = pos - bufStart
    const size = batchSize(buf, at)
    if (size >= BATCH_HEADER_SIZE && size <= fileSize - pos && pos + size > bufEnd) {
      if (size > buf.length) buf = Buffer.allocUnsafe(size)
      bufStart = pos
      bufEnd = pos + (await readAt(seg.fd, buf, 0, Math.min(buf.length, fileSize - pos), pos))
      at = 0
    }
    if (checkBatch(buf, at, bufEnd - bufStart) !== BatchCheck.Valid) break
    const h = readBatchHeader(buf, at)
    // Offsets must increase across batches and fit the segment (KAFKA-3919, KAFKA-6264).
    if (h.baseOffset < next || h.lastOffset - seg.baseOffset > 2 ** 31 - 1) break
    seg.trackBatch(pos, h, interval)
    seg.markVerified(pos)
    next = h.lastOffset + 1
    pos += h.size
  }
  const truncatedBytes = fileSize - pos
  if (truncatedBytes > 0) fs.ftruncateSync(seg.fd, pos)
  seg.size = pos
  // Kafka's recover() ends with the segment's final time-index entry (max timestamp so far).
  seg.timeIndex.maybeAppend(seg.maxTimestampSoFar, seg.offsetOfMaxTimestampSoFar)
  seg.flushIndexes()
  return { validBytes: pos, truncatedBytes }
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
