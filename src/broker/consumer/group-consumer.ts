/**
 * The in-process group consumer: `broker.consumer({ groupId, topics })` in the broker's thread, or
 * `attachGroups(broker.shareGroups()).consumer(...)` in a worker thread: a member of a Kafka
 * consumer group that joins the broker's group coordinator through its API (the same coordinator,
 * groups and committed offsets wire clients use, without TCP; from a worker over a `MessagePort`,
 * see `worker-groups.ts`), receives partitions from a built-in assignor, and reads its partitions'
 * logs directly (in a worker through logs attached from `log.share()` handles).
 *
 * It behaves as Kafka's Java `KafkaConsumer` with the classic protocol and manual commits:
 * - JoinGroup (v9: the first join is answered MEMBER_ID_REQUIRED and repeated with the given id,
 *   KIP-394; static members with `groupInstanceId` are known at once, KIP-345). When elected leader
 *   it runs the group's assignor over every member's subscription (`performAssignment`) and sends
 *   the assignment in its SyncGroup; a static leader told `skipAssignment` (KIP-814) sends none.
 * - Heartbeats every `heartbeatIntervalMs` on its clock while it is a member. A heartbeat answered
 *   REBALANCE_IN_PROGRESS (or ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID) marks the member for rejoin and
 *   wakes a waiting `next()`. Rejoining happens only inside `next()`, as the Java consumer rejoins
 *   only inside `poll()`: a record handed out is processed and committed by the caller before this
 *   member gives its partitions up, so with commit-after-process no committed record goes to
 *   another member. (A caller slower than `rebalanceTimeoutMs` is removed from the group, as Kafka
 *   does: its next commit fails with `KLOG_COMMIT_FAILED` and it rejoins.)
 * - Eager protocol (any assignor offered lacks COOPERATIVE): every partition is given up at each
 *   rebalance and read again from its committed offset. Cooperative protocol (every assignor offered
 *   is cooperative, e.g. `['cooperative-sticky']`): the member reports its owned partitions, keeps
 *   those it is assigned again (and their positions), and rejoins once more when it lost some
 *   (KIP-429), as the Java consumer does.
 * - `commit()` commits, for each owned partition, the offset after the last record handed out
 *   (OffsetCommit v9 with the member's generation); the coordinator refuses it after a rebalance
 *   (`KLOG_COMMIT_FAILED`). Nothing is committed automatically.
 * - Each partition starts at its committed offset, else at `autoOffsetReset`; a committed offset
 *   that retention removed starts at `autoOffsetReset` too.
 * - `close()` (and `return()`, `break` out of `for await`) leaves the group (LeaveGroup v5) unless
 *   `leaveGroup: false`; a static member stays by default, as Kafka's consumer does (its session
 *   then expires unless it comes back with the same `groupInstanceId`).
 *
 * Concurrency: the thread that created it; one `next()` at a time (an async iterator).
 */
import { LogError } from '../../index.js'
import { KafkaError } from '../errors.js'
import { decodeAssignment, decodeSubscription, encodeSubscription, performAssignment, type Assignor } from '../group/assignors/assignor.js'
import { systemClock, type Clock, type ClockTimer } from '../group/clock.js'
import { CONSUMER_PROTOCOL_TYPE } from '../group/group.js'
import { createHeartbeatRequest } from '../../protocol/messages/heartbeat-request.js'
import { createJoinGroupRequest } from '../../protocol/messages/join-group-request.js'
import { createLeaveGroupRequest } from '../../protocol/messages/leave-group-request.js'
import { createOffsetCommitRequest } from '../../protocol/messages/offset-commit-request.js'
import { createSyncGroupRequest } from '../../protocol/messages/sync-group-request.js'
import type { ConsumerMembership, ConsumerRecord, Owned } from './consumer-records.js'
import { ownedKey, takeAssignment, type ConsumerHost } from './consumer-host.js'
import { resolveConsumerOptions, type GroupConsumerOptions, type ResolvedConsumerOptions } from './consumer-options.js'

export type { ConsumerMembership, ConsumerRecord } from './consumer-records.js'
export type { ConsumerHost } from './consumer-host.js'

