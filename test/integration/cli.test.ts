/**
 * The `kafka-lite-log` command, run as a real child process (the built `dist/cli.js`, as `bin`
 * installs it) against logs the tests create: append from stdin, stats, dump (directory, `.log`,
 * index files, Kafka's kafka-dump-log flags and fields), verify on a sound log and on damaged ones
 * (exit 1, the damage located, no file changed; whatever a reader cannot read fails it), tail and
 * tail -f, --help everywhere, and the exit codes: 2 for a wrong command line, 1 for runtime
 * failures, each reported in one line with its code and no stack trace. Stdout is piped, so no
 * progress.
 */
import { execFile, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Log, type LogRecord } from '../../src/index.js'
import { crc32c } from '../../src/format/crc32c.js'
import { decodeBatch } from '../../src/format/record-batch.js'
import { segmentPath } from '../helpers/logs.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { parseDump } from '../kafka/harness/dump-log-segments.js'

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))
const dirs = useTempDirs('kafka-lite-cli-')

interface Run {
  code: number
  stdout: string
  stderr: string
}

function cli(args: string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [CLI, ...args], { maxBuffer: 64 << 20, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err !== null && typeof err.code !== 'number') return reject(err)
      resolve({ code: err === null ? 0 : (err.code as number), stdout, stderr })
    })
    child.stdin!.end(input ?? '')
  })
}

const jsonLines = (s: string): any[] =>
  s
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l))

/** A log of `n` records `line-<i>` in 1 KiB segments, written by the library. */
async function makeLog(n: number): Promise<string> {
  const dir = path.join(dirs.make(), 'log')
  await using log = await Log.open(dir, { segmentBytes: 1024, indexIntervalBytes: 100, fsync: 'never' })
  const w = await log.writer()
  for (let i = 0; i < n; i += 5) {
    await w.append(
      Array.from({ length: Math.min(5, n - i) }, (_, j) => ({
        key: `k${i + j}`,
        value: `line-${i + j}`,
        headers: [{ key: 'h', value: 'x' }],
      })),
    )
  }
  return dir
}

/** Rewrites the CRC-32C of the batch at `position` of `file`: damage that only a decode can find. */
function resign(file: string, position: number): Buffer {
  const bytes = fs.readFileSync(file)
  const size = 12 + bytes.readInt32BE(position + 8)
  bytes.writeUInt32BE(crc32c(bytes.subarray(position + 21, position + size)), position + 17)
  fs.writeFileSync(file, bytes)
  return bytes.subarray(position, position + size)
}

/** One line on stderr, no stack trace. */
function oneLine(stderr: string): void {
  expect(stderr.trim().split('\n')).toHaveLength(1)
  expect(stderr).not.toMatch(/^\s+at /m)
}

function hashDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name)
    if (fs.statSync(p).isFile()) out[name] = createHash('sha256').update(fs.readFileSync(p)).digest('hex')
  }
  return out
}

