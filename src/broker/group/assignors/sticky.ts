/**
 * The core of Kafka's sticky assignors (`AbstractStickyAssignor`): keep every member's owned
 * partitions where balance allows, and balance the rest. It reads each member's claimed partitions
 * and generation ({@link MemberData}, from the subscription), resolves conflicting claims (the
 * higher generation keeps the partition; two claims in the same generation void it), then runs the
 * constrained algorithm when every member subscribes to the same topics (`sticky-constrained.ts`), or
 * the general one (`sticky-general.ts`).
 *
 * Fidelity to Kafka's Java client: where Kafka's result depends on a `HashMap`'s iteration order,
 * the same order is computed (`java-order.ts`), so equal inputs give equal assignments. Deliberate
 * differences, on inputs Kafka mishandles: an owned partition beyond its topic's partition count is
 * ignored (Kafka would hand it out twice). And where Kafka's balancing gives a partition back to a
 * previous owner that no longer takes part (its loop throws a NullPointerException) or no longer
 * subscribes to the topic (and the final assignment gives a member a topic it does not read), the
 * assignment is computed again skipping such owners: Kafka's result whenever Kafka's is valid, a
 * valid one otherwise (test/kafka/assignors-oracle.test.ts compares). Rack-aware assignment needs
 * partition racks, which this broker's partitions do not have, as in Kafka without racks.
 *
 * Pure; an instance keeps Kafka's `maxGeneration` across assignments, as the Java object does.
 */
import type { Assignor, AssignorMember, RebalanceProtocol, Subscription, TopicPartition } from './assignor.js'
import { javaHashMapOrder } from './java-order.js'
import { DEFAULT_GENERATION, PartitionRegistry, removeFirst, type MemberData, type StickyInput } from './sticky-common.js'
import { ConstrainedAssignmentBuilder } from './sticky-constrained.js'
import { GeneralAssignmentBuilder } from './sticky-general.js'

/** Kafka's `AbstractStickyAssignor`. */
export abstract class AbstractStickyAssignor implements Assignor {
  abstract readonly name: string
  abstract readonly supportedProtocols: readonly RebalanceProtocol[]
  /** The highest generation seen in any assignment by this instance. */
  maxGeneration = DEFAULT_GENERATION
  /** Partitions moving between members (the constrained algorithm records them; null after the general one). */
  partitionsTransferringOwnership: Map<TopicPartition, string> | null = new Map()

  abstract subscriptionUserData(topics: readonly string[], generationId: number): Buffer | null

  /** A member's claimed partitions and generation, from its subscription. */
  abstract memberData(subscription: Subscription): MemberData

  assign(partitionsPerTopic: ReadonlyMap<string, number>, members: readonly AssignorMember[]): Map<string, TopicPartition[]> {
    return this.assignPartitions(partitionsPerTopic, members, new PartitionRegistry())
  }

  /**
   * Kafka's `assignPartitions`; the registry interns the partitions it returns. Kafka's algorithm
   * runs first, exactly; where Kafka fails (see the module doc), the guarded variant gives the result.
   */
  assignPartitions(
    partitionsPerTopic: ReadonlyMap<string, number>,
    members: readonly AssignorMember[],
    registry: PartitionRegistry,
  ): Map<string, TopicPartition[]> {
    if (members.length === 0) return new Map()
    const exact = this.#assign(partitionsPerTopic, members, registry, false)
    if (exact !== undefined && isValid(exact, members)) return exact
    return this.#assign(partitionsPerTopic, members, registry, true)!
  }

