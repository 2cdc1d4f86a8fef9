/**
 * The committed-offset APIs over the wire: OffsetCommit (v2-9), OffsetFetch (v1-9, several groups
 * per request from v8) and OffsetDelete (v0), handed to the {@link GroupCoordinator} as decoded. A
 * commit is answered once the accepted offsets are durable in the coordinator's offsets files; a
 * failed write is answered NOT_COORDINATOR, as Kafka answers a failed `__consumer_offsets` write.
 *
 * One event loop (the broker's).
 */
import { API_KEYS } from '../../../../protocol/index.js'
import { GROUP_API_VERSIONS, type GroupCoordinator } from '../../../group/coordinator.js'
import type { ApiHandler } from '../../handler.js'
import { answerUnlessClosed, coordinatorContext } from './context.js'

/** OffsetCommit: resolves once the offsets are durable. */
export function offsetCommitHandler(coordinator: GroupCoordinator): ApiHandler<typeof API_KEYS.OffsetCommit> {
  return {
    apiKey: API_KEYS.OffsetCommit,
    versions: GROUP_API_VERSIONS.OffsetCommit,
    handle: (request, connection) =>
      answerUnlessClosed(() => coordinator.commitOffsets(request.body, coordinatorContext(request, connection))),
  }
}

/** OffsetFetch. */
export function offsetFetchHandler(coordinator: GroupCoordinator): ApiHandler<typeof API_KEYS.OffsetFetch> {
  return {
    apiKey: API_KEYS.OffsetFetch,
    versions: GROUP_API_VERSIONS.OffsetFetch,
    handle: (request, connection) =>
      answerUnlessClosed(() => coordinator.fetchOffsets(request.body, coordinatorContext(request, connection))),
  }
}

/** OffsetDelete: resolves once the deletion is durable. */
export function offsetDeleteHandler(coordinator: GroupCoordinator): ApiHandler<typeof API_KEYS.OffsetDelete> {
  return {
    apiKey: API_KEYS.OffsetDelete,
    versions: GROUP_API_VERSIONS.OffsetDelete,
    handle: (request, connection) =>
      answerUnlessClosed(() => coordinator.deleteOffsets(request.body, coordinatorContext(request, connection))),
  }
}
