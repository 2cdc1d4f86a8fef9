/**
 * `kafka-lite-log`: the command-line tool (package `bin`). The only module of the project that prints.
 *
 *   kafka-lite-log dump <dir|file>   batches (and records) of a log, like Kafka's kafka-dump-log
 *   kafka-lite-log verify <dir>      CRCs, offsets and indexes; exit 1 and a report on damage
 *   kafka-lite-log stats <dir>       segments, bytes, offsets, checkpoints, consumers and their lag
 *   kafka-lite-log tail <dir> [-f]   the last records as JSON lines; -f follows new ones; -w waits for the log
 *   kafka-lite-log append <dir>      appends one record per stdin line
 *   kafka-lite-log serve <dir>       a Kafka broker on a TCP port (the directory holds its topics)
 *
 * dump, verify and stats read files only and never change them (they work on a log another process
 * is writing, or on a copy); tail opens the log read-only; append takes the writer lock.
 * Exit codes: 0 success; 1 problems found (verify) or a runtime failure (a path that is missing,
 * unreadable or not a log, bad input on stdin, a LogError), reported on stderr in one line with its
 * code, never a stack trace (set KAFKA_LITE_DEBUG=1 for one); 2 the command line itself is wrong
 * (unknown command or option, missing or malformed argument), with the usage on stderr.
 * Progress goes to stderr and only when stderr is a terminal; piped output is plain.
 */
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { FsyncPolicy } from '../base/options.js'
import { INDEX_SUFFIX, LOG_SUFFIX, TIME_INDEX_SUFFIX } from '../io/file-names.js'
import { dump } from '../inspect/dump.js'
import { directoryStats } from '../inspect/stats.js'
import { verify } from '../inspect/verify.js'
import { Log } from '../log.js'
import type { LogRecord, RecordInput } from '../format/record.js'
import {
  Failure,
  UsageError,
  encodingOf,
  help,
  out,
  outDrained,
  parse,
  parseValues,
  positiveInt,
  requireDirectory,
  statOf,
  withProgress,
} from './command-line.js'
import { dumpJson, dumpText, recordJson, statsText, verifyText, type DumpFormat } from './format.js'
import { HELP } from './help.js'
import { serve } from './serve.js'

/** The version in the package's own package.json (found upwards from this file: dist/ or src/cli/). */
function packageVersion(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown }
      if (pkg.name === '@kafka-lite/log' && typeof pkg.version === 'string') return pkg.version
    } catch {
      // no package.json here: look further up
    }
    if (path.dirname(dir) === dir) return 'unknown'
  }
}

/**
 * kafka-dump-log (Kafka 4.x DumpLogSegments) flags that do not apply to a kafka-lite log: decoders
 * of Kafka's internal topics, Java classes, index checks `verify` does, with why; and whether each
 * takes a value.
 */
const KAFKA_ONLY_DUMP_FLAGS: Record<string, { why: string; type: 'boolean' | 'string' }> = {
  'offsets-decoder': { why: "decodes Kafka's __consumer_offsets records", type: 'boolean' },
  'transaction-log-decoder': { why: "decodes Kafka's __transaction_state records", type: 'boolean' },
  'cluster-metadata-decoder': { why: "decodes Kafka's KRaft metadata records", type: 'boolean' },
  'remote-log-metadata-decoder': { why: "decodes Kafka's tiered-storage metadata records", type: 'boolean' },
  'share-group-state-decoder': { why: "decodes Kafka's __share_group_state records", type: 'boolean' },
  'key-decoder-class': { why: 'loads a Java class', type: 'string' },
  'value-decoder-class': { why: 'loads a Java class', type: 'string' },
  'verify-index-only': { why: "checks index files, as 'kafka-lite-log verify <dir>' does", type: 'boolean' },
  'index-sanity-check': { why: "checks index files, as 'kafka-lite-log verify <dir>' does", type: 'boolean' },
  'max-message-size': { why: "sizes Kafka's index checks, which 'kafka-lite-log verify <dir>' does", type: 'string' },
  'max-bytes': { why: 'stops a dump early (pipe the output through head instead)', type: 'string' },
}

