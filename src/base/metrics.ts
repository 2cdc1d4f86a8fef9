/**
 * The writer's counters behind `log.stats()`: rolls, segments deleted by retention, and an fsync
 * latency histogram; it also publishes the roll and retention diagnostics events (src/events.ts).
 *
 * Writer only (the owner thread records into it); `snapshot()` copies the numbers out.
 */
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks'
import { publishRetention, publishRoll } from './events.js'

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

/** @internal Counters kept by the log's owner. */
export class WriterMetrics {
  #rolls = 0
  #segmentsDeleted = 0
  readonly #fsync: RecordableHistogram = createHistogram()

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

  /** Awaits `sync` and records how long it took. */
  async timeFsync(sync: Promise<void>): Promise<void> {
    const start = process.hrtime.bigint()
    await sync
    this.#fsync.record(Math.max(1, Number(process.hrtime.bigint() - start)))
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
    if (h.count === 0) return { count: 0, min: 0, mean: 0, p50: 0, p99: 0, max: 0 }
    return { count: h.count, min: us(h.min), mean: us(h.mean), p50: us(h.percentile(50)), p99: us(h.percentile(99)), max: us(h.max) }
  }
}
