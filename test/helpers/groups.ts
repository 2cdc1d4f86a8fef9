/**
 * Helpers for the group coordinator's tests: a coordinator on a fake clock in a temp directory,
 * request builders with Kafka's defaults, and a consumer subscription.
 */
import { GroupCoordinator, type GroupCoordinatorOptions, type RequestContext } from '../../src/broker/group/coordinator.js'
import { encodeSubscription } from '../../src/broker/group/assignors/assignor.js'
import { createJoinGroupRequest, type JoinGroupRequest } from '../../src/protocol/messages/join-group-request.js'
import { createSyncGroupRequest, type SyncGroupRequest } from '../../src/protocol/messages/sync-group-request.js'
import { createHeartbeatRequest, type HeartbeatRequest } from '../../src/protocol/messages/heartbeat-request.js'
import { createLeaveGroupRequest, type LeaveGroupRequest } from '../../src/protocol/messages/leave-group-request.js'
import { createOffsetCommitRequest, type OffsetCommitRequest } from '../../src/protocol/messages/offset-commit-request.js'
import { FakeClock } from './fake-clock.js'

/** A deterministic UUID source: `uuid-1`, `uuid-2`, … */
export function counterUuid(): () => string {
  let n = 0
  return () => `uuid-${++n}`
}

/** A coordinator on a fake clock with deterministic member ids. */
export async function openCoordinator(
  dir: string,
  options: Partial<GroupCoordinatorOptions> = {},
): Promise<{ coordinator: GroupCoordinator; clock: FakeClock }> {
  const clock = (options.clock as FakeClock | undefined) ?? new FakeClock()
  const coordinator = await GroupCoordinator.open({ dir, clock, randomUUID: counterUuid(), initialRebalanceDelayMs: 0, ...options })
  return { coordinator, clock }
}

/** The consumer protocol metadata of a subscription to `topics`. */
export function subscriptionMetadata(topics: string[], owned: { topic: string; partition: number }[] = [], generationId = -1): Buffer {
  return encodeSubscription({ topics, userData: null, ownedPartitions: owned, generationId, rackId: null })
}

/** A JoinGroup of the consumer protocol type offering `range` (unless protocols are given). */
export function joinRequest(fields: Partial<JoinGroupRequest> & { groupId: string }): JoinGroupRequest {
  return createJoinGroupRequest({
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: subscriptionMetadata(['t']) }],
    ...fields,
  })
}

export function syncRequest(
  fields: Partial<SyncGroupRequest> & { groupId: string; generationId: number; memberId: string },
): SyncGroupRequest {
  return createSyncGroupRequest({ protocolType: 'consumer', protocolName: 'range', ...fields })
}

export function heartbeatRequest(
  fields: Partial<HeartbeatRequest> & { groupId: string; generationId: number; memberId: string },
): HeartbeatRequest {
  return createHeartbeatRequest(fields)
}

export function leaveRequest(fields: Partial<LeaveGroupRequest> & { groupId: string }): LeaveGroupRequest {
  return createLeaveGroupRequest(fields)
}

/** An OffsetCommit of `offsets` (`topic`, `partition`, `offset`, optional metadata). */
export function commitRequest(
  fields: Partial<OffsetCommitRequest> & { groupId: string },
  offsets: { topic: string; partition: number; offset: number | bigint; metadata?: string | null; leaderEpoch?: number }[],
): OffsetCommitRequest {
  const topics = new Map<string, OffsetCommitRequest['topics'][number]>()
  for (const o of offsets) {
    let t = topics.get(o.topic)
    if (t === undefined) topics.set(o.topic, (t = { name: o.topic, partitions: [] }))
    t.partitions.push({
      partitionIndex: o.partition,
      committedOffset: BigInt(o.offset),
      committedLeaderEpoch: o.leaderEpoch ?? -1,
      committedMetadata: o.metadata === undefined ? '' : o.metadata,
    })
  }
  return createOffsetCommitRequest({ generationIdOrMemberEpoch: -1, ...fields, topics: [...topics.values()] })
}

/** A request context at `apiVersion`. */
export function v(apiVersion: number, extra: Omit<RequestContext, 'apiVersion'> = {}): RequestContext {
  return { apiVersion, clientId: 'client', clientHost: '/127.0.0.1', ...extra }
}

/** Whether a promise has settled, after letting pending microtasks run. */
export async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false
  p.then(
    () => (done = true),
    () => (done = true),
  )
  for (let i = 0; i < 10; i++) await Promise.resolve()
  return done
}

/** A member as the tests track it after a join. */
export interface JoinedMember {
  memberId: string
  generationId: number
  leader: string
  groupInstanceId: string | null
}

/**
 * Brings group `groupId` to Stable with `n` new members (v9 requests, static when `instanceIds` are
 * given) and the leader's assignment (`assignments`: member index → bytes; empty by default).
 */
export async function stableGroup(
  coordinator: GroupCoordinator,
  clock: FakeClock,
  groupId: string,
  n: number,
  options: { instanceIds?: string[]; assignments?: (members: JoinedMember[]) => Buffer[]; join?: Partial<JoinGroupRequest> } = {},
): Promise<JoinedMember[]> {
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const instance = options.instanceIds?.[i] ?? null
    if (instance !== null) {
      ids.push('')
      continue
    }
    const r = await coordinator.joinGroup(joinRequest({ groupId, ...options.join }), v(9, { clientId: `c${i}` }))
    ids.push(r.memberId)
  }
  const joins = ids.map((memberId, i) =>
    coordinator.joinGroup(
      joinRequest({ groupId, memberId, groupInstanceId: options.instanceIds?.[i] ?? null, ...options.join }),
      v(9, { clientId: `c${i}` }),
    ),
  )
  clock.advance(0)
  const rs = await Promise.all(joins)
  const members = rs.map((r, i) => ({
    memberId: r.memberId,
    generationId: r.generationId,
    leader: r.leader,
    groupInstanceId: options.instanceIds?.[i] ?? null,
  }))
  const bytes = options.assignments?.(members) ?? members.map(() => Buffer.alloc(0))
  const leader = members.find((m) => m.memberId === m.leader)!
  const syncs = members
    .filter((m) => m !== leader)
    .map((m) =>
      coordinator.syncGroup(
        syncRequest({ groupId, generationId: m.generationId, memberId: m.memberId, groupInstanceId: m.groupInstanceId }),
        v(5),
      ),
    )
  await coordinator.syncGroup(
    syncRequest({
      groupId,
      generationId: leader.generationId,
      memberId: leader.memberId,
      groupInstanceId: leader.groupInstanceId,
      assignments: members.map((m, i) => ({ memberId: m.memberId, assignment: bytes[i]! })),
    }),
    v(5),
  )
  await Promise.all(syncs)
  return members
}
