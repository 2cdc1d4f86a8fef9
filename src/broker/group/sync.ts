/**
 * SyncGroup, Heartbeat and LeaveGroup for a classic group, as Kafka 4.0's `GroupMetadataManager`
 * handles them.
 *
 * - SyncGroup: in CompletingRebalance a member parks until the leader's SyncGroup brings the
 *   assignment, which is stored as given (bytes passed through untouched, an empty assignment for a
 *   member the leader left out) and answered to every parked member; the group becomes Stable. In
 *   Stable a member gets its assignment back; in PreparingRebalance, REBALANCE_IN_PROGRESS.
 * - Heartbeat: keeps a member's session; REBALANCE_IN_PROGRESS tells it to rejoin.
 * - LeaveGroup: removes members (by member id, or by instance id alone for an administrative removal,
 *   KIP-345), then rebalances the group or completes its join phase.
 *
 * Every check is Kafka's and in Kafka's order (unknown group, member/instance id, generation, protocol).
 *
 * Concurrency contract: one event loop; runs to completion.
 */
import { createSyncGroupResponse, type SyncGroupResponse } from '../../protocol/messages/sync-group-response.js'
import type { MemberResponse } from '../../protocol/messages/leave-group-response.js'
import { heartbeatKey, type GroupContext } from './context.js'
import type { ClassicGroup } from './group.js'
import { KafkaError } from '../errors.js'
import { PendingResponse } from './pending-response.js'
import {
  maybeCompleteJoinPhase,
  maybePrepareRebalanceOrCompleteJoin,
  removePendingSyncMember,
  rescheduleHeartbeat,
  setAndPropagateAssignment,
} from './rebalance.js'
import { createJoinGroupResponse } from '../../protocol/messages/join-group-response.js'
import { validateMember } from './validate.js'

/** A SyncGroup as the coordinator takes it. */
export interface SyncRequest {
  groupId: string
  generationId: number
  memberId: string
  groupInstanceId: string | null
  /** Null when the request's version does not carry it (before v5) or the client sent none. */
  protocolType: string | null
  protocolName: string | null
  assignments: readonly { memberId: string; assignment: Buffer }[]
}

type Sync = PendingResponse<SyncGroupResponse>

function inconsistent(requested: string | null, actual: string | null): boolean {
  return requested !== null && actual !== null && requested !== actual
}

/** Handles a SyncGroup whose group id is valid. */
export function syncGroup(ctx: GroupContext, request: SyncRequest): Sync {
  const sync: Sync = new PendingResponse()
  const answer = (errorCode: number): Sync => {
    sync.complete(createSyncGroupResponse({ errorCode }))
    return sync
  }
  const group = ctx.groups.get(request.groupId)
  if (group === undefined || group.isEmpty) return answer(KafkaError.UNKNOWN_MEMBER_ID)
  if (group.is('Dead')) return answer(KafkaError.COORDINATOR_NOT_AVAILABLE)
  const error = validateMember(group, request.memberId, request.groupInstanceId)
  if (error !== KafkaError.NONE) return answer(error)
  if (request.generationId !== group.generationId) return answer(KafkaError.ILLEGAL_GENERATION)
  if (inconsistent(request.protocolType, group.protocolType) || inconsistent(request.protocolName, group.protocolName)) {
    return answer(KafkaError.INCONSISTENT_GROUP_PROTOCOL)
  }
  if (group.is('PreparingRebalance')) return answer(KafkaError.REBALANCE_IN_PROGRESS)
  const member = group.member(request.memberId)!
  if (group.is('CompletingRebalance')) {
    // Kafka replaces a member's parked SyncGroup without answering the previous one; so does this.
    member.awaitingSync = sync
    removePendingSyncMember(ctx, group, member.memberId)
    if (group.isLeader(member.memberId)) {
      const assignment = new Map<string, Buffer>()
      for (const a of request.assignments) assignment.set(a.memberId, a.assignment)
      setAndPropagateAssignment(ctx, group, assignment)
      group.transitionTo('Stable', ctx.clock.now())
    }
    return sync
  }
  // Stable: the member missed its assignment, or syncs again.
  removePendingSyncMember(ctx, group, member.memberId)
  sync.complete(
    createSyncGroupResponse({
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      assignment: member.assignment,
      errorCode: KafkaError.NONE,
    }),
  )
  return sync
}

