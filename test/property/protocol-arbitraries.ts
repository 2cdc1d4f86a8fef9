/**
 * fast-check arbitraries for every generated protocol message, built from the schema each codec
 * carries (`codec.schema`): for a version, every field the version has gets a random value of its
 * type (null only where the version allows it, int64 over the whole 64-bit range with Kafka's
 * sentinels favoured), and every field it lacks gets its default, which is what decoding yields.
 *
 * Also `toKafkaJson`: a value in the JSON form of Kafka's generated `*JsonConverter`s (the input of
 * test/kafka/java/ProtocolGolden.java).
 */
import fc from 'fast-check'

import type { FieldSchema, MessageCodec, PrimitiveType, StructSchema, VersionRange } from '../../src/protocol/schema.js'

/** Options of {@link messageArbitrary}. */
export interface ArbitraryOptions {
  /**
   * Adds unknown tagged fields (random tags outside the known ones, random bytes) to structs in
   * flexible versions. Kafka's JSON form cannot carry them, so the golden test leaves them out.
   * @default false
   */
  unknownTaggedFields?: boolean
  /** Longest generated array. @default 3 */
  maxArrayLength?: number
}

const inRange = (r: VersionRange | null | undefined, v: number): boolean => r != null && v >= r[0] && v <= r[1]

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

// Strings: ASCII, any code point (no lone surrogates: Java and Node encode those differently), and
// lengths that need a two-byte compact varint.
const stringArb = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 127, maxLength: 140 }) },
)
const bytesArb = fc
  .oneof(
    { weight: 4, arbitrary: fc.uint8Array({ maxLength: 16 }) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 127, maxLength: 140 }) },
  )
  .map((u) => Buffer.from(u))

function primitiveArb(t: PrimitiveType): fc.Arbitrary<unknown> {
  switch (t) {
    case 'bool':
      return fc.boolean()
    case 'int8':
      return fc.integer({ min: -128, max: 127 })
    case 'int16':
      return fc.oneof(fc.constantFrom(-1, 0), fc.integer({ min: -32768, max: 32767 }))
    case 'uint16':
      return fc.integer({ min: 0, max: 0xffff })
    case 'int32':
      return fc.oneof(fc.constantFrom(-1, 0, -2147483648, 2147483647), fc.integer())
    case 'uint32':
      return fc.integer({ min: 0, max: 0xffffffff })
    case 'int64':
      return fc.oneof(
        fc.constantFrom(-1n, -2n, -3n, 0n, INT64_MIN, INT64_MAX, 2n ** 53n, -(2n ** 53n)),
        fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n }),
        fc.bigInt({ min: INT64_MIN, max: INT64_MAX }),
      )
    case 'float64':
      // Finite and not -0: Kafka's JSON form carries neither NaN, the infinities nor the sign of zero.
      return fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0))
    case 'uuid':
      return fc.oneof(
        fc.constant('AAAAAAAAAAAAAAAAAAAAAA'),
        fc.uint8Array({ minLength: 16, maxLength: 16 }).map((u) => Buffer.from(u).toString('base64url')),
      )
    case 'string':
      return stringArb
    case 'bytes':
    case 'records':
      return bytesArb
  }
}

function unknownTagsArb(schema: StructSchema): fc.Arbitrary<{ tag: number; data: Buffer }[]> {
  const known = new Set(schema.fields.map((f) => f.tag).filter((t): t is number => t !== null))
  return fc
    .uniqueArray(
      fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 70000 })).filter((t) => !known.has(t)),
      { minLength: 1, maxLength: 2 },
    )
    .chain((tags) =>
      fc.tuple(...tags.sort((a, b) => a - b).map((tag) => fc.uint8Array({ maxLength: 5 }).map((u) => ({ tag, data: Buffer.from(u) })))),
    )
}

