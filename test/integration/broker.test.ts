/**
 * The in-process broker end to end, on real directories: topics and partitions (Kafka's rules and
 * layout, durable across reopen), configs (describe, alter, incremental; live changes apply to the
 * next produce, log-shaping ones at reopen), the in-process producer (murmur2, explicit partitions,
 * sticky keyless records, auto-creation, acks 0), the wire-facing partition API (produce of
 * producer batches with every refusal Kafka makes, duplicates, fetch, long polls, ListOffsets,
 * DeleteRecords), producer state across reopens (checkpoint, no checkpoint, a stale checkpoint),
 * producer ids, and a partition log read from a worker thread.
 */
import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { Log, LogError, batchInfo } from '../../src/index.js'
import { Broker, murmur2, toPositive, toKafkaError, type ProduceResult } from '../../src/broker/index.js'
import { kafkajsBatch, ourBatch } from '../helpers/produced-batches.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-broker-')

async function code(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p)
  } catch (err) {
    if (err instanceof LogError) return err.code
    if (err instanceof Error) return err.name
    throw err
  }
  return 'ok'
}

const idem = (producerId: number, producerEpoch: number, baseSequence: number, n: number, tag = 'v') =>
  ourBatch(
    Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `${tag}${baseSequence + i}` })),
    'none',
    { producerId, producerEpoch, baseSequence },
  )

