/**
 * Pure formatting for the CLI: records and inspection results as JSON-ready objects or text lines.
 * Nothing here prints (src/cli/main.ts is the only module that does).
 */
import path from 'node:path'
import type { LogRecord } from '../format/record.js'
import type { DumpItem } from '../inspect/dump.js'
import type { ScannedBatch } from '../inspect/scan.js'
import { codecName } from '../base/compression.js'
import { LOG_SUFFIX, parseLogFileName } from '../io/file-names.js'
import type { DirectoryStats } from '../inspect/stats.js'
import type { VerifyReport } from '../inspect/verify.js'

/** How keys, values and header values are written out. */
export type PayloadEncoding = 'utf8' | 'base64' | 'hex'

function bytes(b: Buffer | null, encoding: PayloadEncoding): string | null {
  return b === null ? null : b.toString(encoding)
}

/** A record as a JSON-ready object (what `tail` prints, one per line). */
export function recordJson(r: LogRecord, encoding: PayloadEncoding): object {
  return {
    offset: r.offset,
    timestamp: r.timestamp,
    key: bytes(r.key, encoding),
    value: bytes(r.value, encoding),
    headers: r.headers.map((h) => ({ key: h.key, value: bytes(h.value, encoding) })),
  }
}

/** How `dump` prints, from its options (Kafka's `kafka-dump-log` flags). */
export interface DumpFormat {
  /** `--print-data-log`: keys, values (Kafka's `payload`) and header values too. */
  payloads: boolean
  /** `--skip-record-metadata` (implies `payloads`): a record's line carries its key and payload only. */
  skipRecordMetadata: boolean
  encoding: PayloadEncoding
}

const INT32_MAX = 2 ** 31 - 1

/** Kafka's `DefaultRecordBatch.incrementSequence`: sequences wrap past Integer.MAX_VALUE to 0. */
function sequenceAt(baseSequence: number, delta: number): number {
  if (baseSequence < 0) return -1
  return baseSequence > INT32_MAX - delta ? delta - (INT32_MAX - baseSequence) - 1 : baseSequence + delta
}

/** A batch's fields as `kafka-dump-log` prints them (its names; `deleteHorizonMs` null when unset). */
function batchFields(b: ScannedBatch) {
  return {
    baseOffset: b.baseOffset,
    lastOffset: b.lastOffset,
    count: b.recordsCount,
    baseSequence: b.baseSequence,
    lastSequence: sequenceAt(b.baseSequence, b.lastOffset - b.baseOffset),
    producerId: b.producerId,
    producerEpoch: b.producerEpoch,
    partitionLeaderEpoch: b.partitionLeaderEpoch,
    isTransactional: (b.attributes & 0x10) !== 0,
    isControl: (b.attributes & 0x20) !== 0,
    // With bit 0x40 (set by a cleaner) the base timestamp holds the tombstones' delete horizon.
    deleteHorizonMs: (b.attributes & 0x40) !== 0 ? b.firstTimestamp : null,
    position: b.position,
    timestampType: (b.attributes & 0x08) !== 0 ? 'LogAppendTime' : 'CreateTime',
    maxTimestamp: b.maxTimestamp,
    size: b.size,
    magic: b.magic,
    compresscodec: codecName(b.compression),
    crc: b.crc,
    // The walk hands out whole batches whose CRC holds; the first one that fails ends the file's dump.
    isvalid: true,
  }
}

/** A record's fields as `kafka-dump-log --deep-iteration` prints them. */
function recordFields(r: LogRecord, b: ScannedBatch) {
  return {
    offset: r.offset,
    timestamp: r.timestamp,
    keySize: r.key?.length ?? -1,
    valueSize: r.value?.length ?? -1,
    sequence: sequenceAt(b.baseSequence, r.offset - b.baseOffset),
    headerKeys: r.headers.map((h) => h.key),
  }
}

/** One dump step as a JSON-ready object, or `undefined` for steps JSON output leaves out. */
export function dumpJson(item: DumpItem, f: DumpFormat): object | undefined {
  switch (item.kind) {
    case 'file':
      return { file: item.file }
    case 'batch': {
      const b = item.batch
      const record = (r: LogRecord): object => {
        const data = { key: bytes(r.key, f.encoding), payload: bytes(r.value, f.encoding) }
        if (!f.payloads) return recordFields(r, b)
        if (f.skipRecordMetadata) return data
        return { ...recordFields(r, b), ...data, headers: r.headers.map((h) => ({ key: h.key, value: bytes(h.value, f.encoding) })) }
      }
      return { ...batchFields(b), ...(item.records === undefined ? {} : { records: item.records.map(record) }) }
    }
    case 'end':
      return item.end.kind === 'end' ? undefined : { file: item.file, stop: item.end.kind, position: item.end.position }
    case 'index-entry':
      return { offset: item.entry.offset, position: item.entry.position }
    case 'time-index-entry':
      return { timestamp: item.entry.timestamp, offset: item.entry.offset }
  }
}

