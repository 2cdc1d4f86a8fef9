/**
 * The codec registry (src/codec/registry.ts) through the public API: which backend serves each
 * codec, the pure fallbacks reading what the native packages wrote, `KLOG_UNSUPPORTED_CODEC` when
 * a codec cannot be written, and the validation of the `compression` option.
 */
import fs from 'node:fs'
import zlib from 'node:zlib'

import { afterEach, describe, expect, it } from 'vitest'

import { resetCodecs } from '../../../src/codec/registry.js'
import { Log, compressionBackends, type CompressionType, type RecordInput } from '../../../src/index.js'
import { codeOf } from '../../helpers/errors.js'
import { mulberry32 } from '../../helpers/random.js'
import { readAll, segmentPath } from '../../helpers/logs.js'
import { walkBatches } from '../../helpers/segment-files.js'
import { useTempDirs } from '../../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-codec-')
const CODECS: CompressionType[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd']
const ZLIB_ZSTD = typeof (zlib as unknown as Record<string, unknown>).zstdCompressSync === 'function'

afterEach(() => resetCodecs({ native: true }))

function records(tag: string, n: number): RecordInput[] {
  return Array.from({ length: n }, (_, i) => ({
    key: i % 3 === 0 ? null : `key-${i % 17}`,
    value: i % 11 === 0 ? null : JSON.stringify({ tag, i, user: `user-${i % 23}`, event: 'page_view', path: `/p/${i % 9}` }),
    headers:
      i % 4 === 0
        ? [
            { key: 'trace', value: Buffer.from(`t${i}`) },
            { key: 'trace', value: null },
          ]
        : [],
    timestamp: 1_700_000_000_000 + i * 7 - (i % 5) * 3,
  }))
}

describe('compressionBackends', () => {
  it('names the native packages when they load', () => {
    const b = compressionBackends()
    expect(b.gzip).toEqual({ read: 'node:zlib', scan: 'node:zlib', write: 'node:zlib' })
    expect(b.snappy).toEqual({ read: 'snappy', scan: 'snappy', write: 'snappy' })
    expect(b.lz4).toEqual({ read: 'lz4-napi', scan: 'lz4-napi', write: 'lz4-napi' })
    expect(b.zstd).toEqual(
      ZLIB_ZSTD
        ? { read: 'node:zlib', scan: 'node:zlib', write: 'node:zlib' }
        : { read: 'fzstd', scan: '@mongodb-js/zstd', write: '@mongodb-js/zstd' },
    )
  })

  it('falls back to the pure decoders without them, and says zstd cannot be written', () => {
    resetCodecs({ native: false })
    const b = compressionBackends()
    expect(b.snappy).toEqual({ read: 'js', scan: 'js', write: 'js' })
    expect(b.lz4).toEqual({ read: 'js', scan: 'js', write: 'js' })
    expect(b.zstd).toEqual(
      ZLIB_ZSTD ? { read: 'node:zlib', scan: 'node:zlib', write: 'node:zlib' } : { read: 'fzstd', scan: 'fzstd', write: null },
    )
  })
})

describe('without the native packages', () => {
  it('reads every codec the native packages wrote, and writes snappy and lz4 that they read', async () => {
    const dir = dirs.make()
    const expected: RecordInput[] = []
    {
      await using log = await Log.open(dir, { fsync: 'never' })
      const w = await log.writer()
      for (const c of CODECS) {
        const batch = records(c, 300)
        await w.append(batch, { compression: c })
        expected.push(...batch)
      }
    }
    resetCodecs({ native: false })
    {
      await using log = await Log.open(dir, { fsync: 'never' })
      const got = await readAll(log)
      expect(got.map((r) => r.value?.toString() ?? null)).toEqual(expected.map((r) => r.value))
      expect(got.map((r) => r.timestamp)).toEqual(expected.map((r) => r.timestamp))
      const w = await log.writer()
      for (const c of ['snappy', 'lz4'] as const) {
        const batch = records(`js-${c}`, 300)
        await w.append(batch, { compression: c })
        expected.push(...batch)
      }
    }
    resetCodecs({ native: true })
    await using log = await Log.open(dir, { fsync: 'never' })
    const got = await readAll(log)
    expect(got.map((r) => r.value?.toString() ?? null)).toEqual(expected.map((r) => r.value))
  })

  it.skipIf(ZLIB_ZSTD)('rejects a zstd append with KLOG_UNSUPPORTED_CODEC and writes nothing', async () => {
    resetCodecs({ native: false })
    const dir = dirs.make()
    await using log = await Log.open(dir, { fsync: 'never', compression: 'zstd' })
    const w = await log.writer()
    await w.append({ value: 'a' }, { compression: 'none' })
    expect(await codeOf(w.append({ value: 'b' }))).toBe('KLOG_UNSUPPORTED_CODEC')
    expect(await codeOf(w.append({ value: 'c' }, { compression: { type: 'zstd', level: 1 } }))).toBe('KLOG_UNSUPPORTED_CODEC')
    expect(await w.append({ value: 'd' }, { compression: 'gzip' })).toEqual({ baseOffset: 1, lastOffset: 1 })
    expect((await readAll(log)).map((r) => r.value!.toString())).toEqual(['a', 'd'])
  })
})

describe('the compression option', () => {
  it('compresses with the log default and with a per-append override, in the codec bits', async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { fsync: 'never', compression: { type: 'gzip', level: 1 } })
    const w = await log.writer()
    await w.append(records('a', 50))
    await w.append(records('b', 50), { compression: 'lz4' })
    await w.append(records('c', 50), { compression: { type: 'zstd', level: 19 } })
    await w.append(records('d', 50), { compression: 'none' })
    await w.append(records('e', 50), {})
    await w.flush()
    const file = fs.readFileSync(segmentPath(dir, 0, 'log'))
    const codecs = walkBatches(file).batches.map((b) => file[b.position + 22]! & 7)
    expect(codecs).toEqual([1, 3, 4, 0, 1])
  })

  it('rejects wrong types and ranges synchronously', async () => {
    const dir = dirs.make()
    await expect(Log.open(dir, { compression: 'brotli' as CompressionType })).rejects.toThrow(RangeError)
    await expect(Log.open(dir, { compression: { type: 'gzip', level: 10 } })).rejects.toThrow(RangeError)
    await expect(Log.open(dir, { compression: { type: 'lz4', level: 1 } })).rejects.toThrow(RangeError)
    await expect(Log.open(dir, { compression: 3 as unknown as CompressionType })).rejects.toThrow(TypeError)
    await using log = await Log.open(dir, { fsync: 'never' })
    const w = await log.writer()
    expect(() => w.append({ value: 'x' }, { compression: 'xz' as CompressionType })).toThrow(RangeError)
    expect(() => w.append({ value: 'x' }, { compression: { type: 'zstd', level: 23 } })).toThrow(RangeError)
    expect(() => w.append({ value: 'x' }, { compression: { type: 'snappy', level: 1 } })).toThrow(RangeError)
    expect(() => w.append({ value: 'x' }, 'gzip' as never)).toThrow(TypeError)
    expect(log.logEndOffset).toBe(0)
  })
})

