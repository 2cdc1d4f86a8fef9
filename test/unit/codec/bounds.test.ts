/**
 * Issue 19 item 11: every decode is bounded before it allocates. The registry's `decompress(id, src,
 * maxLength)` produces at most `maxLength` bytes with every backend (native and pure), refusing a
 * payload that declares more (snappy's preamble, a zstd frame's content size) before the backend
 * allocates it, and stopping one that only turns out larger (gzip, zstd blocks, LZ4 blocks) at the
 * bound. A batch's bound is `min(64 MiB, recordsCount × 64 MiB)` (format/decode-limits.ts), which
 * `decodeBatch` applies to what it decompresses and to what a caller decompressed for it; the writer
 * never writes a batch beyond it.
 *
 * Peak RSS of the same crafted payloads through the whole read paths, in child processes: see
 * test/integration/decode-bounds.test.ts.
 */
import zlib from 'node:zlib'

import { afterEach, describe, expect, it, vi } from 'vitest'

import { LogError } from '../../../src/base/errors.js'
import { DecompressionBoundError } from '../../../src/codec/bound-error.js'
import { asyncDecompressor, compressorOf, decompress, resetCodecs } from '../../../src/codec/registry.js'
import { zstdShape } from '../../../src/codec/zstd-frames.js'
import { decodeBatch } from '../../../src/format/batch-records.js'
import { decompressedBound } from '../../../src/format/decode-limits.js'
import { Log } from '../../../src/index.js'
import { gzipBomb, lz4Bomb, snappyBomb, zstdBomb } from '../../helpers/bombs.js'
import { T0, craftBatch, denseRecords, recordsSection } from '../../helpers/crafted-batch.js'
import { codeOf } from '../../helpers/errors.js'
import { useTempDirs } from '../../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-bounds-')
const MiB = 1024 * 1024
const ID = { gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const

afterEach(() => {
  resetCodecs({ native: true })
  vi.restoreAllMocks()
})

/** The cause a bounded decode failed with: the registry wraps it in KLOG_CORRUPT_SEGMENT. */
function boundFailure(f: () => unknown): DecompressionBoundError {
  try {
    f()
  } catch (err) {
    expect(err).toBeInstanceOf(LogError)
    expect((err as LogError).code).toBe('KLOG_CORRUPT_SEGMENT')
    const cause = (err as LogError).cause
    expect(cause).toBeInstanceOf(DecompressionBoundError)
    return cause as DecompressionBoundError
  }
  throw new Error('the decode did not fail')
}

/** The largest `Buffer.allocUnsafe` request while `f` runs. */
function largestAllocation(f: () => unknown): number {
  let largest = 0
  const real = Buffer.allocUnsafe.bind(Buffer)
  vi.spyOn(Buffer, 'allocUnsafe').mockImplementation((n: number) => {
    largest = Math.max(largest, n)
    return real(n)
  })
  try {
    f()
  } catch {
    // the failure itself is checked by the caller
  }
  vi.restoreAllMocks()
  return largest
}

describe.each([true, false])('native packages %s', (native) => {
  it('a payload declaring more than the bound is refused before the backend allocates it', () => {
    resetCodecs({ native })
    // snappy: 7 bytes declaring 4 GiB. Before, the pure decoder allocated the 4 GiB.
    expect(boundFailure(() => decompress(ID.snappy, snappyBomb(), MiB)).declared).toBe(0xfffffff0)
    expect(largestAllocation(() => decompress(ID.snappy, snappyBomb(), MiB))).toBeLessThanOrEqual(MiB)
    // zstd: 18 bytes whose frame declares 1.5 GiB of content. Before, fzstd allocated it and returned
    // a 1.5 GiB buffer.
    expect(boundFailure(() => decompress(ID.zstd, zstdBomb(1, 1.5 * 2 ** 30), MiB)).declared).toBe(1.5 * 2 ** 30)
  })

  it('a payload that only turns out larger stops at the bound', () => {
    resetCodecs({ native })
    boundFailure(() => decompress(ID.gzip, gzipBomb(1), MiB))
    boundFailure(() => decompress(ID.zstd, zstdBomb(64), MiB))
    boundFailure(() => decompress(ID.lz4, lz4Bomb(64), MiB))
    expect(largestAllocation(() => decompress(ID.lz4, lz4Bomb(64), MiB))).toBeLessThanOrEqual(MiB)
  })

  it.each(['gzip', 'snappy', 'lz4', 'zstd'] as const)('%s: exactly the bound decodes, one byte less does not', async (codec) => {
    resetCodecs({ native: true }) // compress with the best backend...
    const data = Buffer.from(
      Array.from({ length: 300_000 }, (_, i) => `${i % 977} `)
        .join('')
        .slice(0, 300_000),
    )
    const payload = await compressorOf(codec)(data, undefined)
    resetCodecs({ native }) // ...and decode with the one under test
    expect(decompress(ID[codec], payload, data.length).equals(data)).toBe(true)
    boundFailure(() => decompress(ID[codec], payload, data.length - 1))
  })
})

describe('the readers’ asynchronous zstd decoder (libzstd, which takes no bound)', () => {
  it('runs only when the frames say the output fits; otherwise the bounded decoder answers', async () => {
    const inflate = asyncDecompressor(ID.zstd)
    if (inflate === undefined) return // zstd in node:zlib (Node >= 22.15): bounded by maxOutputLength
    const data = Buffer.alloc(200_000, 7)
    const payload = await compressorOf('zstd')(data, undefined)
    expect((await inflate(payload, data.length)).equals(data)).toBe(true)
    const err = await inflate(zstdBomb(8192), MiB).catch((e: unknown) => e)
    expect((err as LogError).code).toBe('KLOG_CORRUPT_SEGMENT')
    expect((err as LogError).cause).toBeInstanceOf(DecompressionBoundError)
    // Without a bound from its caller (the reader today), the default 64 MiB applies.
    expect(((await inflate(zstdBomb(8192)).catch((e: unknown) => e)) as LogError).cause).toBeInstanceOf(DecompressionBoundError)
  })

  it('zstdShape reads what each frame declares and the most its blocks regenerate', () => {
    expect(zstdShape(zstdBomb(3))).toEqual({
      frames: [{ contentSize: undefined, windowSize: 128 * 1024, maxOutput: 3 * 128 * 1024 }],
      maxOutput: 3 * 128 * 1024,
    })
    expect(zstdShape(zstdBomb(3, 5)).maxOutput).toBe(5)
    expect(() => zstdShape(zstdBomb(3).subarray(0, 10))).toThrow()
  })
})

describe('a batch’s bound: min(64 MiB, recordsCount × 64 MiB)', () => {
  const gz = (section: Buffer, recordsCount: number): Buffer =>
    craftBatch({
      payload: zlib.gzipSync(section),
      codec: ID.gzip,
      recordsCount,
      lastOffsetDelta: Math.max(0, recordsCount - 1),
      maxTimestamp: T0 + 10,
    })

  it('follows the record count', () => {
    expect(decompressedBound(0)).toBe(0)
    expect(decompressedBound(1)).toBe(64 * MiB)
    expect(decompressedBound(1000)).toBe(64 * MiB)
    expect(decompressedBound(3, { maxDecompressedBatchBytes: 64 * MiB, maxRecordBytes: 100 })).toBe(300)
  })

  it('an empty compressed batch must decompress to nothing', () => {
    expect(codeOfSync(() => decodeBatch(gz(Buffer.alloc(0), 0), 0, 0, [], Infinity))).toBe('did not throw')
    expect(codeOfSync(() => decodeBatch(gz(Buffer.alloc(10), 0), 0, 0, [], Infinity))).toBe('KLOG_CORRUPT_SEGMENT')
  })

  it('limits passed by the caller bound the decode, and what the caller decompressed itself', () => {
    const section = recordsSection(denseRecords(3))
    const batch = gz(section, 3)
    const limits = { maxDecompressedBatchBytes: 64 * MiB, maxRecordBytes: Math.floor(section.length / 3) - 1 }
    expect(decodeBatch(batch, 0, 0, [], Infinity)).toBe(3)
    expect(codeOfSync(() => decodeBatch(batch, 0, 0, [], Infinity, undefined, { limits }))).toBe('KLOG_CORRUPT_SEGMENT')
    expect(codeOfSync(() => decodeBatch(batch, 0, 0, [], Infinity, section, { limits }))).toBe('KLOG_CORRUPT_SEGMENT')
  })
})

describe('the writer writes nothing a reader would refuse', () => {
  it('a compressed append of a record larger than 64 MiB is KLOG_RECORD_TOO_LARGE, and nothing is written', async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { fsync: 'never', compression: 'gzip', maxBatchBytes: 16 * MiB })
    const w = await log.writer()
    expect(await codeOf(w.append({ value: Buffer.alloc(64 * MiB + 1) }))).toBe('KLOG_RECORD_TOO_LARGE')
    expect(log.logEndOffset).toBe(0)
    await w.append({ value: Buffer.alloc(8 * MiB) })
    expect(log.getSync(0)!.value!.length).toBe(8 * MiB)
  })
})

function codeOfSync(f: () => unknown): string {
  try {
    f()
  } catch (err) {
    return err instanceof LogError ? err.code : `not a LogError: ${String(err)}`
  }
  return 'did not throw'
}
