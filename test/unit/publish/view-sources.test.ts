/**
 * src/publish/view-sources.ts and state-file.ts, the waits of views outside the writer's thread:
 * - a wait that ends (woken or aborted) leaves no listener on the caller's signal and holds nothing
 *   alive (the thread's keep-alive is released: no ref'd timer is left);
 * - a worker's source notices a new writer in the state file while its shared writer looks live
 *   (the safety re-check), and watches the state file only once that writer published its close;
 * - closing a read-only log ends its followers' waits and leaves no ref'd timer behind;
 * - the state file's reader never hands out a record whose bytes changed unless their CRC holds,
 *   and hands out the same object while the bytes stay the same.
 */
import fs from 'node:fs'
import path from 'node:path'
import { getEventListeners } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Log } from '../../../src/index.js'
import { Publisher } from '../../../src/publish/publisher.js'
import { FLAG_WRITER_CLOSED, NOTHING_PUBLISHED, type SnapshotState } from '../../../src/publish/snapshot.js'
import { STATE_FILE, StateFileReader } from '../../../src/publish/state-file.js'
import { SharedSource, StateFileSource } from '../../../src/publish/view-sources.js'
import { waitsHoldingAlive } from '../../../src/publish/wait.js'
import { useTempDirs } from '../../helpers/temp-dir.js'

const dirs = useTempDirs()
afterEach(() => {
  vi.restoreAllMocks()
})

function state(highWatermark: number, writerId: number, flags = 0): SnapshotState & { seq: number } {
  return { ...NOTHING_PUBLISHED, highWatermark, logEndOffset: highWatermark, generation: 0, writerId, flags }
}

/** Ref'd timers of this thread (what keeps the event loop alive). */
function refdTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('StateFileSource waits', () => {
  it('woken waits leave no listener on a shared signal and release the keep-alive', async () => {
    const dir = dirs.make()
    const publisher = new Publisher(dir, undefined)
    publisher.publish(state(1, 7))
    const source = new StateFileSource(dir)
    try {
      const shutdown = new AbortController()
      const timersBefore = refdTimers()
      const seq = source.read().seq
      const waits = Array.from({ length: 10 }, () => source.wait(seq, shutdown.signal))
      expect(waitsHoldingAlive()).toBe(10)
      expect(refdTimers()).toBe(timersBefore + 1) // one keep-alive for all of them
      expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(10)
      publisher.publish(state(2, 7))
      await Promise.all(waits) // the state file's change event (or the safety re-check) wakes them
      expect(waitsHoldingAlive()).toBe(0)
      expect(refdTimers()).toBe(timersBefore)
      expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0)
    } finally {
      source.close()
      publisher.close()
    }
  })

  it('aborted waits reject, leave nothing on the signal and release the keep-alive', async () => {
    const dir = dirs.make()
    const publisher = new Publisher(dir, undefined)
    publisher.publish(state(1, 7))
    const source = new StateFileSource(dir)
    try {
      const timersBefore = refdTimers()
      const shutdown = new AbortController()
      const waits = Array.from({ length: 10 }, () => source.wait(source.read().seq, shutdown.signal))
      shutdown.abort()
      for (const w of waits) await expect(w).rejects.toMatchObject({ name: 'AbortError' })
      expect(waitsHoldingAlive()).toBe(0)
      expect(refdTimers()).toBe(timersBefore)
      expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0)
    } finally {
      source.close()
      publisher.close()
    }
  })
})

