/**
 * The seeded damage matrix: every kind of file and every batch-header field, damaged in the first, a
 * middle and the active segment, after a clean shutdown and after unclean ones (recovery point at
 * the log end, so damaged sealed segments are trusted; and at 0, so every segment is rescanned).
 * Whatever the damage, the log must never hand out a wrong record, never skip an offset without
 * `KLOG_CORRUPT_SEGMENT` (with file and position) or a repair reported in `log.recovery`, and never
 * hang. Both the owner (mapped point reads) and a read-only view (pread) are checked.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeUnclean, segmentPath } from '../helpers/logs.js'
import { mulberry32 } from '../helpers/random.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { basesOf, batchesOf, buildLog, checkLog, flip, patch } from '../helpers/damage.js'

type Target =
  | 'baseOffset'
  | 'length-zero'
  | 'length-past-end'
  | 'length-bit'
  | 'magic'
  | 'crc'
  | 'attributes'
  | 'lastOffsetDelta'
  | 'recordsCount'
  | 'payload'
  | 'index'
  | 'index-size'
  | 'timeindex'
  | 'timeindex-size'
const TARGETS: Target[] = [
  'baseOffset',
  'length-zero',
  'length-past-end',
  'length-bit',
  'magic',
  'crc',
  'attributes',
  'lastOffsetDelta',
  'recordsCount',
  'payload',
  'index',
  'index-size',
  'timeindex',
  'timeindex-size',
]
type Where = 'first' | 'middle' | 'active'
type Shutdown = 'clean' | 'unclean-at-end' | 'unclean-from-0'

/** Damages `target` in segment `base` of `dir`; false when the segment has nothing to damage there. */
function damage(dir: string, base: number, target: Target, rand: () => number): boolean {
  const log = segmentPath(dir, base, 'log')
  const batches = batchesOf(dir, base)
  if (batches.length === 0) return false
  const b = batches[Math.floor(rand() * batches.length)]!
  const bit = 1 << Math.floor(rand() * 8)
  switch (target) {
    case 'baseOffset':
      flip(log, b.position + 7 - Math.floor(rand() * 2), bit)
      return true
    case 'length-zero':
      patch(log, b.position + 8, [0, 0, 0, 0])
      return true
    case 'length-past-end':
      patch(log, b.position + 8, [0, 0x10, 0, 0])
      return true
    case 'length-bit':
      flip(log, b.position + 11 - Math.floor(rand() * 2), bit)
      return true
    case 'magic':
      flip(log, b.position + 16, bit)
      return true
    case 'crc':
      flip(log, b.position + 17 + Math.floor(rand() * 4), bit)
      return true
    case 'attributes':
      flip(log, b.position + 21 + Math.floor(rand() * 2), bit)
      return true
    case 'lastOffsetDelta':
      flip(log, b.position + 26 - Math.floor(rand() * 2), bit)
      return true
    case 'recordsCount':
      flip(log, b.position + 60 - Math.floor(rand() * 2), bit)
      return true
    case 'payload':
      flip(log, b.position + 61 + Math.floor(rand() * (b.size - 61)), bit)
      return true
    case 'index':
    case 'timeindex': {
      const file = segmentPath(dir, base, target)
      const size = fs.statSync(file).size
      if (size === 0) return false
      flip(file, Math.floor(rand() * size), bit)
      return true
    }
    case 'index-size':
    case 'timeindex-size': {
      const file = segmentPath(dir, base, target === 'index-size' ? 'index' : 'timeindex')
      fs.appendFileSync(file, Buffer.from([0xff, 0x00, 0x7f]))
      return true
    }
  }
}

