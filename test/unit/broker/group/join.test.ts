/**
 * JoinGroup: every path of Kafka 4.0's classic join, with a fake clock (no waiting).
 */
import { describe, expect, it } from 'vitest'
import { KafkaError as E } from '../../../../src/broker/errors.js'
import { useTempDirs } from '../../../helpers/temp-dir.js'
import { joinRequest, openCoordinator, settled, subscriptionMetadata, syncRequest, v } from '../../../helpers/groups.js'

const dirs = useTempDirs('kafka-lite-group-join-')

describe('JoinGroup', () => {
  it('v4+: an empty member id gets MEMBER_ID_REQUIRED and a pending member id made of the client id', async () => {
    const { coordinator } = await openCoordinator(dirs.make())
    const r = await coordinator.joinGroup(joinRequest({ groupId: 'g' }), v(4, { clientId: 'app' }))
    expect(r.errorCode).toBe(E.MEMBER_ID_REQUIRED)
    expect(r.memberId).toBe('app-uuid-1')
    expect(r.generationId).toBe(-1)
    expect(coordinator.group('g')?.state).toBe('Empty')
    expect(coordinator.group('g')?.members).toEqual([])
    await coordinator.close()
  })

  it('v0-3: an empty member id joins at once; the initial delay decides when the generation starts', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make(), { initialRebalanceDelayMs: 3000 })
    const p = coordinator.joinGroup(joinRequest({ groupId: 'g' }), v(3, { clientId: 'c' }))
    expect(await settled(p)).toBe(false)
    expect(coordinator.group('g')?.state).toBe('PreparingRebalance')
    clock.advance(2999)
    expect(await settled(p)).toBe(false)
    clock.advance(1)
    const r = await p
    expect(r.errorCode).toBe(E.NONE)
    expect(r.generationId).toBe(1)
    expect(r.leader).toBe(r.memberId)
    expect(r.members.map((m) => m.memberId)).toEqual([r.memberId])
    expect(r.protocolName).toBe('range')
    expect(coordinator.group('g')?.state).toBe('CompletingRebalance')
    await coordinator.close()
  })

  it('the initial delay is extended while new members keep arriving, up to the rebalance timeout', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make(), { initialRebalanceDelayMs: 1000 })
    const a = coordinator.joinGroup(joinRequest({ groupId: 'g', rebalanceTimeoutMs: 2500 }), v(3))
    clock.advance(900)
    const b = coordinator.joinGroup(joinRequest({ groupId: 'g', rebalanceTimeoutMs: 2500 }), v(3))
    clock.advance(100) // 1000: a new member arrived: extended by min(1000, 1500)
    expect(await settled(a)).toBe(false)
    clock.advance(500)
    const c = coordinator.joinGroup(joinRequest({ groupId: 'g', rebalanceTimeoutMs: 2500 }), v(3))
    clock.advance(500) // 2000: extended again by min(1000, 500) = 500
    expect(await settled(a)).toBe(false)
    clock.advance(499)
    expect(await settled(a)).toBe(false)
    clock.advance(1) // 2500: no time remains
    const results = await Promise.all([a, b, c])
    expect(new Set(results.map((r) => r.generationId))).toEqual(new Set([1]))
    expect(results.filter((r) => r.members.length === 3)).toHaveLength(1)
    await coordinator.close()
  })

  it('two members: MEMBER_ID_REQUIRED, rejoin, one leader with every metadata, the other a follower', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const ids: string[] = []
    for (const client of ['a', 'b']) {
      const r = await coordinator.joinGroup(joinRequest({ groupId: 'g' }), v(9, { clientId: client }))
      ids.push(r.memberId)
    }
    const p1 = coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: ids[0]! }), v(9))
    const p2 = coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: ids[1]! }), v(9))
    clock.advance(0) // the initial rebalance delay (0 here) is a timer
    const [r1, r2] = await Promise.all([p1, p2])
    expect(r1.generationId).toBe(1)
    expect(r2.generationId).toBe(1)
    expect(r1.leader).toBe(ids[0])
    expect(r2.leader).toBe(ids[0])
    expect(r1.members.map((m) => m.memberId)).toEqual(ids)
    expect(r1.members[0]!.metadata.equals(subscriptionMetadata(['t']))).toBe(true)
    expect(r2.members).toEqual([])
    expect(r1.protocolType).toBe('consumer')
    expect(r1.skipAssignment).toBe(false)
    await coordinator.close()
  })

  it('an empty group id is INVALID_GROUP_ID; a session timeout out of range is INVALID_SESSION_TIMEOUT', async () => {
    const { coordinator } = await openCoordinator(dirs.make(), { minSessionTimeoutMs: 6000, maxSessionTimeoutMs: 60_000 })
    expect((await coordinator.joinGroup(joinRequest({ groupId: '' }), v(5))).errorCode).toBe(E.INVALID_GROUP_ID)
    expect((await coordinator.joinGroup(joinRequest({ groupId: 'g', sessionTimeoutMs: 5999 }), v(5))).errorCode).toBe(
      E.INVALID_SESSION_TIMEOUT,
    )
    expect((await coordinator.joinGroup(joinRequest({ groupId: 'g', sessionTimeoutMs: 60_001 }), v(5))).errorCode).toBe(
      E.INVALID_SESSION_TIMEOUT,
    )
    expect((await coordinator.joinGroup(joinRequest({ groupId: 'g', sessionTimeoutMs: 60_000 }), v(5))).errorCode).toBe(
      E.MEMBER_ID_REQUIRED,
    )
    expect(coordinator.groupIds()).toEqual(['g'])
    await coordinator.close()
  })

  it('a member id for a group that does not exist is UNKNOWN_MEMBER_ID (no group is created)', async () => {
    const { coordinator } = await openCoordinator(dirs.make())
    const r = await coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: 'ghost' }), v(5))
    expect(r.errorCode).toBe(E.UNKNOWN_MEMBER_ID)
    expect(r.memberId).toBe('ghost')
    expect(coordinator.groupIds()).toEqual([])
    await coordinator.close()
  })

  it('INCONSISTENT_GROUP_PROTOCOL: empty protocol type or no protocols on Empty; another type or no common protocol later', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    expect((await coordinator.joinGroup(joinRequest({ groupId: 'g', protocolType: '' }), v(3))).errorCode).toBe(
      E.INCONSISTENT_GROUP_PROTOCOL,
    )
    expect((await coordinator.joinGroup(joinRequest({ groupId: 'g', protocols: [] }), v(3))).errorCode).toBe(E.INCONSISTENT_GROUP_PROTOCOL)
    const first = coordinator.joinGroup(joinRequest({ groupId: 'g' }), v(3))
    const other = await coordinator.joinGroup(joinRequest({ groupId: 'g', protocolType: 'connect' }), v(3))
    expect(other.errorCode).toBe(E.INCONSISTENT_GROUP_PROTOCOL)
    const noCommon = await coordinator.joinGroup(
      joinRequest({ groupId: 'g', protocols: [{ name: 'roundrobin', metadata: subscriptionMetadata(['t']) }] }),
      v(3),
    )
    expect(noCommon.errorCode).toBe(E.INCONSISTENT_GROUP_PROTOCOL)
    expect(noCommon.memberId).toBe('')
    clock.advance(0)
    expect((await first).errorCode).toBe(E.NONE)
    await coordinator.close()
  })

  it('protocol selection: each member votes for its first common protocol; the most votes win', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const meta = subscriptionMetadata(['t'])
    const offer = (names: string[]) => names.map((name) => ({ name, metadata: meta }))
    const ps = [
      coordinator.joinGroup(joinRequest({ groupId: 'g', protocols: offer(['cooperative-sticky', 'range', 'roundrobin']) }), v(3)),
      coordinator.joinGroup(joinRequest({ groupId: 'g', protocols: offer(['roundrobin', 'range']) }), v(3)),
      coordinator.joinGroup(joinRequest({ groupId: 'g', protocols: offer(['roundrobin', 'range', 'cooperative-sticky']) }), v(3)),
    ]
    clock.advance(0)
    const rs = await Promise.all(ps)
    // Common: range, roundrobin. Votes: range (first member), roundrobin (two).
    expect(rs.map((r) => r.protocolName)).toEqual(['roundrobin', 'roundrobin', 'roundrobin'])
    await coordinator.close()
  })

  it('GROUP_MAX_SIZE_REACHED for new members beyond group.max.size', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make(), { maxGroupSize: 2 })
    const a = coordinator.joinGroup(joinRequest({ groupId: 'g' }), v(3))
    const b = coordinator.joinGroup(joinRequest({ groupId: 'g' }), v(3))
    clock.advance(0)
    await Promise.all([a, b])
    expect(coordinator.group('g')?.state).toBe('CompletingRebalance')
    const c = await coordinator.joinGroup(joinRequest({ groupId: 'g' }), v(3))
    expect(c.errorCode).toBe(E.GROUP_MAX_SIZE_REACHED)
    expect(c.memberId).toBe('')
    expect(coordinator.group('g')?.members).toHaveLength(2)
    await coordinator.close()
  })

  it('a pending member id that never comes back is forgotten after its session timeout', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const r = await coordinator.joinGroup(joinRequest({ groupId: 'g', sessionTimeoutMs: 10_000 }), v(4))
    clock.advance(10_000)
    const late = await coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: r.memberId }), v(4))
    expect(late.errorCode).toBe(E.UNKNOWN_MEMBER_ID)
    await coordinator.close()
  })

  it('a pending member id with an instance id is answered UNKNOWN_SERVER_ERROR (Kafka throws there)', async () => {
    const { coordinator } = await openCoordinator(dirs.make())
    const r = await coordinator.joinGroup(joinRequest({ groupId: 'g' }), v(5))
    const odd = await coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: r.memberId, groupInstanceId: 'i' }), v(5))
    expect(odd.errorCode).toBe(E.UNKNOWN_SERVER_ERROR)
    expect(coordinator.group('g')?.members).toEqual([])
    await coordinator.close()
  })

  it('rejoining in CompletingRebalance with the same metadata gets the same generation back; changed metadata rebalances', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const p = coordinator.joinGroup(joinRequest({ groupId: 'g' }), v(3))
    clock.advance(0)
    const first = await p
    const again = await coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: first.memberId }), v(3))
    expect(again.generationId).toBe(first.generationId)
    expect(again.members.map((m) => m.memberId)).toEqual([first.memberId])
    const changed = await coordinator.joinGroup(
      joinRequest({ groupId: 'g', memberId: first.memberId, protocols: [{ name: 'range', metadata: subscriptionMetadata(['u']) }] }),
      v(3),
    )
    expect(changed.generationId).toBe(first.generationId + 1)
    await coordinator.close()
  })

  it('Stable: a follower rejoining unchanged gets the generation back; the leader rejoining forces a rebalance', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const joins = [coordinator.joinGroup(joinRequest({ groupId: 'g' }), v(3)), coordinator.joinGroup(joinRequest({ groupId: 'g' }), v(3))]
    clock.advance(0)
    const [a, b] = await Promise.all(joins)
    const leader = a!.leader === a!.memberId ? a! : b!
    const follower = leader === a ? b! : a!
    const s1 = coordinator.syncGroup(syncRequest({ groupId: 'g', generationId: 1, memberId: follower.memberId }), v(5))
    await coordinator.syncGroup(syncRequest({ groupId: 'g', generationId: 1, memberId: leader.memberId, assignments: [] }), v(5))
    await s1
    expect(coordinator.group('g')?.state).toBe('Stable')
    const f = await coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: follower.memberId }), v(3))
    expect(f.generationId).toBe(1)
    expect(f.members).toEqual([])
    expect(coordinator.group('g')?.state).toBe('Stable')
    const l = coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: leader.memberId }), v(3))
    expect(coordinator.group('g')?.state).toBe('PreparingRebalance')
    // The follower does not rejoin: after the rebalance timeout it is dropped and the leader goes on alone.
    clock.advance(30_000)
    const r = await l
    expect(r.generationId).toBe(2)
    expect(r.members.map((m) => m.memberId)).toEqual([leader.memberId])
    await coordinator.close()
  })

  it('Empty group with a known member id (after the group emptied): UNKNOWN_MEMBER_ID', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const p = coordinator.joinGroup(joinRequest({ groupId: 'g', sessionTimeoutMs: 10_000 }), v(3))
    clock.advance(0)
    const a = await p
    clock.advance(10_000) // no sync, no heartbeat: the session expires
    expect(coordinator.group('g')?.state).toBe('Empty')
    const r = await coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: a.memberId }), v(3))
    expect(r.errorCode).toBe(E.UNKNOWN_MEMBER_ID)
    await coordinator.close()
  })

  it('a new member whose join stays parked is dropped after the new-member join timeout', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make(), { newMemberJoinTimeoutMs: 300_000 })
    const joins = [0, 1].map(() => coordinator.joinGroup(joinRequest({ groupId: 'g', rebalanceTimeoutMs: 600_000 }), v(3)))
    clock.advance(0)
    const [a, b] = await Promise.all(joins)
    const syncs = [a!, b!].map((m) =>
      coordinator.syncGroup(syncRequest({ groupId: 'g', generationId: 1, memberId: m.memberId, assignments: [] }), v(5)),
    )
    await Promise.all(syncs)
    // A new member arrives: a rebalance that a and b do not join (they only heartbeat).
    const c = coordinator.joinGroup(joinRequest({ groupId: 'g', rebalanceTimeoutMs: 600_000 }), v(3))
    expect(coordinator.group('g')?.state).toBe('PreparingRebalance')
    for (let t = 0; t < 300_000; t += 5000) {
      clock.advance(5000)
      for (const m of [a!, b!]) {
        const hb = await coordinator.heartbeat({ groupId: 'g', generationId: 1, memberId: m.memberId, groupInstanceId: null }, v(4))
        expect(hb.errorCode).toBe(E.REBALANCE_IN_PROGRESS)
      }
    }
    const rc = await c
    expect(rc.errorCode).toBe(E.UNKNOWN_MEMBER_ID)
    expect(rc.memberId).toBe('')
    expect(
      coordinator
        .group('g')
        ?.members.map((m) => m.memberId)
        .sort(),
    ).toEqual([a!.memberId, b!.memberId].sort())
    await coordinator.close()
  })
})
