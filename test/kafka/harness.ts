/**
 * The Apache Kafka harness for the interop tests (test/kafka/**), reusable by any later suite that
 * wants Kafka as the judge (compression, lifecycle).
 *
 * What it owns:
 * - Kafka's jars: `test/kafka/pom.xml` pins the version; Maven resolves it once into the local
 *   repository (~/.m2) and the classpath is written to `.cache/kafka/classpath.txt` (gitignored).
 *   `test/kafka/java/KafkaProbe.java` is compiled next to it (`.cache/kafka/classes`).
 * - `dumpLogSegments(files, flags)`: Kafka's own `org.apache.kafka.tools.DumpLogSegments`, and
 *   `parseDump(text)` turning its output into batches, records and index entries.
 * - `kafkaRecords(files)`: every batch and record as Kafka's `FileRecords` reads them, bytes in hex
 *   (DumpLogSegments prints header keys but not header values).
 * - `startBroker()`: one KRaft broker+controller (`process.roles=broker,controller`) on free loopback
 *   ports with a small heap, in its own temp directory; `stop()` (SIGTERM: a clean, controlled
 *   shutdown), `kill()` (SIGKILL), `start()` again on the same directory and ports, `close()`.
 * - `javaConsume(...)`: Kafka's Java consumer reading a partition from the beginning.
 *
 * Every JVM is started with a small heap and C1 only (`-XX:TieredStopAtLevel=1`): these are short
 * runs on a 2-core machine, where start-up time dominates.
 *
 * Concurrency: test-process only. `ensureKafka()` is meant for vitest's globalSetup (one fetch per
 * run); the other helpers assume it has run.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const execFileP = promisify(execFile)

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** Where the classpath and the compiled probe live (gitignored). */
export const CACHE_DIR = path.join(ROOT, '.cache', 'kafka')
const POM = path.join(ROOT, 'test', 'kafka', 'pom.xml')
const PROBE_SRC = path.join(ROOT, 'test', 'kafka', 'java', 'KafkaProbe.java')
const CLASSPATH_FILE = path.join(CACHE_DIR, 'classpath.txt')
const CLASSES_DIR = path.join(CACHE_DIR, 'classes')

/** The Kafka version the pom pins (read from it, so there is one place to change). */
export const KAFKA_VERSION = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(fs.readFileSync(POM, 'utf8'))![1]!

const JVM_FLAGS = [
  '-XX:TieredStopAtLevel=1',
  '-XX:+UseSerialGC',
  '-Xss512k',
  '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
  '-Dorg.slf4j.simpleLogger.logFile=System.err',
]

/**
 * Resolves Kafka's jars (Maven, once: later runs reuse ~/.m2 and the cached classpath) and compiles
 * the probe. Returns how long each step took, in ms (0 when cached).
 */
export async function ensureKafka(): Promise<{ fetchMs: number; compileMs: number }> {
  fs.mkdirSync(CACHE_DIR, { recursive: true })
  let fetchMs = 0
  let compileMs = 0
  const pomTime = fs.statSync(POM).mtimeMs
  const stale = (file: string, than: number): boolean => !fs.existsSync(file) || fs.statSync(file).mtimeMs < than
  const jarsPresent = (): boolean =>
    fs.existsSync(CLASSPATH_FILE) && classpathJars().every((jar) => fs.existsSync(jar))
  if (stale(CLASSPATH_FILE, pomTime) || !jarsPresent()) {
    const t = performance.now()
    await execFileP('mvn', ['-q', '-B', '-f', POM, 'dependency:build-classpath', `-Dmdep.outputFile=${CLASSPATH_FILE}`], {
      maxBuffer: 64 << 20,
    })
    fetchMs = performance.now() - t
  }
  const probeClass = path.join(CLASSES_DIR, 'KafkaProbe.class')
  if (stale(probeClass, Math.max(fs.statSync(PROBE_SRC).mtimeMs, fs.statSync(CLASSPATH_FILE).mtimeMs))) {
    const t = performance.now()
    fs.mkdirSync(CLASSES_DIR, { recursive: true })
    await execFileP('javac', ['-nowarn', '-d', CLASSES_DIR, '-cp', kafkaClasspath(), PROBE_SRC])
    compileMs = performance.now() - t
  }
  return { fetchMs, compileMs }
}

