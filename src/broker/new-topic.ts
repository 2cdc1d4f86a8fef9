/**
 * CreateTopics' checks of a new topic (and CreatePartitions' of a topic's growth), in Kafka's order: its name (Kafka's rules, not the internal
 * metadata topic), partition count, replication factor, configs, then its place among the broker's
 * topics (not existing, not colliding on '.' / '_', within `maxPartitions`, no stray partition
 * directory). Owns nothing on disk: it reads, and returns the record to write.
 *
 * Concurrency: the broker's thread, inside its admin queue.
 */
import fs from 'node:fs'
import { LogError } from '../index.js'
import { randomKafkaUuid, type TopicRecord } from './broker-metadata.js'
import { partitionDir } from './partition-dirs.js'
import { checkTopicConfigs } from './topic-config.js'
import type { CreateTopicOptions } from './topic-description.js'
import { CLUSTER_METADATA_TOPIC, collidingTopic, validateTopicName } from './topic-name.js'

/**
 * Checks that `adding` more partitions keep the broker's `topics` within `maxPartitions`
 * (`BrokerOptions.maxPartitions`), before anything of them is touched on disk.
 * @throws LogError `KLOG_POLICY_VIOLATION`
 */
export function checkPartitionLimit(topics: readonly TopicRecord[], adding: number, maxPartitions: number, what: string): void {
  let existing = 0
  for (const t of topics) if (!t.deleting) existing += t.partitions
  if (existing + adding > maxPartitions) {
    throw new LogError(
      'KLOG_POLICY_VIOLATION',
      `${what} would make ${existing + adding} partitions; this broker holds at most ${maxPartitions} (maxPartitions) and has ${existing}`,
    )
  }
}

/**
 * CreatePartitions' checks: topic `t` grows to `count` partitions, more than it has, and the broker's
 * `topics` stay within `maxPartitions`.
 * @throws LogError `KLOG_INVALID_PARTITIONS`, `KLOG_POLICY_VIOLATION`
 */
export function checkGrowth(t: TopicRecord, count: number, topics: readonly TopicRecord[], maxPartitions: number): void {
  if (!Number.isSafeInteger(count) || count <= t.partitions) {
    throw new LogError(
      'KLOG_INVALID_PARTITIONS',
      `topic ${t.name} has ${t.partitions} partitions; the new count must be higher, not ${count}`,
    )
  }
  checkPartitionLimit(topics, count - t.partitions, maxPartitions, `${count - t.partitions} more partitions of ${t.name}`)
}

/**
 * Checks topic `name` with `options` against the broker directory `root` and its `topics`.
 * @returns the record of the new topic (a fresh topic id), not yet written
 * @throws LogError `KLOG_INVALID_TOPIC`, `KLOG_TOPIC_EXISTS`, `KLOG_INVALID_PARTITIONS`,
 *   `KLOG_INVALID_REPLICATION_FACTOR`, `KLOG_INVALID_CONFIG`, `KLOG_POLICY_VIOLATION` (past `limits.maxPartitions`)
 */
export function checkNewTopic(
  root: string,
  name: string,
  options: CreateTopicOptions,
  limits: { readonly defaultPartitions: number; readonly maxPartitions: number },
  topics: readonly TopicRecord[],
): TopicRecord {
  validateTopicName(name)
  // Kafka's KRaft metadata log: a Kafka broker adopting this directory would take the topic for it.
  if (name === CLUSTER_METADATA_TOPIC) throw new LogError('KLOG_INVALID_TOPIC', `creation of the internal topic ${name} is prohibited`)
  const partitions = options.partitions ?? limits.defaultPartitions
  if (!Number.isSafeInteger(partitions) || partitions < 1)
    throw new LogError('KLOG_INVALID_PARTITIONS', `partition count ${partitions} is below 1`)
  const rf = options.replicationFactor ?? -1
  if (rf !== -1 && rf !== 1)
    throw new LogError('KLOG_INVALID_REPLICATION_FACTOR', `replication factor ${rf}: a single broker holds one replica`)
  const configs = checkTopicConfigs(options.configs ?? {})
  if (topics.some((t) => t.name === name && !t.deleting)) throw new LogError('KLOG_TOPIC_EXISTS', `topic ${name} already exists`)
  const clash = collidingTopic(
    name,
    topics.map((t) => t.name),
  )
  if (clash !== undefined)
    throw new LogError('KLOG_INVALID_TOPIC', `topic ${name} collides with existing topic ${clash} ('.' and '_' are the same to Kafka)`)
  checkPartitionLimit(topics, partitions, limits.maxPartitions, `topic ${name} with ${partitions} partitions`)
  for (let p = 0; p < partitions; p++) {
    if (fs.existsSync(partitionDir(root, name, p))) {
      throw new LogError('KLOG_TOPIC_EXISTS', `${partitionDir(root, name, p)} exists and is not a partition of this broker`)
    }
  }
  return { name, topicId: randomKafkaUuid(), partitions, configs, deleting: false }
}
