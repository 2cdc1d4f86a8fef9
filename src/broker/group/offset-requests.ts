/**
 * OffsetCommit, OffsetFetch and OffsetDelete, and the expiry of committed offsets, as Kafka 4.0's
 * `KafkaApis` + `OffsetMetadataManager` + `ClassicGroup` do them, over the durable
 * {@link GroupOffsetStore}:
 *
 * - OffsetCommit (v2-9): partitions of unknown topics get UNKNOWN_TOPIC_OR_PARTITION and are left
 *   out; the rest are checked against the group (a commit with generation -1 and no member may
 *   create or use an Empty group: a consumer that assigns itself partitions, or an admin; otherwise
 *   member, instance id and generation must match, REBALANCE_IN_PROGRESS while the group completes a
 *   rebalance, GROUP_ID_NOT_FOUND from v9 where older versions get ILLEGAL_GENERATION), metadata
 *   longer than `offset.metadata.max.bytes` gets OFFSET_METADATA_TOO_LARGE, and the others are written
 *   durably before the answer. A commit keeps a Stable or rebalancing member's session alive.
 * - OffsetFetch (v1-9): the durable offsets of one group (several from v8), -1 for a partition
 *   without one; a group that does not exist has no offsets (no error); `require_stable` changes
 *   nothing (no transactions, so no offset is ever pending).
 * - OffsetDelete (v0): removes offsets of topics the group does not read (GROUP_SUBSCRIBED_TO_TOPIC
 *   for those it does; NON_EMPTY_GROUP for a non-consumer group with members).
 * - Expiry (`offsets.retention.minutes`): an Empty group's offsets expire `offsetsRetentionMs` after
 *   it became Empty; a group without a protocol (commits only) expires each offset that long after
 *   its commit, and so does a Stable consumer group for the topics it no longer reads; an offset
 *   committed with OffsetCommit v2-4's retention time expires at its own deadline. An Empty group
 *   left without offsets is deleted.
 *
 * A store failure (I/O, full disk) answers NOT_COORDINATOR (Kafka's answer to a failed write of
 * `__consumer_offsets`): the client retries, and the commit is not acknowledged. A group whose
 * offsets file was found damaged answers COORDINATOR_LOAD_IN_PROGRESS to these APIs until it is
 * deleted: its offsets are never served as missing, never overwritten.
 *
 * Concurrency contract: one event loop; validation runs synchronously, then the store's write.
 */
import type { OffsetCommitRequest } from '../../protocol/messages/offset-commit-request.js'
import type { OffsetCommitResponsePartition, OffsetCommitResponseTopic } from '../../protocol/messages/offset-commit-response.js'
import type { OffsetDeleteRequest } from '../../protocol/messages/offset-delete-request.js'
import type { OffsetDeleteResponse, OffsetDeleteResponseTopic } from '../../protocol/messages/offset-delete-response.js'
import type { OffsetFetchRequestTopics } from '../../protocol/messages/offset-fetch-request.js'
import type { OffsetFetchResponseGroup, OffsetFetchResponseTopics } from '../../protocol/messages/offset-fetch-response.js'
import { createGroup, type GroupContext } from './context.js'
import type { ClassicGroup } from './group.js'
import { COORDINATOR_STORAGE_ERROR_CODE, KafkaError } from '../errors.js'
import type { GroupOffsetStore, GroupOffsets, GroupRecord, OffsetEntry, TopicPartitionRef } from './offsets.js'
import { rescheduleHeartbeat } from './rebalance.js'
import { validateMember } from './validate.js'

/** Answers whether a topic partition exists (the broker's metadata); every partition does when absent. */
export type PartitionExists = (topic: string, partition: number) => boolean

/** The record the store keeps for `group`. */
export function groupRecord(group: ClassicGroup): GroupRecord {
  return {
    protocolType: group.protocolType,
    generationId: group.generationId,
    emptySince: group.is('Empty') ? group.currentStateTimestamp : null,
  }
}

/** Kafka's `ClassicGroup.validateOffsetCommit` for a non-transactional commit. */
function validateOffsetCommit(group: ClassicGroup, memberId: string, groupInstanceId: string | null, generationId: number): number {
  if (group.is('Dead')) return KafkaError.COORDINATOR_NOT_AVAILABLE
  // Generation -1 on an Empty group: a consumer outside group management, or an admin.
  if (generationId < 0 && group.is('Empty')) return KafkaError.NONE
  if (generationId >= 0 || memberId !== '' || groupInstanceId !== null) {
    const error = validateMember(group, memberId, groupInstanceId)
    if (error !== KafkaError.NONE) return error
    if (generationId !== group.generationId) return KafkaError.ILLEGAL_GENERATION
  } else if (!group.is('Empty')) {
    return KafkaError.UNKNOWN_MEMBER_ID
  }
  // A member with the new generation that has not synced yet: let it rejoin gracefully.
  if (group.is('CompletingRebalance')) return KafkaError.REBALANCE_IN_PROGRESS
  return KafkaError.NONE
}

