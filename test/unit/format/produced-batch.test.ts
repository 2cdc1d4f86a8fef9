/**
 * THE validator of produced batches (`format/produced-batch.ts`), check by check: every one of them
 * rejects with its code, valid batches from our encoder and from kafkajs's pass with every codec,
 * compressed payloads that would inflate past the bound stop without allocating it, and the batch
 * header reader (`batchInfo`) reads every producer field.
 */
import { createRequire } from 'node:module'
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { LogError, batchInfo, incrementSequence, type CompressionType } from '../../../src/index.js'
import { checkProducedBatches, type ProducedBatchLimits } from '../../../src/format/produced-batch.js'
import { compressedBatch, writeInt64 } from '../../../src/format/record-batch.js'
import { fixCrc, kafkajsBatch, ourBatch } from '../../helpers/produced-batches.js'

const LIMITS: ProducedBatchLimits = { maxBatchBytes: 1 << 20, maxUncompressedBytes: 1 << 20 }
const CODECS: CompressionType[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd']
const T0 = 1_700_000_000_000

const records = (n: number, tag = 'r') =>
  Array.from({ length: n }, (_, i) => ({
    key: i % 3 === 0 ? null : `${tag}-key-${i}`,
    value: `${tag}-value-${i}-`.repeat(1 + (i % 5)),
    headers: i % 2 === 0 ? [{ key: 'h', value: `${i}` }] : [],
    timestamp: T0 + i * 7 - (i % 3) * 5,
  }))

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    if (err instanceof LogError) return err.code
    throw err
  }
  return undefined
}

describe('checkProducedBatches: valid batches', () => {
  it.each(CODECS)('our encoder, %s: fields read back, base offset zeroed, nothing else changed', async (codec) => {
    const batch = await ourBatch(records(20), codec, { producerId: 7, producerEpoch: 2, baseSequence: 40 })
    writeInt64(batch, 0, 12345) // whatever the producer wrote there
    const before = Buffer.from(batch)
    const [b, ...rest] = checkProducedBatches(batch, LIMITS)
    expect(rest).toEqual([])
    expect(b).toMatchObject({
      position: 0,
      size: batch.length,
      recordsCount: 20,
      lastOffsetDelta: 19,
      baseOffset: 0,
      producerId: 7,
      producerEpoch: 2,
      baseSequence: 40,
      lastSequence: 59,
      codec: ['none', 'gzip', 'snappy', 'lz4', 'zstd'].indexOf(codec),
      keylessRecords: 7,
      minTimestamp: Math.min(...records(20).map((r) => r.timestamp)),
      maxTimestamp: Math.max(...records(20).map((r) => r.timestamp)),
    })
    expect(batch.subarray(8).equals(before.subarray(8))).toBe(true)
    expect(batch.readBigInt64BE(0)).toBe(0n)
  })

  it.each(CODECS)('kafkajs encoder, %s, several batches back to back', async (codec) => {
    const mk = (n: number, seq: number) =>
      kafkajsBatch(
        Array.from({ length: n }, (_, i) => ({
          key: Buffer.from(`k${i}`),
          value: Buffer.from(`v${i}`.repeat(i + 1)),
          headers: { a: Buffer.from('1') },
          timestamp: T0 + i,
        })),
        codec,
        { producerId: 1, producerEpoch: 0, baseSequence: seq },
      )
    const bytes = Buffer.concat([await mk(3, 0), await mk(5, 3), await mk(1, 8)])
    const out = checkProducedBatches(bytes, LIMITS)
    expect(out.map((b) => [b.recordsCount, b.baseSequence, b.lastSequence])).toEqual([
      [3, 0, 2],
      [5, 3, 7],
      [1, 8, 8],
    ])
    expect(out.map((b) => b.position)).toEqual([0, out[0]!.size, out[0]!.size + out[1]!.size])
  })

  it('corrects a wrong maxTimestamp in place, as Kafka does (CRC recomputed)', async () => {
    const batch = await ourBatch(records(4), 'none')
    writeInt64(batch, 35, T0 - 1)
    fixCrc(batch)
    const [b] = checkProducedBatches(batch, LIMITS)
    expect(b!.maxTimestamp).toBe(Math.max(...records(4).map((r) => r.timestamp)))
    expect(batch.readBigInt64BE(35)).toBe(BigInt(b!.maxTimestamp))
    expect(checkProducedBatches(batch, LIMITS)).toHaveLength(1) // the CRC still holds
  })
})

