/**
 * JoinGroup for a classic group, as Kafka 4.0's `GroupMetadataManager.classicGroupJoin*` handles it:
 *
 * - a new dynamic member (empty member id) with JoinGroup v4+ gets MEMBER_ID_REQUIRED and a member
 *   id to join with (KIP-394; the id is pending until used, and forgotten after a session timeout);
 *   with v0-3 it joins at once;
 * - a new static member (`group.instance.id`, KIP-345) joins, or replaces the member that had its
 *   instance id: whoever is parked on the old member id is answered FENCED_INSTANCE_ID, and in a
 *   Stable group whose selected protocol stays the same the new member id takes over the old one's
 *   assignment without a rebalance;
 * - an existing member rejoins: during a rebalance it is counted as joined; in CompletingRebalance
 *   or Stable with unchanged metadata it gets the current generation back (the leader rejoining a
 *   Stable group, or any member with new metadata, triggers a rebalance);
 * - `group.max.size` (GROUP_MAX_SIZE_REACHED), protocol compatibility (INCONSISTENT_GROUP_PROTOCOL),
 *   unknown or fenced members (UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID).
 *
 * The response is a {@link PendingResponse}: answered at once, or parked until the join phase
 * completes. Responses here are version-neutral; `responses.ts` shapes them for the request's version.
 *
 * Concurrency contract: one event loop; runs to completion.
 */
import { createJoinGroupResponse, type JoinGroupResponse } from '../../protocol/messages/join-group-response.js'
import { createGroup, heartbeatKey, type GroupContext } from './context.js'
import type { ClassicGroup } from './group.js'
import { KafkaError } from '../errors.js'
import { ClassicGroupMember, protocolNames, type MemberProtocol } from './member.js'
import { PendingResponse } from './pending-response.js'
import {
  acceptJoiningMember,
  expireHeartbeat,
  maybeCompleteJoinPhase,
  maybePrepareRebalanceOrCompleteJoin,
  prepareRebalance,
  rescheduleHeartbeat,
} from './rebalance.js'
import { validateMember } from './validate.js'

/** A JoinGroup as the coordinator takes it (after the version's defaults are applied). */
export interface JoinRequest {
  groupId: string
  sessionTimeoutMs: number
  rebalanceTimeoutMs: number
  memberId: string
  groupInstanceId: string | null
  protocolType: string
  protocols: readonly MemberProtocol[]
  /** The request's JoinGroup version (MEMBER_ID_REQUIRED from v4, skipped assignments from v9). */
  apiVersion: number
  clientId: string
  clientHost: string
}

type Join = PendingResponse<JoinGroupResponse>

function answer(join: Join, fields: Partial<JoinGroupResponse>): void {
  join.complete(createJoinGroupResponse(fields))
}

/** The JoinGroup answer of the group's current generation for `memberId` (`members`: the leader's list, or none). */
function currentGeneration(group: ClassicGroup, memberId: string, members: JoinGroupResponse['members']): Partial<JoinGroupResponse> {
  return {
    members,
    memberId,
    generationId: group.generationId,
    protocolName: group.protocolName,
    protocolType: group.protocolType,
    leader: group.leaderId ?? '',
    skipAssignment: false,
  }
}

/** Handles a JoinGroup whose group id is valid and session timeout in range. */
export function joinGroup(ctx: GroupContext, request: JoinRequest): Join {
  const join: Join = new PendingResponse()
  const { groupId, memberId } = request
  const isUnknownMember = memberId === ''
  let group = ctx.groups.get(groupId)
  if (group === undefined) {
    // A member id for a group that does not exist: the client's generation is gone.
    if (!isUnknownMember) {
      answer(join, { memberId, errorCode: KafkaError.UNKNOWN_MEMBER_ID })
      return join
    }
    group = createGroup(ctx, groupId, ctx.clock.now())
    if (group === undefined) {
      answer(join, { memberId: '', errorCode: KafkaError.GROUP_MAX_SIZE_REACHED })
      return join
    }
  }
  if (!acceptJoiningMember(ctx, group, memberId)) {
    group.remove(memberId)
    answer(join, { memberId: '', errorCode: KafkaError.GROUP_MAX_SIZE_REACHED })
  } else if (isUnknownMember) {
    joinNewMember(ctx, request, group, join)
  } else {
    joinExistingMember(ctx, request, group, join)
  }
  return join
}

