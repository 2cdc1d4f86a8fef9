// Compression bench: append and scan throughput, and bytes on disk, for every codec against
// 'none', side by side in one run, on JSON-like event values (not random bytes); and, in the same
// child, each native codec alone on the same bytes, so that append and scan can be stated as a
// fraction of the codec's own compression and decompression speed.
//
//   npm run build && node bench/compression.mjs            # 200,000 records, 3 runs per cell
//   node bench/compression.mjs --records 50000 --runs 1    # quicker
//   node bench/compression.mjs --out bench/results/compression.md   # also writes compression.json beside it
//   node bench/compression.mjs --results bench/results              # the same: DIR/compression.{md,json}
//
// The JSON holds every figure of the tables (the codec-alone ratios of each run too, in run order),
// with the date and the machine, for bench/goals.mjs (issue 22's goals).
//
// Every cell runs in a fresh child process (its own temp dir, removed afterwards): appends of 500
// records each (fsync 'never', so the codec and not the disk is measured), close, reopen, scan all
// with a reader. Each timed step runs three times in the child (the appends into a fresh directory
// each time) and its fastest pass counts. Cells with "(js)" run with KAFKA_LITE_NO_NATIVE_CODECS=1: what a machine without
// the optional native packages gets. The timed scan counts records and value bytes; a second,
// untimed scan checks a checksum of every value against what was written. The cell reported in the
// first table is the median run by append throughput (its scan the median scan).
//
// The codec alone: after the scan, the child reads its batches' compressed payloads back from the
// .log files, decompresses each once untimed to get the records section the writer handed the
// codec (keys, values, record framing: the bytes `format/batch-encoder.ts` passes to the
// compressor), then times, over all batches one after the other as the writer and the reader do:
// the package's own compression calls on those sections at the same level and in the same pieces
// as `codec/registry.ts` makes them (lz4: `compressSync` per 64 KiB block; snappy: `compressSync`
// per 32 KiB xerial block; zstd: `compress(section, level)`, awaited; gzip: `zlib.gzipSync`), and
// its decompression calls on the payloads as stored (lz4: `decompressFrameSync`; snappy:
// `uncompressSync` per xerial block; zstd: `decompress`, awaited; gzip: `zlib.gunzipSync`). What
// the library adds around those calls (framing, checks, record encoding and decoding, I/O) is
// therefore on our side of the ratio. The "(js)" cells have no codec apart from this library's
// own TypeScript, so their codec columns are empty.
import { fork } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const DIST = path.join(HERE, '..', 'dist', 'index.js')
const PER_APPEND = 500
/** Timed passes of each step in a child (append, scan, codec compress, codec decompress); the fastest is kept. */
const PASSES = 3

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}

// ------------------------------------------------------------------------------- values

const USERS = 5000
const EVENTS = ['page_view', 'add_to_cart', 'checkout', 'search', 'login', 'logout', 'purchase', 'click']
const PAGES = ['/', '/search', '/cart', '/checkout', '/account', '/product/{id}', '/category/{id}', '/help']
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
  'Mozilla/5.0 (Macintosh) Safari/17.4',
  'Mozilla/5.0 (Windows NT 10.0) Chrome/126.0',
]
const COUNTRIES = ['DE', 'FR', 'US', 'GB', 'JP', 'BR', 'IN', 'NL']

function rng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Event `i` as JSON: a fixed shape, values from small vocabularies, ids, numbers and a hex trace id. */
function eventValue(i, rand) {
  const pick = (a) => a[Math.floor(rand() * a.length)]
  const id = Math.floor(rand() * 100000)
  return Buffer.from(
    JSON.stringify({
      id: i,
      type: pick(EVENTS),
      user: `user-${Math.floor(rand() * USERS)}`,
      session: Math.floor(rand() * 2 ** 32)
        .toString(16)
        .padStart(8, '0'),
      page: pick(PAGES).replace('{id}', String(id)),
      country: pick(COUNTRIES),
      agent: pick(AGENTS),
      amount: Math.round(rand() * 50000) / 100,
      items: Array.from({ length: Math.floor(rand() * 4) }, () => ({
        sku: `sku-${Math.floor(rand() * 2000)}`,
        qty: 1 + Math.floor(rand() * 3),
      })),
      ts: 1_700_000_000_000 + i * 13,
    }),
  )
}

// ------------------------------------------------------------------------------- the codec alone

const BATCH_HEADER_SIZE = 61
const CODEC_IDS = { gzip: 1, snappy: 2, lz4: 3, zstd: 4 }
const LZ4_BLOCK = 64 * 1024
const XERIAL_HEADER_SIZE = 16
const XERIAL_BLOCK = 32 * 1024

