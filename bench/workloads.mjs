// The workloads: sizes (full and --quick) and what one child process does for each.
// Every write workload is verified after timing by reopening the store and scanning it (record count
// and the order-independent checksum of all values); scan and random-read are verified as they run.
import { makeBatch, addHash, idOf, expectedChecksum, range, rng } from './data.mjs'

export const WORKLOADS = {
  'append-batched': {
    title: 'batched append (100 B values, 100/batch)',
    kind: 'write',
    durable: false,
    full: { records: 1_000_000, batch: 100, size: 100 },
    quick: { records: 20_000, batch: 100, size: 100 },
  },
  'append-single': {
    title: 'one-record appends (100 B)',
    kind: 'write',
    durable: false,
    full: { records: 50_000, batch: 1, size: 100 },
    quick: { records: 2_000, batch: 1, size: 100 },
  },
  'durable-1': {
    title: 'durable appends, 1 producer (fsync per ack)',
    kind: 'write',
    durable: true,
    full: { records: 2_000, batch: 1, size: 100, producers: 1 },
    quick: { records: 500, batch: 1, size: 100, producers: 1 },
  },
  'durable-64': {
    title: 'durable appends, 64 concurrent producers',
    kind: 'write',
    durable: true,
    full: { records: 16_000, batch: 1, size: 100, producers: 64 },
    quick: { records: 640, batch: 1, size: 100, producers: 64 },
  },
  'append-large': {
    title: 'large records (16 KiB values, 16/batch)',
    kind: 'write',
    durable: false,
    full: { records: 20_000, batch: 16, size: 16384 },
    quick: { records: 1_000, batch: 16, size: 16384 },
  },
  scan: {
    title: 'sequential scan from offset 0',
    kind: 'scan',
    durable: false,
    populate: 'append-batched',
  },
  'random-read': {
    title: 'random reads by offset',
    kind: 'random',
    durable: false,
    populate: 'append-batched',
    full: { reads: 100_000 },
    quick: { reads: 5_000 },
  },
  // 'tail-latency' (append-to-follower latency) lives in bench/tail-latency/, a separate bench.
}

/** The parameters of a workload in the given mode (scan/random take the size of their populate). */
export function paramsOf(name, quick) {
  const w = WORKLOADS[name]
  const own = (quick ? w.quick : w.full) ?? {}
  const pop = w.populate ? (quick ? WORKLOADS[w.populate].quick : WORKLOADS[w.populate].full) : {}
  return { ...pop, ...own }
}

const now = () => performance.now()
/** Peak RSS of this process so far (taken right after the timed part, before verification). */
const rssMiB = () => process.resourceUsage().maxRSS / 1024

/** Appends p.records values with p.producers concurrent producers, each awaiting its own appends. */
async function appendAll(store, p, latencies) {
  const producers = p.producers ?? 1
  const per = Math.ceil(p.records / producers)
  const producer = async (k) => {
    const first = k * per,
      end = Math.min(p.records, first + per)
    for (let id = first; id < end; id += p.batch) {
      const values = makeBatch(id, Math.min(p.batch, end - id), p.size)
      const t = latencies ? now() : 0
      await store.append(values)
      if (latencies) latencies.push(now() - t)
    }
  }
  const all = []
  for (let k = 0; k < producers; k++) all.push(producer(k))
  await Promise.all(all)
}

/** Reads everything back; returns { count, checksum, ordered } (ordered: ids were 0,1,2,… in order). */
async function scanAll(store) {
  let count = 0,
    checksum = 0,
    ordered = true
  await store.scan((v) => {
    if (ordered && idOf(v) !== count) ordered = false
    checksum = addHash(checksum, v)
    count++
  })
  return { count, checksum, ordered }
}

function quantiles(xs) {
  if (xs.length === 0) return null
  const s = Float64Array.from(xs).sort()
  const q = (f) => s[Math.min(s.length - 1, Math.floor(f * s.length))]
  return { p50: q(0.5), p99: q(0.99), max: s[s.length - 1] }
}

/**
 * Starts timing how late a 1 ms interval fires; the returned function stops it and gives the p99
 * and max of the delays (ms). A loop blocked from start to stop gives one delay: the whole span
 * (an interval that never fired is not a loop that was never late).
 */
function loopProbe() {
  const delays = []
  let last = now()
  const timer = setInterval(() => {
    const t = now()
    delays.push(Math.max(0, t - last - 1))
    last = t
  }, 1)
  return () => {
    clearInterval(timer)
    delays.push(Math.max(0, now() - last - 1))
    const q = quantiles(delays)
    return { p99: q.p99, max: q.max }
  }
}

