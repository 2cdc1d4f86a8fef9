/**
 * Metadata, ListOffsets and InitProducerId over TCP with our own codecs, at the lowest and highest
 * version each serves: the broker list with the advertised endpoint, topics and partitions, topic
 * ids and lookups by id, auto-creation on and off, invalid names; offsets for -2/-1/-3/-4/-5 and
 * timestamps, duplicates and unknown partitions; producer ids, refused transactional ids and
 * malformed producer id/epoch pairs.
 */
import { describe, expect, it } from 'vitest'
import { KafkaError } from '../../src/broker/index.js'
import { API_KEYS } from '../../src/protocol/index.js'
import { createInitProducerIdRequest } from '../../src/protocol/messages/init-producer-id-request.js'
import {
  createListOffsetsPartition,
  createListOffsetsRequest,
  createListOffsetsTopic,
} from '../../src/protocol/messages/list-offsets-request.js'
import { createMetadataRequest, createMetadataRequestTopic } from '../../src/protocol/messages/metadata-request.js'
import { useWireBrokers } from '../helpers/wire-broker.js'

const start = useWireBrokers('kafka-lite-wire-metadata-')
const M = API_KEYS.Metadata
const L = API_KEYS.ListOffsets
const I = API_KEYS.InitProducerId
const ZERO = 'AAAAAAAAAAAAAAAAAAAAAA'

describe.each([0, 13])('Metadata v%i', (version) => {
  it('lists this node at the advertised endpoint and every topic with this node as leader, replica and ISR', async () => {
    const { broker, port, connect } = await start({ nodeId: 7, advertisedHost: 'kafka.test' })
    await broker.createTopic('b', { partitions: 2 })
    await broker.createTopic('a')
    const c = await connect()
    c.request(M, version, 1, createMetadataRequest({ topics: version === 0 ? [] : null }))
    const r = (await c.response(M, version)).body
    expect(r.brokers.map((b) => [b.nodeId, b.host, b.port])).toEqual([[7, 'kafka.test', port]])
    expect(r.clusterId).toBe(version >= 2 ? broker.clusterId : null)
    expect(r.controllerId).toBe(version >= 1 ? 7 : -1)
    expect(r.topics.map((t) => [t.name, t.errorCode, t.topicId, t.partitions.length])).toEqual([
      ['a', 0, version >= 10 ? broker.topic('a')!.topicId : ZERO, 1],
      ['b', 0, version >= 10 ? broker.topic('b')!.topicId : ZERO, 2],
    ])
    expect(r.topics[1]!.partitions.map((p) => [p.partitionIndex, p.leaderId, p.replicaNodes, p.isrNodes, p.errorCode])).toEqual([
      [0, 7, [7], [7], 0],
      [1, 7, [7], [7], 0],
    ])
    expect(r.topics[0]!.topicAuthorizedOperations).toBe(-2147483648)
  })

  it('auto-creates named topics when the broker allows it; answers UNKNOWN_TOPIC_OR_PARTITION when not; INVALID_TOPIC_EXCEPTION for bad names', async () => {
    const on = await start({ defaultPartitions: 3 })
    const c = await on.connect()
    c.request(
      M,
      version,
      1,
      createMetadataRequest({ topics: [createMetadataRequestTopic({ name: 'new' }), createMetadataRequestTopic({ name: 'bad/name' })] }),
    )
    const r = (await c.response(M, version)).body
    expect(r.topics.map((t) => [t.name, t.errorCode, t.partitions.length])).toEqual([
      ['new', 0, 3],
      ['bad/name', KafkaError.INVALID_TOPIC_EXCEPTION, 0],
    ])
    expect(on.broker.topic('new')?.partitions).toBe(3)
    const off = await start({ autoCreateTopics: false })
    const d = await off.connect()
    d.request(M, version, 2, createMetadataRequest({ topics: [createMetadataRequestTopic({ name: 'new' })] }))
    expect((await d.response(M, version)).body.topics.map((t) => [t.name, t.errorCode])).toEqual([
      ['new', KafkaError.UNKNOWN_TOPIC_OR_PARTITION],
    ])
    expect(off.broker.topic('new')).toBeUndefined()
    if (version >= 4) {
      // The request may forbid it too.
      c.request(
        M,
        version,
        3,
        createMetadataRequest({ topics: [createMetadataRequestTopic({ name: 'other' })], allowAutoTopicCreation: false }),
      )
      expect((await c.response(M, version)).body.topics[0]!.errorCode).toBe(KafkaError.UNKNOWN_TOPIC_OR_PARTITION)
      expect(on.broker.topic('other')).toBeUndefined()
    }
  })

  it('auto-creation past maxPartitions answers POLICY_VIOLATION and creates nothing', async () => {
    const b = await start({ defaultPartitions: 3, maxPartitions: 4 })
    const c = await b.connect()
    c.request(
      M,
      version,
      1,
      createMetadataRequest({ topics: [createMetadataRequestTopic({ name: 'first' }), createMetadataRequestTopic({ name: 'second' })] }),
    )
    const r = (await c.response(M, version)).body
    expect(r.topics.map((t) => [t.name, t.errorCode, t.partitions.length])).toEqual([
      ['first', 0, 3],
      ['second', KafkaError.POLICY_VIOLATION, 0],
    ])
    expect(b.broker.topics().map((t) => t.name)).toEqual(['first'])
  })
})

