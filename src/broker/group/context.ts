/**
 * What the group coordinator's parts share: its configuration, its clock and keyed timers, the
 * groups, and the hook that persists a group's generation. The request handlers (`join.ts`,
 * `sync.ts`, `heartbeat-leave.ts`, `offset-requests.ts`, `admin-requests.ts`) and the rebalance rules
 * (`rebalance.ts`) are functions of a {@link GroupContext}; `coordinator.ts` owns the one instance.
 *
 * Concurrency contract: one event loop; every handler runs to completion synchronously (Kafka runs a
 * shard's operations one at a time), except where it waits for the offset store.
 */
import type { Clock, KeyedTimers } from './clock.js'
import { ClassicGroup } from './group.js'

/** The coordinator's configuration (Kafka's broker configs of the same meaning). */
export interface GroupConfig {
  /** `group.initial.rebalance.delay.ms` */
  readonly initialRebalanceDelayMs: number
  /** `group.min.session.timeout.ms` */
  readonly minSessionTimeoutMs: number
  /** `group.max.session.timeout.ms` */
  readonly maxSessionTimeoutMs: number
  /** `group.max.size` */
  readonly maxGroupSize: number
  /**
   * The most groups held at once (Kafka's classic coordinator has no such bound; its share groups
   * have `group.share.max.groups`, answered GROUP_MAX_SIZE_REACHED, and so is a JoinGroup or an
   * OffsetCommit that would create a group past this one). Groups a restart loads count but are
   * never refused.
   */
  readonly maxGroups: number
  /** How long a new member's JoinGroup may stay parked (Kafka's fixed 5 minutes). */
  readonly newMemberJoinTimeoutMs: number
  /** `offset.metadata.max.bytes` (counted in UTF-16 code units, as Java's `String.length()`) */
  readonly offsetMetadataMaxBytes: number
  /** `offsets.retention.minutes`, in milliseconds */
  readonly offsetsRetentionMs: number
  /** `offsets.retention.check.interval.ms` */
  readonly offsetsRetentionCheckIntervalMs: number
}

/** The state and services the coordinator's parts share. */
export interface GroupContext {
  readonly config: GroupConfig
  readonly clock: Clock
  readonly timers: KeyedTimers
  /** Every live group by id (a group is removed, not kept Dead). */
  readonly groups: Map<string, ClassicGroup>
  /** A fresh UUID for a member id (`crypto.randomUUID` unless a test injects one). */
  newUuid(): string
  /** A group became Empty: the offset store records its generation and protocol type, if it has offsets. */
  onGroupEmpty(group: ClassicGroup): void
}

// Timer keys. Kafka concatenates with '-' ("heartbeat-<group>-<member>"), where group "a-b" with
// member "c" and group "a" with member "b-c" share a key; a JSON array cannot collide.

/** Timer key of a member's session (Kafka's `heartbeat-<group>-<member>`). */
export function heartbeatKey(groupId: string, memberId: string): string {
  return JSON.stringify(['heartbeat', groupId, memberId])
}

/** Timer key of a group's join phase (Kafka's `join-<group>`). */
export function joinKey(groupId: string): string {
  return JSON.stringify(['join', groupId])
}

/** Timer key of a group's sync phase (Kafka's `sync-<group>`). */
export function syncKey(groupId: string): string {
  return JSON.stringify(['sync', groupId])
}

/**
 * The one place a request makes a group: a new, Empty group registered in `ctx.groups`, or
 * `undefined` when `maxGroups` are held already (the caller answers GROUP_MAX_SIZE_REACHED).
 */
export function createGroup(ctx: GroupContext, groupId: string, now: number): ClassicGroup | undefined {
  if (ctx.groups.size >= ctx.config.maxGroups) return undefined
  const group = new ClassicGroup(groupId, now)
  ctx.groups.set(groupId, group)
  return group
}
