import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import {
  DELETED_SUFFIX,
  INDEX_SUFFIX,
  LOG_SUFFIX,
  TIME_INDEX_SUFFIX,
  TMP_SUFFIX,
  indexFileName,
  logFileName,
  offsetStem,
  parseLogFileName,
  timeIndexFileName,
} from '../../../src/io/file-names.js'

describe('file names', () => {
  it('uses Kafka suffixes', () => {
    expect([LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX, DELETED_SUFFIX, TMP_SUFFIX]).toEqual([
      '.log',
      '.index',
      '.timeindex',
      '.deleted',
      '.tmp',
    ])
  })

  it('zero-pads base offsets to 20 digits', () => {
    expect(offsetStem(0)).toBe('00000000000000000000')
    expect(offsetStem(42)).toBe('00000000000000000042')
    expect(offsetStem(Number.MAX_SAFE_INTEGER)).toBe('00009007199254740991')
    expect(logFileName(0)).toBe('00000000000000000000.log')
    expect(logFileName(1000)).toBe('00000000000000001000.log')
    expect(indexFileName(42)).toBe('00000000000000000042.index')
    expect(timeIndexFileName(42)).toBe('00000000000000000042.timeindex')
  })

  it('round-trips every non-negative safe offset through logFileName and parseLogFileName', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (offset) => {
        const name = logFileName(offset)
        expect(name).toHaveLength(24)
        expect(parseLogFileName(name)).toBe(offset)
        // Lexicographic order of names equals numeric order of offsets, as Kafka relies on.
        expect(offsetStem(offset) < offsetStem(offset + 1) || offset === Number.MAX_SAFE_INTEGER).toBe(true)
      }),
    )
  })

  it('orders names like offsets', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.maxSafeNat(), (a, b) => {
        expect(logFileName(a) < logFileName(b)).toBe(a < b)
      }),
    )
  })

  it.each([
    '00000000000000000000.index',
    '00000000000000000000.timeindex',
    '00000000000000000000.log.deleted',
    '00000000000000000000.log.tmp',
    '0000000000000000000.log', // 19 digits
    '000000000000000000000.log', // 21 digits
    '0000000000000000000a.log',
    '-0000000000000000001.log',
    ' 00000000000000000000.log',
    '00000000000000000000.LOG',
    '00000000000000000000.log\n',
    'leader-epoch-checkpoint',
    '',
  ])('parseLogFileName(%j) is undefined', (name) => {
    expect(parseLogFileName(name)).toBeUndefined()
  })

  it('rejects 20-digit names beyond the safe-integer range', () => {
    expect(parseLogFileName('00009007199254740991.log')).toBe(Number.MAX_SAFE_INTEGER)
    expect(parseLogFileName('00009007199254740992.log')).toBeUndefined()
    expect(parseLogFileName('99999999999999999999.log')).toBeUndefined()
  })
})
