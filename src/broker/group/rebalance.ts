/**
 * The rebalance rules of a classic group, as Kafka 4.0's `GroupMetadataManager` applies them:
 * preparing a rebalance (with `group.initial.rebalance.delay.ms` for a group leaving Empty),
 * completing the join phase (dropping the dynamic members that did not rejoin, electing a leader
 * that rejoined, starting the next generation, answering every parked JoinGroup), the sync phase and
 * its expiry, the members' sessions (heartbeat timers) and their expiry, and propagating the leader's
 * assignment (or an error) to the members parked on SyncGroup.
 *
 * Timers (keyed, `clock.ts`): `heartbeat` per member (session timeout, or the new-member join
 * timeout while a new member's JoinGroup is parked), `join` per group (the rebalance timeout, or the
 * initial delay), `sync` per group (the rebalance timeout for the members to send SyncGroup). A timer
 * looks its group up by id when it fires: a group deleted or replaced meanwhile is left alone.
 *
 * Kafka appends records to `__consumer_offsets` at some of these steps; this coordinator keeps
 * membership in memory only (see docs/groups.md) and persists a group's generation with its offsets,
 * through {@link GroupContext.onGroupEmpty}.
 *
 * Concurrency contract: one event loop; every function runs to completion.
 */
import { createJoinGroupResponse } from '../../protocol/messages/join-group-response.js'
import { createSyncGroupResponse } from '../../protocol/messages/sync-group-response.js'
import { heartbeatKey, joinKey, syncKey, type GroupContext } from './context.js'
import type { ClassicGroup } from './group.js'
import { KafkaError } from '../errors.js'
import { EMPTY_ASSIGNMENT, type ClassicGroupMember } from './member.js'

/** The live group `groupId`, or undefined (Kafka's `getOrMaybeCreateClassicGroup(id, false)`). */
export function findGroup(ctx: GroupContext, groupId: string): ClassicGroup | undefined {
  return ctx.groups.get(groupId)
}

/** Restarts the member's session timer (`timeoutMs`: its session timeout unless given). */
export function rescheduleHeartbeat(
  ctx: GroupContext,
  group: ClassicGroup,
  member: ClassicGroupMember,
  timeoutMs = member.sessionTimeoutMs,
): void {
  const groupId = group.groupId
  const memberId = member.memberId
  ctx.timers.schedule(heartbeatKey(groupId, memberId), timeoutMs, () => expireHeartbeat(ctx, groupId, memberId))
}

/** A member's session timer fired: remove it unless it is parked on the coordinator. */
export function expireHeartbeat(ctx: GroupContext, groupId: string, memberId: string): void {
  const group = findGroup(ctx, groupId)
  if (group === undefined || group.is('Dead')) return
  if (group.isPendingMember(memberId)) {
    removePendingMemberAndUpdateGroup(ctx, group, memberId)
    return
  }
  const member = group.member(memberId)
  if (member !== undefined && !member.hasSatisfiedHeartbeat()) removeMemberAndUpdateGroup(ctx, group, member)
}

/**
 * Removes a failed or departed member: its parked JoinGroup is answered UNKNOWN_MEMBER_ID (a client
 * still alive rejoins), then the group rebalances or completes its join phase.
 */
export function removeMemberAndUpdateGroup(ctx: GroupContext, group: ClassicGroup, member: ClassicGroupMember): void {
  group.completeJoin(member, createJoinGroupResponse({ memberId: '', errorCode: KafkaError.UNKNOWN_MEMBER_ID }))
  group.remove(member.memberId)
  if (group.is('Stable') || group.is('CompletingRebalance')) maybePrepareRebalanceOrCompleteJoin(ctx, group)
  else if (group.is('PreparingRebalance') && group.hasAllMembersJoined()) completeJoin(ctx, group)
}

/** Forgets a member id handed out with MEMBER_ID_REQUIRED that was never used. */
export function removePendingMemberAndUpdateGroup(ctx: GroupContext, group: ClassicGroup, memberId: string): void {
  group.remove(memberId)
  if (group.is('PreparingRebalance') && group.hasAllMembersJoined()) completeJoin(ctx, group)
}

/** Completes the join phase if the group is rebalancing (not initially) and every member rejoined. */
export function maybeCompleteJoinPhase(ctx: GroupContext, group: ClassicGroup): void {
  if (!group.is('PreparingRebalance')) return
  // The initial rebalance of a group leaving Empty waits for its delay to pass.
  if (group.previousState === 'Empty') return
  if (!group.hasAllMembersJoined()) return
  completeJoin(ctx, group)
}

