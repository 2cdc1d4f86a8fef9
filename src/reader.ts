/**
 * LogReader: a cheap cursor over a log. Any number of them, in any thread or process.
 *
 * Each read takes one consistent snapshot, applies the out-of-range policy to the reader's offset,
 * and hands the rest to the fetch engine (src/read/fetch.ts): it reads only what the snapshot
 * published, checks every batch before a record is handed out, and discards what it read when a
 * truncation or retention deletion raced it; the read is then retried against a new snapshot. The
 * reader keeps the engine's `FetchCursor` between reads, so sequential reads resume where the last
 * one stopped without looking the batch up again.
 *
 * Positions are exact. The async iterator fetches a chunk of records at a time but hands them out
 * one by one; the records not yet handed out stay in the reader's buffer, so `position` is always
 * the offset of the next record the caller will get (the offset after the last one it got), and a
 * `break` out of a loop loses nothing: the next `read()` or loop starts with the buffered records.
 * A buffer is served only while the log's generation is the one it was fetched under; after a roll,
 * retention or truncation it is dropped and read again, so the out-of-range policy still applies.
 *
 * Keys and values are decoded as the records are handed out (src/read/decode.ts), so a record whose
 * bytes the reader's encoding cannot decode stays the next one (`position` names it) and the
 * `KLOG_DECODE` repeats until the caller seeks past it. `end` clips each fetch: records at or past it
 * are never buffered, and the reader's position stops there.
 *
 * Safe from any reader; never mutates shared state.
 */
import { checkOffset } from './base/check-keys.js'
import { LogError, boundaryError, closedError, guardPublicMethods, ioError } from './base/errors.js'
import type { LogSource } from './publish/log-source.js'
import { linkSignals, waitWithSignal } from './publish/wait.js'
import type { OffsetResetPolicy } from './base/options.js'
import { resolveReadOptions, resolveReaderOptions, type ReadOptions, type ReaderOptions } from './read/reader-options.js'
import type { LogRecord } from './format/record.js'
import type { SnapshotState } from './publish/snapshot.js'
import { fetchRecords, type FetchCursor, type Fetched } from './read/fetch.js'
import { recordStream, recordWebStream, type RecordStreamOptions } from './stream.js'
import type { Readable } from 'node:stream'
import type { ReadableStream } from 'node:stream/web'
import { decodeRecord, decodeRecords, type RecordDecoding } from './read/decode.js'
import type { ReaderLink } from './read/reader-link.js'
import { FETCH_GROWTH, FIRST_FETCH_BYTES, FOLLOWER_RETRIES, handOutWhileSuspended, outOfDescriptors } from './read/iteration.js'

export type { ReadOptions, ReaderOptions, StartPosition } from './read/reader-options.js'

export { FOLLOWER_RETRIES } from './read/iteration.js'

/**
 * @internal For consumer positions (src/consumer/): the reader's log directory, position and the
 * truncation epoch of the history it read (what `consumer.commit(reader)` stores).
 */
export let readerCheckpoint: (reader: LogReader<unknown, unknown>) => { dir: string; position: number; truncationEpoch: number }
/**
 * @internal Moves a fresh reader to a committed `offset` in the history of `truncationEpoch`, so its
 * next read applies `onOutOfRange` if a truncation (or retention) since the commit removed it.
 */
export let resumeReader: (reader: LogReader<unknown, unknown>, offset: number, truncationEpoch: number) => void

/**
 * A cursor over the log. Create with `log.reader()`. `V` and `K` are the types its values and keys
 * decode to (see `valueEncoding` / `keyEncoding`).
 */
