#!/usr/bin/env node
// The group bench: a group of 3 consumers reading a 6-partition topic while a producer writes it, in one
// run, three cases, each against a fresh broker:
//   kafkajs@ours      3 kafkajs 2.2.4 members (each its own process) against @kafka-lite/log's broker;
//   kafkajs@kafka     the same against Apache Kafka 4.x on this machine;
//   in-process@ours   3 broker.consumer() members inside our broker's process (group-serve.mjs).
// The producer is the same in every case: kafkajs in its own process (group-producer.mjs), acks -1.
//
//   node broker/groups.mjs [--quick] [--cases kafkajs@ours,kafkajs@kafka,in-process@ours] [--no-build] [--out DIR]
//
// Phases, one after the other, each waiting until every record so far was consumed:
// 1. the group forms (3 members; DescribeGroups says Stable), then warm-up: params.warmup records paced;
// 2. throughput: params.burst records as fast as the producer sends them (500 per send(), 4 in flight);
//    end to end records/s = records / (last one consumed - first send started), and its latencies;
// 3. latency: params.latency records paced at params.rate records/s: produce-to-consume p50 / p99
//    (the send() time stamped in each value against the consume time; one monotonic clock for all);
// 4. rebalances, records paced at params.rate throughout: a 4th member joins, then leaves (close /
//    disconnect: LeaveGroup); each duration is from the command to the moment every partition had a
//    record consumed by a member that (re)joined after it.
// Then every member leaves and the run is checked (group-events.mjs): a case that fails a check reports
// FAILED with the reasons, not figures. Writes results/groups.json and results/groups.md.
import { execFileSync, fork } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { GroupEvents } from './group-events.mjs'
import { kafkaVersion, startKafka, startOurs } from './targets.mjs'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const ROOT = path.join(HERE, '..', '..')
const require = createRequire(import.meta.url)
const { Kafka, logLevel } = require('kafkajs')

const CASES = ['kafkajs@ours', 'kafkajs@kafka', 'in-process@ours']
const o = { quick: false, cases: CASES, build: true, out: path.join(HERE, '..', 'results') }
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i]
  if (a === '--quick') o.quick = true
  else if (a === '--cases') o.cases = process.argv[++i].split(',')
  else if (a === '--no-build') o.build = false
  else if (a === '--out') o.out = path.resolve(process.argv[++i])
  else throw new Error(`unknown argument ${a}`)
}
for (const c of o.cases) if (!CASES.includes(c)) throw new Error(`unknown case ${c} (${CASES.join(', ')})`)

const PARAMS = {
  topic: 'group-tp',
  partitions: 6,
  groupId: 'bench-group',
  valueBytes: 100,
  perSend: 500,
  inFlight: 4,
  pacedPerSend: 10,
  rate: 1000,
  warmup: 1000,
  burst: o.quick ? 20_000 : 100_000,
  latency: o.quick ? 3000 : 10_000,
  heartbeatIntervalMs: 500,
  sessionTimeoutMs: 30_000,
  /** How long any one wait may take before the case fails. */
  deadlineMs: 180_000,
}

const log = (s) => process.stderr.write(s + '\n')
const baseNs = process.hrtime.bigint()
const rel = () => Number(process.hrtime.bigint() - baseNs)

