#!/usr/bin/env node
// Runs the benchmark suite: every (peer, workload, run) in a fresh child process with its own temp
// directory, medians over runs, then the table (stdout), results/latest.{json,md} and results/chart.svg.
//
//   node run.mjs [--quick] [--runs N] [--peers a,b] [--skip-peers a,b] [--workloads a,b]
//                [--no-build] [--no-extras] [--timeout SECONDS] [--out DIR]
//
// Then, when the run covered every peer and every workload and --no-extras is not given, the other
// benches issue 22's goals need, each in a child process, one after the other, writing into the same
// directory: compression.mjs, compaction.mjs, tail-latency/run.mjs (4 followers, 20,000 and 100,000
// appends/s, as followers.{md,json}: tail-latency.{md,json} stay the one-follower table) and
// read-paths.mjs suite. Last, goals.mjs over that directory: its table closes stdout.
// Otherwise only goals.mjs runs, over whatever result files exist (their dates show what is stale).
// A failed child fails the run (exit 1).
import { fork, spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PEERS, loadAdapter } from './peers/index.mjs'
import { WORKLOADS, paramsOf } from './workloads.mjs'
import { summarize, renderTable, writeReports } from './report.mjs'

const HERE = path.dirname(fileURLToPath(import.meta.url))

function parseArgs(argv) {
  const o = {
    quick: false,
    runs: null,
    peers: [...PEERS],
    workloads: Object.keys(WORKLOADS),
    build: true,
    extras: true,
    timeout: null,
    out: path.join(HERE, 'results'),
  }
  const list = (v, known, what) => {
    const xs = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    for (const x of xs) if (!known.includes(x)) throw new Error(`unknown ${what} "${x}" (known: ${known.join(', ')})`)
    return xs
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i],
      next = () => {
        if (i + 1 >= argv.length) throw new Error(`${a} needs a value`)
        return argv[++i]
      }
    if (a === '--quick') o.quick = true
    else if (a === '--runs') o.runs = Number(next())
    else if (a === '--peers') o.peers = list(next(), PEERS, 'peer')
    else if (a === '--skip-peers') {
      const s = list(next(), PEERS, 'peer')
      o.peers = o.peers.filter((p) => !s.includes(p))
    } else if (a === '--workloads') o.workloads = list(next(), Object.keys(WORKLOADS), 'workload')
    else if (a === '--no-build') o.build = false
    else if (a === '--no-extras') o.extras = false
    else if (a === '--timeout') o.timeout = Number(next())
    else if (a === '--out') o.out = path.resolve(next())
    else if (a === '--help' || a === '-h') {
      console.log(
        fs
          .readFileSync(fileURLToPath(import.meta.url), 'utf8')
          .split('\n')
          .slice(1, 13)
          .join('\n'),
      )
      process.exit(0)
    } else throw new Error(`unknown argument ${a}`)
  }
  o.runs ??= o.quick ? 1 : 3
  o.timeout ??= o.quick ? 300 : 1800
  if (!(o.runs >= 1)) throw new Error('--runs must be >= 1')
  return o
}

const log = (...xs) => console.error(...xs)

/** Runs one child; resolves { ok, result?, error?, unavailable? } and never rejects. */
function child(job, timeoutSec) {
  return new Promise((resolve) => {
    const cp = fork(path.join(HERE, 'child.mjs'), [JSON.stringify(job)], {
      execArgv: ['--max-old-space-size=8192'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    let msg = null,
      done = false
    const finish = (r) => {
      if (!done) {
        done = true
        clearTimeout(timer)
        resolve(r)
      }
    }
    const timer = setTimeout(() => {
      cp.kill('SIGKILL')
      finish({ ok: false, error: `timed out after ${timeoutSec}s` })
    }, timeoutSec * 1000)
    cp.on('message', (m) => {
      msg = m
    })
    cp.on('error', (e) => finish({ ok: false, error: String(e) }))
    cp.on('exit', (code, signal) => finish(msg ?? { ok: false, error: `child exited ${signal ?? code} without a result` }))
  })
}

function tempDir(peer, workload) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `klbench-${peer}-${workload}-`))
}

