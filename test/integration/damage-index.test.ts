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
import { DAMAGE_OPTIONS, basesOf, batchesOf, buildLog, flip, isRight } from '../helpers/damage.js'

/** Every record below `end` outside the damaged batch is served; the damaged one is an error, never a record. */
async function expectServedAround(log: Log, end: number, bad: { baseOffset: number; lastOffset: number }): Promise<void> {
  for (let o = 0; o < end; o++) {
    if (o >= bad.baseOffset && o <= bad.lastOffset) {
      await expect(log.get(o)).rejects.toMatchObject({ code: 'KLOG_CORRUPT_SEGMENT' })
    } else {
      expect(isRight((await log.get(o))!), `get(${o})`).toBe(true)
    }
  }
}

type Damage = [name: string, suffix: 'index' | 'timeindex', apply: (buf: Buffer) => Buffer]

const DAMAGES: Damage[] = [
  ['a torn last entry', 'index', (b) => b.subarray(0, b.length - 3)],
  [
    'an entry whose position points past the segment',
    'index',
    (b) => {
      b.writeInt32BE(0x7fff0000, b.length - 4)
      return b
    },
  ],
  [
    'an entry whose offset goes backwards',
    'index',
    (b) => {
      b.writeInt32BE(-5, b.length - 8)
      return b
    },
  ],
  [
    'a last entry with a huge offset',
    'index',
    (b) => {
      b.writeInt32BE(0x10000000, b.length - 8)
      return b
    },
  ],
  ['garbage appended', 'index', (b) => Buffer.concat([b, Buffer.from([1, 2, 3, 4, 5, 6, 7, 8])])],
  [
    'a time entry past the segment',
    'timeindex',
    (b) => {
      b.writeInt32BE(0x0fffffff, b.length - 4)
      return b
    },
  ],
  [
    'timestamps going backwards',
    'timeindex',
    (b) => {
      b.writeBigInt64BE(0n, b.length - 12)
      return b
    },
  ],
  ['a torn time entry', 'timeindex', (b) => b.subarray(0, b.length - 5)],
]

