/**
 * The port protocol between group consumers in a worker thread (`worker-groups.ts`) and the broker's
 * thread (`groups-server.ts`), over the `MessagePort` of a {@link GroupsHandle}. Requests and answers
 * are structured clones:
 *
 * - worker to broker: `{ id, op, args }`, a call, and `{ cancel: id }`, which aborts a call still
 *   pending (a JoinGroup or SyncGroup parked in the coordinator, when its consumer closes);
 * - broker to worker: `{ id, value }` or `{ id, error }`, once per call that was not cancelled.
 *
 * The ops are the coordinator's membership calls (`joinGroup`, `syncGroup`, `heartbeat`,
 * `leaveGroup`, `commitOffsets`: args `[request, { apiVersion, clientId, clientHost }]`, the
 * request and response bodies of `src/protocol/messages/`), `committedOffset` (`[groupId, topic,
 * partition]`: the offset as a bigint, or undefined), `partitionCounts` (`[topics]`: `[topic,
 * count][]`) and `logHandle` (`[topic, partition]`: the partition log's `log.share()` handle, which
 * the worker attaches once and reads directly: records never cross the port).
 *
 * Structured cloning turns a `Buffer` into a plain `Uint8Array`; {@link revive} turns them back on
 * receipt. Errors travel as `{ name, code, message }` and are rebuilt by {@link errorFromWire}.
 *
 * Pure data and helpers; safe in any thread.
 */
import type { MessagePort } from 'node:worker_threads'
import { LogError, type LogErrorCode } from '../../index.js'

/** The `kind` of a {@link GroupsHandle}. */
export const GROUPS_HANDLE_KIND = 'kafka-lite-groups'

/**
 * A structured-cloneable handle to a broker's consumer groups, made by `broker.shareGroups()` for
 * `attachGroups()` in a worker thread. Its `port` must be in the `transferList` that carries it:
 * `new Worker(file, { workerData: { groups }, transferList: [groups.port] })`.
 */
export interface GroupsHandle {
  readonly kind: typeof GROUPS_HANDLE_KIND
  /** The worker's end of the channel to the broker's thread. */
  readonly port: MessagePort
}

/** The calls a worker makes (see the module comment). */
export const GROUP_PORT_OPS = [
  'joinGroup',
  'syncGroup',
  'heartbeat',
  'leaveGroup',
  'commitOffsets',
  'committedOffset',
  'partitionCounts',
  'logHandle',
] as const
export type GroupPortOp = (typeof GROUP_PORT_OPS)[number]

/** A call from the worker. */
export interface GroupPortCall {
  readonly id: number
  readonly op: GroupPortOp
  readonly args: readonly unknown[]
}

/** An error as it crosses the port. */
export interface WireError {
  readonly name: string
  readonly code: string | undefined
  readonly message: string
}

/** An answer from the broker's thread. */
export type GroupPortAnswer = { readonly id: number; readonly value: unknown } | { readonly id: number; readonly error: WireError }

/** `err` as it crosses the port. */
export function errorToWire(err: unknown): WireError {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code
    return { name: err.name, code: typeof code === 'string' ? code : undefined, message: err.message }
  }
  return { name: 'Error', code: undefined, message: String(err) }
}

/** The error a {@link WireError} stands for: a `LogError` with its code, a `TypeError`, a `RangeError`, else an `Error`. */
export function errorFromWire(e: WireError): Error {
  if (e.code !== undefined && e.code.startsWith('KLOG_')) return new LogError(e.code as LogErrorCode, e.message)
  if (e.name === 'TypeError') return new TypeError(e.message)
  if (e.name === 'RangeError') return new RangeError(e.message)
  const err = new Error(e.message)
  err.name = e.name
  return err
}

/** `value` with every plain `Uint8Array` in it (cloned `Buffer`s) turned back into a `Buffer` over the same bytes. */
export function revive<T>(value: T): T {
  if (value instanceof Uint8Array) {
    return (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)) as T
  }
  if (Array.isArray(value)) return value.map(revive) as T
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = revive(v)
    return out as T
  }
  return value
}
