/**
 * What a {@link GroupConsumer} needs from where it runs, and the owned partitions it keeps:
 * - {@link ConsumerHost}: the group coordinator's membership and commit calls, the logs of assigned
 *   partitions with the group's committed offsets, and topics' partition counts. In the broker's
 *   thread the host calls the coordinator and the broker directly (`broker-groups.ts`); in a worker
 *   thread it sends the same calls over a `MessagePort` to the broker's thread and reads the
 *   partitions through logs attached from their `log.share()` handles (`worker-groups.ts`).
 * - {@link takeAssignment}: a new assignment turned into owned partitions (kept ones keep their
 *   readers and positions, new ones start at their committed offset, lost ones are closed).
 *
 * Concurrency: the consumer's thread.
 */
import type { Log } from '../../index.js'
import type { TopicPartition } from '../group/assignors/assignor.js'
import type { GroupCoordinator } from '../group/coordinator.js'
import type { Owned } from './consumer-records.js'
import type { ResolvedConsumerOptions } from './consumer-options.js'

/** The coordinator calls a consumer makes (a {@link GroupCoordinator}, or its proxy in a worker thread). */
export interface ConsumerCoordinator extends Pick<
  GroupCoordinator,
  'joinGroup' | 'syncGroup' | 'heartbeat' | 'leaveGroup' | 'commitOffsets'
> {
  /** True once the coordinator closed (or, in a worker, the broker's thread is gone). */
  readonly closed: boolean
}

/** An assigned partition as the host opens it: its log and the group's committed offset, if any. */
export interface OpenedPartition {
  readonly log: Log
  /** The group's committed offset of the partition (as a wire client may have committed it: any int64). */
  readonly committed: bigint | undefined
}

/** What the consumer needs from where it runs (see the module comment). */
export interface ConsumerHost {
  readonly coordinator: ConsumerCoordinator
  /**
   * The log of an assigned partition and the group's committed offset of it.
   * @throws LogError `KLOG_UNKNOWN_TOPIC_OR_PARTITION`, `KLOG_CLOSED`
   */
  openPartition(groupId: string, tp: TopicPartition): Promise<OpenedPartition>
  /** The partition counts of `topics` (a topic that does not exist is left out). */
  partitionCounts(topics: readonly string[]): Promise<ReadonlyMap<string, number>>
  /** Called once when the consumer has closed. */
  closed(consumer: object): void
}

/** The key of a partition in a map (a consumer's owned partitions, a worker's attached logs). */
export const ownedKey = (tp: TopicPartition): string => `${tp.topic}\0${tp.partition}`

/**
 * Turns `assigned` into owned partitions: a partition owned already keeps its reader (and position);
 * a new one gets a reader at the group's committed offset, else at `autoOffsetReset`; a partition no
 * longer assigned has its reader closed. Returns the new map and whether a partition was lost.
 * When opening fails, the readers opened so far are closed and the old map is left as it was.
 */
export async function takeAssignment(
  host: ConsumerHost,
  options: ResolvedConsumerOptions,
  owned: ReadonlyMap<string, Owned>,
  assigned: readonly TopicPartition[],
): Promise<{ owned: Map<string, Owned>; lost: boolean }> {
  const keep = new Map<string, Owned>()
  const opened: Owned[] = []
  try {
    for (const tp of assigned) {
      const key = ownedKey(tp)
      const current = owned.get(key)
      if (current !== undefined) {
        keep.set(key, current)
        continue
      }
      const { log, committed } = await host.openPartition(options.groupId, tp)
      const reset = options.autoOffsetReset
      // A wire client may have committed anything (-1, past the log end): the reader's reset policy
      // applies to an offset out of range, the default start to one no log can have.
      const valid = committed !== undefined && committed >= 0n && committed <= BigInt(Number.MAX_SAFE_INTEGER)
      const o: Owned = {
        tp,
        log,
        reader: log.reader({ from: valid ? Number(committed) : reset, onOutOfRange: reset }),
        handedOut: undefined,
      }
      opened.push(o)
      keep.set(key, o)
    }
  } catch (err) {
    for (const o of opened) void o.reader.close()
    throw err
  }
  let lost = false
  for (const [key, o] of owned) {
    if (!keep.has(key)) {
      lost = true
      void o.reader.close()
    }
  }
  return { owned: keep, lost }
}
