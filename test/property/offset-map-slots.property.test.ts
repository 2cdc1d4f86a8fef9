/**
 * Property: the cleaner's slot memo (`OffsetMap.putSlot` / `latestAt`, used so that a compaction round
 * hashes each dirty key once) answers exactly what a plain lookup by the key's digest (`get`) answers,
 * for every key put, whatever the order of puts, repeats and budget (including a map that fills up and
 * refuses new keys: a refused key has no slot and `get` says -1).
 *
 * Replay a failure: fast-check prints `seed` and `path`; run with
 * `SLOTS_SEED=<seed> SLOTS_PATH=<path> npx vitest run test/property/offset-map-slots.property.test.ts`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OffsetMap } from '../../src/cleaner/offset-map.js'

const SEED = process.env.SLOTS_SEED === undefined ? undefined : Number(process.env.SLOTS_SEED)
const PATH = process.env.SLOTS_PATH

describe('offset map slots (property)', () => {
  it('latestAt(slot from putSlot) equals get(digest) for every key, after every later put', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 600 }),
        fc.integer({ min: 24, max: 24 * 400 }),
        (keys, budget) => {
          const map = new OffsetMap(budget)
          const slotOf = new Map<number, number>()
          const latest = new Map<number, number>()
          keys.forEach((k, offset) => {
            const slot = map.putSlot(OffsetMap.digest(Buffer.from(`key-${k}`)), offset)
            if (slot < 0) {
              // Refused: only a new key when the map is full, and nothing changed.
              expect(latest.has(k)).toBe(false)
              expect(map.isFull).toBe(true)
              return
            }
            if (slotOf.has(k)) expect(slot).toBe(slotOf.get(k)) // a key's slot never moves
            slotOf.set(k, slot)
            latest.set(k, offset)
          })
          for (let k = 0; k <= 300; k++) {
            const plain = map.get(OffsetMap.digest(Buffer.from(`key-${k}`)))
            expect(plain).toBe(latest.get(k) ?? -1)
            const slot = slotOf.get(k)
            if (slot !== undefined) expect(map.latestAt(slot)).toBe(plain)
          }
        },
      ),
      { numRuns: 200, seed: SEED, path: PATH, endOnFailure: PATH !== undefined },
    )
  })
})
