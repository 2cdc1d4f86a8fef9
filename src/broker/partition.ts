/**
 * One partition of a topic: its `Log` (the directory `<broker dir>/<topic>-<partition>`), the log's
 * single writer, and its idempotent producers. The API a Kafka request handler codes against for
 * one partition: produce raw batches, fetch batches, wait for data, list offsets, delete records.
 *
 * Produce path (`produce`): the batch's producer id is read from its header; batches of one
 * idempotent producer are judged and appended one after the other (a per-producer chain), so each
 * is judged against the state its predecessor left, and a failed append never leaves a later batch
 * judged against a state that did not happen. Batches of other producers, and non-idempotent ones,
 * go straight to the log's queue and share its group commits. Inside `writer.appendBatches` the
 * order is: validation of the bytes (CRC, records), then the topic's policy (`check` hook: one batch,
 * no transactions, keys on a compacted topic, timestamps), then the producer state (duplicate, epoch,
 * sequence), all synchronously before the batch is queued, and the state records the batch once the
 * append resolved.
 *
 * Producer state is rebuilt at open: from the checkpoint a clean close wrote (when the log still ends
 * with the batch it names) plus the batches after it, else from every batch from the log start.
 *
 * Concurrency: the broker's thread only (the log's writer lives here). Readers of `log` may be
 * anywhere (`log.share()`).
 */
import {
  Log,
  LogError,
  LockedError,
  batchInfo,
  type AppendResult,
  type BatchesRead,
  type Compression,
  type LogOptions,
  type LogWriter,
  type ProducedBatch,
  type RecordInput,
} from '../index.js'
import { ProducerStateManager, type BatchMetadata, type ProducerEntry } from './producer-state.js'
import { readProducerState, removeProducerState, writeProducerState } from './producer-state-file.js'
import type { ResolvedTopicConfig } from './topic-config.js'

/** Kafka's `acks`: 0 (no response), 1 (the leader wrote it), -1 (all in-sync replicas: here the one). */
export type Acks = 0 | 1 | -1

/** What `partition.produce()` resolves to: the fields of a ProduceResponse partition entry. */
export interface ProduceResult {
  /** Offset of the first record (the original one for a duplicate). */
  baseOffset: number
  /** Offset of the last record. */
  lastOffset: number
  /** The LogAppendTime stamped (topics with `message.timestamp.type=LogAppendTime`), else -1. */
  logAppendTime: number
  /** The partition's log start offset after the append. */
  logStartOffset: number
  /** True when the batch repeated one the producer already appended: nothing was appended. */
  duplicate: boolean
}

/** What `listOffsets` looks up (Kafka's ListOffsets timestamps -2, -1, -3, or a time). */
export type OffsetSpec = 'earliest' | 'latest' | 'max-timestamp' | { timestamp: number }

/** What `partition.listOffsets()` resolves to; `offset` -1 and `timestamp` -1 when nothing matches. */
export interface ListedOffset {
  offset: number
  timestamp: number
}

/** What a partition needs from its broker. */
export interface PartitionHost {
  /** The topic's configs in force now (read per produce: `live` changes apply at once). */
  config(): ResolvedTopicConfig
  /** Kafka's `producer.id.expiration.ms`. */
  producerIdExpirationMs: number
}

/** Thrown inside the `check` hook to stop the append of a duplicate; never leaves this module. */
class Duplicate extends Error {
  constructor(readonly batch: BatchMetadata) {
    super('duplicate batch')
  }
}

const REBUILD_READ_BYTES = 1 << 20

/** One partition (see the module comment). Created by the broker. */
export class Partition {
  /** The topic's name. */
  readonly topic: string
  /** The partition's index in its topic. */
  readonly index: number
  /** Kafka's topic id of the topic. */
  readonly topicId: string
  readonly #log: Log
  readonly #writer: LogWriter
  readonly #host: PartitionHost
  readonly #producers: ProducerStateManager
  /** The last produce of each idempotent producer still in flight. */
  readonly #chains = new Map<number, Promise<unknown>>()
  #closed: Promise<void> | undefined

