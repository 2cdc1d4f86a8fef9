/**
 * MirrorMaker 2 (Kafka's `connect-mirror`, its dedicated `MirrorMaker` driver) replicates a topic
 * from our broker (cluster `src`, the CLI's `serve` in a child process) into a real Kafka broker
 * (cluster `dst`), and its checkpoint connector translates a consumer group's committed offsets:
 * every source record arrives in `src.<topic>` with the same key, value and order per partition,
 * and the offsets the group committed on our broker show up as the group's offsets on Kafka.
 *
 * MM2's settings (see README "When you outgrow one machine"): Connect's internal topics, the
 * offset syncs and the checkpoints live on the target; ACL sync is off (our broker has no ACLs);
 * `offset.lag.max=0` makes every replicated record an offset sync, so a group at the end of a
 * partition translates exactly.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { Kafka, logLevel, type Admin } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTempDirs } from '../helpers/temp-dir.js'
import { startServe } from '../helpers/serve-child.js'
import { CACHE_DIR, JVM_FLAGS, ROOT, freePort, javaConsume, startBroker, type Broker as KafkaBroker } from './harness.js'

const execFileP = promisify(execFile)
const dirs = useTempDirs('kafka-lite-mm2-')
const MM2_POM = path.join(ROOT, 'test', 'kafka', 'mm2', 'pom.xml')
const MM2_CLASSPATH = path.join(CACHE_DIR, 'mm2-classpath.txt')
const TOPIC = 'orders'
const GROUP = 'billing'
const PARTITIONS = 3
const PER_PARTITION = 40 // half before MM2 starts, half while it runs
const DEADLINE_MS = 180_000

let kafka: KafkaBroker
let serve: ChildProcess | undefined
let mm2: ChildProcess | undefined
let mm2Log = ''

beforeAll(async () => {
  ;[kafka] = await Promise.all([startBroker(), mm2Classpath()])
})
afterAll(async () => {
  mm2?.kill('SIGKILL')
  serve?.kill('SIGKILL')
  await kafka?.close()
})

/** MM2's classpath (test/kafka/mm2/pom.xml), resolved by Maven once and cached. */
async function mm2Classpath(): Promise<string> {
  const fresh = fs.existsSync(MM2_CLASSPATH) && fs.statSync(MM2_CLASSPATH).mtimeMs >= fs.statSync(MM2_POM).mtimeMs
  if (!fresh) {
    fs.mkdirSync(CACHE_DIR, { recursive: true })
    await execFileP('mvn', ['-q', '-B', '-f', MM2_POM, 'dependency:build-classpath', `-Dmdep.outputFile=${MM2_CLASSPATH}`], {
      maxBuffer: 64 << 20,
    })
  }
  return fs.readFileSync(MM2_CLASSPATH, 'utf8').trim()
}

/** `kafka-lite-log serve <dir> --port <port>` (the built CLI) in a child process, its stderr shown; resolves once it listens. */
async function serveChild(dir: string, port: number): Promise<ChildProcess> {
  return (await startServe([dir, '--port', String(port)], { stderr: 'inherit' })).child
}

/** Polls `check` until it returns a value other than undefined; fails after {@link DEADLINE_MS}. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + DEADLINE_MS
  for (;;) {
    const got = await check()
    if (got !== undefined) return got
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; MM2's log:\n${mm2Log.slice(-8000)}`)
    if (mm2 !== undefined && mm2.exitCode !== null) throw new Error(`MM2 exited (${mm2.exitCode}):\n${mm2Log.slice(-8000)}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

const key = (p: number, i: number): string => `k${p}-${i % 4}`
const value = (p: number, i: number): string => `p${p}-r${i}-${'v'.repeat(i % 17)}`

async function produceHalf(bootstrap: string, half: 0 | 1): Promise<void> {
  const producer = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).producer()
  await producer.connect()
  try {
    const from = (half * PER_PARTITION) / 2
    for (let p = 0; p < PARTITIONS; p++) {
      const messages = Array.from({ length: PER_PARTITION / 2 }, (_, j) => ({
        key: key(p, from + j),
        value: value(p, from + j),
        partition: p,
      }))
      await producer.send({ topic: TOPIC, acks: -1, messages })
    }
  } finally {
    await producer.disconnect()
  }
}

/** Offsets of `topic` at the end, per partition, or undefined while the topic is missing. */
async function endOffsets(admin: Admin, topic: string): Promise<number[] | undefined> {
  const topics = await admin.listTopics()
  if (!topics.includes(topic)) return undefined
  const offsets = await admin.fetchTopicOffsets(topic)
  return offsets.sort((a, b) => a.partition - b.partition).map((o) => Number(o.high))
}