function classpathJars(): string[] {
  return fs.readFileSync(CLASSPATH_FILE, 'utf8').trim().split(path.delimiter)
}

/** Kafka's classpath (after {@link ensureKafka}), with the compiled probe first. */
export function kafkaClasspath(): string {
  return [CLASSES_DIR, ...classpathJars()].join(path.delimiter)
}

/** Runs `mainClass` on Kafka's classpath and returns its stdout (stderr is kept for errors). */
export async function runJava(mainClass: string, args: string[], heap = '256m'): Promise<string> {
  try {
    const { stdout } = await execFileP('java', [`-Xmx${heap}`, ...JVM_FLAGS, '-cp', kafkaClasspath(), mainClass, ...args], {
      maxBuffer: 256 << 20,
    })
    return stdout
  } catch (err) {
    const e = err as Error & { stderr?: string; code?: number }
    throw new Error(`${mainClass} ${args.join(' ')} exited with ${e.code}: ${(e.stderr ?? '').slice(0, 2000)}`)
  }
}

// ---------------------------------------------------------------------------------------------
// DumpLogSegments

/**
 * Kafka's `DumpLogSegments` on `files` (any mix of `.log`, `.index`, `.timeindex`) in one JVM.
 * @param flags e.g. `['--deep-iteration', '--print-data-log']`, `['--verify-index-only']`,
 *   `['--index-sanity-check']`
 */
export function dumpLogSegments(files: string[], flags: string[] = ['--deep-iteration', '--print-data-log']): Promise<string> {
  return runJava('org.apache.kafka.tools.DumpLogSegments', ['--files', files.join(','), ...flags])
}

/** One batch as DumpLogSegments prints it, with the records `--deep-iteration` printed under it. */
export interface DumpBatch {
  baseOffset: number
  lastOffset: number
  count: number
  producerId: number
  partitionLeaderEpoch: number
  position: number
  /** The batch's max timestamp (DumpLogSegments prints it as `CreateTime:`). */
  maxTimestamp: number
  timestampType: string
  size: number
  magic: number
  compression: string
  crc: number
  isValid: boolean
  isControl: boolean
  /** `deleteHorizonMs:` as printed: `OptionalLong.empty` or `OptionalLong[<ms>]` (the cleaner's 0x40 bit). */
  deleteHorizonMs: string
  records: DumpRecord[]
}

/** One record line (`| offset: …`) of a deep iteration. */
export interface DumpRecord {
  offset: number
  timestamp: number
  keySize: number
  valueSize: number
  headerKeys: string[]
  /** The key as DumpLogSegments prints it (UTF-8 decoded); `null` when `keySize` is -1, `undefined` without `--print-data-log`. */
  key: string | null | undefined
  /** The value (`payload:`), UTF-8 decoded; `null` when `valueSize` is -1, `undefined` without `--print-data-log`. */
  value: string | null | undefined
}

/** What DumpLogSegments said about one file. */
export interface DumpFile {
  file: string
  kind: 'log' | 'index' | 'timeindex' | 'other'
  batches: DumpBatch[]
  /** `.index` entries (`offset: N position: P`) or `.timeindex` entries (`timestamp: T offset: N`). */
  entries: { offset: number; position?: number; timestamp?: number }[]
  /** `--index-sanity-check` said "passed sanity check". */
  passedSanityCheck: boolean
  /** Every line the parser did not recognise as a normal dump line: Kafka's complaints. */
  problems: string[]
}

