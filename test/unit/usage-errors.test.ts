/**
 * Errors a new user meets first: each names the mistake. Types are asserted (TypeError vs
 * RangeError) and LogError codes, never message wording, except that a "did you mean" must carry
 * the two key names.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Log, LogError } from '../../src/index.js'
import { nearestKey } from '../../src/base/check-keys.js'
import { prepareRecords } from '../../src/format/record.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs()

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (err) {
    return err
  }
  throw new Error('expected a rejection')
}

describe('usage errors', () => {
  it('opening a path that is a file: KLOG_IO with an ENOTDIR cause, read-write and read-only', async () => {
    const file = path.join(dirs.make(), 'not-a-dir')
    fs.writeFileSync(file, 'x')
    for (const options of [{}, { readOnly: true }]) {
      const err = await rejection(Log.open(file, options))
      expect(err).toBeInstanceOf(LogError)
      expect((err as LogError).code).toBe('KLOG_IO')
      expect((err as LogError).file).toBe(file)
      expect(((err as LogError).cause as NodeJS.ErrnoException).code).toBe('ENOTDIR')
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('x')
  })

  it('a misspelled option is a TypeError naming it and the nearest valid key', async () => {
    const dir = dirs.make()
    const err = await rejection(Log.open(dir, { segmentSize: 1 << 20 } as never))
    expect(err).toBeInstanceOf(TypeError)
    expect(String((err as Error).message)).toContain("'segmentSize'")
    expect(String((err as Error).message)).toContain("'segmentBytes'")
    expect(fs.readdirSync(dir)).toEqual([])
    expect(nearestKey('fsnyc', ['fsync', 'flushMessages'])).toBe('fsync')
    expect(nearestKey('retentionMS', ['retentionMs', 'retentionBytes', 'segmentMs'])).toBe('retentionMs')
  })

  it('fsync of the wrong type is a TypeError; a wrong string is a RangeError', async () => {
    const dir = dirs.make()
    expect(await rejection(Log.open(dir, { fsync: 1 } as never))).toBeInstanceOf(TypeError)
    expect(await rejection(Log.open(dir, { fsync: true } as never))).toBeInstanceOf(TypeError)
    expect(await rejection(Log.open(dir, { fsync: 'sometimes' } as never))).toBeInstanceOf(RangeError)
  })

  it('waitForLog needs readOnly: true, signal needs waitForLog: TypeErrors; nothing is created or waited for', async () => {
    const dir = path.join(dirs.make(), 'log')
    const signal = new AbortController().signal
    for (const options of [
      { waitForLog: true },
      { readOnly: false, waitForLog: true },
      { readOnly: true, waitForLog: 'yes' },
      { readOnly: true, signal },
      { readOnly: true, waitForLog: false, signal },
      { readOnly: true, waitForLog: true, signal: {} },
    ]) {
      expect([options, await rejection(Log.open(dir, options as never))]).toEqual([options, expect.any(TypeError)])
    }
    const typo = await rejection(Log.open(dir, { readOnly: true, waitForLogs: true } as never))
    expect(typo).toBeInstanceOf(TypeError)
    expect(String((typo as Error).message)).toContain("'waitForLog'")
    expect(fs.existsSync(dir)).toBe(false)
    // Without the option, a read-only open of a missing directory still fails at once.
    expect(await rejection(Log.open(dir, { readOnly: true }))).toMatchObject({ code: 'KLOG_IO' })
  })

  it('reader and read options reject unknown keys', async () => {
    await using log = await Log.open(dirs.make())
    expect(() => log.reader({ form: 0 } as never)).toThrow(TypeError)
    expect(() => log.reader().read({ maxRecord: 1 } as never)).toThrow(TypeError)
  })

  it('a bare Buffer or Uint8Array as a record is a TypeError; nothing is written', async () => {
    expect(() => prepareRecords(Buffer.from('x') as never, 0)).toThrow(TypeError)
    expect(() => prepareRecords([new Uint8Array(2)] as never, 0)).toThrow(TypeError)
    await using log = await Log.open(dirs.make())
    const w = await log.writer()
    expect(() => w.append(Buffer.from('x') as never)).toThrow(TypeError)
    expect(log.logEndOffset).toBe(0)
  })
})
