/**
 * The admin APIs over the wire (src/broker/net/handlers/admin.ts): a listener on a loopback port
 * over an in-process Broker in a temp dir, driven (a) by kafkajs 2.2.4's admin client, unchanged,
 * and (b) by raw requests encoded with our generated codecs at the lowest and highest version of
 * each API, asserting error codes, the broker's state on disk, and bytes; (c) requests that decode
 * but make no sense (negative and huge counts, null names, unknown types) get Kafka's error codes,
 * and frames that do not decode close only their own connection. kafkajs needs Metadata (and
 * ListOffsets for deleteTopicRecords): minimal stand-ins from test/helpers/admin-wire.ts.
 */
import fs from 'node:fs'
import path from 'node:path'
import { Kafka, logLevel, type Admin } from 'kafkajs'
import { afterEach, describe, expect, it } from 'vitest'
import { KafkaError } from '../../src/broker/errors.js'
import { CLUSTER_AUTHORIZED_OPERATIONS } from '../../src/broker/net/handlers/describe-cluster.js'
import { API_KEYS, type ApiKey, type RequestBodies, type ResponseBodies } from '../../src/protocol/index.js'
import { CreatePartitionsRequestCodec } from '../../src/protocol/messages/create-partitions-request.js'
import {
  createCreatableReplicaAssignment,
  createCreatableTopic,
  createCreatableTopicConfig,
  createCreateTopicsRequest,
  CreateTopicsRequestCodec,
} from '../../src/protocol/messages/create-topics-request.js'
import {
  createDeleteRecordsPartition,
  createDeleteRecordsRequest,
  createDeleteRecordsTopic,
  DeleteRecordsRequestCodec,
} from '../../src/protocol/messages/delete-records-request.js'
import {
  createDeleteTopicsRequest,
  createDeleteTopicState,
  DeleteTopicsRequestCodec,
} from '../../src/protocol/messages/delete-topics-request.js'
import { createDescribeClusterRequest, DescribeClusterRequestCodec } from '../../src/protocol/messages/describe-cluster-request.js'
import {
  createDescribeConfigsRequest,
  createDescribeConfigsResource,
  DescribeConfigsRequestCodec,
} from '../../src/protocol/messages/describe-configs-request.js'
import {
  createCreatePartitionsAssignment,
  createCreatePartitionsRequest,
  createCreatePartitionsTopic,
} from '../../src/protocol/messages/create-partitions-request.js'
import {
  AlterConfigsRequestCodec,
  createAlterableConfig,
  createAlterConfigsRequest,
  createAlterConfigsResource,
} from '../../src/protocol/messages/alter-configs-request.js'
import {
  createAlterableConfig as createIncrementalAlterableConfig,
  createAlterConfigsResource as createIncrementalAlterConfigsResource,
  createIncrementalAlterConfigsRequest,
  IncrementalAlterConfigsRequestCodec,
} from '../../src/protocol/messages/incremental-alter-configs-request.js'
import { serveAdmin } from '../helpers/admin-wire.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { rawRequest, WireClient } from '../helpers/wire-client.js'

const dirs = useTempDirs('kafka-lite-wire-admin-')
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function start(options: Parameters<typeof serveAdmin>[1] = {}): Promise<Awaited<ReturnType<typeof serveAdmin>> & { dir: string }> {
  const dir = dirs.make()
  const served = await serveAdmin(dir, options)
  cleanups.push(() => served.close())
  return { ...served, dir }
}

async function connect(port: number): Promise<WireClient> {
  const client = await WireClient.connect(port)
  cleanups.push(async () => client.destroy())
  return client
}

let correlation = 0
/** Sends one request and returns its decoded response. */
async function call<K extends ApiKey>(client: WireClient, apiKey: K, version: number, body: RequestBodies[K]): Promise<ResponseBodies[K]> {
  const id = ++correlation
  client.request(apiKey, version, id, body)
  const r = await client.response(apiKey, version)
  expect(r.correlationId).toBe(id)
  return r.body
}

const partitionDirs = (dir: string, topic: string): string[] =>
  fs
    .readdirSync(dir)
    .filter((n) => n.startsWith(`${topic}-`) && /^\d+$/.test(n.slice(topic.length + 1)))
    .sort()

const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA'
const [CT_LOW, CT_HIGH] = CreateTopicsRequestCodec.versions
const [DT_LOW, DT_HIGH] = DeleteTopicsRequestCodec.versions
const [DR_LOW, DR_HIGH] = DeleteRecordsRequestCodec.versions
const [DC_LOW, DC_HIGH] = DescribeConfigsRequestCodec.versions
const [CL_LOW, CL_HIGH] = DescribeClusterRequestCodec.versions
const [CP_LOW, CP_HIGH] = CreatePartitionsRequestCodec.versions

