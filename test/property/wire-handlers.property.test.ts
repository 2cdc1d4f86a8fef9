/**
 * The broker's request handlers never throw and always answer something their version can carry,
 * whatever a decodable request holds: random requests of every served version (the protocol
 * property tests' arbitraries: int64 extremes, odd strings, random record bytes, unknown tagged
 * fields), half of them retargeted at a real topic (its name, its id, partitions 0-3) so the
 * success paths run too, and Produce half the time with a valid batch. Each answer is encoded at the
 * request's version (a body that cannot be encoded would close the client's connection), and the
 * log offsets only grow.
 *
 * Replay: fast-check prints the seed and path of a failure (`WIRE_SEED=<seed>`); more runs:
 * `WIRE_RUNS=<n>` per API version.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Broker } from '../../src/broker/index.js'
import { coreHandlers } from '../../src/broker/net/handlers/index.js'
import type { ApiRequest, RequestContext } from '../../src/broker/net/handler.js'
import { API_CODECS, type ApiKey } from '../../src/protocol/index.js'
import { batchOf } from '../helpers/wire-broker.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { messageArbitrary } from './protocol-arbitraries.js'

const dirs = useTempDirs('kafka-lite-wire-prop-')
const RUNS = Number(process.env.WIRE_RUNS ?? 40)
const SEED = process.env.WIRE_SEED === undefined ? undefined : Number(process.env.WIRE_SEED)

/** Points every topic of a request at `name` / `topicId` and every partition at 0-3. */
function retarget(value: unknown, name: string, topicId: string): void {
  if (Array.isArray(value)) {
    for (const v of value) retarget(v, name, topicId)
    return
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return
  const o = value as Record<string, unknown>
  for (const key of Object.keys(o)) {
    if ((key === 'name' || key === 'topic') && typeof o[key] === 'string') o[key] = name
    else if (key === 'topicId' && typeof o[key] === 'string') o[key] = topicId
    else if ((key === 'partition' || key === 'index' || key === 'partitionIndex') && typeof o[key] === 'number')
      o[key] = Math.abs(o[key]) % 4
    else retarget(o[key], name, topicId)
  }
}

describe('request handlers on random requests', () => {
  it('never throw; every answer encodes at the request version', { timeout: 600_000 }, async () => {
    await using broker = await Broker.open(dirs.make(), { autoCreateTopics: false })
    const t = await broker.createTopic('t', { partitions: 3 })
    for (let p = 0; p < 3; p++) await broker.partition('t', p).produce(await batchOf(5))
    const valid = await batchOf(2)
    const aborted = new AbortController()
    aborted.abort()
    // An aborted connection signal: Fetch long polls answer at once instead of waiting maxWaitMs.
    const context: RequestContext = {
      connectionId: 'prop',
      remoteAddress: '127.0.0.1',
      remotePort: 1,
      localAddress: '127.0.0.1',
      localPort: 9092,
      clientSoftware: undefined,
      signal: aborted.signal,
    }
    const handlers = coreHandlers({ broker, endpoint: () => ({ host: 'localhost', port: 9092 }) })
    for (const handler of handlers) {
      const codecs = API_CODECS.find((c) => c.apiKey === handler.apiKey)!
      for (let version = handler.versions[0]; version <= handler.versions[1]; version++) {
        const arb = fc.tuple(messageArbitrary(codecs.request, version, { unknownTaggedFields: true }), fc.boolean(), fc.boolean())
        await fc.assert(
          fc.asyncProperty(arb, async ([body, aim, withBatch]) => {
            const b = body as Record<string, unknown>
            if (aim) retarget(b, 't', t.topicId)
            if (withBatch && Array.isArray(b.topicData)) {
              for (const td of b.topicData as { partitionData: { records: Buffer | null }[] }[]) {
                for (const pd of td.partitionData) pd.records = Buffer.from(valid)
              }
            }
            const ends = [0, 1, 2].map((p) => broker.log('t', p).logEndOffset)
            const request = {
              apiKey: handler.apiKey,
              apiVersion: version,
              correlationId: 1,
              clientId: 'prop',
              header: {},
              body,
            } as unknown as ApiRequest<ApiKey>
            const result = await (handler.handle as (r: ApiRequest<ApiKey>, c: RequestContext) => Promise<unknown>)(request, context)
            if (typeof result !== 'symbol')
              expect(() => (codecs.response as { encode(v: unknown, n: number): Buffer }).encode(result, version)).not.toThrow()
            ;[0, 1, 2].forEach((p, i) => expect(broker.log('t', p).logEndOffset).toBeGreaterThanOrEqual(ends[i]!))
          }),
          { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
        )
      }
    }
  })
})
