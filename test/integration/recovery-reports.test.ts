/**
 * Issue 19, items 6-8: an open reports every loss of flushed records and every damaged batch it
 * finds (`log.recovery.repairs`), and never reports a loss that did not happen.
 *
 * - item 6: a first segment deleted before the log ever shut down cleanly (`head-missing`: the
 *   log-start checkpoint exists from creation); an active segment deleted or emptied after its
 *   records were flushed (`tail-missing`: `flush()`, and the syncs of `'always'` and `'interval'`,
 *   move the recovery-point checkpoint);
 * - item 7: damage below the recovery point in the segment an unclean open scans is found (every
 *   CRC is checked from the segment's start): a damaged batch with intact batches after it is kept
 *   and reported (`damaged-batch`) and the open rolls, so new records never follow it; a damaged
 *   batch with nothing intact after it is cut and its flushed records reported (`tail-missing`);
 * - item 8: a writer killed inside `truncateTo` (at crash points) leaves no recovery point above the
 *   new log end, so the next open reports nothing.
 *
 * Crashes are real: a child process (children/recovery-writer.mjs) is SIGKILLed after it reported,
 * or kills itself at a crash point (`KAFKA_LITE_CRASH_AT`).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Log, type FsyncPolicy, type LogOptions } from '../../src/index.js'
import { codeOf } from '../helpers/errors.js'
import { makeUnclean, readAll, segmentPath } from '../helpers/logs.js'
import { listLogBases, readCheckpoint } from '../helpers/segment-files.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'

const WRITER = fileURLToPath(new URL('./children/recovery-writer.mjs', import.meta.url))
const RECOVERY_POINT = 'recovery-point-offset-checkpoint'

type Step = { append: number; size?: number } | { flush: true } | { truncateTo: number }

interface Killed {
  /** The log end the child reported before it was killed (undefined: killed at a crash point first). */
  leo: number | undefined
  signal: NodeJS.Signals | null
}

/**
 * Runs recovery-writer.mjs on `dir`: it opens the log, runs `steps`, reports its log end and idles.
 * Then `beforeKill` runs (if given) and the child is SIGKILLed; with `crashAt`, the child may kill
 * itself at that crash point first.
 */
function killedWriter(
  dir: string,
  options: LogOptions,
  steps: Step[],
  opts: { crashAt?: string; beforeKill?: (leo: number) => Promise<void> } = {},
): Promise<Killed> {
  const report = path.join(path.dirname(dir), `${path.basename(dir)}.report`)
  fs.writeFileSync(report, '')
  const env = { ...process.env }
  if (opts.crashAt !== undefined) env.KAFKA_LITE_CRASH_AT = opts.crashAt
  const child = spawn(process.execPath, [WRITER, DIST_ENTRY, dir, JSON.stringify({ options, steps }), report], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const reported = (): number | undefined => {
    const m = /done (\d+)/.exec(fs.readFileSync(report, 'utf8'))
    return m === null ? undefined : Number(m[1])
  }
  return new Promise((resolve, reject) => {
    child.stdout.on('data', () => {
      const leo = reported()
      if (leo === undefined) return
      void (opts.beforeKill ?? (() => Promise.resolve()))(leo).then(
        () => child.kill('SIGKILL'),
        (err: unknown) => {
          child.kill('SIGKILL')
          reject(err as Error)
        },
      )
    })
    child.on('exit', (code, signal) => {
      const leo = reported()
      fs.rmSync(report, { force: true })
      if (signal !== 'SIGKILL') reject(new Error(`the writer child exited with ${code}: ${stderr}`))
      else resolve({ leo, signal })
    })
  })
}

/** Waits until the recovery-point checkpoint in `dir` says `offset` (a bounded wait for background work). */
async function recoveryPointReaches(dir: string, offset: number): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if ((readCheckpoint(dir, RECOVERY_POINT) ?? 0) >= offset) return
    await sleep(10)
  }
  throw new Error(`the recovery point never reached ${offset}: ${readCheckpoint(dir, RECOVERY_POINT)}`)
}

function removeSegment(dir: string, base: number): void {
  for (const s of ['log', 'index', 'timeindex'] as const) fs.rmSync(segmentPath(dir, base, s), { force: true })
}

/** The batches of a `.log` file, from their headers (no validation). */
function batchesOf(file: string): { position: number; size: number; baseOffset: number; lastOffset: number }[] {
  const buf = fs.readFileSync(file)
  const out = []
  for (let pos = 0; pos + 61 <= buf.length;) {
    const size = 12 + buf.readInt32BE(pos + 8)
    const baseOffset = Number(buf.readBigInt64BE(pos))
    out.push({ position: pos, size, baseOffset, lastOffset: baseOffset + buf.readInt32BE(pos + 23) })
    pos += size
  }
  return out
}

