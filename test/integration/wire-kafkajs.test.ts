/**
 * kafkajs 2.2.4, unchanged, against an in-process broker on port 0 (`broker.listen`): its producer
 * (every codec it has: none and gzip built in, snappy/lz4/zstd through the codec helpers; acks 1,
 * and acks -1 with the idempotent producer), keys spread over 4 partitions by its default
 * partitioner, then every record read back by assigned partition with kafkajs's own `Broker.fetch`
 * (its Fetch v11 request and decoder: an implementation independent of ours), and offsets checked
 * with its admin client (ListOffsets). Checks: the same records (keys, values, headers,
 * timestamps) at the offsets the produce acknowledged, per-key order, and each key in the partition
 * Kafka's murmur2 assigns (`partitionForKey`). kafkajs's consumer needs consumer groups, which are
 * served separately (issue 21); `Broker.fetch` is the fetch that consumer makes.
 */
import { createRequire } from 'node:module'
import { afterEach, describe, expect, it } from 'vitest'
import { Broker } from '../../src/broker/index.js'
import { partitionForKey } from '../../src/broker/partitioner.js'
import { registerKafkajsCodecs } from '../helpers/produced-batches.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const require = createRequire(import.meta.url)

const kafkajs = require('kafkajs')
const dirs = useTempDirs('kafka-lite-wire-kafkajs-')
const PARTITIONS = 4

interface Sent {
  key: string
  value: string
  headers: Record<string, string>
  timestamp: number
  partition: number
  offset: number
}

interface Fetched {
  key: string
  value: string
  headers: Record<string, string>
  timestamp: number
  offset: number
}

const logger = (): (() => void) => () => {}
const opened: { close(): Promise<void> }[] = []
afterEach(async () => {
  for (const c of opened.splice(0).reverse()) await c.close()
})

async function startBroker(): Promise<{ broker: Broker; port: number }> {
  const broker = await Broker.open(dirs.make(), { defaultPartitions: PARTITIONS })
  opened.push(broker)
  const { port } = await broker.listen({ port: 0 })
  return { broker, port }
}

function client(port: number): any {
  return new kafkajs.Kafka({ clientId: 'wire-kafkajs', brokers: [`127.0.0.1:${port}`], logCreator: logger, retry: { retries: 3 } })
}

/** kafkajs's own Broker object (its connection, its ApiVersions, its Fetch request and decoder). */
async function kafkajsBroker(port: number): Promise<any> {
  const KBroker = require('kafkajs/src/broker')
  const ConnectionPool = require('kafkajs/src/network/connectionPool')
  const socketFactory = require('kafkajs/src/network/socketFactory')
  const { createLogger, LEVELS } = require('kafkajs/src/loggers')
  const log = createLogger({ level: LEVELS.NOTHING, logCreator: logger })
  const connectionPool = new ConnectionPool({
    host: '127.0.0.1',
    port,
    logger: log,
    socketFactory: socketFactory(),
    clientId: 'wire-kafkajs-fetch',
    requestTimeout: 30_000,
    connectionTimeout: 10_000,
  })
  const b = new KBroker({ connectionPool, logger: log })
  await b.connect()
  opened.push({ close: () => b.disconnect() })
  return b
}

/** Every record of `topic`'s partition `partition` below `end`, fetched by kafkajs in chunks of `maxBytes`. */
async function fetchAll(b: any, topic: string, partition: number, end: number, maxBytes = 4096): Promise<Fetched[]> {
  const out: Fetched[] = []
  let offset = 0
  while (offset < end) {
    const r = await b.fetch({
      replicaId: -1,
      isolationLevel: 1,
      maxWaitTime: 100,
      minBytes: 1,
      maxBytes,
      topics: [{ topic, partitions: [{ partition, fetchOffset: String(offset), maxBytes }] }],
    })
    expect(b.versions[1].maxVersion).toBe(17)
    const p = r.responses[0].partitions[0]
    expect(p.errorCode).toBe(0)
    expect(Number(p.highWatermark)).toBe(end)
    for (const m of p.messages) {
      // The batch holding `offset` comes whole: records before it are skipped, as a consumer does.
      if (Number(m.offset) < offset) continue
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(m.headers as Record<string, Buffer>)) headers[k] = v.toString()
      out.push({ key: m.key.toString(), value: m.value.toString(), headers, timestamp: Number(m.timestamp), offset: Number(m.offset) })
    }
    const next = out.length === 0 ? offset : out[out.length - 1]!.offset + 1
    expect(next).toBeGreaterThan(offset)
    offset = next
  }
  return out
}

const CODECS = [
  ['none', 0],
  ['gzip', 1],
  ['snappy', 2],
  ['lz4', 3],
  ['zstd', 4],
] as const

