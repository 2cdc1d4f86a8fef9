/**
 * Round trips of every generated protocol codec at every valid version: random values valid for
 * the version (test/property/protocol-arbitraries.ts, unknown tagged fields included in flexible
 * versions) satisfy `decode(encode(x)) = x`, `encode(decode(bytes)) = bytes` and
 * `size(x) = encode(x).length`; a value decoded from bytes with trailing garbage is the same value.
 *
 * Replay: fast-check prints the seed and path; `PROTOCOL_SEED=<seed> PROTOCOL_RUNS=<n>`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { MESSAGE_CODECS } from '../../src/protocol/messages/index.js'
import { everyVersion, messageArbitrary } from './protocol-arbitraries.js'

const RUNS = Number(process.env.PROTOCOL_RUNS ?? 50)
const SEED = process.env.PROTOCOL_SEED === undefined ? undefined : Number(process.env.PROTOCOL_SEED)
const params = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) }

describe('generated protocol codecs: round trips', () => {
  it.each(MESSAGE_CODECS.map((c) => [c.name, c] as const))('%s at every version', (_name, codec) => {
    for (const [, version] of everyVersion([codec])) {
      fc.assert(
        fc.property(messageArbitrary(codec, version, { unknownTaggedFields: true }), fc.uint8Array({ maxLength: 4 }), (value, trailing) => {
          const bytes = codec.encode(value, version)
          expect(codec.size(value, version)).toBe(bytes.length)
          const decoded = codec.decode(bytes, version)
          expect(decoded).toEqual(value)
          expect(codec.encode(decoded, version).equals(bytes)).toBe(true)
          // Kafka ignores bytes after a body; so do we.
          expect(codec.decode(Buffer.concat([bytes, trailing]), version)).toEqual(value)
        }),
        params,
      )
    }
  })

  it('covers every message and every version of the vendored definitions', () => {
    const pairs = everyVersion(MESSAGE_CODECS)
    // 30 APIs x (request, response), both headers, the two consumer-protocol messages and three
    // type-coverage messages (float64, uint16); the
    // version count is that of kafka-clients 4.0.2's definitions (update it when re-vendoring).
    expect(MESSAGE_CODECS.length).toBe(67)
    expect(pairs.length).toBe(361)
  })
})
