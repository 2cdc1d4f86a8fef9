/**
 * A log record as the kafkajs message the mirror sends (see {@link toMessage}). Pure: no client, no
 * broker.
 */
import type { Message } from 'kafkajs'
// The main entry, not ../base/errors.js: the build keeps it external, so LogError is one class (tsup.config.ts).
import { LogError, type LogRecord } from '../index.js'
import { SOURCE_OFFSET_HEADER, TRUNCATION_EPOCH_HEADER } from './partition-tail.js'

/**
 * A log record as a kafkajs message, with the mirror's headers: its source offset, and the log's
 * truncation epoch it was read in when that is not 0. kafkajs takes headers as an object (key →
 * value or values), so it can send a repeated key only as adjacent entries, no null header value,
 * and keys in the order the object enumerates them (integer-like keys such as "7" first,
 * ascending): a record whose headers would change, or that carries one of the mirror's own
 * headers, is refused rather than sent altered.
 * @throws LogError `KLOG_MIRROR_UNREPRESENTABLE`
 */
export function toMessage(r: LogRecord, partition: number, truncationEpoch = 0): Message {
  // No prototype: on a plain object `__proto__` would set the prototype (the header vanishes) and
  // `constructor`, `toString`, … would read inherited members as earlier values of the key.
  const headers: Record<string, Buffer | Buffer[]> = Object.create(null) as Record<string, Buffer | Buffer[]>
  let previous: string | undefined
  for (const h of r.headers) {
    const unrepresentable =
      h.value === null ||
      h.key === SOURCE_OFFSET_HEADER ||
      h.key === TRUNCATION_EPOCH_HEADER ||
      (h.key !== previous && Object.hasOwn(headers, h.key))
    if (unrepresentable) {
      throw new LogError('KLOG_MIRROR_UNREPRESENTABLE', `record ${r.offset}: header ${JSON.stringify(h.key)} cannot be mirrored exactly`, {
        offset: r.offset,
      })
    }
    const existing = headers[h.key]
    headers[h.key] = existing === undefined ? h.value! : Array.isArray(existing) ? [...existing, h.value!] : [existing, h.value!]
    previous = h.key
  }
  const order = [...new Set(r.headers.map((h) => h.key))]
  if (Object.keys(headers).some((k, i) => k !== order[i])) {
    throw new LogError('KLOG_MIRROR_UNREPRESENTABLE', `record ${r.offset}: its header keys would be reordered (${JSON.stringify(order)})`, {
      offset: r.offset,
    })
  }
  headers[SOURCE_OFFSET_HEADER] = Buffer.from(String(r.offset))
  if (truncationEpoch !== 0) headers[TRUNCATION_EPOCH_HEADER] = Buffer.from(String(truncationEpoch))
  return { partition, key: r.key, value: r.value, headers, timestamp: String(r.timestamp) }
}
