// Deterministic record contents for the reader stress tests: every record's value is a function of
// its offset alone, so any reader (thread or process) can verify any record independently.
// The stress test imports this file too (types in stress-workload.d.mts), so writer and readers share one definition.

/** xorshift32 step. */
function next(x) {
  x ^= x << 13
  x ^= x >>> 17
  x ^= x << 5
  return x >>> 0
}

/** Seed for an offset (never 0: xorshift would stay at 0). */
function seed(offset) {
  return (Math.imul(offset + 1, 0x9e3779b1) ^ 0x5bd1e995) >>> 0 || 1
}

/** Value size for an offset: mostly small, some medium, a few up to 2 KiB (10 B – 2 KiB). */
export function sizeFor(offset) {
  const h = next(seed(offset) ^ 0xa5a5a5a5)
  const bucket = h % 100
  if (bucket < 70) return 10 + ((h >>> 8) % 190)
  if (bucket < 95) return 200 + ((h >>> 8) % 824)
  return 1024 + ((h >>> 8) % 1025)
}

/** The value bytes of the record at `offset`. */
export function valueFor(offset) {
  const n = sizeFor(offset)
  const out = Buffer.allocUnsafe(n)
  let x = seed(offset)
  let i = 0
  for (; i + 4 <= n; i += 4) {
    x = next(x)
    out.writeUInt32LE(x, i)
  }
  x = next(x)
  for (; i < n; i++) {
    out[i] = x & 0xff
    x >>>= 8
  }
  return out
}

/** FNV-1a over the bytes, 32-bit. */
export function hashBytes(buf) {
  let h = 0x811c9dc5
  for (let i = 0; i < buf.length; i++) h = Math.imul(h ^ buf[i], 0x01000193)
  return h >>> 0
}

/** Order-sensitive combination of per-record hashes. */
export function combine(acc, offset, h) {
  return (acc + Math.imul(h, (offset | 1) >>> 0)) >>> 0
}
