/**
 * AppendPipeline: the writer's path from `append()` to the active segment, and its fsync policies.
 * `LogWriter` (the public handle) owns one and validates arguments before handing appends to it.
 *
 * Append pipeline:
 *  1. `append()` validates and encodes synchronously (a TypeError / RangeError is thrown before any
 *     state changes) into one buffer of whole batches with a placeholder base offset.
 *  2. The encoded append joins a queue. A drain takes every queued append that fits the active
 *     segment (rolling first when the head does not), stamps base offsets (outside the CRC), and
 *     writes them with one vectored write; index entries follow in memory, and reach the index files
 *     with one positional write each per turn of the event loop (`SegmentIndexes.entriesAdded`).
 *  3. `'always'`: the drain fsyncs the segment (and the directory after a roll), then commits; the
 *     segment's sync runs on this thread while syncs are fast, else on the pool (`inline-sync.ts`).
 *     Appends that arrive during that fsync queue up and share the next write and fsync (group
 *     commit). `'interval'` / `'never'`: the drain commits right after the write, synchronously,
 *     unless {@link AckSchedule} holds the group back: under `'interval'` the group that brings the
 *     records not yet durable to `flushMessages`, or finds the oldest of them `flushIntervalMs` old,
 *     is fsynced before its commit (as under `'always'`); and every few hundred appends or ms without
 *     a turn of the event loop, a group is acknowledged from a `setImmediate`, so that a caller's
 *     `for (…) await append()` cannot starve timers, fsyncs, seals, followers or compaction. Either
 *     way the drain holds the pipeline meanwhile; appends arriving then queue for the next group.
 *     `'interval'` also fsyncs in the background every `flushIntervalMs` (a log that went idle).
 *  4. Commit = the high watermark moves to the log end and the snapshot is published; then the
 *     appends' promises resolve. An append therefore resolves only after its bytes are in the OS.
 * A write or fsync that fails rolls the segment back to its state before the drain (ftruncate,
 * index entries dropped) and rejects every append of that drain; offsets are not consumed.
 *
 * Optimistic concurrency (`expectedOffset`): an append that names the log end offset it expects is
 * checked in step 2, inside the drain, against the log end at the moment it would be written (the
 * appends ahead of it in the same group included). That is the only place the check can be atomic
 * with the write: a check at `append()` time could pass for two callers whose appends then both
 * queue. A mismatch takes the append out of the group without writing a byte; it is rejected with
 * `KLOG_OFFSET_CONFLICT` when the group is acknowledged (so the log end it reports is one readers
 * can see), or with the group's own error when the group fails.
 * Every other change of the segment set waits for a group boundary ({@link AppendPipeline.exclusively}).
 *
 * The log itself is reached only through {@link AppendTarget} (the writer's `LogOwner`). One group's
 * write (offset stamping, the `expectedOffset` check, rollback, acknowledgement) is `append-group.ts`.
 *
 * Writer thread only.
 */
import { encodeCompressed, encodePlain, type EncodedAppend } from '../format/batch-encoder.js'
import { LogError } from '../base/errors.js'
import type { ResolvedCompression } from '../base/options.js'
import type { PreparedRecord } from '../format/record.js'
import { batchMaxTimestamp, encodeBatch, splitIntoBatches } from '../format/record-batch.js'
import { AckSchedule, type AckWait } from './ack-schedule.js'
import { ImmediateScratch } from './immediate-scratch.js'
import {
  failGroup,
  settle,
  writeGroup,
  type AppendResult,
  type AppendTarget,
  type Drained,
  type EncodedBatch,
  type GroupPipeline,
  type PendingAppend,
} from './append-group.js'

export type { AppendResult, AppendTarget } from './append-group.js'

/** The thread's encoding buffer of immediate appends: 64 KiB at first use, at most 2 MiB (a default batch of 1 MiB fits). */
const SCRATCH = new ImmediateScratch(64 * 1024, 2 * 1024 * 1024)
const noop = (): void => undefined

/** What the pipeline tells its writer. */
export interface PipelineEvents {
  /** A drain rolled the active segment (before writing to the new one). */
  rolled(): void
}

