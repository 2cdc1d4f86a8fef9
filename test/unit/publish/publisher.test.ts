/**
 * src/publish/publisher.ts, when followers are woken:
 * - a commit (`'soon'`) is in the shared snapshot at once, but its wake-up (the state file's write,
 *   `Atomics.notify`) comes at the end of the writer's synchronous run: the commits of one run wake
 *   followers once, and before a promise settled after them runs its reactions;
 * - a commit waits for its wake-up at most `MAX_WAKE_DELAY_MS` of a long run;
 * - a change of the segment set (`'now'`) wakes at once, with any commit still waiting;
 * - `close()` wakes a waiting commit, and the end of the run then does nothing;
 * - through the log: an append's promise settles with the state file already holding it, for every
 *   append of a burst.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Log } from '../../../src/index.js'
import { MAX_WAKE_DELAY_MS, Publisher } from '../../../src/publish/publisher.js'
import { NOTHING_PUBLISHED, type SnapshotState } from '../../../src/publish/snapshot.js'
import { StateFileReader } from '../../../src/publish/state-file.js'
import { useTempDirs } from '../../helpers/temp-dir.js'

const dirs = useTempDirs()
afterEach(() => {
  vi.restoreAllMocks()
})

function state(highWatermark: number): SnapshotState & { seq: number } {
  return { ...NOTHING_PUBLISHED, highWatermark, logEndOffset: highWatermark, generation: 0, writerId: 7 }
}

/** A publisher over a fresh directory, a reader of its state file, and a clock the test moves. */
function setUp(): { publisher: Publisher; onFile: () => number | undefined; wakes: () => number; clock: { now: number } } {
  const dir = dirs.make()
  const clock = { now: 0 }
  const publisher = new Publisher(dir, undefined, () => clock.now)
  const file = new StateFileReader(dir)
  const wake = vi.spyOn(publisher.snapshot, 'wake')
  return { publisher, onFile: () => file.read()?.highWatermark, wakes: () => wake.mock.calls.length, clock }
}

describe('Publisher wake-ups', () => {
  it('wakes followers once for the commits of one synchronous run, before a promise settled after them reacts', async () => {
    const { publisher, onFile, wakes } = setUp()
    let seenByReaction: number | undefined
    for (let hw = 1; hw <= 100; hw++) {
      publisher.publish(state(hw), 'soon')
      // In the shared snapshot at once (threads that load it see every commit) …
      expect(publisher.snapshot.read().highWatermark).toBe(hw)
    }
    // … the state file and the notify wait for the end of the run.
    expect(onFile()).toBeUndefined()
    expect(wakes()).toBe(0)
    // A promise settled after the commits (as an append's is): its reaction finds the state file written.
    await Promise.resolve().then(() => (seenByReaction = onFile()))
    expect(seenByReaction).toBe(100)
    expect(wakes()).toBe(1)
    // The next run's commits wake again.
    publisher.publish(state(101), 'soon')
    await Promise.resolve()
    expect([onFile(), wakes()]).toEqual([101, 2])
    publisher.close()
  })

  it(`wakes in the middle of a long run once a commit has waited ${MAX_WAKE_DELAY_MS} ms`, async () => {
    const { publisher, onFile, wakes, clock } = setUp()
    const woken: number[] = []
    for (let hw = 1; hw <= 10; hw++) {
      clock.now = hw * 0.1 // a commit every 0.1 ms: the first waits from 0.1 ms
      publisher.publish(state(hw), 'soon')
      if (wakes() > woken.length) woken.push(hw)
    }
    // Waiting since 0.1 ms, woken by the commit at 0.4 ms (held 0.3 ≥ 0.25); then since 0.5, woken at 0.8.
    expect(woken).toEqual([4, 8])
    expect(onFile()).toBe(8)
    await Promise.resolve()
    expect([onFile(), wakes()]).toEqual([10, 3])
    publisher.close()
  })

  it("'now' wakes at once, together with a commit still waiting", async () => {
    const { publisher, onFile, wakes } = setUp()
    publisher.publish(state(1), 'soon')
    publisher.publish(state(2))
    expect([onFile(), wakes()]).toEqual([2, 1])
    // The end of the run finds nothing left to wake.
    await Promise.resolve()
    expect(wakes()).toBe(1)
    publisher.close()
  })

  it('close() wakes a commit still waiting; the end of the run then writes nothing to the closed file', async () => {
    const { publisher, onFile, wakes } = setUp()
    publisher.publish(state(3), 'soon')
    publisher.close()
    expect([onFile(), wakes()]).toEqual([3, 1])
    await Promise.resolve() // would throw EBADF (an uncaught error in a microtask) if it wrote
    expect(wakes()).toBe(1)
  })
})

describe('appends and the state file', () => {
  it('every append of a burst settles with the state file already holding it', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, { fsync: 'never' })
    const writer = await log.writer()
    const file = new StateFileReader(dir)
    try {
      const seen: number[] = []
      const appends = Array.from({ length: 50 }, (_, i) =>
        writer.append({ value: Buffer.from(`v${i}`) }).then(({ baseOffset }) => {
          // What another process told "offset baseOffset is written" would find.
          seen.push(file.read()!.highWatermark - baseOffset)
        }),
      )
      await Promise.all(appends)
      expect(seen).toHaveLength(50)
      expect(seen.every((ahead) => ahead >= 1)).toBe(true)
    } finally {
      file.close()
      await writer.close()
      await log.close()
    }
  })
})
