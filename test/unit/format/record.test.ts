import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { MAX_TIMESTAMP, encodedRecordSize, prepareRecords, type RecordInput } from '../../../src/format/record.js'
import { encodeRecordV0 } from '../../oracle/kafkajs.js'

const NOW = 1_700_000_000_000

function hexOrNull(b: Uint8Array | null): string | null {
  return b === null ? null : Buffer.from(b).toString('hex')
}

describe('prepareRecords: accepted input', () => {
  it('accepts a single record or an array, and gives records without a timestamp `now`', () => {
    const [one] = prepareRecords({ value: 'v' }, NOW)
    expect(one!.timestamp).toBe(NOW)
    const many = prepareRecords([{ value: 'a' }, { value: 'b', timestamp: 5 }, { value: 'c' }], 42)
    expect(many.map((r) => r.timestamp)).toEqual([42, 5, 42])
  })

  it('accepts Buffer, Uint8Array, string and null for value and key', () => {
    const u8 = new Uint8Array([1, 2, 3])
    const out = prepareRecords(
      [
        { value: Buffer.from([0xde, 0xad]), key: Buffer.from('k') },
        { value: u8, key: new Uint8Array([9]) },
        { value: 'héllo', key: 'κ' },
        { value: null, key: null },
        { value: '' },
        { value: Buffer.alloc(0), key: '' },
      ],
      NOW,
    )
    expect(out.map((r) => [hexOrNull(r.key), hexOrNull(r.value)])).toEqual([
      ['6b', 'dead'],
      ['09', '010203'],
      [Buffer.from('κ', 'utf8').toString('hex'), Buffer.from('héllo', 'utf8').toString('hex')],
      [null, null],
      [null, ''],
      ['', ''],
    ])
  })

  it('treats an omitted key and an undefined key as null', () => {
    const out = prepareRecords([{ value: 'a' }, { value: 'b', key: undefined }], NOW)
    expect(out.map((r) => r.key)).toEqual([null, null])
  })

  it('keeps headers in order, with repeated keys and null values, interleaved [k0, v0, k1, v1, ...]', () => {
    const [r] = prepareRecords(
      {
        value: 'v',
        headers: [
          { key: 'trace', value: 'a' },
          { key: 'x', value: null },
          { key: 'trace', value: Buffer.from([0]) },
          { key: 'é', value: new Uint8Array([7]) },
          { key: 'trace', value: '' },
        ],
      },
      NOW,
    )
    expect(r!.headers.map(hexOrNull)).toEqual([
      Buffer.from('trace').toString('hex'),
      '61',
      '78',
      null,
      Buffer.from('trace').toString('hex'),
      '00',
      'c3a9',
      '07',
      Buffer.from('trace').toString('hex'),
      '',
    ])
  })

  it('gives an empty header list when headers are omitted or empty', () => {
    const out = prepareRecords([{ value: 'a' }, { value: 'b', headers: [] }], NOW)
    expect(out.map((r) => r.headers.length)).toEqual([0, 0])
  })

  it('accepts timestamps 0 and MAX_TIMESTAMP (2^51 - 1)', () => {
    const out = prepareRecords(
      [
        { value: null, timestamp: 0 },
        { value: null, timestamp: MAX_TIMESTAMP },
      ],
      NOW,
    )
    expect(out.map((r) => r.timestamp)).toEqual([0, MAX_TIMESTAMP])
  })
})

