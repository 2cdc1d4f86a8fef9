/**
 * Consumers wherever a reader lives: a worker thread (`Log.attach`) and another process (`readOnly`)
 * resume a consumer, read, commit the reader and list consumers while this thread holds the writer;
 * the positions they commit are exact, carry the history's truncation epoch, and are seen here.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { Log, type CommittedOffset, type ConsumerInfo } from '../../src/index.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'
import { codeOf } from '../helpers/errors.js'

const WORKER = fileURLToPath(new URL('./children/consumer-worker.mjs', import.meta.url))
const CHILD = fileURLToPath(new URL('./children/consumer-reader.mjs', import.meta.url))
const run = promisify(execFile)

interface Result {
  offsets: number[]
  committed: CommittedOffset
  listed: ConsumerInfo[]
}

function inWorker(log: Log, name: string, count: number): Promise<Result & { readOnly: boolean }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { workerData: { entry: DIST_ENTRY, handle: log.share(), name, count } })
    let result: (Result & { readOnly: boolean }) | undefined
    w.on('message', (m: Result & { readOnly: boolean }) => (result = m))
    w.on('error', reject)
    w.on('exit', (code) => (code === 0 && result !== undefined ? resolve(result) : reject(new Error(`worker exit ${code}`))))
  })
}

async function inProcess(
  dir: string,
  name: string,
  count: number,
  reportDir: string,
): Promise<Result & { values: string[]; error?: string }> {
  const report = path.join(reportDir, `report-${Math.random().toString(36).slice(2)}`)
  await run(process.execPath, [CHILD, DIST_ENTRY, dir, name, String(count), report], { timeout: 60_000 })
  return JSON.parse(fs.readFileSync(report, 'utf8')) as Result & { values: string[]; error?: string }
}

describe('consumers in workers and other processes', () => {
  const dirs = useTempDirs()

  it('a worker, another process and this thread take turns on one consumer without the writer lock', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir)
    const writer = await log.writer()
    await writer.append(Array.from({ length: 30 }, (_, i) => ({ value: `r${i}` })))

    const w1 = await inWorker(log, 'turns', 7)
    expect(w1.readOnly).toBe(true)
    expect(w1.offsets).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(w1.committed).toMatchObject({ offset: 7, truncationEpoch: 0, metadata: 'worker' })
    expect(w1.listed.map((c) => [c.name, c.committed?.offset, c.lag])).toEqual([['turns', 7, 23]])
    expect(await log.consumer('turns').committed()).toEqual(w1.committed)

    const p1 = await inProcess(dir, 'turns', 10, dirs.make())
    expect(p1.offsets).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15, 16])
    expect(p1.values).toEqual(p1.offsets.map((o) => `r${o}`))
    expect(p1.committed.offset).toBe(17)
    expect(p1.listed.map((c) => [c.name, c.committed?.offset, c.lag])).toEqual([['turns', 17, 13]])
    expect(await log.consumer('turns').committed()).toEqual(p1.committed)

    // The writer is still ours: neither took the lock.
    await writer.append({ value: 'r30' })
    const here = await log.consumer('turns').reader()
    expect((await here.read()).map((r) => r.offset)).toEqual(Array.from({ length: 14 }, (_, i) => 17 + i))
    await log.close()
  })

  it('positions committed elsewhere carry the truncation epoch: a resume after a truncation below them is out of range', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir)
    const writer = await log.writer()
    await writer.append(Array.from({ length: 20 }, (_, i) => ({ value: `r${i}` })))
    const fromWorker = await inWorker(log, 'w', 12)
    const fromProcess = await inProcess(dir, 'p', 15, dirs.make())
    expect([fromWorker.committed.offset, fromProcess.committed.offset]).toEqual([12, 15])
    await writer.truncateTo(10)
    await writer.append(Array.from({ length: 20 }, (_, i) => ({ value: `n${i}` })))
    expect(await codeOf((await log.consumer('w').reader()).read())).toBe('KLOG_OFFSET_OUT_OF_RANGE')
    expect(await codeOf((await log.consumer('p').reader()).read())).toBe('KLOG_OFFSET_OUT_OF_RANGE')
    // The other process sees the same history change through the state file.
    expect(await inProcess(dir, 'p', 1, dirs.make())).toEqual({ error: 'KLOG_OFFSET_OUT_OF_RANGE' })
    await log.close()
  })
})
