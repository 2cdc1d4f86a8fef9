/**
 * Readers while the log changes under them: rolls, retention, truncation, abort and close, in the
 * writer's thread, in a worker thread and in another process.
 *
 * The worker / process readers live in children/stress-probe.mjs (they import the built library,
 * DIST_ENTRY) and are driven by request/reply messages, so each scenario runs the same steps in all
 * three places. Outcomes asserted (the documented contract, see reader.ts / writer.ts):
 * - across rolls a follower returns every offset once, in order, with its exact value;
 * - a position removed by retention or cut by truncation (position > new log end) gives
 *   KLOG_OFFSET_OUT_OF_RANGE with onOutOfRange 'error', jumps to logStartOffset with 'earliest' and
 *   to the high watermark with 'latest';
 * - a follower waiting at the high watermark when a truncation cuts below it: with 'error' the
 *   iteration rejects with KLOG_OFFSET_OUT_OF_RANGE; with 'latest' it moves to the new high
 *   watermark and then delivers the records appended there (at the reused offsets);
 * - aborting the signal rejects a waiting follower with an AbortError; reader.close() ends it quietly;
 * - a follower wakes on an append made after it parked (no timer involved in the worker wake path).
 */
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { Log, type LogReader, type LogWriter, type ReaderOptions } from '../../src/index.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs()
const PROBE = fileURLToPath(new URL('./children/stress-probe.mjs', import.meta.url))

interface Rec {
  offset: number
  value: string | null
}
interface ErrorInfo {
  name?: string
  code?: string
  message: string
}
interface IterateResult {
  records: Rec[]
  ended?: boolean
  error?: ErrorInfo
}
type ProbeOptions = Omit<ReaderOptions, 'signal'> & { abortable?: boolean }

/** A host of readers somewhere (this thread, a worker, another process). */
interface Probe {
  create(rid: string, opts: ProbeOptions): Promise<void>
  /** Resolves to records, or rejects with the reader's error info. */
  read(rid: string, maxRecords?: number): Promise<Rec[]>
  iterate(rid: string, n: number): Promise<IterateResult>
  abort(rid: string): Promise<void>
  close(rid: string): Promise<void>
  position(rid: string): Promise<number>
  shutdown(): Promise<void>
}

const plain = (r: { offset: number; value: Buffer | null }): Rec => ({
  offset: r.offset,
  value: r.value === null ? null : r.value.toString(),
})
const errorOf = (err: unknown): ErrorInfo => {
  const e = err as { name?: string; code?: string; message?: string }
  return { name: e?.name, code: e?.code, message: String(e?.message ?? err) }
}

class LocalProbe implements Probe {
  private readonly readers = new Map<string, { reader: LogReader; ac: AbortController }>()
  constructor(private readonly log: Log) {}
  async create(rid: string, opts: ProbeOptions): Promise<void> {
    const ac = new AbortController()
    const { abortable, ...rest } = opts
    this.readers.set(rid, { reader: this.log.reader(abortable ? { ...rest, signal: ac.signal } : rest), ac })
  }
  async read(rid: string, maxRecords?: number): Promise<Rec[]> {
    try {
      return (await this.readers.get(rid)!.reader.read({ maxRecords: maxRecords ?? Infinity })).map(plain)
    } catch (err) {
      throw errorOf(err)
    }
  }
  async iterate(rid: string, n: number): Promise<IterateResult> {
    const records: Rec[] = []
    try {
      for await (const r of this.readers.get(rid)!.reader) {
        records.push(plain(r))
        if (records.length >= n) break
      }
    } catch (err) {
      return { records, error: errorOf(err) }
    }
    return { records, ended: records.length < n }
  }
  async abort(rid: string): Promise<void> {
    this.readers.get(rid)!.ac.abort()
  }
  async close(rid: string): Promise<void> {
    await this.readers.get(rid)!.reader.close()
  }
  async position(rid: string): Promise<number> {
    return this.readers.get(rid)!.reader.position
  }
  async shutdown(): Promise<void> {
    for (const { reader } of this.readers.values()) await reader.close()
  }
}

