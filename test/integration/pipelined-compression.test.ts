/**
 * Compressed appends whose compressions are in flight together (issue 22, goal 6): the append
 * pipeline starts an append's compression when `append()` is called, so several run on libuv's pool
 * at once and may finish in any order. These tests drive the compressor by hand (a test compressor
 * for gzip that returns a promise, as `@mongodb-js/zstd` does, and produces real gzip bytes when the
 * test says so) and check the log's contract on real files: offsets and visibility follow call
 * order whatever order the compressions finish in; an append whose compression fails, or whose
 * write fails, leaves the log exactly the other appends' records, with no gap, and later appends
 * are unaffected; `expectedOffset` is decided against the log end at write time, in call order.
 * No timing is asserted: every step waits for a condition, not a duration.
 */
import fs from 'node:fs'
import zlib from 'node:zlib'

import { afterEach, describe, expect, it, vi } from 'vitest'

import { setTestCompressor } from '../../src/codec/registry.js'
import { Log, type FsyncPolicy, type LogRecord } from '../../src/index.js'
import { codeOf } from '../helpers/errors.js'
import { makeUnclean, readAll, segmentPath } from '../helpers/logs.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-pipelined-')

afterEach(() => setTestCompressor('gzip', undefined))

/** One compression the test holds: `finish()` hands the codec's bytes back, `fail()` an error. */
interface Held {
  src: Buffer
  finish(): void
  fail(err: Error): void
}

/** Installs a gzip compressor whose calls wait until the test finishes or fails them, in any order. */
function holdCompressions(): Held[] {
  const held: Held[] = []
  setTestCompressor('gzip', (src) => {
    // The writer may reuse nothing it handed over; copy anyway, so a late finish() compresses what was passed.
    const copy = Buffer.from(src)
    return new Promise<Buffer>((resolve, reject) => {
      held.push({ src: copy, finish: () => resolve(zlib.gzipSync(copy)), fail: reject })
    })
  })
  return held
}

/**
 * Opens a log in `dir` with compressions held, runs `body`, then finishes whatever is still held
 * before closing, so that a failing expectation fails the test instead of leaving close() waiting.
 */
async function withHeldLog(
  dir: string,
  fsync: FsyncPolicy,
  body: (log: Log, w: Awaited<ReturnType<Log['writer']>>, held: Held[]) => Promise<void>,
): Promise<void> {
  const held = holdCompressions()
  const log = await Log.open(dir, { fsync, compression: 'gzip' })
  try {
    await body(log, await log.writer(), held)
  } finally {
    for (const h of held) h.finish()
    await log.close()
    setTestCompressor('gzip', undefined)
  }
}

/**
 * Makes the next vectored write tear: half of its first buffer reaches the file, then it fails
 * with EIO (the bytes stay on disk: the writer must cut them). Returns the restore function.
 */
function tearNextWrite(): () => void {
  const writeSync = fs.writeSync.bind(fs)
  const spy = vi.spyOn(fs, 'writevSync').mockImplementationOnce((fd, buffers, position) => {
    const first = buffers[0]! as Buffer
    writeSync(fd, first, 0, first.length >> 1, position ?? null)
    throw Object.assign(new Error('EIO: injected torn write'), { code: 'EIO', errno: -5, syscall: 'writev' })
  })
  return () => spy.mockRestore()
}

/** Lets settled promises run their continuations (a few turns of the event loop). */
async function turns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve))
}

/** Tagged records: `n` of them, values `${tag}-${i}`. */
function batch(tag: string, n: number): { key: string; value: string }[] {
  return Array.from({ length: n }, (_, i) => ({ key: `k-${i % 3}`, value: `${tag}-${i}`.repeat(8) }))
}

function values(records: LogRecord[]): string[] {
  return records.map((r) => r.value!.toString())
}

function expected(...parts: [string, number][]): string[] {
  return parts.flatMap(([tag, n]) => batch(tag, n).map((r) => r.value))
}

type Outcome = { baseOffset: number; lastOffset: number } | string

