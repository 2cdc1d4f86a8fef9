// Self-checking soak records: value = offset u64 | sha256(offset | payload)[0..8) | payload.
import { createHash } from 'node:crypto'

/** A value naming its own offset, with a checksum. */
export function encodeRecord(offset, size) {
  const payload = Buffer.alloc(size, offset & 0xff)
  const head = Buffer.alloc(16)
  head.writeBigUInt64BE(BigInt(offset), 0)
  createHash('sha256').update(head.subarray(0, 8)).update(payload).digest().copy(head, 8, 0, 8)
  return Buffer.concat([head, payload])
}

/** True when `record` is one `encodeRecord` made for its offset. */
export function recordIsIntact(record) {
  const v = record.value
  if (v === null || v.length < 16 || Number(v.readBigUInt64BE(0)) !== record.offset) return false
  const sum = createHash('sha256').update(v.subarray(0, 8)).update(v.subarray(16)).digest().subarray(0, 8)
  return sum.equals(v.subarray(8, 16)) && record.key?.toString() === `k${record.offset}`
}
