/**
 * Apache Kafka as the judge of compacted logs, both ways round (one broker for the whole file):
 *
 * - A log we compact (`cleanupPolicy: 'compact'`, keys updated many times, tombstones,
 *   `writer.compact()` twice with `deleteRetentionMs: 0`, so that the first round marks the
 *   tombstones' batches with the delete horizon (attribute bit 0x40) and the second drops them)
 *   passes DumpLogSegments after each round: offsets increase with holes, every record equals what
 *   our reader returns, CRCs and indexes check out.
 * - A real broker adopts the compacted directory (topic with `cleanup.policy=compact`) and serves
 *   exactly the records our reader returns.
 * - A broker compacts a topic itself (small `segment.ms`, `min.cleanable.dirty.ratio` 0.01, a
 *   short cleaner back-off): the test waits until Kafka's `cleaner-offset-checkpoint` has reached
 *   the active segment (a wait for a condition, bounded generously, not a timed assertion), stops
 *   the broker, and `Log.open` reads the directory: the records equal what Kafka's consumer and
 *   Kafka's `FileRecords` returned, holes and delete-horizon batches included.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Log, type LogRecord, type RecordInput } from '../../src/index.js'
import { readAll } from '../helpers/logs.js'
import { mulberry32 } from '../helpers/random.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import {
  javaConsume,
  javaProduce,
  kafkaRecords,
  readCheckpoint,
  replacePartition,
  startBroker,
  type Broker,
  type ProbeRecord,
  type ProduceRecord,
} from './harness.js'
import { createTopics } from './topics.js'
import { judgeDirectory, kafkaDisagreements, type ExpectedRecord, type KafkaView } from './judge.js'

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'
const dirs = useTempDirs('kafka-lite-compaction-')
const T0 = 1_700_000_000_000

let broker: Broker
beforeAll(async () => {
  // The cleaner's back-off between idle checks (default 15 s) only delays the wait below.
  broker = await startBroker({ properties: { 'log.cleaner.backoff.ms': 500 } })
})
afterAll(async () => {
  await broker?.close()
})

const comparable = (rs: readonly (ProbeRecord | ExpectedRecord | LogRecord)[]): unknown[] =>
  rs.map((r) => ({
    offset: r.offset,
    timestamp: r.timestamp,
    key: r.key?.toString('hex') ?? null,
    value: r.value?.toString('hex') ?? null,
    headers: r.headers.map((h) => [h.key, h.value === null ? null : Buffer.from(h.value).toString('hex')]),
  }))

const asExpected = (rs: readonly LogRecord[]): ExpectedRecord[] =>
  rs.map((r) => ({
    offset: r.offset,
    timestamp: r.timestamp,
    key: r.key,
    value: r.value,
    headers: r.headers.map((h) => ({ key: h.key, value: h.value === null ? null : Buffer.from(h.value) })),
  }))

/** Keys `k0..k{keys-1}` updated over and over; about one record in eight a tombstone; headers now and then. */
function updates(rand: () => number, n: number, ts: number, keys: number): RecordInput[] {
  return Array.from({ length: n }, (_, i) => {
    const k = Math.floor(rand() * keys)
    const tomb = rand() < 0.125
    return {
      key: `k${k}`,
      value: tomb ? null : JSON.stringify({ k, v: Math.floor(rand() * 1e6), pad: 'x'.repeat(Math.floor(rand() * 40)) }),
      headers: rand() < 0.3 ? [{ key: 'src', value: `u${i}` }] : [],
      timestamp: ts + i,
    }
  })
}

/** The batches' `deleteHorizonMs` fields as DumpLogSegments printed them, for batches that have one. */
const horizons = (view: KafkaView): string[] =>
  view.deep
    .filter((f) => f.kind === 'log')
    .flatMap((f) => f.batches.map((b) => b.deleteHorizonMs))
    .filter((h) => h !== 'OptionalLong.empty')

/** Keys written once early and deleted (tombstoned) in the middle, never touched again. */
const GONE = ['gone-0', 'gone-1', 'gone-2']
const once = (ts: number, value: (k: string) => string | null): RecordInput[] =>
  GONE.map((k, i) => ({ key: k, value: value(k), headers: [], timestamp: ts + i }))

const hasHoles = (rs: readonly { offset: number }[]): boolean => rs.some((r, i) => i > 0 && r.offset !== rs[i - 1]!.offset + 1)