export class LogReader<V = Buffer, K = Buffer> implements AsyncIterable<LogRecord<V, K>>, AsyncDisposable {
  static {
    readerCheckpoint = (r) => ({ dir: r.#source.dir, position: r.position, truncationEpoch: r.#epoch })
    resumeReader = (r, offset, truncationEpoch) => {
      r.#seekTo(offset)
      r.#epoch = truncationEpoch
    }
  }

  readonly #source: LogSource
  readonly #follow: boolean
  readonly #signal: AbortSignal | undefined
  readonly #reset: OffsetResetPolicy
  readonly #chunk: number
  readonly #link: ReaderLink<LogReader<unknown, unknown>>
  readonly #decoding: RecordDecoding
  /** Offsets from it on are not read (`Infinity`: no end). */
  readonly #end: number
  /**
   * Aborted by `close()` to end a wait. Made at the first wait: most readers never wait, and making
   * and aborting a controller costs a `DOMException` with its stack (a third of a new reader's CPU).
   */
  #stop: AbortController | undefined
  /** Where the next fetch from the log starts: the offset after the last buffered or returned record. */
  #next: number
  /** Records fetched by the iterator but not yet handed out: `#buffer[#bufferAt]` is the next one. */
  #buffer: LogRecord[] = []
  #bufferAt = 0
  /** The log generation `#buffer` was read under. */
  #bufferGeneration = -1
  /** The generation the last successful fetch read under. */
  #fetchGeneration = -1
  /** Where the last fetch stopped, for the next one (src/read/fetch.ts). */
  #cursor: FetchCursor | undefined
  #lastSeq = -1
  /** Snapshots taken by fetches: tells whether `#lastSeq` is that of a fetch that then failed. */
  #snapshots = 0
  /** The truncation epoch this reader's history belongs to. */
  #epoch: number
  #closed = false
  /** `from: { timestamp }` not yet looked up (done at the first read; a `seek` cancels it). */
  #fromTimestamp: number | undefined

  /** @internal Created by `log.reader()`. */
  constructor(source: LogSource, options: ReaderOptions<V, K>, link: ReaderLink<LogReader<unknown, unknown>>, decoding: RecordDecoding) {
    const { from, follow, signal, onOutOfRange, maxBytes, fromTimestamp, end } = resolveReaderOptions(options)
    this.#decoding = decoding
    this.#end = end
    this.#source = source
    this.#follow = follow
    this.#signal = signal
    this.#reset = onOutOfRange
    this.#chunk = maxBytes
    this.#link = link
    const snap = source.snapshot()
    this.#next = typeof from === 'number' ? from : from === 'latest' ? snap.highWatermark : snap.logStartOffset
    this.#fromTimestamp = fromTimestamp
    this.#epoch = snap.truncationEpoch
  }

  /**
   * The offset of the next record this reader hands out: exactly the offset after the last record
   * returned by `read()` or the iterator (however the loop ended), so it is the value to save as a
   * checkpoint and pass back as `from` or to `seek()`.
   */
  get position(): number {
    return this.#bufferAt < this.#buffer.length ? this.#buffer[this.#bufferAt]!.offset : this.#next
  }

  /** True once `position` reached the reader's `end` option: reads return `[]` and iteration ends. */
  get ended(): boolean {
    return this.position >= this.#end
  }

  /**
   * Moves the reader to `offset` (checked against the log's range at the next read).
   * @throws RangeError when `offset` is not a non-negative safe integer
   */
  seek(offset: number): void {
    checkOffset(offset, 'offset')
    this.#seekTo(offset)
  }

  /** Records left in the buffer (`0` once drained). */
  get #buffered(): number {
    return this.#buffer.length - this.#bufferAt
  }

  /**
   * Drops the buffer if the log changed shape since it was fetched (a roll, retention or truncation):
   * its records are then read again through the normal path, which applies the out-of-range policy.
   */
  #checkBuffer(): void {
    if (this.#buffered === 0 || this.#source.generation() === this.#bufferGeneration) return
    this.#next = this.position
    this.#dropBuffer()
  }

  #dropBuffer(): void {
    this.#dropBufferKeepCursor()
    this.#cursor = undefined
  }

  /** Hands out up to `maxRecords` buffered records, about `maxBytes` of keys and values (at least one). */
  #takeBuffered(maxBytes: number, maxRecords: number): LogRecord[] {
    const start = this.#bufferAt
    const end = Math.min(this.#buffer.length, start + maxRecords)
    let at = start
    let bytes = 0
    do {
      const r = this.#buffer[at++]!
      bytes += (r.key?.length ?? 0) + (r.value?.length ?? 0)
    } while (at < end && bytes < maxBytes)
    const out = this.#buffer.slice(start, at)
    this.#bufferAt = at
    if (at === this.#buffer.length) this.#dropBufferKeepCursor()
    return out
  }

  #dropBufferKeepCursor(): void {
    this.#buffer = []
    this.#bufferAt = 0
  }

  /**
   * Reads the next records: at most `maxRecords`, about `maxBytes` (but always at least one whole
   * batch), `[]` at the high watermark. Never waits.
   * @throws TypeError / RangeError (synchronously) when `maxBytes` or `maxRecords` is not a positive
   *   safe integer
   * @throws LogError (rejection) `KLOG_OFFSET_OUT_OF_RANGE` (with `onOutOfRange: 'error'`),
   *   `KLOG_CORRUPT_SEGMENT` (a `CorruptSegmentError`), `KLOG_CLOSED`, `KLOG_IO`, `KLOG_DISK_FULL`,
   *   `KLOG_DECODE` (the next record cannot be decoded: the records before it are returned first, and
   *   the reader stays at it)
   */
  read(options: ReadOptions = {}): Promise<LogRecord<V, K>[]> {
    // Checked before the promise exists: a programmer mistake throws, it does not reject.
    const { maxBytes, maxRecords } = resolveReadOptions(options)
    return this.#readValidated(maxBytes, maxRecords)
  }

