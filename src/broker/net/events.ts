/**
 * The listener's events, through `node:diagnostics_channel` like the log's (src/base/events.ts):
 * the listener never prints and never swallows an error silently; anyone may subscribe.
 *
 * Channel (the name is API; message fields may grow, never shrink):
 * - `kafka-lite:broker-connection-closed` {@link ConnectionClosedEvent}: a connection was closed,
 *   with the reason and, when the broker closed it because of something it received or a handler's
 *   failure, the error. A connection refused by the connection limit is reported too.
 *
 * Publishing costs one property read when nobody subscribes. Safe from any thread.
 */
import diagnostics from 'node:diagnostics_channel'

/** Names of the diagnostics channels the listener publishes on. */
export const LISTENER_CHANNELS = Object.freeze({
  /** A connection was closed ({@link ConnectionClosedEvent}). */
  connectionClosed: 'kafka-lite:broker-connection-closed',
  /** Accepting a connection failed ({@link AcceptFailedEvent}). */
  acceptFailed: 'kafka-lite:broker-accept-failed',
} as const)

/**
 * Why a connection was closed.
 * - `peer-closed`: the client closed it (or reset it).
 * - `socket-error`: the socket failed.
 * - `idle`: nothing was read or written for `connectionsMaxIdleMs` while no request was in flight.
 * - `connection-limit`: accepted beyond `maxConnections`, closed at once.
 * - `invalid-frame-size`: a size prefix was negative or above `maxRequestBytes`.
 * - `malformed-request`: the header or the body could not be decoded.
 * - `unsupported-api`: an API key without codecs or without a handler.
 * - `unsupported-version`: a version outside the handler's range (other than ApiVersions, which is
 *   answered with UNSUPPORTED_VERSION).
 * - `handler-error`: a handler threw or rejected, or returned a body that cannot be encoded.
 * - `handler-closed`: a handler returned `CLOSE_CONNECTION`.
 * - `listener-closed`: `listener.close()`.
 */
export type CloseReason =
  | 'peer-closed'
  | 'socket-error'
  | 'idle'
  | 'connection-limit'
  | 'invalid-frame-size'
  | 'malformed-request'
  | 'unsupported-api'
  | 'unsupported-version'
  | 'handler-error'
  | 'handler-closed'
  | 'listener-closed'

/** Message of the `kafka-lite:broker-connection-closed` channel. */
export interface ConnectionClosedEvent {
  /** The connection id (Kafka's form: `localHost:localPort-remoteHost:remotePort-index`). */
  connectionId: string
  /** The peer's address. */
  remoteAddress: string
  /** The peer's port. */
  remotePort: number
  /** Why it was closed. */
  reason: CloseReason
  /** The error behind the close, when there is one (a `ProtocolError` for a malformed request). */
  error?: unknown
  /** The API key of the request behind the close, when one was read. */
  apiKey?: number
  /** The API version of the request behind the close, when one was read. */
  apiVersion?: number
}

/** Message of the `kafka-lite:broker-accept-failed` channel. */
export interface AcceptFailedEvent {
  /** The address listened on. */
  host: string
  /** The port listened on. */
  port: number
  /** Node's error (`code` `EMFILE`, `ENFILE`, ...). */
  error: unknown
}

const connectionClosed = diagnostics.channel(LISTENER_CHANNELS.connectionClosed)
const acceptFailed = diagnostics.channel(LISTENER_CHANNELS.acceptFailed)

/** Publishes a {@link ConnectionClosedEvent}. */
export function publishConnectionClosed(event: ConnectionClosedEvent): void {
  if (connectionClosed.hasSubscribers) connectionClosed.publish(event)
}

/** Publishes an {@link AcceptFailedEvent}. */
export function publishAcceptFailed(event: AcceptFailedEvent): void {
  if (acceptFailed.hasSubscribers) acceptFailed.publish(event)
}
