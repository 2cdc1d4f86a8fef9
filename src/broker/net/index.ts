/**
 * The network layer of the broker (`src/broker/net/`): the public surface the broker core builds
 * on. Explicit named exports only.
 *
 * - {@link createListener} / {@link Listener}: the TCP listener (framing, limits, ordering,
 *   backpressure), serving a {@link HandlerTable}.
 * - {@link handlerTable}, {@link ApiHandler}, {@link RequestContext}, {@link NO_RESPONSE},
 *   {@link CLOSE_CONNECTION}: the seam handlers implement.
 * - The ApiVersions rules, reusable by in-process callers ({@link advertisedApiVersions}).
 * - Events: {@link LISTENER_CHANNELS} (diagnostics_channel names) and their message types.
 */
export { createListener, Listener } from './listener.js'
export type { ListenerAddress, ListenerMetrics, ListenerOptions, ListenOptions } from './listener.js'
export { DEFAULT_LISTENER_LIMITS, resolveListenerLimits } from './limits.js'
export type { ListenerLimits, ResolvedListenerLimits } from './limits.js'
export { CLOSE_CONNECTION, handlerTable, NO_RESPONSE } from './handler.js'
export type { AnyApiHandler, ApiHandler, ApiRequest, HandlerResult, HandlerTable, RequestContext } from './handler.js'
export {
  advertisedApiVersions,
  isValidClientSoftware,
  PRODUCE_API_VERSIONS_RESPONSE_MIN_VERSION,
  unsupportedApiVersionsResponse,
} from './handlers/api-versions.js'
export { saslHandshakeHandler } from './handlers/sasl-handshake.js'
export { LISTENER_CHANNELS } from './events.js'
export type { AcceptFailedEvent, CloseReason, ConnectionClosedEvent } from './events.js'
