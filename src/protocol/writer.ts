/**
 * The writer every generated encoder writes with, and the size functions its size pass uses.
 *
 * Encoding is two passes over the value: the generated `size*` functions compute the exact byte
 * count (and check what can only be checked there: nullability, string lengths, fields the version
 * lacks), then one buffer of exactly that size is allocated and the generated `write*` functions fill
 * it through a {@link ProtocolWriter}, which checks every number's range and type as it writes. No
 * per-field buffers are concatenated; {@link ProtocolWriter.finish} checks that the two passes agreed.
 *
 * Strings are UTF-8 (lone surrogates become U+FFFD, as `Buffer` encodes them; Java writes `?`).
 * UUIDs are Kafka's string form: 22 characters of URL-safe base64 for 16 bytes.
 *
 * Pure: no I/O. One writer per encode.
 */
import { invalidValue } from './errors.js'
import { MAX_STRING_BYTES, type RawTaggedField } from './reader.js'

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** Bytes an unsigned varint takes for `value` (0 to 2^32 - 1). */
export function sizeOfUvarint(value: number): number {
  if (value < 0x80) return 1
  if (value < 0x4000) return 2
  if (value < 0x200000) return 3
  if (value < 0x10000000) return 4
  return 5
}

function utf8Length(value: unknown, field: string): number {
  if (typeof value !== 'string') throw invalidValue(field, `expected a string, got ${typeof value}`)
  const n = Buffer.byteLength(value, 'utf8')
  if (n > MAX_STRING_BYTES) throw invalidValue(field, `string of ${n} UTF-8 bytes exceeds ${MAX_STRING_BYTES}`)
  return n
}

function lengthPrefixSize(n: number, flexible: boolean, short: boolean): number {
  return flexible ? sizeOfUvarint(n + 1) : short ? 2 : 4
}

/** Bytes a string takes (with its length prefix); null only where `nullable`. */
export function sizeOfString(value: string | null, flexible: boolean, nullable: boolean, field: string): number {
  if (value === null) {
    if (!nullable) throw invalidValue(field, 'null in a non-nullable field')
    return flexible ? 1 : 2
  }
  const n = utf8Length(value, field)
  return lengthPrefixSize(n, flexible, true) + n
}

function byteLength(value: unknown, field: string): number {
  if (!(value instanceof Uint8Array)) throw invalidValue(field, 'expected a Buffer or Uint8Array')
  return value.length
}

/** Bytes a bytes or records field takes (with its length prefix); null only where `nullable`. */
export function sizeOfBytes(value: Uint8Array | null, flexible: boolean, nullable: boolean, field: string): number {
  if (value === null) {
    if (!nullable) throw invalidValue(field, 'null in a non-nullable field')
    return flexible ? 1 : 4
  }
  const n = byteLength(value, field)
  return lengthPrefixSize(n, flexible, false) + n
}

/**
 * Bytes an array's length prefix takes; null only where `nullable`. The elements are sized by the
 * caller.
 */
export function sizeOfArrayLength(value: readonly unknown[] | null, flexible: boolean, nullable: boolean, field: string): number {
  if (value === null) {
    if (!nullable) throw invalidValue(field, 'null in a non-nullable field')
    return flexible ? 1 : 4
  }
  if (!Array.isArray(value)) throw invalidValue(field, 'expected an array')
  return lengthPrefixSize(value.length, flexible, false)
}

/**
 * Bytes the unknown tagged fields of a struct take (tag, size and data of each), checking that
 * they are in ascending tag order and use none of `knownTags`.
 */
export function sizeOfRawTaggedFields(fields: readonly RawTaggedField[], knownTags: readonly number[], field: string): number {
  let n = 0
  let prev = -1
  for (const f of fields) {
    if (!Number.isInteger(f.tag) || f.tag <= prev || f.tag > 0xffffffff)
      throw invalidValue(field, `unknown tagged fields must have ascending tags (${f.tag} after ${prev})`)
    if (knownTags.includes(f.tag)) throw invalidValue(field, `tag ${f.tag} is a known field of this struct`)
    prev = f.tag
    const len = byteLength(f.data, field)
    n += sizeOfUvarint(f.tag) + sizeOfUvarint(len) + len
  }
  return n
}

/** Writes into one buffer of a size computed beforehand. */
export class ProtocolWriter {
  /** The buffer being filled. */
  readonly buffer: Buffer
  readonly #end: number
  #pos: number

  /**
   * @param size - the exact number of bytes the encoding will take
   * @param buffer - the buffer to write into, when the caller allocated it (framing)
   * @default buffer a new `Buffer.allocUnsafe(size)`, every byte of which is written
   * @param start - where in `buffer` to start
   * @default start 0
   */
  constructor(size: number, buffer?: Buffer, start = 0) {
    this.buffer = buffer ?? Buffer.allocUnsafe(size)
    if (start + size > this.buffer.length) throw new RangeError(`${size} bytes from ${start} exceed the ${this.buffer.length}-byte buffer`)
    this.#pos = start
    this.#end = start + size
  }

  /** The position of the next byte to write. */
  get position(): number {
    return this.#pos
  }

