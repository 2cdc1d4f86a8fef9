/**
 * ResponseHeader: generated from vendor/kafka-messages/ResponseHeader.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-1; flexible versions 1+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfRawTaggedFields, sizeOfUvarint } from '../writer.js'

/** ResponseHeader, versions 0-1. */
export interface ResponseHeader {
  /** The correlation ID of this response. (versions 0+) */
  correlationId: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link ResponseHeader} with every field at its default, overridden by `fields`. */
export function createResponseHeader(fields: Partial<ResponseHeader> = {}): ResponseHeader {
  return { correlationId: 0, ...fields }
}

function sizeResponseHeader(v: ResponseHeader, version: number): number {
  const flexible = version >= 1
  let size = 0
  size += 4
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'ResponseHeader')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'ResponseHeader')
  }
  return size
}

function writeResponseHeader(w: ProtocolWriter, v: ResponseHeader, version: number): void {
  const flexible = version >= 1
  w.int32(v.correlationId, 'ResponseHeader.correlationId')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readResponseHeader(r: ProtocolReader, version: number): ResponseHeader {
  const flexible = version >= 1
  const f_correlationId: number = r.int32('ResponseHeader.correlationId')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('ResponseHeader')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('ResponseHeader')
      const end = r.taggedFieldEnd('ResponseHeader')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ResponseHeader'))
      }
    }
  }
  const value: ResponseHeader = { correlationId: f_correlationId }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const ResponseHeaderSchema: StructSchema = {
  name: 'ResponseHeader',
  versions: [0, 1],
  fields: [
    {
      name: 'correlationId',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createResponseHeader(),
}

/** The ResponseHeader codec: versions 0-1. */
export const ResponseHeaderCodec: MessageCodec<ResponseHeader> = defineCodec<ResponseHeader>({
  name: 'ResponseHeader',
  apiKey: -1,
  type: 'header',
  versions: [0, 1],
  flexibleVersions: [1, 32767],
  latestVersionUnstable: false,
  schema: ResponseHeaderSchema,
  create: createResponseHeader,
  size: sizeResponseHeader,
  write: writeResponseHeader,
  read: readResponseHeader,
})
