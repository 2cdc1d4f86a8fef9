/**
 * LogReader: a cheap cursor over a log. Any number of them, in any thread or process.
 *
 * A read takes one consistent snapshot, then reads only below it: segments before the one holding
 * the high watermark are read to their end, that segment only below the published `hwPosition`, and
 * later segments not at all. Every batch's CRC is checked before a record is handed out, and records
 * at or beyond the high watermark are never returned. After reading, the reader re-checks the
 * snapshot's generation: if a truncation or a retention deletion happened meanwhile, the bytes may
 * come from a changed file, so they are discarded and the read is retried against the new snapshot.
 *
 * Seeking uses the offset-index floor and then a walk over batch headers (`Segment.findPosition`).
 * Sequential reads skip even that: the reader remembers where the next batch starts.
 *
 * Safe from any reader; never mutates shared state.
 */
import { CorruptSegmentError, LogError, closedError, ioError } from './errors.js'
import { walkError } from './batch-locator.js'
import { HeaderWalk, Step } from './format/header-walk.js'
import type { LogSource } from './log-source.js'
import type { OffsetResetPolicy } from './options.js'
import type { LogRecord } from './record.js'
import { BATCH_HEADER_SIZE, BatchCheck, LOG_OVERHEAD, batchSize, decodeBatch } from './record-batch.js'
import type { Segment } from './segment.js'
import type { SnapshotState } from './snapshot.js'
import { checkOffset } from './writer.js'

/** Where a reader starts. */
export type StartPosition = number | 'earliest' | 'latest'

/** Options of `log.reader(options)`. */
export interface ReaderOptions {
  /** First offset to read: an offset, `'earliest'` (log start) or `'latest'` (high watermark). @default 'earliest' */
  from?: StartPosition
  /** When iterating, wait for new records at the high watermark instead of ending. @default false */
  follow?: boolean
  /** Aborts a waiting iteration with an `AbortError`. */
  signal?: AbortSignal
  /**
   * When the reader's position is removed (retention, truncation) or out of range: `'error'` rejects
   * with `KLOG_OFFSET_OUT_OF_RANGE`; `'earliest'` / `'latest'` jump there (Kafka's `auto.offset.reset`).
   * @default 'error'
   */
  onOutOfRange?: OffsetResetPolicy
  /** Bytes fetched per step by the async iterator. @default 1048576 */
  maxBytes?: number
}

/** Options of `reader.read(options)`. */
export interface ReadOptions {
  /** Soft limit on bytes read; at least one whole batch is returned even when it is larger. @default 1048576 */
  maxBytes?: number
  /** Most records to return. @default Infinity */
  maxRecords?: number
}

const DEFAULT_MAX_BYTES = 1024 * 1024

/** @internal How a reader learns about its log: whether it closed, and who is waiting. */
export interface ReaderLink {
  closed(): boolean
  waiting(reader: LogReader, on: boolean): void
}

interface Cursor {
  segment: Segment
  generation: number
  offset: number
  position: number
  /** The base offset the batch at `position` must have (it is outside the CRC). */
  base: number
}

/** A cursor over the log. Create with `log.reader()`. */
export class LogReader implements AsyncIterable<LogRecord>, AsyncDisposable {
  readonly #source: LogSource
  readonly #follow: boolean
  readonly #signal: AbortSignal | undefined
  readonly #reset: OffsetResetPolicy
  readonly #chunk: number
  readonly #link: ReaderLink
  readonly #stop = new AbortController()
  #position: number
  #cursor: Cursor | undefined
  #lastSeq = -1
  /** The truncation epoch this reader's history belongs to. */
  #epoch: number
  #closed = false

  /** @internal Created by `log.reader()`. */
  constructor(source: LogSource, options: ReaderOptions, link: ReaderLink) {
    const { from = 'earliest', follow = false, signal, onOutOfRange = 'error', maxBytes = DEFAULT_MAX_BYTES } = options
    if (from !== 'earliest' && from !== 'latest') checkOffset(from, 'from')
    if (typeof follow !== 'boolean') throw new TypeError('follow must be a boolean')
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('signal must be an AbortSignal')
    if (onOutOfRange !== 'error' && onOutOfRange !== 'earliest' && onOutOfRange !== 'latest') {
      throw new RangeError("onOutOfRange must be 'error', 'earliest' or 'latest'")
    }
    checkPositive(maxBytes, 'maxBytes')
    this.#source = source
    this.#follow = follow
    this.#signal = signal
    this.#reset = onOutOfRange
    this.#chunk = maxBytes
    this.#link = link
    const snap = source.snapshot()
    this.#position = from === 'earliest' ? snap.logStartOffset : from === 'latest' ? snap.highWatermark : from
    this.#epoch = snap.truncationEpoch
  }

  /** The next offset this reader will return. */
  get position(): number {
    return this.#position
  }

  /**
   * Moves the reader to `offset` (checked against the log's range at the next read).
   * @throws RangeError when `offset` is not a non-negative safe integer
   */
  seek(offset: number): void {
    checkOffset(offset, 'offset')
    this.#seekTo(offset)
  }

