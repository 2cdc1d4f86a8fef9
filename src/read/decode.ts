/**
 * Decoding records for the readers and `log.get()`: a record's key and value bytes through the
 * reader's encodings (src/base/encoding.ts). The decoded record is a new object; with the default
 * `'buffer'` encodings the record is returned as it is (no copy, no call).
 *
 * A decoder that throws becomes `LogError` `KLOG_DECODE` naming the offset: the bytes came from the
 * log (anyone may have written them), so it is a runtime condition, not a programmer mistake.
 *
 * Pure; safe from any reader.
 */
import { LogError } from '../base/errors.js'
import type { ResolvedEncoding } from '../base/encoding.js'
import type { LogRecord } from '../format/record.js'

/** The key and value encodings a reader decodes with. */
export interface RecordDecoding {
  readonly key: ResolvedEncoding
  readonly value: ResolvedEncoding
}

/** True when decoding changes nothing (both encodings are `'buffer'`). */
export function isIdentity(d: RecordDecoding): boolean {
  return d.key.identity && d.value.identity
}

/**
 * One key or value decoded with `encoding`; `copy` for a caller that keeps it (a table): an
 * undecoded `Buffer` is then copied out of the fetch's large shared read buffer.
 * @throws LogError `KLOG_DECODE` naming the record's offset when the decoder throws
 */
export function decodeField(encoding: ResolvedEncoding, bytes: Buffer | null, offset: number, what: string, copy = false): unknown {
  if (bytes === null) return null
  if (encoding.identity) return copy ? Buffer.from(bytes) : bytes
  try {
    return encoding.decode(bytes)
  } catch (err) {
    throw new LogError('KLOG_DECODE', `the ${what} of the record at offset ${offset} cannot be decoded (${encoding.name})`, {
      cause: err,
      offset,
    })
  }
}

/**
 * One record decoded.
 * @throws LogError `KLOG_DECODE` when the key's or value's decoder throws
 */
export function decodeRecord<V, K>(record: LogRecord, d: RecordDecoding): LogRecord<V, K> {
  if (isIdentity(d)) return record as unknown as LogRecord<V, K>
  return {
    offset: record.offset,
    timestamp: record.timestamp,
    key: decodeField(d.key, record.key, record.offset, 'key') as K | null,
    value: decodeField(d.value, record.value, record.offset, 'value') as V | null,
    headers: record.headers,
  }
}

/**
 * Decodes `records` in order and stops at the first that fails.
 * @returns the decoded records before the failure, and the failure (`undefined` when all decoded)
 */
export function decodeRecords<V, K>(records: LogRecord[], d: RecordDecoding): { decoded: LogRecord<V, K>[]; error: LogError | undefined } {
  if (isIdentity(d)) return { decoded: records as unknown as LogRecord<V, K>[], error: undefined }
  const decoded: LogRecord<V, K>[] = []
  for (const r of records) {
    try {
      decoded.push(decodeRecord<V, K>(r, d))
    } catch (err) {
      return { decoded, error: err as LogError }
    }
  }
  return { decoded, error: undefined }
}
