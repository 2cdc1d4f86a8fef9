/**
 * Independent readers for a log directory's segment files, written from the reference
 * (kafka-on-disk-format.md §1.2, §1.4, §1.5) rather than from src/, so tests can check the library's
 * files against Kafka's rules without trusting the library's own parsers.
 *
 * - {@link walkBatches}: batch boundaries of a `.log` buffer (header fields only, big-endian, stops at a
 *   torn tail exactly like `FileLogInputStream.nextBatch`).
 * - {@link kafkaIndexes}: the `.index` / `.timeindex` bytes Kafka's `LogSegment.recover` would rebuild
 *   from those batches (sparse `indexIntervalBytes` rule, optional final time-index entry).
 * - {@link decodeLogFile}: kafkajs decodes every batch (the oracle), with the CRC, magic and the
 *   "no trailing bytes" checks that kafkajs itself skips.
 */
import fs from 'node:fs'
import path from 'node:path'
import { expect } from 'vitest'
import { kafkajsDecodeAll, type KafkajsBatch } from '../oracle/kafkajs.js'

/** Header facts of one batch as found in a `.log` file. */
export interface WalkedBatch {
  position: number
  /** 12 + batchLength. */
  size: number
  baseOffset: number
  lastOffset: number
  maxTimestamp: number
  recordCount: number
}

const SEGMENT_NAME = /^(\d{20})\.(log|index|timeindex)$/

/** Kafka's 20-digit zero-padded file name for `base` with `suffix` ('log', 'index', 'timeindex'). */
export function segmentFileName(base: number, suffix: 'log' | 'index' | 'timeindex'): string {
  return `${String(base).padStart(20, '0')}.${suffix}`
}

/** Base offsets of the `.log` files in `dir`, ascending (file names checked to be 20 digits). */
export function listLogBases(dir: string): number[] {
  const bases: number[] = []
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.log')) continue
    const m = SEGMENT_NAME.exec(name)
    expect(m, `segment file name ${name} is not 20 digits + .log`).not.toBeNull()
    bases.push(Number(m![1]))
  }
  return bases.sort((a, b) => a - b)
}

/** Every index file in `dir` whose `.log` is missing (there should be none). */
export function orphanIndexFiles(dir: string): string[] {
  const names = fs.readdirSync(dir)
  const logs = new Set(names.filter((n) => n.endsWith('.log')).map((n) => n.slice(0, n.indexOf('.'))))
  return names.filter((n) => (n.endsWith('.index') || n.endsWith('.timeindex')) && !logs.has(n.slice(0, n.indexOf('.'))))
}

/**
 * Walks batch headers from position 0. Stops (without error) when fewer than 61 bytes remain or a
 * declared batch runs past the end; `validBytes` is the end of the last whole batch. No CRC check.
 */
export function walkBatches(buf: Buffer): { batches: WalkedBatch[]; validBytes: number } {
  const batches: WalkedBatch[] = []
  let pos = 0
  while (pos + 61 <= buf.length) {
    const size = 12 + buf.readInt32BE(pos + 8)
    if (size < 61 || pos + size > buf.length) break
    const baseOffset = Number(buf.readBigInt64BE(pos))
    batches.push({
      position: pos,
      size,
      baseOffset,
      lastOffset: baseOffset + buf.readInt32BE(pos + 23),
      maxTimestamp: Number(buf.readBigInt64BE(pos + 35)),
      recordCount: buf.readInt32BE(pos + 57),
    })
    pos += size
  }
  return { batches, validBytes: pos }
}

/** `.index` entries: (relativeOffset, position). */
export function readOffsetIndex(buf: Buffer): { relativeOffset: number; position: number }[] {
  expect(buf.length % 8, '.index length is a multiple of 8').toBe(0)
  const out: { relativeOffset: number; position: number }[] = []
  for (let p = 0; p < buf.length; p += 8) out.push({ relativeOffset: buf.readInt32BE(p), position: buf.readInt32BE(p + 4) })
  return out
}

/** `.timeindex` entries: (timestamp, relativeOffset). */
export function readTimeIndex(buf: Buffer): { timestamp: number; relativeOffset: number }[] {
  expect(buf.length % 12, '.timeindex length is a multiple of 12').toBe(0)
  const out: { timestamp: number; relativeOffset: number }[] = []
  for (let p = 0; p < buf.length; p += 12) {
    out.push({ timestamp: Number(buf.readBigInt64BE(p)), relativeOffset: buf.readInt32BE(p + 8) })
  }
  return out
}

/**
 * The indexes Kafka's `LogSegment.recover` builds for `batches` (reference §1.4 / §1.5): an entry for
 * a batch when the bytes since the last entry, not counting this batch, are strictly greater than
 * `interval`; the offset entry is (batch lastOffset, batch position), the time entry is
 * (max timestamp so far, last offset of the batch that first reached it), appended only when strictly
 * greater than the previous time entry. With `finalTimeEntry`, the entry `onBecomeInactiveSegment()` /
 * `close()` / the end of `recover()` append is added too.
 */