/** Starts a rebalance if the group's state allows one, else tries to complete the join phase. */
export function maybePrepareRebalanceOrCompleteJoin(ctx: GroupContext, group: ClassicGroup): void {
  if (group.canRebalance()) prepareRebalance(ctx, group)
  else maybeCompleteJoinPhase(ctx, group)
}

/**
 * Starts a rebalance: members parked on SyncGroup are answered REBALANCE_IN_PROGRESS (they rejoin),
 * the sync phase is cancelled, and the group moves to PreparingRebalance. A group leaving Empty
 * waits `initialRebalanceDelayMs` for more members; otherwise the join phase completes as soon as
 * every member rejoined, or after the rebalance timeout.
 */
export function prepareRebalance(ctx: GroupContext, group: ClassicGroup): void {
  if (group.is('CompletingRebalance')) resetAndPropagateAssignmentWithError(ctx, group, KafkaError.REBALANCE_IN_PROGRESS)
  removeSyncExpiration(ctx, group)
  const isInitialRebalance = group.is('Empty')
  if (isInitialRebalance) {
    const delayMs = ctx.config.initialRebalanceDelayMs
    const remainingMs = Math.max(group.rebalanceTimeoutMs() - delayMs, 0)
    const groupId = group.groupId
    ctx.timers.schedule(joinKey(groupId), delayMs, () => tryCompleteInitialRebalanceElseSchedule(ctx, groupId, delayMs, remainingMs))
  }
  group.transitionTo('PreparingRebalance', ctx.clock.now())
  if (!isInitialRebalance) maybeCompleteJoinElseSchedule(ctx, group)
}

function maybeCompleteJoinElseSchedule(ctx: GroupContext, group: ClassicGroup): void {
  if (group.hasAllMembersJoined()) {
    completeJoin(ctx, group)
  } else {
    const groupId = group.groupId
    ctx.timers.schedule(joinKey(groupId), group.rebalanceTimeoutMs(), () => completeJoinById(ctx, groupId))
  }
}

/** The initial delay passed: extend it while members keep arriving (within the rebalance timeout), else complete. */
function tryCompleteInitialRebalanceElseSchedule(ctx: GroupContext, groupId: string, delayMs: number, remainingMs: number): void {
  const group = findGroup(ctx, groupId)
  if (group === undefined) return
  if (group.newMemberAdded && remainingMs !== 0) {
    group.newMemberAdded = false
    const newDelayMs = Math.min(ctx.config.initialRebalanceDelayMs, remainingMs)
    const newRemainingMs = Math.max(remainingMs - delayMs, 0)
    ctx.timers.schedule(joinKey(groupId), newDelayMs, () =>
      tryCompleteInitialRebalanceElseSchedule(ctx, groupId, newDelayMs, newRemainingMs),
    )
  } else {
    completeJoin(ctx, group)
  }
}

function completeJoinById(ctx: GroupContext, groupId: string): void {
  const group = findGroup(ctx, groupId)
  if (group !== undefined) completeJoin(ctx, group)
}

/**
 * Completes the join phase: the dynamic members that did not rejoin are removed (static members stay,
 * their sessions decide), a member that rejoined leads, and the next generation starts. Every parked
 * JoinGroup is answered (the leader's with every member's metadata) and the sync phase begins. If no
 * member rejoined, the phase is extended by another rebalance timeout.
 */
export function completeJoin(ctx: GroupContext, group: ClassicGroup): void {
  ctx.timers.cancel(joinKey(group.groupId))
  for (const failed of group.notYetRejoinedMembers()) {
    if (failed.isStaticMember) continue
    group.remove(failed.memberId)
    ctx.timers.cancel(heartbeatKey(group.groupId, failed.memberId))
  }
  if (group.is('Dead')) return
  if (!group.maybeElectNewJoinedLeader() && group.numMembers > 0) {
    const groupId = group.groupId
    ctx.timers.schedule(joinKey(groupId), group.rebalanceTimeoutMs(), () => completeJoinById(ctx, groupId))
    return
  }
  group.initNextGeneration(ctx.clock.now())
  if (group.is('Empty')) {
    ctx.onGroupEmpty(group)
    return
  }
  const members = group.currentMembersForLeader()
  for (const member of group.allMembers()) {
    group.completeJoin(
      member,
      createJoinGroupResponse({
        members: group.isLeader(member.memberId) ? members : [],
        memberId: member.memberId,
        generationId: group.generationId,
        protocolName: group.protocolName,
        protocolType: group.protocolType,
        leader: group.leaderId ?? '',
        skipAssignment: false,
        errorCode: KafkaError.NONE,
      }),
    )
    rescheduleHeartbeat(ctx, group, member)
    member.isNew = false
    group.addPendingSyncMember(member.memberId)
  }
  schedulePendingSync(ctx, group)
}