describe('prepareRecords: rejected input', () => {
  const typeErrors: [string, unknown][] = [
    ['number value', { value: 1 }],
    ['boolean value', { value: true }],
    ['object value', { value: { a: 1 } }],
    ['array value', { value: [1, 2] }],
    ['undefined value', { value: undefined }],
    ['missing value', { key: 'k' }],
    ['number key', { value: 'v', key: 7 }],
    ['ArrayBuffer value', { value: new ArrayBuffer(2) }],
    ['headers not an array (object)', { value: 'v', headers: { a: 'b' } }],
    ['headers not an array (string)', { value: 'v', headers: 'a=b' }],
    ['header key not a string (number)', { value: 'v', headers: [{ key: 1, value: 'x' }] }],
    ['header key not a string (Buffer)', { value: 'v', headers: [{ key: Buffer.from('k'), value: 'x' }] }],
    ['header key null', { value: 'v', headers: [{ key: null, value: 'x' }] }],
    ['header null', { value: 'v', headers: [null] }],
    ['header value a number', { value: 'v', headers: [{ key: 'k', value: 1 }] }],
    ['header value undefined', { value: 'v', headers: [{ key: 'k' }] }],
    ['timestamp a string', { value: 'v', timestamp: '5' }],
    ['timestamp a Date', { value: 'v', timestamp: new Date(0) }],
    ['timestamp a bigint', { value: 'v', timestamp: 5n }],
    ['record null', null],
    ['record a string', 'value'],
    ['record a number', 7],
  ]

  it.each(typeErrors)('throws TypeError for %s', (_, record) => {
    expect(() => prepareRecords(record as RecordInput, NOW)).toThrow(TypeError)
    // Also inside an array, after a valid record: the whole call fails.
    expect(() => prepareRecords([{ value: 'ok' }, record as RecordInput], NOW)).toThrow(TypeError)
  })

  it('throws RangeError for an empty array', () => {
    expect(() => prepareRecords([], NOW)).toThrow(RangeError)
  })

  it.each([
    ['negative', -1],
    ['non-integer', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['unsafe (2^53)', 2 ** 53],
    ['beyond MAX_TIMESTAMP', MAX_TIMESTAMP + 1],
    ['the Date limit', 8.64e15],
    ['-0.5', -0.5],
  ])('throws RangeError for a %s timestamp', (_, timestamp) => {
    expect(() => prepareRecords({ value: 'v', timestamp }, NOW)).toThrow(RangeError)
    expect(() => prepareRecords([{ value: 'ok' }, { value: 'v', timestamp }], NOW)).toThrow(RangeError)
  })

  it('throws a plain TypeError/RangeError, without a code', () => {
    for (const bad of [() => prepareRecords({ value: 1 } as unknown as RecordInput, NOW), () => prepareRecords([], NOW)]) {
      let caught: unknown
      try {
        bad()
      } catch (err) {
        caught = err
      }
      expect(caught).toBeInstanceOf(Error)
      expect((caught as { code?: unknown }).code).toBeUndefined()
    }
  })
})

describe('encodedRecordSize', () => {
  it('counts a small record byte by byte', () => {
    // length(1) attributes(1) tsDelta(1) offsetDelta(1) key 1+1 value 1+5 headers count(1) = 13
    const [r] = prepareRecords({ key: 'k', value: 'hello', timestamp: NOW }, 0)
    expect(encodedRecordSize(r!, 0, NOW)).toBe(13)
    // tsDelta 64 takes 2 bytes, offsetDelta 64 takes 2 bytes.
    expect(encodedRecordSize(r!, 64, NOW - 64)).toBe(15)
    // null key and null value take one byte each (-1).
    const [t] = prepareRecords({ value: null, timestamp: NOW }, 0)
    expect(encodedRecordSize(t!, 0, NOW)).toBe(1 + 1 + 1 + 1 + 1 + 1 + 1)
  })

  it("equals the length of kafkajs's record encoding (headers with one value per key)", () => {
    const bytes = fc.option(fc.uint8Array({ maxLength: 300 }), { nil: null })
    const headerKey = fc.string({ unit: 'grapheme', maxLength: 6 }).filter((k) => !(k in Object.prototype))
    fc.assert(
      fc.property(
        bytes,
        bytes,
        fc.dictionary(headerKey, fc.uint8Array({ maxLength: 200 }), { maxKeys: 4 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        (key, value, headers, offsetDelta, tsDelta) => {
          const base = 2 ** 41
          const [r] = prepareRecords(
            {
              key,
              value,
              headers: Object.entries(headers).map(([k, v]) => ({ key: k, value: v })),
              timestamp: base + tsDelta,
            },
            0,
          )
          const theirs = encodeRecordV0({
            offsetDelta,
            timestampDelta: tsDelta,
            key: key === null ? null : Buffer.from(key),
            value: value === null ? null : Buffer.from(value),
            headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)])),
          })
          expect(encodedRecordSize(r!, offsetDelta, base)).toBe((theirs.buffer as Buffer).length)
        },
      ),
    )
  })
})