describe('checkProducedBatches: every check rejects', () => {
  const cases: [string, (b: Buffer) => Buffer, string][] = [
    ['empty input', () => Buffer.alloc(0), 'KLOG_CORRUPT_BATCH'],
    ['less than a header', (b) => b.subarray(0, 60), 'KLOG_CORRUPT_BATCH'],
    ['truncated batch', (b) => b.subarray(0, b.length - 1), 'KLOG_CORRUPT_BATCH'],
    ['trailing bytes', (b) => Buffer.concat([b, Buffer.alloc(3)]), 'KLOG_CORRUPT_BATCH'],
    ['batchLength below a header', (b) => (b.writeInt32BE(40, 8), b), 'KLOG_CORRUPT_BATCH'],
    ['magic 1', (b) => ((b[16] = 1), b), 'KLOG_CORRUPT_BATCH'],
    ['a flipped record byte', (b) => ((b[70]! ^= 0x10), b), 'KLOG_CORRUPT_BATCH'],
    ['codec id 5', (b) => (b.writeUInt16BE(5, 21), fixCrc(b), b), 'KLOG_UNSUPPORTED_CODEC'],
    ['LogAppendTime from a producer', (b) => (b.writeUInt16BE(0x08, 21), fixCrc(b), b), 'KLOG_CORRUPT_BATCH'],
    ['a control batch', (b) => (b.writeUInt16BE(0x20, 21), fixCrc(b), b), 'KLOG_CORRUPT_BATCH'],
    ['the delete-horizon bit', (b) => (b.writeUInt16BE(0x40, 21), fixCrc(b), b), 'KLOG_CORRUPT_BATCH'],
    ['recordsCount 0', (b) => (b.writeInt32BE(0, 57), fixCrc(b), b), 'KLOG_CORRUPT_BATCH'],
    ['recordsCount one more', (b) => (b.writeInt32BE(6, 57), b.writeInt32BE(5, 23), fixCrc(b), b), 'KLOG_CORRUPT_BATCH'],
    ['recordsCount one less', (b) => (b.writeInt32BE(4, 57), b.writeInt32BE(3, 23), fixCrc(b), b), 'KLOG_CORRUPT_BATCH'],
    ['lastOffsetDelta off', (b) => (b.writeInt32BE(5, 23), fixCrc(b), b), 'KLOG_CORRUPT_BATCH'],
    ['producer id without a sequence', (b) => (writeInt64(b, 43, 3), b.writeInt16BE(0, 51), fixCrc(b), b), 'KLOG_CORRUPT_BATCH'],
    ['producer id below -1', (b) => (writeInt64(b, 43, -2), fixCrc(b), b), 'KLOG_CORRUPT_BATCH'],
    ['transactional without a producer id', (b) => (b.writeUInt16BE(0x10, 21), fixCrc(b), b), 'KLOG_CORRUPT_BATCH'],
  ]
  it.each(cases)('%s', async (_, damage, code) => {
    const batch = damage(await ourBatch(records(5), 'none'))
    expect(codeOf(() => checkProducedBatches(batch, LIMITS))).toBe(code)
  })

  it('a batch over maxBatchBytes is KLOG_RECORD_TOO_LARGE', async () => {
    const batch = await ourBatch(records(50), 'none')
    expect(codeOf(() => checkProducedBatches(batch, { ...LIMITS, maxBatchBytes: batch.length - 1 }))).toBe('KLOG_RECORD_TOO_LARGE')
    expect(checkProducedBatches(batch, { ...LIMITS, maxBatchBytes: batch.length })).toHaveLength(1)
  })

  it.each(CODECS)('records whose offset deltas disagree with the header (%s, CRC right)', async (codec) => {
    const rs = [0, 1, 2, 3].map((i) => ({ key: null, value: Buffer.from(`v${i}`), headers: {}, timestamp: T0 }))
    for (const deltas of [
      [0, 1, 1, 3],
      [0, 2, 1, 3],
      [1, 2, 3, 4],
      [0, 1, 2, 5],
    ]) {
      const batch = await kafkajsBatch(rs, codec, {}, deltas)
      expect(
        codeOf(() => checkProducedBatches(batch, LIMITS)),
        `${deltas}`,
      ).toBe('KLOG_CORRUPT_BATCH')
    }
  })

  it.each(['gzip', 'snappy', 'lz4', 'zstd'] as const)('a %s payload that does not decompress (CRC right)', async (codec) => {
    const batch = await ourBatch(records(30), codec)
    for (let i = 61 + 4; i < batch.length; i += 7) batch[i]! ^= 0x5a
    fixCrc(batch)
    expect(codeOf(() => checkProducedBatches(batch, LIMITS))).toBe('KLOG_CORRUPT_BATCH')
  })

  it.each(['gzip', 'snappy', 'lz4', 'zstd'] as const)(
    '%s records past maxUncompressedBytes are refused before inflating',
    async (codec) => {
      // 4 MiB of one repeated record compresses to little; the bound is 1 MiB.
      const many = Array.from({ length: 4096 }, () => ({ value: Buffer.alloc(1000, 7), timestamp: T0 }))
      const batch = await ourBatch(many, codec)
      expect(batch.length).toBeLessThan(1 << 20)
      expect(codeOf(() => checkProducedBatches(batch, LIMITS))).toBe('KLOG_RECORD_TOO_LARGE')
      expect(checkProducedBatches(batch, { ...LIMITS, maxUncompressedBytes: 8 << 20 })).toHaveLength(1)
    },
  )
})