describe('Broker: topics and partitions', () => {
  it('creates, lists, reopens, deletes and recreates topics in Kafka’s layout', async () => {
    const dir = dirs.make()
    let broker = await Broker.open(dir, { nodeId: 3 })
    const clusterId = broker.clusterId
    const orders = await broker.createTopic('orders', { partitions: 3, configs: { 'retention.ms': '3600000' } })
    expect(orders).toMatchObject({ name: 'orders', partitions: 3, configs: { 'retention.ms': '3600000' } })
    expect(fs.readdirSync(dir).sort()).toEqual(['.kafka-lite-broker', '.lock', 'orders-0', 'orders-1', 'orders-2'])
    for (let p = 0; p < 3; p++) {
      expect(fs.readFileSync(path.join(dir, `orders-${p}`, 'partition.metadata'), 'utf8')).toBe(`version: 0\ntopic_id: ${orders.topicId}`)
    }
    await broker.createTopic('a.b')
    await broker.close()
    await broker.close() // idempotent
    expect(await code(() => broker.partition('orders', 0))).toBe('KLOG_CLOSED')

    broker = await Broker.open(dir)
    expect([broker.clusterId, broker.nodeId]).toEqual([clusterId, 3])
    expect(broker.topics().map((t) => [t.name, t.partitions, t.topicId])).toEqual([
      ['a.b', 1, broker.topic('a.b')!.topicId],
      ['orders', 3, orders.topicId],
    ])
    expect(broker.topicById(orders.topicId)?.name).toBe('orders')
    const part = broker.partition('orders', 1)
    await broker.producer().send({ topic: 'orders', messages: [{ value: 'x', partition: 1 }] })
    await broker.deleteTopic('orders')
    expect(broker.topic('orders')).toBeUndefined()
    expect(fs.readdirSync(dir).sort()).toEqual(['.kafka-lite-broker', '.lock', 'a.b-0'])
    // A handler still holding the partition gets KLOG_CLOSED: NOT_LEADER_OR_FOLLOWER (retriable; refresh metadata).
    const err = await part.produce(await idem(1, 0, 0, 1)).catch((e: unknown) => e)
    expect(toKafkaError(err).errorName).toBe('NOT_LEADER_OR_FOLLOWER')
    const again = await broker.createTopic('orders', { partitions: 2 })
    expect(again.topicId).not.toBe(orders.topicId)
    expect(broker.log('orders', 0).logEndOffset).toBe(0)
    await broker.close()
    await expect(Broker.open(dir, { nodeId: 4 })).rejects.toBeInstanceOf(RangeError)
  })

  it('refuses what Kafka refuses', async () => {
    const dir = dirs.make()
    await using broker = await Broker.open(dir)
    await broker.createTopic('a_b')
    expect(await code(broker.createTopic('a_b'))).toBe('KLOG_TOPIC_EXISTS')
    expect(await code(broker.createTopic('a.b'))).toBe('KLOG_INVALID_TOPIC') // collides with a_b
    for (const bad of ['', '..', 'x'.repeat(250), 'with space']) expect(await code(broker.createTopic(bad)), bad).toBe('KLOG_INVALID_TOPIC')
    expect(await code(broker.createTopic('t', { partitions: 0 }))).toBe('KLOG_INVALID_PARTITIONS')
    expect(await code(broker.createTopic('t', { replicationFactor: 3 }))).toBe('KLOG_INVALID_REPLICATION_FACTOR')
    expect(await code(broker.createTopic('t', { configs: { 'retention.ms': 'x' } }))).toBe('KLOG_INVALID_CONFIG')
    expect(await code(broker.createTopic('t', { configs: { 'no.such': '1' } }))).toBe('KLOG_INVALID_CONFIG')
    expect(await broker.createTopic('t', { partitions: 2, validateOnly: true })).toMatchObject({ name: 't', partitions: 2 })
    expect(broker.topic('t')).toBeUndefined()
    expect(fs.existsSync(path.join(dir, 't-0'))).toBe(false)
    fs.mkdirSync(path.join(dir, 'stray-0'))
    expect(await code(broker.createTopic('stray'))).toBe('KLOG_TOPIC_EXISTS')
    expect(await code(broker.deleteTopic('nope'))).toBe('KLOG_UNKNOWN_TOPIC_OR_PARTITION')
    expect(await code(() => broker.partition('a_b', 1))).toBe('KLOG_UNKNOWN_TOPIC_OR_PARTITION')
    expect(await code(broker.createPartitions('a_b', 1))).toBe('KLOG_INVALID_PARTITIONS')
    expect(await code(broker.initProducerId({ transactionalId: 'tx' }))).toBe('KLOG_TRANSACTIONS_UNSUPPORTED')
  })

  it('maxPartitions bounds the partitions of all topics together; a refusal creates nothing', async () => {
    const dir = dirs.make()
    let broker = await Broker.open(dir, { maxPartitions: 5 })
    expect(broker.options.maxPartitions).toBe(5)
    await broker.createTopic('a', { partitions: 3 })
    const refused = (await broker.createTopic('b', { partitions: 3 }).catch((e: unknown) => e)) as LogError
    expect(refused).toBeInstanceOf(LogError)
    expect(refused.code).toBe('KLOG_POLICY_VIOLATION')
    expect(refused.message).toBe('topic b with 3 partitions would make 6 partitions; this broker holds at most 5 (maxPartitions) and has 3')
    expect(toKafkaError(refused).errorName).toBe('POLICY_VIOLATION')
    // validate_only answers what a creation would: refused too.
    expect(await code(broker.createTopic('b', { partitions: 3, validateOnly: true }))).toBe('KLOG_POLICY_VIOLATION')
    expect(await code(broker.createPartitions('a', 6))).toBe('KLOG_POLICY_VIOLATION')
    // 2^31 - 1 partitions: refused before a directory is looked at or removed.
    expect(await code(broker.createTopic('huge', { partitions: 2 ** 31 - 1 }))).toBe('KLOG_POLICY_VIOLATION')
    expect(await code(broker.createPartitions('a', 2 ** 31 - 1))).toBe('KLOG_POLICY_VIOLATION')
    expect(fs.readdirSync(dir).sort()).toEqual(['.kafka-lite-broker', '.lock', 'a-0', 'a-1', 'a-2'])
    await broker.createTopic('b', { partitions: 2 }) // exactly at the bound
    // Auto-creation by the in-process producer is bound too.
    expect(await code(broker.producer().send({ topic: 'c', messages: [{ value: 'x' }] }))).toBe('KLOG_POLICY_VIOLATION')
    expect(broker.topic('c')).toBeUndefined()
    // A deleted topic's partitions count no more.
    await broker.deleteTopic('b')
    expect(await broker.createPartitions('a', 5)).toMatchObject({ partitions: 5 })
    await broker.close()
    // A directory holding more than a later bound opens whole; it only cannot grow.
    broker = await Broker.open(dir, { maxPartitions: 2 })
    expect(broker.topic('a')!.partitions).toBe(5)
    await broker.producer().send({ topic: 'a', messages: [{ value: 'y', partition: 4 }] })
    expect(await code(broker.createTopic('d'))).toBe('KLOG_POLICY_VIOLATION')
    await broker.close()
    for (const bad of [0, -1, 1.5, 1_000_001])
      await expect(Broker.open(dirs.make(), { maxPartitions: bad })).rejects.toBeInstanceOf(RangeError)
    await expect(Broker.open(dirs.make(), { maxPartitions: '5' as never })).rejects.toBeInstanceOf(TypeError)
    await using fresh = await Broker.open(dirs.make())
    expect(fresh.options.maxPartitions).toBe(1000)
  })

  it('createPartitions adds partitions; keys then spread over the new count, as in Kafka', async () => {
    const dir = dirs.make()
    await using broker = await Broker.open(dir)
    await broker.createTopic('t', { partitions: 2 })
    expect(await broker.createPartitions('t', 5)).toMatchObject({ partitions: 5 })
    expect(fs.existsSync(path.join(dir, 't-4', 'partition.metadata'))).toBe(true)
    const sent = await broker
      .producer()
      .send({ topic: 't', messages: Array.from({ length: 50 }, (_, i) => ({ key: `key-${i}`, value: 'v' })) })
    sent.forEach((m, i) => expect(m.partition).toBe(toPositive(murmur2(Buffer.from(`key-${i}`))) % 5))
  })
})

