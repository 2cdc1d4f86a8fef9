/**
 * Untrusted bytes against every generated protocol codec at every valid version: whatever the input,
 * decoding either returns a value or throws a ProtocolError `KLOG_PROTOCOL_MALFORMED` (never a
 * RangeError from Buffer, never a hang, never a large allocation):
 * - every truncation of a valid encoding fails with that error (decoding reads the same fields in
 *   the same order, so a strict prefix always runs out);
 * - random byte mutations, insertions and deletions of valid encodings, and random bytes, never
 *   throw anything else; when they decode, re-encoding throws nothing but a ProtocolError either;
 * - huge declared counts and lengths fail before anything is allocated (see also
 *   test/unit/protocol/reader.test.ts).
 *
 * Replay: fast-check prints the seed and path; `PROTOCOL_SEED=<seed> PROTOCOL_RUNS=<n>`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { ProtocolError } from '../../src/protocol/errors.js'
import { MESSAGE_CODECS } from '../../src/protocol/messages/index.js'
import type { MessageCodec } from '../../src/protocol/schema.js'
import { everyVersion, messageArbitrary } from './protocol-arbitraries.js'

const RUNS = Number(process.env.PROTOCOL_RUNS ?? 25)
const SEED = process.env.PROTOCOL_SEED === undefined ? undefined : Number(process.env.PROTOCOL_SEED)
const params = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, ...(SEED === undefined ? {} : { seed: SEED }) })

/** The error `decode` threw, or undefined when it returned. */
function decodeError(codec: MessageCodec<unknown>, bytes: Buffer, version: number): unknown {
  try {
    const value = codec.decode(bytes, version)
    try {
      codec.encode(value, version)
    } catch (err) {
      if (!(err instanceof ProtocolError)) return err
    }
    return undefined
  } catch (err) {
    return err
  }
}

function expectMalformed(err: unknown, what: string): void {
  if (!(err instanceof ProtocolError)) throw new Error(`${what}: expected a ProtocolError, got ${String(err)}`, { cause: err })
  expect(err.code, what).toBe('KLOG_PROTOCOL_MALFORMED')
  expect(typeof err.field, what).toBe('string')
}

type Mutation = { kind: 'set'; at: number; byte: number } | { kind: 'insert'; at: number; byte: number } | { kind: 'delete'; at: number }

const mutationArb: fc.Arbitrary<Mutation[]> = fc.array(
  fc.oneof(
    fc.record({
      kind: fc.constant('set' as const),
      at: fc.nat(),
      byte: fc.oneof(fc.constantFrom(0x00, 0x7f, 0x80, 0xff), fc.integer({ min: 0, max: 255 })),
    }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  ),
  { minLength: 1, maxLength: 4 },
)

function mutate(bytes: Buffer, mutations: Mutation[]): Buffer {
  const b = [...bytes]
  for (const m of mutations) {
    if (b.length === 0) break
    const at = m.at % b.length
    if (m.kind === 'set') b[at] = m.byte
    else if (m.kind === 'insert') b.splice(at, 0, m.byte)
    else b.splice(at, 1)
  }
  return Buffer.from(b)
}

describe('generated protocol codecs: malformed input', () => {
  it.each(MESSAGE_CODECS.map((c) => [c.name, c] as const))('%s: every truncation fails with KLOG_PROTOCOL_MALFORMED', (_name, codec) => {
    for (const [, version] of everyVersion([codec])) {
      fc.assert(
        fc.property(messageArbitrary(codec, version, { unknownTaggedFields: true }), (value) => {
          const bytes = codec.encode(value, version)
          for (let n = 0; n < bytes.length; n++) {
            expectMalformed(
              decodeError(codec, bytes.subarray(0, n), version),
              `${codec.name} v${version} cut to ${n} of ${bytes.length} bytes`,
            )
          }
        }),
        params(Math.max(1, Math.floor(RUNS / 8))),
      )
    }
  })

  it.each(MESSAGE_CODECS.map((c) => [c.name, c] as const))('%s: mutated and random bytes fail only with ProtocolError', (_name, codec) => {
    for (const [, version] of everyVersion([codec])) {
      fc.assert(
        fc.property(messageArbitrary(codec, version, { unknownTaggedFields: true }), mutationArb, (value, mutations) => {
          const err = decodeError(codec, mutate(codec.encode(value, version), mutations), version)
          if (err !== undefined) expect(err, `${codec.name} v${version}`).toBeInstanceOf(ProtocolError)
        }),
        params(RUNS),
      )
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 64 }), (raw) => {
          const err = decodeError(codec, Buffer.from(raw), version)
          if (err !== undefined) expect(err, `${codec.name} v${version}`).toBeInstanceOf(ProtocolError)
        }),
        params(RUNS),
      )
    }
  })
})