describe('kafkajs 2.2.4 producer and fetch against broker.listen()', () => {
  it.each(
    CODECS.flatMap(([name, codec]) => [
      { name, codec, acks: 1, idempotent: false },
      { name, codec, acks: -1, idempotent: true },
    ]),
  )(
    'codec $name, acks $acks, idempotent $idempotent: same records, offsets, per-key order, murmur2 partitions',
    async ({ codec, acks, idempotent }) => {
      registerKafkajsCodecs()
      const { broker, port } = await startBroker()
      const topic = 'orders'
      await broker.createTopic(topic, { partitions: PARTITIONS })
      const kafka = client(port)
      const producer = kafka.producer({
        idempotent,
        maxInFlightRequests: idempotent ? 1 : undefined,
        createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
      })
      await producer.connect()
      opened.push({ close: () => producer.disconnect() })
      const sent: Sent[] = []
      const base = Date.now() - 1000
      let n = 0
      for (let round = 0; round < 6; round++) {
        const messages = Array.from({ length: 25 }, () => {
          const i = n++
          return { key: `key-${i % 17}`, value: `value-${i}-${'x'.repeat(i % 40)}`, headers: { h: `h${i}` }, timestamp: String(base + i) }
        })
        const result = await producer.send({ topic, acks, compression: codec, messages })
        const nextByPartition = new Map<number, number>()
        for (const r of result as { partition: number; errorCode: number; baseOffset: string }[]) {
          expect(r.errorCode).toBe(0)
          nextByPartition.set(r.partition, Number(r.baseOffset))
        }
        for (const m of messages) {
          const partition = partitionForKey(Buffer.from(m.key), PARTITIONS)
          const offset = nextByPartition.get(partition)!
          expect(offset, `no acknowledgement for partition ${partition}`).toBeDefined()
          nextByPartition.set(partition, offset + 1)
          sent.push({ key: m.key, value: m.value, headers: m.headers, timestamp: Number(m.timestamp), partition, offset })
        }
      }
      // Every partition got keys (17 keys over 4 partitions).
      expect(new Set(sent.map((s) => s.partition)).size).toBe(PARTITIONS)

      const admin = kafka.admin()
      await admin.connect()
      opened.push({ close: () => admin.disconnect() })
      const offsets = (await admin.fetchTopicOffsets(topic)) as { partition: number; high: string; low: string }[]
      const fetcher = await kafkajsBroker(port)
      for (let p = 0; p < PARTITIONS; p++) {
        const expected = sent.filter((s) => s.partition === p).sort((a, b) => a.offset - b.offset)
        const end = Number(offsets.find((o) => o.partition === p)!.high)
        expect(end).toBe(expected.length)
        expect(expected.map((e) => e.offset)).toEqual(expected.map((_, i) => i))
        const fetched = await fetchAll(fetcher, topic, p, end)
        expect(fetched).toEqual(expected.map(({ partition: _p, ...rest }) => rest))
        // Per-key order: each key's values in the order they were sent.
        for (const key of new Set(expected.map((e) => e.key))) {
          const order = (xs: { key: string; value: string }[]): number[] =>
            xs.filter((x) => x.key === key).map((x) => Number(x.value.split('-')[1]))
          const got = order(fetched)
          expect(got).toEqual([...got].sort((a, b) => a - b))
        }
        // The bytes the log holds carry the producer's codec (appended as they came).
        const { records } = await broker.log(topic, p).readBatches({ from: 0, maxBytes: 1 << 20 })
        expect(records.readInt16BE(21) & 7).toBe(codec)
        expect(records.readBigInt64BE(43) >= 0n).toBe(idempotent)
      }
    },
  )

  it('auto-creates a topic on first produce (Metadata allowAutoTopicCreation) with the default partition count', async () => {
    const { broker, port } = await startBroker()
    const producer = client(port).producer({ allowAutoTopicCreation: true })
    await producer.connect()
    opened.push({ close: () => producer.disconnect() })
    const r = await producer.send({ topic: 'fresh', acks: 1, messages: [{ key: 'a', value: '1' }] })
    expect(r[0].errorCode).toBe(0)
    expect(broker.topic('fresh')?.partitions).toBe(PARTITIONS)
    expect(broker.log('fresh', partitionForKey(Buffer.from('a'), PARTITIONS)).highWatermark).toBe(1)
  })

  it('admin.fetchTopicMetadata: this node leads every partition; fetchTopicOffsetsByTimestamp finds records', async () => {
    const { broker, port } = await startBroker()
    await broker.createTopic('t', { partitions: 2 })
    await broker.partition('t', 1).append([
      { value: 'a', timestamp: 1000 },
      { value: 'b', timestamp: 2000 },
    ])
    const admin = client(port).admin()
    await admin.connect()
    opened.push({ close: () => admin.disconnect() })
    const md = await admin.fetchTopicMetadata({ topics: ['t'] })
    expect(
      md.topics[0].partitions.map((p: { leader: number; replicas: number[]; isr: number[] }) => [p.leader, p.replicas, p.isr]),
    ).toEqual([
      [0, [0], [0]],
      [0, [0], [0]],
    ])
    const byTime = (await admin.fetchTopicOffsetsByTimestamp('t', 1500)) as { partition: number; offset: string }[]
    expect(byTime.sort((a, b) => a.partition - b.partition).map((o) => o.offset)).toEqual(['0', '1'])
  })
})
