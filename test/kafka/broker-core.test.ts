/**
 * Apache Kafka as the judge of the in-process broker:
 * - murmur2 and the key → partition rule equal the Java client's (`Utils.murmur2`,
 *   `BuiltInPartitioner.partitionForKey`) for 1,000 seeded random keys (empty, long, bytes ≥ 0x80)
 *   at several partition counts;
 * - the topic configs and their defaults are Kafka's own `LogConfig` (save the documented
 *   difference of `max.decompressed.message.bytes`);
 * - a broker directory written in process (topics of several partitions and segments, in-process
 *   sends, producer batches from our encoder and from kafkajs's with every codec and idempotent
 *   producer fields, a LogAppendTime topic) passes DumpLogSegments and Kafka's `FileRecords` record
 *   by record in every partition, and Kafka's `PartitionMetadataFile` reads each partition's topic id.
 *
 * BrokerProbe.java is compiled here, next to the harness's probe, on the harness's classpath.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import type { CompressionType } from '../../src/index.js'
import { Broker as KafkaLiteBroker, partitionForKey, murmur2 } from '../../src/broker/index.js'
import { describeTopicConfigs } from '../../src/broker/topic-config.js'
import { kafkajsBatch, ourBatch } from '../helpers/produced-batches.js'
import { mulberry32 } from '../helpers/random.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { CACHE_DIR, JVM_FLAGS, ROOT, kafkaClasspath, kafkaRecords } from './harness.js'
import { judgeDirectory, kafkaDisagreements, type ExpectedRecord } from './judge.js'

const execFileP = promisify(execFile)
const dirs = useTempDirs('kafka-lite-broker-core-')
const SRC = path.join(ROOT, 'test', 'kafka', 'java', 'BrokerProbe.java')
const CLASSES = path.join(CACHE_DIR, 'broker-probe-classes')
const CODECS: CompressionType[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd']

beforeAll(async () => {
  const cls = path.join(CLASSES, 'BrokerProbe.class')
  if (!fs.existsSync(cls) || fs.statSync(cls).mtimeMs < fs.statSync(SRC).mtimeMs) {
    fs.mkdirSync(CLASSES, { recursive: true })
    await execFileP('javac', ['-nowarn', '-d', CLASSES, '-cp', kafkaClasspath(), SRC])
  }
})

async function probe(args: string[]): Promise<string[]> {
  const { stdout } = await execFileP(
    'java',
    ['-Xmx256m', ...JVM_FLAGS, '-cp', [CLASSES, kafkaClasspath()].join(path.delimiter), 'BrokerProbe', ...args],
    {
      maxBuffer: 64 << 20,
    },
  )
  return stdout.split('\n').filter((l) => l !== '')
}

describe("the Java client's partitioner", () => {
  it('murmur2 and partitionForKey agree on 1,000 random keys at every partition count', async () => {
    const seed = 424242
    console.log(`partitioner keys seed ${seed}`)
    const rand = mulberry32(seed)
    const keys: Buffer[] = [Buffer.alloc(0), Buffer.from('21'), Buffer.from([0xff, 0x80, 0x7f, 0x00])]
    while (keys.length < 1000) {
      const n = Math.floor(rand() * (rand() < 0.1 ? 300 : 24))
      keys.push(Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256))))
    }
    const file = path.join(dirs.make(), 'keys.hex')
    fs.writeFileSync(file, keys.map((k) => k.toString('hex')).join('\n') + '\n')
    for (const n of [1, 3, 4, 7, 100]) {
      const java = await probe(['partitions', String(n), file])
      expect(java).toHaveLength(keys.length)
      const ours = keys.map((k) => `${murmur2(k)} ${partitionForKey(k, n)}`)
      expect(ours).toEqual(java)
    }
  })
})

describe("Kafka's topic configs", () => {
  it("every topic config Kafka defines, with Kafka's default", async () => {
    const kafka = Object.fromEntries((await probe(['topic-configs'])).map((l) => l.split('\t') as [string, string]))
    const ours = Object.fromEntries(describeTopicConfigs({}, {}).map((e) => [e.name, e.value]))
    // Documented difference: validation holds a decompressed batch in memory, so our bound is lower.
    expect(kafka['max.decompressed.message.bytes']).toBe('2147483639')
    delete kafka['max.decompressed.message.bytes']
    delete ours['max.decompressed.message.bytes']
    expect(ours).toEqual(kafka)
  })
})

describe('a broker directory written in process, judged by Kafka', () => {
  it('DumpLogSegments and FileRecords agree with every record of every partition; partition.metadata reads back', async () => {
    const dir = dirs.make()
    const expected = new Map<string, ExpectedRecord[]>()
    const add = (partitionDir: string, rs: ExpectedRecord[]): void => {
      expected.set(partitionDir, [...(expected.get(partitionDir) ?? []), ...rs])
    }
    const topicIds = new Map<string, string>()
    {
      await using broker = await KafkaLiteBroker.open(dir)
      const segments = { 'internal.segment.bytes': '2048', 'index.interval.bytes': '256' }
      topicIds.set('events', (await broker.createTopic('events', { partitions: 3, configs: segments })).topicId)
      topicIds.set(
        'stamped',
        (await broker.createTopic('stamped', { configs: { ...segments, 'message.timestamp.type': 'LogAppendTime' } })).topicId,
      )
      const producer = broker.producer()
      const rand = mulberry32(7)
      const now = Date.now()
      // In-process sends: keys spread by murmur2, text values Kafka's tool prints as they are.
      for (let round = 0; round < 30; round++) {
        const messages = Array.from({ length: 1 + (round % 5) }, (_, i) => ({
          key: `user-${Math.floor(rand() * 40)}`,
          value: `event ${round}/${i} `.repeat(1 + Math.floor(rand() * 10)),
          headers: i % 2 === 0 ? [{ key: 'source', value: 'in-process' }] : [],
          timestamp: now - 1000 + round,
        }))
        const sent = await producer.send({ topic: 'events', messages })
        sent.forEach((m, i) =>
          add(`events-${m.partition}`, [
            {
              offset: m.offset,
              timestamp: m.timestamp,
              key: Buffer.from(messages[i]!.key),
              value: Buffer.from(messages[i]!.value),
              headers: messages[i]!.headers.map((h) => ({ key: h.key, value: Buffer.from(h.value) })),
            },
          ]),
        )
      }
      // Producer batches, idempotent, every codec, our encoder and kafkajs's, to partition 1.
      const { producerId } = await broker.initProducerId()
      const sequences = new Map<string, number>() // per partition, as a producer keeps them
      for (let i = 0; i < 20; i++) {
        const codec = CODECS[i % 5]!
        const records = Array.from({ length: 3 }, (_, j) => ({
          key: `batch-${i}`,
          value: `produced ${i}/${j} ${codec}`,
          ts: now - 500 + i,
        }))
        const target = i % 4 === 3 ? 'stamped' : 'events'
        const partition = target === 'events' ? 1 : 0
        const seq = sequences.get(target) ?? 0
        sequences.set(target, seq + 3)
        const fields = { producerId, producerEpoch: 0, baseSequence: seq }
        const bytes =
          i % 2 === 0
            ? await ourBatch(
                records.map((r) => ({ key: r.key, value: r.value, timestamp: r.ts, headers: [{ key: 'enc', value: 'ours' }] })),
                codec,
                fields,
              )
            : await kafkajsBatch(
                records.map((r) => ({
                  key: Buffer.from(r.key),
                  value: Buffer.from(r.value),
                  headers: { enc: Buffer.from('kafkajs') },
                  timestamp: r.ts,
                })),
                codec,
                fields,
              )
        const r = await broker.partition(target, partition).produce(bytes)
        add(
          `${target}-${partition}`,
          records.map((x, j) => ({
            offset: r.baseOffset + j,
            timestamp: r.logAppendTime >= 0 ? r.logAppendTime : x.ts,
            key: Buffer.from(x.key),
            value: Buffer.from(x.value),
            headers: [{ key: 'enc', value: Buffer.from(i % 2 === 0 ? 'ours' : 'kafkajs') }],
          })),
        )
        expect(r.duplicate).toBe(false)
      }
      expect(broker.log('events', 1).stats().segments).toBeGreaterThan(1)
    }
    for (const [partitionDir, records] of expected) {
      const full = path.join(dir, partitionDir)
      records.sort((a, b) => a.offset - b.offset)
      const view = await judgeDirectory(full)
      expect(kafkaDisagreements(view, records), partitionDir).toEqual([])
    }
    // Producer fields and codecs as the producers sent them, as Kafka's FileRecords reads them.
    const logs = fs
      .readdirSync(path.join(dir, 'events-1'))
      .filter((f) => f.endsWith('.log'))
      .map((f) => path.join(dir, 'events-1', f))
    const batches = await kafkaRecords(logs)
    const produced = batches.filter((b) => b.producerId >= 0)
    expect(produced.length).toBeGreaterThan(0)
    for (const b of produced) expect([b.producerEpoch, b.control]).toEqual([0, false])
    expect(new Set(produced.map((b) => b.compression))).toEqual(new Set(['none', 'gzip', 'snappy', 'lz4', 'zstd']))
    // Kafka reads every partition.metadata we wrote.
    const metaFiles = [...expected.keys()].map((p) => path.join(dir, p, 'partition.metadata'))
    const ids = await probe(['partition-metadata', ...metaFiles])
    expect(ids).toEqual([...expected.keys()].map((p) => topicIds.get(p.replace(/-\d+$/, ''))))
  })
})