describe('ranges', () => {
  it("serves exactly Kafka 4.0's versions and advertises them", async () => {
    expect([CT_LOW, CT_HIGH, DT_LOW, DT_HIGH, DR_LOW, DR_HIGH, DC_LOW, DC_HIGH, CL_LOW, CL_HIGH, CP_LOW, CP_HIGH]).toEqual([
      2, 7, 1, 6, 0, 2, 1, 4, 0, 2, 0, 3,
    ])
    const { port } = await start()
    const client = await connect(port)
    const body = await call(client, API_KEYS.ApiVersions, 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1' })
    const listed = Object.fromEntries(body.apiKeys.map((a) => [a.apiKey, [a.minVersion, a.maxVersion]]))
    expect(listed[API_KEYS.CreateTopics]).toEqual([2, 7])
    expect(listed[API_KEYS.DeleteTopics]).toEqual([1, 6])
    expect(listed[API_KEYS.DeleteRecords]).toEqual([0, 2])
    expect(listed[API_KEYS.DescribeConfigs]).toEqual([1, 4])
    expect(listed[API_KEYS.DescribeCluster]).toEqual([0, 2])
    expect(listed[API_KEYS.CreatePartitions]).toEqual([0, 3])
    expect(listed[API_KEYS.AlterConfigs]).toEqual([0, 2])
    expect(listed[API_KEYS.IncrementalAlterConfigs]).toEqual([0, 1])
  })
})

describe('kafkajs 2.2.4 admin client', () => {
  async function admin(port: number): Promise<Admin> {
    const kafka = new Kafka({
      clientId: 'wire-admin-test',
      brokers: [`127.0.0.1:${port}`],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    })
    const a = kafka.admin()
    await a.connect()
    cleanups.push(() => a.disconnect())
    return a
  }

  it('creates, describes, grows, trims and deletes topics', async () => {
    const { port, broker, dir } = await start({ forKafkajs: true })
    const a = await admin(port)
    expect(
      await a.createTopics({
        topics: [{ topic: 'orders', numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '3600000' }] }],
      }),
    ).toBe(true)
    expect(partitionDirs(dir, 'orders')).toEqual(['orders-0', 'orders-1', 'orders-2'])
    expect(broker.topic('orders')?.configs).toEqual({ 'retention.ms': '3600000' })
    // Already there: kafkajs resolves false.
    expect(await a.createTopics({ topics: [{ topic: 'orders' }] })).toBe(false)
    const bad = await a
      .createTopics({ topics: [{ topic: 'bad', configEntries: [{ name: 'retention.ms', value: 'soon' }] }] })
      .catch((e: unknown) => e)
    expect((bad as { errors?: { type: string }[] }).errors?.map((e) => e.type)).toEqual(['INVALID_CONFIG'])
    expect(broker.topic('bad')).toBeUndefined()

    const described = await a.describeConfigs({ resources: [{ type: 2, name: 'orders' }], includeSynonyms: true })
    const entries = described.resources[0]!.configEntries
    const retention = entries.find((e) => e.configName === 'retention.ms')!
    expect(retention).toMatchObject({ configValue: '3600000', isDefault: false, readOnly: false, isSensitive: false, configSource: 1 })
    expect(retention.configSynonyms.map((s) => [s.configName, s.configSource])).toEqual([
      ['retention.ms', 1],
      ['log.retention.ms', 5],
    ])
    expect(entries.find((e) => e.configName === 'cleanup.policy')).toMatchObject({
      configValue: 'delete',
      isDefault: true,
      configSource: 5,
    })
    const brokerConfigs = await a.describeConfigs({ resources: [{ type: 4, name: '0' }], includeSynonyms: false })
    expect(brokerConfigs.resources[0]!.errorCode).toBe(0)
    expect(brokerConfigs.resources[0]!.configEntries.find((e) => e.configName === 'node.id')?.configValue).toBe('0')

    await a.createPartitions({ topicPartitions: [{ topic: 'orders', count: 5 }] })
    expect(broker.topic('orders')?.partitions).toBe(5)
    expect(partitionDirs(dir, 'orders')).toHaveLength(5)
    const shrink = await a.createPartitions({ topicPartitions: [{ topic: 'orders', count: 2 }] }).catch((e: unknown) => e)
    expect((shrink as { type?: string }).type).toBe('INVALID_PARTITIONS')

    await broker.producer().send({ topic: 'orders', messages: Array.from({ length: 10 }, (_, i) => ({ value: `v${i}`, partition: 1 })) })
    await a.deleteTopicRecords({ topic: 'orders', partitions: [{ partition: 1, offset: '4' }] })
    expect(broker.log('orders', 1).logStartOffset).toBe(4)
    await a.deleteTopicRecords({ topic: 'orders', partitions: [{ partition: 1, offset: '-1' }] })
    expect(broker.log('orders', 1).logStartOffset).toBe(10)

    await a.alterConfigs({
      validateOnly: false,
      resources: [{ type: 2, name: 'orders', configEntries: [{ name: 'max.message.bytes', value: '2000000' }] }],
    })
    // The legacy form replaces the whole set: retention.ms is back to its default.
    expect(broker.topic('orders')?.configs).toEqual({ 'max.message.bytes': '2000000' })
    const refused = await a
      .alterConfigs({
        validateOnly: false,
        resources: [{ type: 2, name: 'orders', configEntries: [{ name: 'segment.bytes', value: '1' }] }],
      })
      .catch((e: unknown) => e)
    expect((refused as { type?: string }).type).toBe('INVALID_CONFIG')
    expect(broker.topic('orders')?.configs).toEqual({ 'max.message.bytes': '2000000' })

    const cluster = await a.describeCluster()
    expect(cluster).toMatchObject({ clusterId: broker.clusterId, controller: 0, brokers: [{ nodeId: 0, host: '127.0.0.1', port }] })

    await a.deleteTopics({ topics: ['orders'] })
    expect(broker.topic('orders')).toBeUndefined()
    expect(partitionDirs(dir, 'orders')).toEqual([])
    expect(await a.listTopics()).toEqual([])
  })
})

