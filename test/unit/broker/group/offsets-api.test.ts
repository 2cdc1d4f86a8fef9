/**
 * OffsetCommit, OffsetFetch, OffsetDelete and offset expiry through the coordinator: Kafka's
 * validation per version, durability across a reopen, and damaged files fenced.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { KafkaError as E } from '../../../../src/broker/errors.js'
import { groupFileName } from '../../../../src/broker/group/offset-file.js'
import { createOffsetFetchRequest } from '../../../../src/protocol/messages/offset-fetch-request.js'
import { createOffsetDeleteRequest } from '../../../../src/protocol/messages/offset-delete-request.js'
import { createDeleteGroupsRequest } from '../../../../src/protocol/messages/delete-groups-request.js'
import type { GroupCoordinator } from '../../../../src/broker/group/coordinator.js'
import { useTempDirs } from '../../../helpers/temp-dir.js'
import { commitRequest, joinRequest, leaveRequest, openCoordinator, stableGroup, subscriptionMetadata, v } from '../../../helpers/groups.js'

const dirs = useTempDirs('kafka-lite-group-offsets-')
const DAY = 24 * 60 * 60 * 1000

function codes(r: { topics: { partitions: { errorCode: number }[] }[] }): number[] {
  return r.topics.flatMap((t) => t.partitions.map((p) => p.errorCode))
}

async function fetchOne(c: GroupCoordinator, groupId: string, topic: string, partitions: number[], version = 9) {
  const req =
    version >= 8
      ? createOffsetFetchRequest({
          groups: [{ groupId, memberId: null, memberEpoch: -1, topics: [{ name: topic, partitionIndexes: partitions }] }],
        })
      : createOffsetFetchRequest({ groupId, topics: [{ name: topic, partitionIndexes: partitions }] })
  const r = await c.fetchOffsets(req, v(version))
  return version >= 8 ? r.groups[0]!.topics[0]!.partitions : r.topics[0]!.partitions
}

describe('OffsetCommit', () => {
  it('a simple commit (generation -1, no member) creates an Empty group without protocol and is durable across a reopen', async () => {
    const dir = dirs.make()
    const { coordinator } = await openCoordinator(dir)
    const r = await coordinator.commitOffsets(
      commitRequest({ groupId: 'simple' }, [
        { topic: 't', partition: 0, offset: 42, metadata: 'm0', leaderEpoch: 3 },
        { topic: 't', partition: 1, offset: 7, metadata: null },
      ]),
      v(9),
    )
    expect(codes(r)).toEqual([E.NONE, E.NONE])
    expect(coordinator.group('simple')).toMatchObject({ state: 'Empty', protocolType: null, generationId: 0 })
    await coordinator.close()
    const { coordinator: again } = await openCoordinator(dir)
    const ps = await fetchOne(again, 'simple', 't', [0, 1, 2])
    expect(ps.map((p) => [p.committedOffset, p.committedLeaderEpoch, p.metadata, p.errorCode])).toEqual([
      [42n, 3, 'm0', E.NONE],
      [7n, -1, '', E.NONE],
      [-1n, -1, '', E.NONE],
    ])
    expect(again.group('simple')?.state).toBe('Empty')
    await again.close()
  })

  it('maxGroups: a JoinGroup or OffsetCommit that would create a group past it is GROUP_MAX_SIZE_REACHED; existing groups go on; a deletion makes room; a reopen loads every group', async () => {
    const dir = dirs.make()
    const { coordinator } = await openCoordinator(dir, { maxGroups: 2 })
    expect((await coordinator.joinGroup(joinRequest({ groupId: 'joined' }), v(4))).errorCode).toBe(E.MEMBER_ID_REQUIRED)
    expect(
      codes(await coordinator.commitOffsets(commitRequest({ groupId: 'simple' }, [{ topic: 't', partition: 0, offset: 1 }]), v(9))),
    ).toEqual([E.NONE])
    const join = await coordinator.joinGroup(joinRequest({ groupId: 'third' }), v(4))
    expect([join.errorCode, join.memberId]).toEqual([E.GROUP_MAX_SIZE_REACHED, ''])
    const commit = commitRequest({ groupId: 'third' }, [
      { topic: 't', partition: 0, offset: 1 },
      { topic: 't', partition: 1, offset: 1 },
    ])
    expect(codes(await coordinator.commitOffsets(commit, v(9)))).toEqual([E.GROUP_MAX_SIZE_REACHED, E.GROUP_MAX_SIZE_REACHED])
    expect(coordinator.group('third')).toBeUndefined()
    expect(fs.readdirSync(dir).filter((f) => f.includes('third'))).toEqual([])
    // An existing group is not a new one.
    expect(
      codes(await coordinator.commitOffsets(commitRequest({ groupId: 'simple' }, [{ topic: 't', partition: 0, offset: 2 }]), v(9))),
    ).toEqual([E.NONE])
    expect((await coordinator.deleteGroups(createDeleteGroupsRequest({ groupsNames: ['simple'] }), v(2))).results[0]!.errorCode).toBe(
      E.NONE,
    )
    expect(codes(await coordinator.commitOffsets(commit, v(9)))).toEqual([E.NONE, E.NONE])
    await coordinator.close()
    const { coordinator: again } = await openCoordinator(dir, { maxGroups: 1 })
    expect(again.group('third')?.state).toBe('Empty')
    expect((await again.joinGroup(joinRequest({ groupId: 'fourth' }), v(4))).errorCode).toBe(E.GROUP_MAX_SIZE_REACHED)
    await again.close()
    await expect(openCoordinator(dirs.make(), { maxGroups: 0 })).rejects.toBeInstanceOf(RangeError)
  })

  it('int64 offsets are kept exactly (Long.MAX_VALUE, negative)', async () => {
    const dir = dirs.make()
    const { coordinator } = await openCoordinator(dir)
    await coordinator.commitOffsets(
      commitRequest({ groupId: 'g' }, [
        { topic: 't', partition: 0, offset: 2n ** 63n - 1n },
        { topic: 't', partition: 1, offset: -5n },
      ]),
      v(8),
    )
    await coordinator.close()
    const { coordinator: again } = await openCoordinator(dir)
    expect((await fetchOne(again, 'g', 't', [0, 1])).map((p) => p.committedOffset)).toEqual([2n ** 63n - 1n, -5n])
    await again.close()
  })

  it('member commits: generation and member checked; REBALANCE_IN_PROGRESS while completing a rebalance; GROUP_ID_NOT_FOUND from v9, ILLEGAL_GENERATION before', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const commit = async (f: Parameters<typeof commitRequest>[0], version = 9) =>
      codes(await coordinator.commitOffsets(commitRequest(f, [{ topic: 't', partition: 0, offset: 1 }]), v(version)))[0]
    expect(await commit({ groupId: 'nope', generationIdOrMemberEpoch: 1, memberId: 'm' })).toBe(E.GROUP_ID_NOT_FOUND)
    expect(await commit({ groupId: 'nope', generationIdOrMemberEpoch: 1, memberId: 'm' }, 8)).toBe(E.ILLEGAL_GENERATION)
    expect(coordinator.groupIds()).toEqual([])
    const [a, b] = await stableGroup(coordinator, clock, 'g', 2, { instanceIds: ['ia'] })
    expect(await commit({ groupId: 'g', generationIdOrMemberEpoch: 1, memberId: a!.memberId, groupInstanceId: 'ia' })).toBe(E.NONE)
    expect(await commit({ groupId: 'g', generationIdOrMemberEpoch: 1, memberId: b!.memberId })).toBe(E.NONE)
    expect(await commit({ groupId: 'g', generationIdOrMemberEpoch: 2, memberId: b!.memberId })).toBe(E.ILLEGAL_GENERATION)
    expect(await commit({ groupId: 'g', generationIdOrMemberEpoch: 1, memberId: 'ghost' })).toBe(E.UNKNOWN_MEMBER_ID)
    expect(await commit({ groupId: 'g', generationIdOrMemberEpoch: 1, memberId: 'ghost', groupInstanceId: 'ia' })).toBe(
      E.FENCED_INSTANCE_ID,
    )
    // The instance id is not read before v7.
    expect(await commit({ groupId: 'g', generationIdOrMemberEpoch: 1, memberId: b!.memberId, groupInstanceId: 'ia' }, 6)).toBe(E.NONE)
    // A simple commit (no member, generation -1) on a group with members:
    expect(await commit({ groupId: 'g' })).toBe(E.UNKNOWN_MEMBER_ID)
    // A rebalance: the leader rejoins and everyone rejoins; CompletingRebalance refuses commits.
    const j1 = coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: a!.memberId, groupInstanceId: 'ia' }), v(9))
    expect(await commit({ groupId: 'g', generationIdOrMemberEpoch: 1, memberId: b!.memberId })).toBe(E.NONE) // PreparingRebalance: accepted
    const j2 = coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: b!.memberId }), v(9))
    await Promise.all([j1, j2])
    expect(coordinator.group('g')?.state).toBe('CompletingRebalance')
    expect(await commit({ groupId: 'g', generationIdOrMemberEpoch: 2, memberId: b!.memberId })).toBe(E.REBALANCE_IN_PROGRESS)
    await coordinator.close()
  })

  it('a member commit keeps its session alive in Stable', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const [a] = await stableGroup(coordinator, clock, 'g', 1) // 10 s session
    for (let i = 0; i < 4; i++) {
      clock.advance(9000)
      const r = await coordinator.commitOffsets(
        commitRequest({ groupId: 'g', generationIdOrMemberEpoch: 1, memberId: a!.memberId }, [{ topic: 't', partition: 0, offset: i }]),
        v(9),
      )
      expect(codes(r)).toEqual([E.NONE])
    }
    expect(coordinator.group('g')?.members).toHaveLength(1)
    await coordinator.close()
  })

  it('unknown topics and partitions get UNKNOWN_TOPIC_OR_PARTITION without consulting the group; metadata over the limit OFFSET_METADATA_TOO_LARGE', async () => {
    const { coordinator } = await openCoordinator(dirs.make(), {
      partitionExists: (t, p) => t === 't' && p < 2,
      offsetMetadataMaxBytes: 4,
    })
    // Only unknown partitions: the group is not checked (no GROUP_ID_NOT_FOUND), not created.
    const only = await coordinator.commitOffsets(
      commitRequest({ groupId: 'x', generationIdOrMemberEpoch: 5, memberId: 'm' }, [{ topic: 'u', partition: 0, offset: 1 }]),
      v(9),
    )
    expect(codes(only)).toEqual([E.UNKNOWN_TOPIC_OR_PARTITION])
    expect(coordinator.groupIds()).toEqual([])
    const r = await coordinator.commitOffsets(
      commitRequest({ groupId: 'g' }, [
        { topic: 't', partition: 0, offset: 1, metadata: 'abcd' },
        { topic: 't', partition: 1, offset: 1, metadata: 'abcde' },
        { topic: 't', partition: 2, offset: 1 },
        { topic: 'u', partition: 0, offset: 1 },
      ]),
      v(9),
    )
    expect(r.topics.map((t) => [t.name, t.partitions.map((p) => [p.partitionIndex, p.errorCode])])).toEqual([
      [
        't',
        [
          [0, E.NONE],
          [1, E.OFFSET_METADATA_TOO_LARGE],
          [2, E.UNKNOWN_TOPIC_OR_PARTITION],
        ],
      ],
      ['u', [[0, E.UNKNOWN_TOPIC_OR_PARTITION]]],
    ])
    expect((await fetchOne(coordinator, 'g', 't', [0, 1])).map((p) => p.committedOffset)).toEqual([1n, -1n])
    // A group error wins over the per-partition metadata check, but not over unknown topics.
    const failing = await coordinator.commitOffsets(
      commitRequest({ groupId: 'nope', generationIdOrMemberEpoch: 3, memberId: 'm' }, [
        { topic: 't', partition: 1, offset: 1, metadata: 'abcde' },
        { topic: 'u', partition: 0, offset: 1 },
      ]),
      v(9),
    )
    expect(codes(failing)).toEqual([E.GROUP_ID_NOT_FOUND, E.UNKNOWN_TOPIC_OR_PARTITION])
    await coordinator.close()
  })

  it('metadata length counts UTF-16 code units, as Java does', async () => {
    const { coordinator } = await openCoordinator(dirs.make(), { offsetMetadataMaxBytes: 2 })
    const r = await coordinator.commitOffsets(
      commitRequest({ groupId: 'g' }, [
        { topic: 't', partition: 0, offset: 1, metadata: 'é€' }, // 2 units, 5 UTF-8 bytes
        { topic: 't', partition: 1, offset: 1, metadata: '😀😀' }, // 4 units
      ]),
      v(9),
    )
    expect(codes(r)).toEqual([E.NONE, E.OFFSET_METADATA_TOO_LARGE])
    await coordinator.close()
  })
})

describe('OffsetFetch', () => {
  it('v1-7 one group at the top level; v8+ several groups; all partitions with null topics (v2+); a missing group has no offsets', async () => {
    const { coordinator } = await openCoordinator(dirs.make())
    await coordinator.commitOffsets(
      commitRequest({ groupId: 'g' }, [
        { topic: 'b', partition: 1, offset: 11 },
        { topic: 'a', partition: 0, offset: 10 },
      ]),
      v(9),
    )
    const v1 = await coordinator.fetchOffsets(
      createOffsetFetchRequest({ groupId: 'g', topics: [{ name: 'a', partitionIndexes: [0, 5] }] }),
      v(1),
    )
    expect(v1.topics[0]!.partitions.map((p) => p.committedOffset)).toEqual([10n, -1n])
    expect(v1.groups).toEqual([])
    const all = await coordinator.fetchOffsets(createOffsetFetchRequest({ groupId: 'g', topics: null }), v(7))
    expect(all.topics.map((t) => [t.name, t.partitions.map((p) => p.partitionIndex)])).toEqual([
      ['a', [0]],
      ['b', [1]],
    ])
    expect(all.errorCode).toBe(E.NONE)
    const multi = await coordinator.fetchOffsets(
      createOffsetFetchRequest({
        groups: [
          { groupId: 'g', memberId: null, memberEpoch: -1, topics: null },
          { groupId: 'missing', memberId: null, memberEpoch: -1, topics: null },
          { groupId: 'missing', memberId: null, memberEpoch: -1, topics: [{ name: 'a', partitionIndexes: [0] }] },
        ],
        requireStable: true,
      }),
      v(8),
    )
    expect(multi.groups.map((g) => [g.groupId, g.errorCode, g.topics.length])).toEqual([
      ['g', E.NONE, 2],
      ['missing', E.NONE, 0],
      ['missing', E.NONE, 1],
    ])
    expect(multi.groups[2]!.topics[0]!.partitions[0]!.committedOffset).toBe(-1n)
    await coordinator.close()
  })

  it('the leader epoch is returned from v5 only', async () => {
    const { coordinator } = await openCoordinator(dirs.make())
    await coordinator.commitOffsets(commitRequest({ groupId: 'g' }, [{ topic: 't', partition: 0, offset: 1, leaderEpoch: 9 }]), v(8))
    expect((await fetchOne(coordinator, 'g', 't', [0], 5))[0]!.committedLeaderEpoch).toBe(9)
    expect((await fetchOne(coordinator, 'g', 't', [0], 4))[0]!.committedLeaderEpoch).toBe(-1)
    // And is only taken from OffsetCommit v6+.
    await coordinator.commitOffsets(commitRequest({ groupId: 'g' }, [{ topic: 't', partition: 0, offset: 1, leaderEpoch: 9 }]), v(5))
    expect((await fetchOne(coordinator, 'g', 't', [0], 9))[0]!.committedLeaderEpoch).toBe(-1)
    await coordinator.close()
  })
})

describe('OffsetDelete', () => {
  it('deletes offsets of topics the group does not read; GROUP_SUBSCRIBED_TO_TOPIC for those it does; errors at the top level', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make(), { partitionExists: (t) => t !== 'unknown' })
    const del = (groupId: string, topics: { name: string; partitions: number[] }[]) =>
      coordinator.deleteOffsets(
        createOffsetDeleteRequest({
          groupId,
          topics: topics.map((t) => ({ name: t.name, partitions: t.partitions.map((partitionIndex) => ({ partitionIndex })) })),
        }),
        v(0),
      )
    expect((await del('', [])).errorCode).toBe(E.INVALID_GROUP_ID)
    expect((await del('nope', [{ name: 't', partitions: [0] }])).errorCode).toBe(E.GROUP_ID_NOT_FOUND)
    const [m] = await stableGroup(coordinator, clock, 'g', 1) // subscribed to 't'
    await coordinator.commitOffsets(
      commitRequest({ groupId: 'g', generationIdOrMemberEpoch: 1, memberId: m!.memberId }, [
        { topic: 't', partition: 0, offset: 1 },
        { topic: 'old', partition: 0, offset: 2 },
      ]),
      v(9),
    )
    const r = await del('g', [
      { name: 't', partitions: [0] },
      { name: 'old', partitions: [0, 1] },
      { name: 'unknown', partitions: [0] },
    ])
    expect(r.errorCode).toBe(E.NONE)
    expect(r.topics.map((t) => [t.name, t.partitions.map((p) => p.errorCode)])).toEqual([
      ['t', [E.GROUP_SUBSCRIBED_TO_TOPIC]],
      ['old', [E.NONE, E.NONE]],
      ['unknown', [E.UNKNOWN_TOPIC_OR_PARTITION]],
    ])
    expect(coordinator.committedOffset('g', 'old', 0)).toBeUndefined()
    expect(coordinator.committedOffset('g', 't', 0)?.offset).toBe(1n)
    await coordinator.close()
  })

  it('a non-consumer group with members: NON_EMPTY_GROUP', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const p = coordinator.joinGroup(
      joinRequest({ groupId: 'c', protocolType: 'connect', protocols: [{ name: 'p', metadata: Buffer.from('x') }] }),
      v(3),
    )
    clock.advance(0)
    await p
    const r = await coordinator.deleteOffsets(createOffsetDeleteRequest({ groupId: 'c', topics: [] }), v(0))
    expect(r.errorCode).toBe(E.NON_EMPTY_GROUP)
    await coordinator.close()
  })
})

describe('offset expiry', () => {
  it('an Empty group expires its offsets retention after it became Empty, and is deleted with them', async () => {
    const dir = dirs.make()
    const { coordinator, clock } = await openCoordinator(dir, { offsetsRetentionMs: 7 * DAY, offsetsRetentionCheckIntervalMs: 600_000 })
    const [m] = await stableGroup(coordinator, clock, 'g', 1)
    await coordinator.commitOffsets(
      commitRequest({ groupId: 'g', generationIdOrMemberEpoch: 1, memberId: m!.memberId }, [{ topic: 't', partition: 0, offset: 5 }]),
      v(9),
    )
    // The member sends no heartbeat: its session ends at 10 s and the group is Empty from then on.
    clock.advance(10_000)
    expect(coordinator.group('g')?.state).toBe('Empty')
    clock.advance(7 * DAY - 1)
    await coordinator.expireOffsets() // after the timers' passes in flight
    expect(coordinator.committedOffset('g', 't', 0)?.offset).toBe(5n)
    clock.advance(1)
    await coordinator.expireOffsets()
    expect(coordinator.group('g')).toBeUndefined()
    expect(coordinator.committedOffset('g', 't', 0)).toBeUndefined()
    expect(coordinator.groupIds()).toEqual([])
    expect(fs.existsSync(path.join(dir, groupFileName('g')))).toBe(false)
    await coordinator.close()
  })

  it('Stable consumer groups expire only offsets of topics they no longer read; simple groups by commit time; v2-4 retention by its own deadline', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make(), { offsetsRetentionMs: 7 * DAY })
    const [m] = await stableGroup(coordinator, clock, 'g', 1, { join: { sessionTimeoutMs: 1_800_000 } })
    await coordinator.commitOffsets(
      commitRequest({ groupId: 'g', generationIdOrMemberEpoch: 1, memberId: m!.memberId }, [
        { topic: 't', partition: 0, offset: 1 },
        { topic: 'gone', partition: 0, offset: 1 },
      ]),
      v(9),
    )
    await coordinator.commitOffsets(commitRequest({ groupId: 'simple' }, [{ topic: 't', partition: 0, offset: 1 }]), v(9))
    await coordinator.commitOffsets(
      commitRequest({ groupId: 'short', retentionTimeMs: 60_000n }, [{ topic: 't', partition: 0, offset: 1 }]),
      v(2),
    )
    // retentionTimeMs is not read after v4.
    await coordinator.commitOffsets(
      commitRequest({ groupId: 'v5', retentionTimeMs: 60_000n }, [{ topic: 't', partition: 0, offset: 1 }]),
      v(5),
    )
    clock.advance(60_000)
    const r1 = await coordinator.expireOffsets()
    expect([...r1.expired.keys()]).toEqual(['short'])
    expect(r1.deletedGroups).toEqual(['short'])
    // Keep the member alive (heartbeats) for 7 days.
    for (let t = 0; t < 7 * DAY; t += 1_000_000) {
      clock.advance(1_000_000)
      await coordinator.heartbeat({ groupId: 'g', generationId: 1, memberId: m!.memberId, groupInstanceId: null }, v(4))
    }
    await coordinator.expireOffsets()
    expect(coordinator.committedOffset('g', 'gone', 0)).toBeUndefined()
    expect(coordinator.committedOffset('g', 't', 0)?.offset).toBe(1n)
    expect(coordinator.committedOffset('simple', 't', 0)).toBeUndefined()
    expect(coordinator.committedOffset('v5', 't', 0)).toBeUndefined()
    expect(coordinator.groupIds()).toEqual(['g'])
    await coordinator.close()
  })

  it('a group restored after a restart keeps its Empty time: offsets expire retention after it became Empty, not after the restart', async () => {
    const dir = dirs.make()
    const { coordinator, clock } = await openCoordinator(dir, { offsetsRetentionMs: 7 * DAY })
    const [m] = await stableGroup(coordinator, clock, 'g', 1)
    await coordinator.commitOffsets(
      commitRequest({ groupId: 'g', generationIdOrMemberEpoch: 1, memberId: m!.memberId }, [{ topic: 't', partition: 0, offset: 5 }]),
      v(9),
    )
    await coordinator.leaveGroup(
      leaveRequest({ groupId: 'g', members: [{ memberId: m!.memberId, groupInstanceId: null, reason: null }] }),
      v(5),
    )
    expect(coordinator.group('g')).toMatchObject({ state: 'Empty', generationId: 2 })
    await coordinator.close()
    clock.advance(6 * DAY)
    const { coordinator: again } = await openCoordinator(dir, { clock, offsetsRetentionMs: 7 * DAY })
    expect(again.group('g')).toMatchObject({ state: 'Empty', generationId: 2, protocolType: 'consumer' })
    await again.expireOffsets()
    expect(again.committedOffset('g', 't', 0)?.offset).toBe(5n)
    clock.advance(DAY)
    await again.expireOffsets()
    expect(again.groupIds()).toEqual([])
    await again.close()
  })
})

describe('damaged offsets files', () => {
  it('a damaged file is reported, its group answers COORDINATOR_LOAD_IN_PROGRESS to offset APIs, and deleting the group clears it', async () => {
    const dir = dirs.make()
    const { coordinator } = await openCoordinator(dir)
    await coordinator.commitOffsets(commitRequest({ groupId: 'g' }, [{ topic: 't', partition: 0, offset: 5 }]), v(9))
    await coordinator.commitOffsets(commitRequest({ groupId: 'ok' }, [{ topic: 't', partition: 0, offset: 6 }]), v(9))
    await coordinator.close()
    const file = path.join(dir, groupFileName('g'))
    const bytes = fs.readFileSync(file)
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0x01
    fs.writeFileSync(file, bytes)
    const { coordinator: again } = await openCoordinator(dir)
    expect(again.damagedOffsetFiles.map((d) => [path.basename(d.file), d.error.code])).toEqual([
      [groupFileName('g'), 'KLOG_CORRUPT_CHECKPOINT'],
    ])
    expect(again.groupIds()).toEqual(['ok'])
    const f = await again.fetchOffsets(
      createOffsetFetchRequest({ groups: [{ groupId: 'g', memberId: null, memberEpoch: -1, topics: null }] }),
      v(8),
    )
    expect(f.groups[0]!.errorCode).toBe(E.COORDINATOR_LOAD_IN_PROGRESS)
    const v1 = await again.fetchOffsets(createOffsetFetchRequest({ groupId: 'g', topics: [{ name: 't', partitionIndexes: [0] }] }), v(1))
    expect(v1.topics[0]!.partitions[0]!.errorCode).toBe(E.COORDINATOR_LOAD_IN_PROGRESS)
    const c = await again.commitOffsets(commitRequest({ groupId: 'g' }, [{ topic: 't', partition: 0, offset: 9 }]), v(9))
    expect(codes(c)).toEqual([E.COORDINATOR_LOAD_IN_PROGRESS])
    expect(fs.readFileSync(file)).toEqual(bytes) // never overwritten
    const d = await again.deleteGroups(createDeleteGroupsRequest({ groupsNames: ['g'] }), v(2))
    expect(d.results).toEqual([{ groupId: 'g', errorCode: E.NONE }])
    expect(fs.existsSync(file)).toBe(false)
    expect(codes(await again.commitOffsets(commitRequest({ groupId: 'g' }, [{ topic: 't', partition: 0, offset: 9 }]), v(9)))).toEqual([
      E.NONE,
    ])
    await again.close()
  })

  it('a joinable group: membership works while its offsets are fenced', async () => {
    const dir = dirs.make()
    const { coordinator } = await openCoordinator(dir)
    await coordinator.commitOffsets(commitRequest({ groupId: 'g' }, [{ topic: 't', partition: 0, offset: 5 }]), v(9))
    await coordinator.close()
    fs.writeFileSync(path.join(dir, groupFileName('g')), 'garbage')
    const { coordinator: again, clock } = await openCoordinator(dir)
    const p = again.joinGroup(joinRequest({ groupId: 'g', protocols: [{ name: 'range', metadata: subscriptionMetadata(['t']) }] }), v(3))
    clock.advance(0)
    expect((await p).errorCode).toBe(E.NONE)
    await again.close()
  })
})
