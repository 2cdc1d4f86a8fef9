import { describe, expect, it } from 'vitest'

import type { CodecType } from '../../../src/base/compression.js'
import { CODEC_IDS } from '../../../src/base/compression.js'
import { compressionBackends } from '../../../src/codec/registry.js'
import { encodeCompressed, type EncodedAppend } from '../../../src/format/batch-encoder.js'
import { crc32c } from '../../../src/format/crc32c.js'
import { prepareRecords, type LogRecord } from '../../../src/format/record.js'
import { BATCH_HEADER_SIZE, BatchCheck, batchSize, checkBatch, decodeBatch, readInt64 } from '../../../src/format/record-batch.js'

const T0 = 1_700_000_000_000

/** Records whose values compress (repeated JSON-like text) and are told apart by their index. */
function records(n: number): ReturnType<typeof prepareRecords> {
  return prepareRecords(
    Array.from({ length: n }, (_, i) => ({
      key: `user-${i % 17}`,
      value: JSON.stringify({ id: i, type: i % 3 === 0 ? 'page_view' : 'click', page: `/product/${(i * 7919) % 1000}` }),
      timestamp: T0 + i * 13,
      headers: i % 5 === 0 ? [{ key: 'trace', value: `t-${i}` }] : undefined,
    })),
    T0,
  )
}

/** Every batch of `e`, checked (CRC over the compressed bytes) and decoded, records in order. */
function decodeAll(e: EncodedAppend, codec: CodecType): LogRecord[] {
  const out: LogRecord[] = []
  let pos = 0
  let base = 0
  for (const info of e.batches) {
    expect(batchSize(e.buf, pos)).toBe(info.size)
    expect(e.buf[pos + 22]! & 7).toBe(CODEC_IDS[codec])
    expect(e.buf.readUInt32BE(pos + 17)).toBe(crc32c(e.buf.subarray(pos + 21, pos + info.size)))
    expect(checkBatch(e.buf, pos, e.buf.length)).toBe(BatchCheck.Valid)
    expect(readInt64(e.buf, pos + 35)).toBe(info.maxTimestamp)
    // encodeCompressed writes base offset 0 in every batch (the writer stamps them): decode each from its own 0.
    const batch: LogRecord[] = []
    expect(decodeBatch(e.buf, pos, 0, batch, Infinity)).toBe(info.count)
    out.push(...batch.map((r) => ({ ...r, offset: r.offset + base })))
    base += info.count
    pos += info.size
  }
  expect(pos).toBe(e.buf.length)
  return out
}

const writable = (Object.keys(CODEC_IDS) as (keyof typeof CODEC_IDS)[]).filter(
  (t): t is CodecType => t !== 'none' && compressionBackends()[t].write !== null,
)

describe('encodeCompressed', () => {
  it.each(writable)('%s: every batch carries the CRC of its compressed bytes and decodes to the records', async (codec) => {
    const input = records(700)
    // One batch, then many (a small maxBatchBytes forces splits and the shrink-and-retry loop).
    for (const maxBatchBytes of [1024 * 1024, 2048]) {
      const e = await encodeCompressed(input, { type: codec }, maxBatchBytes)
      expect(e.count).toBe(input.length)
      if (maxBatchBytes === 2048) expect(e.batches.length).toBeGreaterThan(1)
      for (const b of e.batches) expect(b.size).toBeLessThanOrEqual(maxBatchBytes)
      const got = decodeAll(e, codec)
      expect(got.map((r) => r.offset)).toEqual(input.map((_, i) => i))
      expect(got.map((r) => r.timestamp)).toEqual(input.map((r) => r.timestamp))
      expect(got.map((r) => r.key?.toString())).toEqual(input.map((r) => r.key?.toString()))
      expect(got.map((r) => r.value?.toString())).toEqual(input.map((r) => r.value?.toString()))
      expect(got.map((r) => r.headers.length)).toEqual(input.map((_, i) => (i % 5 === 0 ? 1 : 0)))
      expect(e.buf.length).toBeLessThan(input.length * BATCH_HEADER_SIZE)
    }
  })
})
