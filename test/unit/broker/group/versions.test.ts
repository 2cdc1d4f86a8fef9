/**
 * Every response the coordinator returns encodes at the request's version with the generated codec
 * (no non-default value in a field the version lacks), for every API and version, in the states that
 * produce different answers; and what each version carries is Kafka's.
 */
import { describe, expect, it } from 'vitest'
import { GROUP_API_VERSIONS } from '../../../../src/broker/group/coordinator.js'
import { KafkaError as E } from '../../../../src/broker/errors.js'
import { findCoordinator } from '../../../../src/broker/group/admin-requests.js'
import { API_KEYS } from '../../../../src/protocol/messages/index.js'
import { apiByKey } from '../../../../src/protocol/api-registry.js'
import type { MessageCodec } from '../../../../src/protocol/schema.js'
import { createOffsetFetchRequest } from '../../../../src/protocol/messages/offset-fetch-request.js'
import { createListGroupsRequest } from '../../../../src/protocol/messages/list-groups-request.js'
import { createDescribeGroupsRequest } from '../../../../src/protocol/messages/describe-groups-request.js'
import { createDeleteGroupsRequest } from '../../../../src/protocol/messages/delete-groups-request.js'
import { createOffsetDeleteRequest } from '../../../../src/protocol/messages/offset-delete-request.js'
import { createFindCoordinatorRequest } from '../../../../src/protocol/messages/find-coordinator-request.js'
import { useTempDirs } from '../../../helpers/temp-dir.js'
import {
  commitRequest,
  heartbeatRequest,
  joinRequest,
  leaveRequest,
  openCoordinator,
  stableGroup,
  syncRequest,
  v,
} from '../../../helpers/groups.js'

const dirs = useTempDirs('kafka-lite-group-versions-')
type Api = keyof typeof GROUP_API_VERSIONS

function codec(api: Api): MessageCodec<unknown> {
  return apiByKey(API_KEYS[api])!.response
}

/** Encodes at `version` (must not throw) and returns the decoded value. */
function roundTrip(api: Api, value: unknown, version: number): any {
  const c = codec(api)
  const bytes = c.encode(value, version)
  return c.decode(bytes, version)
}

function versions(api: keyof typeof GROUP_API_VERSIONS): number[] {
  const [lo, hi] = GROUP_API_VERSIONS[api]
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i)
}