/** A Heartbeat as the coordinator takes it. */
export interface HeartbeatRequestFields {
  groupId: string
  generationId: number
  memberId: string
  groupInstanceId: string | null
}

/** Handles a Heartbeat whose group id is valid: its error code. */
export function heartbeat(ctx: GroupContext, request: HeartbeatRequestFields): number {
  const group = ctx.groups.get(request.groupId)
  if (group === undefined) return KafkaError.UNKNOWN_MEMBER_ID
  if (group.is('Dead')) return KafkaError.COORDINATOR_NOT_AVAILABLE
  const error = validateMember(group, request.memberId, request.groupInstanceId)
  if (error !== KafkaError.NONE) return error
  if (request.generationId !== group.generationId) return KafkaError.ILLEGAL_GENERATION
  switch (group.state) {
    case 'Empty':
      return KafkaError.UNKNOWN_MEMBER_ID
    case 'PreparingRebalance':
      rescheduleHeartbeat(ctx, group, group.member(request.memberId)!)
      return KafkaError.REBALANCE_IN_PROGRESS
    default:
      // CompletingRebalance or Stable: members may heartbeat as soon as they have their JoinGroup
      // response, before syncing.
      rescheduleHeartbeat(ctx, group, group.member(request.memberId)!)
      return KafkaError.NONE
  }
}

/** One member leaving: a member id, or an empty member id and an instance id (administrative removal). */
export interface LeavingMember {
  memberId: string
  groupInstanceId: string | null
}

/**
 * Handles a LeaveGroup whose group id is valid: a top-level error code (COORDINATOR_NOT_AVAILABLE
 * for a Dead group) and one response per leaving member, in request order.
 */
export function leaveGroup(
  ctx: GroupContext,
  groupId: string,
  leaving: readonly LeavingMember[],
): { errorCode: number; members: MemberResponse[] } {
  const group = ctx.groups.get(groupId)
  const result = (m: LeavingMember, errorCode: number): MemberResponse => ({
    memberId: m.memberId,
    groupInstanceId: m.groupInstanceId,
    errorCode,
  })
  if (group === undefined) {
    return { errorCode: KafkaError.NONE, members: leaving.map((m) => result(m, KafkaError.UNKNOWN_MEMBER_ID)) }
  }
  if (group.is('Dead')) return { errorCode: KafkaError.COORDINATOR_NOT_AVAILABLE, members: [] }
  const members: MemberResponse[] = []
  let anyLeft = false
  for (const m of leaving) {
    let errorCode: number = KafkaError.NONE
    if (m.memberId === '') {
      const staticId = m.groupInstanceId === null ? undefined : group.staticMemberId(m.groupInstanceId)
      if (staticId !== undefined) removeCurrentMember(ctx, group, staticId)
      else errorCode = KafkaError.UNKNOWN_MEMBER_ID
    } else if (group.isPendingMember(m.memberId)) {
      group.remove(m.memberId)
      ctx.timers.cancel(heartbeatKey(groupId, m.memberId))
    } else {
      errorCode = validateMember(group, m.memberId, m.groupInstanceId)
      if (errorCode === KafkaError.NONE) removeCurrentMember(ctx, group, m.memberId)
    }
    if (errorCode === KafkaError.NONE) anyLeft = true
    members.push(result(m, errorCode))
  }
  if (anyLeft) {
    if (group.is('Stable') || group.is('CompletingRebalance')) maybePrepareRebalanceOrCompleteJoin(ctx, group)
    else if (group.is('PreparingRebalance')) maybeCompleteJoinPhase(ctx, group)
  }
  return { errorCode: KafkaError.NONE, members }
}

/** Removes a member that leaves: its session timer goes, its parked JoinGroup is answered UNKNOWN_MEMBER_ID. */
function removeCurrentMember(ctx: GroupContext, group: ClassicGroup, memberId: string): void {
  const member = group.member(memberId)!
  ctx.timers.cancel(heartbeatKey(group.groupId, memberId))
  group.completeJoin(member, createJoinGroupResponse({ memberId: '', errorCode: KafkaError.UNKNOWN_MEMBER_ID }))
  group.remove(memberId)
}
