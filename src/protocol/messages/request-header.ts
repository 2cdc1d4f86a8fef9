/**
 * RequestHeader: generated from vendor/kafka-messages/RequestHeader.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 1-2; flexible versions 2+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** RequestHeader, versions 1-2. */
export interface RequestHeader {
  /** The API key of this request. (versions 0+) */
  requestApiKey: number
  /** The API version of this request. (versions 0+) */
  requestApiVersion: number
  /** The correlation ID of this request. (versions 0+) */
  correlationId: number
  /** The client ID string. (versions 1+; nullable 1+) */
  clientId: string | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link RequestHeader} with every field at its default, overridden by `fields`. */
export function createRequestHeader(fields: Partial<RequestHeader> = {}): RequestHeader {
  return { requestApiKey: 0, requestApiVersion: 0, correlationId: 0, clientId: '', ...fields }
}

function sizeRequestHeader(v: RequestHeader, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += 2
  size += 2
  size += 4
  size += sizeOfString(v.clientId, false, true, 'RequestHeader.clientId')
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'RequestHeader')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'RequestHeader')
  }
  return size
}

function writeRequestHeader(w: ProtocolWriter, v: RequestHeader, version: number): void {
  const flexible = version >= 2
  w.int16(v.requestApiKey, 'RequestHeader.requestApiKey')
  w.int16(v.requestApiVersion, 'RequestHeader.requestApiVersion')
  w.int32(v.correlationId, 'RequestHeader.correlationId')
  w.string(v.clientId, false)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readRequestHeader(r: ProtocolReader, version: number): RequestHeader {
  const flexible = version >= 2
  const f_requestApiKey: number = r.int16('RequestHeader.requestApiKey')
  const f_requestApiVersion: number = r.int16('RequestHeader.requestApiVersion')
  const f_correlationId: number = r.int32('RequestHeader.correlationId')
  const f_clientId: string | null = r.nullableString('RequestHeader.clientId', false)
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('RequestHeader')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('RequestHeader')
      const end = r.taggedFieldEnd('RequestHeader')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'RequestHeader'))
      }
    }
  }
  const value: RequestHeader = {
    requestApiKey: f_requestApiKey,
    requestApiVersion: f_requestApiVersion,
    correlationId: f_correlationId,
    clientId: f_clientId,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const RequestHeaderSchema: StructSchema = {
  name: 'RequestHeader',
  versions: [1, 2],
  fields: [
    {
      name: 'requestApiKey',
      type: 'int16',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'requestApiVersion',
      type: 'int16',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
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
    {
      name: 'clientId',
      type: 'string',
      versions: [1, 32767],
      nullableVersions: [1, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      flexibleVersions: null,
      default: '',
    },
  ],
  create: () => createRequestHeader(),
}

/** The RequestHeader codec: versions 1-2. */
export const RequestHeaderCodec: MessageCodec<RequestHeader> = defineCodec<RequestHeader>({
  name: 'RequestHeader',
  apiKey: -1,
  type: 'header',
  versions: [1, 2],
  flexibleVersions: [2, 32767],
  latestVersionUnstable: false,
  schema: RequestHeaderSchema,
  create: createRequestHeader,
  size: sizeRequestHeader,
  write: writeRequestHeader,
  read: readRequestHeader,
})