function joinNewMember(ctx: GroupContext, request: JoinRequest, group: ClassicGroup, join: Join): void {
  if (group.is('Dead')) {
    answer(join, { memberId: '', errorCode: KafkaError.COORDINATOR_NOT_AVAILABLE })
  } else if (!group.supportsProtocols(request.protocolType, protocolNames(request.protocols))) {
    answer(join, { memberId: '', errorCode: KafkaError.INCONSISTENT_GROUP_PROTOCOL })
  } else {
    const newMemberId = `${request.groupInstanceId ?? request.clientId}-${ctx.newUuid()}`
    if (request.groupInstanceId !== null) joinNewStaticMember(ctx, request, group, newMemberId, join)
    else joinNewDynamicMember(ctx, request, group, newMemberId, join)
  }
}

function joinNewStaticMember(ctx: GroupContext, request: JoinRequest, group: ClassicGroup, newMemberId: string, join: Join): void {
  const existingMemberId = group.staticMemberId(request.groupInstanceId!)
  if (existingMemberId !== undefined)
    updateStaticMemberThenRebalanceOrCompleteJoin(ctx, request, group, existingMemberId, newMemberId, join)
  else addMemberThenRebalanceOrCompleteJoin(ctx, request, group, newMemberId, join)
}

function joinNewDynamicMember(ctx: GroupContext, request: JoinRequest, group: ClassicGroup, newMemberId: string, join: Join): void {
  if (request.apiVersion >= 4) {
    // KIP-394: the member must come back with this id; until then it is pending, for one session.
    group.addPendingMember(newMemberId)
    const groupId = group.groupId
    ctx.timers.schedule(heartbeatKey(groupId, newMemberId), request.sessionTimeoutMs, () => expireHeartbeat(ctx, groupId, newMemberId))
    answer(join, { memberId: newMemberId, errorCode: KafkaError.MEMBER_ID_REQUIRED })
  } else {
    addMemberThenRebalanceOrCompleteJoin(ctx, request, group, newMemberId, join)
  }
}

function joinExistingMember(ctx: GroupContext, request: JoinRequest, group: ClassicGroup, join: Join): void {
  const { memberId, groupInstanceId } = request
  if (group.is('Dead')) {
    answer(join, { memberId, errorCode: KafkaError.COORDINATOR_NOT_AVAILABLE })
    return
  }
  if (!group.supportsProtocols(request.protocolType, protocolNames(request.protocols))) {
    answer(join, { memberId, errorCode: KafkaError.INCONSISTENT_GROUP_PROTOCOL })
    return
  }
  if (group.isPendingMember(memberId)) {
    // A member id handed out with MEMBER_ID_REQUIRED (never to a static member). With an instance
    // id the request is inconsistent: Kafka throws an IllegalStateException there, which its
    // request handling answers UNKNOWN_SERVER_ERROR; so does this one, changing nothing.
    if (groupInstanceId !== null) {
      answer(join, { errorCode: KafkaError.UNKNOWN_SERVER_ERROR })
      return
    }
    addMemberThenRebalanceOrCompleteJoin(ctx, request, group, memberId, join)
    return
  }
  const error = validateMember(group, memberId, groupInstanceId)
  if (error !== KafkaError.NONE) {
    answer(join, { memberId, errorCode: error, protocolType: null, protocolName: null })
    return
  }
  const member = group.member(memberId)!
  if (group.is('PreparingRebalance')) {
    updateMemberThenRebalanceOrCompleteJoin(ctx, request, group, member, join)
  } else if (group.is('CompletingRebalance')) {
    if (member.matches(request.protocols)) {
      // Same metadata: the member probably missed the JoinGroup response; give it again.
      answer(join, currentGeneration(group, memberId, group.isLeader(memberId) ? group.currentMembersForLeader() : []))
    } else {
      updateMemberThenRebalanceOrCompleteJoin(ctx, request, group, member, join)
    }
  } else if (group.is('Stable')) {
    if (group.isLeader(memberId) || !member.matches(request.protocols)) {
      // The leader rejoining forces a rebalance: it may have seen a change that its metadata does
      // not show (a topic's partition count).
      updateMemberThenRebalanceOrCompleteJoin(ctx, request, group, member, join)
    } else {
      answer(join, currentGeneration(group, memberId, []))
    }
  } else {
    // Empty: the member has to start over.
    answer(join, { memberId, errorCode: KafkaError.UNKNOWN_MEMBER_ID })
  }
}