  private constructor(topic: string, index: number, topicId: string, log: Log, writer: LogWriter, host: PartitionHost) {
    this.topic = topic
    this.index = index
    this.topicId = topicId
    this.#log = log
    this.#writer = writer
    this.#host = host
    this.#producers = new ProducerStateManager(host.producerIdExpirationMs)
  }

  /**
   * @internal Opens (creating if needed) the partition's log in `dir` and rebuilds its producers.
   * @throws LogError `KLOG_LOCKED` when another process holds the directory, `KLOG_IO`, …
   */
  static async open(
    dir: string,
    topic: string,
    index: number,
    topicId: string,
    options: LogOptions,
    host: PartitionHost,
  ): Promise<Partition> {
    const log = await Log.open(dir, options)
    try {
      if (log.readOnly) throw new LockedError(dir, log.lockHolder)
      const writer = await log.writer()
      const p = new Partition(topic, index, topicId, log, writer, host)
      await p.#rebuildProducers()
      return p
    } catch (err) {
      await log.close().catch(() => undefined)
      throw err
    }
  }

  /** The partition's log: read it (`reader`, `readBatches`, `get`), share it with workers. Do not close it: the broker does. */
  get log(): Log {
    return this.#log
  }

  /** First offset still in the log. */
  get logStartOffset(): number {
    return this.#log.logStartOffset
  }

  /** Offsets below it are committed and readable. */
  get highWatermark(): number {
    return this.#log.highWatermark
  }

  /** The offset the next record gets. */
  get logEndOffset(): number {
    return this.#log.logEndOffset
  }

  /** The idempotent producers this partition knows (Kafka's DescribeProducers), by producer id. */
  producers(): ProducerEntry[] {
    return this.#producers.entries()
  }