async function cmdDump(args: string[]): Promise<number> {
  const { values, positionals } = parseValues('dump', args, {
    files: { type: 'string' },
    records: { type: 'boolean', short: 'r' },
    'deep-iteration': { type: 'boolean' },
    payloads: { type: 'boolean' },
    'print-data-log': { type: 'boolean' },
    'skip-record-metadata': { type: 'boolean' },
    encoding: { type: 'string', short: 'e' },
    json: { type: 'boolean' },
    ...Object.fromEntries(Object.entries(KAFKA_ONLY_DUMP_FLAGS).map(([k, { type }]) => [k, { type }])),
  })
  if (values.help === true) return help('dump')
  const kafkaOnly = Object.keys(KAFKA_ONLY_DUMP_FLAGS).find((k) => values[k] !== undefined)
  if (kafkaOnly !== undefined) {
    throw new UsageError(`kafka-dump-log's --${kafkaOnly} ${KAFKA_ONLY_DUMP_FLAGS[kafkaOnly]!.why}: not for a kafka-lite log`)
  }
  const files = typeof values.files === 'string' ? values.files.split(',').filter((f) => f !== '') : []
  if (positionals.length + (values.files === undefined ? 0 : 1) !== 1 || (values.files !== undefined && files.length === 0)) {
    throw new UsageError(`dump needs exactly one <dir|file>, or --files <file1,file2,...>\n\n${HELP.dump}`)
  }
  const targets = positionals.length === 1 ? positionals : files
  // Every target is checked before anything is printed: a typo in the third file fails up front.
  for (const target of targets) {
    const isDir = statOf(target).isDirectory()
    if (!isDir && ![LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX].some((suffix) => target.endsWith(suffix))) {
      throw new Failure(`${target} is not a log directory, .log, .index or .timeindex file`, 'KLOG_NOT_A_LOG')
    }
  }
  const skipRecordMetadata = values['skip-record-metadata'] === true
  const format: DumpFormat = {
    payloads: values.payloads === true || values['print-data-log'] === true || skipRecordMetadata,
    skipRecordMetadata,
    encoding: encodingOf(values.encoding),
  }
  const records = values.records === true || values['deep-iteration'] === true || format.payloads
  // Each item is written before the next is read, waiting for stdout to drain when a slow reader
  // fills the pipe: the dump's memory stays one batch, whatever the log's size.
  for (const target of targets) {
    await dump(target, { records }, async (item) => {
      if (values.json === true) {
        const json = dumpJson(item, format)
        if (json !== undefined) await outDrained(JSON.stringify(json))
      } else {
        for (const line of dumpText(item, format)) await outDrained(line)
      }
    })
  }
  return 0
}

async function cmdVerify(args: string[]): Promise<number> {
  const { values, target } = parse('verify', args, { json: { type: 'boolean' } })
  if (values.help === true) return help('verify')
  requireDirectory(target)
  const report = await withProgress('verifying', (onProgress) => verify(target, onProgress))
  if (values.json === true) out(JSON.stringify(report))
  else for (const line of verifyText(report)) out(line)
  return report.ok ? 0 : 1
}

async function cmdStats(args: string[]): Promise<number> {
  const { values, target } = parse('stats', args, { json: { type: 'boolean' } })
  if (values.help === true) return help('stats')
  requireDirectory(target)
  const stats = await withProgress('reading', (onProgress) => directoryStats(target, onProgress))
  if (values.json === true) out(JSON.stringify(stats))
  else for (const line of statsText(stats)) out(line)
  return 0
}

async function cmdTail(args: string[]): Promise<number> {
  const { values, target } = parse('tail', args, {
    lines: { type: 'string', short: 'n' },
    follow: { type: 'boolean', short: 'f' },
    wait: { type: 'boolean', short: 'w' },
    encoding: { type: 'string', short: 'e' },
  })
  if (values.help === true) return help('tail')
  const wait = values.wait === true
  if (!wait) requireDirectory(target)
  const n = positiveInt(values.lines, '--lines', 10)
  const encoding = encodingOf(values.encoding)
  const follow = values.follow === true
  const stop = new AbortController()
  const onSignal = (): void => stop.abort()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    let log: Log
    try {
      log = await Log.open(target, wait ? { readOnly: true, waitForLog: true, signal: stop.signal } : { readOnly: true })
    } catch (err) {
      if (stop.signal.aborted) return 0 // interrupted while waiting for the log
      throw err
    }
    try {
      const end = log.highWatermark
      for (const r of await lastRecords(log, n, end)) out(JSON.stringify(recordJson(r, encoding)))
      if (follow) {
        for await (const r of log.reader({ from: end, follow, signal: stop.signal })) out(JSON.stringify(recordJson(r, encoding)))
      }
    } catch (err) {
      if (!stop.signal.aborted) throw err
    } finally {
      await log.close()
    }
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  return 0
}

/**
 * The last `n` records below `end`. Offsets of a compacted log have holes, so `end - n` may hold
 * fewer than `n` records: the stretch read grows fourfold until it holds `n` or reaches the log
 * start. Only the last `n` records are kept while reading.
 */
