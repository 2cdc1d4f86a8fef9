/**
 * The listener fuzz against the real broker: `kafka-lite-log serve` (the built CLI, `dist/cli.js`,
 * which `npm test` builds first) in a child process, with its real handlers and real logs.
 * test/integration/broker-fuzz.test.ts fuzzes the listener with stub handlers and a fake log; this
 * one sends the same mutations (test/fuzz/frames.ts) of frames that kafkajs 2.2.4 really sent to
 * this broker.
 *
 * 1. The corpus: kafkajs, through a socket factory that records every byte it writes, creates and
 *    deletes topics, grows one, describes configs, groups and metadata, reads offsets, produces with
 *    every codec at acks 1 and all (plus an idempotent producer: InitProducerId), deletes records,
 *    and consumes in a group (join, sync, heartbeat, fetch, offset fetch and commit, leave).
 * 2. The fuzz: FRAMES frames, each a corpus frame replayed or (one in five) mutated with a seeded
 *    PRNG, pipelined over many connections. Each connection's script ends where the listener model
 *    (test/fuzz/model.ts, fed the broker's served version ranges) says the broker closes it, so
 *    every frame sent is read by the broker. Meanwhile a second kafkajs client (an idempotent
 *    producer and a group consumer) produces to its own topic and consumes it.
 * 3. Asserted:
 *    - every answer on every fuzz connection is the one the model expects, in order, and decodes as
 *      its API and version; a connection the model says stays open answers the closing sentinel, one
 *      it says the broker closes is closed after its answers (a connection still waiting after
 *      SILENCE_MS without a byte, a long poll or a join the broker holds, is cut by the test and
 *      checked up to there: this only shortens the run);
 *    - the child never exits during the fuzz, exits 0 on SIGTERM with nothing on stderr, and its
 *      peak RSS (VmHWM) stays under MAX_RSS;
 *    - the side client reads back every record it produced, and its topic's log holds each exactly
 *      once, in the order sent per key;
 *    - every partition log passes `verify`, every record in any log is one that a valid produce of
 *      the corpus or of the side client sent (key, value and headers), and every record of the
 *      corpus topic is there.
 *
 * Replay: `WIRE_FUZZ_SEED=<seed>` (printed at the start and on failure). Default 12,000 frames (in
 * `npm test`); the long run: `WIRE_FUZZ_FRAMES=100000`.
 */
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import net from 'node:net'
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import { Log } from '../../src/index.js'
import { verify } from '../../src/inspect/verify.js'
import { API_CODECS, decodeResponse, encodeRequest, type ApiKey, type DecodedRequest } from '../../src/protocol/index.js'
import { nextFrame, type Mutation } from '../fuzz/frames.js'
import { ConnectionModel } from '../fuzz/model.js'
import type { Outcome } from '../fuzz/stub-handlers.js'
import { registerKafkajsCodecs } from '../helpers/produced-batches.js'
import { mulberry32 } from '../helpers/random.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { CLI, startServe } from '../helpers/serve-child.js'
import { WireClient } from '../helpers/wire-client.js'

const require = createRequire(import.meta.url)
const kafkajs = require('kafkajs') as any
const FRAMES = Number(process.env.WIRE_FUZZ_FRAMES ?? 12_000)
const SEED = Number(process.env.WIRE_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31))
const REPLAY = `wire fuzz: replay with WIRE_FUZZ_SEED=${SEED} WIRE_FUZZ_FRAMES=${FRAMES}`
const CONCURRENCY = 16
const MAX_FRAMES_PER_CONNECTION = 40
const MUTATION_RATE = 0.2
const MAX_REQUEST_BYTES = 100 * 1024 * 1024
const SILENCE_MS = 5000
const MiB = 1024 * 1024
const MAX_RSS = 384 * MiB

