/**
 * Group consumers in a worker thread: `attachGroups(handle)` takes a {@link GroupsHandle} made by
 * `broker.shareGroups()` in the broker's thread and returns {@link WorkerGroups}, whose `consumer()`
 * makes the same {@link GroupConsumer} as `broker.consumer()` (same options, records, `commit()`,
 * `close()`, `membership`), joined to the broker's own group coordinator:
 *
 * - its membership calls (JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit) and its
 *   committed-offset lookups go to the coordinator in the broker's thread over the handle's
 *   `MessagePort` (protocol: `groups-port.ts`), as a wire client's requests go over TCP;
 * - its records are read here, from the partition logs attached once per partition from their
 *   `log.share()` handles (a `SharedArrayBuffer` snapshot and the segment files): no record is copied
 *   through the port;
 * - the elected leader runs the assignor here, over the partition counts it asks for.
 *
 * A worker that ends without closing its consumers (`worker.terminate()`) is a killed client: its
 * members stay in their groups until their sessions expire, and their uncommitted records go to the
 * members that get their partitions. When the broker closes (or its thread ends), the channel
 * closes: pending and later calls fail with `KLOG_CLOSED`, so a consumer's `next()` and `commit()`
 * throw `KLOG_CLOSED`.
 *
 * The port is `ref`ed while a consumer of this `WorkerGroups` is open (a consumer waiting for its
 * group keeps the worker alive, as a pending read would) and `unref`ed otherwise.
 *
 * Concurrency: the worker thread that attached the handle (any thread but the broker's own works
 * the same way). One `WorkerGroups` per handle: attaching the same handle again returns it.
 */
import { MessagePort } from 'node:worker_threads'
import { Log, LogError, type LogHandle } from '../../index.js'
import type { TopicPartition } from '../group/assignors/assignor.js'
import type { RequestContext } from '../group/coordinator-options.js'
import { ownedKey, type ConsumerCoordinator, type ConsumerHost, type OpenedPartition } from './consumer-host.js'
import type { GroupConsumerOptions } from './consumer-options.js'
import { GroupConsumer } from './group-consumer.js'
import { errorFromWire, GROUPS_HANDLE_KIND, revive, type GroupPortAnswer, type GroupPortOp, type GroupsHandle } from './groups-port.js'

export type { GroupConsumerOptions } from './consumer-options.js'
export type { GroupsHandle } from './groups-port.js'
export { GroupConsumer }

const attached = new WeakMap<MessagePort, WorkerGroups>()

const abortError = (): Error => Object.assign(new Error('the call was aborted'), { name: 'AbortError' })

/**
 * The group consumers of a worker thread (see the module comment). Create with `attachGroups()`.
 */
export class WorkerGroups implements AsyncDisposable {
  readonly #port: MessagePort
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  readonly #consumers = new Set<GroupConsumer>()
  readonly #logs = new Map<string, Promise<Log>>()
  #nextId = 1
  #open = true
  #closing: Promise<void> | undefined

