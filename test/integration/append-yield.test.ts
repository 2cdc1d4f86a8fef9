/**
 * Issue 19 item 5: durability bounds and fairness do not depend on the caller's loop. Every test
 * here runs exactly the loop that starved the event loop, `for (…) await writer.append(r)`, and
 * counts instead of timing:
 *
 * - under `'interval'`, fdatasyncs are observed through the `fs` module the library calls (a spy
 *   that notes the log end offset when each one starts and counts it durable when it succeeds):
 *   at every acknowledgement, fewer than `flushMessages` acknowledged records are not durable;
 * - a `setImmediate` callback runs within `YIELD_EVERY_APPENDS` appends, and so does a follower in
 *   the same thread;
 * - a compaction round started beside the loop finishes before the loop's end, and a `truncateTo`
 *   issued from a macrotask beside it resolves within a bounded number of appends.
 *
 * On the code before the fix none of these holds: the loop ran 300,000 appends without one fsync.
 */
import fs from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Log, type LogWriter } from '../../src/index.js'
import { YIELD_EVERY_APPENDS } from '../../src/storage/ack-schedule.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { readAll } from '../helpers/logs.js'

const dirs = useTempDirs()
const VALUE = Buffer.alloc(100, 7)
/** Large enough that no roll happens: every fdatasync is then of the one `.log` being appended. */
const NO_ROLL = 1 << 30

afterEach(() => {
  vi.restoreAllMocks()
})

/** Counts fdatasyncs and what they made durable (the log end offset when each one started). */
function watchFsyncs(log: Log): { durable: () => number; completed: () => number } {
  let durable = 0
  let completed = 0
  const original = fs.fdatasync.bind(fs)
  vi.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, callback: (err: NodeJS.ErrnoException | null) => void) => {
    const end = log.logEndOffset
    original(fd, (err) => {
      if (err === null) {
        completed++
        durable = Math.max(durable, end)
      }
      callback(err)
    })
  }) as typeof fs.fdatasync)
  return { durable: () => durable, completed: () => completed }
}

/** Counts appends acknowledged between two runs of a `setImmediate` callback (re-armed after each append). */
function watchTurns(): { acknowledged(): void; longest(): number } {
  let armed = false
  let since = 0
  let longest = 0
  const turn = (): void => {
    armed = false
    since = 0
  }
  return {
    acknowledged() {
      since++
      longest = Math.max(longest, since)
      if (!armed) {
        armed = true
        setImmediate(turn)
      }
    },
    longest: () => longest,
  }
}

describe("for (…) await writer.append(r) under fsync 'interval'", () => {
  it('acknowledges fewer than flushMessages records that are not durable, at every append', async () => {
    const flushMessages = 500
    await using log = await Log.open(dirs.make(), { fsync: 'interval', flushMessages, flushIntervalMs: 2 ** 31 - 1, segmentBytes: NO_ROLL })
    const w = await log.writer()
    const fsyncs = watchFsyncs(log)
    const appends = 20_000
    let worst = 0
    for (let i = 0; i < appends; i++) {
      const { lastOffset } = await w.append({ value: VALUE })
      worst = Math.max(worst, lastOffset + 1 - fsyncs.durable())
    }
    process.stdout.write(
      `interval/flushMessages ${flushMessages}: ${fsyncs.completed()} fdatasyncs, at most ${worst} records not durable\n`,
    )
    expect(worst).toBeLessThan(flushMessages)
    expect(fsyncs.completed()).toBeGreaterThanOrEqual(Math.floor(appends / flushMessages))
  })

  it('makes records durable during the loop when flushIntervalMs passes, with no flushMessages bound', async () => {
    await using log = await Log.open(dirs.make(), {
      fsync: 'interval',
      flushMessages: Number.MAX_SAFE_INTEGER,
      flushIntervalMs: 1,
      segmentBytes: NO_ROLL,
    })
    const w = await log.writer()
    const fsyncs = watchFsyncs(log)
    // 20,000 appends cannot all happen within 1 ms: some append finds the interval passed.
    for (let i = 0; i < 20_000; i++) await w.append({ value: VALUE })
    expect(fsyncs.completed()).toBeGreaterThan(0)
    expect(fsyncs.durable()).toBeGreaterThan(0)
  })
})

