/**
 * The group API handlers over real sockets: a Broker's coordinator (fake clock) behind a listener
 * serving `groupHandlers`, driven by raw requests encoded by the generated codecs, at the lowest and
 * the highest version of every API. One connection per member, as clients do (a pending JoinGroup
 * holds its connection). Flows: FindCoordinator, join (MEMBER_ID_REQUIRED from v4), sync, heartbeat,
 * a second member's join (REBALANCE_IN_PROGRESS to the first), commit and fetch of offsets (stale
 * generations, unknown members), List/Describe/Delete groups, OffsetDelete, leave; static members
 * fenced (FENCED_INSTANCE_ID); a pending JoinGroup answered NOT_COORDINATOR when the broker closes,
 * and dropped without a handler error when its connection closes.
 */
import diagnostics from 'node:diagnostics_channel'
import { afterEach, describe, expect, it } from 'vitest'
import { Broker } from '../../src/broker/broker.js'
import { KafkaError as E } from '../../src/broker/errors.js'
import { GROUP_API_VERSIONS } from '../../src/broker/group/coordinator.js'
import { createListener, handlerTable, LISTENER_CHANNELS, type ConnectionClosedEvent, type Listener } from '../../src/broker/net/index.js'
import { groupHandlers } from '../../src/broker/net/handlers/group/index.js'
import {
  API_CODECS,
  API_KEYS,
  type ApiKey,
  type RequestBodies,
  type ResponseBodies,
  type StructSchema,
  type VersionRange,
} from '../../src/protocol/index.js'
import { createDeleteGroupsRequest } from '../../src/protocol/messages/delete-groups-request.js'
import { createDescribeGroupsRequest } from '../../src/protocol/messages/describe-groups-request.js'
import { createFindCoordinatorRequest } from '../../src/protocol/messages/find-coordinator-request.js'
import { createListGroupsRequest } from '../../src/protocol/messages/list-groups-request.js'
import { createOffsetDeleteRequest } from '../../src/protocol/messages/offset-delete-request.js'
import { createOffsetFetchRequest } from '../../src/protocol/messages/offset-fetch-request.js'
import { FakeClock } from '../helpers/fake-clock.js'
import { commitRequest, counterUuid, heartbeatRequest, joinRequest, leaveRequest, syncRequest } from '../helpers/groups.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { WireClient } from '../helpers/wire-client.js'

const dirs = useTempDirs('kafka-lite-wire-groups-')
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

type Versions = Record<keyof typeof GROUP_API_VERSIONS, number>
const pick = (i: 0 | 1): Versions => Object.fromEntries(Object.entries(GROUP_API_VERSIONS).map(([k, r]) => [k, r[i]])) as Versions
const MIN = pick(0)
const MAX = pick(1)

const handlerErrors: unknown[] = []
diagnostics.subscribe(LISTENER_CHANNELS.connectionClosed, (m) => {
  if ((m as ConnectionClosedEvent).reason === 'handler-error') handlerErrors.push(m)
})

async function setup(): Promise<{ broker: Broker; clock: FakeClock; listener: Listener; port: number }> {
  const clock = new FakeClock()
  const broker = await Broker.open(dirs.make(), { groups: { clock, initialRebalanceDelayMs: 0, randomUUID: counterUuid() } })
  cleanups.push(() => broker.close())
  await broker.createTopic('t', { partitions: 2 })
  let port = 0
  const listener = createListener({
    handlers: handlerTable(groupHandlers(broker.groupCoordinator, () => ({ nodeId: 0, host: '127.0.0.1', port }))),
  })
  cleanups.push(() => listener.close())
  port = (await listener.listen({ port: 0 })).port
  return { broker, clock, listener, port }
}

const inRange = (r: VersionRange | null, v: number): boolean => r !== null && v >= r[0] && v <= r[1]

/**
 * `body` with every field its version lacks set back to its default (the codecs refuse a non-default
 * value there), so one request literal serves every version, as a client's request object does.
 */
function fitToVersion(schema: StructSchema, body: object, version: number): object {
  const defaults = schema.create() as Record<string, unknown>
  const out: Record<string, unknown> = { ...(body as Record<string, unknown>) }
  for (const f of schema.fields) {
    if (!inRange(f.versions, version)) {
      out[f.name] = defaults[f.name]
      continue
    }
    const value = out[f.name]
    if (f.type === 'struct' && f.struct !== undefined && value !== null && value !== undefined)
      out[f.name] = fitToVersion(f.struct, value as object, version)
    if (f.type === 'array' && typeof f.element === 'object' && Array.isArray(value)) {
      const element = f.element
      out[f.name] = value.map((e: object) => fitToVersion(element, e, version))
    }
  }
  return out
}

