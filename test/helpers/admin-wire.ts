/**
 * Test-only stand-ins for the Metadata and ListOffsets handlers, so that kafkajs's admin client
 * (which asks Metadata before anything, and ListOffsets in `deleteTopicRecords`) can run against
 * the admin handlers before the real ones (branch wire-core) are merged. Deliberately minimal:
 * Metadata 1-6 (kafkajs's range) lists this node as the only broker and controller and the topics
 * asked for (UNKNOWN_TOPIC_OR_PARTITION for the others, no auto-creation); ListOffsets 1-3 answers
 * earliest (-2) and latest (-1) only. Not a model of Kafka's rules: src/ has the real handlers.
 *
 * Also a listener over an in-process broker with the admin handlers, for the wire-admin tests.
 */
import { Broker } from '../../src/broker/broker.js'
import { createListener, handlerTable, type AnyApiHandler, type ApiHandler, type Listener } from '../../src/broker/net/index.js'
import { adminHandlers, type AdminHandlersOptions } from '../../src/broker/net/handlers/admin.js'
import { API_KEYS } from '../../src/protocol/index.js'
import {
  createListOffsetsPartitionResponse,
  createListOffsetsResponse,
  createListOffsetsTopicResponse,
} from '../../src/protocol/messages/list-offsets-response.js'
import {
  createMetadataResponse,
  createMetadataResponseBroker,
  createMetadataResponsePartition,
  createMetadataResponseTopic,
  type MetadataResponseTopic,
} from '../../src/protocol/messages/metadata-response.js'

/** A minimal Metadata handler (versions 1-6) over `broker`. */
export function testMetadataHandler(broker: Broker): ApiHandler<typeof API_KEYS.Metadata> {
  return {
    apiKey: API_KEYS.Metadata,
    versions: [1, 6],
    handle(request, context) {
      const names = request.body.topics === null ? broker.topics().map((t) => t.name) : request.body.topics.map((t) => t.name ?? '')
      const topics: MetadataResponseTopic[] = names.map((name) => {
        const t = broker.topic(name)
        if (t === undefined) return createMetadataResponseTopic({ name, errorCode: 3 })
        return createMetadataResponseTopic({
          name,
          topicId: t.topicId,
          partitions: Array.from({ length: t.partitions }, (_, p) =>
            createMetadataResponsePartition({
              partitionIndex: p,
              leaderId: broker.nodeId,
              leaderEpoch: 0,
              replicaNodes: [broker.nodeId],
              isrNodes: [broker.nodeId],
            }),
          ),
        })
      })
      return createMetadataResponse({
        brokers: [createMetadataResponseBroker({ nodeId: broker.nodeId, host: context.localAddress, port: context.localPort })],
        clusterId: broker.clusterId,
        controllerId: broker.nodeId,
        topics,
      })
    },
  }
}

/** A minimal ListOffsets handler (versions 1-3, earliest and latest only) over `broker`. */
export function testListOffsetsHandler(broker: Broker): ApiHandler<typeof API_KEYS.ListOffsets> {
  return {
    apiKey: API_KEYS.ListOffsets,
    versions: [1, 3],
    async handle(request) {
      const topics = []
      for (const t of request.body.topics) {
        const partitions = []
        for (const p of t.partitions) {
          let partition
          try {
            partition = broker.partition(t.name, p.partitionIndex)
          } catch {
            partitions.push(
              createListOffsetsPartitionResponse({ partitionIndex: p.partitionIndex, errorCode: 3, offset: -1n, timestamp: -1n }),
            )
            continue
          }
          const { offset } = await partition.listOffsets(p.timestamp === -2n ? 'earliest' : 'latest')
          partitions.push(createListOffsetsPartitionResponse({ partitionIndex: p.partitionIndex, offset: BigInt(offset), timestamp: -1n }))
        }
        topics.push(createListOffsetsTopicResponse({ name: t.name, partitions }))
      }
      return createListOffsetsResponse({ topics })
    },
  }
}

/** A broker in `dir` served on a loopback port with the admin handlers (and, with `forKafkajs`, the stand-ins above). */
export async function serveAdmin(
  dir: string,
  options: { forKafkajs?: boolean; brokerOptions?: Parameters<typeof Broker.open>[1]; adminOptions?: AdminHandlersOptions } = {},
): Promise<{ broker: Broker; listener: Listener; port: number; close(): Promise<void> }> {
  const broker = await Broker.open(dir, options.brokerOptions)
  const handlers: AnyApiHandler[] = [...adminHandlers(broker, options.adminOptions)]
  if (options.forKafkajs === true) handlers.push(testMetadataHandler(broker), testListOffsetsHandler(broker))
  const listener = createListener({ handlers: handlerTable(handlers) })
  const { port } = await listener.listen({ port: 0 })
  return {
    broker,
    listener,
    port,
    async close() {
      await listener.close()
      await broker.close()
    },
  }
}
