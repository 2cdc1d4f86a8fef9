/**
 * Idempotent producers, per partition: Kafka's `ProducerStateManager` / `ProducerAppendInfo` for
 * data batches from clients, without transactions.
 *
 * For each producer id the partition keeps its epoch and the metadata of its last 5 batches
 * (`firstSeq`, `lastSeq`, `firstOffset`, `lastOffset`, `timestamp`: Kafka's
 * `ProducerStateEntry.NUM_BATCHES_TO_RETAIN`). A produced batch with a producer id ≥ 0 is judged
 * before it is appended, in Kafka's order:
 * 1. duplicate: same epoch and exactly the `[firstSeq, lastSeq]` of one of the retained batches →
 *    nothing is appended, the original offsets are the answer (error NONE);
 * 2. epoch: lower than the producer's → `INVALID_PRODUCER_EPOCH` (fenced);
 * 3. sequence: a new epoch must start at sequence 0 (`OUT_OF_ORDER_SEQUENCE_NUMBER` otherwise); the
 *    same epoch must continue at `lastSeq + 1`, wrapping from 2^31 - 1 to 0
 *    (`OUT_OF_ORDER_SEQUENCE_NUMBER` otherwise). A producer the partition does not know (never seen,
 *    expired, or its batches deleted) is taken at any sequence: Kafka 4 does the same since KIP-360
 *    (it no longer answers `UNKNOWN_PRODUCER_ID` to a produce).
 * A batch that passed is recorded once it is appended (a new epoch starts with no retained batches).
 * State is rebuilt at open from the batches' own producer fields (`record` without checks, as
 * Kafka's loader does), or from the checkpoint a clean close leaves (`partition.ts`).
 * Producers whose last batch is older than `producer.id.expiration.ms` are forgotten.
 *
 * Writer side of one partition; the broker serialises the check and the append per producer id.
 */
import { LogError } from '../index.js'

/** Kafka's `ProducerStateEntry.NUM_BATCHES_TO_RETAIN`. */
export const BATCHES_TO_RETAIN = 5
/** Kafka's `producer.id.expiration.ms` default: one day. */
export const DEFAULT_PRODUCER_ID_EXPIRATION_MS = 86_400_000
const INT32_MAX = 2 ** 31 - 1

/** One retained batch of a producer. */
export interface BatchMetadata {
  firstSeq: number
  lastSeq: number
  firstOffset: number
  lastOffset: number
  /** The batch's max timestamp (or its LogAppendTime). */
  timestamp: number
}

/** A producer's state in one partition. */
export interface ProducerEntry {
  producerId: number
  epoch: number
  /** The last batches, oldest first, at most {@link BATCHES_TO_RETAIN}. */
  batches: BatchMetadata[]
}

/** The producer fields of a batch being judged or recorded. */
export interface ProducerBatch {
  producerId: number
  producerEpoch: number
  baseSequence: number
  lastSequence: number
}

/** What {@link ProducerStateManager.check} decided. */
export type ProducerVerdict = { kind: 'append' } | { kind: 'duplicate'; batch: BatchMetadata }

/** Kafka's `inSequence`: `next` follows `last`, wrapping from 2^31 - 1 to 0. */
function inSequence(last: number, next: number): boolean {
  return next === last + 1 || (next === 0 && last === INT32_MAX)
}

/** The idempotent producers of one partition (see the module comment). */
export class ProducerStateManager {
  readonly #expirationMs: number
  readonly #producers = new Map<number, ProducerEntry>()

  constructor(expirationMs = DEFAULT_PRODUCER_ID_EXPIRATION_MS) {
    this.#expirationMs = expirationMs
  }

  /** Producers known now. */
  get size(): number {
    return this.#producers.size
  }

  /** The state of `producerId`, or `undefined` (a copy). */
  entry(producerId: number): ProducerEntry | undefined {
    const e = this.#producers.get(producerId)
    return e === undefined ? undefined : { producerId, epoch: e.epoch, batches: e.batches.map((b) => ({ ...b })) }
  }

