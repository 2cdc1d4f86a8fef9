/**
 * ApiVersionsRequest (API key 18): generated from vendor/kafka-messages/ApiVersionsRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-4; flexible versions 3+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** ApiVersionsRequest, versions 0-4. */
export interface ApiVersionsRequest {
  /** The name of the client. (versions 3+; ignorable) */
  clientSoftwareName: string
  /** The version of the client. (versions 3+; ignorable) */
  clientSoftwareVersion: string
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link ApiVersionsRequest} with every field at its default, overridden by `fields`. */
export function createApiVersionsRequest(fields: Partial<ApiVersionsRequest> = {}): ApiVersionsRequest {
  return { clientSoftwareName: '', clientSoftwareVersion: '', ...fields }
}

function sizeApiVersionsRequest(v: ApiVersionsRequest, version: number): number {
  const flexible = version >= 3
  let size = 0
  if (version >= 3) {
    size += sizeOfString(v.clientSoftwareName, true, false, 'ApiVersionsRequest.clientSoftwareName')
  }
  if (version >= 3) {
    size += sizeOfString(v.clientSoftwareVersion, true, false, 'ApiVersionsRequest.clientSoftwareVersion')
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'ApiVersionsRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'ApiVersionsRequest')
  }
  return size
}

function writeApiVersionsRequest(w: ProtocolWriter, v: ApiVersionsRequest, version: number): void {
  const flexible = version >= 3
  if (version >= 3) {
    w.string(v.clientSoftwareName, true)
  }
  if (version >= 3) {
    w.string(v.clientSoftwareVersion, true)
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readApiVersionsRequest(r: ProtocolReader, version: number): ApiVersionsRequest {
  const flexible = version >= 3
  let f_clientSoftwareName: string = ''
  if (version >= 3) {
    f_clientSoftwareName = r.string('ApiVersionsRequest.clientSoftwareName', true)
  }
  let f_clientSoftwareVersion: string = ''
  if (version >= 3) {
    f_clientSoftwareVersion = r.string('ApiVersionsRequest.clientSoftwareVersion', true)
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('ApiVersionsRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('ApiVersionsRequest')
      const end = r.taggedFieldEnd('ApiVersionsRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ApiVersionsRequest'))
      }
    }
  }
  const value: ApiVersionsRequest = { clientSoftwareName: f_clientSoftwareName, clientSoftwareVersion: f_clientSoftwareVersion }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const ApiVersionsRequestSchema: StructSchema = {
  name: 'ApiVersionsRequest',
  versions: [0, 4],
  fields: [
    {
      name: 'clientSoftwareName',
      type: 'string',
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'clientSoftwareVersion',
      type: 'string',
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
  ],
  create: () => createApiVersionsRequest(),
}

/** The ApiVersionsRequest codec: versions 0-4. */
export const ApiVersionsRequestCodec: MessageCodec<ApiVersionsRequest> = defineCodec<ApiVersionsRequest>({
  name: 'ApiVersionsRequest',
  apiKey: 18,
  type: 'request',
  versions: [0, 4],
  flexibleVersions: [3, 32767],
  latestVersionUnstable: false,
  schema: ApiVersionsRequestSchema,
  create: createApiVersionsRequest,
  size: sizeApiVersionsRequest,
  write: writeApiVersionsRequest,
  read: readApiVersionsRequest,
})
