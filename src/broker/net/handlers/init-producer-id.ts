/**
 * InitProducerId (API key 22), versions 0-5, for idempotent producers only: a producer id never
 * handed out before and epoch 0 (`broker.initProducerId`). As Kafka's `TransactionCoordinator`
 * does for a request without a transactional id, a v3+ request that names its current producer id
 * and epoch (a producer recovering from an error) also gets a new id and epoch 0: without a
 * transactional id there is no state to bump. A producer id and epoch of which only one is -1 is
 * INVALID_REQUEST (`KafkaApis.handleInitProducerIdRequest`). A transactional id is refused with the
 * broker core's `KLOG_TRANSACTIONS_UNSUPPORTED` (Kafka's TRANSACTIONAL_ID_AUTHORIZATION_FAILED, by
 * THE table): transactions are not served, and the transaction APIs are not advertised.
 *
 * Concurrency: the broker's thread. Never throws.
 */
import { API_KEYS, int64FromNumber } from '../../../protocol/index.js'
import { createInitProducerIdResponse } from '../../../protocol/messages/init-producer-id-response.js'
import { KafkaError, toKafkaError } from '../../errors.js'
import type { ApiHandler } from '../handler.js'
import type { ServedBroker } from './served-broker.js'

/** The InitProducerId handler of a served broker. */
export function initProducerIdHandler(broker: ServedBroker): ApiHandler<typeof API_KEYS.InitProducerId> {
  return {
    apiKey: API_KEYS.InitProducerId,
    versions: [0, 5],
    async handle(request) {
      const { producerId, producerEpoch, transactionalId } = request.body
      if ((producerId === -1n) !== (producerEpoch === -1)) {
        return createInitProducerIdResponse({ errorCode: KafkaError.INVALID_REQUEST, producerId: -1n, producerEpoch: -1 })
      }
      try {
        const r = await broker.initProducerId({ transactionalId })
        return createInitProducerIdResponse({ producerId: int64FromNumber(r.producerId), producerEpoch: r.producerEpoch })
      } catch (err) {
        return createInitProducerIdResponse({ errorCode: toKafkaError(err).errorCode, producerId: -1n, producerEpoch: -1 })
      }
    },
  }
}
