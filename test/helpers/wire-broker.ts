/**
 * A broker on port 0 for raw-protocol tests of the request handlers: opened in a temp directory,
 * listening on loopback, closed (with every raw client) after each test; plus request builders over
 * the generated codecs and a batch walker for Fetch answers.
 */
import { afterEach } from 'vitest'
import { Broker, type BrokerOptions } from '../../src/broker/index.js'
import { batchInfo, type RecordInput } from '../../src/index.js'
import { ourBatch, type ProducerFields } from './produced-batches.js'
import { useTempDirs } from './temp-dir.js'
import { WireClient } from './wire-client.js'
import { createPartitionProduceData, createProduceRequest, createTopicProduceData } from '../../src/protocol/messages/produce-request.js'
import { createFetchPartition, createFetchRequest, createFetchTopic } from '../../src/protocol/messages/fetch-request.js'
import type { CompressionType } from '../../src/index.js'

/** A served broker and a way to open raw connections to it. */
export interface WireBroker {
  broker: Broker
  port: number
  connect(): Promise<WireClient>
}

/** Registers cleanup and returns a starter of brokers on port 0. */
export function useWireBrokers(
  prefix = 'kafka-lite-wire-',
): (options?: BrokerOptions & { advertisedHost?: string }) => Promise<WireBroker> {
  const dirs = useTempDirs(prefix)
  const open: { close(): unknown }[] = []
  afterEach(async () => {
    for (const c of open.splice(0).reverse()) await c.close()
  })
  return async (options = {}) => {
    const { advertisedHost, ...brokerOptions } = options
    const broker = await Broker.open(dirs.make(), brokerOptions)
    open.push(broker)
    const { port } = await broker.listen({ port: 0, ...(advertisedHost === undefined ? {} : { advertisedHost }) })
    return {
      broker,
      port,
      connect: async () => {
        const c = await WireClient.connect(port)
        open.push({ close: () => c.destroy() })
        return c
      },
    }
  }
}

/** A Produce request body of one batch per partition. */
export function produceBody(topic: string, batches: Record<number, Buffer | null>, acks = -1, transactionalId: string | null = null) {
  return createProduceRequest({
    acks,
    timeoutMs: 30_000,
    transactionalId,
    topicData: [
      createTopicProduceData({
        name: topic,
        partitionData: Object.entries(batches).map(([index, records]) => createPartitionProduceData({ index: Number(index), records })),
      }),
    ],
  })
}

/** A Fetch request body for one topic (by name, or by id from v13). */
export function fetchBody(
  topic: { name?: string; topicId?: string },
  partitions: { partition: number; fetchOffset: number; partitionMaxBytes?: number }[],
  options: { maxWaitMs?: number; minBytes?: number; maxBytes?: number; isolationLevel?: number; sessionEpoch?: number } = {},
) {
  return createFetchRequest({
    maxWaitMs: options.maxWaitMs ?? 0,
    minBytes: options.minBytes ?? 1,
    maxBytes: options.maxBytes ?? 1 << 20,
    isolationLevel: options.isolationLevel ?? 0,
    sessionEpoch: options.sessionEpoch ?? -1,
    topics: [
      createFetchTopic({
        topic: topic.name ?? '',
        ...(topic.topicId === undefined ? {} : { topicId: topic.topicId }),
        partitions: partitions.map((p) =>
          createFetchPartition({
            partition: p.partition,
            fetchOffset: BigInt(p.fetchOffset),
            partitionMaxBytes: p.partitionMaxBytes ?? 1 << 20,
          }),
        ),
      }),
    ],
  })
}

/** A batch of `count` records with values `${prefix}${i}`. */
export function batchOf(
  count: number,
  prefix = 'v',
  codec: CompressionType = 'none',
  fields: ProducerFields = {},
  size = 0,
): Promise<Buffer> {
  const records: RecordInput[] = Array.from({ length: count }, (_, i) => ({ value: `${prefix}${i}${'x'.repeat(size)}`, key: `k${i}` }))
  return ourBatch(records, codec, fields)
}

/** [baseOffset, lastOffset] of each batch in fetched record bytes. */
export function batchRanges(records: Buffer | null): [number, number][] {
  const out: [number, number][] = []
  if (records === null) return out
  for (let p = 0; p < records.length;) {
    const info = batchInfo(records, p)
    out.push([info.baseOffset, info.lastOffset])
    p += info.size
  }
  return out
}
