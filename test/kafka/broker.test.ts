/**
 * A real Kafka broker and our directories, both ways round (one broker for the whole file):
 *
 * - Kafka serves a directory we wrote: the topic is created through the admin API (in KRaft the
 *   topic must exist in the cluster metadata, with its topic id), the broker is stopped, the
 *   partition directory's segment files are replaced by ours (Kafka's `partition.metadata` kept),
 *   the log directory's checkpoints are set to our offsets, and the broker restarted. kafkajs and
 *   Kafka's Java consumer must read back every record with the same offsets, timestamps, keys,
 *   values and headers.
 * - We read a directory Kafka wrote: kafkajs produces several batches (headers, tombstones, null
 *   keys; uncompressed), the broker is killed (SIGKILL: preallocated 10 MB indexes with a zero
 *   tail, no checkpoints) or stopped cleanly (trimmed indexes, leader-epoch-checkpoint,
 *   partition.metadata, producer snapshots), and a copy of the partition directory is opened with
 *   `Log.open` read-only and read-write: every record is there at Kafka's offsets, appends continue
 *   at Kafka's log end offset, and DumpLogSegments still agrees with everything.
 */
import fs from 'node:fs'
import path from 'node:path'
import { Kafka, logLevel, type IHeaders } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Log, type RecordInput } from '../../src/index.js'
import { readAll } from '../helpers/logs.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { javaConsume, setCheckpointEntry, startBroker, type Broker, type ProbeRecord } from './harness.js'
import { createTopics } from './topics.js'
import { judgeDirectory, kafkaDisagreements, type ExpectedRecord } from './judge.js'

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'
const dirs = useTempDirs('kafka-lite-broker-test-')
const T0 = 1_700_000_000_000
let broker: Broker

beforeAll(async () => {
  broker = await startBroker()
})
afterAll(async () => {
  await broker?.close()
})

const kafka = (): Kafka => new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, clientId: 'kafka-lite-test' })

function createTopic(topic: string, configEntries: { name: string; value: string }[] = []): Promise<void> {
  return createTopics(broker.bootstrap, [{ topic, config: Object.fromEntries(configEntries.map((e) => [e.name, e.value])) }])
}

/** kafkajs reads `count` records of partition 0 from the beginning (a throwaway consumer group). */
async function kafkajsConsume(topic: string, count: number): Promise<ProbeRecord[]> {
  const consumer = kafka().consumer({ groupId: `g-${topic}-${Date.now()}` })
  await consumer.connect()
  const out: ProbeRecord[] = []
  try {
    await consumer.subscribe({ topic, fromBeginning: true })
    await new Promise<void>((resolve, reject) => {
      // Bounds a failing run only; a passing one resolves as soon as it has `count` records.
      const timer = setTimeout(() => reject(new Error(`kafkajs got ${out.length} of ${count} records`)), 120_000)
      consumer.on(consumer.events.CRASH, (e) => {
        if (!e.payload.restart) reject(e.payload.error)
      })
      const done = resolve
      resolve = () => {
        clearTimeout(timer)
        done()
      }
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ message }) => {
            const headers: ProbeRecord['headers'] = []
            for (const [key, v] of Object.entries(message.headers ?? {})) {
              for (const value of Array.isArray(v) ? v : [v]) headers.push({ key, value: value == null ? null : Buffer.from(value) })
            }
            out.push({
              offset: Number(message.offset),
              timestamp: Number(message.timestamp),
              key: message.key,
              value: message.value,
              headers,
            })
            if (out.length === count) resolve()
          },
        })
        .catch(reject)
    })
  } finally {
    await consumer.disconnect()
  }
  return out
}

const buf = (v: string | Buffer | null | undefined): Buffer | null => (v === null || v === undefined ? null : Buffer.from(v))

/** Records a consumer saw, in the shape of the expected ones (headers grouped as kafkajs groups them). */
function comparable(records: readonly (ProbeRecord | ExpectedRecord)[], groupHeaders: boolean): unknown[] {
  return records.map((r) => {
    let headers = r.headers.map((h) => [h.key, h.value?.toString('hex') ?? null])
    if (groupHeaders) headers = [...new Set(headers.map((h) => h[0]))].flatMap((k) => headers.filter((h) => h[0] === k))
    return {
      offset: r.offset,
      timestamp: r.timestamp,
      key: r.key?.toString('hex') ?? null,
      value: r.value?.toString('hex') ?? null,
      headers,
    }
  })
}