interface Reply {
  id: number
  ok: boolean
  result?: unknown
  error?: ErrorInfo
}

class RemoteProbe implements Probe {
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>()
  readonly ready: Promise<void>
  private constructor(
    private readonly post: (m: object) => void,
    on: (f: (m: Reply) => void) => void,
    onExit: (f: (why: string) => void) => void,
  ) {
    let ready!: () => void
    this.ready = new Promise((r) => (ready = r))
    on((m) => {
      if (m.id === 0) return ready()
      const p = this.pending.get(m.id)
      this.pending.delete(m.id)
      if (m.ok) p?.resolve(m.result)
      else p?.reject(m.error)
    })
    onExit((why) => {
      for (const p of this.pending.values()) p.reject(new Error(why))
      this.pending.clear()
    })
  }
  static async worker(log: Log): Promise<RemoteProbe> {
    const w = new Worker(PROBE, { workerData: { dist: DIST_ENTRY, handle: log.share() } })
    const p = new RemoteProbe(
      (m) => w.postMessage(m),
      (f) => w.on('message', f),
      (f) => w.on('exit', (c) => f(`worker exited ${c}`)),
    )
    await p.ready
    return p
  }
  static async process(dir: string): Promise<RemoteProbe> {
    const c: ChildProcess = fork(PROBE, [JSON.stringify({ dist: DIST_ENTRY, dir })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    const p = new RemoteProbe(
      (m) => c.send(m),
      (f) => c.on('message', f),
      (f) => c.on('exit', (code) => f(`child exited ${code}`)),
    )
    await p.ready
    return p
  }
  private call<T>(cmd: string, args: object = {}): Promise<T> {
    const id = this.nextId++
    const p = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      this.post({ id, cmd, ...args })
    })
    p.catch(() => {}) // a test that failed early may never await it; its caller still sees the rejection
    return p
  }
  create(rid: string, opts: ProbeOptions): Promise<void> {
    return this.call('create', { rid, opts })
  }
  read(rid: string, maxRecords?: number): Promise<Rec[]> {
    return this.call('read', { rid, maxRecords })
  }
  iterate(rid: string, n: number): Promise<IterateResult> {
    return this.call('iterate', { rid, n })
  }
  abort(rid: string): Promise<void> {
    return this.call('abort', { rid })
  }
  close(rid: string): Promise<void> {
    return this.call('close', { rid })
  }
  position(rid: string): Promise<number> {
    return this.call('position', { rid })
  }
  shutdown(): Promise<void> {
    return this.call('shutdown')
  }
}

type Where = 'same thread' | 'worker thread' | 'other process'
const WHERE: Where[] = ['same thread', 'worker thread', 'other process']

async function probeFor(where: Where, log: Log): Promise<Probe> {
  if (where === 'same thread') return new LocalProbe(log)
  if (where === 'worker thread') return RemoteProbe.worker(log)
  return RemoteProbe.process(log.dir)
}

/** Opens a log + writer + probe, runs `body`, and tears everything down. */
async function withLog(
  where: Where,
  options: Parameters<typeof Log.open>[1],
  body: (ctx: { log: Log; w: LogWriter; probe: Probe }) => Promise<void>,
): Promise<void> {
  const log = await Log.open(dirs.make(), { fsync: 'never', ...options })
  const w = await log.writer()
  const probe = await probeFor(where, log)
  try {
    await body({ log, w, probe })
  } finally {
    await probe.shutdown()
    await w.close()
    await log.close()
  }
}

async function appendSingles(w: LogWriter, from: number, to: number, prefix = 'v'): Promise<void> {
  for (let o = from; o < to; o++) {
    const r = await w.append({ value: `${prefix}${o}` })
    expect(r.baseOffset).toBe(o)
  }
}

/** Yields to the event loop until `cond` holds (no timers, no deadline: the test timeout bounds it). */
async function until(cond: () => Promise<boolean>): Promise<void> {
  while (!(await cond())) await new Promise((r) => setImmediate(r))
}

