/**
 * Kafka's `RangeAssignor` (`range`): for each topic, the members subscribed to it, in
 * {@link compareMemberInfo} order, each take a contiguous range of its partitions; the first
 * `partitions % members` members take one more. Topics are assigned independently, so a member can
 * end up with more partitions than another across topics (Kafka's documented behaviour).
 *
 * Kafka's rack-aware variant (KIP-881) applies only when members and partitions both carry racks;
 * partitions of this broker have no rack, so Kafka's own assignor takes this path for them too.
 *
 * Pure; safe anywhere.
 */
import type { Assignor, AssignorMember, TopicPartition } from './assignor.js'
import { compareMemberInfo } from './member-order.js'

export class RangeAssignor implements Assignor {
  readonly name = 'range'
  readonly supportedProtocols = ['EAGER'] as const

  subscriptionUserData(): Buffer | null {
    return null
  }

  assign(partitionsPerTopic: ReadonlyMap<string, number>, members: readonly AssignorMember[]): Map<string, TopicPartition[]> {
    const assignment = new Map<string, TopicPartition[]>(members.map((m) => [m.memberId, []]))
    for (const [topic, count] of [...partitionsPerTopic].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (count <= 0) continue
      const consumers = members.filter((m) => m.subscription.topics.includes(topic)).sort(compareMemberInfo)
      if (consumers.length === 0) continue
      const perConsumer = Math.floor(count / consumers.length)
      let withExtra = count % consumers.length
      let next = 0
      for (const c of consumers) {
        if (next >= count) break
        const take = perConsumer + (withExtra > 0 ? 1 : 0)
        if (take === 0) continue
        const list = assignment.get(c.memberId)!
        for (let p = next; p < next + take; p++) list.push({ topic, partition: p })
        next += take
        if (take > perConsumer) withExtra--
      }
    }
    return assignment
  }
}
