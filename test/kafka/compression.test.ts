/**
 * Apache Kafka as the judge of compressed logs, both ways round (one broker for the whole file):
 *
 * - DumpLogSegments (`--deep-iteration --print-data-log`, `--verify-index-only`,
 *   `--index-sanity-check`) and Kafka's `FileRecords` read logs we wrote with each codec (gzip,
 *   snappy, lz4, zstd) and a segment mixing codecs per append: every record (offset, timestamp, key,
 *   value, headers) equals the appended one, every CRC is valid, and every batch carries the codec
 *   it was appended with (`compresscodec`).
 * - A real broker serves a compressed directory we wrote (one topic per codec): Kafka's Java
 *   consumer (and kafkajs for gzip, the codec it has built in) reads every record.
 * - Kafka's Java producer writes one topic per codec (`compression.type`); the broker stops and
 *   `Log.open` (read-write) reads every record at Kafka's offsets, truncating nothing, and so does a
 *   read-only open with the native codec packages switched off (the pure-JS fallbacks).
 */
import fs from 'node:fs'
import path from 'node:path'
import { Kafka, logLevel } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compressionBackends, Log, type CompressionType, type LogOptions, type RecordInput } from '../../src/index.js'
import { resetCodecs } from '../../src/codec/registry.js'
import { readAll } from '../helpers/logs.js'
import { mulberry32 } from '../helpers/random.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import {
  javaConsume,
  javaProduce,
  kafkaRecords,
  replacePartition,
  startBroker,
  type Broker,
  type ProbeRecord,
  type ProduceRecord,
} from './harness.js'
import { createTopics } from './topics.js'
import { judgeDirectory, kafkaDisagreements, type ExpectedRecord, type KafkaView } from './judge.js'

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'
const dirs = useTempDirs('kafka-lite-compression-')
const T0 = 1_700_000_000_000
const CODECS = ['gzip', 'snappy', 'lz4', 'zstd'] as const
// zstd is written through the optional native package; without it appends reject, so only then is
// zstd-writing skipped (reading has a pure-JS fallback and is always tested).
const zstdWrite = compressionBackends().zstd.write
const writable = (codec: CompressionType): boolean => codec !== 'zstd' || zstdWrite !== null
const itWrites = (codec: CompressionType) => (writable(codec) ? it : it.skip)
if (zstdWrite === null)
  console.warn('compression.test: zstd writing skipped: @mongodb-js/zstd (optional) is not installed or does not load')

let broker: Broker
beforeAll(async () => {
  broker = await startBroker()
})
afterAll(async () => {
  await broker?.close()
})

const kafka = (): Kafka => new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, clientId: 'kafka-lite-compression' })

const buf = (v: string | Buffer | null | undefined): Buffer | null =>
  v === null || v === undefined ? null : Buffer.isBuffer(v) ? v : Buffer.from(v, 'utf8')

const toExpected = (r: RecordInput, offset: number): ExpectedRecord => ({
  offset,
  timestamp: r.timestamp!,
  key: buf(r.key as string | null | undefined),
  value: buf(r.value as string | null),
  headers: (r.headers ?? []).map((h) => ({ key: h.key, value: buf(h.value as string | null) })),
})

/**
 * Compressible, printable records (JSON-like values; DumpLogSegments prints values raw, so no
 * newlines): null keys and values, 0-3 headers with repeated keys and null values.
 */
function records(rand: () => number, n: number, ts: number): RecordInput[] {
  return Array.from({ length: n }, (_, i) => {
    const user = Math.floor(rand() * 50)
    const headers = Array.from({ length: Math.floor(rand() * 4) }, (_, j) => ({
      key: ['trace', 'h', 'ключ'][Math.floor(rand() * 3)]!,
      value: rand() < 0.2 ? null : `v${j}-${Math.floor(rand() * 1000)}`,
    }))
    return {
      key: rand() < 0.15 ? null : `user-${user}`,
      value:
        rand() < 0.1
          ? null
          : JSON.stringify({
              user,
              event: ['click', 'view', 'buy'][i % 3],
              amount: Math.floor(rand() * 10_000),
              note: 'ä€ '.repeat(Math.floor(rand() * 30)),
            }),
      headers,
      // Timestamps going backwards inside a batch now and then (negative deltas).
      timestamp: ts + i * 7 - (i % 5 === 4 ? 20 : 0),
    }
  })
}

/** Writes a log of `appends` appends, each with the codec `codecOf(i)`; returns dir and records. */
async function writeLog(
  options: Partial<LogOptions>,
  appends: number,
  codecOf: (i: number) => CompressionType | undefined,
  seed: number,
): Promise<{ dir: string; expected: ExpectedRecord[] }> {
  const dir = dirs.make()
  const rand = mulberry32(seed)
  const expected: ExpectedRecord[] = []
  await using log = await Log.open(dir, { fsync: 'never', housekeepingIntervalMs: 0, ...options })
  const writer = await log.writer()
  for (let i = 0; i < appends; i++) {
    const batch = records(rand, 1 + Math.floor(rand() * 25), T0 + i * 1000)
    const codec = codecOf(i)
    const { baseOffset } = await writer.append(batch, codec === undefined ? {} : { compression: codec })
    batch.forEach((r, j) => expected.push(toExpected(r, baseOffset + j)))
  }
  return { dir, expected }
}

