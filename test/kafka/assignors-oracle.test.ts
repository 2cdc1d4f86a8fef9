/**
 * Kafka's own assignors judge ours (src/broker/group/assignors/): for seeded random groups (topics,
 * member ids, static members, subscriptions, previously owned partitions with generations and
 * conflicting claims, the cooperative assignor's user data), test/kafka/java/AssignorOracle.java runs
 * kafka-clients 4.0.2's `RangeAssignor`, `RoundRobinAssignor` and `CooperativeStickyAssignor` over a
 * one-node cluster without racks, and:
 *  - our assignment equals Kafka's, member by member, in Kafka's order (range: as sets, since Kafka
 *    walks its topics in a hash map's order);
 *  - our subscription bytes (`encodeSubscription`) equal Kafka's `ConsumerProtocol.serializeSubscription`.
 * Cooperative rebalances are also chained: each round's owned partitions are the previous round's
 * assignment, with members joining and leaving between rounds.
 *
 * The seed is printed; replay with ASSIGNOR_ORACLE_SEED=<seed> (ASSIGNOR_ORACLE_RUNS=<n> samples).
 * The classpath is test/kafka/java/protocol-golden.pom.xml's (kafka-clients 4.0.2 and Jackson).
 */
import { execFile, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeSubscription, type Assignor, type AssignorMember, type TopicPartition } from '../../src/broker/group/assignors/assignor.js'
import { CooperativeStickyAssignor } from '../../src/broker/group/assignors/cooperative-sticky.js'
import { RangeAssignor } from '../../src/broker/group/assignors/range.js'
import { RoundRobinAssignor } from '../../src/broker/group/assignors/round-robin.js'
import { JVM_FLAGS, ROOT } from './harness.js'

const execFileP = promisify(execFile)
const SEED = Number(process.env.ASSIGNOR_ORACLE_SEED ?? 20250611)
const RUNS = Number(process.env.ASSIGNOR_ORACLE_RUNS ?? 600)
const CACHE = path.join(ROOT, '.cache', 'kafka-assignors')
const POM = path.join(ROOT, 'test', 'kafka', 'java', 'protocol-golden.pom.xml')
const SRC = path.join(ROOT, 'test', 'kafka', 'java', 'AssignorOracle.java')

async function ensureProgram(): Promise<string> {
  fs.mkdirSync(CACHE, { recursive: true })
  const cpFile = path.join(CACHE, 'classpath.txt')
  const newer = (file: string, than: string): boolean => fs.existsSync(file) && fs.statSync(file).mtimeMs >= fs.statSync(than).mtimeMs
  if (!newer(cpFile, POM))
    await execFileP('mvn', ['-q', '-B', '-f', POM, 'dependency:build-classpath', `-Dmdep.outputFile=${cpFile}`], { maxBuffer: 64 << 20 })
  const jars = fs.readFileSync(cpFile, 'utf8').trim()
  const classes = path.join(CACHE, 'classes')
  if (!newer(path.join(classes, 'AssignorOracle.class'), SRC)) {
    fs.mkdirSync(classes, { recursive: true })
    await execFileP('javac', ['-nowarn', '-d', classes, '-cp', jars, SRC])
  }
  return [classes, jars].join(path.delimiter)
}

function runOracle(classpath: string, input: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-Xmx512m', ...JVM_FLAGS, '-cp', classpath, 'AssignorOracle'], { stdio: ['pipe', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`AssignorOracle exited with ${code}: ${Buffer.concat(err).toString().slice(0, 3000)}`))
      else resolve(Buffer.concat(out).toString('utf8').split('\n').slice(0, -1))
    })
    child.stdin.end(input)
  })
}

interface SampleMember {
  id: string
  instance: string | null
  topics: string[]
  owned: [string, number][]
  generation: number
  userData: string | null
}
interface Sample {
  assignor: 'range' | 'roundrobin' | 'cooperative-sticky'
  topics: Record<string, number>
  members: SampleMember[]
}

const TOPICS = ['orders', 'payments', 't', 'a.b-c_d']
const memberIdArb = fc.oneof(
  fc.uuid().map((u) => `consumer-${u}`),
  fc.stringMatching(/^[a-z]{1,3}$/),
  fc.string({ minLength: 1, maxLength: 6 }),
)

