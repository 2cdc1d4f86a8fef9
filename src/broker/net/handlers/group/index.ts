/**
 * The group APIs' wire handlers, as one list for the broker's handler table: FindCoordinator 0-6,
 * JoinGroup 0-9, SyncGroup 0-5, Heartbeat 0-4, LeaveGroup 0-5, OffsetCommit 2-9, OffsetFetch 1-9,
 * ListGroups 0-5, DescribeGroups 0-6, DeleteGroups 0-2, OffsetDelete 0 (every version a Kafka 4.0
 * broker accepts), all served by one {@link GroupCoordinator}: the same coordinator in-process
 * consumers (`broker.consumer()`) join.
 *
 * Explicit named exports only.
 */
import type { CoordinatorNode } from '../../../group/admin-requests.js'
import type { GroupCoordinator } from '../../../group/coordinator.js'
import type { AnyApiHandler, RequestContext } from '../../handler.js'
import { deleteGroupsHandler, describeGroupsHandler, findCoordinatorHandler, listGroupsHandler } from './admin.js'
import { heartbeatHandler, joinGroupHandler, leaveGroupHandler, syncGroupHandler } from './membership.js'
import { offsetCommitHandler, offsetDeleteHandler, offsetFetchHandler } from './offsets.js'

export { deleteGroupsHandler, describeGroupsHandler, findCoordinatorHandler, listGroupsHandler } from './admin.js'
export { heartbeatHandler, joinGroupHandler, leaveGroupHandler, syncGroupHandler } from './membership.js'
export { offsetCommitHandler, offsetDeleteHandler, offsetFetchHandler } from './offsets.js'
export { answerUnlessClosed, coordinatorContext } from './context.js'

/**
 * Every group API handler, serving `coordinator`.
 * @param coordinator - the broker's group coordinator (`broker.groupCoordinator`)
 * @param node - this broker as FindCoordinator names it to a client on `connection`: its node id and
 *   the advertised host and port of the address the client reached (called at each FindCoordinator,
 *   so it may read a port bound after this call)
 */
export function groupHandlers(coordinator: GroupCoordinator, node: (connection: RequestContext) => CoordinatorNode): AnyApiHandler[] {
  if (coordinator === null || typeof coordinator !== 'object') throw new TypeError('coordinator must be a GroupCoordinator')
  if (typeof node !== 'function') throw new TypeError('node must be a function (connection) => { nodeId, host, port }')
  return [
    findCoordinatorHandler(node),
    joinGroupHandler(coordinator),
    syncGroupHandler(coordinator),
    heartbeatHandler(coordinator),
    leaveGroupHandler(coordinator),
    offsetCommitHandler(coordinator),
    offsetFetchHandler(coordinator),
    offsetDeleteHandler(coordinator),
    listGroupsHandler(coordinator),
    describeGroupsHandler(coordinator),
    deleteGroupsHandler(coordinator),
  ]
}
