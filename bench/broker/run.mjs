#!/usr/bin/env node
// The broker bench: the same Kafka clients against @kafka-lite/log's broker and against Apache Kafka 4.x on
// this machine, one after the other in one run, side by side as ratios.
//
//   node broker/run.mjs [--quick] [--runs N] [--targets ours,kafka] [--clients kafkajs,confluent] [--no-build] [--out DIR]
//   node broker/run.mjs --from-json results/broker.json   (the report again, from an earlier run)
//
// Per target: time from spawning the broker process to its first Metadata answer, its RSS when idle after
// start and after the workloads (and the peak), and per client (kafkajs 2.2.4: kafkajs-client.mjs;
// librdkafka through confluent-kafka, when `python3 -c 'import confluent_kafka'` works: confluent_client.py):
// produce throughput, produce latency p50/p99 (one record per request, acks all), fetch throughput.
// Writes results/broker.json and results/broker.md.
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { kafkaVersion, rssOf, startKafka, startOurs } from './targets.mjs'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const ROOT = path.join(HERE, '..', '..')

const o = {
  quick: false,
  targets: ['ours', 'kafka'],
  clients: ['kafkajs', 'confluent'],
  build: true,
  out: path.join(HERE, '..', 'results'),
}
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i]
  if (a === '--quick') o.quick = true
  else if (a === '--runs') o.runs = Number(process.argv[++i])
  else if (a === '--targets') o.targets = process.argv[++i].split(',')
  else if (a === '--clients') o.clients = process.argv[++i].split(',')
  else if (a === '--no-build') o.build = false
  else if (a === '--out') o.out = path.resolve(process.argv[++i])
  else if (a === '--from-json') o.fromJson = path.resolve(process.argv[++i])
  else throw new Error(`unknown argument ${a}`)
}

// --from-json: only the report again, from an earlier run's broker.json.
const previous = o.fromJson === undefined ? undefined : JSON.parse(fs.readFileSync(o.fromJson, 'utf8'))
if (previous !== undefined) {
  o.build = false
  o.runs = previous.runs ?? 1
  o.quick = previous.quick ?? false
}

const PARAMS = previous?.params ?? {
  records: o.quick ? 20_000 : 200_000,
  valueBytes: 100,
  perSend: 500,
  inFlight: 4,
  partitions: 4,
  latencySends: o.quick ? 300 : 2_000,
}

const log = (s) => process.stderr.write(s + '\n')

if (o.build) {
  log('building ../dist')
  execFileSync('npm', ['--prefix', ROOT, 'run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
}

const hasConfluent = previous !== undefined || spawnSync('python3', ['-c', 'import confluent_kafka'], { stdio: 'ignore' }).status === 0
const clients = o.clients.filter((c) => {
  if (c === 'confluent' && !hasConfluent) {
    log('confluent: unavailable (python3 -c "import confluent_kafka" fails; pip install confluent-kafka)')
    return false
  }
  return true
})

function runClient(client, bootstrap) {
  const params = { ...PARAMS, topic: `${client}-tp`, latencyTopic: `${client}-lat`, warmupTopic: `${client}-warm` }
  const [cmd, args] =
    client === 'kafkajs'
      ? [process.execPath, [path.join(HERE, 'kafkajs-client.mjs'), bootstrap, JSON.stringify(params)]]
      : ['python3', [path.join(HERE, 'confluent_client.py'), bootstrap, JSON.stringify(params)]]
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 16 << 20, stdio: ['ignore', 'pipe', 'inherit'] })
  if (r.status !== 0) throw new Error(`${client} exited with ${r.status}`)
  return JSON.parse(r.stdout.trim().split('\n').at(-1))
}

const topics = clients.flatMap((c) => [
  [`${c}-tp`, PARAMS.partitions],
  [`${c}-lat`, 1],
  [`${c}-warm`, 1],
])
const machine = previous?.machine ?? {
  cpu: `${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}`,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  java: spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr.split('\n')[0],
  kafka: kafkaVersion(),
  loadavgBefore: os.loadavg().map((x) => Math.round(x * 100) / 100),
}
// results[target] = one entry per run (or { unavailable }); runs interleave the targets (ours, Kafka, ours, ...).
const results = previous?.results ?? Object.fromEntries(o.targets.map((t) => [t, []]))
for (let run = 1; previous === undefined && run <= o.runs; run++) {
  for (const name of o.targets) {
    if (!Array.isArray(results[name])) continue
    log(`run ${run}/${o.runs}: ${name}: starting`)
    let target
    try {
      target = name === 'ours' ? await startOurs(topics) : await startKafka(topics)
    } catch (err) {
      log(`${name}: unavailable: ${err.message}`)
      results[name] = { unavailable: err.message }
      continue
    }
    const r = { startMs: target.startMs, idle: rssOf(target.pid), clients: {} }
    try {
      for (const c of clients) {
        log(`run ${run}/${o.runs}: ${name}: ${c}`)
        try {
          r.clients[c] = runClient(c, target.bootstrap)
        } catch (err) {
          log(`${name}: ${c}: ${err.message}`)
          r.clients[c] = { error: err.message }
        }
      }
      r.after = rssOf(target.pid)
    } finally {
      await target.close()
    }
    results[name].push(r)
  }
}
if (previous === undefined) machine.loadavgAfter = os.loadavg().map((x) => Math.round(x * 100) / 100)