/** Every batch of the .log files in `dir`, in order: its codec id and compressed payload. */
function storedPayloads(dir) {
  const out = []
  for (const f of fs.readdirSync(dir).sort()) {
    if (!f.endsWith('.log')) continue
    const buf = fs.readFileSync(path.join(dir, f))
    for (let at = 0; at + 12 <= buf.length;) {
      const size = 12 + buf.readInt32BE(at + 8)
      out.push({ codecId: buf[at + 22] & 7, payload: buf.subarray(at + BATCH_HEADER_SIZE, at + size) })
      at += size
    }
  }
  return out
}

/** The xerial blocks of a snappy payload (parsed untimed: only the codec calls are timed). */
function xerialBlocks(payload) {
  const blocks = []
  for (let at = XERIAL_HEADER_SIZE; at < payload.length;) {
    const len = payload.readInt32BE(at)
    blocks.push(payload.subarray(at + 4, at + 4 + len))
    at += 4 + len
  }
  return blocks
}

function pieces(section, size) {
  const out = []
  for (let at = 0; at < section.length; at += size) out.push(section.subarray(at, Math.min(at + size, section.length)))
  return out
}

/**
 * The package's own calls for `codec`, loaded as the library loads them: `compress` takes what the
 * writer hands the codec (split as the registry splits it), `decompress` a stored payload (split
 * likewise). Either may return a promise (zstd).
 */
function codecCalls(codec, level) {
  const require = createRequire(DIST)
  if (codec === 'gzip') {
    return {
      prepareCompress: (section) => section,
      compress: (section) => zlib.gzipSync(section, { level: level ?? 6 }).length,
      prepareDecompress: (payload) => payload,
      decompress: (payload) => zlib.gunzipSync(payload, { maxOutputLength: 64 * 1024 * 1024 }).length,
      inflate: (payload) => zlib.gunzipSync(payload),
    }
  }
  if (codec === 'lz4') {
    const lz4 = require('lz4-napi')
    return {
      prepareCompress: (section) => pieces(section, LZ4_BLOCK),
      compress: (blocks) => {
        let n = 0
        for (const b of blocks) n += lz4.compressSync(b).length
        return n
      },
      prepareDecompress: (payload) => payload,
      decompress: (payload) => lz4.decompressFrameSync(payload).length,
      inflate: (payload) => lz4.decompressFrameSync(payload),
    }
  }
  if (codec === 'snappy') {
    const snappy = require('snappy')
    return {
      prepareCompress: (section) => pieces(section, XERIAL_BLOCK),
      compress: (blocks) => {
        let n = 0
        for (const b of blocks) n += snappy.compressSync(b).length
        return n
      },
      prepareDecompress: xerialBlocks,
      decompress: (blocks) => {
        let n = 0
        for (const b of blocks) n += snappy.uncompressSync(b, { asBuffer: true }).length
        return n
      },
      inflate: (payload) => Buffer.concat(xerialBlocks(payload).map((b) => snappy.uncompressSync(b, { asBuffer: true }))),
    }
  }
  if (codec === 'zstd') {
    let zstd
    try {
      zstd = require('@mongodb-js/zstd/bindings')
    } catch {
      zstd = require('@mongodb-js/zstd')
    }
    return {
      prepareCompress: (section) => section,
      compress: async (section) => (await zstd.compress(section, level ?? 3)).length,
      prepareDecompress: (payload) => payload,
      decompress: async (payload) => (await zstd.decompress(payload)).length,
      inflate: (payload) => zstd.decompress(payload),
    }
  }
  throw new Error(`no codec calls for ${codec}`)
}

/** Times `fn` over `inputs` one after the other (awaiting each when it is asynchronous); ns and the sum of its results. */
async function timeEach(inputs, fn) {
  let total = 0
  const t = process.hrtime.bigint()
  for (const x of inputs) {
    const r = fn(x)
    total += typeof r === 'number' ? r : await r
  }
  return { ns: Number(process.hrtime.bigint() - t), total }
}

