/**
 * The broker process (`kafka-lite-log serve`, a child) SIGKILLed twice mid-stream and restarted on
 * the same directory and port while a kafkajs idempotent producer writes and a group of three kafkajs
 * consumers reads, committing after processing each record (`autoCommit: false`):
 * - the group's committed offsets, read with OffsetFetch just before each kill and as soon as the
 *   restarted broker answers, never go backwards, and every commit the broker acknowledged before a
 *   kill is there after the restart;
 * - the members rejoin: the group is Stable with three members in a new generation after each restart;
 * - every produced record is processed (and written once: the idempotent producer's retries across a
 *   kill are deduplicated), each key's records are first processed in the order they were produced,
 *   and a record processed twice is one no acknowledged commit covered yet and at or above its
 *   partition's committed offset before the kill (duplicates come only from uncommitted records).
 *
 * A commit refused after a restart (the new broker does not know the member: UNKNOWN_MEMBER_ID) is
 * handled as a kafkajs application does: the record stays uncommitted and the handler returns; the
 * member's next heartbeat gets the same answer and kafkajs rejoins, then reads again from the
 * committed offsets. The consumers append every processed record and every acknowledged commit to
 * a journal with synchronous writes, in the order they happen. Waits are for conditions (polled, with
 * generous deadlines), never for durations.
 */
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { Kafka, logLevel, type Admin, type Consumer } from 'kafkajs'
import { afterEach, describe, expect, it } from 'vitest'
import { useTempDirs } from '../helpers/temp-dir.js'
import { startServe } from '../helpers/serve-child.js'

const dirs = useTempDirs('kafka-lite-group-kill-')
const TOPIC = 'jobs'
const GROUP = 'workers'
const PARTITIONS = 6
const MEMBERS = 3
const KEYS = 12
const TOTAL = 300
const ROUND = 25
const KILL_AT = [100, 200] // distinct records processed when the broker is killed
const DEADLINE_MS = 120_000 // per wait; a passing run takes a few seconds per wait
const RETRY = { retries: 1000, initialRetryTime: 100, maxRetryTime: 1000 }

const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
})

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

/** `kafka-lite-log serve <dir> --port <port>` in a child process; resolves once it listens. */
async function serveChild(dir: string, port: number): Promise<ChildProcess> {
  return (await startServe([dir, '--port', String(port)], { children })).child
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  expect(child.kill('SIGKILL')).toBe(true)
  await exited
  expect(child.signalCode).toBe('SIGKILL')
}

/** One journal line: a processed record, or a commit the broker acknowledged. */
type Entry =
  | { kind: 'P'; member: number; partition: number; offset: number; key: string; value: number }
  | { kind: 'C'; member: number; partition: number; next: number }

function readJournal(file: string): Entry[] {
  if (!fs.existsSync(file)) return []
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l): Entry => {
      const [kind, member, partition, offset, key, value] = l.split(' ')
      return kind === 'P'
        ? { kind, member: Number(member), partition: Number(partition), offset: Number(offset), key: key!, value: Number(value) }
        : { kind: 'C', member: Number(member), partition: Number(partition), next: Number(offset) }
    })
}

/** The highest acknowledged commit per partition among `entries` (0: none). */
function acked(entries: Entry[]): number[] {
  const out = Array<number>(PARTITIONS).fill(0)
  for (const e of entries) if (e.kind === 'C') out[e.partition] = Math.max(out[e.partition]!, e.next)
  return out
}

/** The group's committed offsets through OffsetFetch (0 for a partition without one). */
async function committed(admin: Admin): Promise<number[]> {
  const [topic] = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] })
  const out = Array<number>(PARTITIONS).fill(0)
  for (const p of topic!.partitions) out[p.partition] = Math.max(0, Number(p.offset))
  return out
}