// The API versions the consumer speaks to the coordinator: Kafka 4.0's latest.
const V = { JoinGroup: 9, SyncGroup: 5, Heartbeat: 4, LeaveGroup: 5, OffsetCommit: 9 } as const

/** The errors after which a member must rejoin (Kafka's `AbstractCoordinator` handlers). */
const REJOIN = new Set<number>([KafkaError.REBALANCE_IN_PROGRESS, KafkaError.ILLEGAL_GENERATION, KafkaError.UNKNOWN_MEMBER_ID])

const errorName = (code: number): string => Object.entries(KafkaError).find(([, c]) => c === code)?.[0] ?? `error ${code}`

/** A member of a consumer group in this process (see the module comment). Create with `broker.consumer()`. */
export class GroupConsumer implements AsyncIterableIterator<ConsumerRecord>, AsyncDisposable {
  readonly #host: ConsumerHost
  readonly #options: ResolvedConsumerOptions
  readonly #clock: Clock
  readonly #stop = new AbortController()
  #memberId = ''
  #generationId = -1
  #protocolName: string | null = null
  #owned = new Map<string, Owned>()
  #needsJoin = true
  /** A JoinGroup or SyncGroup is in flight. */
  #joining = false
  #fenced: LogError | undefined
  #heartbeat: ClockTimer | undefined
  /** Wakes a `next()` waiting for records: a rebalance, a fence, close. */
  #wake: (() => void) | undefined
  #buffer: { owned: Owned; records: ConsumerRecord[] } | undefined
  #turn = 0
  #closing: Promise<void> | undefined

  /** @internal Created by `broker.consumer()`. */
  constructor(host: ConsumerHost, options: GroupConsumerOptions) {
    this.#options = resolveConsumerOptions(options)
    this.#host = host
    this.#clock = this.#options.clock ?? systemClock
  }

  /** The group id. */
  get groupId(): string {
    return this.#options.groupId
  }

