/**
 * ListOffsets (API key 2), versions 1-10: per partition, the offset for a timestamp, as a Kafka 4.0
 * broker without tiered storage answers (`KafkaApis.handleListOffsetRequest`,
 * `UnifiedLog.fetchOffsetByTimestamp`):
 * - -2 (earliest) and -4 (earliest local, v8+): the log start offset, timestamp -1;
 * - -1 (latest): the high watermark, which is also the last stable offset for `read_committed`
 *   (no transactions), timestamp -1;
 * - -3 (max timestamp, v7+, KIP-734): the record with the largest timestamp and that timestamp;
 * - -5 (latest tiered, v9+): offset -1 and timestamp -1 (no tiered storage);
 * - any other value: the first record whose timestamp is at or after it (a negative time looks from
 *   0), with its timestamp; offset -1 and timestamp -1 when there is none.
 * Leader epochs are -1 ("unknown"), as in Metadata. A partition named twice in one request gets
 * INVALID_REQUEST, both times (Kafka's `duplicatePartitions`); an unknown one
 * UNKNOWN_TOPIC_OR_PARTITION; a failed lookup its code by THE table (`errors.ts`).
 *
 * Concurrency: the broker's thread. Never throws.
 */
import { API_KEYS, int64FromNumber, int64ToSafeNumber } from '../../../protocol/index.js'
import type { ListOffsetsPartition } from '../../../protocol/messages/list-offsets-request.js'
import {
  createListOffsetsPartitionResponse,
  createListOffsetsResponse,
  createListOffsetsTopicResponse,
  type ListOffsetsPartitionResponse,
} from '../../../protocol/messages/list-offsets-response.js'
import { KafkaError, toKafkaError } from '../../errors.js'
import type { OffsetSpec } from '../../partition.js'
import type { ApiHandler } from '../handler.js'
import type { ServedBroker } from './served-broker.js'

/** Kafka's ListOffsets timestamps with a meaning of their own. */
export const LIST_OFFSETS = Object.freeze({ LATEST: -1n, EARLIEST: -2n, MAX_TIMESTAMP: -3n, EARLIEST_LOCAL: -4n, LATEST_TIERED: -5n })

/** The ListOffsets handler of a served broker. */
export function listOffsetsHandler(broker: ServedBroker): ApiHandler<typeof API_KEYS.ListOffsets> {
  const one = async (topic: string, p: ListOffsetsPartition, duplicate: boolean): Promise<ListOffsetsPartitionResponse> => {
    const partitionIndex = p.partitionIndex
    const fail = (errorCode: number): ListOffsetsPartitionResponse =>
      createListOffsetsPartitionResponse({ partitionIndex, errorCode, timestamp: -1n, offset: -1n, leaderEpoch: -1 })
    if (duplicate) return fail(KafkaError.INVALID_REQUEST)
    try {
      const partition = broker.partition(topic, partitionIndex)
      const t = p.timestamp
      let spec: OffsetSpec | undefined
      if (t === LIST_OFFSETS.EARLIEST || t === LIST_OFFSETS.EARLIEST_LOCAL) spec = 'earliest'
      else if (t === LIST_OFFSETS.LATEST) spec = 'latest'
      else if (t === LIST_OFFSETS.MAX_TIMESTAMP) spec = 'max-timestamp'
      else if (t !== LIST_OFFSETS.LATEST_TIERED) {
        const ms = int64ToSafeNumber(t)
        // Later than any timestamp a log holds: nothing is at or after it.
        if (ms !== undefined) spec = { timestamp: Math.max(0, ms) }
      }
      const found = spec === undefined ? { offset: -1, timestamp: -1 } : await partition.listOffsets(spec)
      return createListOffsetsPartitionResponse({
        partitionIndex,
        timestamp: int64FromNumber(found.timestamp),
        offset: int64FromNumber(found.offset),
        leaderEpoch: -1,
      })
    } catch (err) {
      return fail(toKafkaError(err).errorCode)
    }
  }

  return {
    apiKey: API_KEYS.ListOffsets,
    versions: [1, 10],
    async handle(request) {
      const { body } = request
      const count = new Map<string, number>()
      for (const t of body.topics) {
        for (const p of t.partitions) count.set(`${p.partitionIndex}:${t.name}`, (count.get(`${p.partitionIndex}:${t.name}`) ?? 0) + 1)
      }
      const topics = await Promise.all(
        body.topics.map(async (t) =>
          createListOffsetsTopicResponse({
            name: t.name,
            partitions: await Promise.all(t.partitions.map((p) => one(t.name, p, count.get(`${p.partitionIndex}:${t.name}`)! > 1))),
          }),
        ),
      )
      return createListOffsetsResponse({ topics })
    },
  }
}
