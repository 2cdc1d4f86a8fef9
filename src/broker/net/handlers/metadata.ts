/**
 * Metadata (API key 3), versions 0-13, as a single Kafka 4.0 broker answers it: one broker (this
 * node, at the endpoint advertised for the connection's address), this node as the controller and as
 * leader, only replica and only in-sync replica of every partition, the cluster id, topic ids (v10+),
 * topics looked up by id (v12+), and a top-level error code (v13, always 0).
 *
 * Rules followed (Kafka 4.0 `KafkaApis.handleTopicMetadataRequest`):
 * - all topics: a null topic list (v1+) or an empty one (v0); otherwise each topic named, once
 *   (duplicates answered once, as Kafka's set of names does);
 * - a topic that does not exist is created when the request allows it (`allowAutoTopicCreation`,
 *   v4+; always allowed before) and the broker does (`autoCreateTopics`, Kafka's
 *   `auto.create.topics.enable`), with the broker's default partition count and configs. Kafka
 *   creates it asynchronously and answers LEADER_NOT_AVAILABLE first; here the creation is done when
 *   the answer is sent, so the topic is answered whole. A name Kafka refuses gets
 *   INVALID_TOPIC_EXCEPTION; without creation, UNKNOWN_TOPIC_OR_PARTITION;
 * - by id (v12+: a null name): UNKNOWN_TOPIC_ID when no topic has it; a null name or a topic id in
 *   v10-11 is INVALID_REQUEST (Kafka throws InvalidRequestException for them);
 * - leader epochs are -1 ("unknown"): a single broker has no leader elections, and -1 makes clients
 *   skip epoch fencing (OffsetsForLeaderEpoch is not served);
 * - authorized operations are Kafka's "not requested/unknown" value -2147483648 (no authorizer).
 *
 * Concurrency: the broker's thread. Never throws: every failure is a per-topic error code.
 */
import { API_KEYS } from '../../../protocol/index.js'
import type { MetadataRequestTopic } from '../../../protocol/messages/metadata-request.js'
import {
  createMetadataResponse,
  createMetadataResponseBroker,
  createMetadataResponsePartition,
  createMetadataResponseTopic,
  type MetadataResponseTopic,
} from '../../../protocol/messages/metadata-response.js'
import { LogError } from '../../../index.js'
import { KafkaError, toKafkaError } from '../../errors.js'
import type { ApiHandler } from '../handler.js'
import type { ServeContext, ServedTopic } from './served-broker.js'

/** Kafka's zero UUID (no topic id). */
export const ZERO_TOPIC_ID = 'AAAAAAAAAAAAAAAAAAAAAA'

/** The Metadata handler of a served broker. */
export function metadataHandler(serve: ServeContext): ApiHandler<typeof API_KEYS.Metadata> {
  const { broker } = serve
  const describe = (t: ServedTopic): MetadataResponseTopic => {
    const replicas = [broker.nodeId]
    const partitions = []
    for (let p = 0; p < t.partitions; p++) {
      partitions.push(
        createMetadataResponsePartition({
          partitionIndex: p,
          leaderId: broker.nodeId,
          leaderEpoch: -1,
          replicaNodes: replicas,
          isrNodes: replicas,
          offlineReplicas: [],
        }),
      )
    }
    return createMetadataResponseTopic({ name: t.name, topicId: t.topicId, partitions })
  }

  const byName = async (name: string, autoCreate: boolean): Promise<MetadataResponseTopic> => {
    const known = broker.topic(name)
    if (known !== undefined) return describe(known)
    if (!autoCreate) return createMetadataResponseTopic({ errorCode: KafkaError.UNKNOWN_TOPIC_OR_PARTITION, name })
    try {
      return describe(await broker.createTopic(name))
    } catch (err) {
      // Another request created it meanwhile.
      const now = broker.topic(name)
      if (err instanceof LogError && err.code === 'KLOG_TOPIC_EXISTS' && now !== undefined) return describe(now)
      return createMetadataResponseTopic({ errorCode: toKafkaError(err).errorCode, name })
    }
  }

  const one = async (requested: MetadataRequestTopic, version: number, autoCreate: boolean): Promise<MetadataResponseTopic> => {
    const { name, topicId } = requested
    if (version < 12 && (name === null || topicId !== ZERO_TOPIC_ID)) {
      // A null name cannot be answered before v12 either: '' stands for it.
      return createMetadataResponseTopic({ errorCode: KafkaError.INVALID_REQUEST, name: name ?? '', topicId })
    }
    if (name === null) {
      const t = broker.topicById(topicId)
      return t === undefined ? createMetadataResponseTopic({ errorCode: KafkaError.UNKNOWN_TOPIC_ID, name: null, topicId }) : describe(t)
    }
    return byName(name, autoCreate)
  }

  return {
    apiKey: API_KEYS.Metadata,
    versions: [0, 13],
    async handle(request, context) {
      const { apiVersion: version, body } = request
      const endpoint = serve.endpoint(context)
      let topics: MetadataResponseTopic[]
      if (body.topics === null || (version === 0 && body.topics.length === 0)) {
        topics = broker.topics().map(describe)
      } else {
        const autoCreate = (version < 4 || body.allowAutoTopicCreation) && broker.options.autoCreateTopics
        topics = []
        const seen = new Set<string>()
        // One at a time: creations are serialised by the broker anyway, and the answer keeps the request's order.
        for (const requested of body.topics) {
          const key = requested.name ?? `#${requested.topicId}`
          if (seen.has(key)) continue
          seen.add(key)
          topics.push(await one(requested, version, autoCreate))
        }
      }
      return createMetadataResponse({
        brokers: [createMetadataResponseBroker({ nodeId: broker.nodeId, host: endpoint.host, port: endpoint.port, rack: null })],
        clusterId: broker.clusterId,
        controllerId: broker.nodeId,
        topics,
      })
    },
  }
}
