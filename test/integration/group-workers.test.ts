/**
 * Group consumers in worker threads (`broker.shareGroups()` + `attachGroups()`), on real threads and
 * the real clock: two members in workers and one in the broker's thread share a 6-partition topic
 * while the broker's producer writes. One worker joins late; the other holds a processed record
 * uncommitted and is terminated, so its session must expire and that record must go to another
 * member. Every member processes each record, then commits (commit-after-process), writing each
 * processing into shared memory first (`children/group-worker.mjs`).
 *
 * At the end: every produced record was processed, each key's records were first processed in
 * order, a record processed twice was never committed by whoever processed it first, the held record
 * was processed again after the terminate, and no SyncGroup ever handed one partition to two members
 * of one generation (every SyncGroup answer of the coordinator is checked, the workers' included).
 *
 * Waits poll for conditions with a generous deadline; session and rebalance timeouts only change how
 * many rebalances happen on a loaded machine, never what the assertions check.
 */
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { Broker } from '../../src/broker/broker.js'
import type { GroupConsumer } from '../../src/broker/consumer/group-consumer.js'
import { decodeAssignment } from '../../src/broker/group/assignors/assignor.js'
import { LogError } from '../../src/index.js'
import { mulberry32 } from '../helpers/random.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { countRepeats, keyedProducer } from '../helpers/group-processing.js'

const dirs = useTempDirs('kafka-lite-group-workers-')
const WORKER = fileURLToPath(new URL('./children/group-worker.mjs', import.meta.url))
const BROKER_ENTRY = fileURLToPath(new URL('../../dist/broker/index.js', import.meta.url))
const TOPIC = 'orders'
const PARTITIONS = 6
const KEYS = 24
const SLOTS = 20_000
const MAIN = 3

