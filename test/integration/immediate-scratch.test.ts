/**
 * The thread's shared encoding buffer of immediate appends (src/storage/immediate-scratch.ts): one
 * buffer serves every log of a thread because an immediate append is written inside its own call.
 * The two ways it might not be, each of which would put one log's bytes into another's records:
 * - re-entrancy: a `kafka-lite:roll` subscriber runs inside the drain that rolls, before the
 *   rolling append's bytes are written, and appends to another log;
 * - an append made while exclusive work waits for the pipeline stays queued after `append()`
 *   returns, and then keeps a copy. That needs a callback of unrelated code to run in the one
 *   microtask between a drain's end and the waiting work's wake; no ordering of the public API was
 *   found that lands there, so the third test exercises the neighbourhood (truncations waiting on
 *   fsyncs, appends of another log woken by the same commit) rather than that exact turn.
 * Values of equal length, so a record encoded over another keeps a valid CRC: only the values tell.
 */
import diagnostics from 'node:diagnostics_channel'
import { describe, expect, it } from 'vitest'
import { CHANNELS, Log } from '../../src/index.js'
import { ImmediateScratch } from '../../src/storage/immediate-scratch.js'
import { readAll } from '../helpers/logs.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-scratch-')
const values = async (log: Log): Promise<string[]> => (await readAll(log)).map((r) => r.value!.toString())

describe('the shared encoding buffer of immediate appends', () => {
  it('hands out a buffer of its own while taken and above its bound; grows to its bound', () => {
    const s = new ImmediateScratch(16, 64)
    const a = s.take(10)
    expect(s.holds(a)).toBe(true)
    const nested = s.take(10)
    expect(s.holds(nested)).toBe(false)
    s.release(nested) // not the shared one: still taken
    expect(s.holds(s.take(10))).toBe(false)
    s.release(a)
    const b = s.take(40) // grows: max(40, 16, 2 × 16)
    expect([s.holds(b), b.length, b.buffer.byteLength >= 40]).toEqual([true, 40, true])
    s.release(b)
    const huge = s.take(65)
    expect(s.holds(huge)).toBe(false)
    s.release(huge)
    expect(s.holds(s.take(64))).toBe(true)
  })

  it('a roll subscriber that appends to another log inside the roll does not encode over the rolling append', async () => {
    await using a = await Log.open(dirs.make(), { fsync: 'never', segmentBytes: 4096 })
    await using b = await Log.open(dirs.make(), { fsync: 'never' })
    const wa = await a.writer()
    const wb = await b.writer()
    const inner: Promise<unknown>[] = []
    let n = 0
    const onRoll = (m: unknown): void => {
      if ((m as { dir: string }).dir === a.dir) inner.push(wb.append({ value: `B-${String(n++).padStart(4, '0')}-${'b'.repeat(600)}` }))
    }
    diagnostics.subscribe(CHANNELS.roll, onRoll)
    try {
      for (let i = 0; i < 60; i++) await wa.append({ value: `A-${String(i).padStart(4, '0')}-${'a'.repeat(600)}` })
    } finally {
      diagnostics.unsubscribe(CHANNELS.roll, onRoll)
    }
    await Promise.all(inner)
    expect(n).toBeGreaterThan(5)
    expect(await values(a)).toEqual(Array.from({ length: 60 }, (_, i) => `A-${String(i).padStart(4, '0')}-${'a'.repeat(600)}`))
    expect(await values(b)).toEqual(Array.from({ length: n }, (_, i) => `B-${String(i).padStart(4, '0')}-${'b'.repeat(600)}`))
  })

  it('appends of two logs woken by a commit while a truncation waits on its fsync keep their own bytes', async () => {
    // flushMessages 1: each append's group waits for its fsync, so the truncation issued meanwhile waits.
    await using a = await Log.open(dirs.make(), { fsync: 'interval', flushMessages: 1 })
    await using b = await Log.open(dirs.make(), { fsync: 'never' })
    const wa = await a.writer()
    const wb = await b.writer()
    for (let round = 0; round < 20; round++) {
      const later: Promise<unknown>[] = []
      const end = a.logEndOffset
      // Woken by the commit of the first append, whose drain a truncation is waiting for.
      const woken = a.waitForOffset(end).then(() => {
        later.push(wa.append({ value: `a${round}-later` }), wb.append({ value: `b${round}-other` }))
      })
      const first = wa.append({ value: `a${round}-first` })
      const cut = wa.truncateTo(end + 1)
      await Promise.all([first, cut, woken])
      await Promise.all(later)
    }
    expect(await values(a)).toEqual(Array.from({ length: 20 }, (_, r) => [`a${r}-first`, `a${r}-later`]).flat())
    expect(await values(b)).toEqual(Array.from({ length: 20 }, (_, r) => `b${r}-other`))
  })
})
