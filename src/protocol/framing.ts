/**
 * Request and response framing: Kafka's wire frame is a 4-byte big-endian size, then a header, then
 * the body. The broker's socket layer reads the size ({@link readFrameSize}, which bounds it before
 * anything is allocated) and hands the frame *without* the size prefix to {@link parseRequestHeader}
 * or {@link decodeRequest}; {@link encodeResponse} returns the whole frame, prefix included, in one
 * exactly-sized buffer. The client-side pair ({@link encodeRequest}, {@link decodeResponse}) is here
 * for the in-process consumer and for tests.
 *
 * Kafka's rules followed here:
 * - the request header version comes from the API key and version (see api-registry.ts), read first
 *   and then the whole header; an unknown API key is an error (Kafka closes the connection);
 * - a null client id reads as the empty string, as Kafka's `RequestHeader.parse` does;
 * - bytes after a request body are ignored, as Kafka's `RequestContext.parseRequest` ignores them;
 * - an ApiVersions request of a version this module does not support still has a parseable header:
 *   Kafka answers it with an ApiVersions v0 response (error UNSUPPORTED_VERSION, 35) listing its
 *   versions, and so should the broker: {@link parseRequestHeader} gives it what it needs.
 *
 * Pure: no I/O. Safe from any thread.
 */
import { apiByKey, requestHeaderVersion, responseHeaderVersion } from './api-registry.js'
import { malformed, unsupportedVersion } from './errors.js'
import type { RequestBodies, ResponseBodies } from './messages/index.js'
import { RequestHeaderCodec, type RequestHeader } from './messages/request-header.js'
import { ResponseHeaderCodec } from './messages/response-header.js'
import { ProtocolReader } from './reader.js'
import type { ApiCodecs, MessageCodec } from './schema.js'
import { ProtocolWriter } from './writer.js'

/** An API key with generated codecs. */
export type ApiKey = keyof RequestBodies & keyof ResponseBodies

/** Kafka's default `socket.request.max.bytes` (100 MiB). */
export const DEFAULT_MAX_FRAME_BYTES = 100 * 1024 * 1024

/**
 * Reads and checks a frame's 4-byte size prefix at `offset`: a negative size or one above
 * `maxFrameBytes` is `KLOG_PROTOCOL_MALFORMED` (Kafka's `InvalidReceiveException`).
 * @param buf - bytes holding at least the 4-byte prefix from `offset`
 * @param offset - where the prefix starts
 * @param maxFrameBytes - the largest frame accepted
 * @default maxFrameBytes {@link DEFAULT_MAX_FRAME_BYTES}
 * @returns the frame's size, without the prefix
 * @throws {@link ProtocolError} `KLOG_PROTOCOL_MALFORMED`
 */
export function readFrameSize(buf: Buffer, offset = 0, maxFrameBytes = DEFAULT_MAX_FRAME_BYTES): number {
  const size = new ProtocolReader(buf, offset).int32('frame size')
  if (size < 0 || size > maxFrameBytes) throw malformed('frame size', offset, `frame of ${size} bytes (the limit is ${maxFrameBytes})`)
  return size
}

/** A request frame whose header has been read and whose body has not. */
export interface RequestFrame {
  /** The API key. */
  readonly apiKey: number
  /** The API version (not necessarily supported: check {@link RequestFrame.supported}). */
  readonly apiVersion: number
  /** The correlation id, to be echoed in the response header. */
  readonly correlationId: number
  /** The client id (null on the wire reads as ''). */
  readonly clientId: string
  /** The request header version that was read (1 or 2). */
  readonly headerVersion: number
  /** The header as decoded (including unknown tagged fields, in v2). */
  readonly header: RequestHeader
  /** The API's codecs. */
  readonly api: ApiCodecs
  /** Whether `apiVersion` has a request codec. */
  readonly supported: boolean
  /** The body: a view of the frame after the header. */
  readonly body: Buffer
}

/**
 * Reads a request frame's header (the frame without its size prefix).
 * @param frame - the request frame
 * @returns the header's fields and the body bytes
 * @throws {@link ProtocolError} `KLOG_PROTOCOL_MALFORMED` for a bad header,
 *   `KLOG_PROTOCOL_UNSUPPORTED_VERSION` for an API key without codecs
 */
export function parseRequestHeader(frame: Buffer): RequestFrame {
  const peek = new ProtocolReader(frame)
  const apiKey = peek.int16('RequestHeader.requestApiKey')
  const apiVersion = peek.int16('RequestHeader.requestApiVersion')
  const api = apiByKey(apiKey)
  if (api === undefined) throw unsupportedVersion(`no API with key ${apiKey}`, 'RequestHeader.requestApiKey')
  const headerVersion = requestHeaderVersion(apiKey, apiVersion)
  const reader = new ProtocolReader(frame)
  const header = RequestHeaderCodec.read(reader, headerVersion)
  const [lowest, highest] = api.request.versions
  return {
    apiKey,
    apiVersion,
    correlationId: header.correlationId,
    clientId: header.clientId ?? '',
    headerVersion,
    header,
    api,
    supported: apiVersion >= lowest && apiVersion <= highest,
    body: frame.subarray(reader.position),
  }
}

