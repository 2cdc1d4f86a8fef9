// The two brokers of the broker bench, each in its own child process so that its start-up time and
// its RSS are its own:
// - `ours`: @kafka-lite/log's broker (../../dist/broker) in `serve.mjs`, on 127.0.0.1:<free port>;
// - `kafka`: Apache Kafka 4.x (the version test/kafka/pom.xml pins; its jars resolved by Maven as the
//   Kafka test harness does), one KRaft broker+controller with Kafka's own JVM defaults (G1, 1 GiB
//   heap, C2: not the harness's start-up-tuned flags).
// Start-up is timed from spawn to the first Metadata response that lists a broker (a raw Metadata v0
// request retried every 5 ms), and RSS read from /proc/<pid>/status (VmRSS now, VmHWM the peak).
import { execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const ROOT = path.join(HERE, '..', '..')
const CACHE = path.join(ROOT, '.cache', 'kafka')
const POM = path.join(ROOT, 'test', 'kafka', 'pom.xml')

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

/** VmRSS and VmHWM of a process, in bytes (null where /proc is not there). */
export function rssOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024
    return { rss: kb('VmRSS'), peakRss: kb('VmHWM') }
  } catch {
    return { rss: null, peakRss: null }
  }
}

/** One Metadata v0 request (all topics); resolves with the broker count of the answer, rejects on any failure. */
function metadataOnce(port) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1')
    const clientId = Buffer.from('bench')
    const body = Buffer.alloc(4 + 2 + 2 + 4 + 2 + clientId.length + 4)
    let o = body.writeInt32BE(body.length - 4, 0)
    o = body.writeInt16BE(3, o) // Metadata
    o = body.writeInt16BE(0, o) // v0
    o = body.writeInt32BE(1, o) // correlation id
    o = body.writeInt16BE(clientId.length, o)
    o += clientId.copy(body, o)
    body.writeInt32BE(0, o) // no topics: all of them
    let got = Buffer.alloc(0)
    s.setTimeout(2000, () => s.destroy(new Error('timeout')))
    s.on('error', reject)
    s.on('connect', () => s.write(body))
    s.on('data', (d) => {
      got = Buffer.concat([got, d])
      if (got.length >= 12 && got.length >= 4 + got.readInt32BE(0)) {
        s.destroy()
        resolve(got.readInt32BE(8))
      }
    })
    s.on('close', () => reject(new Error('closed')))
  })
}

/** Resolves with ms from `t0` when the broker on `port` first answers Metadata with a broker in it. */
async function firstServed(port, t0, child) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the broker exited (${child.exitCode}) before serving`)
    try {
      if ((await metadataOnce(port)) > 0) return performance.now() - t0
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 5))
  }
}

function stopper(child) {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const done = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    const t = setTimeout(() => child.kill('SIGKILL'), 60_000)
    await done
    clearTimeout(t)
  }
}

/**
 * Our broker: the topics are created first (in this process, not timed), then the serving process is
 * spawned and timed to its first answer. `options.serve` is the serving script (`serve.mjs`; the group
 * bench's is `group-serve.mjs`), `options.ipc` gives it an IPC channel (advanced serialization), the
 * returned `child`.
 */
export async function startOurs(topics, options = {}) {
  const { Broker } = await import(path.join(ROOT, 'dist', 'broker', 'index.js'))
  if (typeof Broker?.prototype?.listen !== 'function') throw new Error('dist/broker has no Broker.listen (wire-core not merged)')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-lite-bench-broker-'))
  const setup = await Broker.open(dir)
  for (const [name, partitions] of topics) await setup.createTopic(name, { partitions })
  await setup.close()
  const port = await freePort()
  const t0 = performance.now()
  const child = spawn(process.execPath, [options.serve ?? path.join(HERE, 'serve.mjs'), dir, String(port)], {
    stdio: ['ignore', 'ignore', 'inherit', ...(options.ipc ? ['ipc'] : [])],
    serialization: 'advanced',
  })
  const startMs = await firstServed(port, t0, child)
  const stop = stopper(child)
  return {
    name: 'ours',
    bootstrap: `127.0.0.1:${port}`,
    pid: child.pid,
    child,
    startMs,
    async close() {
      await stop()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

function kafkaClasspath() {
  const file = path.join(CACHE, 'classpath.txt')
  const present = () =>
    fs.existsSync(file) &&
    fs
      .readFileSync(file, 'utf8')
      .trim()
      .split(path.delimiter)
      .every((j) => fs.existsSync(j))
  if (!present()) {
    fs.mkdirSync(CACHE, { recursive: true })
    execFileSync('mvn', ['-q', '-B', '-f', POM, 'dependency:build-classpath', `-Dmdep.outputFile=${file}`], { stdio: 'inherit' })
  }
  return fs.readFileSync(file, 'utf8').trim()
}

export function kafkaVersion() {
  return /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(fs.readFileSync(POM, 'utf8'))[1]
}

/** Kafka's own JVM defaults (bin/kafka-run-class.sh and kafka-server-start.sh). */
const KAFKA_JVM = [
  '-Xmx1G',
  '-Xms1G',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:InitiatingHeapOccupancyPercent=35',
  '-XX:+ExplicitGCInvokesConcurrent',
  '-Djava.awt.headless=true',
]

/** Apache Kafka: storage formatted first (not timed), then the broker spawned and timed; topics created after. */
export async function startKafka(topics) {
  const classpath = kafkaClasspath()
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-lite-bench-kafka-'))
  const port = await freePort()
  const controllerPort = await freePort()
  const props = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': path.join(home, 'data'),
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
  }
  const propsFile = path.join(home, 'server.properties')
  fs.writeFileSync(
    propsFile,
    Object.entries(props)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  )
  let clusterId
  do clusterId = randomBytes(16).toString('base64url')
  while (clusterId.startsWith('-'))
  execFileSync('java', ['-Xmx256m', '-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', propsFile], {
    stdio: 'ignore',
  })
  const out = fs.openSync(path.join(home, 'broker.out'), 'a')
  const t0 = performance.now()
  const child = spawn('java', [...KAFKA_JVM, '-cp', classpath, 'kafka.Kafka', propsFile], { stdio: ['ignore', out, out] })
  fs.closeSync(out)
  const startMs = await firstServed(port, t0, child)
  const { Kafka, logLevel } = await import('kafkajs')
  const admin = new Kafka({ brokers: [`127.0.0.1:${port}`], logLevel: logLevel.NOTHING }).admin()
  await admin.connect()
  await admin.createTopics({ topics: topics.map(([topic, numPartitions]) => ({ topic, numPartitions })), waitForLeaders: true })
  await admin.disconnect()
  const stop = stopper(child)
  return {
    name: 'kafka',
    bootstrap: `127.0.0.1:${port}`,
    pid: child.pid,
    startMs,
    async close() {
      await stop()
      fs.rmSync(home, { recursive: true, force: true })
    },
  }
}