/** The append queue, its drains and its fsync policy (see the module comment). */
export class AppendPipeline {
  readonly #owner: AppendTarget
  readonly #events: PipelineEvents
  readonly #queue: PendingAppend[] = []
  #draining = false
  #idleWaiters: (() => void)[] = []
  #failed: LogError | undefined
  /** When acknowledgements of `'interval'` / `'never'` drains wait (fsync, a turn of the event loop). */
  readonly #acks: AckSchedule
  #timer: NodeJS.Timeout | undefined
  #backgroundFlush: Promise<void> | undefined
  /** Resolves once the latest append still being encoded (compressed) off-call has been queued. */
  #encoding: Promise<void> | undefined
  #encodingCount = 0
  /** Appends accepted so far, in call order; each pending append carries its number. */
  #appendSeq = 0
  /** Call numbers of the appends still being encoded off-call, oldest first. */
  readonly #encodingSeqs: number[] = []
  /** Barriers of the exclusive operations waiting for the pipeline (see `exclusively`). */
  readonly #barriers: number[] = []
  /** What a group write works on (see `append-group.ts`). */
  readonly #group: GroupPipeline
  /** A failed rollback: appends are refused until the log is reopened. */
  readonly #stuck = (err: LogError): void => {
    this.#failed = err
  }

  constructor(owner: AppendTarget, events: PipelineEvents) {
    this.#owner = owner
    this.#events = events
    this.#group = {
      owner,
      queue: this.#queue,
      mayWrite: (a) => this.#mayWrite(a),
      rolled: () => this.#events.rolled(),
      refuse: (err) => (this.#failed ??= err),
      stuck: this.#stuck,
    }
    const { fsync, flushIntervalMs, flushMessages } = owner.options
    this.#acks = new AckSchedule(fsync, flushMessages, flushIntervalMs, owner.logEndOffset)
    if (fsync === 'interval') {
      this.#timer = setInterval(() => {
        if (this.#acks.notDurable(this.#owner.logEndOffset) > 0) this.#flushInBackground()
      }, flushIntervalMs)
      this.#timer.unref()
    }
  }

  /** Why appends are refused for good (until the log is reopened), if they are. */
  get failed(): LogError | undefined {
    return this.#failed ?? this.#owner.backgroundError
  }

  /**
   * Encodes `prepared` (validated records) and queues it; see `LogWriter.append`.
   * @returns the offsets assigned, once the bytes are written (and fsynced under `fsync: 'always'`)
   */
  append(prepared: PreparedRecord[], compression: ResolvedCompression, expectedOffset = -1): Promise<AppendResult> {
    if (compression.type !== 'none' || this.#encodingCount > 0) return this.#appendEncoded(prepared, compression, expectedOffset)
    const { maxBatchBytes, segmentBytes, fsync } = this.#owner.options
    const split = splitIntoBatches(prepared, maxBatchBytes)
    if (typeof split === 'number') {
      return Promise.reject(
        new LogError('KLOG_RECORD_TOO_LARGE', `record ${-split - 1} does not fit in a batch of maxBatchBytes (${maxBatchBytes})`),
      )
    }
    if (split.total > segmentBytes) {
      return Promise.reject(new LogError('KLOG_RECORD_TOO_LARGE', `append of ${split.total} bytes exceeds segmentBytes (${segmentBytes})`))
    }
    // When the write will happen synchronously inside this call (no fsync to wait for, nothing
    // queued), encode into the thread's scratch buffer (see `ImmediateScratch`).
    const immediate = fsync !== 'always' && !this.#draining && this.#queue.length === 0
    const buf = immediate ? SCRATCH.take(split.total) : Buffer.allocUnsafe(split.total)
    try {
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
      const pending: PendingAppend = {
        seq,
        expectedOffset,
        buf,
        batches,
        count: prepared.length,
        maxTimestamp,
        resolve: noop,
        reject: noop,
      }
      const promise = new Promise<AppendResult>((resolve, reject) => {
        pending.resolve = resolve
        pending.reject = reject
        this.#queue.push(pending)
        this.#drain()
      })
      // Not written in this call after all (exclusive work holds the pipeline): the append keeps a
      // copy, and the scratch buffer is free for the next append of any log of this thread.
      if (SCRATCH.holds(buf) && this.#queue.includes(pending)) pending.buf = Buffer.from(buf)
      return promise
    } finally {
      SCRATCH.release(buf)
    }
  }

  /**
   * The compressed path (and any append made while one is still encoding): encodes into a buffer of
   * its own, then queues it behind every earlier append, so offsets follow call order even when a
   * compressor finishes asynchronously.
   */
  #appendEncoded(prepared: PreparedRecord[], compression: ResolvedCompression, expectedOffset: number): Promise<AppendResult> {
    const { maxBatchBytes } = this.#owner.options
    let encoded: EncodedAppend | Promise<EncodedAppend>
    try {
      encoded = compression.type === 'none' ? encodePlain(prepared, maxBatchBytes) : encodeCompressed(prepared, compression, maxBatchBytes)
    } catch (err) {
      return Promise.reject(err)
    }
    return this.#queueEncoded(encoded, expectedOffset)
  }

  /**
   * Queues whole batches that arrive already encoded (`LogWriter.appendBatches`: a producer's
   * validated batches, base offsets to be stamped) behind every earlier append, through the same
   * drains, group commit, fsync policy and rollback as `append()`.
   * @returns the offsets assigned, once the bytes are written (and fsynced under `fsync: 'always'`)
   */
  appendEncoded(encoded: EncodedAppend, expectedOffset = -1): Promise<AppendResult> {
    return this.#queueEncoded(encoded, expectedOffset)
  }

  /** Queues an encoded append (or one still encoding) in call order. */
  #queueEncoded(encoded: EncodedAppend | Promise<EncodedAppend>, expectedOffset: number): Promise<AppendResult> {
    const seq = ++this.#appendSeq
    return new Promise<AppendResult>((resolve, reject) => {
      if (!(encoded instanceof Promise) && this.#encodingCount === 0) {
        this.#enqueue(seq, expectedOffset, encoded, resolve, reject)
        return
      }
      // Handled here and now: a compression that fails while an earlier append is still encoding
      // must not surface as an unhandled rejection before the chain reaches it.
      if (encoded instanceof Promise) encoded.catch(() => undefined)
      const previous = this.#encoding ?? Promise.resolve()
      this.#encodingSeqs.push(seq)
      const queued = previous
        .then(() => encoded)
        .then(
          (e) => this.#enqueue(seq, expectedOffset, e, resolve, reject),
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

  #enqueue(
    seq: number,
    expectedOffset: number,
    e: EncodedAppend,
    resolve: (r: AppendResult) => void,
    reject: (err: unknown) => void,
  ): void {
    this.#encoded(seq)
    // Not closed: an append accepted before close() is written by it (close waits for encoding).
    const failed = this.failed
    if (failed !== undefined) return reject(failed)
    const { segmentBytes } = this.#owner.options
    if (e.buf.length > segmentBytes) {
      return reject(new LogError('KLOG_RECORD_TOO_LARGE', `append of ${e.buf.length} bytes exceeds segmentBytes (${segmentBytes})`))
    }
    this.#queue.push({ seq, expectedOffset, buf: e.buf, batches: e.batches, count: e.count, maxTimestamp: e.maxTimestamp, resolve, reject })
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
    let handedOff = false
    try {
      while (this.#queue.length > 0 && this.#mayWrite(this.#queue[0]!)) {
        const d = writeGroup(this.#group)
        if (d === undefined) continue
        const wait = this.#acks.written(d.before, this.#owner.logEndOffset, d.group.length, d.now)
        if (wait !== 'fsync' && this.#acks.flushSoon(this.#owner.logEndOffset, d.now)) this.#flushInBackground()
        if (wait !== 'none') {
          // The rest of this drain continues once the group is acknowledged (it keeps `#draining`).
          handedOff = true
          void this.#acknowledgeLater(d, wait)
          return
        }
        this.#owner.commit()
        settle(d, this.#owner.metrics)
      }
    } finally {
      if (!handedOff) this.#setIdle()
    }
  }

  /** Acknowledges `d` after an fsync or a turn of the event loop (see `AckSchedule`), then drains on. */
  async #acknowledgeLater(d: Drained, wait: Exclude<AckWait, 'none'>): Promise<void> {
    try {
      if (wait === 'fsync') {
        try {
          await this.flushNow()
        } catch (err) {
          // As under 'always', the group is rolled back and rejected; records acknowledged before it
          // may not be durable either, so the writer stops as after a failed background fsync.
          failGroup(d, err, 'fsync', this.#stuck)
          this.#failed ??= new LogError('KLOG_WRITER_FAILED', 'an fsync failed; reopen the log', { cause: err })
          return
        }
        this.#owner.commit()
      } else {
        // Readers see the group now; its producer after one turn of the event loop.
        this.#owner.commit()
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
      settle(d, this.#owner.metrics)
    } finally {
      this.#setIdle()
      this.#drain()
    }
  }

  async #drainDurably(): Promise<void> {
    try {
      // Gather: the drain starts inside the first append() of a burst; one turn of the event loop
      // lets the other producers (whose previous appends just resolved) queue theirs, so they share
      // this write and fsync instead of waiting for the next. Costs microseconds next to an fsync.
      await new Promise<void>((resolve) => setImmediate(resolve))
      while (this.#queue.length > 0 && this.#mayWrite(this.#queue[0]!)) {
        const d = writeGroup(this.#group)
        if (d === undefined) continue
        try {
          await this.#owner.syncActive('group')
        } catch (err) {
          failGroup(d, err, 'fsync', this.#stuck)
          continue
        }
        this.#owner.commit()
        // Every record up to this group's end is durable now (each group is synced before its
        // acknowledgement, in order): the recovery point follows, its checkpoint in the background.
        this.#owner.flushedTo(this.#owner.logEndOffset)
        settle(d, this.#owner.metrics)
      }
    } finally {
      this.#setIdle()
    }
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
   * @param barrier - the last call number to write first; by default every append accepted so far
   */
  async exclusively<T>(fn: () => Promise<T>, barrier: number = this.#appendSeq): Promise<T> {
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
      this.#acks.truncated(this.#owner.logEndOffset)
      this.#setIdle()
      this.#drain()
    }
  }

  /** Resolves once no drain is running, nothing is queued and nothing is being encoded. */
  async idle(): Promise<void> {
    // A drain can stop with appends still queued (exclusive work took its turn): wait on.
    while (this.#draining || this.#queue.length > 0 || this.#encodingCount > 0) {
      if (this.#encoding !== undefined) await this.#encoding
      else await this.#nextWake()
    }
  }

  #flushInBackground(): void {
    if (this.#backgroundFlush !== undefined) return
    this.#backgroundFlush = this.flushNow()
      .catch((err: unknown) => {
        // Acknowledged records may not be durable: the writer fails (appends, flushes and a clean
        // shutdown are refused) so the caller finds out.
        this.#owner.failInBackground(new LogError('KLOG_WRITER_FAILED', 'a background fsync failed; reopen the log', { cause: err }))
      })
      .finally(() => {
        this.#backgroundFlush = undefined
      })
  }

  /** The background fsync in flight (`'interval'`), if any; it never rejects. */
  get backgroundFlush(): Promise<void> | undefined {
    return this.#backgroundFlush
  }

  /**
   * fsyncs the active segment and waits for background seals: every record written so far is then
   * durable, and the recovery point moves to the log end as it was when the sync began (records
   * written during the sync may have missed it).
   */
  async flushNow(): Promise<void> {
    const end = this.#owner.logEndOffset
    const mark = this.#acks.flushStarting(end)
    await this.#owner.syncActive()
    await this.#owner.settle()
    this.#acks.flushed(mark, this.#owner.logEndOffset)
    this.#owner.flushedTo(end)
  }

  /** Stops the `'interval'` timer (the writer is closing). */
  stopTimer(): void {
    clearInterval(this.#timer)
  }
}
