#!/usr/bin/env node
// Issue 22's goals, each as a ratio (or a latency) against its bar, from the result files of the
// benches in one results directory: met, missed, or "not measured" when its source file (or the
// figure in it) is missing. Every row names its source file and that file's date, so a figure left
// from an older run shows as such. run.mjs runs this last; it reads files only, runs no benchmark.
//
//   node goals.mjs [--results DIR]      # default bench/results; --out DIR is the same option
//
// Prints the table (markdown) and writes DIR/goals.md and DIR/goals.json. Sources:
//   latest.json       run.mjs: records/s per (workload, peer), medians and every run
//   read-paths.json   read-paths.mjs suite: CPU per record of each read path, in separate processes
//   followers.json    tail-latency/run.mjs --name followers --concurrent 4 --rate 20000,100000 --fsync never
//   compression.json  compression.mjs: append and scan against the codec alone
//   compaction.json   compaction.mjs: cleaning throughput
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = path.dirname(fileURLToPath(import.meta.url))

function parseArgs(argv) {
  const o = { dir: path.join(HERE, 'results') }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--results' || a === '--out') {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`)
      o.dir = path.resolve(argv[++i])
    } else if (a === '--help' || a === '-h') {
      console.log('usage: node goals.mjs [--results DIR]')
      process.exit(0)
    } else throw new Error(`unknown argument ${a}`)
  }
  return o
}

// ------------------------------------------------------------------------------- sources

/** One result file: its parsed JSON, date and a few words on how it was run, or why it is absent. */
function source(dir, file, describe) {
  const full = path.join(dir, file)
  if (!fs.existsSync(full)) {
    const md = file.replace(/\.json$/, '.md')
    const why = fs.existsSync(path.join(dir, md)) ? `${file} missing (${md} has no JSON beside it: rerun its bench)` : `${file} missing`
    return { file, missing: why }
  }
  const data = JSON.parse(fs.readFileSync(full, 'utf8'))
  const date = data.date ?? data.meta?.date ?? null
  return { file, data, date, how: describe(data) }
}

const SOURCES = {
  latest: ['latest.json', (d) => `${d.meta.mode}, ${d.meta.runs} run(s)`],
  readPaths: ['read-paths.json', (d) => `${d.options.quick ? 'quick, ' : ''}${d.options.rounds} round(s)`],
  tail: ['followers.json', (d) => `${d.options.seconds} s per row`],
  compression: ['compression.json', (d) => `${d.records.toLocaleString('en')} records, ${d.runs} run(s)`],
  compaction: ['compaction.json', (d) => `${d.records.toLocaleString('en')} records`],
}

const shortDate = (iso) => (iso ? iso.slice(0, 16).replace('T', ' ') + 'Z' : 'no date')
const sourceText = (s) => (s.missing ? s.file : `${s.file}, ${shortDate(s.date)} (${s.how})`)

// ------------------------------------------------------------------------------- rows

const x = (r) => (r == null ? '–' : r.toFixed(2) + '×')
const runsText = (rs) => (rs && rs.length > 1 ? rs.map((r) => (r == null ? '–' : r.toFixed(2))).join(' / ') : '')
const us = (v) => (v >= 1000 ? `${(v / 1000).toFixed(2)} ms` : `${v.toFixed(0)} µs`)

/** A row of the table; `fields` give at least its verdict. */
function row(goal, bar, src, fields) {
  return {
    goal,
    bar: bar.text,
    measured: '–',
    value: null,
    perRun: null,
    note: null,
    source: sourceText(src),
    sourceFile: src.file,
    ...fields,
  }
}

function notMeasured(goal, bar, src, why) {
  return row(goal, bar, src, { verdict: 'not measured', note: why ?? src.missing })
}

const verdictOf = (value, bar) =>
  (bar.atLeast !== undefined ? value >= bar.atLeast : bar.atMost !== undefined ? value <= bar.atMost : value < bar.below) ? 'met' : 'missed'

/** Records/s of each run of a cell, in run order; null for a run that failed or did not verify. */
const runRates = (cell) => (cell.runs ?? []).map((r) => (r.error || !r.verify?.ok ? null : r.records / r.seconds))

/** kafka-lite ÷ `peer` on `workload`: the medians' ratio and kafka-lite's run i over the peer's run i. */
function peerGoal(latest, goal, workload, peer, bar) {
  if (latest.missing) return notMeasured(goal, bar, latest)
  const cells = latest.data.cells[workload]
  const kl = cells?.['kafka-lite']
  const other = cells?.[peer]
  if (!cells) return notMeasured(goal, bar, latest, `${workload} not in this run`)
  if (!kl || !other) return notMeasured(goal, bar, latest, `${!kl ? 'kafka-lite' : peer} not in this run`)
  for (const [name, c] of [
    ['kafka-lite', kl],
    [peer, other],
  ])
    if (c.status !== 'ok') return notMeasured(goal, bar, latest, `${workload} / ${name}: ${c.status}${c.note ? ` (${c.note})` : ''}`)
  const value = kl.opsPerSec / other.opsPerSec
  const a = runRates(kl),
    b = runRates(other)
  const perRun = a.map((r, i) => (r == null || b[i] == null ? null : r / b[i]))
  return row(goal, bar, latest, { measured: x(value), value, perRun, verdict: verdictOf(value, bar) })
}