function flipByte(file: string, position: number): void {
  const fd = fs.openSync(file, 'r+')
  try {
    const b = Buffer.alloc(1)
    fs.readSync(fd, b, 0, 1, position)
    b[0] = b[0]! ^ 0x5a
    fs.writeSync(fd, b, 0, 1, position)
  } finally {
    fs.closeSync(fd)
  }
}

const SMALL: LogOptions = { segmentBytes: 1024, indexIntervalBytes: 64, segmentMs: Number.MAX_SAFE_INTEGER }

describe('flushed records that go missing are reported (item 6)', () => {
  const dirs = useTempDirs()

  it('a first segment deleted before the log ever closed cleanly is reported (head-missing), not taken for the log start', async () => {
    const dir = dirs.make()
    const { leo } = await killedWriter(dir, { ...SMALL, fsync: 'never' }, [{ append: 30 }])
    const bases = listLogBases(dir)
    expect(bases.length).toBeGreaterThanOrEqual(3)
    removeSegment(dir, 0)
    const log = await Log.open(dir, SMALL)
    try {
      expect(log.logStartOffset).toBe(bases[1])
      expect(log.logEndOffset).toBe(leo)
      expect(log.recovery!.repairs).toEqual([expect.objectContaining({ kind: 'head-missing', offsets: { from: 0, to: bases[1] } })])
    } finally {
      await log.close()
    }
  })

  for (const fsync of ['never', 'interval', 'always'] as const) {
    for (const damage of ['deleted', 'emptied'] as const) {
      it(`fsync '${fsync}': an active segment ${damage} after flush() and a SIGKILL is reported (tail-missing)`, async () => {
        const dir = dirs.make()
        const { leo } = await killedWriter(dir, { ...SMALL, fsync }, [{ append: 30 }, { flush: true }])
        const bases = listLogBases(dir)
        const active = bases[bases.length - 1]!
        expect(leo).toBeGreaterThan(active)
        expect(readCheckpoint(dir, RECOVERY_POINT), 'flush() moved the recovery point to the log end').toBe(leo)
        if (damage === 'deleted') removeSegment(dir, active)
        else fs.truncateSync(segmentPath(dir, active, 'log'), 0)
        const log = await Log.open(dir, SMALL)
        try {
          expect(log.logEndOffset).toBe(active)
          expect(log.recovery!.repairs).toEqual([expect.objectContaining({ kind: 'tail-missing', offsets: { from: active, to: leo } })])
          const w = await log.writer()
          expect((await w.append({ value: 'after' })).baseOffset).toBe(active)
        } finally {
          await log.close()
        }
        // Reported once: the checkpoint came down to what was on disk.
        makeUnclean(dir)
        const again = await Log.open(dir, SMALL)
        try {
          expect(again.recovery!.repairs).toEqual([])
        } finally {
          await again.close()
        }
      })
    }
  }

  for (const fsync of ['always', 'interval'] as const satisfies FsyncPolicy[]) {
    it(`fsync '${fsync}': the syncs of acknowledged appends move the recovery point by themselves (no flush())`, async () => {
      const dir = dirs.make()
      const options: LogOptions = { ...SMALL, fsync, flushIntervalMs: 20, flushMessages: 4 }
      const { leo } = await killedWriter(dir, options, [{ append: 30 }], {
        beforeKill: (end) => recoveryPointReaches(dir, end),
      })
      const bases = listLogBases(dir)
      const active = bases[bases.length - 1]!
      removeSegment(dir, active)
      const log = await Log.open(dir, SMALL)
      try {
        expect(log.recovery!.repairs).toEqual([expect.objectContaining({ kind: 'tail-missing', offsets: { from: active, to: leo } })])
      } finally {
        await log.close()
      }
    })
  }
})

