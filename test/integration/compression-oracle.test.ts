/**
 * kafkajs 2.2.4 with independent codec implementations as the oracle for compressed segments:
 * gzip (kafkajs's own, zlib), snappy (kafkajs-snappy: snappyjs, xerial-aware), lz4 (lz4js) and
 * zstd (@mongodb-js/zstd: the reference libzstd, not the fzstd decoder we read with).
 * - Our compressed segments decode in kafkajs: CRC-32C recomputed by kafkajs over the compressed
 *   bytes, codec bits, recordsCount, and every record.
 * - Batches kafkajs compresses (raw snappy without the xerial framing, lz4js frames with dependent
 *   blocks) read back through our log.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

import { beforeAll, describe, expect, it } from 'vitest'

import { Log, type CompressionType, type RecordInput } from '../../src/index.js'
import { readAll, segmentPath } from '../helpers/logs.js'
import { listLogBases, walkBatches } from '../helpers/segment-files.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { foldHeaders, kafkajsDecodeAll } from '../oracle/kafkajs.js'

const require = createRequire(import.meta.url)

const kafkajs: any = require('kafkajs')
const lz4js: any = require('lz4js')
const zstd: any = require('@mongodb-js/zstd')
const { RecordBatch }: { RecordBatch: (args: any) => Promise<any> } = require('kafkajs/src/protocol/recordBatch/v0/index')
const encodeRecordV0: (args: any) => any = require('kafkajs/src/protocol/recordBatch/record/v0/index')

const dirs = useTempDirs('kafka-lite-oracle-')
const CODECS: CompressionType[] = ['gzip', 'snappy', 'lz4', 'zstd']
const CODEC_ID: Record<CompressionType, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 }
const T0 = 1_700_000_000_000

beforeAll(() => {
  const { CompressionCodecs, CompressionTypes } = kafkajs
  CompressionCodecs[CompressionTypes.Snappy] = require('kafkajs-snappy')
  CompressionCodecs[CompressionTypes.LZ4] = () => ({
    compress: async (encoder: { buffer: Buffer }) => Buffer.from(lz4js.compress(encoder.buffer)),
    decompress: async (buf: Buffer) => Buffer.from(lz4js.decompress(buf)),
  })
  CompressionCodecs[CompressionTypes.ZSTD] = () => ({
    compress: async (encoder: { buffer: Buffer }) => zstd.compress(encoder.buffer),
    decompress: async (buf: Buffer) => zstd.decompress(buf),
  })
})

function records(tag: string, n: number, seed: number): RecordInput[] {
  return Array.from({ length: n }, (_, i) => ({
    key: (i + seed) % 4 === 0 ? null : `user-${(i * 7 + seed) % 50}`,
    value:
      (i + seed) % 9 === 0 ? null : JSON.stringify({ tag, i, amount: (i * 37) % 1000, item: `sku-${i % 40}`, note: 'x'.repeat(i % 30) }),
    headers:
      i % 3 === 0
        ? [
            { key: 'source', value: Buffer.from(tag) },
            { key: 'source', value: null },
            { key: 'n', value: Buffer.from(String(i)) },
          ]
        : [],
    timestamp: T0 + i * 10 - (i % 4) * 25,
  }))
}

describe('kafkajs decodes our compressed segments', () => {
  it.each([...CODECS, 'mixed' as const])('%s', async (which) => {
    const dir = dirs.make()
    const appended: { input: RecordInput; codec: number }[] = []
    {
      await using log = await Log.open(dir, { fsync: 'never', maxBatchBytes: 8192, segmentBytes: 24 * 1024 })
      const w = await log.writer()
      for (let a = 0; a < 12; a++) {
        const codec = which === 'mixed' ? (['none', ...CODECS] as CompressionType[])[a % 5]! : which
        const batch = records(`${which}-${a}`, 40 + a * 20, a)
        await w.append(batch, { compression: codec })
        for (const input of batch) appended.push({ input, codec: CODEC_ID[codec] })
      }
    }
    let offset = 0
    const bases = listLogBases(dir)
    expect(bases.length).toBeGreaterThan(1)
    for (const base of bases) {
      const file = fs.readFileSync(segmentPath(dir, base, 'log'))
      const walked = walkBatches(file)
      expect(walked.validBytes).toBe(file.length)
      const batches = await kafkajsDecodeAll(file)
      expect(batches.length).toBe(walked.batches.length)
      batches.forEach((b, i) => {
        const at = `segment ${base} batch ${i}`
        expect(b.computedCrc, `${at}: CRC-32C over the compressed bytes`).toBe(b.storedCrc)
        expect(b.magic, at).toBe(2)
        expect(file.readInt16BE(b.position + 21) & 7, `${at}: codec`).toBe(appended[Number(b.firstOffset)]!.codec)
        expect(b.size, `${at}: maxBatchBytes`).toBeLessThanOrEqual(8192)
        expect(b.records.length, `${at}: recordsCount`).toBe(walked.batches[i]!.recordCount)
        for (const r of b.records) {
          const want = appended[offset]!.input
          expect(Number(r.offset), at).toBe(offset)
          expect(Number(r.timestamp), at).toBe(want.timestamp)
          expect(r.key?.toString() ?? null, at).toBe(want.key ?? null)
          expect(r.value?.toString() ?? null, at).toBe(want.value)
          expect(r.headers, at).toEqual(foldHeaders((want.headers ?? []).map((h) => ({ key: h.key, value: h.value as Buffer | null }))))
          offset++
        }
      })
    }
    expect(offset).toBe(appended.length)
  })
})

describe('we read what kafkajs compresses', () => {
  it.each(CODECS)('%s (snappy raw, lz4 with dependent blocks, as kafkajs writes them)', async (codec) => {
    const dir = dirs.make()
    const parts: Buffer[] = []
    const want: RecordInput[] = []
    let base = 0
    for (let b = 0; b < 3; b++) {
      const batch = records(`kafkajs-${codec}`, 30 + b * 100, b).map((r) => ({ ...r, headers: [] }))
      const first = batch[0]!.timestamp!
      const encoder = await RecordBatch({
        compression: CODEC_ID[codec],
        firstOffset: base,
        firstTimestamp: first,
        maxTimestamp: Math.max(...batch.map((r) => r.timestamp!)),
        partitionLeaderEpoch: -1,
        lastOffsetDelta: batch.length - 1,
        producerId: -1,
        producerEpoch: -1,
        firstSequence: -1,
        records: batch.map((r, i) =>
          encodeRecordV0({ offsetDelta: i, timestampDelta: r.timestamp! - first, key: r.key ?? null, value: r.value, headers: {} }),
        ),
      })
      parts.push(Buffer.from(encoder.buffer as Buffer))
      want.push(...batch)
      base += batch.length
    }
    const file = Buffer.concat(parts)
    expect(walkBatches(file).batches.map((b) => file[b.position + 22]! & 7)).toEqual([1, 1, 1].map(() => CODEC_ID[codec]))
    if (codec === 'snappy') expect(file.subarray(61, 69).toString('latin1')).not.toBe('\x82SNAPPY\x00')
    if (codec === 'lz4') expect(file[61 + 4]! & 0x20).toBe(0)
    fs.writeFileSync(path.join(dir, '00000000000000000000.log'), file)
    await using log = await Log.open(dir, { fsync: 'never' })
    expect(log.recovery!.bytesTruncated).toBe(0)
    const got = await readAll(log)
    expect(got.map((r) => r.offset)).toEqual(want.map((_, i) => i))
    expect(got.map((r) => r.timestamp)).toEqual(want.map((r) => r.timestamp))
    expect(got.map((r) => r.key?.toString() ?? null)).toEqual(want.map((r) => r.key ?? null))
    expect(got.map((r) => r.value?.toString() ?? null)).toEqual(want.map((r) => r.value))
    expect(log.getSync(base - 1)!.value?.toString() ?? null).toBe(want[base - 1]!.value)
  })
})
