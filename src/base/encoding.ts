/**
 * Key and value encodings (Level's `keyEncoding` / `valueEncoding`): how the values an application
 * appends become a record's bytes, and how a record's bytes become values again when read.
 *
 * Named encodings: `'buffer'` (the default: bytes in, `Buffer` out; strings and `Uint8Array`s are
 * accepted on append, strings stored as UTF-8), `'utf8'` (strings in and out) and `'json'`
 * (`JSON.stringify` in, `JSON.parse` out, UTF-8 on disk). A custom encoding is an object
 * `{ encode(value) → Uint8Array | string, decode(bytes: Buffer) → value }`. `null` (a tombstone, or
 * no key) is never encoded: it is stored as Kafka's null and read back as `null`.
 *
 * Failures: a value the encoder cannot encode is a programmer mistake, thrown as a `TypeError` before
 * anything is appended; bytes the decoder cannot decode are a runtime condition (the log may hold
 * records written by anyone), reported by the readers as `LogError` `KLOG_DECODE` (src/read/decode.ts).
 *
 * Named encodings are strings, so they cross threads in a `LogHandle`; a custom one holds functions,
 * which cannot (`Log.attach(handle, { valueEncoding })` takes it again in the worker).
 *
 * Pure; safe from anywhere.
 */

/** A custom encoding: `encode` turns a value into bytes (a string is stored as UTF-8), `decode` turns them back. */
export interface Encoding<T> {
  /** Turns a value into the bytes stored; may throw for a value it cannot encode (append then throws a `TypeError`). */
  encode(value: T): Uint8Array | string
  /**
   * Turns stored bytes back into a value; may throw for bytes it cannot decode (readers then reject
   * with `KLOG_DECODE`). `bytes` may be a view into a larger read buffer: copy it to keep it.
   */
  decode(bytes: Buffer): T
}

/** The encodings known by name. */
export type EncodingName = 'buffer' | 'utf8' | 'json'

/**
 * The encodings that produce values of type `T`: `'buffer'` for `Buffer`, `'utf8'` (or `'json'`) for
 * `string`, `'json'` for anything else, or a custom {@link Encoding} of `T`. Checked at compile time:
 * `Log.open(dir, { valueEncoding: 'json' })` needs the value type, as in `Log.open<Order>(…)`.
 */
export type EncodingOption<T> =
  Encoding<T> | (unknown extends T ? EncodingName : [T] extends [Buffer] ? 'buffer' : [T] extends [string] ? 'utf8' | 'json' : 'json')

/** What `append()` accepts for a key or value decoded as `T`: bytes or strings for `Buffer`, else `T` itself. */
export type EncodedInput<T> = [T] extends [Buffer] ? Buffer | Uint8Array | string : T

/** An encoding option as the log keeps it: a name, or a custom encoding of any type. */
export type EncodingSpec = EncodingName | Encoding<unknown>

/** @internal A resolved encoding: `identity` for `'buffer'`, so hot paths can skip the calls. */
export interface ResolvedEncoding {
  readonly name: EncodingName | 'custom'
  readonly identity: boolean
  encode(value: unknown): Uint8Array | string
  decode(bytes: Buffer): unknown
}

const BUFFER: ResolvedEncoding = Object.freeze({
  name: 'buffer',
  identity: true,
  encode: (v: unknown) => {
    if (typeof v === 'string' || v instanceof Uint8Array) return v
    throw new TypeError('must be a Buffer, Uint8Array, string or null')
  },
  decode: (b: Buffer) => b,
})

const UTF8: ResolvedEncoding = Object.freeze({
  name: 'utf8',
  identity: false,
  encode: (v: unknown) => {
    if (typeof v === 'string') return v
    throw new TypeError("must be a string or null (valueEncoding/keyEncoding 'utf8')")
  },
  decode: (b: Buffer) => b.toString('utf8'),
})

const JSON_ENCODING: ResolvedEncoding = Object.freeze({
  name: 'json',
  identity: false,
  encode: (v: unknown) => {
    // JSON.stringify throws a TypeError itself for cycles and BigInts, and returns undefined for
    // values JSON has no text for (undefined, a function, a symbol): refused likewise.
    const text = JSON.stringify(v) as string | undefined
    if (text === undefined) throw new TypeError(`JSON has no text for ${typeof v}`)
    return text
  },
  decode: (b: Buffer) => JSON.parse(b.toString('utf8')) as unknown,
})

const NAMED: Readonly<Record<EncodingName, ResolvedEncoding>> = { buffer: BUFFER, utf8: UTF8, json: JSON_ENCODING }

/** The default encoding (`'buffer'`), resolved. */
export const BUFFER_ENCODING = BUFFER

/**
 * Checks an encoding option and resolves it.
 * @param name - how the option is named in error messages (`'options.valueEncoding'`)
 * @throws TypeError for anything but a known name or an object with `encode` and `decode` functions
 */
export function resolveEncoding(value: unknown, name: string): ResolvedEncoding {
  if (value === undefined) return BUFFER
  if (typeof value === 'string') {
    if (Object.hasOwn(NAMED, value)) return NAMED[value as EncodingName]
    if (value === 'custom') {
      throw new TypeError(
        `${name}: the shared log uses a custom encoding, which cannot cross threads: pass it to Log.attach(handle, { ${name.replace(/.*\./, '')} })`,
      )
    }
    throw new TypeError(`${name} must be 'buffer', 'utf8', 'json' or { encode, decode }`)
  }
  if (value === null || typeof value !== 'object') throw new TypeError(`${name} must be 'buffer', 'utf8', 'json' or { encode, decode }`)
  const { encode, decode } = value as Partial<Encoding<unknown>>
  if (typeof encode !== 'function' || typeof decode !== 'function') throw new TypeError(`${name} must have encode and decode functions`)
  return { name: 'custom', identity: false, encode: (v) => encode.call(value, v), decode: (b) => decode.call(value, b) }
}

/**
 * Encodes one key or value for `append()` (`null` stays `null`).
 * @param what - the field in error messages (`'record 3 value'`)
 * @throws TypeError when the encoder refuses the value or returns something other than bytes or a string
 */
export function encodeField(encoding: ResolvedEncoding, value: unknown, what: string): Uint8Array | string | null {
  if (value === null) return null
  let out: unknown
  try {
    out = encoding.encode(value)
  } catch (err) {
    throw new TypeError(`${what} cannot be encoded (${encoding.name}): ${(err as Error)?.message ?? String(err)}`, { cause: err })
  }
  if (typeof out !== 'string' && !(out instanceof Uint8Array)) {
    throw new TypeError(`${what}: the ${encoding.name} encoder returned neither a Uint8Array nor a string`)
  }
  return out
}

/** An encoding option as a `LogHandle` carries it across threads: a custom one becomes `'custom'`. */
export function shareableEncoding(spec: EncodingSpec): EncodingName | 'custom' {
  return typeof spec === 'string' ? spec : 'custom'
}
