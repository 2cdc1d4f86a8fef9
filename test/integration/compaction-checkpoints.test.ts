/**
 * The compaction checkpoints decide nothing about what is readable or what survives (issue 19,
 * items 2 and 4).
 *
 * 2. A truncation lowers the cleaner checkpoint (Kafka's `maybeTruncateCheckpoint`) and the open
 *    clamps one above the log end: otherwise records appended again below it count as clean, and a
 *    key deleted by a tombstone comes back once the tombstone expires.
 * 4. Losing, damaging or lowering `compacted-until-offset-checkpoint` (and the cleaner checkpoint,
 *    and the recovery point) never makes a compacted range unreadable and never makes an open cut
 *    or delete anything: a segment's holes are vouched for by its own batches, the checkpoint is
 *    re-derived and the repair reported. Damage is still damage: a base offset moved so that its
 *    batch overlaps a neighbour or runs past its segment's end is reported, never served.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Log, LogError, type LogOptions, type LogRecord, type LogWriter } from '../../src/index.js'
import { batchesOf, basesOf, patch } from '../helpers/damage.js'
import { makeUnclean, readAll, segmentPath } from '../helpers/logs.js'
import { mulberry32 } from '../helpers/random.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs()

const OPTIONS: LogOptions = {
  segmentBytes: 1024,
  cleanupPolicy: 'compact',
  fsync: 'never',
  housekeepingIntervalMs: 0,
  deleteRetentionMs: 0,
}
const COMPACTED_UNTIL = 'compacted-until-offset-checkpoint'
const CLEANER = 'cleaner-offset-checkpoint'
const RECOVERY_POINT = 'recovery-point-offset-checkpoint'

const checkpoint = (offset: number): string => `0\n1\nlog 0 ${offset}\n`
const show = (r: LogRecord): string => `${r.offset}|${r.key?.toString()}|${r.value?.toString() ?? 'null'}`

async function fillers(w: LogWriter, n: number, tag: string): Promise<void> {
  for (let i = 0; i < n; i++) await w.append({ key: `${tag}${i}`, value: 'f'.repeat(40) })
}

/** Rounds until nothing is left to clean of what is sealed now (tombstones need a second round to go). */
async function compactThrice(w: LogWriter): Promise<void> {
  for (let i = 0; i < 3; i++) await w.compact()
}

describe('the cleaner checkpoint never stays above records that were never cleaned', () => {
  it('a key deleted by a tombstone stays deleted after a truncation below the cleaner checkpoint', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, OPTIONS)
    const w = await log.writer()
    await fillers(w, 40, 'f')
    const first = await w.compact()
    expect(first?.endOffset).toBeGreaterThan(20)
    // Below the cleaner checkpoint: the records appended from here on have never been cleaned.
    expect(await w.truncateTo(10)).toBe(10)
    await w.append({ key: 'k', value: 'v1' })
    await w.append({ key: 'k', value: null })
    await fillers(w, 40, 'g') // seals them
    await compactThrice(w)
    expect((await readAll(log)).filter((r) => r.key?.toString() === 'k').map(show)).toEqual([])
    await log.close()
    const again = await Log.open(dir, OPTIONS)
    expect((await readAll(again)).filter((r) => r.key?.toString() === 'k').map(show)).toEqual([])
    await again.close()
  })

  it('a cleaner checkpoint beyond the log end is lowered to it at open, and a deleted key stays deleted', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, OPTIONS)
    await fillers(await log.writer(), 20, 'f')
    await log.close()
    fs.writeFileSync(path.join(dir, CLEANER), checkpoint(10_000))
    const again = await Log.open(dir, OPTIONS)
    const rewritten = fs.readFileSync(path.join(dir, CLEANER), 'utf8')
    const w = await again.writer()
    await w.append({ key: 'k', value: 'v1' })
    await w.append({ key: 'k', value: null })
    await fillers(w, 40, 'g')
    await compactThrice(w)
    expect((await readAll(again)).filter((r) => r.key?.toString() === 'k').map(show)).toEqual([])
    // Lowered and rewritten at once; nothing was lost for it (it follows the log end down, as after
    // a truncation), so it is no repair.
    expect(rewritten).toBe(checkpoint(20))
    expect(again.recovery?.repairs).toEqual([])
    await again.close()
  })
})

