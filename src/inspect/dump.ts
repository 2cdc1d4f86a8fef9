/**
 * `dump`: a log directory's or file's contents, batch by batch (and record by record), like Kafka's
 * `kafka-dump-log`. Read-only; the caller formats the output.
 */
import fs from 'node:fs'
import path from 'node:path'
import { INDEX_SUFFIX, LOG_SUFFIX, TIME_INDEX_SUFFIX } from '../io/file-names.js'
import type { LogRecord } from '../format/record.js'
import { decodeBatch } from '../format/record-batch.js'
import {
  type OffsetIndexEntry,
  type ScanEnd,
  type ScannedBatch,
  type TimeIndexEntry,
  listSegments,
  readOffsetIndexFile,
  readTimeIndexFile,
  scanLogFile,
} from './scan.js'

/** One step of a dump, in file order. */
export type DumpItem =
  | { kind: 'file'; file: string }
  | { kind: 'batch'; file: string; batch: ScannedBatch; records: LogRecord[] | undefined }
  | { kind: 'end'; file: string; end: ScanEnd }
  | { kind: 'index-entry'; file: string; entry: OffsetIndexEntry }
  | { kind: 'time-index-entry'; file: string; entry: TimeIndexEntry }

/** Options of {@link dump}. */
export interface DumpOptions {
  /** Decode each batch's records too. @default false */
  records?: boolean
  /**
   * With `records`: the largest batch read whole (Kafka's `kafka-dump-log --max-message-size`); a
   * larger one ends its file's dump as corrupt at its position. @default see `ScanOptions.maxBatchBytes`
   */
  maxBatchBytes?: number
}

function baseOf(file: string): number {
  return Number(path.basename(file).split('.')[0])
}

function dumpLogFile(file: string, options: DumpOptions, emit: (item: DumpItem) => void): void {
  emit({ kind: 'file', file })
  const end = scanLogFile(
    file,
    (batch) => {
      let records: LogRecord[] | undefined
      if (options.records === true) {
        // The scan checked every record of the batch (validateBatch) before handing it over.
        records = []
        decodeBatch(batch.bytes!, 0, 0, records, Infinity, undefined, { site: { file, position: batch.position } })
      }
      emit({ kind: 'batch', file, batch, records })
    },
    { records: options.records === true, ...(options.maxBatchBytes === undefined ? {} : { maxBatchBytes: options.maxBatchBytes }) },
  )
  emit({ kind: 'end', file, end })
}

/**
 * Dumps `target`: a log directory (every segment's `.log`, in offset order), a `.log` file, or an
 * `.index` / `.timeindex` file (its entries).
 * @throws the `fs` error when `target` cannot be read; `LogError` `KLOG_CORRUPT_SEGMENT` when a batch
 *   whose CRC is valid has malformed records (or is compressed, until codecs exist)
 */
export function dump(target: string, options: DumpOptions, emit: (item: DumpItem) => void): void {
  if (fs.statSync(target).isDirectory()) {
    for (const seg of listSegments(target)) dumpLogFile(seg.log, options, emit)
    return
  }
  if (target.endsWith(LOG_SUFFIX)) return dumpLogFile(target, options, emit)
  if (target.endsWith(INDEX_SUFFIX)) {
    emit({ kind: 'file', file: target })
    for (const entry of readOffsetIndexFile(target, baseOf(target))) emit({ kind: 'index-entry', file: target, entry })
    return
  }
  if (target.endsWith(TIME_INDEX_SUFFIX)) {
    emit({ kind: 'file', file: target })
    for (const entry of readTimeIndexFile(target, baseOf(target))) emit({ kind: 'time-index-entry', file: target, entry })
    return
  }
  throw new TypeError(`${target} is not a log directory, .log, .index or .timeindex file`)
}
