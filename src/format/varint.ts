/**
 * ZigZag + base-128 (LEB128) varints, as Kafka's `ByteUtils.writeVarint` / `writeVarlong`.
 *
 * Varints cover int32 values (record lengths, offset deltas, key/value lengths); varlongs cover
 * timestamp deltas, which are JS numbers and so limited to the safe-integer range. The 32-bit path
 * uses bit operations; the 64-bit path uses arithmetic because JS bit operations truncate to 32 bits.
 * Pure: no I/O.
 */

/** Bytes taken by `value` (an int32) as a zigzag varint. */
export function varintSize(value: number): number {
  let v = ((value << 1) ^ (value >> 31)) >>> 0
  let n = 1
  while (v >= 0x80) {
    v >>>= 7
    n++
  }
  return n
}

/** Writes `value` (an int32) as a zigzag varint at `pos`; returns the position after it. */
export function writeVarint(buf: Uint8Array, pos: number, value: number): number {
  let v = ((value << 1) ^ (value >> 31)) >>> 0
  while (v >= 0x80) {
    buf[pos++] = (v & 0x7f) | 0x80
    v >>>= 7
  }
  buf[pos++] = v
  return pos
}

/** ZigZag of a safe integer, as a non-negative number (2|v| or 2|v|-1). */
function zigzag64(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1
}

/** Beyond ±2^52 the zigzag value (2|v| or 2|v|-1) is not exact in a double; use BigInt there. */
const EXACT = 2 ** 52

function zigzagBig(value: number): bigint {
  const v = BigInt(value)
  return v >= 0n ? v << 1n : (-v << 1n) - 1n
}

/** Bytes taken by `value` (a safe integer) as a zigzag varlong. */
export function varlongSize(value: number): number {
  if (value >= -0x40000000 && value < 0x40000000) return varintSize(value)
  if (value < -EXACT || value >= EXACT) {
    let v = zigzagBig(value)
    let n = 1
    while (v >= 0x80n) {
      v >>= 7n
      n++
    }
    return n
  }
  let v = zigzag64(value)
  let n = 1
  while (v >= 0x80) {
    v = Math.floor(v / 128)
    n++
  }
  return n
}

/** Writes `value` (a safe integer) as a zigzag varlong at `pos`; returns the position after it. */
export function writeVarlong(buf: Uint8Array, pos: number, value: number): number {
  if (value >= -0x40000000 && value < 0x40000000) return writeVarint(buf, pos, value)
  if (value < -EXACT || value >= EXACT) {
    let v = zigzagBig(value)
    while (v >= 0x80n) {
      buf[pos++] = Number(v & 0x7fn) | 0x80
      v >>= 7n
    }
    buf[pos++] = Number(v)
    return pos
  }
  let v = zigzag64(value)
  while (v >= 0x80) {
    buf[pos++] = (v % 128) | 0x80
    v = Math.floor(v / 128)
  }
  buf[pos++] = v
  return pos
}

/**
 * A cursor for reading varints out of a byte array. Decoders keep one and move `pos` forward;
 * reading past `end` or an over-long varint throws a `RangeError` that batch validation turns into a
 * corruption report.
 */
export class VarintReader {
  buf: Uint8Array
  pos: number
  end: number

  constructor(buf: Uint8Array, pos: number, end: number) {
    this.buf = buf
    this.pos = pos
    this.end = end
  }

  /** Reads a zigzag varint (int32). */
  varint(): number {
    const buf = this.buf
    let pos = this.pos
    let result = 0
    let shift = 0
    for (;;) {
      if (pos >= this.end) throw new RangeError('varint runs past the end of the batch')
      const b = buf[pos++]!
      result |= (b & 0x7f) << shift
      if (b < 0x80) break
      shift += 7
      if (shift > 28) throw new RangeError('varint is longer than 5 bytes')
    }
    this.pos = pos
    return (result >>> 1) ^ -(result & 1)
  }

  /** Reads a zigzag varlong; values beyond the safe-integer range throw. */
  varlong(): number {
    const buf = this.buf
    const start = this.pos
    let pos = start
    let result = 0
    let mul = 1
    for (let i = 0; ; i++) {
      if (pos >= this.end) throw new RangeError('varlong runs past the end of the batch')
      if (i >= 8) throw new RangeError('varlong exceeds the safe-integer range')
      const b = buf[pos++]!
      result += (b & 0x7f) * mul
      if (b < 0x80) break
      mul *= 128
    }
    this.pos = pos
    // Below 2^53 the double is exact: undo zigzag arithmetically (even -> v/2, odd -> -(v+1)/2).
    if (result < 2 ** 53) return result % 2 === 0 ? result / 2 : -(result + 1) / 2
    let big = 0n
    for (let i = pos - 1; i >= start; i--) big = (big << 7n) | BigInt(buf[i]! & 0x7f)
    const v = (big & 1n) === 0n ? big >> 1n : -((big + 1n) >> 1n)
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      this.pos = start
      throw new RangeError('varlong exceeds the safe-integer range')
    }
    return Number(v)
  }
}