/** Reads until `n` records or the high watermark (one read stops at a segment's end). */
async function readUpTo(probe: Probe, rid: string, n: number): Promise<Rec[]> {
  const out: Rec[] = []
  for (;;) {
    const got = await probe.read(rid, n - out.length)
    if (got.length === 0) return out
    out.push(...got)
    if (out.length >= n) return out
  }
}

/** Round trips to the probe: its event loop has run every microtask queued by earlier requests. */
async function settle(probe: Probe, rid: string): Promise<void> {
  await probe.position(rid)
  await probe.position(rid)
}

describe.each(WHERE)('reader in the %s', (where) => {
  it('follows across many rolls without skipping, repeating or tearing a record', async () => {
    await withLog(where, { segmentBytes: 1024 }, async ({ log, w, probe }) => {
      const TOTAL = 3000
      await probe.create('f', { from: 0, follow: true })
      const following = probe.iterate('f', TOTAL)
      let o = 0
      let k = 1
      while (o < TOTAL) {
        const n = Math.min(TOTAL - o, 1 + ((k++ * 7) % 8))
        const batch = Array.from({ length: n }, (_, i) => ({ value: `v${o + i}:${'x'.repeat((o + i) % 41)}` }))
        expect((await w.append(batch)).baseOffset).toBe(o)
        o += n
      }
      const { records, error } = await following
      expect(error).toBeUndefined()
      expect(records.length).toBe(TOTAL)
      records.forEach((r, i) => {
        expect(r.offset).toBe(i)
        expect(r.value).toBe(`v${i}:${'x'.repeat(i % 41)}`)
      })
      expect(log.highWatermark).toBe(TOTAL)
    })
  })

  it('a position removed by retention: error / earliest / latest', async () => {
    await withLog(where, { segmentBytes: 1024, retentionBytes: 3000 }, async ({ log, w, probe }) => {
      await appendSingles(w, 0, 10)
      for (const p of ['error', 'earliest', 'latest'] as const) {
        await probe.create(p, { from: 0, onOutOfRange: p })
        expect((await probe.read(p, 5)).map((r) => r.offset)).toEqual([0, 1, 2, 3, 4])
      }
      await appendSingles(w, 10, 300)
      await w.enforceRetention()
      const start = log.logStartOffset
      const hw = log.highWatermark
      expect(start).toBeGreaterThan(5)
      expect(hw).toBe(300)

      await expect(probe.read('error')).rejects.toMatchObject({ code: 'KLOG_OFFSET_OUT_OF_RANGE' })
      const earliest = await probe.read('earliest', 3)
      expect(earliest.map((r) => r.offset)).toEqual([start, start + 1, start + 2])
      expect(earliest[0]!.value).toBe(`v${start}`)
      expect(await probe.read('latest')).toEqual([])
      expect(await probe.position('latest')).toBe(hw)
    })
  })

  it('a position cut by truncation (position > new log end): error / earliest / latest', async () => {
    await withLog(where, {}, async ({ log, w, probe }) => {
      await appendSingles(w, 0, 50)
      for (const p of ['error', 'earliest', 'latest'] as const) {
        await probe.create(p, { from: 0, onOutOfRange: p })
        expect((await probe.read(p, 30)).length).toBe(30)
      }
      expect(await w.truncateTo(10)).toBe(10)
      expect(log.highWatermark).toBe(10)

      await expect(probe.read('error')).rejects.toMatchObject({ code: 'KLOG_OFFSET_OUT_OF_RANGE' })
      expect((await probe.read('earliest', 2)).map((r) => r.offset)).toEqual([0, 1])
      expect(await probe.read('latest')).toEqual([])
      expect(await probe.position('latest')).toBe(10)
      await appendSingles(w, 10, 13, 'new')
      expect(await probe.read('latest')).toEqual([
        { offset: 10, value: 'new10' },
        { offset: 11, value: 'new11' },
        { offset: 12, value: 'new12' },
      ])
    })
  })

  it('truncation into an older sealed segment, then new appends: the reader sees the new history', async () => {
    await withLog(where, { segmentBytes: 1024 }, async ({ log, w, probe }) => {
      await appendSingles(w, 0, 100)
      await probe.create('all', { from: 0 })
      expect((await readUpTo(probe, 'all', 100)).length).toBe(100) // the view has loaded every segment
      const cut = 30
      expect(await w.truncateTo(cut)).toBe(cut)
      await appendSingles(w, cut, 120, 'new')
      expect(log.highWatermark).toBe(120)
      await probe.create('fresh', { from: 0 })
      const records = await readUpTo(probe, 'fresh', 1000)
      expect(records.map((r) => r.offset)).toEqual(Array.from({ length: 120 }, (_, i) => i))
      records.forEach((r) => expect(r.value).toBe(r.offset < cut ? `v${r.offset}` : `new${r.offset}`))
      // Point reads near the cut go through the reloaded segment's index.
      await probe.create('seek', { from: cut + 1 })
      expect(await probe.read('seek', 1)).toEqual([{ offset: cut + 1, value: `new${cut + 1}` }])
    })
  })

  it("a waiting follower cut by truncation: 'error' rejects, 'latest' resumes at the new high watermark", async () => {
    await withLog(where, {}, async ({ w, probe }) => {
      await appendSingles(w, 0, 50)
      await probe.create('error', { from: 'latest', follow: true, onOutOfRange: 'error' })
      await probe.create('latest', { from: 'latest', follow: true, onOutOfRange: 'latest' })
      const failing = probe.iterate('error', 1)
      const resuming = probe.iterate('latest', 5)
      await settle(probe, 'latest') // both are parked at offset 50
      expect(await w.truncateTo(20)).toBe(20)

      const failed = await failing
      expect(failed.records).toEqual([])
      expect(failed.error?.code).toBe('KLOG_OFFSET_OUT_OF_RANGE')
      // Append only once the 'latest' follower has taken the truncation into account; appending
      // earlier can race its wake-up (see the truncate-and-refill test below).
      await until(async () => (await probe.position('latest')) === 20)
      await appendSingles(w, 20, 25, 'new')
      const resumed = await resuming
      expect(resumed.error).toBeUndefined()
      expect(resumed.records).toEqual([20, 21, 22, 23, 24].map((o) => ({ offset: o, value: `new${o}` })))
    })
  })

  it('aborting the signal rejects a waiting follower with an AbortError', async () => {
    await withLog(where, {}, async ({ w, probe }) => {
      await appendSingles(w, 0, 3)
      await probe.create('f', { from: 0, follow: true, abortable: true })
      const it = probe.iterate('f', 100)
      await settle(probe, 'f')
      await probe.abort('f')
      const r = await it
      expect(r.records.map((x) => x.offset)).toEqual([0, 1, 2])
      expect(r.error?.name).toBe('AbortError')
    })
  })

  it('reader.close() ends a waiting iteration quietly', async () => {
    await withLog(where, {}, async ({ w, probe }) => {
      await appendSingles(w, 0, 2)
      await probe.create('f', { from: 0, follow: true })
      const it = probe.iterate('f', 100)
      // Until both records are handed out (the first fetch of an iteration hands out one), then parked.
      while ((await probe.position('f')) < 2) await new Promise((resolve) => setImmediate(resolve))
      await settle(probe, 'f')
      await probe.close('f')
      const r = await it
      expect(r.error).toBeUndefined()
      expect(r.ended).toBe(true)
      expect(r.records.map((x) => x.offset)).toEqual([0, 1])
    })
  })

  it('a parked follower wakes on an append made after it began waiting', async () => {
    await withLog(where, {}, async ({ w, probe }) => {
      await appendSingles(w, 0, 5)
      await probe.create('f', { from: 'latest', follow: true })
      const it = probe.iterate('f', 1)
      // Its first read found nothing (at the high watermark no I/O is involved), so once the probe
      // has answered these round trips the iteration is parked in its wait.
      await settle(probe, 'f')
      expect(await probe.position('f')).toBe(5)
      await w.append({ value: 'wake' })
      expect((await it).records).toEqual([{ offset: 5, value: 'wake' }])
    })
  })
})

