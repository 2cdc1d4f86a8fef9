/**
 * Issue 19 item 3: a batch whose records disagree with its header (valid CRC, any codec) is never
 * served. Before, a reader got a repeated offset, two different records for one offset, or offsets
 * going backwards; `get` of an offset the header covers said `undefined`; the cleaner rewrote the
 * batch; `verify` said OK. Now every decode path (readers, point reads, time lookups, the cleaner,
 * `verify`, `dump`) runs the one record walk of src/format/batch-records.ts and reports
 * `KLOG_CORRUPT_SEGMENT` with the file and the batch's position, after serving everything before it.
 *
 * Each log is written by hand (test/helpers/crafted-batch.ts): segment 0 holds a good batch (offsets
 * 0-2) and the bad one (offsets 3-6); segment 7 holds a good batch (7-9), so segment 0 is sealed.
 */
import fs from 'node:fs'
import zlib from 'node:zlib'

import { describe, expect, it } from 'vitest'

import { compressorOf } from '../../src/codec/registry.js'
import { Log, LogError, type LogRecord } from '../../src/index.js'
import { dump, type DumpItem } from '../../src/inspect/dump.js'
import { verify } from '../../src/inspect/verify.js'
import { type CraftedRecord, T0, craftBatch, denseRecords, plainBatch, recordsSection, writeOnlySegment } from '../helpers/crafted-batch.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-damage-records-')
type Codec = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd'
const CODEC_IDS: Record<Codec, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 }

/** Four records at offsets 3-6 of the bad batch, with a wrong twist per case. */
const CASES: Array<[string, (r: CraftedRecord[]) => { records: CraftedRecord[]; count?: number; last?: number; max?: number }]> = [
  ['a repeated offset delta (two records for offset 4)', (r) => ({ records: r.map((x, i) => ({ ...x, offsetDelta: i === 2 ? 1 : i })) })],
  ['offset deltas going backwards', (r) => ({ records: r.map((x, i) => ({ ...x, offsetDelta: [0, 2, 1, 3][i]! })) })],
  ['an offset delta beyond lastOffsetDelta', (r) => ({ records: r.map((x, i) => ({ ...x, offsetDelta: i === 3 ? 9 : i })) })],
  ['more records than recordsCount', (r) => ({ records: r, count: 3 })],
  ['a timestamp above maxTimestamp', (r) => ({ records: r, max: T0 + 11 })],
]

async function badBatch(codec: Codec, twist: (typeof CASES)[number][1]): Promise<Buffer> {
  const base = denseRecords(4, (i) => Buffer.from(`bad${i}`)).map((r) => ({ ...r, timestampDelta: r.timestampDelta! }))
  const { records, count, last, max } = twist(base)
  const section = recordsSection(records)
  const payload = codec === 'none' ? section : codec === 'gzip' ? zlib.gzipSync(section) : await compressorOf(codec)(section, undefined)
  return craftBatch({
    baseOffset: 3,
    payload,
    codec: CODEC_IDS[codec],
    recordsCount: count ?? 4,
    lastOffsetDelta: last ?? 3,
    baseTimestamp: T0 + 10,
    maxTimestamp: max ?? T0 + 13,
  })
}

/** Writes the log of the module doc; returns the bad batch's position and segment 0's path. */
async function craftLog(dir: string, codec: Codec, twist: (typeof CASES)[number][1]): Promise<{ file: string; position: number }> {
  const first = plainBatch(denseRecords(3))
  const file = writeOnlySegment(dir, [first, await badBatch(codec, twist)])
  writeOnlySegment(dir, [plainBatch(denseRecords(3), { baseOffset: 7, baseTimestamp: T0 + 20, maxTimestamp: T0 + 22 })], 7)
  return { file, position: first.length }
}

async function attempt<T>(f: () => Promise<T> | T): Promise<{ value?: T; error?: LogError }> {
  try {
    return { value: await f() }
  } catch (err) {
    if (!(err instanceof LogError)) throw err
    return { error: err }
  }
}

