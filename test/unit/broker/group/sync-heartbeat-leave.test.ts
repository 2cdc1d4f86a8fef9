/**
 * SyncGroup, Heartbeat and LeaveGroup: every transition and error code, sessions and the sync phase
 * on a fake clock.
 */
import { describe, expect, it } from 'vitest'
import { KafkaError as E } from '../../../../src/broker/errors.js'
import { useTempDirs } from '../../../helpers/temp-dir.js'
import {
  heartbeatRequest,
  joinRequest,
  leaveRequest,
  openCoordinator,
  settled,
  stableGroup,
  syncRequest,
  v,
} from '../../../helpers/groups.js'

const dirs = useTempDirs('kafka-lite-group-sync-')
const A = (s: string): Buffer => Buffer.from(s)

describe('SyncGroup', () => {
  it('followers wait for the leader; each gets exactly the bytes the leader gave it; a member left out gets an empty assignment', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const ids = [] as string[]
    for (let i = 0; i < 3; i++) ids.push((await coordinator.joinGroup(joinRequest({ groupId: 'g' }), v(9))).memberId)
    const joins = ids.map((memberId) => coordinator.joinGroup(joinRequest({ groupId: 'g', memberId }), v(9)))
    clock.advance(0)
    const rs = await Promise.all(joins)
    const leader = rs[0]!.leader
    const followers = ids.filter((id) => id !== leader)
    const s1 = coordinator.syncGroup(syncRequest({ groupId: 'g', generationId: 1, memberId: followers[0]! }), v(5))
    const s2 = coordinator.syncGroup(syncRequest({ groupId: 'g', generationId: 1, memberId: followers[1]! }), v(5))
    expect(await settled(s1)).toBe(false)
    expect(coordinator.group('g')?.state).toBe('CompletingRebalance')
    const l = await coordinator.syncGroup(
      syncRequest({
        groupId: 'g',
        generationId: 1,
        memberId: leader,
        assignments: [
          { memberId: leader, assignment: A('L') },
          { memberId: followers[0]!, assignment: A('F0') },
          { memberId: 'not-a-member', assignment: A('X') },
        ],
      }),
      v(5),
    )
    expect(l.errorCode).toBe(E.NONE)
    expect(l.assignment).toEqual(A('L'))
    expect(l.protocolName).toBe('range')
    expect(l.protocolType).toBe('consumer')
    expect((await s1).assignment).toEqual(A('F0'))
    expect((await s2).assignment).toEqual(Buffer.alloc(0))
    expect((await s2).errorCode).toBe(E.NONE)
    expect(coordinator.group('g')?.state).toBe('Stable')
    // Stable: a member syncing again gets its assignment back.
    const again = await coordinator.syncGroup(syncRequest({ groupId: 'g', generationId: 1, memberId: followers[0]! }), v(5))
    expect(again.assignment).toEqual(A('F0'))
    await coordinator.close()
  })

  it('error codes: unknown group or Empty group, unknown member, illegal generation, inconsistent protocol, missing v5 fields, rebalance in progress', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    expect((await coordinator.syncGroup(syncRequest({ groupId: 'nope', generationId: 1, memberId: 'm' }), v(5))).errorCode).toBe(
      E.UNKNOWN_MEMBER_ID,
    )
    expect((await coordinator.syncGroup(syncRequest({ groupId: '', generationId: 1, memberId: 'm' }), v(5))).errorCode).toBe(
      E.INVALID_GROUP_ID,
    )
    // v5 requires protocol type and name; checked before anything else.
    expect(
      (await coordinator.syncGroup(syncRequest({ groupId: 'nope', generationId: 1, memberId: 'm', protocolName: null }), v(5))).errorCode,
    ).toBe(E.INCONSISTENT_GROUP_PROTOCOL)
    // Before v5 they are not read at all.
    expect(
      (await coordinator.syncGroup(syncRequest({ groupId: 'nope', generationId: 1, memberId: 'm', protocolName: null }), v(4))).errorCode,
    ).toBe(E.UNKNOWN_MEMBER_ID)
    const [m] = await stableGroup(coordinator, clock, 'g', 1)
    const sync = (f: Partial<Parameters<typeof syncRequest>[0]>, version = 5) =>
      coordinator.syncGroup(syncRequest({ groupId: 'g', generationId: 1, memberId: m!.memberId, ...f }), v(version))
    expect((await sync({ memberId: 'other' })).errorCode).toBe(E.UNKNOWN_MEMBER_ID)
    expect((await sync({ generationId: 2 })).errorCode).toBe(E.ILLEGAL_GENERATION)
    expect((await sync({ protocolName: 'roundrobin' })).errorCode).toBe(E.INCONSISTENT_GROUP_PROTOCOL)
    expect((await sync({ protocolType: 'connect' })).errorCode).toBe(E.INCONSISTENT_GROUP_PROTOCOL)
    expect((await sync({ groupInstanceId: 'i' })).errorCode).toBe(E.UNKNOWN_MEMBER_ID)
    // A rebalance: PreparingRebalance answers REBALANCE_IN_PROGRESS.
    const join = coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: m!.memberId }), v(9))
    expect(coordinator.group('g')?.state).toBe('CompletingRebalance') // the only member rejoined: done at once
    await join
    expect((await sync({ generationId: 1 })).errorCode).toBe(E.ILLEGAL_GENERATION)
    const other = coordinator.joinGroup(joinRequest({ groupId: 'g' }), v(3))
    expect(coordinator.group('g')?.state).toBe('PreparingRebalance')
    expect((await sync({ generationId: 2 })).errorCode).toBe(E.REBALANCE_IN_PROGRESS)
    void other
    await coordinator.close()
  })

  it('a member parked on SyncGroup gets REBALANCE_IN_PROGRESS (and its assignment cleared) when a rebalance starts', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const ids = [] as string[]
    for (let i = 0; i < 2; i++) ids.push((await coordinator.joinGroup(joinRequest({ groupId: 'g' }), v(9))).memberId)
    const joins = ids.map((memberId) => coordinator.joinGroup(joinRequest({ groupId: 'g', memberId }), v(9)))
    clock.advance(0)
    const rs = await Promise.all(joins)
    const follower = rs.find((r) => r.leader !== r.memberId)!
    const parked = coordinator.syncGroup(syncRequest({ groupId: 'g', generationId: 1, memberId: follower.memberId }), v(5))
    void coordinator.joinGroup(joinRequest({ groupId: 'g' }), v(3)) // a third member: rebalance
    const r = await parked
    expect(r.errorCode).toBe(E.REBALANCE_IN_PROGRESS)
    expect(r.assignment).toEqual(Buffer.alloc(0))
    expect(r.protocolName).toBe(null)
    await coordinator.close()
  })

  it('the sync phase expires: members that never sent SyncGroup are removed and the group rebalances', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const ids = [] as string[]
    for (let i = 0; i < 2; i++)
      ids.push(
        (await coordinator.joinGroup(joinRequest({ groupId: 'g', rebalanceTimeoutMs: 20_000, sessionTimeoutMs: 30_000 }), v(9))).memberId,
      )
    const joins = ids.map((memberId) =>
      coordinator.joinGroup(joinRequest({ groupId: 'g', memberId, rebalanceTimeoutMs: 20_000, sessionTimeoutMs: 30_000 }), v(9)),
    )
    clock.advance(0)
    const rs = await Promise.all(joins)
    const leader = rs[0]!.leader
    const follower = ids.find((id) => id !== leader)!
    // Only the follower syncs; the leader never does.
    const parked = coordinator.syncGroup(syncRequest({ groupId: 'g', generationId: 1, memberId: follower }), v(5))
    clock.advance(19_999)
    expect(coordinator.group('g')?.members).toHaveLength(2)
    clock.advance(1)
    expect(coordinator.group('g')?.members.map((m) => m.memberId)).toEqual([follower])
    expect(coordinator.group('g')?.state).toBe('PreparingRebalance')
    expect((await parked).errorCode).toBe(E.REBALANCE_IN_PROGRESS)
    await coordinator.close()
  })
})