const sampleArb: fc.Arbitrary<Sample> = fc
  .record({
    assignor: fc.constantFrom('range' as const, 'roundrobin' as const, 'cooperative-sticky' as const),
    topicCounts: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 4 }),
    ids: fc.uniqueArray(memberIdArb, { minLength: 1, maxLength: 16 }), // past 12: Java's HashMap resizes
    sameSubscriptions: fc.boolean(),
    seed: fc.integer(),
  })
  .chain(({ assignor, topicCounts, ids, sameSubscriptions }) => {
    const topics = Object.fromEntries(topicCounts.map((n, i) => [TOPICS[i]!, n]))
    const names = Object.keys(topics)
    const allPartitions = names.flatMap((t) => Array.from({ length: topics[t]! }, (_, p) => [t, p] as [string, number]))
    const memberArb = (id: string): fc.Arbitrary<SampleMember> =>
      fc.record({
        id: fc.constant(id),
        instance: fc.option(fc.constantFrom(...Array.from({ length: 16 }, (_, i) => `i${i}`)), { freq: 3 }),
        topics: sameSubscriptions ? fc.constant(names) : fc.subarray([...names, 'missing'], { minLength: 1 }),
        owned:
          assignor === 'cooperative-sticky'
            ? fc.subarray(allPartitions, { maxLength: Math.min(6, allPartitions.length) })
            : fc.constant([]),
        generation: fc.integer({ min: -1, max: 4 }),
        userData: fc.option(fc.constantFrom('00000002', '00000003', 'ffffffff', '01'), { freq: 2 }),
      })
    return fc.tuple(...ids.map(memberArb)).map((members) => {
      // Instance ids are unique within a group.
      const seen = new Set<string>()
      for (const m of members) {
        if (m.instance !== null && seen.has(m.instance)) m.instance = null
        if (m.instance !== null) seen.add(m.instance)
      }
      return { assignor, topics, members }
    })
  })

function ours(sample: Sample, assignor: Assignor = makeAssignor(sample.assignor)): Map<string, TopicPartition[]> {
  const members: AssignorMember[] = sample.members.map((m) => ({
    memberId: m.id,
    groupInstanceId: m.instance,
    subscription: {
      topics: m.topics,
      userData: m.userData === null ? null : Buffer.from(m.userData, 'hex'),
      // As the leader reads it back: sorted by topic then partition (ConsumerProtocol writes it so).
      ownedPartitions: [...m.owned]
        .sort(([a, p], [b, q]) => (a < b ? -1 : a > b ? 1 : p - q))
        .map(([topic, partition]) => ({ topic, partition })),
      generationId: m.generation,
      rackId: null,
    },
  }))
  const partitionsPerTopic = new Map<string, number>()
  for (const t of [...new Set(sample.members.flatMap((m) => m.topics))].sort())
    if ((sample.topics[t] ?? 0) > 0) partitionsPerTopic.set(t, sample.topics[t]!)
  return assignor.assign(partitionsPerTopic, members)
}

function makeAssignor(name: Sample['assignor']): Assignor {
  return name === 'range' ? new RangeAssignor() : name === 'roundrobin' ? new RoundRobinAssignor() : new CooperativeStickyAssignor()
}

function normalize(list: [string, number][], sorted: boolean): string[] {
  const s = list.map(([t, p]) => `${t}-${p}`)
  return sorted ? s.sort() : s
}

