/**
 * `dump`: a log directory's or file's contents, batch by batch (and record by record), like Kafka's
 * `kafka-dump-log`. Read-only; the caller formats the output.
 *
 * Streaming: items are produced one at a time and `emit` is awaited before the next is read, so a
 * consumer that is slower than the disk (a full pipe) holds the dump instead of letting it queue
 * the whole log in memory. At most one batch (`maxBatchBytes`, with `records`) and one chunk of an
 * index file are held at a time.
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
  scanLogFileAsync,
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

/** Receives each item; the dump waits for a returned promise before it reads on. */
export type DumpEmit = (item: DumpItem) => void | Promise<void>

function baseOf(file: string): number {
  return Number(path.basename(file).split('.')[0])
}

async function dumpLogFile(file: string, options: DumpOptions, emit: DumpEmit): Promise<void> {
  await emit({ kind: 'file', file })
  const records = options.records === true
  const end = await scanLogFileAsync(
    file,
    async (batch) => {
      let decoded: LogRecord[] | undefined
      if (records) {
        // The scan checked every record of the batch (validateBatch) before handing it over.
        decoded = []
        decodeBatch(batch.bytes!, 0, 0, decoded, Infinity, undefined, { site: { file, position: batch.position } })
      }
      await emit({ kind: 'batch', file, batch, records: decoded })
    },
    { records, ...(options.maxBatchBytes === undefined ? {} : { maxBatchBytes: options.maxBatchBytes }) },
  )
  await emit({ kind: 'end', file, end })
}

/**
 * Dumps `target`: a log directory (every segment's `.log`, in offset order), a `.log` file, or an
 * `.index` / `.timeindex` file (its entries), handing each item to `emit` and awaiting it.
 * @throws the `fs` error when `target` cannot be read; `TypeError` for a file of another kind
 */
export async function dump(target: string, options: DumpOptions, emit: DumpEmit): Promise<void> {
  if (fs.statSync(target).isDirectory()) {
    for (const seg of listSegments(target)) await dumpLogFile(seg.log, options, emit)
    return
  }
  if (target.endsWith(LOG_SUFFIX)) return dumpLogFile(target, options, emit)
  if (target.endsWith(INDEX_SUFFIX)) {
    await emit({ kind: 'file', file: target })
    for (const entry of readOffsetIndexFile(target, baseOf(target))) await emit({ kind: 'index-entry', file: target, entry })
    return
  }
  if (target.endsWith(TIME_INDEX_SUFFIX)) {
    await emit({ kind: 'file', file: target })
    for (const entry of readTimeIndexFile(target, baseOf(target))) await emit({ kind: 'time-index-entry', file: target, entry })
    return
  }
  throw new TypeError(`${target} is not a log directory, .log, .index or .timeindex file`)
}