describe('responses at every version', () => {
  it('the served ranges are Kafka 4.0 brokers’ and match the codecs', () => {
    for (const api of Object.keys(GROUP_API_VERSIONS) as Api[]) {
      expect(GROUP_API_VERSIONS[api]).toEqual(codec(api).versions)
      expect(apiByKey(API_KEYS[api])!.request.versions).toEqual(codec(api).versions)
    }
  })

  it('JoinGroup', async () => {
    for (const version of versions('JoinGroup')) {
      const { coordinator, clock } = await openCoordinator(dirs.make())
      const responses = []
      const first = coordinator.joinGroup(joinRequest({ groupId: 'g' }), v(version))
      clock.advance(0)
      let r = await first
      if (version >= 4) {
        expect(r.errorCode).toBe(E.MEMBER_ID_REQUIRED)
        responses.push(r)
        const p = coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: r.memberId }), v(version))
        clock.advance(0)
        r = await p
      }
      expect(r.errorCode).toBe(E.NONE)
      responses.push(r)
      responses.push(await coordinator.joinGroup(joinRequest({ groupId: '' }), v(version)))
      responses.push(await coordinator.joinGroup(joinRequest({ groupId: 'g', memberId: 'ghost' }), v(version)))
      if (version >= 5) {
        const s = coordinator.joinGroup(joinRequest({ groupId: 's', groupInstanceId: 'i' }), v(version))
        clock.advance(0)
        const rs = await s
        expect(rs.members[0]!.groupInstanceId).toBe('i')
        responses.push(rs)
        // The static leader restarting: skip the assignment (v9), or not.
        await coordinator.syncGroup(syncRequest({ groupId: 's', generationId: 1, memberId: rs.memberId, groupInstanceId: 'i' }), v(5))
        responses.push(await coordinator.joinGroup(joinRequest({ groupId: 's', groupInstanceId: 'i' }), v(version)))
      }
      for (const resp of responses) {
        const back = roundTrip('JoinGroup', resp, version)
        expect(back.errorCode).toBe(resp.errorCode)
        expect(back.memberId).toBe(resp.memberId)
        expect(back.members).toEqual(version >= 5 ? resp.members : resp.members.map((m) => ({ ...m, groupInstanceId: null })))
        if (version < 7) expect(resp.protocolName).not.toBeNull()
        else expect(resp.protocolName).not.toBe('')
        expect(back.protocolName).toBe(resp.protocolName)
        expect(back.skipAssignment).toBe(resp.skipAssignment)
      }
      await coordinator.close()
    }
  })

  it('SyncGroup, Heartbeat, LeaveGroup', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const [m] = await stableGroup(coordinator, clock, 'g', 1)
    for (const version of versions('SyncGroup')) {
      const s = await coordinator.syncGroup(syncRequest({ groupId: 'g', generationId: 1, memberId: m!.memberId }), v(version))
      expect(roundTrip('SyncGroup', s, version).errorCode).toBe(E.NONE)
      const bad = await coordinator.syncGroup(syncRequest({ groupId: 'g', generationId: 9, memberId: m!.memberId }), v(version))
      expect(roundTrip('SyncGroup', bad, version).errorCode).toBe(E.ILLEGAL_GENERATION)
    }
    for (const version of versions('Heartbeat')) {
      const h = await coordinator.heartbeat(heartbeatRequest({ groupId: 'g', generationId: 1, memberId: m!.memberId }), v(version))
      expect(roundTrip('Heartbeat', h, version).errorCode).toBe(E.NONE)
    }
    for (const version of versions('LeaveGroup')) {
      const l = await coordinator.leaveGroup(
        leaveRequest({ groupId: 'g', memberId: 'ghost', members: [{ memberId: 'ghost', groupInstanceId: null, reason: null }] }),
        v(version),
      )
      const back = roundTrip('LeaveGroup', l, version)
      if (version < 3) expect(back.errorCode).toBe(E.UNKNOWN_MEMBER_ID)
      else expect(back.members.map((x: { errorCode: number }) => x.errorCode)).toEqual([E.UNKNOWN_MEMBER_ID])
    }
    await coordinator.close()
  })

  it('OffsetCommit, OffsetFetch, OffsetDelete', async () => {
    const { coordinator } = await openCoordinator(dirs.make())
    for (const version of versions('OffsetCommit')) {
      const r = await coordinator.commitOffsets(
        commitRequest({ groupId: 'g' }, [{ topic: 't', partition: 0, offset: version, leaderEpoch: 2 }]),
        v(version),
      )
      expect(roundTrip('OffsetCommit', r, version).topics[0].partitions[0].errorCode).toBe(E.NONE)
    }
    for (const version of versions('OffsetFetch')) {
      const req =
        version >= 8
          ? createOffsetFetchRequest({
              groups: [{ groupId: 'g', memberId: null, memberEpoch: -1, topics: [{ name: 't', partitionIndexes: [0] }] }],
            })
          : createOffsetFetchRequest({ groupId: 'g', topics: [{ name: 't', partitionIndexes: [0] }] })
      const back = roundTrip('OffsetFetch', await coordinator.fetchOffsets(req, v(version)), version)
      const p = version >= 8 ? back.groups[0].topics[0].partitions[0] : back.topics[0].partitions[0]
      expect(p.committedOffset).toBe(9n)
      expect(p.committedLeaderEpoch).toBe(version >= 5 ? 2 : -1)
    }
    const del = await coordinator.deleteOffsets(
      createOffsetDeleteRequest({ groupId: 'g', topics: [{ name: 't', partitions: [{ partitionIndex: 0 }] }] }),
      v(0),
    )
    expect(roundTrip('OffsetDelete', del, 0).topics[0].partitions[0].errorCode).toBe(E.NONE)
    await coordinator.close()
  })

  it('ListGroups, DescribeGroups, DeleteGroups, FindCoordinator', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    await stableGroup(coordinator, clock, 'g', 2, { instanceIds: ['i'] })
    for (const version of versions('ListGroups')) {
      const back = roundTrip(
        'ListGroups',
        await coordinator.listGroups(createListGroupsRequest({ statesFilter: ['stable'], typesFilter: ['classic'] }), v(version)),
        version,
      )
      expect(back.groups[0].groupId).toBe('g')
      expect(back.groups[0].groupState).toBe(version >= 4 ? 'Stable' : '')
      expect(back.groups[0].groupType).toBe(version >= 5 ? 'classic' : '')
    }
    for (const version of versions('DescribeGroups')) {
      const d = await coordinator.describeGroups(
        createDescribeGroupsRequest({ groups: ['g', 'x'], includeAuthorizedOperations: true }),
        v(version),
      )
      const back = roundTrip('DescribeGroups', d, version)
      expect(back.groups[0].members.map((m: { groupInstanceId: string | null }) => m.groupInstanceId).includes('i')).toBe(version >= 4)
      expect(back.groups[1].errorCode).toBe(version >= 6 ? E.GROUP_ID_NOT_FOUND : E.NONE)
    }
    for (const version of versions('DeleteGroups')) {
      expect(
        roundTrip(
          'DeleteGroups',
          await coordinator.deleteGroups(createDeleteGroupsRequest({ groupsNames: ['g', 'x'] }), v(version)),
          version,
        ).results,
      ).toHaveLength(2)
    }
    for (const version of versions('FindCoordinator')) {
      const r = findCoordinator(
        createFindCoordinatorRequest({ key: 'g', keyType: version >= 1 ? 2 : 0, coordinatorKeys: ['g'] }),
        version,
        { nodeId: 0, host: 'h', port: 1 },
      )
      roundTrip('FindCoordinator', r, version)
    }
    await coordinator.close()
  })
})
