/**
 * The broker's end of a {@link GroupsHandle}'s channel: answers the calls of a worker thread's group
 * consumers (protocol: `groups-port.ts`) with the broker's own group coordinator, as it answers the
 * in-process consumers of its thread and wire clients. Membership stays the coordinator's business:
 * a worker's members are ordinary members, kept alive by the heartbeats the worker sends.
 *
 * A worker that dies (`worker.terminate()`, an uncaught error) closes its end of the channel: every
 * call it left pending is aborted (a parked JoinGroup or SyncGroup is dropped, as a dead TCP
 * connection's is), and nothing else happens: its members stay in their groups until their sessions
 * expire, as a killed client's do, and their partitions then go to other members from the last
 * committed offsets.
 *
 * Concurrency: the broker's thread. The port is `unref`ed: a shared handle never keeps the broker's
 * process alive.
 */
import type { MessagePort } from 'node:worker_threads'
import type { LogHandle } from '../../index.js'
import type { GroupCoordinator } from '../group/coordinator.js'
import { errorToWire, GROUP_PORT_OPS, revive, type GroupPortAnswer, type GroupPortCall } from './groups-port.js'

/** What the server needs from the broker. */
export interface GroupsServerHost {
  readonly coordinator: GroupCoordinator
  /** The `share()` handle of a partition's log. @throws LogError `KLOG_UNKNOWN_TOPIC_OR_PARTITION`, `KLOG_CLOSED` */
  logHandle(topic: string, partition: number): LogHandle
  /** The partition counts of `topics` (missing topics left out). */
  partitionCounts(topics: readonly string[]): ReadonlyMap<string, number>
  /** Called once when the channel closed (either end). */
  closed(): void
}

/** A served channel. */
export interface GroupsServer {
  /** Closes the channel: the worker's pending and later calls fail with `KLOG_CLOSED`. Idempotent. */
  close(): void
}

const COORDINATOR_OPS = new Set(['joinGroup', 'syncGroup', 'heartbeat', 'leaveGroup', 'commitOffsets'])

function isCall(m: unknown): m is GroupPortCall {
  if (m === null || typeof m !== 'object') return false
  const c = m as GroupPortCall
  return Number.isSafeInteger(c.id) && (GROUP_PORT_OPS as readonly string[]).includes(c.op) && Array.isArray(c.args)
}

/** Serves `port` (see the module comment). */
export function serveGroups(port: MessagePort, host: GroupsServerHost): GroupsServer {
  const pending = new Map<number, AbortController>()
  let open = true

  const run = async (call: GroupPortCall, signal: AbortSignal): Promise<unknown> => {
    const args = revive(call.args)
    if (COORDINATOR_OPS.has(call.op)) {
      const [request, context] = args as [never, { apiVersion: number; clientId: string; clientHost: string }]
      const ctx = { apiVersion: context.apiVersion, clientId: context.clientId, clientHost: context.clientHost, signal }
      const c = host.coordinator
      switch (call.op) {
        case 'joinGroup':
          return c.joinGroup(request, ctx)
        case 'syncGroup':
          return c.syncGroup(request, ctx)
        case 'heartbeat':
          return c.heartbeat(request, ctx)
        case 'leaveGroup':
          return c.leaveGroup(request, ctx)
        default:
          return c.commitOffsets(request, ctx)
      }
    }
    if (call.op === 'committedOffset') {
      const [groupId, topic, partition] = args as [string, string, number]
      return host.coordinator.committedOffset(groupId, topic, partition)?.offset
    }
    if (call.op === 'partitionCounts') return [...host.partitionCounts(args[0] as string[])]
    const [topic, partition] = args as [string, number]
    return host.logHandle(topic, partition)
  }

  const answer = (a: GroupPortAnswer): void => {
    if (open) port.postMessage(a)
  }

  const onMessage = (m: unknown): void => {
    if (m !== null && typeof m === 'object' && 'cancel' in m) {
      pending.get((m as { cancel: number }).cancel)?.abort()
      return
    }
    if (!isCall(m)) return // not a message of this protocol: nothing to answer
    const abort = new AbortController()
    pending.set(m.id, abort)
    Promise.resolve()
      .then(() => run(m, abort.signal))
      .then(
        (value) => answer({ id: m.id, value }),
        (err: unknown) => {
          // A cancelled call's worker is no longer waiting for it.
          if (!abort.signal.aborted) answer({ id: m.id, error: errorToWire(err) })
        },
      )
      .finally(() => pending.delete(m.id))
  }

  const shut = (): void => {
    if (!open) return
    open = false
    for (const abort of pending.values()) abort.abort()
    pending.clear()
    port.off('message', onMessage)
    port.close()
    host.closed()
  }

  port.on('message', onMessage)
  // The worker's end closed: the worker ended (or closed its groups).
  port.once('close', shut)
  port.unref()
  return { close: shut }
}
