/**
 * DeleteRecords (API key 21), versions 0-2 (Kafka 4.0's), over `Partition.deleteRecords`: moves a
 * partition's log start offset (Kafka's low watermark) up to the given offset.
 *
 * Kafka's rules followed (Kafka 4.0 `KafkaApis.handleDeleteRecordsRequest`,
 * `ReplicaManager.deleteRecords`, `Partition.deleteRecordsOnLeader`):
 * - a partition named twice is answered once, with the last offset given (Kafka keys the request by
 *   topic-partition);
 * - an unknown topic or partition: UNKNOWN_TOPIC_OR_PARTITION, low watermark -1;
 * - offset -1 means the high watermark; any other negative offset, or one above the high watermark,
 *   is OFFSET_OUT_OF_RANGE (low watermark -1); an offset below the current log start moves nothing
 *   and answers the current log start;
 * - a topic whose `cleanup.policy` does not include `delete` (compact only) is POLICY_VIOLATION:
 *   Kafka does not delete records of such a topic;
 * - otherwise the answer is the new low watermark, once the log start has moved (durably, as the
 *   engine's `deleteRecordsBefore` records it). `timeout_ms` bounds Kafka's wait for followers;
 *   there are none here.
 * Partitions are handled one after the other (each waits for its own log's pending appends), so a
 * request naming many partitions holds one pending deletion at a time.
 *
 * Concurrency: the broker's thread.
 */
import { LogError } from '../../../index.js'
import { API_KEYS, int64FromNumber, int64ToSafeNumber } from '../../../protocol/index.js'
import { DeleteRecordsRequestCodec } from '../../../protocol/messages/delete-records-request.js'
import {
  createDeleteRecordsPartitionResult,
  createDeleteRecordsResponse,
  createDeleteRecordsTopicResult,
  type DeleteRecordsPartitionResult,
  type DeleteRecordsTopicResult,
} from '../../../protocol/messages/delete-records-response.js'
import type { AdminBroker } from './admin-broker.js'
import { KafkaError, toKafkaError } from '../../errors.js'
import type { ApiHandler } from '../handler.js'

/** Kafka's `DeleteRecordsResponse.INVALID_LOW_WATERMARK`. */
const INVALID_LOW_WATERMARK = -1n

/** Whether `topic` exists and its `cleanup.policy` lacks `delete`. */
function isCompactOnly(broker: AdminBroker, topic: string): boolean {
  if (broker.closed || broker.topic(topic) === undefined) return false
  const policy = broker.describeConfigs(topic).find((c) => c.name === 'cleanup.policy')?.value ?? 'delete'
  return !policy.split(',').includes('delete')
}

/** One partition's deletion: the new low watermark, or an error code. */
async function deleteOne(
  broker: AdminBroker,
  topic: string,
  compactOnly: boolean,
  index: number,
  offset: bigint,
): Promise<DeleteRecordsPartitionResult> {
  const result = (lowWatermark: bigint, errorCode: number): DeleteRecordsPartitionResult =>
    createDeleteRecordsPartitionResult({ partitionIndex: index, lowWatermark, errorCode })
  let partition
  try {
    partition = broker.partition(topic, index)
  } catch (err) {
    if (!(err instanceof LogError)) throw err
    return result(INVALID_LOW_WATERMARK, toKafkaError(err).errorCode)
  }
  if (compactOnly) return result(INVALID_LOW_WATERMARK, KafkaError.POLICY_VIOLATION)
  // -1 is the high watermark (the partition resolves it); a huge int64 is beyond any high watermark.
  const target = int64ToSafeNumber(offset)
  if (target === undefined || target < -1 || target > partition.highWatermark) {
    return result(INVALID_LOW_WATERMARK, KafkaError.OFFSET_OUT_OF_RANGE)
  }
  try {
    const { lowWatermark } = await partition.deleteRecords(target)
    return result(int64FromNumber(lowWatermark), KafkaError.NONE)
  } catch (err) {
    if (!(err instanceof LogError)) throw err
    return result(INVALID_LOW_WATERMARK, toKafkaError(err).errorCode)
  }
}

/**
 * The DeleteRecords handler over `broker`.
 * @param broker - the broker whose partitions' records are deleted
 */
export function deleteRecordsHandler(broker: AdminBroker): ApiHandler<typeof API_KEYS.DeleteRecords> {
  return {
    apiKey: API_KEYS.DeleteRecords,
    versions: DeleteRecordsRequestCodec.versions,
    async handle(request) {
      // topic -> partition -> offset, in order of first mention; the last offset given wins.
      const wanted = new Map<string, Map<number, bigint>>()
      for (const t of request.body.topics) {
        let partitions = wanted.get(t.name)
        if (partitions === undefined) wanted.set(t.name, (partitions = new Map<number, bigint>()))
        for (const p of t.partitions) partitions.set(p.partitionIndex, p.offset)
      }
      const topics: DeleteRecordsTopicResult[] = []
      for (const [name, partitions] of wanted) {
        const results: DeleteRecordsPartitionResult[] = []
        const compactOnly = isCompactOnly(broker, name)
        for (const [index, offset] of partitions) results.push(await deleteOne(broker, name, compactOnly, index, offset))
        topics.push(createDeleteRecordsTopicResult({ name, partitions: results }))
      }
      return createDeleteRecordsResponse({ topics })
    },
  }
}
