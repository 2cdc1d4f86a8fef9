/**
 * THE batch walk over a `.log` (src/segment/batch-walk.ts): how it ends on intact, truncated and
 * damaged files, with synchronous and asynchronous reads (both drive one loop and must agree), across
 * its 1 MiB read chunks, and with its bound on whole-batch reads.
 */
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { prepareRecords } from '../../../src/format/record.js'
import { encodeBatch, encodedBatchSize } from '../../../src/format/record-batch.js'
import { walkBatches, walkBatchesSync, type WalkOptions, type WalkResult, type WalkedBatch } from '../../../src/segment/batch-walk.js'
import { useTempDirs } from '../../helpers/temp-dir.js'

const dirs = useTempDirs()
const fds: number[] = []
afterEach(() => {
  for (const fd of fds.splice(0)) fs.closeSync(fd)
})

/** Batches of `valueBytes`-byte values, `counts[i]` records each, offsets from `base` (skipping `gaps[i]` before batch i). */
function segment(
  base: number,
  counts: number[],
  valueBytes = 8,
  gaps: number[] = [],
): { bytes: Buffer; positions: number[]; next: number } {
  const parts: Buffer[] = []
  const positions: number[] = []
  let next = base
  let pos = 0
  counts.forEach((n, i) => {
    next += gaps[i] ?? 0
    const recs = prepareRecords(
      Array.from({ length: n }, (_, k) => ({ value: Buffer.alloc(valueBytes, (next + k) & 0xff) })),
      1_700_000_000_000 + next,
    )
    const buf = Buffer.alloc(encodedBatchSize(recs, 0, n))
    encodeBatch(buf, 0, recs, 0, n, next)
    parts.push(buf)
    positions.push(pos)
    pos += buf.length
    next += n
  })
  return { bytes: Buffer.concat(parts), positions, next }
}

function fileOf(bytes: Buffer): number {
  const file = path.join(dirs.make(), '00000000000000000000.log')
  fs.writeFileSync(file, bytes)
  const fd = fs.openSync(file, 'r')
  fds.push(fd)
  return fd
}

/** Both drivers over the same file: they must agree on every visit and on the result. */
async function walkBoth(bytes: Buffer, options: Partial<WalkOptions> = {}): Promise<{ result: WalkResult; seen: WalkedBatch[] }> {
  const fd = fileOf(bytes)
  const opts: WalkOptions = { baseOffset: 0, limit: bytes.length, ...options }
  const copy = (b: WalkedBatch): WalkedBatch => ({ ...b, header: Buffer.from(b.header), bytes: b.bytes && Buffer.from(b.bytes) })
  const seenSync: WalkedBatch[] = []
  const sync = walkBatchesSync(fd, opts, (b) => void seenSync.push(copy(b)))
  const seen: WalkedBatch[] = []
  const result = await walkBatches(fd, opts, async (b) => void seen.push(copy(b)))
  expect(result).toEqual(sync)
  const flat = (b: WalkedBatch): unknown => ({ ...b, header: b.header.toString('base64'), bytes: b.bytes?.toString('base64') })
  expect(seen.map(flat)).toEqual(seenSync.map(flat))
  return { result, seen }
}

