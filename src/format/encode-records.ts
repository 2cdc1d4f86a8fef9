/**
 * Applies a log's `keyEncoding` / `valueEncoding` to the records of one `append()` before they are
 * validated and turned into bytes (record.ts's `prepareRecords`). With the default `'buffer'`
 * encodings the input is passed through untouched (no copy). Pure; no I/O.
 */
import { encodeField, type ResolvedEncoding } from '../base/encoding.js'
import type { RecordInput } from './record.js'

/** The key and value encodings of a writer. */
export interface RecordEncoding {
  readonly key: ResolvedEncoding
  readonly value: ResolvedEncoding
}

/**
 * Encodes the keys and values of `input` (one record or an array) into bytes or strings; headers,
 * timestamps and record shape are left to `prepareRecords` to check.
 * @throws TypeError when an encoder refuses a key or value (nothing is appended)
 */
export function encodeRecords(input: unknown, e: RecordEncoding): RecordInput | readonly RecordInput[] {
  if (e.key.identity && e.value.identity) return input as RecordInput | readonly RecordInput[]
  const one = !Array.isArray(input)
  const list = (one ? [input] : input) as unknown[]
  const out = new Array<RecordInput>(list.length)
  for (let i = 0; i < list.length; i++) {
    const r = list[i] as Partial<RecordInput<unknown, unknown>> | null
    // Malformed records go through as they are: prepareRecords says what is wrong with them.
    if (r === null || typeof r !== 'object' || ArrayBuffer.isView(r) || !('value' in r)) {
      out[i] = r as RecordInput
      continue
    }
    const value = e.value.identity ? r.value : encodeField(e.value, r.value, `record ${i} value`)
    const key = r.key === undefined || e.key.identity ? r.key : encodeField(e.key, r.key, `record ${i} key`)
    out[i] = { ...(r as RecordInput), value: value as RecordInput['value'], key: key as RecordInput['key'] }
  }
  return one ? out[0]! : out
}