  /**
   * Reads the next records: at most `maxRecords`, about `maxBytes` (but always at least one whole
   * batch), `[]` at the high watermark. Never waits.
   * @throws TypeError / RangeError (synchronously) when `maxBytes` or `maxRecords` is not a positive
   *   safe integer
   * @throws LogError (rejection) `KLOG_OFFSET_OUT_OF_RANGE` (with `onOutOfRange: 'error'`),
   *   `KLOG_CORRUPT_SEGMENT` (a `CorruptSegmentError`), `KLOG_CLOSED`, `KLOG_IO`, `KLOG_DISK_FULL`
   */
  read(options: ReadOptions = {}): Promise<LogRecord[]> {
    // Checked before the promise exists: a programmer mistake throws, it does not reject.
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object')
    const { maxBytes = DEFAULT_MAX_BYTES, maxRecords = Infinity } = options
    checkPositive(maxBytes, 'maxBytes')
    if (maxRecords !== Infinity) checkPositive(maxRecords, 'maxRecords')
    return this.#read(maxBytes, maxRecords)
  }

  async #read(maxBytes: number, maxRecords: number): Promise<LogRecord[]> {
    for (;;) {
      if (this.#closed || this.#link.closed()) throw closedError('reader')
      let out: LogRecord[] | null
      try {
        out = await this.#readOnce(maxBytes, maxRecords)
      } catch (err) {
        throw ioError(err, 'read', this.#source.dir)
      }
      if (out !== null) return out
    }
  }

  /** One attempt; `null` when a truncation or deletion raced it and it must be retried. */
  async #readOnce(maxBytes: number, maxRecords: number): Promise<LogRecord[] | null> {
    const source = this.#source
    const snap = source.snapshot()
    this.#lastSeq = snap.seq
    this.#applyRange(snap)
    const out: LogRecord[] = []
    let pos = this.#position
    let seg = pos < snap.highWatermark ? source.floorSegment(pos) : undefined
    try {
      while (seg !== undefined && seg.baseOffset <= snap.hwSegmentBase && out.length === 0) {
        const maxPos = seg.baseOffset === snap.hwSegmentBase ? snap.hwPosition : seg.size
        seg.acquire()
        try {
          const c = this.#cursor
          const resume = c !== undefined && c.segment === seg && c.offset === pos && c.generation === snap.generation
          // A position found by the header walk was checked on the way; a resumed one by its expected base.
          const position = resume ? c.position : await seg.findPosition(pos, maxPos)
          if (position >= 0 && position < maxPos) {
            pos = await this.#decode(seg, position, resume ? c.base : -1, maxPos, pos, snap, maxBytes, maxRecords, out)
          }
        } finally {
          seg.release()
        }
        if (out.length > 0 || seg.baseOffset === snap.hwSegmentBase) break
        const after = source.higherSegment(seg.baseOffset)
        if (after !== undefined && after.baseOffset !== pos && after.baseOffset <= snap.hwSegmentBase) {
          // Segments are contiguous: a segment that ends before the next one starts lost records
          // (a deleted or emptied file) and one that ends after it overlaps; neither is skipped.
          throw new CorruptSegmentError(seg.logPath, seg.size,
            `the segment ends at offset ${pos} but the next one starts at ${after.baseOffset}`, { offset: pos })
        }
        seg = after
      }
    } catch (err) {
      // A truncation or deletion racing this read changes files under it (bytes that no longer
      // parse, a file gone or replaced): retry on the new snapshot.
      if (source.generation() !== snap.generation) {
        this.#cursor = undefined
        return null
      }
      throw err
    }
    if (source.generation() !== snap.generation) {
      this.#cursor = undefined
      return null
    }
    this.#position = pos
    return out
  }

  /**
   * Applies the out-of-range policy to the current position. A truncation since this reader's last
   * read that cut below its position counts as out of range even if the log has since grown past it
   * again: the records the reader returned are no longer the log's history. When more than one
   * truncation happened in between, the lowest cut is unknown, so any position past the log start is
   * treated as cut (conservative: a reset is recoverable, silently mixed histories are not).
   */
  #applyRange(snap: SnapshotState): void {
    const pos = this.#position
    let cut = false
    if (snap.truncationEpoch !== this.#epoch) {
      const single = snap.truncationEpoch === this.#epoch + 1
      cut = single ? pos > snap.truncationOffset : pos > snap.logStartOffset
      // Adopt the new history unless it cut us: then the error repeats until the caller seeks.
      if (!cut || this.#reset !== 'error') this.#epoch = snap.truncationEpoch
    }
    if (!cut && pos >= snap.logStartOffset && pos <= snap.logEndOffset) return
    if (this.#reset === 'error') {
      throw new LogError('KLOG_OFFSET_OUT_OF_RANGE',
        `offset ${pos} is outside [${snap.logStartOffset}, ${snap.logEndOffset}]`, { offset: pos })
    }
    this.#position = this.#reset === 'earliest' ? snap.logStartOffset : snap.highWatermark
    this.#cursor = undefined
  }

