/**
 * The coordinator's lifecycle: aborted parked requests, close (parked members answered
 * NOT_COORDINATOR, later calls KLOG_CLOSED), argument checks, and a bug answered UNKNOWN_SERVER_ERROR.
 */
import diagnostics from 'node:diagnostics_channel'
import { describe, expect, it } from 'vitest'
import { GROUP_COORDINATOR_CHANNEL, GroupCoordinator } from '../../../../src/broker/group/coordinator.js'
import { KafkaError as E } from '../../../../src/broker/errors.js'
import { useTempDirs } from '../../../helpers/temp-dir.js'
import { codeOf } from '../../../helpers/errors.js'
import { heartbeatRequest, joinRequest, openCoordinator, settled, subscriptionMetadata, syncRequest, v } from '../../../helpers/groups.js'

const dirs = useTempDirs('kafka-lite-group-lifecycle-')

describe('GroupCoordinator lifecycle', () => {
  it('an aborted parked JoinGroup rejects with AbortError at once; the member stays, as Kafka keeps it, and its session decides', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make(), { initialRebalanceDelayMs: 1000 })
    const ac = new AbortController()
    const p = coordinator.joinGroup(joinRequest({ groupId: 'g', sessionTimeoutMs: 10_000 }), v(3, { signal: ac.signal }))
    ac.abort()
    await expect(p).rejects.toMatchObject({ name: 'AbortError' })
    expect(coordinator.group('g')?.members).toHaveLength(1)
    clock.advance(1000) // the join phase completes (answer to nobody); the session runs from there
    expect(coordinator.group('g')?.state).toBe('CompletingRebalance')
    clock.advance(10_000)
    expect(coordinator.group('g')?.state).toBe('Empty')
    // An already aborted signal rejects without touching the group.
    const done = new AbortController()
    done.abort()
    await expect(
      coordinator.syncGroup(syncRequest({ groupId: 'g', generationId: 1, memberId: 'x' }), v(5, { signal: done.signal })),
    ).rejects.toMatchObject({
      name: 'AbortError',
    })
    await coordinator.close()
  })

  it('an aborted parked SyncGroup rejects; the leader’s assignment still completes the rebalance', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const joins = [0, 1].map(() => coordinator.joinGroup(joinRequest({ groupId: 'g' }), v(3)))
    clock.advance(0)
    const rs = await Promise.all(joins)
    const follower = rs.find((r) => r.leader !== r.memberId)!
    const ac = new AbortController()
    const parked = coordinator.syncGroup(
      syncRequest({ groupId: 'g', generationId: 1, memberId: follower.memberId }),
      v(5, { signal: ac.signal }),
    )
    ac.abort()
    await expect(parked).rejects.toMatchObject({ name: 'AbortError' })
    await coordinator.syncGroup(
      syncRequest({
        groupId: 'g',
        generationId: 1,
        memberId: follower.leader,
        assignments: [{ memberId: follower.memberId, assignment: Buffer.from('x') }],
      }),
      v(5),
    )
    expect(coordinator.group('g')?.state).toBe('Stable')
    expect(coordinator.group('g')?.members.find((m) => m.memberId === follower.memberId)?.assignment).toEqual(Buffer.from('x'))
    await coordinator.close()
  })

  it('close answers parked joins and syncs NOT_COORDINATOR, stops timers, and later calls reject with KLOG_CLOSED', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make(), { initialRebalanceDelayMs: 1000 })
    const parkedJoin = coordinator.joinGroup(joinRequest({ groupId: 'a' }), v(3))
    const joins = [0, 1].map(() => coordinator.joinGroup(joinRequest({ groupId: 'b' }), v(3)))
    clock.advance(2000) // b's second member extended its initial delay once
    const rs = await Promise.all(joins)
    expect(await settled(parkedJoin)).toBe(true) // group a completed too
    void parkedJoin
    const follower = rs.find((r) => r.leader !== r.memberId)!
    const parkedSync = coordinator.syncGroup(syncRequest({ groupId: 'b', generationId: 1, memberId: follower.memberId }), v(5))
    const changed = [{ name: 'range', metadata: subscriptionMetadata(['t', 'u']) }]
    const rejoin = coordinator.joinGroup(
      joinRequest({ groupId: 'b', memberId: follower.leader, rebalanceTimeoutMs: 60_000, protocols: changed }),
      v(3),
    )
    // b rebalances (its leader rejoined with new metadata): the follower's parked sync is answered REBALANCE_IN_PROGRESS.
    expect((await parkedSync).errorCode).toBe(E.REBALANCE_IN_PROGRESS)
    const close = coordinator.close()
    expect((await rejoin).errorCode).toBe(E.NOT_COORDINATOR)
    await close
    await coordinator.close() // idempotent
    clock.advance(1_000_000)
    expect(await codeOf(coordinator.heartbeat(heartbeatRequest({ groupId: 'b', generationId: 1, memberId: 'x' }), v(4)))).toBe(
      'KLOG_CLOSED',
    )
    expect(await codeOf(coordinator.expireOffsets())).toBe('KLOG_CLOSED')
  })

  it('calls no wire request could make throw synchronously: TypeError, RangeError (unserved versions)', async () => {
    const { coordinator } = await openCoordinator(dirs.make())
    expect(() => coordinator.joinGroup(null as never, v(3))).toThrow(TypeError)
    expect(() => coordinator.joinGroup(joinRequest({ groupId: 'g' }), null as never)).toThrow(TypeError)
    expect(() => coordinator.joinGroup(joinRequest({ groupId: 'g' }), v(10))).toThrow(RangeError)
    expect(() => coordinator.commitOffsets({} as never, v(1))).toThrow(RangeError)
    expect(() => coordinator.fetchOffsets({} as never, v(0))).toThrow(RangeError)
    expect(() => coordinator.heartbeat({} as never, v(1.5))).toThrow(RangeError)
    await coordinator.close()
    await expect(GroupCoordinator.open({ dir: dirs.make(), maxGroupSize: -1 })).rejects.toThrow(RangeError)
    await expect(GroupCoordinator.open({ dir: dirs.make(), minSessionTimeoutMs: 10, maxSessionTimeoutMs: 5 })).rejects.toThrow(RangeError)
  })

  it('a bug inside a handler is answered UNKNOWN_SERVER_ERROR and published on the diagnostics channel, never thrown', async () => {
    const { coordinator } = await openCoordinator(dirs.make())
    const events: unknown[] = []
    const listener = (m: unknown): void => void events.push(m)
    diagnostics.subscribe(GROUP_COORDINATOR_CHANNEL, listener)
    try {
      // A request whose protocols are not an array makes the handler fail: a stand-in for a bug.
      const r = await coordinator.joinGroup({ ...joinRequest({ groupId: 'g' }), protocols: 7 as never }, v(3))
      expect(r.errorCode).toBe(E.UNKNOWN_SERVER_ERROR)
      expect(events).toHaveLength(1)
      expect(events[0]).toMatchObject({ event: 'error', operation: 'JoinGroup' })
    } finally {
      diagnostics.unsubscribe(GROUP_COORDINATOR_CHANNEL, listener)
      await coordinator.close()
    }
  })
})