/** One member's connection: sends a request and returns its response promise (decoded at the same version). */
class Conn {
  #correlation = 0
  constructor(readonly client: WireClient) {}
  static async open(port: number): Promise<Conn> {
    const client = await WireClient.connect(port)
    cleanups.push(() => client.destroy())
    return new Conn(client)
  }
  send<K extends ApiKey>(apiKey: K, version: number, body: RequestBodies[K]): Promise<ResponseBodies[K]> {
    const id = ++this.#correlation
    const codecs = API_CODECS.find((c) => c.apiKey === apiKey)!
    this.client.request(apiKey, version, id, fitToVersion(codecs.request.schema, body, version) as RequestBodies[K], 'wire-test')
    return this.client.response(apiKey, version).then((r) => {
      expect(r.correlationId).toBe(id)
      return r.body
    })
  }
}

/** Lets the sockets and the coordinator run, advancing the fake clock by `stepMs` each turn, until `p` settles. */
async function drive<T>(clock: FakeClock, p: Promise<T>, stepMs = 0): Promise<T> {
  let done = false
  const watched = p.finally(() => (done = true))
  for (let turns = 0; !done; turns++) {
    if (turns > 100_000) throw new Error('the request never settled')
    clock.advance(stepMs)
    await new Promise((resolve) => setImmediate(resolve))
  }
  return watched
}

/** Joins a new dynamic member the way a client of `version` does (a second join with the given id from v4, KIP-394). */
async function join(
  conn: Conn,
  clock: FakeClock,
  version: number,
  fields: { groupId: string; memberId?: string; groupInstanceId?: string | null } = { groupId: 'g' },
): Promise<ResponseBodies[typeof API_KEYS.JoinGroup]> {
  const request = (memberId: string) => joinRequest({ ...fields, memberId, groupInstanceId: fields.groupInstanceId ?? null })
  let r = await drive(clock, conn.send(API_KEYS.JoinGroup, version, request(fields.memberId ?? '')))
  if (version >= 4 && (fields.memberId ?? '') === '' && (fields.groupInstanceId ?? null) === null) {
    expect(r.errorCode).toBe(E.MEMBER_ID_REQUIRED)
    expect(r.memberId).not.toBe('')
    r = await drive(clock, conn.send(API_KEYS.JoinGroup, version, request(r.memberId)))
  }
  return r
}

