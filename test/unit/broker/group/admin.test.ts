/**
 * ListGroups, DescribeGroups, DeleteGroups and FindCoordinator, at every version where they differ.
 */
import { describe, expect, it } from 'vitest'
import { KafkaError as E } from '../../../../src/broker/errors.js'
import { AUTHORIZED_OPERATIONS_OMITTED, GROUP_AUTHORIZED_OPERATIONS, findCoordinator } from '../../../../src/broker/group/admin-requests.js'
import { createListGroupsRequest } from '../../../../src/protocol/messages/list-groups-request.js'
import { createDescribeGroupsRequest } from '../../../../src/protocol/messages/describe-groups-request.js'
import { createDeleteGroupsRequest } from '../../../../src/protocol/messages/delete-groups-request.js'
import { createFindCoordinatorRequest } from '../../../../src/protocol/messages/find-coordinator-request.js'
import { useTempDirs } from '../../../helpers/temp-dir.js'
import { commitRequest, joinRequest, openCoordinator, stableGroup, subscriptionMetadata, v } from '../../../helpers/groups.js'

const dirs = useTempDirs('kafka-lite-group-admin-')

describe('ListGroups', () => {
  it('lists every group with its protocol type, state (v4+) and type (v5+), filtered case-insensitively', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    await stableGroup(coordinator, clock, 'stable', 1)
    await coordinator.commitOffsets(commitRequest({ groupId: 'simple' }, [{ topic: 't', partition: 0, offset: 1 }]), v(9))
    void coordinator.joinGroup(joinRequest({ groupId: 'joining', rebalanceTimeoutMs: 60_000 }), v(3))
    const list = async (statesFilter: string[], typesFilter: string[], version = 5) =>
      (await coordinator.listGroups(createListGroupsRequest({ statesFilter, typesFilter }), v(version))).groups
    expect(await list([], [])).toEqual([
      { groupId: 'joining', protocolType: 'consumer', groupState: 'PreparingRebalance', groupType: 'classic' },
      { groupId: 'simple', protocolType: '', groupState: 'Empty', groupType: 'classic' },
      { groupId: 'stable', protocolType: 'consumer', groupState: 'Stable', groupType: 'classic' },
    ])
    expect((await list([' STABLE', 'empty'], [])).map((g) => g.groupId)).toEqual(['simple', 'stable'])
    expect((await list(['nonsense'], [])).map((g) => g.groupId)).toEqual([])
    expect((await list([], ['Classic'])).map((g) => g.groupId)).toEqual(['joining', 'simple', 'stable'])
    expect(await list([], ['consumer'])).toEqual([])
    expect(await list([], ['whatever'])).toEqual([])
    // Filters a version does not have are not read.
    expect((await list(['stable'], ['consumer'], 3)).length).toBe(3)
    expect((await list(['stable'], ['consumer'], 4)).length).toBe(1)
    await coordinator.close()
  })
})

describe('DescribeGroups', () => {
  it('Stable: protocol and member metadata; otherwise members without metadata; unknown: Dead, GROUP_ID_NOT_FOUND from v6', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    const [m] = await stableGroup(coordinator, clock, 'g', 1, { instanceIds: ['i'], assignments: () => [Buffer.from('A')] })
    const d = await coordinator.describeGroups(
      createDescribeGroupsRequest({ groups: ['g', 'nope'], includeAuthorizedOperations: true }),
      v(6),
    )
    expect(d.groups[0]).toEqual({
      errorCode: E.NONE,
      errorMessage: null,
      groupId: 'g',
      groupState: 'Stable',
      protocolType: 'consumer',
      protocolData: 'range',
      members: [
        {
          memberId: m!.memberId,
          groupInstanceId: 'i',
          clientId: 'c0',
          clientHost: '/127.0.0.1',
          memberMetadata: subscriptionMetadata(['t']),
          memberAssignment: Buffer.from('A'),
        },
      ],
      authorizedOperations: GROUP_AUTHORIZED_OPERATIONS,
    })
    expect(d.groups[1]).toMatchObject({
      errorCode: E.GROUP_ID_NOT_FOUND,
      errorMessage: 'Group nope not found.',
      groupState: 'Dead',
      members: [],
    })
    const d5 = await coordinator.describeGroups(createDescribeGroupsRequest({ groups: ['nope'], includeAuthorizedOperations: true }), v(5))
    expect(d5.groups[0]).toMatchObject({
      errorCode: E.NONE,
      errorMessage: null,
      groupState: 'Dead',
      authorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
    })
    const d2 = await coordinator.describeGroups(createDescribeGroupsRequest({ groups: ['g'], includeAuthorizedOperations: true }), v(2))
    expect(d2.groups[0]!.authorizedOperations).toBe(AUTHORIZED_OPERATIONS_OMITTED)
    // A rebalance: members without metadata, no protocol data.
    void coordinator.joinGroup(joinRequest({ groupId: 'g', rebalanceTimeoutMs: 60_000 }), v(3))
    const r = await coordinator.describeGroups(createDescribeGroupsRequest({ groups: ['g'] }), v(6))
    expect(r.groups[0]!.groupState).toBe('PreparingRebalance')
    expect(r.groups[0]!.protocolData).toBe('')
    expect(r.groups[0]!.members.map((x) => x.memberMetadata.length)).toEqual([0, 0])
    await coordinator.close()
  })
})

