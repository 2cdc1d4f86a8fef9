/**
 * What the group consumer hands out and holds: a {@link ConsumerRecord} (a record of an owned
 * partition), its {@link ConsumerMembership} (member id, generation, owned partitions), and the state
 * of one owned partition (its log, its reader, the offset after the last record handed out, which
 * `commit()` commits). Data only: the consumer in `group-consumer.ts` keeps the invariants.
 */
import type { Log, LogReader } from '../../index.js'
import type { TopicPartition } from '../group/assignors/assignor.js'

/** A record as the group consumer hands it out. */
export interface ConsumerRecord {
  readonly topic: string
  readonly partition: number
  readonly offset: number
  /** CreateTime (or LogAppendTime) in milliseconds. */
  readonly timestamp: number
  readonly key: Buffer | null
  readonly value: Buffer | null
  readonly headers: readonly { key: string; value: Buffer | null }[]
}

/** The member as it stands (for tools and tests). */
export interface ConsumerMembership {
  readonly memberId: string
  readonly generationId: number
  /** The partitions owned now, sorted. */
  readonly assignment: readonly TopicPartition[]
}

/** An owned partition: its log, its reader and what was handed out of it. */
export interface Owned {
  readonly tp: TopicPartition
  readonly log: Log
  readonly reader: LogReader
  /** The offset after the last record handed out, or undefined before any. */
  handedOut: number | undefined
}
