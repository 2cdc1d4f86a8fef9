/**
 * kafkajs 2.2.4 (the project's dev dependency): every codec (gzip built in; snappy from
 * kafkajs-snappy, lz4 and zstd registered as kafkajs documents it, with independent-block LZ4 frames
 * and @mongodb-js/zstd), acks=1 and acks=-1 with its idempotent producer, its default (Java-
 * compatible murmur2) partitioner, keys over 4 partitions.
 *
 * kafkajs has no consumer without a group: every partition is read back through kafkajs's own
 * cluster and Fetch (the cluster a `Kafka` instance builds, reached through its private symbol),
 * from offset 0 to the end offsets its ListOffsets reports. kafkajs reports each partition's base
 * offset per send: the record there must be that round's first record of the partition.
 */
import { createRequire } from 'node:module'
import { afterAll, expect, it } from 'vitest'
import { compressBlock, compressFrame, decompressFrame } from '../../src/codec/lz4.js'
import { makePlan, murmur2Partition, PARTITIONS, PartitionsByTarget, verifyRun, type Consumed } from './plan.js'
import { servedBatches, verifyBatches } from './batches.js'
import { describeTargets } from './targets.js'

const require = createRequire(import.meta.url)
type Any = any
const kafkajs: Any = require('kafkajs')
const zstd: Any = require('@mongodb-js/zstd')
const { CompressionCodecs, CompressionTypes, Kafka, logLevel, Partitioners } = kafkajs
CompressionCodecs[CompressionTypes.Snappy] = require('kafkajs-snappy')
CompressionCodecs[CompressionTypes.LZ4] = () => ({
  compress: async (encoder: { buffer: Buffer }) => compressFrame(encoder.buffer, compressBlock),
  decompress: async (buf: Buffer) => decompressFrame(buf, 64 << 20),
})
CompressionCodecs[CompressionTypes.ZSTD] = () => ({
  compress: async (encoder: { buffer: Buffer }) => zstd.compress(encoder.buffer),
  decompress: async (buf: Buffer) => zstd.decompress(buf),
})
const CODEC_TYPES = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
}

const observed = new PartitionsByTarget()
afterAll(() => observed.compare())

/** Every record of `topic`'s partitions, read with kafkajs's cluster: ListOffsets, then Fetch. */
async function readBack(kafka: Any, topic: string): Promise<Consumed[]> {
  const createCluster = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster')!
  const cluster: Any = kafka[createCluster]({ allowAutoTopicCreation: false, isolationLevel: 1 })
  await cluster.connect()
  try {
    await cluster.addTargetTopic(topic)
    const partitions = Array.from({ length: PARTITIONS }, (_, p) => ({ partition: p }))
    const [ends] = await cluster.fetchTopicsOffset([{ topic, partitions, fromBeginning: false }])
    const out: Consumed[] = []
    for (const { partition, offset } of ends.partitions as { partition: number; offset: string }[]) {
      const end = Number(offset)
      const [nodeId] = Object.keys(cluster.findLeaderForPartitions(topic, [partition]))
      const broker = await cluster.findBroker({ nodeId })
      let next = 0
      while (next < end) {
        const { responses } = await broker.fetch({
          replicaId: -1,
          isolationLevel: 1,
          maxWaitTime: 100,
          minBytes: 1,
          maxBytes: 1 << 20,
          topics: [{ topic, partitions: [{ partition, fetchOffset: String(next), maxBytes: 1 << 20 }] }],
        })
        const part = responses[0].partitions[0]
        expect(part.errorCode).toBe(0)
        // A fetch returns whole batches: records before the fetch offset are skipped, as consumers do.
        for (const m of part.messages as { offset: string; key: Buffer; value: Buffer }[]) {
          if (Number(m.offset) < next) continue
          out.push({ partition, offset: Number(m.offset), key: m.key.toString(), value: m.value.toString() })
          next = Number(m.offset) + 1
        }
      }
    }
    return out
  } finally {
    await cluster.disconnect()
  }
}

describeTargets('kafkajs 2.2.4', (name, target) => {
  it('produces every codec with acks 1 and -1 (idempotent), reads every record back by partition', async () => {
    const t = target()
    const topic = `kafkajs-${name}`
    await t.createTopic(topic, PARTITIONS)
    const plan = makePlan('kafkajs', { idempotence: true })
    expect(plan).toHaveLength(10)
    const kafka = new Kafka({ brokers: [t.bootstrap], clientId: 'clients-kafkajs', logLevel: logLevel.NOTHING })
    // Per round and partition, the base offset kafkajs was given.
    const bases: { round: number; partition: number; baseOffset: number }[] = []
    for (const [i, r] of plan.entries()) {
      const producer = kafka.producer({
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: false,
        idempotent: r.idempotent,
        ...(r.idempotent ? { maxInFlightRequests: 1 } : {}),
      })
      await producer.connect()
      const metadata = await producer.send({
        topic,
        acks: r.acks === 'all' ? -1 : 1,
        compression: CODEC_TYPES[r.codec],
        messages: r.records.map((rec) => ({ key: rec.key, value: rec.value })),
      })
      await producer.disconnect()
      for (const m of metadata as { partition: number; baseOffset: string; errorCode: number }[]) {
        expect(m.errorCode).toBe(0)
        bases.push({ round: i, partition: m.partition, baseOffset: Number(m.baseOffset) })
      }
    }
    const consumed = await readBack(kafka, topic)
    const run = { delivered: [], consumed }
    observed.record(name, verifyRun(plan, run))
    expect(verifyBatches(plan, run.consumed, await servedBatches(t.bootstrap, topic))).toBeGreaterThanOrEqual(plan.length)
    // Every (round, partition) the round's keys reach was acknowledged once, at the offset where
    // that round's first record for the partition was read back.
    const expectedPairs = plan.flatMap((r, i) => [...new Set(r.records.map((rec) => murmur2Partition(rec.key)))].map((p) => `${i}:${p}`))
    expect(bases.map((b) => `${b.round}:${b.partition}`).sort()).toEqual(expectedPairs.sort())
    for (const b of bases) {
      const first = plan[b.round]!.records.find((rec) => murmur2Partition(rec.key) === b.partition)!
      const at = consumed.find((c) => c.partition === b.partition && c.offset === b.baseOffset)
      expect(at?.value).toBe(first.value)
    }
  })
})
