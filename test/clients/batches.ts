/**
 * The batches as the broker serves them, judged against the plan: a client that silently dropped a
 * codec (librdkafka does when a broker does not list Produce v0-2: KAFKA-18659) or idempotence would
 * still pass the record checks, so each partition is fetched raw (Fetch v11 through the project's
 * own protocol codecs, the same request against either target) and every batch's header is read:
 * its compression codec must be its round's, and it must carry a producer id exactly when its round
 * was idempotent.
 *
 * librdkafka (kcat, confluent-kafka) sends a batch uncompressed when compressing it would not make it
 * smaller (small batches of short records: seen with snappy), so for those clients a batch may be
 * `none` instead of its round's codec, as long as each compressed round has batches of its codec.
 * And librdkafka keys its LZ4 support on the broker listing FindCoordinator (a 0.8.2-era feature
 * probe, rdkafka_feature.c): against a broker without the group APIs it sends every lz4 batch
 * uncompressed, silently (seen: wire-core without group-wire). So for librdkafka the expected codec of
 * an lz4 round is what the target's ApiVersions implies: lz4 when it lists FindCoordinator, else none
 * (asserted either way, so the test turns strict by itself once the group APIs are served).
 */
import { expect } from 'vitest'
import { createApiVersionsRequest } from '../../src/protocol/messages/api-versions-request.js'
import { createFetchPartition, createFetchRequest, createFetchTopic } from '../../src/protocol/messages/fetch-request.js'
import { WireClient } from '../helpers/wire-client.js'
import { CODECS, PARTITIONS, type Consumed, type Round } from './plan.js'

/** A batch header as served. */
export interface ServedBatch {
  partition: number
  baseOffset: number
  lastOffset: number
  /** Kafka's codec id (attributes & 7): none 0, gzip 1, snappy 2, lz4 3, zstd 4. */
  codec: number
  producerId: bigint
}

// Fetch v11: the newest non-flexible version, and >= 10 so a real Kafka serves zstd batches.
const FETCH_VERSION = 11

/** Whether the broker at `bootstrap` lists API `apiKey` in its ApiVersions (v0) response. */
export async function advertises(bootstrap: string, apiKey: number): Promise<boolean> {
  const [host, port] = bootstrap.split(':') as [string, string]
  const client = await WireClient.connect(Number(port), host)
  try {
    client.request(18, 0, 1, createApiVersionsRequest(), 'clients-batches')
    const { body } = await client.response(18, 0)
    expect(body.errorCode).toBe(0)
    expect(body.apiKeys.length).toBeGreaterThan(0)
    return body.apiKeys.some((k) => k.apiKey === apiKey)
  } finally {
    client.destroy()
  }
}

/** Options of {@link verifyBatches} for librdkafka's clients (kcat, confluent-kafka). */
export interface LibrdkafkaRules {
  /** Whether the target lists FindCoordinator (API 10), on which librdkafka's LZ4 depends. */
  lz4: boolean
}

/** The librdkafka rules for the broker at `bootstrap`. */
export async function librdkafkaRules(bootstrap: string): Promise<LibrdkafkaRules> {
  return { lz4: await advertises(bootstrap, 10) }
}

/** Every batch header of `topic`'s partitions, fetched from offset 0 to the high watermark. */
export async function servedBatches(bootstrap: string, topic: string): Promise<ServedBatch[]> {
  const [host, port] = bootstrap.split(':') as [string, string]
  const client = await WireClient.connect(Number(port), host)
  const out: ServedBatch[] = []
  let correlationId = 0
  try {
    for (let partition = 0; partition < PARTITIONS; partition++) {
      let next = 0n
      for (;;) {
        const request = createFetchRequest({
          replicaId: -1,
          maxWaitMs: 0,
          minBytes: 0,
          maxBytes: 1 << 20,
          topics: [
            createFetchTopic({ topic, partitions: [createFetchPartition({ partition, fetchOffset: next, partitionMaxBytes: 1 << 20 })] }),
          ],
        })
        client.request(1, FETCH_VERSION, ++correlationId, request, 'clients-batches')
        const { body } = await client.response(1, FETCH_VERSION)
        const data = body.responses[0]!.partitions[0]!
        expect(data.errorCode).toBe(0)
        const records = data.records ?? Buffer.alloc(0)
        let pos = 0
        let progressed = false
        // Whole batches only: a trailing partial batch (cut by the byte limit) is fetched again.
        while (pos + 61 <= records.length) {
          const size = records.readInt32BE(pos + 8) + 12
          if (pos + size > records.length) break
          const baseOffset = records.readBigInt64BE(pos)
          const lastOffset = baseOffset + BigInt(records.readInt32BE(pos + 23))
          expect(records[pos + 16]).toBe(2)
          if (lastOffset >= next) {
            out.push({
              partition,
              baseOffset: Number(baseOffset),
              lastOffset: Number(lastOffset),
              codec: records.readInt16BE(pos + 21) & 7,
              producerId: records.readBigInt64BE(pos + 43),
            })
            next = lastOffset + 1n
            progressed = true
          }
          pos += size
        }
        if (next >= data.highWatermark) break
        expect(progressed).toBe(true)
      }
    }
  } finally {
    client.destroy()
  }
  return out
}

/**
 * Asserts that every record read back lies in a served batch of its own round's codec, with a
 * producer id (>= 0) exactly when the round was idempotent; returns the number of batches checked.
 */
export function verifyBatches(
  plan: readonly Round[],
  consumed: readonly Consumed[],
  batches: readonly ServedBatch[],
  options: { librdkafka?: LibrdkafkaRules } = {},
): number {
  const lib = options.librdkafka
  const expectedCodec = (r: Round): string => (lib !== undefined && !lib.lz4 && r.codec === 'lz4' ? 'none' : r.codec)
  const compressedRounds = new Set<number>()
  const roundOf = new Map<string, number>()
  plan.forEach((r, i) => r.records.forEach((rec) => roundOf.set(rec.value, i)))
  let checked = 0
  for (const b of batches) {
    const inside = consumed.filter((c) => c.partition === b.partition && c.offset >= b.baseOffset && c.offset <= b.lastOffset)
    expect(inside.length, `batch ${b.partition}@${b.baseOffset}`).toBe(b.lastOffset - b.baseOffset + 1)
    const rounds = new Set(inside.map((c) => roundOf.get(c.value)))
    expect(rounds.size, `batch ${b.partition}@${b.baseOffset} spans rounds`).toBe(1)
    const index = [...rounds][0]!
    const round = plan[index]!
    const codec = CODECS[b.codec]
    if (codec === expectedCodec(round)) compressedRounds.add(index)
    else if (!(lib !== undefined && codec === 'none'))
      expect(codec, `batch ${b.partition}@${b.baseOffset} codec`).toBe(expectedCodec(round))
    expect(b.producerId >= 0n, `batch ${b.partition}@${b.baseOffset} producer id ${b.producerId}`).toBe(round.idempotent)
    checked++
  }
  // Every round went out in its codec (at least partly, with the fallback).
  expect([...compressedRounds].sort((a, b) => a - b)).toEqual(plan.map((_, i) => i))
  // Every record is in exactly one checked batch.
  expect(batches.reduce((n, b) => n + b.lastOffset - b.baseOffset + 1, 0)).toBe(consumed.length)
  return checked
}