if (o.build) {
  log('building ../dist')
  execFileSync('npm', ['--prefix', ROOT, 'run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
}

/** Polls `f` every 20 ms until it returns something other than undefined; fails after the deadline. */
async function waitFor(what, f) {
  const until = performance.now() + PARAMS.deadlineMs
  for (;;) {
    const v = await f()
    if (v !== undefined) return v
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

/** A child's next message of `type` (from `member`, when given). */
function nextMessage(child, type, member) {
  return new Promise((resolve, reject) => {
    const onMessage = (m) => {
      if (m.type !== type || (member !== undefined && m.member !== member)) return
      child.off('message', onMessage)
      child.off('exit', onExit)
      resolve(m)
    }
    const onExit = (code) => reject(new Error(`a child exited (${code}) before sending ${type}`))
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

const spawnChild = (script, args) =>
  fork(path.join(HERE, script), args, { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })

async function runCase(name, target) {
  const [client] = name.split('@')
  const params = { ...PARAMS, baseNs: String(baseNs) }
  const events = new GroupEvents()
  const children = []
  const admin = new Kafka({ brokers: [target.bootstrap], logLevel: logLevel.NOTHING }).admin()
  try {
    const producer = spawnChild('group-producer.mjs', [target.bootstrap, JSON.stringify(params)])
    children.push(producer)
    await nextMessage(producer, 'ready')
    // members[i] = { start(), stop() → resolves once it left and its events are in }
    const members = []
    if (client === 'kafkajs') {
      for (let m = 1; m <= 4; m++) {
        const child = spawnChild('group-member.mjs', [target.bootstrap, JSON.stringify(params), String(m)])
        children.push(child)
        child.on('message', (msg) => (msg.type === 'join' || msg.type === 'events') && events.add(msg))
        await nextMessage(child, 'ready', m)
        members.push({
          start: () => child.send({ cmd: 'start' }),
          stop: async () => {
            const stopped = nextMessage(child, 'stopped', m)
            child.send({ cmd: 'stop' })
            await stopped
          },
        })
      }
    } else {
      const child = target.child
      child.on('message', (msg) => (msg.type === 'join' || msg.type === 'events') && events.add(msg))
      for (let m = 1; m <= 4; m++) {
        members.push({
          start: () => child.send({ cmd: 'start', member: m, params }),
          stop: async () => {
            const stopped = nextMessage(child, 'stopped', m)
            child.send({ cmd: 'stop', member: m })
            await stopped
          },
        })
      }
    }
    await admin.connect()
    const produce = async (cmd) => {
      const done = nextMessage(producer, 'done')
      producer.send(cmd)
      return done
    }
    let total = 0
    const allConsumed = (what) => waitFor(what, () => (events.unique >= total ? true : undefined))
    const stable = (n) =>
      waitFor(`a Stable group of ${n}`, async () => {
        const { groups } = await admin.describeGroups([PARAMS.groupId])
        return groups[0]?.state === 'Stable' && groups[0].members.length === n ? true : undefined
      })

    const r = {}
    const t0 = performance.now()
    for (const m of members.slice(0, 3)) m.start()
    await stable(3)
    r.groupFormedMs = performance.now() - t0
    log(`${name}: group of 3 formed in ${r.groupFormedMs.toFixed(0)} ms; warm-up`)
    total += (await produce({ cmd: 'paced', from: total, count: PARAMS.warmup, rate: PARAMS.rate })).count
    await allConsumed('the warm-up records')

    log(`${name}: throughput, ${PARAMS.burst} records`)
    const burst = await produce({ cmd: 'burst', from: total, count: PARAMS.burst })
    total += burst.count
    await allConsumed('the throughput records')
    const lastNs = events.lastConsumed(burst.from, total)
    r.throughput = {
      records: burst.count,
      seconds: (lastNs - burst.startNs) / 1e9,
      recordsPerSec: burst.count / ((lastNs - burst.startNs) / 1e9),
      producerRecordsPerSec: burst.count / ((burst.endNs - burst.startNs) / 1e9),
      ...events.latency(burst.from, total),
    }

    log(`${name}: latency, ${PARAMS.latency} records at ${PARAMS.rate}/s`)
    const paced = await produce({ cmd: 'paced', from: total, count: PARAMS.latency, rate: PARAMS.rate })
    total += paced.count
    await allConsumed('the latency records')
    r.latency = { records: paced.count, rate: PARAMS.rate, ...events.latency(paced.from, total) }

    log(`${name}: rebalances (a 4th member joins, then leaves)`)
    const stopped = nextMessage(producer, 'done')
    producer.send({ cmd: 'paced', from: total, rate: PARAMS.rate })
    const rebalance = async (what, act) => {
      await sleep(1000)
      const fromIndex = events.id.length
      const at = rel()
      act()
      const t = await waitFor(`every partition consuming after ${what}`, () => events.allConsumingSince(at, fromIndex, PARAMS.partitions))
      return (t - at) / 1e6
    }
    r.rebalance = {}
    r.rebalance.joinMs = await rebalance('a 4th member joined', () => members[3].start())
    let leaving
    r.rebalance.leaveMs = await rebalance('a member left', () => (leaving = members[3].stop()))
    await leaving
    await sleep(500)
    producer.send({ cmd: 'stop' })
    total += (await stopped).count
    await allConsumed('the records of the rebalance phase')
    r.rebalance.records = total - paced.from - paced.count

    for (const m of members.slice(0, 3)) await m.stop()
    const offsets = await admin.fetchTopicOffsets(PARAMS.topic)
    const hw = offsets.sort((a, b) => a.partition - b.partition).map((p) => Number(p.high))
    r.records = total
    r.check = events.check(total, hw)
    producer.send({ cmd: 'exit' })
    return r
  } finally {
    await admin.disconnect().catch(() => {})
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  }
}

const machine = {
  cpu: `${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}`,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  kafka: kafkaVersion(),
  loadavgBefore: os.loadavg().map((x) => Math.round(x * 100) / 100),
}
const results = {}
for (const name of o.cases) {
  const [, broker] = name.split('@')
  log(`${name}: starting ${broker === 'ours' ? 'our broker' : 'Kafka'}`)
  let target
  try {
    target =
      broker === 'ours'
        ? await startOurs([[PARAMS.topic, PARAMS.partitions]], { serve: path.join(HERE, 'group-serve.mjs'), ipc: true })
        : await startKafka([[PARAMS.topic, PARAMS.partitions]])
  } catch (err) {
    log(`${name}: unavailable: ${err.message}`)
    results[name] = { unavailable: err.message }
    continue
  }
  try {
    results[name] = await runCase(name, target)
    if (!results[name].check.ok) log(`${name}: FAILED its checks:\n  ${results[name].check.errors.join('\n  ')}`)
  } catch (err) {
    log(`${name}: ${err.stack}`)
    results[name] = { error: err.message }
  } finally {
    await target.close()
  }
}
machine.loadavgAfter = os.loadavg().map((x) => Math.round(x * 100) / 100)

// The report: one column per case.
const ok = (r) => r !== undefined && r.check?.ok === true
const fmt = {
  rate: (v) => `${Math.round(v).toLocaleString('en-US')} rec/s`,
  ms: (v) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`,
}
const rows = [
  ['group of 3 formed (DescribeGroups: Stable)', (r) => fmt.ms(r.groupFormedMs)],
  [`throughput: end to end (${PARAMS.burst.toLocaleString('en-US')} records)`, (r) => fmt.rate(r.throughput.recordsPerSec)],
  ['throughput: the producer alone', (r) => fmt.rate(r.throughput.producerRecordsPerSec)],
  ['throughput: latency p50 / p99', (r) => `${fmt.ms(r.throughput.p50Ms)} / ${fmt.ms(r.throughput.p99Ms)}`],
  [`latency at ${PARAMS.rate} rec/s: p50`, (r) => fmt.ms(r.latency.p50Ms)],
  [`latency at ${PARAMS.rate} rec/s: p99`, (r) => fmt.ms(r.latency.p99Ms)],
  [`latency at ${PARAMS.rate} rec/s: max`, (r) => fmt.ms(r.latency.maxMs)],
  ['rebalance: a 4th member joins', (r) => fmt.ms(r.rebalance.joinMs)],
  ['rebalance: a member leaves', (r) => fmt.ms(r.rebalance.leaveMs)],
  ['records checked (deliveries)', (r) => `${r.records.toLocaleString('en-US')} (${r.check.deliveries.toLocaleString('en-US')})`],
  ['redelivered after a rebalance', (r) => String(r.check.duplicates)],
]
const cellOf = (name, f) => {
  const r = results[name]
  if (r?.unavailable) return 'unavailable'
  if (r?.error) return 'error'
  if (!ok(r)) return 'FAILED'
  return f(r)
}
const table = [
  `| figure | ${o.cases.join(' | ')} |`,
  `| --- |${o.cases.map(() => ' ---: |').join('')}`,
  ...rows.map(([label, f]) => `| ${label} | ${o.cases.map((c) => cellOf(c, f)).join(' | ')} |`),
].join('\n')
const problems = o.cases
  .filter((c) => !ok(results[c]))
  .map((c) => {
    const r = results[c]
    return `- ${c}: ${r?.unavailable ? `unavailable: ${r.unavailable}` : r?.error ? `error: ${r.error}` : `FAILED: ${r.check.errors.join('; ')}`}`
  })
const md = [
  `# Group bench (${new Date().toISOString().slice(0, 10)}${o.quick ? ', --quick' : ''})`,
  '',
  `${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}; Apache Kafka ${machine.kafka} (KRaft, one node, Kafka's default JVM flags). ` +
    `Load average ${machine.loadavgBefore.join(' ')} before, ${machine.loadavgAfter.join(' ')} after (a shared machine: the figures move with the other work on it). One run.`,
  '',
  `A ${PARAMS.partitions}-partition topic, ${PARAMS.valueBytes} B values; the producer is kafkajs 2.2.4 in its own process in every case (acks -1). ` +
    `Members: kafkajs 2.2.4 (eachBatch, autoCommit, round robin, each its own process) or broker.consumer() in our broker's process (range; commits every 1000 records or 20 ms). ` +
    `Heartbeat interval ${PARAMS.heartbeatIntervalMs} ms in every member. Throughput: ${PARAMS.burst.toLocaleString('en-US')} records sent as fast as they are taken (500 per send(), 4 in flight) ` +
    `while the group reads; latency: ${PARAMS.latency.toLocaleString('en-US')} records at ${PARAMS.rate} rec/s (10 per send()), send() to consume; ` +
    `rebalance: from the 4th member's start (or its leave) to every partition consumed again by members that rejoined, records at ${PARAMS.rate} rec/s throughout.`,
  '',
  table,
  '',
  ...(problems.length > 0 ? ['Not reported:', ...problems, ''] : []),
].join('\n')
fs.mkdirSync(o.out, { recursive: true })
fs.writeFileSync(path.join(o.out, 'groups.json'), JSON.stringify({ machine, params: PARAMS, quick: o.quick, results }, null, 2) + '\n')
fs.writeFileSync(path.join(o.out, 'groups.md'), md)
process.stdout.write(md)
