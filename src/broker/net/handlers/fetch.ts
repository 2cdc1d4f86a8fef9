/**
 * Fetch (API key 1), versions 4-17, for consumers, sessionless: Kafka allows a broker not to create
 * fetch sessions (KIP-227), so every full request (session epoch 0 or -1) is answered whole with
 * session id 0, and an incremental one (any other epoch) gets FETCH_SESSION_ID_NOT_FOUND, after
 * which clients send full requests. Topics by name before v13, by topic id from v13
 * (UNKNOWN_TOPIC_ID for an id no topic has).
 *
 * Each partition is read with `Partition.fetch` (the log's `readBatches`): whole batches as the
 * segment files hold them, from the batch holding the fetch offset, never past the high watermark
 * (= the last stable offset, for either isolation level: there are no transactions). The byte
 * limits are Kafka's (`ReplicaManager.readFromLog`):
 * - each partition reads at most min(`partitionMaxBytes`, what is left of the response's
 *   `maxBytes`, itself capped at Kafka's `fetch.max.bytes` default, 55 MiB);
 * - the first partition that returns data returns at least one whole batch however large (KIP-74);
 *   later partitions return nothing rather than more than their limit.
 *
 * Long poll (`maxWaitMs`, `minBytes`): answered at once when there is an error, when `maxWaitMs`
 * <= 0, or when at least `minBytes` were read; otherwise the handler waits for any fetched
 * partition's high watermark to move (`Partition.waitForData`, woken by the log's writer, no
 * polling), reads again, and answers when `minBytes` are there or `maxWaitMs` has passed. The wait
 * ends early when the connection or the listener closes (`context.signal`) or a partition closes.
 *
 * Errors per partition, with Kafka's -1 for the offsets: UNKNOWN_TOPIC_OR_PARTITION /
 * UNKNOWN_TOPIC_ID, OFFSET_OUT_OF_RANGE (below the log start or above the log end, or not an int64
 * the log can hold), and whatever the read fails with, by THE table (`errors.ts`).
 *
 * Concurrency: the broker's thread. Never throws.
 */
import { API_KEYS, int64FromNumber, int64ToSafeNumber } from '../../../protocol/index.js'
import type { FetchPartition, FetchRequest } from '../../../protocol/messages/fetch-request.js'
import {
  createFetchableTopicResponse,
  createFetchResponse,
  createPartitionData,
  type PartitionData,
} from '../../../protocol/messages/fetch-response.js'
import { KafkaError, toKafkaError } from '../../errors.js'
import type { Partition } from '../../partition.js'
import type { ApiHandler, RequestContext } from '../handler.js'
import type { ServedBroker } from './served-broker.js'

/** Kafka's `fetch.max.bytes` default: the most one response carries (KIP-541). */
export const FETCH_MAX_BYTES = 57_671_680

const EMPTY: Buffer = Buffer.alloc(0)

/** One requested partition, resolved. */
interface Wanted {
  /** Index of its topic in the response. */
  topic: number
  request: FetchPartition
  /** The partition, or the error code when it cannot be fetched at all. */
  partition: Partition | number
}

/** The Fetch handler of a served broker. */
export function fetchHandler(broker: ServedBroker): ApiHandler<typeof API_KEYS.Fetch> {
  return {
    apiKey: API_KEYS.Fetch,
    versions: [4, 17],
    async handle(request, context) {
      const { apiVersion: version, body } = request
      if (body.sessionEpoch !== 0 && body.sessionEpoch !== -1) {
        return createFetchResponse({ errorCode: KafkaError.FETCH_SESSION_ID_NOT_FOUND, sessionId: 0 })
      }
      const wanted = resolve(broker, body, version)
      const isolation = body.isolationLevel === 1 ? 'read_committed' : 'read_uncommitted'
      const maxBytes = Math.min(Math.max(body.maxBytes, 0), FETCH_MAX_BYTES)
      let round = await readAll(wanted, maxBytes, isolation)
      if (body.maxWaitMs > 0 && !round.error && round.bytes < body.minBytes && wanted.length > 0) {
        const deadline = AbortSignal.timeout(body.maxWaitMs)
        while (!deadline.aborted && !context.signal.aborted) {
          await waitForAny(wanted, round.data, deadline, context)
          round = await readAll(wanted, maxBytes, isolation)
          if (round.error || round.bytes >= body.minBytes) break
        }
      }
      const responses = body.topics.map((t) => createFetchableTopicResponse({ topic: t.topic, topicId: t.topicId, partitions: [] }))
      wanted.forEach((w, i) => responses[w.topic]!.partitions.push(round.data[i]!))
      return createFetchResponse({ sessionId: 0, responses })
    },
  }
}

