/**
 * Broker: a directory of topics, each topic a set of partitions, each partition a `Log` in
 * `<dir>/<topic>-<partition>/` (Kafka's layout), opened and owned by one `Broker` (a lock at the
 * root; each log keeps its own). The in-process API (create and delete topics, configs, produce
 * with Kafka's partitioner, read the partitions' logs) and the API a Kafka wire layer codes against
 * (per-partition produce/fetch/offsets in `partition.ts`, admin calls here, error codes in
 * `errors.ts`). Partition directories on disk: `partition-dirs.ts`; CreateTopics' and CreatePartitions' checks: `new-topic.ts`.
 *
 * Crash safety of the shape (the metadata file is written atomically, see `broker-metadata.ts`):
 * - create topic: the topic is recorded first, then its partition directories are created; an open
 *   after a crash creates the missing ones (the topic exists from the moment it is recorded);
 * - create partitions: the same, for the new partitions;
 * - delete topic: the topic is first recorded as deleting (it is gone from then on), its logs are
 *   closed, each partition directory is renamed to `<topic>-<p>.<topic id>-delete` (Kafka's naming)
 *   and removed, and only then the topic leaves the file; an open finishes an interrupted deletion.
 * Admin calls run one at a time (a queue); produce and fetch never wait for them, except on the
 * partitions they close.
 *
 * Concurrency: the thread that opened the broker (the partitions' writers live there). The logs can
 * be shared with workers (`log.share()`), and so can the consumer groups (`shareGroups()`).
 */
import fs from 'node:fs'
import path from 'node:path'
import { acquireDirectoryLock, LogError, type DirectoryLock, type Log } from '../index.js'
import { crashPoint } from '../io/crash-point.js'
import { randomKafkaUuid, readBrokerMetadata, writeBrokerMetadata, type BrokerMetadata, type TopicRecord } from './broker-metadata.js'
import { checkGrowth, checkNewTopic } from './new-topic.js'
import { openPartitionDirs, partitionDir, removeDeletionLeftovers, removePartitionDirs } from './partition-dirs.js'
import { describe, type AlterConfigsResult, type CreateTopicOptions, type TopicDescription } from './topic-description.js'
import { Partition } from './partition.js'
import { BrokerServer, checkListenOptions, type BrokerListenOptions } from './serve.js'
import type { ListenerAddress } from './net/listener.js'
import { BrokerGroups } from './broker-groups.js'
import type { GroupConsumer, GroupConsumerOptions, GroupsHandle } from './consumer/worker-groups.js'
import type { GroupCoordinator } from './group/coordinator.js'
import { groupHandlers } from './net/handlers/group/index.js'
import { Producer, type ProducerOptions } from './producer.js'
import { resolveBrokerOptions, type BrokerOptions, type ResolvedBrokerOptions } from './broker-options.js'
import {
  applyConfigChanges,
  checkTopicConfigs,
  describeTopicConfigs,
  effectsOf,
  logOptionsFor,
  resolveTopicConfig,
  type ConfigChange,
  type ConfigEntry,
  type ResolvedTopicConfig,
} from './topic-config.js'

export type { TopicDescription, CreateTopicOptions, AlterConfigsResult } from './topic-description.js'

const PRODUCER_ID_BLOCK = 1000

/** A Kafka broker in this process (see the module comment). Open it with {@link Broker.open}. */
export class Broker implements AsyncDisposable {
  /** Absolute path of the broker directory. */
  readonly dir: string
  /** The options in force. */
  readonly options: ResolvedBrokerOptions
  readonly #lock: DirectoryLock
  #meta: BrokerMetadata
  readonly #partitions = new Map<string, Partition[]>()
  #admin: Promise<unknown> = Promise.resolve()
  #nextProducerId: number
  #server: BrokerServer | undefined
  #closed: Promise<void> | undefined
  #groups: BrokerGroups | undefined

