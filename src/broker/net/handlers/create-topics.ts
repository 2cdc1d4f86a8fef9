/**
 * CreateTopics (API key 19), versions 2-7 (Kafka 4.0's), over `Broker.createTopic`.
 *
 * Kafka's rules followed (Kafka 4.0: `ControllerApis.createTopics`,
 * `ReplicationControlManager.createTopics`/`createTopic`, `QuorumController`):
 * - a name given twice: one result for it, INVALID_REQUEST "Duplicate topic name.", after the
 *   others; the name is not created;
 * - per topic, in Kafka's order: the name (INVALID_TOPIC_EXCEPTION, also for a name that collides
 *   with an existing one by '.' versus '_'), existence (TOPIC_ALREADY_EXISTS), a null config value
 *   (INVALID_CONFIG), a manual assignment (only with num_partitions and replication_factor -1, else
 *   INVALID_REQUEST; valid only when every partition is on this node, once, indexes 0..n-1: else
 *   INVALID_REPLICA_ASSIGNMENT), replication factor (0 or below -1, or above 1: one broker, so
 *   INVALID_REPLICATION_FACTOR), partition count (0 or below -1: INVALID_PARTITIONS), configs
 *   (`topic-config.ts`: INVALID_CONFIG); -1 means the broker's default for both counts;
 * - the whole request is refused with POLICY_VIOLATION when the topics it would create need more
 *   than 10,000 metadata records (Kafka's `MAX_RECORDS_PER_USER_OP`: a topic, its configs and its
 *   partitions count one each), before anything is created: the bound on what a request can make
 *   this broker open (see admin-rules.ts);
 * - `validate_only`: everything is checked and the results are the ones a creation would give
 *   (configs, partition count, replication factor, and a topic id that is not kept), nothing is
 *   created;
 * - v5+ results carry the topic's configs (every topic config, as DescribeConfigs lists them), its
 *   partition count and replication factor; v7 its topic id. A failed topic carries -1 for both
 *   counts, no configs.
 * - `__cluster_metadata` is refused (INVALID_REQUEST), as Kafka does: a Kafka broker adopting this
 *   directory would read a partition directory of that name as its metadata log.
 * Topics are created one after the other, each durable before the answer; Kafka commits the whole
 * request as one batch of records, here a crash between two topics keeps the first.
 *
 * Concurrency: the broker's thread; the broker serialises admin calls.
 */
import { LogError } from '../../../index.js'
import { API_KEYS } from '../../../protocol/index.js'
import { CreateTopicsRequestCodec, type CreatableTopic } from '../../../protocol/messages/create-topics-request.js'
import {
  createCreatableTopicConfigs,
  createCreatableTopicResult,
  createCreateTopicsResponse,
  type CreatableTopicResult,
} from '../../../protocol/messages/create-topics-response.js'
import type { AdminBroker } from './admin-broker.js'
import { toKafkaError } from '../../errors.js'
import { checkTopicConfigs } from '../../topic-config.js'
import { CLUSTER_METADATA_TOPIC, unifyCollisionChars, validateTopicName } from '../../topic-name.js'
import type { ApiHandler } from '../handler.js'
import {
  adminError,
  checkManualAssignment,
  duplicates,
  EXCESSIVE_BATCH_MESSAGE,
  MAX_RECORDS_PER_USER_OP,
  type AdminError,
} from './admin-rules.js'
import { topicWireConfigs } from './config-entries.js'

/** A topic that passed the request-level checks, with what to create. */
interface Planned {
  topic: CreatableTopic
  options: Parameters<AdminBroker['createTopic']>[1]
  /** The metadata records Kafka would write for it (topic + configs + partitions), for the batch bound. */
  records: number
}

/**
 * The request-level checks of one topic (those `Broker.createTopic` does not make): a null config
 * value, the manual assignment, the counts' -1 defaults.
 */
