/**
 * What the broker's request handlers need from a broker, as an interface: `Broker` satisfies it
 * structurally. The handlers code against this and never import `broker.ts`, so that `broker.ts` can
 * import the serving glue (`serve.ts`) without an import cycle.
 *
 * Also the endpoint a Metadata response advertises for the connection a request came on
 * ({@link ServeContext.endpoint}): Kafka's advertised listener of the address the client reached.
 *
 * Concurrency: the broker's thread (handlers run there).
 */
import type { Partition } from '../../partition.js'
import type { RequestContext } from '../handler.js'

/** A topic as the handlers see it (`broker.topics()` entries). */
export interface ServedTopic {
  readonly name: string
  /** Kafka's topic id (22 characters of URL-safe base64). */
  readonly topicId: string
  /** Partition count. */
  readonly partitions: number
}

/** The broker API the handlers call (a subset of `Broker`). */
export interface ServedBroker {
  /** Kafka's node.id of this broker. */
  readonly nodeId: number
  /** Kafka's cluster id. */
  readonly clusterId: string
  /** The broker options the handlers read. */
  readonly options: { readonly autoCreateTopics: boolean }
  /** Every topic. */
  topics(): readonly ServedTopic[]
  /** The topic `name`, or undefined. */
  topic(name: string): ServedTopic | undefined
  /** The topic of a topic id, or undefined. */
  topicById(topicId: string): ServedTopic | undefined
  /** Partition `index` of `topic`. @throws LogError `KLOG_UNKNOWN_TOPIC_OR_PARTITION`, `KLOG_CLOSED` */
  partition(topic: string, index: number): Partition
  /** Creates a topic with the broker's defaults (Metadata auto-creation). */
  createTopic(name: string): Promise<ServedTopic>
  /** Kafka's InitProducerId for an idempotent producer. */
  initProducerId(options: { transactionalId?: string | null }): Promise<{ producerId: number; producerEpoch: number }>
}

/** A host and port a client is told to connect to. */
export interface Endpoint {
  readonly host: string
  readonly port: number
}

/** What every handler of a served broker is built from. */
export interface ServeContext {
  /** The broker. */
  readonly broker: ServedBroker
  /** The endpoint to advertise to a client connected through `context` (Metadata's broker list). */
  endpoint(context: RequestContext): Endpoint
}
