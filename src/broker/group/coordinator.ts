/**
 * The classic group coordinator: Kafka 4.x's consumer-group protocol (JoinGroup, SyncGroup,
 * Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch, OffsetDelete, ListGroups, DescribeGroups,
 * DeleteGroups) for every group of one broker, with committed offsets in a durable
 * {@link GroupOffsetStore}. Wire handlers and the in-process consumer call the same methods.
 *
 * API: each method takes the generated request body (`src/protocol/messages/`) and a
 * {@link RequestContext} (the request's API version, client id and host, and an abort signal), and
 * resolves to the response body shaped for that version: the wire handler encodes it with
 * `encodeResponse(apiKey, apiVersion, correlationId, body)`. Fields a version lacks are read at their
 * defaults whatever the caller put there, as the wire would decode them. JoinGroup and SyncGroup may
 * stay pending until the rebalance moves on; aborting the context's signal rejects the pending
 * promise with an `AbortError` (the member stays in the group as Kafka keeps it: see
 * `pending-response.ts`). Errors are Kafka's error codes in the responses; a method rejects only
 * with `KLOG_CLOSED` after {@link GroupCoordinator.close}, and throws `TypeError`/`RangeError` for a
 * call no wire request could make (not an object, an API version outside the ranges of
 * {@link GROUP_API_VERSIONS}).
 *
 * Timers run on the injected {@link Clock}: session and rebalance timeouts, the initial rebalance
 * delay, and the offsets' expiry pass every `offsetsRetentionCheckIntervalMs`.
 *
 * Diagnostics (never printed): channel `kafka-lite:group-coordinator` publishes
 * `{ event: 'expiry', dir, expired, deletedGroups }` after an expiry pass that changed something and
 * `{ event: 'error', dir, operation, error }` when a background write (expiry, a group's record)
 * failed, or a handler (answered UNKNOWN_SERVER_ERROR) or a timer hit a bug.
 *
 * Concurrency contract: one coordinator per offsets directory, used from one event loop (the
 * broker's main thread); worker threads reach it through the broker.
 */
import { randomUUID } from 'node:crypto'
import diagnostics from 'node:diagnostics_channel'
import { closedError } from '../../base/errors.js'
import type { DeleteGroupsRequest } from '../../protocol/messages/delete-groups-request.js'
import { createDeleteGroupsResponse, type DeleteGroupsResponse } from '../../protocol/messages/delete-groups-response.js'
import type { DescribeGroupsRequest } from '../../protocol/messages/describe-groups-request.js'
import { createDescribeGroupsResponse, type DescribeGroupsResponse } from '../../protocol/messages/describe-groups-response.js'
import type { HeartbeatRequest } from '../../protocol/messages/heartbeat-request.js'
import { createHeartbeatResponse, type HeartbeatResponse } from '../../protocol/messages/heartbeat-response.js'
import type { JoinGroupRequest } from '../../protocol/messages/join-group-request.js'
import { createJoinGroupResponse, type JoinGroupResponse } from '../../protocol/messages/join-group-response.js'
import type { LeaveGroupRequest } from '../../protocol/messages/leave-group-request.js'
import type { LeaveGroupResponse } from '../../protocol/messages/leave-group-response.js'
import type { ListGroupsRequest } from '../../protocol/messages/list-groups-request.js'
import { createListGroupsResponse, type ListGroupsResponse } from '../../protocol/messages/list-groups-response.js'
import type { OffsetCommitRequest } from '../../protocol/messages/offset-commit-request.js'
import { createOffsetCommitResponse, type OffsetCommitResponse } from '../../protocol/messages/offset-commit-response.js'
import type { OffsetDeleteRequest } from '../../protocol/messages/offset-delete-request.js'
import type { OffsetDeleteResponse } from '../../protocol/messages/offset-delete-response.js'
import type { OffsetFetchRequest } from '../../protocol/messages/offset-fetch-request.js'
import type { OffsetFetchResponse } from '../../protocol/messages/offset-fetch-response.js'
import type { SyncGroupRequest } from '../../protocol/messages/sync-group-request.js'
import { createSyncGroupResponse, type SyncGroupResponse } from '../../protocol/messages/sync-group-response.js'
import { describeGroups, deleteGroups, listGroups } from './admin-requests.js'
import { KeyedTimers, systemClock, type ClockTimer } from './clock.js'
import type { GroupContext } from './context.js'
import { ClassicGroup } from './group.js'
import { joinGroup } from './join.js'
import { KafkaError } from '../errors.js'
import {
  commitOffsets,
  deleteOffsets,
  expireOffsets,
  fetchGroupOffsets,
  groupRecord,
  type ExpiryResult,
  type PartitionExists,
} from './offset-requests.js'
import { GroupOffsetStore, type CommittedOffset, type DamagedGroupFile } from './offsets.js'
import { withAbort } from './pending-response.js'
import { checkCall, checkOptions, type GroupCoordinatorOptions, type GroupSnapshot, type RequestContext } from './coordinator-options.js'
import { joinResponseFor, leaveResponseFor, offsetFetchResponseFor } from './responses.js'
import { heartbeat, leaveGroup, syncGroup } from './sync.js'

