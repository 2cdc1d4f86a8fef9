// Compression bench: append and scan throughput, and bytes on disk, for every codec against
// 'none', side by side in one run, on JSON-like event values (not random bytes).
//
//   npm run build && node bench/compression.mjs            # 200,000 records, 3 runs per cell
//   node bench/compression.mjs --records 50000 --runs 1    # quicker
//   node bench/compression.mjs --out bench/results/compression.md
//
// Every cell runs in a fresh child process (its own temp dir, removed afterwards): appends of 500
// records each (fsync 'never', so the codec and not the disk is measured), close, reopen, scan all
// with a reader. Cells with "(js)" run with KAFKA_LITE_NO_NATIVE_CODECS=1: what a machine without
// the optional native packages gets. Each scan checks the record count and a checksum of every
// value against what was written. The cell reported is the median run by append throughput.
import { fork } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const DIST = path.join(HERE, '..', 'dist', 'index.js')
const PER_APPEND = 500

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

// ------------------------------------------------------------------------------- one cell

async function cell({ codec, level, records }) {
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
    let log = await Log.open(dir, { fsync: 'never', compression })
    const writer = await log.writer()
    let t = process.hrtime.bigint()
    for (const batch of appends) await writer.append(batch)
    const appendNs = Number(process.hrtime.bigint() - t)
    await log.close()
    let diskBytes = 0
    for (const f of fs.readdirSync(dir)) if (f.endsWith('.log')) diskBytes += fs.statSync(path.join(dir, f)).size
    log = await Log.open(dir, { readOnly: true })
    let count = 0
    let sum = 0
    t = process.hrtime.bigint()
    for await (const r of log.reader()) {
      count++
      sum = (sum + zlib.crc32(r.value)) >>> 0
    }
    const scanNs = Number(process.hrtime.bigint() - t)
    await log.close()
    if (count !== records || sum !== checksum) throw new Error(`WRONG: ${count} records, checksum ${sum} != ${checksum}`)
    const backend = codec === 'none' ? { read: '-', scan: '-', write: '-' } : compressionBackends()[codec]
    return { appendNs, scanNs, diskBytes, valueBytes, backend }
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

async function main() {
  const records = Number(arg('records', 200_000))
  const runs = Number(arg('runs', 3))
  const rows = []
  const results = new Map(CELLS.map((c) => [c.name, []]))
  for (let run = 0; run < runs; run++) {
    for (const c of CELLS) {
      process.stderr.write(`run ${run + 1}/${runs} ${c.name}\n`)
      const r = await runChild({ codec: c.codec, level: c.level, records }, c.js ? { KAFKA_LITE_NO_NATIVE_CODECS: '1' } : {})
      results.get(c.name).push(r)
    }
  }
  let none
  for (const c of CELLS) {
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
    }
    if (c.codec === 'none') none = row
    rows.push(row)
  }
  const k = (n) => `${Math.round(n / 1000).toLocaleString('en-US')}k`
  const lines = [
    `Compression: ${records.toLocaleString('en-US')} JSON-like events (${Math.round(none.valueBytes / records)} B average value), appends of ${PER_APPEND}, fsync 'never'; median of ${runs} run(s). Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}).`,
    '',
    '| codec | backend (write / scan) | append rec/s | append MB/s | scan rec/s | scan MB/s | .log bytes | ÷ none |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.backend} | ${k(r.appendRate)} | ${r.appendMBs.toFixed(0)} | ${k(r.scanRate)} | ${r.scanMBs.toFixed(0)} | ${(r.diskBytes / 1e6).toFixed(1)} MB | ${(r.diskBytes / none.diskBytes).toFixed(2)} |`,
    ),
    '',
    'MB/s are of uncompressed values. "(js)": with KAFKA_LITE_NO_NATIVE_CODECS=1 (pure TypeScript codecs).',
  ]
  const text = lines.join('\n')
  console.log(text)
  const out = arg('out', undefined)
  if (out !== undefined) fs.writeFileSync(out, `${text}\n`)
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