describe('Heartbeat', () => {
  it('keeps the session: a member heartbeating stays; one that stops is removed exactly one session timeout after its last sign', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const [a] = await stableGroup(coordinator, clock, 'g', 2) // 10 s sessions, restarted by the sync
    const hb = async () =>
      (await coordinator.heartbeat(heartbeatRequest({ groupId: 'g', generationId: 1, memberId: a!.memberId }), v(4))).errorCode
    clock.advance(9000)
    expect(await hb()).toBe(E.NONE)
    clock.advance(999)
    expect(coordinator.group('g')?.members).toHaveLength(2)
    clock.advance(1) // the other member's session ends
    expect(coordinator.group('g')?.members.map((m) => m.memberId)).toEqual([a!.memberId])
    expect(coordinator.group('g')?.state).toBe('PreparingRebalance')
    clock.advance(8999) // a's own session: 10 s from its heartbeat at 9 s, not over yet
    expect(await hb()).toBe(E.REBALANCE_IN_PROGRESS)
    clock.advance(10_000) // a stops too (it does not rejoin either)
    expect(await hb()).toBe(E.UNKNOWN_MEMBER_ID)
    expect(coordinator.group('g')?.state).toBe('Empty')
    await coordinator.close()
  })

  it('error codes: INVALID_GROUP_ID, UNKNOWN_MEMBER_ID (group, member, Empty), FENCED_INSTANCE_ID, ILLEGAL_GENERATION', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const hb = async (f: Partial<Parameters<typeof heartbeatRequest>[0]> & { groupId: string }, version = 4) =>
      (await coordinator.heartbeat(heartbeatRequest({ generationId: 1, memberId: 'm', ...f }), v(version))).errorCode
    expect(await hb({ groupId: '' })).toBe(E.INVALID_GROUP_ID)
    expect(await hb({ groupId: 'nope' })).toBe(E.UNKNOWN_MEMBER_ID)
    const [s] = await stableGroup(coordinator, clock, 'g', 1, { instanceIds: ['i1'] })
    expect(await hb({ groupId: 'g', memberId: s!.memberId, groupInstanceId: 'i1' })).toBe(E.NONE)
    expect(await hb({ groupId: 'g', memberId: 'other', groupInstanceId: 'i1' })).toBe(E.FENCED_INSTANCE_ID)
    expect(await hb({ groupId: 'g', memberId: s!.memberId, groupInstanceId: 'i2' })).toBe(E.UNKNOWN_MEMBER_ID)
    // Before v3 the instance id is not read: the member id alone decides.
    expect(await hb({ groupId: 'g', memberId: s!.memberId, groupInstanceId: 'i2' }, 2)).toBe(E.NONE)
    expect(await hb({ groupId: 'g', memberId: s!.memberId, groupInstanceId: 'i1', generationId: 7 })).toBe(E.ILLEGAL_GENERATION)
    // The group empties (the member leaves): UNKNOWN_MEMBER_ID.
    await coordinator.leaveGroup(
      leaveRequest({ groupId: 'g', members: [{ memberId: s!.memberId, groupInstanceId: 'i1', reason: null }] }),
      v(5),
    )
    expect(coordinator.group('g')?.state).toBe('Empty')
    expect(await hb({ groupId: 'g', memberId: s!.memberId, groupInstanceId: 'i1' })).toBe(E.UNKNOWN_MEMBER_ID)
    await coordinator.close()
  })

  it('a heartbeat during CompletingRebalance is accepted and keeps the session', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const p = coordinator.joinGroup(joinRequest({ groupId: 'g', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 60_000 }), v(3))
    clock.advance(0)
    const m = await p
    for (let i = 0; i < 3; i++) {
      clock.advance(9000)
      expect((await coordinator.heartbeat(heartbeatRequest({ groupId: 'g', generationId: 1, memberId: m.memberId }), v(4))).errorCode).toBe(
        E.NONE,
      )
    }
    expect(coordinator.group('g')?.state).toBe('CompletingRebalance')
    await coordinator.close()
  })
})