/** A compacted log (holes in most sealed segments), cleanly closed, and what it holds. */
async function compactedLog(): Promise<{ dir: string; records: string[]; offsets: number[] }> {
  const dir = dirs.make()
  const rand = mulberry32(19)
  const log = await Log.open(dir, { ...OPTIONS, deleteRetentionMs: 86_400_000 })
  const w = await log.writer()
  for (let i = 0; i < 300; i++) {
    const key = `k${Math.floor(rand() * 12)}`
    await w.append({ key, value: `${i}:${key}:${'q'.repeat(i % 50)}` })
  }
  const report = await w.compact()
  expect(report?.recordsRemoved).toBeGreaterThan(100)
  const records = (await readAll(log)).map(show)
  await log.close()
  return { dir, records, offsets: records.map((r) => Number(r.split('|')[0])) }
}

/** Every way of reading `dir` gives exactly `records`: the owner's reader and point reads, and a read-only view's. */
async function expectReadable(log: Log, dir: string, records: string[], offsets: number[]): Promise<void> {
  expect((await readAll(log)).map(show)).toEqual(records)
  const present = new Set(offsets)
  for (let o = 0; o < log.highWatermark; o++) {
    const r = log.getSync(o)
    if (present.has(o)) expect(r && show(r), `getSync(${o})`).toBe(records[offsets.indexOf(o)])
    else expect(r, `getSync(${o}) is a hole`).toBeUndefined()
  }
  const view = await Log.open(dir, { readOnly: true })
  try {
    expect((await readAll(view)).map(show)).toEqual(records)
    for (const o of offsets.filter((_, i) => i % 7 === 0)) expect(show(view.getSync(o)!)).toBe(records[offsets.indexOf(o)])
  } finally {
    await view.close()
  }
}

describe('compaction holes are told from damage by the batches, not by the checkpoint', () => {
  const cases: Array<{ name: string; damage: (dir: string) => void; repaired: string[] }> = [
    { name: 'compacted-until deleted', damage: (d) => fs.rmSync(path.join(d, COMPACTED_UNTIL)), repaired: [COMPACTED_UNTIL] },
    {
      name: 'compacted-until unreadable',
      damage: (d) => fs.writeFileSync(path.join(d, COMPACTED_UNTIL), 'garbage\x00'),
      repaired: [COMPACTED_UNTIL],
    },
    {
      name: 'compacted-until lowered below the cleaner checkpoint',
      damage: (d) => fs.writeFileSync(path.join(d, COMPACTED_UNTIL), checkpoint(3)),
      repaired: [COMPACTED_UNTIL],
    },
    {
      // Nothing left to tell from at open: the holes are vouched for when a read meets them.
      name: 'both compaction checkpoints lowered to 0',
      damage: (d) => {
        fs.writeFileSync(path.join(d, COMPACTED_UNTIL), checkpoint(0))
        fs.writeFileSync(path.join(d, CLEANER), checkpoint(0))
      },
      repaired: [],
    },
    {
      name: 'both compaction checkpoints deleted',
      damage: (d) => {
        fs.rmSync(path.join(d, COMPACTED_UNTIL))
        fs.rmSync(path.join(d, CLEANER))
      },
      repaired: [],
    },
  ]
  for (const c of cases) {
    it(`${c.name}: every read of the compacted range serves the compacted records`, async () => {
      const { dir, records, offsets } = await compactedLog()
      c.damage(dir)
      const log = await Log.open(dir, OPTIONS)
      try {
        await expectReadable(log, dir, records, offsets)
        expect(log.recovery?.repairs.map((r) => path.basename(r.file))).toEqual(c.repaired)
        for (const r of log.recovery!.repairs) expect(r.kind).toBe('compaction-checkpoint-reset')
        // Compaction goes on; the log stays what it was (nothing more to remove).
        await (await log.writer()).compact()
        expect((await readAll(log)).map(show)).toEqual(records)
      } finally {
        await log.close()
      }
    })
  }

  it('with the recovery point lost too, an unclean open cuts nothing and deletes no segment, and re-derives the checkpoint', async () => {
    const { dir, records, offsets } = await compactedLog()
    const segments = basesOf(dir).length
    fs.rmSync(path.join(dir, COMPACTED_UNTIL))
    fs.rmSync(path.join(dir, CLEANER))
    fs.rmSync(path.join(dir, RECOVERY_POINT))
    makeUnclean(dir)
    const log = await Log.open(dir, OPTIONS)
    try {
      expect(log.recovery).toMatchObject({ clean: false, bytesTruncated: 0, segmentsDeleted: 0, segmentsScanned: segments })
      expect(basesOf(dir)).toHaveLength(segments)
      await expectReadable(log, dir, records, offsets)
      expect(log.recovery?.repairs).toEqual([
        expect.objectContaining({ kind: 'compaction-checkpoint-reset', file: path.join(dir, COMPACTED_UNTIL) }),
      ])
    } finally {
      await log.close()
    }
    // The re-derived checkpoint was written: the next open repairs nothing.
    const again = await Log.open(dir, OPTIONS)
    expect(again.recovery?.repairs).toEqual([])
    await again.close()
  })
})