/** The codec alone on this cell's batches: compression of the records sections, decompression of the payloads. */
async function codecAlone(dir, codec, level) {
  const calls = codecCalls(codec, level)
  const stored = storedPayloads(dir)
  if (stored.some((b) => b.codecId !== CODEC_IDS[codec])) throw new Error(`WRONG: a batch in the ${codec} log is not ${codec}`)
  const sections = []
  for (const b of stored) sections.push(await calls.inflate(b.payload))
  const sectionBytes = sections.reduce((n, x) => n + x.length, 0)
  const toCompress = sections.map(calls.prepareCompress)
  const toDecompress = stored.map((b) => calls.prepareDecompress(b.payload))
  let c = { ns: Infinity }
  let d = { ns: Infinity }
  for (let pass = 0; pass < PASSES; pass++) {
    const cp = await timeEach(toCompress, calls.compress)
    if (cp.ns < c.ns) c = cp
  }
  for (let pass = 0; pass < PASSES; pass++) {
    const dp = await timeEach(toDecompress, calls.decompress)
    if (dp.ns < d.ns) d = dp
  }
  if (d.total !== sectionBytes) throw new Error(`WRONG: the codec alone decompressed ${d.total} bytes, not ${sectionBytes}`)
  return { batches: stored.length, sectionBytes, compressNs: c.ns, compressedBytes: c.total, decompressNs: d.ns }
}

// ------------------------------------------------------------------------------- one cell

async function cell({ codec, level, records, js }) {
  const { Log, compressionBackends } = await import(DIST)
  const compression = level === undefined ? codec : { type: codec, level }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `klbench-compression-${codec}-`))
  try {
    const rand = rng(42)
    const appends = []
    let valueBytes = 0
    let checksum = 0
    for (let i = 0; i < records; i += PER_APPEND) {
      const batch = []
      for (let j = i; j < Math.min(records, i + PER_APPEND); j++) {
        const value = eventValue(j, rand)
        valueBytes += value.length
        checksum = (checksum + zlib.crc32(value)) >>> 0
        batch.push({ key: `user-${j % USERS}`, value, timestamp: 1_700_000_000_000 + j * 13 })
      }
      appends.push(batch)
    }
    // Each timed step runs PASSES times in this child and keeps its fastest pass: a single pass
    // mixes in first-touch costs (fresh pages for every output buffer, code not yet optimised) and
    // the machine's other load, by as much as 4x for a native codec's first pass.
    let appendNs = Infinity
    let log
    for (let pass = 0; pass < PASSES; pass++) {
      if (pass > 0) {
        fs.rmSync(dir, { recursive: true, force: true })
        fs.mkdirSync(dir)
      }
      log = await Log.open(dir, { fsync: 'never', compression })
      const writer = await log.writer()
      const t = process.hrtime.bigint()
      for (const batch of appends) await writer.append(batch)
      appendNs = Math.min(appendNs, Number(process.hrtime.bigint() - t))
      await log.close()
    }
    let diskBytes = 0
    for (const f of fs.readdirSync(dir)) if (f.endsWith('.log')) diskBytes += fs.statSync(path.join(dir, f)).size
    log = await Log.open(dir, { readOnly: true })
    // Timed: the iteration alone (the loop body only counts); the values are checked by another,
    // untimed scan, so that hashing 239-B values is not part of the scan figure.
    let count = 0
    let bytes = 0
    let scanNs = Infinity
    for (let pass = 0; pass < PASSES; pass++) {
      count = 0
      bytes = 0
      const t = process.hrtime.bigint()
      for await (const r of log.reader()) {
        count++
        bytes += r.value.length
      }
      scanNs = Math.min(scanNs, Number(process.hrtime.bigint() - t))
    }
    let sum = 0
    for await (const r of log.reader()) sum = (sum + zlib.crc32(r.value)) >>> 0
    await log.close()
    if (count !== records || bytes !== valueBytes || sum !== checksum) {
      throw new Error(`WRONG: ${count} records, ${bytes} value bytes, checksum ${sum} != ${checksum}`)
    }
    const backend = codec === 'none' ? { read: '-', scan: '-', write: '-' } : compressionBackends()[codec]
    const alone = codec === 'none' || js ? undefined : await codecAlone(dir, codec, level)
    return { appendNs, scanNs, diskBytes, valueBytes, backend, alone }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

// ------------------------------------------------------------------------------- driver

function runChild(job, env) {
  return new Promise((resolve, reject) => {
    const cp = fork(fileURLToPath(import.meta.url), ['--cell', JSON.stringify(job)], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    cp.on('message', resolve)
    cp.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`cell ${JSON.stringify(job)} exited with ${code}`))))
  })
}