/** Every requested partition, in request order, with its partition or error. */
function resolve(broker: ServedBroker, body: FetchRequest, version: number): Wanted[] {
  const wanted: Wanted[] = []
  body.topics.forEach((t, topic) => {
    const byId = version >= 13
    const name = byId ? broker.topicById(t.topicId)?.name : t.topic
    for (const request of t.partitions) {
      let partition: Partition | number
      if (name === undefined) partition = KafkaError.UNKNOWN_TOPIC_ID
      else {
        try {
          partition = broker.partition(name, request.partition)
        } catch (err) {
          partition = toKafkaError(err).errorCode
        }
      }
      wanted.push({ topic, request, partition })
    }
  })
  return wanted
}

/** What one read of every partition gave. */
interface Round {
  data: PartitionData[]
  bytes: number
  error: boolean
}

async function readAll(wanted: Wanted[], maxBytes: number, isolation: 'read_uncommitted' | 'read_committed'): Promise<Round> {
  const data: PartitionData[] = []
  let left = maxBytes
  let bytes = 0
  let error = false
  // KIP-74: until a partition returned data, a partition returns its first batch whatever its size.
  let minOneBatch = true
  for (const w of wanted) {
    const index = w.request.partition
    const fail = (errorCode: number): void => {
      error = true
      data.push(
        createPartitionData({
          partitionIndex: index,
          errorCode,
          highWatermark: -1n,
          lastStableOffset: -1n,
          logStartOffset: -1n,
          records: EMPTY,
        }),
      )
    }
    if (typeof w.partition === 'number') {
      fail(w.partition)
      continue
    }
    const offset = int64ToSafeNumber(w.request.fetchOffset)
    if (offset === undefined || offset < 0) {
      fail(KafkaError.OFFSET_OUT_OF_RANGE)
      continue
    }
    const limit = Math.min(w.request.partitionMaxBytes, left)
    try {
      let records: Buffer = EMPTY
      let highWatermark: number
      let logStartOffset: number
      if (limit <= 0 && !minOneBatch) {
        // Nothing may be read, but the client still learns where the partition stands.
        highWatermark = w.partition.highWatermark
        logStartOffset = w.partition.logStartOffset
        if (offset < logStartOffset || offset > w.partition.logEndOffset) {
          fail(KafkaError.OFFSET_OUT_OF_RANGE)
          continue
        }
      } else {
        const r = await w.partition.fetch({ offset, maxBytes: Math.max(1, limit), isolation })
        records = r.records
        highWatermark = r.highWatermark
        logStartOffset = r.logStartOffset
        if (!minOneBatch && records.length > limit) records = EMPTY
      }
      if (records.length > 0) minOneBatch = false
      left -= records.length
      bytes += records.length
      data.push(
        createPartitionData({
          partitionIndex: index,
          highWatermark: int64FromNumber(highWatermark),
          lastStableOffset: int64FromNumber(highWatermark),
          logStartOffset: int64FromNumber(logStartOffset),
          abortedTransactions: isolation === 'read_committed' ? [] : null,
          preferredReadReplica: -1,
          records,
        }),
      )
    } catch (err) {
      fail(toKafkaError(err).errorCode)
    }
  }
  return { data, bytes, error }
}

/**
 * The reason `waitForAny` aborts its own waits with once one of them ended: nobody reads it (their
 * rejections are dropped), and `abort()` without a reason would make a `DOMException`, stack and all,
 * for every long poll that waited.
 */
const WAIT_OVER = new Error('the fetch stopped waiting')

/**
 * Resolves when any fetched partition's high watermark moves past what the last round saw, when
 * `deadline` or the connection's signal aborts, or when a partition closes.
 */
async function waitForAny(wanted: Wanted[], last: PartitionData[], deadline: AbortSignal, context: RequestContext): Promise<void> {
  const done = new AbortController()
  const signal = AbortSignal.any([deadline, context.signal, done.signal])
  const waits: Promise<unknown>[] = []
  wanted.forEach((w, i) => {
    if (typeof w.partition === 'number') return
    const seen = Number(last[i]!.highWatermark)
    const from = Math.max(seen, int64ToSafeNumber(w.request.fetchOffset) ?? 0)
    try {
      waits.push(w.partition.waitForData(from, { signal }))
    } catch (err) {
      waits.push(Promise.reject(err))
    }
  })
  const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
  try {
    // A rejection (abort, a closed partition) ends the wait as well: the next read tells what happened.
    await Promise.race([
      aborted,
      ...waits.map((p) =>
        p.then(
          () => undefined,
          () => undefined,
        ),
      ),
    ])
  } finally {
    done.abort(WAIT_OVER)
    await Promise.allSettled(waits)
  }
}
