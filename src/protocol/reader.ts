/**
 * The bounded byte reader every generated decoder reads with: Kafka's `Readable` over one buffer,
 * where every read checks the bytes left *before* it touches or allocates anything.
 *
 * Bounds (untrusted input never causes an unbounded allocation, a hang or a `RangeError` from `Buffer`):
 * - every fixed-size read checks the bytes left first;
 * - an unsigned varint is at most 5 bytes and at most 2^32 - 1;
 * - a string, bytes or records length is checked against the bytes left before the slice is made;
 *   strings longer than 32767 bytes are refused as Kafka refuses them;
 * - an array count N is checked against the bytes left before anything is allocated: N elements of
 *   at least `minElementSize` bytes each (never less than 1, Kafka's own rule) must fit;
 * - a negative length is null where the field is nullable in that version, and an error elsewhere.
 * Every failure is a {@link ProtocolError} with code `KLOG_PROTOCOL_MALFORMED` naming the field and
 * the byte position.
 *
 * Positions in errors count from the start of the buffer the reader was given. Pure: no I/O; one
 * reader per decode, not shared between threads.
 */
import { malformed } from './errors.js'

/** Kafka's limit on a string's encoded length (`Short.MAX_VALUE`), for both length forms. */
export const MAX_STRING_BYTES = 0x7fff

/** A tagged field this codec does not know, kept as its raw bytes (KIP-482). */
export interface RawTaggedField {
  /** The tag number. */
  readonly tag: number
  /** The field's bytes, without the tag and size prefix. */
  readonly data: Buffer
}

/** A bounds-checked cursor over `buf[start, end)`. */
export class ProtocolReader {
  readonly #buf: Buffer
  readonly #end: number
  #pos: number