function updateMemberThenRebalanceOrCompleteJoin(
  ctx: GroupContext,
  request: JoinRequest,
  group: ClassicGroup,
  member: ClassicGroupMember,
  join: Join,
): void {
  group.updateMember(member, request.protocols, request.rebalanceTimeoutMs, request.sessionTimeoutMs, join)
  maybePrepareRebalanceOrCompleteJoin(ctx, group)
}

function addMemberThenRebalanceOrCompleteJoin(
  ctx: GroupContext,
  request: JoinRequest,
  group: ClassicGroup,
  memberId: string,
  join: Join,
): void {
  const member = new ClassicGroupMember({
    memberId,
    groupInstanceId: request.groupInstanceId,
    clientId: request.clientId,
    clientHost: request.clientHost,
    rebalanceTimeoutMs: request.rebalanceTimeoutMs,
    sessionTimeoutMs: request.sessionTimeoutMs,
    protocolType: request.protocolType,
    protocols: request.protocols,
  })
  member.isNew = true
  // A member arriving during the initial delay extends it.
  if (group.is('PreparingRebalance') && group.previousState === 'Empty') group.newMemberAdded = true
  group.add(member, join)
  // A new member's parked JoinGroup cannot be heartbeated and its connection's end cannot be seen:
  // it is timed out instead, so that clients retrying after a disconnect leave no defunct members.
  rescheduleHeartbeat(ctx, group, member, ctx.config.newMemberJoinTimeoutMs)
  maybePrepareRebalanceOrCompleteJoin(ctx, group)
}

function updateStaticMemberThenRebalanceOrCompleteJoin(
  ctx: GroupContext,
  request: JoinRequest,
  group: ClassicGroup,
  oldMemberId: string,
  newMemberId: string,
  join: Join,
): void {
  const currentLeader = group.leaderId
  const member = group.replaceStaticMember(request.groupInstanceId!, oldMemberId, newMemberId)
  // The old member id's session timer finds no member when it fires; the new id gets its own.
  rescheduleHeartbeat(ctx, group, member)
  group.updateMember(member, request.protocols, request.rebalanceTimeoutMs, request.sessionTimeoutMs, join)
  if (group.is('Stable')) {
    if ((group.protocolName ?? '') === group.selectProtocol()) {
      // The assignment stands: no rebalance. From v9 the leader learns the members but is told to
      // skip the assignment; before, it is told someone else (the replaced id) leads.
      const isLeader = group.isLeader(newMemberId)
      const skipping = request.apiVersion >= 9
      group.completeJoin(
        member,
        createJoinGroupResponse({
          members: skipping && isLeader ? group.currentMembersForLeader() : [],
          memberId: newMemberId,
          generationId: group.generationId,
          protocolName: group.protocolName,
          protocolType: group.protocolType,
          leader: (skipping ? group.leaderId : currentLeader) ?? '',
          skipAssignment: skipping && isLeader,
        }),
      )
    } else {
      maybePrepareRebalanceOrCompleteJoin(ctx, group)
    }
    return
  }
  if (group.is('CompletingRebalance')) {
    // The leader may have the old member id in the assignment it is computing: start over.
    prepareRebalance(ctx, group)
    return
  }
  if (group.is('Empty') || group.is('Dead')) throw new Error(`group ${group.groupId} cannot be ${group.state} with a static member`)
  maybeCompleteJoinPhase(ctx, group)
}
