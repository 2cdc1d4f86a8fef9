/**
 * Kafka's `AbstractStickyAssignor.GeneralAssignmentBuilder`, for groups whose members subscribe to
 * different topics:
 *
 * 1. keep each member's owned partitions of topics it still subscribes to;
 * 2. give each unassigned partition (topics with fewer potential members first) to the member with
 *    the fewest partitions that subscribes to its topic;
 * 3. move partitions from members with more to members with fewer until the assignment is balanced
 *    (no member could take a partition from one holding two more), preferring to give a partition
 *    back to its previous owner, and avoiding moves that undo earlier moves of the same topic
 *    ({@link PartitionMovements}); keep the result only if it is better balanced.
 *
 * Pure; one instance per assignment.
 */
import type { Subscription, TopicPartition } from './assignor.js'
import { JavaHashSet, javaTopicPartitionHash } from './java-order.js'
import { byString, DEFAULT_GENERATION, removeFirst, type StickyInput } from './sticky-common.js'

interface ConsumerPair {
  readonly src: string
  readonly dst: string
}

const pairKey = (src: string, dst: string): string => JSON.stringify([src, dst])

/** Kafka's `PartitionMovements`: where each moved partition came from, per topic and member pair. */
class PartitionMovements {
  readonly #byTopic = new Map<string, Map<string, JavaHashSet<TopicPartition>>>()
  readonly #movements = new Map<TopicPartition, ConsumerPair>()

  #remove(tp: TopicPartition): ConsumerPair {
    const pair = this.#movements.get(tp)!
    this.#movements.delete(tp)
    const forTopic = this.#byTopic.get(tp.topic)!
    const key = pairKey(pair.src, pair.dst)
    const set = forTopic.get(key)!
    set.delete(tp)
    if (set.size === 0) forTopic.delete(key)
    if (forTopic.size === 0) this.#byTopic.delete(tp.topic)
    return pair
  }

  #add(tp: TopicPartition, pair: ConsumerPair): void {
    this.#movements.set(tp, pair)
    let forTopic = this.#byTopic.get(tp.topic)
    if (forTopic === undefined) this.#byTopic.set(tp.topic, (forTopic = new Map<string, JavaHashSet<TopicPartition>>()))
    const key = pairKey(pair.src, pair.dst)
    let set = forTopic.get(key)
    if (set === undefined) forTopic.set(key, (set = new JavaHashSet((p) => javaTopicPartitionHash(p.topic, p.partition))))
    set.add(tp)
  }

  movePartition(tp: TopicPartition, oldConsumer: string, newConsumer: string): void {
    if (this.#movements.has(tp)) {
      const existing = this.#remove(tp)
      // Moving back to where it came from cancels the movement.
      if (existing.src !== newConsumer) this.#add(tp, { src: existing.src, dst: newConsumer })
    } else {
      this.#add(tp, { src: oldConsumer, dst: newConsumer })
    }
  }

  /** A partition of the same topic that moved the opposite way, if any (moving it back keeps stickiness), else `tp`. */
  theActualPartitionToBeMoved(tp: TopicPartition, oldConsumer: string, newConsumer: string): TopicPartition {
    const forTopic = this.#byTopic.get(tp.topic)
    if (forTopic === undefined) return tp
    const moved = this.#movements.get(tp)
    const from = moved !== undefined ? moved.src : oldConsumer
    const reverse = forTopic.get(pairKey(newConsumer, from))
    return reverse === undefined ? tp : reverse.first()!
  }
}

/** Java's `TreeSet` of members ordered by their current assignment size, then member id. */
class SortedConsumers {
  readonly #sizeOf: (c: string) => number
  #list: string[] = []

  constructor(sizeOf: (c: string) => number) {
    this.#sizeOf = sizeOf
  }

  #compare(a: string, b: string): number {
    return this.#sizeOf(a) - this.#sizeOf(b) || byString(a, b)
  }

  add(c: string): void {
    if (this.#list.includes(c)) return
    let lo = 0
    let hi = this.#list.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.#compare(this.#list[mid]!, c) < 0) lo = mid + 1
      else hi = mid
    }
    this.#list.splice(lo, 0, c)
  }

  remove(c: string): void {
    const i = this.#list.indexOf(c)
    if (i >= 0) this.#list.splice(i, 1)
  }

  first(): string {
    return this.#list[0]!
  }

  last(): string {
    return this.#list[this.#list.length - 1]!
  }

  values(): readonly string[] {
    return this.#list
  }
}