describe('when the writer goes away', () => {
  it('a worker follower of a Log that closes keeps waiting and continues with the next writer', async () => {
    const dir = dirs.make()
    let log = await Log.open(dir, { fsync: 'never' })
    let w = await log.writer()
    const probe = await RemoteProbe.worker(log)
    try {
      await appendSingles(w, 0, 3)
      await probe.create('f', { from: 0, follow: true })
      const following = probe.iterate('f', 8)
      await settle(probe, 'f')
      await appendSingles(w, 3, 5)
      await log.close() // the worker's shared snapshot will never change again
      log = await Log.open(dir, { fsync: 'never' })
      w = await log.writer()
      await appendSingles(w, 5, 8, 'next')
      const { records, error, ended } = await following
      expect(error).toBeUndefined()
      expect(ended).toBe(false)
      expect(records.map((r) => `${r.offset}:${r.value}`)).toEqual([
        '0:v0',
        '1:v1',
        '2:v2',
        '3:v3',
        '4:v4',
        '5:next5',
        '6:next6',
        '7:next7',
      ])
    } finally {
      await probe.shutdown()
      await log.close()
    }
  })

  it('an other-process follower keeps waiting and continues with the next writer', async () => {
    const dir = dirs.make()
    let log = await Log.open(dir, { fsync: 'never' })
    let w = await log.writer()
    const probe = await RemoteProbe.process(dir)
    try {
      await appendSingles(w, 0, 2)
      await probe.create('f', { from: 0, follow: true })
      const following = probe.iterate('f', 5)
      await log.close()
      log = await Log.open(dir, { fsync: 'never' })
      w = await log.writer()
      await appendSingles(w, 2, 5, 'next')
      const { records, error } = await following
      expect(error).toBeUndefined()
      expect(records).toEqual([
        { offset: 0, value: 'v0' },
        { offset: 1, value: 'v1' },
        { offset: 2, value: 'next2' },
        { offset: 3, value: 'next3' },
        { offset: 4, value: 'next4' },
      ])
    } finally {
      await probe.shutdown()
      await log.close()
    }
  })
})

