/**
 * Options of {@link Log.open}, their defaults and their validation. Every field is documented here
 * and mirrored in the README's API section.
 */
import { checkKeys } from './check-keys.js'
import { CODEC_LEVELS, COMPRESSION_TYPES, type CompressionType } from './compression.js'
import { resolveEncoding, type EncodingOption, type EncodingSpec } from './encoding.js'

/** When appended bytes are forced to stable storage. See the README's durability table. */
export type FsyncPolicy = 'always' | 'interval' | 'never'

/**
 * What housekeeping does with old records (Kafka's `cleanup.policy`): `'delete'` removes whole
 * segments by `retentionMs` / `retentionBytes`; `'compact'` keeps the latest record per key;
 * `'compact,delete'` does both.
 */
export type CleanupPolicy = 'delete' | 'compact' | 'compact,delete'

/** What a reader does when its position is removed by retention or truncation. */
export type OffsetResetPolicy = 'error' | 'earliest' | 'latest'

/**
 * How batches are compressed: a codec name, or a codec with a level. Levels exist for `'gzip'`
 * (1-9, default 6) and `'zstd'` (-131072 to 22, default 3), Kafka's `compression.<codec>.level`
 * ranges and defaults; `'snappy'` and `'lz4'` take none.
 */
export type Compression =
  | CompressionType
  | {
      /** The codec. */
      type: CompressionType
      /** The codec's level (gzip and zstd only); omitted for the codec's default. */
      level?: number | undefined
    }

/** A {@link Compression} after validation: `level` is `undefined` for the codec's default. */
export interface ResolvedCompression {
  /** The codec. */
  readonly type: CompressionType
  /** The level, or `undefined` for the codec's default. */
  readonly level?: number | undefined
}

/**
 * Options of `Log.open(dir, options)`. `V` and `K` are the types values and keys decode to (see
 * `valueEncoding` and `keyEncoding`).
 */
export interface LogOptions<V = Buffer, K = Buffer> {
  /**
   * How values are encoded on append and decoded by readers and `get()`: `'buffer'` (bytes), `'utf8'`
   * (strings), `'json'`, or a custom `{ encode, decode }`. Readers and `get()` may override it.
   * Workers attaching the log get a named encoding with the handle; a custom one must be given to
   * `Log.attach(handle, { valueEncoding })` again (functions cannot cross threads).
   * @default 'buffer'
   */
  valueEncoding?: EncodingOption<V>
  /** Like {@link LogOptions.valueEncoding}, for keys. @default 'buffer' */
  keyEncoding?: EncodingOption<K>
  /**
   * Open without the writer lock: no recovery, no writes, reads follow the writer's published state.
   * @default false
   */
  readOnly?: boolean
  /**
   * With `readOnly: true`: when `dir` holds no log yet, wait until a writer has created one instead of
   * rejecting with `KLOG_IO`, then open it. "Created" means the writer has published its first
   * state (its state file holds a whole snapshot): by then it has taken the lock, made the first
   * segment and its checkpoints, so the open never sees a half-made directory. A directory that has
   * segment files but no state file (e.g. Kafka's) counts once no live writer holds its lock. The
   * directory and its missing parents may appear in any order; the wait watches the nearest existing
   * one (`fs.watch`) and re-checks every 500 ms where watching fails. `signal` aborts it. Only valid
   * with `readOnly: true` (a read-write open creates the log itself): otherwise a `TypeError`.
   * @default false
   */
  waitForLog?: boolean
  /**
   * What a read-write open does when another writer (another process, or another `Log` in this
   * process) holds the directory's lock:
   * - `'read-only'`: open anyway as a view of that writer's log (`log.readOnly` is true,
   *   `log.lockHolder` names the holder, `log.recovery` is `undefined`, `writer()` rejects with
   *   `KLOG_LOCKED` until the holder is gone and then takes the directory over);
   * - `'fail'`: reject with `KLOG_LOCKED` (a `LockedError` naming the holder), for a service that
   *   must be the writer and should find out at open, not at its first `writer()`.
   * Only valid for a read-write open (with `readOnly: true` nothing is locked): otherwise a `TypeError`.
   * @default 'read-only' (the behaviour of earlier versions)
   */
  ifLocked?: 'read-only' | 'fail'
  /**
   * Aborts a `waitForLog` wait: `Log.open` then rejects with an `AbortError` (the signal's reason
   * when that is an `AbortError`). Only valid with `waitForLog: true`: otherwise a `TypeError`.
   */
  signal?: AbortSignal
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
   * Codec for the batches this log's writer appends (Kafka's `compression.type`): `'none'`,
   * `'gzip'`, `'snappy'`, `'lz4'`, `'zstd'`, or `{ type, level }`. One `append()` can override it
   * (`writer.append(records, { compression })`). Reading does not depend on it: every batch says
   * its own codec, and a log may mix them.
   * @default 'none'
   */
  compression?: Compression
  /**
   * `'delete'`: retention by `retentionMs` / `retentionBytes`. `'compact'`: key-based compaction
   * (only the latest record per key survives in sealed segments; tombstones expire after
   * `deleteRetentionMs`). `'compact,delete'`: both. Kafka's `cleanup.policy`.
   * @default 'delete'
   */
  cleanupPolicy?: CleanupPolicy
  /** How long a tombstone survives after compaction first saw it (Kafka's `delete.retention.ms`). @default 86400000 (24 h) */
  deleteRetentionMs?: number
  /** Records younger than this are not compacted yet (Kafka's `min.compaction.lag.ms`). @default 0 */
  minCompactionLagMs?: number
  /**
   * Compact when the not-yet-compacted share of the sealed segments' bytes exceeds this (Kafka's
   * `min.cleanable.dirty.ratio`); `writer.compact()` ignores it.
   * @default 0.5
   */
  minCleanableDirtyRatio?: number
  /**
   * Memory for the compaction key map (24 bytes per distinct key, filled to 90%): a round that
   * fills it compacts up to there and the next round continues (Kafka's `log.cleaner.dedupe.buffer.size`).
   * @default 16777216 (16 MiB, about 630,000 keys per round)
   */
  cleanerBufferBytes?: number
  /**
   * How often the writer runs housekeeping by itself: retention (policy `'delete'`) and compaction
   * (policy `'compact'`); `0` turns the timer off (retention still runs after every roll).
   * @default 300000 (5 minutes)
   */
  housekeepingIntervalMs?: number
  /**
   * Most segments of this directory that keep files open at once in this process (their `.log`
   * descriptor and index mappings); the least recently used sealed ones are closed and reopened on
   * demand, so descriptors and mappings do not grow with the number of segments. @default 256
   */
  maxOpenSegments?: number
}