describe.each(Object.keys(CODEC_IDS) as Codec[])('%s', (codec) => {
  it.each(CASES)('%s: every decode path reports KLOG_CORRUPT_SEGMENT at the batch, never a record of it', async (_, twist) => {
    const dir = dirs.make()
    const where = await craftLog(dir, codec, twist)
    const expectAtBatch = (err: LogError | undefined, fileKnown = true): void => {
      expect(err?.code).toBe('KLOG_CORRUPT_SEGMENT')
      if (!fileKnown) return
      expect(err?.file).toBe(where.file)
      expect(err?.position).toBe(where.position)
    }

    await using log = await Log.open(dir, { fsync: 'never' })
    expect(log.logEndOffset).toBe(10)

    // A reader never hands out a record of the batch, nor an offset twice or backwards: read one
    // record at a time it serves 0-2, then stops at the batch.
    const reader = log.reader()
    const served: number[] = []
    const read = await attempt(async () => {
      for (;;) {
        const got = await reader.read({ maxRecords: 1 })
        if (got.length === 0) return
        served.push(...got.map((r) => r.offset))
      }
    })
    expect(served).toEqual([0, 1, 2])
    // The fetch's decode is its record check (src/read/fetch.ts): whatever the codec, and whether or
    // not recovery's walk CRC-checked the batch, the reader names the file and the batch's position.
    expectAtBatch(read.error)
    // Read in bigger chunks, it serves the records before the bad batch first (a compressed batch's
    // records used to fail the whole fetch, good records before it included), then stops at it.
    const seen: LogRecord[] = []
    const iterated = await attempt(async () => {
      for await (const r of log.reader()) seen.push(r)
    })
    expect(seen.map((r) => r.offset)).toEqual([0, 1, 2])
    expectAtBatch(iterated.error)
    expectAtBatch((await attempt(() => log.reader({ from: 5 }).read())).error)

    // Point reads and time lookups name the file and position whatever the codec.
    for (const offset of [3, 4, 5, 6]) expectAtBatch((await attempt(() => log.getSync(offset))).error)
    expectAtBatch((await attempt(() => log.get(4))).error)
    expectAtBatch((await attempt(() => log.offsetForTimestamp(T0 + 11))).error)
    // Around the batch everything is still served.
    expect(log.getSync(2)!.value!.toString()).toBe('v2')
    expect(log.getSync(8)!.value!.toString()).toBe('v1')

    // The cleaner stops before writing anything.
    const w = await log.writer()
    expectAtBatch((await attempt(() => w.compact())).error)
    expect(fs.existsSync(`${dir}/.cleaner`)).toBe(false)
    await w.close()

    // verify reports the batch; dump --records stops at it, printing no record of it.
    const report = verify(dir)
    expect(report.ok).toBe(false)
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'corrupt-records', file: where.file, position: where.position }))
    const items: DumpItem[] = []
    await dump(where.file, { records: true }, (item) => void items.push(item))
    const batches = items.filter((i) => i.kind === 'batch')
    expect(batches.map((b) => b.kind === 'batch' && b.records!.map((r) => r.offset))).toEqual([[0, 1, 2]])
    expect(items.at(-1)).toMatchObject({ kind: 'end', end: { kind: 'corrupt', position: where.position } })
  })
})

describe('a compressed payload that does not decompress (valid CRC)', () => {
  it.each(['gzip', 'snappy', 'lz4', 'zstd'] as const)(
    '%s: a reader serves the compressed batch before it, then reports the batch; the decompression started ahead of it is dropped',
    async (codec) => {
      const dir = dirs.make()
      const section = recordsSection(denseRecords(3))
      const good = craftBatch({
        payload: codec === 'gzip' ? zlib.gzipSync(section) : await compressorOf(codec)(section, undefined),
        codec: CODEC_IDS[codec],
        recordsCount: 3,
        lastOffsetDelta: 2,
        baseTimestamp: T0,
        maxTimestamp: T0 + 2,
      })
      // Bytes no codec decodes, under a CRC that holds: only the decompression can tell.
      const garbage = craftBatch({
        baseOffset: 3,
        payload: Buffer.alloc(64, 0xa5),
        codec: CODEC_IDS[codec],
        recordsCount: 4,
        lastOffsetDelta: 3,
      })
      const file = writeOnlySegment(dir, [good, garbage])
      writeOnlySegment(dir, [plainBatch(denseRecords(3), { baseOffset: 7, baseTimestamp: T0 + 20, maxTimestamp: T0 + 22 })], 7)
      await using log = await Log.open(dir, { fsync: 'never' })
      const seen: number[] = []
      const iterated = await attempt(async () => {
        for await (const r of log.reader()) seen.push(r.offset)
      })
      expect(seen).toEqual([0, 1, 2])
      expect(iterated.error?.code).toBe('KLOG_CORRUPT_SEGMENT')
      expect(iterated.error?.file).toBe(file)
      expect(iterated.error?.position).toBe(good.length)
      // Read from the good batch with room for one record: the decompression of the bad batch that
      // started ahead is never awaited, and fails on its own without an unhandled rejection.
      expect((await log.reader().read({ maxRecords: 1 })).map((r) => r.offset)).toEqual([0])
    },
  )
})
