/**
 * DeleteTopics (API key 20), versions 1-6 (Kafka 4.0's), over `Broker.deleteTopic`: by name
 * (`topic_names`, v1-5; `topics[].name`, v6) and by topic id (`topics[].topic_id`, v6).
 *
 * Kafka's rules followed (Kafka 4.0 `ControllerApis.deleteTopics`):
 * - v6: an entry with neither a name nor an id, or with both, is INVALID_REQUEST ("Neither topic
 *   name nor id were specified.", "You may not specify both topic name and topic id.");
 * - a name (or id) given again gets an INVALID_REQUEST "Duplicate topic name." ("Duplicate topic
 *   ID.") result for each repetition, and is not deleted;
 * - an unknown name is UNKNOWN_TOPIC_OR_PARTITION, an unknown id UNKNOWN_TOPIC_ID;
 * - a deleted topic's result carries its name and (v6) its id; an id-only failure has a null name.
 * Results come in Kafka's order: the request-level errors as they are met, then the topics resolved.
 * Each deletion is complete (partition directories removed) before the answer; `timeout_ms` is not
 * needed for that on a single broker.
 *
 * Concurrency: the broker's thread; the broker serialises admin calls.
 */
import { LogError } from '../../../index.js'
import { API_KEYS } from '../../../protocol/index.js'
import { DeleteTopicsRequestCodec } from '../../../protocol/messages/delete-topics-request.js'
import {
  createDeletableTopicResult,
  createDeleteTopicsResponse,
  type DeletableTopicResult,
} from '../../../protocol/messages/delete-topics-response.js'
import type { AdminBroker } from './admin-broker.js'
import { KafkaError, toKafkaError } from '../../errors.js'
import type { ApiHandler } from '../handler.js'

/** Kafka's zero UUID: "no topic id". */
const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA'

/**
 * The DeleteTopics handler over `broker`.
 * @param broker - the broker whose topics are deleted
 */
export function deleteTopicsHandler(broker: AdminBroker): ApiHandler<typeof API_KEYS.DeleteTopics> {
  return {
    apiKey: API_KEYS.DeleteTopics,
    versions: DeleteTopicsRequestCodec.versions,
    async handle(request) {
      const { body, apiVersion } = request
      const results: DeletableTopicResult[] = []
      const fail = (name: string | null, topicId: string, code: keyof typeof KafkaError, message: string | null): void => {
        results.push(createDeletableTopicResult({ name, topicId, errorCode: KafkaError[code], errorMessage: message }))
      }
      // Kafka's resolution sets: a repeated entry is answered once per repetition and dropped.
      const names = new Set<string>()
      const duplicateNames = new Set<string>()
      const ids = new Set<string>()
      const duplicateIds = new Set<string>()
      const addName = (name: string): void => {
        if (duplicateNames.has(name) || names.has(name)) {
          fail(name, ZERO_UUID, 'INVALID_REQUEST', 'Duplicate topic name.')
          names.delete(name)
          duplicateNames.add(name)
        } else names.add(name)
      }
      const addId = (id: string): void => {
        if (duplicateIds.has(id) || ids.has(id)) {
          fail(null, id, 'INVALID_REQUEST', 'Duplicate topic ID.')
          ids.delete(id)
          duplicateIds.add(id)
        } else ids.add(id)
      }
      if (apiVersion < 6) for (const name of body.topicNames) addName(name)
      else {
        for (const t of body.topics) {
          if (t.name === null) {
            if (t.topicId === ZERO_UUID) fail(null, ZERO_UUID, 'INVALID_REQUEST', 'Neither topic name nor id were specified.')
            else addId(t.topicId)
          } else if (t.topicId === ZERO_UUID) addName(t.name)
          else fail(t.name, t.topicId, 'INVALID_REQUEST', 'You may not specify both topic name and topic id.')
        }
      }
      // By topic id: a topic named both ways is deleted once.
      const doomed = new Map<string, string>()
      for (const name of names) {
        const t = broker.topic(name)
        if (t === undefined) fail(name, ZERO_UUID, 'UNKNOWN_TOPIC_OR_PARTITION', 'This server does not host this topic-partition.')
        else doomed.set(t.topicId, name)
      }
      for (const id of ids) {
        const t = broker.topicById(id)
        if (t === undefined) fail(null, id, 'UNKNOWN_TOPIC_ID', 'This server does not host this topic ID.')
        else doomed.set(t.topicId, t.name)
      }
      for (const [topicId, name] of doomed) {
        try {
          await broker.deleteTopic(name)
          // Kafka's null message for success; from v6 the id too (ignorable before).
          results.push(createDeletableTopicResult({ name, topicId, errorCode: KafkaError.NONE, errorMessage: null }))
        } catch (err) {
          if (!(err instanceof LogError)) throw err
          const e = toKafkaError(err)
          results.push(createDeletableTopicResult({ name, topicId, errorCode: e.errorCode, errorMessage: e.errorMessage }))
        }
      }
      return createDeleteTopicsResponse({ responses: results })
    },
  }
}
