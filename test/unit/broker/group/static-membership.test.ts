/**
 * Static membership (KIP-345): a restarted static member takes its instance id back without a
 * rebalance, the member id it replaces is fenced, and a static member missing a rebalance is kept.
 */
import { describe, expect, it } from 'vitest'
import { KafkaError as E } from '../../../../src/broker/errors.js'
import { useTempDirs } from '../../../helpers/temp-dir.js'
import {
  heartbeatRequest,
  joinRequest,
  openCoordinator,
  settled,
  stableGroup,
  subscriptionMetadata,
  syncRequest,
  v,
} from '../../../helpers/groups.js'

const dirs = useTempDirs('kafka-lite-group-static-')
const bytes = (s: string): Buffer => Buffer.from(s)

describe('static members', () => {
  it('a static follower restarting in Stable keeps its assignment, no rebalance; the old member id is fenced', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const [l, f] = await stableGroup(coordinator, clock, 'g', 2, {
      instanceIds: ['i0', 'i1'],
      assignments: () => [bytes('A0'), bytes('A1')],
    })
    const follower = l!.leader === l!.memberId ? f! : l!
    const r = await coordinator.joinGroup(
      joinRequest({ groupId: 'g', groupInstanceId: follower.groupInstanceId }),
      v(9, { clientId: 'restarted' }),
    )
    expect(r.errorCode).toBe(E.NONE)
    expect(r.memberId).toBe(`${follower.groupInstanceId}-uuid-3`) // uuid-1 and -2 went to the first incarnations
    expect(r.generationId).toBe(1)
    expect(r.members).toEqual([])
    expect(r.skipAssignment).toBe(false)
    expect(coordinator.group('g')?.state).toBe('Stable')
    const s = await coordinator.syncGroup(
      syncRequest({ groupId: 'g', generationId: 1, memberId: r.memberId, groupInstanceId: follower.groupInstanceId }),
      v(5),
    )
    expect(s.assignment).toEqual(follower === l ? bytes('A0') : bytes('A1'))
    // The old member id: FENCED_INSTANCE_ID with the instance id; UNKNOWN_MEMBER_ID without it (v<3).
    const hb = (memberId: string, groupInstanceId: string | null, version: number) =>
      coordinator.heartbeat(heartbeatRequest({ groupId: 'g', generationId: 1, memberId, groupInstanceId }), v(version))
    expect((await hb(follower.memberId, follower.groupInstanceId, 4)).errorCode).toBe(E.FENCED_INSTANCE_ID)
    expect((await hb(follower.memberId, null, 2)).errorCode).toBe(E.UNKNOWN_MEMBER_ID)
    expect((await hb(r.memberId, follower.groupInstanceId, 4)).errorCode).toBe(E.NONE)
    const j = await coordinator.joinGroup(
      joinRequest({ groupId: 'g', memberId: follower.memberId, groupInstanceId: follower.groupInstanceId }),
      v(9),
    )
    expect(j.errorCode).toBe(E.FENCED_INSTANCE_ID)
    expect(j.protocolName).toBe(null)
    await coordinator.close()
  })

  it('the static leader restarting: v9+ learns the members and is told to skip the assignment; before v9 it is told the old id leads', async () => {
    for (const version of [9, 8, 5]) {
      const { coordinator, clock } = await openCoordinator(dirs.make())
      const ms = await stableGroup(coordinator, clock, 'g', 2, { instanceIds: ['i0', 'i1'] })
      const leader = ms.find((m) => m.memberId === m.leader)!
      const r = await coordinator.joinGroup(joinRequest({ groupId: 'g', groupInstanceId: leader.groupInstanceId }), v(version))
      expect(r.errorCode).toBe(E.NONE)
      expect(coordinator.group('g')?.state).toBe('Stable')
      expect(coordinator.group('g')?.leaderId).toBe(r.memberId)
      if (version >= 9) {
        expect(r.skipAssignment).toBe(true)
        expect(r.leader).toBe(r.memberId)
        expect(r.members.map((m) => m.groupInstanceId).sort()).toEqual(['i0', 'i1'])
      } else {
        expect(r.skipAssignment).toBe(false)
        expect(r.leader).toBe(leader.memberId)
        expect(r.members).toEqual([])
      }
      await coordinator.close()
    }
  })

  it('a static member restarting with another subscription in Stable keeps the protocol: no rebalance; with another protocol: rebalance', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    await stableGroup(coordinator, clock, 'g', 1, { instanceIds: ['i0'] })
    const same = await coordinator.joinGroup(
      joinRequest({ groupId: 'g', groupInstanceId: 'i0', protocols: [{ name: 'range', metadata: subscriptionMetadata(['other']) }] }),
      v(9),
    )
    expect(same.generationId).toBe(1)
    expect(coordinator.group('g')?.state).toBe('Stable')
    // Offering only another protocol is refused while the group's members (its old incarnation) do not support it:
    const refused = await coordinator.joinGroup(
      joinRequest({ groupId: 'g', groupInstanceId: 'i0', protocols: [{ name: 'roundrobin', metadata: subscriptionMetadata(['t']) }] }),
      v(9),
    )
    expect(refused.errorCode).toBe(E.INCONSISTENT_GROUP_PROTOCOL)
    const meta = subscriptionMetadata(['t'])
    const changed = coordinator.joinGroup(
      joinRequest({
        groupId: 'g',
        groupInstanceId: 'i0',
        protocols: [
          { name: 'roundrobin', metadata: meta },
          { name: 'range', metadata: meta },
        ],
      }),
      v(9),
    )
    // Its only member has rejoined: the rebalance completes at once with the new protocol.
    const r = await changed
    expect(r.generationId).toBe(2)
    expect(r.protocolName).toBe('roundrobin')
    await coordinator.close()
  })

  it('a static member rejoining with an unknown member id during CompletingRebalance triggers a rebalance and fences the parked old id', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const joins = ['i0', 'i1'].map((i) => coordinator.joinGroup(joinRequest({ groupId: 'g', groupInstanceId: i }), v(9)))
    clock.advance(0)
    const rs = await Promise.all(joins)
    const follower = rs.find((r) => r.memberId !== r.leader)!
    const followerInstance = follower.memberId.startsWith('i0') ? 'i0' : 'i1'
    const parked = coordinator.syncGroup(
      syncRequest({ groupId: 'g', generationId: 1, memberId: follower.memberId, groupInstanceId: followerInstance }),
      v(5),
    )
    const again = coordinator.joinGroup(joinRequest({ groupId: 'g', groupInstanceId: followerInstance }), v(9))
    expect((await parked).errorCode).toBe(E.FENCED_INSTANCE_ID)
    expect(coordinator.group('g')?.state).toBe('PreparingRebalance')
    expect(await settled(again)).toBe(false)
    await coordinator.close()
  })

  it('a static member that misses a rebalance stays a member (its session decides), a dynamic one is dropped', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const ms = await stableGroup(coordinator, clock, 'g', 3, {
      instanceIds: ['s'],
      join: { sessionTimeoutMs: 60_000, rebalanceTimeoutMs: 20_000 },
    })
    const leader = ms.find((m) => m.memberId === m.leader)!
    const r = coordinator.joinGroup(
      joinRequest({
        groupId: 'g',
        memberId: leader.memberId,
        groupInstanceId: leader.groupInstanceId,
        sessionTimeoutMs: 60_000,
        rebalanceTimeoutMs: 20_000,
      }),
      v(9),
    )
    clock.advance(20_000)
    const joined = await r
    expect(joined.generationId).toBe(2)
    const members = coordinator.group('g')!.members
    const staticMember = ms.find((m) => m.groupInstanceId === 's')!
    if (leader !== staticMember) {
      expect(members.map((m) => m.memberId).sort()).toEqual([leader.memberId, staticMember.memberId].sort())
    } else {
      expect(members.map((m) => m.memberId)).toEqual([leader.memberId])
    }
    await coordinator.close()
  })

  it('a static member whose old id is parked on JoinGroup during PreparingRebalance: the old join is fenced, the new one counts as joined', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const ms = await stableGroup(coordinator, clock, 'g', 2, { instanceIds: ['i0', 'i1'] })
    const [m0, m1] = ms
    const old0 = coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: m0!.memberId, groupInstanceId: 'i0' }), v(9))
    const old1 = coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: m1!.memberId, groupInstanceId: 'i1' }), v(9))
    // Both rejoined: CompletingRebalance at generation 2. A restart of i0 now triggers a new rebalance.
    const [r0, r1] = await Promise.all([old0, old1])
    expect(r0.generationId).toBe(2)
    const restarted = coordinator.joinGroup(joinRequest({ groupId: 'g', groupInstanceId: 'i0' }), v(9))
    expect(coordinator.group('g')?.state).toBe('PreparingRebalance')
    const again1 = coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: m1!.memberId, groupInstanceId: 'i1' }), v(9))
    const [a, b] = await Promise.all([restarted, again1])
    expect(a.generationId).toBe(3)
    expect(b.generationId).toBe(3)
    expect(a.memberId).not.toBe(m0!.memberId)
    void r1
    await coordinator.close()
  })
})
