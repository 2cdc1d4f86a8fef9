/**
 * The seam between the listener and whatever answers requests: the handler table.
 *
 * A handler serves one API over a declared range of versions. The listener decodes a request only
 * when a handler exists for its API key and its version lies in that range, calls the handler with
 * the decoded request and the connection's {@link RequestContext}, and encodes what it returns at
 * the request's version. The same ranges make up the ApiVersions answer (handlers/api-versions.ts),
 * so an API is advertised exactly when it is served, at exactly the versions it serves.
 *
 * What a handler returns:
 * - a response body (encoded at the request's version, in a response header of Kafka's version);
 * - {@link NO_RESPONSE}: nothing is sent (Produce with acks=0, as Kafka);
 * - {@link CLOSE_CONNECTION}: the connection is closed without an answer (Kafka closes an acks=0
 *   producer's connection when the produce failed, its only way to signal the failure).
 * A handler that throws or rejects, or returns a body that cannot be encoded at the version, has a
 * bug: the listener closes that connection and publishes the error (events.ts). A handler maps its
 * own runtime failures to Kafka error codes in its response, as Kafka's `KafkaApis` does.
 *
 * Concurrency contract the listener gives handlers: on one connection, requests are handled one at a
 * time, in the order they arrived (Kafka's rule: a channel is muted while a request is in flight);
 * requests of different connections run concurrently. `context.signal` aborts when the connection
 * closes (the peer left, a limit, `listener.close()`): a handler that waits (a Fetch long poll)
 * must stop waiting then, because `close()` waits for in-flight handlers.
 */
import { apiByKey, supportedApis, type ApiKey, type RequestBodies, type ResponseBodies, type VersionRange } from '../../protocol/index.js'
import type { RequestHeader } from '../../protocol/messages/request-header.js'

/** Returned by a handler: send no response (Produce with acks=0). */
export const NO_RESPONSE: unique symbol = Symbol('NO_RESPONSE')
/** Returned by a handler: close the connection without a response. */
export const CLOSE_CONNECTION: unique symbol = Symbol('CLOSE_CONNECTION')

/** What a handler of API `K` returns. */
export type HandlerResult<K extends ApiKey> = ResponseBodies[K] | typeof NO_RESPONSE | typeof CLOSE_CONNECTION

/** A decoded request of API `K`, as a handler receives it. */
export interface ApiRequest<K extends ApiKey> {
  /** The API key. */
  readonly apiKey: K
  /** The API version, within the handler's `versions`. */
  readonly apiVersion: number
  /** The correlation id (the listener echoes it in the response header). */
  readonly correlationId: number
  /** The client id (null on the wire reads as '', as in Kafka). */
  readonly clientId: string
  /** The request header as decoded. */
  readonly header: RequestHeader
  /** The decoded body. `records` fields are views into the request frame. */
  readonly body: RequestBodies[K]
}

/** The connection a request came on: one object per connection, the same for all its requests. */
export interface RequestContext {
  /** Kafka's connection id form: `localHost:localPort-remoteHost:remotePort-index`. */
  readonly connectionId: string
  /** The peer's address. */
  readonly remoteAddress: string
  /** The peer's port. */
  readonly remotePort: number
  /** The local address the connection was accepted on. */
  readonly localAddress: string
  /** The local port the connection was accepted on. */
  readonly localPort: number
  /**
   * The client's software name and version from its latest valid ApiVersions request (v3+,
   * KIP-511); undefined before one.
   */
  readonly clientSoftware: { readonly name: string; readonly version: string } | undefined
  /** Aborted when the connection closes; a handler that waits must stop then. */
  readonly signal: AbortSignal
}

/** Serves API `K` at the versions in `versions`. */
export interface ApiHandler<K extends ApiKey = ApiKey> {
  /** The API key. */
  readonly apiKey: K
  /**
   * The versions served, inclusive. Advertised in ApiVersions as they are (Produce from 0, see
   * handlers/api-versions.ts); a request of any other version closes the connection, as Kafka does.
   * Must lie within the versions the protocol module has codecs for.
   */
  readonly versions: VersionRange
  /**
   * Answers one request.
   * @param request - the decoded request
   * @param context - the connection it came on
   */
  handle(request: ApiRequest<K>, context: RequestContext): Promise<HandlerResult<K>> | HandlerResult<K>
}

/** A handler of any API (the union over API keys, so that each handler keeps its body types). */
export type AnyApiHandler = { [K in ApiKey]: ApiHandler<K> }[ApiKey]

/** Handlers by API key. Build one with {@link handlerTable}, which checks it. */
export type HandlerTable = ReadonlyMap<number, AnyApiHandler>

/**
 * Checks one handler table entry: the key has codecs and matches the handler, the version range is
 * a range of integers within the codecs' stable versions.
 * @throws TypeError or RangeError
 */
export function checkHandler(apiKey: number, handler: AnyApiHandler): void {
  if (typeof handler !== 'object' || handler === null || typeof handler.handle !== 'function') {
    throw new TypeError(`the handler of API key ${apiKey} must be an object with a handle() method`)
  }
  const api = apiByKey(apiKey)
  if (api === undefined) throw new RangeError(`no protocol codecs for API key ${apiKey}`)
  if (handler.apiKey !== apiKey) throw new RangeError(`the handler under API key ${apiKey} declares apiKey ${String(handler.apiKey)}`)
  const versions: unknown = handler.versions
  if (!Array.isArray(versions) || versions.length !== 2 || !versions.every((v) => Number.isInteger(v))) {
    throw new TypeError(`the handler of ${api.name} must declare versions as [lowest, highest] integers`)
  }
  const [lowest, highest] = versions as [number, number]
  // The codecs' versions, without a latest version Kafka marks unstable (Kafka does not serve it
  // unless `unstable.api.versions.enable`).
  const stable = supportedApis().find((a) => a.apiKey === apiKey)!
  if (lowest > highest || lowest < stable.minVersion || highest > stable.maxVersion) {
    throw new RangeError(
      `${api.name} versions ${lowest}-${highest} are not within the stable codec versions ${stable.minVersion}-${stable.maxVersion}`,
    )
  }
}

/**
 * Builds a handler table from handlers, checking each.
 * @param handlers - one handler per API
 * @throws TypeError or RangeError for a malformed handler, RangeError for two handlers of one API
 */
export function handlerTable(handlers: Iterable<AnyApiHandler>): HandlerTable {
  const table = new Map<number, AnyApiHandler>()
  for (const handler of handlers) {
    const apiKey = (handler as { apiKey?: unknown } | null)?.apiKey
    if (typeof apiKey !== 'number') throw new TypeError('a handler must declare its apiKey')
    checkHandler(apiKey, handler)
    if (table.has(apiKey)) throw new RangeError(`two handlers for API key ${apiKey}`)
    table.set(apiKey, handler)
  }
  return table
}
