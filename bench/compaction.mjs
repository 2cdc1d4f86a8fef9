// Compaction bench: how fast a round cleans, how long appends stall meanwhile, and the key map's
// memory against its budget, on a log of 1,000,000 records over 100,000 keys (JSON-like values).
//
//   npm run build && node bench/compaction.mjs                  # 1M records, 100k keys
//   node bench/compaction.mjs --records 200000 --keys 20000     # quicker
//   node bench/compaction.mjs --out bench/results/compaction.md   # also writes compaction.json beside it
//   node bench/compaction.mjs --results bench/results             # the same: DIR/compaction.{md,json}
//
// One process, one temp dir (removed afterwards). The log is written with 8 MiB segments in
// appends of 100 records (fsync 'never'); then `writer.compact()` runs while a producer keeps
// appending single records; every append's latency is recorded, so the longest stall caused by the
// round (its swaps hold appends off) is measured, not guessed. Throughput = bytes of the segments
// cleaned / wall time of the round. Process memory (RSS) is sampled before and after. The JSON
// holds the table's figures unrounded, with the date and the machine, for bench/goals.mjs (issue 22).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const { Log } = await import(path.join(HERE, '..', 'dist', 'index.js'))

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}
const RECORDS = Number(arg('records', 1_000_000))
const KEYS = Number(arg('keys', 100_000))
const BUDGET = Number(arg('buffer', 16 * 1024 * 1024))
// --out X.md, or --results DIR (DIR/compaction.md); neither: print only.
const OUT = arg('out', undefined) ?? (arg('results', undefined) === undefined ? undefined : path.join(arg('results'), 'compaction.md'))

let seed = 42
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const value = (i) =>
  JSON.stringify({
    id: i,
    user: Math.floor(rand() * 5000),
    event: 'page_view',
    page: `/product/${Math.floor(rand() * 1e4)}`,
    ts: 1_700_000_000_000 + i,
  })

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-lite-compaction-bench-'))
try {
  const log = await Log.open(dir, {
    fsync: 'never',
    segmentBytes: 8 * 1024 * 1024,
    cleanupPolicy: 'compact',
    cleanerBufferBytes: BUDGET,
    housekeepingIntervalMs: 0,
  })
  const writer = await log.writer()
  const t0 = performance.now()
  for (let i = 0; i < RECORDS; i += 100) {
    const batch = []
    for (let j = i; j < Math.min(RECORDS, i + 100); j++) batch.push({ key: `user-${Math.floor(rand() * KEYS)}`, value: value(j) })
    await writer.append(batch)
  }
  const appendMs = performance.now() - t0
  const sizeBefore = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0)
  const rssBefore = process.memoryUsage().rss

  // A producer appends single records while the round runs; its latencies show the stall.
  let producing = true
  const latencies = []
  const producer = (async () => {
    let i = RECORDS
    while (producing) {
      const s = performance.now()
      await writer.append({ key: `user-${Math.floor(rand() * KEYS)}`, value: value(i++) })
      latencies.push(performance.now() - s)
      await new Promise((r) => setImmediate(r))
    }
  })()
  const c0 = performance.now()
  const report = await writer.compact()
  const compactMs = performance.now() - c0
  producing = false
  await producer
  const rssAfter = process.memoryUsage().rss
  latencies.sort((a, b) => a - b)
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]
  const lines = [
    `# Compaction bench`,
    ``,
    `${RECORDS.toLocaleString('en')} records over ${KEYS.toLocaleString('en')} keys, JSON values; ${os.cpus().length} cores, Node ${process.version}.`,
    ``,
    `| figure | value |`,
    `| --- | --- |`,
    `| log written (fsync never, appends of 100) | ${(sizeBefore / 1e6).toFixed(1)} MB in ${(appendMs / 1000).toFixed(1)} s |`,
    `| round: segments cleaned → written | ${report?.segmentsCleaned} → ${report?.segmentsWritten} |`,
    `| round: bytes before → after | ${(report?.bytesBefore / 1e6).toFixed(1)} MB → ${(report?.bytesAfter / 1e6).toFixed(1)} MB |`,
    `| round: records removed | ${report?.recordsRemoved.toLocaleString('en')} |`,
    `| round: wall time | ${(compactMs / 1000).toFixed(2)} s |`,
    `| cleaning throughput | ${(report?.bytesBefore / 1e6 / (compactMs / 1000)).toFixed(1)} MB/s |`,
    `| key map: keys held / budget | ${report?.keys.toLocaleString('en')} keys in ${(report?.mapBytes / 1048576).toFixed(1)} MiB (budget ${(BUDGET / 1048576).toFixed(1)} MiB) |`,
    `| longest swap (appends held off) | ${report?.longestSwapMs.toFixed(2)} ms |`,
    `| appends during the round | ${latencies.length}: p50 ${q(0.5)?.toFixed(3)} ms, p99 ${q(0.99)?.toFixed(3)} ms, max ${q(1)?.toFixed(2)} ms |`,
    `| RSS before → after the round | ${(rssBefore / 1048576).toFixed(0)} MiB → ${(rssAfter / 1048576).toFixed(0)} MiB |`,
  ]
  console.log(lines.join('\n'))
  if (OUT !== undefined) {
    fs.mkdirSync(path.dirname(path.resolve(OUT)), { recursive: true })
    fs.writeFileSync(OUT, lines.join('\n') + '\n')
    const figures = {
      date: new Date().toISOString(),
      machine: `Node ${process.version}, ${os.platform()} ${os.release()}, ${os.cpus()[0]?.model.trim() ?? 'unknown'} × ${os.cpus().length}`,
      records: RECORDS,
      keys: KEYS,
      budgetBytes: BUDGET,
      logBytes: sizeBefore,
      appendSeconds: appendMs / 1000,
      segmentsCleaned: report?.segmentsCleaned,
      segmentsWritten: report?.segmentsWritten,
      bytesBefore: report?.bytesBefore,
      bytesAfter: report?.bytesAfter,
      recordsRemoved: report?.recordsRemoved,
      roundSeconds: compactMs / 1000,
      cleaningMBs: report?.bytesBefore / 1e6 / (compactMs / 1000),
      keysHeld: report?.keys,
      mapBytes: report?.mapBytes,
      longestSwapMs: report?.longestSwapMs,
      appendsDuringRound: { n: latencies.length, p50Ms: q(0.5), p99Ms: q(0.99), maxMs: q(1) },
      rssBeforeBytes: rssBefore,
      rssAfterBytes: rssAfter,
    }
    fs.writeFileSync((OUT.endsWith('.md') ? OUT.slice(0, -3) : OUT) + '.json', JSON.stringify(figures, null, 2) + '\n')
  }
  await log.close()
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
