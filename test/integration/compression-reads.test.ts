/**
 * Compressed batches in real log directories: each batch is decompressed once per read, a damaged
 * compressed payload is caught (CRC, or the decoder when the CRC was recomputed) and never returned,
 * a torn compressed tail is cut by recovery, and batches as Kafka's cleaner leaves them (delete
 * horizon bit 0x40, negative timestamp deltas) read with their records' own timestamps.
 */
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

import { afterEach, describe, expect, it, vi } from 'vitest'

import { crc32c } from '../../src/format/crc32c.js'
import { Log, LogError, type CompressionType, type RecordInput } from '../../src/index.js'
import { writeVarint, writeVarlong } from '../../src/format/varint.js'
import { codeOf } from '../helpers/errors.js'
import { makeUnclean, readAll, segmentPath } from '../helpers/logs.js'
import { walkBatches } from '../helpers/segment-files.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-compressed-')
const CODECS: Exclude<CompressionType, 'none'>[] = ['gzip', 'snappy', 'lz4', 'zstd']
const T0 = 1_700_000_000_000

afterEach(() => {
  vi.restoreAllMocks()
})

function events(tag: string, n: number, t0 = T0): RecordInput[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `k${i % 13}`,
    value: JSON.stringify({ tag, i, user: `user-${i % 31}`, event: 'checkout', cart: [i % 5, i % 7] }),
    timestamp: t0 + i,
  }))
}

function syncCode(f: () => unknown): string | undefined {
  try {
    f()
  } catch (err) {
    if (err instanceof LogError) return err.code
    throw err
  }
  return undefined
}

/** Writes three compressed appends (one batch each) and closes the log cleanly. */
async function threeBatches(dir: string, codec: CompressionType): Promise<void> {
  await using log = await Log.open(dir, { fsync: 'never', compression: codec })
  const w = await log.writer()
  for (const [k, tag] of ['a', 'b', 'c'].entries()) await w.append(events(tag, 100, T0 + 1000 * k))
}

describe('reads stay cheap', () => {
  it('decompresses a batch once for a reader reading it one record at a time, and once per point read', async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { fsync: 'never', compression: 'gzip' })
    const w = await log.writer()
    await w.append(events('a', 100))
    const gunzip = vi.spyOn(zlib, 'gunzipSync')
    const reader = log.reader()
    const got: number[] = []
    for (;;) {
      const r = await reader.read({ maxRecords: 1 })
      if (r.length === 0) break
      got.push(r[0]!.offset)
    }
    expect(got).toEqual(Array.from({ length: 100 }, (_, i) => i))
    expect(gunzip).toHaveBeenCalledTimes(1)
    expect(JSON.parse(log.getSync(57)!.value!.toString()).i).toBe(57)
    expect(gunzip).toHaveBeenCalledTimes(2)
    expect(JSON.parse((await log.get(3))!.value!.toString()).i).toBe(3)
    expect(gunzip).toHaveBeenCalledTimes(3)
  })
})

describe.each(CODECS)('%s: damage', (codec) => {
  it('a flipped byte in the compressed payload is caught by the CRC and never returned', async () => {
    const dir = dirs.make()
    await threeBatches(dir, codec)
    const file = segmentPath(dir, 0, 'log')
    const bytes = fs.readFileSync(file)
    const second = walkBatches(bytes).batches[1]!
    bytes[second.position + 61 + Math.floor((second.size - 61) / 2)]! ^= 0x5a
    fs.writeFileSync(file, bytes)
    // A clean open trusts the file: the damage is met by readers.
    await using log = await Log.open(dir, { fsync: 'never' })
    const reader = log.reader()
    const first = await reader.read({ maxBytes: 1 << 20 })
    expect(first.map((r) => r.offset)).toEqual(Array.from({ length: 100 }, (_, i) => i))
    expect(await codeOf(reader.read())).toBe('KLOG_CORRUPT_SEGMENT')
    expect(syncCode(() => log.getSync(150))).toBe('KLOG_CORRUPT_SEGMENT')
    expect(await log.offsetForTimestamp(T0 + 50)).toBe(50)
    expect(await codeOf(log.offsetForTimestamp(T0 + 1050))).toBe('KLOG_CORRUPT_SEGMENT')
    expect(log.getSync(250)!.offset).toBe(250)
  })

  it('a payload cut short under a recomputed CRC is refused by the decoder, never decoded', async () => {
    const dir = dirs.make()
    await threeBatches(dir, codec)
    const file = segmentPath(dir, 0, 'log')
    const bytes = fs.readFileSync(file)
    const [a, b, c] = walkBatches(bytes).batches
    // Rebuild batch b with its compressed payload missing its last 9 bytes, CRC and length fixed.
    const shortened = Buffer.from(bytes.subarray(b!.position, b!.position + b!.size - 9))
    shortened.writeInt32BE(shortened.length - 12, 8)
    shortened.writeUInt32BE(crc32c(shortened.subarray(21)), 17)
    fs.writeFileSync(file, Buffer.concat([bytes.subarray(a!.position, a!.size), shortened, bytes.subarray(c!.position)]))
    for (const suffix of ['index', 'timeindex'] as const) fs.rmSync(segmentPath(dir, 0, suffix))
    makeUnclean(dir, 0)
    await using log = await Log.open(dir, { fsync: 'never' })
    expect(log.logEndOffset).toBe(300) // headers and CRCs are valid: recovery keeps the batch
    const reader = log.reader({ from: 100 })
    expect(await codeOf(reader.read())).toBe('KLOG_CORRUPT_SEGMENT')
    expect(syncCode(() => log.getSync(120))).toBe('KLOG_CORRUPT_SEGMENT')
    expect((await log.reader({ from: 200 }).read()).length).toBe(100)
  })

  it('a torn compressed tail is cut by recovery, and appends continue after it', async () => {
    const dir = dirs.make()
    await threeBatches(dir, codec)
    const file = segmentPath(dir, 0, 'log')
    const size = fs.statSync(file).size
    const last = walkBatches(fs.readFileSync(file)).batches[2]!
    fs.truncateSync(file, last.position + Math.floor(last.size / 2))
    makeUnclean(dir)
    await using log = await Log.open(dir, { fsync: 'never', compression: codec })
    expect(log.recovery!.bytesTruncated).toBe(Math.floor(last.size / 2))
    expect(fs.statSync(file).size).toBe(last.position)
    expect(size).toBeGreaterThan(last.position)
    expect(log.logEndOffset).toBe(200)
    const w = await log.writer()
    expect(await w.append(events('d', 10))).toEqual({ baseOffset: 200, lastOffset: 209 })
    const all = await readAll(log)
    expect(all.map((r) => JSON.parse(r.value!.toString()).tag as string).join('')).toBe('a'.repeat(100) + 'b'.repeat(100) + 'd'.repeat(10))
  })
})

