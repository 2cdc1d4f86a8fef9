/**
 * Kafka's rules for topic names (`org.apache.kafka.common.internals.Topic`): 1 to 249 characters
 * from `[a-zA-Z0-9._-]`, not `.` or `..` (a partition directory is `<topic>-<partition>`, and Kafka
 * keeps the name short enough for `<topic>-<partition>.<uuid>-delete` to fit 255 bytes). Two names
 * that differ only by `.` versus `_` collide (Kafka's metric names cannot tell them apart): the second
 * is refused, as Kafka refuses it.
 *
 * Pure; safe anywhere.
 */
import { LogError } from '../index.js'

/** Kafka's `Topic.MAX_NAME_LENGTH`. */
export const MAX_TOPIC_NAME_LENGTH = 249
const LEGAL = /^[a-zA-Z0-9._-]+$/

/**
 * Throws unless `name` is a topic name Kafka accepts.
 * @throws LogError `KLOG_INVALID_TOPIC`
 */
export function validateTopicName(name: string): void {
  let why: string | undefined
  if (name.length === 0) why = 'the empty string is not allowed'
  else if (name === '.' || name === '..') why = "'.' and '..' are not allowed"
  else if (name.length > MAX_TOPIC_NAME_LENGTH) why = `the length must be at most ${MAX_TOPIC_NAME_LENGTH}`
  else if (!LEGAL.test(name)) why = "it contains characters other than ASCII alphanumerics, '.', '_' and '-'"
  if (why !== undefined) throw new LogError('KLOG_INVALID_TOPIC', `topic name ${JSON.stringify(name)} is invalid: ${why}`)
}

/** Kafka's KRaft metadata log name: never a topic (CreateTopics refuses it). */
export const CLUSTER_METADATA_TOPIC = '__cluster_metadata'

/** Kafka's `Topic.unifyCollisionChars`: `.` becomes `_`. */
export function unifyCollisionChars(name: string): string {
  return name.replaceAll('.', '_')
}

/**
 * The existing topic `name` collides with (differs from it only by `.` versus `_`), if any.
 */
export function collidingTopic(name: string, existing: Iterable<string>): string | undefined {
  const unified = unifyCollisionChars(name)
  for (const other of existing) if (other !== name && unifyCollisionChars(other) === unified) return other
  return undefined
}