/** A ratio of two read paths, per record, from read-paths.json (CPU of the timed loop; wall time in the note). */
function readPathGoal(src, goal, name, bar, extraNote) {
  if (src.missing) return notMeasured(goal, bar, src)
  const r = src.data.ratios.find((q) => q.name === name)
  if (!r) return notMeasured(goal, bar, src, `no "${name}" in ${src.file}`)
  const note = [`wall time ${x(r.wall)}`, extraNote].filter(Boolean).join('; ')
  return row(goal, bar, src, { measured: `${x(r.cpu)} CPU`, value: r.cpu, perRun: r.cpuRuns, verdict: verdictOf(r.cpu, bar), note })
}

/** Pooled delivery latency of 4 followers of `kind` at `rate` (fsync never), p99 against the bar. */
function followerGoal(src, kind, rate, bar) {
  const goal = `followers: 4 × ${kind === 'process' ? 'other process' : kind}, ${rate.toLocaleString('en')} appends/s, delivery p99`
  if (src.missing) return notMeasured(goal, bar, src)
  const d = src.data
  const r = d.rows.find(
    (q) =>
      (q.rate ?? d.options.rate) === rate && q.fsync === 'never' && q.kind === kind && (q.followers ?? d.options.concurrent ?? 1) === 4,
  )
  if (!r) {
    const had = [...new Set(d.rows.map((q) => q.followers ?? d.options.concurrent ?? 1))].join(', ')
    return notMeasured(goal, bar, src, `no row with 4 ${kind} followers at ${rate}/s, fsync never (the file has ${had} at once)`)
  }
  const p = r.delivery
  const value = p.p99 / 1000
  // A writer that fell short of the rate measured a lighter load than the goal names: not a pass.
  const short = r.achievedRate < 0.95 * rate
  const notes = [`worst follower p99 ${us(r.worstP99)}`]
  if (short) notes.push(`the writer reached only ${r.achievedRate.toLocaleString('en')}/s`)
  return row(goal, bar, src, {
    measured: `p50 ${us(p.p50)}, p99 ${us(p.p99)}, p99.9 ${us(p.p999)}, max ${us(p.max)}`,
    value,
    verdict: short ? 'missed' : verdictOf(value, bar),
    note: notes.join('; '),
  })
}

/** lz4 or zstd (default level): append (or scan) MB/s ÷ the codec's own compress (or decompress) MB/s. */
function compressionGoal(src, codec, side, bar) {
  const label = codec === 'zstd' ? 'zstd (level 3)' : codec
  const goal = `compression: ${label} ${side} ÷ codec ${side === 'append' ? 'compress' : 'decompress'}`
  if (src.missing) return notMeasured(goal, bar, src)
  const r = src.data.rows.find((q) => q.codec === codec && q.level == null && !q.js)
  const c = r?.codecAlone
  if (!c) return notMeasured(goal, bar, src, `no codec-alone figures for ${codec}`)
  const value = side === 'append' ? c.appendRatio : c.scanRatio
  const ours = side === 'append' ? c.appendMBs : c.scanMBs
  const theirs = side === 'append' ? c.compressMBs : c.decompressMBs
  // Above 1 the codec alone ran slower than inside our own path: it bounds nothing (compression.mjs says why).
  const noYardstick = value > 1
  return row(goal, bar, src, {
    measured: `${x(value)} (${ours.toFixed(0)} of ${theirs.toFixed(0)} MB/s)`,
    value,
    perRun: side === 'append' ? c.appendRatioRuns : c.scanRatioRuns,
    verdict: noYardstick ? 'not shown' : verdictOf(value, bar),
    note: noYardstick ? 'above 1: the codec alone ran slower than our path, so it is no yardstick (see compression.md)' : null,
  })
}

function compactionGoal(src, bar) {
  const goal = 'compaction: cleaning throughput'
  if (src.missing) return notMeasured(goal, bar, src)
  const value = src.data.cleaningMBs
  return row(goal, bar, src, {
    measured: `${value.toFixed(1)} MB/s`,
    value,
    verdict: verdictOf(value, bar),
    note: `${(value / 12.9).toFixed(2)}× the 12.9 MB/s of 2026-11-24`,
  })
}

