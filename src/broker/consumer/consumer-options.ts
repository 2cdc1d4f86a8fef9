/**
 * Options of the in-process group consumer (`broker.consumer(options)`), their defaults (Kafka's
 * Java consumer's) and their checks, and the built-in assignors by their protocol names.
 *
 * Pure; safe anywhere.
 */
import type { Assignor } from '../group/assignors/assignor.js'
import { CooperativeStickyAssignor } from '../group/assignors/cooperative-sticky.js'
import { RangeAssignor } from '../group/assignors/range.js'
import { RoundRobinAssignor } from '../group/assignors/round-robin.js'
import type { Clock } from '../group/clock.js'

/** The built-in assignors' protocol names (Kafka's `partition.assignment.strategy` classes). */
export type AssignorName = 'range' | 'roundrobin' | 'cooperative-sticky'

/** Options of `broker.consumer(options)`. Timings in milliseconds, defaults Kafka's Java consumer's. */
export interface GroupConsumerOptions {
  /** The group (Kafka's `group.id`). */
  groupId: string
  /** The topics to consume (each must exist when the member is elected leader, or it gets no partitions). */
  topics: readonly string[]
  /**
   * Static membership (KIP-345, Kafka's `group.instance.id`): a member that comes back with the same
   * id within its session timeout gets its partitions back without a rebalance. @default null
   */
  groupInstanceId?: string | null
  /**
   * The assignors offered, preferred first (Kafka's `partition.assignment.strategy`). The group uses
   * the first one every member offers. The rebalance protocol is cooperative when every assignor
   * offered supports it (as Kafka's consumer decides), else eager.
   * @default ['range', 'cooperative-sticky'] (Kafka 4.0's default)
   */
  assignors?: readonly (AssignorName | Assignor)[]
  /** Kafka's `session.timeout.ms`. @default 45000 */
  sessionTimeoutMs?: number
  /**
   * Kafka's `max.poll.interval.ms`, sent as the rebalance timeout: how long the group waits for this
   * member to rejoin, which it does in the next `next()` call after it learns of a rebalance.
   * @default 300000
   */
  rebalanceTimeoutMs?: number
  /** Kafka's `heartbeat.interval.ms`. @default 3000 */
  heartbeatIntervalMs?: number
  /** Where a partition without a committed offset starts (Kafka's `auto.offset.reset`). @default 'latest' */
  autoOffsetReset?: 'earliest' | 'latest'
  /** Kafka's `client.id` (member ids start with it). @default 'kafka-lite-consumer' */
  clientId?: string
  /** About how many bytes one read of a partition takes (at least one batch). @default 1048576 */
  maxBytes?: number
  /** The clock of the heartbeats (tests pass the coordinator's fake clock). @default the system clock */
  clock?: Clock
}

/** {@link GroupConsumerOptions} checked, defaults filled in. */
export interface ResolvedConsumerOptions {
  readonly groupId: string
  readonly topics: readonly string[]
  readonly groupInstanceId: string | null
  readonly assignors: readonly Assignor[]
  readonly cooperative: boolean
  readonly sessionTimeoutMs: number
  readonly rebalanceTimeoutMs: number
  readonly heartbeatIntervalMs: number
  readonly autoOffsetReset: 'earliest' | 'latest'
  readonly clientId: string
  readonly maxBytes: number
  readonly clock: Clock | undefined
}

const KEYS = [
  'groupId',
  'topics',
  'groupInstanceId',
  'assignors',
  'sessionTimeoutMs',
  'rebalanceTimeoutMs',
  'heartbeatIntervalMs',
  'autoOffsetReset',
  'clientId',
  'maxBytes',
  'clock',
]

/** A new instance of a built-in assignor. */
export function builtInAssignor(name: AssignorName): Assignor {
  switch (name) {
    case 'range':
      return new RangeAssignor()
    case 'roundrobin':
      return new RoundRobinAssignor()
    case 'cooperative-sticky':
      return new CooperativeStickyAssignor()
  }
}

function positive(o: Record<string, unknown>, key: string, fallback: number): number {
  const v = o[key]
  if (v === undefined) return fallback
  if (typeof v !== 'number') throw new TypeError(`options.${key} must be a number`)
  if (!Number.isSafeInteger(v) || v < 1 || v > 2 ** 31 - 1) throw new RangeError(`options.${key} must be an integer in [1, 2^31-1]`)
  return v
}

/**
 * Checks `options` and fills in defaults.
 * @throws TypeError for an unknown key or a wrong type, RangeError for a value out of range
 */
export function resolveConsumerOptions(options: GroupConsumerOptions): ResolvedConsumerOptions {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object')
  const o = options as unknown as Record<string, unknown>
  for (const k of Object.keys(o)) if (!KEYS.includes(k)) throw new TypeError(`options has no option '${k}'`)
  if (typeof o.groupId !== 'string' || o.groupId.length === 0) throw new TypeError('options.groupId must be a non-empty string')
  if (!Array.isArray(o.topics) || o.topics.length === 0 || !o.topics.every((t) => typeof t === 'string' && t.length > 0)) {
    throw new TypeError('options.topics must be a non-empty array of topic names')
  }
  const instance = o.groupInstanceId ?? null
  if (instance !== null && (typeof instance !== 'string' || instance.length === 0)) {
    throw new TypeError('options.groupInstanceId must be a non-empty string or null')
  }
  const given = (o.assignors ?? ['range', 'cooperative-sticky']) as unknown
  if (!Array.isArray(given) || given.length === 0) throw new TypeError('options.assignors must be a non-empty array')
  const assignors = given.map((a: unknown): Assignor => {
    if (a === 'range' || a === 'roundrobin' || a === 'cooperative-sticky') return builtInAssignor(a)
    if (a !== null && typeof a === 'object' && typeof (a as Assignor).assign === 'function' && typeof (a as Assignor).name === 'string') {
      return a as Assignor
    }
    throw new TypeError(`options.assignors: ${String(a)} is not 'range', 'roundrobin', 'cooperative-sticky' or an Assignor`)
  })
  if (new Set(assignors.map((a) => a.name)).size !== assignors.length) throw new RangeError('options.assignors names an assignor twice')
  const reset = o.autoOffsetReset ?? 'latest'
  if (reset !== 'earliest' && reset !== 'latest') throw new TypeError("options.autoOffsetReset must be 'earliest' or 'latest'")
  const clientId = o.clientId ?? 'kafka-lite-consumer'
  if (typeof clientId !== 'string') throw new TypeError('options.clientId must be a string')
  const clock = o.clock as Clock | undefined
  if (clock !== undefined && (clock === null || typeof clock.now !== 'function' || typeof clock.schedule !== 'function')) {
    throw new TypeError('options.clock must be a Clock ({ now(), schedule() })')
  }
  const sessionTimeoutMs = positive(o, 'sessionTimeoutMs', 45_000)
  const heartbeatIntervalMs = positive(o, 'heartbeatIntervalMs', 3000)
  if (heartbeatIntervalMs >= sessionTimeoutMs) throw new RangeError('options.heartbeatIntervalMs must be below sessionTimeoutMs')
  return {
    groupId: o.groupId,
    topics: [...new Set(o.topics as string[])],
    groupInstanceId: instance,
    assignors,
    cooperative: assignors.every((a) => a.supportedProtocols.includes('COOPERATIVE')),
    sessionTimeoutMs,
    rebalanceTimeoutMs: positive(o, 'rebalanceTimeoutMs', 300_000),
    heartbeatIntervalMs,
    autoOffsetReset: reset,
    clientId,
    maxBytes: positive(o, 'maxBytes', 1_048_576),
    clock,
  }
}
