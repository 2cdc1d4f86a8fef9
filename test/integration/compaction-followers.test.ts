/**
 * Readers in a worker and in another process re-read a log from its start, again and again, while
 * the writer appends and compacts it (rounds whose swaps merge several segments into one). A healthy
 * log never yields `KLOG_CORRUPT_SEGMENT` or `KLOG_IO` to them, and every record they get is right
 * (issue 19, item 10: "the segment ends at offset 648 but the next one starts at 810", `ENOENT`).
 * Timing is natural here (the deterministic interleavings are in compaction-races.test.ts): the
 * readers are reading before the first round starts and stop when told, after at least one pass,
 * so what is asserted does not depend on the machine's speed.
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

const dirs = useTempDirs()
const REREADER = fileURLToPath(new URL('./children/compaction-rereader.mjs', import.meta.url))

interface Report {
  errors: string[]
  passes: number
  records: number
  points: number
}

describe('readers elsewhere while compaction swaps segments under them', () => {
  for (const seed of [19, 20]) {
    it(`never see a false error or a wrong record (seed ${seed})`, async () => {
      const dir = dirs.make()
      const reports = dirs.make()
      const stop = path.join(reports, 'stop')
      const rand = mulberry32(seed)
      // Small segments written, and compacted into bigger ones: each swap replaces several files.
      const first = await Log.open(dir, { segmentBytes: 1024, fsync: 'never', housekeepingIntervalMs: 0 })
      const w1 = await first.writer()
      let next = 0
      const append = async (w: import('../../src/index.js').LogWriter): Promise<void> => {
        const key = `k${Math.floor(rand() * 30)}`
        await w.append({ key, value: `${next}:${key}:${'z'.repeat(Math.floor(rand() * 60))}` })
        next++
      }
      for (let i = 0; i < 400; i++) await append(w1)
      await first.close()
      const log = await Log.open(dir, { segmentBytes: 4096, cleanupPolicy: 'compact', fsync: 'never', housekeepingIntervalMs: 0 })
      const w = await log.writer()
      const worker = new Worker(REREADER, {
        workerData: { dist: DIST_ENTRY, handle: log.share(), report: path.join(reports, 'w.json'), stop, seed },
      })
      const child = fork(
        REREADER,
        [JSON.stringify({ dist: DIST_ENTRY, dir, report: path.join(reports, 'p.json'), stop, seed: seed + 1 })],
        {
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        },
      )
      const exited = Promise.all([
        new Promise((resolve, reject) => {
          worker.on('exit', resolve)
          worker.on('error', reject)
        }),
        new Promise((resolve) => child.on('exit', resolve)),
      ])
      // Both readers are reading before the first round (waiting is not what the test decides on).
      while (!['w.json', 'p.json'].every((name) => fs.existsSync(path.join(reports, `${name}.ready`)))) {
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      let rounds = 0
      let swapped = 0
      for (let r = 0; r < 12; r++) {
        // Appends go on during the round: rolls land between its swaps, and views reload for them.
        const round = w.compact()
        for (let i = 0; i < 120; i++) await append(w)
        const report = await round
        if (report !== undefined) rounds++
        swapped += report?.segmentsWritten ?? 0
      }
      fs.writeFileSync(stop, '')
      await exited
      expect(rounds).toBe(12)
      expect(swapped).toBeGreaterThan(12)
      for (const name of ['w.json', 'p.json']) {
        const report = JSON.parse(fs.readFileSync(path.join(reports, name), 'utf8')) as Report
        expect(report.errors, name).toEqual([])
        expect(report.passes, name).toBeGreaterThan(0)
        expect(report.records, name).toBeGreaterThan(100)
      }
      await log.close()
    })
  }
})