describe('a log we compacted, judged by Kafka', () => {
  it('DumpLogSegments after each round, then a broker (cleanup.policy=compact) serves exactly our records', async () => {
    const dir = dirs.make()
    const rand = mulberry32(11)
    const appended: RecordInput[] = []
    let logStart = 0
    let leo = 0
    let ours: LogRecord[] = []
    {
      await using log = await Log.open(dir, {
        fsync: 'never',
        segmentBytes: 2048,
        indexIntervalBytes: 256,
        cleanupPolicy: 'compact',
        deleteRetentionMs: 0,
        housekeepingIntervalMs: 0,
      })
      const writer = await log.writer()
      const appendRound = async (round: number): Promise<void> => {
        for (let i = 0; i < 60; i++) {
          const ts = T0 + round * 1_000_000 + i * 100
          let batch = updates(rand, 1 + Math.floor(rand() * 6), ts, 15)
          if (round === 0 && i === 5) batch = [...batch, ...once(ts + 50, (k) => `first ${k}`)]
          if (round === 0 && i === 30) batch = [...batch, ...once(ts + 50, () => null)]
          await writer.append(batch)
          appended.push(...batch)
        }
      }
      await appendRound(0)
      const first = await writer.compact()
      expect(first).toBeDefined()
      expect(first!.recordsRemoved).toBeGreaterThan(0)
      const afterFirst = await readAll(log)
      expect(hasHoles(afterFirst)).toBe(true)
      // Tombstones below the cleaned range's end survive the first round, marked with a delete horizon.
      const markedTombstones = afterFirst.filter((r) => r.value === null && r.offset < first!.endOffset)
      expect(markedTombstones.filter((r) => r.key!.toString().startsWith('gone-')).map((r) => r.key!.toString())).toEqual(GONE)
      const view1 = await judgeDirectory(dir)
      expect(kafkaDisagreements(view1, asExpected(afterFirst))).toEqual([])
      expect(horizons(view1).length).toBeGreaterThan(0)
      expect(horizons(view1).every((h) => /^OptionalLong\[\d+\]$/.test(h))).toBe(true)

      // More updates (a new dirty range), and the second round: the marked tombstones' horizon
      // (deleteRetentionMs 0) has passed, so they go.
      await appendRound(1)
      const second = await writer.compact()
      expect(second).toBeDefined()
      expect(second!.tombstonesRemoved).toBeGreaterThan(0)
      ours = await readAll(log)
      const left = new Set(ours.map((r) => r.offset))
      expect(markedTombstones.filter((r) => left.has(r.offset))).toEqual([])
      expect(hasHoles(ours)).toBe(true)
      // What the reader returns is what compaction promises: below the cleaned end, exactly the
      // latest record of each key that is not a tombstone from the first round.
      const latest = new Map<string, number>()
      let offset = 0
      for (const r of appended) {
        if (offset < second!.endOffset) latest.set(r.key as string, offset)
        offset++
      }
      for (const r of ours) if (r.offset < second!.endOffset) expect(latest.get(r.key!.toString())).toBe(r.offset)
      logStart = log.logStartOffset
      leo = log.logEndOffset
      expect(leo).toBe(appended.length)
    }
    const view2 = await judgeDirectory(dir)
    expect(kafkaDisagreements(view2, asExpected(ours))).toEqual([])
    const dumped = view2.deep.filter((f) => f.kind === 'log').flatMap((f) => f.batches.flatMap((b) => b.records.map((r) => r.offset)))
    expect(dumped).toEqual(ours.map((r) => r.offset))
    expect(dumped.every((o, i) => i === 0 || o > dumped[i - 1]!)).toBe(true)

    // A broker adopts the compacted directory. min.cleanable.dirty.ratio 1.0 keeps Kafka's own
    // cleaner off it while the consumer reads (a directory without Kafka's cleaner checkpoint counts
    // as all dirty); what is served must be exactly our reader's records.
    const topic = 'ours-compacted'
    await createTopics(broker.bootstrap, [
      {
        topic,
        config: { 'cleanup.policy': 'compact', 'index.interval.bytes': '256', 'min.cleanable.dirty.ratio': '1.0' },
      },
    ])
    await broker.stop()
    replacePartition(broker.logDir, topic, 0, dir, logStart, leo)
    await broker.start()
    const served = await javaConsume(broker.bootstrap, topic, 0, -1)
    expect(comparable(served)).toEqual(comparable(ours))
    expect(served.every((r) => r.timestampType === 'CreateTime')).toBe(true)
  })
})

