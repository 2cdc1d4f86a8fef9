/**
 * The naming surprises of issue 23, settled: a second `writer()` on the same `Log` says the writer
 * in the way is its own (`LockedError.ownWriter`), not "another writer: pid <own pid>"; a read-write
 * open of a locked directory is a view only when asked for (`ifLocked: 'read-only'`, the default),
 * and `ifLocked: 'fail'` rejects at open; a brand-new directory reports `created: true` and
 * `clean: true`, not an unclean stop.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Log, LockedError, type LogError } from '../../src/index.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-open-surprises-')

const rejection = async (p: Promise<unknown>): Promise<LogError> =>
  (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as LogError

describe('a second writer() on the same Log', () => {
  it('rejects KLOG_LOCKED with ownWriter: true; a writer of another Log of the same directory has ownWriter: false', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir)
    try {
      const w1 = await log.writer()
      const own = await rejection(log.writer())
      expect(own).toBeInstanceOf(LockedError)
      expect(own.code).toBe('KLOG_LOCKED')
      expect((own as LockedError).ownWriter).toBe(true)
      const other = await Log.open(dir)
      try {
        const elsewhere = await rejection(other.writer())
        expect(elsewhere.code).toBe('KLOG_LOCKED')
        expect((elsewhere as LockedError).ownWriter).toBe(false)
      } finally {
        await other.close()
      }
      await w1.close()
      expect(await (await log.writer()).append({ value: 'a' })).toEqual({ baseOffset: 0, lastOffset: 0 })
    } finally {
      await log.close()
    }
  })
})

describe('Log.open of a locked directory: ifLocked', () => {
  it("'read-only' (the default) opens a view that says so; 'fail' rejects KLOG_LOCKED at open", async () => {
    const dir = dirs.make()
    const owner = await Log.open(dir)
    try {
      for (const options of [undefined, { ifLocked: 'read-only' as const }]) {
        const view = await Log.open(dir, options)
        try {
          expect(view.readOnly).toBe(true)
          expect(view.lockHolder?.pid).toBe(process.pid)
          expect(view.recovery).toBeUndefined()
        } finally {
          await view.close()
        }
      }
      const err = await rejection(Log.open(dir, { ifLocked: 'fail' }))
      expect(err).toBeInstanceOf(LockedError)
      expect(err.code).toBe('KLOG_LOCKED')
      expect((err as LockedError).holder?.pid).toBe(process.pid)
    } finally {
      await owner.close()
    }
    // Free again: 'fail' opens as the owner.
    const again = await Log.open(dir, { ifLocked: 'fail' })
    expect(again.readOnly).toBe(false)
    await again.close()
  })

  it('refuses a bad ifLocked synchronously-typed: TypeError with readOnly or a non-string, RangeError for another string', async () => {
    const dir = dirs.make()
    await expect(Log.open(dir, { readOnly: true, ifLocked: 'fail' })).rejects.toBeInstanceOf(TypeError)
    await expect(Log.open(dir, { ifLocked: 1 as unknown as 'fail' })).rejects.toBeInstanceOf(TypeError)
    await expect(Log.open(dir, { ifLocked: 'wait' as unknown as 'fail' })).rejects.toBeInstanceOf(RangeError)
    expect(fs.readdirSync(dir)).toEqual([])
  })
})

describe('recovery report of a new directory', () => {
  it('a brand-new directory (and a missing one) is created: clean, nothing scanned; the next open is clean, not created', async () => {
    for (const dir of [dirs.make(), path.join(dirs.make(), 'a', 'b')]) {
      const log = await Log.open(dir)
      expect(log.recovery).toMatchObject({ clean: true, created: true, segmentsScanned: 0, bytesTruncated: 0, repairs: [] })
      await (await log.writer()).append({ value: 'x' })
      await log.close()
      const again = await Log.open(dir)
      expect(again.recovery).toMatchObject({ clean: true, created: false, segmentsScanned: 0 })
      await again.close()
    }
  })

  it('a directory that held a log and lost its segments is not "created": unclean, the loss reported', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, { fsync: 'always' })
    await (await log.writer()).append([{ value: 'a' }, { value: 'b' }])
    await log.close()
    for (const f of fs.readdirSync(dir)) if (/\.(log|index|timeindex)$/.test(f) || f.includes('clean')) fs.rmSync(path.join(dir, f))
    const again = await Log.open(dir)
    try {
      expect(again.recovery?.created).toBe(false)
      expect(again.recovery?.clean).toBe(false)
    } finally {
      await again.close()
    }
  })
})