describe('Broker: configs', () => {
  it('describes, alters and persists configs; live changes apply to the next produce, others on reopen', async () => {
    const dir = dirs.make()
    let broker = await Broker.open(dir, { topicDefaults: { 'segment.ms': '86400000' } })
    await broker.createTopic('t', { configs: { 'max.message.bytes': '100000' } })
    const entry = (name: string) => broker.describeConfigs('t').find((e) => e.name === name)
    expect(entry('max.message.bytes')).toMatchObject({ value: '100000', source: 'DYNAMIC_TOPIC_CONFIG' })
    expect(entry('segment.ms')).toMatchObject({ value: '86400000', source: 'STATIC_BROKER_CONFIG' })
    const big = await ourBatch([{ key: 'k', value: Buffer.alloc(3000) }], 'none')
    expect((await broker.partition('t', 0).produce(big)).baseOffset).toBe(0)
    expect(
      await broker.incrementalAlterConfigs('t', [
        { name: 'max.message.bytes', op: 'set', value: '2000' },
        { name: 'internal.segment.bytes', op: 'set', value: '2048' },
      ]),
    ).toEqual({ live: ['max.message.bytes'], reopen: ['internal.segment.bytes'], none: [] })
    expect(await code(broker.partition('t', 0).produce(big))).toBe('KLOG_RECORD_TOO_LARGE') // at once
    expect(await code(broker.alterConfigs('t', { 'retention.ms': '-5' }))).toBe('KLOG_INVALID_CONFIG')
    expect(await broker.alterConfigs('t', { 'message.timestamp.type': 'LogAppendTime' }, { validateOnly: true })).toMatchObject({
      live: ['max.message.bytes', 'message.timestamp.type'],
    })
    expect(entry('message.timestamp.type')?.value).toBe('CreateTime') // validateOnly changed nothing
    const small = await ourBatch([{ key: 'k', value: 'x'.repeat(300), timestamp: 5 }], 'none')
    await broker.alterConfigs('t', {
      'message.timestamp.type': 'LogAppendTime',
      'max.message.bytes': '2000',
      'internal.segment.bytes': '2048',
    })
    const before = Date.now()
    const r = await broker.partition('t', 0).produce(small)
    expect(r.logAppendTime).toBeGreaterThanOrEqual(before)
    expect((await broker.log('t', 0).get(r.baseOffset))?.timestamp).toBe(r.logAppendTime)
    // internal.segment.bytes (a reopen config) has not reached the open log: one segment so far.
    for (let i = 0; i < 10; i++) await broker.partition('t', 0).produce(small)
    expect(broker.log('t', 0).stats().segments).toBe(1)
    await broker.close()
    broker = await Broker.open(dir)
    expect(entry('internal.segment.bytes')).toBeUndefined() // internal: not described
    expect(broker.topic('t')!.configs).toEqual({
      'message.timestamp.type': 'LogAppendTime',
      'max.message.bytes': '2000',
      'internal.segment.bytes': '2048',
    })
    for (let i = 0; i < 10; i++) await broker.partition('t', 0).produce(small)
    expect(broker.log('t', 0).stats().segments).toBeGreaterThan(1)
    await broker.close()
  })
})