describe('SharedSource (a worker view) and a new writer', () => {
  it('a wait on a live shared writer watches no file, and a new writer in the state file still wakes it', async () => {
    const dir = dirs.make()
    const first = new Publisher(dir, undefined)
    first.publish(state(5, 1))
    const watch = vi.spyOn(fs, 'watch')
    const source = new SharedSource(dir, first.snapshot.buffer as SharedArrayBuffer)
    try {
      const seen = source.read()
      expect(seen.writerId).toBe(1)
      const waiting = source.wait(seen.seq, undefined)
      await settle()
      expect(watch).not.toHaveBeenCalled()
      // Another writer takes the directory: the shared buffer never changes again.
      const second = new Publisher(dir, { seq: seen.seq })
      second.publish(state(3, 2))
      await waiting // by the safety re-check: no change event was watched
      expect(watch).not.toHaveBeenCalled()
      expect(source.read()).toMatchObject({ writerId: 2, highWatermark: 3 })
      second.close()
    } finally {
      source.close()
      first.close()
    }
  })

  it('once the shared writer published its close, a wait watches the state file for the next writer', async () => {
    const dir = dirs.make()
    const first = new Publisher(dir, undefined)
    first.publish(state(5, 1, FLAG_WRITER_CLOSED))
    const watch = vi.spyOn(fs, 'watch')
    const source = new SharedSource(dir, first.snapshot.buffer as SharedArrayBuffer)
    try {
      const seen = source.read()
      const waiting = source.wait(seen.seq, undefined)
      expect(watch).toHaveBeenCalledTimes(1)
      expect(watch.mock.calls[0]![0]).toBe(path.join(dir, STATE_FILE))
      const second = new Publisher(dir, { seq: seen.seq })
      second.publish(state(6, 2))
      await waiting
      expect(source.read()).toMatchObject({ writerId: 2, highWatermark: 6 })
      second.close()
    } finally {
      source.close()
      first.close()
    }
  })

  it('an aborted wait leaves nothing on its signal and releases the keep-alive; a publication wakes the others', async () => {
    const dir = dirs.make()
    const publisher = new Publisher(dir, undefined)
    publisher.publish(state(1, 1))
    const source = new SharedSource(dir, publisher.snapshot.buffer as SharedArrayBuffer)
    try {
      const timersBefore = refdTimers()
      const seq = source.read().seq
      const ac = new AbortController()
      const aborted = source.wait(seq, ac.signal)
      const woken = source.wait(seq, undefined)
      ac.abort()
      await expect(aborted).rejects.toMatchObject({ name: 'AbortError' })
      expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0)
      expect(waitsHoldingAlive()).toBe(1)
      publisher.publish(state(2, 1))
      await woken
      expect(waitsHoldingAlive()).toBe(0)
      expect(refdTimers()).toBe(timersBefore)
    } finally {
      source.close()
      publisher.close()
    }
  })
})

describe('closing a read-only log', () => {
  it("ends its waiting followers quietly and leaves no ref'd timer and no wait holding the thread alive", async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, { fsync: 'never' })
    const writer = await log.writer()
    await writer.append([{ value: 'a' }, { value: 'b' }])
    const timersBefore = refdTimers()
    const view = await Log.open(dir, { readOnly: true })
    const seen: string[] = []
    const followers = [0, 1, 2].map(async () => {
      for await (const r of view.reader({ from: 0, follow: true })) seen.push(r.value!.toString())
    })
    await writer.append({ value: 'c' })
    // Until every follower has had the three records and waits again.
    while (seen.length < 9 || waitsHoldingAlive() < 3) await settle()
    expect(refdTimers()).toBe(timersBefore + 1)
    await view.close()
    await Promise.all(followers)
    expect(waitsHoldingAlive()).toBe(0)
    expect(refdTimers()).toBe(timersBefore)
    expect(seen.sort()).toEqual(['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'])
    await log.close()
  })
})

describe('StateFileReader', () => {
  it('hands out the same object while the record is unchanged, and a changed record only when its CRC holds', () => {
    const dir = dirs.make()
    const publisher = new Publisher(dir, undefined)
    publisher.publish(state(1, 7))
    const reader = new StateFileReader(dir)
    try {
      const a = reader.read()
      expect(a).toMatchObject({ highWatermark: 1, writerId: 7 })
      expect(reader.read()).toBe(a)
      publisher.publish(state(2, 7))
      const b = reader.read()
      expect(b).toMatchObject({ highWatermark: 2 })
      expect(b).not.toBe(a)
      // Damage one byte of the record (a torn copy looks like this): never accepted, never the old one.
      // (Written in place: the file is mapped, and it never shrinks.)
      const fd = fs.openSync(path.join(dir, STATE_FILE), 'r+')
      const byte = Buffer.alloc(1)
      fs.readSync(fd, byte, 0, 1, 8)
      byte[0] = byte[0]! ^ 0xff
      fs.writeSync(fd, byte, 0, 1, 8)
      fs.closeSync(fd)
      expect(reader.read()).toBeUndefined()
      publisher.publish(state(3, 7))
      expect(reader.read()).toMatchObject({ highWatermark: 3 })
    } finally {
      reader.close()
      publisher.close()
    }
  })

  it('names another writer only for a whole record of another writer id, large ids included', () => {
    const dir = dirs.make()
    const reader = new StateFileReader(dir)
    const first = new Publisher(dir, undefined)
    const big = 2 ** 52 + 12345 // both int32 halves in use
    try {
      expect(reader.namesOtherWriter(big)).toBe(false) // no state file yet
      first.publish(state(1, big))
      expect(reader.namesOtherWriter(big)).toBe(false)
      expect(reader.namesOtherWriter(big + 1)).toBe(true) // the low half differs
      expect(reader.namesOtherWriter(big + 2 ** 32)).toBe(true) // the high half differs
      first.publish(state(2, big))
      expect(reader.namesOtherWriter(big)).toBe(false) // from the mapped words, no copy
      // Another writer's record: seen at the next check.
      const second = new Publisher(dir, { seq: 2 })
      second.publish(state(3, 99))
      expect(reader.namesOtherWriter(big)).toBe(true)
      expect(reader.namesOtherWriter(99)).toBe(false)
      second.close()
    } finally {
      reader.close()
      first.close()
    }
  })
})
