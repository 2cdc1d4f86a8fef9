/**
 * The reader's fetch engine (src/read/fetch.ts) on its own contract, over real logs in temp dirs
 * read through a `LogView` (the `LogSource` of a reader outside the writer): a fetch returns about
 * `maxBytes` but at least one whole batch, never a record at or past the snapshot's high watermark
 * (nor bytes past `hwPosition`), steps over offsets compaction removed, reports a batch that fails its
 * CRC with `KLOG_CORRUPT_SEGMENT` after handing out the intact records before it, discards a fetch a
 * truncation raced (`null`), and its cursor resumes where it stopped, also after being used once.
 * Batch boundaries come from the tests' own walk of the `.log` (test/helpers/segment-files.ts).
 */
import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { Log, type LogOptions, type LogRecord } from '../../../src/index.js'
import { LogView } from '../../../src/publish/log-view.js'
import type { LogSource } from '../../../src/publish/log-source.js'
import type { SnapshotState } from '../../../src/publish/snapshot.js'
import { fetchRecords, type FetchCursor, type Fetched } from '../../../src/read/fetch.js'
import { codeOf } from '../../helpers/errors.js'
import { segmentPath } from '../../helpers/logs.js'
import { listLogBases, walkBatches, type WalkedBatch } from '../../helpers/segment-files.js'
import { useTempDirs } from '../../helpers/temp-dir.js'

const dirs = useTempDirs()
const views: LogView[] = []
afterEach(() => {
  for (const v of views.splice(0)) v.close()
})

const BATCHES = 10
const PER_BATCH = 10
const valueOf = (offset: number): string => `value-${offset}-`.padEnd(100, '.')

/** A closed log of `BATCHES` appends of `PER_BATCH` records each (one segment), and its batches. */
async function tenBatches(options: LogOptions = {}): Promise<{ dir: string; batches: WalkedBatch[] }> {
  const dir = dirs.make()
  const log = await Log.open(dir, { fsync: 'never', ...options })
  const writer = await log.writer()
  for (let b = 0; b < BATCHES; b++) {
    await writer.append(Array.from({ length: PER_BATCH }, (_, i) => ({ key: `k${b * PER_BATCH + i}`, value: valueOf(b * PER_BATCH + i) })))
  }
  await log.close()
  expect(listLogBases(dir)).toEqual([0])
  const batches = walkBatches(fs.readFileSync(segmentPath(dir, 0, 'log'))).batches
  expect(batches.map((b) => b.baseOffset)).toEqual(Array.from({ length: BATCHES }, (_, b) => b * PER_BATCH))
  return { dir, batches }
}

function viewOf(dir: string): LogView {
  const view = LogView.fromStateFile(dir)
  views.push(view)
  return view
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i)
const offsets = (f: Fetched | null): number[] => {
  expect(f).not.toBeNull()
  return f!.records.map((r) => r.offset)
}

/** Every record's value names its offset: a record handed out under the wrong offset fails here. */
function expectIntact(records: readonly LogRecord[]): void {
  for (const r of records) expect(r.value?.toString()).toBe(valueOf(r.offset))
}

async function fetch(
  source: LogSource,
  snap: SnapshotState,
  offset: number,
  cursor: FetchCursor | undefined,
  maxBytes = 1 << 20,
  maxRecords = Infinity,
): Promise<Fetched> {
  const f = await fetchRecords(source, snap, offset, cursor, maxBytes, maxRecords)
  expect(f).not.toBeNull()
  expectIntact(f!.records)
  return f!
}