  /** Moves the reader to `offset` and adopts the log's current history. */
  #seekTo(offset: number): void {
    this.#position = offset
    this.#cursor = undefined
    this.#epoch = this.#source.snapshot().truncationEpoch
  }

  /**
   * Reads batches from `position` and decodes records ≥ `from` into `out`.
   * @returns the reader's next position
   */
  async #decode(
    seg: Segment, position: number, firstBase: number, maxPos: number, from: number, snap: SnapshotState,
    maxBytes: number, maxRecords: number, out: LogRecord[],
  ): Promise<number> {
    let buf = await seg.read(position, Math.min(Math.max(maxBytes, BATCH_HEADER_SIZE), maxPos - position))
    if (buf.length >= LOG_OVERHEAD) {
      const first = batchSize(buf, 0)
      // Kafka's minOneMessage: a batch larger than maxBytes is still returned whole.
      if (first > buf.length && first <= maxPos - position) buf = await seg.read(position, first)
    }
    // The header walk vouches for what the CRC does not cover (lengths, base offsets); the CRC
    // check below for the rest.
    const walk = new HeaderWalk(seg.baseOffset, { position, expectedBase: firstBase, expectedLast: -1 }, maxPos)
    let at = 0
    let expect = firstBase
    let next = from
    for (;;) {
      // A batch cut short by maxBytes is left for the next read (the first one was read whole).
      if (at > 0 && at + walk.needed > buf.length) break
      const step = walk.step(buf, at)
      if (step === Step.End) break
      let damage: CorruptSegmentError | undefined
      if (step === Step.Corrupt) damage = walkError(seg.logPath, walk)
      else if (at + walk.size > buf.length) {
        if (at > 0) break
        damage = new CorruptSegmentError(seg.logPath, position, 'the file ends inside the batch', { offset: from })
      } else if (seg.checkBatchOnce(buf, at, buf.length, position + at) !== BatchCheck.Valid) {
        damage = new CorruptSegmentError(seg.logPath, position + at, 'the batch fails its CRC or framing', { offset: next })
      }
      if (damage !== undefined) {
        // Hand out the intact records before the damage first; the next read starts at the bad
        // batch and reports it.
        if (out.length > 0) break
        // A truncation racing this read can shorten the file under us; the caller retries.
        if (this.#source.generation() !== snap.generation) return next
        throw damage
      }
      const size = walk.size
      const lastOffset = walk.lastOffset
      if (lastOffset >= next) {
        const before = out.length
        decodeBatch(buf, at, next, out, maxRecords - out.length)
        // Records at or past the high watermark are never returned (the position bound already
        // guarantees it for batches we wrote; this guards files written by others).
        while (out.length > before && out[out.length - 1]!.offset >= snap.highWatermark) out.pop()
        if (out.length >= maxRecords) {
          const last = out[out.length - 1]!.offset
          if (last < lastOffset) {
            // Stopped inside this batch: the next read starts at the same batch.
            this.#cursor = { segment: seg, generation: snap.generation, offset: last + 1, position: position + at, base: walk.baseOffset }
            return last + 1
          }
          next = lastOffset + 1
          at += size
          expect = lastOffset + 1
          break
        }
        next = Math.min(lastOffset + 1, snap.highWatermark)
      }
      at += size
      expect = lastOffset + 1
    }
    this.#cursor = { segment: seg, generation: snap.generation, offset: next, position: position + at, base: expect }
    return next
  }

  /** Waits until the writer publishes something new, or `signal` / `close()` aborts. */
  async #wait(): Promise<void> {
    const signal = this.#signal === undefined ? this.#stop.signal : AbortSignal.any([this.#signal, this.#stop.signal])
    // Only waiting readers are known to the log (so that closing it can end their wait); idle
    // readers hold no registration and are garbage once dropped.
    this.#link.waiting(this, true)
    try {
      await this.#source.waitForChange(this.#lastSeq, signal)
    } finally {
      this.#link.waiting(this, false)
    }
  }

  /**
   * Iterates records from the reader's position. Without `follow` it ends at the high watermark;
   * with `follow` it waits for new records (woken by the writer, never by a timer) until the
   * `signal` aborts (rejecting with an `AbortError`) or the reader or log is closed (ending quietly).
   */
  async *[Symbol.asyncIterator](): AsyncIterator<LogRecord> {
    for (;;) {
      if (this.#closed || this.#link.closed()) return
      const records = await this.read({ maxBytes: this.#chunk })
      if (records.length > 0) {
        for (const r of records) yield r
        continue
      }
      // A worker's view of a closed Log: nothing can arrive, so a follower ends like one whose log closed.
      if (!this.#follow || this.#source.ended?.() === true) return
      try {
        await this.#wait()
      } catch (err) {
        if ((this.#closed || this.#link.closed()) && this.#signal?.aborted !== true) return
        throw err
      }
    }
  }

  /** Closes the reader; pending waits end and later calls reject with `KLOG_CLOSED`. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#stop.abort()
  }

  /** `await using` support: the same as `close()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }
}

function checkPositive(n: unknown, name: string): void {
  if (typeof n !== 'number') throw new TypeError(`${name} must be a number`)
  if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`${name} must be a positive integer`)
}
