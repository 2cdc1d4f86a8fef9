/**
 * `writer.append(records, { expectedOffset })`: argument checks, and a conflict leaves the log
 * exactly as it was (segment bytes, offsets) under every fsync policy, with and without compression
 * and across a roll.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Log, OffsetConflictError, type FsyncPolicy } from '../../src/index.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-expected-offset-unit-')

function segmentBytes(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const f of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.log'))
    .sort()) {
    out[f] = fs.readFileSync(path.join(dir, f)).toString('hex')
  }
  return out
}

describe('append({ expectedOffset })', () => {
  it('a malformed expectedOffset throws synchronously (TypeError / RangeError) and appends nothing', async () => {
    await using log = await Log.open(dirs.make())
    const writer = await log.writer()
    expect(() => writer.append({ value: 'a' }, { expectedOffset: '0' as unknown as number })).toThrow(TypeError)
    expect(() => writer.append({ value: 'a' }, { expectedOffset: -1 })).toThrow(RangeError)
    expect(() => writer.append({ value: 'a' }, { expectedOffset: 1.5 })).toThrow(RangeError)
    expect(log.logEndOffset).toBe(0)
  })

  it.each<FsyncPolicy>(['always', 'interval', 'never'])(
    'fsync %s: a conflict writes nothing; the matching append is written',
    async (fsync) => {
      const dir = dirs.make()
      await using log = await Log.open(dir, { fsync, segmentBytes: 1024 })
      const writer = await log.writer()
      expect(await writer.append({ value: 'first' }, { expectedOffset: 0 })).toEqual({ baseOffset: 0, lastOffset: 0 })
      // Enough to roll a few times, so a conflict also meets a fresh active segment.
      for (let i = 0; i < 10; i++)
        await writer.append([{ value: `v${i}-a`.padEnd(100, '.'), key: null }, { value: `v${i}-b`.padEnd(100, '.') }])
      await writer.flush()
      const before = segmentBytes(dir)
      expect(Object.keys(before).length).toBeGreaterThan(1)
      for (const compression of ['none', 'gzip'] as const) {
        const err = await writer.append([{ value: 'late' }], { expectedOffset: 5, compression }).catch((e: unknown) => e)
        expect(err).toBeInstanceOf(OffsetConflictError)
        expect((err as OffsetConflictError).code).toBe('KLOG_OFFSET_CONFLICT')
        expect((err as OffsetConflictError).logEndOffset).toBe(21)
        expect((err as OffsetConflictError).expectedOffset).toBe(5)
      }
      await writer.flush()
      expect(segmentBytes(dir)).toEqual(before)
      expect(log.logEndOffset).toBe(21)
      expect(await writer.append({ value: 'next' }, { expectedOffset: 21, compression: 'gzip' })).toEqual({
        baseOffset: 21,
        lastOffset: 21,
      })
      expect(String((await log.get(21))?.value)).toBe('next')
    },
  )
})