  /**
   * Kafka's produce of one partition: appends the client's batch as it came (validated, base offset
   * stamped), after the topic's policy and the idempotent-producer checks. Exactly one batch, as
   * Kafka requires of Produce v3+. Resolves once the batch is written (and fsynced when the topic's
   * `flush.*` configs say `'always'`). With `acks` 0 the wire layer sends no response, but the append
   * is the same; 1 and -1 are the same on a single broker, except that -1 honours `min.insync.replicas`.
   * A duplicate of one of the producer's last 5 batches appends nothing and resolves with the
   * original offsets (`duplicate: true`).
   * @param batch - the partition's `records` field of a ProduceRequest
   * @throws RangeError for `acks` other than 0, 1, -1
   * @throws LogError `KLOG_CORRUPT_BATCH`, `KLOG_RECORD_TOO_LARGE` (`max.message.bytes`,
   *   `max.decompressed.message.bytes`, `segment.bytes`), `KLOG_UNSUPPORTED_CODEC`,
   *   `KLOG_INVALID_RECORD` (more than one batch, a transactional batch, keyless records on a compacted
   *   topic), `KLOG_INVALID_TIMESTAMP`, `KLOG_OUT_OF_ORDER_SEQUENCE`, `KLOG_INVALID_PRODUCER_EPOCH`,
   *   `KLOG_NOT_ENOUGH_REPLICAS`, `KLOG_CLOSED`, `KLOG_DISK_FULL`, `KLOG_IO`, `KLOG_WRITER_FAILED`
   */
  produce(batch: Uint8Array, options: { acks?: Acks } = {}): Promise<ProduceResult> {
    if (!(batch instanceof Uint8Array)) throw new TypeError('produce needs the batch bytes')
    const acks = options.acks ?? -1
    if (acks !== 0 && acks !== 1 && acks !== -1) throw new RangeError('acks must be 0, 1 or -1')
    const bytes = Buffer.from(batch.buffer, batch.byteOffset, batch.byteLength)
    // Unvalidated yet: used only to choose the chain (validation follows, inside appendBatches).
    const producerId = bytes.length >= 61 ? batchInfo(bytes).producerId : -1
    if (producerId < 0) return this.#produceNow(bytes, acks)
    const previous = this.#chains.get(producerId)
    const run = (async () => {
      if (previous !== undefined) await previous.catch(() => undefined)
      return this.#produceNow(bytes, acks)
    })()
    this.#chains.set(producerId, run)
    void run
      .catch(() => undefined)
      .finally(() => {
        if (this.#chains.get(producerId) === run) this.#chains.delete(producerId)
      })
    return run
  }

  async #produceNow(bytes: Buffer, acks: Acks): Promise<ProduceResult> {
    const cfg = this.#host.config()
    if (acks === -1 && cfg.minInsyncReplicas > 1) {
      throw new LogError('KLOG_NOT_ENOUGH_REPLICAS', `min.insync.replicas is ${cfg.minInsyncReplicas}; a single broker has one replica`)
    }
    const now = Date.now()
    let judged: ProducedBatch | undefined
    const check = (b: ProducedBatch): void => {
      if (b.position > 0) throw new LogError('KLOG_INVALID_RECORD', 'a produce carries exactly one batch per partition')
      this.#checkPolicy(b, cfg, now)
      if (b.producerId >= 0) {
        const verdict = this.#producers.check(b, now)
        if (verdict.kind === 'duplicate') throw new Duplicate(verdict.batch)
      }
      judged = b
    }
    let r
    try {
      r = await this.#writer.appendBatches(bytes, {
        check,
        timestampType: cfg.timestampType,
        maxBatchBytes: Math.max(1, cfg.maxMessageBytes),
        maxUncompressedBytes: cfg.maxDecompressedBytes,
      })
    } catch (err) {
      if (err instanceof Duplicate) {
        return {
          baseOffset: err.batch.firstOffset,
          lastOffset: err.batch.lastOffset,
          logAppendTime: cfg.timestampType === 'LogAppendTime' ? err.batch.timestamp : -1,
          logStartOffset: this.#log.logStartOffset,
          duplicate: true,
        }
      }
      throw err
    }
    const b = judged!
    if (b.producerId >= 0) this.#producers.record(b, r.baseOffset, r.lastOffset, r.logAppendTime >= 0 ? r.logAppendTime : b.maxTimestamp)
    return {
      baseOffset: r.baseOffset,
      lastOffset: r.lastOffset,
      logAppendTime: r.logAppendTime,
      logStartOffset: this.#log.logStartOffset,
      duplicate: false,
    }
  }

  /** The topic's policy for a produced batch (Kafka's `LogValidator` checks that depend on topic configs). */
  #checkPolicy(b: ProducedBatch, cfg: ResolvedTopicConfig, now: number): void {
    if (b.isTransactional) throw new LogError('KLOG_INVALID_RECORD', 'transactions are not supported by this broker')
    if (b.keylessRecords > 0 && cfg.cleanupPolicy !== 'delete') {
      throw new LogError('KLOG_INVALID_RECORD', `a compacted topic takes no record without a key (${b.keylessRecords} in the batch)`)
    }
    if (cfg.timestampType === 'CreateTime') checkTimestamps(b.minTimestamp, b.maxTimestamp, cfg, now)
  }

  /**
   * In-process append of records (what `broker.producer()` sends): encoded by the log (split by
   * `max.message.bytes`, compressed as `compression` or the topic's `compression.type` says), under
   * the topic's policy (keys on a compacted topic, timestamps; LogAppendTime topics get the time of
   * the call, returned as `logAppendTime`, else -1). Not idempotent: an in-process send has no
   * network to retry over.
   * @throws LogError `KLOG_INVALID_RECORD`, `KLOG_INVALID_TIMESTAMP`, `KLOG_NOT_ENOUGH_REPLICAS`,
   *   `KLOG_RECORD_TOO_LARGE`, `KLOG_UNSUPPORTED_CODEC`, `KLOG_CLOSED`, `KLOG_DISK_FULL`, `KLOG_IO`
   */
  async append(
    records: readonly RecordInput[],
    options: { compression?: Compression; acks?: Acks } = {},
  ): Promise<AppendResult & { logAppendTime: number }> {
    const cfg = this.#host.config()
    if ((options.acks ?? -1) === -1 && cfg.minInsyncReplicas > 1) {
      throw new LogError('KLOG_NOT_ENOUGH_REPLICAS', `min.insync.replicas is ${cfg.minInsyncReplicas}; a single broker has one replica`)
    }
    const now = Date.now()
    let input = records
    if (cfg.timestampType === 'LogAppendTime') input = records.map((r) => ({ ...r, timestamp: now }))
    else {
      let min = Infinity
      let max = -Infinity
      for (const r of records) {
        const t = r.timestamp ?? now
        if (t < min) min = t
        if (t > max) max = t
      }
      if (records.length > 0) checkTimestamps(min, max, cfg, now)
    }
    if (cfg.cleanupPolicy !== 'delete' && records.some((r) => r.key === undefined || r.key === null)) {
      throw new LogError('KLOG_INVALID_RECORD', 'a compacted topic takes no record without a key')
    }
    const compression = cfg.compression ?? options.compression
    const r = await this.#writer.append(input, compression === undefined ? undefined : { compression })
    return { ...r, logAppendTime: cfg.timestampType === 'LogAppendTime' ? now : -1 }
  }

  /**
   * Kafka's fetch of one partition: whole batches from the one holding `offset`, about `maxBytes`
   * of them (the first whole however large), never past the high watermark (`log.readBatches`).
   * @throws LogError `KLOG_OFFSET_OUT_OF_RANGE` (below the log start or above the log end),
   *   `KLOG_CORRUPT_SEGMENT`, `KLOG_CLOSED`, `KLOG_IO`
   */
  fetch(options: { offset: number; maxBytes: number; isolation?: 'read_uncommitted' | 'read_committed' }): Promise<BatchesRead> {
    return this.#log.readBatches({
      from: options.offset,
      maxBytes: options.maxBytes,
      ...(options.isolation ? { isolation: options.isolation } : {}),
    })
  }

  /**
   * A fetch's long poll: resolves with the high watermark once it is above `offset`, woken by the
   * writer (never a timer). Abort it with `signal` (e.g. `AbortSignal.timeout(maxWaitMs)`).
   * @throws the `AbortError` of `signal`; LogError `KLOG_CLOSED` when the partition closes
   */
  waitForData(offset: number, options: { signal?: AbortSignal } = {}): Promise<number> {
    return this.#log.waitForOffset(offset, options)
  }

  /**
   * Kafka's ListOffsets for this partition: `'earliest'` (the log start offset), `'latest'` (the
   * high watermark, which is also the last stable offset), `'max-timestamp'` (the record with the
   * largest timestamp, KIP-734), or `{ timestamp }` (the first record at or after it, with its own
   * timestamp). Earliest and latest carry timestamp -1; a lookup that finds nothing is offset -1,
   * timestamp -1.
   * @throws LogError `KLOG_CORRUPT_SEGMENT`, `KLOG_CLOSED`, `KLOG_IO`
   */
  async listOffsets(spec: OffsetSpec): Promise<ListedOffset> {
    if (spec === 'earliest') return { offset: this.#log.logStartOffset, timestamp: -1 }
    if (spec === 'latest') return { offset: this.#log.highWatermark, timestamp: -1 }
    if (spec === 'max-timestamp') return (await this.#log.maxTimestamp()) ?? { offset: -1, timestamp: -1 }
    if (spec === null || typeof spec !== 'object' || typeof spec.timestamp !== 'number') {
      throw new TypeError("spec must be 'earliest', 'latest', 'max-timestamp' or { timestamp }")
    }
    for (;;) {
      const offset = await this.#log.offsetForTimestamp(spec.timestamp)
      if (offset === undefined) return { offset: -1, timestamp: -1 }
      const record = await this.#log.get(offset)
      // Retention may remove it between the two steps: look again.
      if (record !== undefined) return { offset, timestamp: record.timestamp }
    }
  }

  /**
   * Kafka's DeleteRecords: moves the log start offset to `offset` (-1: the high watermark),
   * deleting the records below it; producers with no batch left forget their state.
   * @returns the new log start offset (Kafka's low watermark)
   * @throws LogError `KLOG_OFFSET_OUT_OF_RANGE` above the high watermark, `KLOG_CLOSED`, `KLOG_IO`
   */
  async deleteRecords(offset: number): Promise<{ lowWatermark: number }> {
    // Kafka deletes records only from topics whose cleanup policy includes `delete` (ReplicaManager).
    if (!this.#host.config().cleanupPolicy.includes('delete')) {
      throw new LogError('KLOG_POLICY_VIOLATION', `records cannot be deleted from a topic whose cleanup.policy is compact only`)
    }
    const target = offset === -1 ? this.#log.highWatermark : offset
    const lowWatermark = await this.#writer.deleteRecordsBefore(target)
    this.#producers.truncateHead(lowWatermark)
    return { lowWatermark }
  }

  /** Rebuilds the producers from the checkpoint (if it still describes the log) and the batches after it. */
  async #rebuildProducers(): Promise<void> {
    const log = this.#log
    const saved = readProducerState(log.dir)
    let from = log.logStartOffset
    if (saved !== undefined && saved.offset > from && saved.offset <= log.highWatermark) {
      const { records } = await log.readBatches({ from: saved.offset - 1, maxBytes: 1 })
      const last = records.length >= 61 ? batchInfo(records) : undefined
      if (last !== undefined && last.lastOffset === saved.offset - 1 && last.crc === saved.lastBatchCrc) {
        for (const p of saved.producers) this.#producers.restore(p)
        from = saved.offset
      }
    }
    // The checkpoint describes one moment: once the log moves on it is stale (rewritten at close).
    removeProducerState(log.dir)
    while (from < log.highWatermark) {
      const r = await log.readBatches({ from, maxBytes: REBUILD_READ_BYTES })
      for (let p = 0; p < r.records.length;) {
        const info = batchInfo(r.records, p)
        if (info.producerId >= 0 && !info.isControl && info.lastOffset >= from) {
          this.#producers.record(info, info.baseOffset, info.lastOffset, info.maxTimestamp)
        }
        p += info.size
      }
      from = r.nextOffset
    }
    this.#producers.truncateHead(log.logStartOffset)
    this.#producers.removeExpired(Date.now())
  }

  /** @internal Closes the log after its pending appends (checkpointing the producers). Idempotent. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      await Promise.allSettled([...this.#chains.values()])
      try {
        await this.#writer.flush()
        const end = this.#log.highWatermark
        if (end > this.#log.logStartOffset && this.#producers.size > 0) {
          const { records } = await this.#log.readBatches({ from: end - 1, maxBytes: 1 })
          if (records.length >= 61)
            writeProducerState(this.#log.dir, { offset: end, lastBatchCrc: batchInfo(records).crc, producers: this.#producers.entries() })
        }
      } finally {
        await this.#log.close()
      }
    })()
    return this.#closed
  }
}

/** Kafka's `message.timestamp.before.max.ms` / `after.max.ms` check of CreateTime records. */
function checkTimestamps(min: number, max: number, cfg: ResolvedTopicConfig, now: number): void {
  if (now - min > cfg.timestampBeforeMaxMs || max - now > cfg.timestampAfterMaxMs) {
    throw new LogError(
      'KLOG_INVALID_TIMESTAMP',
      `record timestamps [${min}, ${max}] are outside [now - ${cfg.timestampBeforeMaxMs}, now + ${cfg.timestampAfterMaxMs}] (message.timestamp.*.max.ms)`,
    )
  }
}