/**
 * `now + retentionMs` as Kafka computes it (a Java long: a huge retention wraps around, and such an
 * offset expires at the next pass), kept within the safe integers the store writes.
 */
function expireTimestamp(now: number, retentionMs: bigint): number {
  const max = BigInt(Number.MAX_SAFE_INTEGER)
  const t = BigInt.asIntN(64, BigInt(now) + retentionMs)
  return Number(t > max ? max : t < -max ? -max : t)
}

/** Handles an OffsetCommit (v2-9): the response's topics, in request order. */
export async function commitOffsets(
  ctx: GroupContext,
  store: GroupOffsetStore,
  exists: PartitionExists,
  request: OffsetCommitRequest,
  apiVersion: number,
): Promise<OffsetCommitResponseTopic[]> {
  const now = ctx.clock.now()
  const results = new Map<OffsetCommitResponsePartition, { topic: string; entry?: OffsetEntry }>()
  const topics: OffsetCommitResponseTopic[] = request.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => {
      const r: OffsetCommitResponsePartition = { partitionIndex: p.partitionIndex, errorCode: KafkaError.NONE }
      if (!exists(t.name, p.partitionIndex)) {
        r.errorCode = KafkaError.UNKNOWN_TOPIC_OR_PARTITION
      } else if (p.committedMetadata !== null && p.committedMetadata.length > ctx.config.offsetMetadataMaxBytes) {
        results.set(r, { topic: t.name })
        r.errorCode = KafkaError.OFFSET_METADATA_TOO_LARGE
      } else {
        const retention = request.retentionTimeMs
        results.set(r, {
          topic: t.name,
          entry: {
            topic: t.name,
            partition: p.partitionIndex,
            value: {
              offset: p.committedOffset,
              leaderEpoch: p.committedLeaderEpoch,
              metadata: p.committedMetadata ?? '',
              commitTimestamp: now,
              // v2-4's retention time; -1 (and every version after 4) leaves it to the broker.
              expireTimestamp: retention === -1n ? null : expireTimestamp(now, retention),
            },
          },
        })
      }
      return r
    }),
  }))
  // Every partition unknown: the coordinator is not consulted.
  if (results.size === 0) return topics
  const failAll = (errorCode: number): OffsetCommitResponseTopic[] => {
    for (const r of results.keys()) r.errorCode = errorCode
    return topics
  }
  const { groupId, memberId, groupInstanceId, generationIdOrMemberEpoch: generationId } = request
  if (store.isDamaged(groupId)) return failAll(KafkaError.COORDINATOR_LOAD_IN_PROGRESS)
  let group = ctx.groups.get(groupId)
  if (group === undefined) {
    if (generationId >= 0) return failAll(apiVersion >= 9 ? KafkaError.GROUP_ID_NOT_FOUND : KafkaError.ILLEGAL_GENERATION)
    // A "simple" group: Empty, without a protocol type, only offsets.
    group = createGroup(ctx, groupId, now)
    if (group === undefined) return failAll(KafkaError.GROUP_MAX_SIZE_REACHED)
  }
  const error = validateOffsetCommit(group, memberId, groupInstanceId, generationId)
  if (error !== KafkaError.NONE) return failAll(error)
  if (group.is('Stable') || group.is('PreparingRebalance')) rescheduleHeartbeat(ctx, group, group.member(memberId)!)
  const entries = [...results.values()].flatMap((r) => (r.entry === undefined ? [] : [r.entry]))
  if (entries.length === 0) return topics
  try {
    await store.commit(groupId, groupRecord(group), entries)
  } catch {
    return failAll(COORDINATOR_STORAGE_ERROR_CODE)
  }
  return topics
}

/** The fetch of one group: a list of topics (null: every partition with an offset). */
export interface OffsetFetchGroupRequest {
  groupId: string
  topics: readonly OffsetFetchRequestTopics[] | null
}

/** Handles the fetch of one group's offsets (Kafka's `fetchOffsets` / `fetchAllOffsets`). */
export function fetchGroupOffsets(ctx: GroupContext, store: GroupOffsetStore, request: OffsetFetchGroupRequest): OffsetFetchResponseGroup {
  const { groupId } = request
  if (store.isDamaged(groupId)) return { groupId, topics: [], errorCode: KafkaError.COORDINATOR_LOAD_IN_PROGRESS }
  const group = ctx.groups.get(groupId)
  const known = group !== undefined && !group.is('Dead')
  const offsets: GroupOffsets = known ? store.offsets(groupId) : new Map()
  let topics: OffsetFetchResponseTopics[]
  if (request.topics === null) {
    topics = [...offsets.keys()].sort().map((name) => ({
      name,
      partitions: [...offsets.get(name)!.entries()]
        .sort(([a], [b]) => a - b)
        .map(([partitionIndex, o]) => ({
          partitionIndex,
          committedOffset: o.offset,
          committedLeaderEpoch: o.leaderEpoch,
          metadata: o.metadata,
          errorCode: KafkaError.NONE,
        })),
    }))
  } else {
    topics = request.topics.map((t) => ({
      name: t.name,
      partitions: t.partitionIndexes.map((partitionIndex) => {
        const o = offsets.get(t.name)?.get(partitionIndex)
        return {
          partitionIndex,
          committedOffset: o?.offset ?? -1n,
          committedLeaderEpoch: o?.leaderEpoch ?? -1,
          metadata: o?.metadata ?? '',
          errorCode: KafkaError.NONE,
        }
      }),
    }))
  }
  return { groupId, topics, errorCode: KafkaError.NONE }
}