/** The codec of every batch as DumpLogSegments and FileRecords printed it (lower case). */
function codecs(view: KafkaView): { dump: string[]; probe: string[] } {
  return {
    dump: view.deep.filter((f) => f.kind === 'log').flatMap((f) => f.batches.map((b) => b.compression.toLowerCase())),
    probe: view.probe.map((b) => b.compression.toLowerCase()),
  }
}

const comparable = (rs: readonly (ProbeRecord | ExpectedRecord)[]): unknown[] =>
  rs.map((r) => ({
    offset: r.offset,
    timestamp: r.timestamp,
    key: r.key?.toString('hex') ?? null,
    value: r.value?.toString('hex') ?? null,
    headers: r.headers.map((h) => [h.key, h.value?.toString('hex') ?? null]),
  }))

describe('DumpLogSegments reads compressed logs we wrote', () => {
  for (const codec of CODECS) {
    itWrites(codec)(`${codec}: every record, every index, compresscodec ${codec}`, async () => {
      const { dir, expected } = await writeLog(
        { compression: codec, segmentBytes: 4096, indexIntervalBytes: 512 },
        40,
        () => undefined,
        100 + CODECS.indexOf(codec),
      )
      const view = await judgeDirectory(dir)
      expect(view.logFiles.length).toBeGreaterThan(2)
      expect(kafkaDisagreements(view, expected)).toEqual([])
      const seen = codecs(view)
      expect(seen.dump.length).toBe(view.ours.length)
      expect(new Set(seen.dump)).toEqual(new Set([codec]))
      expect(new Set(seen.probe)).toEqual(new Set([codec]))
      // The comparison ran over every record, and the sparse indexes have entries to check.
      expect(view.probe.flatMap((b) => b.records)).toHaveLength(expected.length)
      expect(view.deep.filter((f) => f.kind === 'index').some((f) => f.entries.length > 0)).toBe(true)
    })
  }

  it('one segment mixing codecs per append (none, gzip, snappy, lz4, zstd)', async () => {
    const cycle: CompressionType[] = ['none', ...CODECS.filter(writable)]
    const { dir, expected } = await writeLog({ segmentBytes: 1 << 20, indexIntervalBytes: 256 }, 30, (i) => cycle[i % cycle.length], 7)
    const view = await judgeDirectory(dir)
    expect(view.logFiles).toHaveLength(1)
    expect(kafkaDisagreements(view, expected)).toEqual([])
    const want = Array.from({ length: 30 }, (_, i) => cycle[i % cycle.length]!)
    // One batch per append (the appends are small), each with its own codec.
    expect(view.ours).toHaveLength(30)
    expect(codecs(view)).toEqual({ dump: want, probe: want })
  })
})

describe('a Kafka broker serves compressed directories we wrote', () => {
  it('one topic per codec: the Java consumer (and kafkajs for gzip) reads every record', async () => {
    const admin = kafka().admin()
    await admin.connect()
    const logs: { codec: string; topic: string; dir: string; expected: ExpectedRecord[] }[] = []
    try {
      for (const codec of CODECS.filter(writable)) {
        const { dir, expected } = await writeLog(
          { compression: codec, segmentBytes: 8192, indexIntervalBytes: 512 },
          30,
          () => undefined,
          200 + CODECS.indexOf(codec),
        )
        logs.push({ codec, topic: `ours-${codec}`, dir, expected })
      }
      await admin.createTopics({
        topics: logs.map((l) => ({
          topic: l.topic,
          numPartitions: 1,
          replicationFactor: 1,
          configEntries: [{ name: 'index.interval.bytes', value: '512' }],
        })),
        waitForLeaders: true,
      })
    } finally {
      await admin.disconnect()
    }
    await broker.stop()
    for (const l of logs) replacePartition(broker.logDir, l.topic, 0, l.dir, 0, l.expected.length)
    await broker.start()

    for (const l of logs) {
      const viaJava = await javaConsume(broker.bootstrap, l.topic, 0, -1)
      expect({ codec: l.codec, records: comparable(viaJava) }).toEqual({ codec: l.codec, records: comparable(l.expected) })
      // The broker kept our batches as they are: its partition directory still holds our codec.
      const theirs = await kafkaRecords(
        fs
          .readdirSync(path.join(broker.logDir, `${l.topic}-0`))
          .filter((n) => n.endsWith('.log'))
          .sort()
          .map((n) => path.join(broker.logDir, `${l.topic}-0`, n)),
      )
      expect(new Set(theirs.map((b) => b.compression.toLowerCase()))).toEqual(new Set([l.codec]))
    }

    // kafkajs decodes gzip without plug-ins.
    const gzip = logs.find((l) => l.codec === 'gzip')!
    const consumer = kafka().consumer({ groupId: `g-${Date.now()}` })
    const got: ProbeRecord[] = []
    await consumer.connect()
    try {
      await consumer.subscribe({ topic: gzip.topic, fromBeginning: true })
      await new Promise<void>((resolve, reject) => {
        // Bounds a failing run only.
        const timer = setTimeout(() => reject(new Error(`kafkajs got ${got.length} of ${gzip.expected.length}`)), 120_000)
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ message }) => {
              got.push({
                offset: Number(message.offset),
                timestamp: Number(message.timestamp),
                key: message.key,
                value: message.value,
                headers: [],
              })
              if (got.length === gzip.expected.length) {
                clearTimeout(timer)
                resolve()
              }
            },
          })
          .catch(reject)
      })
    } finally {
      await consumer.disconnect()
    }
    const noHeaders = (rs: readonly (ProbeRecord | ExpectedRecord)[]) => comparable(rs.map((r) => ({ ...r, headers: [] })))
    expect(noHeaders(got)).toEqual(noHeaders(gzip.expected))
  })
})