describe('batch walk', () => {
  it('visits every batch of an intact file in order and ends exactly at the limit', async () => {
    const { bytes, positions, next } = segment(0, [3, 1, 2, 5])
    const { result, seen } = await walkBoth(bytes, { checkCrc: true })
    expect(result).toEqual({ end: { kind: 'end', position: bytes.length }, valid: bytes.length, nextOffset: next, batches: 4 })
    expect(seen.map((b) => [b.position, b.baseOffset, b.lastOffset, b.crcChecked])).toEqual([
      [positions[0], 0, 2, true],
      [positions[1], 3, 3, true],
      [positions[2], 4, 5, true],
      [positions[3], 6, 10, true],
    ])
  })

  it('an empty file ends at 0 with nothing visited', async () => {
    const { result } = await walkBoth(Buffer.alloc(0))
    expect(result).toEqual({ end: { kind: 'end', position: 0 }, valid: 0, nextOffset: 0, batches: 0 })
  })

  it('a file cut at every byte ends torn at the cut batch, with the whole batches before it as the valid prefix', async () => {
    const { bytes, positions } = segment(0, [2, 3, 1])
    const ends = [...positions.slice(1), bytes.length]
    for (let cut = 1; cut < bytes.length; cut++) {
      const k = ends.findIndex((e) => e > cut)
      if (ends.includes(cut)) continue
      const { result } = await walkBoth(bytes.subarray(0, cut), { checkCrc: true })
      expect(result.end).toMatchObject({ kind: 'corrupt', position: positions[k], torn: true })
      expect(result.valid).toBe(positions[k])
      expect(result.batches).toBe(k)
    }
  })

  it('a length of 0, a negative length, a length below a header or past the end is corrupt there, never a loop', async () => {
    const { bytes, positions } = segment(0, [2, 2, 2])
    for (const length of [0, -12, 40, 0x7fffffff, bytes.length]) {
      const b = Buffer.from(bytes)
      b.writeInt32BE(length, positions[1]! + 8)
      const { result } = await walkBoth(b)
      expect(result.end).toMatchObject({ kind: 'corrupt', position: positions[1] })
      expect(result.valid).toBe(positions[1])
      expect(result.nextOffset).toBe(2)
    }
  })

  it('a flipped byte inside the CRC range is corrupt (not torn) when CRCs are checked, and only then', async () => {
    const { bytes, positions } = segment(0, [2, 2, 2])
    const b = Buffer.from(bytes)
    b[positions[2]! + 70]! ^= 0x10
    const checked = await walkBoth(b, { checkCrc: true })
    expect(checked.result.end).toMatchObject({ kind: 'corrupt', position: positions[2], torn: false })
    expect(checked.result.batches).toBe(2)
    const unchecked = await walkBoth(b)
    expect(unchecked.result.end).toEqual({ kind: 'end', position: b.length })
    // A predicate checks only the batches it picks.
    const picked = await walkBoth(b, { checkCrc: (batch) => batch.baseOffset < 4 })
    expect(picked.result.end.kind).toBe('end')
    expect(picked.seen.map((x) => x.crcChecked)).toEqual([true, true, false])
  })

  it('batches crossing the 1 MiB read chunk are read whole and CRC-checked across chunks', async () => {
    // 40 KiB batches: several straddle each 1 MiB boundary.
    const { bytes, next } = segment(
      0,
      Array.from({ length: 60 }, () => 4),
      10_000,
    )
    expect(bytes.length).toBeGreaterThan(2 * 1024 * 1024)
    const { result, seen } = await walkBoth(bytes, { checkCrc: true, withBytes: true })
    expect(result).toEqual({ end: { kind: 'end', position: bytes.length }, valid: bytes.length, nextOffset: next, batches: 60 })
    for (const b of seen) expect(b.bytes!.equals(bytes.subarray(b.position, b.position + b.size))).toBe(true)
    // Damage in the part of a straddling batch that lies in the next chunk is still found.
    const straddler = seen.find((b) => Math.floor(b.position / 2 ** 20) !== Math.floor((b.position + b.size - 1) / 2 ** 20))!
    const damaged = Buffer.from(bytes)
    damaged[straddler.position + straddler.size - 5]! ^= 1
    const found = await walkBoth(damaged, { checkCrc: true })
    expect(found.result.end).toMatchObject({ kind: 'corrupt', position: straddler.position, torn: false })
  })

  it('a batch larger than maxBatchBytes ends the walk before it is read whole', async () => {
    const { bytes, positions } = segment(0, [1, 50, 1], 1000)
    const { result } = await walkBoth(bytes, { withBytes: true, maxBatchBytes: 4096 })
    expect(result.end).toMatchObject({ kind: 'corrupt', position: positions[1], torn: false })
    expect(result.batches).toBe(1)
  })

  it('a header declaring a huge batch in a sparse file is rejected by the bound, not allocated', async () => {
    const { bytes } = segment(0, [1])
    const fd = fileOf(bytes)
    const file = fs.readlinkSync(`/proc/self/fd/${fd}`)
    const sparse = Buffer.from(bytes)
    sparse.writeInt32BE(1_800_000_000, 8)
    fs.writeFileSync(file, sparse)
    fs.truncateSync(file, 1_800_000_100) // sparse: no disk space, the size a header can claim
    const rss = process.memoryUsage().rss
    const result = walkBatchesSync(fd, { baseOffset: 0, limit: 1_800_000_100, withBytes: true, maxBatchBytes: 1 << 20 })
    expect(result.end).toMatchObject({ kind: 'corrupt', position: 0 })
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 * 1024)
    // Without whole batches, the CRC is computed in bounded chunks too: the batch ends as damaged.
    sparse.writeInt32BE(200_000_000, 8)
    fs.writeFileSync(file, sparse)
    fs.truncateSync(file, 200_000_100)
    const crc = walkBatchesSync(fd, { baseOffset: 0, limit: 200_000_100, checkCrc: true })
    expect(crc.end).toMatchObject({ kind: 'corrupt', position: 0, torn: false })
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 * 1024)
  })

  it('gaps are accepted only below gapsBelow, and offsets never go backwards', async () => {
    const { bytes, positions } = segment(0, [2, 2, 2], 8, [0, 5, 0])
    expect((await walkBoth(bytes)).result.end).toMatchObject({ kind: 'corrupt', position: positions[1] })
    expect((await walkBoth(bytes, { gapsBelow: 3 })).result).toMatchObject({ end: { kind: 'end' }, nextOffset: 11, batches: 3 })
    const backwards = Buffer.from(bytes)
    backwards.writeBigInt64BE(0n, positions[2]!) // base offset 0 after 7..8
    expect((await walkBoth(backwards, { gapsBelow: Number.MAX_SAFE_INTEGER })).result.end).toMatchObject({
      kind: 'corrupt',
      position: positions[2],
    })
  })

  it('a visitor that declines a batch ends the walk before it', async () => {
    const { bytes, positions } = segment(0, [1, 1, 1])
    const fd = fileOf(bytes)
    const result = await walkBatches(fd, { baseOffset: 0, limit: bytes.length }, async (b) => b.baseOffset < 2)
    expect(result).toEqual({ end: { kind: 'stopped', position: positions[2] }, valid: positions[2], nextOffset: 2, batches: 2 })
  })

  it('property: on any damage of any intact file, the valid prefix is a prefix of whole, intact batches', async () => {
    const { bytes, positions } = segment(0, [3, 1, 4, 1, 5], 20)
    await fc.assert(
      fc.asyncProperty(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), fc.nat(bytes.length), async (at, xor, cut) => {
        const b = Buffer.from(bytes)
        b[at]! ^= xor
        const damaged = b.subarray(0, Math.max(cut, 1))
        const { result, seen } = await walkBoth(damaged, { checkCrc: true, withBytes: true })
        // Everything accepted is byte-identical to the original batches, in order, but for the
        // partition leader epoch (bytes 12-15): Kafka's format covers it by no check at all.
        const masked = (x: Buffer): Buffer => Buffer.concat([x.subarray(0, 12), x.subarray(16)])
        seen.forEach((s, i) => {
          expect(s.position).toBe(positions[i])
          expect(masked(s.bytes!)).toEqual(masked(bytes.subarray(s.position, s.position + s.size)))
        })
        expect(result.valid).toBe(seen.length === 0 ? 0 : seen[seen.length - 1]!.position + seen[seen.length - 1]!.size)
      }),
      { numRuns: 300, seed: 20261206 },
    )
  })
})