/** Handles an OffsetDelete (v0). */
export async function deleteOffsets(
  ctx: GroupContext,
  store: GroupOffsetStore,
  exists: PartitionExists,
  request: OffsetDeleteRequest,
): Promise<OffsetDeleteResponse> {
  const topLevel = (errorCode: number): OffsetDeleteResponse => ({ errorCode, throttleTimeMs: 0, topics: [] })
  const { groupId } = request
  if (groupId === '') return topLevel(KafkaError.INVALID_GROUP_ID)
  if (store.isDamaged(groupId)) return topLevel(KafkaError.COORDINATOR_LOAD_IN_PROGRESS)
  const group = ctx.groups.get(groupId)
  if (group === undefined || group.is('Dead')) return topLevel(KafkaError.GROUP_ID_NOT_FOUND)
  if (!group.is('Empty') && !group.usesConsumerGroupProtocol) return topLevel(KafkaError.NON_EMPTY_GROUP)
  const removed: TopicPartitionRef[] = []
  const topics: OffsetDeleteResponseTopic[] = request.topics.map((t) => {
    const subscribed = group.isSubscribedToTopic(t.name)
    return {
      name: t.name,
      partitions: t.partitions.map(({ partitionIndex }) => {
        if (!exists(t.name, partitionIndex)) return { partitionIndex, errorCode: KafkaError.UNKNOWN_TOPIC_OR_PARTITION }
        if (subscribed) return { partitionIndex, errorCode: KafkaError.GROUP_SUBSCRIBED_TO_TOPIC }
        if (store.get(groupId, t.name, partitionIndex) !== undefined) removed.push({ topic: t.name, partition: partitionIndex })
        return { partitionIndex, errorCode: KafkaError.NONE }
      }),
    }
  })
  if (removed.length > 0) {
    try {
      await store.remove(groupId, removed)
    } catch {
      return topLevel(COORDINATOR_STORAGE_ERROR_CODE)
    }
  }
  return { errorCode: KafkaError.NONE, throttleTimeMs: 0, topics }
}

/** What one expiry pass did. */
export interface ExpiryResult {
  /** Partitions whose offsets expired, by group. */
  readonly expired: ReadonlyMap<string, readonly TopicPartitionRef[]>
  /** Groups deleted (Empty, no offsets left). */
  readonly deletedGroups: readonly string[]
}

/** The time an offset's retention counts from in `group`, or undefined when its offsets do not expire now. */
function retentionBase(group: ClassicGroup): ((commitTimestamp: number) => number) | undefined {
  if (group.protocolType === null) return (commitTimestamp) => commitTimestamp
  if (group.is('Empty')) return () => group.currentStateTimestamp
  if (group.usesConsumerGroupProtocol && group.subscribedTopics !== null && group.is('Stable')) return (commitTimestamp) => commitTimestamp
  return undefined
}

/**
 * Expires offsets and deletes Empty groups left without any (Kafka's `cleanupGroupMetadata`).
 * Resolves once the store has written every change; a failed change is reported in `errors`.
 */
export async function expireOffsets(ctx: GroupContext, store: GroupOffsetStore): Promise<ExpiryResult & { errors: unknown[] }> {
  const now = ctx.clock.now()
  const retentionMs = ctx.config.offsetsRetentionMs
  const expired = new Map<string, TopicPartitionRef[]>()
  const deletedGroups: string[] = []
  const writes: Promise<void>[] = []
  for (const group of [...ctx.groups.values()]) {
    const groupId = group.groupId
    if (store.isDamaged(groupId)) continue
    const offsets = store.offsets(groupId)
    let allExpired = true
    const base = offsets.size === 0 ? undefined : retentionBase(group)
    if (offsets.size > 0 && base === undefined) allExpired = false
    const gone: TopicPartitionRef[] = []
    if (base !== undefined) {
      for (const [topic, partitions] of offsets) {
        if (group.isSubscribedToTopic(topic)) {
          allExpired = false
          continue
        }
        for (const [partition, o] of partitions) {
          const isExpired = o.expireTimestamp !== null ? now >= o.expireTimestamp : now - base(o.commitTimestamp) >= retentionMs
          if (isExpired) gone.push({ topic, partition })
          else allExpired = false
        }
      }
    }
    if (allExpired && group.isEmpty) {
      ctx.groups.delete(groupId)
      deletedGroups.push(groupId)
      if (offsets.size > 0) expired.set(groupId, gone)
      writes.push(store.deleteGroup(groupId))
    } else if (gone.length > 0) {
      expired.set(groupId, gone)
      writes.push(store.remove(groupId, gone))
    }
  }
  const settled = await Promise.allSettled(writes)
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []))
  return { expired, deletedGroups, errors }
}