async function lastRecords(log: Log, n: number, end: number): Promise<LogRecord[]> {
  if (n === 0) return []
  for (let stretch = n; ; stretch *= 4) {
    const from = Math.max(log.logStartOffset, end - stretch)
    let kept: LogRecord[] = []
    const reader = log.reader({ from })
    try {
      while (reader.position < end) {
        const records = await reader.read()
        if (records.length === 0) break
        for (const r of records) if (r.offset < end) kept.push(r)
        if (kept.length > 2 * n) kept = kept.slice(-n)
      }
    } finally {
      await reader.close()
    }
    if (kept.length >= n || from <= log.logStartOffset) return kept.slice(-n)
  }
}

/** A stdin line that is not the record the command expects: exit 1, naming the line. */
class BadInput extends Failure {}

/** One `--json-input` line as a record (JSON strings or null for bytes, as the help says). */
function parseJsonRecord(line: string, lineNo: number): RecordInput {
  let r: unknown
  try {
    r = JSON.parse(line)
  } catch {
    throw new BadInput(`line ${lineNo} is not JSON`)
  }
  const bad = (why: string): BadInput =>
    new BadInput(`line ${lineNo} is not a record { "value", "key"?, "headers"?, "timestamp"? }: ${why}`)
  if (r === null || typeof r !== 'object' || Array.isArray(r)) throw bad('not an object')
  const { value, key, headers, timestamp, ...rest } = r as Record<string, unknown>
  const unknown = Object.keys(rest)
  if (unknown.length > 0) throw bad(`unknown field "${unknown[0]}"`)
  const text = (v: unknown): boolean => v === null || typeof v === 'string'
  if (!('value' in r) || !text(value)) throw bad('"value" must be a string or null')
  if (key !== undefined && !text(key)) throw bad('"key" must be a string or null')
  if (timestamp !== undefined && (!Number.isSafeInteger(timestamp) || (timestamp as number) < 0))
    throw bad('"timestamp" must be a non-negative integer (ms)')
  if (
    headers !== undefined &&
    (!Array.isArray(headers) ||
      !headers.every(
        (h: unknown) =>
          h !== null && typeof h === 'object' && typeof (h as { key?: unknown }).key === 'string' && text((h as { value?: unknown }).value),
      ))
  ) {
    throw bad('"headers" must be an array of { "key": string, "value": string or null }')
  }
  return r as RecordInput
}

function fsyncPolicyOf(v: string | boolean | undefined): FsyncPolicy {
  if (v === undefined) return 'interval'
  if (v === 'always' || v === 'interval' || v === 'never') return v
  throw new UsageError(`--fsync must be always, interval or never, not '${String(v)}'`)
}

async function cmdAppend(args: string[]): Promise<number> {
  const { values, target } = parse('append', args, {
    'json-input': { type: 'boolean' },
    key: { type: 'string', short: 'k' },
    batch: { type: 'string' },
    fsync: { type: 'string' },
  })
  if (values.help === true) return help('append')
  const batchSize = positiveInt(values.batch, '--batch', 1000)
  if (batchSize === 0) throw new UsageError('--batch must be at least 1')
  const fsync = fsyncPolicyOf(values.fsync)
  const key = typeof values.key === 'string' ? values.key : undefined
  const log = await Log.open(target, { fsync })
  let count = 0
  let baseOffset: number | undefined
  let lastOffset: number | undefined
  const appended = (): string =>
    count === 0 ? 'no record was appended' : `the ${count} records before it were appended (offsets ${baseOffset}..${lastOffset})`
  try {
    const writer = await log.writer()
    let pending: RecordInput[] = []
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return
      const res = await writer.append(pending)
      baseOffset ??= res.baseOffset
      lastOffset = res.lastOffset
      count += pending.length
      pending = []
    }
    let lineNo = 0
    for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      lineNo++
      let record: RecordInput
      try {
        record = values['json-input'] === true ? parseJsonRecord(line, lineNo) : { value: line }
      } catch (err) {
        // Every line before the bad one goes in, none after: the report says how far it got.
        if (!(err instanceof BadInput)) throw err
        await flush()
        throw new BadInput(`${err.message}; ${appended()}`)
      }
      pending.push(key === undefined ? record : { ...record, key })
      if (pending.length >= batchSize) await flush()
    }
    await flush()
    // close() makes every record durable whatever the policy: the summary below is an acknowledgement.
    await writer.close()
  } finally {
    await log.close()
  }
  out(JSON.stringify({ count, baseOffset: baseOffset ?? null, lastOffset: lastOffset ?? null }))
  return 0
}

