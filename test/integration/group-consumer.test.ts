/**
 * The in-process group consumer (`broker.consumer()`), on the coordinator's fake clock: a group on a
 * 6-partition topic while the broker's in-process producer writes; a member joins late, one leaves
 * cleanly, one (static) is closed without leaving and its session expires, then it comes back with
 * the same `groupInstanceId`. Every member processes each record, then commits (commit-after-process).
 * At the end: every produced record was processed, each key's records were first processed in
 * order, and a record processed twice was never committed by the member that processed it first.
 *
 * The clock only moves when the test moves it (in small steps while it waits for a condition), so
 * the outcome never depends on the machine's speed: a slow member may be removed by its rebalance
 * timeout and rejoin, which changes how many rebalances happen, never what the assertions check.
 */
import { describe, expect, it } from 'vitest'
import { Broker } from '../../src/broker/broker.js'
import type { GroupConsumer } from '../../src/broker/consumer/group-consumer.js'
import { LogError } from '../../src/index.js'
import { FakeClock } from '../helpers/fake-clock.js'
import { counterUuid } from '../helpers/groups.js'
import { mulberry32 } from '../helpers/random.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { countRepeats, keyedProducer } from '../helpers/group-processing.js'

const dirs = useTempDirs('kafka-lite-group-consumer-')
const TOPIC = 'orders'
const PARTITIONS = 6
const KEYS = 24

interface Processed {
  member: string
  partition: number
  offset: number
  key: string
  seq: number
  /** Whether the commit after it succeeded. */
  committed: boolean
}

/**
 * Moves the fake clock in 100 ms steps (one per millisecond of real time, at least) until
 * `condition` holds; after 20,000 steps (33 minutes of fake time) it fails with `state()`.
 */
