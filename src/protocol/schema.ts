/**
 * What the generator knows about each message, kept at run time: the schema description every
 * generated module exports (`codec.schema`), and the {@link MessageCodec} interface of the codecs.
 *
 * The schema mirrors Kafka's message JSON (`vendor/kafka-messages/*.json`) after the generator has
 * resolved it: version ranges as `[lowest, highest]` (highest 32767 for Kafka's `N+`), struct
 * references resolved to their {@link StructSchema}. Tests build their value generators from it and
 * tools can walk it; the codecs themselves do not read it (they are generated code).
 *
 * Pure: no I/O. Immutable.
 */
import type { ProtocolReader } from './reader.js'
import type { ProtocolWriter } from './writer.js'

/** An inclusive version range `[lowest, highest]`; `highest` is 32767 for Kafka's open `N+` ranges. */
export type VersionRange = readonly [lowest: number, highest: number]

/** Kafka's primitive field types. */
export type PrimitiveType =
  'bool' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'float64' | 'uuid' | 'string' | 'bytes' | 'records'

/** One field of a struct, as Kafka's message JSON declares it. */
export interface FieldSchema {
  /** The property name: Kafka's field name with its first letter lower-cased (Kafka's own JSON form). */
  readonly name: string
  /** The field's type; `array` fields have {@link FieldSchema.element}, `struct` fields {@link FieldSchema.struct}. */
  readonly type: PrimitiveType | 'struct' | 'array'
  /** An array's element type: a primitive or a struct. */
  readonly element?: PrimitiveType | StructSchema
  /** A struct field's struct. */
  readonly struct?: StructSchema
  /** The versions that carry the field. */
  readonly versions: VersionRange | null
  /** The versions in which it may be null. */
  readonly nullableVersions: VersionRange | null
  /** The versions in which it is a tagged field (KIP-482). */
  readonly taggedVersions: VersionRange | null
  /** Its tag, when it is a tagged field in some versions. */
  readonly tag: number | null
  /** Whether a non-default value may be dropped silently in versions without the field. */
  readonly ignorable: boolean
  /** A field-level override of the message's flexible versions (strings and bytes only), or undefined. */
  readonly flexibleVersions?: VersionRange | null
  /** Whether bytes are decoded as a view into the frame instead of a copy (Kafka's `zeroCopy`). */
  readonly zeroCopy?: boolean
  /** Kafka's `default` for the field, as written in the JSON (empty: the type's zero). */
  readonly default: string
}

/** A struct: a message's top-level fields, an array element or a struct field. */
export interface StructSchema {
  /** The struct's name in Kafka's JSON. */
  readonly name: string
  /** The versions in which the struct can occur. */
  readonly versions: VersionRange
  /** The fields, in wire order (tagged fields go to the tagged-field section in tag order). */
  readonly fields: readonly FieldSchema[]
  /** Returns a new value with every field at its default. */
  create(): object
}

/** The kinds of message Kafka's JSON declares. */
export type MessageType = 'request' | 'response' | 'header' | 'data'

/** A generated message codec: Kafka's `*Data` class as functions over plain objects. */
export interface MessageCodec<T> {
  /** The message name in Kafka's JSON (`FetchRequest`). */
  readonly name: string
  /** The API key, or -1 for headers and data messages. */
  readonly apiKey: number
  /** The kind of message. */
  readonly type: MessageType
  /** The versions this codec reads and writes (Kafka's `validVersions`). */
  readonly versions: VersionRange
  /** The flexible versions (compact lengths and tagged fields), or null. */
  readonly flexibleVersions: VersionRange | null
  /** Whether Kafka marks the highest version unstable (`latestVersionUnstable`): not to be advertised. */
  readonly latestVersionUnstable: boolean
  /** The resolved schema. */
  readonly schema: StructSchema
  /**
   * Returns a new value with every field at its default, overridden by `fields`.
   * @param fields - the fields to set
   */
  create(fields?: Partial<T>): T
  /**
   * The exact encoded size of `value` at `version`.
   * @throws {@link ProtocolError} `KLOG_PROTOCOL_UNSUPPORTED_VERSION` or `KLOG_PROTOCOL_INVALID_VALUE`
   */
  size(value: T, version: number): number
  /**
   * Writes `value` (whose size {@link MessageCodec.size} computed) into `writer`.
   * @throws {@link ProtocolError} `KLOG_PROTOCOL_INVALID_VALUE`
   */
  write(writer: ProtocolWriter, value: T, version: number): void
  /**
   * Reads a value at `version` from `reader`, leaving it after the message.
   * @throws {@link ProtocolError} `KLOG_PROTOCOL_MALFORMED` or `KLOG_PROTOCOL_UNSUPPORTED_VERSION`
   */
  read(reader: ProtocolReader, version: number): T
  /**
   * Encodes `value` at `version` into one exactly-sized buffer.
   * @throws {@link ProtocolError} `KLOG_PROTOCOL_UNSUPPORTED_VERSION` or `KLOG_PROTOCOL_INVALID_VALUE`
   */
  encode(value: T, version: number): Buffer
  /**
   * Decodes a value at `version` from the start of `buf`. Bytes after the message are ignored, as
   * Kafka ignores them after a request body. `records` fields (and `zeroCopy` bytes) are views into
   * `buf`; everything else is copied.
   * @throws {@link ProtocolError} `KLOG_PROTOCOL_MALFORMED` or `KLOG_PROTOCOL_UNSUPPORTED_VERSION`
   */
  decode(buf: Buffer, version: number): T
}

/** The request and response codecs of one API. */
export interface ApiCodecs {
  /** The API key. */
  readonly apiKey: number
  /** The API name (`Fetch`). */
  readonly name: string
  /** The request codec. */
  readonly request: MessageCodec<unknown>
  /** The response codec. */
  readonly response: MessageCodec<unknown>
}
