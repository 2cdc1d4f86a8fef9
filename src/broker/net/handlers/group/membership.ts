/**
 * The group membership APIs over the wire: JoinGroup (v0-9), SyncGroup (v0-5), Heartbeat (v0-4)
 * and LeaveGroup (v0-5), each handed to the {@link GroupCoordinator} as decoded, at every version a
 * Kafka 4.0 broker accepts (`GROUP_API_VERSIONS`). The coordinator shapes each response for the
 * request's version and answers Kafka's error codes (`ILLEGAL_GENERATION`, `UNKNOWN_MEMBER_ID`,
 * `REBALANCE_IN_PROGRESS`, `FENCED_INSTANCE_ID`, `MEMBER_ID_REQUIRED`, ...) in the body.
 *
 * JoinGroup and SyncGroup are delayed answers: the handler's promise stays pending until the
 * rebalance moves on (the other members join, the leader syncs, a timeout), or the coordinator
 * closes (answered NOT_COORDINATOR, so clients look the coordinator up again), or the connection
 * closes (no answer: see `context.ts`). The listener keeps other connections going meanwhile; this
 * connection's next request waits, as Kafka mutes a channel with a request in flight.
 *
 * One event loop (the broker's).
 */
import { API_KEYS } from '../../../../protocol/index.js'
import { GROUP_API_VERSIONS, type GroupCoordinator } from '../../../group/coordinator.js'
import type { ApiHandler } from '../../handler.js'
import { answerUnlessClosed, coordinatorContext } from './context.js'

/** JoinGroup: pending until the join phase completes. */
export function joinGroupHandler(coordinator: GroupCoordinator): ApiHandler<typeof API_KEYS.JoinGroup> {
  return {
    apiKey: API_KEYS.JoinGroup,
    versions: GROUP_API_VERSIONS.JoinGroup,
    handle: (request, connection) => answerUnlessClosed(() => coordinator.joinGroup(request.body, coordinatorContext(request, connection))),
  }
}

/** SyncGroup: pending in CompletingRebalance until the leader's assignment arrives. */
export function syncGroupHandler(coordinator: GroupCoordinator): ApiHandler<typeof API_KEYS.SyncGroup> {
  return {
    apiKey: API_KEYS.SyncGroup,
    versions: GROUP_API_VERSIONS.SyncGroup,
    handle: (request, connection) => answerUnlessClosed(() => coordinator.syncGroup(request.body, coordinatorContext(request, connection))),
  }
}

/** Heartbeat. */
export function heartbeatHandler(coordinator: GroupCoordinator): ApiHandler<typeof API_KEYS.Heartbeat> {
  return {
    apiKey: API_KEYS.Heartbeat,
    versions: GROUP_API_VERSIONS.Heartbeat,
    handle: (request, connection) => answerUnlessClosed(() => coordinator.heartbeat(request.body, coordinatorContext(request, connection))),
  }
}

/** LeaveGroup (several members from v3). */
export function leaveGroupHandler(coordinator: GroupCoordinator): ApiHandler<typeof API_KEYS.LeaveGroup> {
  return {
    apiKey: API_KEYS.LeaveGroup,
    versions: GROUP_API_VERSIONS.LeaveGroup,
    handle: (request, connection) =>
      answerUnlessClosed(() => coordinator.leaveGroup(request.body, coordinatorContext(request, connection))),
  }
}