describe('kafka-lite-log', () => {
  it('--help for the tool and every command; usage mistakes exit 2', async () => {
    for (const args of [['--help'], ...['dump', 'verify', 'stats', 'tail', 'append', 'mirror'].map((c) => [c, '--help'])]) {
      const r = await cli(args)
      expect([args, r.code]).toEqual([args, 0])
      expect(r.stdout).toMatch(/^Usage: kafka-lite-log/)
    }
    // No command is a usage mistake too: the usage goes to stderr, nothing to stdout.
    const none = await cli([])
    expect([none.code, none.stdout]).toEqual([2, ''])
    expect(none.stderr).toContain('Usage: kafka-lite-log')
    expect((await cli(['frobnicate'])).code).toBe(2)
    // Names an object inherits are not commands.
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
      expect([name, (await cli([name])).code]).toEqual([name, 2])
    expect((await cli(['verify'])).code).toBe(2)
    expect((await cli(['verify', dirs.make(), '--bogus'])).code).toBe(2)
    expect((await cli(['tail', dirs.make(), '-n', 'many'])).code).toBe(2)
    expect((await cli(['tail', dirs.make(), '-n', '1.5'])).code).toBe(2)
    // -p is one option: mirror's --partition; dump spells --payloads (or Kafka's --print-data-log).
    expect((await cli(['dump', dirs.make(), '-p'])).code).toBe(2)
    // mirror: brokers and topic are required (the round trip to a real broker is in test/kafka/).
    expect((await cli(['mirror', dirs.make(), '--topic', 't'])).code).toBe(2)
    expect((await cli(['mirror', dirs.make(), '--brokers', '127.0.0.1:1'])).code).toBe(2)
    expect((await cli(['mirror', dirs.make(), '--brokers', '127.0.0.1:1', '--topic', 't', '-p', 'x'])).code).toBe(2)
    expect((await cli(['mirror', dirs.make(), '--brokers', '127.0.0.1:1', '--topic', 't', '--on-truncation', 'ignore'])).code).toBe(2)
  })

  it('append: one record per stdin line, in batches; the log reads them back', async () => {
    const dir = path.join(dirs.make(), 'log')
    const lines = Array.from({ length: 2500 }, (_, i) => `value ${i}`)
    const r = await cli(['append', dir, '--batch', '1000', '--key', 'K'], lines.join('\n') + '\n')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ count: 2500, baseOffset: 0, lastOffset: 2499 })
    const json = await cli(['append', dir, '--json-input'], '{"value":"a","key":"x","headers":[{"key":"h","value":"v"}]}\n{"value":null}\n')
    expect(JSON.parse(json.stdout)).toEqual({ count: 2, baseOffset: 2500, lastOffset: 2501 })
    await using log = await Log.open(dir, { readOnly: true })
    const got = await log.reader().read({ maxRecords: 3000, maxBytes: 1 << 24 })
    expect(got.map((x) => x.value?.toString() ?? null)).toEqual([...lines, 'a', null])
    expect(got[0]!.key?.toString()).toBe('K')
    expect(got[2500]!.headers.map((h) => [h.key, h.value?.toString()])).toEqual([['h', 'v']])
    // Three appends of 1000, 1000 and 500 records: three batches (each under maxBatchBytes).
    const batches = jsonLines((await cli(['dump', dir, '--json'])).stdout).filter((x) => 'baseOffset' in x)
    expect(batches.map((b) => [b.baseOffset, b.lastOffset])).toEqual([
      [0, 999],
      [1000, 1999],
      [2000, 2499],
      [2500, 2501],
    ])
  })

  it('append: a log whose writer is held elsewhere fails with KLOG_LOCKED, exit 1', async () => {
    const dir = path.join(dirs.make(), 'log')
    await using log = await Log.open(dir)
    await log.writer()
    const r = await cli(['append', dir], 'x\n')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('KLOG_LOCKED')
  })

  it('stats: segments, records, offsets and checkpoints as JSON', async () => {
    const dir = await makeLog(300)
    const r = await cli(['stats', dir, '--json'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    const s = JSON.parse(r.stdout)
    const logs = fs.readdirSync(dir).filter((n) => n.endsWith('.log'))
    expect(s.segments.length).toBe(logs.length)
    expect(s.segments.length).toBeGreaterThan(5)
    expect([s.totalRecords, s.logStartOffset, s.logEndOffset, s.recoveryPoint, s.cleanShutdown]).toEqual([300, 0, 300, 300, true])
    expect(s.segments.map((g: { bytes: number }) => g.bytes)).toEqual(logs.sort().map((n) => fs.statSync(path.join(dir, n)).size))
    const text = await cli(['stats', dir])
    expect(text.stdout).toMatch(/logStartOffset +0\n/)
    expect(text.stdout).toMatch(/logEndOffset +300 /)
  })

  it('stats: every consumer with its committed offset, commit time and lag; behind-log-start flagged; a damaged file reported', async () => {
    const dir = await makeLog(300)
    const committed: Record<string, { offset: number; commitTimestamp: number }> = {}
    {
      await using log = await Log.open(dir, { fsync: 'never' })
      const w = await log.writer()
      await w.deleteRecordsBefore(100)
      const reader = log.reader({ from: 100 })
      while (reader.position < 250) await reader.read({ maxRecords: 250 - reader.position })
      for (const [name, at] of [
        ['billing', reader],
        ['caught-up', 300],
        ['stale', 40],
        ['ahead', 500],
        ['broken', 7],
      ] as const) {
        committed[name] = await log.consumer(name).commit(at)
      }
    }
    const consumersDir = path.join(dir, '.consumers')
    // A damaged position (one byte of its JSON line changed, so its checksum fails), and a commit
    // left half-done by a process that no longer exists: stats reports the first, touches neither.
    const broken = path.join(consumersDir, 'broken')
    fs.writeFileSync(broken, fs.readFileSync(broken, 'utf8').replace('"offset":7', '"offset":8'))
    fs.writeFileSync(path.join(consumersDir, '.billing.999999999.0.1.tmp'), 'partial')
    const before = hashDir(consumersDir)

    const r = await cli(['stats', dir, '--json'])
    expect([r.code, r.stderr]).toEqual([0, ''])
    const s = JSON.parse(r.stdout)
    expect([s.logStartOffset, s.logEndOffset]).toEqual([100, 300])
    const ok = (name: string, lag: number, behindLogStart: boolean): object => ({
      name,
      offset: committed[name]!.offset,
      commitTimestamp: committed[name]!.commitTimestamp,
      lag,
      behindLogStart,
    })
    expect(s.consumers).toEqual([
      ok('ahead', 0, false),
      ok('billing', 50, false),
      { name: 'broken', file: broken, error: { code: 'KLOG_CORRUPT_CHECKPOINT', message: expect.stringContaining('checksum') } },
      ok('caught-up', 0, false),
      ok('stale', 260, true),
    ])
    expect(committed.billing!.offset).toBe(250)

    const text = await cli(['stats', dir])
    expect([text.code, text.stderr]).toEqual([0, ''])
    const line = (name: string): string => text.stdout.split('\n').find((l) => l.trimStart().startsWith(`${name} `)) ?? ''
    expect(text.stdout).toContain('consumers      5')
    expect(line('billing').split(/\s+/).slice(1, 5)).toEqual([
      'billing',
      '250',
      '50',
      new Date(committed.billing!.commitTimestamp).toISOString(),
    ])
    expect(line('stale')).toContain('behind the log start 100')
    expect(line('billing')).not.toContain('behind')
    expect(line('broken')).toMatch(/UNREADABLE: .*\(KLOG_CORRUPT_CHECKPOINT\)$/)
    expect(hashDir(consumersDir)).toEqual(before)

    // A log without consumers says so.
    const plain = await makeLog(10)
    expect(JSON.parse((await cli(['stats', plain, '--json'])).stdout).consumers).toEqual([])
    expect((await cli(['stats', plain])).stdout).toContain('consumers      none')
  })

  it('dump: every batch and record of a directory, a .log file, and index entries', async () => {
    const dir = await makeLog(120)
    const items = jsonLines((await cli(['dump', dir, '--json', '--payloads'])).stdout)
    const batches = items.filter((x) => 'baseOffset' in x)
    const records = batches.flatMap((b) => b.records)
    expect(records.map((r: { offset: number }) => r.offset)).toEqual(Array.from({ length: 120 }, (_, i) => i))
    expect(records.map((r: { payload: string }) => r.payload)).toEqual(Array.from({ length: 120 }, (_, i) => `line-${i}`))
    expect(records[7]).toMatchObject({ key: 'k7', headers: [{ key: 'h', value: 'x' }] })
    expect(batches.every((b) => b.isvalid === true && b.compresscodec === 'none' && b.count === 5)).toBe(true)
    const b64 = jsonLines((await cli(['dump', dir, '--json', '--payloads', '-e', 'base64'])).stdout).filter((x) => 'baseOffset' in x)
    expect(Buffer.from(b64[0].records[0].payload, 'base64').toString()).toBe('line-0')

    const file = segmentPath(dir, 0, 'log')
    const one = jsonLines((await cli(['dump', file, '--json', '--records'])).stdout).filter((x) => 'baseOffset' in x)
    expect(one.map((b) => b.position)).toEqual(batches.filter((b) => b.baseOffset < one.length * 5).map((b) => b.position))
    expect(one[0].records[0]).toEqual({
      offset: 0,
      timestamp: one[0].records[0].timestamp,
      keySize: 2,
      valueSize: 6,
      sequence: -1,
      headerKeys: ['h'],
    })

    // The text is kafka-dump-log's: the parser of Kafka's own output reads it without a complaint.
    const [parsed] = parseDump((await cli(['dump', file, '--payloads'])).stdout)
    expect(parsed!.problems).toEqual([])
    expect(parsed!.batches.map((b) => [b.baseOffset, b.lastOffset, b.count, b.position])).toEqual(
      one.map((b) => [b.baseOffset, b.lastOffset, b.count, b.position]),
    )
    expect(parsed!.batches[0]!.records[0]).toMatchObject({
      offset: 0,
      keySize: 2,
      valueSize: 6,
      headerKeys: ['h'],
      key: 'k0',
      value: 'line-0',
    })

    // The first sealed segment's index: each entry names a batch's last offset and its position.
    const index = jsonLines((await cli(['dump', segmentPath(dir, 0, 'index'), '--json'])).stdout).filter((x) => 'position' in x)
    expect(index.length).toBeGreaterThan(0)
    for (const e of index) expect(one.find((b) => b.position === e.position)?.lastOffset).toBe(e.offset)
    const times = jsonLines((await cli(['dump', segmentPath(dir, 0, 'timeindex'), '--json'])).stdout).filter((x) => 'timestamp' in x)
    expect(times.length).toBeGreaterThan(0)
  })

  it('dump and verify read compressed batches (every codec in one log)', async () => {
    const dir = path.join(dirs.make(), 'log')
    {
      await using log = await Log.open(dir, { fsync: 'never' })
      const w = await log.writer()
      for (const type of ['gzip', 'snappy', 'lz4', 'zstd', 'none'] as const) {
        await w.append(
          Array.from({ length: 20 }, (_, i) => ({ value: `${type}-${i}`.repeat(5) })),
          { compression: type },
        )
      }
    }
    const batches = jsonLines((await cli(['dump', dir, '--json', '--payloads'])).stdout).filter((x) => 'baseOffset' in x)
    expect(batches.map((b) => b.compresscodec)).toEqual(['gzip', 'snappy', 'lz4', 'zstd', 'none'])
    expect(batches.flatMap((b) => b.records).map((r: { offset: number; payload: string }) => [r.offset, r.payload])).toEqual(
      ['gzip', 'snappy', 'lz4', 'zstd', 'none'].flatMap((t, k) =>
        Array.from({ length: 20 }, (_, i) => [k * 20 + i, `${t}-${i}`.repeat(5)]),
      ),
    )
    const r = await cli(['verify', dir, '--json'])
    expect([r.code, JSON.parse(r.stdout).records]).toEqual([0, 100])
  })

  it('verify: a sound log passes (exit 0) and nothing is changed', async () => {
    const dir = await makeLog(200)
    const before = hashDir(dir)
    const r = await cli(['verify', dir, '--json'])
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout)
    expect([report.ok, report.records, report.logStartOffset, report.logEndOffset, report.problems]).toEqual([true, 200, 0, 200, []])
    expect(hashDir(dir)).toEqual(before)
  })

  it('verify: a flipped byte in a sealed segment is reported with its file and position, exit 1, no change', async () => {
    const dir = await makeLog(200)
    const file = segmentPath(dir, 0, 'log')
    const batches = jsonLines((await cli(['dump', file, '--json'])).stdout).filter((x) => 'baseOffset' in x)
    const victim = batches[1]
    const bytes = fs.readFileSync(file)
    bytes[victim.position + 70]! ^= 0xff // inside the records: only the CRC can tell
    fs.writeFileSync(file, bytes)
    const before = hashDir(dir)
    const r = await cli(['verify', dir, '--json'])
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout)
    expect(report.ok).toBe(false)
    expect(report.problems).toContainEqual(
      expect.objectContaining({ kind: 'corrupt-batch', severity: 'error', file, position: victim.position }),
    )
    expect(hashDir(dir)).toEqual(before)
    const text = await cli(['verify', dir])
    expect(text.code).toBe(1)
    expect(text.stdout).toContain('DAMAGED')
  })

  it('verify: a wrong index entry, a wrong time-index entry and a torn middle segment are each found', async () => {
    const dir = await makeLog(200)
    const index = segmentPath(dir, 0, 'index')
    const idx = fs.readFileSync(index)
    idx.writeInt32BE(idx.readInt32BE(4) + 1, 4) // entry 0 now points one byte past its batch
    fs.writeFileSync(index, idx)
    const timeIndex = segmentPath(dir, 0, 'timeindex')
    const tix = fs.readFileSync(timeIndex)
    tix.writeInt32BE(tix.readInt32BE(8) + 1, 8) // entry 0 names an offset that ends no batch
    fs.writeFileSync(timeIndex, tix)
    const bases = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.log'))
      .sort()
      .map((n) => Number(n.slice(0, 20)))
    const middle = segmentPath(dir, bases[2]!, 'log')
    fs.truncateSync(middle, fs.statSync(middle).size - 10)
    const r = await cli(['verify', dir, '--json'])
    expect(r.code).toBe(1)
    const kinds = JSON.parse(r.stdout).problems.map((p: { kind: string; file: string }) => [p.kind, path.basename(p.file)])
    expect(kinds).toContainEqual(['index-entry', path.basename(index)])
    expect(kinds).toContainEqual(['time-index-entry', path.basename(timeIndex)])
    expect(kinds).toContainEqual(['torn-tail', path.basename(middle)])
    // The torn middle segment's last batch is lost: offsets between it and the next segment are in neither.
    expect(kinds).toContainEqual(['segment-gap', path.basename(segmentPath(dir, bases[3]!, 'log'))])
  })

  it('progress: shown on a terminal (run under script(1)), never when piped', async (ctx) => {
    const dir = await makeLog(100)
    const piped = await cli(['verify', dir])
    expect(piped.stderr).toBe('')
    expect(piped.stdout).not.toContain('\r')
    if (!fs.existsSync('/usr/bin/script')) return ctx.skip()
    const command = [process.execPath, CLI, 'verify', dir].map((a) => `'${a}'`).join(' ')
    const tty = await new Promise<string>((resolve, reject) => {
      execFile('/usr/bin/script', ['-qec', command, '/dev/null'], { timeout: 60_000 }, (err, stdout) =>
        err === null ? resolve(stdout) : reject(err),
      )
    })
    expect(tty).toContain('verifying [')
    expect(tty).toContain('100% | ETA:') // drawn by cli-progress
    expect(tty).toContain('OK')
  })

  it("the progress library (cli-progress) is the CLI's alone: the entry points never reference or load it", async () => {
    const dist = fileURLToPath(new URL('../../dist/', import.meta.url))
    for (const f of ['index.js', 'index.cjs', 'mirror/index.js', 'mirror/index.cjs']) {
      expect([f, fs.readFileSync(path.join(dist, f), 'utf8').includes('cli-progress')]).toEqual([f, false])
    }
    // The CLI imports it dynamically, when a bar is drawn: no static import at load.
    const cliCode = fs.readFileSync(CLI, 'utf8')
    expect(cliCode).toMatch(/await import\(["']cli-progress["']\)/)
    expect(cliCode).not.toMatch(/^import\b[^;]*["']cli-progress["']/m)
    // At run time: importing and requiring the package's entry points loads no module of it; the
    // control shows the check sees it once it is loaded.
    const probe = `
      import { createRequire } from 'node:module'
      const require = createRequire(import.meta.url)
      const loaded = () => Object.keys(require.cache).some((k) => k.includes('/node_modules/cli-progress/'))
      await import(process.argv[1]); require(process.argv[2])
      const before = loaded()
      await import('cli-progress')
      console.log(JSON.stringify([before, loaded()]))`
    const cwd = fileURLToPath(new URL('../../', import.meta.url))
    const seen = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--input-type=module', '-e', probe, path.join(dist, 'index.js'), path.join(dist, 'index.cjs')],
        { cwd, timeout: 60_000 },
        (err, stdout) => (err === null ? resolve(stdout) : reject(err)),
      )
    })
    expect(JSON.parse(seen)).toEqual([false, true])
  })

  it('tail: the last n records as JSON lines', async () => {
    const dir = await makeLog(50)
    const r = await cli(['tail', dir, '-n', '3'])
    expect(r.code).toBe(0)
    expect(jsonLines(r.stdout)).toEqual(
      [47, 48, 49].map((i) => ({
        offset: i,
        timestamp: expect.any(Number),
        key: `k${i}`,
        value: `line-${i}`,
        headers: [{ key: 'h', value: 'x' }],
      })),
    )
    expect(jsonLines((await cli(['tail', dir, '-n', '0'])).stdout)).toEqual([])
  })

  /** Resolves once process `pid` has an inotify instance (Node makes one at its first fs.watch). */
  async function watching(pid: number): Promise<void> {
    const hasInotify = (): boolean => {
      try {
        return fs.readdirSync(`/proc/${pid}/fd`).some((fd) => {
          try {
            return fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === 'anon_inode:inotify'
          } catch {
            return false
          }
        })
      } catch {
        return false
      }
    }
    while (!hasInotify()) await new Promise((resolve) => setTimeout(resolve, 20))
  }

  it('tail --wait -f: started before the log exists, prints its records once a writer creates it; Ctrl-C while waiting exits 0', async (ctx) => {
    if (!fs.existsSync('/proc/self/fd')) return ctx.skip()
    const dir = path.join(dirs.make(), 'later', 'log')
    // Without --wait a missing directory is a runtime failure.
    const missing = await cli(['tail', dir, '-f'])
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('(ENOENT)')])

    const child = spawn(process.execPath, [CLI, 'tail', dir, '--wait', '-f'], { stdio: ['ignore', 'pipe', 'pipe'] })
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    await watching(child.pid!) // it is waiting: the log does not exist yet
    expect(fs.existsSync(dir)).toBe(false)
    const printed = (n: number): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (jsonLines(stdout).length < n) return
          child.stdout.off('data', check)
          resolve()
        }
        child.stdout.on('data', check)
        check()
      })
    {
      await using log = await Log.open(dir, { fsync: 'never' })
      const w = await log.writer()
      await w.append([{ value: 'first' }, { value: 'second' }])
      await printed(2)
      await w.append({ value: 'third' })
      await printed(3)
    }
    child.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(stderr).toBe('')
    expect(jsonLines(stdout).map((r) => [r.offset, r.value])).toEqual([
      [0, 'first'],
      [1, 'second'],
      [2, 'third'],
    ])

    // Interrupted while still waiting: exit 0, nothing printed, nothing created.
    const never = path.join(dirs.make(), 'never')
    const waiter = spawn(process.execPath, [CLI, 'tail', never, '-w'], { stdio: ['ignore', 'pipe', 'pipe'] })
    const waiterExited = new Promise<number | null>((resolve) => waiter.on('exit', (code) => resolve(code)))
    let waiterOut = ''
    waiter.stdout.on('data', (c: Buffer) => (waiterOut += c.toString()))
    waiter.stderr.on('data', (c: Buffer) => (waiterOut += c.toString()))
    await watching(waiter.pid!)
    waiter.kill('SIGINT')
    expect(await waiterExited).toBe(0)
    expect(waiterOut).toBe('')
    expect(fs.existsSync(never)).toBe(false)
  })

  it('tail -f: follows records appended by a writer in another process until interrupted, then exits 0', async () => {
    const dir = await makeLog(10)
    await using log = await Log.open(dir)
    const w = await log.writer()
    const child = spawn(process.execPath, [CLI, 'tail', dir, '-n', '2', '-f'], { stdio: ['ignore', 'pipe', 'pipe'] })
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    const seen: number[] = []
    let buffered = ''
    const waitFor = (count: number): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (seen.length >= count) {
            child.stdout.off('data', onData)
            resolve()
          }
        }
        const onData = (chunk: Buffer): void => {
          buffered += chunk.toString()
          const lines = buffered.split('\n')
          buffered = lines.pop()!
          for (const l of lines) seen.push(JSON.parse(l).offset)
          check()
        }
        child.stdout.on('data', onData)
        check()
      })
    await waitFor(2)
    expect(seen).toEqual([8, 9])
    await w.append([{ value: 'live-1' }, { value: 'live-2' }])
    await waitFor(4)
    await w.append({ value: 'live-3' })
    await waitFor(5)
    expect(seen).toEqual([8, 9, 10, 11, 12])
    child.kill('SIGINT')
    expect(await exited).toBe(0)
  })

  it('--version is the version in the package.json next to dist/', async () => {
    // A copy of the package with another version: the command must read it, not carry its own.
    const pkg = dirs.make()
    fs.mkdirSync(path.join(pkg, 'dist'))
    fs.copyFileSync(CLI, path.join(pkg, 'dist', 'cli.js'))
    fs.symlinkSync(fileURLToPath(new URL('../../node_modules', import.meta.url)), path.join(pkg, 'node_modules'), 'dir')
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@kafka-lite/log', version: '9.8.7-test', type: 'module' }))
    const r = await new Promise<Run>((resolve) =>
      execFile(process.execPath, [path.join(pkg, 'dist', 'cli.js'), '--version'], (err, stdout, stderr) =>
        resolve({ code: err === null ? 0 : (err.code as number), stdout, stderr }),
      ),
    )
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '9.8.7-test\n', ''])
    const own = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    expect((await cli(['-v'])).stdout).toBe(`${own.version}\n`)
  })

  it('runtime failures exit 1 with one line naming the code, never a stack trace', async (ctx) => {
    // Not a log: an empty directory, or one holding other files; verify and stats say so.
    const empty = dirs.make()
    const other = dirs.make()
    fs.writeFileSync(path.join(other, 'notes.txt'), 'hello')
    for (const dir of [empty, other]) {
      for (const command of ['verify', 'stats']) {
        const r = await cli([command, dir, '--json'])
        expect([command, r.code, r.stdout]).toEqual([command, 1, ''])
        expect(r.stderr).toContain('(KLOG_NOT_A_LOG)')
        oneLine(r.stderr)
      }
    }
    // A path that does not exist, or is a file.
    const missing = await cli(['verify', path.join(empty, 'missing')])
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('(ENOENT)')])
    oneLine(missing.stderr)
    const file = await cli(['stats', path.join(other, 'notes.txt')])
    expect([file.code, file.stderr]).toEqual([1, expect.stringContaining('(ENOTDIR)')])
    // dump of a file that is none of a log's.
    const notes = await cli(['dump', path.join(other, 'notes.txt')])
    expect([notes.code, notes.stdout, notes.stderr]).toEqual([1, '', expect.stringContaining('(KLOG_NOT_A_LOG)')])
    oneLine(notes.stderr)

    // A bad --json-input record on line 3: lines 1-2 are appended, none after; exit 1, line named.
    const dir = path.join(dirs.make(), 'log')
    const bad = await cli(['append', dir, '--json-input'], '{"value":"a"}\n{"value":"b"}\n{"value":5}\n{"value":"d"}\n')
    expect([bad.code, bad.stdout]).toEqual([1, ''])
    expect(bad.stderr).toMatch(/line 3 .*offsets 0\.\.1/)
    oneLine(bad.stderr)
    const notJson = await cli(['append', dir, '--json-input'], 'oops\n')
    expect([notJson.code, notJson.stderr]).toEqual([1, expect.stringContaining('line 1 is not JSON')])
    {
      await using log = await Log.open(dir, { readOnly: true })
      expect((await log.reader().read()).map((r) => r.value?.toString())).toEqual(['a', 'b'])
    }

    // A directory this user may not read (EACCES): as root, run the command as nobody.
    const log = await makeLog(20)
    const parent = path.dirname(log)
    const asNobody = process.getuid?.() === 0
    if (asNobody && !fs.existsSync('/proc/self')) return ctx.skip()
    fs.chmodSync(parent, 0o755)
    fs.chmodSync(log, 0o700)
    if (!asNobody) fs.chmodSync(log, 0o000)
    try {
      for (const command of ['verify', 'stats', 'dump', 'tail']) {
        const r = await new Promise<Run>((resolve) =>
          execFile(
            process.execPath,
            [CLI, command, log],
            { timeout: 60_000, ...(asNobody ? { uid: 65534, gid: 65534 } : {}) },
            (err, stdout, stderr) => resolve({ code: err === null ? 0 : (err.code as number), stdout, stderr }),
          ),
        )
        expect([command, r.code]).toEqual([command, 1])
        expect(r.stderr).toMatch(/EACCES/)
        oneLine(r.stderr)
      }
    } finally {
      fs.chmodSync(log, 0o755)
    }
  })

  it('verify: a missing middle segment fails it (exit 1): readers cannot read past it', async () => {
    const dir = await makeLog(200)
    const bases = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.log'))
      .sort()
      .map((n) => Number(n.slice(0, 20)))
    for (const suffix of ['log', 'index', 'timeindex'] as const) fs.rmSync(segmentPath(dir, bases[3]!, suffix))
    const r = await cli(['verify', dir, '--json'])
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout)
    expect(report.ok).toBe(false)
    expect(report.problems).toContainEqual(
      expect.objectContaining({ kind: 'segment-gap', severity: 'error', file: segmentPath(dir, bases[4]!, 'log'), offset: bases[3] }),
    )
    // What a reader says of the same log.
    await using log = await Log.open(dir, { readOnly: true })
    await expect(
      (async () => {
        for await (const _ of log.reader()) void _
      })(),
    ).rejects.toMatchObject({ code: 'KLOG_CORRUPT_SEGMENT' })
  })

  it('verify: a gzip batch that does not decompress (valid CRC) fails it (exit 1), as it fails readers', async () => {
    const dir = path.join(dirs.make(), 'log')
    {
      await using log = await Log.open(dir, { fsync: 'never', compression: 'gzip' })
      const w = await log.writer()
      for (let i = 0; i < 3; i++) await w.append(Array.from({ length: 20 }, (_, j) => ({ value: `record-${i}-${j}`.repeat(4) })))
    }
    const file = segmentPath(dir, 0, 'log')
    const batches = jsonLines((await cli(['dump', file, '--json'])).stdout).filter((x) => 'baseOffset' in x)
    const victim = batches[1]
    // The gzip stream's deflate data becomes garbage; the CRC is made to match again.
    const bytes = fs.readFileSync(file)
    bytes.fill(0xa5, victim.position + 61 + 10, victim.position + victim.size - 8)
    fs.writeFileSync(file, bytes)
    resign(file, victim.position)
    const r = await cli(['verify', dir, '--json'])
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout).problems).toContainEqual(
      expect.objectContaining({ kind: 'corrupt-records', severity: 'error', file, position: victim.position, offset: victim.baseOffset }),
    )
    await using log = await Log.open(dir, { readOnly: true })
    await expect(log.get(victim.baseOffset)).rejects.toMatchObject({ code: 'KLOG_CORRUPT_SEGMENT' })
  })

  it('verify: a batch whose records disagree with its header (valid CRC) fails it through the library decode', async () => {
    const dir = path.join(dirs.make(), 'log')
    {
      await using log = await Log.open(dir, { fsync: 'never' })
      await (await log.writer()).append([{ value: 'a' }, { value: 'b' }, { value: 'c' }])
    }
    const file = segmentPath(dir, 0, 'log')
    const bytes = fs.readFileSync(file)
    // Record 1's offset delta (zigzag 1 = 0x02: length, attributes, timestamp delta 0, then it)
    // becomes 0: two records at offset 0, in a batch whose CRC still holds once re-signed.
    const first = 61 + 1 + (bytes[61]! >> 1) // record 0: 1-byte length prefix + its body
    expect([bytes[first + 3], bytes[first + 2]]).toEqual([0x02, 0x00])
    bytes[first + 3] = 0x00
    fs.writeFileSync(file, bytes)
    const batch = resign(file, 0)
    // verify inherits the decoder's checks: the decoder rejects this batch, so verify must too.
    expect(() => decodeBatch(batch, 0, 0, [] as LogRecord[], Infinity)).toThrow(expect.objectContaining({ code: 'KLOG_CORRUPT_SEGMENT' }))
    const r = await cli(['verify', dir, '--json'])
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout).problems).toContainEqual(expect.objectContaining({ kind: 'corrupt-records', file, position: 0 }))
  })

  it('verify and stats report the same Kafka offsets: logStartOffset and logEndOffset (exclusive)', async () => {
    const dir = await makeLog(300)
    {
      await using log = await Log.open(dir, { fsync: 'never' })
      await (await log.writer()).deleteRecordsBefore(100)
    }
    const verified = JSON.parse((await cli(['verify', dir, '--json'])).stdout)
    const stats = JSON.parse((await cli(['stats', dir, '--json'])).stdout)
    expect([verified.logStartOffset, verified.logEndOffset]).toEqual([100, 300])
    expect([stats.logStartOffset, stats.logEndOffset]).toEqual([100, 300])
    const text = (await cli(['verify', dir])).stdout
    expect(text).toContain('logStartOffset 100, logEndOffset 300')
  })

  it('tail -n N after compaction prints the last N records (offsets have holes)', async () => {
    const dir = path.join(dirs.make(), 'log')
    let all: LogRecord[]
    {
      await using log = await Log.open(dir, { fsync: 'never', cleanupPolicy: 'compact', segmentBytes: 1024 })
      const w = await log.writer()
      // Odd offsets have keys of their own (they stay), even ones share 7 keys (compacted away).
      for (let i = 0; i < 300; i++) await w.append({ key: i % 2 === 1 ? `u${i}` : `k${i % 7}`, value: `v${i}` })
      await w.compact()
      all = []
      for await (const r of log.reader()) all.push(r)
    }
    expect(all.length).toBeLessThan(200) // holes
    for (const n of [5, 30, 100, 1000]) {
      const r = await cli(['tail', dir, '-n', String(n)])
      expect(r.code).toBe(0)
      expect(jsonLines(r.stdout).map((x) => x.offset)).toEqual(all.slice(-n).map((x) => x.offset))
    }
  })

  it('append --fsync <policy> is the log fsync policy: always fsyncs every append (counted with strace)', async (ctx) => {
    if (!fs.existsSync('/usr/bin/strace')) return ctx.skip()
    const lines = Array.from({ length: 2000 }, (_, i) => `v${i}`).join('\n') + '\n'
    const fsyncs = async (policy: string): Promise<number> => {
      const dir = path.join(dirs.make(), 'log')
      const trace = path.join(dirs.make(), 'trace')
      const r = await new Promise<Run>((resolve) => {
        const child = execFile(
          '/usr/bin/strace',
          [
            '-f',
            '-qq',
            '-o',
            trace,
            '-e',
            'trace=fsync,fdatasync',
            process.execPath,
            CLI,
            'append',
            dir,
            '--batch',
            '100',
            '--fsync',
            policy,
          ],
          { timeout: 120_000 },
          (err, stdout, stderr) => resolve({ code: err === null ? 0 : (err.code as number), stdout, stderr }),
        )
        child.stdin!.end(lines)
      })
      if (r.code !== 0 && /ptrace|Operation not permitted/.test(r.stderr)) return -1
      expect([policy, r.code, JSON.parse(r.stdout)]).toEqual([policy, 0, { count: 2000, baseOffset: 0, lastOffset: 1999 }])
      return fs
        .readFileSync(trace, 'utf8')
        .split('\n')
        .filter((l) => /\b(fsync|fdatasync)\(/.test(l)).length
    }
    const never = await fsyncs('never')
    if (never < 0) return ctx.skip() // strace may not trace here (no ptrace permission)
    const always = await fsyncs('always')
    // 20 appends of 100 records: each one fsynced before it resolves under 'always'.
    expect(always).toBeGreaterThanOrEqual(never + 20)
    expect((await cli(['append', dirs.make(), '--fsync', 'sometimes'], 'x\n')).code).toBe(2)
  })

  it("dump accepts kafka-dump-log's flags and prints its batch and record fields", async () => {
    const dir = await makeLog(40)
    const log0 = segmentPath(dir, 0, 'log')
    const index0 = segmentPath(dir, 0, 'index')
    // --files (comma-separated) with --deep-iteration --print-data-log, as Kafka's tool takes them.
    const r = await cli(['dump', '--files', `${log0},${index0}`, '--deep-iteration', '--print-data-log'])
    expect([r.code, r.stderr]).toEqual([0, ''])
    const [log, index] = parseDump(r.stdout)
    expect([log!.file, log!.problems, index!.file, index!.problems]).toEqual([log0, [], index0, []])
    expect(r.stdout).toContain('Log starting offset: 0')
    const first = r.stdout.split('\n').find((l) => l.startsWith('baseOffset: 0 '))!
    expect(first).toMatch(
      /^baseOffset: 0 lastOffset: 4 count: 5 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: -1 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: \d+ size: \d+ magic: 2 compresscodec: none crc: \d+ isvalid: true$/,
    )
    expect(r.stdout).toMatch(
      /^\| offset: 0 CreateTime: \d+ keySize: 2 valueSize: 6 sequence: -1 headerKeys: \[h\] key: k0 payload: line-0$/m,
    )
    expect(index!.entries.length).toBeGreaterThan(0)
    // --skip-record-metadata: only key and payload.
    const skip = await cli(['dump', log0, '--skip-record-metadata'])
    expect(skip.stdout).toMatch(/^\| key: k0 payload: line-0$/m)
    // The same fields in JSON.
    const [batch] = jsonLines((await cli(['dump', log0, '--json', '--deep-iteration'])).stdout).filter((x) => 'baseOffset' in x)
    expect(batch).toEqual({
      baseOffset: 0,
      lastOffset: 4,
      count: 5,
      baseSequence: -1,
      lastSequence: -1,
      producerId: -1,
      producerEpoch: -1,
      partitionLeaderEpoch: -1,
      isTransactional: false,
      isControl: false,
      deleteHorizonMs: null,
      position: 0,
      timestampType: 'CreateTime',
      maxTimestamp: expect.any(Number),
      size: expect.any(Number),
      magic: 2,
      compresscodec: 'none',
      crc: expect.any(Number),
      isvalid: true,
      records: Array.from({ length: 5 }, (_, i) => ({
        offset: i,
        timestamp: expect.any(Number),
        keySize: 2,
        valueSize: 6,
        sequence: -1,
        headerKeys: ['h'],
      })),
    })
    // Flags for Kafka's internal topics and Java classes do not apply: a usage mistake, said so.
    for (const flag of ['--offsets-decoder', '--transaction-log-decoder', '--verify-index-only']) {
      const k = await cli(['dump', log0, flag])
      expect([flag, k.code]).toEqual([flag, 2])
    }
    expect((await cli(['dump', '--files', log0, log0])).code).toBe(2)
  })
})