async function until(clock: FakeClock, condition: () => boolean, what: string, state?: () => unknown): Promise<void> {
  for (let turns = 0; !condition(); turns++) {
    if (turns > 20_000) throw new Error(`never: ${what}; state: ${JSON.stringify(state?.())}`)
    clock.advance(100)
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
}

describe.each([[['range', 'cooperative-sticky'] as const], [['roundrobin'] as const], [['cooperative-sticky'] as const]])(
  'in-process group consumers, assignors %j',
  (assignors) => {
    it('late join, clean leave, a static member closed without leaving whose session expires and who comes back: every record processed, per-key order, no committed record processed twice', async () => {
      const seed = Number(process.env.SEED ?? Date.now() % 1_000_000)
      console.log(`group-consumer replay (${assignors.join(',')}): SEED=${seed}`)
      const random = mulberry32(seed)
      const clock = new FakeClock()
      const broker = await Broker.open(dirs.make(), { groups: { clock, initialRebalanceDelayMs: 0, randomUUID: counterUuid() } })
      try {
        await broker.createTopic(TOPIC, { partitions: PARTITIONS })
        const producer = keyedProducer(broker, TOPIC, KEYS, random)
        const produce = (n: number): Promise<void> => producer.produce(n)

        const processed: Processed[] = []
        const failures: unknown[] = []
        const loops = new Map<string, Promise<void>>()
        const start = (name: string, consumer: GroupConsumer): void => {
          loops.set(
            name,
            (async () => {
              try {
                for await (const r of consumer) {
                  const p: Processed = {
                    member: name,
                    partition: r.partition,
                    offset: r.offset,
                    key: r.key!.toString(),
                    seq: Number(r.value!.toString()),
                    committed: false,
                  }
                  processed.push(p)
                  try {
                    await consumer.commit()
                    p.committed = true
                  } catch (err) {
                    // A rebalance took the partition: the record goes to its next owner uncommitted.
                    if (!(err instanceof LogError && err.code === 'KLOG_COMMIT_FAILED')) throw err
                  }
                }
              } catch (err) {
                failures.push(err)
              }
            })(),
          )
        }
        const member = (name: string, groupInstanceId: string | null = null): GroupConsumer => {
          const c = broker.consumer({
            groupId: 'workers',
            topics: [TOPIC],
            groupInstanceId,
            assignors,
            autoOffsetReset: 'earliest',
            sessionTimeoutMs: 10_000,
            heartbeatIntervalMs: 1000,
            rebalanceTimeoutMs: 300_000,
            clientId: name,
            clock,
          })
          start(name, c)
          all.push(c)
          return c
        }
        const ownedBy = (...cs: GroupConsumer[]): number => cs.reduce((n, c) => n + c.membership.assignment.length, 0)
        const processedCount = (): number => new Set(processed.map((p) => `${p.partition}/${p.offset}`)).size
        const all: GroupConsumer[] = []
        const debug = (): unknown => ({
          group: broker.groupCoordinator.group('workers')?.state,
          gen: broker.groupCoordinator.group('workers')?.generationId,
          members: broker.groupCoordinator.group('workers')?.members.map((m) => m.memberId),
          consumers: all.map((c) => ({ ...c.membership, closed: c.closed })),
          processed: processedCount(),
          failures: failures.map(String),
        })

        const a = member('a')
        const b = member('b', 'static-b')
        await produce(150)
        await until(clock, () => ownedBy(a, b) === PARTITIONS && processedCount() >= 50, 'a and b share the partitions and process', debug)
        const c = member('c') // joins late
        await produce(150)
        await until(clock, () => c.membership.assignment.length > 0 && ownedBy(a, b, c) === PARTITIONS, 'c gets partitions', debug)
        await until(clock, () => processedCount() >= 200, 'the group goes on', debug)
        await a.close() // leaves cleanly
        await loops.get('a')
        await produce(100)
        await until(clock, () => ownedBy(b, c) === PARTITIONS, 'b and c take over a', debug)
        await b.close({ leaveGroup: false }) // stays in the group until its session expires
        await loops.get('b')
        await produce(100)
        await until(
          clock,
          () => broker.groupCoordinator.group('workers')?.members.length === 1 && c.membership.assignment.length === PARTITIONS,
          "b's session expires; c owns everything",
          debug,
        )
        const b2 = member('b2', 'static-b') // comes back with the same instance id
        await produce(100)
        const logEnd = (p: number): number => broker.log(TOPIC, p).logEndOffset
        const committed = (p: number): number => Number(broker.groupCoordinator.committedOffset('workers', TOPIC, p)?.offset ?? -1n)
        await until(
          clock,
          () =>
            b2.membership.assignment.length > 0 &&
            [...Array(PARTITIONS).keys()].every((p) => committed(p) === logEnd(p) || logEnd(p) === 0),
          'every record committed, b2 a member again',
          debug,
        )
        await Promise.all([b2.close({ leaveGroup: true }), c.close()])
        await Promise.all(loops.values())
        expect(failures).toEqual([])

        // Every produced record was processed.
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
        // Each key's records were first processed in the order they were produced.
        const firstSeqs = new Map<string, number[]>()
        const seen = new Set<string>()
        for (const r of processed) {
          const id = `${r.partition}/${r.offset}`
          if (seen.has(id)) continue
          seen.add(id)
          const list = firstSeqs.get(r.key) ?? []
          list.push(r.seq)
          firstSeqs.set(r.key, list)
        }
        for (const [key, seqs] of firstSeqs) expect(seqs, key).toEqual([...seqs.keys()])
        // A record processed again was not committed by whoever processed it before.
        const duplicates = countRepeats(processed)
        console.log(
          `group-consumer (${assignors.join(',')}): ${producer.produced} records, ${processed.length} processings, ${duplicates} duplicates (uncommitted)`,
        )
        // Members that left are gone; the group is empty now.
        expect(broker.groupCoordinator.group('workers')?.state).toBe('Empty')
      } finally {
        await broker.close()
      }
    })
  },
)

describe('in-process group consumer: errors', () => {
  it('bad options throw synchronously; a member removed from the group fails its commit with KLOG_COMMIT_FAILED and rejoins; a replaced static member is KLOG_FENCED_INSTANCE_ID', async () => {
    const clock = new FakeClock()
    const broker = await Broker.open(dirs.make(), { groups: { clock, initialRebalanceDelayMs: 0, randomUUID: counterUuid() } })
    try {
      await broker.createTopic(TOPIC, { partitions: 2 })
      expect(() => broker.consumer({ groupId: '', topics: [TOPIC] })).toThrow(TypeError)
      expect(() => broker.consumer({ groupId: 'g', topics: [] })).toThrow(TypeError)
      expect(() => broker.consumer({ groupId: 'g', topics: [TOPIC], sessionTimeout: 1 } as never)).toThrow(TypeError)
      expect(() => broker.consumer({ groupId: 'g', topics: [TOPIC], assignors: ['sticky' as never] })).toThrow(TypeError)
      expect(() => broker.consumer({ groupId: 'g', topics: [TOPIC], heartbeatIntervalMs: 10_000, sessionTimeoutMs: 10_000 })).toThrow(
        RangeError,
      )

      const producer = broker.producer()
      for (let i = 0; i < 10; i++) await producer.send({ topic: TOPIC, messages: [{ value: `${i}`, partition: i % 2 }] })
      const options = {
        groupId: 'g',
        topics: [TOPIC],
        autoOffsetReset: 'earliest',
        sessionTimeoutMs: 10_000,
        heartbeatIntervalMs: 1000,
        clock,
      } as const
      const a = broker.consumer({ ...options, groupInstanceId: 'a' })
      const first = a.next()
      await until(clock, () => a.membership.assignment.length === 2, 'a owns both partitions')
      const r1 = await first
      expect(r1.done).toBe(false)
      // An operator removes the member (LeaveGroup by instance id, as kafka-consumer-groups --delete-members... does).
      const left = await broker.groupCoordinator.leaveGroup(
        { groupId: 'g', memberId: '', members: [{ memberId: '', groupInstanceId: 'a', reason: 'test' }] },
        { apiVersion: 5 },
      )
      expect(left.members[0]!.errorCode).toBe(0)
      await expect(a.commit()).rejects.toMatchObject({ code: 'KLOG_COMMIT_FAILED' })
      // It rejoins in its next next(), from the committed offsets (none: from the start again).
      const again = a.next()
      await until(clock, () => a.membership.assignment.length === 2, 'a rejoined')
      expect((await again).done).toBe(false)
      await a.commit()

      // The same instance id started elsewhere: the old member is fenced at its next heartbeat.
      const a2 = broker.consumer({ ...options, groupInstanceId: 'a' })
      const a2first = a2.next()
      let fenced: unknown
      // a reads on (the records left, then waits for more) until its next heartbeat tells it.
      const aNext = (async () => {
        try {
          while (!(await a.next()).done);
        } catch (err) {
          fenced = err
        }
      })()
      await until(clock, () => fenced !== undefined, 'a is fenced')
      expect(fenced).toMatchObject({ code: 'KLOG_FENCED_INSTANCE_ID' })
      await aNext
      await until(clock, () => a2.membership.assignment.length === 2, 'a2 owns both partitions')
      expect((await a2first).done).toBe(false)
      await a.close()
      await a2.close({ leaveGroup: true })
      expect(broker.groupCoordinator.group('g')?.state).toBe('Empty')
    } finally {
      await broker.close()
    }
  })
})
