/**
 * Pure formatting for the CLI: records and inspection results as JSON-ready objects or text lines.
 * Nothing here prints (src/cli/main.ts is the only module that does).
 */
import type { LogRecord } from '../format/record.js'
import type { DumpItem } from '../inspect/dump.js'
import { codecName } from '../base/compression.js'
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

/** One dump step as a JSON-ready object, or `undefined` for steps JSON output leaves out. */
export function dumpJson(item: DumpItem, payloads: boolean, encoding: PayloadEncoding): object | undefined {
  switch (item.kind) {
    case 'file':
      return { file: item.file }
    case 'batch': {
      const b = item.batch
      return {
        baseOffset: b.baseOffset,
        lastOffset: b.lastOffset,
        count: b.recordsCount,
        position: b.position,
        size: b.size,
        baseTimestamp: b.firstTimestamp,
        maxTimestamp: b.maxTimestamp,
        compression: codecName(b.compression),
        crc: b.crc,
        valid: true,
        ...(item.records === undefined
          ? {}
          : {
              records: item.records.map((r) =>
                payloads
                  ? recordJson(r, encoding)
                  : {
                      offset: r.offset,
                      timestamp: r.timestamp,
                      keySize: r.key?.length ?? -1,
                      valueSize: r.value?.length ?? -1,
                      headerKeys: r.headers.map((h) => h.key),
                    },
              ),
            }),
      }
    }
    case 'end':
      return item.end.kind === 'end' ? undefined : { file: item.file, stop: item.end.kind, position: item.end.position }
    case 'index-entry':
      return { offset: item.entry.offset, position: item.entry.position }
    case 'time-index-entry':
      return { timestamp: item.entry.timestamp, offset: item.entry.offset }
  }
}

/** One dump step as text lines in kafka-dump-log's style. */
export function dumpText(item: DumpItem, payloads: boolean, encoding: PayloadEncoding): string[] {
  switch (item.kind) {
    case 'file':
      return [`Dumping ${item.file}`]
    case 'batch': {
      const b = item.batch
      const lines = [
        `baseOffset: ${b.baseOffset} lastOffset: ${b.lastOffset} count: ${b.recordsCount} position: ${b.position} ` +
          `CreateTime: ${b.maxTimestamp} size: ${b.size} magic: 2 compresscodec: ${codecName(b.compression)} crc: ${b.crc} isvalid: true`,
      ]
      for (const r of item.records ?? []) {
        let line =
          `| offset: ${r.offset} CreateTime: ${r.timestamp} keySize: ${r.key?.length ?? -1} valueSize: ${r.value?.length ?? -1} ` +
          `headerKeys: [${r.headers.map((h) => h.key).join(',')}]`
        if (payloads) line += ` key: ${bytes(r.key, encoding)} payload: ${bytes(r.value, encoding)}`
        lines.push(line)
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
      `offsets ${r.firstOffset ?? '-'}..${r.nextOffset === undefined ? '-' : r.nextOffset - 1}`,
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
    `  offsets        ${s.logStartOffset}..${s.logEndOffset} (log start .. log end)`,
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