describe('we read compressed directories Kafka wrote', () => {
  it("Kafka's Java producer, one topic per codec: Log.open reads every record, truncates nothing", async () => {
    const rand = mulberry32(300)
    const produced: { codec: string; topic: string; expected: ExpectedRecord[] }[] = []
    await createTopics(
      broker.bootstrap,
      CODECS.map((c) => ({ topic: `kafka-${c}` })),
    )
    for (const codec of CODECS) {
      const batches: ProduceRecord[][] = Array.from({ length: 25 }, (_, b) =>
        records(rand, 1 + Math.floor(rand() * 40), T0 + b * 1000).map((r) => ({
          timestamp: r.timestamp!,
          key: r.key as string | null,
          value: r.value as string | null,
          headers: (r.headers ?? []).map((h) => ({ key: h.key, value: h.value as string | null })),
        })),
      )
      const topic = `kafka-${codec}`
      const offsets = await javaProduce(broker.bootstrap, topic, 0, codec, batches)
      const flat = batches.flat()
      expect(offsets).toHaveLength(flat.length)
      produced.push({
        codec,
        topic,
        expected: flat.map((r, i) => ({
          offset: offsets[i]!,
          timestamp: r.timestamp,
          key: buf(r.key),
          value: buf(r.value),
          headers: r.headers.map((h) => ({ key: h.key, value: buf(h.value) })),
        })),
      })
    }
    await broker.stop()
    const copies = produced.map((p) => {
      const to = dirs.make()
      const from = path.join(broker.logDir, `${p.topic}-0`)
      for (const name of fs.readdirSync(from)) fs.copyFileSync(path.join(from, name), path.join(to, name))
      return to
    })
    await broker.start()

    for (const [i, p] of produced.entries()) {
      const dir = copies[i]!
      // Kafka really compressed them with the codec asked for.
      const theirs = await kafkaRecords(
        fs
          .readdirSync(dir)
          .filter((n) => n.endsWith('.log'))
          .sort()
          .map((n) => path.join(dir, n)),
      )
      expect(theirs.length).toBeGreaterThan(1)
      expect({ codec: p.codec, seen: [...new Set(theirs.map((b) => b.compression.toLowerCase()))] }).toEqual({
        codec: p.codec,
        seen: [p.codec],
      })
      {
        await using log = await Log.open(dir)
        expect({ codec: p.codec, truncated: log.recovery!.bytesTruncated, leo: log.logEndOffset }).toEqual({
          codec: p.codec,
          truncated: 0,
          leo: p.expected.at(-1)!.offset + 1,
        })
        expect({ codec: p.codec, records: comparable(await readAll(log)) }).toEqual({ codec: p.codec, records: comparable(p.expected) })
      }
      // The fallbacks (pure TypeScript snappy and LZ4, fzstd, node:zlib) read Kafka's batches too.
      resetCodecs({ native: false })
      try {
        const used = Object.values(compressionBackends()).flatMap((b) => [b.read, b.scan])
        expect(used.filter((name) => ['snappy', 'lz4-napi', '@mongodb-js/zstd'].includes(name as string))).toEqual([])
        await using log = await Log.open(dir, { readOnly: true })
        expect({ codec: p.codec, fallback: comparable(await readAll(log)) }).toEqual({ codec: p.codec, fallback: comparable(p.expected) })
      } finally {
        resetCodecs({ native: true })
      }
      // After our open (indexes rebuilt by us), DumpLogSegments still agrees with everything.
      const view = await judgeDirectory(dir)
      expect({ codec: p.codec, problems: kafkaDisagreements(view, p.expected) }).toEqual({ codec: p.codec, problems: [] })
    }
  })
})