const BATCH_RE =
  /^baseOffset: (-?\d+) lastOffset: (-?\d+) count: (-?\d+) baseSequence: (-?\d+) lastSequence: (-?\d+) producerId: (-?\d+) producerEpoch: (-?\d+) partitionLeaderEpoch: (-?\d+) isTransactional: (\w+) isControl: (\w+) deleteHorizonMs: (\S+) position: (\d+) (\w+): (-?\d+) size: (\d+) magic: (\d+) compresscodec: (\w+) crc: (\d+) isvalid: (\w+)$/
const RECORD_RE = /^\| offset: (\d+) (\w+): (-?\d+) keySize: (-?\d+) valueSize: (-?\d+) sequence: (-?\d+) headerKeys: \[(.*?)\](.*)$/s

/**
 * Parses DumpLogSegments output. Keys and values are printed raw after `key: ` and `payload: `; the
 * parser uses `keySize`/`valueSize` (in UTF-8 bytes) to cut them, so values made of printable
 * UTF-8 without newlines are recovered exactly (the suites append such values; binary bytes are
 * compared through {@link kafkaRecords}).
 */
export function parseDump(text: string): DumpFile[] {
  const files: DumpFile[] = []
  let cur: DumpFile | undefined
  let batch: DumpBatch | undefined
  for (const line of text.split('\n')) {
    if (line === '') continue
    const dumping = /^Dumping (.+)$/.exec(line)
    if (dumping) {
      const file = dumping[1]!
      const kind = file.endsWith('.log') ? 'log' : file.endsWith('.timeindex') ? 'timeindex' : file.endsWith('.index') ? 'index' : 'other'
      cur = { file, kind, batches: [], entries: [], passedSanityCheck: false, problems: [] }
      files.push(cur)
      batch = undefined
      continue
    }
    if (cur === undefined) continue
    if (line.startsWith('Log starting offset: ')) continue
    let m = BATCH_RE.exec(line)
    if (m) {
      batch = {
        baseOffset: Number(m[1]),
        lastOffset: Number(m[2]),
        count: Number(m[3]),
        producerId: Number(m[6]),
        partitionLeaderEpoch: Number(m[8]),
        isControl: m[10] === 'true',
        deleteHorizonMs: m[11]!,
        position: Number(m[12]),
        timestampType: m[13]!,
        maxTimestamp: Number(m[14]),
        size: Number(m[15]),
        magic: Number(m[16]),
        compression: m[17]!,
        crc: Number(m[18]),
        isValid: m[19] === 'true',
        records: [],
      }
      cur.batches.push(batch)
      continue
    }
    m = RECORD_RE.exec(line)
    if (m && batch) {
      const keySize = Number(m[4])
      const valueSize = Number(m[5])
      let rest = Buffer.from(m[8]!, 'utf8')
      let key: string | null | undefined = null
      let value: string | null | undefined = null
      const printed = rest.length > 0
      if (!printed) {
        key = keySize >= 0 ? undefined : null
        value = valueSize >= 0 ? undefined : null
      }
      if (printed && keySize >= 0) {
        const prefix = Buffer.from(' key: ')
        if (!rest.subarray(0, prefix.length).equals(prefix)) cur.problems.push(`unparsed key: ${line}`)
        key = rest.subarray(prefix.length, prefix.length + keySize).toString('utf8')
        rest = rest.subarray(prefix.length + keySize)
      }
      if (printed && valueSize >= 0) {
        const prefix = Buffer.from(' payload: ')
        if (!rest.subarray(0, prefix.length).equals(prefix)) cur.problems.push(`unparsed payload: ${line}`)
        value = rest.subarray(prefix.length, prefix.length + valueSize).toString('utf8')
        rest = rest.subarray(prefix.length + valueSize)
      }
      if (rest.length !== 0) cur.problems.push(`trailing text: ${line}`)
      batch.records.push({
        offset: Number(m[1]),
        timestamp: Number(m[3]),
        keySize,
        valueSize,
        headerKeys: m[7] === '' ? [] : m[7]!.split(','),
        key,
        value,
      })
      continue
    }
    m = /^offset: (\d+) position: (\d+)$/.exec(line)
    if (m && cur.kind === 'index') {
      cur.entries.push({ offset: Number(m[1]), position: Number(m[2]) })
      continue
    }
    m = /^timestamp: (-?\d+) offset: (\d+)$/.exec(line)
    if (m && cur.kind === 'timeindex') {
      cur.entries.push({ timestamp: Number(m[1]), offset: Number(m[2]) })
      continue
    }
    if (line === `${cur.file} is empty.` && cur.kind !== 'log') {
      // An index with no entries (a segment smaller than indexIntervalBytes): nothing to check.
      cur.passedSanityCheck = true
      continue
    }
    if (line.endsWith(' passed sanity check.')) {
      cur.passedSanityCheck = true
      continue
    }
    cur.problems.push(line)
  }
  return files
}