describe('a Kafka broker serves a directory we wrote', () => {
  it('kafkajs and the Java consumer read every record at our offsets and timestamps', async () => {
    // Our log: several segments, headers (repeated keys), tombstones, null keys, explicit timestamps.
    const ours = dirs.make()
    const expected: ExpectedRecord[] = []
    {
      await using log = await Log.open(ours, { segmentBytes: 2048, indexIntervalBytes: 256, fsync: 'never' })
      const writer = await log.writer()
      for (let i = 0; i < 60; i++) {
        const batch: RecordInput[] = Array.from({ length: 1 + (i % 4) }, (_, j) => ({
          key: (i + j) % 5 === 0 ? null : `key-${i}-${j}`,
          value: (i + j) % 7 === 0 ? null : `value ${i}/${j} `.repeat(1 + ((i * j) % 9)),
          headers:
            j % 2 === 0
              ? [
                  { key: 'trace', value: `t${i}` },
                  { key: 'n', value: null },
                  { key: 'trace', value: `u${j}` },
                ]
              : [],
          timestamp: T0 + i * 1000 + j,
        }))
        const { baseOffset } = await writer.append(batch)
        batch.forEach((r, j) =>
          expected.push({
            offset: baseOffset + j,
            timestamp: r.timestamp!,
            key: buf(r.key as string | null),
            value: buf(r.value as string | null),
            headers: (r.headers ?? []).map((h) => ({ key: h.key, value: buf(h.value as string | null) })),
          }),
        )
      }
    }
    const leo = expected.length
    const segmentFiles = fs.readdirSync(ours).filter((n) => /^\d{20}\.(log|index|timeindex)$/.test(n))
    expect(segmentFiles.filter((n) => n.endsWith('.log')).length).toBeGreaterThan(3)

    // The topic must exist in the KRaft metadata; Kafka makes the partition directory.
    const topic = 'adopted'
    // Kafka rebuilds indexes with the topic's index.interval.bytes: the same as our log's.
    await createTopic(topic, [{ name: 'index.interval.bytes', value: '256' }])
    await broker.stop()
    const partitionDir = path.join(broker.logDir, `${topic}-0`)
    expect(fs.existsSync(path.join(partitionDir, 'partition.metadata'))).toBe(true)
    for (const name of fs.readdirSync(partitionDir)) if (name !== 'partition.metadata') fs.rmSync(path.join(partitionDir, name))
    for (const name of segmentFiles) fs.copyFileSync(path.join(ours, name), path.join(partitionDir, name))
    // Kafka's log-directory checkpoints: everything is flushed, committed and starts at 0.
    setCheckpointEntry(broker.logDir, 'recovery-point-offset-checkpoint', topic, 0, leo)
    setCheckpointEntry(broker.logDir, 'replication-offset-checkpoint', topic, 0, leo)
    setCheckpointEntry(broker.logDir, 'log-start-offset-checkpoint', topic, 0, 0)
    await broker.start()

    const admin = kafka().admin()
    await admin.connect()
    const offsets = await admin.fetchTopicOffsets(topic)
    await admin.disconnect()
    expect(offsets).toEqual([{ partition: 0, offset: String(leo), high: String(leo), low: '0' }])

    const viaKafkajs = await kafkajsConsume(topic, leo)
    // kafkajs hands headers out as an object, grouping repeated keys: compare in that shape.
    expect(comparable(viaKafkajs, true)).toEqual(comparable(expected, true))
    const viaJava = await javaConsume(broker.bootstrap, topic, 0, leo)
    expect(viaJava.every((r) => r.timestampType === 'CreateTime')).toBe(true)
    expect(comparable(viaJava, false)).toEqual(comparable(expected, false))

    // Kafka keeps appending after our records in our active segment.
    const producer = kafka().producer()
    await producer.connect()
    const [meta] = await producer.send({
      topic,
      messages: [{ partition: 0, key: 'after', value: 'kafka', timestamp: String(T0 + 99_000) }],
    })
    await producer.disconnect()
    expect(Number(meta!.baseOffset)).toBe(leo)

    // Unclean restart from recovery point 0: Kafka's LogSegment.recover validates every batch of
    // ours and rebuilds every index. Nothing may be truncated, and the indexes Kafka rebuilds for
    // our sealed segments must be byte for byte the ones we wrote.
    await broker.stop()
    fs.rmSync(path.join(broker.logDir, '.kafka_cleanshutdown'))
    setCheckpointEntry(broker.logDir, 'recovery-point-offset-checkpoint', topic, 0, 0)
    for (const name of fs.readdirSync(partitionDir)) if (/\.(index|timeindex)$/.test(name)) fs.rmSync(path.join(partitionDir, name))
    await broker.start()
    const viaJavaAfterRecovery = await javaConsume(broker.bootstrap, topic, 0, leo + 1)
    expect(comparable(viaJavaAfterRecovery.slice(0, leo), false)).toEqual(comparable(expected, false))
    expect(viaJavaAfterRecovery).toHaveLength(leo + 1)
    await broker.stop()
    await broker.start()
    const sealed = segmentFiles
      .filter((n) => n.endsWith('.log'))
      .sort()
      .slice(0, -1)
    expect(sealed.length).toBeGreaterThan(2)
    for (const log of sealed) {
      for (const suffix of ['.index', '.timeindex']) {
        const name = log.replace(/\.log$/, suffix)
        const theirs = fs.readFileSync(path.join(partitionDir, name))
        const mine = fs.readFileSync(path.join(ours, name))
        const width = suffix === '.index' ? 8 : 12
        const entries = (b: Buffer) =>
          Array.from({ length: b.length / width }, (_, i) => b.subarray(i * width, i * width + width).toString('hex'))
        expect({ name, entries: entries(mine) }).toEqual({ name, entries: entries(theirs) })
      }
    }
  })
})

