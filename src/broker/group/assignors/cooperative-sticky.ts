/**
 * Kafka's `CooperativeStickyAssignor` (`cooperative-sticky`, KIP-429): the sticky assignment, minus
 * every partition that moves from one member to another in this rebalance. The member losing such a
 * partition sees it missing from its new assignment, revokes it and rejoins; the next rebalance
 * gives it to its new owner. So a partition is never owned by two members at once, and members keep
 * consuming what they keep during a rebalance.
 *
 * A member's claim is its subscription's owned partitions, with the generation from the
 * subscription (v2+) or, for older subscriptions, from the user data this assignor writes: the
 * member's generation as a big-endian int32 (Kafka's `COOPERATIVE_STICKY_ASSIGNOR_USER_DATA_V0`;
 * unreadable user data counts as generation -1).
 *
 * Pure; an instance keeps Kafka's `maxGeneration` across assignments, as the Java object does.
 */
import type { AssignorMember, Subscription, TopicPartition } from './assignor.js'
import { AbstractStickyAssignor, DEFAULT_GENERATION, PartitionRegistry, type MemberData } from './sticky.js'

export class CooperativeStickyAssignor extends AbstractStickyAssignor {
  readonly name = 'cooperative-sticky'
  readonly supportedProtocols = ['COOPERATIVE', 'EAGER'] as const

  /** The member's generation as a 4-byte big-endian int32. */
  subscriptionUserData(_topics: readonly string[], generationId: number): Buffer {
    const buf = Buffer.alloc(4)
    buf.writeInt32BE(generationId)
    return buf
  }

  memberData(subscription: Subscription): MemberData {
    if (subscription.generationId >= 0) return { partitions: subscription.ownedPartitions, generation: subscription.generationId }
    const userData = subscription.userData
    let generation: number | undefined
    if (userData !== null) generation = userData.length >= 4 ? userData.readInt32BE(0) : DEFAULT_GENERATION
    return { partitions: subscription.ownedPartitions, generation }
  }

  override assign(partitionsPerTopic: ReadonlyMap<string, number>, members: readonly AssignorMember[]): Map<string, TopicPartition[]> {
    const registry = new PartitionRegistry()
    const assignments = this.assignPartitions(partitionsPerTopic, members, registry)
    const transferring = this.partitionsTransferringOwnership ?? computePartitionsTransferringOwnership(registry, members, assignments)
    for (const [tp, consumer] of transferring) {
      const list = assignments.get(consumer)!
      const i = list.indexOf(tp)
      if (i >= 0) list.splice(i, 1)
    }
    return assignments
  }
}

/** The partitions assigned to a member that did not own them and that another member owned (and loses). */
function computePartitionsTransferringOwnership(
  registry: PartitionRegistry,
  members: readonly AssignorMember[],
  assignments: ReadonlyMap<string, TopicPartition[]>,
): Map<TopicPartition, string> {
  const added = new Map<TopicPartition, string>()
  const revoked = new Set<TopicPartition>()
  const owned = new Map(members.map((m) => [m.memberId, m.subscription.ownedPartitions.map((tp) => registry.tp(tp.topic, tp.partition))]))
  for (const [consumer, assigned] of assignments) {
    const ownedSet = new Set(owned.get(consumer) ?? [])
    for (const tp of assigned) if (!ownedSet.has(tp)) added.set(tp, consumer)
    const assignedSet = new Set(assigned)
    for (const tp of owned.get(consumer) ?? []) if (!assignedSet.has(tp)) revoked.add(tp)
  }
  for (const tp of [...added.keys()]) if (!revoked.has(tp)) added.delete(tp)
  return added
}