  private constructor(dir: string, options: ResolvedBrokerOptions, lock: DirectoryLock, meta: BrokerMetadata) {
    this.dir = dir
    this.options = options
    this.#lock = lock
    this.#meta = meta
    this.#nextProducerId = meta.producerIdBlockEnd
  }

  /**
   * Opens (creating if needed) the broker directory `dir`: takes its lock, reads its metadata,
   * finishes interrupted topic deletions, and opens every partition's log (recovering each after a
   * crash) and its idempotent producers.
   * @throws TypeError / RangeError for bad options (an unknown key names the nearest valid one; a
   *   `nodeId` or `clusterId` that differs from the directory's)
   * @throws LogError `KLOG_LOCKED` (another broker holds the directory or one of its partitions),
   *   `KLOG_CORRUPT_CHECKPOINT` (the metadata file, or a `partition.metadata` naming another topic id),
   *   `KLOG_INVALID_CONFIG` (a bad `topicDefaults` entry), `KLOG_IO`, `KLOG_DISK_FULL`
   */
  static async open(dir: string, options?: BrokerOptions): Promise<Broker> {
    if (typeof dir !== 'string' || dir.length === 0) throw new TypeError('dir must be a non-empty string')
    const opts = resolveBrokerOptions(options)
    BrokerGroups.check(options?.groups)
    const abs = path.resolve(dir)
    fs.mkdirSync(abs, { recursive: true })
    const lock = await acquireDirectoryLock(abs, opts.lockStaleMs)
    let broker: Broker | undefined
    try {
      let meta = readBrokerMetadata(abs)
      if (meta === undefined) {
        meta = { clusterId: options?.clusterId ?? randomKafkaUuid(), nodeId: opts.nodeId, producerIdBlockEnd: 0, topics: [] }
        writeBrokerMetadata(abs, meta)
      } else {
        if (options?.nodeId !== undefined && options.nodeId !== meta.nodeId)
          throw new RangeError(`this broker directory is node ${meta.nodeId}, not ${options.nodeId}`)
        if (options?.clusterId !== undefined && options.clusterId !== meta.clusterId) {
          throw new RangeError(`this broker directory belongs to cluster ${meta.clusterId}, not ${options.clusterId}`)
        }
      }
      broker = new Broker(abs, opts, lock, meta)
      await broker.#load()
      const b = broker
      broker.#groups = await BrokerGroups.open(abs, options?.groups, {
        partitionCount: (topic) => b.#record(topic)?.partitions,
        log: (topic, partition) => b.log(topic, partition),
      })
      return broker
    } catch (err) {
      if (broker !== undefined) await broker.#closePartitions().catch(() => undefined)
      await lock.release()
      throw err
    }
  }

  /** Finishes deletions, removes leftovers and opens every partition. */
  async #load(): Promise<void> {
    for (const t of this.#meta.topics.filter((t) => t.deleting)) removePartitionDirs(this.dir, t, 0)
    if (this.#meta.topics.some((t) => t.deleting)) this.#write({ ...this.#meta, topics: this.#meta.topics.filter((t) => !t.deleting) })
    removeDeletionLeftovers(this.dir)
    for (const t of this.#meta.topics) this.#partitions.set(t.name, await this.#openPartitions(t, 0, t.partitions))
  }

  /** Opens partitions [from, to) of `t`, creating their directories and `partition.metadata`. */
  #openPartitions(t: TopicRecord, from: number, to: number): Promise<Partition[]> {
    return openPartitionDirs(this.dir, t, from, to, (dir, p) =>
      Partition.open(dir, t.name, p, t.topicId, this.#logOptions(t), {
        config: () => this.#configOf(t.name),
        producerIdExpirationMs: this.options.producerIdExpirationMs,
      }),
    )
  }

  #logOptions(t: TopicRecord): Parameters<typeof Partition.open>[4] {
    return { ...this.options.logOptions, ...logOptionsFor(t.configs, this.options.topicDefaults) }
  }

  #configOf(name: string): ResolvedTopicConfig {
    const t = this.#record(name)
    return resolveTopicConfig(t?.configs ?? {}, this.options.topicDefaults)
  }

  #record(name: string): TopicRecord | undefined {
    return this.#meta.topics.find((t) => t.name === name && !t.deleting)
  }

  #write(meta: BrokerMetadata): void {
    writeBrokerMetadata(this.dir, meta)
    this.#meta = meta
  }

  #checkOpen(): void {
    if (this.#closed !== undefined) throw new LogError('KLOG_CLOSED', 'the broker is closed')
  }

  /** Runs admin work one call at a time. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#admin.then(
      () => fn(),
      () => fn(),
    )
    this.#admin = run.catch(() => undefined)
    return run
  }

  /** Kafka's cluster id (a 22-character topic-id-shaped string), fixed when the directory was created. */
  get clusterId(): string {
    return this.#meta.clusterId
  }

  /** Kafka's node.id of this broker. */
  get nodeId(): number {
    return this.#meta.nodeId
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closed !== undefined
  }

  /** Every topic, sorted by name. */
  topics(): TopicDescription[] {
    return this.#meta.topics
      .filter((t) => !t.deleting)
      .map(describe)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  /** The topic `name`, or `undefined`. */
  topic(name: string): TopicDescription | undefined {
    const t = this.#record(name)
    return t === undefined ? undefined : describe(t)
  }

  /** The topic whose Kafka topic id is `topicId` (Fetch v13+, DeleteTopics v6), or `undefined`. */
  topicById(topicId: string): TopicDescription | undefined {
    const t = this.#meta.topics.find((r) => r.topicId === topicId && !r.deleting)
    return t === undefined ? undefined : describe(t)
  }

  /**
   * Partition `index` of `topic`: what a request handler produces to and fetches from.
   * @throws LogError `KLOG_UNKNOWN_TOPIC_OR_PARTITION`, `KLOG_CLOSED`
   */
  partition(topic: string, index: number): Partition {
    this.#checkOpen()
    const p = this.#partitions.get(topic)?.[index]
    if (p === undefined) throw new LogError('KLOG_UNKNOWN_TOPIC_OR_PARTITION', `no partition ${index} of topic ${topic}`)
    return p
  }

  /** Every partition of `topic`, in order. @throws LogError `KLOG_UNKNOWN_TOPIC_OR_PARTITION`, `KLOG_CLOSED` */
  partitions(topic: string): readonly Partition[] {
    this.#checkOpen()
    const ps = this.#partitions.get(topic)
    if (ps === undefined) throw new LogError('KLOG_UNKNOWN_TOPIC_OR_PARTITION', `no topic ${topic}`)
    return ps
  }

  /**
   * The `Log` of partition `index` of `topic`, to read (readers, consumers, `readBatches`, `share()`
   * for worker threads). The broker owns it: do not close it.
   * @throws LogError `KLOG_UNKNOWN_TOPIC_OR_PARTITION`, `KLOG_CLOSED`
   */
  log(topic: string, index: number): Log {
    return this.partition(topic, index).log
  }

  /**
   * Creates a topic (Kafka's CreateTopics): its name checked by Kafka's rules, its configs by
   * Kafka's, one log per partition. Durable when it resolves.
   * @returns the new topic (with `validateOnly`, what it would be; nothing is created)
   * @throws TypeError / RangeError for malformed arguments
   * @throws LogError `KLOG_INVALID_TOPIC`, `KLOG_TOPIC_EXISTS`, `KLOG_INVALID_PARTITIONS`,
   *   `KLOG_INVALID_REPLICATION_FACTOR`, `KLOG_INVALID_CONFIG`, `KLOG_POLICY_VIOLATION` (past
   *   `maxPartitions`), `KLOG_CLOSED`, `KLOG_IO`, `KLOG_DISK_FULL`
   */
  createTopic(name: string, options: CreateTopicOptions = {}): Promise<TopicDescription> {
    if (typeof name !== 'string') throw new TypeError('the topic name must be a string')
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object')
    return this.#serial(async () => {
      this.#checkOpen()
      const record = checkNewTopic(this.dir, name, options, this.options, this.#meta.topics)
      if (options.validateOnly === true) return describe(record)
      this.#write({ ...this.#meta, topics: [...this.#meta.topics, record] })
      crashPoint('broker:topic-recorded')
      this.#partitions.set(name, await this.#openPartitions(record, 0, record.partitions))
      return describe(record)
    })
  }

  /**
   * Deletes a topic (Kafka's DeleteTopics): it disappears at once (recorded as deleting), its
   * partitions' pending appends finish, their logs close (their readers end), and their directories
   * are removed. An open after a crash finishes the deletion.
   * @throws LogError `KLOG_UNKNOWN_TOPIC_OR_PARTITION`, `KLOG_CLOSED`, `KLOG_IO`
   */
  deleteTopic(name: string): Promise<void> {
    if (typeof name !== 'string') throw new TypeError('the topic name must be a string')
    return this.#serial(async () => {
      this.#checkOpen()
      const t = this.#record(name)
      if (t === undefined) throw new LogError('KLOG_UNKNOWN_TOPIC_OR_PARTITION', `no topic ${name}`)
      this.#write({ ...this.#meta, topics: this.#meta.topics.map((r) => (r === t ? { ...r, deleting: true } : r)) })
      crashPoint('broker:delete-recorded')
      const partitions = this.#partitions.get(name) ?? []
      this.#partitions.delete(name)
      await Promise.allSettled(partitions.map((p) => p.close()))
      removePartitionDirs(this.dir, t, 0)
      this.#write({ ...this.#meta, topics: this.#meta.topics.filter((r) => r.topicId !== t.topicId) })
    })
  }

  /**
   * Kafka's CreatePartitions: raises the partition count of `topic` to `count`. Existing keys move
   * (murmur2 modulo the new count), as in Kafka.
   * @throws LogError `KLOG_UNKNOWN_TOPIC_OR_PARTITION`, `KLOG_INVALID_PARTITIONS` (not more than
   *   now), `KLOG_POLICY_VIOLATION` (past `maxPartitions`), `KLOG_CLOSED`, `KLOG_IO`
   */
  createPartitions(topic: string, count: number, options: { validateOnly?: boolean } = {}): Promise<TopicDescription> {
    if (typeof topic !== 'string') throw new TypeError('the topic name must be a string')
    if (typeof count !== 'number') throw new TypeError('count must be a number')
    return this.#serial(async () => {
      this.#checkOpen()
      const t = this.#record(topic)
      if (t === undefined) throw new LogError('KLOG_UNKNOWN_TOPIC_OR_PARTITION', `no topic ${topic}`)
      checkGrowth(t, count, this.#meta.topics, this.options.maxPartitions)
      const next: TopicRecord = { ...t, partitions: count }
      if (options.validateOnly === true) return describe(next)
      for (let p = t.partitions; p < count; p++) fs.rmSync(partitionDir(this.dir, topic, p), { recursive: true, force: true })
      this.#write({ ...this.#meta, topics: this.#meta.topics.map((r) => (r === t ? next : r)) })
      crashPoint('broker:partitions-recorded')
      const added = await this.#openPartitions(next, t.partitions, count)
      this.#partitions.set(topic, [...(this.#partitions.get(topic) ?? []), ...added])
      return describe(next)
    })
  }

  /**
   * Kafka's DescribeConfigs of a topic: every topic config with its value in force, where it comes
   * from, and (ours) how a change of it takes effect.
   * @throws LogError `KLOG_UNKNOWN_TOPIC_OR_PARTITION`, `KLOG_CLOSED`
   */
  describeConfigs(topic: string): ConfigEntry[] {
    this.#checkOpen()
    const t = this.#record(topic)
    if (t === undefined) throw new LogError('KLOG_UNKNOWN_TOPIC_OR_PARTITION', `no topic ${topic}`)
    return describeTopicConfigs(t.configs, this.options.topicDefaults)
  }

  /**
   * Kafka's AlterConfigs (the legacy, whole-set form): the topic's configs become exactly `configs`;
   * every other config returns to its default. All or nothing.
   * @returns which changed configs apply now, which when the topic's logs reopen, which do nothing here
   * @throws LogError `KLOG_UNKNOWN_TOPIC_OR_PARTITION`, `KLOG_INVALID_CONFIG`, `KLOG_CLOSED`, `KLOG_IO`
   */
  alterConfigs(
    topic: string,
    configs: Readonly<Record<string, string>>,
    options: { validateOnly?: boolean } = {},
  ): Promise<AlterConfigsResult> {
    return this.#serial(async () => this.#alter(topic, () => checkTopicConfigs(configs), options.validateOnly === true))
  }

  /**
   * Kafka's IncrementalAlterConfigs: `set`, `delete` (back to the default), `append` to and
   * `subtract` from list configs (`cleanup.policy`, the throttled-replica lists). All or nothing.
   * @returns which changed configs apply now, which when the topic's logs reopen, which do nothing here
   * @throws LogError `KLOG_UNKNOWN_TOPIC_OR_PARTITION`, `KLOG_INVALID_CONFIG`, `KLOG_CLOSED`, `KLOG_IO`
   */
  incrementalAlterConfigs(
    topic: string,
    changes: readonly ConfigChange[],
    options: { validateOnly?: boolean } = {},
  ): Promise<AlterConfigsResult> {
    if (!Array.isArray(changes)) throw new TypeError('changes must be an array of { name, op, value }')
    return this.#serial(async () =>
      this.#alter(topic, (current) => applyConfigChanges(current, changes, this.options.topicDefaults), options.validateOnly === true),
    )
  }

  async #alter(
    topic: string,
    compute: (current: Record<string, string>) => Record<string, string>,
    validateOnly: boolean,
  ): Promise<AlterConfigsResult> {
    this.#checkOpen()
    const t = this.#record(topic)
    if (t === undefined) throw new LogError('KLOG_UNKNOWN_TOPIC_OR_PARTITION', `no topic ${topic}`)
    const next = compute({ ...t.configs })
    const result = effectsOf(t.configs, next)
    if (!validateOnly) this.#write({ ...this.#meta, topics: this.#meta.topics.map((r) => (r === t ? { ...t, configs: next } : r)) })
    return result
  }

  /**
   * Kafka's InitProducerId for an idempotent producer: a producer id never handed out before (ids
   * are reserved in blocks of 1000 in the metadata file before use, so a crash never reuses one) and
   * epoch 0.
   * @throws LogError `KLOG_TRANSACTIONS_UNSUPPORTED` for a transactional id, `KLOG_CLOSED`, `KLOG_IO`
   */
  initProducerId(options: { transactionalId?: string | null } = {}): Promise<{ producerId: number; producerEpoch: number }> {
    return this.#serial(async () => {
      this.#checkOpen()
      if (options.transactionalId !== undefined && options.transactionalId !== null) {
        throw new LogError('KLOG_TRANSACTIONS_UNSUPPORTED', 'transactions are not supported by this broker')
      }
      if (this.#nextProducerId >= this.#meta.producerIdBlockEnd) {
        this.#write({ ...this.#meta, producerIdBlockEnd: this.#meta.producerIdBlockEnd + PRODUCER_ID_BLOCK })
      }
      return { producerId: this.#nextProducerId++, producerEpoch: 0 }
    })
  }

  /** An in-process producer (Kafka's partitioner; main thread). */
  producer(options: ProducerOptions = {}): Producer {
    this.#checkOpen()
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object')
    return new Producer(
      {
        partitionsOf: async (topic) => {
          this.#checkOpen()
          if (this.#record(topic) === undefined) {
            if (!this.options.autoCreateTopics) throw new LogError('KLOG_UNKNOWN_TOPIC_OR_PARTITION', `no topic ${topic}`)
            await this.createTopic(topic).catch((err: unknown) => {
              // Another send created it meanwhile.
              if (!(err instanceof LogError && err.code === 'KLOG_TOPIC_EXISTS')) throw err
            })
          }
          return this.partitions(topic)
        },
      },
      options,
    )
  }

  /**
   * Serves Kafka clients on a TCP port (Kafka's wire protocol: see the README's "Kafka protocol").
   * Each call binds one more address. Plaintext only: `host` defaults to `127.0.0.1`.
   * @returns the bound address (the port the OS picked for port 0)
   * @throws TypeError / RangeError for malformed options (`limits` after an address was bound included)
   * @throws LogError `KLOG_IO` when the address cannot be bound (`cause`: `EADDRINUSE`, ...), `KLOG_CLOSED`
   */
  async listen(options: BrokerListenOptions = {}): Promise<ListenerAddress> {
    checkListenOptions(options)
    this.#checkOpen()
    const { limits, ...address } = options
    if (this.#server !== undefined && limits !== undefined) {
      if (this.#server.listener.addresses.length > 0) throw new RangeError('limits are set by the first listen() only')
      // Every listen() so far failed: nothing uses that listener, so these limits may still apply.
      const unused = this.#server
      this.#server = undefined
      await unused.close()
    }
    // Every served broker serves its group coordinator; FindCoordinator names the endpoint Metadata advertises.
    this.#server ??= new BrokerServer(this, limits, (endpoint) => [
      groupHandlers(this.groupCoordinator, (connection) => ({ nodeId: this.nodeId, ...endpoint(connection) })),
    ])
    return this.#server.listen(address)
  }

  /** The addresses `listen()` bound, in order (empty when not listening). */
  get addresses(): readonly ListenerAddress[] {
    return this.#server?.listener.addresses ?? []
  }

  /** The group coordinator (wire handlers: `groupHandlers(broker.groupCoordinator, node)`). */
  get groupCoordinator(): GroupCoordinator {
    return this.#groups!.coordinator
  }

  /**
   * An in-process member of consumer group `options.groupId` (see `GroupConsumer`): an async
   * iterable of the records of its assigned partitions, with `commit()`. Main thread.
   * @throws TypeError / RangeError for bad options; LogError `KLOG_CLOSED`
   */
  consumer(options: GroupConsumerOptions): GroupConsumer {
    this.#checkOpen()
    return this.#groups!.consumer(options)
  }

  /**
   * A handle for `attachGroups()` in a worker thread (see `WorkerGroups`): its group consumers join
   * this broker's coordinator over the handle's port. Transfer the port with it. @throws LogError `KLOG_CLOSED`
   */
  shareGroups(): GroupsHandle {
    this.#checkOpen()
    return this.#groups!.share()
  }

  async #closePartitions(): Promise<void> {
    const all = [...this.#partitions.values()].flat()
    this.#partitions.clear()
    const results = await Promise.allSettled(all.map((p) => p.close()))
    const failed = results.find((r) => r.status === 'rejected')
    if (failed !== undefined) {
      const reason: unknown = failed.reason
      throw reason
    }
  }

  /**
   * Closes the listener (if `listen()` was called), then every partition (pending appends finish, producer state is checkpointed, logs close
   * cleanly), then releases the directory. Idempotent; calls made after reject with `KLOG_CLOSED`.
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      // The listener first: its handlers in flight finish (long polls end) before the logs close.
      await this.#server?.close()
      await this.#admin.catch(() => undefined)
      try {
        try {
          await this.#groups?.close()
        } finally {
          await this.#closePartitions()
        }
      } finally {
        await this.#lock.release()
      }
    })()
    return this.#closed
  }

  /** `await using` support: the same as `close()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }
}
