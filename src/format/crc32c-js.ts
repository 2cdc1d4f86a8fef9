/**
 * CRC-32C (Castagnoli) in plain JavaScript: the fallback for when the native `@node-rs/crc32` cannot
 * load (its platform package missing, an unsupported platform, a runtime without Node-API). Only
 * `crc32c.ts` calls it, and only then.
 *
 * Slicing-by-8 (Kounavis and Berry, "A Systematic Approach to Building High Performance
 * Software-Based CRC Generators", 2005): eight 256-entry tables, where `TABLES[k * 256 + n]` is the
 * CRC contribution of byte `n` followed by `k` zero bytes, so eight input bytes cost eight lookups
 * and no per-bit work. Reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF:
 * crc32c("123456789") = 0xE3069283. About 8 KiB of tables, built once at first use.
 *
 * Pure: no I/O, safe from any thread.
 */

/** The reflected CRC-32C polynomial. */
const POLY = 0x82f63b78

let TABLES: Uint32Array | undefined

function tables(): Uint32Array {
  if (TABLES !== undefined) return TABLES
  const t = new Uint32Array(8 * 256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1
    t[n] = c
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n]!
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff]! ^ (c >>> 8)
      t[k * 256 + n] = c
    }
  }
  TABLES = t
  return t
}

/**
 * CRC-32C of `bytes`, as an unsigned 32-bit number, with the same contract as `crc32c` in
 * `crc32c.ts` (and `@node-rs/crc32`'s `crc32c`).
 * @param bytes - the bytes to checksum
 * @param previous - the CRC of the bytes before `bytes` (0 to start), so that
 *   `crc32cJs(b, crc32cJs(a))` is the CRC of `a` followed by `b`
 * @returns the CRC as an integer in [0, 2^32)
 */
export function crc32cJs(bytes: Uint8Array, previous = 0): number {
  const t = tables()
  let crc = ~previous
  const length = bytes.length
  const end8 = length - (length & 7)
  let i = 0
  // Eight bytes at a time: the low word is XORed into the CRC, the high word is data only.
  while (i < end8) {
    const lo = (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) ^ crc
    const hi = bytes[i + 4]! | (bytes[i + 5]! << 8) | (bytes[i + 6]! << 16) | (bytes[i + 7]! << 24)
    crc =
      t[7 * 256 + (lo & 0xff)]! ^
      t[6 * 256 + ((lo >>> 8) & 0xff)]! ^
      t[5 * 256 + ((lo >>> 16) & 0xff)]! ^
      t[4 * 256 + (lo >>> 24)]! ^
      t[3 * 256 + (hi & 0xff)]! ^
      t[2 * 256 + ((hi >>> 8) & 0xff)]! ^
      t[256 + ((hi >>> 16) & 0xff)]! ^
      t[hi >>> 24]!
    i += 8
  }
  while (i < length) crc = t[(crc ^ bytes[i++]!) & 0xff]! ^ (crc >>> 8)
  return ~crc >>> 0
}