describe('a consumer group while the broker process is SIGKILLed', () => {
  it('committed offsets survive and never go back, members rejoin, every record is processed', { timeout: 600_000 }, async () => {
    const dir = dirs.make()
    const journal = path.join(dirs.make(), 'journal')
    const port = await freePort()
    let broker = await serveChild(dir, port)
    const trace: string[] = [] // what happened, for a failure's message
    const t0 = Date.now()
    const note = (s: string): void => void trace.push(`${((Date.now() - t0) / 1000).toFixed(1)}s ${s}`)
    const crashes: string[] = []

    /** Polls `check` until it returns a value other than undefined (errors count as not yet). */
    const waitFor = async <T>(what: string, check: () => Promise<T | undefined> | T | undefined): Promise<T> => {
      const end = Date.now() + DEADLINE_MS
      let lastError = ''
      for (;;) {
        if (crashes.length > 0) throw new Error(`a consumer crashed for good: ${crashes.join('; ')}\n${trace.join('\n')}`)
        const got = await Promise.resolve()
          .then(check)
          .catch((e: unknown) => void (lastError = String(e)))
        if (got !== undefined) return got
        if (Date.now() > end) throw new Error(`timed out waiting for ${what} (${lastError})\n${trace.join('\n')}`)
        await new Promise((r) => setTimeout(r, 100))
      }
    }

    const kafka = new Kafka({ clientId: 'group-kill', brokers: [`127.0.0.1:${port}`], logLevel: logLevel.NOTHING, retry: RETRY })
    const admin = kafka.admin()
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: RETRY })
    const consumers: Consumer[] = []
    try {
      await admin.connect()
      await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }], waitForLeaders: true })
      await producer.connect()

      const member = async (m: number): Promise<void> => {
        const consumer = kafka.consumer({
          groupId: GROUP,
          sessionTimeout: 6000,
          heartbeatInterval: 300,
          rebalanceTimeout: 10_000,
          maxWaitTimeInMs: 500, // an idle member heartbeats (and so learns of a rebalance) soon
          retry: RETRY,
        })
        consumers.push(consumer)
        consumer.on(consumer.events.CRASH, (e) => {
          note(`member ${m} crashed (restart: ${e.payload.restart}): ${e.payload.error.message}`)
          if (!e.payload.restart) crashes.push(`member ${m}: ${e.payload.error.message}`)
        })
        consumer.on(consumer.events.GROUP_JOIN, (e) =>
          note(`member ${m} joined as ${e.payload.memberId}: ${JSON.stringify(e.payload.memberAssignment)}`),
        )
        await consumer.connect()
        await consumer.subscribe({ topic: TOPIC, fromBeginning: true })
        await consumer.run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            fs.appendFileSync(journal, `P ${m} ${partition} ${message.offset} ${message.key!.toString()} ${message.value!.toString()}\n`)
            const next = Number(message.offset) + 1
            try {
              await consumer.commitOffsets([{ topic: TOPIC, partition, offset: String(next) }])
            } catch {
              // Refused (the restarted broker does not know this member, or the group rebalances):
              // the record stays uncommitted; the next heartbeat makes kafkajs rejoin.
              return
            }
            fs.appendFileSync(journal, `C ${m} ${partition} ${next}\n`)
          },
        })
      }
      await Promise.all([...Array(MEMBERS).keys()].map(member))
      // Nothing is produced before the three members share the partitions: the only rebalances
      // after this point are the restarts'.
      let generation = await waitFor('the group to be Stable with three members', async () => {
        const { groups } = await admin.describeGroups([GROUP])
        return groups[0]!.state === 'Stable' && groups[0]!.members.length === MEMBERS ? groups[0]! : undefined
      })
      note(`group stable: ${generation.members.map((x) => x.memberId).join(', ')}`)

      let produced = 0
      const processedCount = (): number => new Set(readJournal(journal).flatMap((e) => (e.kind === 'P' ? [e.value] : []))).size
      let producing = true
      const producerDone = (async () => {
        try {
          while (produced < TOTAL) {
            // at most two rounds ahead of the group, so each kill lands mid-stream
            await waitFor('the group to catch up with the producer', () => (processedCount() >= produced - 2 * ROUND ? true : undefined))
            for (let i = 0; i < ROUND; i++, produced++)
              await producer.send({ topic: TOPIC, acks: -1, messages: [{ key: `k${produced % KEYS}`, value: String(produced) }] })
          }
        } finally {
          producing = false
        }
      })()
      producerDone.catch(() => {}) // awaited below; a failure before then must not be unhandled

      const before: number[][] = [] // OffsetFetch just before each kill
      const after: number[][] = [] // OffsetFetch as soon as the restarted broker answers
      const ackedAtKill: number[][] = []
      const journalAtKill: number[] = []
      const producedAtKill: number[] = []
      for (const at of KILL_AT) {
        await waitFor(`${at} records processed`, () => (processedCount() >= at ? true : undefined))
        before.push(await committed(admin))
        await kill(broker)
        const entries = readJournal(journal)
        journalAtKill.push(entries.length)
        producedAtKill.push(produced)
        ackedAtKill.push(acked(entries))
        note(`killed at ${processedCount()} processed, ${produced} produced; committed before ${before.at(-1)!.join(',')}`)
        broker = await serveChild(dir, port)
        after.push(await waitFor('OffsetFetch after the restart', () => committed(admin)))
        note(`restarted; committed after ${after.at(-1)!.join(',')}`)
        const previousGeneration = generation.members.map((x) => x.memberId).sort()
        generation = await waitFor('the members to rejoin (Stable, three members, new member ids)', async () => {
          const { groups } = await admin.describeGroups([GROUP])
          const g = groups[0]!
          const ids = g.members.map((x) => x.memberId).sort()
          return g.state === 'Stable' && ids.length === MEMBERS && ids.every((id) => !previousGeneration.includes(id)) ? g : undefined
        })
        note(`rejoined: ${generation.members.map((x) => x.memberId).join(', ')}`)
      }
      await producerDone
      expect(producing).toBe(false)
      const ends = await waitFor('every partition committed to its log end', async () => {
        const offsets = await admin.fetchTopicOffsets(TOPIC)
        const high = offsets.sort((a, b) => a.partition - b.partition).map((o) => Number(o.high))
        const got = await committed(admin)
        return got.every((o, p) => o === high[p]) ? high : undefined
      })
      note(`done: log ends ${ends.join(',')}`)

      // The idempotent producer's retries across the kills were deduplicated: TOTAL records in the logs.
      expect(ends.reduce((a, b) => a + b, 0)).toBe(TOTAL)
      for (let k = 0; k < KILL_AT.length; k++) {
        // mid-stream: records still to produce, and commits to lose
        expect(producedAtKill[k]).toBeLessThan(TOTAL)
        expect(ackedAtKill[k]!.reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(KILL_AT[k]! - 2 * ROUND)
      }
      for (let k = 0; k < KILL_AT.length; k++)
        for (let p = 0; p < PARTITIONS; p++) {
          // every acknowledged commit survived the kill, and nothing went back
          expect(after[k]![p], `kill ${k} partition ${p}\n${trace.join('\n')}`).toBeGreaterThanOrEqual(ackedAtKill[k]![p]!)
          expect(after[k]![p], `kill ${k} partition ${p}`).toBeGreaterThanOrEqual(before[k]![p]!)
          if (k > 0) expect(before[k]![p], `kill ${k} partition ${p}`).toBeGreaterThanOrEqual(after[k - 1]![p]!)
          expect(ends[p]).toBeGreaterThanOrEqual(after[k]![p]!)
        }

      const entries = readJournal(journal)
      const records = entries.filter((e) => e.kind === 'P')
      // every produced record was processed, and each value sits at one offset of one partition
      const where = new Map<number, string>()
      for (const r of records) {
        const at = `${r.partition}/${r.offset}`
        expect(where.get(r.value) ?? at, `record ${r.value}`).toBe(at)
        where.set(r.value, at)
      }
      expect([...where.keys()].sort((a, b) => a - b)).toEqual([...Array(TOTAL).keys()])
      // each key lives in one partition and its records were first processed in production order
      const firsts = new Map<string, number[]>()
      const partitionOf = new Map<string, number>()
      const seen = new Set<string>()
      for (const r of records) {
        expect(partitionOf.get(r.key) ?? r.partition, r.key).toBe(r.partition)
        partitionOf.set(r.key, r.partition)
        if (seen.has(`${r.partition}/${r.offset}`)) continue
        seen.add(`${r.partition}/${r.offset}`)
        firsts.set(r.key, [...(firsts.get(r.key) ?? []), r.value])
      }
      for (const [key, values] of firsts) expect(values, key).toEqual([...values].sort((a, b) => a - b))
      // a record processed again: after a kill, above every commit acknowledged so far, and at or
      // above its partition's committed offset read before that kill
      const ackedSoFar = Array<number>(PARTITIONS).fill(0)
      const processed = new Set<string>()
      const duplicates = KILL_AT.map(() => 0)
      entries.forEach((e, line) => {
        if (e.kind === 'C') {
          ackedSoFar[e.partition] = Math.max(ackedSoFar[e.partition]!, e.next)
          return
        }
        const id = `${e.partition}/${e.offset}`
        if (processed.has(id)) {
          const k = journalAtKill.filter((n) => n <= line).length - 1
          expect(k, `${id} processed twice before any kill`).toBeGreaterThanOrEqual(0)
          expect(e.offset, `${id} processed again after an acknowledged commit covered it`).toBeGreaterThanOrEqual(ackedSoFar[e.partition]!)
          expect(e.offset, `${id} processed again below the offset committed before kill ${k}`).toBeGreaterThanOrEqual(
            before[k]![e.partition]!,
          )
          duplicates[k]!++
        }
        processed.add(id)
      })
      expect(processed.size).toBe(TOTAL)
      console.log(
        `group-broker-kill: ${TOTAL} records, ${records.length} processings, duplicates after each kill: ${duplicates.join(', ')} (all uncommitted at the kill)`,
      )
    } finally {
      for (const c of consumers) await c.disconnect().catch(() => {})
      await producer.disconnect().catch(() => {})
      await admin.disconnect().catch(() => {})
    }
  })
})