describe('appends with an asynchronous compressor', () => {
  it('keep call order across codecs, and a refused append in the middle leaves no gap', async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { fsync: 'never', maxBatchBytes: 4096 })
    const w = await log.writer()
    const rand = mulberry32(1)
    const random = Buffer.from(Array.from({ length: 6000 }, () => Math.floor(rand() * 256)))
    const results = await Promise.allSettled([
      w.append(records('big', 3000), { compression: 'zstd' }),
      w.append({ value: random }, { compression: 'zstd' }),
      w.append(records('plain', 5)),
      w.append(records('small', 5), { compression: 'zstd' }),
      w.append(records('gzip', 5), { compression: 'gzip' }),
    ])
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as { code: string }).code))).toEqual([
      { baseOffset: 0, lastOffset: 2999 },
      'KLOG_RECORD_TOO_LARGE',
      { baseOffset: 3000, lastOffset: 3004 },
      { baseOffset: 3005, lastOffset: 3009 },
      { baseOffset: 3010, lastOffset: 3014 },
    ])
    await w.flush()
    const tags = (await readAll(log)).map((r) => (r.value === null ? null : (JSON.parse(r.value.toString()) as { tag: string }).tag))
    expect(tags.filter((t) => t !== null)).toEqual([
      ...records('big', 3000)
        .filter((r) => r.value !== null)
        .map(() => 'big'),
      ...records('plain', 5)
        .filter((r) => r.value !== null)
        .map(() => 'plain'),
      ...records('small', 5)
        .filter((r) => r.value !== null)
        .map(() => 'small'),
      ...records('gzip', 5)
        .filter((r) => r.value !== null)
        .map(() => 'gzip'),
    ])
  })
})
