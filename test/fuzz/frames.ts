/**
 * The fuzz's frames: a pool of valid request frames for every API and version with codecs (random
 * bodies from the protocol property tests' arbitraries, test/property/protocol-arbitraries.ts), and
 * seeded mutations of them: flipped bytes and bits, bodies cut short, size prefixes too short, too
 * long, negative or above the limit, huge array counts, API keys and versions rewritten, bytes
 * inserted and deleted, and frames of random bytes.
 *
 * Everything is drawn from one seeded PRNG (and fast-check's sampler seeded from it), so a run is
 * replayed from its seed.
 */
import fc from 'fast-check'
import { API_CODECS, encodeRequest, type ApiKey } from '../../src/protocol/index.js'
import { messageArbitrary } from '../property/protocol-arbitraries.js'
import { rawRequest } from '../helpers/wire-client.js'

/** A seeded random source. */
export type Rand = () => number

const int = (rand: Rand, min: number, max: number): number => min + Math.floor(rand() * (max - min + 1))
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!

/**
 * Valid request frames (size prefix included, correlation id 0, client id 'fuzz') for every request
 * version with codecs, `perVersion` random bodies each, plus ApiVersions requests of versions
 * without codecs.
 */
export function framePool(seed: number, perVersion: number): Buffer[] {
  const pool: Buffer[] = []
  for (const api of API_CODECS) {
    const [lowest, highest] = api.request.versions
    for (let version = lowest; version <= highest; version++) {
      const bodies = fc.sample(messageArbitrary(api.request, version, { unknownTaggedFields: true, maxArrayLength: 3 }), {
        seed: seed + api.apiKey * 100 + version,
        numRuns: perVersion,
      })
      for (const body of bodies) pool.push(encodeRequest(api.apiKey as ApiKey, version, 0, 'fuzz', body as never))
    }
  }
  for (const version of [-1, 5, 6, 100, 32767])
    pool.push(rawRequest({ apiKey: 18, apiVersion: version, correlationId: 0, clientId: 'fuzz', flexibleHeader: version >= 3 }))
  return pool
}

/** The mutations applied to pool frames. */
export const MUTATIONS = [
  'flip-bytes',
  'flip-bit',
  'cut-body',
  'short-prefix',
  'long-prefix',
  'huge-count',
  'negative-prefix',
  'oversized-prefix',
  'random-frame',
  'rewrite-key-version',
  'insert-bytes',
  'delete-bytes',
] as const
export type Mutation = (typeof MUTATIONS)[number]

const withPrefix = (body: Buffer): Buffer => {
  const out = Buffer.alloc(4 + body.length)
  out.writeInt32BE(body.length, 0)
  body.copy(out, 4)
  return out
}

/** A copy of `frame` (prefix included) mutated by `mutation`. */
export function mutate(frame: Buffer, mutation: Mutation, rand: Rand, maxRequestBytes: number): Buffer {
  const f = Buffer.from(frame)
  const body = f.subarray(4)
  switch (mutation) {
    case 'flip-bytes':
      for (let n = int(rand, 1, 3); n > 0 && body.length > 0; n--) body[int(rand, 0, body.length - 1)] = int(rand, 0, 255)
      return f
    case 'flip-bit':
      if (body.length > 0) body[int(rand, 0, body.length - 1)]! ^= 1 << int(rand, 0, 7)
      return f
    case 'cut-body':
      return withPrefix(body.subarray(0, int(rand, 0, Math.max(0, body.length - 1))))
    case 'short-prefix':
      f.writeInt32BE(int(rand, 0, Math.max(0, body.length - 1)), 0)
      return f
    case 'long-prefix':
      // Swallows what follows (the next frames, or nothing: the listener then waits for the rest).
      f.writeInt32BE(body.length + (rand() < 0.5 ? int(rand, 1, 64) : int(rand, 1, 5_000_000)), 0)
      return f
    case 'huge-count': {
      // A 32-bit array count, or a compact (varint) one, of 2^31 - 1 / 2^32 - 1, somewhere after the header start.
      if (body.length < 5) return f
      const at = int(rand, 0, body.length - 1)
      const huge = rand() < 0.5 ? Buffer.from([0x7f, 0xff, 0xff, 0xff]) : Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f])
      huge.copy(body, at, 0, Math.min(huge.length, body.length - at))
      return f
    }
    case 'negative-prefix':
      f.writeInt32BE(-int(rand, 1, 2 ** 31), 0)
      return f
    case 'oversized-prefix':
      f.writeInt32BE(int(rand, maxRequestBytes + 1, 2 ** 31 - 1), 0)
      return f
    case 'random-frame': {
      const random = Buffer.from(Array.from({ length: int(rand, 0, 300) }, () => int(rand, 0, 255)))
      // Half of them start with a real API key and a plausible version, to get past the key check.
      if (random.length >= 4 && rand() < 0.5) {
        random.writeInt16BE(pick(rand, API_CODECS).apiKey, 0)
        random.writeInt16BE(int(rand, 0, 17), 2)
      }
      return withPrefix(random)
    }
    case 'rewrite-key-version':
      if (body.length >= 4) {
        if (rand() < 0.5) body.writeInt16BE(rand() < 0.7 ? pick(rand, API_CODECS).apiKey : int(rand, -32768, 32767), 0)
        if (rand() < 0.7) body.writeInt16BE(rand() < 0.8 ? int(rand, -1, 20) : int(rand, -32768, 32767), 2)
      }
      return f
    case 'insert-bytes': {
      const at = int(rand, 0, body.length)
      const extra = Buffer.from(Array.from({ length: int(rand, 1, 8) }, () => int(rand, 0, 255)))
      return withPrefix(Buffer.concat([body.subarray(0, at), extra, body.subarray(at)]))
    }
    case 'delete-bytes': {
      if (body.length === 0) return f
      const at = int(rand, 0, body.length - 1)
      return withPrefix(Buffer.concat([body.subarray(0, at), body.subarray(Math.min(body.length, at + int(rand, 1, 8)))]))
    }
  }
}

/** One frame for a fuzz connection: a pool frame with a fresh correlation id, mutated with probability `mutationRate`. */
export function nextFrame(
  pool: readonly Buffer[],
  rand: Rand,
  correlationId: number,
  mutationRate: number,
  maxRequestBytes: number,
): { frame: Buffer; mutation: Mutation | null } {
  const frame = Buffer.from(pick(rand, pool))
  frame.writeInt32BE(correlationId, 8)
  if (rand() >= mutationRate) return { frame, mutation: null }
  const mutation = pick(rand, MUTATIONS)
  return { frame: mutate(frame, mutation, rand, maxRequestBytes), mutation }
}
