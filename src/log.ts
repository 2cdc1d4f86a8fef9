/**
 * Log: one directory, one Kafka partition. The entry point of the library.
 *
 * A `Log` is either the **owner** of its directory (it holds the cross-process lock, recovered the
 * directory at open, and can hand out the single writer) or a **view** (opened `readOnly`, attached
 * in a worker, or opened while another process holds the lock): views read what the owner publishes
 * and follow it live. A view opened read-write can become the owner later: `writer()` takes the lock
 * over once its holder is gone, recovering the directory first.
 *
 * Encodings: the log resolves its `keyEncoding` / `valueEncoding` once; its writer encodes with them,
 * and its readers and `get()` decode with them unless given their own (src/base/encoding.ts).
 *
 * Lifecycle: `Log.open` resolves to an open, recovered log. `close()` is idempotent and closes
 * readers, then the writer (flush), then the segments (indexes unmapped), then the lock.
 *
 * Beside it: its public data types (src/base/log-types.ts, re-exported here), taking ownership of
 * the directory (src/storage/take-ownership.ts), the `stats()` assembly (src/storage/log-stats.ts),
 * and its two parts in src/log/: the owner or view with the writer hand-out (`ownership.ts`), and the
 * readers, tables and waits it closes with it (`readers.ts`).
 */
import path from 'node:path'
import { closedError, guardPublicMethods, LogError, type LockHolder } from './base/errors.js'
import { lockHolder } from './io/lock.js'
import type { LogOwner } from './storage/log-owner.js'
import type { LogSource } from './publish/log-source.js'
import { LogView } from './publish/log-view.js'
import { resolveOptions, type LogOptions, type ResolvedLogOptions, type UntypedLogOptions } from './base/options.js'
import { decodeRecord, type RecordDecoding } from './read/decode.js'
import { resolveDecoding } from './read/decoding-options.js'
import type { LogReader, ReaderOptions } from './reader.js'
import type { LogRecord } from './format/record.js'
import type { RecoveryReport } from './base/reports.js'
import { checkOffset } from './base/check-keys.js'
import type { LogWriter } from './writer.js'
import { LogOwnership, ownOrView, type OwnershipHost } from './log/ownership.js'
import { LogReaders } from './log/readers.js'
import { backupLog } from './storage/backup.js'
import { logStats } from './storage/log-stats.js'
import type { BackupResult } from './base/reports.js'
import { destroyLog } from './storage/destroy.js'
import { checkNotAFile, createLogDirectory } from './storage/take-ownership.js'
import { Consumer, listConsumers, type ConsumerInfo } from './consumer/consumer.js'
import { setMaxOpenSegments } from './segment/open-segments.js'
import { offsetForTimestamp, recordAt } from './read/point-reads.js'
import { readBatches, resolveReadBatchesOptions, type BatchesRead, type ReadBatchesOptions } from './read/read-batches.js'
import { maxTimestampOffset } from './read/max-timestamp.js'
import { waitForLog } from './publish/wait-for-log.js'
import type { LogTable } from './table/table.js'
import type { EncodingOptions, LogHandle, LogStats, WriterOptions } from './base/log-types.js'

export type { EncodingOptions, LogHandle, LogStats, WriterOptions } from './base/log-types.js'

/**
 * A Kafka partition log in a directory. `V` and `K` are the types values and keys decode to with
 * the log's `valueEncoding` and `keyEncoding` (`Buffer` by default).
 */
export class Log<V = Buffer, K = Buffer> implements AsyncDisposable {
  readonly #dir: string
  readonly #options: ResolvedLogOptions
  readonly #decoding: RecordDecoding
  readonly #readOnly: boolean
  /** The owner or the view, and the writer (src/log/ownership.ts). */
  readonly #ownership: LogOwnership<V, K>
  #closed: Promise<void> | undefined
  /** Its readers, tables and waits, and what they handed out (src/log/readers.ts). */
  readonly #readers: LogReaders
  /** Reused by `getSync()` where no mapping serves it: records are copied out of it before it is reused. Made at first use. */
  #scratch: Buffer | undefined