describe('a log Kafka compacted, read by us', () => {
  it('the broker cleans (holes, delete horizons, none and zstd), Log.open reads what Kafka serves', async () => {
    const rand = mulberry32(12)
    const topics = [
      { topic: 'kafka-compacted', codec: 'none' },
      { topic: 'kafka-compacted-zstd', codec: 'zstd' },
    ]
    await createTopics(
      broker.bootstrap,
      topics.map(({ topic }) => ({
        topic,
        config: {
          'cleanup.policy': 'compact',
          // Rolls by record time: every produced batch is 1 s (of CreateTime) after the previous one.
          'segment.ms': '100',
          'min.cleanable.dirty.ratio': '0.01',
          // Tombstones keep their delete horizon (attribute 0x40) for a day: the cleaned state is stable.
          'delete.retention.ms': String(24 * 3600 * 1000),
        },
      })),
    )
    const produced = new Map<string, ProduceRecord[]>()
    for (const { topic, codec } of topics) {
      const batches: ProduceRecord[][] = Array.from({ length: 20 }, (_, b) =>
        [
          ...updates(rand, 5 + Math.floor(rand() * 10), T0 + b * 1000, 12),
          ...(b === 3 ? once(T0 + b * 1000 + 500, (k) => `first ${k}`) : b === 10 ? once(T0 + b * 1000 + 500, () => null) : []),
        ].map((r) => ({
          timestamp: r.timestamp!,
          key: r.key as string,
          value: r.value as string | null,
          headers: (r.headers ?? []).map((h) => ({ key: h.key, value: h.value as string })),
        })),
      )
      const offsets = await javaProduce(broker.bootstrap, topic, 0, codec, batches)
      expect(offsets).toEqual(offsets.map((_, i) => i))
      produced.set(topic, batches.flat())
    }

    // Wait (bounded generously; only a wait for a condition) until Kafka's cleaner checkpoint for
    // each topic has reached its active segment's base offset: everything cleanable is cleaned.
    const activeBase = (topic: string): number =>
      Math.max(
        ...fs
          .readdirSync(path.join(broker.logDir, `${topic}-0`))
          .filter((n) => /^\d{20}\.log$/.test(n))
          .map((n) => Number(n.slice(0, 20))),
      )
    const deadline = Date.now() + 240_000
    for (;;) {
      const cp = readCheckpoint(broker.logDir, 'cleaner-offset-checkpoint')
      if (topics.every(({ topic }) => (cp.get(`${topic} 0`) ?? -1) >= activeBase(topic) && activeBase(topic) > 0)) break
      if (Date.now() > deadline) throw new Error(`Kafka's cleaner did not reach the active segments: ${JSON.stringify([...cp])}`)
      await new Promise((r) => setTimeout(r, 500))
    }
    const served = new Map<string, ProbeRecord[]>()
    for (const { topic } of topics) served.set(topic, await javaConsume(broker.bootstrap, topic, 0, -1))
    await broker.stop()
    const copies = new Map<string, string>()
    for (const { topic } of topics) {
      const to = dirs.make()
      const from = path.join(broker.logDir, `${topic}-0`)
      for (const name of fs.readdirSync(from)) fs.copyFileSync(path.join(from, name), path.join(to, name))
      copies.set(topic, to)
    }
    await broker.start()

    for (const { topic, codec } of topics) {
      const dir = copies.get(topic)!
      const kafkaServed = served.get(topic)!
      // Kafka really compacted: holes, fewer records than produced, tombstones marked with a horizon.
      expect(hasHoles(kafkaServed)).toBe(true)
      expect(kafkaServed.length).toBeLessThan(produced.get(topic)!.length)
      const files = fs
        .readdirSync(dir)
        .filter((n) => n.endsWith('.log'))
        .sort()
        .map((n) => path.join(dir, n))
      const fileRecords = (await kafkaRecords(files)).flatMap((b) => b.records)
      expect(comparable(fileRecords)).toEqual(comparable(kafkaServed))
      let ourRead: LogRecord[]
      {
        await using log = await Log.open(dir)
        expect({ topic, truncated: log.recovery!.bytesTruncated }).toEqual({ topic, truncated: 0 })
        expect(log.logEndOffset).toBe(produced.get(topic)!.length)
        ourRead = await readAll(log)
        expect({ topic, records: comparable(ourRead) }).toEqual({ topic, records: comparable(kafkaServed) })
      }
      const view = await judgeDirectory(dir)
      expect({ topic, problems: kafkaDisagreements(view, asExpected(ourRead)) }).toEqual({ topic, problems: [] })
      // The `gone-*` tombstones lie in the cleaned range: Kafka kept them (delete.retention.ms is a
      // day) in batches carrying the delete horizon, and we read those batches.
      expect(ourRead.filter((r) => r.value === null && r.key!.toString().startsWith('gone-')).map((r) => r.key!.toString())).toEqual(GONE)
      expect(horizons(view).length).toBeGreaterThan(0)
      if (codec !== 'none') expect(view.probe.some((b) => b.compression.toLowerCase() === codec)).toBe(true)
    }
  })
})
