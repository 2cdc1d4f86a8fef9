/**
 * Produce (API key 0), versions 3-12 (RecordBatch v2 only), listed in ApiVersions from version 0
 * (KAFKA-18659, see api-versions.ts). Versions 0-2 have no codecs (Kafka 4.0 removed them): the
 * listener closes a connection that sends one, as Kafka 4.0 does.
 *
 * Each partition's `records` is appended as it came through `Partition.produce` (validated, base
 * offset stamped, compressed batches kept compressed; idempotent producers' duplicates answered with
 * the original offsets). Partitions of one request are produced concurrently; requests of one
 * connection one after the other (the listener's rule), so an idempotent producer's pipelined
 * requests reach each partition in order.
 *
 * Checks before the append, in Kafka's order (`KafkaApis.handleProduceRequest`,
 * `ProduceRequest.validateRecords`, `ReplicaManager.appendRecords`), each a per-partition error:
 * - a transactional id: transactions are not supported (the broker core's
 *   `KLOG_TRANSACTIONS_UNSUPPORTED`, Kafka's TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
 * - `acks` other than 0, 1, -1: INVALID_REQUIRED_ACKS;
 * - no batch (null or empty `records`) or a batch whose magic is not 2: INVALID_RECORD;
 * - zstd before version 7: UNSUPPORTED_COMPRESSION_TYPE (KIP-110);
 * - then the partition's own checks (CRC, records, sizes, producer state), mapped by THE table
 *   (`errors.ts`: CORRUPT_MESSAGE, MESSAGE_TOO_LARGE, OUT_OF_ORDER_SEQUENCE_NUMBER, ...).
 * KAFKA_STORAGE_ERROR is answered NOT_LEADER_OR_FOLLOWER to version 3, which predates it (as Kafka).
 *
 * `acks` 0: no response (`NO_RESPONSE`) after the appends, or the connection closed
 * (`CLOSE_CONNECTION`) when any partition failed: Kafka's only way to tell such a producer.
 *
 * Concurrency: the broker's thread. Never throws: every failure is a per-partition error code.
 */
import { int64FromNumber, API_KEYS } from '../../../protocol/index.js'
import type { PartitionProduceData } from '../../../protocol/messages/produce-request.js'
import {
  createPartitionProduceResponse,
  createProduceResponse,
  createTopicProduceResponse,
  type PartitionProduceResponse,
} from '../../../protocol/messages/produce-response.js'
import { LogError } from '../../../index.js'
import { KafkaError, toKafkaError } from '../../errors.js'
import { CLOSE_CONNECTION, NO_RESPONSE, type ApiHandler } from '../handler.js'
import type { ServedBroker } from './served-broker.js'

/** Offset of the magic byte in a RecordBatch (and in the old message sets). */
const MAGIC_OFFSET = 16
/** Offset of the attributes (int16) in a RecordBatch v2. */
const ATTRIBUTES_OFFSET = 21
const ZSTD = 4

/** A partition's failure: `errorCode` for the response, and whether it counts as a failed append. */
class Refused extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message)
  }
}

/** The Produce handler of a served broker. */
export function produceHandler(broker: ServedBroker): ApiHandler<typeof API_KEYS.Produce> {
  const produceOne = async (
    topic: string,
    data: PartitionProduceData,
    version: number,
    acks: number,
    transactionalId: string | null,
  ): Promise<PartitionProduceResponse> => {
    try {
      if (transactionalId !== null) throw new LogError('KLOG_TRANSACTIONS_UNSUPPORTED', 'transactions are not supported by this broker')
      if (acks !== 0 && acks !== 1 && acks !== -1)
        throw new Refused(KafkaError.INVALID_REQUIRED_ACKS, `acks must be 0, 1 or -1, not ${acks}`)
      const records = data.records
      if (records === null || records.length === 0) {
        throw new Refused(KafkaError.INVALID_RECORD, `Produce v${version} must carry exactly one record batch per partition`)
      }
      if (records.length > MAGIC_OFFSET && records[MAGIC_OFFSET] !== 2) {
        throw new Refused(KafkaError.INVALID_RECORD, `Produce v${version} takes record batches of magic 2 only`)
      }
      if (version < 7 && records.length > ATTRIBUTES_OFFSET + 1 && (records.readInt16BE(ATTRIBUTES_OFFSET) & 7) === ZSTD) {
        throw new Refused(KafkaError.UNSUPPORTED_COMPRESSION_TYPE, `zstd needs Produce v7 or later, not v${version}`)
      }
      const r = await broker.partition(topic, data.index).produce(records, { acks: acks })
      return createPartitionProduceResponse({
        index: data.index,
        baseOffset: int64FromNumber(r.baseOffset),
        logAppendTimeMs: int64FromNumber(r.logAppendTime),
        logStartOffset: int64FromNumber(r.logStartOffset),
      })
    } catch (err) {
      let errorCode: number
      let errorMessage: string | null
      if (err instanceof Refused) {
        errorCode = err.errorCode
        errorMessage = err.message
      } else {
        ;({ errorCode, errorMessage } = toKafkaError(err))
      }
      if (version < 4 && errorCode === KafkaError.KAFKA_STORAGE_ERROR) errorCode = KafkaError.NOT_LEADER_OR_FOLLOWER
      return createPartitionProduceResponse({ index: data.index, errorCode, baseOffset: -1n, errorMessage })
    }
  }

  return {
    apiKey: API_KEYS.Produce,
    versions: [3, 12],
    async handle(request) {
      const { apiVersion: version, body } = request
      const responses = await Promise.all(
        body.topicData.map(async (t) =>
          createTopicProduceResponse({
            name: t.name,
            partitionResponses: await Promise.all(
              t.partitionData.map((p) => produceOne(t.name, p, version, body.acks, body.transactionalId)),
            ),
          }),
        ),
      )
      if (body.acks === 0) {
        const failed = responses.some((t) => t.partitionResponses.some((p) => p.errorCode !== KafkaError.NONE))
        return failed ? CLOSE_CONNECTION : NO_RESPONSE
      }
      return createProduceResponse({ responses })
    },
  }
}