/** {@link LogOptions} of any key and value types. */
export type UntypedLogOptions = Omit<LogOptions, 'valueEncoding' | 'keyEncoding'> & {
  valueEncoding?: EncodingSpec
  keyEncoding?: EncodingSpec
}

/** Options that shape how `Log.open` opens, not the log: they are not kept in {@link ResolvedLogOptions}. */
const OPEN_ONLY_KEYS: readonly (keyof LogOptions)[] = ['waitForLog', 'signal', 'ifLocked']

/** Options with every default filled in (the open-only `waitForLog`, `signal` and `ifLocked` are not kept). */
export type ResolvedLogOptions = Required<
  Omit<LogOptions, 'compression' | 'waitForLog' | 'signal' | 'ifLocked' | 'valueEncoding' | 'keyEncoding'>
> & {
  /** The validated `compression` option. */
  compression: ResolvedCompression
  /** The `valueEncoding` option as given (checked). */
  valueEncoding: EncodingSpec
  /** The `keyEncoding` option as given (checked). */
  keyEncoding: EncodingSpec
}

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
  compression: Object.freeze({ type: 'none' as const }),
  cleanupPolicy: 'delete',
  deleteRetentionMs: 24 * 3600 * 1000,
  minCompactionLagMs: 0,
  minCleanableDirtyRatio: 0.5,
  cleanerBufferBytes: 16 * 1024 * 1024,
  housekeepingIntervalMs: 5 * 60 * 1000,
  maxOpenSegments: 256,
  valueEncoding: 'buffer',
  keyEncoding: 'buffer',
})

const MAX_SEGMENT_BYTES = 2 ** 31 - 1
const OPTION_KEYS = [...Object.keys(DEFAULT_OPTIONS), ...OPEN_ONLY_KEYS]

function int(o: Record<string, unknown>, name: keyof LogOptions, min: number, max: number): void {
  const v = o[name]
  if (v === undefined) return
  if (typeof v !== 'number') throw new TypeError(`options.${name} must be a number`)
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    throw new RangeError(`options.${name} must be an integer in [${min}, ${max}]`)
  }
}

/**
 * Validates `options` and fills in defaults (`waitForLog` and `signal` are checked, not kept).
 * @throws TypeError for an unknown key (naming the nearest valid one), a wrong type, `waitForLog`
 *   without `readOnly: true`, `ifLocked` with it, or `signal` without `waitForLog: true`
 * @throws RangeError for an out-of-range value
 */