describe('Broker: the in-process producer', () => {
  it('partitions by murmur2, honours explicit partitions, keeps keyless records sticky, auto-creates topics', async () => {
    await using broker = await Broker.open(dirs.make(), { defaultPartitions: 4 })
    const producer = broker.producer({ batchSize: 1000 })
    const out = await producer.send({
      topic: 'auto',
      messages: [
        { key: 'alpha', value: '1' },
        { key: Buffer.from('beta'), value: '2' },
        { value: '3', partition: 2 },
        ...Array.from({ length: 8 }, () => ({ value: 'x'.repeat(50) })),
      ],
    })
    expect(broker.topic('auto')?.partitions).toBe(4)
    expect(out[0]!.partition).toBe(toPositive(murmur2(Buffer.from('alpha'))) % 4)
    expect(out[1]!.partition).toBe(toPositive(murmur2(Buffer.from('beta'))) % 4)
    expect(out[2]!.partition).toBe(2)
    expect(new Set(out.slice(3).map((m) => m.partition)).size).toBe(1) // 400 keyless bytes: under batch.size
    for (const m of out) expect((await broker.log('auto', m.partition).get(m.offset))?.timestamp).toBe(m.timestamp)
    expect((await broker.log('auto', out[0]!.partition).get(out[0]!.offset))?.value?.toString()).toBe('1')
    expect(await code(producer.send({ topic: 'auto', messages: [{ value: 'x', partition: 9 }] }))).toBe('KLOG_UNKNOWN_TOPIC_OR_PARTITION')
    const hw = broker.log('auto', out[0]!.partition).highWatermark
    const fire = await producer.send({ topic: 'auto', acks: 0, messages: [{ key: 'alpha', value: 'later' }] })
    expect(fire[0]!.offset).toBe(-1)
    await producer.flush()
    expect(broker.log('auto', out[0]!.partition).highWatermark).toBe(hw + 1)
    await producer.close()
    expect(await code(producer.send({ topic: 'auto', messages: [{ value: 'x' }] }))).toBe('KLOG_CLOSED')
  })

  it('without auto-creation an unknown topic is KLOG_UNKNOWN_TOPIC_OR_PARTITION; a compacted topic needs keys', async () => {
    await using broker = await Broker.open(dirs.make(), { autoCreateTopics: false })
    const producer = broker.producer()
    expect(await code(producer.send({ topic: 'nope', messages: [{ value: 'x' }] }))).toBe('KLOG_UNKNOWN_TOPIC_OR_PARTITION')
    await broker.createTopic('c', { configs: { 'cleanup.policy': 'compact' } })
    expect(await code(producer.send({ topic: 'c', messages: [{ value: 'x' }] }))).toBe('KLOG_INVALID_RECORD')
    expect((await producer.send({ topic: 'c', messages: [{ key: 'k', value: 'x' }] }))[0]!.offset).toBe(0)
  })
})

