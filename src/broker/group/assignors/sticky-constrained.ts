/**
 * Kafka's `AbstractStickyAssignor.ConstrainedAssignmentBuilder`, for groups whose members all
 * subscribe to the same topics: each member gets `minQuota` or `maxQuota` partitions (the floor and
 * ceiling of partitions / members, `partitions % members` of them at `maxQuota`).
 *
 * 1. Owned partitions are kept (sorted by partition, then topic): all of them under `minQuota`;
 *    `maxQuota` of them while members at `maxQuota` are still expected; `minQuota` otherwise. The
 *    rest may be revoked.
 * 2. The unassigned partitions (by topic, then partition) go round-robin to the members under
 *    `minQuota` (sorted by member id), then to the members at exactly `minQuota` that may still take
 *    one more.
 *
 * A partition given to another member than the one that owned it is recorded as transferring
 * ownership (the cooperative assignor holds it back for one rebalance).
 *
 * Pure; one instance per assignment.
 */
import type { TopicPartition } from './assignor.js'
import { byString, type StickyInput } from './sticky-common.js'

/** Java's `LinkedList` iterator over an array, with `remove()` of the element last returned. */
class ListIterator<T> {
  #list: T[]
  #cursor = 0

  constructor(list: T[]) {
    this.#list = list
  }

  hasNext(): boolean {
    return this.#cursor < this.#list.length
  }

  next(): T {
    return this.#list[this.#cursor++]!
  }

  remove(): void {
    this.#list.splice(--this.#cursor, 1)
  }
}

export class ConstrainedAssignmentBuilder {
  readonly #input: StickyInput
  readonly #partitionsWithMultiplePreviousOwners: ReadonlySet<TopicPartition>
  readonly #maybeRevokedPartitions = new Map<TopicPartition, string>()
  readonly #unfilledUnderMinQuota: string[] = []
  #unfilledExactlyMinQuota: string[] = []
  readonly #minQuota: number
  readonly #maxQuota: number
  readonly #expectedNumMembersWithOverMinQuota: number
  #currentNumMembersWithOverMinQuota = 0
  readonly #assignment = new Map<string, TopicPartition[]>()
  readonly #assignedPartitions: TopicPartition[] = []
  readonly #totalPartitionsCount: number

  constructor(input: StickyInput, partitionsWithMultiplePreviousOwners: ReadonlySet<TopicPartition>) {
    this.#input = input
    this.#partitionsWithMultiplePreviousOwners = partitionsWithMultiplePreviousOwners
    let total = 0
    for (const n of input.partitionsPerTopic.values()) total += n
    this.#totalPartitionsCount = total
    const numberOfConsumers = input.consumerToOwnedPartitions.size
    this.#minQuota = Math.floor(total / numberOfConsumers)
    this.#maxQuota = Math.ceil(total / numberOfConsumers)
    this.#expectedNumMembersWithOverMinQuota = total % numberOfConsumers
    for (const c of input.consumerToOwnedPartitions.keys()) this.#assignment.set(c, [])
  }

  build(): Map<string, TopicPartition[]> {
    this.#assignOwnedPartitions()
    const unassigned = this.#unassignedPartitions()
    this.#unfilledUnderMinQuota.sort(byString)
    this.#unfilledExactlyMinQuota.sort(byString)
    this.#assignRoundRobin(unassigned)
    this.#verifyUnfilledMembers()
    return this.#assignment
  }

