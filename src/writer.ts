/**
 * LogWriter: the single-writer handle. Appends, flushes, truncates and applies retention.
 *
 * Append pipeline:
 *  1. `append()` validates and encodes synchronously (a TypeError / RangeError is thrown before any
 *     state changes) into one buffer of whole batches with a placeholder base offset.
 *  2. The encoded append joins a queue. A drain takes every queued append that fits the active
 *     segment (rolling first when the head does not), stamps base offsets (outside the CRC), and
 *     writes them with one vectored write; index entries follow with one positional write each.
 *  3. `'always'`: the drain fsyncs the segment (and the directory after a roll), then commits.
 *     Appends that arrive during that fsync queue up and share the next write and fsync (group
 *     commit). `'interval'` / `'never'`: the drain commits right after the write, synchronously.
 *  4. Commit = the high watermark moves to the log end and the snapshot is published; then the
 *     appends' promises resolve. An append therefore resolves only after its bytes are in the OS.
 * A write or fsync that fails rolls the segment back to its state before the drain (ftruncate,
 * index entries dropped) and rejects every append of that drain; offsets are not consumed.
 *
 * Writer thread only.
 */
import { encodeCompressed, encodePlain, type EncodedAppend } from './codec/batch-encoder.js'
import { LogError, closedError, ioError } from './errors.js'
import type { LogOwner } from './log-owner.js'
import { resolveCompression, type Compression, type ResolvedCompression } from './options.js'
import { prepareRecords, type RecordInput } from './record.js'
import { runCompaction, type CompactionReport } from './cleaner/cleaner.js'
import { batchMaxTimestamp, encodeBatch, splitIntoBatches, stampBaseOffset } from './record-batch.js'
import type { Segment, SegmentMark } from './segment.js'
import type { BatchMeta } from './storage/segment-indexes.js'

/** Offsets assigned to one `append()`. */
export interface AppendResult {
  /** Offset of the first record appended. */
  baseOffset: number
  /** Offset of the last record appended. */
  lastOffset: number
}

/** Options of one `writer.append(records, options)`. */
export interface AppendOptions {
  /**
   * Codec for this append's batches (`'none'`, `'gzip'`, `'snappy'`, `'lz4'`, `'zstd'` or
   * `{ type, level }`), instead of the log's `compression` option.
   * @default the log's `compression` option
   */
  compression?: Compression
}

interface EncodedBatch {
  size: number
  count: number
  maxTimestamp: number
}

interface PendingAppend {
  /** Call order of the append (see `#exclusively`). */
  seq: number
  buf: Buffer
  batches: EncodedBatch[]
  count: number
  maxTimestamp: number
  resolve: (r: AppendResult) => void
  reject: (e: unknown) => void
}

interface Drained {
  group: PendingAppend[]
  results: AppendResult[]
  segment: Segment
  mark: SegmentMark
}

/** The single-writer handle returned by `log.writer()`. */
export class LogWriter implements AsyncDisposable {
  readonly #owner: LogOwner
  readonly #onClose: () => void
  readonly #queue: PendingAppend[] = []
  #draining = false
  #idleWaiters: (() => void)[] = []
  #closed: Promise<void> | undefined
  #failed: LogError | undefined
  #unflushed = 0
  #timer: NodeJS.Timeout | undefined
  #backgroundFlush: Promise<void> | undefined
  #scratch = Buffer.allocUnsafe(64 * 1024)
  /** Resolves once the latest append still being encoded (compressed) off-call has been queued. */
  #encoding: Promise<void> | undefined
  #encodingCount = 0
  /** Appends accepted so far, in call order; each pending append carries its number. */
  #appendSeq = 0
  /** Call numbers of the appends still being encoded off-call, oldest first. */
  readonly #encodingSeqs: number[] = []
  /** Barriers of the exclusive operations waiting for the pipeline (see `#exclusively`). */
  readonly #barriers: number[] = []
  /** The retention pass queued by a roll, if any. */
  #retention: Promise<void> | undefined
  /** The compaction round running, if any (one at a time). */
  #compaction: Promise<CompactionReport | undefined> | undefined
  #housekeeping: NodeJS.Timeout | undefined