  /** One run; undefined where Kafka's own run would throw (only when not guarded). */
  #assign(
    partitionsPerTopic: ReadonlyMap<string, number>,
    members: readonly AssignorMember[],
    registry: PartitionRegistry,
    guarded: boolean,
  ): Map<string, TopicPartition[]> | undefined {
    const subscriptions = new Map(members.map((m) => [m.memberId, m.subscription]))
    const order = javaHashMapOrder(members.map((m) => m.memberId))
    const consumerToOwnedPartitions = new Map<string, TopicPartition[]>()
    const partitionsWithMultiplePreviousOwners = new Set<TopicPartition>()
    const transfers = new Map<TopicPartition, string>()
    const input: StickyInput = {
      registry,
      partitionsPerTopic,
      order,
      subscriptions,
      consumerToOwnedPartitions,
      memberData: (s) => this.memberData(s),
      maxGeneration: () => this.maxGeneration,
      partitionsTransferringOwnership: transfers,
    }
    if (this.#allSubscriptionsEqual(input, partitionsWithMultiplePreviousOwners)) {
      this.partitionsTransferringOwnership = transfers
      return new ConstrainedAssignmentBuilder(input, partitionsWithMultiplePreviousOwners).build()
    }
    // The cooperative assignor then computes the transfers from scratch.
    this.partitionsTransferringOwnership = null
    return new GeneralAssignmentBuilder(input, guarded).build()
  }

  /**
   * Whether every member subscribes to the same topics; fills each member's valid owned partitions
   * (resolving conflicting claims by generation) and the partitions claimed twice in one generation.
   */
  #allSubscriptionsEqual(input: StickyInput, partitionsWithMultiplePreviousOwners: Set<TopicPartition>): boolean {
    const { registry, partitionsPerTopic, order, subscriptions, consumerToOwnedPartitions } = input
    let isAllSubscriptionsEqual = true
    const subscribedTopics = new Set<string>()
    const allPreviousPartitionsToOwner = new Map<TopicPartition, string>()
    for (const consumer of order) {
      const subscription = subscriptions.get(consumer)!
      if (subscribedTopics.size === 0) {
        for (const t of subscription.topics) subscribedTopics.add(t)
      } else if (
        isAllSubscriptionsEqual &&
        !(subscription.topics.length === subscribedTopics.size && subscription.topics.every((t) => subscribedTopics.has(t)))
      ) {
        isAllSubscriptionsEqual = false
      }
      const memberData = this.memberData(subscription)
      const memberGeneration = memberData.generation ?? DEFAULT_GENERATION
      this.maxGeneration = Math.max(this.maxGeneration, memberGeneration)
      const ownedPartitions: TopicPartition[] = []
      consumerToOwnedPartitions.set(consumer, ownedPartitions)
      for (const claimed of memberData.partitions) {
        const count = partitionsPerTopic.get(claimed.topic)
        // Kafka checks the topic only; a partition past the count would be handed out twice.
        if (count === undefined || claimed.partition < 0 || claimed.partition >= count) continue
        const tp = registry.tp(claimed.topic, claimed.partition)
        const otherConsumer = allPreviousPartitionsToOwner.get(tp)
        if (otherConsumer === undefined) {
          ownedPartitions.push(tp)
          allPreviousPartitionsToOwner.set(tp, consumer)
          continue
        }
        // Kafka compares with the other member's subscription generation (not its member data).
        const otherMemberGeneration =
          subscriptions.get(otherConsumer)!.generationId >= 0 ? subscriptions.get(otherConsumer)!.generationId : DEFAULT_GENERATION
        if (memberGeneration === otherMemberGeneration) {
          // Two owners in one generation: nobody keeps it.
          partitionsWithMultiplePreviousOwners.add(tp)
          removeFirst(consumerToOwnedPartitions.get(otherConsumer)!, tp)
          allPreviousPartitionsToOwner.set(tp, consumer)
        } else if (memberGeneration > otherMemberGeneration) {
          ownedPartitions.push(tp)
          removeFirst(consumerToOwnedPartitions.get(otherConsumer)!, tp)
          allPreviousPartitionsToOwner.set(tp, consumer)
        }
      }
    }
    return isAllSubscriptionsEqual
  }
}

export { DEFAULT_GENERATION, PartitionRegistry, type MemberData }

/** Whether every member only got partitions of topics it subscribes to. */
function isValid(assignment: ReadonlyMap<string, readonly TopicPartition[]>, members: readonly AssignorMember[]): boolean {
  const topics = new Map(members.map((m) => [m.memberId, m.subscription.topics]))
  for (const [memberId, partitions] of assignment)
    if (partitions.some((tp) => !(topics.get(memberId) ?? []).includes(tp.topic))) return false
  return true
}
