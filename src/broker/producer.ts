/**
 * The in-process producer: `broker.producer().send({ topic, messages })`, partitioned exactly as
 * Kafka's Java client partitions (murmur2 of the key, sticky for keyless records, or the partition
 * given), appended through each partition's serialised path, and answered per message with its
 * partition and offset.
 *
 * Main thread (the broker's thread) only: worker-thread producers would need the appends carried
 * across threads to the broker's writers (a later addition).
 */
import { LogError, type Compression, type HeaderInput } from '../index.js'
import type { Acks, Partition } from './partition.js'
import { DEFAULT_STICKY_BATCH_BYTES, StickyPartitioner, partitionForKey } from './partitioner.js'

/** One message of a `send`. */
export interface ProducerMessage {
  /** The key: records with the same key go to the same partition (murmur2, as Kafka's clients). */
  key?: Buffer | Uint8Array | string | null
  /** The value; `null` is a tombstone. */
  value: Buffer | Uint8Array | string | null
  /** Headers in order; repeated keys allowed. */
  headers?: readonly HeaderInput[]
  /** The partition, overriding the partitioner. */
  partition?: number
  /** CreateTime in ms. @default now */
  timestamp?: number
}

/** What `producer.send()` takes. */
export interface ProducerRecord {
  topic: string
  messages: readonly ProducerMessage[]
  /**
   * Kafka's `acks`: -1 (all, the default, as Kafka's clients since 3.0) and 1 resolve once the records
   * are written; 0 resolves once they are queued, with offsets -1 (a write that fails afterwards is
   * reported by the next `send`, `flush` or `close` of this producer).
   * @default -1
   */
  acks?: Acks
}

/** Where one message went. */
export interface RecordMetadata {
  topic: string
  partition: number
  /** Its offset, or -1 with `acks: 0`. */
  offset: number
  /** Its timestamp as stored (the LogAppendTime on such topics). */
  timestamp: number
}

/** Options of `broker.producer()`. */
export interface ProducerOptions {
  /** Codec of the batches, for topics whose `compression.type` is `producer`. @default 'none' */
  compression?: Compression
  /** Keyless bytes sent to one sticky partition before another is picked (Kafka's `batch.size`). @default 16384 */
  batchSize?: number
  /** @default -1 */
  acks?: Acks
}

/** What the producer needs from its broker. */
export interface ProducerHost {
  /** The topic's partitions, creating the topic when the broker auto-creates topics. */
  partitionsOf(topic: string): Promise<readonly Partition[]>
}

function byteLength(v: Buffer | Uint8Array | string | null | undefined): number {
  return v === null || v === undefined ? 0 : typeof v === 'string' ? Buffer.byteLength(v) : v.length
}

/** An in-process producer (see the module comment). Created by `broker.producer()`. */
export class Producer implements AsyncDisposable {
  readonly #host: ProducerHost
  readonly #sticky: StickyPartitioner
  readonly #compression: Compression | undefined
  readonly #acks: Acks
  /** Writes of `acks: 0` sends not yet settled. */
  readonly #background = new Set<Promise<unknown>>()
  #backgroundError: unknown
  #closed = false

  /** @internal Created by `broker.producer()`. */
  constructor(host: ProducerHost, options: ProducerOptions = {}) {
    this.#host = host
    this.#sticky = new StickyPartitioner(options.batchSize ?? DEFAULT_STICKY_BATCH_BYTES)
    this.#compression = options.compression
    this.#acks = options.acks ?? -1
  }