  /** @internal Created by `Log.writer()`. */
  constructor(owner: LogOwner, onClose: () => void) {
    this.#owner = owner
    this.#onClose = onClose
    const { fsync, flushIntervalMs } = owner.options
    if (fsync === 'interval') {
      this.#timer = setInterval(() => {
        if (this.#unflushed > 0) this.#flushInBackground()
      }, flushIntervalMs)
      this.#timer.unref()
    }
    const { housekeepingIntervalMs } = owner.options
    if (housekeepingIntervalMs > 0) {
      // Retention (which otherwise runs only after a roll, so an idle log would keep expired data)
      // and compaction, without a cron of the user's own.
      this.#housekeeping = setInterval(() => this.#housekeep(), housekeepingIntervalMs)
      this.#housekeeping.unref()
    }
  }

  #housekeep(): void {
    if (this.#closed !== undefined || this.#failed !== undefined) return
    const { cleanupPolicy, retentionMs, retentionBytes } = this.#owner.options
    if (cleanupPolicy !== 'compact' && (retentionMs >= 0 || retentionBytes >= 0)) this.#scheduleRetention()
    if (cleanupPolicy !== 'delete' && this.#compaction === undefined) {
      this.#compactInBackground(false)
    }
  }

  /**
   * Appends one record or an array of records as one batch (several when it exceeds
   * `maxBatchBytes`, compressed bytes counting for a compressed append), all in one segment.
   * Offsets follow call order, also when a compressed append finishes encoding later.
   * @param options - per-append settings, e.g. `{ compression: 'zstd' }`
   * @returns the offsets assigned, once the bytes are written (and fsynced under `fsync: 'always'`)
   * @throws TypeError / RangeError synchronously for malformed input
   * @throws LogError (rejection) `KLOG_CLOSED`, `KLOG_RECORD_TOO_LARGE`, `KLOG_UNSUPPORTED_CODEC`,
   *   `KLOG_DISK_FULL`, `KLOG_IO`, `KLOG_WRITER_FAILED`
   */
  append(records: RecordInput | readonly RecordInput[], options?: AppendOptions): Promise<AppendResult> {
    const prepared = prepareRecords(records, Date.now())
    const compression = appendCompression(options, this.#owner.options.compression)
    if (this.#closed !== undefined) return Promise.reject(closedError('writer'))
    if (this.#failed !== undefined) return Promise.reject(this.#failed)
    if (compression.type !== 'none' || this.#encodingCount > 0) return this.#appendEncoded(prepared, compression)
    const { maxBatchBytes, segmentBytes, fsync } = this.#owner.options
    const split = splitIntoBatches(prepared, maxBatchBytes)
    if (typeof split === 'number') {
      return Promise.reject(new LogError('KLOG_RECORD_TOO_LARGE',
        `record ${-split - 1} does not fit in a batch of maxBatchBytes (${maxBatchBytes})`))
    }
    if (split.total > segmentBytes) {
      return Promise.reject(new LogError('KLOG_RECORD_TOO_LARGE',
        `append of ${split.total} bytes exceeds segmentBytes (${segmentBytes})`))
    }
    // When the write will happen synchronously inside this call (no fsync to wait for, nothing
    // queued), encode into a reused scratch buffer: it is written before append() returns.
    const immediate = fsync !== 'always' && !this.#draining && this.#queue.length === 0
    let buf: Buffer
    if (immediate) {
      if (this.#scratch.length < split.total) this.#scratch = Buffer.allocUnsafe(Math.max(split.total, this.#scratch.length * 2))
      buf = this.#scratch.subarray(0, split.total)
    } else {
      buf = Buffer.allocUnsafe(split.total)
    }
    const batches: EncodedBatch[] = []
    let pos = 0
    let maxTimestamp = -1
    let from = 0
    for (let b = 0; b < split.ends.length; b++) {
      const to = split.ends[b]!
      const start = pos
      pos += encodeBatch(buf, pos, prepared, from, to, 0)
      const max = batchMaxTimestamp(buf, start) // encodeBatch computed it for the header
      batches.push({ size: split.sizes[b]!, count: to - from, maxTimestamp: max })
      if (max > maxTimestamp) maxTimestamp = max
      from = to
    }
    const seq = ++this.#appendSeq
    return new Promise<AppendResult>((resolve, reject) => {
      this.#queue.push({ seq, buf, batches, count: prepared.length, maxTimestamp, resolve, reject })
      this.#drain()
    })
  }

  /**
   * The compressed path (and any append made while one is still encoding): encodes into a buffer of
   * its own, then queues it behind every earlier append, so offsets follow call order even when a
   * compressor finishes asynchronously.
   */
  #appendEncoded(prepared: ReturnType<typeof prepareRecords>, compression: ResolvedCompression): Promise<AppendResult> {
    const { maxBatchBytes } = this.#owner.options
    let encoded: EncodedAppend | Promise<EncodedAppend>
    try {
      encoded = compression.type === 'none' ? encodePlain(prepared, maxBatchBytes) : encodeCompressed(prepared, compression, maxBatchBytes)
    } catch (err) {
      return Promise.reject(err)
    }
    const seq = ++this.#appendSeq
    return new Promise<AppendResult>((resolve, reject) => {
      if (!(encoded instanceof Promise) && this.#encodingCount === 0) {
        this.#enqueue(seq, encoded, resolve, reject)
        return
      }
      // Handled here and now: a compression that fails while an earlier append is still encoding
      // must not surface as an unhandled rejection before the chain reaches it.
      if (encoded instanceof Promise) encoded.catch(() => undefined)
      const previous = this.#encoding ?? Promise.resolve()
      this.#encodingSeqs.push(seq)
      const queued = previous.then(() => encoded).then(
        (e) => this.#enqueue(seq, e, resolve, reject),
        (err: unknown) => {
          this.#encoded(seq)
          reject(err)
        },
      )
      this.#encoding = queued
      this.#encodingCount++
      void queued.then(() => {
        if (--this.#encodingCount === 0) this.#encoding = undefined
      })
    })
  }

  #enqueue(seq: number, e: EncodedAppend, resolve: (r: AppendResult) => void, reject: (err: unknown) => void): void {
    this.#encoded(seq)
    // Not #closed: an append accepted before close() is written by it (close waits for encoding).
    if (this.#failed !== undefined) return reject(this.#failed)
    const { segmentBytes } = this.#owner.options
    if (e.buf.length > segmentBytes) {
      return reject(new LogError('KLOG_RECORD_TOO_LARGE', `append of ${e.buf.length} bytes exceeds segmentBytes (${segmentBytes})`))
    }
    this.#queue.push({ seq, buf: e.buf, batches: e.batches, count: e.count, maxTimestamp: e.maxTimestamp, resolve, reject })
    this.#drain()
  }

  /** An off-call encoding finished (queued or failed): exclusive work waiting for it may go. */
  #encoded(seq: number): void {
    const i = this.#encodingSeqs.indexOf(seq)
    if (i >= 0) this.#encodingSeqs.splice(i, 1)
    this.#wakeWaiters()
  }

  /** Whether a drain may write `a` now: not when exclusive work waits for the pipeline before it. */
  #mayWrite(a: PendingAppend): boolean {
    return this.#barriers.length === 0 || a.seq <= Math.min(...this.#barriers)
  }

  #drain(): void {
    // Also covers truncateTo / enforceRetention in progress: they hold `#draining`, and appends that
    // arrive meanwhile wait in the queue until they finish.
    if (this.#draining || this.#queue.length === 0 || !this.#mayWrite(this.#queue[0]!)) return
    this.#draining = true
    if (this.#owner.options.fsync === 'always') {
      void this.#drainDurably()
      return
    }
    try {
      while (this.#queue.length > 0 && this.#mayWrite(this.#queue[0]!)) {
        const d = this.#writeGroup()
        if (d === undefined) continue
        this.#owner.commit()
        this.#unflushed += d.results.length === 0 ? 0 : d.results[d.results.length - 1]!.lastOffset - d.results[0]!.baseOffset + 1
        settle(d)
      }
      if (this.#owner.options.fsync === 'interval' && this.#unflushed >= this.#owner.options.flushMessages) {
        this.#flushInBackground()
      }
    } finally {
      this.#setIdle()
    }
  }

  async #drainDurably(): Promise<void> {
    try {
      // Gather: the drain starts inside the first append() of a burst; one turn of the event loop
      // lets the other producers (whose previous appends just resolved) queue theirs, so they share
      // this write and fsync instead of waiting for the next. Costs microseconds next to an fsync.
      await new Promise<void>((resolve) => setImmediate(resolve))
      while (this.#queue.length > 0 && this.#mayWrite(this.#queue[0]!)) {
        const d = this.#writeGroup()
        if (d === undefined) continue
        try {
          await this.#owner.syncActive()
        } catch (err) {
          this.#fail(d, err, 'fsync')
          continue
        }
        this.#owner.commit()
        settle(d)
      }
    } finally {
      this.#setIdle()
    }
  }

  /** Takes the queued appends that fit the active segment, stamps their offsets and writes them. */
  #writeGroup(): Drained | undefined {
    const owner = this.#owner
    if (owner.lockLost !== undefined) {
      // Another process may be writing here now: stop before adding a single byte.
      this.#failed ??= new LogError('KLOG_LOCKED', 'the directory lock was lost; reopen the log', { cause: owner.lockLost })
      for (const a of this.#queue.splice(0)) a.reject(this.#failed)
      return undefined
    }
    const opts = owner.options
    const now = Date.now()
    let segment = owner.active
    const group: PendingAppend[] = []
    const results: AppendResult[] = []
    const metas: BatchMeta[] = []
    let next = owner.logEndOffset
    let extra = 0
    while (this.#queue.length > 0) {
      const a = this.#queue[0]!
      if (!this.#mayWrite(a)) break
      const probe: BatchMeta = { size: a.buf.length, lastOffset: next + a.count - 1, maxTimestamp: a.maxTimestamp }
      if (segment.shouldRoll(probe, opts, now, extra)) {
        if (group.length > 0) break
        try {
          owner.roll()
        } catch (err) {
          // The new segment could not be created (nothing changed): fail the appends waiting for
          // it rather than the drain, whose promise nobody awaits.
          const error = ioError(err, 'rolling a segment', owner.dir)
          for (const q of this.#queue.splice(0)) q.reject(error)
          return undefined
        }
        segment = owner.active
        // Retention after a roll changes the segment set too: it must not run beside a truncation
        // or another drain, so it queues as exclusive work ahead of every append not yet written
        // (it runs at the next group boundary).
        if (opts.retentionMs >= 0 || opts.retentionBytes >= 0) this.#scheduleRetention()
      }
      this.#queue.shift()
      group.push(a)
      let pos = 0
      const baseOffset = next
      for (const b of a.batches) {
        stampBaseOffset(a.buf, pos, next)
        next += b.count
        metas.push({ size: b.size, lastOffset: next - 1, maxTimestamp: b.maxTimestamp })
        pos += b.size
      }
      results.push({ baseOffset, lastOffset: next - 1 })
      extra += a.buf.length
    }
    const mark = segment.mark()
    const d: Drained = { group, results, segment, mark }
    try {
      segment.append(group.map((a) => a.buf), metas, opts.indexIntervalBytes)
    } catch (err) {
      this.#fail(d, err, 'write')
      return undefined
    }
    return d
  }

  /** Rolls a failed drain back so the log is exactly as before it, and rejects its appends. */
  #fail(d: Drained, err: unknown, what: string): void {
    const error = ioError(err, `append ${what}`, d.segment.logPath)
    try {
      d.segment.rollback(d.mark)
    } catch (rollbackErr) {
      // The file may now hold bytes we could not remove; refuse further appends until reopened
      // (recovery will validate and cut them).
      this.#failed = new LogError('KLOG_WRITER_FAILED', 'a failed append could not be rolled back; reopen the log', {
        cause: rollbackErr,
      })
    }
    for (const a of d.group) a.reject(error)
  }

  #setIdle(): void {
    this.#draining = false
    this.#wakeWaiters()
  }

  #wakeWaiters(): void {
    const waiters = this.#idleWaiters
    this.#idleWaiters = []
    for (const w of waiters) w()
  }

  #nextWake(): Promise<void> {
    return new Promise((resolve) => this.#idleWaiters.push(resolve))
  }

  /**
   * Runs `fn` with the append pipeline held off. Every change of the segment set other than a roll
   * (truncation, retention, record deletion, compaction swaps) runs here, one at a time, between
   * append groups; rolls happen inside a drain, so they never interleave with it either.
   *
   * `barrier` keeps call order: appends accepted up to that call number are written first (or
   * fail), later ones after `fn`, at the log end it leaves. The user's `truncateTo()` passes the
   * appends made before it; the retention pass a roll queues passes -Infinity and goes before
   * every append not yet written (its order against them does not matter). While a barrier waits,
   * drains stop at the first append beyond it, so a steady stream of later appends cannot starve it.
   */
  async #exclusively<T>(fn: () => Promise<T>, barrier: number = this.#appendSeq): Promise<T> {
    this.#barriers.push(barrier)
    try {
      while (
        this.#draining ||
        (this.#queue.length > 0 && this.#queue[0]!.seq <= barrier) ||
        (this.#encodingSeqs.length > 0 && this.#encodingSeqs[0]! <= barrier)
      ) {
        await this.#nextWake()
      }
    } finally {
      this.#barriers.splice(this.#barriers.indexOf(barrier), 1)
    }
    this.#draining = true
    try {
      return await fn()
    } finally {
      this.#setIdle()
      this.#drain()
    }
  }

  /** Queues one retention pass after a roll (at most one pending); failures surface at flush/close. */
  #scheduleRetention(): void {
    if (this.#retention !== undefined) return
    const owner = this.#owner
    this.#retention = this.#exclusively(() => owner.enforceRetention(Date.now()), -Infinity)
      .then(() => undefined, (err: unknown) => {
        owner.backgroundError ??= ioError(err, 'enforcing retention', owner.dir)
      })
      .finally(() => {
        this.#retention = undefined
      })
  }

  /** Resolves once no drain is running, nothing is queued and nothing is being encoded. */
  async #idle(): Promise<void> {
    // A drain can stop with appends still queued (exclusive work took its turn): wait on.
    while (this.#draining || this.#queue.length > 0 || this.#encodingCount > 0) {
      if (this.#encoding !== undefined) await this.#encoding
      else await this.#nextWake()
    }
  }

  #flushInBackground(): void {
    if (this.#backgroundFlush !== undefined) return
    this.#backgroundFlush = this.#flushNow()
      .catch((err: unknown) => {
        // Acknowledged records may not be durable: stop accepting appends so the caller finds out.
        this.#failed ??= new LogError('KLOG_WRITER_FAILED', 'a background fsync failed; reopen the log', { cause: err })
      })
      .finally(() => {
        this.#backgroundFlush = undefined
      })
  }

  async #flushNow(): Promise<void> {
    const pending = this.#unflushed
    await this.#owner.syncActive()
    await this.#owner.settle()
    this.#unflushed = Math.max(0, this.#unflushed - pending)
  }

  /**
   * Makes every record appended so far durable (fsync of the active segment, its indexes, sealed
   * segments and the directory).
   * @throws LogError `KLOG_CLOSED`, `KLOG_IO`, `KLOG_WRITER_FAILED`
   */
  async flush(): Promise<void> {
    if (this.#closed !== undefined) throw closedError('writer')
    await this.#idle()
    if (this.#failed !== undefined) throw this.#failed
    try {
      await this.#flushNow()
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
    return this.#exclusively(async () => {
      if (offset < this.#owner.logStartOffset) {
        throw new LogError('KLOG_OFFSET_OUT_OF_RANGE', `cannot truncate below the log start offset ${this.#owner.logStartOffset}`, { offset })
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
    return this.#exclusively(async () => {
      try {
        return await this.#owner.enforceRetention(Date.now())
      } catch (err) {
        throw ioError(err, 'enforcing retention', this.#owner.dir)
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
    return this.#exclusively(async () => {
      if (offset > this.#owner.highWatermark) {
        throw new LogError('KLOG_OFFSET_OUT_OF_RANGE', `cannot delete records beyond the high watermark ${this.#owner.highWatermark}`, { offset })
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

  #compactInBackground(force: boolean): Promise<CompactionReport | undefined> {
    const run = this.#compactOnce(force)
    this.#compaction = run
    void run.then(
      () => undefined,
      (err: unknown) => {
        if (!force) this.#owner.backgroundError ??= err instanceof LogError ? err : ioError(err, 'compaction', this.#owner.dir)
      },
    ).finally(() => {
      if (this.#compaction === run) this.#compaction = undefined
    })
    return run
  }

  #compactOnce(force: boolean): Promise<CompactionReport | undefined> {
    // Only each group's swap is exclusive work (ahead of queued appends, like retention after a roll).
    return runCompaction(this.#owner, force, (swap) => this.#exclusively(async () => swap(), -Infinity))
  }


  /** Flushes, then releases the writer slot. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      clearInterval(this.#timer)
      clearInterval(this.#housekeeping)
      try {
        await this.#compaction?.catch(() => undefined)
        await this.#idle()
        await this.#retention
        await this.#idle()
        await this.#backgroundFlush
        if (this.#failed === undefined) await this.#flushNow()
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
}

function settle(d: Drained): void {
  for (let i = 0; i < d.group.length; i++) d.group[i]!.resolve(d.results[i]!)
}

/** The compression of one append: its own option, or the log's. */
function appendCompression(options: AppendOptions | undefined, fallback: ResolvedCompression): ResolvedCompression {
  if (options === undefined) return fallback
  if (options === null || typeof options !== 'object') throw new TypeError('append options must be an object')
  return options.compression === undefined ? fallback : resolveCompression(options.compression, 'options.compression')
}

/** Validates an offset argument. */
export function checkOffset(offset: unknown, name: string): asserts offset is number {
  if (typeof offset !== 'number') throw new TypeError(`${name} must be a number`)
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`${name} must be a non-negative safe integer`)
}
