/**
 * src/publish/log-view.ts with segment/segment-indexes.ts: a view reads the index files of the
 * segment holding the high watermark lazily (docs/concurrency.md, "Why the index is safe to use"):
 * - a wake-up (`snapshot()` after appends) reads no index file and stats none;
 * - the first lookup after the published end moved reads the entries appended since, and takes only
 *   those of batches below the bound it was given (an entry past it is left in the file);
 * - a lookup while the bound stays put reads nothing; a larger bound reads the rest;
 * - `reload()` forgets every entry and reads again from the bound it is then given;
 * - an offset lookup never returns an entry at or past the `maxPosition` it is given.
 * The counts come from the `.index` file itself, and index I/O is counted through the `fs` module by
 * the descriptors' paths.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Log } from '../../../src/index.js'
import { LogView } from '../../../src/publish/log-view.js'
import { useTempDirs } from '../../helpers/temp-dir.js'

const dirs = useTempDirs()
afterEach(() => {
  vi.restoreAllMocks()
})

/** The `.index` file's entries as (absolute last offset, position). */
function indexEntries(dir: string, base: number): { offset: number; position: number }[] {
  const bytes = fs.readFileSync(path.join(dir, `${String(base).padStart(20, '0')}.index`))
  const out = []
  for (let p = 0; p + 8 <= bytes.length; p += 8) out.push({ offset: base + bytes.readInt32BE(p), position: bytes.readInt32BE(p + 4) })
  return out
}

/** Counts `fstatSync` / `readSync` calls on `.index` / `.timeindex` descriptors while `fn` runs. */
function indexIo(fn: () => void): number {
  let calls = 0
  const isIndex = (fd: unknown): boolean => {
    try {
      return /\.(time)?index$/.test(fs.readlinkSync(`/proc/self/fd/${String(fd)}`))
    } catch {
      return false
    }
  }
  const fstat = fs.fstatSync
  const read = fs.readSync
  const a = vi.spyOn(fs, 'fstatSync').mockImplementation(((fd: number, ...rest: unknown[]) => {
    if (isIndex(fd)) calls++
    return (fstat as (...args: unknown[]) => unknown)(fd, ...rest)
  }) as typeof fs.fstatSync)
  const b = vi.spyOn(fs, 'readSync').mockImplementation(((fd: number, ...rest: unknown[]) => {
    if (isIndex(fd)) calls++
    return (read as (...args: unknown[]) => unknown)(fd, ...rest)
  }) as typeof fs.readSync)
  try {
    fn()
  } finally {
    a.mockRestore()
    b.mockRestore()
  }
  return calls
}

describe('a view reads the active segment index lazily, inside the published bound', () => {
  it.runIf(process.platform === 'linux')('wake-ups read no index; lookups read once per move of the bound, never past it', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, { indexIntervalBytes: 64, fsync: 'never', housekeepingIntervalMs: 0 })
    const w = await log.writer()
    const view = LogView.fromStateFile(dir)
    try {
      for (let i = 0; i < 40; i++) await w.append({ value: `first ${i} ${'x'.repeat(i % 9)}` })
      view.snapshot()
      // Wake-ups: the writer appends, the view takes each new snapshot and looks nothing up.
      let wakeIo = 0
      for (let i = 0; i < 40; i++) {
        await w.append({ value: `second ${i} ${'y'.repeat(i % 5)}` })
        wakeIo += indexIo(() => view.snapshot())
      }
      expect(wakeIo).toBe(0)
      const s = view.snapshot()
      const seg = view.floorSegment(s.highWatermark - 1)!
      expect(seg.baseOffset).toBe(s.hwSegmentBase)
      const all = indexEntries(dir, seg.baseOffset)
      expect(all.length).toBeGreaterThan(10)

      // As if the view had last seen an earlier publication: entries past it must not be taken.
      const mid = all[Math.floor(all.length / 2)]!
      seg.follow(mid.position + 1, mid.offset + 1)
      let count = 0
      expect(indexIo(() => (count = seg.offsetIndex.count))).toBeGreaterThan(0)
      expect(count).toBe(all.filter((e) => e.position <= mid.position).length)
      expect(seg.offsetIndex.lookup(s.highWatermark - 1)).toEqual({ ...mid, indexed: true })

      // The bound stays put: nothing is read again.
      expect(indexIo(() => seg.offsetIndex.lookup(mid.offset))).toBe(0)
      expect(indexIo(() => seg.timeIndex.last())).toBe(0)

      // The next publication: the rest is read by the next lookup, and only then.
      expect(indexIo(() => seg.follow(s.hwPosition, s.highWatermark))).toBe(0)
      expect(indexIo(() => (count = seg.offsetIndex.count))).toBeGreaterThan(0)
      expect(count).toBe(all.length)

      // A lookup under an older snapshot's bound never starts past it.
      const floor = seg.offsetIndex.lookup(s.highWatermark - 1, mid.position)
      expect(floor.position).toBeLessThan(mid.position)
      expect(await seg.findPosition(s.highWatermark - 1, s.hwPosition)).toBeGreaterThanOrEqual(all.at(-1)!.position)

      // A reload forgets every entry and reads from the bound it is given next.
      seg.reload()
      seg.follow(mid.position + 1, mid.offset + 1)
      expect(seg.offsetIndex.count).toBe(all.filter((e) => e.position <= mid.position).length)

      // A wake-up after more appends (same generation) moves the bound; the next lookup takes them.
      for (let i = 0; i < 40; i++) await w.append({ value: `third ${i}` })
      const later = view.snapshot()
      expect(later.generation).toBe(s.generation)
      const more = indexEntries(dir, seg.baseOffset)
      expect(more.length).toBeGreaterThan(all.length)
      expect(seg.offsetIndex.count).toBe(more.length)
    } finally {
      view.close()
      await log.close()
    }
  })
})
