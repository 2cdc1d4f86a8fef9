/**
 * Kafka wire-protocol codecs (pure bytes): the public surface of `src/protocol/`.
 *
 * - Framing: {@link readFrameSize}, {@link parseRequestHeader} / {@link decodeRequest},
 *   {@link encodeResponse}; and for clients {@link encodeRequest}, {@link decodeResponse}.
 * - The API registry: {@link apiByKey}, header versions, {@link supportedApis} for ApiVersions.
 * - Errors: {@link ProtocolError} and its codes.
 * - The generated codecs and body types of each message are exported by `./messages/index.js`
 *   (`FetchRequestCodec`, `FetchRequest`, ...); nested struct types and their `create*` factories by
 *   each message's module (`./messages/fetch-request.js`). See docs/protocol.md.
 *
 * Explicit named exports only.
 */
export { ProtocolError } from './errors.js'
export type { ProtocolErrorCode, ProtocolErrorOptions } from './errors.js'
export { ProtocolReader, MAX_STRING_BYTES } from './reader.js'
export type { RawTaggedField } from './reader.js'
export { ProtocolWriter } from './writer.js'
export type { ApiCodecs, FieldSchema, MessageCodec, MessageType, PrimitiveType, StructSchema, VersionRange } from './schema.js'
export {
  allApis,
  apiByKey,
  isFlexibleVersion,
  isVersionSupported,
  requestHeaderVersion,
  responseHeaderVersion,
  supportedApis,
} from './api-registry.js'
export type { SupportedApi } from './api-registry.js'
export {
  DEFAULT_MAX_FRAME_BYTES,
  decodeRequest,
  decodeRequestBody,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  parseRequestHeader,
  readFrameSize,
} from './framing.js'
export type { ApiKey, DecodedRequest, RequestFrame } from './framing.js'
export { int64FromNumber, int64ToSafeNumber } from './int64.js'
export {
  decodeConsumerAssignment,
  decodeConsumerSubscription,
  encodeConsumerAssignment,
  encodeConsumerSubscription,
} from './consumer-protocol.js'
export { API_CODECS, API_KEYS, MESSAGE_CODECS } from './messages/index.js'
export type { RequestBodies, ResponseBodies } from './messages/index.js'
