/**
 * ListGroups, DescribeGroups, DeleteGroups and FindCoordinator, as a Kafka 4.0 broker with no
 * authorizer answers them for classic groups:
 *
 * - ListGroups (v0-5): every group with its protocol type (v4+: its state, filtered by
 *   `states_filter`, case-insensitively; v5+: its type `classic`, filtered by `types_filter`, where
 *   `consumer`, `share` or an unknown type match nothing). Sorted by group id (Kafka's order is a hash
 *   map's).
 * - DescribeGroups (v0-6): state, protocol type, the selected protocol and each member's metadata in
 *   Stable, members without metadata otherwise, each member's current assignment; an unknown group is
 *   Dead with no members, and from v6 also GROUP_ID_NOT_FOUND (KIP-1043). Authorized operations (v3+,
 *   when asked) are every group operation, as without an authorizer.
 * - DeleteGroups (v0-2): an Empty group and its offsets go (NON_EMPTY_GROUP while it has members,
 *   GROUP_ID_NOT_FOUND when it does not exist). Duplicate ids are answered once.
 * - FindCoordinator (v0-6): this broker coordinates every group; transactional ids have no
 *   coordinator (COORDINATOR_NOT_AVAILABLE); share groups are not supported (INVALID_REQUEST), as on a
 *   Kafka broker without share groups.
 *
 * Concurrency contract: one event loop; DeleteGroups waits for the store.
 */
import type { DescribedGroup } from '../../protocol/messages/describe-groups-response.js'
import type { DeletableGroupResult } from '../../protocol/messages/delete-groups-response.js'
import type { FindCoordinatorRequest } from '../../protocol/messages/find-coordinator-request.js'
import { createFindCoordinatorResponse, type FindCoordinatorResponse } from '../../protocol/messages/find-coordinator-response.js'
import type { ListedGroup } from '../../protocol/messages/list-groups-response.js'
import { joinKey, syncKey, type GroupContext } from './context.js'
import { COORDINATOR_STORAGE_ERROR_CODE, KafkaError } from '../errors.js'
import type { GroupOffsetStore } from './offsets.js'

/** The type every group here has (KIP-848's `GroupType.CLASSIC`). */
export const CLASSIC_GROUP_TYPE = 'classic'

/**
 * Kafka's authorized-operations bit field for a group when no authorizer is configured: READ (3),
 * DELETE (6), DESCRIBE (8), DESCRIBE_CONFIGS (10), ALTER_CONFIGS (11) (`AclEntry.supportedOperations`).
 */
export const GROUP_AUTHORIZED_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8) | (1 << 10) | (1 << 11)

/** Kafka's value of `authorizedOperations` when it was not asked for. */
export const AUTHORIZED_OPERATIONS_OMITTED = -2147483648

/** Handles a ListGroups; empty filters match every group. */
export function listGroups(ctx: GroupContext, statesFilter: readonly string[], typesFilter: readonly string[]): ListedGroup[] {
  const states = new Set(statesFilter.map((s) => s.toLowerCase().trim()))
  const types = new Set(typesFilter.map((t) => t.toLowerCase()))
  const typeMatches = types.size === 0 || types.has(CLASSIC_GROUP_TYPE)
  if (!typeMatches) return []
  return [...ctx.groups.values()]
    .filter((g) => states.size === 0 || states.has(g.state.toLowerCase()))
    .sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0))
    .map((g) => ({ groupId: g.groupId, protocolType: g.protocolType ?? '', groupState: g.state, groupType: CLASSIC_GROUP_TYPE }))
}

/** Handles a DescribeGroups. */
export function describeGroups(
  ctx: GroupContext,
  groupIds: readonly string[],
  apiVersion: number,
  includeAuthorizedOperations: boolean,
): DescribedGroup[] {
  return groupIds.map((groupId): DescribedGroup => {
    const group = ctx.groups.get(groupId)
    if (group === undefined || group.is('Dead')) {
      return {
        errorCode: apiVersion >= 6 ? KafkaError.GROUP_ID_NOT_FOUND : KafkaError.NONE,
        errorMessage: apiVersion >= 6 ? `Group ${groupId} not found.` : null,
        groupId,
        groupState: 'Dead',
        protocolType: '',
        protocolData: '',
        members: [],
        authorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
      }
    }
    const stable = group.is('Stable')
    return {
      errorCode: KafkaError.NONE,
      errorMessage: null,
      groupId,
      groupState: group.state,
      protocolType: group.protocolType ?? '',
      protocolData: stable ? group.protocolName! : '',
      members: group.allMembers().map((m) => m.describe(stable ? group.protocolName : null)),
      authorizedOperations: apiVersion >= 3 && includeAuthorizedOperations ? GROUP_AUTHORIZED_OPERATIONS : AUTHORIZED_OPERATIONS_OMITTED,
    }
  })
}