describe('DeleteGroups', () => {
  it('deletes Empty groups and their offsets; NON_EMPTY_GROUP, GROUP_ID_NOT_FOUND; duplicates answered once', async () => {
    const { coordinator, clock } = await openCoordinator(dirs.make())
    await stableGroup(coordinator, clock, 'busy', 1)
    await coordinator.commitOffsets(commitRequest({ groupId: 'idle' }, [{ topic: 't', partition: 0, offset: 1 }]), v(9))
    const r = await coordinator.deleteGroups(createDeleteGroupsRequest({ groupsNames: ['idle', 'busy', 'nope', 'idle'] }), v(2))
    expect(r.results).toEqual([
      { groupId: 'idle', errorCode: E.NONE },
      { groupId: 'busy', errorCode: E.NON_EMPTY_GROUP },
      { groupId: 'nope', errorCode: E.GROUP_ID_NOT_FOUND },
    ])
    expect(coordinator.groupIds()).toEqual(['busy'])
    expect(coordinator.committedOffset('idle', 't', 0)).toBeUndefined()
    await coordinator.close()
  })
})

describe('FindCoordinator', () => {
  const node = { nodeId: 1, host: 'localhost', port: 9092 }
  it('v0-3: one key; this node for groups; COORDINATOR_NOT_AVAILABLE for transactional ids; INVALID_REQUEST for share groups and unknown types', () => {
    expect(findCoordinator(createFindCoordinatorRequest({ key: 'g', keyType: 0 }), 0, node)).toMatchObject({
      errorCode: 0,
      nodeId: 1,
      host: 'localhost',
      port: 9092,
    })
    expect(findCoordinator(createFindCoordinatorRequest({ key: 't', keyType: 1 }), 3, node)).toMatchObject({
      errorCode: E.COORDINATOR_NOT_AVAILABLE,
      nodeId: -1,
    })
    // v0 has no key type field: always a group lookup.
    expect(findCoordinator(createFindCoordinatorRequest({ key: 'g', keyType: 1 }), 0, node)).toMatchObject({ errorCode: 0, nodeId: 1 })
    expect(findCoordinator(createFindCoordinatorRequest({ key: 's', keyType: 2 }), 3, node)).toMatchObject({
      errorCode: E.INVALID_REQUEST,
      nodeId: -1,
      host: '',
      port: -1,
    })
  })
  it('v4+: a batch of keys', () => {
    const r = findCoordinator(createFindCoordinatorRequest({ keyType: 0, coordinatorKeys: ['a', 'b'] }), 4, node)
    expect(r.coordinators).toEqual([
      { key: 'a', nodeId: 1, host: 'localhost', port: 9092, errorCode: 0, errorMessage: null },
      { key: 'b', nodeId: 1, host: 'localhost', port: 9092, errorCode: 0, errorMessage: null },
    ])
    expect(findCoordinator(createFindCoordinatorRequest({ keyType: 7, coordinatorKeys: ['x'] }), 6, node).coordinators[0]!.errorCode).toBe(
      E.INVALID_REQUEST,
    )
  })
})
