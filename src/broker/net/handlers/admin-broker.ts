/**
 * What the admin handlers need from a broker, as an interface: `Broker` satisfies it structurally.
 * The handlers code against this and never import `broker.ts`, so that `broker.ts` can import the
 * serving glue (and through it these handlers) without an import cycle (the same seam as the core
 * handlers' `ServedBroker`).
 *
 * Concurrency: the broker's thread (handlers run there).
 */
import type { Partition } from '../../partition.js'
import type { ConfigChange, ConfigEntry } from '../../topic-config.js'

/** A topic as `broker.topic()` describes it. */
export interface AdminTopic {
  readonly name: string
  /** Kafka's topic id (22 characters of URL-safe base64). */
  readonly topicId: string
  /** Partition count. */
  readonly partitions: number
  /** The configs set on the topic (canonical values). */
  readonly configs: Readonly<Record<string, string>>
}

/** The broker API the admin handlers call (a subset of `Broker`). */
export interface AdminBroker {
  /** Kafka's node.id of this broker. */
  readonly nodeId: number
  /** Kafka's cluster id. */
  readonly clusterId: string
  /** True once the broker is closing. */
  readonly closed: boolean
  /** The broker options the handlers read. */
  readonly options: {
    readonly defaultPartitions: number
    readonly autoCreateTopics: boolean
    readonly producerIdExpirationMs: number
    readonly topicDefaults: Readonly<Record<string, string>>
  }
  /** Every topic. */
  topics(): readonly AdminTopic[]
  /** The topic `name`, or undefined. */
  topic(name: string): AdminTopic | undefined
  /** The topic of a topic id, or undefined. */
  topicById(topicId: string): AdminTopic | undefined
  /** Partition `index` of `topic`. @throws LogError `KLOG_UNKNOWN_TOPIC_OR_PARTITION`, `KLOG_CLOSED` */
  partition(topic: string, index: number): Partition
  /** Kafka's CreateTopics for one topic. */
  createTopic(
    name: string,
    options: { partitions?: number; replicationFactor?: number; configs?: Readonly<Record<string, string>>; validateOnly?: boolean },
  ): Promise<AdminTopic>
  /** Kafka's DeleteTopics for one topic. */
  deleteTopic(name: string): Promise<void>
  /** Kafka's CreatePartitions for one topic. */
  createPartitions(topic: string, count: number, options: { validateOnly?: boolean }): Promise<AdminTopic>
  /** Every config of a topic, described. */
  describeConfigs(topic: string): ConfigEntry[]
  /** Kafka's AlterConfigs (the whole set) for one topic. */
  alterConfigs(topic: string, configs: Readonly<Record<string, string>>, options: { validateOnly?: boolean }): Promise<unknown>
  /** Kafka's IncrementalAlterConfigs for one topic. */
  incrementalAlterConfigs(topic: string, changes: readonly ConfigChange[], options: { validateOnly?: boolean }): Promise<unknown>
}
