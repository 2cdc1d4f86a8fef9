/**
 * `kafka-lite-log`: the command-line tool (package `bin`). The only module of the project that prints.
 *
 *   kafka-lite-log dump <dir|file>   batches (and records) of a log, like Kafka's kafka-dump-log
 *   kafka-lite-log verify <dir>      CRCs, offsets and indexes; exit 1 and a report on damage
 *   kafka-lite-log stats <dir>       segments, bytes, offsets, checkpoints, consumers and their lag
 *   kafka-lite-log tail <dir> [-f]   the last records as JSON lines; -f follows new ones; -w waits for the log
 *   kafka-lite-log append <dir>      appends one record per stdin line
 *
 * dump, verify and stats read files only and never change them (they work on a log another process
 * is writing, or on a copy); tail opens the log read-only; append takes the writer lock.
 * Exit codes: 0 success, 1 damage found (verify) or a runtime failure, 2 a usage mistake.
 * Progress goes to stderr and only when stderr is a terminal; piped output is plain.
 */
import fs from 'node:fs'
import readline from 'node:readline'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { LogError } from '../base/errors.js'
import { dump } from '../inspect/dump.js'
import { directoryStats } from '../inspect/stats.js'
import { verify } from '../inspect/verify.js'
import { Log } from '../log.js'
import type { RecordInput } from '../format/record.js'
import { dumpJson, dumpText, recordJson, statsText, verifyText, type PayloadEncoding } from './format.js'

const VERSION = '0.1.0'

const HELP: Record<string, string> = {
  main: `Usage: kafka-lite-log <command> [options]

Commands:
  dump <dir|file>   print the batches (and records) of a log directory, .log, .index or .timeindex file
  verify <dir>      check CRCs, offsets and indexes without changing anything; exit 1 on damage
  stats <dir>       segments, bytes, offsets, checkpoints and consumer lag of a log directory
  tail <dir>        print the last records as JSON lines; -f keeps following; -w waits for the log
  append <dir>      append one record per line of stdin
  mirror <dir>      copy the log into a Kafka topic partition, resumably; -f keeps mirroring

Run 'kafka-lite-log <command> --help' for a command's options.
Options: -h, --help   -v, --version`,
  dump: `Usage: kafka-lite-log dump <dir|file> [options]

Prints every batch of a log directory (all segments in offset order) or of one .log file, or the
entries of an .index or .timeindex file. Read-only.

Options:
  -r, --records          decode and print each batch's records
  -p, --payloads         with --records: print keys, values and header values
  -e, --encoding <enc>   payload encoding: utf8 (default), base64 or hex
      --json             one JSON object per line
  -h, --help`,
  verify: `Usage: kafka-lite-log verify <dir> [options]

Checks every batch (bounds, magic, CRC-32C), offsets within and across segments, and every .index
and .timeindex entry against the batches. Never changes a file. Exit 0 when sound, 1 on damage.

Options:
      --json             the report as one JSON object
  -h, --help`,
  stats: `Usage: kafka-lite-log stats <dir> [options]

Segments, bytes, records, offsets, the recovery point and whether the last shutdown was clean,
from the files (read-only), and every consumer (.consumers/<name>): its committed offset, when it
was committed, and its lag: log end offset - committed offset, never below 0, i.e. the offsets
written and not yet processed (the records, unless compaction left gaps). A consumer whose offset
is below the log start is flagged: records it never processed were deleted. A damaged position
file is listed as unreadable with its error code (KLOG_CORRUPT_CHECKPOINT), not guessed around.

Options:
      --json             one JSON object
  -h, --help`,
  tail: `Usage: kafka-lite-log tail <dir> [options]

Prints the last records of a log as JSON lines ({ offset, timestamp, key, value, headers }), opening
it read-only (a writer may be running). With -f, keeps printing new records until interrupted.
With -w, a <dir> that holds no log yet (or does not exist) is waited for until a writer has created
the log there; -w -f then follows it from its first record.

Options:
  -n, --lines <n>        how many of the last records to print first (default 10)
  -f, --follow           wait for new records
  -w, --wait             wait for the log to be created instead of failing (Ctrl-C ends the wait)
  -e, --encoding <enc>   key/value encoding: utf8 (default), base64 or hex
  -h, --help`,
  append: `Usage: kafka-lite-log append <dir> [options]

Appends one record per line of stdin (the line is the value, UTF-8) and prints
{ "count", "baseOffset", "lastOffset" } as JSON. Takes the writer lock: fails with KLOG_LOCKED if
another writer holds the log.

Options:
      --json-input       each line is a JSON record { "value", "key"?, "headers"?, "timestamp"? }
  -k, --key <key>        the key of every record
      --batch <n>        records per append (default 1000)
      --fsync            fsync before exiting (default: written to the OS, fsynced in the background)
  -h, --help`,
}