describe('raw requests at the lowest and highest version', () => {
  it('CreateTopics: creation, validate_only, defaults, per-topic errors, configs and topic id from v5/v7', async () => {
    const { port, broker, dir } = await start({ brokerOptions: { defaultPartitions: 2 } })
    const client = await connect(port)
    for (const version of [CT_LOW, CT_HIGH]) {
      const name = `t${version}`
      const res = await call(
        client,
        API_KEYS.CreateTopics,
        version,
        createCreateTopicsRequest({
          topics: [
            createCreatableTopic({
              name,
              numPartitions: -1,
              replicationFactor: -1,
              configs: [createCreatableTopicConfig({ name: 'cleanup.policy', value: 'compact' })],
            }),
            createCreatableTopic({ name: `${name}-four`, numPartitions: 4, replicationFactor: 1 }),
            createCreatableTopic({ name: 'bad/name', numPartitions: 1, replicationFactor: 1 }),
            createCreatableTopic({ name: `${name}-rf`, numPartitions: 1, replicationFactor: 3 }),
            createCreatableTopic({ name: `${name}-parts`, numPartitions: 0, replicationFactor: 1 }),
            createCreatableTopic({
              name: `${name}-cfg`,
              numPartitions: 1,
              replicationFactor: 1,
              configs: [createCreatableTopicConfig({ name: 'no.such', value: '1' })],
            }),
            createCreatableTopic({
              name: `${name}-null`,
              numPartitions: 1,
              replicationFactor: 1,
              configs: [createCreatableTopicConfig({ name: 'retention.ms', value: null })],
            }),
            createCreatableTopic({
              name: `${name}-assign`,
              numPartitions: -1,
              replicationFactor: -1,
              assignments: [createCreatableReplicaAssignment({ partitionIndex: 0, brokerIds: [7] })],
            }),
            createCreatableTopic({ name: `${name}-dup`, numPartitions: 1, replicationFactor: 1 }),
            createCreatableTopic({ name: `${name}-dup`, numPartitions: 1, replicationFactor: 1 }),
          ],
        }),
      )
      const codes = Object.fromEntries(res.topics.map((t) => [t.name, t.errorCode]))
      expect(codes).toEqual({
        [name]: 0,
        [`${name}-four`]: 0,
        'bad/name': KafkaError.INVALID_TOPIC_EXCEPTION,
        [`${name}-rf`]: KafkaError.INVALID_REPLICATION_FACTOR,
        [`${name}-parts`]: KafkaError.INVALID_PARTITIONS,
        [`${name}-cfg`]: KafkaError.INVALID_CONFIG,
        [`${name}-null`]: KafkaError.INVALID_CONFIG,
        [`${name}-assign`]: KafkaError.INVALID_REPLICA_ASSIGNMENT,
        [`${name}-dup`]: KafkaError.INVALID_REQUEST,
      })
      expect(res.topics.map((t) => t.name).at(-1)).toBe(`${name}-dup`)
      expect(partitionDirs(dir, name)).toEqual([`${name}-0`, `${name}-1`])
      expect(broker.topic(`${name}-dup`)).toBeUndefined()
      const created = res.topics[0]!
      if (version >= 5) {
        expect(created.numPartitions).toBe(2)
        expect(created.replicationFactor).toBe(1)
        expect(created.configs?.find((c) => c.name === 'cleanup.policy')).toMatchObject({
          value: 'compact',
          configSource: 1,
          readOnly: false,
        })
        expect(created.configs?.find((c) => c.name === 'segment.bytes')).toMatchObject({ value: '1073741824', configSource: 5 })
        expect(res.topics[2]).toMatchObject({ numPartitions: -1, replicationFactor: -1 })
      } else {
        expect(created.numPartitions).toBe(-1)
        expect(created.configs).toEqual([])
      }
      expect(created.topicId).toBe(version >= 7 ? broker.topic(name)!.topicId : ZERO_UUID)
      // Again: exists; and a name that differs only by '.'/'_' collides.
      const again = await call(
        client,
        API_KEYS.CreateTopics,
        version,
        createCreateTopicsRequest({ topics: [createCreatableTopic({ name, numPartitions: 1, replicationFactor: 1 })] }),
      )
      expect(again.topics.map((t) => t.errorCode)).toEqual([KafkaError.TOPIC_ALREADY_EXISTS])
    }
    // validate_only: checked, answered as a creation would be, nothing created.
    const dry = await call(
      client,
      API_KEYS.CreateTopics,
      CT_HIGH,
      createCreateTopicsRequest({
        validateOnly: true,
        topics: [createCreatableTopic({ name: 'dry.run', numPartitions: 3, replicationFactor: -1 })],
      }),
    )
    expect(dry.topics[0]).toMatchObject({ errorCode: 0, numPartitions: 3, replicationFactor: 1 })
    expect(broker.topic('dry.run')).toBeUndefined()
    expect(partitionDirs(dir, 'dry.run')).toEqual([])
    // A valid manual assignment (every partition on this node) is accepted, as Kafka accepts it.
    const assigned = await call(
      client,
      API_KEYS.CreateTopics,
      CT_HIGH,
      createCreateTopicsRequest({
        topics: [
          createCreatableTopic({
            name: 'manual',
            numPartitions: -1,
            replicationFactor: -1,
            assignments: [1, 0].map((p) => createCreatableReplicaAssignment({ partitionIndex: p, brokerIds: [0] })),
          }),
          createCreatableTopic({
            name: 'gap',
            numPartitions: -1,
            replicationFactor: -1,
            assignments: [0, 2].map((p) => createCreatableReplicaAssignment({ partitionIndex: p, brokerIds: [0] })),
          }),
          createCreatableTopic({
            name: 'mixed',
            numPartitions: 2,
            replicationFactor: -1,
            assignments: [createCreatableReplicaAssignment({ brokerIds: [0] })],
          }),
        ],
      }),
    )
    expect(assigned.topics.map((t) => t.errorCode)).toEqual([0, KafkaError.INVALID_REPLICA_ASSIGNMENT, KafkaError.INVALID_REQUEST])
    expect(broker.topic('manual')?.partitions).toBe(2)
    const collide = await call(
      client,
      API_KEYS.CreateTopics,
      CT_LOW,
      createCreateTopicsRequest({
        topics: [
          createCreatableTopic({ name: 'dry_run', numPartitions: 1, replicationFactor: 1 }),
          createCreatableTopic({ name: 'dry.run', numPartitions: 1, replicationFactor: 1 }),
        ],
      }),
    )
    expect(collide.topics.map((t) => t.errorCode)).toEqual([0, KafkaError.INVALID_TOPIC_EXCEPTION])
  })

  it('DeleteTopics: by name (v1) and by name or id (v6), unknown names and ids, duplicates; bytes of a v1 answer', async () => {
    const { port, broker, dir } = await start()
    const client = await connect(port)
    for (const t of ['a', 'b', 'c', 'd']) await broker.createTopic(t, { partitions: 2 })
    const v1 = await call(
      client,
      API_KEYS.DeleteTopics,
      DT_LOW,
      createDeleteTopicsRequest({ topicNames: ['a', 'nope', 'b', 'b'], timeoutMs: 1000 }),
    )
    expect(v1.responses.map((r) => [r.name, r.errorCode])).toEqual([
      ['b', KafkaError.INVALID_REQUEST],
      ['nope', KafkaError.UNKNOWN_TOPIC_OR_PARTITION],
      ['a', 0],
    ])
    expect(broker.topic('a')).toBeUndefined()
    expect(broker.topic('b')).toBeDefined()
    expect(partitionDirs(dir, 'a')).toEqual([])
    const cId = broker.topic('c')!.topicId
    const dId = broker.topic('d')!.topicId
    const v6 = await call(
      client,
      API_KEYS.DeleteTopics,
      DT_HIGH,
      createDeleteTopicsRequest({
        topics: [
          createDeleteTopicState({ name: null, topicId: cId }),
          createDeleteTopicState({ name: 'b', topicId: ZERO_UUID }),
          createDeleteTopicState({ name: null, topicId: ZERO_UUID }),
          createDeleteTopicState({ name: 'd', topicId: dId }),
          createDeleteTopicState({ name: null, topicId: 'AAAAAAAAAAAAAAAAAAAAAQ' }),
        ],
      }),
    )
    expect(v6.responses.map((r) => [r.name, r.topicId, r.errorCode])).toEqual([
      [null, ZERO_UUID, KafkaError.INVALID_REQUEST],
      ['d', dId, KafkaError.INVALID_REQUEST],
      [null, 'AAAAAAAAAAAAAAAAAAAAAQ', KafkaError.UNKNOWN_TOPIC_ID],
      ['b', expect.any(String), 0],
      ['c', cId, 0],
    ])
    expect(broker.topics().map((t) => t.name)).toEqual(['d'])
    // The bytes of a v1 answer, by hand: header (correlation id), throttle, one result (name, code).
    client.request(API_KEYS.DeleteTopics, 1, 77, createDeleteTopicsRequest({ topicNames: ['zz'] }))
    const frame = await client.nextFrame()
    expect(frame!.toString('hex')).toBe(
      '0000004d' + // correlation id 77
        '00000000' + // throttle_time_ms
        '00000001' + // one response
        '0002' +
        Buffer.from('zz').toString('hex') +
        '0003', // UNKNOWN_TOPIC_OR_PARTITION
    )
  })

  it('DeleteRecords: low watermark, -1 = high watermark, out of range, unknown partitions, compact-only topics; bytes of a v0 answer', async () => {
    const { port, broker } = await start()
    const client = await connect(port)
    await broker.createTopic('r', { partitions: 2 })
    await broker.createTopic('compacted', { configs: { 'cleanup.policy': 'compact' } })
    await broker.producer().send({ topic: 'r', messages: Array.from({ length: 20 }, (_, i) => ({ value: `v${i}`, partition: 0 })) })
    const req = (parts: [number, bigint][], topic = 'r') =>
      createDeleteRecordsRequest({
        topics: [
          createDeleteRecordsTopic({
            name: topic,
            partitions: parts.map(([p, o]) => createDeleteRecordsPartition({ partitionIndex: p, offset: o })),
          }),
        ],
        timeoutMs: 1000,
      })
    const low = await call(
      client,
      API_KEYS.DeleteRecords,
      DR_LOW,
      req([
        [0, 5n],
        [1, 0n],
        [7, 1n],
        [-1, 1n],
      ]),
    )
    expect(low.topics[0]!.partitions.map((p) => [p.partitionIndex, p.lowWatermark, p.errorCode])).toEqual([
      [0, 5n, 0],
      [1, 0n, 0],
      [7, -1n, KafkaError.UNKNOWN_TOPIC_OR_PARTITION],
      [-1, -1n, KafkaError.UNKNOWN_TOPIC_OR_PARTITION],
    ])
    expect(broker.log('r', 0).logStartOffset).toBe(5)
    const high = await call(
      client,
      API_KEYS.DeleteRecords,
      DR_HIGH,
      req([
        [0, 21n],
        [0, 3n],
      ]),
    )
    // Named twice: answered once, with the last offset (below the log start: nothing moves).
    expect(high.topics[0]!.partitions.map((p) => [p.lowWatermark, p.errorCode])).toEqual([[5n, 0]])
    const out = await call(
      client,
      API_KEYS.DeleteRecords,
      DR_HIGH,
      req([
        [0, 21n],
        [1, -2n],
        [0, 2n ** 63n - 1n],
      ]),
    )
    expect(out.topics[0]!.partitions.map((p) => [p.partitionIndex, p.lowWatermark, p.errorCode])).toEqual([
      [0, -1n, KafkaError.OFFSET_OUT_OF_RANGE],
      [1, -1n, KafkaError.OFFSET_OUT_OF_RANGE],
    ])
    expect(broker.log('r', 0).logStartOffset).toBe(5)
    const all = await call(client, API_KEYS.DeleteRecords, DR_HIGH, req([[0, -1n]]))
    expect(all.topics[0]!.partitions[0]).toMatchObject({ lowWatermark: 20n, errorCode: 0 })
    expect(broker.log('r', 0).logStartOffset).toBe(20)
    const policy = await call(client, API_KEYS.DeleteRecords, DR_HIGH, req([[0, 0n]], 'compacted'))
    expect(policy.topics[0]!.partitions[0]!.errorCode).toBe(KafkaError.POLICY_VIOLATION)
    const unknown = await call(client, API_KEYS.DeleteRecords, DR_LOW, req([[0, 0n]], 'nope'))
    expect(unknown.topics[0]!.partitions[0]!.errorCode).toBe(KafkaError.UNKNOWN_TOPIC_OR_PARTITION)
    // Bytes of a v0 answer by hand.
    client.request(API_KEYS.DeleteRecords, 0, 5, req([[1, 0n]]))
    expect((await client.nextFrame())!.toString('hex')).toBe(
      '00000005' +
        '00000000' +
        '00000001' +
        '0001' +
        Buffer.from('r').toString('hex') +
        '00000001' +
        '00000001' +
        '0000000000000000' +
        '0000',
    )
  })

  it('DescribeConfigs: topics and the broker, keys, synonyms, documentation from v3, unknown resources', async () => {
    const { port, broker } = await start({ brokerOptions: { topicDefaults: { 'retention.ms': '1000' } } })
    const client = await connect(port)
    await broker.createTopic('cfg', { configs: { 'segment.bytes': '2097152' } })
    for (const version of [DC_LOW, DC_HIGH]) {
      const res = await call(
        client,
        API_KEYS.DescribeConfigs,
        version,
        createDescribeConfigsRequest({
          includeSynonyms: true,
          includeDocumentation: version >= 3,
          resources: [
            createDescribeConfigsResource({ resourceType: 2, resourceName: 'cfg', configurationKeys: null }),
            createDescribeConfigsResource({ resourceType: 2, resourceName: 'cfg', configurationKeys: ['retention.ms', 'nope'] }),
            createDescribeConfigsResource({ resourceType: 2, resourceName: 'missing', configurationKeys: null }),
            createDescribeConfigsResource({ resourceType: 2, resourceName: '', configurationKeys: null }),
            createDescribeConfigsResource({ resourceType: 4, resourceName: '0', configurationKeys: null }),
            createDescribeConfigsResource({ resourceType: 4, resourceName: '3', configurationKeys: null }),
            createDescribeConfigsResource({ resourceType: 4, resourceName: 'x', configurationKeys: null }),
            createDescribeConfigsResource({ resourceType: 8, resourceName: '0', configurationKeys: null }),
          ],
        }),
      )
      expect(res.results.map((r) => r.errorCode)).toEqual([
        0,
        0,
        KafkaError.UNKNOWN_TOPIC_OR_PARTITION,
        KafkaError.INVALID_TOPIC_EXCEPTION,
        0,
        KafkaError.INVALID_REQUEST,
        KafkaError.INVALID_REQUEST,
        KafkaError.INVALID_REQUEST,
      ])
      const all = res.results[0]!.configs
      expect(all.map((c) => c.name)).toContain('max.message.bytes')
      const seg = all.find((c) => c.name === 'segment.bytes')!
      expect(seg).toMatchObject({ value: '2097152', configSource: 1, readOnly: false, isSensitive: false })
      expect(seg.synonyms.map((s) => [s.name, s.value, s.source])).toEqual([
        ['segment.bytes', '2097152', 1],
        ['log.segment.bytes', '1073741824', 5],
      ])
      expect(res.results[1]!.configs.map((c) => [c.name, c.value, c.configSource])).toEqual([['retention.ms', '1000', 4]])
      expect(res.results[1]!.configs[0]!.synonyms.map((s) => s.source)).toEqual([4, 5])
      if (version >= 3) {
        expect(seg.configType).toBe(3) // INT
        expect(seg.documentation).toEqual(expect.any(String))
      } else {
        // Fields the version lacks: the codec's defaults.
        expect(seg.configType).toBe(0)
      }
      const brokerConfigs = res.results[4]!.configs
      expect(brokerConfigs.find((c) => c.name === 'node.id')).toMatchObject({ value: '0', readOnly: true })
      expect(brokerConfigs.find((c) => c.name === 'log.retention.ms')).toMatchObject({ value: '1000', configSource: 4 })
    }
    // Without synonyms: none; an unknown resource type fails every resource, as Kafka's request-level error does.
    const plain = await call(
      client,
      API_KEYS.DescribeConfigs,
      DC_LOW,
      createDescribeConfigsRequest({
        resources: [createDescribeConfigsResource({ resourceType: 2, resourceName: 'cfg', configurationKeys: ['segment.bytes'] })],
      }),
    )
    expect(plain.results[0]!.configs[0]!.synonyms).toEqual([])
    const noDocs = await call(
      client,
      API_KEYS.DescribeConfigs,
      DC_HIGH,
      createDescribeConfigsRequest({
        resources: [createDescribeConfigsResource({ resourceType: 2, resourceName: 'cfg', configurationKeys: ['segment.bytes'] })],
      }),
    )
    expect(noDocs.results[0]!.configs[0]).toMatchObject({ documentation: null, configType: 3, synonyms: [] })
    const unknownType = await call(
      client,
      API_KEYS.DescribeConfigs,
      DC_HIGH,
      createDescribeConfigsRequest({
        resources: [
          createDescribeConfigsResource({ resourceType: 2, resourceName: 'cfg', configurationKeys: null }),
          createDescribeConfigsResource({ resourceType: 99, resourceName: 'x', configurationKeys: null }),
        ],
      }),
    )
    expect(unknownType.results.map((r) => [r.errorCode, r.configs.length])).toEqual([
      [KafkaError.INVALID_REQUEST, 0],
      [KafkaError.INVALID_REQUEST, 0],
    ])
  })

  it('DescribeCluster: this node as the only broker and controller; endpoint types from v1', async () => {
    const { port, broker } = await start()
    const client = await connect(port)
    for (const version of [CL_LOW, CL_HIGH]) {
      const res = await call(
        client,
        API_KEYS.DescribeCluster,
        version,
        createDescribeClusterRequest({ includeClusterAuthorizedOperations: true }),
      )
      expect(res).toMatchObject({
        errorCode: 0,
        clusterId: broker.clusterId,
        controllerId: 0,
        brokers: [{ brokerId: 0, host: '127.0.0.1', port, rack: null, isFenced: false }],
        clusterAuthorizedOperations: CLUSTER_AUTHORIZED_OPERATIONS,
      })
      const without = await call(client, API_KEYS.DescribeCluster, version, createDescribeClusterRequest())
      expect(without.clusterAuthorizedOperations).toBe(-2147483648)
    }
    expect(CLUSTER_AUTHORIZED_OPERATIONS).toBe(8096)
    const controllers = await call(client, API_KEYS.DescribeCluster, 1, createDescribeClusterRequest({ endpointType: 2 }))
    expect(controllers.errorCode).toBe(KafkaError.MISMATCHED_ENDPOINT_TYPE)
    const unknown = await call(client, API_KEYS.DescribeCluster, CL_HIGH, createDescribeClusterRequest({ endpointType: 9 }))
    expect(unknown.errorCode).toBe(KafkaError.UNSUPPORTED_ENDPOINT_TYPE)
    // With an advertised endpoint (what Metadata lists), DescribeCluster lists the same.
    const advertised = await start({ adminOptions: { endpoint: (context) => ({ host: 'kafka.example', port: context.localPort + 1 }) } })
    const other = await connect(advertised.port)
    const listed = await call(other, API_KEYS.DescribeCluster, CL_LOW, createDescribeClusterRequest())
    expect(listed.brokers.map((b) => [b.host, b.port])).toEqual([['kafka.example', advertised.port + 1]])
  })

  it('maxPartitions: CreateTopics and CreatePartitions past it answer POLICY_VIOLATION with the reason; nothing is created', async () => {
    // The wire fuzz's frame that grew a topic to 4,098 partitions (a flipped bit in a count of 2):
    // within Kafka's per-request bound, past the broker's (default 1,000).
    const { port, broker, dir } = await start()
    const client = await connect(port)
    await broker.createTopic('g', { partitions: 2 })
    const grow = await call(
      client,
      API_KEYS.CreatePartitions,
      CP_HIGH,
      createCreatePartitionsRequest({
        topics: [createCreatePartitionsTopic({ name: 'g', count: 4098, assignments: null })],
        timeoutMs: 1000,
      }),
    )
    expect(grow.results.map((r) => [r.name, r.errorCode, r.errorMessage])).toEqual([
      [
        'g',
        KafkaError.POLICY_VIOLATION,
        '4096 more partitions of g would make 4098 partitions; this broker holds at most 1000 (maxPartitions) and has 2',
      ],
    ])
    const create = await call(
      client,
      API_KEYS.CreateTopics,
      CT_HIGH,
      createCreateTopicsRequest({
        topics: [
          createCreatableTopic({ name: 'big', numPartitions: 999, replicationFactor: 1 }),
          createCreatableTopic({ name: 'fits', numPartitions: 998, replicationFactor: 1 }),
        ],
        validateOnly: true,
      }),
    )
    expect(create.topics.map((t) => [t.name, t.errorCode])).toEqual([
      ['big', KafkaError.POLICY_VIOLATION],
      ['fits', 0],
    ])
    expect(broker.topics().map((t) => [t.name, t.partitions])).toEqual([['g', 2]])
    expect(
      fs
        .readdirSync(dir)
        .filter((f) => !f.startsWith('.'))
        .sort(),
    ).toEqual(['g-0', 'g-1'])
  })

  it('CreatePartitions: growth, validate_only, not growing, unknown topics, assignments, duplicates', async () => {
    const { port, broker, dir } = await start()
    const client = await connect(port)
    await broker.createTopic('g', { partitions: 1 })
    await broker.createTopic('h', { partitions: 2 })
    for (const version of [CP_LOW, CP_HIGH]) {
      const before = broker.topic('g')!.partitions
      const res = await call(
        client,
        API_KEYS.CreatePartitions,
        version,
        createCreatePartitionsRequest({
          topics: [
            createCreatePartitionsTopic({ name: 'g', count: before + 2, assignments: null }),
            createCreatePartitionsTopic({ name: 'h', count: 2, assignments: null }),
            createCreatePartitionsTopic({ name: 'h', count: 1, assignments: null }),
            createCreatePartitionsTopic({ name: 'nope', count: 3, assignments: null }),
          ],
          timeoutMs: 1000,
        }),
      )
      expect(res.results.map((r) => [r.name, r.errorCode])).toEqual([
        ['h', KafkaError.INVALID_REQUEST],
        ['g', 0],
        ['nope', KafkaError.UNKNOWN_TOPIC_OR_PARTITION],
      ])
      expect(broker.topic('g')!.partitions).toBe(before + 2)
      expect(partitionDirs(dir, 'g')).toHaveLength(before + 2)
    }
    const cases = await call(
      client,
      API_KEYS.CreatePartitions,
      CP_HIGH,
      createCreatePartitionsRequest({
        topics: [
          createCreatePartitionsTopic({ name: 'h', count: 2, assignments: null }),
          createCreatePartitionsTopic({ name: 'g', count: 1, assignments: null }),
          createCreatePartitionsTopic({ name: 'nope', count: 9, assignments: null }),
        ],
      }),
    )
    expect(cases.results.map((r) => r.errorCode)).toEqual([
      KafkaError.INVALID_PARTITIONS,
      KafkaError.INVALID_PARTITIONS,
      KafkaError.UNKNOWN_TOPIC_OR_PARTITION,
    ])
    const dry = await call(
      client,
      API_KEYS.CreatePartitions,
      CP_LOW,
      createCreatePartitionsRequest({
        validateOnly: true,
        topics: [createCreatePartitionsTopic({ name: 'h', count: 4, assignments: null })],
      }),
    )
    expect(dry.results[0]!.errorCode).toBe(0)
    expect(broker.topic('h')!.partitions).toBe(2)
    const assign = (brokerIds: number[][]) => brokerIds.map((ids) => createCreatePartitionsAssignment({ brokerIds: ids }))
    const assigned = await call(
      client,
      API_KEYS.CreatePartitions,
      CP_HIGH,
      createCreatePartitionsRequest({
        topics: [createCreatePartitionsTopic({ name: 'h', count: 3, assignments: assign([[0]]) })],
      }),
    )
    expect(assigned.results[0]!.errorCode).toBe(0)
    const wrong = await call(
      client,
      API_KEYS.CreatePartitions,
      CP_HIGH,
      createCreatePartitionsRequest({
        topics: [
          createCreatePartitionsTopic({ name: 'h', count: 5, assignments: assign([[0]]) }),
          createCreatePartitionsTopic({ name: 'g', count: 6, assignments: assign([[1]]) }),
        ],
      }),
    )
    expect(wrong.results.map((r) => r.errorCode)).toEqual([KafkaError.INVALID_REPLICA_ASSIGNMENT, KafkaError.INVALID_REPLICA_ASSIGNMENT])
    expect(broker.topic('h')!.partitions).toBe(3)
  })
})

