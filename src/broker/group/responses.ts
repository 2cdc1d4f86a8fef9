/**
 * Shapes the coordinator's answers for the request's API version, as Kafka's response classes do
 * (`JoinGroupResponse`, `LeaveGroupResponse`, `OffsetFetchResponse`), so that every response the
 * coordinator returns encodes at the request's version with the generated codec, and means there
 * what Kafka's does:
 *
 * - JoinGroup: before v7 a null protocol name is sent as '' (not nullable there); from v7 '' is sent
 *   as null.
 * - LeaveGroup: before v3 one member left per request and the answer is a top-level error code (the
 *   member's error when the request as a whole succeeded).
 * - OffsetFetch: before v8 one group, its topics and error code at the top level (the error code from
 *   v2; before that, a group error is given to each requested partition).
 *
 * Pure; safe anywhere.
 */
import { createJoinGroupResponse, type JoinGroupResponse } from '../../protocol/messages/join-group-response.js'
import { createLeaveGroupResponse, type LeaveGroupResponse, type MemberResponse } from '../../protocol/messages/leave-group-response.js'
import type { OffsetFetchRequestTopics } from '../../protocol/messages/offset-fetch-request.js'
import {
  createOffsetFetchResponse,
  type OffsetFetchResponse,
  type OffsetFetchResponseGroup,
} from '../../protocol/messages/offset-fetch-response.js'
import { KafkaError } from '../errors.js'

/** A JoinGroup answer at `apiVersion`. */
export function joinResponseFor(response: JoinGroupResponse, apiVersion: number): JoinGroupResponse {
  const shaped = createJoinGroupResponse({ ...response })
  if (apiVersion < 7 && shaped.protocolName === null) shaped.protocolName = ''
  if (apiVersion >= 7 && shaped.protocolName === '') shaped.protocolName = null
  if (apiVersion < 9) shaped.skipAssignment = false
  return shaped
}

/** A LeaveGroup answer at `apiVersion` from a top-level error and the members' results. */
export function leaveResponseFor(errorCode: number, members: MemberResponse[], apiVersion: number): LeaveGroupResponse {
  if (apiVersion >= 3) return createLeaveGroupResponse({ errorCode, members })
  let code = errorCode
  if (code === KafkaError.NONE) code = members.find((m) => m.errorCode !== KafkaError.NONE)?.errorCode ?? KafkaError.NONE
  return createLeaveGroupResponse({ errorCode: code })
}

/**
 * An OffsetFetch answer at `apiVersion`. Before v8 `groups` holds exactly one group, and
 * `requestedTopics` are the topics that request asked for (null: all), used before v2 to carry a
 * group error on each partition.
 */
export function offsetFetchResponseFor(
  groups: OffsetFetchResponseGroup[],
  apiVersion: number,
  requestedTopics: readonly OffsetFetchRequestTopics[] | null,
): OffsetFetchResponse {
  if (apiVersion >= 8) return createOffsetFetchResponse({ groups })
  const group = groups[0]!
  if (apiVersion < 2 && group.errorCode !== KafkaError.NONE) {
    return createOffsetFetchResponse({
      topics: (requestedTopics ?? []).map((t) => ({
        name: t.name,
        partitions: t.partitionIndexes.map((partitionIndex) => ({
          partitionIndex,
          committedOffset: -1n,
          committedLeaderEpoch: -1,
          metadata: '',
          errorCode: group.errorCode,
        })),
      })),
    })
  }
  return createOffsetFetchResponse({
    errorCode: apiVersion >= 2 ? group.errorCode : KafkaError.NONE,
    topics: group.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ ...p, committedLeaderEpoch: apiVersion >= 5 ? p.committedLeaderEpoch : -1 })),
    })),
  })
}