describe('Broker: the partition API a wire layer codes against', () => {
  it('produce: duplicates answered with the original offsets; out-of-order, fenced epochs and policy refusals', async () => {
    const dir = dirs.make()
    await using broker = await Broker.open(dir)
    await broker.createTopic('t', { configs: { 'min.insync.replicas': '1' } })
    const p = broker.partition('t', 0)
    const { producerId } = await broker.initProducerId()
    const first = await p.produce(await idem(producerId, 0, 0, 3))
    expect(first).toMatchObject({ baseOffset: 0, lastOffset: 2, duplicate: false, logStartOffset: 0, logAppendTime: -1 })
    expect(await p.produce(await idem(producerId, 0, 0, 3))).toMatchObject({ baseOffset: 0, lastOffset: 2, duplicate: true })
    expect(p.logEndOffset).toBe(3)
    expect(await code(p.produce(await idem(producerId, 0, 4, 1)))).toBe('KLOG_OUT_OF_ORDER_SEQUENCE')
    expect(await code(p.produce(await idem(producerId, 1, 3, 1)))).toBe('KLOG_OUT_OF_ORDER_SEQUENCE') // a new epoch starts at 0
    expect((await p.produce(await idem(producerId, 1, 0, 1))).baseOffset).toBe(3)
    expect(await code(p.produce(await idem(producerId, 0, 3, 1)))).toBe('KLOG_INVALID_PRODUCER_EPOCH')
    // kafkajs-encoded batches go the same way.
    const kj = await kafkajsBatch([{ key: Buffer.from('k'), value: Buffer.from('kafkajs'), headers: {}, timestamp: Date.now() }], 'gzip', {
      producerId,
      producerEpoch: 1,
      baseSequence: 1,
    })
    expect((await p.produce(kj)).baseOffset).toBe(4)
    const refusals: [string, Buffer][] = [
      ['KLOG_INVALID_RECORD', Buffer.concat([await idem(77, 0, 0, 1), await idem(77, 0, 1, 1)])], // two batches
      [
        'KLOG_INVALID_RECORD',
        await ourBatch([{ value: 'tx' }], 'none', { producerId: 78, producerEpoch: 0, baseSequence: 0, transactional: true }),
      ],
      ['KLOG_INVALID_TIMESTAMP', await ourBatch([{ value: 'future', timestamp: Date.now() + 2 * 3600_000 }], 'none')],
    ]
    const damaged = await idem(79, 0, 0, 2)
    damaged[damaged.length - 3]! ^= 0xff
    refusals.push(['KLOG_CORRUPT_BATCH', damaged])
    for (const [want, bytes] of refusals) expect(await code(p.produce(bytes)), want).toBe(want)
    expect(toKafkaError(await p.produce(damaged).catch((e: unknown) => e)).errorName).toBe('CORRUPT_MESSAGE')
    expect(p.logEndOffset).toBe(5)
    await broker.incrementalAlterConfigs('t', [{ name: 'min.insync.replicas', op: 'set', value: '2' }])
    expect(await code(p.produce(await idem(80, 0, 0, 1), { acks: -1 }))).toBe('KLOG_NOT_ENOUGH_REPLICAS')
    expect((await p.produce(await idem(80, 0, 0, 1), { acks: 1 })).baseOffset).toBe(5)
    expect(() => p.produce(damaged, { acks: 2 as 1 })).toThrow(RangeError)
    // Keyless records on a compacted topic.
    await broker.createTopic('c', { configs: { 'cleanup.policy': 'compact,delete' } })
    expect(await code(broker.partition('c', 0).produce(await ourBatch([{ value: 'no key' }], 'none')))).toBe('KLOG_INVALID_RECORD')
    expect(p.producers().map((e) => [e.producerId, e.epoch, e.batches.length])).toEqual([
      [producerId, 1, 2],
      [80, 0, 1],
    ])
  })

  it('batches of one producer in flight together are judged in order; others share the log’s queue', async () => {
    await using broker = await Broker.open(dirs.make(), { topicDefaults: { 'flush.messages': '1' } })
    await broker.createTopic('t')
    const p = broker.partition('t', 0)
    const batches = await Promise.all(Array.from({ length: 5 }, (_, i) => idem(1, 0, i * 2, 2)))
    const other = await Promise.all(Array.from({ length: 5 }, (_, i) => idem(2, 0, i, 1)))
    const results = await Promise.all([...batches.map((b) => p.produce(b)), ...other.map((b) => p.produce(b))])
    const mine = results.slice(0, 5).map((r: ProduceResult) => r.baseOffset)
    expect(mine).toEqual([...mine].sort((a, b) => a - b))
    expect(new Set(results.map((r) => r.baseOffset)).size).toBe(10)
    expect(p.logEndOffset).toBe(15)
    // A retry of every one of them now is a duplicate.
    for (const [i, b] of batches.entries()) expect(await p.produce(b)).toMatchObject({ baseOffset: mine[i], duplicate: true })
  })

  it('fetch, long poll, ListOffsets and DeleteRecords', async () => {
    await using broker = await Broker.open(dirs.make())
    await broker.createTopic('t')
    const p = broker.partition('t', 0)
    const t0 = Date.now() - 10_000
    const producer = broker.producer()
    for (let i = 0; i < 10; i++)
      await producer.send({ topic: 't', messages: [{ value: `v${i}`, timestamp: t0 + (i === 6 ? 9000 : i * 100) }] })
    const f = await p.fetch({ offset: 3, maxBytes: 1 })
    expect(batchInfo(f.records).baseOffset).toBe(3)
    expect(f).toMatchObject({ highWatermark: 10, lastStableOffset: 10, logStartOffset: 0, nextOffset: 4 })
    expect(await code(p.fetch({ offset: 11, maxBytes: 100 }))).toBe('KLOG_OFFSET_OUT_OF_RANGE')
    const waiting = p.waitForData(10)
    await producer.send({ topic: 't', messages: [{ value: 'v10', timestamp: t0 + 1000 }] })
    expect(await waiting).toBe(11)
    expect(await code(p.waitForData(20, { signal: AbortSignal.timeout(10) }))).toMatch(/AbortError|TimeoutError/)
    expect(await p.listOffsets('earliest')).toEqual({ offset: 0, timestamp: -1 })
    expect(await p.listOffsets('latest')).toEqual({ offset: 11, timestamp: -1 })
    expect(await p.listOffsets('max-timestamp')).toEqual({ offset: 6, timestamp: t0 + 9000 })
    expect(await p.listOffsets({ timestamp: t0 + 250 })).toEqual({ offset: 3, timestamp: t0 + 300 })
    expect(await p.listOffsets({ timestamp: t0 + 99_999 })).toEqual({ offset: -1, timestamp: -1 })
    expect(await p.deleteRecords(4)).toEqual({ lowWatermark: 4 })
    expect(await code(p.deleteRecords(12))).toBe('KLOG_OFFSET_OUT_OF_RANGE')
    expect(await p.listOffsets('earliest')).toEqual({ offset: 4, timestamp: -1 })
    expect(await p.deleteRecords(-1)).toEqual({ lowWatermark: 11 })
    expect(await p.listOffsets('max-timestamp')).toEqual({ offset: -1, timestamp: -1 })
  })

  it('refuses what Kafka refuses in process too: records deleted from a compact-only topic, a topic named __cluster_metadata', async () => {
    await using broker = await Broker.open(path.join(dirs.make(), 'b'))
    await broker.createTopic('table', { configs: { 'cleanup.policy': 'compact' } })
    await broker.producer().send({ topic: 'table', messages: [{ key: 'k', value: 'v' }] })
    const p = broker.partition('table', 0)
    expect(await code(p.deleteRecords(1))).toBe('KLOG_POLICY_VIOLATION')
    expect(toKafkaError(await p.deleteRecords(1).catch((e: unknown) => e)).errorName).toBe('POLICY_VIOLATION')
    expect(p.logStartOffset).toBe(0)
    await broker.createTopic('both', { configs: { 'cleanup.policy': 'compact,delete' } })
    expect(await broker.partition('both', 0).deleteRecords(0)).toEqual({ lowWatermark: 0 })
    expect(await code(broker.createTopic('__cluster_metadata'))).toBe('KLOG_INVALID_TOPIC')
    expect(broker.topic('__cluster_metadata')).toBeUndefined()
  })
})

