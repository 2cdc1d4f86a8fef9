/**
 * SIGKILL at each step of a compaction swap (src/cleaner/swap.ts): the child dies exactly there
 * (KAFKA_LITE_CRASH_AT), and the next open finishes or undoes the interrupted swap. Afterwards the
 * log holds every record compaction keeps, nothing it never had, no duplicates, offsets in order,
 * no leftover `.swap`, `.deleted` or scratch files; another round gives exactly the compacted log.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Log } from '../../src/index.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'
import { readAll, segmentPath } from '../helpers/logs.js'
import { listLogBases, walkBatches } from '../helpers/segment-files.js'

const dirs = useTempDirs()
const CRASHER = fileURLToPath(new URL('./children/compaction-crasher.mjs', import.meta.url))
const STEPS = [
  'compact:cleaned',
  'compact:index-swaps',
  'compact:committed',
  'compact:indexes-replaced',
  'compact:log-replaced',
  'compact:old-renamed',
  'compact:marker-removed',
]
// Written with 1 KiB segments, compacted with 4 KiB ones: groups of several old segments each.
const OPTIONS = { segmentBytes: 4096, cleanupPolicy: 'compact', fsync: 'never', housekeepingIntervalMs: 0 } as const

const key = (r: { offset: number; key: Buffer | null; value: Buffer | null }): string =>
  `${r.offset}|${r.key?.toString()}|${r.value?.toString()}`

describe('SIGKILL during a compaction swap', () => {
  for (const step of STEPS) {
    it(`at ${step}: the next open finishes or undoes it`, async () => {
      const dir = dirs.make()
      const log = await Log.open(dir, { ...OPTIONS, segmentBytes: 1024 })
      const w = await log.writer()
      for (let i = 0; i < 300; i++) await w.append({ key: `k${i % 12}`, value: `${i}-${'q'.repeat(i % 50)}` })
      const before = (await readAll(log)).map(key)
      await log.close()
      // What a completed round leaves, computed on a copy.
      const copy = dirs.make()
      fs.cpSync(dir, copy, { recursive: true })
      const reference = await Log.open(copy, OPTIONS)
      await (await reference.writer()).compact()
      const after = (await readAll(reference)).map(key)
      await reference.close()
      expect(after.length).toBeLessThan(before.length)

      const r = spawnSync(process.execPath, [CRASHER, JSON.stringify({ dist: DIST_ENTRY, dir })], {
        env: { ...process.env, KAFKA_LITE_CRASH_AT: step },
        encoding: 'utf8',
      })
      expect(r.signal, r.stderr).toBe('SIGKILL')

      const reopened = await Log.open(dir, OPTIONS)
      const got = (await readAll(reopened)).map(key)
      const offsets = got.map((g) => Number(g.split('|')[0]))
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b))
      expect(new Set(offsets).size).toBe(offsets.length)
      const beforeSet = new Set(before)
      for (const g of got) expect(beforeSet.has(g), `${g} was in the log`).toBe(true)
      for (const a of after) expect(got.includes(a), `${a} kept`).toBe(true)
      if (step === 'compact:cleaned' || step === 'compact:index-swaps') expect(got).toEqual(before)
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.swap') || f.endsWith('.deleted') || f === '.cleaner')).toEqual([])
      // Segments do not overlap: no old segment survived inside a swapped group's range.
      const bases = listLogBases(dir)
      for (let i = 0; i + 1 < bases.length; i++) {
        const batches = walkBatches(fs.readFileSync(segmentPath(dir, bases[i]!, 'log'))).batches
        expect(batches[batches.length - 1]!.lastOffset, `segment ${bases[i]} ends before ${bases[i + 1]}`).toBeLessThan(bases[i + 1]!)
      }
      await (await reopened.writer()).compact()
      expect((await readAll(reopened)).map(key)).toEqual(after)
      await reopened.close()
    })
  }
})