describe('LeaveGroup', () => {
  it('v0-2: one member, the answer is a top-level error; leaving triggers a rebalance', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const [a, b] = await stableGroup(coordinator, clock, 'g', 2)
    const r = await coordinator.leaveGroup(leaveRequest({ groupId: 'g', memberId: b!.memberId }), v(2))
    expect(r.errorCode).toBe(E.NONE)
    expect(r.members).toEqual([])
    expect(coordinator.group('g')?.state).toBe('PreparingRebalance')
    expect((await coordinator.leaveGroup(leaveRequest({ groupId: 'g', memberId: 'ghost' }), v(0))).errorCode).toBe(E.UNKNOWN_MEMBER_ID)
    expect((await coordinator.leaveGroup(leaveRequest({ groupId: 'nope', memberId: 'ghost' }), v(1))).errorCode).toBe(E.UNKNOWN_MEMBER_ID)
    expect((await coordinator.leaveGroup(leaveRequest({ groupId: '', memberId: 'ghost' }), v(1))).errorCode).toBe(E.INVALID_GROUP_ID)
    // a rejoins: the rebalance completes with a alone.
    const j = await coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: a!.memberId }), v(9))
    expect(j.generationId).toBe(2)
    expect(j.members.map((m) => m.memberId)).toEqual([a!.memberId])
    await coordinator.close()
  })

  it('v3+: a batch of members by member id and by instance id alone (admin removal), each with its own error', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const ms = await stableGroup(coordinator, clock, 'g', 4, { instanceIds: ['s0', 's1'] })
    const [s0, s1, d2, d3] = ms
    const r = await coordinator.leaveGroup(
      leaveRequest({
        groupId: 'g',
        members: [
          { memberId: '', groupInstanceId: 's0', reason: 'admin' },
          { memberId: s1!.memberId, groupInstanceId: 'wrong', reason: null },
          { memberId: 'other', groupInstanceId: 's1', reason: null },
          { memberId: d2!.memberId, groupInstanceId: null, reason: null },
          { memberId: '', groupInstanceId: 'nobody', reason: null },
          { memberId: '', groupInstanceId: null, reason: null },
          { memberId: 'ghost', groupInstanceId: null, reason: null },
        ],
      }),
      v(5),
    )
    expect(r.errorCode).toBe(E.NONE)
    expect(r.members.map((m) => m.errorCode)).toEqual([
      E.NONE,
      E.UNKNOWN_MEMBER_ID,
      E.FENCED_INSTANCE_ID,
      E.NONE,
      E.UNKNOWN_MEMBER_ID,
      E.UNKNOWN_MEMBER_ID,
      E.UNKNOWN_MEMBER_ID,
    ])
    expect(r.members[0]).toMatchObject({ memberId: '', groupInstanceId: 's0' })
    expect(
      coordinator
        .group('g')
        ?.members.map((m) => m.memberId)
        .sort(),
    ).toEqual([s1!.memberId, d3!.memberId].sort())
    expect(coordinator.group('g')?.state).toBe('PreparingRebalance')
    void s0
    await coordinator.close()
  })

  it('a group that does not exist answers UNKNOWN_MEMBER_ID for every member; a pending member leaves', async () => {
    const { coordinator } = await openCoordinator(dirs.make())
    const r = await coordinator.leaveGroup(
      leaveRequest({
        groupId: 'nope',
        members: [
          { memberId: 'a', groupInstanceId: null, reason: null },
          { memberId: '', groupInstanceId: 'i', reason: null },
        ],
      }),
      v(4),
    )
    expect(r.members.map((m) => m.errorCode)).toEqual([E.UNKNOWN_MEMBER_ID, E.UNKNOWN_MEMBER_ID])
    const pending = await coordinator.joinGroup(joinRequest({ groupId: 'g' }), v(4))
    const l = await coordinator.leaveGroup(
      leaveRequest({ groupId: 'g', members: [{ memberId: pending.memberId, groupInstanceId: null, reason: null }] }),
      v(3),
    )
    expect(l.members[0]!.errorCode).toBe(E.NONE)
    expect((await coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: pending.memberId }), v(4))).errorCode).toBe(
      E.UNKNOWN_MEMBER_ID,
    )
    await coordinator.close()
  })

  it('the last members leaving during a rebalance complete it: the group becomes Empty at the next generation', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const [a, b] = await stableGroup(coordinator, clock, 'g', 2)
    const j = coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: a!.memberId }), v(9)) // leader rejoins: rebalance
    expect(coordinator.group('g')?.state).toBe('PreparingRebalance')
    await coordinator.leaveGroup(
      leaveRequest({ groupId: 'g', members: [{ memberId: b!.memberId, groupInstanceId: null, reason: null }] }),
      v(5),
    )
    expect((await j).generationId).toBe(2)
    expect(coordinator.group('g')?.state).toBe('CompletingRebalance')
    await coordinator.leaveGroup(
      leaveRequest({ groupId: 'g', members: [{ memberId: a!.memberId, groupInstanceId: null, reason: null }] }),
      v(5),
    )
    // No member left to rejoin: the new rebalance completes at once, into Empty.
    expect(coordinator.group('g')?.state).toBe('Empty')
    expect(coordinator.group('g')?.generationId).toBe(3)
    await coordinator.close()
  })

  it('a member leaving while parked on JoinGroup has its join answered UNKNOWN_MEMBER_ID', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const [a, b] = await stableGroup(coordinator, clock, 'g', 2)
    const j = coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: a!.memberId }), v(9))
    await coordinator.leaveGroup(
      leaveRequest({ groupId: 'g', members: [{ memberId: a!.memberId, groupInstanceId: null, reason: null }] }),
      v(5),
    )
    const r = await j
    expect(r.errorCode).toBe(E.UNKNOWN_MEMBER_ID)
    expect(r.memberId).toBe('')
    void b
    await coordinator.close()
  })
})
