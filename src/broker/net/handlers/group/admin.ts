/**
 * The group admin APIs over the wire: FindCoordinator (v0-6, batched keys from v4), ListGroups
 * (v0-5: states filter from v4, types filter from v5), DescribeGroups (v0-6) and DeleteGroups
 * (v0-2). FindCoordinator answers this broker's node for every group key (see `findCoordinator` in
 * `group/admin-requests.ts` for transactional and share keys); the node is asked for at each
 * request, with the connection it came on: the listener's port is known only once it listens, and a
 * broker listening on several addresses advertises the one the client reached (as Metadata does).
 *
 * One event loop (the broker's).
 */
import { API_KEYS } from '../../../../protocol/index.js'
import { findCoordinator, type CoordinatorNode } from '../../../group/admin-requests.js'
import { GROUP_API_VERSIONS, type GroupCoordinator } from '../../../group/coordinator.js'
import type { ApiHandler, RequestContext } from '../../handler.js'
import { answerUnlessClosed, coordinatorContext } from './context.js'

/** FindCoordinator: this node for group keys. */
export function findCoordinatorHandler(node: (connection: RequestContext) => CoordinatorNode): ApiHandler<typeof API_KEYS.FindCoordinator> {
  return {
    apiKey: API_KEYS.FindCoordinator,
    versions: GROUP_API_VERSIONS.FindCoordinator,
    handle: (request, connection) => findCoordinator(request.body, request.apiVersion, node(connection)),
  }
}

/** ListGroups. */
export function listGroupsHandler(coordinator: GroupCoordinator): ApiHandler<typeof API_KEYS.ListGroups> {
  return {
    apiKey: API_KEYS.ListGroups,
    versions: GROUP_API_VERSIONS.ListGroups,
    handle: (request, connection) =>
      answerUnlessClosed(() => coordinator.listGroups(request.body, coordinatorContext(request, connection))),
  }
}

/** DescribeGroups. */
export function describeGroupsHandler(coordinator: GroupCoordinator): ApiHandler<typeof API_KEYS.DescribeGroups> {
  return {
    apiKey: API_KEYS.DescribeGroups,
    versions: GROUP_API_VERSIONS.DescribeGroups,
    handle: (request, connection) =>
      answerUnlessClosed(() => coordinator.describeGroups(request.body, coordinatorContext(request, connection))),
  }
}

/** DeleteGroups: resolves once the deletions are durable. */
export function deleteGroupsHandler(coordinator: GroupCoordinator): ApiHandler<typeof API_KEYS.DeleteGroups> {
  return {
    apiKey: API_KEYS.DeleteGroups,
    versions: GROUP_API_VERSIONS.DeleteGroups,
    handle: (request, connection) =>
      answerUnlessClosed(() => coordinator.deleteGroups(request.body, coordinatorContext(request, connection))),
  }
}
