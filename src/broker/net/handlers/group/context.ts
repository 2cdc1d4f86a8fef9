/**
 * The glue between a wire request and the group coordinator's call shape: the coordinator's
 * `RequestContext` (API version, client id, the client's host as Kafka shows it, and the
 * connection's abort signal) built from the listener's request and connection, and the one place a
 * pending JoinGroup or SyncGroup cut short by its connection closing is turned into "no answer".
 *
 * Pure glue; one event loop (the broker's).
 */
import { LogError } from '../../../../index.js'
import type { RequestContext as CoordinatorContext } from '../../../group/coordinator.js'
import { CLOSE_CONNECTION, type ApiRequest, type RequestContext } from '../../handler.js'
import type { ApiKey } from '../../../../protocol/index.js'

/**
 * The coordinator's context for a wire request: Kafka's DescribeGroups shows a member's host as
 * `/<address>` (Java's `InetAddress.toString()` of an unresolved address).
 */
export function coordinatorContext<K extends ApiKey>(request: ApiRequest<K>, connection: RequestContext): CoordinatorContext {
  return {
    apiVersion: request.apiVersion,
    clientId: request.clientId,
    clientHost: `/${connection.remoteAddress}`,
    signal: connection.signal,
  }
}

/**
 * Waits for a coordinator answer. Two ends leave nobody to answer, and the listener is told to drop
 * the connection instead of reporting a handler failure: the connection closed while a JoinGroup or
 * SyncGroup was pending (the coordinator rejects with an `AbortError`; the member stays in the group,
 * as Kafka keeps it until its session or rebalance timeout), or the coordinator closed (`KLOG_CLOSED`:
 * the broker is shutting down, as a Kafka broker closes its connections then; requests parked when
 * it closed were answered NOT_COORDINATOR).
 */
export async function answerUnlessClosed<T>(pending: () => Promise<T>): Promise<T | typeof CLOSE_CONNECTION> {
  try {
    return await pending()
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') return CLOSE_CONNECTION
    if (error instanceof LogError && error.code === 'KLOG_CLOSED') return CLOSE_CONNECTION
    throw error
  }
}
