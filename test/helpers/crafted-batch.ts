/**
 * Hand-made RecordBatch v2 bytes for tests that need a batch the library would never write: records
 * that disagree with their header (repeated or backward offset deltas, a wrong count, trailing
 * bytes, timestamps above the batch's maxTimestamp), compressed payloads that expand far beyond
 * their size, and headers that declare more than the file holds. Every batch gets a valid CRC-32C,
 * so only the checks that look inside the batch can catch it. Written from the reference layout
 * (kafka-on-disk-format.md), not from src/format's encoder.
 */
import fs from 'node:fs'
import path from 'node:path'

import { crc32c } from '../../src/format/crc32c.js'
import { writeVarint, writeVarlong } from '../../src/format/varint.js'

/** One record as it will be written, with its deltas given explicitly. */
export interface CraftedRecord {
  offsetDelta: number
  timestampDelta?: number
  key?: Buffer | null
  value?: Buffer | null
  /** Header keys may be null here (Kafka rejects them) to craft that damage. */
  headers?: { key: string | null; value: Buffer | null }[]
}

function bytesField(out: number[], b: Buffer | null | undefined): void {
  const tmp = Buffer.alloc(5)
  if (b === null || b === undefined) {
    out.push(...tmp.subarray(0, writeVarint(tmp, 0, -1)))
    return
  }
  out.push(...tmp.subarray(0, writeVarint(tmp, 0, b.length)), ...b)
}

/** The records section (uncompressed) holding `records` in order. */
export function recordsSection(records: readonly CraftedRecord[]): Buffer {
  const parts: Buffer[] = []
  const tmp = Buffer.alloc(10)
  for (const r of records) {
    const body: number[] = [0] // attributes
    body.push(...tmp.subarray(0, writeVarlong(tmp, 0, r.timestampDelta ?? 0)))
    body.push(...tmp.subarray(0, writeVarint(tmp, 0, r.offsetDelta)))
    bytesField(body, r.key)
    bytesField(body, r.value === undefined ? Buffer.from(`v${r.offsetDelta}`) : r.value)
    const headers = r.headers ?? []
    body.push(...tmp.subarray(0, writeVarint(tmp, 0, headers.length)))
    for (const h of headers) {
      bytesField(body, h.key === null ? null : Buffer.from(h.key, 'utf8'))
      bytesField(body, h.value)
    }
    parts.push(Buffer.from(tmp.subarray(0, writeVarint(tmp, 0, body.length))), Buffer.from(body))
  }
  return Buffer.concat(parts)
}

/** Header fields of a crafted batch; omitted ones follow from the records. */
export interface CraftedBatch {
  baseOffset?: number
  /** The records section as stored (already compressed when `codec` is set). */
  payload: Buffer
  recordsCount: number
  lastOffsetDelta: number
  baseTimestamp?: number
  maxTimestamp?: number
  /** Attribute bits 0-2 (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd). */
  codec?: number
  /** Extra attribute bits (0x08 LogAppendTime, 0x10 transactional, 0x20 control, 0x40 delete horizon). */
  attributeFlags?: number
  producerId?: number
  baseSequence?: number
}

export const T0 = 1_700_000_000_000

/** A whole batch with a valid CRC. */
export function craftBatch(b: CraftedBatch): Buffer {
  const out = Buffer.alloc(61 + b.payload.length)
  out.writeBigInt64BE(BigInt(b.baseOffset ?? 0), 0)
  out.writeInt32BE(out.length - 12, 8)
  out.writeInt32BE(-1, 12)
  out[16] = 2
  out.writeInt16BE((b.codec ?? 0) | (b.attributeFlags ?? 0), 21)
  out.writeInt32BE(b.lastOffsetDelta, 23)
  out.writeBigInt64BE(BigInt(b.baseTimestamp ?? T0), 27)
  out.writeBigInt64BE(BigInt(b.maxTimestamp ?? T0), 35)
  out.writeBigInt64BE(BigInt(b.producerId ?? -1), 43)
  out.writeInt16BE(-1, 51)
  out.writeInt32BE(b.baseSequence ?? -1, 53)
  out.writeInt32BE(b.recordsCount, 57)
  b.payload.copy(out, 61)
  out.writeUInt32BE(crc32c(out.subarray(21)), 17)
  return out
}

/** An uncompressed batch of `records`, header fields derived from them unless overridden. */
export function plainBatch(records: readonly CraftedRecord[], over: Partial<CraftedBatch> = {}): Buffer {
  const maxDelta = records.reduce((m, r) => Math.max(m, r.timestampDelta ?? 0), 0)
  return craftBatch({
    payload: recordsSection(records),
    recordsCount: records.length,
    lastOffsetDelta: records.reduce((m, r) => Math.max(m, r.offsetDelta), 0),
    maxTimestamp: T0 + maxDelta,
    ...over,
  })
}

/** `n` well-formed records with deltas 0..n-1. */
export function denseRecords(n: number, value = (i: number) => Buffer.from(`v${i}`)): CraftedRecord[] {
  return Array.from({ length: n }, (_, i) => ({ offsetDelta: i, timestampDelta: i, key: Buffer.from(`k${i}`), value: value(i) }))
}

/** Writes `batches` back to back as the log directory's only segment (base 0); open recovers it. */
export function writeOnlySegment(dir: string, batches: readonly Buffer[], base = 0): string {
  const file = path.join(dir, `${String(base).padStart(20, '0')}.log`)
  fs.writeFileSync(file, Buffer.concat(batches))
  return file
}
