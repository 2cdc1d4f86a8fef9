#!/usr/bin/env node
// The read paths of @kafka-lite/log alone, one per process, for before/after comparisons of one
// change (two builds side by side: `--dist` picks the build). Whole-process timers (/usr/bin/time -v,
// hyperfine) compare two builds on one populated directory; the in-process rate it prints is only a
// hint on a loaded machine.
//
//   node read-paths.mjs populate DIR [--records 600000] [--batch 64] [--size 180]
//   node read-paths.mjs sync|async|iterate|chunks|first DIR [--reads 100000] [--dist ../dist/index.js]
//
// sync: log.getSync at uniformly random offsets; async: await log.get; iterate: `for await` over a
// reader from offset 0; chunks: reader.read({ maxBytes: 1 MiB }) from offset 0; first: a new reader
// at a random offset and its first record, `--reads` times. Every mode checks what it read (the id in
// each value's first 4 bytes, see data.mjs) and exits 1 when it is wrong. `--json` prints one JSON
// line instead of the rate: records, wall seconds and CPU microseconds (user + system, every thread
// of the process: `process.cpuUsage()`) of the timed loop alone, so that start-up and open, the same
// in every mode, do not dilute a ratio of two modes.
//
//   node read-paths.mjs suite [--results DIR] [--quick] [--rounds 3] [--records N] [--reads N] [--dist FILE]
//
// suite: the issue-22 goals of the read paths (run by run.mjs; bench/goals.mjs reads its output).
// Populates a temp dir once, then runs sync, async, iterate, chunks and first each in its own process
// (--json), `--rounds` times alternated, and writes DIR/read-paths.{json,md} (default bench/results).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { idOf, makeBatch, rng } from './data.mjs'

const args = process.argv.slice(2)
const opt = (name, fallback) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : fallback
}
const [mode, dir] = args
const dist = path.resolve(opt('--dist', new URL('../dist/index.js', import.meta.url).pathname))

// ------------------------------------------------------------------------------- suite

/** Runs this script in a fresh process; its stdout, or it throws with everything it printed. */
function runSelf(argv) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...argv], { encoding: 'utf8', maxBuffer: 64 << 20 })
  if (r.status !== 0) {
    throw new Error(
      `read-paths.mjs ${argv.join(' ')} failed (${r.error?.message ?? r.signal ?? `exit ${r.status}`}):\n${r.stdout}${r.stderr}`,
    )
  }
  return r.stdout
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** The goals compare modes per record; each pair is taken within one round, so both saw the same load. */
const PAIRS = [
  { name: 'get ÷ getSync', num: 'async', den: 'sync' },
  { name: 'iterate ÷ chunks', num: 'iterate', den: 'chunks' },
  { name: 'first ÷ get', num: 'first', den: 'async' },
]
const MODES = ['sync', 'async', 'iterate', 'chunks', 'first']