export function kafkaIndexes(
  batches: readonly WalkedBatch[],
  baseOffset: number,
  interval: number,
  finalTimeEntry: boolean,
): { index: Buffer; timeIndex: Buffer } {
  const offsets: Buffer[] = []
  const times: Buffer[] = []
  let lastTime = -1
  let lastIndexEntry = 0
  let maxTs = -1
  let offsetOfMax = -1
  const maybeAppendTime = (): void => {
    if (maxTs < 0 || (times.length > 0 && maxTs <= lastTime)) return
    const e = Buffer.alloc(12)
    e.writeBigInt64BE(BigInt(maxTs), 0)
    e.writeInt32BE(offsetOfMax - baseOffset, 8)
    times.push(e)
    lastTime = maxTs
  }
  for (const b of batches) {
    if (b.maxTimestamp > maxTs) {
      maxTs = b.maxTimestamp
      offsetOfMax = b.lastOffset
    }
    if (b.position - lastIndexEntry > interval) {
      const e = Buffer.alloc(8)
      e.writeInt32BE(b.lastOffset - baseOffset, 0)
      e.writeInt32BE(b.position, 4)
      offsets.push(e)
      maybeAppendTime()
      lastIndexEntry = b.position
    }
  }
  if (finalTimeEntry) maybeAppendTime()
  return { index: Buffer.concat(offsets), timeIndex: Buffer.concat(times) }
}

/**
 * Checks rules every `.timeindex` must satisfy whatever moment it was written at: timestamps strictly
 * increasing, and each entry (T, O) names the last offset O of the first batch of the segment whose
 * max timestamp reached T.
 */
export function expectValidTimeIndex(buf: Buffer, batches: readonly WalkedBatch[], baseOffset: number, what: string): void {
  const entries = readTimeIndex(buf)
  let prev = -Infinity
  for (const e of entries) {
    expect(e.timestamp, `${what}: time index timestamps strictly increase`).toBeGreaterThan(prev)
    prev = e.timestamp
    const i = batches.findIndex((b) => b.lastOffset === baseOffset + e.relativeOffset)
    expect(i, `${what}: time entry offset ${baseOffset + e.relativeOffset} is a batch's last offset`).toBeGreaterThanOrEqual(0)
    expect(batches[i]!.maxTimestamp, `${what}: time entry timestamp is that batch's max`).toBe(e.timestamp)
    for (let j = 0; j < i; j++) {
      expect(batches[j]!.maxTimestamp, `${what}: no earlier batch reached ${e.timestamp}`).toBeLessThan(e.timestamp)
    }
  }
}

/**
 * Decodes a whole `.log` buffer with kafkajs and checks what kafkajs skips: every batch's CRC-32C
 * (recomputed with kafkajs's CRC), magic 2, the Java-producer header values we promise
 * (producerId/epoch/baseSequence/partitionLeaderEpoch -1, CreateTime, no compression, not
 * transactional), recordsCount, and that the batches cover the file exactly.
 */
export async function decodeLogFile(buf: Buffer, what: string): Promise<KafkajsBatch[]> {
  const walked = walkBatches(buf)
  expect(walked.validBytes, `${what}: whole batches cover the file exactly`).toBe(buf.length)
  const batches = await kafkajsDecodeAll(buf)
  expect(batches.length, `${what}: kafkajs decodes every batch`).toBe(walked.batches.length)
  for (let i = 0; i < batches.length; i++) {
    const b = batches[i]!
    const w = walked.batches[i]!
    const at = `${what} batch at ${b.position}`
    expect(b.position, at).toBe(w.position)
    expect(b.computedCrc, `${at}: CRC-32C`).toBe(b.storedCrc)
    expect(b.magic, `${at}: magic`).toBe(2)
    expect(b.partitionLeaderEpoch, `${at}: partitionLeaderEpoch`).toBe(-1)
    expect(b.producerId, `${at}: producerId`).toBe('-1')
    expect(b.producerEpoch, `${at}: producerEpoch`).toBe(-1)
    expect(b.firstSequence, `${at}: baseSequence`).toBe(-1)
    expect(b.timestampType, `${at}: CreateTime`).toBe(0)
    expect(b.inTransaction, `${at}: not transactional`).toBe(false)
    expect(b.isControlBatch, `${at}: not a control batch`).toBe(false)
    // Only compaction's delete-horizon bit (0x40) may be set: no codec here, CreateTime, no transaction.
    expect(buf.readInt16BE(w.position + 21) & ~0x40, `${at}: attributes`).toBe(0)
    expect(b.records.length, `${at}: recordsCount`).toBe(w.recordCount)
    // A batch compaction rebuilt keeps its extent (lastOffsetDelta) with fewer records; others are dense.
    expect(b.lastOffsetDelta, `${at}: lastOffsetDelta`).toBeGreaterThanOrEqual(w.recordCount - 1)
    let previous = w.baseOffset - 1
    for (const r of b.records) {
      expect(Number(r.offset), `${at}: record offsets increase within the batch`).toBeGreaterThan(previous)
      previous = Number(r.offset)
    }
    expect(previous, `${at}: records within the batch's extent`).toBeLessThanOrEqual(w.baseOffset + b.lastOffsetDelta)
    if (b.records.length > 0)
      expect(Number(b.maxTimestamp), `${at}: maxTimestamp`).toBe(Math.max(...b.records.map((r) => Number(r.timestamp))))
  }
  return batches
}

/** Reads `<dir>/<file>`, or an empty Buffer when it does not exist. */
export function readOrEmpty(dir: string, file: string): Buffer {
  const p = path.join(dir, file)
  return fs.existsSync(p) ? fs.readFileSync(p) : Buffer.alloc(0)
}

/** Reads a Kafka offset checkpoint file (`0\n1\nlog 0 <offset>\n`); undefined when absent. */
export function readCheckpoint(dir: string, file: string): number | undefined {
  const p = path.join(dir, file)
  if (!fs.existsSync(p)) return undefined
  const lines = fs
    .readFileSync(p, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
  return Number(lines[2]!.split(/\s+/)[2])
}
