/**
 * Builds a {@link MessageCodec} from the per-message functions the generator emits: the version
 * check, and `encode`/`decode` over a fresh writer/reader. Used by the generated modules only.
 *
 * Pure: no I/O.
 */
import { unsupportedVersion } from './errors.js'
import { ProtocolReader } from './reader.js'
import type { MessageCodec } from './schema.js'
import { ProtocolWriter } from './writer.js'

/** What a generated module hands to {@link defineCodec}: the message's facts and its generated functions. */
export interface CodecParts<T> extends Pick<
  MessageCodec<T>,
  'name' | 'apiKey' | 'type' | 'versions' | 'flexibleVersions' | 'latestVersionUnstable' | 'schema'
> {
  /** Builds a default value. */
  readonly create: (fields?: Partial<T>) => T
  /** The generated size function (no version check). */
  readonly size: (value: T, version: number) => number
  /** The generated write function (no version check). */
  readonly write: (writer: ProtocolWriter, value: T, version: number) => void
  /** The generated read function (no version check). */
  readonly read: (reader: ProtocolReader, version: number) => T
}

/**
 * Wraps generated functions into a {@link MessageCodec} that checks the version first.
 * @param parts - the generated functions and the message's facts
 * @returns the codec
 */
export function defineCodec<T>(parts: CodecParts<T>): MessageCodec<T> {
  const [lowest, highest] = parts.versions
  const check = (version: number): void => {
    if (!Number.isInteger(version) || version < lowest || version > highest) {
      throw unsupportedVersion(`${parts.name} has no version ${String(version)} (valid: ${lowest}-${highest})`)
    }
  }
  return Object.freeze({
    name: parts.name,
    apiKey: parts.apiKey,
    type: parts.type,
    versions: parts.versions,
    flexibleVersions: parts.flexibleVersions,
    latestVersionUnstable: parts.latestVersionUnstable,
    schema: parts.schema,
    create: parts.create,
    size(value: T, version: number): number {
      check(version)
      return parts.size(value, version)
    },
    write(writer: ProtocolWriter, value: T, version: number): void {
      check(version)
      parts.write(writer, value, version)
    },
    read(reader: ProtocolReader, version: number): T {
      check(version)
      return parts.read(reader, version)
    },
    encode(value: T, version: number): Buffer {
      check(version)
      const writer = new ProtocolWriter(parts.size(value, version))
      parts.write(writer, value, version)
      return writer.finish()
    },
    decode(buf: Buffer, version: number): T {
      check(version)
      return parts.read(new ProtocolReader(buf), version)
    },
  })
}