function suite() {
  const quick = args.includes('--quick')
  const rounds = Number(opt('--rounds', quick ? 1 : 3))
  const records = Number(opt('--records', quick ? 100_000 : 600_000))
  const reads = Number(opt('--reads', quick ? 20_000 : 100_000))
  const out = path.resolve(opt('--results', fileURLToPath(new URL('results', import.meta.url))))
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'klbench-read-paths-'))
  const runs = Object.fromEntries(MODES.map((m) => [m, []]))
  try {
    const logDir = path.join(tmp, 'log')
    console.error(`read paths: populating ${records} records …`)
    runSelf(['populate', logDir, '--records', String(records), '--dist', dist])
    for (let round = 1; round <= rounds; round++) {
      for (const m of MODES) {
        const r = JSON.parse(
          runSelf([m, logDir, '--reads', String(reads), '--dist', dist, '--json'])
            .trim()
            .split('\n')
            .pop(),
        )
        r.cpuUsPerRecord = r.cpuUs / r.records
        r.wallUsPerRecord = (r.seconds * 1e6) / r.records
        runs[m].push(r)
        console.error(
          `  [round ${round}] ${m.padEnd(7)} ${r.records} records, ${r.cpuUsPerRecord.toFixed(2)} µs CPU / record, ${r.wallUsPerRecord.toFixed(2)} µs wall`,
        )
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  const modes = Object.fromEntries(
    MODES.map((m) => [
      m,
      {
        cpuUsPerRecord: median(runs[m].map((r) => r.cpuUsPerRecord)),
        wallUsPerRecord: median(runs[m].map((r) => r.wallUsPerRecord)),
        runs: runs[m],
      },
    ]),
  )
  const ratios = PAIRS.map(({ name, num, den }) => {
    const perRun = (field) => runs[num].map((r, i) => r[field] / runs[den][i][field])
    return {
      name,
      num,
      den,
      cpu: median(perRun('cpuUsPerRecord')),
      cpuRuns: perRun('cpuUsPerRecord'),
      wall: median(perRun('wallUsPerRecord')),
      wallRuns: perRun('wallUsPerRecord'),
    }
  })
  const cpus = os.cpus()
  const machine = `Node ${process.version}, ${os.platform()} ${os.release()}, ${cpus[0]?.model.trim()} × ${cpus.length}, temp dirs in ${os.tmpdir()}`
  // The build as a path from here (not this machine's absolute path): the JSON is committed.
  const build = path.relative(fileURLToPath(new URL('.', import.meta.url)), dist)
  const result = { date: new Date().toISOString(), machine, options: { quick, rounds, records, reads, dist: build }, modes, ratios }
  const md = renderSuite(result)
  console.log(md)
  fs.mkdirSync(out, { recursive: true })
  fs.writeFileSync(path.join(out, 'read-paths.json'), JSON.stringify(result, null, 2) + '\n')
  fs.writeFileSync(path.join(out, 'read-paths.md'), md)
}

function renderSuite({ machine, options: o, modes, ratios }) {
  const runs = (xs) => xs.map((x) => x.toFixed(2)).join(' / ')
  return [
    '# Read paths',
    '',
    `${machine}. ${o.records} records of 180 B in batches of 64; sync, async and first: ${o.reads} reads at random offsets; iterate and chunks: every record from offset 0. Each mode in its own process, ${o.rounds} round(s) alternated, medians; CPU and wall time of the timed loop alone. Generated by \`bench/read-paths.mjs suite\`.`,
    '',
    '| mode | µs CPU per record | µs wall per record |',
    '| --- | ---: | ---: |',
    ...MODES.map((m) => `| ${m} | ${modes[m].cpuUsPerRecord.toFixed(3)} | ${modes[m].wallUsPerRecord.toFixed(3)} |`),
    '',
    '| ratio (per record) | CPU | per round | wall | per round |',
    '| --- | ---: | --- | ---: | --- |',
    ...ratios.map((r) => `| ${r.name} | ${r.cpu.toFixed(2)} | ${runs(r.cpuRuns)} | ${r.wall.toFixed(2)} | ${runs(r.wallRuns)} |`),
    '',
  ].join('\n')
}

// ------------------------------------------------------------------------------- one mode

if (mode === 'suite') {
  suite()
  process.exit(0)
}

const { Log } = await import(pathToFileURL(dist).href)
const reads = Number(opt('--reads', 100_000))

if (mode === 'populate') {
  const records = Number(opt('--records', 600_000))
  const batch = Number(opt('--batch', 64))
  const size = Number(opt('--size', 180))
  const log = await Log.open(dir, { fsync: 'never' })
  const w = await log.writer()
  for (let i = 0; i < records; i += batch) await w.append(makeBatch(i, Math.min(batch, records - i), size).map((value) => ({ value })))
  await w.close()
  await log.close()
  process.exit(0)
}

const log = await Log.open(dir, { fsync: 'never' })
const total = log.highWatermark
const rand = rng(0xc0ffee)
let wrong = 0
let count = 0
const t0 = performance.now()
const cpu0 = process.cpuUsage()
if (mode === 'sync' || mode === 'async') {
  for (let i = 0; i < reads; i++) {
    const offset = Math.floor(rand() * total)
    const r = mode === 'sync' ? log.getSync(offset) : await log.get(offset)
    if (idOf(r.value) !== offset) wrong++
    count++
  }
} else if (mode === 'iterate' || mode === 'chunks') {
  const reader = log.reader({ from: 0 })
  if (mode === 'iterate') {
    for await (const r of reader) {
      if (idOf(r.value) !== count) wrong++
      if (++count === total) break
    }
  } else {
    while (count < total) {
      const rs = await reader.read({ maxBytes: 1 << 20 })
      for (const r of rs) if (idOf(r.value) !== count++) wrong++
    }
  }
  await reader.close()
} else if (mode === 'first') {
  for (let i = 0; i < reads; i++) {
    const offset = Math.floor(rand() * total)
    const reader = log.reader({ from: offset })
    for await (const r of reader) {
      if (idOf(r.value) !== offset) wrong++
      break
    }
    await reader.close()
    count++
  }
} else {
  console.error('usage: node read-paths.mjs populate|sync|async|iterate|chunks|first DIR [options] | suite [options]')
  process.exit(2)
}
const seconds = (performance.now() - t0) / 1000
const cpu = process.cpuUsage(cpu0)
await log.close()
if (args.includes('--json')) console.log(JSON.stringify({ mode, records: count, seconds, cpuUs: cpu.user + cpu.system, wrong }))
else console.log(`${mode}: ${count} records, ${Math.round(count / seconds)} records/s${wrong > 0 ? `, ${wrong} WRONG` : ''}`)
process.exit(wrong > 0 ? 1 : 0)
