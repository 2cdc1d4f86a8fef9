/**
 * `readBatches` and `waitForOffset` on views: a worker thread (`Log.attach`) and another process
 * (`readOnly: true`) wait for the high watermark to pass an offset, woken by the writer's
 * publication (the worker by `Atomics.notify`, the process by the state file's watch), then read
 * whole batches: exactly the bytes the writer's own `readBatches` returns, producer fields and
 * compressed payloads as the producer sent them. The child process reports through a file written
 * synchronously.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { Log, type CompressionType, type LogWriter } from '../../src/index.js'
import { ourBatch } from '../helpers/produced-batches.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-views-batches-')
const CODECS: CompressionType[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd']
const T0 = 1_700_000_000_000
/** Reads the reader side performs once the last record is readable: [from, maxBytes]. */
const READS: [number, number][] = [
  [0, 1 << 20],
  [0, 1],
  [7, 500],
  [33, 2000],
  [99, 10],
]

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
import(workerData.entry).then(async ({ Log }) => {
  const log = await Log.attach(workerData.handle)
  parentPort.postMessage({ type: 'ready' })
  const hw = await log.waitForOffset(workerData.last)
  const reads = []
  for (const [from, maxBytes] of workerData.reads) reads.push((await log.readBatches({ from, maxBytes })).records.toString('hex'))
  parentPort.postMessage({ type: 'done', hw, reads })
  await log.close()
})
`

const CHILD = `
const fs = require('node:fs')
const [entry, dir, ready, report, last, reads] = process.argv.slice(1)
import(entry).then(async ({ Log }) => {
  const log = await Log.open(dir, { readOnly: true })
  fs.writeFileSync(ready, 'ready')
  const hw = await log.waitForOffset(Number(last))
  const out = []
  for (const [from, maxBytes] of JSON.parse(reads)) out.push((await log.readBatches({ from, maxBytes })).records.toString('hex'))
  await log.close()
  fs.writeFileSync(report, JSON.stringify({ hw, reads: out }))
})
`

async function appendProduced(w: LogWriter, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    const records = Array.from({ length: 4 }, (_, j) => ({
      key: `k${i}`,
      value: `value ${i}/${j} `.repeat(1 + (i % 7)),
      timestamp: T0 + i,
    }))
    await w.appendBatches(await ourBatch(records, CODECS[i % 5]!, { producerId: 5, producerEpoch: 0, baseSequence: i * 4 }))
  }
}

async function until(file: string): Promise<void> {
  // Waiting for the child to get ready is not an assertion: it only orders the steps.
  while (!fs.existsSync(file)) await new Promise((r) => setTimeout(r, 20))
}

describe('readBatches and waitForOffset on views', () => {
  it('a worker thread, woken by the writer, reads the bytes the writer reads', async () => {
    const dir = dirs.make()
    await using log = await Log.open(dir, { fsync: 'never', segmentBytes: 4096 })
    const w = await log.writer()
    await appendProduced(w, 0, 20)
    const worker = new Worker(WORKER, { eval: true, workerData: { entry: DIST_ENTRY, handle: log.share(), last: 99, reads: READS } })
    const messages: { type: string; hw?: number; reads?: string[] }[] = []
    const done = new Promise<{ hw: number; reads: string[] }>((resolve, reject) => {
      worker.on('message', (m: { type: string; hw: number; reads: string[] }) => {
        messages.push(m)
        if (m.type === 'ready') void appendProduced(w, 20, 25)
        if (m.type === 'done') resolve(m)
      })
      worker.on('error', reject)
    })
    const got = await done
    await worker.terminate()
    expect(got.hw).toBe(100)
    const want = await Promise.all(
      READS.map(async ([from, maxBytes]) => (await log.readBatches({ from, maxBytes })).records.toString('hex')),
    )
    expect(got.reads).toEqual(want)
    expect(want[0]!.length / 2).toBeGreaterThan(4096) // the first read spans segments
  })

  it('another process, woken by the state file, reads the bytes the writer reads', async () => {
    const dir = dirs.make()
    const aside = dirs.make()
    await using log = await Log.open(dir, { fsync: 'never', segmentBytes: 4096 })
    const w = await log.writer()
    await appendProduced(w, 0, 20)
    const ready = path.join(aside, 'ready')
    const report = path.join(aside, 'report.json')
    const child = spawn(process.execPath, ['-e', CHILD, DIST_ENTRY, dir, ready, report, '99', JSON.stringify(READS)], { stdio: 'inherit' })
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    await until(ready)
    await appendProduced(w, 20, 25)
    expect(await exited).toBe(0)
    const got = JSON.parse(fs.readFileSync(report, 'utf8')) as { hw: number; reads: string[] }
    expect(got.hw).toBe(100)
    const want = await Promise.all(
      READS.map(async ([from, maxBytes]) => (await log.readBatches({ from, maxBytes })).records.toString('hex')),
    )
    expect(got.reads).toEqual(want)
  })
})
