/**
 * Stress (not timed): followers in the writer's thread, in worker threads and in another process
 * while the writer appends, rolls (small segments), truncates and applies retention (after rolls
 * and on demand), all at once. Every delivered record is checked against a function of (offset,
 * history): its value names the truncation epoch it was written in, and the writer's list of
 * truncations tells whether it could still have been the log's record at that offset when its
 * neighbour was (see children/shape-workload.mjs). Nothing may be torn, skipped, repeated, beyond
 * the high watermark, or from a history a truncation had already removed.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { Log } from '../../src/index.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'
import { mulberry32 } from '../helpers/random.js'
import { checkRuns, follow, reached, valueOf } from './children/shape-workload.mjs'

const dirs = useTempDirs()
const FOLLOWER = fileURLToPath(new URL('./children/shape-follower.mjs', import.meta.url))
const SEED = Number(process.env.SHAPE_SEED ?? 20261129)
const APPENDS = Number(process.env.SHAPE_APPENDS ?? 3000)

interface Result {
  runs: Array<Array<[number, number] | [number, number, number]>>
  errors: string[]
  delivered: number
}

interface Remote {
  ready: Promise<void>
  report: string
  exited: Promise<void>
  tell(m: object): void
}

function startRemote(kind: 'worker' | 'process', params: Record<string, unknown>): Remote {
  let ready!: () => void
  const isReady = new Promise<void>((r) => (ready = r))
  const onMessage = (m: { type?: string }): void => {
    if (m?.type === 'ready') ready()
  }
  if (kind === 'worker') {
    const w = new Worker(FOLLOWER, { workerData: params })
    w.on('message', onMessage)
    const exited = new Promise<void>((resolve, reject) => {
      w.on('error', reject)
      w.on('exit', () => resolve())
    })
    return { ready: isReady, report: params.report as string, exited, tell: (m) => w.postMessage(m) }
  }
  const c = fork(FOLLOWER, [JSON.stringify(params)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  c.on('message', onMessage)
  const exited = new Promise<void>((resolve, reject) => {
    c.on('error', reject)
    c.on('exit', () => resolve())
  })
  return { ready: isReady, report: params.report as string, exited, tell: (m) => c.connected && c.send(m) }
}

describe('followers while the log changes shape', () => {
  it('every follower, wherever it runs, delivers one consistent history between its resets', async () => {
    const dir = dirs.make()
    const reports = dirs.make()
    const rand = mulberry32(SEED)
    const log = await Log.open(dir, { segmentBytes: 16 * 1024, retentionBytes: 96 * 1024, fsync: 'never', indexIntervalBytes: 1024 })
    const writer = await log.writer()
    const handle = log.share()
    const remotes = [
      startRemote('worker', { dist: DIST_ENTRY, handle, report: path.join(reports, 'w1.json') }),
      startRemote('worker', { dist: DIST_ENTRY, handle, report: path.join(reports, 'w2.json') }),
      startRemote('process', { dist: DIST_ENTRY, dir, report: path.join(reports, 'p1.json') }),
    ]
    await Promise.all(remotes.map((r) => r.ready))

    let target: { end: number; epoch: number } | undefined
    const localState: { last?: [number, number] } = {}
    const localStop = new AbortController()
    const local = follow(log, { stopAt: () => target, signal: localStop.signal, state: localState })

    // The writer: mostly single-record appends (equal batches: refills recreate old base offsets),
    // some of up to 40 records, a truncation now and then (up to 120 records back, never below the
    // log start), an explicit retention pass now and then; retention also runs after rolls.
    const cuts: number[] = []
    let truncations = 0
    let retentions = 0
    for (let i = 0; i < APPENDS; i++) {
      const n = rand() < 0.8 ? 1 : 1 + Math.floor(rand() * 40)
      const epoch = cuts.length
      const base = log.logEndOffset
      const records = Array.from({ length: n }, (_, k) => ({ value: valueOf(epoch, base + k) }))
      const { baseOffset } = await writer.append(records)
      expect(baseOffset).toBe(base)
      const roll = rand()
      if (roll < 0.03) {
        const to = Math.max(log.logStartOffset, log.logEndOffset - 1 - Math.floor(rand() * 120))
        try {
          cuts.push(await writer.truncateTo(to))
          truncations++
        } catch (err) {
          // Retention queued by a roll may have moved the log start past `to` first.
          expect((err as { code?: string }).code).toBe('KLOG_OFFSET_OUT_OF_RANGE')
        }
      } else if (roll < 0.04) {
        retentions += await writer.enforceRetention()
      }
    }
    // End with an append so the last record belongs to the final history.
    const last = await writer.append({ value: valueOf(cuts.length, log.logEndOffset) })
    target = { end: last.lastOffset + 1, epoch: cuts.length }
    for (const r of remotes) r.tell({ type: 'end', ...target })
    if (reached(localState.last, target)) localStop.abort()

    const mine = (await local) as Result
    await Promise.all(remotes.map((r) => r.exited))
    const results: Array<[string, Result]> = [['same thread', mine]]
    for (const r of remotes) results.push([path.basename(r.report), JSON.parse(fs.readFileSync(r.report, 'utf8')) as Result])
    for (const [who, result] of results) {
      expect(result.errors, `${who}: errors`).toEqual([])
      expect(checkRuns(result.runs, cuts), `${who}: history`).toEqual([])
      const final = result.runs[result.runs.length - 1]!
      expect(final[final.length - 1]!.slice(0, 2), `${who}: reached the end`).toEqual([target.end - 1, target.epoch])
      expect(result.delivered, `${who}: delivered records`).toBeGreaterThan(0)
    }
    expect(truncations, 'the workload truncated').toBeGreaterThan(10)
    expect(log.logStartOffset, 'retention removed segments').toBeGreaterThan(0)
    void retentions
    await writer.close()
    await log.close()
  })
})

describe('the history check has teeth', () => {
  // cuts[k]: the log end the (k+1)-th truncation left.
  const cuts = [50, 80]
  it('accepts a run that crosses truncations above it', () => {
    expect(
      checkRuns(
        [
          [
            [40, 0],
            [41, 1],
            [42, 2],
          ],
        ],
        cuts,
      ),
    ).toEqual([])
  })
  it('rejects a record of a history a truncation had removed before its neighbour was written', () => {
    expect(
      checkRuns(
        [
          [
            [59, 0],
            [60, 1],
          ],
        ],
        cuts,
      ),
    ).toHaveLength(1) // 59 of epoch 0 was cut at 50
  })
  it('rejects gaps, repeats and epochs going back within a run', () => {
    expect(
      checkRuns(
        [
          [
            [1, 0],
            [3, 0],
          ],
        ],
        cuts,
      ),
    ).toHaveLength(1)
    expect(
      checkRuns(
        [
          [
            [1, 0],
            [1, 0],
          ],
        ],
        cuts,
      ),
    ).toHaveLength(1)
    expect(
      checkRuns(
        [
          [
            [1, 1],
            [2, 0],
          ],
        ],
        cuts,
      ),
    ).toHaveLength(1)
  })
  it('rejects a record at or above the high watermark unless a later truncation cut it', () => {
    expect(checkRuns([[[60, 0, 60]]], cuts)).toEqual([])
    expect(checkRuns([[[90, 2, 90]]], cuts)).toHaveLength(1)
  })
})
