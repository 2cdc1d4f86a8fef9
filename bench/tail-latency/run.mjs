#!/usr/bin/env node
// Append-to-delivery latency of live followers: how long after `writer.append()` is called does a
// follower in the same thread, in a worker thread, and in another process hand the record out?
//
//   node tail-latency/run.mjs [--rate 20000[,100000]] [--seconds 5] [--fsync never,always] [--name tail-latency]
//                             [--followers same-thread,worker,process] [--concurrent 1]
//                             [--segment-bytes N] [--no-build] [--dist FILE] [--out DIR]
//
// One phase per (fsync policy, follower kind), each on a fresh log in its own temp directory, so
// the followers do not compete for the 2 cores with each other. The writer appends single records
// paced at a fixed rate (every timer tick it appends the records that have come due, each with its
// own append() call, as a service handling independent events would). `--concurrent N` runs N
// followers of the phase's kind at once (their latencies pooled; the worst follower's p99 too). The
// first 10% of each phase is warm-up and left out. Prints a table and writes results/tail-latency.{json,md}
// (results/<name>.{json,md} with --name).
// `--rate` takes a list: the phases run at each rate in turn (each row names its rate), so one file
// holds both of issue 22's follower goals (4 followers at 20,000/s and at 100,000/s).
// `--dist FILE` runs another build's entry point (e.g. a copy of an older dist/, for alternated
// before/after runs; it implies --no-build).
import { fork, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { follow } from './follower.mjs'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const ROOT = path.resolve(HERE, '../..')
let DIST = path.join(ROOT, 'dist/index.js')
const FOLLOWER = path.join(HERE, 'follower.mjs')
const KINDS = ['same-thread', 'worker', 'process']
const VALUE_BYTES = 100

function parseArgs(argv) {
  const o = {
    rates: [20_000],
    seconds: 5,
    fsync: ['never', 'always'],
    followers: [...KINDS],
    concurrent: 1,
    segmentBytes: 1 << 20,
    build: true,
    out: path.resolve(HERE, '../results'),
    name: 'tail-latency',
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const next = () =>
      argv[++i] ??
      (() => {
        throw new Error(`${a} needs a value`)
      })()
    if (a === '--rate') o.rates = next().split(',').map(Number)
    else if (a === '--seconds') o.seconds = Number(next())
    else if (a === '--fsync') o.fsync = next().split(',')
    else if (a === '--followers') o.followers = next().split(',')
    else if (a === '--concurrent') o.concurrent = Number(next())
    else if (a === '--segment-bytes') o.segmentBytes = Number(next())
    else if (a === '--no-build') o.build = false
    else if (a === '--dist') {
      DIST = path.resolve(next())
      o.build = false
    } else if (a === '--out') o.out = path.resolve(next())
    else if (a === '--name') o.name = next()
    else throw new Error(`unknown argument ${a}`)
  }
  for (const k of o.followers) if (!KINDS.includes(k)) throw new Error(`unknown follower kind ${k} (known: ${KINDS.join(', ')})`)
  if (!(o.rates.length > 0 && o.rates.every((r) => r > 0) && o.seconds > 0)) throw new Error('--rate and --seconds must be positive')
  if (!(Number.isInteger(o.concurrent) && o.concurrent >= 1)) throw new Error('--concurrent must be a positive integer')
  return o
}

/** Starts a follower of `kind`; resolves once it is parked, with a promise of its latencies. */
async function startFollower(kind, log, dir, total) {
  if (kind === 'same-thread') {
    let ready
    const parked = new Promise((r) => (ready = r))
    const done = follow(log, total, ready)
    await parked
    return { done }
  }
  const messages = (emitter, exitWord) => {
    let ready
    const parked = new Promise((r) => (ready = r))
    const done = new Promise((resolve, reject) => {
      emitter.on('message', (m) => (m.type === 'ready' ? ready() : resolve(m.latencies)))
      emitter.on('error', reject)
      emitter.on('exit', (code) => reject(new Error(`${exitWord} exited (${code}) before reporting`)))
    })
    return { parked, done }
  }
  if (kind === 'worker') {
    const w = new Worker(FOLLOWER, { workerData: { role: 'tail-follower', dist: DIST, handle: log.share(), total } })
    const { parked, done } = messages(w, 'worker')
    await parked
    return { done }
  }
  const child = fork(FOLLOWER, [JSON.stringify({ dist: DIST, dir, total })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const { parked, done } = messages(child, 'child')
  await parked
  return { done: done.then((b64) => new Float64Array(new Uint8Array(Buffer.from(b64, 'base64')).buffer)) }
}

/** Appends `total` single records at `rate`/s; each value begins with its send time. */
async function appendPaced(writer, rate, total) {
  const acks = new Float64Array(total)
  const pending = []
  const start = process.hrtime.bigint()
  let sent = 0
  while (sent < total) {
    const due = Math.min(total, Math.floor((Number(process.hrtime.bigint() - start) / 1e9) * rate))
    for (; sent < due; sent++) {
      const value = Buffer.alloc(VALUE_BYTES, sent & 0xff)
      const t0 = process.hrtime.bigint()
      value.writeBigUInt64LE(t0, 0)
      const i = sent
      pending.push(
        writer.append({ value }).then(() => {
          acks[i] = Number(process.hrtime.bigint() - t0) / 1000
        }),
      )
      if (pending.length >= 4096) await Promise.all(pending.splice(0))
    }
    await new Promise((r) => setTimeout(r, 1))
  }
  await Promise.all(pending)
  return { acks, seconds: Number(process.hrtime.bigint() - start) / 1e9 }
}

function percentiles(samples, warmup) {
  const xs = Float64Array.from(samples.subarray(warmup)).sort()
  const at = (q) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]
  return { n: xs.length, p50: at(0.5), p99: at(0.99), p999: at(0.999), max: xs[xs.length - 1] }
}

async function phase(Log, o, rate, fsync, kind) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-tail-'))
  const total = Math.round(rate * o.seconds)
  try {
    const log = await Log.open(dir, { fsync, segmentBytes: o.segmentBytes }) // 1 MiB: a roll every ~8k records
    const writer = await log.writer()
    const followers = []
    for (let k = 0; k < o.concurrent; k++) followers.push(await startFollower(kind, log, dir, total))
    const { acks, seconds } = await appendPaced(writer, rate, total)
    const each = await Promise.all(followers.map((f) => f.done))
    await writer.close()
    await log.close()
    const warmup = Math.floor(total / 10)
    // Pooled: every follower's records after its warm-up.
    const pooled = Float64Array.from(each.flatMap((l) => [...l.subarray(warmup)]))
    return {
      rate,
      fsync,
      kind,
      followers: o.concurrent,
      total,
      achievedRate: Math.round(total / seconds),
      delivery: percentiles(pooled, 0),
      worstP99: Math.max(...each.map((l) => percentiles(l, warmup).p99)),
      ack: percentiles(acks, warmup),
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

const us = (x) => (x >= 1000 ? `${(x / 1000).toFixed(2)} ms` : `${x.toFixed(0)} µs`)

function render(o, rows, machine) {
  // A rate column only when the run had several rates, so that a one-rate table reads as before.
  const several = o.rates.length > 1
  const lines = [
    '# Append-to-delivery latency of live followers',
    '',
    `${machine}. ${o.rates.join(' and ')} records/s of ${VALUE_BYTES}-byte values for ${o.seconds} s per row, one append() per record, ` +
      `segments of ${o.segmentBytes} bytes (followers cross rolls); first 10% left out as warm-up. ` +
      'Delivery = the follower hands the record out − append() was called; ack = append() resolved − append() was called. ' +
      'Generated by `bench/tail-latency/run.mjs`.',
    '',
    `${several ? '| rate ' : ''}| fsync | follower | at once | delivery p50 | p99 | p99.9 | max | worst follower p99 | ack p50 | ack p99 | rate achieved |`,
    `${several ? '| ---: ' : ''}| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
  ]
  for (const r of rows) {
    const d = r.delivery,
      a = r.ack
    lines.push(
      `${several ? `| ${r.rate}/s ` : ''}| ${r.fsync} | ${r.kind} | ${r.followers} | ${us(d.p50)} | ${us(d.p99)} | ${us(d.p999)} | ${us(d.max)} | ${us(r.worstP99)} | ${us(a.p50)} | ${us(a.p99)} | ${r.achievedRate}/s |`,
    )
  }
  return lines.join('\n') + '\n'
}

const o = parseArgs(process.argv.slice(2))
if (o.build) {
  console.error('building @kafka-lite/log (npm run build) …')
  const r = spawnSync('npm', ['--prefix', ROOT, 'run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
  if (r.status !== 0) throw new Error('build failed')
}
const { Log } = await import(pathToFileURL(DIST).href)
const rows = []
for (const rate of o.rates) {
  for (const fsync of o.fsync) {
    for (const kind of o.followers) {
      console.error(`${rate}/s, fsync ${fsync}, ${kind} follower${o.concurrent > 1 ? ` × ${o.concurrent}` : ''} …`)
      rows.push(await phase(Log, o, rate, fsync, kind))
    }
  }
}
const cpu = os.cpus()
const machine = `Node ${process.version}, ${os.platform()} ${os.release()}, ${cpu[0]?.model.trim()} × ${cpu.length}, temp dirs in ${os.tmpdir()}`
const md = render(o, rows, machine)
console.log(md)
fs.mkdirSync(o.out, { recursive: true })
fs.writeFileSync(path.join(o.out, `${o.name}.md`), md)
fs.writeFileSync(
  path.join(o.out, `${o.name}.json`),
  JSON.stringify({ date: new Date().toISOString(), machine, options: o, rows }, null, 2) + '\n',
)
