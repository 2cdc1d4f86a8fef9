/**
 * Must-show stress test: one writer, four worker-thread followers, one other-process follower and
 * one same-thread follower, while the writer appends 200,000 records of mixed sizes (10 B – 2 KiB)
 * in batches of 1–200 to a log with small segments (it rolls every few hundred KiB).
 *
 * Every reader checks contiguous offsets from 0, the exact value bytes of every record (derived from
 * the offset, see children/stress-workload.mjs), and that every record it returned is below the high
 * watermark it observed after receiving it. Each reports its count and an order-sensitive checksum,
 * compared with the writer's.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { Log } from '../../src/index.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'
import { mulberry32 } from '../helpers/random.js'
import { combine, hashBytes, valueFor } from './children/stress-workload.mjs'

const dirs = useTempDirs()
const READER_SCRIPT = fileURLToPath(new URL('./children/stress-reader.mjs', import.meta.url))

const TOTAL = 200_000
const WORKERS = 4

interface Report {
  type: 'done'
  count: number
  sum: number
  errors: string[]
}

function startWorker(params: object): { ready: Promise<void>; done: Promise<Report>; stop(): void } {
  const worker = new Worker(READER_SCRIPT, { workerData: params })
  let onReady!: () => void
  const ready = new Promise<void>((r) => (onReady = r))
  const done = new Promise<Report>((resolve, reject) => {
    worker.on('message', (m: { type: 'ready' } | Report) => {
      if (m.type === 'ready') onReady()
      else if (m.type === 'done') resolve(m)
    })
    worker.on('error', reject)
    worker.on('exit', (code) => reject(new Error(`worker exited (${code}) before reporting`)))
  })
  return { ready, done, stop: () => worker.postMessage('stop') }
}

function startChild(params: object): { ready: Promise<void>; done: Promise<Report>; stop(): void; child: ChildProcess } {
  const child = fork(READER_SCRIPT, [JSON.stringify(params)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  let onReady!: () => void
  const ready = new Promise<void>((r) => (onReady = r))
  const done = new Promise<Report>((resolve, reject) => {
    child.on('message', (m: { type: 'ready' } | Report) => {
      if (m.type === 'ready') onReady()
      else if (m.type === 'done') resolve(m)
    })
    child.on('error', reject)
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before reporting`)))
  })
  return { ready, done, stop: () => child.connected && child.send('stop'), child }
}

describe('readers under a heavy writer', () => {
  it(`${WORKERS} worker followers + 1 other-process follower + 1 same-thread follower see all ${TOTAL} records exactly once`, async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, { segmentBytes: 256 * 1024, fsync: 'never', indexIntervalBytes: 4096 })
    const writer = await log.writer()
    const handle = log.share()

    const workers = Array.from({ length: WORKERS }, () => startWorker({ dist: DIST_ENTRY, handle, total: TOTAL }))
    const child = startChild({ dist: DIST_ENTRY, dir, total: TOTAL })
    await Promise.all([...workers.map((w) => w.ready), child.ready])

    // Same-thread follower, interleaved with the writer on the event loop.
    const local = (async (): Promise<Report> => {
      const errors: string[] = []
      let expected = 0
      let sum = 0
      for await (const r of log.reader({ from: 0, follow: true })) {
        if (r.offset !== expected) {
          errors.push(`offset ${r.offset} delivered, expected ${expected}`)
          break
        }
        if (!(log.highWatermark > r.offset)) errors.push(`record ${r.offset} at/after HW ${log.highWatermark}`)
        sum = combine(sum, r.offset, hashBytes(r.value!))
        expected++
        if (expected === TOTAL) break
      }
      return { type: 'done', count: expected, sum, errors }
    })()

    const rand = mulberry32(20240611)
    let offset = 0
    let writerSum = 0
    while (offset < TOTAL) {
      const n = Math.min(TOTAL - offset, 1 + Math.floor(rand() * 200))
      const batch = []
      for (let i = 0; i < n; i++) {
        const o = offset + i
        const value = valueFor(o)
        writerSum = combine(writerSum, o, hashBytes(value))
        batch.push({ key: String(o), value })
      }
      const { baseOffset, lastOffset } = await writer.append(batch)
      expect(baseOffset).toBe(offset)
      expect(lastOffset).toBe(offset + n - 1)
      offset += n
    }
    expect(log.highWatermark).toBe(TOTAL)
    const segments = (await import('node:fs')).readdirSync(dir).filter((f) => f.endsWith('.log')).length
    expect(segments).toBeGreaterThan(50) // it really rolled, many times

    const watchdog = setTimeout(() => {
      for (const w of workers) w.stop()
      child.stop()
    }, 50_000)
    try {
      const reports = await Promise.all([...workers.map((w) => w.done), child.done, local])
      for (const r of reports) {
        expect(r.errors).toEqual([])
        expect(r.count).toBe(TOTAL)
        expect(r.sum).toBe(writerSum)
      }
    } finally {
      clearTimeout(watchdog)
      await writer.close()
      await log.close()
    }
  })
})
