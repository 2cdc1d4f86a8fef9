/**
 * CreatePartitions (API key 37), versions 0-3 (Kafka 4.0's), over `Broker.createPartitions`: raises
 * a topic's partition count.
 *
 * Kafka's rules followed (Kafka 4.0 `ControllerApis.createPartitions`,
 * `ReplicationControlManager.createPartitions`, `QuorumController`):
 * - a name given twice: one INVALID_REQUEST "Duplicate topic name." result for it (first in the
 *   response), not changed;
 * - an unknown topic: UNKNOWN_TOPIC_OR_PARTITION; a count equal to the current one or lower
 *   (negative included): INVALID_PARTITIONS ("Topic already has N partition(s).", "The topic T
 *   currently has N partition(s); M would not be an increase.");
 * - assignments (when not null) must number exactly the new partitions, each on this node once
 *   (the topic's replication factor is 1): else INVALID_REPLICA_ASSIGNMENT;
 * - the whole request is refused with POLICY_VIOLATION when the new partitions number more than
 *   10,000 (Kafka's `MAX_RECORDS_PER_USER_OP`), before anything is created: a count of 2^31 - 1 never
 *   makes this broker open that many logs;
 * - `validate_only`: checked, nothing created.
 * Topics are grown one after the other, each durable before the answer.
 *
 * Concurrency: the broker's thread; the broker serialises admin calls.
 */
import { LogError } from '../../../index.js'
import { API_KEYS } from '../../../protocol/index.js'
import { CreatePartitionsRequestCodec, type CreatePartitionsTopic } from '../../../protocol/messages/create-partitions-request.js'
import {
  createCreatePartitionsResponse,
  createCreatePartitionsTopicResult,
  type CreatePartitionsTopicResult,
} from '../../../protocol/messages/create-partitions-response.js'
import type { AdminBroker } from './admin-broker.js'
import { KafkaError, toKafkaError } from '../../errors.js'
import type { ApiHandler } from '../handler.js'
import {
  adminError,
  checkManualAssignment,
  duplicates,
  EXCESSIVE_BATCH_MESSAGE,
  MAX_RECORDS_PER_USER_OP,
  type AdminError,
} from './admin-rules.js'

/** The checks of one topic before the broker's; the number of partitions it would add. */
function plan(topic: CreatePartitionsTopic, broker: AdminBroker): { added: number } | AdminError {
  const current = broker.topic(topic.name)
  if (current === undefined) return adminError('UNKNOWN_TOPIC_OR_PARTITION', `Unable to find a topic named ${topic.name}.`)
  const existing = current.partitions
  if (topic.count === existing) return adminError('INVALID_PARTITIONS', `Topic already has ${existing} partition(s).`)
  if (topic.count < existing) {
    return adminError(
      'INVALID_PARTITIONS',
      `The topic ${topic.name} currently has ${existing} partition(s); ${topic.count} would not be an increase.`,
    )
  }
  const added = topic.count - existing
  if (topic.assignments !== null) {
    if (topic.assignments.length !== added) {
      return adminError(
        'INVALID_REPLICA_ASSIGNMENT',
        `Attempted to add ${added} additional partition(s), but only ${topic.assignments.length} assignment(s) were specified.`,
      )
    }
    for (const a of topic.assignments) {
      const error = checkManualAssignment(a.brokerIds, broker.nodeId, 1)
      if (error !== undefined) return error
    }
  }
  return { added }
}

function result(name: string, error: AdminError | undefined): CreatePartitionsTopicResult {
  return createCreatePartitionsTopicResult({
    name,
    errorCode: error?.errorCode ?? KafkaError.NONE,
    errorMessage: error?.errorMessage ?? null,
  })
}

/**
 * The CreatePartitions handler over `broker`.
 * @param broker - the broker whose topics grow
 */
export function createPartitionsHandler(broker: AdminBroker): ApiHandler<typeof API_KEYS.CreatePartitions> {
  return {
    apiKey: API_KEYS.CreatePartitions,
    versions: CreatePartitionsRequestCodec.versions,
    async handle(request) {
      const { topics, validateOnly } = request.body
      const twice = duplicates(topics.map((t) => t.name))
      const unique = topics.filter((t) => !twice.has(t.name))
      const plans = unique.map((t) => plan(t, broker))
      const added = plans.reduce((sum, p) => sum + ('added' in p ? p.added : 0), 0)
      if (added > MAX_RECORDS_PER_USER_OP) {
        // Kafka fails the whole request: every topic gets the error.
        const error = adminError('POLICY_VIOLATION', EXCESSIVE_BATCH_MESSAGE)
        return createCreatePartitionsResponse({ results: [...twice, ...unique.map((t) => t.name)].map((name) => result(name, error)) })
      }
      const results = [...twice].map((name) => result(name, adminError('INVALID_REQUEST', 'Duplicate topic name.')))
      for (let i = 0; i < unique.length; i++) {
        const topic = unique[i]!
        const p = plans[i]!
        if (!('added' in p)) {
          results.push(result(topic.name, p))
          continue
        }
        try {
          await broker.createPartitions(topic.name, topic.count, { validateOnly })
          results.push(result(topic.name, undefined))
        } catch (err) {
          if (!(err instanceof LogError)) throw err
          const { errorCode, errorMessage } = toKafkaError(err)
          results.push(result(topic.name, { errorCode, errorMessage }))
        }
      }
      return createCreatePartitionsResponse({ results })
    },
  }
}