function goals(s) {
  const atLeast = (v, text) => ({ atLeast: v, text: text ?? `≥ ${v}` })
  const atMost = (v, text) => ({ atMost: v, text: text ?? `≤ ${v}` })
  const below = (ms) => ({ below: ms, text: `p99 < ${ms} ms` })
  return [
    peerGoal(s.latest, 'random-read: kl ÷ lmdb', 'random-read', 'lmdb', atLeast(1.2)),
    peerGoal(s.latest, 'durable-1: kl ÷ raw', 'durable-1', 'raw', atLeast(0.9)),
    peerGoal(s.latest, 'durable-64: kl ÷ lmdb', 'durable-64', 'lmdb', atLeast(1, '≥ 1.0')),
    peerGoal(s.latest, 'scan: kl ÷ lmdb', 'scan', 'lmdb', atLeast(2.5)),
    peerGoal(s.latest, 'scan: kl ÷ raw', 'scan', 'raw', atLeast(0.6)),
    peerGoal(s.latest, 'append-batched: kl ÷ lmdb', 'append-batched', 'lmdb', atLeast(2, '≥ 2.0')),
    peerGoal(s.latest, 'append-large: kl ÷ raw', 'append-large', 'raw', atLeast(0.95)),
    readPathGoal(s.readPaths, 'read paths: get (async) ÷ getSync, per read', 'get ÷ getSync', atMost(1.5)),
    readPathGoal(s.readPaths, 'read paths: for await ÷ read({ maxBytes }), per record', 'iterate ÷ chunks', atMost(1.1, '≤ 1.10')),
    readPathGoal(
      s.readPaths,
      'read paths: new reader, first record ÷ get, per read',
      'first ÷ get',
      atMost(2, 'about 1'),
      '"about 1": ≤ 2 counts as met',
    ),
    followerGoal(s.tail, 'worker', 20_000, below(1)),
    followerGoal(s.tail, 'process', 20_000, below(1)),
    followerGoal(s.tail, 'worker', 100_000, below(2)),
    followerGoal(s.tail, 'process', 100_000, below(2)),
    compressionGoal(s.compression, 'lz4', 'append', atLeast(0.8)),
    compressionGoal(s.compression, 'lz4', 'scan', atLeast(0.8)),
    compressionGoal(s.compression, 'zstd', 'append', atLeast(0.8)),
    compressionGoal(s.compression, 'zstd', 'scan', atLeast(0.8)),
    compactionGoal(s.compaction, atLeast(25.8, '≥ 25.8 MB/s (2 × 12.9)')),
  ]
}

// ------------------------------------------------------------------------------- output

/** Sources more than a day older than the newest one: likely left from an earlier run. */
function staleSources(sources) {
  const dated = sources.filter((s) => !s.missing && s.date)
  const newest = Math.max(...dated.map((s) => Date.parse(s.date)))
  return dated.filter((s) => newest - Date.parse(s.date) > 24 * 3600 * 1000)
}

function render(rows, sources) {
  const cell = (t) => String(t ?? '').replace(/\|/g, '\\|')
  const count = (v) => rows.filter((r) => r.verdict === v).length
  const stale = staleSources(sources)
  return [
    '# Issue 22 goals',
    '',
    `Generated by \`bench/goals.mjs\` from the result files beside this one; each row names its source and that file's date. ` +
      `${count('met')} met, ${count('missed')} missed, ${count('not measured')} not measured${count('not shown') ? `, ${count('not shown')} not shown` : ''}.`,
    '',
    '| goal | bar | measured | per run | verdict | source | note |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${[r.goal, r.bar, r.measured, runsText(r.perRun), r.verdict, r.source, r.note].map(cell).join(' | ')} |`),
    '',
    "- Peer ratios: medians of records/s over the runs of `latest.json`; per run, kafka-lite's run i over the peer's run i.",
    '- Read paths: CPU per record of the timed loop (every thread of the process), each mode in its own process; per run = per round, the two modes of a ratio taken in the same round. "first ÷ get" has the bar "about 1": ≤ 2 counts as met.',
    '- Followers: 4 followers of one kind at once, fsync never, latencies pooled over the 4 (after warm-up); a writer short of the rate by more than 5% counts as missed.',
    '- Compression: MB/s of the records sections the codec is handed (compression.md, "against the codec alone"); "not shown": a ratio above 1, where the codec alone is no yardstick.',
    ...(stale.length
      ? [`- Older than the newest source by more than a day: ${stale.map((s) => `${s.file} (${shortDate(s.date)})`).join(', ')}.`]
      : []),
    '',
  ].join('\n')
}

function main() {
  const o = parseArgs(process.argv.slice(2))
  const s = Object.fromEntries(Object.entries(SOURCES).map(([k, [file, describe]]) => [k, source(o.dir, file, describe)]))
  const rows = goals(s)
  const md = render(rows, Object.values(s))
  console.log(md)
  fs.mkdirSync(o.dir, { recursive: true })
  fs.writeFileSync(path.join(o.dir, 'goals.md'), md)
  const json = {
    date: new Date().toISOString(),
    sources: Object.fromEntries(Object.values(s).map((q) => [q.file, q.missing ? { missing: q.missing } : { date: q.date, run: q.how }])),
    goals: rows,
  }
  fs.writeFileSync(path.join(o.dir, 'goals.json'), JSON.stringify(json, null, 2) + '\n')
}

main()