function plan(topic: CreatableTopic, broker: AdminBroker): Planned | AdminError {
  if (topic.name === CLUSTER_METADATA_TOPIC)
    return adminError('INVALID_REQUEST', `Creation of internal topic ${CLUSTER_METADATA_TOPIC} is prohibited.`)
  const nullConfigs = topic.configs.filter((c) => c.value === null).map((c) => c.name)
  if (nullConfigs.length > 0) return adminError('INVALID_CONFIG', `Null value not supported for topic configs: ${nullConfigs.join(',')}`)
  // Later entries win, as in Kafka's map; a null-prototype object so that no name is special.
  const configs = Object.create(null) as Record<string, string>
  for (const c of topic.configs) configs[c.name] = c.value!
  // Kafka validates the configs before the counts.
  try {
    checkTopicConfigs(configs)
  } catch (err) {
    if (!(err instanceof LogError)) throw err
    return adminError('INVALID_CONFIG', err.message)
  }
  let partitions: number | undefined
  let replicationFactor: number
  if (topic.assignments.length > 0) {
    if (topic.replicationFactor !== -1) {
      return adminError('INVALID_REQUEST', 'A manual partition assignment was specified, but replication factor was not set to -1.')
    }
    if (topic.numPartitions !== -1) {
      return adminError('INVALID_REQUEST', 'A manual partition assignment was specified, but numPartitions was not set to -1.')
    }
    const indexes = new Set<number>()
    let rf: number | undefined
    for (const a of topic.assignments) {
      if (indexes.has(a.partitionIndex)) {
        return adminError('INVALID_REPLICA_ASSIGNMENT', `Found multiple manual partition assignments for partition ${a.partitionIndex}`)
      }
      const error = checkManualAssignment(a.brokerIds, broker.nodeId, rf)
      if (error !== undefined) return error
      rf = a.brokerIds.length
      indexes.add(a.partitionIndex)
    }
    for (let i = 0; i < indexes.size; i++) {
      if (!indexes.has(i)) return adminError('INVALID_REPLICA_ASSIGNMENT', 'partitions should be a consecutive 0-based integer sequence')
    }
    partitions = indexes.size
    replicationFactor = 1
  } else {
    if (topic.replicationFactor < -1 || topic.replicationFactor === 0) {
      return adminError('INVALID_REPLICATION_FACTOR', 'Replication factor must be larger than 0, or -1 to use the default value.')
    }
    if (topic.numPartitions < -1 || topic.numPartitions === 0) {
      return adminError('INVALID_PARTITIONS', 'Number of partitions was set to an invalid non-positive value.')
    }
    if (topic.replicationFactor > 1) {
      return adminError(
        'INVALID_REPLICATION_FACTOR',
        `Unable to replicate the partition ${topic.replicationFactor} time(s): The target replication factor of ` +
          `${topic.replicationFactor} cannot be reached because only 1 broker(s) are registered.`,
      )
    }
    partitions = topic.numPartitions === -1 ? undefined : topic.numPartitions
    replicationFactor = topic.replicationFactor
  }
  const count = partitions ?? broker.options.defaultPartitions
  return {
    topic,
    options: { partitions, replicationFactor, configs },
    records: 1 + Object.keys(configs).length + count,
  }
}

/** The name checks, in Kafka's order: legal, not colliding with an existing name, not existing. */
function checkName(name: string, broker: AdminBroker, unified: ReadonlyMap<string, string>): AdminError | undefined {
  try {
    validateTopicName(name)
  } catch (err) {
    if (!(err instanceof LogError)) throw err
    return adminError('INVALID_TOPIC_EXCEPTION', err.message)
  }
  if (broker.topic(name) !== undefined) return adminError('TOPIC_ALREADY_EXISTS', `Topic '${name}' already exists.`)
  const clash = unified.get(unifyCollisionChars(name))
  if (clash !== undefined && clash !== name)
    return adminError('INVALID_TOPIC_EXCEPTION', `Topic '${name}' collides with existing topic: ${clash}`)
  return undefined
}

/** The result of a topic that failed. */
function failed(name: string, error: AdminError): CreatableTopicResult {
  return createCreatableTopicResult({ name, errorCode: error.errorCode, errorMessage: error.errorMessage })
}

/**
 * The CreateTopics handler over `broker`.
 * @param broker - the broker whose topics are created
 */
export function createTopicsHandler(broker: AdminBroker): ApiHandler<typeof API_KEYS.CreateTopics> {
  return {
    apiKey: API_KEYS.CreateTopics,
    versions: CreateTopicsRequestCodec.versions,
    async handle(request) {
      const { topics: requested, validateOnly } = request.body
      const twice = duplicates(requested.map((t) => t.name))
      const unique = requested.filter((t) => !twice.has(t.name))
      const outcome = new Map<string, Planned | AdminError>()
      // Existing names by their '.'/'_'-unified form, built once (a request may name many topics).
      const unified = new Map(broker.topics().map((t) => [unifyCollisionChars(t.name), t.name]))
      for (const topic of unique) {
        // Kafka's order: the name and existence come before the rest.
        outcome.set(topic.name, checkName(topic.name, broker, unified) ?? plan(topic, broker))
      }
      let records = 0
      for (const o of outcome.values()) if ('records' in o) records += o.records
      const results: CreatableTopicResult[] = []
      if (records > MAX_RECORDS_PER_USER_OP) {
        // Kafka fails the whole request: every topic gets the error, duplicates included.
        const error = adminError('POLICY_VIOLATION', EXCESSIVE_BATCH_MESSAGE)
        for (const t of unique) results.push(failed(t.name, error))
        for (const name of twice) results.push(failed(name, error))
        return createCreateTopicsResponse({ topics: results })
      }
      for (const topic of unique) {
        const o = outcome.get(topic.name)!
        if (!('records' in o)) {
          results.push(failed(topic.name, o))
          continue
        }
        try {
          const created = await broker.createTopic(topic.name, { ...o.options, validateOnly })
          results.push(
            createCreatableTopicResult({
              name: created.name,
              topicId: created.topicId,
              numPartitions: created.partitions,
              replicationFactor: 1,
              configs: topicWireConfigs(created.configs, broker.options.topicDefaults, {
                includeSynonyms: false,
                includeDocumentation: false,
              }).map((c) =>
                createCreatableTopicConfigs({
                  name: c.name,
                  value: c.isSensitive ? null : c.value,
                  readOnly: c.readOnly,
                  configSource: c.configSource,
                  isSensitive: c.isSensitive,
                }),
              ),
            }),
          )
        } catch (err) {
          if (!(err instanceof LogError)) throw err
          const { errorCode, errorMessage } = toKafkaError(err)
          results.push(failed(topic.name, { errorCode, errorMessage }))
        }
      }
      for (const name of twice) results.push(failed(name, adminError('INVALID_REQUEST', 'Duplicate topic name.')))
      return createCreateTopicsResponse({ topics: results })
    },
  }
}
