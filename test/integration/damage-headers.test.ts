/**
 * Issue 8 items 1 and 3, as reported: a batch's base offset (outside the CRC) changed by a bit flip,
 * and a corrupt batch length in a trusted segment (0: a walk that never advances; past the end: a
 * walk that jumps into the next segment). Each is caught as `KLOG_CORRUPT_SEGMENT` naming the file
 * and position, or cut and reported by an unclean open's recovery; no wrong record, no skip, no hang.
 */
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Log, LogError } from '../../src/index.js'
import { makeUnclean, segmentPath } from '../helpers/logs.js'
import { mulberry32 } from '../helpers/random.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { DAMAGE_OPTIONS, basesOf, batchesOf, buildLog, isRight, patch } from '../helpers/damage.js'

async function readUntilError(log: Log): Promise<{ offsets: number[]; error: LogError | undefined }> {
  const offsets: number[] = []
  try {
    for await (const r of log.reader({ from: 0 })) {
      expect(isRight(r)).toBe(true)
      offsets.push(r.offset)
    }
  } catch (err) {
    if (!(err instanceof LogError)) throw err
    return { offsets, error: err }
  }
  return { offsets, error: undefined }
}

/** A batch in the middle of a middle (sealed) segment: its segment base, position and base offset. */
function middleBatch(dir: string): { base: number; position: number; baseOffset: number; lastOffset: number } {
  const bases = basesOf(dir)
  const base = bases[Math.floor(bases.length / 2)]!
  const batches = batchesOf(dir, base)
  const b = batches[Math.floor(batches.length / 2)]!
  return { base, position: b.position, baseOffset: b.baseOffset, lastOffset: b.lastOffset }
}

describe('damaged batch headers in trusted segments', () => {
  const dirs = useTempDirs()

  it('a base offset moved by 2 serves no shifted records: reads and get reject with file and position', async () => {
    const dir = dirs.make()
    await buildLog(dir, 80, mulberry32(92))
    const b = middleBatch(dir)
    const file = segmentPath(dir, b.base, 'log')
    const bytes = Buffer.alloc(8)
    bytes.writeBigInt64BE(BigInt(b.baseOffset + 2))
    patch(file, b.position, bytes)
    const log = await Log.open(dir, DAMAGE_OPTIONS)
    try {
      const { offsets, error } = await readUntilError(log)
      expect(error?.code).toBe('KLOG_CORRUPT_SEGMENT')
      expect(error?.file).toBe(file)
      expect(error?.position).toBe(b.position)
      expect(offsets).toEqual(Array.from({ length: b.baseOffset }, (_, i) => i))
      for (const o of [b.baseOffset, b.baseOffset + 1, b.baseOffset + 2, b.lastOffset + 2]) {
        try {
          const r = await log.get(o)
          expect(r !== undefined && isRight(r)).toBe(true)
        } catch (err) {
          expect((err as LogError).code).toBe('KLOG_CORRUPT_SEGMENT')
        }
      }
    } finally {
      await log.close()
    }
  })

  it('after an unclean open from below the damage, recovery cuts the log at the moved batch and reports it', async () => {
    const dir = dirs.make()
    const written = await buildLog(dir, 80, mulberry32(93))
    const b = middleBatch(dir)
    const bytes = Buffer.alloc(8)
    bytes.writeBigInt64BE(BigInt(b.baseOffset + 2))
    patch(segmentPath(dir, b.base, 'log'), b.position, bytes)
    makeUnclean(dir, 0)
    const log = await Log.open(dir, DAMAGE_OPTIONS)
    try {
      expect(log.logEndOffset).toBe(b.baseOffset)
      expect(log.recovery!.bytesTruncated).toBeGreaterThan(0)
      expect(log.recovery!.segmentsDeleted).toBeGreaterThan(0)
      expect(written).toBeGreaterThan(b.baseOffset)
      const { offsets, error } = await readUntilError(log)
      expect(error).toBeUndefined()
      expect(offsets.length).toBe(b.baseOffset)
    } finally {
      await log.close()
    }
  })

  it.each([
    ['0', 0],
    ['past the segment end', 0x100000],
    ['below a header', 20],
  ])('a batch length of %s rejects (no hang, no jump to the next segment)', async (_name, length) => {
    const dir = dirs.make()
    await buildLog(dir, 80, mulberry32(94))
    const b = middleBatch(dir)
    const file = segmentPath(dir, b.base, 'log')
    const bytes = Buffer.alloc(4)
    bytes.writeInt32BE(length)
    patch(file, b.position + 8, bytes)
    for (const readOnly of [false, true]) {
      const log = await Log.open(dir, { ...DAMAGE_OPTIONS, readOnly })
      try {
        const { offsets, error } = await readUntilError(log)
        expect(error?.code).toBe('KLOG_CORRUPT_SEGMENT')
        expect(error?.file).toBe(file)
        expect(error?.position).toBe(b.position)
        expect(offsets.length).toBe(b.baseOffset)
        // A point read past the damage walks through it: it must reject too, not loop.
        expect(() => log.getSync(b.lastOffset + 1)).toThrow(LogError)
        expect(log.getSync(b.baseOffset - 1)?.offset).toBe(b.baseOffset - 1)
      } finally {
        await log.close()
      }
    }
    expect(fs.existsSync(file)).toBe(true)
  })
})
