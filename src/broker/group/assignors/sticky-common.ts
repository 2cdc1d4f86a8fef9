/**
 * What the sticky assignor's two algorithms share: interned partitions, the input, and Java's list
 * helpers. See `sticky.ts`.
 *
 * Pure; safe anywhere.
 */
import type { Subscription, TopicPartition } from './assignor.js'

/** Kafka's `DEFAULT_GENERATION`. */
export const DEFAULT_GENERATION = -1

/** A member's previously owned partitions and their generation (undefined: unknown). */
export interface MemberData {
  readonly partitions: readonly TopicPartition[]
  readonly generation: number | undefined
}

/** Interned topic partitions: one object per (topic, partition), so identity is equality. */
export class PartitionRegistry {
  readonly #byKey = new Map<string, TopicPartition>()

  tp(topic: string, partition: number): TopicPartition {
    const key = `${partition}\u0000${topic}`
    let tp = this.#byKey.get(key)
    if (tp === undefined) this.#byKey.set(key, (tp = Object.freeze({ topic, partition })))
    return tp
  }
}

/** Everything the two builders share. */
export interface StickyInput {
  readonly registry: PartitionRegistry
  readonly partitionsPerTopic: ReadonlyMap<string, number>
  /** Member ids in Kafka's iteration order of its subscriptions map. */
  readonly order: readonly string[]
  readonly subscriptions: ReadonlyMap<string, Subscription>
  /** Each member's still-valid owned partitions, in `order`. */
  readonly consumerToOwnedPartitions: Map<string, TopicPartition[]>
  /** Reads a member's claimed partitions and generation from its subscription. */
  memberData(subscription: Subscription): MemberData
  /** The highest generation the assignor has seen so far (Kafka's `maxGeneration`). */
  maxGeneration(): number
  /** Where the constrained algorithm records the partitions moving between members. */
  readonly partitionsTransferringOwnership: Map<TopicPartition, string>
}

/** Java's `List.remove(Object)`: removes the first occurrence. */
export function removeFirst<T>(list: T[], value: T): boolean {
  const i = list.indexOf(value)
  if (i < 0) return false
  list.splice(i, 1)
  return true
}

/** Java's `String.compareTo` as a sort comparator. */
export function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