describe('we read a directory Kafka wrote', () => {
  /** Produces batches with headers, tombstones and null keys; returns them with Kafka's offsets. */
  async function produce(topic: string, batches: number): Promise<ExpectedRecord[]> {
    const producer = kafka().producer()
    await producer.connect()
    const expected: ExpectedRecord[] = []
    try {
      for (let b = 0; b < batches; b++) {
        const messages = Array.from({ length: 1 + (b % 5) }, (_, j) => {
          const headers: IHeaders = j % 3 === 0 ? { source: `b${b}`, tag: ['x', `y${j}`] } : {}
          return {
            partition: 0,
            key: (b + j) % 4 === 0 ? null : `key-${b}-${j}`,
            value: (b + j) % 6 === 0 ? null : b % 10 === 9 ? 'L'.repeat(150_000) : `value ${b}/${j}`,
            headers,
            timestamp: String(T0 + b * 1000 + j),
          }
        })
        const [meta] = await producer.send({ topic, messages })
        const base = Number(meta!.baseOffset)
        messages.forEach((m, j) =>
          expected.push({
            offset: base + j,
            timestamp: Number(m.timestamp),
            key: buf(m.key),
            value: buf(m.value),
            headers: Object.entries(m.headers).flatMap(([k, v]) =>
              (Array.isArray(v) ? v : [v]).map((x) => ({ key: k, value: buf(x as string) })),
            ),
          }),
        )
      }
    } finally {
      await producer.disconnect()
    }
    return expected
  }

  /** Copies Kafka's partition directory (every file) to a temp dir. */
  function copyPartition(topic: string): string {
    const to = dirs.make()
    const from = path.join(broker.logDir, `${topic}-0`)
    for (const name of fs.readdirSync(from)) fs.copyFileSync(path.join(from, name), path.join(to, name))
    return to
  }

  /** Opens `dir` read-only, then read-write; checks every record, appends, and asks Kafka again. */
  async function adopt(dir: string, expected: ExpectedRecord[]): Promise<void> {
    const leo = expected.at(-1)!.offset + 1
    const strip = (
      rs: readonly {
        offset: number
        timestamp: number
        key: Buffer | null
        value: Buffer | null
        headers: { key: string; value: Buffer | null }[]
      }[],
    ) =>
      comparable(
        rs.map((r) => ({ offset: r.offset, timestamp: r.timestamp, key: r.key, value: r.value, headers: r.headers })),
        false,
      )
    {
      await using log = await Log.open(dir)
      expect(log.recovery!.clean).toBe(false) // no marker of ours: Kafka's segments are recovered
      expect(log.logEndOffset).toBe(leo)
      expect(strip(await readAll(log))).toEqual(strip(expected))
      // A reader in another process (read-only open) while our writer holds the directory.
      await using ro = await Log.open(dir, { readOnly: true })
      expect(ro.logEndOffset).toBe(leo)
      expect(strip(await readAll(ro))).toEqual(strip(expected))
      const writer = await log.writer()
      const more = [
        { key: 'ours', value: 'after kafka', headers: [{ key: 'h', value: 'v' }], timestamp: T0 + 500_000 },
        { key: 'ours', value: null, headers: [], timestamp: T0 + 500_001 },
      ]
      const { baseOffset } = await writer.append(more)
      expect(baseOffset).toBe(leo)
      more.forEach((r, j) =>
        expected.push({
          offset: leo + j,
          timestamp: r.timestamp,
          key: buf(r.key),
          value: buf(r.value),
          headers: r.headers.map((h) => ({ key: h.key, value: buf(h.value) })),
        }),
      )
      expect(strip(await readAll(log))).toEqual(strip(expected))
      expect(strip(await readAll(ro))).toEqual(strip(expected))
    }
    {
      // Reopened: a clean open of what we closed, Kafka's segments and ours together.
      await using log = await Log.open(dir)
      expect(log.recovery!.clean).toBe(true)
      expect(strip(await readAll(log))).toEqual(strip(expected))
    }
    const view = await judgeDirectory(dir)
    expect(kafkaDisagreements(view, expected)).toEqual([])
  }

  // A read-only open follows a writer of ours through its state file; in a directory no writer of
  // ours has opened there is none, and the view reads the files as they are (view-sources.ts).
  it('a read-only open of a directory only Kafka wrote sees its records', async () => {
    const topic = 'produced-readonly'
    await createTopic(topic)
    const expected = await produce(topic, 3)
    await broker.stop()
    const dir = copyPartition(topic)
    await broker.start()
    const before = fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).size])
    await using ro = await Log.open(dir, { readOnly: true })
    expect(ro.logEndOffset).toBe(expected.length)
    const strip = (rs: readonly { offset: number; timestamp: number; key: Buffer | null; value: Buffer | null }[]) =>
      rs.map((r) => ({
        offset: r.offset,
        timestamp: r.timestamp,
        key: r.key?.toString('hex') ?? null,
        value: r.value?.toString('hex') ?? null,
      }))
    expect(strip(await readAll(ro))).toEqual(strip(expected))
    expect(
      fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).size]),
      'nothing changed',
    ).toEqual(before)
  })

  it('after a SIGKILLed broker: preallocated indexes, no clean shutdown', async () => {
    const topic = 'produced-killed'
    await createTopic(topic)
    const expected = await produce(topic, 25)
    await broker.kill()
    const dir = copyPartition(topic)
    // The active segment's indexes are still preallocated (10 MB, zero tail), as Kafka left them.
    expect(fs.statSync(path.join(dir, '00000000000000000000.index')).size).toBe(10 * 1024 * 1024)
    await broker.start()
    await adopt(dir, expected)
  })

  it('after a clean broker shutdown: trimmed indexes, checkpoints, several segments', async () => {
    const topic = 'produced-clean'
    // Kafka's smallest segment size (1 MiB) with ~150 KB values every tenth batch: several segments.
    await createTopic(topic, [{ name: 'segment.bytes', value: String(1024 * 1024) }])
    const expected = await produce(topic, 90)
    await broker.stop()
    const dir = copyPartition(topic)
    await broker.start()
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.log')).length).toBeGreaterThan(1)
    expect(fs.readdirSync(dir)).toContain('partition.metadata')
    await adopt(dir, expected)
  })
})