  /**
   * Sends messages to one topic: each goes to its partition (given, by key, or sticky), and the
   * messages of one partition are appended together, in order, as one append (several batches when
   * they exceed `max.message.bytes`). Partitions are appended concurrently and independently, as a
   * Kafka client's are: when one fails the send rejects with its error, and the others may be written.
   * @returns where each message went, in the order given
   * @throws TypeError / RangeError (synchronously) for malformed input
   * @throws LogError `KLOG_UNKNOWN_TOPIC_OR_PARTITION` (no such topic and no auto-creation, or a
   *   partition it does not have), and what `Partition.append` rejects with
   */
  send(record: ProducerRecord): Promise<RecordMetadata[]> {
    if (record === null || typeof record !== 'object' || typeof record.topic !== 'string')
      throw new TypeError('send needs { topic, messages }')
    if (!Array.isArray(record.messages) || record.messages.length === 0) throw new TypeError('send needs at least one message')
    const acks = record.acks ?? this.#acks
    if (acks !== 0 && acks !== 1 && acks !== -1) throw new RangeError('acks must be 0, 1 or -1')
    const messages: readonly ProducerMessage[] = record.messages
    for (const m of messages) {
      if (m === null || typeof m !== 'object') throw new TypeError('a message must be an object')
      if (m.partition !== undefined && (!Number.isSafeInteger(m.partition) || m.partition < 0)) {
        throw new RangeError('message.partition must be a non-negative integer')
      }
    }
    return this.#send(record.topic, record.messages, acks)
  }

  async #send(topic: string, messages: readonly ProducerMessage[], acks: Acks): Promise<RecordMetadata[]> {
    if (this.#closed) throw new LogError('KLOG_CLOSED', 'the producer is closed')
    this.#throwBackground()
    const partitions = await this.#host.partitionsOf(topic)
    const n = partitions.length
    const groups = new Map<number, number[]>()
    messages.forEach((m, i) => {
      let p: number
      if (m.partition !== undefined) {
        if (m.partition >= n) throw new LogError('KLOG_UNKNOWN_TOPIC_OR_PARTITION', `topic ${topic} has no partition ${m.partition}`)
        p = m.partition
      } else if (m.key !== undefined && m.key !== null) {
        p = partitionForKey(typeof m.key === 'string' ? Buffer.from(m.key, 'utf8') : m.key, n)
      } else {
        const size = byteLength(m.value) + (m.headers ?? []).reduce((s, h) => s + Buffer.byteLength(h.key) + byteLength(h.value), 0)
        p = this.#sticky.partition(topic, n, size)
      }
      const g = groups.get(p)
      if (g === undefined) groups.set(p, [i])
      else g.push(i)
    })
    const out = new Array<RecordMetadata>(messages.length)
    const now = Date.now()
    const appends = [...groups].map(async ([p, indexes]) => {
      const input = indexes.map((i) => {
        const m = messages[i]!
        return { key: m.key ?? null, value: m.value, headers: m.headers ?? [], timestamp: m.timestamp ?? now }
      })
      const write = partitions[p]!.append(input, { acks, ...(this.#compression === undefined ? {} : { compression: this.#compression }) })
      if (acks === 0) {
        this.#track(write)
        indexes.forEach((i, k) => (out[i] = { topic, partition: p, offset: -1, timestamp: input[k]!.timestamp }))
        return
      }
      const { baseOffset, logAppendTime } = await write
      // A LogAppendTime topic stores the time of the append instead of the message's.
      indexes.forEach(
        (i, k) =>
          (out[i] = { topic, partition: p, offset: baseOffset + k, timestamp: logAppendTime >= 0 ? logAppendTime : input[k]!.timestamp }),
      )
    })
    const settled = await Promise.allSettled(appends)
    const failed = settled.find((s) => s.status === 'rejected')
    if (failed !== undefined) {
      const reason: unknown = failed.reason
      throw reason
    }
    return out
  }

  #track(write: Promise<unknown>): void {
    const p = write.then(
      () => undefined,
      (err: unknown) => {
        this.#backgroundError ??= err
      },
    )
    this.#background.add(p)
    void p.finally(() => this.#background.delete(p))
  }

  #throwBackground(): void {
    if (this.#backgroundError === undefined) return
    const err: unknown = this.#backgroundError
    this.#backgroundError = undefined
    throw err
  }

  /**
   * Waits for the writes of `acks: 0` sends; rejects with the first of them that failed.
   * @throws what such a write failed with
   */
  async flush(): Promise<void> {
    await Promise.all([...this.#background])
    this.#throwBackground()
  }

  /** Flushes, then refuses further sends (`KLOG_CLOSED`). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.flush()
  }

  /** `await using` support: the same as `close()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }
}