function mm2Properties(src: string, dst: string): string {
  const props: Record<string, string | number> = {
    clusters: 'src, dst',
    'src.bootstrap.servers': src,
    'dst.bootstrap.servers': dst,
    'src->dst.enabled': 'true',
    'src->dst.topics': TOPIC,
    'src->dst.groups': GROUP,
    'dst->src.enabled': 'false',
    // one node each
    'replication.factor': 1,
    'checkpoints.topic.replication.factor': 1,
    'heartbeats.topic.replication.factor': 1,
    'offset-syncs.topic.replication.factor': 1,
    'offset.storage.replication.factor': 1,
    'status.storage.replication.factor': 1,
    'config.storage.replication.factor': 1,
    // MM2's own topics on the target: nothing of MM2's is created or written on our broker
    'offset-syncs.topic.location': 'target',
    // our broker has no authorizer (DescribeAcls is not served): nothing to sync
    'sync.topic.acls.enabled': 'false',
    'emit.heartbeats.enabled': 'false',
    // every record an offset sync, and everything refreshed every second
    'offset.lag.max': 0,
    'sync.group.offsets.enabled': 'true',
    'sync.group.offsets.interval.seconds': 1,
    'emit.checkpoints.interval.seconds': 1,
    'refresh.topics.interval.seconds': 1,
    'refresh.groups.interval.seconds': 1,
    'offset.flush.interval.ms': 1000,
    'dedicated.mode.enable.internal.rest': 'false',
  }
  return Object.entries(props)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')
}

describe('MirrorMaker 2 from our broker into Apache Kafka', () => {
  it('replicates every record in order per partition and translates a group committed offsets', async () => {
    const port = await freePort()
    const src = `127.0.0.1:${port}`
    serve = await serveChild(dirs.make(), port)
    const ours = new Kafka({ brokers: [src], logLevel: logLevel.NOTHING })
    const theirs = new Kafka({ brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING })
    const srcAdmin = ours.admin()
    const dstAdmin = theirs.admin()
    await Promise.all([srcAdmin.connect(), dstAdmin.connect()])
    try {
      await srcAdmin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 1 }], waitForLeaders: true })
      await produceHalf(src, 0)

      const propsFile = path.join(dirs.make(), 'mm2.properties')
      fs.writeFileSync(propsFile, mm2Properties(src, kafka.bootstrap))
      mm2 = spawn(
        'java',
        [
          '-Xmx384m',
          ...JVM_FLAGS,
          '-cp',
          await mm2Classpath(),
          'org.apache.kafka.connect.mirror.MirrorMaker',
          propsFile,
          '--clusters',
          'dst',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      )
      mm2.stderr!.on('data', (d: Buffer) => (mm2Log = (mm2Log + d.toString()).slice(-64_000)))

      const target = `src.${TOPIC}`
      const half = PER_PARTITION / 2
      await waitFor('the first half in the target topic', async () => {
        const ends = await endOffsets(dstAdmin, target)
        return ends !== undefined && ends.every((e) => e === half) ? ends : undefined
      })
      await produceHalf(src, 1)
      await waitFor('every record in the target topic', async () => {
        const ends = (await endOffsets(dstAdmin, target))!
        return ends.every((e) => e === PER_PARTITION) ? ends : undefined
      })

      // every record, same key and value, same order (offsets too: the target topic is fresh)
      for (let p = 0; p < PARTITIONS; p++) {
        const got = await javaConsume(kafka.bootstrap, target, p, PER_PARTITION)
        expect(got.map((r) => [r.offset, r.key?.toString(), r.value?.toString()])).toEqual(
          Array.from({ length: PER_PARTITION }, (_, i) => [i, key(p, i), value(p, i)]),
        )
      }

      // a consumer group on our broker reads everything, commits after processing, and leaves
      const consumer = ours.consumer({ groupId: GROUP, sessionTimeout: 6000, heartbeatInterval: 500 })
      const seen = new Map<number, number>()
      await consumer.connect()
      await consumer.subscribe({ topic: TOPIC, fromBeginning: true })
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          seen.set(partition, (seen.get(partition) ?? 0) + 1)
          await consumer.commitOffsets([{ topic: TOPIC, partition, offset: String(Number(message.offset) + 1) }])
        },
      })
      await waitFor('the group to commit every partition end', async () => {
        const [committed] = await srcAdmin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] })
        return committed!.partitions.every((p) => Number(p.offset) === PER_PARTITION) ? true : undefined
      })
      await consumer.disconnect()
      expect([...seen.values()].reduce((a, b) => a + b, 0)).toBe(PARTITIONS * PER_PARTITION)

      // the checkpoint connector translates them and writes them to the (idle) group on Kafka
      const translated = await waitFor('the group offsets on the target cluster', async () => {
        const [got] = await dstAdmin.fetchOffsets({ groupId: GROUP, topics: [target] })
        const offsets = got!.partitions.sort((a, b) => a.partition - b.partition).map((p) => Number(p.offset))
        return offsets.every((o) => o === PER_PARTITION) ? offsets : undefined
      })
      expect(translated).toEqual(Array(PARTITIONS).fill(PER_PARTITION))
    } finally {
      await Promise.all([srcAdmin.disconnect(), dstAdmin.disconnect()])
    }
  })
})
