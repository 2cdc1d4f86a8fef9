/**
 * What the broker's topic administration hands back: a topic as `broker.topics()` describes it, the
 * options of `createTopic`, the result of an alteration of configs, and `describe()` that turns a
 * stored `TopicRecord` into a `TopicDescription` (a copy: callers never hold the broker's record).
 * Pure data; no I/O.
 */
import type { TopicRecord } from './broker-metadata.js'

/** A topic as `broker.topics()` describes it. */
export interface TopicDescription {
  name: string
  /** Kafka's topic id (URL-safe base64, 22 characters). */
  topicId: string
  /** Partition count. */
  partitions: number
  /** The configs set on the topic (defaults not included: see `describeConfigs`). */
  configs: Readonly<Record<string, string>>
}

/** Options of `broker.createTopic(name, options)`. */
export interface CreateTopicOptions {
  /** Partition count. @default the broker's `defaultPartitions` (Kafka's `num.partitions`, 1) */
  partitions?: number
  /** Must be 1, or -1 for the broker's default (one broker, one replica). @default -1 */
  replicationFactor?: number
  /** Topic configs under Kafka's names, e.g. `{ 'cleanup.policy': 'compact' }`. */
  configs?: Readonly<Record<string, string>>
  /** Check everything and create nothing (CreateTopics' `validate_only`). */
  validateOnly?: boolean
}

/** How an alteration applies, config by config (see `topic-config.ts`). */
export interface AlterConfigsResult {
  /** Applied to the next produce or send. */
  live: string[]
  /** Stored; the topic's logs take them when the broker reopens the topic (`Broker.open`). */
  reopen: string[]
  /** Stored; nothing to do on a single broker. */
  none: string[]
}

/** The description of the stored topic `t` (its configs copied). */
export function describe(t: TopicRecord): TopicDescription {
  return { name: t.name, topicId: t.topicId, partitions: t.partitions, configs: { ...t.configs } }
}