function buildKafkaLite() {
  const t0 = Date.now()
  log('building @kafka-lite/log (npm --prefix .. run build) …')
  const r = spawnSync('npm', ['--prefix', path.join(HERE, '..'), 'run', 'build'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ''}\n${r.stderr ?? ''}`
      .trim()
      .split('\n')
      .filter((l) => !/npm warn/i.test(l))
      .slice(-3)
      .join(' | ')
    return `build failed: ${tail || r.error?.message || 'exit ' + r.status}`
  }
  log(`  built in ${((Date.now() - t0) / 1000).toFixed(1)}s`)
  return null
}

async function main() {
  const o = parseArgs(process.argv.slice(2))
  const started = new Date()
  log(`kafka-lite bench: ${o.quick ? 'quick' : 'full'}, ${o.runs} run(s), peers ${o.peers.join(', ')}; workloads ${o.workloads.join(', ')}`)

  const unavailable = {}
  if (o.peers.includes('kafka-lite') && o.build) {
    const err = buildKafkaLite()
    if (err) unavailable['kafka-lite'] = err
  }
  const adapters = {}
  for (const peer of o.peers) {
    adapters[peer] = await loadAdapter(peer)
    if (unavailable[peer]) continue
    const r = await child({ peer, phase: 'probe' }, 120)
    if (!r.ok) unavailable[peer] = r.error
  }
  for (const [p, why] of Object.entries(unavailable)) log(`  ${p}: unavailable (${why})`)

  // samples[workload][peer] = [{ ok, result | error }, ...]
  const samples = {}
  for (const w of o.workloads) {
    samples[w] = {}
    for (const p of o.peers) samples[w][p] = []
  }
  const scanLike = o.workloads.filter((w) => WORKLOADS[w].populate)
  const writes = o.workloads.filter((w) => !WORKLOADS[w].populate)

  const references = []
  for (let run = 1; run <= o.runs; run++) {
    if (o.workloads.some((w) => WORKLOADS[w].durable)) {
      const dir = tempDir('reference', 'fsync')
      const r = await child({ phase: 'reference', params: paramsOf('durable-1', o.quick), dir }, o.timeout)
      fs.rmSync(dir, { recursive: true, force: true })
      if (r.ok) {
        references.push(r.result)
        log(`  [run ${run}] reference: write+fsync ${fmtRate(r.result.fsync)}/s, write+fdatasync ${fmtRate(r.result.fdatasync)}/s`)
      } else log(`  [run ${run}] reference failed: ${r.error}`)
    }
    for (const peer of o.peers) {
      if (unavailable[peer]) continue
      const a = adapters[peer]
      for (const w of writes) {
        if (WORKLOADS[w].durable && a.durable !== true) continue
        const dir = tempDir(peer, w)
        const r = await child({ peer, workload: w, phase: 'measure', params: paramsOf(w, o.quick), dir }, o.timeout)
        fs.rmSync(dir, { recursive: true, force: true })
        samples[w][peer].push(r)
        progress(run, peer, w, r)
      }
      if (scanLike.length > 0) {
        // scan and random-read share one populated directory per (peer, run); each runs in its own process
        const dir = tempDir(peer, 'read')
        const pop = await child({ peer, workload: scanLike[0], phase: 'populate', params: paramsOf(scanLike[0], o.quick), dir }, o.timeout)
        if (!pop.ok) log(`  [run ${run}] ${peer} populate failed: ${pop.error}`)
        for (const w of scanLike) {
          const r = pop.ok
            ? await child({ peer, workload: w, phase: 'measure', params: paramsOf(w, o.quick), dir }, o.timeout)
            : { ok: false, error: `populate failed: ${pop.error}` }
          samples[w][peer].push(r)
          progress(run, peer, w, r)
        }
        fs.rmSync(dir, { recursive: true, force: true })
      }
    }
  }

  const summary = summarize({ o, samples, unavailable, adapters, started, references })
  console.log(renderTable(summary))
  writeReports(summary, o.out)
  log(`wrote ${path.relative(process.cwd(), path.join(o.out, 'latest.json'))}, latest.md, chart.svg`)
  await extrasAndGoals(o)
}

/** The extras (when the run covered everything and they were not turned off), then the goals table; throws if a child failed. */
async function extrasAndGoals(o) {
  const failed = []
  const everything = PEERS.every((p) => o.peers.includes(p)) && Object.keys(WORKLOADS).every((w) => o.workloads.includes(w))
  if (!o.extras) log('--no-extras: the goals from the result files as they are')
  else if (!everything) log('a filtered run (--peers, --skip-peers or --workloads): no extras; the goals from the result files as they are')
  else {
    for (const extra of extras(o)) {
      log(`\n${extra.title} (node ${extra.args.join(' ')}) …`)
      const r = await script(extra.args, o.timeout, process.stderr)
      if (!r.ok) failed.push(failure(extra.title, extra.args, r))
    }
  }
  log('\ngoals (node goals.mjs) …')
  const goals = await script(['goals.mjs', '--results', o.out], 120, null)
  if (goals.ok) console.log(`\n${goals.stdout}`)
  else failed.push(failure('goals', ['goals.mjs', '--results', o.out], goals))
  if (failed.length > 0) {
    for (const f of failed) log(f)
    throw new Error(`${failed.length} step(s) failed: see above`)
  }
}

/**
 * The benches besides the peer table that the goals read, with the options that measure what issue
 * 22 names; --quick gives each a size that takes seconds (the full set should take about 5 minutes).
 */
function extras(o) {
  const q = o.quick
  return [
    { title: 'compression', args: ['compression.mjs', '--results', o.out, ...(q ? ['--records', '20000', '--runs', '1'] : [])] },
    { title: 'compaction', args: ['compaction.mjs', '--results', o.out, ...(q ? ['--records', '100000', '--keys', '10000'] : [])] },
    {
      title: 'follower latency, 4 followers',
      // The library was built above (or --no-build asked for the existing one): no second build.
      args: [
        'tail-latency/run.mjs',
        '--no-build',
        '--out',
        o.out,
        '--name',
        'followers',
        ...'--fsync never --followers worker,process --concurrent 4'.split(' '),
        '--rate',
        '20000,100000',
        '--seconds',
        q ? '1' : '5',
      ],
    },
    { title: 'read paths', args: ['read-paths.mjs', 'suite', '--results', o.out, ...(q ? ['--quick'] : [])] },
  ]
}

const TAIL_LINES = 40

/**
 * Runs a script of this directory in a child process; resolves { ok, stdout, tail, why } and never
 * rejects. Its output goes to `echo` as it comes (progress on a long run), and the last lines are
 * kept to show again if it fails, where they would otherwise be far up the terminal.
 */
function script(args, timeoutSec, echo) {
  return new Promise((resolve) => {
    const cp = spawn(process.execPath, [path.join(HERE, args[0]), ...args.slice(1)], { cwd: HERE, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let all = ''
    const take = (isStdout) => (chunk) => {
      const text = chunk.toString()
      if (isStdout) stdout += text
      all = (all + text).slice(-64 * 1024)
      echo?.write(text)
    }
    cp.stdout.on('data', take(true))
    cp.stderr.on('data', take(false))
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      cp.kill('SIGKILL')
    }, timeoutSec * 1000)
    const done = (why) => {
      clearTimeout(timer)
      resolve({ ok: why === null, stdout, tail: all.trimEnd().split('\n').slice(-TAIL_LINES).join('\n'), why })
    }
    cp.on('error', (e) => done(String(e)))
    cp.on('close', (code, signal) =>
      done(timedOut ? `timed out after ${timeoutSec}s` : code === 0 ? null : `exited with ${signal ?? `code ${code}`}`),
    )
  })
}

const failure = (title, args, r) => `\n${title} FAILED (node ${args.join(' ')}: ${r.why}); its last output:\n${r.tail}`

function progress(run, peer, w, r) {
  if (!r.ok) return log(`  [run ${run}] ${peer.padEnd(14)} ${w.padEnd(15)} ERROR ${r.error.split('\n')[0]}`)
  const x = r.result
  const rate = x.records / x.seconds
  const v = x.verify.ok ? 'ok' : `VERIFY FAILED: ${x.verify.errors.join('; ')}`
  log(
    `  [run ${run}] ${peer.padEnd(14)} ${w.padEnd(15)} ${fmtRate(rate).padStart(9)} rec/s  ${x.seconds.toFixed(2)}s  rss ${x.maxRSSMiB.toFixed(0)} MiB  ${v}`,
  )
}
const fmtRate = (x) => (x >= 1e6 ? (x / 1e6).toFixed(2) + 'M' : x >= 1e3 ? (x / 1e3).toFixed(1) + 'k' : x.toFixed(0))

main().catch((e) => {
  console.error(e?.message ?? e)
  process.exit(1)
})
