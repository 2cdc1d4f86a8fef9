/**
 * What every `kafka-lite-log` command shares: the two kinds of failure (`UsageError` exits 2 with the
 * usage, `Failure` exits 1 with one line; `main.ts` reports both), option parsing with `node:util`
 * `parseArgs`, output to stdout, the progress bar on stderr, and the checks of a target path.
 *
 * Used by the commands only (the CLI's own process); the library never prints.
 */
import fs from 'node:fs'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { PayloadEncoding } from './format.js'
import { HELP } from './help.js'

/** The command line is wrong: exit 2 with the usage. */
export class UsageError extends Error {}

/** A runtime failure the command reports in one line (exit 1); `code` names it when there is one. */
export class Failure extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message)
  }
}

/** `parseArgs` option declarations. */
export type Options = NonNullable<ParseArgsConfig['options']>

/** `-h` / `--help`, accepted by every command. */
export const HELP_OPTION: Options = { help: { type: 'boolean', short: 'h' } }

/** Parsed option values. */
export type Values = Record<string, string | boolean | undefined>

/** Parses `args` under `options` (and `--help`); a bad command line is a {@link UsageError}. */
export function parseValues(command: string, args: string[], options: Options): { values: Values; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options: { ...HELP_OPTION, ...options }, allowPositionals: true, strict: true })
    return { values: parsed.values as Values, positionals: parsed.positionals }
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${HELP[command]}`)
  }
}

/** {@link parseValues} for a command that takes exactly one `<dir>`. */
export function parse(command: string, args: string[], options: Options): { values: Values; target: string } {
  const { values, positionals } = parseValues(command, args, options)
  if (values.help === true) return { values, target: '' }
  if (positionals.length !== 1) throw new UsageError(`${command} needs exactly one <dir>\n\n${HELP[command]}`)
  return { values, target: positionals[0]! }
}

/** The `--encoding` value (default utf8). */
export function encodingOf(v: string | boolean | undefined): PayloadEncoding {
  if (v === undefined) return 'utf8'
  if (v === 'utf8' || v === 'base64' || v === 'hex') return v
  throw new UsageError(`--encoding must be utf8, base64 or hex, not '${String(v)}'`)
}

/** A non-negative integer option, `dflt` when absent. */
export function positiveInt(v: string | boolean | undefined, name: string, dflt: number): number {
  if (v === undefined) return dflt
  const n = Number(v)
  if (!/^\d+$/.test(String(v)) || !Number.isSafeInteger(n))
    throw new UsageError(`${name} must be a non-negative integer, not '${String(v)}'`)
  return n
}

/** Writes one line to stdout. */
export function out(line: string): void {
  process.stdout.write(line + '\n')
}

/**
 * Runs `work` with a progress bar on stderr (cli-progress), only when stderr is a terminal, so piped
 * and captured output stays plain. The library is loaded here, on first use, and never by the
 * package's entry points. The bar is throttled to 10 redraws a second, clipped to the terminal's
 * width, leaves the terminal's modes alone (no hidden cursor, no wrapping switch to undo after a
 * crash) and clears its line when `work` returns or throws.
 */
export async function withProgress<T>(label: string, work: (onProgress: (done: number, total: number) => void) => T): Promise<T> {
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

/** `fs.statSync`, with a missing path reported as a failure naming it. */
export function statOf(target: string): fs.Stats {
  try {
    return fs.statSync(target)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Failure(`${target} does not exist`, 'ENOENT')
    throw err
  }
}

/** Fails unless `dir` is a directory. */
export function requireDirectory(dir: string): void {
  if (!statOf(dir).isDirectory()) throw new Failure(`${dir} is not a directory: a log is a directory of segment files`, 'ENOTDIR')
}

/** {@link out}, then waits for stdout to drain when its buffer is full (a slow pipe). */
export async function outDrained(line: string): Promise<void> {
  if (!process.stdout.write(line + '\n')) await new Promise((resolve) => process.stdout.once('drain', resolve))
}

/** Prints the usage of `command`; exit code 0. */
export function help(command: string): number {
  out(HELP[command]!)
  return 0
}
