/**
 * src/publish/wait.ts: followers share one parked wait per snapshot and sequence value, a follower
 * that stops waiting leaves nothing behind, and `linkSignals` leaves no listener in its sources.
 */
import { getEventListeners } from 'node:events'
import { describe, expect, it } from 'vitest'
import { NOTHING_PUBLISHED, Snapshot } from '../../../src/publish/snapshot.js'
import { linkSignals, waitOnSnapshot } from '../../../src/publish/wait.js'

function publishNext(snapshot: Snapshot, highWatermark: number): void {
  snapshot.publish({ ...NOTHING_PUBLISHED, highWatermark, logEndOffset: highWatermark, generation: 0 })
}

describe('waitOnSnapshot', () => {
  it('wakes every follower still waiting at the next publication; one that aborted rejects alone', async () => {
    const snapshot = new Snapshot()
    const seq = snapshot.sequence()
    const ac = new AbortController()
    const outcomes: string[] = []
    const track = (name: string, p: Promise<void>): Promise<void> =>
      p.then(
        () => void outcomes.push(`${name}:woken`),
        (err: Error) => void outcomes.push(`${name}:${err.name}`),
      )
    const all = Promise.all([
      track('a', waitOnSnapshot(snapshot, seq, undefined)),
      track('b', waitOnSnapshot(snapshot, seq, ac.signal)),
      track('c', waitOnSnapshot(snapshot, seq, undefined)),
    ])
    ac.abort()
    await new Promise((resolve) => setImmediate(resolve))
    expect(outcomes).toEqual(['b:AbortError'])
    publishNext(snapshot, 1)
    await all
    expect(outcomes.sort()).toEqual(['a:woken', 'b:AbortError', 'c:woken'])
  })

  it('resolves at once for a sequence already published past, and rejects at once for an aborted signal', async () => {
    const snapshot = new Snapshot()
    const seen = snapshot.sequence()
    publishNext(snapshot, 1)
    await expect(waitOnSnapshot(snapshot, seen, undefined)).resolves.toBeUndefined()
    await expect(waitOnSnapshot(snapshot, snapshot.sequence(), AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('a follower that waits again after the wake parks on the new value', async () => {
    const snapshot = new Snapshot()
    const first = waitOnSnapshot(snapshot, snapshot.sequence(), undefined)
    publishNext(snapshot, 1)
    await first
    const second = waitOnSnapshot(snapshot, snapshot.sequence(), undefined)
    let woken = false
    void second.then(() => (woken = true))
    await new Promise((resolve) => setImmediate(resolve))
    expect(woken).toBe(false)
    publishNext(snapshot, 2)
    await second
    expect(woken).toBe(true)
  })
})

describe('linkSignals', () => {
  it('aborts with the reason of the source that aborted', () => {
    const a = new AbortController()
    const b = new AbortController()
    const { signal } = linkSignals([a.signal, b.signal])
    b.abort(new Error('b went'))
    expect(signal.aborted).toBe(true)
    expect((signal.reason as Error).message).toBe('b went')
  })

  it('leaves no listener in a long-lived source once unlinked or aborted', () => {
    const shutdown = new AbortController()
    for (let i = 0; i < 100; i++) {
      const own = new AbortController()
      const { unlink } = linkSignals([own.signal, shutdown.signal])
      if (i % 2 === 0) own.abort()
      else unlink()
    }
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0)
  })

  it('keeps one listener on a source shared by many live links, and aborts each of them', () => {
    const shutdown = new AbortController()
    const links = Array.from({ length: 100 }, () => linkSignals([new AbortController().signal, shutdown.signal]))
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(1)
    links[0]!.unlink()
    shutdown.abort('bye')
    expect(links.slice(1).every((l) => l.signal.aborted && l.signal.reason === 'bye')).toBe(true)
    expect(links[0]!.signal.aborted).toBe(false)
  })

  it('is already aborted when a source is', () => {
    const { signal } = linkSignals([new AbortController().signal, AbortSignal.abort('gone')])
    expect(signal.aborted).toBe(true)
    expect(signal.reason).toBe('gone')
  })
})
