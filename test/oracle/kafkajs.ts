/**
 * kafkajs 2.2.4 as an independent implementation of RecordBatch v2, for oracle tests.
 *
 * The deep modules are not a public API of kafkajs (no `exports` map, no typings), so they are
 * loaded with `createRequire` and typed `any` here, and nowhere else. kafkajs is pinned exactly in
 * package.json for that reason. See docs/reference §3 (kafka-on-disk-format.md) for the module map.
 *
 * Known kafkajs behaviours the helpers account for:
 * - its batch decoder does not verify the CRC or the magic byte, so {@link kafkajsDecodeAll} does;
 * - it folds headers into an object (repeated keys become arrays, cross-key order is lost), so
 *   {@link foldHeaders} folds ours the same way before comparing;
 * - its encoder defaults producerEpoch, firstSequence and partitionLeaderEpoch to 0 (the Java
 *   producer writes -1), so {@link kafkajsEncodeBatch} passes every field explicitly;
 * - its header encoder calls `Buffer.byteLength(value)` before checking for null, so it cannot
 *   write a null header value; and it writes headers from an object, so one value per key.
 */
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** `class Decoder(buffer)` from kafkajs/src/protocol/decoder. */
export const Decoder: any = require('kafkajs/src/protocol/decoder')
/** `class Encoder` from kafkajs/src/protocol/encoder. */
export const Encoder: any = require('kafkajs/src/protocol/encoder')
/** Async RecordBatch (magic 2, "v0" in kafkajs) decoder taking a Decoder. */
export const decodeRecordBatchV0: (decoder: any) => Promise<any> = require('kafkajs/src/protocol/recordBatch/v0/decoder')
/** `{ RecordBatch, MAGIC_BYTE }`: async batch encoder resolving to an Encoder. */
const recordBatchV0: { RecordBatch: (args: any) => Promise<any>; MAGIC_BYTE: number } = require('kafkajs/src/protocol/recordBatch/v0/index')
/** Record encoder: `({offsetDelta, timestampDelta, key, value, headers}) => Encoder`. */
export const encodeRecordV0: (args: any) => any = require('kafkajs/src/protocol/recordBatch/record/v0/index')
/** kafkajs's pure-JS CRC-32C, unsigned. */
export const kafkajsCrc32c: (buf: Buffer) => number = require('kafkajs/src/protocol/recordBatch/crc32C')

/** A record as kafkajs decodes it. */
export interface KafkajsRecord {
  offset: string
  timestamp: string
  key: Buffer | null
  value: Buffer | null
  headers: Record<string, Buffer | null | (Buffer | null)[]>
}

/** A batch as kafkajs decodes it, plus the checks kafkajs skips, done with kafkajs's CRC. */
export interface KafkajsBatch {
  /** Byte position of the batch in the decoded buffer. */
  position: number
  /** 12 + batchLength. */
  size: number
  /** The magic byte at position + 16. */
  magic: number
  /** The CRC stored at position + 17. */
  storedCrc: number
  /** kafkajs's CRC-32C of bytes [position + 21, position + size). */
  computedCrc: number
  firstOffset: string
  firstTimestamp: string
  maxTimestamp: string
  partitionLeaderEpoch: number
  lastOffsetDelta: number
  producerId: string
  producerEpoch: number
  firstSequence: number
  timestampType: number
  inTransaction: boolean
  isControlBatch: boolean
  records: KafkajsRecord[]
}

/**
 * Decodes every batch in `buf` with kafkajs, following the oracle recipe: loop while a whole batch
 * header remains, decode, and recompute the CRC with kafkajs's own CRC-32C.
 */
export async function kafkajsDecodeAll(buf: Buffer): Promise<KafkajsBatch[]> {
  const decoder = new Decoder(buf)
  const out: KafkajsBatch[] = []
  while (decoder.canReadBytes(61)) {
    const position: number = decoder.offset
    const batchLength = buf.readInt32BE(position + 8)
    const size = 12 + batchLength
    const batch = await decodeRecordBatchV0(decoder)
    out.push({
      ...batch,
      position,
      size,
      magic: buf[position + 16]!,
      storedCrc: buf.readUInt32BE(position + 17),
      computedCrc: kafkajsCrc32c(buf.subarray(position + 21, position + size)),
    })
  }
  return out
}

/**
 * Folds an ordered header list the way kafkajs's record decoder does: the first value of a key is
 * stored as is, a second one turns it into an array, further ones are appended.
 */
export function foldHeaders(
  headers: readonly { key: string; value: Uint8Array | null }[],
): Record<string, Buffer | null | (Buffer | null)[]> {
  const out: Record<string, Buffer | null | (Buffer | null)[]> = {}
  for (const { key, value } of headers) {
    const v = value === null ? null : Buffer.from(value)
    const prev = out[key]
    if (prev === undefined) out[key] = v
    else if (Array.isArray(prev)) prev.push(v)
    else out[key] = [prev, v]
  }
  return out
}

/** Input of {@link kafkajsEncodeBatch}: what our encoder writes, spelled out field by field. */
export interface KafkajsBatchInput {
  baseOffset: number
  records: readonly {
    timestamp: number
    key: Buffer | null
    value: Buffer | null
    /**
     * kafkajs's header object: a key's values in order (an array for a repeated key, which kafkajs
     * writes as adjacent headers), none null (kafkajs cannot encode one).
     */
    headers: Record<string, Buffer | Buffer[]>
  }[]
}

/**
 * Encodes a batch with kafkajs's encoder, passing every header field explicitly with the values the
 * Java producer (and our encoder) use: partitionLeaderEpoch, producerId, producerEpoch and
 * firstSequence all -1; CreateTime; no compression.
 */
export async function kafkajsEncodeBatch(input: KafkajsBatchInput): Promise<Buffer> {
  const first = input.records[0]
  if (first === undefined) throw new RangeError('kafkajsEncodeBatch needs at least one record')
  const baseTimestamp = first.timestamp
  const maxTimestamp = Math.max(...input.records.map((r) => r.timestamp))
  const records = input.records.map((r, i) =>
    encodeRecordV0({
      offsetDelta: i,
      timestampDelta: r.timestamp - baseTimestamp,
      key: r.key,
      value: r.value,
      headers: r.headers,
    }),
  )
  const encoder = await recordBatchV0.RecordBatch({
    compression: 0,
    firstOffset: input.baseOffset,
    firstTimestamp: baseTimestamp,
    maxTimestamp,
    partitionLeaderEpoch: -1,
    lastOffsetDelta: records.length - 1,
    transactional: false,
    producerId: -1,
    producerEpoch: -1,
    firstSequence: -1,
    records,
  })
  return Buffer.from(encoder.buffer as Buffer)
}

/** Encodes `value` as a zigzag varlong with kafkajs's Long-based encoder (exact over int64). */
export function kafkajsVarlong(value: number | bigint): Buffer {
  return Buffer.from(new Encoder().writeVarLong(value).buffer as Buffer)
}

/** Encodes `value` as a zigzag varint with kafkajs's encoder. */
export function kafkajsVarint(value: number): Buffer {
  return Buffer.from(new Encoder().writeVarInt(value).buffer as Buffer)
}
