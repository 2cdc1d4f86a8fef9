/**
 * Kafka as the judge of a broker directory written over the wire: kafkajs 2.2.4 produces into our
 * broker (`Broker.open` + `listen()` in process) a topic of 4 partitions, with every codec (none,
 * gzip, snappy, lz4, zstd) at acks 1 and all, from a plain producer and an idempotent one (producer
 * ids, epochs, sequences in the batches), records with keys, null keys, tombstones, headers (repeated
 * keys) and explicit timestamps, plus a few large uncompressed values that roll a second segment
 * (`segment.bytes` 1 MiB). Then our broker closes, and:
 *
 * - every partition directory passes DumpLogSegments (deep iteration with data, index verification,
 *   index sanity check) and Kafka's `FileRecords`, record by record against what was sent (judge.ts);
 * - a real Apache Kafka broker adopts the directories (docs/kafka-interop.md's recipe: the topic
 *   created with 4 partitions, the broker stopped, each partition's segment files replaced by ours,
 *   the checkpoints set to our offsets, the broker started): Kafka's Java consumer reads every
 *   partition back, byte for byte and in order (offsets, timestamps, keys, values, headers), Kafka's
 *   segment files are still our bytes, and Kafka appends the next record at our log end offset.
 */
import fs from 'node:fs'
import path from 'node:path'
import { Kafka, logLevel, CompressionTypes, type Message } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Broker as OurBroker, partitionForKey } from '../../src/broker/index.js'
import { registerKafkajsCodecs } from '../helpers/produced-batches.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { javaConsume, kafkaRecords, replacePartition, startBroker, type Broker, type ProbeRecord } from './harness.js'
import { judgeDirectory, kafkaDisagreements, type ExpectedRecord } from './judge.js'

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'
const dirs = useTempDirs('kafka-lite-wire-adoption-')
// Recent timestamps: older than retention.ms (7 days), a segment is deleted by retention, here and in Kafka.
const T0 = Math.floor(Date.now() / 1000) * 1000 - 3_600_000
const TOPIC = 'wired'
const PARTITIONS = 4
const CODECS = ['None', 'GZIP', 'Snappy', 'LZ4', 'ZSTD'] as const
let kafka: Broker

beforeAll(async () => {
  kafka = await startBroker()
})
afterAll(async () => {
  await kafka?.close()
})

const buf = (v: string | Buffer | null | undefined): Buffer | null => (v === null || v === undefined ? null : Buffer.from(v))
const segmentFiles = (dir: string, ext = 'log'): string[] =>
  fs
    .readdirSync(dir)
    .filter((n) => new RegExp(`^\\d{20}\\.${ext}$`).test(n))
    .sort()

/** Records in a comparable shape (bytes as hex, headers in order). */
const comparable = (records: readonly (ProbeRecord | ExpectedRecord)[]): unknown[] =>
  records.map((r) => ({
    offset: r.offset,
    timestamp: r.timestamp,
    key: r.key?.toString('hex') ?? null,
    value: r.value?.toString('hex') ?? null,
    headers: r.headers.map((h) => [h.key, h.value?.toString('hex') ?? null]),
  }))

/**
 * Produces through kafkajs into our broker at `port`: one send per codec, acks and producer, records
 * placed by their key's murmur2 partition (null keys spread by hand). Returns the records of every
 * partition in offset order, with the offsets the broker acknowledged.
 */
async function produceOverTheWire(port: number): Promise<ExpectedRecord[][]> {
  registerKafkajsCodecs()
  const client = new Kafka({ brokers: [`127.0.0.1:${port}`], clientId: 'wire-adoption', logLevel: logLevel.NOTHING })
  const admin = client.admin()
  await admin.connect()
  await admin.createTopics({
    topics: [{ topic: TOPIC, numPartitions: PARTITIONS, configEntries: [{ name: 'segment.bytes', value: String(1024 * 1024) }] }],
  })
  await admin.disconnect()
  const expected: ExpectedRecord[][] = Array.from({ length: PARTITIONS }, () => [])
  let n = 0
  const send = async (
    producer: ReturnType<Kafka['producer']>,
    acks: number,
    codec: (typeof CODECS)[number],
    messages: Message[],
  ): Promise<void> => {
    const results = await producer.send({ topic: TOPIC, acks, compression: CompressionTypes[codec], messages })
    expect(results.every((r) => r.errorCode === 0)).toBe(true)
    const base = new Map(results.map((r) => [r.partition, Number(r.baseOffset)]))
    const next = new Map<number, number>()
    for (const m of messages) {
      const p = m.partition!
      const i = next.get(p) ?? 0
      next.set(p, i + 1)
      expected[p]!.push({
        offset: base.get(p)! + i,
        timestamp: Number(m.timestamp),
        key: buf(m.key as string | null),
        value: buf(m.value as string | Buffer | null),
        headers: Object.entries(m.headers ?? {}).flatMap(([k, v]) =>
          (Array.isArray(v) ? v : [v]).map((x) => ({ key: k, value: buf(x as string) })),
        ),
      })
    }
  }
  const batch = (label: string, size: number): Message[] =>
    Array.from({ length: size }, (_, j) => {
      const i = n++
      const key = i % 5 === 0 ? null : `key-${i % 13}`
      return {
        key,
        partition: key === null ? i % PARTITIONS : partitionForKey(Buffer.from(key), PARTITIONS),
        value: i % 7 === 3 ? null : `${label} record ${i} `.repeat(1 + (i % 6)),
        headers: j % 2 === 0 ? { trace: [`t${i}`, `u${i}`], codec: label } : {},
        timestamp: String(T0 + i * 10),
      }
    })

  const plain = client.producer()
  await plain.connect()
  for (const codec of CODECS) for (const acks of [1, -1]) await send(plain, acks, codec, batch(`plain ${codec} acks ${acks}`, 12))
  // Large incompressible values roll partition 0 past its 1 MiB segment.
  const large = Array.from({ length: 5 }, (_, i) => ({
    partition: 0,
    key: `large-${i}`,
    value: Buffer.from(Array.from({ length: 300_000 }, (_, j) => (j * 7919 + i * 104729) % 251)),
    timestamp: String(T0 + 1_000_000 + i),
  }))
  for (const m of large) await send(plain, -1, 'None', [m])
  await plain.disconnect()
  const idempotent = client.producer({ idempotent: true, maxInFlightRequests: 1 })
  await idempotent.connect()
  for (const codec of CODECS) await send(idempotent, -1, codec, batch(`idempotent ${codec}`, 12))
  await idempotent.disconnect()
  return expected
}