/** One dump step as text lines, in `kafka-dump-log`'s format. */
export function dumpText(item: DumpItem, f: DumpFormat): string[] {
  switch (item.kind) {
    case 'file':
      return item.file.endsWith(LOG_SUFFIX)
        ? [`Dumping ${item.file}`, `Log starting offset: ${parseLogFileName(path.basename(item.file)) ?? '-'}`]
        : [`Dumping ${item.file}`]
    case 'batch': {
      const b = batchFields(item.batch)
      const lines = [
        `baseOffset: ${b.baseOffset} lastOffset: ${b.lastOffset} count: ${b.count} baseSequence: ${b.baseSequence} ` +
          `lastSequence: ${b.lastSequence} producerId: ${b.producerId} producerEpoch: ${b.producerEpoch} ` +
          `partitionLeaderEpoch: ${b.partitionLeaderEpoch} isTransactional: ${b.isTransactional} isControl: ${b.isControl} ` +
          `deleteHorizonMs: ${b.deleteHorizonMs === null ? 'OptionalLong.empty' : `OptionalLong[${b.deleteHorizonMs}]`} ` +
          `position: ${b.position} ${b.timestampType}: ${b.maxTimestamp} size: ${b.size} magic: ${b.magic} ` +
          `compresscodec: ${b.compresscodec} crc: ${b.crc} isvalid: ${b.isvalid}`,
      ]
      for (const r of item.records ?? []) {
        const parts: string[] = []
        if (!f.skipRecordMetadata) {
          const m = recordFields(r, item.batch)
          parts.push(
            `offset: ${m.offset} ${b.timestampType}: ${m.timestamp} keySize: ${m.keySize} valueSize: ${m.valueSize} ` +
              `sequence: ${m.sequence} headerKeys: [${m.headerKeys.join(',')}]`,
          )
        }
        // As Kafka: a null key or value is left out, not printed as "null".
        if (f.payloads && r.key !== null) parts.push(`key: ${bytes(r.key, f.encoding)}`)
        if (f.payloads && r.value !== null) parts.push(`payload: ${bytes(r.value, f.encoding)}`)
        lines.push(`| ${parts.join(' ')}`)
      }
      return lines
    }
    case 'end':
      return item.end.kind === 'end'
        ? []
        : [`Stopped at position ${item.end.position}: ${item.end.kind === 'corrupt' ? 'invalid batch' : 'the file ends inside a batch'}`]
    case 'index-entry':
      return [`offset: ${item.entry.offset} position: ${item.entry.position}`]
    case 'time-index-entry':
      return [`timestamp: ${item.entry.timestamp} offset: ${item.entry.offset}`]
  }
}

/** A verify report as text lines. */
export function verifyText(r: VerifyReport): string[] {
  const lines = [
    `${r.dir}: ${r.segments} segments, ${r.batches} batches, ${r.records} records, ${r.bytes} bytes, ` +
      `logStartOffset ${r.logStartOffset}, logEndOffset ${r.logEndOffset}`,
  ]
  for (const p of r.problems) {
    lines.push(
      `${p.severity.toUpperCase()} ${p.kind}: ${p.file}${p.position === undefined ? '' : ` at position ${p.position}`}: ${p.message}`,
    )
  }
  lines.push(r.ok ? 'OK' : `DAMAGED: ${r.problems.filter((p) => p.severity === 'error').length} error(s)`)
  return lines
}

/** `ms` as an ISO-8601 UTC time, or the number itself beyond what a `Date` can hold. */
function isoTime(ms: number): string {
  const d = new Date(ms)
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString()
}

/** Directory stats as text lines. */
export function statsText(s: DirectoryStats): string[] {
  const lines = [
    `${s.dir}`,
    `  logStartOffset ${s.logStartOffset}`,
    `  logEndOffset   ${s.logEndOffset} (the next offset: the last record is below it)`,
    `  records        ${s.totalRecords}`,
    `  segments       ${s.segments.length}`,
    `  bytes          ${s.totalBytes} (logs and indexes)`,
    `  recovery point ${s.recoveryPoint ?? '-'}`,
    `  clean shutdown ${s.cleanShutdown ? 'yes' : 'no (the next open recovers)'}`,
    '  segment               bytes    batches    records  next offset  max timestamp',
  ]
  for (const g of s.segments) {
    lines.push(
      `  ${String(g.baseOffset).padStart(20, '0')} ${String(g.bytes).padStart(10)} ${String(g.batches).padStart(10)} ` +
        `${String(g.records).padStart(10)} ${String(g.nextOffset).padStart(12)}  ${g.maxTimestamp ?? '-'}` +
        (g.invalidBytes > 0 ? `  (${g.invalidBytes} invalid bytes at the end)` : ''),
    )
  }
  lines.push(`  consumers      ${s.consumers.length === 0 ? 'none' : s.consumers.length}`)
  if (s.consumers.length > 0) {
    const width = Math.max(8, ...s.consumers.map((c) => c.name.length))
    lines.push(`  ${'consumer'.padEnd(width)}       offset          lag  committed at`)
    for (const c of s.consumers) {
      const name = c.name.padEnd(width)
      if ('error' in c) {
        lines.push(`  ${name}  UNREADABLE: ${c.error.message} (${c.error.code})`)
        continue
      }
      lines.push(
        `  ${name} ${String(c.offset).padStart(12)} ${String(c.lag).padStart(12)}  ${isoTime(c.commitTimestamp)}` +
          (c.behindLogStart ? `  (behind the log start ${s.logStartOffset}: records it did not process were deleted)` : ''),
      )
    }
  }
  return lines
}