export class GeneralAssignmentBuilder {
  readonly #input: StickyInput
  readonly #currentAssignment: Map<string, TopicPartition[]>
  readonly #topic2AllPotentialConsumers = new Map<string, string[]>()
  readonly #consumer2AllPotentialTopics = new Map<string, string[]>()
  readonly #currentPartitionConsumer = new Map<TopicPartition, string>()
  readonly #sortedAllPartitions: TopicPartition[]
  readonly #sortedCurrentSubscriptions: SortedConsumers
  readonly #movements = new PartitionMovements()
  readonly #totalPartitionsCount: number
  #revocationRequired = false
  readonly #guarded: boolean

  /** @param guarded skip the previous owners Kafka mishandles (see `sticky.ts`) */
  constructor(input: StickyInput, guarded: boolean) {
    this.#input = input
    this.#guarded = guarded
    this.#currentAssignment = input.consumerToOwnedPartitions
    let total = 0
    for (const n of input.partitionsPerTopic.values()) total += n
    this.#totalPartitionsCount = total
    for (const topic of input.partitionsPerTopic.keys()) this.#topic2AllPotentialConsumers.set(topic, [])
    for (const consumer of input.order) {
      const subscribed: string[] = []
      this.#consumer2AllPotentialTopics.set(consumer, subscribed)
      for (const topic of input.subscriptions.get(consumer)!.topics) {
        if (!input.partitionsPerTopic.has(topic)) continue
        subscribed.push(topic)
        this.#topic2AllPotentialConsumers.get(topic)!.push(consumer)
      }
      if (!this.#currentAssignment.has(consumer)) this.#currentAssignment.set(consumer, [])
    }
    for (const [consumer, partitions] of this.#currentAssignment)
      for (const tp of partitions) this.#currentPartitionConsumer.set(tp, consumer)
    const potential = (t: string): number => this.#topic2AllPotentialConsumers.get(t)!.length
    const sortedAllTopics = [...this.#topic2AllPotentialConsumers.keys()].sort((a, b) => potential(a) - potential(b) || byString(a, b))
    this.#sortedAllPartitions = []
    for (const topic of sortedAllTopics) {
      const count = input.partitionsPerTopic.get(topic)!
      for (let p = 0; p < count; p++) this.#sortedAllPartitions.push(input.registry.tp(topic, p))
    }
    this.#sortedCurrentSubscriptions = new SortedConsumers((c) => this.#currentAssignment.get(c)!.length)
  }

  /** The assignment; undefined where Kafka's own run throws (unguarded only). */
  build(): Map<string, TopicPartition[]> | undefined {
    try {
      return this.#build()
    } catch (err) {
      if (err instanceof KafkaWouldThrow) return undefined
      throw err
    }
  }

  #build(): Map<string, TopicPartition[]> {
    const prevAssignment = new Map<TopicPartition, { consumer: string; generation: number }>()
    this.#prepopulateCurrentAssignments(prevAssignment)
    const assigned = this.#assignOwnedPartitions()
    const unassigned = this.#unassignedPartitions(assigned)
    for (const c of this.#currentAssignment.keys()) this.#sortedCurrentSubscriptions.add(c)
    this.#balance(prevAssignment, unassigned)
    return this.#currentAssignment
  }

  /** Partitions owned in an older generation than the newest: remembered with their previous owner. */
  #prepopulateCurrentAssignments(prev: Map<TopicPartition, { consumer: string; generation: number }>): void {
    const maxGeneration = this.#input.maxGeneration()
    const update = (subscription: Subscription, consumer: string, generation: number): void => {
      for (const claimed of this.#input.memberData(subscription).partitions) {
        const tp = this.#input.registry.tp(claimed.topic, claimed.partition)
        const known = prev.get(tp)
        if (known === undefined || generation > known.generation) prev.set(tp, { consumer, generation })
      }
    }
    for (const consumer of this.#input.order) {
      const subscription = this.#input.subscriptions.get(consumer)!
      const generation = this.#input.memberData(subscription).generation
      if (generation !== undefined && generation < maxGeneration) update(subscription, consumer, generation)
      else if (generation === undefined && maxGeneration > DEFAULT_GENERATION) update(subscription, consumer, DEFAULT_GENERATION)
    }
  }

  /** Keeps owned partitions of still-subscribed topics; returns them. */
  #assignOwnedPartitions(): TopicPartition[] {
    const assigned: TopicPartition[] = []
    for (const [consumer, partitions] of this.#currentAssignment) {
      const subscription = this.#input.subscriptions.get(consumer)
      if (subscription === undefined) {
        for (const tp of partitions) this.#currentPartitionConsumer.delete(tp)
        this.#currentAssignment.delete(consumer)
        continue
      }
      for (let i = 0; i < partitions.length;) {
        const tp = partitions[i]!
        if (!this.#topic2AllPotentialConsumers.has(tp.topic)) {
          partitions.splice(i, 1)
          this.#currentPartitionConsumer.delete(tp)
        } else if (!subscription.topics.includes(tp.topic)) {
          partitions.splice(i, 1)
          this.#revocationRequired = true
        } else {
          assigned.push(tp)
          i++
        }
      }
    }
    return assigned
  }

  /** The partitions of `sortedAllPartitions` not in `assigned` (the same list when nothing is assigned, as in Kafka). */
  #unassignedPartitions(assigned: readonly TopicPartition[]): TopicPartition[] {
    if (assigned.length === 0) return this.#sortedAllPartitions
    const set = new Set(assigned)
    return this.#sortedAllPartitions.filter((tp) => !set.has(tp))
  }