// The report: one row per figure, ours and Kafka side by side, and their ratio.
const rows = []
/** The median, min and max over runs of one figure (undefined when the target or the figure is missing). */
const get = (t, f) => {
  if (!Array.isArray(results[t])) return undefined
  const xs = results[t]
    .map(f)
    .filter((x) => typeof x === 'number' && !Number.isNaN(x))
    .sort((a, b) => a - b)
  if (xs.length === 0) return undefined
  const m = xs.length >> 1
  return { median: xs.length % 2 === 1 ? xs[m] : (xs[m - 1] + xs[m]) / 2, min: xs[0], max: xs.at(-1), n: xs.length }
}
const row = (label, f, fmt, better) => {
  const a = get('ours', f)
  const b = get('kafka', f)
  const ratio = a !== undefined && b !== undefined && b.median > 0 ? a.median / b.median : undefined
  rows.push({ label, ours: a, kafka: b, ratio, fmt, better })
}
const mib = (v) => `${(v / 2 ** 20).toFixed(0)} MiB`
row(
  'start → first Metadata answer',
  (r) => r.startMs,
  (v) => `${v.toFixed(0)} ms`,
  'lower',
)
row('RSS idle after start', (r) => r.idle.rss, mib, 'lower')
for (const c of clients) {
  const rate = (v) => `${Math.round(v).toLocaleString('en-US')} rec/s`
  row(`${c}: produce throughput`, (r) => r.clients[c]?.produce?.recordsPerSec, rate, 'higher')
  row(
    `${c}: produce latency p50`,
    (r) => r.clients[c]?.latency?.p50Ms,
    (v) => `${v.toFixed(2)} ms`,
    'lower',
  )
  row(
    `${c}: produce latency p99`,
    (r) => r.clients[c]?.latency?.p99Ms,
    (v) => `${v.toFixed(2)} ms`,
    'lower',
  )
  row(`${c}: fetch throughput`, (r) => r.clients[c]?.fetch?.recordsPerSec, rate, 'higher')
}
row('RSS after the workloads', (r) => r.after?.rss, mib, 'lower')
row('peak RSS', (r) => r.after?.peakRss, mib, 'lower')

const cell = (v, fmt) => (v === undefined ? '—' : v.n > 1 ? `${fmt(v.median)} (${fmt(v.min)} – ${fmt(v.max)})` : fmt(v.median))
const table = [
  '| figure | ours | Kafka | ours ÷ Kafka |',
  '| --- | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.label} | ${cell(r.ours, r.fmt)} | ${cell(r.kafka, r.fmt)} | ${r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)} (${r.better} is better)`} |`,
  ),
].join('\n')
const confluentVersion = [
  ...(Array.isArray(results.ours) ? results.ours : []),
  ...(Array.isArray(results.kafka) ? results.kafka : []),
].find((r) => r.clients.confluent?.client)?.clients.confluent.client
const md = [
  `# Broker bench (${new Date().toISOString().slice(0, 10)}${o.quick ? ', --quick' : ''})`,
  '',
  `${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.java}; Apache Kafka ${machine.kafka} (KRaft, one node, ` +
    `Kafka's default JVM flags: G1, 1 GiB heap). Load average ${machine.loadavgBefore.join(' ')} before, ${machine.loadavgAfter.join(' ')} after ` +
    `(a shared machine: the figures move with the other work on it).`,
  '',
  `Clients: kafkajs 2.2.4${confluentVersion ? `; ${confluentVersion}` : ''}. ${PARAMS.records.toLocaleString('en-US')} records of ${PARAMS.valueBytes} B ` +
    `into ${PARAMS.partitions} partitions (kafkajs: ${PARAMS.perSend} per send(), ${PARAMS.inFlight} sends in flight; librdkafka: linger 5 ms), acks all, ` +
    `no compression; latency: ${PARAMS.latencySends.toLocaleString('en-US')} sends of one record, one at a time; fetch: the produced records read back ` +
    `from offset 0 (kafkajs: its Broker.fetch, 1 MiB per request; librdkafka: assign()). ${o.runs === 1 ? 'One run' : `Medians of ${o.runs} runs (min – max)`}, ` +
    `ours then Kafka in each, every broker and client in a fresh process.`,
  '',
  table,
  '',
].join('\n')
fs.mkdirSync(o.out, { recursive: true })
fs.writeFileSync(
  path.join(o.out, 'broker.json'),
  JSON.stringify({ machine, params: PARAMS, runs: o.runs, quick: o.quick, results }, null, 2) + '\n',
)
fs.writeFileSync(path.join(o.out, 'broker.md'), md)
process.stdout.write(md)
