/**
 * One KRaft broker+controller (`process.roles=broker,controller`) on free loopback ports with a
 * small heap, in its own temp directory; `stop()` (SIGTERM: a clean, controlled shutdown), `kill()`
 * (SIGKILL), `start()` again on the same directory and ports, `close()`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { JVM_FLAGS, kafkaClasspath, runJava } from './java.js'

/** A free TCP port on 127.0.0.1 (the OS picks it; a later bind may still race, which we accept). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })
}

/** Options of {@link startBroker}. */
export interface BrokerOptions {
  /** Extra `server.properties` lines (`key=value`). */
  properties?: Record<string, string | number>
  /** Max heap. @default '512m' */
  heap?: string
}

/** A running (or stopped) single-node KRaft cluster. */
export interface Broker {
  /** `127.0.0.1:<port>`, for clients. */
  readonly bootstrap: string
  /** The broker's `log.dirs` (partition directories are `<topic>-<partition>` in it). */
  readonly logDir: string
  /** Milliseconds the last start took until metadata was served. */
  readonly lastStartMs: number
  /** Starts it again on the same directory and ports; resolves once it serves metadata. */
  start(): Promise<void>
  /** SIGTERM: Kafka's clean shutdown (indexes trimmed, checkpoints and clean-shutdown marker written). */
  stop(): Promise<void>
  /** SIGKILL: as after a crash (no checkpoints, preallocated indexes left as they are). */
  kill(): Promise<void>
  /** Stops it (if running) and removes its directory. */
  close(): Promise<void>
}

/**
 * Formats KRaft storage in a fresh temp directory and starts one broker+controller on free
 * loopback ports. Resolves once a client gets metadata from it.
 */
export async function startBroker(options: BrokerOptions = {}): Promise<Broker> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-lite-broker-'))
  const logDir = path.join(home, 'data')
  const port = await freePort()
  const controllerPort = await freePort()
  const props: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': logDir,
    'num.partitions': 1,
    // One partition each for the internal topics instead of 50: less start-up work on a small machine.
    'offsets.topic.num.partitions': 1,
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.num.partitions': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    'num.network.threads': 1,
    'num.io.threads': 2,
    'num.recovery.threads.per.data.dir': 1,
    // The tests write fixed timestamps from 2023: with the default 7-day retention, the broker's
    // retention task (first run ~30 s after start) would delete their segments mid-test.
    'log.retention.ms': -1,
    ...options.properties,
  }
  const propsFile = path.join(home, 'server.properties')
  fs.writeFileSync(
    propsFile,
    Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  )
  // A KRaft cluster id is 16 random bytes in URL-safe base64 without padding. One that starts with
  // '-' reads as an option to kafka-storage's parser (a CI run failed so); Kafka's own
  // Uuid.randomUuid() draws again in that case, and so do we.
  let clusterId: string
  do clusterId = randomBytes(16).toString('base64url')
  while (clusterId.startsWith('-'))
  await runJava('kafka.tools.StorageTool', ['format', '-t', clusterId, '-c', propsFile], '128m')

  const outFile = path.join(home, 'broker.out')
  let child: ChildProcess | undefined
  let exited: Promise<void> = Promise.resolve()
  let lastStartMs = 0

  const broker: Broker = {
    bootstrap: `127.0.0.1:${port}`,
    logDir,
    get lastStartMs() {
      return lastStartMs
    },
    async start() {
      if (child) throw new Error('broker already running')
      const t = performance.now()
      const out = fs.openSync(outFile, 'a')
      const p = spawn(
        'java',
        [`-Xmx${options.heap ?? '512m'}`, '-Xms64m', ...JVM_FLAGS, '-cp', kafkaClasspath(), 'kafka.Kafka', propsFile],
        {
          stdio: ['ignore', out, out],
        },
      )
      fs.closeSync(out)
      child = p
      let exitCode: number | null | undefined
      exited = new Promise((resolve) =>
        p.once('exit', (code, signal) => {
          exitCode = code ?? (signal === null ? null : -1)
          if (child === p) child = undefined
          resolve()
        }),
      )
      try {
        await waitForMetadata(broker.bootstrap, () => exitCode !== undefined)
      } catch (err) {
        await broker.kill()
        const tail = fs.readFileSync(outFile, 'utf8').slice(-4000)
        throw new Error(`broker did not start: ${(err as Error).message}\n${tail}`)
      }
      lastStartMs = performance.now() - t
    },
    async stop() {
      const p = child
      if (!p) return
      p.kill('SIGTERM')
      // A bound on a failing shutdown only; a clean one ends in a few seconds.
      const timer = setTimeout(() => p.kill('SIGKILL'), 120_000)
      await exited
      clearTimeout(timer)
    },
    async kill() {
      const p = child
      if (!p) return
      p.kill('SIGKILL')
      await exited
    },
    async close() {
      await broker.stop()
      fs.rmSync(home, { recursive: true, force: true })
    },
  }
  await broker.start()
  return broker
}

/** Waits until the broker answers a metadata request (or the process died / 3 minutes passed). */
async function waitForMetadata(bootstrap: string, died: () => boolean): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs')
  const deadline = Date.now() + 180_000
  for (;;) {
    if (died()) throw new Error('broker process exited')
    const admin = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 2000 }).admin()
    try {
      await admin.connect()
      const cluster = await admin.describeCluster()
      if (cluster.brokers.length > 0 && cluster.controller !== null) return
    } catch {
      // not up yet
    } finally {
      await admin.disconnect().catch(() => {})
    }
    if (Date.now() > deadline) throw new Error('no metadata after 180 s')
    await new Promise((r) => setTimeout(r, 200))
  }
}