/**
 * A batch as Kafka's cleaner rewrites one holding tombstones: attribute bit 0x40, the delete horizon
 * in the base timestamp, each record's delta rewritten against it (negative here), optionally
 * compressed (gzip, bit 1).
 */
function cleanedBatch(timestamps: number[], horizon: number, codecBits: number): Buffer {
  const body = Buffer.alloc(64 * timestamps.length)
  let p = 0
  timestamps.forEach((t, i) => {
    const rec = Buffer.alloc(64)
    let q = 0
    rec[q++] = 0
    q = writeVarlong(rec, q, t - horizon)
    q = writeVarint(rec, q, i)
    q = writeVarint(rec, q, 1)
    rec[q++] = 0x6b // key "k"
    if (i % 2 === 0) {
      q = writeVarint(rec, q, -1) // tombstone
    } else {
      q = writeVarint(rec, q, 1)
      rec[q++] = 0x76
    }
    q = writeVarint(rec, q, 0)
    p = writeVarint(body, p, q)
    rec.copy(body, p, 0, q)
    p += q
  })
  const records = codecBits === 1 ? zlib.gzipSync(body.subarray(0, p)) : body.subarray(0, p)
  const batch = Buffer.alloc(61 + records.length)
  batch.writeBigInt64BE(0n, 0)
  batch.writeInt32BE(batch.length - 12, 8)
  batch.writeInt32BE(-1, 12)
  batch[16] = 2
  batch.writeInt16BE(0x40 | codecBits, 21)
  batch.writeInt32BE(timestamps.length - 1, 23)
  batch.writeBigInt64BE(BigInt(horizon), 27)
  batch.writeBigInt64BE(BigInt(Math.max(...timestamps)), 35)
  batch.writeBigInt64BE(-1n, 43)
  batch.writeInt16BE(-1, 51)
  batch.writeInt32BE(-1, 53)
  batch.writeInt32BE(timestamps.length, 57)
  records.copy(batch, 61)
  batch.writeUInt32BE(crc32c(batch.subarray(21)), 17)
  return batch
}

describe('batches as Kafka’s cleaner leaves them', () => {
  it.each([0, 1])('reads the delete-horizon bit and negative deltas (codec bits %d)', async (codecBits) => {
    const dir = dirs.make()
    const timestamps = [T0 + 5, T0 + 1, T0 + 9, T0 + 3]
    const horizon = T0 + 86_400_000
    fs.writeFileSync(path.join(dir, '00000000000000000000.log'), cleanedBatch(timestamps, horizon, codecBits))
    await using log = await Log.open(dir, { fsync: 'never' })
    const got = await readAll(log)
    expect(got.map((r) => r.timestamp)).toEqual(timestamps)
    expect(got.map((r) => (r.value === null ? null : r.value.toString()))).toEqual([null, 'v', null, 'v'])
    expect(log.getSync(2)!.timestamp).toBe(T0 + 9)
    expect(await log.offsetForTimestamp(T0 + 6)).toBe(2)
  })
})