describe('AlterConfigs and IncrementalAlterConfigs', () => {
  const [AC_LOW, AC_HIGH] = AlterConfigsRequestCodec.versions
  const [IA_LOW, IA_HIGH] = IncrementalAlterConfigsRequestCodec.versions

  it('alter topic configs at both ends of each range; Kafka resource rules; nothing changes on an error', async () => {
    const { port, broker } = await start()
    const client = await connect(port)
    await broker.createTopic('c', { configs: { 'retention.ms': '1000' } })
    expect([AC_LOW, AC_HIGH, IA_LOW, IA_HIGH]).toEqual([0, 2, 0, 1])
    const legacy = (configs: [string, string | null][], resourceType = 2, resourceName = 'c') =>
      createAlterConfigsResource({
        resourceType,
        resourceName,
        configs: configs.map(([name, value]) => createAlterableConfig({ name, value })),
      })
    for (const version of [AC_LOW, AC_HIGH]) {
      const res = await call(
        client,
        API_KEYS.AlterConfigs,
        version,
        createAlterConfigsRequest({
          resources: [
            legacy([['segment.ms', String(1000 + version)]]),
            legacy([['retention.ms', '5']], 2, 'nope'),
            legacy([['num.partitions', '3']], 4, '0'),
            legacy([], 77, 'x'),
            legacy([], 2, 'dup'),
            legacy([], 2, 'dup'),
          ],
        }),
      )
      expect(res.responses.map((r) => [r.resourceName, r.errorCode])).toEqual([
        ['x', KafkaError.UNSUPPORTED_VERSION],
        ['dup', KafkaError.INVALID_REQUEST],
        ['c', 0],
        ['nope', KafkaError.UNKNOWN_TOPIC_OR_PARTITION],
        ['0', KafkaError.INVALID_REQUEST],
      ])
      expect(broker.topic('c')?.configs).toEqual({ 'segment.ms': String(1000 + version) })
      const bad = await call(
        client,
        API_KEYS.AlterConfigs,
        version,
        createAlterConfigsRequest({
          resources: [
            legacy([
              ['segment.ms', '5'],
              ['no.such', '1'],
            ]),
            legacy([['segment.ms', null]], 2, 'c'),
          ],
        }),
      )
      expect(bad.responses.map((r) => r.errorCode)).toEqual([KafkaError.INVALID_REQUEST])
      const invalid = await call(
        client,
        API_KEYS.AlterConfigs,
        version,
        createAlterConfigsRequest({
          resources: [
            legacy([
              ['segment.ms', '5'],
              ['no.such', '1'],
            ]),
          ],
        }),
      )
      expect(invalid.responses.map((r) => r.errorCode)).toEqual([KafkaError.INVALID_CONFIG])
      expect(broker.topic('c')?.configs).toEqual({ 'segment.ms': String(1000 + version) })
      const dry = await call(
        client,
        API_KEYS.AlterConfigs,
        version,
        createAlterConfigsRequest({ validateOnly: true, resources: [legacy([['segment.ms', '7']])] }),
      )
      expect(dry.responses.map((r) => r.errorCode)).toEqual([0])
      expect(broker.topic('c')?.configs).toEqual({ 'segment.ms': String(1000 + version) })
    }
    const inc = (configs: [string, number, string | null][], resourceName = 'c') =>
      createIncrementalAlterConfigsResource({
        resourceType: 2,
        resourceName,
        configs: configs.map(([name, configOperation, value]) => createIncrementalAlterableConfig({ name, configOperation, value })),
      })
    for (const version of [IA_LOW, IA_HIGH]) {
      await broker.alterConfigs('c', {})
      const ok = await call(
        client,
        API_KEYS.IncrementalAlterConfigs,
        version,
        createIncrementalAlterConfigsRequest({
          resources: [
            inc([
              ['retention.ms', 0, '60000'],
              ['cleanup.policy', 2, 'compact'],
            ]),
          ],
        }),
      )
      expect(ok.responses.map((r) => r.errorCode)).toEqual([0])
      expect(broker.topic('c')?.configs).toEqual({ 'retention.ms': '60000', 'cleanup.policy': 'delete,compact' })
      const more = await call(
        client,
        API_KEYS.IncrementalAlterConfigs,
        version,
        createIncrementalAlterConfigsRequest({
          resources: [
            inc([
              ['retention.ms', 1, null],
              ['cleanup.policy', 3, 'delete'],
            ]),
          ],
        }),
      )
      expect(more.responses.map((r) => r.errorCode)).toEqual([0])
      expect(broker.topic('c')?.configs).toEqual({ 'cleanup.policy': 'compact' })
      const errors = await call(
        client,
        API_KEYS.IncrementalAlterConfigs,
        version,
        createIncrementalAlterConfigsRequest({
          resources: [inc([['segment.ms', 9, '1']], 'a'), inc([['segment.ms', 0, null]], 'b'), inc([['segment.ms', 2, '1']], 'c2')],
        }),
      )
      expect(errors.responses.map((r) => r.errorCode)).toEqual([
        KafkaError.UNKNOWN_TOPIC_OR_PARTITION,
        KafkaError.UNKNOWN_TOPIC_OR_PARTITION,
        KafkaError.UNKNOWN_TOPIC_OR_PARTITION,
      ])
      for (const [configs, code] of [
        [[['segment.ms', 9, '1']], KafkaError.INVALID_REQUEST],
        [[['segment.ms', 0, null]], KafkaError.INVALID_REQUEST],
        [[['segment.ms', 2, '1']], KafkaError.INVALID_CONFIG],
        [
          [
            ['segment.ms', 0, '1'],
            ['segment.ms', 0, '2'],
          ],
          KafkaError.INVALID_REQUEST,
        ],
        [[['segment.ms', 0, '-4']], KafkaError.INVALID_CONFIG],
      ] as [[string, number, string | null][], number][]) {
        const res = await call(
          client,
          API_KEYS.IncrementalAlterConfigs,
          version,
          createIncrementalAlterConfigsRequest({ resources: [inc(configs)] }),
        )
        expect(res.responses.map((r) => r.errorCode)).toEqual([code])
      }
      expect(broker.topic('c')?.configs).toEqual({ 'cleanup.policy': 'compact' })
    }
  })
})

