/**
 * The options of `log.reader(options)` and `reader.read(options)`: their types and their checks
 * (a wrong type throws `TypeError`, a value out of range `RangeError`, an unknown key `TypeError`
 * naming the nearest valid one). Pure; safe from anywhere.
 */
import { checkKeys, checkOffset } from '../base/check-keys.js'
import type { OffsetResetPolicy } from '../base/options.js'
import type { EncodingOption } from '../base/encoding.js'

/** Where a reader starts. */
export type StartPosition =
  | number
  | 'earliest'
  | 'latest'
  | {
      /** Start at the first record whose timestamp (ms) is ≥ this. */
      timestamp: number
    }

/** Options of `log.reader(options)`; `V` and `K` are the types values and keys decode to. */
export interface ReaderOptions<V = Buffer, K = Buffer> {
  /**
   * First offset to read: an offset, `'earliest'` (log start), `'latest'` (high watermark), or
   * `{ timestamp }`: the first record whose timestamp is ≥ `timestamp` (Kafka's offsets-for-times;
   * the high watermark when none is that recent), looked up at the first read. Until then `position`
   * is the log start offset (a safe checkpoint: it can only repeat records, never skip them).
   * @default 'earliest'
   */
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
  /**
   * Reads the range `[from, end)`: iteration (and a stream) ends once the reader's position reaches
   * `end`, also with `follow`, and `read()` returns `[]` there (see `reader.ended`). In a compacted
   * range `position` may stop at `end` without a record at `end - 1`. @default no end
   */
  end?: number
  /** How this reader decodes values, instead of the log's `valueEncoding`. @default the log's */
  valueEncoding?: EncodingOption<V>
  /** How this reader decodes keys, instead of the log's `keyEncoding`. @default the log's */
  keyEncoding?: EncodingOption<K>
}

/** Options of `reader.read(options)`. */
export interface ReadOptions {
  /** Soft limit on bytes read; at least one whole batch is returned even when it is larger. @default 1048576 */
  maxBytes?: number
  /** Most records to return. @default Infinity */
  maxRecords?: number
}

const DEFAULT_MAX_BYTES = 1024 * 1024
const READER_KEYS: readonly (keyof ReaderOptions)[] = [
  'from',
  'follow',
  'signal',
  'onOutOfRange',
  'maxBytes',
  'end',
  'valueEncoding',
  'keyEncoding',
]
const READ_KEYS: readonly (keyof ReadOptions)[] = ['maxBytes', 'maxRecords']

/** Reader options with their defaults, checked; `fromTimestamp` set for `from: { timestamp }`. */
export interface ResolvedReaderOptions {
  from: StartPosition
  follow: boolean
  signal: AbortSignal | undefined
  onOutOfRange: OffsetResetPolicy
  maxBytes: number
  fromTimestamp: number | undefined
  /** `Infinity` for none. */
  end: number
}

/**
 * Checks `log.reader()`'s options and applies the defaults.
 * @throws TypeError / RangeError for a malformed option
 */
export function resolveReaderOptions(options: Omit<ReaderOptions, 'valueEncoding' | 'keyEncoding'>): ResolvedReaderOptions {
  checkKeys(options, READER_KEYS, 'reader options')
  const { from = 'earliest', follow = false, signal, onOutOfRange = 'error', maxBytes = DEFAULT_MAX_BYTES } = options
  let fromTimestamp: number | undefined
  if (from !== null && typeof from === 'object') {
    checkKeys(from, ['timestamp'], 'from')
    checkOffset(from.timestamp, 'from.timestamp')
    fromTimestamp = from.timestamp
  } else if (from !== 'earliest' && from !== 'latest') {
    checkOffset(from, 'from')
  }
  if (typeof follow !== 'boolean') throw new TypeError('follow must be a boolean')
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('signal must be an AbortSignal')
  if (onOutOfRange !== 'error' && onOutOfRange !== 'earliest' && onOutOfRange !== 'latest') {
    throw new RangeError("onOutOfRange must be 'error', 'earliest' or 'latest'")
  }
  checkPositive(maxBytes, 'maxBytes')
  if (options.end !== undefined) checkOffset(options.end, 'end')
  return { from, follow, signal, onOutOfRange, maxBytes, fromTimestamp, end: options.end ?? Infinity }
}

/**
 * Checks `reader.read()`'s options and applies the defaults.
 * @throws TypeError / RangeError for a malformed option
 */
export function resolveReadOptions(options: ReadOptions): { maxBytes: number; maxRecords: number } {
  if (options === null || typeof options !== 'object') throw new TypeError('read options must be an object')
  checkKeys(options, READ_KEYS, 'read options')
  const { maxBytes = DEFAULT_MAX_BYTES, maxRecords = Infinity } = options
  checkPositive(maxBytes, 'maxBytes')
  if (maxRecords !== Infinity) checkPositive(maxRecords, 'maxRecords')
  return { maxBytes, maxRecords }
}

function checkPositive(n: unknown, name: string): void {
  if (typeof n !== 'number') throw new TypeError(`${name} must be a number`)
  if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`${name} must be a positive integer`)
}