const CELLS = [
  { name: 'none', codec: 'none' },
  { name: 'gzip (level 6, default)', codec: 'gzip' },
  { name: 'gzip level 1', codec: 'gzip', level: 1 },
  { name: 'snappy', codec: 'snappy' },
  { name: 'snappy (js)', codec: 'snappy', js: true },
  { name: 'lz4', codec: 'lz4' },
  { name: 'lz4 (js)', codec: 'lz4', js: true },
  { name: 'zstd (level 3, default)', codec: 'zstd' },
  { name: 'zstd level 1', codec: 'zstd', level: 1 },
]

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** A cell's codec-alone figures over its runs (MB/s of records-section bytes), or `undefined` when none was timed. */
function codecRow(runs) {
  if (runs.some((r) => r.alone === undefined)) return undefined
  const mbs = (r, ns) => r.alone.sectionBytes / (ns / 1e3)
  return {
    batches: runs[0].alone.batches,
    sectionBytes: runs[0].alone.sectionBytes,
    compressMBs: median(runs.map((r) => mbs(r, r.alone.compressNs))),
    decompressMBs: median(runs.map((r) => mbs(r, r.alone.decompressNs))),
    appendMBs: median(runs.map((r) => mbs(r, r.appendNs))),
    scanMBs: median(runs.map((r) => mbs(r, r.scanNs))),
    appendRatio: median(runs.map((r) => r.alone.compressNs / r.appendNs)),
    scanRatio: median(runs.map((r) => r.alone.decompressNs / r.scanNs)),
  }
}

async function main() {
  const records = Number(arg('records', 200_000))
  const runs = Number(arg('runs', 3))
  const rows = []
  const results = new Map(CELLS.map((c) => [c.name, []]))
  for (let run = 0; run < runs; run++) {
    for (const c of CELLS) {
      process.stderr.write(`run ${run + 1}/${runs} ${c.name}\n`)
      const r = await runChild(
        { codec: c.codec, level: c.level, records, js: c.js === true },
        c.js ? { KAFKA_LITE_NO_NATIVE_CODECS: '1' } : {},
      )
      results.get(c.name).push(r)
    }
  }
  let none
  for (const c of CELLS) {
    const inRunOrder = [...results.get(c.name)]
    const rs = results.get(c.name).sort((a, b) => a.appendNs - b.appendNs)
    const m = rs[Math.floor(rs.length / 2)]
    const scan = rs.map((r) => r.scanNs).sort((a, b) => a - b)[Math.floor(rs.length / 2)]
    const row = {
      name: c.name,
      backend:
        c.codec === 'none'
          ? '-'
          : m.backend.write === m.backend.scan
            ? m.backend.write
            : `${m.backend.write ?? 'none'} / ${m.backend.scan}`,
      appendRate: records / (m.appendNs / 1e9),
      appendMBs: m.valueBytes / (m.appendNs / 1e3),
      scanRate: records / (scan / 1e9),
      scanMBs: m.valueBytes / (scan / 1e3),
      diskBytes: m.diskBytes,
      valueBytes: m.valueBytes,
      alone: codecRow(rs),
      runRatios: codecRatiosPerRun(inRunOrder),
    }
    if (c.codec === 'none') none = row
    rows.push(row)
  }
  const k = (n) => `${Math.round(n / 1000).toLocaleString('en-US')}k`
  // Above 1 the codec alone ran slower than inside our own path: no yardstick (see the note below the table).
  const goal = (ratio) => (ratio > 1 ? 'not shown' : ratio >= 0.8 ? 'met' : 'missed')
  const withCodec = rows.filter((r) => r.alone !== undefined)
  const sample = withCodec[0]?.alone
  const lines = [
    `Compression: ${records.toLocaleString('en-US')} JSON-like events (${Math.round(none.valueBytes / records)} B average value), appends of ${PER_APPEND}, fsync 'never'; fastest of ${PASSES} passes in each run, median of ${runs} run(s). Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}).`,
    '',
    '| codec | backend (write / scan) | append rec/s | append MB/s | scan rec/s | scan MB/s | .log bytes | ÷ none |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.backend} | ${k(r.appendRate)} | ${r.appendMBs.toFixed(0)} | ${k(r.scanRate)} | ${r.scanMBs.toFixed(0)} | ${(r.diskBytes / 1e6).toFixed(1)} MB | ${(r.diskBytes / none.diskBytes).toFixed(2)} |`,
    ),
    '',
    'MB/s are of uncompressed values. "(js)": with KAFKA_LITE_NO_NATIVE_CODECS=1 (pure TypeScript codecs).',
    '',
    '### Against the codec alone (native packages)',
    '',
    sample === undefined
      ? 'No codec was timed alone.'
      : `Same child, same records, fastest of ${PASSES} passes each (as for append and scan): ${sample.batches} batches whose records sections (keys, values and record framing: what the writer hands the codec, ${Math.round(sample.sectionBytes / records)} B a record, ${(sample.sectionBytes / 1e6).toFixed(1)} MB in all) the package compresses and decompresses alone, one batch after the other, with the calls and pieces \`codec/registry.ts\` uses. Every MB/s in this table is of those uncompressed records-section bytes, so each ratio is the quotient of the two columns before it: the codec's time over ours for the same records (median of the runs' ratios). Goal (issue 22): append and scan at ≥ 0.8 of the codec's own speed.`,
    '',
    '| codec | backend | codec compress MB/s | append MB/s | append ÷ codec | ≥ 0.8 | codec decompress MB/s | scan MB/s | scan ÷ codec | ≥ 0.8 |',
    '| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |',
    ...withCodec.map(
      (r) =>
        `| ${r.name} | ${r.backend} | ${r.alone.compressMBs.toFixed(0)} | ${r.alone.appendMBs.toFixed(0)} | ${r.alone.appendRatio.toFixed(2)} | ${goal(r.alone.appendRatio)} | ${r.alone.decompressMBs.toFixed(0)} | ${r.alone.scanMBs.toFixed(0)} | ${r.alone.scanRatio.toFixed(2)} | ${goal(r.alone.scanRatio)} |`,
    ),
    '',
    "A ratio above 1 means the codec alone ran slower than the same calls inside our append or scan. That happens with lz4-napi and snappy: in a tight loop each call returns a new buffer (130 KB for lz4) that is freed only at the next GC, and the same 400 lz4 frames took 96-176 ms back to back but 16 ms inside a third scan pass of the same process (likely fresh pages for every output, against reused memory between the scan's record work). Their codec-alone columns are therefore a low yardstick and their ratios are marked 'not shown'; the ratios of node:zlib and @mongodb-js/zstd stayed below 1 in every full run.",
  ]
  const text = lines.join('\n')
  console.log(text)
  const out = outFile()
  if (out !== undefined) {
    fs.writeFileSync(out, `${text}\n`)
    fs.writeFileSync(jsonBeside(out), JSON.stringify(toJson({ records, runs, rows }), null, 2) + '\n')
  }
}