  #take(n: number): number {
    const p = this.#pos
    // The size pass computed the exact size: running past it is a generator bug, not bad input.
    if (p + n > this.#end) throw new Error(`protocol writer overflow: ${n} bytes at ${p}, end ${this.#end}`)
    this.#pos = p + n
    return p
  }

  #int(value: unknown, min: number, max: number, type: string, field: string): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw invalidValue(field, `${String(value)} is not an ${type}`)
    }
    return value
  }

  /** Writes an int8. */
  int8(value: number, field: string): void {
    this.buffer.writeInt8(this.#int(value, -0x80, 0x7f, 'int8', field), this.#take(1))
  }

  /** Writes a big-endian int16. */
  int16(value: number, field: string): void {
    this.buffer.writeInt16BE(this.#int(value, -0x8000, 0x7fff, 'int16', field), this.#take(2))
  }

  /** Writes a big-endian uint16. */
  uint16(value: number, field: string): void {
    this.buffer.writeUInt16BE(this.#int(value, 0, 0xffff, 'uint16', field), this.#take(2))
  }

  /** Writes a big-endian int32. */
  int32(value: number, field: string): void {
    this.buffer.writeInt32BE(this.#int(value, -0x80000000, 0x7fffffff, 'int32', field), this.#take(4))
  }

  /** Writes a big-endian uint32. */
  uint32(value: number, field: string): void {
    this.buffer.writeUInt32BE(this.#int(value, 0, 0xffffffff, 'uint32', field), this.#take(4))
  }

  /** Writes a big-endian int64 given as a bigint. */
  int64(value: bigint, field: string): void {
    if (typeof value !== 'bigint' || value < INT64_MIN || value > INT64_MAX)
      throw invalidValue(field, `${String(value)} is not an int64 bigint`)
    this.buffer.writeBigInt64BE(value, this.#take(8))
  }

  /** Writes a big-endian IEEE 754 float64. */
  float64(value: number, field: string): void {
    if (typeof value !== 'number') throw invalidValue(field, `expected a number, got ${typeof value}`)
    this.buffer.writeDoubleBE(value, this.#take(8))
  }

  /** Writes a bool as 0 or 1. */
  bool(value: boolean, field: string): void {
    if (typeof value !== 'boolean') throw invalidValue(field, `expected a boolean, got ${typeof value}`)
    this.buffer[this.#take(1)] = value ? 1 : 0
  }

  /** Writes a UUID given in Kafka's string form (22 characters of URL-safe base64). */
  uuid(value: string, field: string): void {
    const bytes = typeof value === 'string' && value.length === 22 ? Buffer.from(value, 'base64url') : undefined
    if (bytes === undefined || bytes.length !== 16 || bytes.toString('base64url') !== value) {
      throw invalidValue(field, `${String(value)} is not a UUID in Kafka's form (22 characters of URL-safe base64)`)
    }
    bytes.copy(this.buffer, this.#take(16))
  }

  /** Writes an unsigned varint (0 to 2^32 - 1). */
  uvarint(value: number): void {
    let v = value
    while (v >= 0x80) {
      this.buffer[this.#take(1)] = (v & 0x7f) | 0x80
      v = Math.floor(v / 128)
    }
    this.buffer[this.#take(1)] = v
  }

  #lengthPrefix(n: number, flexible: boolean, short: boolean): void {
    if (flexible) this.uvarint(n + 1)
    else if (short) this.buffer.writeInt16BE(n, this.#take(2))
    else this.buffer.writeInt32BE(n, this.#take(4))
  }

  /** Writes a string or null (sized and checked by {@link sizeOfString} beforehand). */
  string(value: string | null, flexible: boolean): void {
    if (value === null) {
      this.#lengthPrefix(-1, flexible, true)
      return
    }
    const n = Buffer.byteLength(value, 'utf8')
    this.#lengthPrefix(n, flexible, true)
    this.buffer.write(value, this.#take(n), n, 'utf8')
  }

  /** Writes bytes, records or null (sized and checked by {@link sizeOfBytes} beforehand). */
  bytes(value: Uint8Array | null, flexible: boolean): void {
    if (value === null) {
      this.#lengthPrefix(-1, flexible, false)
      return
    }
    this.#lengthPrefix(value.length, flexible, false)
    this.buffer.set(value, this.#take(value.length))
  }

  /** Writes an array's length prefix, or null. */
  arrayLength(value: readonly unknown[] | null, flexible: boolean): void {
    this.#lengthPrefix(value === null ? -1 : value.length, flexible, false)
  }

  /**
   * Writes the unknown tagged fields from index `from` whose tag is below `below`; returns the index
   * of the first one not written. Interleaves them with the known ones in tag order, as Kafka's
   * `RawTaggedFieldWriter` does.
   */
  rawTaggedFields(fields: readonly RawTaggedField[] | undefined, from: number, below: number): number {
    if (fields === undefined) return 0
    let i = from
    while (i < fields.length && fields[i]!.tag < below) {
      const f = fields[i++]!
      this.uvarint(f.tag)
      this.uvarint(f.data.length)
      this.buffer.set(f.data, this.#take(f.data.length))
    }
    return i
  }

  /** Checks that the buffer was filled exactly and returns it. */
  finish(): Buffer {
    if (this.#pos !== this.#end) throw new Error(`protocol writer underflow: wrote to ${this.#pos}, size said ${this.#end}`)
    return this.buffer
  }
}