/** Handles a DeleteGroups: one result per distinct id, in request order. */
export async function deleteGroups(
  ctx: GroupContext,
  store: GroupOffsetStore,
  groupIds: readonly string[],
): Promise<DeletableGroupResult[]> {
  const distinct = [...new Set(groupIds)]
  return Promise.all(
    distinct.map(async (groupId): Promise<DeletableGroupResult> => {
      const group = ctx.groups.get(groupId)
      if (group === undefined || group.is('Dead')) {
        // A group whose offsets file was damaged is not live here but has a file: deleting it is
        // how an operator lets the group start over.
        if (!store.isDamaged(groupId)) return { groupId, errorCode: KafkaError.GROUP_ID_NOT_FOUND }
      } else if (!group.isEmpty) {
        return { groupId, errorCode: KafkaError.NON_EMPTY_GROUP }
      } else {
        ctx.groups.delete(groupId)
        ctx.timers.cancel(joinKey(groupId))
        ctx.timers.cancel(syncKey(groupId))
      }
      try {
        await store.deleteGroup(groupId)
      } catch {
        // Kafka reverts a failed delete: the group stays, unless a new one took its id meanwhile.
        if (group !== undefined && !ctx.groups.has(groupId)) ctx.groups.set(groupId, group)
        return { groupId, errorCode: COORDINATOR_STORAGE_ERROR_CODE }
      }
      return { groupId, errorCode: KafkaError.NONE }
    }),
  )
}

/** This broker as a coordinator: its node id and listener address. */
export interface CoordinatorNode {
  readonly nodeId: number
  readonly host: string
  readonly port: number
}

// Kafka's default messages of the errors FindCoordinator answers with before v4 (`Errors.java`).
const ERROR_MESSAGES: Readonly<Record<number, string>> = {
  [KafkaError.INVALID_REQUEST]:
    'This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.',
  [KafkaError.COORDINATOR_NOT_AVAILABLE]: 'The coordinator is not available.',
}

/** FindCoordinator's key types (Kafka's `CoordinatorType`). */
export const COORDINATOR_KEY_TYPE = Object.freeze({ GROUP: 0, TRANSACTION: 1, SHARE: 2 } as const)

const NO_NODE: CoordinatorNode = Object.freeze({ nodeId: -1, host: '', port: -1 })

/**
 * Answers a FindCoordinator (v0-6) from this broker: this node for group keys;
 * COORDINATOR_NOT_AVAILABLE for transactional ids (this broker has no transaction coordinator: a
 * Kafka broker whose transaction state is not loaded answers the same, and InitProducerId refuses
 * transactional ids anyway); INVALID_REQUEST for share-group keys and unknown key types. Errors
 * carry Kafka's "no node" (-1, '', -1). v0-3 look one key up (`key`), v4+ a batch (`coordinatorKeys`).
 */
export function findCoordinator(request: FindCoordinatorRequest, apiVersion: number, node: CoordinatorNode): FindCoordinatorResponse {
  // v0 has no key type: it looks a group up.
  const keyType = apiVersion === 0 ? COORDINATOR_KEY_TYPE.GROUP : request.keyType
  const lookup = (): { errorCode: number; node: CoordinatorNode } =>
    keyType === COORDINATOR_KEY_TYPE.GROUP
      ? { errorCode: KafkaError.NONE, node }
      : keyType === COORDINATOR_KEY_TYPE.TRANSACTION
        ? { errorCode: KafkaError.COORDINATOR_NOT_AVAILABLE, node: NO_NODE }
        : { errorCode: KafkaError.INVALID_REQUEST, node: NO_NODE }
  if (apiVersion >= 4) {
    return createFindCoordinatorResponse({
      coordinators: request.coordinatorKeys.map((key) => {
        const r = lookup()
        return { key, nodeId: r.node.nodeId, host: r.node.host, port: r.node.port, errorCode: r.errorCode, errorMessage: null }
      }),
    })
  }
  const r = lookup()
  return createFindCoordinatorResponse({
    errorCode: r.errorCode,
    // Kafka answers an error before v4 with the error's default message.
    errorMessage: r.errorCode === KafkaError.NONE ? null : (ERROR_MESSAGES[r.errorCode] ?? null),
    nodeId: r.node.nodeId,
    host: r.node.host,
    port: r.node.port,
  })
}