describe('seeded damage matrix: no wrong record, no silent skip, no hang', () => {
  const dirs = useTempDirs()
  const SEED = 0xda4a6e

  for (const shutdown of ['clean', 'unclean-at-end', 'unclean-from-0'] as Shutdown[]) {
    for (const where of ['first', 'middle', 'active'] as Where[]) {
      it(`${shutdown} shutdown, ${where} segment: every target (seed ${SEED})`, async () => {
        const rand = mulberry32(SEED ^ (shutdown.length * 131 + where.length * 7))
        const pristine = dirs.make()
        const written = await buildLog(pristine, 60, rand)
        const bases = basesOf(pristine)
        expect(bases.length).toBeGreaterThanOrEqual(4)
        const base = where === 'first' ? bases[0]! : where === 'active' ? bases[bases.length - 1]! : bases[Math.floor(bases.length / 2)]!
        let damaged = 0
        for (const target of TARGETS) {
          const dir = dirs.make()
          fs.cpSync(pristine, dir, { recursive: true })
          if (!damage(dir, base, target, rand)) continue
          damaged++
          if (shutdown !== 'clean') makeUnclean(dir, shutdown === 'unclean-from-0' ? 0 : written)
          const label = `${target} in the ${where} segment (${base}), ${shutdown}`
          // A read-only view first (it changes nothing), then the owner (which may repair).
          const view = dirs.make()
          fs.cpSync(dir, view, { recursive: true })
          await checkLog(view, written, `${label}, view`, true)
          const first = await checkLog(dir, written, `${label}, owner`)
          // A second open of what the first left behind must be just as honest.
          if (first.opened) await checkLog(dir, first.hw, `${label}, reopened`, false, first.start)
        }
        expect(damaged).toBeGreaterThanOrEqual(10)
      })
    }
  }

  const META: [string, (dir: string, deadPid: number) => void][] = [
    ['recovery point: garbage', (d) => fs.writeFileSync(path.join(d, 'recovery-point-offset-checkpoint'), 'garbage\n')],
    [
      'recovery point: beyond the log end',
      (d) => fs.writeFileSync(path.join(d, 'recovery-point-offset-checkpoint'), '0\n1\nlog 0 99999999\n'),
    ],
    ['recovery point: 0', (d) => fs.writeFileSync(path.join(d, 'recovery-point-offset-checkpoint'), '0\n1\nlog 0 0\n')],
    ['log start: garbage', (d) => fs.writeFileSync(path.join(d, 'log-start-offset-checkpoint'), '0\n1\nlog 0 -5\n')],
    ['log start: beyond the log end', (d) => fs.writeFileSync(path.join(d, 'log-start-offset-checkpoint'), '0\n1\nlog 0 99999999\n')],
    [
      'clean-shutdown marker: a changed digit',
      (d) => {
        const f = path.join(d, '.kafka_cleanshutdown')
        if (fs.existsSync(f))
          fs.writeFileSync(
            f,
            fs.readFileSync(f, 'utf8').replace(/"logEndOffset":(\d)/, (_m, c: string) => `"logEndOffset":${(Number(c) + 1) % 10}`),
          )
      },
    ],
    ['clean-shutdown marker: garbage', (d) => fs.writeFileSync(path.join(d, '.kafka_cleanshutdown'), '{"logEndOffset": 5')],
    ['state file: garbage', (d) => fs.writeFileSync(path.join(d, '.kafka-lite-state'), Buffer.alloc(64, 0xab))],
    ['state file: empty', (d) => fs.writeFileSync(path.join(d, '.kafka-lite-state'), '')],
    ['lock: an empty .lock', (d) => fs.mkdirSync(path.join(d, '.lock'))],
    [
      'lock: a .lock of a dead process',
      (d, pid) => {
        fs.mkdirSync(path.join(d, '.lock'))
        fs.writeFileSync(path.join(d, '.lock', 'owner'), JSON.stringify({ pid, hostname: os.hostname() }))
      },
    ],
    [
      'lock: an empty .lock-takeover and a dead .lock',
      (d, pid) => {
        fs.mkdirSync(path.join(d, '.lock'))
        fs.writeFileSync(path.join(d, '.lock', 'owner'), JSON.stringify({ pid, hostname: os.hostname() }))
        fs.writeFileSync(path.join(d, '.lock-takeover'), '')
      },
    ],
  ]

  for (const shutdown of ['clean', 'unclean-at-end'] as Shutdown[]) {
    it(`${shutdown} shutdown: damaged metadata files and lock leftovers`, async () => {
      const pristine = dirs.make()
      const written = await buildLog(pristine, 50, mulberry32(SEED))
      const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!
      for (const [name, apply] of META) {
        const dir = dirs.make()
        fs.cpSync(pristine, dir, { recursive: true })
        if (shutdown !== 'clean') makeUnclean(dir, written)
        apply(dir, deadPid)
        const label = `${name}, ${shutdown}`
        const view = dirs.make()
        fs.cpSync(dir, view, { recursive: true })
        await checkLog(view, written, `${label}, view`, true)
        const first = await checkLog(dir, written, `${label}, owner`)
        // Lock leftovers and metadata damage never cost a record or the writer.
        expect(first.opened, label).toBe(true)
        expect(first.hw, label).toBe(written)
        if (first.opened) await checkLog(dir, first.hw, `${label}, reopened`, false, first.start)
      }
    })
  }

  it('the checker itself fails on a log that serves a wrong record', async () => {
    const dir = dirs.make()
    const written = await buildLog(dir, 20, mulberry32(1))
    // Same length, different content: the CRC is recomputed by rewriting the value through a new log.
    const other = dirs.make()
    const log = await (await import('../../src/index.js')).Log.open(other, { fsync: 'never' })
    const w = await log.writer()
    for (let i = 0; i < written; i++) await w.append({ key: `k${i}`, value: `v${i === 3 ? 9 : i}` })
    await log.close()
    await expect(checkLog(other, written, 'planted')).rejects.toThrow()
    expect(path.isAbsolute(dir)).toBe(true)
  })
})
