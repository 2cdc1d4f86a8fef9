/**
 * Batches as a Kafka producer sends them, for tests of `writer.appendBatches` and the broker's
 * produce path: encoded by our encoder or by kafkajs's (an independent implementation), with every
 * codec and with producer fields (id, epoch, base sequence, transactional flag) filled in.
 */
import { createRequire } from 'node:module'
import type { CompressionType, RecordInput } from '../../src/index.js'
import { compressorOf } from '../../src/codec/registry.js'
import { compressBlock, compressFrame, decompressFrame } from '../../src/codec/lz4.js'
import { crc32c } from '../../src/format/crc32c.js'
import { prepareRecords } from '../../src/format/record.js'
import { compressedBatch, encodeBatch, encodedBatchSize, writeInt64 } from '../../src/format/record-batch.js'
import { CODEC_IDS } from '../../src/base/compression.js'

const require = createRequire(import.meta.url)

/** Producer fields of a batch; the defaults are a non-idempotent producer's (-1). */
export interface ProducerFields {
  producerId?: number
  producerEpoch?: number
  baseSequence?: number
  transactional?: boolean
  partitionLeaderEpoch?: number
}

/** Recomputes the CRC-32C of the batch at `pos` after a test changed a covered field. */
export function fixCrc(buf: Buffer, pos = 0): void {
  const size = 12 + buf.readInt32BE(pos + 8)
  buf.writeUInt32BE(crc32c(buf.subarray(pos + 21, pos + size)), pos + 17)
}

/** Writes producer fields into the batch at `pos` and fixes its CRC. */
export function setProducerFields(buf: Buffer, fields: ProducerFields, pos = 0): void {
  writeInt64(buf, pos + 43, fields.producerId ?? -1)
  buf.writeInt16BE(fields.producerEpoch ?? -1, pos + 51)
  buf.writeInt32BE(fields.baseSequence ?? -1, pos + 53)
  if (fields.transactional === true) buf.writeUInt16BE(buf.readUInt16BE(pos + 21) | 0x10, pos + 21)
  buf.writeInt32BE(fields.partitionLeaderEpoch ?? -1, pos + 12)
  fixCrc(buf, pos)
}

/** One batch of `records` by our encoder, compressed with `codec`, base offset 0. */
export async function ourBatch(records: RecordInput[], codec: CompressionType, fields: ProducerFields = {}): Promise<Buffer> {
  const prepared = prepareRecords(records, Date.now())
  const plain = Buffer.allocUnsafe(encodedBatchSize(prepared, 0, prepared.length))
  encodeBatch(plain, 0, prepared, 0, prepared.length, 0)
  let out: Buffer = plain
  if (codec !== 'none') out = compressedBatch(plain, await compressorOf(codec)(plain.subarray(61), undefined), CODEC_IDS[codec])
  setProducerFields(out, fields)
  return out
}

let kafkajsCodecs = false

/** Registers kafkajs's optional codecs (snappy, lz4, zstd) with independent packages, once. */
export function registerKafkajsCodecs(): void {
  if (kafkajsCodecs) return
  kafkajsCodecs = true
  const kafkajs = require('kafkajs')
  const zstd = require('@mongodb-js/zstd')
  const { CompressionCodecs, CompressionTypes } = kafkajs
  CompressionCodecs[CompressionTypes.Snappy] = require('kafkajs-snappy')
  // Frames Kafka reads (independent blocks): lz4js, kafkajs's usual companion, writes dependent
  // blocks, which Kafka refuses and so does appendBatches (see lz4js in the validator's tests).
  CompressionCodecs[CompressionTypes.LZ4] = () => ({
    compress: async (encoder: { buffer: Buffer }) => compressFrame(encoder.buffer, compressBlock),
    decompress: async (buf: Buffer) => decompressFrame(buf, 64 << 20),
  })
  CompressionCodecs[CompressionTypes.ZSTD] = () => ({
    compress: async (encoder: { buffer: Buffer }) => zstd.compress(encoder.buffer),
    decompress: async (buf: Buffer) => zstd.decompress(buf),
  })
}

/** A record kafkajs can encode: headers one non-null value per key. */
export interface KafkajsRecord {
  key: Buffer | null
  value: Buffer | null
  headers: Record<string, Buffer>
  timestamp: number
}

/**
 * One batch of `records` by kafkajs's RecordBatch encoder, compressed with `codec`, with the given
 * offset deltas (default 0, 1, 2, …: a test passes others to make a batch whose records disagree
 * with its header while its CRC is right).
 */
export async function kafkajsBatch(
  records: KafkajsRecord[],
  codec: CompressionType,
  fields: ProducerFields = {},
  offsetDeltas?: number[],
): Promise<Buffer> {
  registerKafkajsCodecs()
  const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index')
  const encodeRecordV0 = require('kafkajs/src/protocol/recordBatch/record/v0/index')
  const first = records[0]!.timestamp
  const encoder = await RecordBatch({
    compression: CODEC_IDS[codec],
    firstOffset: 0,
    firstTimestamp: first,
    maxTimestamp: Math.max(...records.map((r) => r.timestamp)),
    partitionLeaderEpoch: fields.partitionLeaderEpoch ?? -1,
    lastOffsetDelta: records.length - 1,
    transactional: fields.transactional === true,
    producerId: fields.producerId ?? -1,
    producerEpoch: fields.producerEpoch ?? -1,
    firstSequence: fields.baseSequence ?? -1,
    records: records.map((r, i) =>
      encodeRecordV0({
        offsetDelta: offsetDeltas?.[i] ?? i,
        timestampDelta: r.timestamp - first,
        key: r.key,
        value: r.value,
        headers: r.headers,
      }),
    ),
  })
  return Buffer.from(encoder.buffer as Buffer)
}
