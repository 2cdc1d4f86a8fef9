/**
 * Records as callers give them and as readers hand them out, and the validation between the two.
 *
 * `prepareRecords` turns caller input into {@link PreparedRecord}s: types checked (TypeError /
 * RangeError thrown synchronously, so a bad append writes nothing), strings encoded to UTF-8 once,
 * and each record's encoded size computed, so batching and size limits are decided before a single
 * byte is written. Pure: no I/O.
 */
import { varintSize, varlongSize } from './varint.js'

/** A record header: Kafka keeps order and allows repeated keys. */
export interface Header {
  /** The header key (UTF-8 on disk). */
  key: string
  /** The header value; `null` is allowed. */
  value: Buffer | null
}

/** A header as accepted by `append()`. */
export interface HeaderInput {
  /** The header key (stored as UTF-8). */
  key: string
  /** The header value: bytes, a string (stored as UTF-8) or `null`. */
  value: Buffer | Uint8Array | string | null
}

/**
 * A record as accepted by `append()`. `V` and `K` are what the log's `valueEncoding` and
 * `keyEncoding` accept (bytes or strings with the default `'buffer'` encoding).
 */
export interface RecordInput<V = Buffer | Uint8Array | string, K = Buffer | Uint8Array | string> {
  /** The value; `null` is a Kafka tombstone. Strings are stored as UTF-8 (with the `'buffer'` encoding). */
  value: V | null
  /** The key; omitted or `null` for none. */
  key?: K | null
  /** Headers in order; repeated keys are allowed. */
  headers?: readonly HeaderInput[]
  /** CreateTime in milliseconds since the epoch. @default Date.now() at append */
  timestamp?: number
}

/**
 * A record as read back. `V` and `K` are the types the reader's `valueEncoding` and `keyEncoding`
 * decode to (`Buffer` by default: then `key` and `value` may be views into a larger read buffer,
 * zero-copy).
 */
export interface LogRecord<V = Buffer, K = Buffer> {
  /** The record's offset. */
  offset: number
  /** CreateTime in milliseconds (or the batch's LogAppendTime for batches written that way). */
  timestamp: number
  /** The key, or `null`. */
  key: K | null
  /** The value, or `null` for a tombstone. */
  value: V | null
  /** Headers in stored order; `[]` when there are none. */
  headers: Header[]
}

/** A validated record, ready to encode. */
export interface PreparedRecord {
  key: Uint8Array | null
  value: Uint8Array | null
  /** Header keys and values as bytes, interleaved: [k0, v0, k1, v1, ...]. */
  headers: (Uint8Array | null)[]
  timestamp: number
  /** Bytes from attributes to the last header, excluding the timestamp and offset deltas. */
  fixedBodySize: number
}

/**
 * Largest timestamp we accept: 2^51 - 1 ms (about year 73,000). It keeps every timestamp delta in a
 * batch within ±2^51, whose zigzag form (≤ 2^52) is still exact in a JS number.
 */
export const MAX_TIMESTAMP = 2 ** 51 - 1

function toBytes(v: unknown, what: string): Uint8Array | null {
  if (v === null) return null
  if (typeof v === 'string') return Buffer.from(v, 'utf8')
  if (v instanceof Uint8Array) return v
  throw new TypeError(`${what} must be a Buffer, Uint8Array, string or null`)
}

function bytesField(b: Uint8Array | null): number {
  return b === null ? 1 : varintSize(b.length) + b.length
}

/**
 * Validates and normalises the argument of `append()`.
 * @param input - one record or an array of them
 * @param now - the timestamp given to records without one
 * @throws TypeError when a record or field has the wrong type
 * @throws RangeError when the array is empty or a timestamp is not a non-negative safe integer
 */
export function prepareRecords(input: RecordInput | readonly RecordInput[], now: number): PreparedRecord[] {
  const list: readonly RecordInput[] = Array.isArray(input) ? input : [input as RecordInput]
  if (list.length === 0) throw new RangeError('append() needs at least one record')
  const out = new Array<PreparedRecord>(list.length)
  for (let i = 0; i < list.length; i++) {
    const r = list[i]
    if (r === null || typeof r !== 'object') throw new TypeError(`record ${i} must be an object`)
    // A bare Buffer would otherwise fail as "no value": say what was meant.
    if (ArrayBuffer.isView(r) || r instanceof ArrayBuffer) {
      throw new TypeError(`record ${i} is a ${r.constructor.name}, not a record: append({ value: bytes }) instead`)
    }
    if (!('value' in r)) throw new TypeError(`record ${i} has no value (use null for a tombstone)`)
    const value = toBytes(r.value, `record ${i} value`)
    const key = r.key === undefined ? null : toBytes(r.key, `record ${i} key`)
    let timestamp = now
    if (r.timestamp !== undefined) {
      timestamp = r.timestamp
      if (typeof timestamp !== 'number') throw new TypeError(`record ${i} timestamp must be a number`)
      if (!Number.isSafeInteger(timestamp) || timestamp < 0 || timestamp > MAX_TIMESTAMP) {
        throw new RangeError(`record ${i} timestamp must be an integer in [0, ${MAX_TIMESTAMP}]`)
      }
    }
    let fixedBodySize = 1 + bytesField(key) + bytesField(value)
    const headers: (Uint8Array | null)[] = []
    if (r.headers !== undefined) {
      if (!Array.isArray(r.headers)) throw new TypeError(`record ${i} headers must be an array`)
      for (let h = 0; h < r.headers.length; h++) {
        const header = r.headers[h] as HeaderInput
        if (header === null || typeof header !== 'object' || typeof header.key !== 'string') {
          throw new TypeError(`record ${i} header ${h} must be { key: string, value }`)
        }
        const hk = Buffer.from(header.key, 'utf8')
        const hv = toBytes(header.value, `record ${i} header ${h} value`)
        headers.push(hk, hv)
        fixedBodySize += bytesField(hk) + bytesField(hv)
      }
    }
    fixedBodySize += varintSize(headers.length / 2)
    out[i] = { key, value, headers, timestamp, fixedBodySize }
  }
  return out
}

/** Encoded size of record `r` at `offsetDelta` in a batch whose base timestamp is `baseTimestamp`. */
export function encodedRecordSize(r: PreparedRecord, offsetDelta: number, baseTimestamp: number): number {
  const body = r.fixedBodySize + varlongSize(r.timestamp - baseTimestamp) + varintSize(offsetDelta)
  return varintSize(body) + body
}