const dirs = useTempDirs('kafka-lite-wire-fuzz-')
const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
})
beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: build it first (npx tsup; npm test does)`)
})

/** The peak resident set (VmHWM, bytes) of a live process. */
function peakRss(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)![1]) * 1024
}

/** Polls `condition` until it holds; fails after a generous deadline. */
async function until(condition: () => boolean, what: string, deadlineMs = 120_000): Promise<void> {
  const end = Date.now() + deadlineMs
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** A kafkajs client; with `record`, every request frame it writes is pushed there. */
function client(port: number, clientId: string, record?: Buffer[]): any {
  const socketFactory = record
    ? ({ host, port: p, onConnect }: { host: string; port: number; onConnect: () => void }): net.Socket => {
        const socket = net.connect({ host, port: p }, onConnect)
        let pending = Buffer.alloc(0)
        const write = socket.write.bind(socket) as (...args: unknown[]) => boolean
        socket.write = ((data: Buffer | string, ...rest: unknown[]) => {
          pending = Buffer.concat([pending, Buffer.from(data as Buffer)])
          while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
            const size = 4 + pending.readInt32BE(0)
            record.push(Buffer.from(pending.subarray(0, size)))
            pending = pending.subarray(size)
          }
          return write(data, ...rest)
        }) as typeof socket.write
        return socket
      }
    : undefined
  const logCreator = () => () => {}
  return new kafkajs.Kafka({ clientId, brokers: [`127.0.0.1:${port}`], logCreator, retry: { retries: 8 }, socketFactory })
}

const CODECS = ['None', 'GZIP', 'Snappy', 'LZ4', 'ZSTD'] as const
const CORPUS_TOPIC = 'fz-a'
const DOOMED_TOPIC = 'fz-doomed'
const SIDE_TOPIC = 'side'

/** A record's identity in a log: key, value and headers. */
const identity = (key: Buffer | string | null, value: Buffer | string | null, headers: [string, Buffer | string | null][]): string =>
  JSON.stringify([key?.toString() ?? null, value?.toString() ?? null, headers.map(([k, v]) => [k, v?.toString() ?? null])])

/**
 * Runs kafkajs through the APIs it has against the broker, recording its frames. Returns the
 * records it produced: `kept` (the corpus topic's, which must stay) and `other` (the doomed topic's).
 */
async function recordCorpus(port: number, frames: Buffer[]): Promise<{ kept: Set<string>; other: Set<string> }> {
  const kept = new Set<string>()
  const other = new Set<string>()
  const kafka = client(port, 'fz-corpus', frames)
  const admin = kafka.admin()
  await admin.connect()
  await admin.createTopics({ topics: [{ topic: CORPUS_TOPIC, numPartitions: 4 }, { topic: DOOMED_TOPIC }] })
  await admin.fetchTopicMetadata({ topics: [CORPUS_TOPIC] })
  await admin.createPartitions({ topicPartitions: [{ topic: DOOMED_TOPIC, count: 2 }] })
  await admin.describeConfigs({ resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: CORPUS_TOPIC }], includeSynonyms: false })
  const producer = kafka.producer({ allowAutoTopicCreation: false })
  await producer.connect()
  for (const codec of CODECS)
    for (const acks of [1, -1]) {
      const messages = Array.from({ length: 6 }, (_, i) => ({
        key: `k${i}`,
        value: `corpus-${codec}-${acks}-${i}`,
        headers: { h: `${i}` },
      }))
      for (const m of messages) kept.add(identity(m.key, m.value, [['h', m.headers.h]]))
      await producer.send({ topic: CORPUS_TOPIC, acks, compression: kafkajs.CompressionTypes[codec], messages })
    }
  const doomed = [0, 1, 2].map((i) => ({ partition: 0, key: null, value: `doomed-${i}` }))
  for (const m of doomed) other.add(identity(null, m.value, []))
  await producer.send({ topic: DOOMED_TOPIC, acks: -1, messages: doomed })
  await producer.disconnect()
  await admin.deleteTopicRecords({ topic: DOOMED_TOPIC, partitions: [{ partition: 0, offset: '1' }] })
  const idempotent = kafka.producer({ idempotent: true, maxInFlightRequests: 1 })
  await idempotent.connect()
  for (let i = 0; i < 3; i++) {
    const messages = [{ key: `i${i}`, value: `corpus-idem-${i}` }]
    kept.add(identity(messages[0]!.key, messages[0]!.value, []))
    await idempotent.send({ topic: CORPUS_TOPIC, acks: -1, compression: kafkajs.CompressionTypes.GZIP, messages })
  }
  await idempotent.disconnect()
  await admin.fetchTopicOffsets(CORPUS_TOPIC)
  const consumer = kafka.consumer({ groupId: 'fz-group', sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 50 })
  await consumer.connect()
  await consumer.subscribe({ topic: CORPUS_TOPIC, fromBeginning: true })
  let seen = 0
  await consumer.run({ eachMessage: async () => void seen++ })
  await until(() => seen >= kept.size, 'the corpus consumer to read everything')
  await consumer.disconnect()
  await admin.describeGroups(['fz-group'])
  await admin.listGroups()
  await admin.fetchOffsets({ groupId: 'fz-group', topics: [CORPUS_TOPIC] })
  await admin.deleteTopics({ topics: [DOOMED_TOPIC] })
  await admin.disconnect()
  return { kept, other }
}

/** The versions the broker serves, by API key: what it advertises, from the lowest version with codecs (Produce is advertised from 0, KAFKA-18659, and served from 3). */
async function servedRanges(port: number): Promise<Map<number, [number, number]>> {
  const wire = await WireClient.connect(port)
  try {
    wire.request(18, 3, 1, { clientSoftwareName: 'fuzz', clientSoftwareVersion: '1' })
    const { body } = await wire.response(18, 3)
    const lowest = new Map(API_CODECS.map((a) => [a.apiKey, a.request.versions[0]]))
    return new Map(body.apiKeys.map((k) => [k.apiKey, [Math.max(k.minVersion, lowest.get(k.apiKey) ?? 0), k.maxVersion]]))
  } finally {
    wire.destroy()
  }
}

/** What the real handlers do: Produce acks=0 answers nothing (or closes when a partition failed); everything else answers. */
const predict = (request: DecodedRequest): Outcome => (request.apiKey === 0 && request.body.acks === 0 ? 'no-response' : 'respond')

const SENTINEL_ID = -424242
const SENTINEL = encodeRequest(18, 0, SENTINEL_ID, 'fuzz', { clientSoftwareName: '', clientSoftwareVersion: '' })

/** How a fuzz connection ended: the sentinel answered, the broker closed it, or the test cut it after SILENCE_MS without a byte. */
type End = 'answered' | 'closed' | 'cut'

/**
 * Sends `bytes` (plus the sentinel when `sentinel`) on a new connection and collects the answers
 * until the sentinel's, a close, or SILENCE_MS of silence. With `halfCloseAfter`, ends the client's
 * side once that many answers came (a frame left partial).
 */
function exchange(
  port: number,
  bytes: Buffer,
  sentinel: boolean,
  halfCloseAfter: number | undefined,
): Promise<{ answers: Buffer[]; end: End }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true })
    const answers: Buffer[] = []
    let end: End = 'closed'
    let pending: Buffer = Buffer.alloc(0)
    const silence = setTimeout(() => {
      end = 'cut'
      socket.destroy()
    }, SILENCE_MS)
    const halfClose = (): void => {
      if (halfCloseAfter !== undefined && answers.length === halfCloseAfter) socket.end()
    }
    socket.on('error', () => {})
    socket.on('data', (d: Buffer) => {
      silence.refresh()
      pending = pending.length === 0 ? d : Buffer.concat([pending, d])
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const frame = pending.subarray(4, 4 + pending.readInt32BE(0))
        pending = pending.subarray(4 + frame.length)
        if (sentinel && frame.readInt32BE(0) === SENTINEL_ID) {
          end = 'answered'
          socket.destroy()
          return
        }
        answers.push(frame)
        halfClose()
      }
    })
    socket.once('close', () => {
      clearTimeout(silence)
      resolve({ answers, end })
    })
    socket.once('connect', () => {
      silence.refresh()
      socket.write(sentinel ? Buffer.concat([bytes, SENTINEL]) : bytes)
      halfClose()
    })
  })
}

/** The figures of a fuzz run and what disagreed with the model. */
interface FuzzRun {
  sent: number
  read: number
  connections: number
  answers: number
  mutated: Record<string, number>
  ends: Record<End, number>
  disagreements: string[]
}

/** Sends FRAMES fuzz frames drawn from `corpus`, CONCURRENCY connections at a time, each checked against the model. */
async function fuzz(port: number, corpus: Buffer[], ranges: Map<number, [number, number]>): Promise<FuzzRun> {
  const rand = mulberry32(SEED)
  const run: FuzzRun = {
    sent: 0,
    read: 0,
    connections: 0,
    answers: 0,
    mutated: {},
    ends: { answered: 0, closed: 0, cut: 0 },
    disagreements: [],
  }
  const disagree = (what: string): void => void (run.disagreements.length < 20 && run.disagreements.push(what))
  const keys = new Set(ranges.keys())
  const connection = async (): Promise<void> => {
    const model = new ConnectionModel(ranges, keys, predict, MAX_REQUEST_BYTES)
    const parts: Buffer[] = []
    const used: (Mutation | null)[] = []
    // After a Produce with acks=0 the broker either stays silent or closes (a partition failed): the script ends there.
    let mayClose = false
    const length = 1 + Math.floor(rand() * MAX_FRAMES_PER_CONNECTION)
    while (parts.length < length && run.sent + parts.length < FRAMES && !model.closed && !mayClose) {
      const { frame, mutation } = nextFrame(corpus, rand, parts.length, MUTATION_RATE, MAX_REQUEST_BYTES)
      parts.push(frame)
      used.push(mutation)
      model.feed(frame)
      mayClose = model.dispatched.at(-1)?.outcome === 'no-response'
    }
    run.sent += parts.length
    run.read += model.framesRead
    const index = ++run.connections
    for (const m of used) if (m !== null) run.mutated[m] = (run.mutated[m] ?? 0) + 1
    const expected = model.responses
    const label = `connection ${index} (${used.map((m) => m ?? '-').join(',')})`
    const { answers, end } = await exchange(
      port,
      Buffer.concat(parts),
      model.end === 'open',
      model.end === 'partial' ? expected.length : undefined,
    )
    run.ends[end]++
    run.answers += answers.length
    if (answers.length > expected.length) disagree(`${label}: ${answers.length} answers, the model expects ${expected.length}`)
    for (const [i, frame] of answers.slice(0, expected.length).entries()) {
      const want = expected[i]!
      if (frame.readInt32BE(0) !== want.correlationId)
        return disagree(`${label}: answer ${i} for ${frame.readInt32BE(0)}, expected ${want.correlationId}`)
      try {
        decodeResponse(want.apiKey as ApiKey, want.apiVersion, frame)
      } catch (e) {
        return disagree(
          `${label}: the answer to ${want.correlationId} does not decode as API ${want.apiKey} v${want.apiVersion}: ${String(e)}`,
        )
      }
    }
    if (end === 'cut') return
    if (answers.length !== expected.length) disagree(`${label}: ${end} after ${answers.length} of ${expected.length} answers`)
    if (end === 'closed' && model.end === 'open' && !mayClose) disagree(`${label}: closed by the broker, the model says it stays open`)
  }
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (run.sent < FRAMES) await connection()
    }),
  )
  return run
}

describe('wire fuzz against the real broker', () => {
  it(
    `${FRAMES} replayed and mutated kafkajs frames: answers as the model says, no crash, bounded RSS, no foreign record in any log, the side client unaffected`,
    { timeout: Math.max(300_000, FRAMES * 10) },
    async () => {
      console.log(REPLAY)
      onTestFailed(() => console.log(REPLAY))
      registerKafkajsCodecs()
      const started = Date.now()
      const dir = dirs.make()
      const {
        child,
        line: { port },
        stderr,
      } = await startServe([dir, '--port', '0'], { children })
      let exitedEarly = false
      child.once('exit', () => (exitedEarly = true))

      const corpus: Buffer[] = []
      const { kept, other } = await recordCorpus(port, corpus)
      const apiKeys = new Set(corpus.map((f) => f.readInt16BE(4)))
      // Produce, Fetch, ListOffsets, Metadata, OffsetCommit, OffsetFetch, FindCoordinator, JoinGroup,
      // LeaveGroup, SyncGroup, DescribeGroups, ListGroups, ApiVersions, CreateTopics, DeleteTopics,
      // DeleteRecords, InitProducerId, DescribeConfigs, CreatePartitions (Heartbeat depends on timing).
      expect([...apiKeys].sort((a, b) => a - b)).toEqual(
        expect.arrayContaining([0, 1, 2, 3, 8, 9, 10, 11, 13, 14, 15, 16, 18, 19, 20, 21, 22, 32, 37]),
      )
      const ranges = await servedRanges(port)

      // The side client: produces batches to its own topic and consumes them in its own group.
      const side = client(port, 'fz-side')
      const sideAdmin = side.admin()
      await sideAdmin.connect()
      await sideAdmin.createTopics({ topics: [{ topic: SIDE_TOPIC, numPartitions: 2 }] })
      const sideProducer = side.producer({ idempotent: true, maxInFlightRequests: 1 })
      await sideProducer.connect()
      const sideConsumer = side.consumer({
        groupId: 'fz-side-group',
        sessionTimeout: 30_000,
        heartbeatInterval: 1000,
        maxWaitTimeInMs: 100,
      })
      await sideConsumer.connect()
      await sideConsumer.subscribe({ topic: SIDE_TOPIC, fromBeginning: true })
      const sideSeen = new Set<string>()
      await sideConsumer.run({
        eachMessage: async ({ message }: { message: { value: Buffer } }) => void sideSeen.add(message.value.toString()),
      })
      const sideSent: string[] = []
      let fuzzing = true
      const sideLoop = (async () => {
        for (let batch = 0; fuzzing || batch < 3; batch++) {
          const messages = Array.from({ length: 5 }, (_, i) => ({ key: `s${i}`, value: `side-${batch}-${i}` }))
          await sideProducer.send({ topic: SIDE_TOPIC, acks: -1, messages })
          sideSent.push(...messages.map((m) => m.value))
          // Paced, so that the side client does not take the broker's time from the fuzz (it decides nothing).
          await new Promise((r) => setTimeout(r, 25))
        }
      })()

      const run = await fuzz(port, corpus, ranges).finally(() => (fuzzing = false))
      const fuzzSeconds = (Date.now() - started) / 1000
      expect(exitedEarly).toBe(false)
      expect(run.disagreements).toEqual([])
      expect(run.sent).toBe(FRAMES)

      await sideLoop
      await until(() => sideSent.every((v) => sideSeen.has(v)), 'the side consumer to read every side record')
      await sideConsumer.disconnect()
      await sideProducer.disconnect()
      await sideAdmin.disconnect()

      const peak = peakRss(child.pid!)
      child.kill('SIGTERM')
      const code = await new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', r)))
      expect(code).toBe(0)
      expect(stderr()).toBe('')
      expect(peak).toBeLessThan(MAX_RSS)

      // Every log verifies; every record in it was sent by a valid produce.
      const allowed = new Set([...kept, ...other, ...sideSent.map((v) => identity(`s${v.split('-')[2]}`, v, []))])
      const found = new Set<string>()
      const partitions = fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && fs.readdirSync(path.join(dir, d.name)).some((f) => f.endsWith('.log')))
        .map((d) => d.name)
      let records = 0
      const foreign: string[] = []
      const sideLog: string[] = []
      for (const p of partitions) {
        const report = verify(path.join(dir, p))
        expect(report.problems, p).toEqual([])
        const log = await Log.open(path.join(dir, p), { readOnly: true })
        try {
          for await (const r of log.reader()) {
            records++
            const id = identity(
              r.key,
              r.value,
              r.headers.map((h) => [h.key, h.value]),
            )
            found.add(id)
            if (!allowed.has(id) && foreign.length < 20) foreign.push(`${p}@${r.offset}: ${id}`)
            if (p.startsWith(`${SIDE_TOPIC}-`)) sideLog.push(r.value!.toString())
          }
        } finally {
          await log.close()
        }
      }
      expect(foreign).toEqual([])
      expect([...kept].filter((id) => !found.has(id))).toEqual([])
      // The side topic: each record exactly once, in the order sent per key (batch numbers increase).
      expect(sideLog.length).toBe(sideSent.length)
      expect(new Set(sideLog).size).toBe(sideSent.length)
      const lastBatch = new Map<string, number>()
      for (const v of sideLog) {
        const [, batch, key] = v.split('-')
        expect(Number(batch), v).toBeGreaterThan(lastBatch.get(key!) ?? -1)
        lastBatch.set(key!, Number(batch))
      }
      console.log(
        `wire fuzz (seed ${SEED}): ${run.sent} frames (${Object.values(run.mutated).reduce((a, b) => a + b, 0)} mutated: ${JSON.stringify(run.mutated)}), ` +
          `${run.read} read by the broker, from a corpus of ${corpus.length} kafkajs frames of ${apiKeys.size} APIs, over ${run.connections} connections ` +
          `(ends ${JSON.stringify(run.ends)}), ${run.answers} answers as the model expects, in ${fuzzSeconds.toFixed(1)} s; ` +
          `broker peak RSS ${(peak / MiB).toFixed(1)} MiB (VmHWM); ${partitions.length} partition logs verified, ${records} records, none foreign; ` +
          `side client: ${sideSent.length} records back, each once in its log`,
      )
    },
  )
})