export { GROUP_API_VERSIONS, GROUP_COORDINATOR_DEFAULTS } from './coordinator-options.js'
export type { GroupCoordinatorOptions, GroupSnapshot, RequestContext } from './coordinator-options.js'

/** The diagnostics channel of the coordinator (see the module doc). */
export const GROUP_COORDINATOR_CHANNEL = 'kafka-lite:group-coordinator'
const channel = diagnostics.channel(GROUP_COORDINATOR_CHANNEL)

/** The classic group coordinator of one broker. */
export class GroupCoordinator {
  readonly #ctx: GroupContext
  readonly #store: GroupOffsetStore
  readonly #exists: PartitionExists
  #expiryTimer: ClockTimer | null = null
  /** The expiry pass in flight (settled when none). */
  #expiry: Promise<void> = Promise.resolve()
  #closing: Promise<void> | null = null

  private constructor(ctx: GroupContext, store: GroupOffsetStore, exists: PartitionExists) {
    this.#ctx = ctx
    this.#store = store
    this.#exists = exists
  }

  /**
   * Opens the coordinator: reads the committed offsets of every group (restored as Empty groups, at
   * their last written generation) and starts the expiry timer.
   * @throws TypeError/RangeError for invalid options; LogError `KLOG_IO` when the directory cannot be read
   */
  static async open(options: GroupCoordinatorOptions): Promise<GroupCoordinator> {
    const config = checkOptions(options)
    const store = await GroupOffsetStore.open(options.dir)
    const clock = options.clock ?? systemClock
    const uuid = options.randomUUID ?? randomUUID
    const groups = new Map<string, ClassicGroup>()
    const ctx: GroupContext = {
      config,
      clock,
      timers: new KeyedTimers(clock, (error) => report(store.dir, 'timer', error)),
      groups,
      newUuid: uuid,
      onGroupEmpty: (group) => {
        store.updateRecord(group.groupId, groupRecord(group)).catch((error: unknown) => report(store.dir, 'group-record', error))
      },
    }
    const now = clock.now()
    for (const groupId of store.groupIds()) groups.set(groupId, new ClassicGroup(groupId, now, store.record(groupId)))
    const coordinator = new GroupCoordinator(ctx, store, options.partitionExists ?? (() => true))
    coordinator.#scheduleExpiry()
    return coordinator
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closing !== null
  }

  /** The offsets files found damaged at open; their groups answer COORDINATOR_LOAD_IN_PROGRESS to offset APIs until deleted. */
  get damagedOffsetFiles(): readonly DamagedGroupFile[] {
    return this.#store.damaged
  }

