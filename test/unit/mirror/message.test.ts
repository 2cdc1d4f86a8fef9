/**
 * The mirror's record → kafkajs message mapping, judged by what kafkajs's own encoder writes: for any
 * headers, either the record is refused with `KLOG_MIRROR_UNREPRESENTABLE`, or the bytes kafkajs
 * would send decode (with our decoder) to exactly the record's headers plus the source offset
 * header. Header keys include the names an ordinary object inherits (`__proto__`, `constructor`,
 * `toString`, …) and integer-like keys, which an object enumerates first. fast-check prints the seed
 * and the shrunk counterexample on failure; replay with `fc.assert(..., { seed, path })`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { LogRecord } from '../../../src/format/record.js'
import { decodeBatch } from '../../../src/format/record-batch.js'
import { toMessage } from '../../../src/mirror/message.js'
import { SOURCE_OFFSET_HEADER, TRUNCATION_EPOCH_HEADER } from '../../../src/mirror/partition-tail.js'
import { kafkajsEncodeBatch } from '../../oracle/kafkajs.js'

const INHERITED = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__']
const KEYS = [...INHERITED, 'a', 'b', '7', '10', '4294967295', '01', '', SOURCE_OFFSET_HEADER, TRUNCATION_EPOCH_HEADER]

/** Whether `key` is an array index, which an object enumerates before every other key, ascending. */
function isArrayIndex(key: string): boolean {
  return /^(0|[1-9]\d*)$/.test(key) && Number(key) < 2 ** 32 - 1
}

/** Whether kafkajs can send `headers` unchanged (the rule the mirror documents), from first principles. */
function representable(headers: LogRecord['headers']): boolean {
  if (headers.some((h) => h.value === null || h.key === SOURCE_OFFSET_HEADER || h.key === TRUNCATION_EPOCH_HEADER)) return false
  // A repeated key is sent as adjacent values of one object entry.
  const distinct = headers.map((h) => h.key).filter((k, i, all) => i === 0 || all[i - 1] !== k)
  if (new Set(distinct).size !== distinct.length) return false
  const enumerated = [...distinct.filter(isArrayIndex).sort((x, y) => Number(x) - Number(y)), ...distinct.filter((k) => !isArrayIndex(k))]
  return enumerated.every((k, i) => k === distinct[i])
}

const header = fc.record({
  key: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }),
  value: fc.option(
    fc.uint8Array({ maxLength: 8 }).map((u) => Buffer.from(u)),
    { nil: null, freq: 8 },
  ),
})

const record = fc.record({
  offset: fc.integer({ min: 0, max: 2 ** 40 }),
  timestamp: fc.integer({ min: 0, max: 2 ** 41 }),
  key: fc.option(
    fc.uint8Array({ maxLength: 8 }).map((u) => Buffer.from(u)),
    { nil: null },
  ),
  value: fc.option(
    fc.uint8Array({ maxLength: 8 }).map((u) => Buffer.from(u)),
    { nil: null },
  ),
  headers: fc.array(header, { maxLength: 6 }),
})

/** The headers of the record kafkajs encodes from `message`, decoded by our decoder. */
async function sentHeaders(r: LogRecord, truncationEpoch = 0): Promise<Array<[string, string]>> {
  const m = toMessage(r, 0, truncationEpoch)
  const bytes = await kafkajsEncodeBatch({
    baseOffset: 0,
    records: [{ timestamp: r.timestamp, key: r.key, value: r.value, headers: m.headers as Record<string, Buffer | Buffer[]> }],
  })
  const out: LogRecord[] = []
  decodeBatch(bytes, 0, 0, out, Infinity)
  expect(out).toHaveLength(1)
  return out[0]!.headers.map((h) => [h.key, h.value!.toString('hex')])
}

describe('mirror: toMessage', () => {
  it('any headers: refused, or sent exactly (plus the source offset header)', async () => {
    await fc.assert(
      fc.asyncProperty(record, fc.integer({ min: 0, max: 3 }), async (r, epoch) => {
        if (!representable(r.headers)) {
          expect(() => toMessage(r, 0, epoch)).toThrow(expect.objectContaining({ code: 'KLOG_MIRROR_UNREPRESENTABLE' }))
          return
        }
        const ascii = (s: string): string => Buffer.from(s).toString('hex')
        expect(await sentHeaders(r, epoch)).toEqual([
          ...r.headers.map((h) => [h.key, h.value!.toString('hex')]),
          [SOURCE_OFFSET_HEADER, ascii(String(r.offset))],
          ...(epoch === 0 ? [] : [[TRUNCATION_EPOCH_HEADER, ascii(String(epoch))]]),
        ])
      }),
      { numRuns: 2000 },
    )
  })

  it('names an ordinary object inherits are ordinary header keys', async () => {
    for (const key of INHERITED) {
      const r: LogRecord = { offset: 5, timestamp: 1, key: null, value: null, headers: [{ key, value: Buffer.from('v') }] }
      expect([key, await sentHeaders(r)]).toEqual([
        key,
        [
          [key, Buffer.from('v').toString('hex')],
          [SOURCE_OFFSET_HEADER, Buffer.from('5').toString('hex')],
        ],
      ])
    }
  })
})