// ---------------------------------------------------------------------------------------------
// KafkaProbe: Kafka's FileRecords and Java consumer

/** A record as Kafka's classes decoded it; byte strings as Buffers. */
export interface ProbeRecord {
  offset: number
  timestamp: number
  timestampType?: string
  key: Buffer | null
  value: Buffer | null
  headers: { key: string; value: Buffer | null }[]
}

/** A batch as Kafka's `FileChannelRecordBatch` sees it. */
export interface ProbeBatch {
  file: string
  baseOffset: number
  lastOffset: number
  count: number
  position: number
  size: number
  magic: number
  valid: boolean
  crc: number
  maxTimestamp: number
  timestampType: string
  compression: string
  producerId: number
  producerEpoch: number
  partitionLeaderEpoch: number
  control: boolean
  records: ProbeRecord[]
}

const unhex = (v: string | null): Buffer | null => (v === null ? null : Buffer.from(v, 'hex'))

function probeRecord(o: { offset: number; timestamp: number; timestampType?: string; key: string | null; value: string | null; headers: [string, string | null][] }): ProbeRecord {
  return {
    offset: o.offset,
    timestamp: o.timestamp,
    ...(o.timestampType === undefined ? {} : { timestampType: o.timestampType }),
    key: unhex(o.key),
    value: unhex(o.value),
    headers: o.headers.map(([k, v]) => ({ key: Buffer.from(k, 'hex').toString('utf8'), value: unhex(v) })),
  }
}

/** Every batch (with its records) of the given `.log` files, decoded by Kafka's `FileRecords`. */
export async function kafkaRecords(logFiles: string[]): Promise<ProbeBatch[]> {
  const out: ProbeBatch[] = []
  let file = ''
  for (const line of (await runJava('KafkaProbe', ['dump', ...logFiles])).split('\n')) {
    if (line === '') continue
    const o = JSON.parse(line)
    if ('file' in o) file = Buffer.from(o.file, 'hex').toString('utf8')
    else if ('batch' in o) out.push({ file, ...o.batch, records: [] })
    else out.at(-1)!.records.push(probeRecord(o))
  }
  return out
}

/**
 * The first `count` records of a partition, read by Kafka's Java consumer (read_committed); with
 * `count` -1, every committed record (up to the end offset when it started).
 */
export async function javaConsume(bootstrap: string, topic: string, partition: number, count: number): Promise<ProbeRecord[]> {
  const text = await runJava('KafkaProbe', ['consume', bootstrap, topic, String(partition), String(count), '120000'])
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => probeRecord(JSON.parse(l)))
}

/** One record for {@link javaProduce}: strings are UTF-8, headers in order. */
export interface ProduceRecord {
  timestamp: number
  key: Buffer | string | null
  value: Buffer | string | null
  headers: { key: string; value: Buffer | string | null }[]
}

/**
 * Kafka's Java producer (`compression.type` = `compression`, acks=all, idempotent) sends `batches`
 * to one partition, each inner array as one batch (a flush after each). Returns every record's
 * offset, in order.
 */