describe.each([
  ['lowest', MIN],
  ['highest', MAX],
])('group APIs over the wire at their %s versions', (_, V) => {
  it('find, join, sync, heartbeat, rebalance, commit, fetch, list, describe, offset delete, leave, delete', async () => {
    const { clock, port } = await setup()
    const a = await Conn.open(port)
    const b = await Conn.open(port)

    // FindCoordinator: this node for a group.
    const found = await a.send(
      API_KEYS.FindCoordinator,
      V.FindCoordinator,
      createFindCoordinatorRequest({ key: 'g', keyType: 0, coordinatorKeys: ['g'] }),
    )
    if (V.FindCoordinator >= 4)
      expect(found.coordinators).toMatchObject([{ key: 'g', errorCode: E.NONE, nodeId: 0, host: '127.0.0.1', port }])
    else expect(found).toMatchObject({ errorCode: E.NONE, nodeId: 0, host: '127.0.0.1', port })

    // A joins alone: leader of generation 1; its sync returns the bytes it gave itself.
    const ja = await join(a, clock, V.JoinGroup)
    expect(ja).toMatchObject({ errorCode: E.NONE, generationId: 1, leader: ja.memberId })
    expect(ja.members.map((m) => m.memberId)).toEqual([ja.memberId])
    const mine = Buffer.from('assignment-of-a')
    const sa = await a.send(
      API_KEYS.SyncGroup,
      V.SyncGroup,
      syncRequest({ groupId: 'g', generationId: 1, memberId: ja.memberId, assignments: [{ memberId: ja.memberId, assignment: mine }] }),
    )
    expect(sa.errorCode).toBe(E.NONE)
    expect(sa.assignment).toEqual(mine)

    // Heartbeats: fine, stale generation, unknown member.
    const hb = (conn: Conn, generationId: number, memberId: string) =>
      conn.send(API_KEYS.Heartbeat, V.Heartbeat, heartbeatRequest({ groupId: 'g', generationId, memberId })).then((r) => r.errorCode)
    expect(await hb(a, 1, ja.memberId)).toBe(E.NONE)
    expect(await hb(a, 7, ja.memberId)).toBe(E.ILLEGAL_GENERATION)
    expect(await hb(a, 1, 'nobody')).toBe(E.UNKNOWN_MEMBER_ID)

    // Commits: accepted in generation 1; a stale generation and an unknown member are refused.
    const commit = (conn: Conn, generationId: number, memberId: string, offset: number) =>
      conn
        .send(
          API_KEYS.OffsetCommit,
          V.OffsetCommit,
          commitRequest({ groupId: 'g', generationIdOrMemberEpoch: generationId, memberId }, [
            { topic: 't', partition: 0, offset, metadata: 'meta' },
          ]),
        )
        .then((r) => r.topics[0]!.partitions[0]!.errorCode)
    expect(await commit(a, 1, ja.memberId, 42)).toBe(E.NONE)
    expect(await commit(a, 0, ja.memberId, 43)).toBe(E.ILLEGAL_GENERATION)
    expect(await commit(a, 1, 'nobody', 43)).toBe(E.UNKNOWN_MEMBER_ID)

    // B joins: pending until A rejoins; A learns of it from its heartbeat.
    const jbPending = join(b, clock, V.JoinGroup)
    let code: number
    do code = await drive(clock, hb(a, 1, ja.memberId))
    while (code === E.NONE)
    expect(code).toBe(E.REBALANCE_IN_PROGRESS)
    const ja2 = await drive(clock, a.send(API_KEYS.JoinGroup, V.JoinGroup, joinRequest({ groupId: 'g', memberId: ja.memberId })))
    const jb = await jbPending
    expect(ja2).toMatchObject({ errorCode: E.NONE, generationId: 2, leader: ja.memberId })
    expect(jb).toMatchObject({ errorCode: E.NONE, generationId: 2, leader: ja.memberId, members: [] })
    expect(ja2.members.map((m) => m.memberId).sort()).toEqual([ja.memberId, jb.memberId].sort())
    // The follower's sync waits for the leader's; each gets exactly its bytes.
    const sbPending = b.send(API_KEYS.SyncGroup, V.SyncGroup, syncRequest({ groupId: 'g', generationId: 2, memberId: jb.memberId }))
    const forB = Buffer.from('assignment-of-b')
    const sa2 = await drive(
      clock,
      a.send(
        API_KEYS.SyncGroup,
        V.SyncGroup,
        syncRequest({
          groupId: 'g',
          generationId: 2,
          memberId: ja.memberId,
          assignments: [
            { memberId: ja.memberId, assignment: mine },
            { memberId: jb.memberId, assignment: forB },
          ],
        }),
      ),
    )
    expect(sa2.assignment).toEqual(mine)
    expect((await drive(clock, sbPending)).assignment).toEqual(forB)
    expect(await commit(a, 1, ja.memberId, 50)).toBe(E.ILLEGAL_GENERATION)
    expect(await commit(b, 2, jb.memberId, 44)).toBe(E.NONE)

    // OffsetFetch: the committed offset and metadata (several groups from v8).
    if (V.OffsetFetch >= 8) {
      const f = await a.send(
        API_KEYS.OffsetFetch,
        V.OffsetFetch,
        createOffsetFetchRequest({
          groups: [
            { groupId: 'g', memberId: null, memberEpoch: -1, topics: [{ name: 't', partitionIndexes: [0, 1] }] },
            { groupId: 'other', memberId: null, memberEpoch: -1, topics: null },
          ],
        }),
      )
      expect(f.groups.map((g) => g.groupId)).toEqual(['g', 'other'])
      expect(f.groups[0]!.topics[0]!.partitions.map((p) => [p.partitionIndex, p.committedOffset, p.metadata])).toEqual([
        [0, 44n, 'meta'],
        [1, -1n, ''],
      ])
      expect(f.groups[1]!.topics).toEqual([])
    } else {
      const f = await a.send(
        API_KEYS.OffsetFetch,
        V.OffsetFetch,
        createOffsetFetchRequest({ groupId: 'g', topics: [{ name: 't', partitionIndexes: [0, 1] }] }),
      )
      expect(f.topics[0]!.partitions.map((p) => [p.partitionIndex, p.committedOffset, p.metadata])).toEqual([
        [0, 44n, 'meta'],
        [1, -1n, ''],
      ])
    }

    // ListGroups and DescribeGroups see the Stable group and both members.
    const listed = await a.send(API_KEYS.ListGroups, V.ListGroups, createListGroupsRequest({ statesFilter: ['Stable'] }))
    expect(listed.groups.map((g) => [g.groupId, g.protocolType])).toEqual([['g', 'consumer']])
    if (V.ListGroups >= 4) {
      expect(listed.groups[0]!.groupState).toBe('Stable')
      expect((await a.send(API_KEYS.ListGroups, V.ListGroups, createListGroupsRequest({ statesFilter: ['Empty'] }))).groups).toEqual([])
    }
    const described = await a.send(API_KEYS.DescribeGroups, V.DescribeGroups, createDescribeGroupsRequest({ groups: ['g', 'unknown'] }))
    expect(described.groups[0]).toMatchObject({
      errorCode: E.NONE,
      groupId: 'g',
      groupState: 'Stable',
      protocolType: 'consumer',
      protocolData: 'range',
    })
    expect(described.groups[0]!.members.map((m) => m.memberId).sort()).toEqual([ja.memberId, jb.memberId].sort())
    expect(described.groups[0]!.members.every((m) => m.clientId === 'wire-test' && m.clientHost.startsWith('/'))).toBe(true)
    expect(described.groups[1]).toMatchObject({ groupState: 'Dead', errorCode: V.DescribeGroups >= 6 ? E.GROUP_ID_NOT_FOUND : E.NONE })

    // A non-empty group cannot be deleted; both leave; then its offset and the group go.
    expect(
      (await a.send(API_KEYS.DeleteGroups, V.DeleteGroups, createDeleteGroupsRequest({ groupsNames: ['g'] }))).results[0]!.errorCode,
    ).toBe(E.NON_EMPTY_GROUP)
    if (V.LeaveGroup >= 3) {
      const left = await a.send(
        API_KEYS.LeaveGroup,
        V.LeaveGroup,
        leaveRequest({
          groupId: 'g',
          members: [
            { memberId: ja.memberId, groupInstanceId: null, reason: null },
            { memberId: jb.memberId, groupInstanceId: null, reason: null },
          ],
        }),
      )
      expect(left.errorCode).toBe(E.NONE)
      expect(left.members.map((m) => m.errorCode)).toEqual([E.NONE, E.NONE])
    } else {
      expect((await a.send(API_KEYS.LeaveGroup, V.LeaveGroup, leaveRequest({ groupId: 'g', memberId: ja.memberId }))).errorCode).toBe(
        E.NONE,
      )
      expect((await b.send(API_KEYS.LeaveGroup, V.LeaveGroup, leaveRequest({ groupId: 'g', memberId: jb.memberId }))).errorCode).toBe(
        E.NONE,
      )
    }
    expect(await hb(b, 2, jb.memberId)).toBe(E.UNKNOWN_MEMBER_ID)
    const od = await a.send(
      API_KEYS.OffsetDelete,
      V.OffsetDelete,
      createOffsetDeleteRequest({ groupId: 'g', topics: [{ name: 't', partitions: [{ partitionIndex: 0 }] }] }),
    )
    expect(od.errorCode).toBe(E.NONE)
    expect(od.topics[0]!.partitions[0]!.errorCode).toBe(E.NONE)
    expect(
      (await a.send(API_KEYS.DeleteGroups, V.DeleteGroups, createDeleteGroupsRequest({ groupsNames: ['g', 'g'] }))).results,
    ).toMatchObject([{ groupId: 'g', errorCode: E.NONE }])
    expect((await a.send(API_KEYS.ListGroups, V.ListGroups, createListGroupsRequest({}))).groups).toEqual([])
    expect(handlerErrors).toEqual([])
  })
})