  async #readValidated(maxBytes: number, maxRecords: number): Promise<LogRecord<V, K>[]> {
    if (this.#closed || this.#link.closed()) throw closedError('reader')
    this.#checkBuffer()
    if (this.#buffered > 0) return this.#decode(this.#takeBuffered(maxBytes, maxRecords), this.#bufferGeneration)
    const records = await this.#fetch(maxBytes, maxRecords)
    return this.#decode(records, this.#fetchGeneration)
  }

  /**
   * Decodes records about to be returned. At the first that cannot be decoded, it and the records
   * after it go back in front of the buffer (read under `generation`), so `position` names it: the
   * records before it are returned, or, when it is the first, its `KLOG_DECODE` is thrown.
   */
  #decode(records: LogRecord[], generation: number): LogRecord<V, K>[] {
    const { decoded, error } = decodeRecords<V, K>(records, this.#decoding)
    this.#link.handedOut(error === undefined ? records : records.slice(0, decoded.length))
    if (error === undefined) return decoded
    this.#buffer = [...records.slice(decoded.length), ...this.#buffer.slice(this.#bufferAt)]
    this.#bufferAt = 0
    this.#bufferGeneration = generation
    if (decoded.length > 0) return decoded
    throw error
  }

  /** Reads from the log at `#next` (the buffer is empty), retrying after a racing shape change. */
  async #fetch(maxBytes: number, maxRecords: number): Promise<LogRecord[]> {
    if (this.#next >= this.#end) return []
    if (this.#fromTimestamp !== undefined) {
      const timestamp = this.#fromTimestamp
      const offset = await this.#link.offsetForTimestamp(timestamp)
      // A seek while the lookup ran wins.
      if (this.#fromTimestamp === timestamp) {
        this.#fromTimestamp = undefined
        this.#seekTo(offset ?? this.#source.snapshot().highWatermark)
      }
    }
    for (;;) {
      if (this.#closed || this.#link.closed()) throw closedError('reader')
      let snap: ReturnType<LogSource['snapshot']>
      let fetched: Fetched | null
      try {
        snap = this.#source.snapshot()
        this.#lastSeq = snap.seq
        this.#snapshots++
        this.#applyRange(snap)
        // A failed fetch leaves the cursor as it was: it still applies to `#next`, which did not move.
        fetched = await fetchRecords(this.#source, snap, this.#next, this.#cursor, maxBytes, maxRecords)
      } catch (err) {
        throw ioError(err, 'read', this.#source.dir)
      }
      if (fetched === null) {
        // A truncation or deletion raced the fetch: read again on a new snapshot.
        this.#cursor = undefined
        continue
      }
      this.#fetchGeneration = snap.generation
      if (fetched.nextOffset <= this.#end) {
        this.#next = fetched.nextOffset
        this.#cursor = fetched.cursor
        return fetched.records
      }
      // The fetch ran past `end`: stop there (the cursor points past it, so it is dropped).
      this.#next = this.#end
      this.#cursor = undefined
      const past = fetched.records.findIndex((r) => r.offset >= this.#end)
      return past < 0 ? fetched.records : fetched.records.slice(0, past)
    }
  }

  /**
   * Applies the out-of-range policy to the current position. A truncation since this reader's last
   * read that cut below its position counts as out of range even if the log has since grown past it
   * again: the records the reader returned are no longer the log's history. When more than one
   * truncation happened in between, the lowest cut is unknown, so any position past the log start is
   * treated as cut (conservative: a reset is recoverable, silently mixed histories are not).
   */
  #applyRange(snap: SnapshotState): void {
    const pos = this.#next
    let cut = false
    if (snap.truncationEpoch !== this.#epoch) {
      const single = snap.truncationEpoch === this.#epoch + 1
      cut = single ? pos > snap.truncationOffset : pos > snap.logStartOffset
      // Adopt the new history unless it cut us: then the error repeats until the caller seeks.
      if (!cut || this.#reset !== 'error') this.#epoch = snap.truncationEpoch
    }
    if (!cut && pos >= snap.logStartOffset && pos <= snap.logEndOffset) return
    if (this.#reset === 'error') {
      throw new LogError('KLOG_OFFSET_OUT_OF_RANGE', `offset ${pos} is outside [${snap.logStartOffset}, ${snap.logEndOffset}]`, {
        offset: pos,
      })
    }
    this.#next = this.#reset === 'earliest' ? snap.logStartOffset : snap.highWatermark
    this.#cursor = undefined
  }

  /** Moves the reader to `offset` and adopts the log's current history. */
  #seekTo(offset: number): void {
    this.#fromTimestamp = undefined
    this.#next = offset
    this.#dropBuffer()
    this.#epoch = this.#source.snapshot().truncationEpoch
  }

  /** The signals that end a wait: `close()`, the reader's `signal`, the stream's `end`, a deadline. */
  #stopSignals(end: AbortSignal | undefined, deadline: AbortSignal | undefined): AbortSignal[] {
    this.#stop ??= new AbortController()
    if (this.#closed) this.#stop.abort()
    const signals = [this.#stop.signal]
    if (this.#signal !== undefined) signals.push(this.#signal)
    if (end !== undefined) signals.push(end)
    if (deadline !== undefined) signals.push(deadline)
    return signals
  }

  /** Waits until the writer publishes something new, or `signal` / `close()` aborts. */
  async #wait(end?: AbortSignal, deadline?: AbortSignal): Promise<void> {
    const signals = this.#stopSignals(end, deadline)
    // Not AbortSignal.any: it leaves an entry in a long-lived signal (one shared by many followers)
    // for every wait; the listeners of `linkSignals` are removed when the wait ends.
    const { signal, unlink } = linkSignals(signals)
    // Only waiting readers are known to the log (so that closing it can end their wait); idle
    // readers hold no registration and are garbage once dropped.
    this.#link.waiting(this, true)
    try {
      await this.#source.waitForChange(this.#lastSeq, signal)
    } finally {
      unlink()
      this.#link.waiting(this, false)
    }
  }

  /**
   * Iterates records from the reader's position. Without `follow` it ends at the high watermark;
   * with `follow` it waits for new records (woken by the writer, never by a timer) until the
   * `signal` aborts (rejecting with an `AbortError`) or the reader or log is closed (ending quietly).
   */
  [Symbol.asyncIterator](): AsyncIterator<LogRecord<V, K>> {
    return handOutWhileSuspended(
      this.#iterate(undefined),
      () => this.#buffered,
      () => this.#handOut(),
    )
  }

  /**
   * An object-mode `Readable` of this reader's records, from its position: it ends at the high
   * watermark, or with `follow` waits for new ones. Backpressure holds: the reader fetches only while
   * the stream's buffer is below `highWaterMark` records, and `position` counts the records pushed
   * into the stream. Works with `stream.pipeline`; destroying the stream or aborting `signal` ends a
   * waiting follower at once (the reader stays usable, e.g. to `seek`).
   */
  stream(options: RecordStreamOptions = {}): Readable {
    return recordStream<LogRecord<V, K>>((end) => this.#iterate(end), options)
  }

  /**
   * A Web `ReadableStream` of this reader's records (the WHATWG streams of `fetch`, Deno and Bun),
   * beside the Node `stream()`: it ends at the high watermark (or `end`), or with `follow` waits for
   * new records. Pull-based: the reader fetches only when the stream's queue is below
   * `highWaterMark` records, and `position` counts the records enqueued. `cancel()` (or aborting
   * `signal`) ends a waiting follower and closes the reader.
   * @throws TypeError / RangeError for bad options
   */
  toWebStream(options: RecordStreamOptions = {}): ReadableStream<LogRecord<V, K>> {
    return recordWebStream<LogRecord<V, K>>(
      (end) => this.#iterate(end),
      options,
      () => this.close(),
    )
  }

  /**
   * The next buffered record, decoded, counted and passed: one step of the iteration (its loop, and
   * the iterator's path while the loop is suspended). Decoded before the buffer moves: a record that
   * cannot be decoded stays the next one.
   */
  #handOut(): LogRecord<V, K> {
    const raw = this.#buffer[this.#bufferAt]!
    const r = decodeRecord<V, K>(raw, this.#decoding)
    this.#link.handedOutOne(raw)
    if (++this.#bufferAt === this.#buffer.length) this.#dropBufferKeepCursor()
    return r
  }

  /** The iteration behind `for await` and the streams; `end` aborting stops a wait quietly. */
  async *#iterate(end: AbortSignal | undefined): AsyncGenerator<LogRecord<V, K>> {
    // The iteration is a boundary of the public API too (its `next()` is the caller's): what leaves
    // it goes through the same conversion as the guarded methods (see `guardPublicMethods`).
    try {
      // Records left over by an earlier loop that ended early come first (if the log kept its shape).
      if (this.#closed || this.#link.closed()) return
      this.#checkBuffer()
      /** Consecutive failures for lack of file descriptors (a follower rides them out, see `#backOff`). */
      let starved = 0
      // Decode lazily: a loop that breaks after a few records should not pay for a whole chunk, so
      // the first fetch reads about one batch and the next ones grow to the reader's chunk.
      let chunk = Math.min(this.#chunk, FIRST_FETCH_BYTES)
      // The first fetch hands out one record: the rest of its batch is walked (checked) but not
      // made into records a loop that breaks at once would drop.
      let room = 1
      for (;;) {
        // One record at a time from the buffer, so that `position` moves with what the loop body has
        // seen and a `break` leaves the rest for the next read. A chunk already fetched is handed out
        // even if the reader closes meanwhile (as a read that completed); closing stops the next fetch.
        if (this.#buffered > 0) {
          yield this.#handOut()
          continue
        }
        if (this.#closed || this.#link.closed()) return
        const seen = this.#snapshots
        let records: LogRecord[]
        try {
          records = await this.#fetch(chunk, room)
          chunk = Math.min(this.#chunk, chunk * FETCH_GROWTH)
          room = Infinity
        } catch (err) {
          if (!this.#follow || !outOfDescriptors(err) || ++starved > FOLLOWER_RETRIES) throw err
          // Woken by the next publication only if the failed fetch read the current one.
          if (await this.#backOff(starved, end, this.#snapshots !== seen)) continue
          return
        }
        starved = 0
        if (records.length > 0) {
          this.#buffer = records
          this.#bufferAt = 0
          this.#bufferGeneration = this.#fetchGeneration
          continue
        }
        // A follower waits through writer restarts, wherever it lives; it ends when it or its Log
        // closes, or at its `end`.
        if (!this.#follow || this.#next >= this.#end) return
        try {
          await this.#wait(end)
        } catch (err) {
          if (this.#endsQuietly(end)) return
          if (!outOfDescriptors(err) || ++starved > FOLLOWER_RETRIES) throw err
          if (!(await this.#backOff(starved, end, false))) return
        }
      }
    } catch (err) {
      throw boundaryError(err, 'reader iteration')
    }
  }

  /** Whether an interrupted wait ends the iteration without an error: `end` aborted, or the reader or log closed. */
  #endsQuietly(end: AbortSignal | undefined): boolean {
    return end?.aborted === true || ((this.#closed || this.#link.closed()) && this.#signal?.aborted !== true)
  }

  /**
   * A follower that found no file descriptor (EMFILE / ENFILE: many views, a low `ulimit -n`) waits
   * and retries instead of ending: other descriptors close, and the open-segment table frees its
   * own. It waits 10 ms, doubling to at most 1 s per attempt, or less when the writer publishes
   * (`wakeOnPublication`: only when the failed fetch read the latest snapshot, else the wait would
   * return at once). After {@link FOLLOWER_RETRIES} failures in a row it ends with the `KLOG_IO`.
   * @returns false when the wait was ended quietly (see `#endsQuietly`)
   * @throws the AbortError of the reader's `signal`
   */
  async #backOff(attempt: number, end: AbortSignal | undefined, wakeOnPublication: boolean): Promise<boolean> {
    const delay = new AbortController()
    const timer = setTimeout(() => delay.abort(), Math.min(1000, 10 * 2 ** (attempt - 1)))
    // Until the delay passes (or the reader's signals abort): a wait on a promise that never settles.
    const sleep = (): Promise<void> => {
      const { signal, unlink } = linkSignals(this.#stopSignals(end, delay.signal))
      return waitWithSignal(new Promise(() => {}), signal).finally(unlink)
    }
    try {
      if (!wakeOnPublication) await sleep()
      else {
        try {
          await this.#wait(end, delay.signal)
        } catch (err) {
          // The wait itself found no descriptor (a view arming its watch): sleep the delay instead.
          if (!outOfDescriptors(err)) throw err
          await sleep()
        }
      }
    } catch (err) {
      if (this.#endsQuietly(end)) return false
      if (this.#signal?.aborted === true || !delay.signal.aborted) throw err
    } finally {
      clearTimeout(timer)
    }
    return true
  }

  /** Closes the reader; pending waits end and later calls reject with `KLOG_CLOSED`. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#stop?.abort()
  }

  /** `await using` support: the same as `close()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }
}

// No raw error leaves a public method: see `guardPublicMethods` (src/base/errors.ts).
guardPublicMethods(LogReader, 'reader')