describe('requests that decode but make no sense', () => {
  it("get Kafka's error codes, allocate nothing, and leave the connection open", async () => {
    const { port, broker, dir } = await start()
    const client = await connect(port)
    await broker.createTopic('x', { partitions: 1 })
    const before = fs.readdirSync(dir).sort()
    const huge = await call(
      client,
      API_KEYS.CreateTopics,
      CT_HIGH,
      createCreateTopicsRequest({
        topics: [
          createCreatableTopic({ name: 'huge', numPartitions: 2 ** 31 - 1, replicationFactor: 1 }),
          createCreatableTopic({ name: 'small', numPartitions: 1, replicationFactor: 1 }),
        ],
      }),
    )
    // Kafka refuses the whole request (its controller's record bound): nothing is created.
    expect(huge.topics.map((t) => t.errorCode)).toEqual([KafkaError.POLICY_VIOLATION, KafkaError.POLICY_VIOLATION])
    const negative = await call(
      client,
      API_KEYS.CreateTopics,
      CT_LOW,
      createCreateTopicsRequest({
        topics: [
          createCreatableTopic({ name: 'neg', numPartitions: -5, replicationFactor: 1 }),
          createCreatableTopic({ name: 'neg-rf', numPartitions: 1, replicationFactor: -7 }),
          createCreatableTopic({ name: 'big-rf', numPartitions: 1, replicationFactor: 32767 }),
          createCreatableTopic({ name: '', numPartitions: 1, replicationFactor: 1 }),
          createCreatableTopic({ name: 'x'.repeat(250), numPartitions: 1, replicationFactor: 1 }),
          createCreatableTopic({ name: '__cluster_metadata', numPartitions: 1, replicationFactor: 1 }),
        ],
      }),
    )
    expect(negative.topics.map((t) => t.errorCode)).toEqual([
      KafkaError.INVALID_PARTITIONS,
      KafkaError.INVALID_REPLICATION_FACTOR,
      KafkaError.INVALID_REPLICATION_FACTOR,
      KafkaError.INVALID_TOPIC_EXCEPTION,
      KafkaError.INVALID_TOPIC_EXCEPTION,
      KafkaError.INVALID_REQUEST,
    ])
    const grow = await call(
      client,
      API_KEYS.CreatePartitions,
      CP_HIGH,
      createCreatePartitionsRequest({ topics: [createCreatePartitionsTopic({ name: 'x', count: 2 ** 31 - 1, assignments: null })] }),
    )
    expect(grow.results[0]!.errorCode).toBe(KafkaError.POLICY_VIOLATION)
    const shrink = await call(
      client,
      API_KEYS.CreatePartitions,
      CP_LOW,
      createCreatePartitionsRequest({ topics: [createCreatePartitionsTopic({ name: 'x', count: -(2 ** 31), assignments: null })] }),
    )
    expect(shrink.results[0]!.errorCode).toBe(KafkaError.INVALID_PARTITIONS)
    const emptyReplicas = await call(
      client,
      API_KEYS.CreatePartitions,
      CP_LOW,
      createCreatePartitionsRequest({
        topics: [createCreatePartitionsTopic({ name: 'x', count: 2, assignments: [createCreatePartitionsAssignment({ brokerIds: [] })] })],
      }),
    )
    expect(emptyReplicas.results[0]!.errorCode).toBe(KafkaError.INVALID_REPLICA_ASSIGNMENT)
    // Many topics at the bound's edge: 5,000 topics of one partition are 10,000 records (allowed
    // by Kafka), 3,334 of two partitions are 10,002: refused whole.
    const many = await call(
      client,
      API_KEYS.CreateTopics,
      CT_HIGH,
      createCreateTopicsRequest({
        validateOnly: true,
        topics: Array.from({ length: 3334 }, (_, i) => createCreatableTopic({ name: `m${i}`, numPartitions: 2, replicationFactor: 1 })),
      }),
    )
    expect(new Set(many.topics.map((t) => t.errorCode))).toEqual(new Set([KafkaError.POLICY_VIOLATION]))
    const nullName = await call(
      client,
      API_KEYS.DeleteTopics,
      DT_HIGH,
      createDeleteTopicsRequest({ topics: [createDeleteTopicState({ name: null, topicId: ZERO_UUID })] }),
    )
    expect(nullName.responses[0]!.errorCode).toBe(KafkaError.INVALID_REQUEST)
    expect(fs.readdirSync(dir).sort()).toEqual(before)
    expect(broker.topics().map((t) => t.name)).toEqual(['x'])
  })

  it('a frame that does not decode (a null topic name, a huge array count) closes only its connection, touching nothing', async () => {
    const { port, broker, dir } = await start()
    await broker.createTopic('keep', { partitions: 1 })
    const before = fs.readdirSync(path.join(dir)).sort()
    // CreateTopics v2: topics array of 1, name length -1 (null in a non-nullable field).
    const nullName = Buffer.concat([Buffer.from('00000001', 'hex'), Buffer.from('ffff', 'hex'), Buffer.alloc(16)])
    // CreatePartitions v0: a topics count of 2^31 - 1 with nothing behind it.
    const hugeCount = Buffer.from('7fffffff', 'hex')
    for (const [apiKey, version, body] of [
      [API_KEYS.CreateTopics, 2, nullName],
      [API_KEYS.CreatePartitions, 0, hugeCount],
      [API_KEYS.DeleteTopics, 1, Buffer.from('80000000', 'hex')],
    ] as const) {
      const bad = await connect(port)
      const good = await connect(port)
      const frame = rawRequest({ apiKey, apiVersion: version, correlationId: 9, body })
      bad.send(frame)
      expect(await bad.closesWithoutAnswer()).toBe(true)
      const res = await call(good, API_KEYS.DescribeCluster, 0, createDescribeClusterRequest())
      expect(res.errorCode).toBe(0)
    }
    expect(fs.readdirSync(dir).sort()).toEqual(before)
    expect(broker.topics().map((t) => t.name)).toEqual(['keep'])
  })
})