async function until(condition: () => boolean, what: string, state?: () => unknown, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`never: ${what}; state: ${JSON.stringify(state?.())}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

interface Processing {
  member: number
  partition: number
  offset: number
  committed: boolean
}

const MEMBER_OPTIONS = {
  groupId: 'workers',
  topics: [TOPIC],
  autoOffsetReset: 'earliest',
  sessionTimeoutMs: 4000,
  heartbeatIntervalMs: 300,
  rebalanceTimeoutMs: 30_000,
} as const

describe.each([[['range', 'cooperative-sticky'] as const], [['cooperative-sticky'] as const]])(
  'group consumers in worker threads, assignors %j',
  (assignors) => {
    it('2 workers and the main thread share a topic; one worker joins late, one is terminated holding an uncommitted record: every record processed, per-key order, no committed record twice, no partition owned twice in a generation', async () => {
      const seed = Number(process.env.SEED ?? Date.now() % 1_000_000)
      console.log(`group-workers replay (${assignors.join(',')}): SEED=${seed}`)
      const random = mulberry32(seed)
      const broker = await Broker.open(dirs.make(), { groups: { initialRebalanceDelayMs: 0, minSessionTimeoutMs: 1000 } })
      const workers: Worker[] = []
      let finished = false
      try {
        await broker.createTopic(TOPIC, { partitions: PARTITIONS })
        const coordinator = broker.groupCoordinator
        // Every SyncGroup answer: which member got which partition in which generation.
        const owners = new Map<number, Map<number, string>>()
        const doubleOwners: string[] = []
        const sync = coordinator.syncGroup.bind(coordinator)
        coordinator.syncGroup = async (request, context) => {
          const response = await sync(request, context)
          if (response.errorCode === 0 && request.groupId === 'workers') {
            const byPartition = owners.get(request.generationId) ?? new Map<number, string>()
            owners.set(request.generationId, byPartition)
            for (const tp of decodeAssignment(response.assignment).partitions) {
              const owner = byPartition.get(tp.partition)
              if (owner !== undefined && owner !== request.memberId)
                doubleOwners.push(`generation ${request.generationId} partition ${tp.partition}`)
              byPartition.set(tp.partition, request.memberId)
            }
          }
          return response
        }

        const events = new Int32Array(new SharedArrayBuffer(4 * (1 + SLOTS * 4)))
        const control = new Int32Array(new SharedArrayBuffer(4 * 4))
        const failures: unknown[] = []
        const processings = (): Processing[] => {
          const out: Processing[] = []
          const n = Math.min(Atomics.load(events, 0), SLOTS)
          for (let i = 0; i < n; i++) {
            const member = Atomics.load(events, 1 + i * 4)
            if (member === 0) continue // taken by a worker terminated before it wrote it
            const [partition, offset, committed] = [2, 3, 4].map((k) => Atomics.load(events, i * 4 + k)) as [number, number, number]
            out.push({ member, partition, offset, committed: committed === 1 })
          }
          return out
        }
        const processedCount = (): number => new Set(processings().map((p) => `${p.partition}/${p.offset}`)).size

        const startWorker = (member: number): Worker => {
          const groups = broker.shareGroups()
          const w = new Worker(WORKER, {
            workerData: {
              entry: BROKER_ENTRY,
              groups,
              mode: 'member',
              events: events.buffer,
              control: control.buffer,
              member,
              options: { ...MEMBER_OPTIONS, assignors, clientId: `w${member}` },
            },
            transferList: [groups.port],
          })
          w.on('message', (m: { error?: unknown }) => {
            if (m.error !== undefined) failures.push(m.error)
          })
          w.on('error', (err) => failures.push(err))
          workers.push(w)
          return w
        }
        const stopWorker = async (w: Worker): Promise<void> => {
          const closed = new Promise<void>((resolve) => w.on('message', (m: { closed?: boolean }) => m.closed === true && resolve()))
          w.postMessage('stop')
          await closed
          await w.terminate()
        }

        const main = broker.consumer({ ...MEMBER_OPTIONS, assignors, clientId: `w${MAIN}` })
        const mainLoop = (async (consumer: GroupConsumer) => {
          try {
            for await (const r of consumer) {
              const slot = Atomics.add(events, 0, 1)
              const at = 1 + slot * 4
              events.set([MAIN, r.partition, r.offset, 0], at)
              try {
                await consumer.commit()
                events[at + 3] = 1
              } catch (err) {
                if (!(err instanceof LogError && err.code === 'KLOG_COMMIT_FAILED')) throw err
              }
            }
          } catch (err) {
            failures.push(err)
          }
        })(main)

        const producer = keyedProducer(broker, TOPIC, KEYS, random, 10)
        const produce = (n: number): Promise<void> => producer.produce(n)
        const assignmentOf = (clientId: string): number[] => {
          const m = coordinator.group('workers')?.members.find((x) => x.clientId === clientId)
          return m === undefined || m.assignment.length === 0 ? [] : decodeAssignment(m.assignment).partitions.map((tp) => tp.partition)
        }
        const stable = (clientIds: string[]): boolean => {
          const g = coordinator.group('workers')
          if (g?.state !== 'Stable' || g.members.length !== clientIds.length) return false
          const owned = clientIds.map(assignmentOf)
          return owned.every((ps) => ps.length > 0) && owned.flat().length === PARTITIONS
        }
        const debug = (): unknown => ({
          group: coordinator.group('workers')?.state,
          generation: coordinator.group('workers')?.generationId,
          members: coordinator.group('workers')?.members.map((m) => [m.clientId, assignmentOf(m.clientId)]),
          processed: processedCount(),
          produced: producer.produced,
          control: [...control],
          failures: failures.map(String),
        })

        const w1 = startWorker(1)
        let producing = produce(150)
        await until(() => stable(['w1', 'w3']) && processedCount() >= 50, 'a worker and the main thread share the partitions', debug)
        const w2 = startWorker(2) // joins late
        await producing
        producing = produce(150)
        await until(() => stable(['w1', 'w2', 'w3']) && processedCount() >= 200, 'the late worker gets partitions', debug)
        // w1 processes one more record and holds it uncommitted (the producer writes until it has
        // one); then it is terminated.
        await producing
        Atomics.store(control, 1, 1)
        producing = (async () => {
          while (Atomics.load(control, 1) < 2 && !finished) {
            await produce(5)
            await new Promise((resolve) => setTimeout(resolve, 5))
          }
        })()
        await until(() => Atomics.load(control, 1) >= 2, 'w1 holds a record', debug)
        const heldSlot = Atomics.load(control, 1) - 2
        const heldRecord = { partition: events[1 + heldSlot * 4 + 1]!, offset: events[1 + heldSlot * 4 + 2]! }
        await w1.terminate()
        await producing
        producing = produce(150)
        await producing
        const logEnd = (p: number): number => broker.log(TOPIC, p).logEndOffset
        const committed = (p: number): number => Number(coordinator.committedOffset('workers', TOPIC, p)?.offset ?? -1n)
        await until(
          () => stable(['w2', 'w3']) && [...Array(PARTITIONS).keys()].every((p) => committed(p) === logEnd(p) || logEnd(p) === 0),
          "w1's session expires; w2 and the main thread commit every record",
          debug,
        )
        await stopWorker(w2)
        await main.close()
        await mainLoop
        expect(failures).toEqual([])

        const all = processings()
        // Every produced record was processed.
        let total = 0
        const seen = new Set(all.map((p) => `${p.partition}/${p.offset}`))
        for (let p = 0; p < PARTITIONS; p++) {
          total += logEnd(p)
          for (let o = 0; o < logEnd(p); o++) expect(seen.has(`${p}/${o}`), `${p}/${o}`).toBe(true)
        }
        expect(total).toBe(producer.produced)
        // Each key's records were first processed in the order they were produced.
        const keyed = new Map<string, { key: string; seq: number }>()
        for (let p = 0; p < PARTITIONS; p++) {
          for await (const r of broker.log(TOPIC, p).reader({ from: 0 })) {
            keyed.set(`${p}/${r.offset}`, { key: r.key!.toString(), seq: Number(r.value!.toString()) })
          }
        }
        const firstSeqs = new Map<string, number[]>()
        const first = new Set<string>()
        for (const r of all) {
          const id = `${r.partition}/${r.offset}`
          if (first.has(id)) continue
          first.add(id)
          const { key, seq } = keyed.get(id)!
          firstSeqs.set(key, [...(firstSeqs.get(key) ?? []), seq])
        }
        for (const [key, seqs] of firstSeqs) expect(seqs, key).toEqual([...seqs.keys()])
        // A record processed again was not committed by whoever processed it before.
        const duplicates = countRepeats(all)
        // The record w1 held uncommitted went to another member after w1 was terminated.
        const heldId = `${heldRecord.partition}/${heldRecord.offset}`
        expect(all.filter((r) => `${r.partition}/${r.offset}` === heldId && r.member !== 1).length, heldId).toBeGreaterThan(0)
        // Each member processed records; no generation gave a partition to two members.
        expect(new Set(all.map((r) => r.member))).toEqual(new Set([1, 2, MAIN]))
        expect(doubleOwners).toEqual([])
        expect(owners.size).toBeGreaterThanOrEqual(3)
        console.log(
          `group-workers (${assignors.join(',')}): ${producer.produced} records, ${all.length} processings, ${duplicates} duplicates (uncommitted), ${owners.size} generations synced`,
        )
        expect(coordinator.group('workers')?.state).toBe('Empty')
      } finally {
        finished = true
        await Promise.all(workers.map((w) => w.terminate()))
        await broker.close()
      }
    }, 300_000)
  },
)

describe('group consumers in worker threads: errors', () => {
  it('bad input in a worker is TypeError/RangeError; attaching twice gives the same groups; once the broker closes, next(), consumer() and attachGroups() fail with KLOG_CLOSED', async () => {
    const broker = await Broker.open(dirs.make(), { groups: { initialRebalanceDelayMs: 0, minSessionTimeoutMs: 1000 } })
    let worker: Worker | undefined
    try {
      await broker.createTopic('t', { partitions: 1 })
      await broker.producer().send({ topic: 't', messages: [{ value: 'a' }, { value: 'b' }] })
      const groups = broker.shareGroups()
      const messages: { waiting?: boolean; results?: { case: string; name: string; code?: string }[] }[] = []
      worker = new Worker(WORKER, {
        workerData: {
          entry: BROKER_ENTRY,
          groups,
          mode: 'errors',
          options: { autoOffsetReset: 'earliest', sessionTimeoutMs: 2000, heartbeatIntervalMs: 100 },
        },
        transferList: [groups.port],
      })
      const errors: unknown[] = []
      worker.on('message', (m: (typeof messages)[number]) => messages.push(m))
      worker.on('error', (err) => errors.push(err))
      await until(
        () => messages.some((m) => m.waiting === true) || errors.length > 0,
        'the worker consumed and committed',
        () => ({ messages, errors }),
      )
      expect(errors).toEqual([])
      expect(broker.groupCoordinator.committedOffset('g', 't', 0)?.offset).toBe(1n)
      await broker.close()
      await until(
        () => messages.some((m) => m.results !== undefined) || errors.length > 0,
        'the worker saw the broker close',
        () => ({ messages, errors }),
      )
      expect(errors).toEqual([])
      const results = messages.find((m) => m.results !== undefined)!.results!.map((r) => [r.case, r.name, r.code])
      expect(results).toEqual([
        ['attach null', 'TypeError', undefined],
        ['attach a log handle', 'TypeError', undefined],
        ['attach without port', 'TypeError', undefined],
        ['attach twice is the same', 'same', undefined],
        ['empty groupId', 'TypeError', undefined],
        ['no topics', 'TypeError', undefined],
        ['unknown option', 'TypeError', undefined],
        ['zero session timeout', 'RangeError', undefined],
        ['heartbeat not below session', 'RangeError', undefined],
        ['first record', 'offset 0', undefined],
        ['next after the broker closed', 'LogError', 'KLOG_CLOSED'],
        ['consumer after the broker closed', 'LogError', 'KLOG_CLOSED'],
        ['attach after the broker closed', 'LogError', 'KLOG_CLOSED'],
      ])
      expect(() => broker.shareGroups()).toThrow(expect.objectContaining({ code: 'KLOG_CLOSED' }))
    } finally {
      await worker?.terminate()
      await broker.close()
    }
  })
})
