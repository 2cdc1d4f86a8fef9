/**
 * What the group consumer tests (in process, in workers, over the wire) share: a producer of keyed
 * sequences (key `k<i>`, value the key's next sequence number, so per-key order is checkable) and the
 * at-least-once check (a record that a member processed and then committed is never processed again).
 */
import { expect } from 'vitest'
import type { Broker } from '../../src/broker/index.js'

/** A producer of keyed sequences into `topic`; {@link KeyedProducer.produced} counts what it sent. */
export interface KeyedProducer {
  /** Sends `n` records one by one, each to a random key among `keys`, its value the key's next sequence number. */
  produce(n: number): Promise<void>
  readonly produced: number
}

/** See {@link KeyedProducer}; `pauseEvery` sleeps 1 ms after that many sends (to let other threads in). */
export function keyedProducer(broker: Broker, topic: string, keys: number, random: () => number, pauseEvery = 0): KeyedProducer {
  const producer = broker.producer()
  const nextSeq = new Array<number>(keys).fill(0)
  let produced = 0
  return {
    async produce(n: number): Promise<void> {
      for (let i = 0; i < n; i++) {
        const k = Math.floor(random() * keys)
        const seq = nextSeq[k]!
        nextSeq[k] = seq + 1
        await producer.send({ topic, messages: [{ key: `k${k}`, value: `${seq}` }] })
        produced++
        if (pauseEvery > 0 && i % pauseEvery === pauseEvery - 1) await new Promise((resolve) => setTimeout(resolve, 1))
      }
    },
    get produced() {
      return produced
    },
  }
}

/** One processing of a record by a group member, and whether the commit after it succeeded. */
export interface Processing {
  partition: number
  offset: number
  committed: boolean
}

/**
 * Fails (through `expect`) when a record is processed again after an earlier processing of it was
 * committed; returns how many processings were repeats (each of a record not yet committed).
 */
export function countRepeats(processings: readonly Processing[]): number {
  const earlier = new Map<string, Processing[]>()
  let repeats = 0
  for (const p of processings) {
    const id = `${p.partition}/${p.offset}`
    const before = earlier.get(id) ?? []
    if (before.length > 0) {
      repeats++
      expect(
        before.filter((x) => x.committed),
        `${id} processed again after a successful commit`,
      ).toEqual([])
    }
    earlier.set(id, [...before, p])
  }
  return repeats
}