async function cmdMirror(args: string[]): Promise<number> {
  const { values, target } = parse('mirror', args, {
    brokers: { type: 'string', short: 'b' },
    topic: { type: 'string', short: 't' },
    partition: { type: 'string', short: 'p' },
    from: { type: 'string' },
    follow: { type: 'boolean', short: 'f' },
    progress: { type: 'boolean' },
    'on-truncation': { type: 'string' },
  })
  if (values.help === true) return help('mirror')
  const onTruncation = values['on-truncation'] ?? 'error'
  if (onTruncation !== 'error' && onTruncation !== 'remirror') {
    throw new UsageError(`--on-truncation must be error or remirror, not '${String(onTruncation)}'`)
  }
  requireDirectory(target)
  if (typeof values.brokers !== 'string' || values.brokers === '') throw new UsageError(`mirror needs --brokers\n\n${HELP.mirror}`)
  if (typeof values.topic !== 'string' || values.topic === '') throw new UsageError(`mirror needs --topic\n\n${HELP.mirror}`)
  const partition = positiveInt(values.partition, '--partition', 0)
  const from = values.from === undefined ? undefined : positiveInt(values.from, '--from', 0)
  const stop = new AbortController()
  const onSignal = (): void => stop.abort()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  // The mirror and its Kafka client load only for this command.
  const { mirrorToKafka } = await import('../mirror/index.js')
  const log = await Log.open(target, { readOnly: true })
  try {
    const result = await mirrorToKafka(log, {
      brokers: values.brokers
        .split(',')
        .map((b) => b.trim())
        .filter((b) => b !== ''),
      topic: values.topic,
      partition,
      follow: values.follow === true,
      signal: stop.signal,
      onTruncation,
      ...(from === undefined ? {} : { from }),
      ...(values.progress === true ? { onCommit: (nextOffset: number) => out(JSON.stringify({ nextOffset })) } : {}),
    })
    out(JSON.stringify(result))
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    await log.close()
  }
  return 0
}

async function cmdServe(args: string[]): Promise<number> {
  const { values, target } = parse('serve', args, {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    'advertised-host': { type: 'string' },
    'max-partitions': { type: 'string' },
  })
  if (values.help === true) return help('serve')
  // Absent: the broker's default (its module loads only when serving).
  const maxPartitions = values['max-partitions'] === undefined ? undefined : positiveInt(values['max-partitions'], '--max-partitions', 0)
  if (maxPartitions !== undefined && (maxPartitions < 1 || maxPartitions > 1_000_000))
    throw new UsageError(`--max-partitions must be in [1, 1000000], not ${maxPartitions}`)
  const port = positiveInt(values.port, '--port', 9092)
  if (port > 65535) throw new UsageError(`--port must be at most 65535, not ${port}`)
  const host = values.host ?? '127.0.0.1'
  const advertisedHost = values['advertised-host']
  if (typeof host !== 'string' || host === '') throw new UsageError(`--host needs an address\n\n${HELP.serve}`)
  if (advertisedHost !== undefined && (typeof advertisedHost !== 'string' || advertisedHost === '')) {
    throw new UsageError(`--advertised-host needs a host name\n\n${HELP.serve}`)
  }
  if (fs.existsSync(target) && !statOf(target).isDirectory()) throw new Failure(`${target} is not a directory`, 'ENOTDIR')
  const stop = new AbortController()
  const onSignal = (): void => stop.abort()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    return await serve({ dir: target, host, port, advertisedHost, maxPartitions }, out, stop.signal)
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/** The exit code and one stderr line for a failure (a stack trace only with KAFKA_LITE_DEBUG=1). */
function report(err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`kafka-lite-log: ${err.message}\n`)
    return 2
  }
  const e = err instanceof Error ? err : new Error(String(err))
  // LogError codes, Node's system error codes (EACCES, ENOSPC, ...) and our own.
  const code = (e as { code?: unknown }).code
  process.stderr.write(`kafka-lite-log: ${e.message}${typeof code === 'string' && !e.message.includes(code) ? ` (${code})` : ''}\n`)
  if (process.env.KAFKA_LITE_DEBUG === '1' && e.stack !== undefined) process.stderr.write(`${e.stack}\n`)
  return 1
}

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  dump: cmdDump,
  verify: cmdVerify,
  stats: cmdStats,
  tail: cmdTail,
  append: cmdAppend,
  mirror: cmdMirror,
  serve: cmdServe,
}

/** Runs the CLI with `argv` (without node and the script) and resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === undefined) throw new UsageError(`a command is needed\n\n${HELP.main}`)
    if (command === '--help' || command === '-h' || command === 'help') return help('main')
    if (command === '--version' || command === '-v') {
      out(packageVersion())
      return 0
    }
    // Own keys only: `constructor` or `toString` is not a command.
    const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined
    if (run === undefined) throw new UsageError(`unknown command '${command}'\n\n${HELP.main}`)
    return await run(rest)
  } catch (err) {
    return report(err)
  }
}

// A reader that stops early (`| head`) closes the pipe: that ends the command, quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw err
})

// Set the exit code and let pending output drain (process.exit could cut piped stdout short).
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
