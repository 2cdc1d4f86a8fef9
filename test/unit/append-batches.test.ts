/**
 * `writer.appendBatches`: a producer's batches appended as they came (bytes kept, base offsets
 * stamped), through the same pipeline as `append()`; every refusal leaves the log exactly as it
 * was; LogAppendTime, partitionLeaderEpoch, the policy hook, limits, call order with `append()`.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Log, LogError, batchInfo, type CompressionType, type FsyncPolicy } from '../../src/index.js'
import { readAll } from '../helpers/logs.js'
import { fixCrc, ourBatch } from '../helpers/produced-batches.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-append-batches-')
const T0 = 1_700_000_000_000
const CODECS: CompressionType[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd']

const recs = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({ key: `${tag}-${i}`, value: `${tag}:${i}`, timestamp: T0 + i }))

/** Every file of `dir` with its bytes: what "the log is unchanged" compares. */
function snapshotFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const f of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, f)
    if (fs.statSync(p).isFile() && f !== '.kafka-lite-state') out[f] = fs.readFileSync(p).toString('hex')
  }
  return out
}

async function rejectionCode(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    if (err instanceof LogError) return err.code
    throw err
  }
  throw new Error('expected a rejection')
}

describe('writer.appendBatches', () => {
  it.each(['always', 'interval', 'never'] as FsyncPolicy[])('keeps the bytes, stamps base offsets (fsync %s)', async (fsync) => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { fsync })
    const w = await log.writer()
    await w.append({ value: 'first' })
    const batches = await Promise.all(
      CODECS.map((c, i) => ourBatch(recs(3 + i, c), c, { producerId: 9, producerEpoch: 1, baseSequence: i * 10 })),
    )
    const results = await Promise.all(batches.map((b) => w.appendBatches(b)))
    expect(results.map((r) => [r.baseOffset, r.lastOffset, r.logAppendTime])).toEqual([
      [1, 3, -1],
      [4, 7, -1],
      [8, 12, -1],
      [13, 18, -1],
      [19, 25, -1],
    ])
    const { records, nextOffset, highWatermark } = await log.readBatches({ from: 1, maxBytes: 1 << 20 })
    expect(nextOffset).toBe(26)
    expect(highWatermark).toBe(26)
    let at = 0
    batches.forEach((b, i) => {
      const stored = records.subarray(at, at + b.length)
      expect(stored.readBigInt64BE(0)).toBe(BigInt(results[i]!.baseOffset))
      expect(stored.subarray(8).equals(b.subarray(8)), `batch ${i} bytes`).toBe(true)
      expect(batchInfo(stored)).toMatchObject({ producerId: 9, producerEpoch: 1, baseSequence: i * 10, codec: i })
      at += b.length
    })
    expect(at).toBe(records.length)
    const all = await readAll(log)
    expect(all.map((r) => r.value?.toString())).toEqual(['first', ...CODECS.flatMap((c, i) => recs(3 + i, c).map((r) => r.value))])
    expect(all.map((r) => r.offset)).toEqual(Array.from({ length: 26 }, (_, i) => i))
  })

  it('the caller may reuse its buffer at once; several batches in one call are one all-or-nothing append', async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { fsync: 'always' })
    const w = await log.writer()
    const a = await ourBatch(recs(2, 'a'), 'none')
    const b = await ourBatch(recs(3, 'b'), 'gzip')
    const both = Buffer.concat([a, b])
    const pending = w.appendBatches(both)
    both.fill(0)
    expect(await pending).toEqual({ baseOffset: 0, lastOffset: 4, logAppendTime: -1 })
    const bad = Buffer.concat([a, b])
    bad[a.length + 70]! ^= 1
    const before = snapshotFiles(dir)
    expect(await rejectionCode(w.appendBatches(bad))).toBe('KLOG_CORRUPT_BATCH')
    expect(snapshotFiles(dir)).toEqual(before)
    expect(log.logEndOffset).toBe(5)
    expect((await w.append({ value: 'next' })).baseOffset).toBe(5)
  })

  it('LogAppendTime: every record reads back with the append time; partitionLeaderEpoch stamped', async () => {
    await using log = await Log.open(dirs.make(), { fsync: 'never' })
    const w = await log.writer()
    const before = Date.now()
    const r = await w.appendBatches(await ourBatch(recs(4, 'lat'), 'lz4'), { timestampType: 'LogAppendTime', partitionLeaderEpoch: 3 })
    expect(r.logAppendTime).toBeGreaterThanOrEqual(before)
    expect(r.logAppendTime).toBeLessThanOrEqual(Date.now())
    const { records } = await log.readBatches({ from: 0, maxBytes: 1000 })
    expect(batchInfo(records)).toMatchObject({ timestampType: 'LogAppendTime', maxTimestamp: r.logAppendTime, partitionLeaderEpoch: 3 })
    expect((await readAll(log)).map((x) => x.timestamp)).toEqual([r.logAppendTime, r.logAppendTime, r.logAppendTime, r.logAppendTime])
    expect((await log.offsetForTimestamp(r.logAppendTime)) ?? -1).toBe(0)
  })

  it('the check hook sees every batch before anything is queued; what it throws rejects the call', async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { fsync: 'never' })
    const w = await log.writer()
    const keyless = await ourBatch([{ value: 'no key', timestamp: T0 }], 'none')
    const seen: number[] = []
    const refuse = new LogError('KLOG_CORRUPT_BATCH', 'keyless')
    const check = (b: { keylessRecords: number; recordsCount: number }): void => {
      seen.push(b.recordsCount)
      if (b.keylessRecords > 0) throw refuse
    }
    const before = snapshotFiles(dir)
    await expect(w.appendBatches(Buffer.concat([await ourBatch(recs(2, 'k'), 'none'), keyless]), { check })).rejects.toBe(refuse)
    expect(seen).toEqual([2, 1])
    expect(snapshotFiles(dir)).toEqual(before)
    expect((await w.appendBatches(await ourBatch(recs(2, 'k'), 'none'), { check })).baseOffset).toBe(0)
  })

  it('limits: maxBatchBytes (option or the log’s), segmentBytes, maxUncompressedBytes', async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { fsync: 'never', maxBatchBytes: 4096, segmentBytes: 8192 })
    const w = await log.writer()
    const big = await ourBatch(
      Array.from({ length: 40 }, (_, i) => ({ value: `v${i}`.repeat(60), timestamp: T0 })),
      'none',
    )
    expect(big.length).toBeGreaterThan(4096)
    expect(await rejectionCode(w.appendBatches(big))).toBe('KLOG_RECORD_TOO_LARGE')
    expect(await rejectionCode(w.appendBatches(big, { maxBatchBytes: big.length - 1 }))).toBe('KLOG_RECORD_TOO_LARGE')
    const twice = Buffer.concat([big, big, big, big])
    expect(await rejectionCode(w.appendBatches(twice, { maxBatchBytes: big.length }))).toBe('KLOG_RECORD_TOO_LARGE') // > segmentBytes
    const zeros = await ourBatch([{ value: Buffer.alloc(100_000), timestamp: T0 }], 'gzip')
    expect(await rejectionCode(w.appendBatches(zeros, { maxUncompressedBytes: 50_000 }))).toBe('KLOG_RECORD_TOO_LARGE')
    expect(log.logEndOffset).toBe(0)
    expect((await w.appendBatches(big, { maxBatchBytes: big.length })).lastOffset).toBe(39)
    expect((await w.appendBatches(zeros)).baseOffset).toBe(40)
  })

  it('keeps call order with append(), also behind an append still compressing', async () => {
    await using log = await Log.open(dirs.make(), { fsync: 'always' })
    const w = await log.writer()
    const order = await Promise.all([
      w.append(recs(50, 'z'), { compression: 'zstd' }),
      w.appendBatches(await ourBatch(recs(2, 'p'), 'none')),
      w.append({ value: 'plain' }),
      w.appendBatches(await ourBatch(recs(3, 'q'), 'snappy')),
    ])
    expect(order.map((r) => r.baseOffset)).toEqual([0, 50, 52, 53])
    expect((await readAll(log)).map((r) => r.value?.toString()).slice(49, 56)).toEqual(['z:49', 'p:0', 'p:1', 'plain', 'q:0', 'q:1', 'q:2'])
  })

  it('survives a reopen: recovery accepts the producer batches', async () => {
    const dir = dirs.make()
    {
      await using log = await Log.open(dir, { fsync: 'never', segmentBytes: 2048 })
      const w = await log.writer()
      for (let i = 0; i < 20; i++)
        await w.appendBatches(await ourBatch(recs(5, `r${i}`), CODECS[i % 5]!, { producerId: 1, producerEpoch: 0, baseSequence: i * 5 }))
    }
    fs.rmSync(path.join(dir, '.kafka_cleanshutdown'))
    await using again = await Log.open(dir)
    expect(again.recovery?.bytesTruncated).toBe(0)
    expect(again.logEndOffset).toBe(100)
    expect((await readAll(again)).map((r) => r.value?.toString())[99]).toBe('r19:4')
  })

  it('argument errors throw synchronously; a closed writer rejects', async () => {
    await using log = await Log.open(dirs.make(), { fsync: 'never' })
    const w = await log.writer()
    const b = await ourBatch(recs(1, 'x'), 'none')
    expect(() => w.appendBatches('nope' as unknown as Buffer)).toThrow(TypeError)
    expect(() => w.appendBatches(b, { timestampType: 'Now' as 'CreateTime' })).toThrow(RangeError)
    expect(() => w.appendBatches(b, { partitionLeaderEpoch: -2 })).toThrow(RangeError)
    expect(() => w.appendBatches(b, { maxBatchBytes: 0 })).toThrow(RangeError)
    expect(() => w.appendBatches(b, { chek: () => {} } as never)).toThrow(TypeError)
    await w.close()
    expect(await rejectionCode(w.appendBatches(b))).toBe('KLOG_CLOSED')
  })

  it('a flipped bit anywhere the CRC or framing covers is refused; the base offset and leader epoch fields are free', async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { fsync: 'never' })
    const w = await log.writer()
    const good = await ourBatch(recs(3, 'f'), 'none')
    const before = snapshotFiles(dir)
    for (let byte = 8; byte < good.length; byte++) {
      if (byte >= 12 && byte < 16) continue
      const bad = Buffer.from(good)
      bad[byte]! ^= 1 << (byte % 8)
      expect(await rejectionCode(w.appendBatches(bad)), `byte ${byte}`).toBe('KLOG_CORRUPT_BATCH')
    }
    expect(snapshotFiles(dir)).toEqual(before)
    const free = Buffer.from(good)
    free[3]! ^= 0xff
    free[13]! ^= 0xff
    expect((await w.appendBatches(free)).baseOffset).toBe(0)
    // recordsCount changed with its CRC fixed: caught by the records, not the CRC.
    const counted = Buffer.from(good)
    counted.writeInt32BE(2, 57)
    counted.writeInt32BE(1, 23)
    fixCrc(counted)
    expect(await rejectionCode(w.appendBatches(counted))).toBe('KLOG_CORRUPT_BATCH')
  })
})