  /** The member id, generation and partitions owned now. */
  get membership(): ConsumerMembership {
    const assignment = [...this.#owned.values()]
      .map((o) => o.tp)
      .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1))
    return { memberId: this.#memberId, generationId: this.#generationId, assignment }
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closing !== undefined
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  /**
   * The next record of an owned partition, waiting for one (and taking part in rebalances) as long
   * as it takes; done once the consumer is closed.
   * @throws LogError `KLOG_FENCED_INSTANCE_ID` (another member took this static member's
   *   instance id), `KLOG_CLOSED` (the broker closed), a partition's read errors
   */
  async next(): Promise<IteratorResult<ConsumerRecord>> {
    for (;;) {
      if (this.#closing !== undefined) return { done: true, value: undefined }
      if (this.#fenced !== undefined) throw this.#fenced
      if (this.#needsJoin) {
        await this.#join()
        continue
      }
      const record = this.#takeBuffered() ?? (await this.#fetch())
      if (record !== undefined) return { done: false, value: record }
      await this.#waitForRecords()
    }
  }

  /** Leaves the group (unless static) and closes: the same as `close()`. */
  async return(): Promise<IteratorResult<ConsumerRecord>> {
    await this.close()
    return { done: true, value: undefined }
  }

  /**
   * Commits the position of every owned partition: the offset after the last record handed out.
   * Resolves once the offsets are durable.
   * @throws LogError `KLOG_COMMIT_FAILED` when the group rebalanced or removed this member since
   *   (the message names Kafka's error); `KLOG_FENCED_INSTANCE_ID`; `KLOG_CLOSED`
   */
  async commit(): Promise<void> {
    if (this.#closing !== undefined) throw new LogError('KLOG_CLOSED', 'the consumer is closed')
    const byTopic = new Map<
      string,
      { partitionIndex: number; committedOffset: bigint; committedLeaderEpoch: number; committedMetadata: string }[]
    >()
    for (const o of this.#owned.values()) {
      if (o.handedOut === undefined) continue
      let list = byTopic.get(o.tp.topic)
      if (list === undefined) byTopic.set(o.tp.topic, (list = []))
      list.push({ partitionIndex: o.tp.partition, committedOffset: BigInt(o.handedOut), committedLeaderEpoch: -1, committedMetadata: '' })
    }
    if (byTopic.size === 0) return
    const response = await this.#host.coordinator.commitOffsets(
      createOffsetCommitRequest({
        groupId: this.#options.groupId,
        generationIdOrMemberEpoch: this.#generationId,
        memberId: this.#memberId,
        groupInstanceId: this.#options.groupInstanceId,
        topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })),
      }),
      this.#context(V.OffsetCommit),
    )
    const failed = response.topics.flatMap((t) => t.partitions).find((p) => p.errorCode !== KafkaError.NONE)
    if (failed === undefined) return
    this.#onError(failed.errorCode)
    if (this.#fenced !== undefined) throw this.#fenced
    throw new LogError('KLOG_COMMIT_FAILED', `the commit of group ${this.#options.groupId} was refused: ${errorName(failed.errorCode)}`)
  }

  /**
   * Stops consuming: heartbeats stop, a pending `next()` ends, and the member leaves the group
   * (LeaveGroup) unless `leaveGroup` is false. Idempotent.
   * @param options.leaveGroup - @default true for a dynamic member, false for a static one (Kafka's
   *   consumer keeps a static member in the group until its session expires)
   */
  close(options: { leaveGroup?: boolean } = {}): Promise<void> {
    this.#closing ??= this.#close(options.leaveGroup ?? this.#options.groupInstanceId === null)
    return this.#closing
  }

  /** `await using` support: the same as `close()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }

  async #close(leave: boolean): Promise<void> {
    this.#stop.abort()
    this.#heartbeat?.cancel()
    this.#wakeUp()
    this.#release()
    try {
      if (leave && this.#memberId !== '' && !this.#host.coordinator.closed) {
        await this.#host.coordinator.leaveGroup(
          createLeaveGroupRequest({
            groupId: this.#options.groupId,
            members: [{ memberId: this.#memberId, groupInstanceId: this.#options.groupInstanceId, reason: 'the consumer is closing' }],
          }),
          this.#context(V.LeaveGroup),
        )
      }
    } catch (err) {
      // The coordinator closed meanwhile: the member is gone with it.
      if (!(err instanceof LogError && err.code === 'KLOG_CLOSED')) throw err
    } finally {
      this.#host.closed(this)
    }
  }

  #context(apiVersion: number): { apiVersion: number; clientId: string; clientHost: string; signal: AbortSignal } {
    return { apiVersion, clientId: this.#options.clientId, clientHost: '/in-process', signal: this.#stop.signal }
  }

  /** Joins (or rejoins) and syncs, until a generation with an assignment is reached. */
  async #join(): Promise<void> {
    this.#joining = true
    try {
      await this.#joinOnce()
    } finally {
      this.#joining = false
    }
  }