describe("the assignors against Kafka's Java assignors", () => {
  it(`random groups (seed ${SEED}, ${RUNS} samples), and chained cooperative rebalances`, async () => {
    console.log(`assignors oracle: seed ${SEED} (replay: ASSIGNOR_ORACLE_SEED=${SEED})`)
    const classpath = await ensureProgram()
    const samples = fc.sample(sampleArb, { seed: SEED, numRuns: RUNS })
    // Chained cooperative rounds: owned = the previous round's result, members come and go.
    const rng = fc.sample(fc.integer({ min: 0, max: 1_000_000 }), { seed: SEED + 1, numRuns: 400 })
    for (let chain = 0; chain < 20; chain++) {
      const topics = { orders: 1 + (rng[chain]! % 9), payments: rng[chain + 20]! % 5 }
      let members: SampleMember[] = [0, 1, 2].map((i) => ({
        id: `m${chain}-${i}`,
        instance: null,
        topics: Object.keys(topics),
        owned: [],
        generation: -1,
        userData: null,
      }))
      for (let round = 0; round < 6; round++) {
        const sample: Sample = { assignor: 'cooperative-sticky', topics, members }
        samples.push(sample)
        const result = ours(sample)
        const r = rng[(chain * 6 + round) % rng.length]!
        members = members.map((m) => ({
          ...m,
          owned: (result.get(m.id) ?? []).map((tp) => [tp.topic, tp.partition] as [string, number]),
          generation: round + 1,
        }))
        if (r % 3 === 0)
          members.push({
            id: `m${chain}-${round + 10}`,
            instance: null,
            topics: Object.keys(topics),
            owned: [],
            generation: -1,
            userData: null,
          })
        else if (r % 3 === 1 && members.length > 1) members.splice(r % members.length, 1)
      }
    }
    const input = samples.map((s) => JSON.stringify(s)).join('\n') + '\n'
    // Kept for replaying the Java side by hand: java -cp <classes:jars> AssignorOracle < input.jsonl
    fs.writeFileSync(path.join(CACHE, 'input.jsonl'), input)
    const lines = await runOracle(classpath, input)
    expect(lines).toHaveLength(samples.length)
    let kafkaFailed = 0 // samples where Kafka's assignor threw or gave an invalid assignment
    samples.forEach((sample, i) => {
      const kafka = JSON.parse(lines[i]!) as {
        assignment?: Record<string, [string, number][]>
        error?: string
        subscriptions: Record<string, string>
      }
      const mine = ours(sample)
      const sorted = sample.assignor === 'range'
      const context = `sample ${i}: ${JSON.stringify(sample)}`
      const kafkaInvalid =
        kafka.assignment !== undefined &&
        Object.entries(kafka.assignment).some(([id, list]) =>
          list.some(([topic]) => !sample.members.find((m) => m.id === id)!.topics.includes(topic)),
        )
      if (kafka.assignment === undefined || kafkaInvalid) {
        // Kafka's sticky balancing gives a partition back to its previous owner even when that owner
        // no longer takes part (a NullPointerException) or no longer subscribes to the topic (an
        // assignment its consumer refuses). Ours skips such an owner (sticky.ts) and must still give
        // a valid assignment: each partition to at most one member, subscribed to its topic.
        if (kafka.assignment === undefined) expect(kafka.error, context).toMatch(/NullPointerException/)
        expect(sample.assignor).toBe('cooperative-sticky')
        kafkaFailed++
        const seen = new Set<string>()
        for (const [memberId, list] of mine) {
          const subscribed = sample.members.find((m) => m.id === memberId)!.topics
          for (const tp of list) {
            expect(subscribed, context).toContain(tp.topic)
            expect(seen.has(`${tp.topic}-${tp.partition}`), context).toBe(false)
            seen.add(`${tp.topic}-${tp.partition}`)
          }
        }
      } else {
        expect(new Set(mine.keys()), context).toEqual(new Set(Object.keys(kafka.assignment)))
        for (const [member, list] of Object.entries(kafka.assignment)) {
          expect(
            normalize(
              (mine.get(member) ?? []).map((tp) => [tp.topic, tp.partition]),
              sorted,
            ),
            `${context}, member ${member}`,
          ).toEqual(normalize(list, sorted))
        }
      }
      for (const m of sample.members) {
        const bytes = encodeSubscription({
          topics: m.topics,
          userData: m.userData === null ? null : Buffer.from(m.userData, 'hex'),
          ownedPartitions: m.owned.map(([topic, partition]) => ({ topic, partition })),
          generationId: m.generation,
          rackId: null,
        })
        expect(bytes.toString('hex'), `${context}, subscription of ${m.id}`).toBe(kafka.subscriptions[m.id])
      }
    })
    console.log(
      `assignors oracle: ${samples.length} samples, Kafka's assignor failed (threw or assigned an unsubscribed topic) on ${kafkaFailed}`,
    )
    expect(kafkaFailed).toBeLessThan(samples.length / 10)
  })
})