describe('Broker: idempotent producers across reopens', () => {
  it('from the checkpoint, without it, and not from a stale one', async () => {
    const dir = dirs.make()
    let broker = await Broker.open(dir)
    await broker.createTopic('t')
    const b0 = await idem(5, 0, 0, 2)
    const b1 = await idem(5, 0, 2, 2)
    await broker.partition('t', 0).produce(b0)
    await broker.partition('t', 0).produce(b1)
    await broker.close()
    const checkpoint = path.join(dir, 't-0', '.kafka-lite-producer-state')
    expect(fs.existsSync(checkpoint)).toBe(true)

    broker = await Broker.open(dir)
    expect(fs.existsSync(checkpoint)).toBe(false) // consumed: it describes the log only until it moves
    expect(await broker.partition('t', 0).produce(b1)).toMatchObject({ baseOffset: 2, duplicate: true })
    await broker.close()

    fs.rmSync(checkpoint)
    broker = await Broker.open(dir)
    expect(await broker.partition('t', 0).produce(b0)).toMatchObject({ baseOffset: 0, duplicate: true })
    expect(await code(broker.partition('t', 0).produce(await idem(5, 0, 9, 1)))).toBe('KLOG_OUT_OF_ORDER_SEQUENCE')
    await broker.close()

    // Someone appends to the partition's log directly while the broker is down: the checkpoint no
    // longer names the log's last batch, so the state is rebuilt from the batches (which include it).
    {
      await using log = await Log.open(path.join(dir, 't-0'))
      await (await log.writer()).appendBatches(await idem(5, 0, 4, 1))
    }
    broker = await Broker.open(dir)
    const p = broker.partition('t', 0)
    expect(p.producers()[0]?.batches.map((b) => b.firstSeq)).toEqual([0, 2, 4])
    expect(await p.produce(await idem(5, 0, 4, 1))).toMatchObject({ baseOffset: 4, duplicate: true })
    await broker.close()
  })

  it('producer ids are never handed out twice, across reopens', async () => {
    const dir = dirs.make()
    const seen = new Set<number>()
    for (let round = 0; round < 3; round++) {
      await using broker = await Broker.open(dir)
      for (let i = 0; i < 5; i++) {
        const { producerId, producerEpoch } = await broker.initProducerId()
        expect(producerEpoch).toBe(0)
        expect(seen.has(producerId)).toBe(false)
        seen.add(producerId)
      }
    }
    expect(seen.size).toBe(15)
  })
})

