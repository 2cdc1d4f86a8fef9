// Deterministic record values and checksums shared by every peer.
// Value i is `size` bytes taken from a fixed pseudo-random pool, with its id written in the first
// 4 bytes (little-endian u32), so a reader can check order and a checksum can be recomputed later
// without keeping what was written in memory.
import zlib from 'node:zlib'

const POOL_BYTES = (1 << 20) + (1 << 16)
const pool = Buffer.allocUnsafe(POOL_BYTES)
{
  let x = 0x9e3779b9
  for (let i = 0; i < POOL_BYTES; i += 4) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    pool.writeInt32LE(x | 0, i)
  }
}

/** The value of record `id` (a fresh Buffer). */
export function makeValue(id, size) {
  const v = Buffer.allocUnsafe(size)
  const start = Math.imul(id, 2654435761) >>> 12 // 0 .. 2^20
  pool.copy(v, 0, start, start + size)
  if (size >= 4) v.writeUInt32LE(id >>> 0, 0)
  return v
}

/** The values of records first .. first+count-1. */
export function makeBatch(first, count, size) {
  const out = new Array(count)
  for (let i = 0; i < count; i++) out[i] = makeValue(first + i, size)
  return out
}

/** Id embedded in a value (see makeValue). */
export const idOf = (value) => value.readUInt32LE(0)

const jsCrc = (buf) => {
  let h = 0
  for (let i = 0; i < buf.length; i++) h = (Math.imul(h, 31) + buf[i]) | 0
  return h >>> 0
}
/** 32-bit hash of one value's bytes (zlib.crc32 when this Node has it). */
export const hashValue = typeof zlib.crc32 === 'function' ? zlib.crc32 : jsCrc

/** Order-independent checksum: sum of per-value hashes mod 2^32. */
export const addHash = (sum, value) => (sum + hashValue(value)) >>> 0

/** The checksum of values with ids in `ids` (an iterable of numbers). */
export function expectedChecksum(ids, size) {
  let sum = 0
  for (const id of ids) sum = addHash(sum, makeValue(id, size))
  return sum
}

export function* range(n) {
  for (let i = 0; i < n; i++) yield i
}

/** Small seeded PRNG (mulberry32) for reproducible random offsets. */
export function rng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