async function outcomes(ps: Promise<{ baseOffset: number; lastOffset: number }>[]): Promise<Outcome[]> {
  const settled = await Promise.allSettled(ps)
  return settled.map((s) => (s.status === 'fulfilled' ? s.value : ((s.reason as { code?: string }).code ?? String(s.reason))))
}

const POLICIES: FsyncPolicy[] = ['never', 'always']

describe('compressions in flight together', () => {
  it.each(POLICIES)('fsync %s: finishing out of call order still writes in call order, nothing ahead of a pending one', async (fsync) => {
    await withHeldLog(dirs.make(), fsync, async (log, w, held) => {
      const ps = [
        w.append(batch('a', 10)),
        w.append(batch('b', 20)),
        w.append(batch('plain', 5), { compression: 'none' }), // waits behind the compressing ones
        w.append(batch('c', 30)),
        w.append(batch('d', 40)),
      ]
      expect(held).toHaveLength(4) // every compression was started by its append() call
      // The last three finish first: none of them may be written while the first is pending.
      for (const i of [3, 2, 1]) {
        held[i]!.finish()
        await turns()
      }
      expect(log.logEndOffset).toBe(0)
      expect(log.highWatermark).toBe(0)
      expect(await readAll(log)).toEqual([])
      held[0]!.finish()
      expect(await outcomes(ps)).toEqual([
        { baseOffset: 0, lastOffset: 9 },
        { baseOffset: 10, lastOffset: 29 },
        { baseOffset: 30, lastOffset: 34 },
        { baseOffset: 35, lastOffset: 64 },
        { baseOffset: 65, lastOffset: 104 },
      ])
      const all = await readAll(log)
      expect(all.map((r) => r.offset)).toEqual(Array.from({ length: 105 }, (_, i) => i))
      expect(values(all)).toEqual(expected(['a', 10], ['b', 20], ['plain', 5], ['c', 30], ['d', 40]))
    })
  })

  it.each(POLICIES)(
    'fsync %s: a compression failing in the middle leaves exactly the other appends, no gap, also after reopening',
    async (fsync) => {
      const dir = dirs.make()
      await withHeldLog(dir, fsync, async (log, w, held) => {
        const ps = [w.append(batch('a', 10)), w.append(batch('b', 20)), w.append(batch('c', 30)), w.append(batch('d', 40))]
        held[3]!.finish()
        held[1]!.fail(new Error('the codec failed'))
        await turns()
        held[0]!.finish()
        held[2]!.finish()
        const got = await outcomes(ps)
        expect(got[0]).toEqual({ baseOffset: 0, lastOffset: 9 })
        expect(typeof got[1]).toBe('string') // rejected, with a LogError code at the public boundary
        expect(got.slice(2)).toEqual([
          { baseOffset: 10, lastOffset: 39 },
          { baseOffset: 40, lastOffset: 79 },
        ])
        expect(log.logEndOffset).toBe(80)
        // Later appends are unaffected, compressed or not.
        const later = [w.append(batch('e', 5)), w.append(batch('f', 5), { compression: 'none' })]
        held[4]!.finish()
        expect(await outcomes(later)).toEqual([
          { baseOffset: 80, lastOffset: 84 },
          { baseOffset: 85, lastOffset: 89 },
        ])
        expect(values(await readAll(log))).toEqual(expected(['a', 10], ['c', 30], ['d', 40], ['e', 5], ['f', 5]))
      })
      // An unclean open validates every batch on disk: nothing torn, nothing to cut.
      makeUnclean(dir, 0)
      await using reopened = await Log.open(dir)
      expect(reopened.recovery?.bytesTruncated).toBe(0)
      expect(reopened.logEndOffset).toBe(90)
      const all = await readAll(reopened)
      expect(all.map((r) => r.offset)).toEqual(Array.from({ length: 90 }, (_, i) => i))
      expect(values(all)).toEqual(expected(['a', 10], ['c', 30], ['d', 40], ['e', 5], ['f', 5]))
    },
  )

  it('a write torn while later compressions are in flight is cut, and rolls back that append alone', async () => {
    const dir = dirs.make()
    await withHeldLog(dir, 'never', async (log, w, held) => {
      const ps = [w.append(batch('a', 10)), w.append(batch('b', 20)), w.append(batch('c', 30)), w.append(batch('d', 40))]
      held[0]!.finish()
      await ps[0]
      const size = fs.statSync(segmentPath(dir, 0, 'log')).size
      const restore = tearNextWrite()
      try {
        held[1]!.finish()
        expect(await codeOf(ps[1]!)).toBe('KLOG_IO')
      } finally {
        restore()
      }
      expect(fs.statSync(segmentPath(dir, 0, 'log')).size).toBe(size)
      expect(log.logEndOffset).toBe(10)
      held[3]!.finish()
      held[2]!.finish()
      expect(await outcomes(ps.slice(2))).toEqual([
        { baseOffset: 10, lastOffset: 39 },
        { baseOffset: 40, lastOffset: 79 },
      ])
      expect(values(await readAll(log))).toEqual(expected(['a', 10], ['c', 30], ['d', 40]))
    })
    makeUnclean(dir, 0)
    await using reopened = await Log.open(dir)
    expect(reopened.recovery?.bytesTruncated).toBe(0)
    expect(values(await readAll(reopened))).toEqual(expected(['a', 10], ['c', 30], ['d', 40]))
  })

  it('expectedOffset is checked at write time in call order, whatever order the compressions finish in', async () => {
    await withHeldLog(dirs.make(), 'never', async (log, w, held) => {
      const ps = [
        w.append(batch('a', 10), { expectedOffset: 0 }),
        w.append(batch('b', 10), { expectedOffset: 0 }), // loses to a: the log end is 10 when b is written
        w.append(batch('c', 10), { expectedOffset: 10 }),
      ]
      held[1]!.finish()
      held[2]!.finish()
      await turns()
      expect(log.logEndOffset).toBe(0)
      held[0]!.finish()
      expect(await outcomes(ps)).toEqual([{ baseOffset: 0, lastOffset: 9 }, 'KLOG_OFFSET_CONFLICT', { baseOffset: 10, lastOffset: 19 }])
      expect(values(await readAll(log))).toEqual(expected(['a', 10], ['c', 10]))
    })
  })
})