  #size(consumer: string): number {
    return this.#currentAssignment.get(consumer)!.length
  }

  #maxAssignmentSize(topics: readonly string[]): number {
    if (topics.length === this.#input.partitionsPerTopic.size) return this.#totalPartitionsCount
    let n = 0
    for (const t of topics) n += this.#input.partitionsPerTopic.get(t)!
    return n
  }

  #isBalanced(): boolean {
    const sorted = this.#sortedCurrentSubscriptions
    if (this.#size(sorted.first()) >= this.#size(sorted.last()) - 1) return true
    const allPartitions = new Map<TopicPartition, string>()
    for (const [consumer, partitions] of this.#currentAssignment) for (const tp of partitions) allPartitions.set(tp, consumer)
    for (const consumer of sorted.values()) {
      const partitions = this.#currentAssignment.get(consumer)!
      const count = partitions.length
      const topics = this.#consumer2AllPotentialTopics.get(consumer)!
      if (count === this.#maxAssignmentSize(topics)) continue
      for (const topic of topics) {
        const n = this.#input.partitionsPerTopic.get(topic)!
        for (let i = 0; i < n; i++) {
          const tp = this.#input.registry.tp(topic, i)
          if (partitions.includes(tp)) continue
          const other = allPartitions.get(tp)
          if (other !== undefined && count + 1 < this.#size(other)) return false
        }
      }
    }
    return true
  }

  #balanceScore(assignment: ReadonlyMap<string, readonly TopicPartition[]>): number {
    const sizes = [...assignment.values()].map((p) => p.length)
    let score = 0
    for (let i = 0; i < sizes.length; i++) for (let j = i + 1; j < sizes.length; j++) score += Math.abs(sizes[i]! - sizes[j]!)
    return score
  }

  #maybeAssign(unassigned: readonly TopicPartition[]): void {
    for (const tp of unassigned) {
      if (this.#topic2AllPotentialConsumers.get(tp.topic)!.length === 0) continue
      for (const consumer of this.#sortedCurrentSubscriptions.values()) {
        if (!this.#consumer2AllPotentialTopics.get(consumer)!.includes(tp.topic)) continue
        this.#sortedCurrentSubscriptions.remove(consumer)
        this.#currentAssignment.get(consumer)!.push(tp)
        this.#currentPartitionConsumer.set(tp, consumer)
        this.#sortedCurrentSubscriptions.add(consumer)
        break
      }
    }
  }

  #canTopicParticipateInReassignment(topic: string): boolean {
    return this.#topic2AllPotentialConsumers.get(topic)!.length >= 2
  }

  #canConsumerParticipateInReassignment(consumer: string): boolean {
    const partitions = this.#currentAssignment.get(consumer)!
    if (partitions.length < this.#maxAssignmentSize(this.#consumer2AllPotentialTopics.get(consumer)!)) return true
    return partitions.some((tp) => this.#canTopicParticipateInReassignment(tp.topic))
  }

  #balance(prev: ReadonlyMap<TopicPartition, { consumer: string; generation: number }>, unassigned: TopicPartition[]): void {
    const initializing = this.#size(this.#sortedCurrentSubscriptions.last()) === 0
    this.#maybeAssign(unassigned)
    const fixedPartitions = new Set<TopicPartition>()
    for (const topic of this.#topic2AllPotentialConsumers.keys()) {
      if (this.#canTopicParticipateInReassignment(topic)) continue
      const n = this.#input.partitionsPerTopic.get(topic)!
      for (let i = 0; i < n; i++) fixedPartitions.add(this.#input.registry.tp(topic, i))
    }
    removeAll(this.#sortedAllPartitions, fixedPartitions)
    removeAll(unassigned, fixedPartitions)
    const fixedAssignments = new Map<string, TopicPartition[]>()
    for (const consumer of this.#consumer2AllPotentialTopics.keys()) {
      if (this.#canConsumerParticipateInReassignment(consumer)) continue
      this.#sortedCurrentSubscriptions.remove(consumer)
      fixedAssignments.set(consumer, this.#currentAssignment.get(consumer)!)
      this.#currentAssignment.delete(consumer)
    }
    const preBalanceAssignment = new Map([...this.#currentAssignment].map(([c, p]) => [c, [...p]]))
    const preBalancePartitionConsumers = new Map(this.#currentPartitionConsumer)
    // Without revocations pending, first try to balance by moving only the new partitions.
    if (!this.#revocationRequired) this.#performReassignments(unassigned, prev)
    const reassignmentPerformed = this.#performReassignments(this.#sortedAllPartitions, prev)
    if (!initializing && reassignmentPerformed && this.#balanceScore(this.#currentAssignment) >= this.#balanceScore(preBalanceAssignment)) {
      this.#currentAssignment.clear()
      for (const [c, p] of preBalanceAssignment) this.#currentAssignment.set(c, [...p])
      this.#currentPartitionConsumer.clear()
      for (const [tp, c] of preBalancePartitionConsumers) this.#currentPartitionConsumer.set(tp, c)
    }
    for (const [consumer, partitions] of fixedAssignments) {
      this.#currentAssignment.set(consumer, partitions)
      this.#sortedCurrentSubscriptions.add(consumer)
    }
  }

  #performReassignments(
    reassignable: readonly TopicPartition[],
    prev: ReadonlyMap<TopicPartition, { consumer: string; generation: number }>,
  ): boolean {
    let reassignmentPerformed = false
    let modified: boolean
    do {
      modified = false
      for (let i = 0; i < reassignable.length && !this.#isBalanced(); i++) {
        const tp = reassignable[i]!
        const consumer = this.#currentPartitionConsumer.get(tp)
        if (consumer === undefined || !this.#currentAssignment.has(consumer)) continue
        const previous = prev.get(tp)
        // Giving a partition back to its previous owner. Kafka throws a NullPointerException when that
        // owner no longer takes part in the balancing (its run is abandoned here too), and hands it the
        // partition even when it no longer subscribes to the topic; the guarded run skips both.
        if (previous !== undefined && !this.#currentAssignment.has(previous.consumer) && !this.#guarded) throw new KafkaWouldThrow()
        if (
          previous !== undefined &&
          this.#currentAssignment.has(previous.consumer) &&
          (!this.#guarded || this.#consumer2AllPotentialTopics.get(previous.consumer)!.includes(tp.topic)) &&
          this.#size(consumer) > this.#size(previous.consumer) + 1
        ) {
          this.#reassignPartitionTo(tp, previous.consumer)
          reassignmentPerformed = modified = true
          continue
        }
        for (const other of this.#topic2AllPotentialConsumers.get(tp.topic)!) {
          if (!this.#currentAssignment.has(other)) continue
          if (this.#size(consumer) > this.#size(other) + 1) {
            this.#reassignPartition(tp)
            reassignmentPerformed = modified = true
            break
          }
        }
      }
    } while (modified)
    return reassignmentPerformed
  }

  #reassignPartition(tp: TopicPartition): void {
    const newConsumer = this.#sortedCurrentSubscriptions.values().find((c) => this.#consumer2AllPotentialTopics.get(c)!.includes(tp.topic))!
    this.#reassignPartitionTo(tp, newConsumer)
  }

  #reassignPartitionTo(tp: TopicPartition, newConsumer: string): void {
    const consumer = this.#currentPartitionConsumer.get(tp)!
    this.#processPartitionMovement(this.#movements.theActualPartitionToBeMoved(tp, consumer, newConsumer), newConsumer)
  }

  #processPartitionMovement(tp: TopicPartition, newConsumer: string): void {
    const oldConsumer = this.#currentPartitionConsumer.get(tp)!
    this.#sortedCurrentSubscriptions.remove(oldConsumer)
    this.#sortedCurrentSubscriptions.remove(newConsumer)
    this.#movements.movePartition(tp, oldConsumer, newConsumer)
    removeFirst(this.#currentAssignment.get(oldConsumer)!, tp)
    this.#currentAssignment.get(newConsumer)!.push(tp)
    this.#currentPartitionConsumer.set(tp, newConsumer)
    this.#sortedCurrentSubscriptions.add(newConsumer)
    this.#sortedCurrentSubscriptions.add(oldConsumer)
  }
}

/** Where Kafka's run throws a NullPointerException. */
class KafkaWouldThrow extends Error {}

/** Java's `List.removeAll(set)`, in place. */
function removeAll(list: TopicPartition[], drop: ReadonlySet<TopicPartition>): void {
  let w = 0
  for (const tp of list) if (!drop.has(tp)) list[w++] = tp
  list.length = w
}