export function resolveOptions(options: UntypedLogOptions | undefined): ResolvedLogOptions {
  if (options === undefined) return { ...DEFAULT_OPTIONS }
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object')
  const o = options as Record<string, unknown>
  checkKeys(o, OPTION_KEYS, 'options')
  if (o.readOnly !== undefined && typeof o.readOnly !== 'boolean') throw new TypeError('options.readOnly must be a boolean')
  if (o.waitForLog !== undefined && typeof o.waitForLog !== 'boolean') throw new TypeError('options.waitForLog must be a boolean')
  if (o.waitForLog === true && o.readOnly !== true) {
    throw new TypeError('options.waitForLog needs readOnly: true (a read-write open creates the log itself)')
  }
  if (o.ifLocked !== undefined) {
    if (typeof o.ifLocked !== 'string') throw new TypeError("options.ifLocked must be a string: 'read-only' or 'fail'")
    if (o.ifLocked !== 'read-only' && o.ifLocked !== 'fail') throw new RangeError("options.ifLocked must be 'read-only' or 'fail'")
    if (o.readOnly === true) throw new TypeError('options.ifLocked is for a read-write open (readOnly: true takes no lock)')
  }
  if (o.signal !== undefined) {
    if (!(o.signal instanceof AbortSignal)) throw new TypeError('options.signal must be an AbortSignal')
    if (o.waitForLog !== true) throw new TypeError('options.signal only aborts a waitForLog wait: it needs waitForLog: true')
  }
  if (o.fsync !== undefined && typeof o.fsync !== 'string')
    throw new TypeError("options.fsync must be a string: 'always', 'interval' or 'never'")
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
  if (
    o.cleanupPolicy !== undefined &&
    o.cleanupPolicy !== 'delete' &&
    o.cleanupPolicy !== 'compact' &&
    o.cleanupPolicy !== 'compact,delete'
  ) {
    if (typeof o.cleanupPolicy !== 'string') throw new TypeError('options.cleanupPolicy must be a string')
    throw new RangeError("options.cleanupPolicy must be 'delete', 'compact' or 'compact,delete'")
  }
  int(o, 'deleteRetentionMs', 0, Number.MAX_SAFE_INTEGER)
  int(o, 'minCompactionLagMs', 0, Number.MAX_SAFE_INTEGER)
  if (o.minCleanableDirtyRatio !== undefined) {
    const r = o.minCleanableDirtyRatio
    if (typeof r !== 'number') throw new TypeError('options.minCleanableDirtyRatio must be a number')
    if (!(r >= 0 && r <= 1)) throw new RangeError('options.minCleanableDirtyRatio must be in [0, 1]')
  }
  int(o, 'cleanerBufferBytes', 1024, 2 ** 31 - 1)
  int(o, 'housekeepingIntervalMs', 0, 2 ** 31 - 1)
  resolveEncoding(o.valueEncoding, 'options.valueEncoding')
  resolveEncoding(o.keyEncoding, 'options.keyEncoding')
  const compression = o.compression === undefined ? DEFAULT_OPTIONS.compression : resolveCompression(o.compression, 'options.compression')
  const resolved = { ...DEFAULT_OPTIONS }
  for (const k of Object.keys(DEFAULT_OPTIONS) as (keyof LogOptions)[]) {
    if (o[k] !== undefined) (resolved as Record<string, unknown>)[k] = o[k]
  }
  resolved.compression = compression
  return resolved
}

/**
 * Validates a {@link Compression} value (of `Log.open` or of one `append()`).
 * @param name - how the value is named in error messages
 * @throws TypeError for a wrong type, RangeError for an unknown codec or a level out of its range
 */
export function resolveCompression(value: unknown, name: string): ResolvedCompression {
  if (typeof value === 'string') {
    if (!(COMPRESSION_TYPES as readonly string[]).includes(value))
      throw new RangeError(`${name} must be one of ${COMPRESSION_TYPES.join(', ')}`)
    return { type: value as CompressionType }
  }
  if (value === null || typeof value !== 'object') throw new TypeError(`${name} must be a codec name or { type, level }`)
  const { type, level } = value as { type?: unknown; level?: unknown }
  if (typeof type !== 'string') throw new TypeError(`${name}.type must be a string`)
  if (!(COMPRESSION_TYPES as readonly string[]).includes(type))
    throw new RangeError(`${name}.type must be one of ${COMPRESSION_TYPES.join(', ')}`)
  if (level === undefined) return { type: type as CompressionType }
  if (typeof level !== 'number') throw new TypeError(`${name}.level must be a number`)
  const range = type === 'none' ? undefined : CODEC_LEVELS[type as Exclude<CompressionType, 'none'>]
  if (range === undefined) throw new RangeError(`${name}.level: ${type} has no compression level`)
  if (!Number.isSafeInteger(level) || level < range.min || level > range.max) {
    throw new RangeError(`${name}.level must be an integer in [${range.min}, ${range.max}] for ${type}`)
  }
  return { type: type as CompressionType, level }
}
