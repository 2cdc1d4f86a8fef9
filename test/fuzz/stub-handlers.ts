/**
 * The fuzz's default handler module: stub handlers for every API with codecs (but two, left out so
 * that requests reach the "no handler" path; and Metadata served from v4 only, so that old versions
 * reach the "version not served" path), and a fake log that the stub Produce handler appends to.
 *
 * A handler module (the fuzz harness's parameter: a module path) exports:
 * - `createHandlers(log)`: the handler table to serve; `log.append(context)` is what a handler that
 *   writes calls (here, Produce with acks != 0 or 0 alike, once per request);
 * - `predictOutcome(request)`: what the handlers do with a decoded request (answer, no answer, close),
 *   for the harness's model of the listener (test/fuzz/model.ts).
 *
 * Stub behaviour, chosen so that every listener path is hit: Produce with acks=0 answers nothing
 * (Kafka's rule); DeleteRecords with a negative timeout throws (a handler crash); Heartbeat with a
 * negative generation id returns CLOSE_CONNECTION; some handlers answer after a macrotask, others at
 * once; everything else answers its default response body.
 */
import type { AnyApiHandler, HandlerTable, RequestContext } from '../../src/broker/net/index.js'
import { CLOSE_CONNECTION, handlerTable, NO_RESPONSE } from '../../src/broker/net/index.js'
import { API_CODECS, supportedApis, type ApiKey, type DecodedRequest } from '../../src/protocol/index.js'

/** What the handlers do with a request. */
export type Outcome = 'respond' | 'no-response' | 'close'

/** The fake log: counts appends per connection. */
export interface FakeLog {
  append(context: RequestContext): void
}

/** APIs left without a handler. */
export const UNHANDLED = [29 /* DescribeAcls */, 47 /* OffsetDelete */]

export function createHandlers(log: FakeLog): HandlerTable {
  const handlers: AnyApiHandler[] = []
  for (const api of API_CODECS) {
    if (api.apiKey === 18 || UNHANDLED.includes(api.apiKey)) continue
    const stable = supportedApis().find((a) => a.apiKey === api.apiKey)!
    const versions: [number, number] = api.apiKey === 3 ? [4, stable.maxVersion] : [stable.minVersion, stable.maxVersion]
    const slow = api.apiKey % 3 === 0
    handlers.push({
      apiKey: api.apiKey as ApiKey,
      versions,
      async handle(request: { apiKey: number; body: unknown }, context: RequestContext) {
        if (slow) await new Promise((resolve) => setImmediate(resolve))
        const outcome = predictOutcome(request as DecodedRequest)
        if (request.apiKey === 0) log.append(context)
        if (outcome === 'close') {
          if (request.apiKey === 21) throw new Error('stub handler crash')
          return CLOSE_CONNECTION
        }
        if (outcome === 'no-response') return NO_RESPONSE
        return api.response.create()
      },
    } as AnyApiHandler)
  }
  return handlerTable(handlers)
}

export function predictOutcome(request: DecodedRequest): Outcome {
  switch (request.apiKey) {
    case 0:
      return request.body.acks === 0 ? 'no-response' : 'respond'
    case 21:
      return request.body.timeoutMs < 0 ? 'close' : 'respond'
    case 12:
      return request.body.generationId < 0 ? 'close' : 'respond'
    default:
      return 'respond'
  }
}