describe('for (…) await writer.append(r) yields to the event loop', () => {
  for (const fsync of ['never', 'interval'] as const) {
    it(`fsync '${fsync}': a setImmediate callback and a same-thread follower run within ${YIELD_EVERY_APPENDS} appends`, async () => {
      await using log = await Log.open(dirs.make(), { fsync, segmentBytes: 64 * 1024 })
      const w = await log.writer()
      const turns = watchTurns()
      const stop = new AbortController()
      let followed = 0
      let followedDuringLoop = 0
      const follower = (async () => {
        try {
          for await (const r of log.reader({ from: 0, follow: true, signal: stop.signal })) {
            expect(r.offset).toBe(followed)
            followed++
          }
        } catch (err) {
          if ((err as Error).name !== 'AbortError') throw err
        }
      })()
      const appends = 20_000
      for (let i = 0; i < appends; i++) {
        await w.append({ value: VALUE })
        turns.acknowledged()
        followedDuringLoop = followed
      }
      process.stdout.write(`${fsync}: at most ${turns.longest()} appends without a macrotask; follower had ${followedDuringLoop}\n`)
      expect(turns.longest()).toBeLessThanOrEqual(YIELD_EVERY_APPENDS)
      // The follower ran during the loop (how far it got depends on its reads' I/O, not on the loop).
      expect(followedDuringLoop).toBeGreaterThan(0)
      stop.abort()
      await follower
    })
  }
})

describe('exclusive and background work beside the loop', () => {
  /** Fills a log with keyed records over several segments, for compaction. */
  async function keyedLog(w: LogWriter, records: number, keys: number): Promise<void> {
    for (let i = 0; i < records; i += 100) {
      await w.append(Array.from({ length: 100 }, (_, k) => ({ key: `k${(i + k) % keys}`, value: `v${i + k}` })))
    }
  }

  it('a compaction round started beside the loop finishes before the loop ends', async () => {
    await using log = await Log.open(dirs.make(), { fsync: 'interval', segmentBytes: 64 * 1024, cleanupPolicy: 'compact' })
    const w = await log.writer()
    const keys = 200
    await keyedLog(w, 20_000, keys)
    let finished = false
    const round = w.compact().then((report) => {
      finished = true
      return report
    })
    const limit = 200_000
    let appended = 20_000
    let appendsBeside = 0
    while (!finished && appendsBeside < limit) {
      await w.append({ key: `k${appended % keys}`, value: `v${appended}` })
      appended++
      appendsBeside++
    }
    process.stdout.write(`compaction finished after ${appendsBeside} appends beside it\n`)
    expect(finished).toBe(true)
    const report = await round
    expect(report?.recordsRemoved).toBeGreaterThan(0)
    // The latest value of every key is the last one appended for it.
    const latest = new Map<string, string>()
    for (const r of await readAll(log)) latest.set(r.key!.toString(), r.value!.toString())
    for (let k = 0; k < keys; k++) {
      const last = appended - 1 - ((appended - 1 - k) % keys)
      expect(latest.get(`k${k}`)).toBe(`v${last}`)
    }
  })

  it('a truncateTo issued from a macrotask beside the loop resolves within a bounded number of appends', async () => {
    await using log = await Log.open(dirs.make(), { fsync: 'never', segmentBytes: 64 * 1024 })
    const w = await log.writer()
    let issuedAt = -1
    let resolvedAt = -1
    let truncatedTo = -1
    // Records above the truncation point, however early the macrotask runs.
    for (let k = 0; k < 200; k++) await w.append({ value: VALUE })
    let i = 0
    setImmediate(() => {
      issuedAt = i
      void w.truncateTo(100).then((end) => {
        resolvedAt = i
        truncatedTo = end
      })
    })
    const offsets: number[] = []
    for (; i < 20_000; i++) offsets.push((await w.append({ value: VALUE })).baseOffset)
    expect(truncatedTo).toBe(100)
    expect(issuedAt).toBeGreaterThanOrEqual(0)
    expect(issuedAt).toBeLessThanOrEqual(YIELD_EVERY_APPENDS)
    expect(resolvedAt - issuedAt).toBeLessThanOrEqual(YIELD_EVERY_APPENDS)
    // The first append after the truncation lands at its log end, and the rest follow in order.
    const cut = offsets.findIndex((o, k) => k > 0 && o !== offsets[k - 1]! + 1)
    expect(cut).toBeGreaterThan(issuedAt)
    expect(cut).toBeLessThanOrEqual(resolvedAt)
    expect(offsets[cut]).toBe(100)
    for (let k = cut + 1; k < offsets.length; k++) expect(offsets[k]).toBe(offsets[k - 1]! + 1)
    expect(log.highWatermark).toBe(100 + offsets.length - cut)
  })
})