describe("the caller's buffers", () => {
  it('may be reused as soon as append() returns, also when its later batches are encoded after it returned', async () => {
    const dir = dirs.make()
    const held = holdCompressions()
    // Incompressible 300-byte values in batches of at most 1 KiB: the append splits into several
    // batches, each encoded only after the compression before it finished.
    const log = await Log.open(dir, { fsync: 'never', compression: 'gzip', maxBatchBytes: 1024 })
    try {
      const w = await log.writer()
      const originals = Array.from({ length: 12 }, (_, i) => ({
        key: Buffer.from(`key-${i}`),
        value: Buffer.from(Array.from({ length: 300 }, (_, j) => (i * 131 + j * 17 + ((j * j) >> 3)) & 0xff)),
        header: Buffer.from(`header-${i}`),
      }))
      const inputs = originals.map((o) => ({ key: Buffer.from(o.key), value: Buffer.from(o.value), header: Buffer.from(o.header) }))
      const p = w.append(inputs.map((r) => ({ key: r.key, value: r.value, headers: [{ key: 'h', value: r.header }] })))
      for (const r of inputs) {
        r.key.fill(0xee)
        r.value.fill(0xee)
        r.header.fill(0xee)
      }
      let done = false
      void p.finally(() => (done = true))
      let compressions = 0
      while (!done) {
        while (held.length > compressions) held[compressions++]!.finish()
        await turns(1)
      }
      expect(await p).toEqual({ baseOffset: 0, lastOffset: 11 })
      expect(compressions).toBeGreaterThan(2) // several batches, so several compressions after the call
      const all = await readAll(log)
      expect(all.map((r) => [r.key!.toString('hex'), r.value!.toString('hex'), r.headers[0]!.value!.toString('hex')])).toEqual(
        originals.map((o) => [o.key.toString('hex'), o.value.toString('hex'), o.header.toString('hex')]),
      )
    } finally {
      for (const h of held) h.finish()
      await log.close()
      setTestCompressor('gzip', undefined)
    }
  })
})
