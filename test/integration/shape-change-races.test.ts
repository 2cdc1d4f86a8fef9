/**
 * Races between the changes of a log's shape (roll, retention, truncation, a new writer) and the
 * readers that must never see a state the log did not have (issue: "readers under change").
 *
 * 1. Retention started by a roll racing an explicit truncateTo: every published snapshot keeps
 *    logStartOffset ≤ highWatermark ≤ logEndOffset, and acknowledged records stay readable.
 * 2. A view (worker or other process) that lists the directory while a truncation deletes files must
 *    never serve those files after the writer recreates segments at the same base offsets.
 * 3. A follower outside the writer's thread continues with a new writer.
 */
import fs from 'node:fs'
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { Log, type LogWriter } from '../../src/index.js'
import { Snapshot } from '../../src/publish/snapshot.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'
import { readAll } from '../helpers/logs.js'

const dirs = useTempDirs()

/** Records every snapshot the owner publishes, to check the invariants of each. */
function recordPublications(log: Log): Array<{ logStartOffset: number; highWatermark: number; logEndOffset: number }> {
  const seen: Array<{ logStartOffset: number; highWatermark: number; logEndOffset: number }> = []
  const snapshot = new Snapshot(log.share().snapshot as SharedArrayBuffer)
  const original = Snapshot.prototype.publish
  const ints = snapshot.ints
  // Observe the shared words after every store by wrapping publish on the prototype for this buffer.
  Snapshot.prototype.publish = function (this: Snapshot, state) {
    original.call(this, state)
    if (this.ints.buffer === ints.buffer) seen.push({ ...state })
  }
  return seen
}

describe('retention after a roll races truncateTo', () => {
  for (let trial = 0; trial < 10; trial++) {
    it(`keeps every published snapshot ordered and acknowledged records readable (trial ${trial})`, async () => {
      const dir = dirs.make()
      const original = Snapshot.prototype.publish
      try {
        const log = await Log.open(dir, { segmentBytes: 1024, retentionBytes: 3000 })
        const seen = recordPublications(log)
        const writer = await log.writer()
        const value = 'x'.repeat(40 + trial)
        // Append until the sixth roll: the append that rolls starts retention (3 segments of ~1 KiB
        // exceed retentionBytes), and truncateTo follows at once.
        const activeBase = (): string =>
          fs
            .readdirSync(dir)
            .filter((f) => f.endsWith('.log'))
            .sort()
            .pop()!
        for (let rolls = 0; rolls < 6;) {
          const before = activeBase()
          await writer.append({ value })
          if (activeBase() !== before) rolls++
        }
        // The retention pass the roll queued runs first (shape changes are serialised): when it moved
        // the log start past the offset read here, the truncation is refused with a code, and the
        // retry at the new log start succeeds.
        const start = log.logStartOffset
        let end: number
        try {
          end = await writer.truncateTo(start)
        } catch (err) {
          expect((err as { code?: string }).code).toBe('KLOG_OFFSET_OUT_OF_RANGE')
          expect(log.logStartOffset).toBeGreaterThan(start)
          end = await writer.truncateTo(log.logStartOffset)
        }
        expect(end).toBe(log.logEndOffset)
        expect(log.logStartOffset).toBeLessThanOrEqual(log.highWatermark)
        const { baseOffset, lastOffset } = await writer.append([{ value: 'a' }, { value: 'b' }, { value: 'c' }])
        expect(baseOffset).toBe(end)
        for (let o = baseOffset; o <= lastOffset; o++) expect((await log.get(o))?.value?.toString()).toBe('abc'[o - baseOffset])
        for (const s of seen) {
          expect(s.logStartOffset).toBeLessThanOrEqual(s.highWatermark)
          expect(s.highWatermark).toBeLessThanOrEqual(s.logEndOffset)
        }
        const records = await readAll(log)
        expect(records.map((r) => r.value?.toString())).toEqual(['a', 'b', 'c'])
        await log.close()
        const reopened = await Log.open(dir)
        expect(reopened.logStartOffset).toBe(baseOffset)
        expect(reopened.highWatermark).toBe(lastOffset + 1)
        expect((await readAll(reopened)).map((r) => r.offset)).toEqual([baseOffset, baseOffset + 1, baseOffset + 2])
        await reopened.close()
      } finally {
        Snapshot.prototype.publish = original
      }
    })
  }
})

describe('a view listing the directory in the middle of a truncation', () => {
  // Both kinds of view, run in this thread so the test can place the listing exactly inside the
  // window: a state-file view (what another process uses) and a shared-snapshot view (what a
  // worker uses, `Log.attach`).
  it.each(['state file (other process)', 'shared snapshot (worker)'])(
    'never serves a deleted segment after the writer recreates its base offset: %s',
    async (kind) => {
      const { Segment } = await import('../../src/segment/segment.js')
      const dir = dirs.make()
      // One record per segment: every append after the first rolls.
      const big = 'x'.repeat(700)
      const log = await Log.open(dir, { segmentBytes: 1024 })
      const writer = await log.writer()
      for (let i = 0; i < 60; i++) await writer.append({ value: `old-${i}-${big}` })
      const view = kind.startsWith('state') ? await Log.open(dir, { readOnly: true }) : await Log.attach(log.share())
      expect((await readAll(view)).length).toBe(60)
      // The view reloads exactly between the truncation's publication and its first unlink: the
      // window a worker or another process can hit by chance.
      const originalDelete = Segment.prototype.delete
      let hooked = false
      Segment.prototype.delete = function (this: typeof Segment.prototype) {
        if (!hooked) {
          hooked = true
          view.getSync(0) // any read makes the view take the snapshot and re-list the directory
        }
        return originalDelete.call(this)
      }
      try {
        expect(await writer.truncateTo(8)).toBe(8)
      } finally {
        Segment.prototype.delete = originalDelete
      }
      expect(hooked).toBe(true)
      for (let i = 8; i < 60; i++) await writer.append({ value: `new-${i}-${big}` })
      const seen = await readAll(view, 8)
      expect(seen.map((r) => r.offset)).toEqual(Array.from({ length: 52 }, (_, i) => 8 + i))
      expect(seen.map((r) => r.value?.toString())).toEqual(Array.from({ length: 52 }, (_, i) => `new-${8 + i}-${big}`))
      for (let i = 8; i < 60; i++) expect(view.getSync(i)?.value?.toString()).toBe(`new-${i}-${big}`)
      await view.close()
      await log.close()
    },
  )
})

