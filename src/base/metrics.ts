/**
 * The writer's counters behind `log.stats()`: rolls, segments deleted by retention, an fsync latency
 * histogram, and how background compaction and retention fared (with their backoff); it also
 * publishes the roll, retention and background-error diagnostics events (`events.ts`).
 *
 * Writer only (the owner thread records into it); the getters copy the numbers out.
 */
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks'
import type { LogError } from './errors.js'
import { publishBackgroundError, publishCompaction, publishRetention, publishRoll } from './events.js'
import type { CompactionReport } from './reports.js'

/** fsync latency in microseconds, over the life of the open log. */
export interface FsyncLatency {
  /** fsyncs measured. */
  count: number
  /** Fastest, µs. */
  min: number
  /** Mean, µs. */
  mean: number
  /** Median, µs. */
  p50: number
  /** 99th percentile, µs. */
  p99: number
  /** Slowest, µs. */
  max: number
}

/** How compaction or retention fared since open (`log.stats().compaction`, `.retention`). */
export interface BackgroundTaskStats {
  /** Runs that succeeded (on demand or by the writer itself). */
  runs: number
  /** Runs that failed. */
  failures: number
  /** Failures since the last success; while above 0 the writer's own runs back off. */
  consecutiveFailures: number
  /** The latest failure, while `consecutiveFailures` is above 0. */
  lastError: LogError | undefined
  /** Automatic runs the writer will skip before trying again: 2^(consecutiveFailures - 1) - 1, at most 63. */
  skipping: number
}

/**
 * The fsync histogram's range and precision: 1 ns to an hour (a slower fsync counts as an hour), two
 * significant figures (1% error). Node's default (1 to 2^53, three figures) costs 360 KiB of native
 * memory per histogram; this one 36 KiB, and only once the log has fsynced: a broker holds one log
 * per partition, most of them idle.
 */
const FSYNC_HISTOGRAM = { lowest: 1, highest: 3_600_000_000_000, figures: 2 } as const

/** Most automatic runs skipped after failures (63 housekeeping intervals: about 5 hours by default). */
const MAX_SKIP = 63

/**
 * @internal One background task's record and backoff (Kafka marks a partition whose cleaning failed
 * uncleanable and keeps serving it; here the task is retried, backing off exponentially in skipped
 * runs, which needs no clock). A failure never fails the writer: nothing acknowledged depends on it.
 */
export class BackgroundTask {
  #runs = 0
  #failures = 0
  #consecutive = 0
  #lastError: LogError | undefined
  #skipping = 0

  constructor(readonly task: 'compaction' | 'retention') {}

  /** Whether an automatic run may start now; each refusal counts one skipped run of the backoff. */
  due(): boolean {
    if (this.#skipping === 0) return true
    this.#skipping--
    return false
  }

  /** A run succeeded: the backoff ends. */
  succeeded(): void {
    this.#runs++
    this.#consecutive = 0
    this.#lastError = undefined
    this.#skipping = 0
  }

  /** A run failed: backs off, and publishes the failure when the writer ran it by itself (`automatic`). */
  failed(dir: string, error: LogError, automatic: boolean): void {
    this.#failures++
    this.#consecutive++
    this.#lastError = error
    this.#skipping = Math.min(2 ** Math.min(this.#consecutive - 1, 30) - 1, MAX_SKIP)
    if (automatic) {
      publishBackgroundError({ dir, task: this.task, error, consecutiveFailures: this.#consecutive, skipping: this.#skipping })
    }
  }

  /** A copy of the numbers. */
  stats(): BackgroundTaskStats {
    return {
      runs: this.#runs,
      failures: this.#failures,
      consecutiveFailures: this.#consecutive,
      lastError: this.#lastError,
      skipping: this.#skipping,
    }
  }
}

/** The stats of a task that never ran (views, and logs without a writer). */
export const IDLE_TASK: Readonly<BackgroundTaskStats> = Object.freeze({
  runs: 0,
  failures: 0,
  consecutiveFailures: 0,
  lastError: undefined,
  skipping: 0,
})

/**
 * @internal Records and bytes handed to callers by one `Log`'s readers and `get()`: bytes are the
 * key and value bytes of the records as stored (before decoding), headers not included.
 */
export class ReadCounters {
  records = 0
  bytes = 0

  /** Counts records handed out. */
  count(records: readonly { key: Uint8Array | null; value: Uint8Array | null }[]): void {
    for (const r of records) this.countOne(r)
  }

  /** Counts one record handed out (a point read, an iterator's step: no array per record). */
  countOne(r: { key: Uint8Array | null; value: Uint8Array | null }): void {
    this.records++
    this.bytes += (r.key?.length ?? 0) + (r.value?.length ?? 0)
  }
}

/** @internal Counters kept by the log's owner. */
export class WriterMetrics {
  #appendedRecords = 0
  #appendedBytes = 0
  #lastCompaction: CompactionReport | undefined
  #rolls = 0
  #segmentsDeleted = 0
  /** Made at the first fsync (see FSYNC_HISTOGRAM). */
  #fsync: RecordableHistogram | undefined
  /** Compaction rounds, on demand and automatic. */
  readonly compaction = new BackgroundTask('compaction')
  /** Retention passes, on demand and automatic. */
  readonly retention = new BackgroundTask('retention')

  /** Counts records acknowledged to `append()` / `appendBatches()` and their batch bytes as written. */
  appended(records: number, bytes: number): void {
    this.#appendedRecords += records
    this.#appendedBytes += bytes
  }

  get appendedRecords(): number {
    return this.#appendedRecords
  }

  get appendedBytes(): number {
    return this.#appendedBytes
  }

  /** Keeps a compaction round's report and publishes it. */
  compacted(dir: string, report: CompactionReport, automatic: boolean): void {
    this.#lastCompaction = report
    publishCompaction({ dir, report, automatic })
  }

  get lastCompaction(): CompactionReport | undefined {
    return this.#lastCompaction
  }

  /** Counts a roll and publishes it. */
  rolled(dir: string, previousBaseOffset: number, baseOffset: number): void {
    this.#rolls++
    publishRoll({ dir, baseOffset, previousBaseOffset })
  }

  /** Counts segments deleted by retention and publishes them. */
  retained(dir: string, deletedBaseOffsets: number[], logStartOffset: number): void {
    this.#segmentsDeleted += deletedBaseOffsets.length
    publishRetention({ dir, deletedBaseOffsets, logStartOffset })
  }

  /**
   * Runs `sync` (started inside this call, so that a sync on the calling thread is timed too),
   * awaits it and records how long it took.
   * @returns that time, ns
   */
  async timeFsync(sync: () => Promise<void>): Promise<number> {
    const start = process.hrtime.bigint()
    await sync()
    const ns = Number(process.hrtime.bigint() - start)
    this.#fsync ??= createHistogram(FSYNC_HISTOGRAM)
    this.#fsync.record(Math.min(FSYNC_HISTOGRAM.highest, Math.max(1, ns)))
    return ns
  }

  get rolls(): number {
    return this.#rolls
  }

  get segmentsDeleted(): number {
    return this.#segmentsDeleted
  }

  fsyncLatency(): FsyncLatency {
    const h = this.#fsync
    const us = (ns: number): number => Math.round(ns / 100) / 10
    if (h === undefined || h.count === 0) return { count: 0, min: 0, mean: 0, p50: 0, p99: 0, max: 0 }
    return { count: h.count, min: us(h.min), mean: us(h.mean), p50: us(h.percentile(50)), p99: us(h.percentile(99)), max: us(h.max) }
  }
}
