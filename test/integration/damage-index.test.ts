/**
 * Issue 8 item 4: a damaged `.index` or `.timeindex` of a trusted segment (clean shutdown, or below
 * the recovery point) fails Kafka's sanity check at open and is rebuilt from the `.log`, byte for
 * byte what the writer had written, and reported in `log.recovery.repairs`; acknowledged records
 * stay readable and appends continue. Node's own RangeError never escapes.
 */
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Log, LogError } from '../../src/index.js'
import { makeUnclean, segmentPath } from '../helpers/logs.js'
import { mulberry32 } from '../helpers/random.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { DAMAGE_OPTIONS, basesOf, buildLog, isRight } from '../helpers/damage.js'

type Damage = [name: string, suffix: 'index' | 'timeindex', apply: (buf: Buffer) => Buffer]

const DAMAGES: Damage[] = [
  ['a torn last entry', 'index', (b) => b.subarray(0, b.length - 3)],
  ['an entry whose position points past the segment', 'index', (b) => { b.writeInt32BE(0x7fff0000, b.length - 4); return b }],
  ['an entry whose offset goes backwards', 'index', (b) => { b.writeInt32BE(-5, b.length - 8); return b }],
  ['a last entry with a huge offset', 'index', (b) => { b.writeInt32BE(0x10000000, b.length - 8); return b }],
  ['garbage appended', 'index', (b) => Buffer.concat([b, Buffer.from([1, 2, 3, 4, 5, 6, 7, 8])])],
  ['a time entry past the segment', 'timeindex', (b) => { b.writeInt32BE(0x0fffffff, b.length - 4); return b }],
  ['timestamps going backwards', 'timeindex', (b) => { b.writeBigInt64BE(0n, b.length - 12); return b }],
  ['a torn time entry', 'timeindex', (b) => b.subarray(0, b.length - 5)],
]

describe('damaged indexes are sanity-checked at open and rebuilt from the .log', () => {
  const dirs = useTempDirs()

  for (const where of ['middle', 'active'] as const) {
    for (const shutdown of ['clean', 'unclean'] as const) {
      it.each(DAMAGES)(`${where} segment, ${shutdown} shutdown: %s`, async (_name, suffix, apply) => {
        const dir = dirs.make()
        // For the active case, large segments so that the active one has many index entries.
        const written = await buildLog(dir, 90, mulberry32(4), where === 'active' ? { ...DAMAGE_OPTIONS, segmentBytes: 64 * 1024 } : DAMAGE_OPTIONS)
        const bases = basesOf(dir)
        const base = where === 'active' ? bases[bases.length - 1]! : bases[Math.floor(bases.length / 2)]!
        const file = segmentPath(dir, base, suffix)
        const original = fs.readFileSync(file)
        expect(original.length).toBeGreaterThan(24)
        fs.writeFileSync(file, apply(Buffer.from(original)))
        // Unclean with the recovery point at the log end: a middle segment is still trusted, not scanned.
        if (shutdown === 'unclean') makeUnclean(dir, where === 'active' ? undefined : written)
        const log = await Log.open(dir, DAMAGE_OPTIONS)
        try {
          const rec = log.recovery!
          const trusted = shutdown === 'clean' || where === 'middle'
          if (trusted) {
            expect(rec.repairs.map((r) => r.kind)).toEqual(['index-rebuilt'])
            expect(rec.repairs[0]!.file).toBe(segmentPath(dir, base, 'index'))
          }
          expect(rec.bytesTruncated).toBe(0)
          expect(log.highWatermark).toBe(written)
          for (let o = 0; o < written; o++) {
            const r = await log.get(o)
            expect(r !== undefined && isRight(r), `get(${o})`).toBe(true)
          }
          let next = 0
          for await (const r of log.reader({ from: 0 })) {
            expect(r.offset).toBe(next++)
            expect(isRight(r)).toBe(true)
          }
          expect(next).toBe(written)
          expect(await log.offsetForTimestamp(1_000_000 + 37)).toBe(37)
          const w = await log.writer()
          for (let i = 0; i < 20; i++) await w.append({ key: `k${written + i}`, value: `v${written + i}` })
          for (let o = written; o < written + 20; o++) expect(isRight((await log.get(o))!)).toBe(true)
        } finally {
          await log.close()
        }
        if (where === 'middle') expect(fs.readFileSync(file).equals(original), 'rebuilt byte for byte').toBe(true)
      })
    }
  }

  it('a view of a directory with a damaged index never throws a raw RangeError', async () => {
    const dir = dirs.make()
    const written = await buildLog(dir, 90, mulberry32(5))
    for (const base of basesOf(dir)) {
      const file = segmentPath(dir, base, 'index')
      const b = fs.readFileSync(file)
      for (let p = 4; p < b.length; p += 8) b.writeInt32BE(0x7ffffff0 - p, p)
      fs.writeFileSync(file, b)
    }
    const view = await Log.open(dir, { ...DAMAGE_OPTIONS, readOnly: true })
    try {
      for (let o = 0; o < written; o += 7) {
        try {
          const r = view.getSync(o)
          expect(r !== undefined && isRight(r)).toBe(true)
        } catch (err) {
          expect(err).toBeInstanceOf(LogError)
          expect((err as LogError).code).toBe('KLOG_CORRUPT_SEGMENT')
        }
      }
    } finally {
      await view.close()
    }
  })
})
