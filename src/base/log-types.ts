/**
 * The public data types of `Log` (src/log.ts): the worker handle `log.share()` makes, what
 * `log.stats()` returns, and the options of `log.writer()`, `log.get()` and `Log.attach()`. Plain
 * types, no code: they sit here so lower layers (the stats assembly in src/storage/) can name them
 * without importing the public class. Re-exported by src/log.ts and src/index.ts.
 */
import type { BackgroundTaskStats, FsyncLatency } from './metrics.js'
import type { CompactionReport, RecoveryReport } from './reports.js'
import type { ResolvedLogOptions } from './options.js'
import type { EncodingOption } from './encoding.js'

/**
 * A structured-cloneable handle to an open log, for `Log.attach()` in a worker thread.
 * Obtain it with `log.share()` and send it with `postMessage`.
 */
export interface LogHandle {
  /** Absolute path of the log directory. */
  readonly dir: string
  /** The owner's published snapshot, or `null` when the sharing log is itself a cross-process view. */
  readonly snapshot: SharedArrayBuffer | null
  /** The options the log was opened with. */
  readonly options: ResolvedLogOptions
}

/** What `log.stats()` returns. */
export interface LogStats {
  /** Absolute path of the log directory. */
  dir: string
  /** True for logs opened `readOnly` or attached in a worker. */
  readOnly: boolean
  /** True when this `Log` holds the directory lock (it recovered the log and can hand out the writer). */
  owner: boolean
  /** First readable offset. */
  logStartOffset: number
  /** Offsets below it are committed and readable. */
  highWatermark: number
  /** The offset the next appended record gets. */
  logEndOffset: number
  /**
   * Truncations over the life of the directory (`truncateTo`, and recovery cutting records a
   * previous writer had published): records read before it changed may no longer be the log's.
   */
  truncationEpoch: number
  /** Where the latest truncation cut: offsets from it on were removed then (0 before any). */
  truncationOffset: number
  /** Segments from the log start to the active one. */
  segments: number
  /** Bytes of their `.log` files (indexes not included). */
  bytes: number
  /** Base offset of the segment holding the high watermark (the active one). */
  activeSegmentBaseOffset: number
  /** Readers of this `Log` waiting for new records (`follow: true`, parked at the high watermark). */
  waitingReaders: number
  /** Rolls since open (owner only; 0 elsewhere). */
  rolls: number
  /** Segments deleted by retention since open (owner only). */
  segmentsDeleted: number
  /** Latency of the writer's fsyncs since open, in µs (owner only; zeros elsewhere). */
  fsyncLatency: FsyncLatency
  /** What recovery did at open (owner only). */
  recovery: RecoveryReport | undefined
  /** Compaction rounds since open: successes, failures and the backoff after them (owner only). */
  compaction: BackgroundTaskStats
  /** Retention passes since open, likewise (owner only). */
  retention: BackgroundTaskStats
  /** The last compaction round that swapped something, since open (owner only; also on `kafka-lite:compaction`). */
  lastCompaction: CompactionReport | undefined
  /** Records acknowledged to this log's writer (`append()` and `appendBatches()`) since open (owner only). */
  appendedRecords: number
  /** Their bytes as written to the `.log` files: whole batches, after compression (owner only). */
  appendedBytes: number
  /** Records this `Log` handed to callers since open: its readers (`read()`, iteration, streams) and `get()`. */
  readRecords: number
  /** Their key and value bytes as stored (before decoding; headers and batch framing not counted). */
  readBytes: number
}

/** Options of `log.writer(options)`. */
export interface WriterOptions {
  /** Wait for the directory lock instead of rejecting with `KLOG_LOCKED`. @default false */
  wait?: boolean
  /** Ends a `wait` with an `AbortError`. */
  signal?: AbortSignal
}

/** Per-call encodings of `log.get()` and `Log.attach()`, instead of the log's. */
export interface EncodingOptions<V = Buffer, K = Buffer> {
  /** How values decode (see {@link LogOptions.valueEncoding}). @default the log's */
  valueEncoding?: EncodingOption<V>
  /** How keys decode (see {@link LogOptions.keyEncoding}). @default the log's */
  keyEncoding?: EncodingOption<K>
}
