/**
 * Options of {@link Log.open}, their defaults and their validation. Every field is documented here
 * and mirrored in the README's API section.
 */

/** When appended bytes are forced to stable storage. See the README's durability table. */
export type FsyncPolicy = 'always' | 'interval' | 'never'

/** What a reader does when its position is removed by retention or truncation. */
export type OffsetResetPolicy = 'error' | 'earliest' | 'latest'

/** Options of `Log.open(dir, options)`. */
export interface LogOptions {
  /**
   * Open without the writer lock: no recovery, no writes, reads follow the writer's published state.
   * @default false
   */
  readOnly?: boolean
  /**
   * `'always'`: an append resolves after its bytes are fsynced (concurrent appends share one write and
   * one fsync). `'interval'`: fsync every `flushIntervalMs` or `flushMessages`. `'never'`: the OS
   * decides; `writer.flush()` on demand.
   * @default 'interval'
   */
  fsync?: FsyncPolicy
  /** With `fsync: 'interval'`, the longest time appended bytes wait for an fsync. @default 1000 */
  flushIntervalMs?: number
  /** With `fsync: 'interval'`, fsync once this many records are not yet durable. @default 10000 */
  flushMessages?: number
  /** Roll to a new segment before an append would make the active one larger than this. @default 1073741824 (1 GiB) */
  segmentBytes?: number
  /** Roll once the active segment's records span more than this many ms. @default 604800000 (7 days) */
  segmentMs?: number
  /** Bytes of log between two index entries (Kafka's `index.interval.bytes`). @default 4096 */
  indexIntervalBytes?: number
  /** Largest index file; a full index rolls the segment (Kafka's `segment.index.bytes`). @default 10485760 */
  indexBytes?: number
  /** Largest batch one `append()` writes; bigger appends are split into several batches. @default 1048576 */
  maxBatchBytes?: number
  /** Delete whole segments whose newest record is older than this; `-1` keeps everything. @default -1 */
  retentionMs?: number
  /** Delete the oldest segments while the log is larger than this; `-1` keeps everything. @default -1 */
  retentionBytes?: number
  /** A cross-process lock older than this (and whose owner is gone) is taken over. @default 10000 */
  lockStaleMs?: number
  /**
   * Most segments of this directory that keep files open at once in this process (their `.log`
   * descriptor and index mappings); the least recently used sealed ones are closed and reopened on
   * demand, so descriptors and mappings do not grow with the number of segments. @default 256
   */
  maxOpenSegments?: number
}

/** Options with every default filled in. */
export type ResolvedLogOptions = Required<LogOptions>

/** The defaults, exported for documentation and tests. */
export const DEFAULT_OPTIONS: Readonly<ResolvedLogOptions> = Object.freeze({
  readOnly: false,
  fsync: 'interval',
  flushIntervalMs: 1000,
  flushMessages: 10_000,
  segmentBytes: 1024 * 1024 * 1024,
  segmentMs: 7 * 24 * 3600 * 1000,
  indexIntervalBytes: 4096,
  indexBytes: 10 * 1024 * 1024,
  maxBatchBytes: 1024 * 1024,
  retentionMs: -1,
  retentionBytes: -1,
  lockStaleMs: 10_000,
  maxOpenSegments: 256,
})

const MAX_SEGMENT_BYTES = 2 ** 31 - 1

function int(o: Record<string, unknown>, name: keyof LogOptions, min: number, max: number): void {
  const v = o[name]
  if (v === undefined) return
  if (typeof v !== 'number') throw new TypeError(`options.${name} must be a number`)
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    throw new RangeError(`options.${name} must be an integer in [${min}, ${max}]`)
  }
}

/**
 * Validates `options` and fills in defaults.
 * @throws TypeError / RangeError for a wrong type or an out-of-range value
 */
export function resolveOptions(options: LogOptions | undefined): ResolvedLogOptions {
  if (options === undefined) return { ...DEFAULT_OPTIONS }
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object')
  const o = options as Record<string, unknown>
  if (o.readOnly !== undefined && typeof o.readOnly !== 'boolean') throw new TypeError('options.readOnly must be a boolean')
  if (o.fsync !== undefined && o.fsync !== 'always' && o.fsync !== 'interval' && o.fsync !== 'never') {
    throw new RangeError("options.fsync must be 'always', 'interval' or 'never'")
  }
  int(o, 'flushIntervalMs', 1, 2 ** 31 - 1)
  int(o, 'flushMessages', 1, Number.MAX_SAFE_INTEGER)
  int(o, 'segmentBytes', 1024, MAX_SEGMENT_BYTES)
  int(o, 'segmentMs', 1, Number.MAX_SAFE_INTEGER)
  int(o, 'indexIntervalBytes', 0, MAX_SEGMENT_BYTES)
  int(o, 'indexBytes', 64, MAX_SEGMENT_BYTES)
  int(o, 'maxBatchBytes', 128, MAX_SEGMENT_BYTES)
  int(o, 'retentionMs', -1, Number.MAX_SAFE_INTEGER)
  int(o, 'retentionBytes', -1, Number.MAX_SAFE_INTEGER)
  int(o, 'lockStaleMs', 2000, 2 ** 31 - 1)
  int(o, 'maxOpenSegments', 2, 1_000_000)
  const resolved = { ...DEFAULT_OPTIONS }
  for (const k of Object.keys(DEFAULT_OPTIONS) as (keyof LogOptions)[]) {
    if (o[k] !== undefined) (resolved as Record<string, unknown>)[k] = o[k]
  }
  return resolved
}