  async #joinOnce(): Promise<void> {
    this.#heartbeat?.cancel()
    this.#dropBuffer()
    const opts = this.#options
    const owned = opts.cooperative ? [...this.#owned.values()].map((o) => o.tp) : []
    // Eager: every partition is given up before rejoining.
    if (!opts.cooperative) this.#release()
    const join = await this.#call(() =>
      this.#host.coordinator.joinGroup(
        createJoinGroupRequest({
          groupId: opts.groupId,
          sessionTimeoutMs: opts.sessionTimeoutMs,
          rebalanceTimeoutMs: opts.rebalanceTimeoutMs,
          memberId: this.#memberId,
          groupInstanceId: opts.groupInstanceId,
          protocolType: CONSUMER_PROTOCOL_TYPE,
          protocols: opts.assignors.map((a) => ({
            name: a.name,
            metadata: encodeSubscription({
              topics: opts.topics,
              userData: a.subscriptionUserData(opts.topics, this.#generationId),
              ownedPartitions: owned,
              generationId: this.#generationId,
              rackId: null,
            }),
          })),
          reason: null,
        }),
        this.#context(V.JoinGroup),
      ),
    )
    if (join === undefined) return
    if (join.errorCode === KafkaError.MEMBER_ID_REQUIRED) {
      this.#memberId = join.memberId
      return
    }
    if (join.errorCode !== KafkaError.NONE) return this.#onJoinError(join.errorCode)
    this.#memberId = join.memberId
    this.#generationId = join.generationId
    this.#protocolName = join.protocolName
    const assignor = opts.assignors.find((a) => a.name === join.protocolName)
    let assignments: { memberId: string; assignment: Buffer }[] = []
    if (join.leader === join.memberId && !join.skipAssignment) {
      const counts = await this.#host.partitionCounts([...new Set(join.members.flatMap((m) => decodeSubscription(m.metadata).topics))])
      assignments = performAssignment(assignor as Assignor, join.members, (topic) => counts.get(topic))
    }
    const sync = await this.#call(() =>
      this.#host.coordinator.syncGroup(
        createSyncGroupRequest({
          groupId: opts.groupId,
          generationId: this.#generationId,
          memberId: this.#memberId,
          groupInstanceId: opts.groupInstanceId,
          protocolType: CONSUMER_PROTOCOL_TYPE,
          protocolName: this.#protocolName,
          assignments,
        }),
        this.#context(V.SyncGroup),
      ),
    )
    if (sync === undefined) return
    if (sync.errorCode !== KafkaError.NONE) return this.#onJoinError(sync.errorCode)
    const assigned = decodeAssignment(sync.assignment).partitions.filter((tp) => opts.topics.includes(tp.topic))
    const taken = await takeAssignment(this.#host, opts, this.#owned, assigned)
    // Closed or fenced while the partitions opened: none of them is read.
    if (this.#closing !== undefined || this.#fenced !== undefined) {
      for (const o of taken.owned.values()) void o.reader.close()
      return
    }
    this.#owned = taken.owned
    const lost = taken.lost
    this.#needsJoin = false
    // Cooperative: partitions given up go to their new owner in a second rebalance (KIP-429).
    if (opts.cooperative && lost) this.#needsJoin = true
    this.#scheduleHeartbeat()
  }

  /** Runs a pending coordinator call; undefined when the consumer closed meanwhile. */
  async #call<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call()
    } catch (err) {
      if (this.#closing !== undefined && err instanceof Error && err.name === 'AbortError') return undefined
      throw err
    }
  }

  #onJoinError(code: number): void {
    this.#onError(code)
    if (this.#fenced !== undefined) return
    // NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE: the coordinator is closing; anything else
    // (INCONSISTENT_GROUP_PROTOCOL, GROUP_MAX_SIZE_REACHED, INVALID_SESSION_TIMEOUT...) cannot be
    // retried into success.
    if (!REJOIN.has(code)) throw new LogError('KLOG_CLOSED', `group ${this.#options.groupId}: the coordinator answered ${errorName(code)}`)
  }

  /** Reacts to an error a coordinator call answered: rejoin, forget the member id, or fence. */
  #onError(code: number): void {
    if (code === KafkaError.FENCED_INSTANCE_ID) {
      this.#fenced = new LogError('KLOG_FENCED_INSTANCE_ID', `another member took group instance id ${this.#options.groupInstanceId}`)
      this.#heartbeat?.cancel()
      this.#release()
    } else if (REJOIN.has(code)) {
      if (code === KafkaError.UNKNOWN_MEMBER_ID || code === KafkaError.ILLEGAL_GENERATION) {
        // The member was removed, or its generation is over: its partitions may be someone else's already.
        if (code === KafkaError.UNKNOWN_MEMBER_ID) this.#memberId = ''
        this.#generationId = -1
        this.#release()
      }
      this.#needsJoin = true
    }
    this.#wakeUp()
  }

  /** Gives up every partition (their readers close; nothing is committed). */
  #release(): void {
    for (const o of this.#owned.values()) void o.reader.close()
    this.#owned = new Map()
    this.#buffer = undefined
  }

  #scheduleHeartbeat(): void {
    this.#heartbeat?.cancel()
    if (this.#closing !== undefined) return
    this.#heartbeat = this.#clock.schedule(this.#options.heartbeatIntervalMs, () => {
      // While a JoinGroup/SyncGroup is in flight the rebalance itself keeps the member alive (the Java
      // consumer's heartbeat thread is disabled then too); before that, a member that knows of a
      // rebalance keeps heartbeating until its caller's next next() rejoins, so a slow caller is
      // removed only by the rebalance timeout, as in Kafka.
      if (this.#closing !== undefined || this.#joining) return
      const generationId = this.#generationId
      this.#host.coordinator
        .heartbeat(
          createHeartbeatRequest({
            groupId: this.#options.groupId,
            generationId,
            memberId: this.#memberId,
            groupInstanceId: this.#options.groupInstanceId,
          }),
          this.#context(V.Heartbeat),
        )
        .then(
          (r) => {
            // A rejoin started or happened meanwhile: this answer is about the old generation.
            if (generationId !== this.#generationId || this.#closing !== undefined || this.#joining) return
            if (r.errorCode === KafkaError.NONE) return this.#scheduleHeartbeat()
            this.#onError(r.errorCode)
            if (r.errorCode === KafkaError.REBALANCE_IN_PROGRESS) this.#scheduleHeartbeat()
          },
          () => {
            // The coordinator closed: the broker is closing, and this consumer with it.
            this.#needsJoin = true
            this.#wakeUp()
          },
        )
    })
  }

  /**
   * Drops the records read but not handed out, moving their partition's reader back to the first of
   * them: a partition kept across a cooperative rebalance goes on from there, so no record is
   * skipped (and none is committed unseen).
   */
  #dropBuffer(): void {
    const b = this.#buffer
    this.#buffer = undefined
    const first = b?.records[0]
    if (b !== undefined && first !== undefined) b.owned.reader.seek(first.offset)
  }

  #takeBuffered(): ConsumerRecord | undefined {
    const b = this.#buffer
    if (b === undefined) return undefined
    const record = b.records.shift()
    if (b.records.length === 0) this.#buffer = undefined
    if (record !== undefined) b.owned.handedOut = record.offset + 1
    return record
  }

  /** Reads the next owned partition that has records, in turn; undefined when none has. */
  async #fetch(): Promise<ConsumerRecord | undefined> {
    const owned = [...this.#owned.values()]
    for (let i = 0; i < owned.length; i++) {
      const o = owned[(this.#turn + i) % owned.length]!
      const records = await o.reader.read({ maxBytes: this.#options.maxBytes })
      // A rebalance or close happened while reading: the records are not handed out.
      if (this.#needsJoin || this.#closing !== undefined || this.#owned.get(ownedKey(o.tp)) !== o) return undefined
      if (records.length === 0) continue
      this.#turn = (this.#turn + i + 1) % owned.length
      const { topic, partition } = o.tp
      this.#buffer = {
        owned: o,
        records: records.map((r) => ({
          topic,
          partition,
          offset: r.offset,
          timestamp: r.timestamp,
          key: r.key,
          value: r.value,
          headers: r.headers,
        })),
      }
      return this.#takeBuffered()
    }
    return undefined
  }

  /** Waits until an owned partition has a record past its position, or a rebalance or close. */
  async #waitForRecords(): Promise<void> {
    const round = new AbortController()
    const woken = new Promise<void>((resolve) => (this.#wake = resolve))
    // A close, fence or rebalance that came while this `next()` was reading found no waiter to wake.
    if (this.#closing !== undefined || this.#needsJoin || this.#fenced !== undefined) {
      this.#wake = undefined
      return
    }
    try {
      const waits = [...this.#owned.values()].map((o) =>
        o.log.waitForOffset(o.reader.position, { signal: round.signal }).then(
          () => undefined,
          (err: unknown) => {
            if (round.signal.aborted) return
            throw err
          },
        ),
      )
      await Promise.race([woken, ...waits])
    } finally {
      this.#wake = undefined
      round.abort()
    }
  }

  #wakeUp(): void {
    const wake = this.#wake
    this.#wake = undefined
    wake?.()
  }
}
