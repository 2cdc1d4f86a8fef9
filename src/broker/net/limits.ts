/**
 * The listener's limits: what one connection and the whole listener may hold, with Kafka's names
 * and defaults where Kafka has the setting.
 *
 * Memory per connection is bounded by: one request frame being received (at most `maxRequestBytes`,
 * held as the chunks that arrived; never allocated from its declared size), plus whole requests read
 * ahead of processing (reading stops once they pass `maxQueuedRequestBytes`; at most one frame over
 * it), plus the request being handled, plus unflushed response bytes (processing and reading stop
 * once they pass `maxPendingResponseBytes`; at most one response over it). The listener holds at most
 * `maxConnections` connections.
 *
 * Pure: validation only.
 */
import { checkKeys } from '../../base/check-keys.js'

/** The listener's limits; every field is optional. */
export interface ListenerLimits {
  /**
   * The largest request frame accepted, in bytes, without the 4-byte size prefix (Kafka's
   * `socket.request.max.bytes`). A size prefix above it (or negative) closes the connection as soon
   * as its 4 bytes arrive, before any byte of the frame is buffered.
   * @default 104857600 (100 MiB, Kafka's default)
   */
  maxRequestBytes?: number
  /**
   * The most connections open at once across the listener's addresses (Kafka's `max.connections`).
   * A connection accepted beyond it is closed at once (Kafka makes the acceptor wait for a free slot
   * instead; Node cannot stop accepting without closing the server).
   * @default 1000 (Kafka's default is unlimited)
   */
  maxConnections?: number
  /**
   * A connection with no bytes read or written for this long, and no request being handled, is
   * closed (Kafka's `connections.max.idle.ms`). `Infinity` disables it.
   * @default 600000 (10 minutes, Kafka's default)
   */
  connectionsMaxIdleMs?: number
  /**
   * Response bytes a connection may have written but not yet flushed to the socket. Above it, the
   * connection stops handling requests and stops reading from the socket until the client reads its
   * responses (backpressure: a client that does not read cannot grow the broker's memory).
   * @default 1048576 (1 MiB)
   */
  maxPendingResponseBytes?: number
  /**
   * Bytes of whole requests a connection may read ahead of the one being handled. Above it, the
   * connection stops reading from the socket until it catches up (Kafka reads nothing while a request
   * is in flight; reading a little ahead saves a round trip per pipelined request).
   * @default 1048576 (1 MiB)
   */
  maxQueuedRequestBytes?: number
}

/** {@link ListenerLimits} with every default applied. */
export type ResolvedListenerLimits = Required<ListenerLimits>

/** The defaults of {@link ListenerLimits}. */
export const DEFAULT_LISTENER_LIMITS: ResolvedListenerLimits = Object.freeze({
  maxRequestBytes: 100 * 1024 * 1024,
  maxConnections: 1000,
  connectionsMaxIdleMs: 10 * 60 * 1000,
  maxPendingResponseBytes: 1024 * 1024,
  maxQueuedRequestBytes: 1024 * 1024,
})

const KEYS = Object.keys(DEFAULT_LISTENER_LIMITS)
// Node's timers take at most 2^31 - 1 ms; a Kafka frame size is an int32.
const MAX_INT32 = 2 ** 31 - 1

function positiveInteger(value: unknown, name: string, max: number, infinite: boolean): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number`)
  if (infinite && value === Infinity) return value
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`${name} must be an integer from 1 to ${max}${infinite ? ' or Infinity' : ''}`)
  }
  return value
}

/**
 * Applies the defaults and checks every limit.
 * @throws TypeError for an unknown key or a non-number, RangeError for a value out of range
 */
export function resolveListenerLimits(limits: ListenerLimits | undefined): ResolvedListenerLimits {
  if (limits === undefined) return DEFAULT_LISTENER_LIMITS
  if (typeof limits !== 'object' || limits === null) throw new TypeError('limits must be an object')
  checkKeys(limits, KEYS, 'limits')
  const pick = (name: keyof ListenerLimits, max: number, infinite: boolean): number =>
    limits[name] === undefined ? DEFAULT_LISTENER_LIMITS[name] : positiveInteger(limits[name], name, max, infinite)
  return Object.freeze({
    maxRequestBytes: pick('maxRequestBytes', MAX_INT32, false),
    maxConnections: pick('maxConnections', Number.MAX_SAFE_INTEGER, true),
    connectionsMaxIdleMs: pick('connectionsMaxIdleMs', MAX_INT32, true),
    maxPendingResponseBytes: pick('maxPendingResponseBytes', Number.MAX_SAFE_INTEGER, false),
    maxQueuedRequestBytes: pick('maxQueuedRequestBytes', Number.MAX_SAFE_INTEGER, false),
  })
}