function fieldArb(f: FieldSchema, version: number, flexible: VersionRange | null, opts: Required<ArbitraryOptions>): fc.Arbitrary<unknown> {
  let arb: fc.Arbitrary<unknown>
  if (f.type === 'struct') arb = structArb(f.struct!, version, flexible, opts)
  else if (f.type === 'array') {
    const e = f.element!
    const elem = typeof e === 'string' ? primitiveArb(e) : structArb(e, version, flexible, opts)
    arb = fc.array(elem, { maxLength: opts.maxArrayLength })
  } else arb = primitiveArb(f.type)
  return inRange(f.nullableVersions, version) ? fc.option(arb, { nil: null, freq: 4 }) : arb
}

function structArb(
  schema: StructSchema,
  version: number,
  flexible: VersionRange | null,
  opts: Required<ArbitraryOptions>,
): fc.Arbitrary<Record<string, unknown>> {
  const defaults = schema.create() as Record<string, unknown>
  const model: Record<string, fc.Arbitrary<unknown>> = {}
  for (const f of schema.fields) {
    model[f.name] = inRange(f.versions, version) ? fieldArb(f, version, flexible, opts) : fc.constant(defaults[f.name])
  }
  const base = fc.record(model)
  if (!opts.unknownTaggedFields || !inRange(flexible, version)) return base
  return fc
    .tuple(base, fc.option(unknownTagsArb(schema), { freq: 4, nil: undefined }))
    .map(([value, unknown]) => (unknown === undefined ? value : { ...value, unknownTaggedFields: unknown }))
}

/** Random values of `codec`'s message, valid at `version`. */
export function messageArbitrary<T>(codec: MessageCodec<T>, version: number, options: ArbitraryOptions = {}): fc.Arbitrary<T> {
  const opts: Required<ArbitraryOptions> = { unknownTaggedFields: false, maxArrayLength: 3, ...options }
  return structArb(codec.schema, version, codec.flexibleVersions, opts) as unknown as fc.Arbitrary<T>
}

/** Every `[codec, version]` pair of `codecs`. */
export function everyVersion<T>(codecs: readonly MessageCodec<T>[]): [MessageCodec<T>, number][] {
  return codecs.flatMap((c) =>
    Array.from({ length: c.versions[1] - c.versions[0] + 1 }, (_, i) => [c, c.versions[0] + i] as [MessageCodec<T>, number]),
  )
}

/**
 * `value` (valid at `version`) as the JSON that Kafka's `<Message>JsonConverter.read` takes: the
 * fields the version has, int64 as JSON integers (exact, not through a double), bytes and records as
 * base64, UUIDs in their string form.
 */
export function toKafkaJson(schema: StructSchema, value: unknown, version: number): string {
  const v = value as Record<string, unknown>
  const parts: string[] = []
  for (const f of schema.fields) {
    if (!inRange(f.versions, version)) continue
    parts.push(`${JSON.stringify(f.name)}:${fieldJson(f, v[f.name], version)}`)
  }
  return `{${parts.join(',')}}`
}

function primitiveJson(t: PrimitiveType, x: unknown): string {
  if (t === 'int64') return (x as bigint).toString()
  if (t === 'bytes' || t === 'records') return JSON.stringify((x as Buffer).toString('base64'))
  if (t === 'float64') {
    // Kafka's jsonNodeToDouble wants a floating-point JSON number: 3.0, not 3.
    const text = JSON.stringify(x)
    return /[.eE]/.test(text) ? text : `${text}.0`
  }
  return JSON.stringify(x)
}

function fieldJson(f: FieldSchema, x: unknown, version: number): string {
  if (x === null) return 'null'
  if (f.type === 'struct') return toKafkaJson(f.struct!, x, version)
  if (f.type === 'array') {
    const e = f.element!
    return `[${(x as unknown[]).map((el) => (typeof e === 'string' ? primitiveJson(e, el) : toKafkaJson(e, el, version))).join(',')}]`
  }
  return primitiveJson(f.type, x)
}
