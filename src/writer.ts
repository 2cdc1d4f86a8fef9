/**
 * LogWriter: the single-writer handle. Appends, flushes, truncates, deletes records, and applies
 * retention and compaction (on demand and from the housekeeping timer).
 *
 * Appends go through the writer's {@link AppendPipeline} (`storage/append-pipeline.ts`: encoding,
 * the queue, group commit, rollback and the fsync policies). Every other change of the segment set
 * runs between append groups, as the pipeline's exclusive work.
 *
 * Background failures come in two kinds. One that leaves the durability of acknowledged records
 * unknown (a failed fsync while sealing or in the `'interval'` sync) fails the writer: appends and
 * flushes reject with `KLOG_WRITER_FAILED`, and close writes no clean-shutdown marker. A failed
 * compaction round or retention pass leaves every record where it was: it is counted in
 * `log.stats()`, published on `kafka-lite:background-error`, and retried after a backoff; flush and
 * close never report it (see docs/guarantees.md).
 *
 * Writer thread only.
 */
import { checkKeys, checkOffset } from './base/check-keys.js'
import { LogError, callerError, closedError, guardPublicMethods, ioError } from './base/errors.js'
import type { LogOwner } from './storage/log-owner.js'
import { resolveCompression, type Compression, type ResolvedCompression } from './base/options.js'
import { prepareRecords, type RecordInput } from './format/record.js'
import { encodeRecords, type RecordEncoding } from './format/encode-records.js'
import { BUFFER_ENCODING, type EncodedInput } from './base/encoding.js'
import { runCompaction, type CompactionReport } from './cleaner/cleaner.js'
import { AppendPipeline, type AppendResult } from './storage/append-pipeline.js'
import { checkProducedBatches, stampLogAppendTime, stampPartitionLeaderEpoch, type ProducedBatch } from './format/produced-batch.js'
import type { EncodedAppend } from './format/batch-encoder.js'

export type { AppendResult } from './storage/append-pipeline.js'
export type { ProducedBatch } from './format/produced-batch.js'

/** The default of {@link AppendBatchesOptions.maxUncompressedBytes}: 64 MiB. */
export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024

/** Options of `writer.appendBatches(bytes, options)`. */
export interface AppendBatchesOptions {
  /**
   * Kafka's `message.timestamp.type`. `'LogAppendTime'` stamps the time of the call into every
   * batch (attribute bit 3 and maxTimestamp, CRC recomputed, as Kafka's broker does): readers then
   * give every record that time. The records keep the producer's timestamps in their bytes.
   * @default 'CreateTime' (the producer's timestamps)
   */
  timestampType?: 'CreateTime' | 'LogAppendTime'
  /** Written into every batch's partitionLeaderEpoch field (outside the CRC). @default the field as the producer wrote it */
  partitionLeaderEpoch?: number
  /** Largest batch accepted, 12 + batchLength bytes (Kafka's `max.message.bytes`). @default the log's `maxBatchBytes` */
  maxBatchBytes?: number
  /**
   * Most bytes a compressed batch's records may take once decompressed: validation decompresses
   * each compressed batch once, in memory, and stops here (Kafka's `max.decompressed.message.bytes`).
   * @default 67108864 (64 MiB)
   */
  maxUncompressedBytes?: number
  /**
   * A policy the log does not know (a broker refusing keyless records on a compacted topic, or
   * timestamps out of range): called with every batch once all of them passed validation, before
   * anything is queued. Whatever it throws rejects the call, and nothing is appended.
   */
  check?: (batch: ProducedBatch) => void
}

/** What `writer.appendBatches()` resolves to. */
export interface AppendBatchesResult extends AppendResult {
  /** The time stamped into the batches with `timestampType: 'LogAppendTime'`, else -1. */
  logAppendTime: number
}

/** Options of one `writer.append(records, options)`. */
export interface AppendOptions {
  /**
   * Codec for this append's batches (`'none'`, `'gzip'`, `'snappy'`, `'lz4'`, `'zstd'` or
   * `{ type, level }`), instead of the log's `compression` option.
   * @default the log's `compression` option
   */
  compression?: Compression
  /**
   * Optimistic concurrency (an event store's expected version): the log end offset this append must
   * start at. Checked when the append is written, inside the writer's serialised section, so of
   * several appends expecting the same offset exactly one is written; the others reject with
   * `KLOG_OFFSET_CONFLICT` (an `OffsetConflictError` carrying the `logEndOffset` found) and write
   * nothing. Typically `log.logEndOffset` (or `lastOffset + 1` of the events a decision was made from).
   * @default no check
   */
  expectedOffset?: number
}