describe('Metadata by topic id', () => {
  it('v12+: a known id is described, an unknown one is UNKNOWN_TOPIC_ID; v10-11 refuse ids (INVALID_REQUEST)', async () => {
    const { broker, connect } = await start()
    const t = await broker.createTopic('t', { partitions: 2 })
    const c = await connect()
    c.request(
      M,
      12,
      1,
      createMetadataRequest({
        topics: [
          createMetadataRequestTopic({ name: null, topicId: t.topicId }),
          createMetadataRequestTopic({ name: null, topicId: 'AAAAAAAAAAAAAAAAAAAAAQ' }),
        ],
      }),
    )
    expect((await c.response(M, 12)).body.topics.map((x) => [x.name, x.topicId, x.errorCode, x.partitions.length])).toEqual([
      ['t', t.topicId, 0, 2],
      [null, 'AAAAAAAAAAAAAAAAAAAAAQ', KafkaError.UNKNOWN_TOPIC_ID, 0],
    ])
    c.request(M, 10, 2, createMetadataRequest({ topics: [createMetadataRequestTopic({ name: null, topicId: t.topicId })] }))
    expect((await c.response(M, 10)).body.topics.map((x) => x.errorCode)).toEqual([KafkaError.INVALID_REQUEST])
  })
})

describe.each([1, 10])('ListOffsets v%i', (version) => {
  it('earliest, latest, max timestamp, by timestamp, and errors per partition', async () => {
    const { broker, connect } = await start()
    await broker.createTopic('t', { partitions: 2 })
    const p = broker.partition('t', 0)
    await p.append([
      { value: 'a', timestamp: 1000 },
      { value: 'b', timestamp: 5000 },
      { value: 'c', timestamp: 3000 },
    ])
    await p.append([{ value: 'd', timestamp: 4000 }])
    await p.deleteRecords(1)
    const c = await connect()
    const ask = async (timestamps: bigint[], partition = 0): Promise<[number, bigint, bigint][]> => {
      c.request(
        L,
        version,
        1,
        createListOffsetsRequest({
          replicaId: -1,
          topics: [
            createListOffsetsTopic({
              name: 't',
              partitions: timestamps.map((timestamp) => createListOffsetsPartition({ partitionIndex: partition, timestamp })),
            }),
          ],
        }),
      )
      return (await c.response(L, version)).body.topics[0]!.partitions.map((x) => [x.errorCode, x.offset, x.timestamp])
    }
    expect(await ask([-2n])).toEqual([[0, 1n, -1n]])
    expect(await ask([-1n])).toEqual([[0, 4n, -1n]])
    expect(await ask([-3n])).toEqual([[0, 1n, 5000n]])
    expect(await ask([-4n])).toEqual([[0, 1n, -1n]])
    expect(await ask([-5n])).toEqual([[0, -1n, -1n]])
    expect(await ask([3500n])).toEqual([[0, 1n, 5000n]])
    expect(await ask([4500n])).toEqual([[0, 1n, 5000n]])
    expect(await ask([6000n])).toEqual([[0, -1n, -1n]])
    expect(await ask([9223372036854775807n])).toEqual([[0, -1n, -1n]])
    expect(await ask([-1n, -2n])).toEqual([
      [KafkaError.INVALID_REQUEST, -1n, -1n],
      [KafkaError.INVALID_REQUEST, -1n, -1n],
    ])
    expect(await ask([-1n], 5)).toEqual([[KafkaError.UNKNOWN_TOPIC_OR_PARTITION, -1n, -1n]])
    expect(await ask([-1n], 1)).toEqual([[0, 0n, -1n]])
    c.request(
      L,
      version,
      2,
      createListOffsetsRequest({
        topics: [createListOffsetsTopic({ name: 'nope', partitions: [createListOffsetsPartition({ timestamp: -1n })] })],
      }),
    )
    expect((await c.response(L, version)).body.topics[0]!.partitions[0]!.errorCode).toBe(KafkaError.UNKNOWN_TOPIC_OR_PARTITION)
  })
})

describe.each([0, 5])('InitProducerId v%i', (version) => {
  it('hands out new producer ids at epoch 0; refuses transactional ids', async () => {
    const { connect } = await start()
    const c = await connect()
    const ask = async (fields: Parameters<typeof createInitProducerIdRequest>[0]): Promise<[number, bigint, number]> => {
      c.request(I, version, 1, createInitProducerIdRequest({ transactionalId: null, transactionTimeoutMs: 60_000, ...fields }))
      const r = (await c.response(I, version)).body
      return [r.errorCode, r.producerId, r.producerEpoch]
    }
    const [e1, id1, ep1] = await ask({})
    const [e2, id2] = await ask({})
    expect([e1, ep1, e2]).toEqual([0, 0, 0])
    expect(id2).toBeGreaterThan(id1)
    expect(await ask({ transactionalId: 'txn' })).toEqual([KafkaError.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, -1n, -1])
    if (version >= 3) {
      // A producer recovering with its id and epoch gets a new id (no transactional state to bump), as Kafka.
      const [e3, id3, ep3] = await ask({ producerId: id2, producerEpoch: 0 })
      expect([e3, ep3]).toEqual([0, 0])
      expect(id3).toBeGreaterThan(id2)
      expect(await ask({ producerId: id2, producerEpoch: -1 })).toEqual([KafkaError.INVALID_REQUEST, -1n, -1])
    }
  })
})
