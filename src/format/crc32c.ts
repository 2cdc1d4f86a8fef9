/**
 * CRC-32C (Castagnoli), the checksum of RecordBatch v2, from `@node-rs/crc32` (SIMD, prebuilt
 * binaries shipped in the npm package). Check value: crc32c("123456789") = 0xE3069283.
 */
import { crc32c as nativeCrc32c } from '@node-rs/crc32'

/**
 * CRC-32C of `bytes`, as an unsigned 32-bit number.
 * @param previous - the CRC of the bytes before `bytes`, to continue a checksum over chunks
 *   (`crc32c(b, crc32c(a))` is the CRC of `a` followed by `b`); 0 to start
 */
export function crc32c(bytes: Uint8Array, previous = 0): number {
  // The binding accepts a Buffer; wrapping a Uint8Array view costs no copy.
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return nativeCrc32c(buf, previous) >>> 0
}
