/**
 * What the consumer group's leader does with the members' subscriptions: the assignor interface of
 * the in-process consumer (Kafka's `ConsumerPartitionAssignor`), the consumer protocol's
 * subscription and assignment as Kafka's `ConsumerProtocol` writes and reads them (version-prefixed
 * `ConsumerProtocolSubscription`/`ConsumerProtocolAssignment` from `src/protocol`), and
 * {@link performAssignment}, the leader's step between its JoinGroup response and its SyncGroup.
 *
 * Wire clients bring their own assignors; the coordinator never looks inside an assignment.
 *
 * Pure; safe anywhere.
 */
import {
  decodeConsumerAssignment,
  decodeConsumerSubscription,
  encodeConsumerAssignment,
  encodeConsumerSubscription,
} from '../../../protocol/consumer-protocol.js'
import type { JoinGroupResponseMember } from '../../../protocol/messages/join-group-response.js'

/** A topic partition. */
export interface TopicPartition {
  readonly topic: string
  readonly partition: number
}

/** A member's subscription, decoded (Kafka's `ConsumerPartitionAssignor.Subscription`). */
export interface Subscription {
  /** The topics it subscribes to. */
  readonly topics: readonly string[]
  /** Its assignor's user data (the cooperative-sticky assignor's generation), or null. */
  readonly userData: Buffer | null
  /** The partitions it owns now (cooperative protocols; v1+). */
  readonly ownedPartitions: readonly TopicPartition[]
  /** The generation it owned them in (v2+), -1 when none. */
  readonly generationId: number
  /** Its rack (v3+), or null. */
  readonly rackId: string | null
}

/** One member as the leader sees it. */
export interface AssignorMember {
  readonly memberId: string
  readonly groupInstanceId: string | null
  readonly subscription: Subscription
}

/** Kafka's rebalance protocols: eager (revoke everything, then rejoin) or cooperative (KIP-429). */
export type RebalanceProtocol = 'EAGER' | 'COOPERATIVE'

/** A partition assignor (Kafka's `ConsumerPartitionAssignor`). */
export interface Assignor {
  /** The protocol name members offer in JoinGroup (`range`, `roundrobin`, `cooperative-sticky`). */
  readonly name: string
  /** The rebalance protocols it supports, preferred first. */
  readonly supportedProtocols: readonly RebalanceProtocol[]
  /** The user data a member puts in its subscription; `generationId` is its current generation or -1. */
  subscriptionUserData(topics: readonly string[], generationId: number): Buffer | null
  /**
   * Assigns the partitions of the subscribed topics to the members.
   * @param partitionsPerTopic - partition count of each subscribed topic that exists and has partitions
   * @param members - the members in the order of the leader's JoinGroup response
   * @returns every member's partitions (an empty list for a member that gets none)
   */
  assign(partitionsPerTopic: ReadonlyMap<string, number>, members: readonly AssignorMember[]): Map<string, TopicPartition[]>
}

/** The highest consumer protocol versions (Kafka 4.0's): what Kafka's Java client sends. */
export const CONSUMER_PROTOCOL_SUBSCRIPTION_VERSION = 3
export const CONSUMER_PROTOCOL_ASSIGNMENT_VERSION = 3

const byTopicThenPartition = (a: TopicPartition, b: TopicPartition): number =>
  a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition

/** Groups partitions by topic in order of first appearance (Kafka's `ConsumerProtocol` does this). */
function groupByTopic(partitions: readonly TopicPartition[]): { topic: string; partitions: number[] }[] {
  const byTopic = new Map<string, number[]>()
  for (const tp of partitions) {
    let list = byTopic.get(tp.topic)
    if (list === undefined) byTopic.set(tp.topic, (list = []))
    list.push(tp.partition)
  }
  return [...byTopic].map(([topic, p]) => ({ topic, partitions: p }))
}

/** A subscription's bytes, as Kafka's `ConsumerProtocol.serializeSubscription` (topics and owned partitions sorted). */
export function encodeSubscription(subscription: Subscription, version = CONSUMER_PROTOCOL_SUBSCRIPTION_VERSION): Buffer {
  return encodeConsumerSubscription(
    {
      topics: [...subscription.topics].sort(),
      userData: subscription.userData,
      ownedPartitions: groupByTopic([...subscription.ownedPartitions].sort(byTopicThenPartition)),
      generationId: subscription.generationId,
      rackId: subscription.rackId,
    },
    version,
  )
}

/** Reads a subscription. @throws ProtocolError `KLOG_PROTOCOL_MALFORMED` */
export function decodeSubscription(bytes: Buffer): Subscription {
  const { subscription: s } = decodeConsumerSubscription(bytes)
  return {
    topics: s.topics,
    userData: s.userData,
    ownedPartitions: s.ownedPartitions.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition }))),
    generationId: s.generationId,
    rackId: s.rackId === '' ? null : s.rackId,
  }
}

/** An assignment's bytes, as Kafka's `ConsumerProtocol.serializeAssignment`. */
export function encodeAssignment(
  partitions: readonly TopicPartition[],
  userData: Buffer | null = null,
  version = CONSUMER_PROTOCOL_ASSIGNMENT_VERSION,
): Buffer {
  return encodeConsumerAssignment({ assignedPartitions: groupByTopic(partitions), userData }, version)
}

/**
 * Reads an assignment. An empty buffer (what the coordinator gives a member the leader left out, or
 * after a failed rebalance) is the empty assignment.
 * @throws ProtocolError `KLOG_PROTOCOL_MALFORMED`
 */
export function decodeAssignment(bytes: Buffer): { partitions: TopicPartition[]; userData: Buffer | null } {
  if (bytes.length === 0) return { partitions: [], userData: null }
  const { assignment } = decodeConsumerAssignment(bytes)
  return {
    partitions: assignment.assignedPartitions.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition }))),
    userData: assignment.userData,
  }
}

/**
 * The leader's assignment step (Kafka's `ConsumerCoordinator.onLeaderElected` with an
 * `AbstractPartitionAssignor`): decodes every member's subscription from the JoinGroup response,
 * counts the partitions of each subscribed topic (`partitionCount` returns undefined or 0 for a topic
 * that does not exist: it is left out), runs the assignor and encodes each member's assignment for
 * SyncGroup.
 * @throws ProtocolError `KLOG_PROTOCOL_MALFORMED` when a member's metadata is not a subscription
 */
export function performAssignment(
  assignor: Assignor,
  members: readonly JoinGroupResponseMember[],
  partitionCount: (topic: string) => number | undefined,
): { memberId: string; assignment: Buffer }[] {
  const decoded: AssignorMember[] = members.map((m) => ({
    memberId: m.memberId,
    groupInstanceId: m.groupInstanceId,
    subscription: decodeSubscription(m.metadata),
  }))
  const partitionsPerTopic = new Map<string, number>()
  for (const topic of [...new Set(decoded.flatMap((m) => m.subscription.topics))].sort()) {
    const n = partitionCount(topic)
    if (n !== undefined && n > 0) partitionsPerTopic.set(topic, n)
  }
  const result = assignor.assign(partitionsPerTopic, decoded)
  return decoded.map((m) => ({ memberId: m.memberId, assignment: encodeAssignment(result.get(m.memberId) ?? []) }))
}
