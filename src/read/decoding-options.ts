/**
 * The encodings a reader or `log.get()` decodes with: the call's own `valueEncoding` /
 * `keyEncoding` when given, else the log's. Pure; safe from anywhere.
 */
import { resolveEncoding, type EncodingSpec } from '../base/encoding.js'
import type { RecordDecoding } from './decode.js'

/**
 * Resolves the decoding of one reader or call.
 * @param log - the log's (checked) encodings
 * @param call - the call's options, whose encodings win
 * @throws TypeError for a malformed encoding
 */
export function resolveDecoding(
  log: { valueEncoding: EncodingSpec; keyEncoding: EncodingSpec },
  call: { valueEncoding?: unknown; keyEncoding?: unknown },
): RecordDecoding {
  if (call === null || typeof call !== 'object') throw new TypeError('options must be an object')
  return {
    value: resolveEncoding(
      call.valueEncoding ?? log.valueEncoding,
      call.valueEncoding === undefined ? 'options.valueEncoding' : 'valueEncoding',
    ),
    key: resolveEncoding(call.keyEncoding ?? log.keyEncoding, call.keyEncoding === undefined ? 'options.keyEncoding' : 'keyEncoding'),
  }
}