  /** Every known producer (copies), by producer id. */
  entries(): ProducerEntry[] {
    return [...this.#producers.keys()].sort((a, b) => a - b).map((id) => this.entry(id)!)
  }

  /**
   * Judges a batch of an idempotent producer (producer id ≥ 0) before it is appended.
   * @param now - the broker's clock, for expiration
   * @returns `append`, or `duplicate` with the retained batch it repeats
   * @throws LogError `KLOG_INVALID_PRODUCER_EPOCH`, `KLOG_OUT_OF_ORDER_SEQUENCE`
   */
  check(b: ProducerBatch, now: number): ProducerVerdict {
    const current = this.#live(b.producerId, now)
    if (current === undefined) return { kind: 'append' }
    if (b.producerEpoch === current.epoch) {
      const dup = current.batches.find((m) => m.firstSeq === b.baseSequence && m.lastSeq === b.lastSequence)
      if (dup !== undefined) return { kind: 'duplicate', batch: { ...dup } }
    }
    if (b.producerEpoch < current.epoch) {
      throw new LogError(
        'KLOG_INVALID_PRODUCER_EPOCH',
        `producer ${b.producerId} has epoch ${b.producerEpoch}, older than the last seen epoch ${current.epoch}`,
      )
    }
    if (b.producerEpoch !== current.epoch) {
      if (b.baseSequence !== 0) {
        throw new LogError(
          'KLOG_OUT_OF_ORDER_SEQUENCE',
          `producer ${b.producerId}: new epoch ${b.producerEpoch} must start at sequence 0, not ${b.baseSequence}`,
        )
      }
      return { kind: 'append' }
    }
    const last = current.batches.at(-1)
    if (last !== undefined && !inSequence(last.lastSeq, b.baseSequence)) {
      throw new LogError(
        'KLOG_OUT_OF_ORDER_SEQUENCE',
        `producer ${b.producerId}: sequence ${b.baseSequence} does not follow ${last.lastSeq} (epoch ${b.producerEpoch})`,
      )
    }
    return { kind: 'append' }
  }

  /**
   * Records an appended batch (after `check`, or while rebuilding from the log, where nothing is
   * checked: the log is the truth). A new epoch starts with no retained batches.
   */
  record(b: ProducerBatch, firstOffset: number, lastOffset: number, timestamp: number): void {
    let e = this.#producers.get(b.producerId)
    if (e === undefined || e.epoch !== b.producerEpoch) {
      e = { producerId: b.producerId, epoch: b.producerEpoch, batches: [] }
      this.#producers.set(b.producerId, e)
    }
    e.batches.push({ firstSeq: b.baseSequence, lastSeq: b.lastSequence, firstOffset, lastOffset, timestamp })
    if (e.batches.length > BATCHES_TO_RETAIN) e.batches.shift()
  }

  /** Restores a producer's state (from a checkpoint). */
  restore(entry: ProducerEntry): void {
    this.#producers.set(entry.producerId, {
      producerId: entry.producerId,
      epoch: entry.epoch,
      batches: entry.batches.slice(-BATCHES_TO_RETAIN).map((b) => ({ ...b })),
    })
  }

  /** Forgets producers whose last batch is older than the expiration (Kafka's `removeExpiredProducers`). */
  removeExpired(now: number): void {
    for (const [id, e] of this.#producers) if (this.#expired(e, now)) this.#producers.delete(id)
  }

  /**
   * Forgets producers with no batch at or above `logStartOffset` (their records were deleted, by
   * DeleteRecords or retention), and retained batches below it (Kafka's `truncateHead`).
   */
  truncateHead(logStartOffset: number): void {
    for (const [id, e] of this.#producers) {
      e.batches = e.batches.filter((b) => b.lastOffset >= logStartOffset)
      if (e.batches.length === 0) this.#producers.delete(id)
    }
  }

  /** Forgets everything (the state is rebuilt). */
  clear(): void {
    this.#producers.clear()
  }

  #live(producerId: number, now: number): ProducerEntry | undefined {
    const e = this.#producers.get(producerId)
    if (e !== undefined && this.#expired(e, now)) {
      this.#producers.delete(producerId)
      return undefined
    }
    return e
  }

  #expired(e: ProducerEntry, now: number): boolean {
    const last = e.batches.at(-1)
    return last !== undefined && now - last.timestamp >= this.#expirationMs
  }
}