describe('checkProducedBatches: LZ4 frames Kafka cannot read', () => {
  it('refuses dependent blocks (lz4js writes them; Kafka refuses them) and a bad descriptor checksum', async () => {
    const lz4js = createRequire(import.meta.url)('lz4js') as { compress(b: Uint8Array): Uint8Array }
    const plain = await ourBatch(records(40), 'none')
    const dependent = compressedBatch(plain, Buffer.from(lz4js.compress(plain.subarray(61))), 3)
    expect(dependent[61 + 4]! & 0x20).toBe(0)
    expect(codeOf(() => checkProducedBatches(dependent, LIMITS))).toBe('KLOG_CORRUPT_BATCH')
    const ours = await ourBatch(records(40), 'lz4')
    expect(checkProducedBatches(Buffer.from(ours), LIMITS)).toHaveLength(1)
    const badChecksum = Buffer.from(ours)
    badChecksum[61 + 6]! ^= 0x01
    fixCrc(badChecksum)
    expect(codeOf(() => checkProducedBatches(badChecksum, LIMITS))).toBe('KLOG_CORRUPT_BATCH')
  })
})

describe('checkProducedBatches: a batch compressed by hand', () => {
  it('compressedBatch helper sanity: a compressed batch of a small payload decodes', async () => {
    const plain = await ourBatch(records(2), 'none')
    const batch = compressedBatch(plain, zlib.gzipSync(plain.subarray(61)), 1)
    expect(checkProducedBatches(batch, LIMITS)[0]!.codec).toBe(1)
  })
})

describe('batchInfo', () => {
  it('reads every header field, transactional and control flags included', async () => {
    const batch = await ourBatch(records(3), 'lz4', {
      producerId: 2 ** 40,
      producerEpoch: 32767,
      baseSequence: 2 ** 31 - 2,
      transactional: true,
    })
    batch.writeInt32BE(9, 12)
    const info = batchInfo(batch)
    expect(info).toMatchObject({
      size: batch.length,
      magic: 2,
      codec: 3,
      timestampType: 'CreateTime',
      isTransactional: true,
      isControl: false,
      producerId: 2 ** 40,
      producerEpoch: 32767,
      baseSequence: 2 ** 31 - 2,
      lastSequence: 0, // 2^31 - 2 + 2 wraps past 2^31 - 1 to 0
      partitionLeaderEpoch: 9,
      recordsCount: 3,
    })
    expect(() => batchInfo(batch.subarray(0, 60))).toThrow(RangeError)
  })

  it('incrementSequence wraps as Kafka does', () => {
    expect(incrementSequence(5, 3)).toBe(8)
    expect(incrementSequence(2 ** 31 - 1, 1)).toBe(0)
    expect(incrementSequence(2 ** 31 - 3, 4)).toBe(1)
  })
})