/**
 * Runs one workload phase in this process. `open(durable)` opens the store on the run's directory.
 * phase: 'measure' (the workload) or 'populate' (untimed fill for scan/random).
 */
export async function runWorkload(name, p, open, phase = 'measure') {
  const w = WORKLOADS[name]
  if (phase === 'populate' || w.kind === 'write') {
    const store = await open(w.durable)
    const latencies = phase === 'measure' ? [] : null
    // How late a 1 ms timer fires while the producers run: what the appends cost everything else on
    // the event loop (readers, other producers, a server). A store that syncs on the calling thread
    // blocks it for every sync.
    const loop = loopProbe()
    const t0 = now()
    await appendAll(store, p, latencies)
    const seconds = (now() - t0) / 1000
    const loopDelayMs = loop()
    const maxRSSMiB = rssMiB()
    await store.close()
    if (phase === 'populate') return { seconds, records: p.records }
    // verify: reopen and read everything back
    const check = await open(false)
    const got = await scanAll(check)
    await check.close()
    const expected = { count: p.records, checksum: expectedChecksum(range(p.records), p.size) }
    const verify = verdict(got, expected, (p.producers ?? 1) === 1)
    return { seconds, records: p.records, bytes: p.records * p.size, maxRSSMiB, latencyMs: quantiles(latencies ?? []), loopDelayMs, verify }
  }
  const store = await open(false)
  if (w.kind === 'scan') {
    const t0 = now()
    const got = await scanAll(store)
    const seconds = (now() - t0) / 1000
    const maxRSSMiB = rssMiB()
    await store.close()
    const expected = { count: p.records, checksum: expectedChecksum(range(p.records), p.size) }
    return { seconds, records: got.count, bytes: got.count * p.size, maxRSSMiB, verify: verdict(got, expected, true) }
  }
  if (w.kind === 'random') {
    const rand = rng(0xc0ffee)
    const offsets = new Uint32Array(p.reads)
    for (let i = 0; i < p.reads; i++) offsets[i] = Math.floor(rand() * p.records)
    let checksum = 0,
      count = 0,
      ordered = true
    const t0 = now()
    if (store.getSync) {
      for (let i = 0; i < offsets.length; i++) {
        const v = store.getSync(offsets[i])
        if (idOf(v) !== offsets[i]) ordered = false
        checksum = addHash(checksum, v)
        count++
      }
    } else {
      for (let i = 0; i < offsets.length; i++) {
        const v = await store.get(offsets[i])
        if (idOf(v) !== offsets[i]) ordered = false
        checksum = addHash(checksum, v)
        count++
      }
    }
    const seconds = (now() - t0) / 1000
    const maxRSSMiB = rssMiB()
    await store.close()
    const expected = { count: p.reads, checksum: expectedChecksum(offsets, p.size) }
    return { seconds, records: count, bytes: count * p.size, maxRSSMiB, verify: verdict({ count, checksum, ordered }, expected, true) }
  }
  throw new Error(`unknown workload kind ${w.kind}`)
}

/**
 * The reference rates for durable appends: n frames of `size` bytes, each written with its own
 * write() and then fsync() (or fdatasync()) before the next, on a file opened 'a' in `dir`.
 */
export async function fsyncReference(dir, n, size) {
  const fs = await import('node:fs')
  const out = {}
  for (const call of ['fsync', 'fdatasync']) {
    const fd = fs.openSync(`${dir}/${call}.bin`, 'a')
    const frame = Buffer.alloc(4 + size, 7)
    const sync = call === 'fsync' ? fs.fsyncSync : fs.fdatasyncSync
    const t0 = now()
    for (let i = 0; i < n; i++) {
      fs.writeSync(fd, frame)
      sync(fd)
    }
    out[call] = n / ((now() - t0) / 1000)
    fs.closeSync(fd)
  }
  return out
}

function verdict(got, expected, checkOrder) {
  const errors = []
  if (got.count !== expected.count) errors.push(`count ${got.count} != ${expected.count}`)
  if (got.checksum !== expected.checksum) errors.push(`checksum ${got.checksum} != ${expected.checksum}`)
  if (checkOrder && !got.ordered) errors.push('records out of order / wrong offset')
  return { ok: errors.length === 0, count: got.count, checksum: got.checksum, expected, errors }
}