  #assignOwnedPartitions(): void {
    const min = this.#minQuota
    const max = this.#maxQuota
    for (const [consumer, owned] of this.#input.consumerToOwnedPartitions) {
      const ownedPartitions = [...owned].sort((a, b) => a.partition - b.partition || byString(a.topic, b.topic))
      for (const doubly of this.#partitionsWithMultiplePreviousOwners) {
        const i = ownedPartitions.indexOf(doubly)
        if (i >= 0) ownedPartitions.splice(i, 1)
      }
      const consumerAssignment = this.#assignment.get(consumer)!
      if (ownedPartitions.length < min) {
        consumerAssignment.push(...ownedPartitions)
        this.#assignedPartitions.push(...ownedPartitions)
        this.#unfilledUnderMinQuota.push(consumer)
      } else if (ownedPartitions.length >= max && this.#currentNumMembersWithOverMinQuota < this.#expectedNumMembersWithOverMinQuota) {
        this.#currentNumMembersWithOverMinQuota++
        if (this.#currentNumMembersWithOverMinQuota === this.#expectedNumMembersWithOverMinQuota) this.#unfilledExactlyMinQuota = []
        consumerAssignment.push(...ownedPartitions.slice(0, max))
        this.#assignedPartitions.push(...ownedPartitions.slice(0, max))
        for (const tp of ownedPartitions.slice(max)) this.#maybeRevokedPartitions.set(tp, consumer)
      } else {
        consumerAssignment.push(...ownedPartitions.slice(0, min))
        this.#assignedPartitions.push(...ownedPartitions.slice(0, min))
        for (const tp of ownedPartitions.slice(min)) this.#maybeRevokedPartitions.set(tp, consumer)
        if (this.#currentNumMembersWithOverMinQuota < this.#expectedNumMembersWithOverMinQuota) this.#unfilledExactlyMinQuota.push(consumer)
      }
    }
  }

  /** Every partition (topics sorted, partitions ascending) that step 1 did not assign. */
  #unassignedPartitions(): TopicPartition[] {
    const assigned = new Set(this.#assignedPartitions)
    const out: TopicPartition[] = []
    for (const topic of [...this.#input.partitionsPerTopic.keys()].sort(byString)) {
      const count = this.#input.partitionsPerTopic.get(topic)!
      for (let p = 0; p < count; p++) {
        const tp = this.#input.registry.tp(topic, p)
        if (!assigned.has(tp)) out.push(tp)
      }
    }
    return out
  }

  #assignRoundRobin(unassigned: readonly TopicPartition[]): void {
    let it = new ListIterator(this.#unfilledUnderMinQuota)
    for (const tp of unassigned) {
      let consumer: string
      if (it.hasNext()) {
        consumer = it.next()
      } else if (this.#unfilledUnderMinQuota.length === 0 && this.#unfilledExactlyMinQuota.length === 0) {
        throw new Error('sticky assignor: no more unfilled consumers to be assigned')
      } else if (this.#unfilledUnderMinQuota.length === 0) {
        consumer = this.#unfilledExactlyMinQuota.shift()!
      } else {
        it = new ListIterator(this.#unfilledUnderMinQuota)
        consumer = it.next()
      }
      const count = this.#assignNewPartition(tp, consumer)
      if (count === this.#minQuota) {
        it.remove()
        this.#unfilledExactlyMinQuota.push(consumer)
      } else if (count === this.#maxQuota) {
        this.#currentNumMembersWithOverMinQuota++
      }
    }
  }

  #assignNewPartition(tp: TopicPartition, consumer: string): number {
    const consumerAssignment = this.#assignment.get(consumer)!
    consumerAssignment.push(tp)
    const previous = this.#maybeRevokedPartitions.get(tp)
    if ((previous !== undefined && previous !== consumer) || this.#partitionsWithMultiplePreviousOwners.has(tp)) {
      this.#input.partitionsTransferringOwnership.set(tp, consumer)
    }
    return consumerAssignment.length
  }

  #verifyUnfilledMembers(): void {
    if (this.#unfilledUnderMinQuota.length === 0) return
    if (this.#currentNumMembersWithOverMinQuota !== this.#expectedNumMembersWithOverMinQuota) {
      throw new Error('sticky assignor: expected members over minQuota not reached, no more partitions to assign')
    }
    for (const member of this.#unfilledUnderMinQuota) {
      if (this.#assignment.get(member)!.length !== this.#minQuota)
        throw new Error(`sticky assignor: consumer ${member} does not reach minQuota`)
    }
  }

  /** Total partitions of the subscribed topics (for tests). */
  get totalPartitionsCount(): number {
    return this.#totalPartitionsCount
  }
}