/** A decoded request: the header's fields and the body, typed by API key. */
export type DecodedRequest = {
  [K in ApiKey]: Omit<RequestFrame, 'apiKey' | 'body'> & {
    /** The API key, which narrows {@link DecodedRequest.body}. */
    readonly apiKey: K
    /** The decoded body. */
    readonly body: RequestBodies[K]
  }
}[ApiKey]

/**
 * Decodes the body of a request whose header {@link parseRequestHeader} read.
 * @throws {@link ProtocolError} `KLOG_PROTOCOL_UNSUPPORTED_VERSION` for a version without a codec,
 *   `KLOG_PROTOCOL_MALFORMED` for a bad body
 */
export function decodeRequestBody(frame: RequestFrame): DecodedRequest {
  const body = frame.api.request.decode(frame.body, frame.apiVersion)
  return { ...frame, body } as DecodedRequest
}

/**
 * Decodes a request frame (without its size prefix): header, then body. Switch on `apiKey` to get
 * the body's type.
 * @throws {@link ProtocolError} `KLOG_PROTOCOL_MALFORMED` or `KLOG_PROTOCOL_UNSUPPORTED_VERSION`
 */
export function decodeRequest(frame: Buffer): DecodedRequest {
  return decodeRequestBody(parseRequestHeader(frame))
}

function codecs(apiKey: number): ApiCodecs {
  const api = apiByKey(apiKey)
  if (api === undefined) throw unsupportedVersion(`no API with key ${apiKey}`)
  return api
}

/** Writes size prefix + header + body into one buffer of exactly that size. */
function frame<H, B>(
  headerCodec: MessageCodec<H>,
  header: H,
  headerVersion: number,
  bodyCodec: MessageCodec<B>,
  body: B,
  version: number,
): Buffer {
  const headerSize = headerCodec.size(header, headerVersion)
  const bodySize = bodyCodec.size(body, version)
  const size = headerSize + bodySize
  const out = Buffer.allocUnsafe(4 + size)
  out.writeInt32BE(size, 0)
  const writer = new ProtocolWriter(size, out, 4)
  headerCodec.write(writer, header, headerVersion)
  bodyCodec.write(writer, body, version)
  writer.finish()
  return out
}

/**
 * Encodes a response frame: the 4-byte size, the response header (v0 or v1, see api-registry.ts)
 * and the body at `apiVersion`, in one exactly-sized buffer.
 * @param apiKey - the request's API key
 * @param apiVersion - the request's API version
 * @param correlationId - the request's correlation id
 * @param body - the response body
 * @throws {@link ProtocolError} `KLOG_PROTOCOL_UNSUPPORTED_VERSION` or `KLOG_PROTOCOL_INVALID_VALUE`
 */
export function encodeResponse<K extends ApiKey>(apiKey: K, apiVersion: number, correlationId: number, body: ResponseBodies[K]): Buffer {
  const api = codecs(apiKey)
  return frame(ResponseHeaderCodec, { correlationId }, responseHeaderVersion(apiKey, apiVersion), api.response, body, apiVersion)
}

/**
 * Encodes a request frame: the 4-byte size, the request header (v1 or v2) and the body.
 * @param apiKey - the API key
 * @param apiVersion - the API version
 * @param correlationId - the correlation id
 * @param clientId - the client id (null is sent as null, which Kafka reads as '')
 * @param body - the request body
 * @throws {@link ProtocolError} `KLOG_PROTOCOL_UNSUPPORTED_VERSION` or `KLOG_PROTOCOL_INVALID_VALUE`
 */
export function encodeRequest<K extends ApiKey>(
  apiKey: K,
  apiVersion: number,
  correlationId: number,
  clientId: string | null,
  body: RequestBodies[K],
): Buffer {
  const api = codecs(apiKey)
  const header: RequestHeader = { requestApiKey: apiKey, requestApiVersion: apiVersion, correlationId, clientId }
  return frame(RequestHeaderCodec, header, requestHeaderVersion(apiKey, apiVersion), api.request, body, apiVersion)
}

/**
 * Decodes a response frame (without its size prefix) of the request that was sent as `apiKey` at
 * `apiVersion` (a response does not name its API: the caller matches the correlation id).
 * @returns the correlation id and the body
 * @throws {@link ProtocolError} `KLOG_PROTOCOL_MALFORMED` or `KLOG_PROTOCOL_UNSUPPORTED_VERSION`
 */
export function decodeResponse<K extends ApiKey>(
  apiKey: K,
  apiVersion: number,
  frame: Buffer,
): { correlationId: number; body: ResponseBodies[K] } {
  const api = codecs(apiKey)
  const reader = new ProtocolReader(frame)
  const header = ResponseHeaderCodec.read(reader, responseHeaderVersion(apiKey, apiVersion))
  const body = api.response.read(reader, apiVersion) as ResponseBodies[K]
  return { correlationId: header.correlationId, body }
}
