/**
 * What to do with one request frame: hand it to a handler, answer it at once, or close the
 * connection. The order of the checks is Kafka's (`SocketServer.Processor.parseRequestHeader`,
 * `RequestContext.parseRequest`), and each failing check closes the connection as Kafka does:
 *
 * 1. the header: a malformed header closes (`RequestHeader.parse` throws); an API key without codecs
 *    closes (`ApiKeys.forId` throws);
 * 2. an ApiVersions request of a version without codecs is answered, unparsed, with the v0
 *    UNSUPPORTED_VERSION body (`RequestContext.isUnsupportedApiVersionsRequest`);
 * 3. an API without a handler, or a version outside the handler's range, closes (Kafka: "Received
 *    request api key X with version N which is not enabled", an `InvalidRequestException` in the
 *    network thread; this is also how Kafka 4 refuses Produce v0-2 while listing them);
 * 4. the body: a malformed body closes (`InvalidRequestException("Error getting request for
 *    apiKey...")`). Only a request that decoded completely reaches a handler.
 *
 * Pure: no I/O. Safe from any thread.
 */
import {
  API_KEYS,
  decodeRequestBody,
  encodeResponse,
  parseRequestHeader,
  ProtocolError,
  type ApiKey,
  type RequestFrame,
} from '../../protocol/index.js'
import type { CloseReason } from './events.js'
import type { AnyApiHandler, ApiRequest, HandlerTable } from './handler.js'
import { unsupportedApiVersionsResponse } from './handlers/api-versions.js'

/** The outcome of {@link routeRequest}. */
export type Route =
  | {
      readonly kind: 'handle'
      /** The handler to call. */
      readonly handler: AnyApiHandler
      /** The decoded request. */
      readonly request: ApiRequest<ApiKey>
    }
  | {
      readonly kind: 'respond'
      /** A whole response frame (size prefix included), sent without calling any handler. */
      readonly response: Buffer
    }
  | {
      readonly kind: 'close'
      /** Why the connection closes. */
      readonly reason: CloseReason
      /** The error behind it. */
      readonly error: unknown
      /** The request's API key and version, when the header was read. */
      readonly apiKey?: number
      readonly apiVersion?: number
    }

/**
 * Routes one request frame (without its size prefix).
 * @param frame - the frame
 * @param table - every handler served (built-ins included)
 */
export function routeRequest(frame: Buffer, table: HandlerTable): Route {
  let header: RequestFrame
  try {
    header = parseRequestHeader(frame)
  } catch (error) {
    // An API key without codecs is the only UNSUPPORTED_VERSION the header parser raises.
    const reason =
      error instanceof ProtocolError && error.code === 'KLOG_PROTOCOL_UNSUPPORTED_VERSION' ? 'unsupported-api' : 'malformed-request'
    return { kind: 'close', reason, error, ...peekKey(frame) }
  }
  const { apiKey, apiVersion } = header
  if (apiKey === API_KEYS.ApiVersions && !header.supported) {
    return { kind: 'respond', response: encodeResponse(API_KEYS.ApiVersions, 0, header.correlationId, unsupportedApiVersionsResponse()) }
  }
  const handler = table.get(apiKey)
  if (handler === undefined) {
    return { kind: 'close', reason: 'unsupported-api', error: new Error(`no handler for ${header.api.name}`), apiKey, apiVersion }
  }
  if (apiVersion < handler.versions[0] || apiVersion > handler.versions[1]) {
    const served = `${handler.versions[0]}-${handler.versions[1]}`
    return {
      kind: 'close',
      reason: 'unsupported-version',
      error: new Error(`${header.api.name} v${apiVersion} is not served (${served})`),
      apiKey,
      apiVersion,
    }
  }
  let body: unknown
  try {
    body = decodeRequestBody(header).body
  } catch (error) {
    return { kind: 'close', reason: 'malformed-request', error, apiKey, apiVersion }
  }
  const request = {
    apiKey: apiKey as ApiKey,
    apiVersion,
    correlationId: header.correlationId,
    clientId: header.clientId,
    header: header.header,
    body,
  } as ApiRequest<ApiKey>
  return { kind: 'handle', handler, request }
}

/** The API key and version of a frame whose header failed, when its first 4 bytes are there. */
function peekKey(frame: Buffer): { apiKey?: number; apiVersion?: number } {
  return frame.length >= 4 ? { apiKey: frame.readInt16BE(0), apiVersion: frame.readInt16BE(2) } : {}
}
