/**
 * Events through `node:diagnostics_channel`: the library never prints, but anyone may subscribe.
 *
 * Channels (names are API; message fields may grow, never shrink):
 * - `kafka-lite:fallback` `{ feature, path, reason }`: a slower fallback is in use. `feature: 'mmap'`:
 *   a file was read into memory because it could not be mapped (the mmap addon did not load or a map
 *   call failed); the first one in a process also emits a `process.emitWarning` with code
 *   `KLOG_MMAP_FALLBACK`. `feature: 'crc32c'` (`path: '@node-rs/crc32'`): CRC-32C is computed in
 *   JavaScript because neither native implementation loaded (the project's addon and
 *   `@node-rs/crc32`; `reason` names both causes); published once, with a `KLOG_CRC32C_FALLBACK`
 *   warning.
 * - `kafka-lite:roll` `{ dir, baseOffset, previousBaseOffset }`: the writer rolled to a new segment.
 * - `kafka-lite:retention` `{ dir, deletedBaseOffsets, logStartOffset }`: retention deleted segments.
 * - `kafka-lite:recovery` `{ dir, report }`: a read-write open finished recovering (or found a clean
 *   shutdown: `report.clean`).
 * - `kafka-lite:background-error` `{ dir, task, error, consecutiveFailures, skipping }`: a compaction
 *   round or retention pass the writer ran by itself failed; the writer keeps serving and tries again
 *   after backing off (`log.stats()` has the same numbers).
 * - `kafka-lite:compaction` `{ dir, report, automatic }`: a compaction round finished and swapped
 *   something (`report` is its `CompactionReport`, also `log.stats().lastCompaction`); `automatic` is
 *   true for the rounds the writer ran by itself, false for `writer.compact()`.
 *
 * Publishing costs one property read when nobody subscribes. Safe from any thread: each thread has
 * its own channels and subscribers.
 */
import diagnostics from 'node:diagnostics_channel'
import type { LogError } from './errors.js'
import type { CompactionReport, RecoveryReport } from './reports.js'

/** Names of the diagnostics channels this library publishes on. */
export const CHANNELS = Object.freeze({
  /** A slower fallback is in use: a file read instead of mapped, CRC-32C in JavaScript ({@link FallbackEvent}). */
  fallback: 'kafka-lite:fallback',
  /** The writer rolled to a new segment ({@link RollEvent}). */
  roll: 'kafka-lite:roll',
  /** Retention deleted segments ({@link RetentionEvent}). */
  retention: 'kafka-lite:retention',
  /** A read-write open recovered the log ({@link RecoveryEvent}). */
  recovery: 'kafka-lite:recovery',
  /** Background compaction or retention failed; the writer keeps serving ({@link BackgroundErrorEvent}). */
  backgroundError: 'kafka-lite:background-error',
  /** A compaction round finished ({@link CompactionEvent}). */
  compaction: 'kafka-lite:compaction',
} as const)

/** Message of the `kafka-lite:compaction` channel. */
export interface CompactionEvent {
  /** Absolute path of the log directory. */
  dir: string
  /** What the round did. */
  report: CompactionReport
  /** True for a round the writer ran by itself (housekeeping), false for `writer.compact()`. */
  automatic: boolean
}

const compaction = diagnostics.channel(CHANNELS.compaction)

/** @internal */
export function publishCompaction(event: CompactionEvent): void {
  if (compaction.hasSubscribers) compaction.publish(event)
}

/** Message of the `kafka-lite:roll` channel. */
export interface RollEvent {
  /** Absolute path of the log directory. */
  dir: string
  /** Base offset of the new active segment. */
  baseOffset: number
  /** Base offset of the segment that was rolled (now being sealed). */
  previousBaseOffset: number
}

/** Message of the `kafka-lite:retention` channel. */
export interface RetentionEvent {
  /** Absolute path of the log directory. */
  dir: string
  /** Base offsets of the deleted segments. */
  deletedBaseOffsets: number[]
  /** The log start offset after the deletion. */
  logStartOffset: number
}

/** Message of the `kafka-lite:recovery` channel. */
export interface RecoveryEvent {
  /** Absolute path of the log directory. */
  dir: string
  /** What recovery did (the same object as `log.recovery`). */
  report: RecoveryReport
}

/** Message of the `kafka-lite:background-error` channel. */
export interface BackgroundErrorEvent {
  /** Absolute path of the log directory. */
  dir: string
  /** What failed: a compaction round or a retention pass the writer started by itself. */
  task: 'compaction' | 'retention'
  /** Why (`KLOG_IO`, `KLOG_DISK_FULL`, `KLOG_CORRUPT_SEGMENT`, ...). */
  error: LogError
  /** Failures of this task since its last success. */
  consecutiveFailures: number
  /** Automatic runs of this task skipped before the next try (the backoff). */
  skipping: number
}

/** Message of the `kafka-lite:fallback` channel. */
export interface FallbackEvent {
  /** What fell back: `'mmap'` (a file read instead of mapped) or `'crc32c'` (CRC-32C in JavaScript). */
  feature: 'mmap' | 'crc32c'
  /** The file that was read instead of mapped, or the native package that did not load. */
  path: string
  /** Why: the load or map error. */
  reason: string
}

const fallback = diagnostics.channel(CHANNELS.fallback)

/** @internal */
export function publishFallback(event: FallbackEvent): void {
  if (fallback.hasSubscribers) fallback.publish(event)
}

const roll = diagnostics.channel(CHANNELS.roll)
const retention = diagnostics.channel(CHANNELS.retention)
const recovery = diagnostics.channel(CHANNELS.recovery)

/** @internal */
export function publishRoll(event: RollEvent): void {
  if (roll.hasSubscribers) roll.publish(event)
}

/** @internal */
export function publishRetention(event: RetentionEvent): void {
  if (retention.hasSubscribers) retention.publish(event)
}

/** @internal */
export function publishRecovery(event: RecoveryEvent): void {
  if (recovery.hasSubscribers) recovery.publish(event)
}

const backgroundError = diagnostics.channel(CHANNELS.backgroundError)

/** @internal */
export function publishBackgroundError(event: BackgroundErrorEvent): void {
  if (backgroundError.hasSubscribers) backgroundError.publish(event)
}