  /** @internal Created by `attachGroups()`. */
  constructor(port: MessagePort) {
    this.#port = port
    port.on('message', (m: GroupPortAnswer) => {
      const p = this.#pending.get(m.id)
      if (p === undefined) return // a call cancelled meanwhile
      this.#pending.delete(m.id)
      if ('error' in m) p.reject(errorFromWire(m.error))
      else p.resolve(revive(m.value))
    })
    // The broker closed, or its thread ended.
    port.once('close', () => this.#lost())
    port.unref()
  }

  /** True once the channel to the broker's thread closed (`close()`, the broker closed, or its thread ended). */
  get closed(): boolean {
    return !this.#open
  }

  /**
   * A new member of consumer group `options.groupId` (see `GroupConsumer`), served by the broker's
   * coordinator.
   * @throws TypeError / RangeError for bad options (as `broker.consumer()`); LogError `KLOG_CLOSED`
   */
  consumer(options: GroupConsumerOptions): GroupConsumer {
    if (!this.#open || this.#closing !== undefined) throw new LogError('KLOG_CLOSED', 'the shared consumer groups are closed')
    const consumer = new GroupConsumer(this.#host(), options)
    this.#consumers.add(consumer)
    this.#port.ref()
    return consumer
  }

  /**
   * Closes every consumer of this `WorkerGroups` (dynamic members leave their groups), the logs
   * attached for them, and the channel. Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close()
    return this.#closing
  }

  /** `await using` support: the same as `close()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }

  async #close(): Promise<void> {
    await Promise.allSettled([...this.#consumers].map((c) => c.close()))
    await this.#closeLogs()
    this.#port.close()
    this.#lost()
  }

  async #closeLogs(): Promise<void> {
    const logs = await Promise.allSettled(this.#logs.values())
    this.#logs.clear()
    await Promise.allSettled(logs.flatMap((l) => (l.status === 'fulfilled' ? [l.value.close()] : [])))
  }

  /** The channel is gone: every pending call fails with `KLOG_CLOSED`. */
  #lost(): void {
    if (!this.#open) return
    this.#open = false
    const pending = [...this.#pending.values()]
    this.#pending.clear()
    for (const p of pending) p.reject(new LogError('KLOG_CLOSED', 'the broker that shared its consumer groups closed'))
  }

  #call<T>(op: GroupPortOp, args: readonly unknown[], signal?: AbortSignal): Promise<T> {
    if (!this.#open) return Promise.reject(new LogError('KLOG_CLOSED', 'the broker that shared its consumer groups closed'))
    if (signal?.aborted === true) return Promise.reject(abortError())
    const id = this.#nextId++
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        if (!this.#pending.delete(id)) return
        this.#port.postMessage({ cancel: id })
        reject(abortError())
      }
      this.#pending.set(id, {
        resolve: (v) => {
          signal?.removeEventListener('abort', onAbort)
          resolve(v as T)
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort)
          reject(e)
        },
      })
      signal?.addEventListener('abort', onAbort, { once: true })
      this.#port.postMessage({ id, op, args })
    })
  }

  /**
   * A coordinator call over the port. Only JoinGroup and SyncGroup, which the coordinator may park,
   * are aborted by the context's signal, as in the broker's thread (a closing consumer's LeaveGroup
   * and its last commit go out after its signal aborted).
   */
  #coordinatorCall<T>(op: GroupPortOp) {
    const abortable = op === 'joinGroup' || op === 'syncGroup'
    return (request: unknown, context: RequestContext): Promise<T> =>
      this.#call<T>(
        op,
        [request, { apiVersion: context.apiVersion, clientId: context.clientId, clientHost: context.clientHost }],
        abortable ? context.signal : undefined,
      )
  }

  async #log(tp: TopicPartition): Promise<Log> {
    const key = ownedKey(tp)
    let log = this.#logs.get(key)
    if (log === undefined) {
      log = this.#call<LogHandle>('logHandle', [tp.topic, tp.partition]).then((handle) => Log.attach(handle))
      this.#logs.set(key, log)
      // A failed attach is not cached: the next assignment asks again.
      log.catch(() => this.#logs.delete(key))
    }
    return log
  }

  #host(): ConsumerHost {
    const isClosed = (): boolean => this.closed
    const coordinator: ConsumerCoordinator = {
      joinGroup: this.#coordinatorCall('joinGroup'),
      syncGroup: this.#coordinatorCall('syncGroup'),
      heartbeat: this.#coordinatorCall('heartbeat'),
      leaveGroup: this.#coordinatorCall('leaveGroup'),
      commitOffsets: this.#coordinatorCall('commitOffsets'),
      get closed() {
        return isClosed()
      },
    }
    return {
      coordinator,
      openPartition: async (groupId, tp): Promise<OpenedPartition> => {
        const [log, committed] = await Promise.all([
          this.#log(tp),
          this.#call<bigint | undefined>('committedOffset', [groupId, tp.topic, tp.partition]),
        ])
        return { log, committed }
      },
      partitionCounts: async (topics) => new Map(await this.#call<[string, number][]>('partitionCounts', [topics])),
      closed: (c) => {
        this.#consumers.delete(c as GroupConsumer)
        if (this.#consumers.size === 0) this.#port.unref()
      },
    }
  }
}

/**
 * Attaches, in a worker thread, the consumer groups a broker shared with `broker.shareGroups()`
 * (see the module comment). Attaching the same handle again returns the same `WorkerGroups`.
 * @throws TypeError when `handle` is not a `GroupsHandle` (or its port was not transferred with it)
 * @throws LogError `KLOG_CLOSED` when this handle's groups were closed
 */
export function attachGroups(handle: GroupsHandle): WorkerGroups {
  if (handle === null || typeof handle !== 'object' || handle.kind !== GROUPS_HANDLE_KIND) {
    throw new TypeError('attachGroups() needs the handle returned by broker.shareGroups()')
  }
  if (!(handle.port instanceof MessagePort)) {
    throw new TypeError("the handle's port is not a MessagePort: pass it in the transferList that carries the handle")
  }
  const existing = attached.get(handle.port)
  if (existing !== undefined) {
    if (existing.closed) throw new LogError('KLOG_CLOSED', 'these shared consumer groups are closed')
    return existing
  }
  const groups = new WorkerGroups(handle.port)
  attached.set(handle.port, groups)
  return groups
}