class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>
HELP.mirror = `Usage: kafka-lite-log mirror <dir> --brokers <host:port,...> --topic <topic> [options]

Copies the log's records (keys, values, headers, timestamps) into a Kafka topic partition, in
transactions that also record how far it got: run it again (or after a crash of either side) and it
resumes there, without loss or duplicates. Needs the optional package kafkajs. Prints one JSON line
per committed transaction with --progress, and a JSON summary at the end.

Options:
  -b, --brokers <list>   bootstrap brokers, comma-separated (required)
  -t, --topic <topic>    target topic, which must exist (required)
  -p, --partition <n>    target partition (default 0)
      --from <offset>    where to start when the partition holds nothing mirrored yet (default: log start)
  -f, --follow           keep mirroring new records until interrupted (SIGINT/SIGTERM)
      --progress         print {"nextOffset": n} after each committed transaction
  -h, --help`

const HELP_OPTION: Options = { help: { type: 'boolean', short: 'h' } }

function parse(
  command: string,
  args: string[],
  options: Options,
): { values: Record<string, string | boolean | undefined>; target: string } {
  let parsed
  try {
    parsed = parseArgs({ args, options: { ...HELP_OPTION, ...options }, allowPositionals: true, strict: true })
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${HELP[command]}`)
  }
  const values = parsed.values as Record<string, string | boolean | undefined>
  if (values.help === true) return { values, target: '' }
  if (parsed.positionals.length !== 1)
    throw new UsageError(`${command} needs exactly one <dir${command === 'dump' ? '|file' : ''}>\n\n${HELP[command]}`)
  return { values, target: parsed.positionals[0]! }
}

function encodingOf(v: string | boolean | undefined): PayloadEncoding {
  if (v === undefined) return 'utf8'
  if (v === 'utf8' || v === 'base64' || v === 'hex') return v
  throw new UsageError(`--encoding must be utf8, base64 or hex, not '${String(v)}'`)
}

function positiveInt(v: string | boolean | undefined, name: string, dflt: number): number {
  if (v === undefined) return dflt
  const n = Number(v)
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`${name} must be a non-negative integer, not '${String(v)}'`)
  return n
}

function out(line: string): void {
  process.stdout.write(line + '\n')
}

/**
 * Runs `work` with a progress bar on stderr (cli-progress), only when stderr is a terminal, so piped
 * and captured output stays plain. The library is loaded here, on first use, and never by the
 * package's entry points. The bar is throttled to 10 redraws a second, clipped to the terminal's
 * width, leaves the terminal's modes alone (no hidden cursor, no wrapping switch to undo after a
 * crash) and clears its line when `work` returns or throws.
 */
async function withProgress<T>(label: string, work: (onProgress: (done: number, total: number) => void) => T): Promise<T> {
  if (process.stderr.isTTY !== true) return work(() => {})
  const { default: cliProgress } = await import('cli-progress')
  const bar = new cliProgress.SingleBar({
    stream: process.stderr,
    format: `${label} [{bar}] {percentage}% | ETA: {eta_formatted}`,
    barCompleteChar: '#',
    barIncompleteChar: '.',
    barsize: 30,
    linewrap: true,
    clearOnComplete: true,
  })
  let started = false
  try {
    return work((done, total) => {
      if (!started) {
        bar.start(total, done)
        started = true
        return
      }
      bar.setTotal(total)
      bar.update(done)
    })
  } finally {
    if (started) bar.stop()
  }
}

function requireDirectory(dir: string): void {
  let stat: fs.Stats
  try {
    stat = fs.statSync(dir)
  } catch {
    throw new UsageError(`${dir} does not exist`)
  }
  if (!stat.isDirectory()) throw new UsageError(`${dir} is not a log directory`)
}

async function cmdDump(args: string[]): Promise<number> {
  const { values, target } = parse('dump', args, {
    records: { type: 'boolean', short: 'r' },
    payloads: { type: 'boolean', short: 'p' },
    encoding: { type: 'string', short: 'e' },
    json: { type: 'boolean' },
  })
  if (values.help === true) return help('dump')
  if (!fs.existsSync(target)) throw new UsageError(`${target} does not exist`)
  const encoding = encodingOf(values.encoding)
  const payloads = values.payloads === true
  const records = values.records === true || payloads
  // Each item is written before the next is read, waiting for stdout to drain when a slow reader
  // fills the pipe: the dump's memory stays one batch, whatever the log's size.
  await dump(target, { records }, async (item) => {
    if (values.json === true) {
      const json = dumpJson(item, payloads, encoding)
      if (json !== undefined) await outDrained(JSON.stringify(json))
    } else {
      for (const line of dumpText(item, payloads, encoding)) await outDrained(line)
    }
  })
  return 0
}

/** {@link out}, then waits for stdout to drain when its buffer is full (a slow pipe). */
async function outDrained(line: string): Promise<void> {
  if (!process.stdout.write(line + '\n')) await new Promise((resolve) => process.stdout.once('drain', resolve))
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
      const from = Math.max(log.logStartOffset, log.highWatermark - n)
      const reader = log.reader({ from, follow, signal: stop.signal })
      for await (const r of reader) out(JSON.stringify(recordJson(r, encoding)))
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

function parseJsonRecord(line: string, lineNo: number): RecordInput {
  let r: unknown
  try {
    r = JSON.parse(line)
  } catch {
    throw new UsageError(`line ${lineNo} is not JSON`)
  }
  if (r === null || typeof r !== 'object' || !('value' in r)) throw new UsageError(`line ${lineNo} is not a record { "value", ... }`)
  return r as RecordInput
}

async function cmdAppend(args: string[]): Promise<number> {
  const { values, target } = parse('append', args, {
    'json-input': { type: 'boolean' },
    key: { type: 'string', short: 'k' },
    batch: { type: 'string' },
    fsync: { type: 'boolean' },
  })
  if (values.help === true) return help('append')
  const batchSize = positiveInt(values.batch, '--batch', 1000)
  if (batchSize === 0) throw new UsageError('--batch must be at least 1')
  const key = typeof values.key === 'string' ? values.key : undefined
  const log = await Log.open(target, { fsync: 'never' })
  let count = 0
  let baseOffset: number | undefined
  let lastOffset: number | undefined
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
      const record = values['json-input'] === true ? parseJsonRecord(line, lineNo) : { value: line }
      pending.push(key === undefined ? record : { ...record, key })
      if (pending.length >= batchSize) await flush()
    }
    await flush()
    if (values.fsync === true) await writer.flush()
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
  })
  if (values.help === true) return help('mirror')
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

function help(command: string): number {
  out(HELP[command]!)
  return 0
}

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  dump: cmdDump,
  verify: cmdVerify,
  stats: cmdStats,
  tail: cmdTail,
  append: cmdAppend,
  mirror: cmdMirror,
}

/** Runs the CLI with `argv` (without node and the script) and resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') return help('main')
    if (command === '--version' || command === '-v') {
      out(VERSION)
      return 0
    }
    const run = COMMANDS[command]
    if (run === undefined) throw new UsageError(`unknown command '${command}'\n\n${HELP.main}`)
    return await run(rest)
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`kafka-lite-log: ${err.message}\n`)
      return 2
    }
    if (err instanceof LogError) {
      process.stderr.write(`kafka-lite-log: ${err.message} (${err.code})\n`)
      return 1
    }
    process.stderr.write(`kafka-lite-log: ${(err as Error)?.stack ?? String(err)}\n`)
    return 1
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
