/**
 * Round trips through the public API for every codec: random records (null keys and values,
 * repeated and null headers, timestamps in any order so deltas go negative), random batch and
 * segment limits, a codec per append (mixed codecs in one segment), appends awaited one by one or
 * fired together (an asynchronous compressor must not reorder them). Checked after the appends,
 * after a clean reopen and after an unclean one (recovery and index rebuild over compressed
 * batches):
 * - iteration, `read()` in random chunk sizes and `getSync` return exactly the appended records;
 * - every batch on disk carries its append's codec in attribute bits 0-2, fits `maxBatchBytes`
 *   (compressed bytes), and the rebuilt indexes equal Kafka's rule over the batches.
 *
 * Replay: fast-check prints the seed; `COMPRESSION_SEED=<seed> COMPRESSION_RUNS=<n>`.
 */
import fs from 'node:fs'

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { Log, type CompressionType, type LogRecord, type RecordInput } from '../../src/index.js'
import { makeUnclean, segmentPath } from '../helpers/logs.js'
import { kafkaIndexes, listLogBases, walkBatches } from '../helpers/segment-files.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-compression-')
const RUNS = Number(process.env.COMPRESSION_RUNS ?? 25)
const SEED = process.env.COMPRESSION_SEED === undefined ? undefined : Number(process.env.COMPRESSION_SEED)
const CODEC_ID: Record<CompressionType, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 }
const T0 = 1_700_000_000_000

interface Expected {
  key: Buffer | null
  value: Buffer | null
  headers: { key: string; value: Buffer | null }[]
  timestamp: number
}

const words = ['user', 'click', 'view', 'order', '{"id":', '"name":', 'true', 'null', '0', '42', '"path":"/a/b"', ',']
const jsonish = fc.array(fc.constantFrom(...words), { maxLength: 60 }).map((w) => Buffer.from(w.join('')))
const bytes = fc.oneof(
  jsonish,
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
)
const recordArb: fc.Arbitrary<Expected> = fc.record({
  key: fc.option(bytes, { freq: 3 }),
  value: fc.option(fc.oneof(bytes, fc.constant(Buffer.from('x'.repeat(2000)))), { freq: 5 }),
  headers: fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'trace-id', ''), value: fc.option(bytes, { freq: 3 }) }), { maxLength: 3 }),
  timestamp: fc.integer({ min: T0 - 100_000, max: T0 + 100_000 }),
})
const codecArb = fc.constantFrom<CompressionType>('none', 'gzip', 'snappy', 'lz4', 'zstd')
const compressionArb = fc.oneof(
  codecArb,
  fc.constantFrom({ type: 'gzip' as const, level: 1 }, { type: 'zstd' as const, level: 10 }, { type: 'zstd' as const, level: -3 }),
)
const appendArb = fc.record({ records: fc.array(recordArb, { minLength: 1, maxLength: 60 }), compression: fc.option(compressionArb) })

function typeOf(c: CompressionType | { type: CompressionType }): CompressionType {
  return typeof c === 'string' ? c : c.type
}

function same(got: readonly LogRecord[], want: readonly Expected[], from: number, what: string): void {
  expect(got.length, `${what}: count`).toBe(want.length - from)
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!
    const w = want[from + i]!
    const at = `${what}: offset ${from + i}`
    expect(g.offset, at).toBe(from + i)
    expect(g.timestamp, at).toBe(w.timestamp)
    expect(g.key, at).toEqual(w.key)
    expect(g.value, at).toEqual(w.value)
    expect(g.headers, at).toEqual(w.headers)
  }
}

async function checkLog(
  log: Log,
  dir: string,
  want: readonly Expected[],
  codecs: readonly number[],
  maxBatchBytes: number,
  what: string,
  chunks: number[],
  probes: number[],
): Promise<void> {
  const all: LogRecord[] = []
  for await (const r of log.reader()) all.push(r)
  same(all, want, 0, `${what} iteration`)
  const reader = log.reader()
  const chunked: LogRecord[] = []
  for (let i = 0; ; i++) {
    const got = await reader.read({ maxRecords: chunks[i % chunks.length]!, maxBytes: 1 + ((i * 997) % 5000) })
    if (got.length === 0) break
    chunked.push(...got)
    expect(reader.position, `${what}: reader position`).toBe(chunked.length)
  }
  same(chunked, want, 0, `${what} chunked read`)
  for (const p of probes) {
    const offset = p % want.length
    const r = log.getSync(offset)
    expect(r, `${what} getSync ${offset}`).toBeDefined()
    same([r!], want.slice(0, offset + 1), offset, `${what} getSync`)
  }
  // Every batch: its append's codec, within maxBatchBytes, and the indexes Kafka's rule gives.
  let offset = 0
  for (const base of listLogBases(dir)) {
    const file = fs.readFileSync(segmentPath(dir, base, 'log'))
    const { batches, validBytes } = walkBatches(file)
    expect(validBytes, `${what}: whole batches`).toBe(file.length)
    for (const b of batches) {
      expect(b.baseOffset, `${what}: contiguous offsets`).toBe(offset)
      expect(b.size, `${what}: batch at ${b.baseOffset} fits maxBatchBytes`).toBeLessThanOrEqual(maxBatchBytes)
      for (let o = b.baseOffset; o <= b.lastOffset; o++) {
        expect(file[b.position + 22]! & 7, `${what}: codec of offset ${o}`).toBe(codecs[o])
      }
      offset = b.lastOffset + 1
    }
  }
  expect(offset, `${what}: batches cover every offset`).toBe(want.length)
}

