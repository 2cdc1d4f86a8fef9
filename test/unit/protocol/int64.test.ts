/**
 * int64 conversions (src/protocol/int64.ts): exact where safe, no silent precision loss elsewhere.
 */
import { describe, expect, it } from 'vitest'

import { int64FromNumber, int64ToSafeNumber } from '../../../src/protocol/int64.js'

describe('int64 conversions', () => {
  it('turns safe int64s into numbers and refuses the others instead of rounding them', () => {
    expect([-1n, -2n, -3n, 0n, 2n ** 53n - 1n, -(2n ** 53n - 1n)].map(int64ToSafeNumber)).toEqual([
      -1,
      -2,
      -3,
      0,
      2 ** 53 - 1,
      -(2 ** 53 - 1),
    ])
    expect([2n ** 53n, 2n ** 63n - 1n, -(2n ** 63n)].map(int64ToSafeNumber)).toEqual([undefined, undefined, undefined])
  })

  it('turns safe integers into int64s and refuses the rest', () => {
    expect(int64FromNumber(-1)).toBe(-1n)
    expect(int64FromNumber(2 ** 53 - 1)).toBe(2n ** 53n - 1n)
    expect(() => int64FromNumber(2 ** 53)).toThrow(RangeError)
    expect(() => int64FromNumber(1.5)).toThrow(RangeError)
  })
})