describe('Broker: readers elsewhere', () => {
  it('a worker thread reads a partition through log.share()', async () => {
    await using broker = await Broker.open(dirs.make())
    await broker.createTopic('t')
    await broker.producer().send({ topic: 't', messages: Array.from({ length: 20 }, (_, i) => ({ value: `v${i}` })) })
    const code = `
      const { parentPort, workerData } = require('node:worker_threads')
      import(workerData.entry).then(async ({ Log }) => {
        const log = await Log.attach(workerData.handle)
        const values = []
        for await (const r of log.reader()) values.push(r.value.toString())
        parentPort.postMessage(values)
        await log.close()
      })`
    const worker = new Worker(code, { eval: true, workerData: { entry: DIST_ENTRY, handle: broker.log('t', 0).share() } })
    const values = await new Promise<string[]>((resolve, reject) => {
      worker.on('message', resolve)
      worker.on('error', reject)
    })
    await worker.terminate()
    expect(values).toEqual(Array.from({ length: 20 }, (_, i) => `v${i}`))
  })
})

describe('Broker: damaged metadata', () => {
  it('a damaged metadata file or a foreign partition.metadata is KLOG_CORRUPT_CHECKPOINT, never guessed', async () => {
    const dir = dirs.make()
    {
      await using broker = await Broker.open(dir)
      await broker.createTopic('t')
    }
    const meta = path.join(dir, '.kafka-lite-broker')
    const good = fs.readFileSync(meta)
    const bad = Buffer.from(good)
    bad[bad.length - 5]! ^= 1
    fs.writeFileSync(meta, bad)
    expect(await code(Broker.open(dir))).toBe('KLOG_CORRUPT_CHECKPOINT')
    fs.writeFileSync(meta, good)
    fs.writeFileSync(path.join(dir, 't-0', 'partition.metadata'), 'version: 0\ntopic_id: AAAAAAAAAAAAAAAAAAAAAg')
    expect(await code(Broker.open(dir))).toBe('KLOG_CORRUPT_CHECKPOINT')
    fs.writeFileSync(
      path.join(dir, 't-0', 'partition.metadata'),
      'version: 0\ntopic_id: ' + JSON.parse(good.toString().split('\n')[1]!).topics[0].topicId,
    )
    await (await Broker.open(dir)).close()
  })
})