  /**
   * @param buf - the bytes to read
   * @param start - the first byte to read
   * @default start 0
   * @param end - one past the last byte that may be read
   * @default end buf.length
   */
  constructor(buf: Buffer, start = 0, end = buf.length) {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > buf.length || start > end) {
      throw new RangeError(`invalid reader range [${start}, ${end}) over ${buf.length} bytes`)
    }
    this.#buf = buf
    this.#pos = start
    this.#end = end
  }

  /** The position of the next byte to read. */
  get position(): number {
    return this.#pos
  }

  /** How many bytes are left to read. */
  get remaining(): number {
    return this.#end - this.#pos
  }

  #need(n: number, field: string): number {
    if (this.#end - this.#pos < n) throw malformed(field, this.#pos, `needs ${n} bytes, ${this.#end - this.#pos} left`)
    const p = this.#pos
    this.#pos = p + n
    return p
  }

  /** Reads an int8. */
  int8(field: string): number {
    return this.#buf.readInt8(this.#need(1, field))
  }

  /** Reads a big-endian int16. */
  int16(field: string): number {
    return this.#buf.readInt16BE(this.#need(2, field))
  }

  /** Reads a big-endian uint16. */
  uint16(field: string): number {
    return this.#buf.readUInt16BE(this.#need(2, field))
  }

  /** Reads a big-endian int32. */
  int32(field: string): number {
    return this.#buf.readInt32BE(this.#need(4, field))
  }

  /** Reads a big-endian uint32. */
  uint32(field: string): number {
    return this.#buf.readUInt32BE(this.#need(4, field))
  }

  /** Reads a big-endian int64, as a bigint (every 64-bit value, exactly). */
  int64(field: string): bigint {
    return this.#buf.readBigInt64BE(this.#need(8, field))
  }

  /** Reads a big-endian IEEE 754 float64. */
  float64(field: string): number {
    return this.#buf.readDoubleBE(this.#need(8, field))
  }

  /** Reads a bool: any non-zero byte is true, as Kafka reads it. */
  bool(field: string): boolean {
    return this.#buf[this.#need(1, field)] !== 0
  }

  /** Reads a 16-byte UUID, returned in Kafka's string form (URL-safe base64, no padding: 22 characters). */
  uuid(field: string): string {
    const p = this.#need(16, field)
    return this.#buf.toString('base64url', p, p + 16)
  }

  /** Reads an unsigned varint (at most 5 bytes, at most 2^32 - 1). */
  uvarint(field: string): number {
    const start = this.#pos
    let value = 0
    for (let i = 0; i < 5; i++) {
      if (this.#pos >= this.#end) throw malformed(field, start, 'truncated unsigned varint')
      const b = this.#buf[this.#pos++]!
      if (i === 4 && b > 0x0f) throw malformed(field, start, 'unsigned varint exceeds 32 bits')
      value += (b & 0x7f) * 2 ** (7 * i)
      if (b < 0x80) return value
    }
    throw malformed(field, start, 'unsigned varint longer than 5 bytes')
  }

  /**
   * Reads a length prefix: an int16 (strings) or int32 (bytes, records, arrays) before flexible
   * versions, an unsigned varint holding length + 1 in them. Returns -1 for null.
   */
  #length(field: string, flexible: boolean, short: boolean, nullable: boolean): number {
    const start = this.#pos
    let n: number
    if (flexible) n = this.uvarint(field) - 1
    else n = short ? this.int16(field) : this.int32(field)
    if (n < 0) {
      if (!nullable) throw malformed(field, start, n === -1 ? 'null in a non-nullable field' : `negative length ${n}`)
      if (n !== -1) throw malformed(field, start, `negative length ${n}`)
    }
    return n
  }

  #stringBody(field: string, start: number, n: number): string {
    if (n > MAX_STRING_BYTES) throw malformed(field, start, `string length ${n} exceeds ${MAX_STRING_BYTES}`)
    const p = this.#need(n, field)
    return this.#buf.toString('utf8', p, p + n)
  }

  /** Reads a non-nullable string (int16 length, or compact length in flexible versions). */
  string(field: string, flexible: boolean): string {
    const start = this.#pos
    return this.#stringBody(field, start, this.#length(field, flexible, true, false))
  }

  /** Reads a nullable string. */
  nullableString(field: string, flexible: boolean): string | null {
    const start = this.#pos
    const n = this.#length(field, flexible, true, true)
    return n < 0 ? null : this.#stringBody(field, start, n)
  }

  #bytesBody(field: string, n: number, copy: boolean): Buffer {
    const p = this.#need(n, field)
    const view = this.#buf.subarray(p, p + n)
    return copy ? Buffer.from(view) : view
  }

  /**
   * Reads non-nullable bytes (int32 length, or compact length in flexible versions). `copy` false
   * returns a view into the read buffer (Kafka's `zeroCopy`); true returns a copy that does not keep
   * the whole frame alive.
   */
  bytes(field: string, flexible: boolean, copy: boolean): Buffer {
    return this.#bytesBody(field, this.#length(field, flexible, false, false), copy)
  }

  /** Reads nullable bytes; see {@link ProtocolReader.bytes}. */
  nullableBytes(field: string, flexible: boolean, copy: boolean): Buffer | null {
    const n = this.#length(field, flexible, false, true)
    return n < 0 ? null : this.#bytesBody(field, n, copy)
  }

  /** Reads a records field: a view (zero-copy) into the read buffer, or null where nullable. */
  records(field: string, flexible: boolean, nullable: boolean): Buffer | null {
    const n = this.#length(field, flexible, false, nullable)
    return n < 0 ? null : this.#bytesBody(field, n, false)
  }

  /**
   * Reads an array's element count (-1 for null) and checks, before the caller allocates anything,
   * that `count` elements of at least `minElementSize` bytes (taken as at least 1) fit in what is left.
   */
  arrayLength(field: string, flexible: boolean, nullable: boolean, minElementSize: number): number {
    const start = this.#pos
    const n = this.#length(field, flexible, false, nullable)
    if (n > 0 && n * Math.max(1, minElementSize) > this.#end - this.#pos) {
      throw malformed(field, start, `array of ${n} elements cannot fit in the ${this.#end - this.#pos} bytes left`)
    }
    return n
  }

  /**
   * Reads a tagged field's size and returns the position where its value must end (checked against
   * the bytes left).
   */
  taggedFieldEnd(field: string): number {
    const start = this.#pos
    const size = this.uvarint(field)
    if (size > this.#end - this.#pos)
      throw malformed(field, start, `tagged field of ${size} bytes exceeds the ${this.#end - this.#pos} bytes left`)
    return this.#pos + size
  }

  /** Checks that a known tagged field's value took exactly the size it declared. */
  expectPosition(end: number, field: string): void {
    if (this.#pos !== end) throw malformed(field, this.#pos, `tagged field value ends at ${this.#pos}, its size says ${end}`)
  }

  /** Reads an unknown tagged field's value (`end` from {@link ProtocolReader.taggedFieldEnd}) as a copy. */
  rawTaggedField(tag: number, end: number, field: string): RawTaggedField {
    return { tag, data: Buffer.from(this.#buf.subarray(this.#need(end - this.#pos, field), end)) }
  }

  /** Reads the tagged-field count of a struct and checks that so many fields (2 bytes each at least) fit. */
  taggedFieldCount(field: string): number {
    const start = this.#pos
    const n = this.uvarint(field)
    if (n * 2 > this.#end - this.#pos)
      throw malformed(field, start, `${n} tagged fields cannot fit in the ${this.#end - this.#pos} bytes left`)
    return n
  }
}