export async function javaProduce(
  bootstrap: string,
  topic: string,
  partition: number,
  compression: string,
  batches: readonly (readonly ProduceRecord[])[],
): Promise<number[]> {
  const hex = (v: Buffer | string | null): string => (v === null ? '-' : Buffer.from(v).toString('hex'))
  const lines = batches.flatMap((batch) => [
    ...batch.map((r) => ['r', String(r.timestamp), hex(r.key), hex(r.value), ...r.headers.map((h) => `${hex(h.key)}=${hex(h.value)}`)].join('\t')),
    'flush',
  ])
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-lite-produce-')), 'records.tsv')
  fs.writeFileSync(file, lines.join('\n') + '\n')
  try {
    const text = await runJava('KafkaProbe', ['produce', bootstrap, topic, String(partition), compression, file])
    return text.split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { offset: number }).offset)
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true })
  }
}

/**
 * With the broker stopped: replaces the segment files of `<topic>-<partition>` by those of `ours`
 * (Kafka's `partition.metadata` kept) and sets the log directory's recovery point and high
 * watermark to `logEndOffset` and the log start checkpoint to `logStartOffset` — the adoption recipe
 * of docs/kafka-interop.md.
 */
export function replacePartition(logDir: string, topic: string, partition: number, ours: string, logStartOffset: number, logEndOffset: number): void {
  const partitionDir = path.join(logDir, `${topic}-${partition}`)
  if (!fs.existsSync(path.join(partitionDir, 'partition.metadata'))) throw new Error(`${partitionDir} has no partition.metadata`)
  for (const name of fs.readdirSync(partitionDir)) if (name !== 'partition.metadata') fs.rmSync(path.join(partitionDir, name))
  for (const name of fs.readdirSync(ours)) {
    if (/^\d{20}\.(log|index|timeindex)$/.test(name)) fs.copyFileSync(path.join(ours, name), path.join(partitionDir, name))
  }
  setCheckpointEntry(logDir, 'recovery-point-offset-checkpoint', topic, partition, logEndOffset)
  setCheckpointEntry(logDir, 'replication-offset-checkpoint', topic, partition, logEndOffset)
  setCheckpointEntry(logDir, 'log-start-offset-checkpoint', topic, partition, logStartOffset)
}

/** Reads one checkpoint file of the log directory: `topic partition` → offset. */
export function readCheckpoint(logDir: string, name: string): Map<string, number> {
  const file = path.join(logDir, name)
  const out = new Map<string, number>()
  if (!fs.existsSync(file)) return out
  for (const l of fs.readFileSync(file, 'utf8').split('\n').filter((x) => x !== '').slice(2)) {
    const [t, p, o] = l.split(' ')
    out.set(`${t} ${p}`, Number(o))
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// The broker

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
  fs.writeFileSync(propsFile, Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n')
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
      const p = spawn('java', [`-Xmx${options.heap ?? '512m'}`, '-Xms64m', ...JVM_FLAGS, '-cp', kafkaClasspath(), 'kafka.Kafka', propsFile], {
        stdio: ['ignore', out, out],
      })
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

// ---------------------------------------------------------------------------------------------
// Kafka's checkpoint files in the broker's log directory

/**
 * Sets `topic partition`'s entry in one of the log directory's checkpoint files
 * (`recovery-point-offset-checkpoint`, `replication-offset-checkpoint`,
 * `log-start-offset-checkpoint`): version line `0`, entry count, then `topic partition offset`.
 */
export function setCheckpointEntry(logDir: string, name: string, topic: string, partition: number, offset: number): void {
  const file = path.join(logDir, name)
  const entries = new Map<string, string>()
  if (fs.existsSync(file)) {
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '')
    for (const l of lines.slice(2)) {
      const [t, p, o] = l.split(' ')
      entries.set(`${t} ${p}`, o!)
    }
  }
  entries.set(`${topic} ${partition}`, String(offset))
  const body = [...entries].map(([k, o]) => `${k} ${o}`)
  fs.writeFileSync(file, ['0', String(body.length), ...body].join('\n') + '\n')
}
