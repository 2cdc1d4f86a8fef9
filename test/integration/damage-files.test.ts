/**
 * Issue 8 items 2 and 10: files missing, emptied or added behind the library's back. A hole inside
 * the log is `KLOG_CORRUPT_SEGMENT` when a read reaches it (never a jump over it); a missing head,
 * a stray segment file and a log-start checkpoint beyond the log end are repaired at open and
 * reported in `log.recovery.repairs`; a directory of unrelated files is not adopted.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Log, LogError } from '../../src/index.js'
import { makeUnclean, segmentPath } from '../helpers/logs.js'
import { mulberry32 } from '../helpers/random.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { codeOf } from '../helpers/errors.js'
import { DAMAGE_OPTIONS, basesOf, buildLog, checkLog, isRight } from '../helpers/damage.js'

async function readFrom(log: Log, from: number): Promise<{ offsets: number[]; error: LogError | undefined }> {
  const offsets: number[] = []
  try {
    for await (const r of log.reader({ from })) {
      expect(isRight(r)).toBe(true)
      offsets.push(r.offset)
    }
  } catch (err) {
    if (!(err instanceof LogError)) throw err
    return { offsets, error: err }
  }
  return { offsets, error: undefined }
}

describe('missing, emptied and foreign files', () => {
  const dirs = useTempDirs()

  for (const how of ['deleted', 'emptied'] as const) {
    for (const shutdown of ['clean', 'unclean'] as const) {
      it(`a ${how} middle segment (${shutdown}) is a hole readers and get reject, not skip`, async () => {
        const dir = dirs.make()
        const written = await buildLog(dir, 80, mulberry32(2))
        const bases = basesOf(dir)
        const i = Math.floor(bases.length / 2)
        const hole = bases[i]!
        const after = bases[i + 1]!
        if (how === 'deleted') for (const s of ['log', 'index', 'timeindex'] as const) fs.rmSync(segmentPath(dir, hole, s))
        else fs.truncateSync(segmentPath(dir, hole, 'log'), 0)
        if (shutdown === 'unclean') makeUnclean(dir, written)
        const log = await Log.open(dir, DAMAGE_OPTIONS)
        try {
          expect(log.highWatermark).toBe(written)
          if (how === 'emptied') expect(log.recovery!.repairs.map((r) => r.kind)).toContain('stray-file')
          const { offsets, error } = await readFrom(log, 0)
          expect(error?.code).toBe('KLOG_CORRUPT_SEGMENT')
          expect(typeof error?.file).toBe('string')
          expect(offsets.length).toBe(hole)
          expect(await codeOf(log.get(hole))).toBe('KLOG_CORRUPT_SEGMENT')
          expect(await codeOf(log.get(after - 1))).toBe('KLOG_CORRUPT_SEGMENT')
          // Past the hole everything is still served.
          expect(isRight((await log.get(after))!)).toBe(true)
        } finally {
          await log.close()
        }
      })
    }
  }

  it('a deleted first segment moves the log start up and is reported', async () => {
    const dir = dirs.make()
    const written = await buildLog(dir, 80, mulberry32(3))
    const bases = basesOf(dir)
    for (const s of ['log', 'index', 'timeindex'] as const) fs.rmSync(segmentPath(dir, bases[0]!, s))
    const log = await Log.open(dir, DAMAGE_OPTIONS)
    try {
      expect(log.logStartOffset).toBe(bases[1])
      expect(log.recovery!.repairs).toEqual([expect.objectContaining({ kind: 'head-missing' })])
    } finally {
      await log.close()
    }
    await checkLog(dir, written, 'after a deleted head', false, bases[1])
  })

  for (const shutdown of ['clean', 'unclean'] as const) {
    it(`a stray empty segment far above the log end (${shutdown}) is set aside, not adopted`, async () => {
      const dir = dirs.make()
      const written = await buildLog(dir, 40, mulberry32(5))
      fs.writeFileSync(path.join(dir, '00000000000099999999.log'), '')
      if (shutdown === 'unclean') makeUnclean(dir)
      const log = await Log.open(dir, DAMAGE_OPTIONS)
      try {
        expect(log.highWatermark).toBe(written)
        expect(log.logEndOffset).toBe(written)
        expect(log.recovery!.repairs.map((r) => r.kind)).toEqual(['stray-file'])
        const w = await log.writer()
        expect((await w.append({ key: `k${written}`, value: `v${written}` })).baseOffset).toBe(written)
      } finally {
        await log.close()
      }
      expect(fs.existsSync(path.join(dir, '00000000000099999999.log.stray'))).toBe(true)
      await checkLog(dir, written + 1, 'after the stray')
    })
  }

  it('a log-start checkpoint beyond the log end deletes nothing: the log start comes down to the log end, reported', async () => {
    // Records below a checkpointed log start are never served (they may have been deleted with
    // deleteRecordsBefore before a crash lost the tail), but no file is deleted either: fixing the
    // checkpoint brings them back.
    const dir = dirs.make()
    const written = await buildLog(dir, 40, mulberry32(6))
    const before = basesOf(dir)
    fs.writeFileSync(path.join(dir, 'log-start-offset-checkpoint'), '0\n1\nlog 0 99999999\n')
    const log = await Log.open(dir, DAMAGE_OPTIONS)
    try {
      expect(log.logStartOffset).toBe(written)
      expect(log.highWatermark).toBe(written)
      expect(log.recovery!.segmentsDeleted).toBe(0)
      expect(log.recovery!.repairs.map((r) => r.kind)).toEqual(['log-start-reset'])
    } finally {
      await log.close()
    }
    expect(basesOf(dir)).toEqual(before)
    fs.writeFileSync(path.join(dir, 'log-start-offset-checkpoint'), '0\n1\nlog 0 0\n')
    await checkLog(dir, written, 'after the checkpoint is fixed')
  })

  it('deleteRecordsBefore, then a crash that loses the tail: the reset log start is checkpointed, so later appends are not hidden at the next open', async () => {
    const dir = dirs.make()
    let log = await Log.open(dir, DAMAGE_OPTIONS)
    let w = await log.writer()
    await w.append({ key: 'k0', value: 'v0' })
    await w.deleteRecordsBefore(1)
    await log.close()
    // The crash lost the record (fsync 'never'); the log-start checkpoint (1) was written before.
    fs.truncateSync(segmentPath(dir, 0, 'log'), 0)
    makeUnclean(dir, 0)
    const checkpoint = path.join(dir, 'log-start-offset-checkpoint')
    let onDisk: string
    log = await Log.open(dir, DAMAGE_OPTIONS)
    try {
      expect(log.recovery!.repairs.map((r) => r.kind)).toEqual(['log-start-reset'])
      expect([log.logStartOffset, log.logEndOffset]).toEqual([0, 0])
      w = await log.writer()
      await w.append({ key: 'k0', value: 'v0' })
      onDisk = fs.readFileSync(checkpoint, 'utf8')
    } finally {
      await log.close()
    }
    // Another crash, this time keeping the new record: the files as they were before close().
    fs.writeFileSync(checkpoint, onDisk)
    makeUnclean(dir, 0)
    log = await Log.open(dir, DAMAGE_OPTIONS)
    try {
      expect(log.recovery!.repairs).toEqual([])
      expect(log.logStartOffset).toBe(0)
      expect((await log.get(0))?.value?.toString()).toBe('v0')
    } finally {
      await log.close()
    }
  })

  it('a directory of unrelated files is not adopted (KLOG_NOT_A_LOG) and is left as it was', async () => {
    const dir = dirs.make()
    fs.writeFileSync(path.join(dir, 'holiday.jpg'), 'not a log')
    fs.mkdirSync(path.join(dir, 'notes'))
    expect(await codeOf(Log.open(dir, DAMAGE_OPTIONS))).toBe('KLOG_NOT_A_LOG')
    expect(fs.readdirSync(dir).sort()).toEqual(['holiday.jpg', 'notes'])
    // An empty directory is a new log.
    const empty = dirs.make()
    const log = await Log.open(empty, DAMAGE_OPTIONS)
    await log.close()
  })
})

describe('a deleted active segment', () => {
  const dirs = useTempDirs()

  for (const shutdown of ['clean', 'unclean'] as const) {
    it(`(${shutdown}) is reported as flushed records missing, and the log continues at the segment before`, async () => {
      const dir = dirs.make()
      const written = await buildLog(dir, 60, mulberry32(8))
      const bases = basesOf(dir)
      const active = bases[bases.length - 1]!
      for (const s of ['log', 'index', 'timeindex'] as const) fs.rmSync(segmentPath(dir, active, s))
      if (shutdown === 'unclean') makeUnclean(dir)
      const log = await Log.open(dir, DAMAGE_OPTIONS)
      try {
        expect(log.logEndOffset).toBe(active)
        expect(log.recovery!.repairs.map((r) => r.kind)).toContain('tail-missing')
        expect(written).toBeGreaterThan(active)
      } finally {
        await log.close()
      }
      await checkLog(dir, active, 'after the lost tail')
    })
  }
})