describe('fetchRecords', () => {
  it('reads about maxBytes, but at least one whole batch, and never a batch cut short', async () => {
    const { dir, batches } = await tenBatches()
    const view = viewOf(dir)
    const snap = view.snapshot()
    expect(snap.highWatermark).toBe(BATCHES * PER_BATCH)
    expect(batches[0]!.size).toBeGreaterThan(PER_BATCH * 100)

    // One byte asked for: the whole first batch (Kafka's minOneMessage), and the cursor at the second.
    const one = await fetch(view, snap, 0, undefined, 1)
    expect(offsets(one)).toEqual(range(0, 10))
    expect(one.nextOffset).toBe(10)
    expect(one.cursor).toMatchObject({ offset: 10, position: batches[1]!.position, base: 10, generation: snap.generation })

    // Two and a half batches' bytes: the two whole ones; the cut third is left for the next fetch.
    const twoAndHalf = batches[0]!.size + batches[1]!.size + Math.floor(batches[2]!.size / 2)
    const two = await fetch(view, snap, 0, undefined, twoAndHalf)
    expect(offsets(two)).toEqual(range(0, 20))
    expect(two.cursor).toMatchObject({ offset: 20, position: batches[2]!.position })
    const cutInHeader = batches[0]!.size + batches[1]!.size + 20
    expect(offsets(await fetch(view, snap, 0, undefined, cutInHeader))).toEqual(range(0, 20))
    const exactlyThree = batches[0]!.size + batches[1]!.size + batches[2]!.size
    expect(offsets(await fetch(view, snap, 0, undefined, exactlyThree))).toEqual(range(0, 30))

    // The cursor resumes where the fetch stopped (no lookup), and goes on batch by batch.
    const resumed = await fetch(view, snap, two.nextOffset, two.cursor, 1)
    expect(offsets(resumed)).toEqual(range(20, 30))
    expect(resumed.cursor).toMatchObject({ offset: 30, position: batches[3]!.position })

    // A cursor that does not apply to the offset asked for is ignored: the batch is looked up.
    const elsewhere = await fetch(view, snap, 55, two.cursor, 1)
    expect(offsets(elsewhere)).toEqual(range(55, 60))
    expect(elsewhere.cursor).toMatchObject({ offset: 60, position: batches[6]!.position })

    // maxRecords stops inside a batch: the next fetch starts at the same batch.
    const four = await fetch(view, snap, 0, undefined, 1 << 20, 4)
    expect(offsets(four)).toEqual(range(0, 4))
    expect(four.cursor).toMatchObject({ offset: 4, position: batches[0]!.position, base: 0 })
    expect(offsets(await fetch(view, snap, 4, four.cursor, 1 << 20, 8))).toEqual(range(4, 12))
  })

  it('stops at the high watermark: no record at or past it, no byte at or past hwPosition', async () => {
    const { dir, batches } = await tenBatches()
    const view = viewOf(dir)
    const snap = view.snapshot()

    const all = await fetch(view, snap, 0, undefined)
    expect(offsets(all)).toEqual(range(0, 100))
    expect(all.nextOffset).toBe(100)
    const atEnd = await fetch(view, snap, 100, all.cursor)
    expect(atEnd.records).toEqual([])
    expect(atEnd.nextOffset).toBe(100)
    expect(atEnd.cursor).toBe(all.cursor)

    // A snapshot published after three batches: the bytes after them are never read.
    const three = { ...snap, highWatermark: 30, hwPosition: batches[3]!.position }
    const upToThree = await fetch(view, three, 0, undefined)
    expect(offsets(upToThree)).toEqual(range(0, 30))
    expect(upToThree.nextOffset).toBe(30)
    expect((await fetch(view, three, 30, upToThree.cursor)).records).toEqual([])

    // A high watermark inside a batch (files written by others): the records at or past it are dropped.
    const inside = { ...snap, highWatermark: 45, hwPosition: batches[5]!.position }
    const upTo45 = await fetch(view, inside, 0, undefined)
    expect(offsets(upTo45)).toEqual(range(0, 45))
    expect(upTo45.nextOffset).toBe(45)
    expect(offsets(await fetch(view, inside, 40, undefined, 1))).toEqual(range(40, 45))
    expect((await fetch(view, inside, 45, upTo45.cursor)).records).toEqual([])
  })

  it('steps over offsets compaction removed, from every offset, with every limit', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, { segmentBytes: 1024, indexIntervalBytes: 0, fsync: 'never', housekeepingIntervalMs: 0 })
    const writer = await log.writer()
    // Batches of a unique key then rewritten keys keep their first record and lose their last ones
    // (a fetch from those offsets finds the batch, but nothing in it at or past the offset); batches
    // of rewritten keys alone are emptied. Over several segments.
    for (let i = 0; i < 60; i++) {
      if (i % 3 === 0)
        await writer.append([
          { key: `u${i}`, value: `${i}` },
          { key: 'hot', value: `${i}` },
          { key: `w${i % 2}`, value: `${i}` },
        ])
      else if (i % 3 === 1)
        await writer.append([
          { key: 'hot', value: `${i}` },
          { key: `w${i % 2}`, value: `${i}` },
        ])
      else await writer.append({ key: `u${i}`, value: `${i}` })
    }
    await writer.compact()
    const hw = log.highWatermark
    const present = range(0, hw).filter((o) => log.getSync(o) !== undefined)
    await log.close()
    expect(listLogBases(dir).length).toBeGreaterThan(1)
    // Holes: offsets below the high watermark with no record, followed by records.
    const holes = range(0, hw).filter((o) => !present.includes(o) && present.some((p) => p > o))
    expect(holes.length).toBeGreaterThan(10)

    const view = viewOf(dir)
    const snap = view.snapshot()
    expect(snap.highWatermark).toBe(hw)
    for (const from of range(0, hw + 1)) {
      for (const [maxBytes, maxRecords] of [
        [1, Infinity],
        [1 << 20, 1],
        [60, 2],
        [1 << 20, Infinity],
      ] as const) {
        const got: number[] = []
        let offset = from
        let cursor: FetchCursor | undefined
        for (;;) {
          const f = await fetchRecords(view, snap, offset, cursor, maxBytes, maxRecords)
          expect(f).not.toBeNull()
          if (f!.records.length === 0) break
          got.push(...f!.records.map((r) => r.offset))
          expect(f!.nextOffset).toBeGreaterThan(got[got.length - 1]!)
          ;({ nextOffset: offset, cursor } = f!)
        }
        expect(got, `from ${from}, maxBytes ${maxBytes}, maxRecords ${maxRecords}`).toEqual(present.filter((o) => o >= from))
      }
    }
    // From a hole, the first record is the next one compaction kept.
    for (const hole of holes) {
      const f = await fetchRecords(view, snap, hole, undefined, 1, 1)
      expect(offsets(f)).toEqual([present.find((p) => p > hole)])
    }
  })

  it('reports a batch that fails its CRC with KLOG_CORRUPT_SEGMENT, after the intact records before it', async () => {
    const { dir, batches } = await tenBatches()
    const bad = batches[3]!
    // The last byte of the batch is record bytes: covered by the CRC, not by the header walk.
    const file = segmentPath(dir, 0, 'log')
    const bytes = fs.readFileSync(file)
    bytes[bad.position + bad.size - 1]! ^= 0xff
    fs.writeFileSync(file, bytes)
    const view = viewOf(dir)
    const snap = view.snapshot()

    const before = await fetch(view, snap, 0, undefined)
    expect(offsets(before)).toEqual(range(0, 30))
    expect(before.cursor).toMatchObject({ offset: 30, position: bad.position })
    for (const [offset, cursor] of [
      [30, before.cursor],
      [30, undefined],
      [35, undefined],
    ] as const) {
      expect(await codeOf(fetchRecords(view, snap, offset, cursor, 1 << 20, Infinity))).toBe('KLOG_CORRUPT_SEGMENT')
      await expect(fetchRecords(view, snap, offset, cursor, 1 << 20, Infinity)).rejects.toMatchObject({ file, position: bad.position })
    }
    // The batches after the damaged one are still readable from there.
    expect(offsets(await fetch(view, snap, 40, undefined))).toEqual(range(40, 100))
  })

  it('discards a fetch that a truncation or deletion raced (the generation moved): null', async () => {
    const { dir } = await tenBatches()
    const view = viewOf(dir)
    const snap = view.snapshot()
    const raced: LogSource = {
      dir,
      snapshot: () => view.snapshot(),
      generation: () => snap.generation + 1,
      floorSegment: (o) => view.floorSegment(o),
      higherSegment: (b) => view.higherSegment(b),
      waitForChange: (seq, signal) => view.waitForChange(seq, signal),
    }
    expect(await fetchRecords(raced, snap, 0, undefined, 1 << 20, Infinity)).toBeNull()
  })

  it("reads the owner's mapped bytes only without a cursor or where a mapping exists, and never once the generation moved", async () => {
    const { dir } = await tenBatches()
    const view = viewOf(dir)
    const snap = view.snapshot()
    // The owner's `mappedBytes`, over the file's bytes (a copy stands in for the mapping): which
    // calls came, and whether they asked for an existing mapping only.
    const bytes = fs.readFileSync(segmentPath(dir, 0, 'log'))
    const asked: boolean[] = []
    let generation = snap.generation
    const owner: LogSource = {
      dir,
      snapshot: () => view.snapshot(),
      generation: () => generation,
      floorSegment: (o) => view.floorSegment(o),
      higherSegment: (b) => view.higherSegment(b),
      waitForChange: (seq, signal) => view.waitForChange(seq, signal),
      mappedBytes: (_seg, _max, existingOnly) => {
        asked.push(existingOnly === true)
        return bytes
      },
    }
    // A fetch without a cursor (a new reader, a seek) may map: its walk and its small read use it.
    const first = await fetch(owner, snap, 25, undefined, 1)
    expect(offsets(first)).toEqual(range(25, 30))
    expect(asked.length).toBeGreaterThan(0)
    expect(asked.every((existingOnly) => !existingOnly)).toBe(true)
    // One that continues a scan asks only for a mapping that already exists.
    asked.length = 0
    const next = await fetch(owner, snap, first.nextOffset, first.cursor, 1)
    expect(offsets(next)).toEqual(range(30, 40))
    expect(asked.length).toBeGreaterThan(0)
    expect(asked.every((existingOnly) => existingOnly)).toBe(true)
    // Once the generation moved (a truncation published its cut), the mapping is not touched: past a
    // file's new end it would fault where a read comes back short; the fetch is discarded.
    asked.length = 0
    generation++
    expect(await fetchRecords(owner, snap, 0, undefined, 1 << 20, Infinity)).toBeNull()
    expect(asked).toEqual([])
  })

  it('keeps the undelivered records of a compressed batch in the cursor; a cursor can be used again', async () => {
    const { dir, batches } = await tenBatches({ compression: 'gzip' })
    const view = viewOf(dir)
    const snap = view.snapshot()

    const first = await fetch(view, snap, 0, undefined, 1 << 20, 3)
    expect(offsets(first)).toEqual([0, 1, 2])
    expect(first.cursor).toMatchObject({ offset: 3, position: batches[0]!.position })
    expect(first.cursor?.pending).toBeDefined()
    const second = await fetch(view, snap, 3, first.cursor, 1 << 20, 3)
    expect(offsets(second)).toEqual([3, 4, 5])
    // The same cursor again (as a reader does after a failed fetch): the same records.
    expect(offsets(await fetch(view, snap, 3, first.cursor, 1 << 20, 3))).toEqual([3, 4, 5])
    // The rest of the batch, then on into the next batch in the same fetch.
    const rest = await fetch(view, snap, 6, second.cursor, 1 << 20, 6)
    expect(offsets(rest)).toEqual([6, 7, 8, 9, 10, 11])
    expect(rest.cursor).toMatchObject({ offset: 12, position: batches[1]!.position })
  })
})