describe('compressed round trips through the public API', () => {
  it('returns exactly what was appended, for every codec and mix of codecs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(appendArb, { minLength: 1, maxLength: 8 }),
        fc.record({
          logCompression: compressionArb,
          maxBatchBytes: fc.constantFrom(600, 3000, 50_000, 1 << 20),
          segmentBytes: fc.constantFrom(4096, 40_000, 1 << 30),
          together: fc.boolean(),
          chunks: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
          probes: fc.array(fc.nat(), { minLength: 1, maxLength: 10 }),
        }),
        async (appends, cfg) => {
          const dir = dirs.make()
          const options = {
            fsync: 'never' as const,
            compression: cfg.logCompression,
            maxBatchBytes: cfg.maxBatchBytes,
            segmentBytes: cfg.segmentBytes,
            indexIntervalBytes: 512,
          }
          const want: Expected[] = []
          const codecs: number[] = []
          {
            await using log = await Log.open(dir, options)
            const w = await log.writer()
            const calls = appends.map((a) => () => {
              const input: RecordInput[] = a.records.map((r) => ({ ...r }))
              return a.compression === null ? w.append(input) : w.append(input, { compression: a.compression })
            })
            const results = cfg.together ? await Promise.allSettled(calls.map((c) => c())) : []
            if (!cfg.together)
              for (const c of calls)
                results.push(
                  await c().then(
                    (value) => ({ status: 'fulfilled' as const, value }),
                    (reason: unknown) => ({ status: 'rejected' as const, reason }),
                  ),
                )
            for (let i = 0; i < appends.length; i++) {
              const r = results[i]!
              // Records larger than maxBatchBytes even compressed (or an append past segmentBytes) are refused whole.
              if (r.status === 'rejected') {
                expect((r.reason as { code?: string }).code).toBe('KLOG_RECORD_TOO_LARGE')
                continue
              }
              expect(r.value.baseOffset, 'offsets follow call order').toBe(want.length)
              const a = appends[i]!
              const codec = CODEC_ID[typeOf(a.compression ?? cfg.logCompression)]
              for (const rec of a.records) {
                want.push(rec)
                codecs.push(codec)
              }
              expect(r.value.lastOffset).toBe(want.length - 1)
            }
            if (want.length === 0) return
            await w.flush()
            await checkLog(log, dir, want, codecs, cfg.maxBatchBytes, 'written', cfg.chunks, cfg.probes)
          }
          {
            await using log = await Log.open(dir, options)
            await checkLog(log, dir, want, codecs, cfg.maxBatchBytes, 'reopened', cfg.chunks, cfg.probes)
          }
          const before = listLogBases(dir).map((b) => [
            fs.readFileSync(segmentPath(dir, b, 'index')),
            fs.readFileSync(segmentPath(dir, b, 'timeindex')),
          ])
          makeUnclean(dir, 0)
          {
            await using log = await Log.open(dir, options)
            expect(log.recovery?.bytesTruncated ?? 0).toBe(0)
            await checkLog(log, dir, want, codecs, cfg.maxBatchBytes, 'recovered', cfg.chunks, cfg.probes)
          }
          // Recovery rebuilt the indexes from the compressed batches' headers: the same bytes as before.
          listLogBases(dir).forEach((b, i) => {
            const file = fs.readFileSync(segmentPath(dir, b, 'log'))
            const model = kafkaIndexes(walkBatches(file).batches, b, 512, true)
            expect(fs.readFileSync(segmentPath(dir, b, 'index')).equals(before[i]![0]!)).toBe(true)
            expect(fs.readFileSync(segmentPath(dir, b, 'index')).equals(model.index)).toBe(true)
          })
        },
      ),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    )
  })
})