describe('damage below the recovery point in the scanned segment (item 7)', () => {
  const dirs = useTempDirs()
  const OPTS: LogOptions = { segmentBytes: 6000, indexIntervalBytes: 64, segmentMs: Number.MAX_SAFE_INTEGER }

  /** A closed log whose active segment holds `appends` batches of one record each; made unclean. */
  async function flushedLog(appends: number): Promise<{ dir: string; values: string[]; active: number }> {
    const dir = dirs.make()
    const log = await Log.open(dir, { ...OPTS, fsync: 'never' })
    const values: string[] = []
    const w = await log.writer()
    for (let i = 0; i < appends; i++) {
      values.push(`value ${i} `.padEnd(150, '.'))
      await w.append({ key: `k${i}`, value: values[i]! })
    }
    await log.close()
    // As after a crash that followed a flush: the recovery point (the clean close's) is the log end.
    makeUnclean(dir)
    expect(readCheckpoint(dir, RECOVERY_POINT)).toBe(appends)
    const bases = listLogBases(dir)
    return { dir, values, active: bases[bases.length - 1]! }
  }

  it('a batch failing its CRC with intact batches after it is kept and reported (damaged-batch); the open rolls, so new records never follow it', async () => {
    const { dir, values, active } = await flushedLog(40)
    const batches = batchesOf(segmentPath(dir, active, 'log'))
    expect(batches.length).toBeGreaterThan(6)
    const bad = batches[3]!
    flipByte(segmentPath(dir, active, 'log'), bad.position + 61 + 5)

    const log = await Log.open(dir, OPTS)
    try {
      expect(log.recovery).toEqual({
        clean: false,
        created: false,
        segmentsScanned: 1,
        bytesTruncated: 0,
        indexesRebuilt: 1,
        segmentsDeleted: 0,
        recoveryPoint: 40,
        repairs: [
          {
            kind: 'damaged-batch',
            file: segmentPath(dir, active, 'log'),
            position: bad.position,
            offsets: { from: bad.baseOffset, to: bad.lastOffset + 1 },
            reason: expect.any(String) as string,
          },
        ],
      })
      expect(log.logEndOffset).toBe(40)
      expect(listLogBases(dir), 'rolled: a new segment at the log end').toEqual([...listLogBasesBelow(dir, 40), 40])
      // The damaged batch is never served; every record after it is, by offset.
      expect(await codeOf(log.get(bad.baseOffset))).toBe('KLOG_CORRUPT_SEGMENT')
      for (let o = bad.lastOffset + 1; o < 40; o++) expect((await log.get(o))?.value?.toString(), `offset ${o}`).toBe(values[o])
      // A sequential reader stops at it, loudly.
      const seen: number[] = []
      const err = await (async () => {
        for await (const r of log.reader({ from: 0 })) seen.push(r.offset)
      })().catch((e: unknown) => e)
      expect(seen).toEqual(Array.from({ length: bad.baseOffset }, (_, i) => i))
      expect(err).toMatchObject({ code: 'KLOG_CORRUPT_SEGMENT', position: bad.position })
      // New records go to the new segment: a reader from its base reads them.
      const w = await log.writer()
      expect(await w.append({ value: 'new' })).toEqual({ baseOffset: 40, lastOffset: 40 })
      expect((await readAll(log, 40)).map((r) => r.value?.toString())).toEqual(['new'])
    } finally {
      await log.close()
    }
  })

  it('a damaged last batch (nothing intact after it) is cut, and its flushed records are reported (tail-missing)', async () => {
    const { dir, values, active } = await flushedLog(20)
    const batches = batchesOf(segmentPath(dir, active, 'log'))
    const last = batches[batches.length - 1]!
    flipByte(segmentPath(dir, active, 'log'), last.position + 61 + 5)

    const log = await Log.open(dir, OPTS)
    try {
      expect(log.recovery).toMatchObject({ bytesTruncated: last.size, segmentsDeleted: 0 })
      expect(log.recovery!.repairs).toEqual([expect.objectContaining({ kind: 'tail-missing', offsets: { from: last.baseOffset, to: 20 } })])
      expect(log.logEndOffset).toBe(last.baseOffset)
      expect(listLogBases(dir)).toEqual(listLogBasesBelow(dir, 20))
      const w = await log.writer()
      expect((await w.append({ value: 'next' })).baseOffset).toBe(last.baseOffset)
      const all = await readAll(log)
      expect(all.map((r) => r.value?.toString())).toEqual([...values.slice(0, last.baseOffset), 'next'])
    } finally {
      await log.close()
    }
  })
})

describe('a SIGKILL inside truncateTo reports nothing (item 8)', () => {
  const dirs = useTempDirs()

  for (const crashAt of ['truncate:published', 'truncate:files-changed']) {
    it(`killed at ${crashAt}: no tail-missing, and the recovery point is not above the log end`, async () => {
      const dir = dirs.make()
      const { leo, signal } = await killedWriter(dir, { ...SMALL, fsync: 'never' }, [{ append: 40 }, { flush: true }, { truncateTo: 5 }], {
        crashAt,
      })
      expect(signal).toBe('SIGKILL')
      expect(leo, 'killed inside truncateTo, before it reported').toBeUndefined()
      const recoveryPoint = readCheckpoint(dir, RECOVERY_POINT)
      const log = await Log.open(dir, SMALL)
      try {
        expect(log.recovery!.repairs).toEqual([])
        expect(recoveryPoint, 'lowered before any file changed').toBe(5)
        // Killed before the files changed, the truncation did not happen; after, it did.
        expect(log.logEndOffset).toBe(crashAt === 'truncate:published' ? 40 : 5)
        expect((await readAll(log)).map((r) => r.key?.toString())).toEqual(Array.from({ length: log.logEndOffset }, (_, i) => `k${i}`))
      } finally {
        await log.close()
      }
    })
  }
})

/** Base offsets of `dir`'s segments below `offset`. */
function listLogBasesBelow(dir: string, offset: number): number[] {
  return listLogBases(dir).filter((b) => b < offset)
}