describe('a broker directory written over the wire', () => {
  it('passes DumpLogSegments, and a real Kafka broker adopts it: the Java consumer reads every record back', async () => {
    const dir = dirs.make()
    const ours = await OurBroker.open(dir)
    let expected: ExpectedRecord[][]
    try {
      const { port } = await ours.listen({ host: '127.0.0.1', port: 0 })
      expected = await produceOverTheWire(port)
    } finally {
      await ours.close()
    }
    expect(expected.map((e) => e.length).every((count) => count > 10)).toBe(true)
    const partitionDir = (p: number): string => path.join(dir, `${TOPIC}-${p}`)
    expect(segmentFiles(partitionDir(0)).length).toBeGreaterThan(1)

    // Kafka's tools on our directories, record by record.
    for (let p = 0; p < PARTITIONS; p++) {
      const view = await judgeDirectory(partitionDir(p), false)
      expect({ partition: p, disagreements: kafkaDisagreements(view, expected[p]!) }).toEqual({ partition: p, disagreements: [] })
    }
    const ourBatches = await Promise.all(
      Array.from({ length: PARTITIONS }, (_, p) => kafkaRecords(segmentFiles(partitionDir(p)).map((n) => path.join(partitionDir(p), n)))),
    )
    const codecs = new Set(ourBatches.flat().map((b) => b.compression.toLowerCase()))
    expect(codecs).toEqual(new Set(['none', 'gzip', 'snappy', 'lz4', 'zstd']))
    expect(ourBatches.flat().some((b) => b.producerId >= 0)).toBe(true)

    // A real Kafka broker adopts them (docs/kafka-interop.md).
    const admin = new Kafka({ brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING }).admin()
    await admin.connect()
    try {
      await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 1 }], waitForLeaders: true })
    } finally {
      await admin.disconnect()
    }
    await kafka.stop()
    for (let p = 0; p < PARTITIONS; p++) replacePartition(kafka.logDir, TOPIC, p, partitionDir(p), 0, expected[p]!.at(-1)!.offset + 1)
    await kafka.start()

    for (let p = 0; p < PARTITIONS; p++) {
      const viaJava = await javaConsume(kafka.bootstrap, TOPIC, p, -1)
      expect(viaJava.every((r) => r.timestampType === 'CreateTime')).toBe(true)
      expect({ partition: p, records: comparable(viaJava) }).toEqual({ partition: p, records: comparable(expected[p]!) })
    }

    // Kafka appends after our records, then (stopped cleanly) its segment files still hold our bytes.
    const producer = new Kafka({ brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING }).producer()
    await producer.connect()
    const [appended] = await producer.send({ topic: TOPIC, messages: [{ partition: 1, key: 'after', value: 'kafka' }] })
    await producer.disconnect()
    expect(Number(appended!.baseOffset)).toBe(expected[1]!.at(-1)!.offset + 1)
    await kafka.stop()
    for (let p = 0; p < PARTITIONS; p++) {
      const theirs = path.join(kafka.logDir, `${TOPIC}-${p}`)
      expect(segmentFiles(theirs)).toEqual(segmentFiles(partitionDir(p)))
      for (const name of segmentFiles(partitionDir(p))) {
        const mine = fs.readFileSync(path.join(partitionDir(p), name))
        const kept = fs.readFileSync(path.join(theirs, name))
        expect(kept.subarray(0, mine.length).equals(mine), `${TOPIC}-${p}/${name}`).toBe(true)
        if (p !== 1 || name !== segmentFiles(theirs).at(-1)) expect(kept.length, `${TOPIC}-${p}/${name}`).toBe(mine.length)
      }
    }
  })
})