/** `--out X.md`, or `--results DIR` (DIR/compression.md); undefined: print only. */
function outFile() {
  const out = arg('out', undefined)
  if (out !== undefined) return out
  const dir = arg('results', undefined)
  if (dir === undefined) return undefined
  fs.mkdirSync(dir, { recursive: true })
  return path.join(dir, 'compression.md')
}

/** X.md → X.json (any other name gets .json appended). */
const jsonBeside = (file) => (file.endsWith('.md') ? file.slice(0, -3) : file) + '.json'

/** The codec-alone ratios of each run in run order (for per-run figures next to the medians), or undefined. */
function codecRatiosPerRun(runs) {
  if (runs.some((r) => r.alone === undefined)) return undefined
  return { append: runs.map((r) => r.alone.compressNs / r.appendNs), scan: runs.map((r) => r.alone.decompressNs / r.scanNs) }
}

/** The printed figures as JSON: the rows of both tables (in CELLS order), the run's settings, date and machine. */
function toJson({ records, runs, rows }) {
  const cpus = os.cpus()
  const none = rows.find((r) => r.name === 'none')
  return {
    date: new Date().toISOString(),
    machine: `Node ${process.version}, ${os.platform()} ${os.release()}, ${cpus[0]?.model.trim() ?? 'unknown'} × ${cpus.length}`,
    records,
    runs,
    passes: PASSES,
    perAppend: PER_APPEND,
    goal: 'append and scan at >= 0.8 of the codec alone (issue 22); a ratio above 1 is not shown (the codec alone is no yardstick)',
    rows: rows.map((r, i) => ({
      name: r.name,
      codec: CELLS[i].codec,
      level: CELLS[i].level ?? null,
      js: CELLS[i].js === true,
      backend: r.backend,
      appendRecordsPerSec: r.appendRate,
      appendMBs: r.appendMBs,
      scanRecordsPerSec: r.scanRate,
      scanMBs: r.scanMBs,
      diskBytes: r.diskBytes,
      valueBytes: r.valueBytes,
      diskRatioToNone: r.diskBytes / none.diskBytes,
      // MB/s of records-section bytes; ratios are the codec's time over ours (median of the runs').
      codecAlone: r.alone === undefined ? null : { ...r.alone, appendRatioRuns: r.runRatios.append, scanRatioRuns: r.runRatios.scan },
    })),
  }
}

if (process.argv[2] === '--cell') {
  cell(JSON.parse(process.argv[3])).then(
    (r) => process.send(r, () => process.exit(0)),
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
} else {
  await main()
}
