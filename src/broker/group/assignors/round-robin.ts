/**
 * Kafka's `RoundRobinAssignor` (`roundrobin`): every partition of every subscribed topic, sorted by
 * topic then partition, goes to the next member in {@link compareMemberInfo} order that subscribes to
 * its topic, cycling through the members.
 *
 * Pure; safe anywhere.
 */
import type { Assignor, AssignorMember, TopicPartition } from './assignor.js'
import { compareMemberInfo } from './member-order.js'

export class RoundRobinAssignor implements Assignor {
  readonly name = 'roundrobin'
  readonly supportedProtocols = ['EAGER'] as const

  subscriptionUserData(): Buffer | null {
    return null
  }

  assign(partitionsPerTopic: ReadonlyMap<string, number>, members: readonly AssignorMember[]): Map<string, TopicPartition[]> {
    const assignment = new Map<string, TopicPartition[]>(members.map((m) => [m.memberId, []]))
    if (members.length === 0) return assignment
    const sorted = [...members].sort(compareMemberInfo)
    const topics = [...new Set(members.flatMap((m) => m.subscription.topics))].sort()
    // Kafka's CircularIterator: `next` is the member it will hand out next.
    let next = 0
    for (const topic of topics) {
      const count = partitionsPerTopic.get(topic)
      if (count === undefined) continue
      for (let partition = 0; partition < count; partition++) {
        while (!sorted[next]!.subscription.topics.includes(topic)) next = (next + 1) % sorted.length
        assignment.get(sorted[next]!.memberId)!.push({ topic, partition })
        next = (next + 1) % sorted.length
      }
    }
    return assignment
  }
}