function schedulePendingSync(ctx: GroupContext, group: ClassicGroup): void {
  const groupId = group.groupId
  const generationId = group.generationId
  ctx.timers.schedule(syncKey(groupId), group.rebalanceTimeoutMs(), () => expirePendingSync(ctx, groupId, generationId))
}

/** The sync phase's timer fired: the members that never sent SyncGroup are removed and the group rebalances. */
function expirePendingSync(ctx: GroupContext, groupId: string, generationId: number): void {
  const group = findGroup(ctx, groupId)
  if (group === undefined || generationId !== group.generationId) return
  if (!group.is('CompletingRebalance') && !group.is('Stable')) return
  if (group.hasReceivedSyncFromAllMembers()) return
  for (const memberId of group.allPendingSyncMembers()) {
    group.remove(memberId)
    ctx.timers.cancel(heartbeatKey(groupId, memberId))
  }
  prepareRebalance(ctx, group)
}

/** Clears the members still to sync and cancels the sync phase's timer. */
export function removeSyncExpiration(ctx: GroupContext, group: ClassicGroup): void {
  group.clearPendingSyncMembers()
  ctx.timers.cancel(syncKey(group.groupId))
}

/** A member sent SyncGroup: it is no longer awaited; the timer goes when nobody is. */
export function removePendingSyncMember(ctx: GroupContext, group: ClassicGroup, memberId: string): void {
  group.removePendingSyncMember(memberId)
  if (!(group.is('CompletingRebalance') || group.is('Stable')) || group.hasReceivedSyncFromAllMembers()) {
    ctx.timers.cancel(syncKey(group.groupId))
  }
}

/** Clears every assignment and answers the members parked on SyncGroup with `errorCode`. */
export function resetAndPropagateAssignmentWithError(ctx: GroupContext, group: ClassicGroup, errorCode: number): void {
  if (!group.is('CompletingRebalance')) throw new Error(`group ${group.groupId} must be CompletingRebalance, is ${group.state}`)
  for (const m of group.allMembers()) m.assignment = EMPTY_ASSIGNMENT
  propagateAssignment(ctx, group, errorCode)
}

/** Installs the leader's assignment (empty for a member it left out) and answers the members parked on SyncGroup. */
export function setAndPropagateAssignment(ctx: GroupContext, group: ClassicGroup, assignment: ReadonlyMap<string, Buffer>): void {
  if (!group.is('CompletingRebalance')) throw new Error(`group ${group.groupId} must be CompletingRebalance, is ${group.state}`)
  for (const m of group.allMembers()) m.assignment = assignment.get(m.memberId) ?? EMPTY_ASSIGNMENT
  propagateAssignment(ctx, group, KafkaError.NONE)
}

function propagateAssignment(ctx: GroupContext, group: ClassicGroup, errorCode: number): void {
  const ok = errorCode === KafkaError.NONE
  for (const member of group.allMembers()) {
    const answered = group.completeSync(
      member,
      createSyncGroupResponse({
        protocolName: ok ? group.protocolName : null,
        protocolType: ok ? group.protocolType : null,
        assignment: member.assignment,
        errorCode,
      }),
    )
    // A session that expired while the member waited for the leader was ignored (the member was
    // parked): its timer starts again from now.
    if (answered) rescheduleHeartbeat(ctx, group, member)
  }
}

/** Whether the group takes `memberId` (existing or new) given `group.max.size`. */
export function acceptJoiningMember(ctx: GroupContext, group: ClassicGroup, memberId: string): boolean {
  const max = ctx.config.maxGroupSize
  switch (group.state) {
    case 'Empty':
    case 'Dead':
      return true
    case 'PreparingRebalance':
      // Awaiting members, not the group size: the group may be over a lowered limit, and counting
      // the awaiting ones turns away the last members to rejoin.
      return (group.member(memberId)?.isAwaitingJoin ?? false) || group.numAwaitingJoinResponse < max
    case 'CompletingRebalance':
    case 'Stable':
      return group.hasMember(memberId) || group.numMembers < max
  }
}