describe('damaged indexes are sanity-checked at open and rebuilt from the .log', () => {
  const dirs = useTempDirs()

  for (const where of ['middle', 'active'] as const) {
    for (const shutdown of ['clean', 'unclean'] as const) {
      it.each(DAMAGES)(`${where} segment, ${shutdown} shutdown: %s`, async (_name, suffix, apply) => {
        const dir = dirs.make()
        // For the active case, large segments so that the active one has many index entries.
        const written = await buildLog(
          dir,
          90,
          mulberry32(4),
          where === 'active' ? { ...DAMAGE_OPTIONS, segmentBytes: 64 * 1024 } : DAMAGE_OPTIONS,
        )
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

  // A damaged index makes the open walk the segment; a damaged batch header in it stops that walk.
  it('clean shutdown, active segment with a damaged index and batch: cut at the damage, so appends land where a later recovery keeps them', async () => {
    const dir = dirs.make()
    await buildLog(dir, 90, mulberry32(6), { ...DAMAGE_OPTIONS, segmentBytes: 64 * 1024 })
    const base = basesOf(dir).at(-1)!
    const batches = batchesOf(dir, base)
    const bad = batches[Math.floor(batches.length / 2)]!
    flip(segmentPath(dir, base, 'log'), bad.position + 16, 0x07) // the magic byte: the header walk rejects it
    const index = segmentPath(dir, base, 'index')
    fs.writeFileSync(index, fs.readFileSync(index).subarray(0, 5))
    let log = await Log.open(dir, DAMAGE_OPTIONS)
    const cutAt = bad.baseOffset
    try {
      expect(log.recovery!.repairs.map((r) => r.kind)).toEqual(['index-rebuilt', 'tail-missing'])
      expect(log.recovery!.repairs[0]!.reason).toContain(`cut at its first invalid batch (position ${bad.position})`)
      expect(log.recovery!.bytesTruncated).toBeGreaterThan(0)
      expect(log.logEndOffset).toBe(cutAt)
      const w = await log.writer()
      for (let i = 0; i < 5; i++) await w.append({ key: `k${cutAt + i}`, value: `v${cutAt + i}` })
    } finally {
      await log.close()
    }
    // A crash now: recovery walks the active segment from its start. Every acknowledged record is
    // still there and a scan reaches each one (before the fix the appends sat after the damage).
    makeUnclean(dir)
    log = await Log.open(dir, DAMAGE_OPTIONS)
    try {
      expect(log.recovery!.bytesTruncated).toBe(0)
      let next = 0
      for await (const r of log.reader({ from: 0 })) {
        expect(r.offset).toBe(next++)
        expect(isRight(r)).toBe(true)
      }
      expect(next).toBe(cutAt + 5)
    } finally {
      await log.close()
    }
  })

  it('a CRC-damaged batch below the recovery point of a clean open is not a torn tail: a crash after new appends keeps them', async () => {
    const dir = dirs.make()
    const options = { ...DAMAGE_OPTIONS, segmentBytes: 64 * 1024 }
    const written = await buildLog(dir, 90, mulberry32(8), options)
    const base = basesOf(dir).at(-1)!
    const bad = batchesOf(dir, base)[5]!
    flip(segmentPath(dir, base, 'log'), bad.position + 70, 0x20) // a payload byte: the header walk accepts it, the CRC does not
    let log = await Log.open(dir, options)
    const w = await log.writer()
    // One segment throughout (timestamps like buildLog's, or the roll by time would start a new
    // one): the appends go into the damaged segment, after the damage.
    for (let i = 0; i < 5; i++) await w.append({ key: `k${written + i}`, value: `v${written + i}`, timestamp: 1_000_000 + written + i })
    expect(basesOf(dir).at(-1)).toBe(base)
    await log.close()
    // As after a crash right after those appends: no marker, the recovery point still the old log end.
    makeUnclean(dir, written)
    log = await Log.open(dir, options)
    try {
      expect(log.recovery!.bytesTruncated).toBe(0)
      expect(log.logEndOffset).toBe(written + 5)
      await expectServedAround(log, written + 5, bad)
    } finally {
      await log.close()
    }
    // Above the recovery point the CRC still decides: the same damage there is cut as a torn tail.
    makeUnclean(dir, 0)
    log = await Log.open(dir, options)
    try {
      expect(log.logEndOffset).toBe(bad.baseOffset)
      expect(log.recovery!.bytesTruncated).toBeGreaterThan(0)
    } finally {
      await log.close()
    }
  })

  it('a sealed segment with a damaged index and batch: indexes rebuilt up to the damage, bytes and later segments kept, reads report it', async () => {
    const dir = dirs.make()
    const written = await buildLog(dir, 90, mulberry32(7))
    const bases = basesOf(dir)
    const base = bases[Math.floor(bases.length / 2)]!
    const batches = batchesOf(dir, base)
    const bad = batches.at(-1)!
    const file = segmentPath(dir, base, 'log')
    const size = fs.statSync(file).size
    flip(file, bad.position + 16, 0x07)
    const index = segmentPath(dir, base, 'index')
    fs.writeFileSync(index, fs.readFileSync(index).subarray(0, 5))
    const log = await Log.open(dir, DAMAGE_OPTIONS)
    try {
      expect(log.recovery!.repairs.map((r) => r.kind)).toEqual(['index-rebuilt'])
      expect(log.recovery!.repairs[0]!.reason).toContain(`damaged at position ${bad.position}`)
      expect(fs.statSync(file).size).toBe(size)
      expect(basesOf(dir)).toEqual(bases)
      expect(log.logEndOffset).toBe(written)
      await expectServedAround(log, written, bad)
    } finally {
      await log.close()
    }
  })

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