describe('a damaged base offset is still damage', () => {
  /** Reads every offset through a reader and point reads; returns the first error code (no record may be wrong). */
  async function firstError(log: Log, written: Map<number, string>): Promise<string | undefined> {
    let code: string | undefined
    try {
      for (const r of await readAll(log)) expect(show(r)).toBe(written.get(r.offset))
    } catch (err) {
      if (!(err instanceof LogError)) throw err
      code = err.code
    }
    for (let o = 0; o < log.highWatermark; o++) {
      try {
        const r = log.getSync(o)
        if (r !== undefined) expect(show(r)).toBe(written.get(o))
      } catch (err) {
        if (!(err instanceof LogError)) throw err
        code ??= err.code
      }
    }
    return code
  }

  for (const where of ['a middle batch', "a sealed segment's last batch"] as const) {
    for (const compacted of [false, true]) {
      it(`${where} moved up by one is reported, never served (${compacted ? 'compacted, checkpoints lost' : 'never compacted'})`, async () => {
        const dir = dirs.make()
        const log = await Log.open(dir, OPTIONS)
        const w = await log.writer()
        const written = new Map<number, string>()
        // Every third record updates one key: compaction leaves a hole there and keeps the rest.
        for (let i = 0; i < 120; i++) {
          const key = i % 3 === 0 ? 'dup' : `u${i}`
          await w.append({ key, value: `${i}` })
          written.set(i, `${i}|${key}|${i}`)
        }
        if (compacted) await w.compact()
        await log.close()
        if (compacted) {
          fs.rmSync(path.join(dir, COMPACTED_UNTIL))
          fs.rmSync(path.join(dir, CLEANER))
        }
        // The second segment (sealed): its batches are single records (or compacted to fewer).
        const base = basesOf(dir)[1]!
        const batches = batchesOf(dir, base)
        expect(batches.length).toBeGreaterThan(2)
        // A middle batch right before the next one (moved inside a hole, it would not collide with
        // anything: the limit docs/guarantees.md names), or the last one (it would pass the segment's end).
        const b =
          where === 'a middle batch'
            ? batches.find((x, i) => i > 0 && batches[i + 1]?.baseOffset === x.lastOffset + 1)!
            : batches[batches.length - 1]!
        const moved = Buffer.alloc(8)
        moved.writeBigInt64BE(BigInt(b.baseOffset + 1))
        patch(segmentPath(dir, base, 'log'), b.position, moved)
        const again = await Log.open(dir, OPTIONS)
        try {
          expect(await firstError(again, written)).toBe('KLOG_CORRUPT_SEGMENT')
        } finally {
          await again.close()
        }
      })
    }
  }
})
