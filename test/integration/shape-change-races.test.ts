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
import { Log } from '../../src/index.js'
import { Snapshot } from '../../src/snapshot.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'
import { readAll } from '../helpers/logs.js'

const dirs = useTempDirs()
const SHAPE_PROBE = fileURLToPath(new URL('./children/shape-probe.mjs', import.meta.url))

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
        const activeBase = (): string => fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort().pop()!
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