describe('regressions', () => {
  // writer.truncateTo() awaits (sealChain, findPosition, segment.truncateTo) without excluding the
  // append pipeline: an append issued while it is pending is written, committed and acknowledged at
  // the old log end, then cut off by the truncation. The caller is told offset 50 exists; it does not.
  it('regression: an append issued while truncateTo() is pending runs after it', async () => {
    const log = await Log.open(dirs.make(), { fsync: 'never' })
    const w = await log.writer()
    try {
      await appendSingles(w, 0, 50)
      const truncating = w.truncateTo(10)
      const appending = w.append({ value: 'after-truncate' })
      const [leo, res] = await Promise.all([truncating, appending])
      expect(leo).toBe(10)
      // Expected: the append runs after the truncation (offset 10) and is readable.
      const all: Rec[] = []
      for await (const r of log.reader({ from: 0 })) all.push(plain(r))
      expect(all.find((r) => r.offset === res.baseOffset)?.value).toBe('after-truncate')
      expect(res.baseOffset).toBe(10)
    } finally {
      await w.close()
      await log.close()
    }
  })

  // A reader positioned past the truncation point is not told about the truncation if the log is
  // refilled past its position before its next read: it silently continues on the new records at
  // the reused offsets, having returned the OLD records below its position and never the new ones.
  // writer.truncateTo documents "Readers positioned past the new end get their offset-reset outcome".
  it('regression: truncate + refill before the next read is reported to a reader past the cut', async () => {
    const log = await Log.open(dirs.make(), { fsync: 'never' })
    const w = await log.writer()
    try {
      await appendSingles(w, 0, 50)
      const reader = log.reader({ from: 0, onOutOfRange: 'error' })
      expect((await reader.read({ maxRecords: 30 })).length).toBe(30)
      await w.truncateTo(10)
      await appendSingles(w, 10, 60, 'new')
      // Expected: KLOG_OFFSET_OUT_OF_RANGE (its position 30 was cut). Actual: resolves with new30…
      await expect(reader.read({ maxRecords: 1 })).rejects.toMatchObject({ code: 'KLOG_OFFSET_OUT_OF_RANGE' })
    } finally {
      await w.close()
      await log.close()
    }
  })
})