describe('group APIs over the wire: static members, transactional ids, closing', () => {
  it('FindCoordinator: COORDINATOR_NOT_AVAILABLE for a transactional id, at v3 and in a v6 batch', async () => {
    const { port } = await setup()
    const a = await Conn.open(port)
    expect(await a.send(API_KEYS.FindCoordinator, 3, createFindCoordinatorRequest({ key: 'tx', keyType: 1 }))).toMatchObject({
      errorCode: E.COORDINATOR_NOT_AVAILABLE,
      nodeId: -1,
    })
    const r = await a.send(API_KEYS.FindCoordinator, 6, createFindCoordinatorRequest({ keyType: 1, coordinatorKeys: ['tx1', 'tx2'] }))
    expect(r.coordinators.map((c) => [c.key, c.errorCode])).toEqual([
      ['tx1', E.COORDINATOR_NOT_AVAILABLE],
      ['tx2', E.COORDINATOR_NOT_AVAILABLE],
    ])
  })

  it('a static member replaced by a new one with its instance id is FENCED_INSTANCE_ID; the new one keeps the assignment', async () => {
    const { clock, port } = await setup()
    const a = await Conn.open(port)
    const a2 = await Conn.open(port)
    const ja = await join(a, clock, 9, { groupId: 'g', groupInstanceId: 'i1' })
    expect(ja.errorCode).toBe(E.NONE)
    const bytes = Buffer.from('p0')
    await a.send(
      API_KEYS.SyncGroup,
      5,
      syncRequest({
        groupId: 'g',
        generationId: ja.generationId,
        memberId: ja.memberId,
        groupInstanceId: 'i1',
        assignments: [{ memberId: ja.memberId, assignment: bytes }],
      }),
    )
    // The process restarts: same instance id, no member id.
    const jn = await join(a2, clock, 9, { groupId: 'g', groupInstanceId: 'i1' })
    expect(jn.errorCode).toBe(E.NONE)
    expect(jn.memberId).not.toBe(ja.memberId)
    const old = await a.send(
      API_KEYS.Heartbeat,
      4,
      heartbeatRequest({ groupId: 'g', generationId: ja.generationId, memberId: ja.memberId, groupInstanceId: 'i1' }),
    )
    expect(old.errorCode).toBe(E.FENCED_INSTANCE_ID)
    const oldCommit = await a.send(
      API_KEYS.OffsetCommit,
      9,
      commitRequest({ groupId: 'g', generationIdOrMemberEpoch: ja.generationId, memberId: ja.memberId, groupInstanceId: 'i1' }, [
        { topic: 't', partition: 0, offset: 1 },
      ]),
    )
    expect(oldCommit.topics[0]!.partitions[0]!.errorCode).toBe(E.FENCED_INSTANCE_ID)
    const sn = await a2.send(
      API_KEYS.SyncGroup,
      5,
      syncRequest({ groupId: 'g', generationId: jn.generationId, memberId: jn.memberId, groupInstanceId: 'i1' }),
    )
    expect(sn).toMatchObject({ errorCode: E.NONE })
    expect(sn.assignment).toEqual(bytes)
  })

  it('a JoinGroup pending when the broker closes is answered NOT_COORDINATOR; one whose connection closes is dropped without a handler error', async () => {
    const { broker, clock, port } = await setup()
    const a = await Conn.open(port)
    const b = await Conn.open(port)
    const c = await Conn.open(port)
    const ja = await join(a, clock, 9)
    await a.send(API_KEYS.SyncGroup, 5, syncRequest({ groupId: 'g', generationId: 1, memberId: ja.memberId }))
    // B's join parks until A rejoins (A never does here); C's connection goes away while it is parked.
    const jb0 = await b.send(API_KEYS.JoinGroup, 9, joinRequest({ groupId: 'g' }))
    const pendingB = b.send(API_KEYS.JoinGroup, 9, joinRequest({ groupId: 'g', memberId: jb0.memberId }))
    const jc0 = await c.send(API_KEYS.JoinGroup, 9, joinRequest({ groupId: 'g' }))
    c.client.request(API_KEYS.JoinGroup, 9, 99, joinRequest({ groupId: 'g', memberId: jc0.memberId }))
    let state: string | undefined
    do {
      await new Promise((resolve) => setImmediate(resolve))
      state = broker.groupCoordinator.group('g')?.state
    } while (state !== 'PreparingRebalance')
    c.client.destroy()
    await c.client.closed
    await broker.close()
    expect((await pendingB).errorCode).toBe(E.NOT_COORDINATOR)
    expect(handlerErrors).toEqual([])
  })
})
