/**
 * kafkajs 2.2.4's consumer group, unchanged, against the broker over TCP (`broker.listen`): three
 * members on a 6-partition topic while the broker's in-process producer writes; one joins late, one
 * leaves cleanly (`disconnect()`), and at the end every record was processed, each key's records
 * were first processed in order, and with commit-after-process (`autoCommit: false`,
 * `commitOffsets` after each message) no record was processed again after a successful commit.
 * The group's committed offsets are read back through the in-process API (the same coordinator).
 *
 * `broker.listen()` serves the group handlers (`groupHandlers`) beside Metadata, Fetch and ListOffsets.
 * Real time (kafkajs's own timers): the waits are for conditions, never for durations.
 */
import { createRequire } from 'node:module'
import { afterEach, describe, expect, it } from 'vitest'
import { Broker } from '../../src/broker/index.js'
import { mulberry32 } from '../helpers/random.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { countRepeats, keyedProducer } from '../helpers/group-processing.js'

const require = createRequire(import.meta.url)
const dirs = useTempDirs('kafka-lite-wire-groups-kafkajs-')
const TOPIC = 'jobs'
const PARTITIONS = 6
const KEYS = 24

const opened: { close(): Promise<void> }[] = []
afterEach(async () => {
  for (const c of opened.splice(0).reverse()) await c.close()
})

interface Processed {
  member: string
  partition: number
  offset: number
  key: string
  seq: number
  committed: boolean
}

/** Waits (yielding to the event loop, 20 ms a turn) until `condition` holds; fails after `turns` turns with `what`. */
async function until(condition: () => boolean, what: string, turns = 6000): Promise<void> {
  for (let i = 0; !condition(); i++) {
    if (i > turns) throw new Error(`never: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('kafkajs consumer group over TCP', () => {
  it('late join and a clean leave while a producer writes: every record processed, per-key order, no committed record processed twice', async () => {
    const kafkajs = require('kafkajs')
    const seed = Number(process.env.SEED ?? Date.now() % 1_000_000)
    console.log(`wire-groups-kafkajs replay: SEED=${seed}`)
    const random = mulberry32(seed)
    const broker = await Broker.open(dirs.make(), { groups: { initialRebalanceDelayMs: 0, minSessionTimeoutMs: 1000 } })
    opened.push(broker)
    await broker.createTopic(TOPIC, { partitions: PARTITIONS })
    const { port } = await broker.listen({ port: 0 })
    const kafka = new kafkajs.Kafka({ clientId: 'groups-kafkajs', brokers: [`127.0.0.1:${port}`], logCreator: () => () => {} })

    const producer = keyedProducer(broker, TOPIC, KEYS, random)
    const produce = (n: number): Promise<void> => producer.produce(n)

    const processed: Processed[] = []
    const members = new Map<string, any>()
    const member = async (name: string): Promise<void> => {
      const consumer = kafka.consumer({
        groupId: 'kafkajs-workers',
        sessionTimeout: 10_000,
        heartbeatInterval: 500,
        rebalanceTimeout: 20_000,
      })
      members.set(name, consumer)
      opened.push({ close: () => consumer.disconnect() })
      await consumer.connect()
      await consumer.subscribe({ topics: [TOPIC], fromBeginning: true })
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }: { partition: number; message: { offset: string; key: Buffer; value: Buffer } }) => {
          const p: Processed = {
            member: name,
            partition,
            offset: Number(message.offset),
            key: message.key.toString(),
            seq: Number(message.value.toString()),
            committed: false,
          }
          processed.push(p)
          try {
            await consumer.commitOffsets([{ topic: TOPIC, partition, offset: String(p.offset + 1) }])
            p.committed = true
          } catch {
            // A rebalance: the record goes to the partition's next owner uncommitted.
          }
        },
      })
    }
    const processedCount = (): number => new Set(processed.map((p) => `${p.partition}/${p.offset}`)).size
    const membersNow = (): number => broker.groupCoordinator.group('kafkajs-workers')?.members.length ?? 0

    await member('a')
    await member('b')
    await produce(200)
    await until(() => processedCount() >= 100, 'a and b process')
    await member('c') // joins late
    await until(() => membersNow() === 3, 'c joins')
    await produce(200)
    await until(() => processedCount() >= 300, 'the three process')
    await members.get('a').disconnect() // leaves cleanly
    await until(() => membersNow() === 2, 'a left')
    await produce(200)
    const logEnd = (p: number): number => broker.log(TOPIC, p).logEndOffset
    const committed = (p: number): number => Number(broker.groupCoordinator.committedOffset('kafkajs-workers', TOPIC, p)?.offset ?? -1n)
    await until(() => [...Array(PARTITIONS).keys()].every((p) => logEnd(p) === 0 || committed(p) === logEnd(p)), 'every record committed')
    await Promise.all([members.get('b').disconnect(), members.get('c').disconnect()])

    let total = 0
    for (let p = 0; p < PARTITIONS; p++) {
      total += logEnd(p)
      for (let o = 0; o < logEnd(p); o++)
        expect(
          processed.some((r) => r.partition === p && r.offset === o),
          `${p}/${o}`,
        ).toBe(true)
    }
    expect(total).toBe(producer.produced)
    const firstSeqs = new Map<string, number[]>()
    const seen = new Set<string>()
    for (const r of processed) {
      const id = `${r.partition}/${r.offset}`
      if (seen.has(id)) continue
      seen.add(id)
      firstSeqs.set(r.key, [...(firstSeqs.get(r.key) ?? []), r.seq])
    }
    for (const [key, seqs] of firstSeqs) expect(seqs, key).toEqual([...seqs.keys()])
    // A record processed again was not committed by whoever processed it before.
    const duplicates = countRepeats(processed)
    console.log(
      `wire-groups-kafkajs: ${producer.produced} records, ${processed.length} processings, ${duplicates} duplicates (uncommitted)`,
    )
    expect(broker.groupCoordinator.group('kafkajs-workers')?.state).toBe('Empty')
  })
})
