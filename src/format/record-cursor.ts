/**
 * The record walk's reading primitives: a bounded {@link Cursor} over a records section (varints,
 * varlongs, length-prefixed fields) and the {@link Violation} it throws when a record breaks a rule
 * of the walk. Used by THE record walk alone (`batch-records.ts`), which turns a violation into
 * `KLOG_CORRUPT_SEGMENT`; the rules themselves are documented there.
 *
 * Pure bytes. Safe from any thread.
 */

/** A rule of the record walk that a batch breaks. Internal: callers see `KLOG_CORRUPT_SEGMENT`. */
export class Violation extends Error {}

/** Throws the {@link Violation} for `reason`. */
export function violation(reason: string): never {
  throw new Violation(reason)
}

/**
 * A cursor over the records section; every read is bounded by `end` (a record's end while inside
 * it). Field names are constants and messages are built only when a rule breaks: this is the hot
 * loop of every read.
 */
export class Cursor {
  pos: number
  end: number
  /** The index of the record being read, for messages. */
  record = 0
  /** {@link Cursor.bytes} returns copies instead of views (see `DecodeOptions.copy`). */
  copy = false
  constructor(
    readonly buf: Buffer,
    pos: number,
    end: number,
  ) {
    this.pos = pos
    this.end = end
  }

  fail(what: string, why: string): never {
    return violation(`record ${this.record}'s ${what} ${why}`)
  }

  varint(what: string): number {
    const buf = this.buf
    let p = this.pos
    if (p < this.end) {
      const b = buf[p]!
      if (b < 0x80) {
        // One byte: the common case (small lengths and deltas).
        this.pos = p + 1
        return (b >>> 1) ^ -(b & 1)
      }
    }
    let v = 0
    for (let shift = 0; ; shift += 7) {
      if (p >= this.end) this.fail(what, 'runs past its record')
      if (shift > 28) this.fail(what, 'is a varint longer than 5 bytes')
      const b = buf[p++]!
      v |= (b & 0x7f) << shift
      if (b < 0x80) break
    }
    this.pos = p
    return (v >>> 1) ^ -(v & 1)
  }

  varlong(what: string): number {
    const buf = this.buf
    const start = this.pos
    let p = start
    let v = 0
    let mul = 1
    for (let i = 0; ; i++) {
      if (p >= this.end) this.fail(what, 'runs past its record')
      if (i >= 8) this.fail(what, 'is beyond the safe-integer range')
      const b = buf[p++]!
      v += (b & 0x7f) * mul
      if (b < 0x80) break
      mul *= 128
    }
    this.pos = p
    // Below 2^53 the double is exact: undo zigzag arithmetically (even -> v/2, odd -> -(v+1)/2).
    if (v < 2 ** 53) return v % 2 === 0 ? v / 2 : -(v + 1) / 2
    let big = 0n
    for (let i = p - 1; i >= start; i--) big = (big << 7n) | BigInt(buf[i]! & 0x7f)
    const d = (big & 1n) === 0n ? big >> 1n : -((big + 1n) >> 1n)
    if (d > BigInt(Number.MAX_SAFE_INTEGER) || d < BigInt(Number.MIN_SAFE_INTEGER)) this.fail(what, 'is beyond the safe-integer range')
    return Number(d)
  }

  /**
   * A length-prefixed field: its bytes (when `view`: a view into the buffer, or a copy of them with
   * `copy`), `null` for -1 (when allowed), else a violation.
   */
  bytes(what: string, nullable: boolean, view: boolean): Buffer | null | undefined {
    const len = this.varint(what)
    if (len < 0) {
      if (len !== -1 || !nullable) this.fail(what, `has length ${len}`)
      return null
    }
    const start = this.pos
    if (len > this.end - start) this.fail(what, `of ${len} bytes runs past its record`)
    this.pos = start + len
    if (!view) return undefined
    if (!this.copy) return this.buf.subarray(start, start + len)
    const out = Buffer.allocUnsafe(len)
    this.buf.copy(out, 0, start, start + len)
    return out
  }
}
