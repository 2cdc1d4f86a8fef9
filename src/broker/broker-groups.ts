/**
 * The broker's consumer groups: its {@link GroupCoordinator} (opened with the broker, over the
 * broker directory: each group with committed offsets has a `.kafka-lite-group-*` file there, a
 * name Kafka's log manager ignores, so the directory stays adoptable by a Kafka broker) and the
 * in-process group consumers it hands out. Closed with the broker: consumers first (dynamic members
 * leave their groups), then the ports shared with worker threads (their consumers' calls fail with
 * `KLOG_CLOSED`), then the coordinator (members parked in JoinGroup or SyncGroup, wire clients
 * included, are answered NOT_COORDINATOR; offset writes in flight finish).
 *
 * Glue between `broker.ts` and `group/` + `consumer/`, kept out of `broker.ts`.
 * Concurrency: the broker's thread.
 */
import { MessageChannel } from 'node:worker_threads'
import type { Log } from '../index.js'
import { GroupConsumer } from './consumer/group-consumer.js'
import type { GroupConsumerOptions } from './consumer/consumer-options.js'
import { GROUPS_HANDLE_KIND, type GroupsHandle } from './consumer/groups-port.js'
import { serveGroups, type GroupsServer } from './consumer/groups-server.js'
import type { Clock } from './group/clock.js'
import type { GroupConfig } from './group/context.js'
import { GROUP_COORDINATOR_DEFAULTS, GroupCoordinator } from './group/coordinator.js'

/**
 * Options of the broker's group coordinator (`BrokerOptions.groups`), Kafka's broker configs by
 * their camel-cased names: `initialRebalanceDelayMs` (`group.initial.rebalance.delay.ms`, 3000),
 * `minSessionTimeoutMs` / `maxSessionTimeoutMs` (`group.min/max.session.timeout.ms`, 6000 /
 * 1800000), `maxGroupSize` (`group.max.size`), `maxGroups` (the most groups at once, 10,000: none
 * in Kafka's classic coordinator; past it a new group is GROUP_MAX_SIZE_REACHED), `offsetMetadataMaxBytes`
 * (`offset.metadata.max.bytes`, 4096), `offsetsRetentionMs` (`offsets.retention.minutes`, 7 days),
 * `offsetsRetentionCheckIntervalMs` (`offsets.retention.check.interval.ms`, 600000),
 * `newMemberJoinTimeoutMs` (300000).
 */
export interface BrokerGroupOptions extends Partial<GroupConfig> {
  /** The coordinator's clock and timers (tests pass a fake one). @default the system clock */
  clock?: Clock
  /** The UUIDs in new member ids. @default crypto.randomUUID */
  randomUUID?: () => string
}

const KEYS = [...Object.keys(GROUP_COORDINATOR_DEFAULTS), 'clock', 'randomUUID']

/** What the groups need from the broker. */
export interface GroupsHost {
  /** The partition count of a topic, or undefined when it does not exist. */
  partitionCount(topic: string): number | undefined
  /** A partition's log. @throws LogError `KLOG_UNKNOWN_TOPIC_OR_PARTITION`, `KLOG_CLOSED` */
  log(topic: string, partition: number): Log
}

function partitionCounts(topics: readonly string[], host: GroupsHost): Map<string, number> {
  const counts = new Map<string, number>()
  for (const topic of topics) {
    const n = host.partitionCount(topic)
    if (n !== undefined) counts.set(topic, n)
  }
  return counts
}

/** The broker's coordinator and in-process consumers. */
export class BrokerGroups {
  readonly coordinator: GroupCoordinator
  readonly #host: GroupsHost
  readonly #consumers = new Set<GroupConsumer>()
  readonly #servers = new Set<GroupsServer>()

  private constructor(coordinator: GroupCoordinator, host: GroupsHost) {
    this.coordinator = coordinator
    this.#host = host
  }

  /**
   * Checks `options` (synchronously: call before anything is opened).
   * @throws TypeError for a non-object or an unknown key
   */
  static check(options: BrokerGroupOptions | undefined): void {
    if (options === undefined) return
    if (options === null || typeof options !== 'object') throw new TypeError('options.groups must be an object')
    for (const k of Object.keys(options)) if (!KEYS.includes(k)) throw new TypeError(`options.groups has no option '${k}'`)
  }

  /**
   * Opens the coordinator over `dir` (the broker directory).
   * @throws TypeError/RangeError for invalid options; LogError `KLOG_IO` when the directory cannot be read
   */
  static async open(dir: string, options: BrokerGroupOptions | undefined, host: GroupsHost): Promise<BrokerGroups> {
    BrokerGroups.check(options)
    const coordinator = await GroupCoordinator.open({
      ...options,
      dir,
      partitionExists: (topic, partition) => {
        const n = host.partitionCount(topic)
        return n !== undefined && partition >= 0 && partition < n
      },
    })
    return new BrokerGroups(coordinator, host)
  }

  /** A new in-process group consumer (see `consumer/group-consumer.ts`). */
  consumer(options: GroupConsumerOptions): GroupConsumer {
    const consumer = new GroupConsumer(
      {
        coordinator: this.coordinator,
        openPartition: async (groupId, tp) => ({
          log: this.#host.log(tp.topic, tp.partition),
          committed: this.coordinator.committedOffset(groupId, tp.topic, tp.partition)?.offset,
        }),
        partitionCounts: async (topics) => partitionCounts(topics, this.#host),
        closed: (c) => this.#consumers.delete(c as GroupConsumer),
      },
      options,
    )
    this.#consumers.add(consumer)
    return consumer
  }

  /**
   * A handle for `attachGroups()` in a worker thread: its consumers' coordinator calls come back
   * here over the handle's `MessagePort` (see `consumer/groups-server.ts`). Transfer the port with
   * the handle.
   */
  share(): GroupsHandle {
    const { port1, port2 } = new MessageChannel()
    const server = serveGroups(port1, {
      coordinator: this.coordinator,
      logHandle: (topic, partition) => this.#host.log(topic, partition).share(),
      partitionCounts: (topics) => partitionCounts(topics, this.#host),
      closed: () => this.#servers.delete(server),
    })
    this.#servers.add(server)
    return { kind: GROUPS_HANDLE_KIND, port: port2 }
  }

  /** Closes every consumer (dynamic members leave), then the coordinator. Idempotent. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#consumers].map((c) => c.close()))
    for (const server of this.#servers) server.close()
    await this.coordinator.close()
  }
}