  /** Handles a JoinGroup (v0-9); pending until the join phase completes. */
  joinGroup(request: JoinGroupRequest, context: RequestContext): Promise<JoinGroupResponse> {
    const v = checkCall('JoinGroup', request, context)
    return this.#run(
      'JoinGroup',
      () => {
        const fail = (errorCode: number): JoinGroupResponse =>
          joinResponseFor(createJoinGroupResponse({ memberId: request.memberId, errorCode }), v)
        if (request.groupId === '') return Promise.resolve(fail(KafkaError.INVALID_GROUP_ID))
        const { minSessionTimeoutMs, maxSessionTimeoutMs } = this.#ctx.config
        if (request.sessionTimeoutMs < minSessionTimeoutMs || request.sessionTimeoutMs > maxSessionTimeoutMs) {
          return Promise.resolve(fail(KafkaError.INVALID_SESSION_TIMEOUT))
        }
        const pending = joinGroup(this.#ctx, {
          groupId: request.groupId,
          sessionTimeoutMs: request.sessionTimeoutMs,
          // v0 has no rebalance timeout: the session timeout serves as one.
          rebalanceTimeoutMs: v === 0 ? request.sessionTimeoutMs : request.rebalanceTimeoutMs,
          memberId: request.memberId,
          groupInstanceId: v >= 5 ? request.groupInstanceId : null,
          protocolType: request.protocolType,
          protocols: request.protocols.map((p) => ({ name: p.name, metadata: p.metadata })),
          apiVersion: v,
          clientId: context.clientId ?? '',
          clientHost: context.clientHost ?? '',
        })
        return withAbort(pending.promise, context.signal).then((r) => joinResponseFor(r, v))
      },
      (errorCode) => joinResponseFor(createJoinGroupResponse({ errorCode }), v),
    )
  }

  /** Handles a SyncGroup (v0-5); pending in CompletingRebalance until the leader's assignment arrives. */
  syncGroup(request: SyncGroupRequest, context: RequestContext): Promise<SyncGroupResponse> {
    const v = checkCall('SyncGroup', request, context)
    return this.#run(
      'SyncGroup',
      () => {
        const fail = (errorCode: number): Promise<SyncGroupResponse> => Promise.resolve(createSyncGroupResponse({ errorCode }))
        const protocolType = v >= 5 ? request.protocolType : null
        const protocolName = v >= 5 ? request.protocolName : null
        // From v5 the client must say which protocol it synced for (KIP-559).
        if (v >= 5 && (protocolType === null || protocolName === null)) return fail(KafkaError.INCONSISTENT_GROUP_PROTOCOL)
        if (request.groupId === '') return fail(KafkaError.INVALID_GROUP_ID)
        const pending = syncGroup(this.#ctx, {
          groupId: request.groupId,
          generationId: request.generationId,
          memberId: request.memberId,
          groupInstanceId: v >= 3 ? request.groupInstanceId : null,
          protocolType,
          protocolName,
          assignments: request.assignments.map((a) => ({ memberId: a.memberId, assignment: a.assignment })),
        })
        return withAbort(pending.promise, context.signal)
      },
      (errorCode) => createSyncGroupResponse({ errorCode }),
    )
  }

  /** Handles a Heartbeat (v0-4). */
  heartbeat(request: HeartbeatRequest, context: RequestContext): Promise<HeartbeatResponse> {
    const v = checkCall('Heartbeat', request, context)
    return this.#run(
      'Heartbeat',
      async () => {
        if (request.groupId === '') return createHeartbeatResponse({ errorCode: KafkaError.INVALID_GROUP_ID })
        const errorCode = heartbeat(this.#ctx, {
          groupId: request.groupId,
          generationId: request.generationId,
          memberId: request.memberId,
          groupInstanceId: v >= 3 ? request.groupInstanceId : null,
        })
        return createHeartbeatResponse({ errorCode })
      },
      (errorCode) => createHeartbeatResponse({ errorCode }),
    )
  }

  /** Handles a LeaveGroup (v0-5; several members from v3). */
  leaveGroup(request: LeaveGroupRequest, context: RequestContext): Promise<LeaveGroupResponse> {
    const v = checkCall('LeaveGroup', request, context)
    return this.#run(
      'LeaveGroup',
      async () => {
        if (request.groupId === '') return leaveResponseFor(KafkaError.INVALID_GROUP_ID, [], v)
        const leaving =
          v >= 3
            ? request.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId }))
            : [{ memberId: request.memberId, groupInstanceId: null }]
        const { errorCode, members } = leaveGroup(this.#ctx, request.groupId, leaving)
        return leaveResponseFor(errorCode, members, v)
      },
      (errorCode) => leaveResponseFor(errorCode, [], v),
    )
  }

  /** Handles an OffsetCommit (v2-9); resolves once the accepted offsets are durable. */
  commitOffsets(request: OffsetCommitRequest, context: RequestContext): Promise<OffsetCommitResponse> {
    const v = checkCall('OffsetCommit', request, context)
    return this.#run(
      'OffsetCommit',
      async () => {
        const normalized: OffsetCommitRequest = {
          ...request,
          groupInstanceId: v >= 7 ? request.groupInstanceId : null,
          retentionTimeMs: v <= 4 ? request.retentionTimeMs : -1n,
          topics: request.topics.map((t) => ({
            name: t.name,
            partitions: t.partitions.map((p) => ({ ...p, committedLeaderEpoch: v >= 6 ? p.committedLeaderEpoch : -1 })),
          })),
        }
        const topics = await commitOffsets(this.#ctx, this.#store, this.#exists, normalized, v)
        return createOffsetCommitResponse({ topics })
      },
      (errorCode) =>
        createOffsetCommitResponse({
          topics: request.topics.map((t) => ({
            name: t.name,
            partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })),
          })),
        }),
    )
  }

  /** Handles an OffsetFetch (v1-9; several groups from v8). `require_stable` changes nothing: no offset is ever pending. */
  fetchOffsets(request: OffsetFetchRequest, context: RequestContext): Promise<OffsetFetchResponse> {
    const v = checkCall('OffsetFetch', request, context)
    const requested =
      v >= 8
        ? request.groups.map((g) => ({ groupId: g.groupId, topics: g.topics }))
        : [{ groupId: request.groupId, topics: v >= 2 ? request.topics : (request.topics ?? []) }]
    return this.#run(
      'OffsetFetch',
      async () => {
        const groups = requested.map((g) => fetchGroupOffsets(this.#ctx, this.#store, g))
        return offsetFetchResponseFor(groups, v, requested[0]?.topics ?? null)
      },
      (errorCode) =>
        offsetFetchResponseFor(
          requested.map((g) => ({ groupId: g.groupId, topics: [], errorCode })),
          v,
          requested[0]?.topics ?? null,
        ),
    )
  }

  /** Handles an OffsetDelete (v0); resolves once the deletion is durable. */
  deleteOffsets(request: OffsetDeleteRequest, context: RequestContext): Promise<OffsetDeleteResponse> {
    checkCall('OffsetDelete', request, context)
    return this.#run(
      'OffsetDelete',
      () => deleteOffsets(this.#ctx, this.#store, this.#exists, request),
      (errorCode) => ({
        errorCode,
        throttleTimeMs: 0,
        topics: [],
      }),
    )
  }

  /** Handles a ListGroups (v0-5; states filter from v4, types filter from v5). */
  listGroups(request: ListGroupsRequest, context: RequestContext): Promise<ListGroupsResponse> {
    const v = checkCall('ListGroups', request, context)
    return this.#run(
      'ListGroups',
      async () => {
        const groups = listGroups(this.#ctx, v >= 4 ? request.statesFilter : [], v >= 5 ? request.typesFilter : [])
        return createListGroupsResponse({ groups })
      },
      (errorCode) => createListGroupsResponse({ errorCode }),
    )
  }

  /** Handles a DescribeGroups (v0-6). */
  describeGroups(request: DescribeGroupsRequest, context: RequestContext): Promise<DescribeGroupsResponse> {
    const v = checkCall('DescribeGroups', request, context)
    return this.#run(
      'DescribeGroups',
      async () => {
        const groups = describeGroups(this.#ctx, request.groups, v, v >= 3 && request.includeAuthorizedOperations)
        return createDescribeGroupsResponse({ groups })
      },
      (errorCode) =>
        createDescribeGroupsResponse({
          groups: request.groups.map((groupId) => ({
            errorCode,
            errorMessage: null,
            groupId,
            groupState: '',
            protocolType: '',
            protocolData: '',
            members: [],
            authorizedOperations: -2147483648,
          })),
        }),
    )
  }

  /** Handles a DeleteGroups (v0-2); resolves once the deletions are durable. */
  deleteGroups(request: DeleteGroupsRequest, context: RequestContext): Promise<DeleteGroupsResponse> {
    checkCall('DeleteGroups', request, context)
    return this.#run(
      'DeleteGroups',
      async () => createDeleteGroupsResponse({ results: await deleteGroups(this.#ctx, this.#store, request.groupsNames) }),
      (errorCode) => createDeleteGroupsResponse({ results: [...new Set(request.groupsNames)].map((groupId) => ({ groupId, errorCode })) }),
    )
  }

  /** A snapshot of one group, or undefined when it does not exist. */
  group(groupId: string): GroupSnapshot | undefined {
    const g = this.#ctx.groups.get(groupId)
    if (g === undefined) return undefined
    return {
      groupId: g.groupId,
      state: g.state,
      generationId: g.generationId,
      protocolType: g.protocolType,
      protocolName: g.protocolName,
      leaderId: g.leaderId,
      members: g.allMembers().map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        assignment: m.assignment,
      })),
    }
  }

  /** The ids of every group, sorted. */
  groupIds(): string[] {
    return [...this.#ctx.groups.keys()].sort()
  }

  /** The durable committed offset of one partition, or undefined. */
  committedOffset(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.#store.get(groupId, topic, partition)
  }

  /**
   * Runs an expiry pass now (it also runs every `offsetsRetentionCheckIntervalMs`), after the pass in
   * flight if any: passes never overlap, and the returned promise settles once this pass's deletions
   * are durable.
   */
  expireOffsets(): Promise<ExpiryResult> {
    if (this.#closing !== null) return Promise.reject(closedError('the group coordinator'))
    const run = async (): Promise<ExpiryResult> => {
      const result = await expireOffsets(this.#ctx, this.#store)
      for (const error of result.errors) this.#report('expiry', error)
      if ((result.expired.size > 0 || result.deletedGroups.length > 0) && channel.hasSubscribers) {
        channel.publish({ event: 'expiry', dir: this.#store.dir, expired: result.expired, deletedGroups: result.deletedGroups })
      }
      return { expired: result.expired, deletedGroups: result.deletedGroups }
    }
    const pass = this.#expiry.then(run, run)
    this.#expiry = pass.then(
      () => undefined,
      () => undefined,
    )
    return pass
  }

  /**
   * Closes the coordinator, as Kafka unloads a coordinator: members parked on JoinGroup or SyncGroup
   * are answered NOT_COORDINATOR, timers stop, and offset writes in flight finish. Idempotent; later
   * calls reject with `KLOG_CLOSED`.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close()
    return this.#closing
  }

  async #close(): Promise<void> {
    this.#expiryTimer?.cancel()
    this.#ctx.timers.cancelAll()
    const now = this.#ctx.clock.now()
    for (const group of this.#ctx.groups.values()) {
      const previous = group.state
      group.transitionTo('Dead', now)
      for (const member of group.allMembers()) {
        if (previous === 'PreparingRebalance') {
          group.completeJoin(member, createJoinGroupResponse({ memberId: member.memberId, errorCode: KafkaError.NOT_COORDINATOR }))
        } else if (previous === 'CompletingRebalance' || previous === 'Stable') {
          group.completeSync(member, createSyncGroupResponse({ errorCode: KafkaError.NOT_COORDINATOR }))
        }
      }
    }
    this.#ctx.groups.clear()
    await this.#expiry
    await this.#store.close()
  }

  #scheduleExpiry(): void {
    this.#expiryTimer = this.#ctx.clock.schedule(this.#ctx.config.offsetsRetentionCheckIntervalMs, () => {
      if (this.#closing !== null) return
      // The next pass is due an interval from now whatever this one takes; passes queue, never overlap.
      this.#scheduleExpiry()
      this.expireOffsets().catch((error: unknown) => this.#report('expiry', error))
    })
  }

  /** Runs a handler; a bug becomes UNKNOWN_SERVER_ERROR (and a diagnostics event) instead of a rejection. */
  #run<T>(operation: string, handler: () => Promise<T>, onBug: (errorCode: number) => T): Promise<T> {
    if (this.#closing !== null) return Promise.reject(closedError('the group coordinator'))
    let result: Promise<T>
    try {
      result = handler()
    } catch (error) {
      this.#report(operation, error)
      return Promise.resolve(onBug(KafkaError.UNKNOWN_SERVER_ERROR))
    }
    return result.catch((error: unknown) => {
      if (error instanceof Error && error.name === 'AbortError') throw error
      this.#report(operation, error)
      return onBug(KafkaError.UNKNOWN_SERVER_ERROR)
    })
  }

  #report(operation: string, error: unknown): void {
    report(this.#store.dir, operation, error)
  }
}

/** Publishes a background failure or a bug on the diagnostics channel. */
function report(dir: string, operation: string, error: unknown): void {
  if (channel.hasSubscribers) channel.publish({ event: 'error', dir, operation, error })
}