  private constructor(dir: string, options: ResolvedLogOptions, readOnly: boolean, owner?: LogOwner, view?: LogView) {
    this.#dir = dir
    this.#options = options
    this.#decoding = resolveDecoding(options, {})
    this.#readOnly = readOnly
    const host: OwnershipHost = {
      dir,
      options,
      decoding: this.#decoding,
      readOnly,
      closed: () => this.#closed !== undefined,
      checkOpen: () => this.#checkOpen(),
    }
    this.#ownership = new LogOwnership<V, K>(host, owner, view)
    this.#readers = new LogReaders({
      ...host,
      ownership: this.#ownership,
      reader: <RV, RK>(o: ReaderOptions<RV, RK>) => this.reader<RV, RK>(o),
      offsetForTimestamp: (timestamp) => this.offsetForTimestamp(timestamp),
    })
  }

  /**
   * Opens (creating if needed) the log in `dir`. Read-write opens take the directory lock and
   * recover after a crash; if another writer holds the lock, the log opens as a view
   * (`log.readOnly` true, `log.lockHolder` naming the holder) and `writer()` rejects with
   * `KLOG_LOCKED` until that writer is gone, or, with `ifLocked: 'fail'`, the open rejects with
   * `KLOG_LOCKED` instead. A `readOnly` open of a
   * directory that does not exist rejects with `KLOG_IO`, unless `waitForLog: true`: then it waits
   * until a writer has created the log there (see {@link LogOptions.waitForLog}), until `signal` aborts.
   * @throws TypeError for a bad `dir`, an unknown option (the message names the nearest valid one),
   *   a wrongly typed option, `waitForLog` without `readOnly: true` or `signal` without
   *   `waitForLog: true`; RangeError for an out-of-range option
   * @throws LogError `KLOG_IO` (also when `dir` or, while waiting, a parent of it is a file:
   *   `cause.code` is `'ENOTDIR'`), `KLOG_DISK_FULL`, `KLOG_NOT_A_LOG`, `KLOG_LOCKED` (with
   *   `ifLocked: 'fail'`)
   * @throws the `AbortError` of `signal` when it aborts a `waitForLog` wait
   */
  static async open<V = Buffer, K = Buffer>(dir: string, options?: LogOptions<V, K>): Promise<Log<V, K>> {
    if (typeof dir !== 'string' || dir.length === 0) throw new TypeError('dir must be a non-empty string')
    const opts = resolveOptions(options)
    const abs = path.resolve(dir)
    checkNotAFile(abs)
    if (options?.waitForLog === true) await waitForLog(abs, options.signal)
    setMaxOpenSegments(abs, opts.maxOpenSegments)
    if (opts.readOnly) return new Log(abs, opts, true, undefined, LogView.fromStateFile(abs))
    createLogDirectory(abs)
    const { owner, view } = await ownOrView(abs, opts, options?.ifLocked !== 'fail')
    return new Log(abs, opts, false, owner, view)
  }

  /**
   * Removes the log directory `dir` and everything in it (segments, checkpoints, consumer positions),
   * refusing while a writer holds it. The lock is taken first, as a writer's would be (a dead
   * holder's is taken over), so nothing can be appending meanwhile. Readers elsewhere keep the files
   * they have open until they close them.
   * @param options - `lockStaleMs` as for `Log.open` (a lock not refreshed that long, from another
   *   host, is stale)
   * @returns `true` once removed, `false` when `dir` did not exist
   * @throws TypeError for a bad `dir`
   * @throws LogError `KLOG_LOCKED` (a writer holds it: a `LockedError` naming the holder, also an
   *   open `Log` of this process), `KLOG_NOT_A_LOG` (a file, or a directory that holds files but none
   *   of a log's: nothing is removed), `KLOG_IO`
   */
  static async destroy(dir: string, options: { lockStaleMs?: number } = {}): Promise<boolean> {
    if (typeof dir !== 'string' || dir.length === 0) throw new TypeError('dir must be a non-empty string')
    const { lockStaleMs } = resolveOptions(options.lockStaleMs === undefined ? {} : { lockStaleMs: options.lockStaleMs })
    return destroyLog(path.resolve(dir), lockStaleMs)
  }

  /**
   * Opens a read-only log from a handle made by `log.share()`, typically inside a worker thread.
   * Its readers see exactly the records the writer has committed and follow it live. The log's
   * named encodings come with the handle; a custom one (functions cannot cross threads) must be
   * given again in `options`, and `options` may override any.
   * @throws TypeError when `handle` is not a `LogHandle`, or the sharing log has a custom encoding
   *   that `options` does not give
   */
  static async attach<V = Buffer, K = Buffer>(handle: LogHandle, options: EncodingOptions<V, K> = {}): Promise<Log<V, K>> {
    if (handle === null || typeof handle !== 'object' || typeof handle.dir !== 'string') {
      throw new TypeError('attach() needs the handle returned by log.share()')
    }
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object')
    const { valueEncoding = handle.options.valueEncoding, keyEncoding = handle.options.keyEncoding } = options as UntypedLogOptions
    const opts = resolveOptions({ ...handle.options, valueEncoding, keyEncoding, readOnly: true })
    setMaxOpenSegments(handle.dir, opts.maxOpenSegments)
    const view =
      handle.snapshot instanceof SharedArrayBuffer ? LogView.shared(handle.dir, handle.snapshot) : LogView.fromStateFile(handle.dir)
    return new Log(handle.dir, opts, true, undefined, view)
  }

  /** A structured-cloneable handle for `Log.attach()` in a worker thread. */
  share(): LogHandle {
    this.#checkOpen()
    return this.#ownership.handle()
  }

  get #source(): LogSource {
    return this.#ownership.source
  }

  get #owner(): LogOwner | undefined {
    return this.#ownership.owner
  }

  #checkOpen(): void {
    if (this.#closed !== undefined) throw closedError('log')
  }

  /** Absolute path of the log directory. */
  get dir(): string {
    return this.#dir
  }

  /** First readable offset. */
  get logStartOffset(): number {
    return this.#source.snapshot().logStartOffset
  }

  /** Offsets below it are committed and readable (exclusive upper bound). */
  get highWatermark(): number {
    return this.#source.snapshot().highWatermark
  }

  /**
   * The offset the next appended record gets (exclusive upper bound of written records). On the
   * owner this includes records written but not yet committed (awaiting their fsync); views see the
   * published value.
   */
  get logEndOffset(): number {
    return this.#owner?.logEndOffset ?? this.#source.snapshot().logEndOffset
  }

  /** What recovery did at open (owner only; `undefined` for views). */
  get recovery(): RecoveryReport | undefined {
    return this.#owner?.recovery
  }

  /**
   * Numbers about the log now: its offsets and segments (from the published snapshot, in any thread or
   * process) and, on the log's owner, what the writer did since open: rolls, segments deleted by
   * retention, and fsync latency. Cheap (no I/O); made for metrics scrapes.
   * @throws LogError `KLOG_CLOSED`
   */
  stats(): LogStats {
    this.#checkOpen()
    return logStats({
      dir: this.#dir,
      readOnly: this.#readOnly,
      source: this.#source,
      owner: this.#owner,
      logEndOffset: this.logEndOffset,
      waitingReaders: this.#readers.waiting,
      reads: this.#readers.reads,
    })
  }

  /**
   * True when this log cannot write now: opened `readOnly`, attached in a worker, or opened
   * read-write while another writer held the directory (a view of that writer's log, see
   * {@link Log.lockHolder}) until `writer()` takes the lock over.
   */
  get readOnly(): boolean {
    return this.#readOnly || (this.#owner === undefined && this.#closed === undefined)
  }

  /**
   * For a read-write open that found the directory locked: the pid and host of the writer holding
   * it (as its lock records them); `undefined` for the owner, read-only logs and unrecorded holders.
   */
  get lockHolder(): LockHolder | undefined {
    return this.#readOnly || this.#owner !== undefined ? undefined : lockHolder(this.#dir)
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closed !== undefined
  }

  /**
   * The single-writer handle. One per directory across threads and processes.
   * @param options - `wait: true` waits until the lock is free instead of rejecting with
   *   `KLOG_LOCKED` (woken when the lock changes, re-checked every second); `signal` ends that wait
   *   with an `AbortError`
   * @throws TypeError for malformed options
   * @throws LogError `KLOG_LOCKED` (another writer, here or elsewhere; a `LockedError` naming the
   *   holder), `KLOG_READ_ONLY`, `KLOG_CLOSED`
   */
  async writer(options: WriterOptions = {}): Promise<LogWriter<V, K>> {
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object')
    const { wait = false, signal } = options
    if (typeof wait !== 'boolean') throw new TypeError('options.wait must be a boolean')
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('options.signal must be an AbortSignal')
    return this.#ownership.writer(wait, signal)
  }

  /**
   * A consistent online backup of this log into `targetDir`: the sealed segments hard-linked (copied
   * where the file system cannot link them), the active segment copied up to the high watermark, and
   * checkpoints, consumer positions and the published state written for that one snapshot, taken
   * between two append groups. Appends go on while the active segment is copied. The backup opens
   * with `Log.open(targetDir)` as a log equal to this one at the snapshot: the records of
   * `[logStartOffset, highWatermark)` of the result, same offsets and bytes (its first open scans the
   * copied active segment, as after a crash, and rebuilds its indexes). `targetDir` appears whole or
   * not at all (built beside it, then renamed). Later changes of the live log never reach the links:
   * a truncation into a linked segment first gives the live log its own copy.
   * @param targetDir - a directory that does not exist yet (or is empty), outside the log directory
   * @returns the backup's directory, its snapshot (`logStartOffset`, `highWatermark`), and what it
   *   linked and copied
   * @throws TypeError for a bad `targetDir`; RangeError for one inside the log directory
   * @throws LogError `KLOG_READ_ONLY` (a view: take the backup where the log's owner is),
   *   `KLOG_CLOSED`, `KLOG_IO` (a target that holds files: `cause.code` `'ENOTEMPTY'`), `KLOG_DISK_FULL`
   */
  async backup(targetDir: string): Promise<BackupResult> {
    if (typeof targetDir !== 'string' || targetDir.length === 0) throw new TypeError('targetDir must be a non-empty string')
    this.#checkOpen()
    const owner = this.#owner
    if (owner === undefined) {
      throw new LogError('KLOG_READ_ONLY', "a backup is taken by the log's owner (the Log holding the directory lock), not by a view")
    }
    return backupLog(owner, path.resolve(targetDir), (fn) => this.#ownership.exclusively(fn))
  }

  /**
   * A cursor over the log. Cheap; create as many as needed. It decodes with the log's encodings
   * unless `options` gives its own: `log.reader<Order>({ valueEncoding: 'json' })`.
   * @throws TypeError / RangeError for bad options
   * @throws LogError `KLOG_CLOSED` when the log is closed; `KLOG_IO` when a view cannot read the
   *   log's files now (`EACCES`, `EMFILE`: `cause` says which)
   */
  reader<RV = V, RK = K>(options: ReaderOptions<RV, RK> = {}): LogReader<RV, RK> {
    this.#checkOpen()
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object')
    return this.#readers.reader<RV, RK>(options)
  }

  /**
   * A named durable position in this log (Kafka's committed offset). Works the same on the writer's
   * log, a worker's attached view and a `readOnly` open in another process; commits take no lock.
   * Cheap: the position lives in `<dir>/.consumers/<name>` and is read on each call.
   * @param name 1-249 characters from `[A-Za-z0-9._-]`, not starting with `.`
   * @throws TypeError / RangeError for a bad name
   * @throws LogError `KLOG_CLOSED` when the log is closed
   */
  consumer(name: string): Consumer<V, K> {
    this.#checkOpen()
    return new Consumer<V, K>(this.#readers.consumerHost, name)
  }

  /**
   * The latest record per key (a compacted log read as a table, Kafka Streams' `KTable`): built by a
   * scan from the log start, resolved once it reached the high watermark, then kept current by
   * following the log (tombstones delete, keyless records are skipped; rebuilt after a truncation
   * below it). Works on views too (workers, other processes). Decodes with the log's encodings
   * unless `options` gives its own. Close it to stop following.
   * @throws TypeError for a malformed encoding
   * @throws LogError `KLOG_CLOSED`, `KLOG_DECODE`, `KLOG_CORRUPT_SEGMENT`, `KLOG_IO`
   */
  async table<TV = V, TK = K>(options: EncodingOptions<TV, TK> = {}): Promise<LogTable<TV, TK>> {
    this.#checkOpen()
    return this.#readers.table<TV, TK>(options)
  }

  /**
   * Every consumer with a committed position, its position and its lag (`highWatermark − offset`),
   * sorted by name. A consumer whose position file is damaged or unreadable is listed with its `error`
   * (`KLOG_CORRUPT_CHECKPOINT`, `KLOG_IO`) instead of a position (see {@link ConsumerInfo}). Unless the
   * log was opened `readOnly` (or attached), listing also removes the temp files of commits whose
   * process is provably dead on this host.
   * @throws LogError `KLOG_CLOSED`, `KLOG_IO` (the consumers' directory cannot be listed)
   */
  async consumers(): Promise<ConsumerInfo[]> {
    return listConsumers(this.#readers.consumerHost)
  }

  /**
   * Reads the one record at `offset`, or `undefined` when the offset is not below the high watermark
   * or lies before the log start (or in a gap left by compaction in foreign files). Uses the index and
   * a bounded synchronous positional read (see `Segment.readBatchSync`); the record's buffers are
   * copies, safe to keep. Decoded with the log's encodings unless `options` gives its own.
   * @throws TypeError / RangeError when `offset` is not a non-negative safe integer or an encoding is malformed
   * @throws LogError (rejection) `KLOG_CORRUPT_SEGMENT`, `KLOG_DECODE`, `KLOG_CLOSED`, `KLOG_IO`
   */
  async get<GV = V, GK = K>(offset: number, options?: EncodingOptions<GV, GK>): Promise<LogRecord<GV, GK> | undefined> {
    checkOffset(offset, 'offset')
    return this.getSync<GV, GK>(offset, options)
  }

  /**
   * `get()` without the promise, for hot lookup loops: the read is synchronous either way (a mapped
   * read in the writer's thread, a bounded `pread` elsewhere), so this saves only the promise. Like
   * any synchronous file read it blocks the event loop while a cold page comes in from disk.
   * @throws TypeError / RangeError when `offset` is not a non-negative safe integer or an encoding is malformed
   * @throws LogError `KLOG_CORRUPT_SEGMENT`, `KLOG_DECODE`, `KLOG_CLOSED`, `KLOG_IO`
   */
  getSync<GV = V, GK = K>(offset: number, options?: EncodingOptions<GV, GK>): LogRecord<GV, GK> | undefined {
    checkOffset(offset, 'offset')
    const decoding = options === undefined ? this.#decoding : resolveDecoding(this.#options, options)
    this.#checkOpen()
    const record = recordAt(this.#source, offset, (this.#scratch ??= Buffer.allocUnsafe(32 * 1024)))
    if (record === undefined) return undefined
    const decoded = decodeRecord<GV, GK>(record, decoding)
    this.#readers.reads.countOne(record)
    return decoded
  }

  /**
   * Kafka's offsets-for-times: the first offset whose record timestamp is ≥ `timestamp`, using the
   * time index to skip ahead. `undefined` when no committed record is that recent.
   * @throws TypeError / RangeError (synchronously) when `timestamp` is not a non-negative safe integer
   * @throws LogError (rejection) `KLOG_CORRUPT_SEGMENT`, `KLOG_CLOSED`, `KLOG_IO`
   */
  offsetForTimestamp(timestamp: number): Promise<number | undefined> {
    checkOffset(timestamp, 'timestamp')
    return this.#lookUpTimestamp(timestamp)
  }

  async #lookUpTimestamp(timestamp: number): Promise<number | undefined> {
    this.#checkOpen()
    return offsetForTimestamp(this.#source, timestamp, this.#dir)
  }

  /**
   * Whole batches exactly as the segment files hold them, for serving a Kafka fetch: from the batch
   * that holds `from` (a client skips the records before it), about `maxBytes` of them across
   * segments, at least one whole batch however large (KIP-74), none at or past the high watermark.
   * Every batch returned passed the header walk and its CRC; damage after the first batch ends the
   * read early, damage at the first rejects. Works the same on views (workers, other processes).
   * @returns the bytes (empty at the high watermark), the offset after them, and the snapshot's
   *   high watermark, last stable offset (= high watermark) and log start offset
   * @throws TypeError / RangeError (synchronously) for bad options
   * @throws LogError (rejection) `KLOG_OFFSET_OUT_OF_RANGE` when `from` is below the log start or
   *   above the log end offset, `KLOG_CORRUPT_SEGMENT`, `KLOG_CLOSED`, `KLOG_IO`
   */
  readBatches(options: ReadBatchesOptions): Promise<BatchesRead> {
    const { from, maxBytes } = resolveReadBatchesOptions(options)
    return this.#readBatches(from, maxBytes)
  }

  async #readBatches(from: number, maxBytes: number): Promise<BatchesRead> {
    this.#checkOpen()
    return readBatches(this.#source, from, maxBytes)
  }

  /**
   * Waits, without polling, until the high watermark is above `offset` (the record at `offset` is
   * readable), woken by the writer's publication: a fetch's long poll. Resolves at once when it
   * already is. Works on views too.
   * @returns the high watermark then
   * @throws RangeError (synchronously) when `offset` is not a non-negative safe integer
   * @throws the `AbortError` of `signal` when it aborts first (`AbortSignal.timeout(ms)` bounds a wait)
   * @throws LogError `KLOG_CLOSED` when the log is or gets closed
   */
  waitForOffset(offset: number, options: { signal?: AbortSignal } = {}): Promise<number> {
    checkOffset(offset, 'offset')
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object')
    const { signal } = options
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('options.signal must be an AbortSignal')
    return this.#waitForOffset(offset, signal)
  }

  async #waitForOffset(offset: number, signal: AbortSignal | undefined): Promise<number> {
    this.#checkOpen()
    return this.#readers.waitForOffset(offset, signal)
  }

  /**
   * Kafka's ListOffsets `MAX_TIMESTAMP`: the largest record timestamp below the high watermark and
   * the first offset that carries it, or `undefined` when the log has no record.
   * @throws LogError `KLOG_CORRUPT_SEGMENT`, `KLOG_CLOSED`, `KLOG_IO`
   */
  async maxTimestamp(): Promise<{ offset: number; timestamp: number } | undefined> {
    this.#checkOpen()
    return maxTimestampOffset(this.#source)
  }

  /**
   * Closes readers, then the writer (flushing it), then segments and the lock; a clean close lets
   * the next open skip recovery. Idempotent; later calls on the log reject with `KLOG_CLOSED`.
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      await this.#readers.close()
      // The first failure is reported once, after every step ran (the owner closes even when the writer failed).
      const failures: unknown[] = []
      await this.#ownership.close(failures)
      if (failures.length > 0) throw failures[0]
    })()
    return this.#closed
  }

  /** `await using` support: the same as `close()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }
}

// No raw error leaves a public method: see `guardPublicMethods` (src/base/errors.ts).
guardPublicMethods(Log, 'log')