describe('followers outside the writer thread and a new writer', () => {
  async function startProbe(
    kind: 'worker' | 'process',
    dir: string,
    handle: unknown,
  ): Promise<{
    iterate(n: number): Promise<{ records: Array<{ offset: number; value: string | null }>; error?: unknown }>
    stop(): Promise<void>
  }> {
    const PROBE = fileURLToPath(new URL('./children/stress-probe.mjs', import.meta.url))
    let post: (m: object) => void
    const replies = new Map<number, (v: { ok: boolean; result?: unknown; error?: unknown }) => void>()
    let ready!: () => void
    const isReady = new Promise<void>((r) => (ready = r))
    const onReply = (m: { id: number; ok: boolean; result?: unknown; error?: unknown }): void => {
      if (m.id === 0) return ready()
      replies.get(m.id)?.(m)
    }
    let stop: () => Promise<void>
    if (kind === 'worker') {
      const w = new Worker(PROBE, { workerData: { dist: DIST_ENTRY, handle } })
      w.on('message', onReply)
      post = (m) => w.postMessage(m)
      stop = async () => void (await w.terminate())
    } else {
      const c = fork(PROBE, [JSON.stringify({ dist: DIST_ENTRY, dir })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
      c.on('message', onReply)
      post = (m) => c.send(m)
      stop = async () => {
        c.kill('SIGKILL')
      }
    }
    await isReady
    let id = 1
    const call = (cmd: string, args: object): Promise<{ ok: boolean; result?: unknown; error?: unknown }> => {
      const me = id++
      return new Promise((resolve) => {
        replies.set(me, resolve)
        post({ id: me, cmd, ...args })
      })
    }
    await call('create', { rid: 'f', opts: { from: 0, follow: true } })
    return {
      async iterate(n) {
        const reply = await call('iterate', { rid: 'f', n })
        return reply.result as { records: Array<{ offset: number; value: string | null }>; error?: unknown }
      },
      stop,
    }
  }

  for (const kind of ['worker', 'process'] as const) {
    it(`a ${kind} follower continues when the writer's thread dies and a new writer appends`, async () => {
      const dir = dirs.make()
      const writerThread = new Worker(fileURLToPath(new URL('./children/shape-writer.mjs', import.meta.url)), {
        workerData: { dist: DIST_ENTRY, dir, count: 100, lockStaleMs: 2000 },
      })
      const { handle } = await new Promise<{ handle: unknown }>((resolve, reject) => {
        writerThread.once('message', resolve)
        writerThread.once('error', reject)
      })
      const probe = await startProbe(kind, dir, handle)
      try {
        const following = probe.iterate(200)
        await writerThread.terminate() // the writer's thread dies: no close, its lock goes stale
        // The dead thread's lock is taken over once stale; until then writer() reports KLOG_LOCKED.
        let log: Log | undefined
        let writer: LogWriter | undefined
        while (writer === undefined) {
          log = await Log.open(dir, { fsync: 'never', lockStaleMs: 2000 })
          try {
            writer = await log.writer()
          } catch (err) {
            expect((err as { code?: string }).code).toBe('KLOG_LOCKED')
            await log.close()
            await new Promise((r) => setTimeout(r, 200))
          }
        }
        for (let i = 100; i < 200; i++) await writer.append({ value: `second-${i}` })
        const { records, error } = await following
        expect(error).toBeUndefined()
        expect(records.map((r) => r.offset)).toEqual(Array.from({ length: 200 }, (_, i) => i))
        expect(records.map((r) => r.value)).toEqual(Array.from({ length: 200 }, (_, i) => (i < 100 ? `first-${i}` : `second-${i}`)))
        await log!.close()
      } finally {
        await probe.stop()
      }
    })
  }
})

describe('exclusive work keeps call order', () => {
  for (const fsync of ['never', 'always'] as const) {
    it(`an append made before truncateTo() is written before it (fsync ${fsync})`, async () => {
      const log = await Log.open(dirs.make(), { fsync })
      const writer = await log.writer()
      for (let i = 0; i < 10; i++) await writer.append({ value: `v${i}` })
      const early = writer.append({ value: 'early' }) // not awaited: queued (or written) before the truncation
      const truncated = writer.truncateTo(5)
      const late = writer.append({ value: 'late' }) // after the truncation, at its new end
      expect(await early).toEqual({ baseOffset: 10, lastOffset: 10 })
      expect(await truncated).toBe(5)
      expect(await late).toEqual({ baseOffset: 5, lastOffset: 5 })
      expect((await readAll(log)).map((r) => r.value?.toString())).toEqual(['v0', 'v1', 'v2', 'v3', 'v4', 'late'])
      await log.close()
    })
  }
})