/** Set by {@link LogWriter}'s static block: the one way in to its pipeline's exclusive section. */
let exclusive: <T>(writer: LogWriter<unknown, unknown>, fn: () => Promise<T>) => Promise<T>

/**
 * The single-writer handle returned by `log.writer()`. `V` and `K` are the types of the log's
 * values and keys: `append()` encodes them with the log's `valueEncoding` and `keyEncoding`.
 */
export class LogWriter<V = Buffer, K = Buffer> implements AsyncDisposable {
  readonly #owner: LogOwner
  readonly #encoding: RecordEncoding
  readonly #onClose: () => void
  readonly #pipeline: AppendPipeline
  #closed: Promise<void> | undefined
  /** The retention pass queued by a roll, if any. */
  #retention: Promise<void> | undefined
  /** The compaction round running, if any (one at a time). */
  #compaction: Promise<CompactionReport | undefined> | undefined
  #housekeeping: NodeJS.Timeout | undefined

  /** @internal Created by `Log.writer()`. */
  constructor(owner: LogOwner, onClose: () => void, encoding: RecordEncoding = { key: BUFFER_ENCODING, value: BUFFER_ENCODING }) {
    this.#owner = owner
    this.#encoding = encoding
    this.#onClose = onClose
    this.#pipeline = new AppendPipeline(owner, {
      rolled: () => {
        // Retention after a roll changes the segment set too: it must not run beside a truncation
        // or another drain, so it queues as exclusive work ahead of every append not yet written
        // (it runs at the next group boundary).
        const { retentionMs, retentionBytes } = owner.options
        if ((retentionMs >= 0 || retentionBytes >= 0) && owner.metrics.retention.due()) this.#scheduleRetention()
      },
    })
    const { housekeepingIntervalMs } = owner.options
    if (housekeepingIntervalMs > 0) {
      // Retention (which otherwise runs only after a roll, so an idle log would keep expired data)
      // and compaction, without a cron of the user's own.
      this.#housekeeping = setInterval(() => this.#housekeep(), housekeepingIntervalMs)
      this.#housekeeping.unref()
    }
  }

  #housekeep(): void {
    if (this.#closed !== undefined || this.#pipeline.failed !== undefined) return
    const { cleanupPolicy, retentionMs, retentionBytes } = this.#owner.options
    const { metrics } = this.#owner
    if (cleanupPolicy !== 'compact' && (retentionMs >= 0 || retentionBytes >= 0) && metrics.retention.due()) this.#scheduleRetention()
    if (cleanupPolicy !== 'delete' && this.#compaction === undefined && metrics.compaction.due()) {
      void this.#compactInBackground(false)
    }
  }

  /**
   * Appends one record or an array of records as one batch (several when it exceeds
   * `maxBatchBytes`, compressed bytes counting for a compressed append), all in one segment.
   * Offsets follow call order, also when a compressed append finishes encoding later. Keys and
   * values are encoded with the log's `keyEncoding` / `valueEncoding` (`null` is never encoded).
   * The caller may reuse its buffers as soon as the call returns: their bytes are encoded, or
   * copied, within it.
   * @param options - per-append settings, e.g. `{ compression: 'zstd' }`, `{ expectedOffset: 42 }`
   * @returns the offsets assigned, once the bytes are written (and fsynced under `fsync: 'always'`)
   * @throws TypeError / RangeError synchronously for malformed input (`expectedOffset` not a
   *   non-negative safe integer included), and TypeError for a key or value the encoding cannot
   *   encode (nothing is appended)
   * @throws LogError (rejection) `KLOG_OFFSET_CONFLICT` (see {@link AppendOptions.expectedOffset}),
   *   `KLOG_CLOSED`, `KLOG_RECORD_TOO_LARGE`, `KLOG_UNSUPPORTED_CODEC`, `KLOG_DISK_FULL`, `KLOG_IO`,
   *   `KLOG_WRITER_FAILED`
   */
  append(
    records: RecordInput<EncodedInput<V>, EncodedInput<K>> | readonly RecordInput<EncodedInput<V>, EncodedInput<K>>[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const prepared = prepareRecords(encodeRecords(records, this.#encoding), Date.now())
    const compression = appendCompression(options, this.#owner.options.compression)
    const expectedOffset = options?.expectedOffset ?? -1
    if (options?.expectedOffset !== undefined) checkOffset(options.expectedOffset, 'options.expectedOffset')
    if (this.#closed !== undefined) return Promise.reject(closedError('writer'))
    const failed = this.#pipeline.failed
    if (failed !== undefined) return Promise.reject(failed)
    return this.#pipeline.append(prepared, compression, expectedOffset)
  }

  /**
   * Appends whole RecordBatch v2 batches as they came (a Kafka producer's: compressed ones stay
   * compressed, producer id, epoch and sequences are kept), after validating every one of them (CRC,
   * framing, header fields, every record decoded and checked against its header; see the README's
   * "Appending a producer's batches"). Base offsets are stamped as the log assigns them (the field is
   * outside the CRC). All or nothing: one bad batch rejects the call and nothing is appended; an I/O
   * failure rolls back like `append()`. Goes through the same queue, group commit and fsync policy as
   * `append()`, in call order with it. `bytes` is copied: the caller may reuse it at once.
   * @param bytes - one or more whole batches back to back, nothing else
   * @returns the offsets of the first and last record appended, once written (and fsynced under
   *   `fsync: 'always'`), and the LogAppendTime stamped (-1 under CreateTime)
   * @throws TypeError / RangeError synchronously for a non-buffer or malformed options
   * @throws LogError (rejection) `KLOG_CORRUPT_BATCH`, `KLOG_RECORD_TOO_LARGE` (a batch over
   *   `maxBatchBytes`, records over `maxUncompressedBytes`, or more than `segmentBytes` in all),
   *   `KLOG_UNSUPPORTED_CODEC`, `KLOG_CLOSED`, `KLOG_DISK_FULL`, `KLOG_IO`, `KLOG_WRITER_FAILED`; or
   *   what `options.check` throws
   */
  appendBatches(bytes: Uint8Array, options: AppendBatchesOptions = {}): Promise<AppendBatchesResult> {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('appendBatches needs a Buffer or Uint8Array of whole batches')
    const opts = resolveAppendBatchesOptions(options, this.#owner.options.maxBatchBytes)
    if (this.#closed !== undefined) return Promise.reject(closedError('writer'))
    const failed = this.#pipeline.failed
    if (failed !== undefined) return Promise.reject(failed)
    // A copy: the pipeline stamps base offsets into it and may write it after this call returns.
    const buf = Buffer.from(bytes)
    let encoded: EncodedAppend
    const logAppendTime = opts.timestampType === 'LogAppendTime' ? Date.now() : -1
    try {
      const batches = checkProducedBatches(buf, opts)
      if (opts.check !== undefined) {
        for (const b of batches) {
          try {
            opts.check(b)
          } catch (err) {
            // The caller's refusal leaves appendBatches as the caller threw it.
            throw callerError(err)
          }
        }
      }
      let count = 0
      let maxTimestamp = -1
      for (const b of batches) {
        if (logAppendTime >= 0) stampLogAppendTime(buf, b.position, logAppendTime)
        if (opts.partitionLeaderEpoch !== undefined) stampPartitionLeaderEpoch(buf, b.position, opts.partitionLeaderEpoch)
        count += b.recordsCount
        maxTimestamp = Math.max(maxTimestamp, logAppendTime >= 0 ? logAppendTime : b.maxTimestamp)
      }
      encoded = {
        buf,
        batches: batches.map((b) => ({
          size: b.size,
          count: b.recordsCount,
          maxTimestamp: logAppendTime >= 0 ? logAppendTime : b.maxTimestamp,
        })),
        count,
        maxTimestamp,
      }
    } catch (err) {
      return Promise.reject(err)
    }
    return this.#pipeline.appendEncoded(encoded).then((r) => ({ ...r, logAppendTime }))
  }

  /** Queues one retention pass (after a roll, or housekeeping; at most one pending); it never rejects. */
  #scheduleRetention(): void {
    if (this.#retention !== undefined) return
    const owner = this.#owner
    this.#retention = this.#pipeline
      .exclusively(() => owner.enforceRetention(Date.now()), -Infinity)
      .then(
        () => owner.metrics.retention.succeeded(),
        (err: unknown) => owner.metrics.retention.failed(owner.dir, ioError(err, 'enforcing retention', owner.dir), true),
      )
      .finally(() => {
        this.#retention = undefined
      })
  }

  /**
   * Makes every record appended so far durable (fsync of the active segment, sealed segments and the
   * directory) and moves the recovery point (its checkpoint) to them: from then on, their loss is
   * reported at open (`log.recovery.repairs`, `'tail-missing'`).
   * @throws LogError `KLOG_CLOSED`, `KLOG_IO`, `KLOG_WRITER_FAILED`
   */
  async flush(): Promise<void> {
    if (this.#closed !== undefined) throw closedError('writer')
    await this.#pipeline.idle()
    const failed = this.#pipeline.failed
    if (failed !== undefined) throw failed
    try {
      await this.#pipeline.flushNow()
      // Flushed records are ones the next open reports if they go missing: the recovery-point
      // checkpoint says so before flush() resolves.
      await this.#owner.persistRecoveryPoint()
    } catch (err) {
      throw ioError(err, 'flush', this.#owner.dir)
    }
  }

  /**
   * Removes every record with offset ≥ `offset` (Kafka's `truncateTo`; batch granular). Readers
   * positioned past the new end get their offset-reset outcome.
   * @returns the new log end offset
   * @throws RangeError when `offset` is not a non-negative safe integer
   * @throws LogError `KLOG_OFFSET_OUT_OF_RANGE` when `offset` is below the log start offset
   */
  async truncateTo(offset: number): Promise<number> {
    checkOffset(offset, 'offset')
    if (this.#closed !== undefined) throw closedError('writer')
    return this.#pipeline.exclusively(async () => {
      if (offset < this.#owner.logStartOffset) {
        throw new LogError('KLOG_OFFSET_OUT_OF_RANGE', `cannot truncate below the log start offset ${this.#owner.logStartOffset}`, {
          offset,
        })
      }
      try {
        return await this.#owner.truncateTo(offset)
      } catch (err) {
        throw ioError(err, 'truncate', this.#owner.dir)
      }
    })
  }

  /**
   * Applies `retentionMs` / `retentionBytes` now (it also runs after every roll).
   * @returns the number of segments deleted
   */
  async enforceRetention(): Promise<number> {
    if (this.#closed !== undefined) throw closedError('writer')
    const task = this.#owner.metrics.retention
    return this.#pipeline.exclusively(async () => {
      try {
        const deleted = await this.#owner.enforceRetention(Date.now())
        task.succeeded()
        return deleted
      } catch (err) {
        const error = ioError(err, 'enforcing retention', this.#owner.dir)
        task.failed(this.#owner.dir, error, false)
        throw error
      }
    })
  }

  /**
   * Kafka's DeleteRecords: moves the log start offset to `offset`, deleting whole segments below it
   * and hiding the records below it in the first segment kept. Readers positioned below it get their
   * `onOutOfRange` outcome; `get()` below it returns `undefined`. Persisted (log-start checkpoint).
   * Runs between append batches like `truncateTo()`.
   * @returns the new log start offset (unchanged when `offset` is not above it)
   * @throws RangeError when `offset` is not a non-negative safe integer
   * @throws LogError `KLOG_OFFSET_OUT_OF_RANGE` when `offset` is above the high watermark
   */
  async deleteRecordsBefore(offset: number): Promise<number> {
    checkOffset(offset, 'offset')
    if (this.#closed !== undefined) throw closedError('writer')
    return this.#pipeline.exclusively(async () => {
      if (offset > this.#owner.highWatermark) {
        throw new LogError('KLOG_OFFSET_OUT_OF_RANGE', `cannot delete records beyond the high watermark ${this.#owner.highWatermark}`, {
          offset,
        })
      }
      try {
        return await this.#owner.deleteRecordsBefore(offset)
      } catch (err) {
        throw ioError(err, 'delete records', this.#owner.dir)
      }
    })
  }

  /**
   * Runs one compaction round now (whatever `minCleanableDirtyRatio` says), with any
   * `cleanupPolicy`: the latest record per key survives in sealed segments. Reading and writing the
   * cleaned segments runs beside appends; only each group's swap holds them off.
   * @returns what the round did, or `undefined` when there was nothing to compact
   * @throws LogError `KLOG_CLOSED`, `KLOG_CORRUPT_SEGMENT` (a damaged sealed segment; nothing is
   *   changed), `KLOG_IO`, `KLOG_DISK_FULL`
   */
  async compact(): Promise<CompactionReport | undefined> {
    if (this.#closed !== undefined) throw closedError('writer')
    while (this.#compaction !== undefined) await this.#compaction.catch(() => undefined)
    return this.#compactInBackground(true)
  }

  /** Runs one round (`force`: on demand); its outcome is recorded, and published when automatic. */
  #compactInBackground(force: boolean): Promise<CompactionReport | undefined> {
    const run = this.#compactOnce(force)
    this.#compaction = run
    const task = this.#owner.metrics.compaction
    void run
      .then(
        (report) => {
          task.succeeded()
          if (report !== undefined) this.#owner.metrics.compacted(this.#owner.dir, report, !force)
        },
        (err: unknown) => task.failed(this.#owner.dir, ioError(err, 'compaction', this.#owner.dir), !force),
      )
      .finally(() => {
        if (this.#compaction === run) this.#compaction = undefined
      })
    return run
  }

  #compactOnce(force: boolean): Promise<CompactionReport | undefined> {
    // Only each group's swap is exclusive work (ahead of queued appends, like retention after a roll).
    return runCompaction(this.#owner, force, (swap) => this.#pipeline.exclusively(async () => swap(), -Infinity))
  }

  /**
   * Flushes, then releases the writer slot. Idempotent. Waits for a compaction round or retention
   * pass in flight; their failures are not reported here (see the module doc).
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#pipeline.stopTimer()
      clearInterval(this.#housekeeping)
      try {
        await this.#compaction?.catch(() => undefined)
        await this.#pipeline.idle()
        await this.#retention
        await this.#pipeline.idle()
        await this.#pipeline.backgroundFlush
        if (this.#pipeline.failed === undefined) await this.#pipeline.flushNow()
      } catch (err) {
        throw ioError(err, 'closing the writer', this.#owner.dir)
      } finally {
        this.#onClose()
      }
    })()
    return this.#closed
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closed !== undefined
  }

  /** `await using` support: the same as `close()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }

  static {
    exclusive = (writer, fn) => writer.#pipeline.exclusively(fn)
  }
}

/**
 * @internal Runs `fn` between append groups of `writer` (its pipeline's exclusive section), as
 * truncation and retention run: `log.backup()` takes its snapshot there.
 */
export function runExclusively<T>(writer: LogWriter<unknown, unknown>, fn: () => Promise<T>): Promise<T> {
  return exclusive(writer, fn)
}

// No raw error leaves a public method: see `guardPublicMethods` (src/base/errors.ts).
guardPublicMethods(LogWriter, 'writer')

interface ResolvedAppendBatchesOptions {
  timestampType: 'CreateTime' | 'LogAppendTime'
  partitionLeaderEpoch: number | undefined
  maxBatchBytes: number
  maxUncompressedBytes: number
  check: ((batch: ProducedBatch) => void) | undefined
}

const APPEND_BATCHES_KEYS = ['timestampType', 'partitionLeaderEpoch', 'maxBatchBytes', 'maxUncompressedBytes', 'check']

function positiveInt(v: unknown, name: string): number {
  if (typeof v !== 'number') throw new TypeError(`options.${name} must be a number`)
  if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`options.${name} must be a positive integer`)
  return v
}

function resolveAppendBatchesOptions(options: AppendBatchesOptions, maxBatchBytes: number): ResolvedAppendBatchesOptions {
  if (options === null || typeof options !== 'object') throw new TypeError('appendBatches options must be an object')
  checkKeys(options, APPEND_BATCHES_KEYS, 'options')
  const { timestampType = 'CreateTime', partitionLeaderEpoch, check } = options
  if (timestampType !== 'CreateTime' && timestampType !== 'LogAppendTime') {
    if (typeof timestampType !== 'string') throw new TypeError('options.timestampType must be a string')
    throw new RangeError("options.timestampType must be 'CreateTime' or 'LogAppendTime'")
  }
  if (partitionLeaderEpoch !== undefined) {
    if (typeof partitionLeaderEpoch !== 'number') throw new TypeError('options.partitionLeaderEpoch must be a number')
    if (!Number.isInteger(partitionLeaderEpoch) || partitionLeaderEpoch < -1 || partitionLeaderEpoch > 2 ** 31 - 1) {
      throw new RangeError('options.partitionLeaderEpoch must be an int32 ≥ -1')
    }
  }
  if (check !== undefined && typeof check !== 'function') throw new TypeError('options.check must be a function')
  return {
    timestampType,
    partitionLeaderEpoch,
    maxBatchBytes: options.maxBatchBytes === undefined ? maxBatchBytes : positiveInt(options.maxBatchBytes, 'maxBatchBytes'),
    maxUncompressedBytes:
      options.maxUncompressedBytes === undefined
        ? DEFAULT_MAX_UNCOMPRESSED_BYTES
        : positiveInt(options.maxUncompressedBytes, 'maxUncompressedBytes'),
    check,
  }
}

/** The compression of one append: its own option, or the log's. */
function appendCompression(options: AppendOptions | undefined, fallback: ResolvedCompression): ResolvedCompression {
  if (options === undefined) return fallback
  if (options === null || typeof options !== 'object') throw new TypeError('append options must be an object')
  return options.compression === undefined ? fallback : resolveCompression(options.compression, 'options.compression')
}
