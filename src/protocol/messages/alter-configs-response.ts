/**
 * AlterConfigsResponse (API key 33): generated from vendor/kafka-messages/AlterConfigsResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-2; flexible versions 2+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** AlterConfigsResponse, versions 0-2. */
export interface AlterConfigsResponse {
  /** Duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 0+) */
  throttleTimeMs: number
  /** The responses for each resource. (versions 0+) */
  responses: AlterConfigsResourceResponse[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** AlterConfigsResourceResponse, inside AlterConfigsResponse (versions 0-2). */
export interface AlterConfigsResourceResponse {
  /** The resource error code. (versions 0+) */
  errorCode: number
  /** The resource error message, or null if there was no error. (versions 0+; nullable 0+) */
  errorMessage: string | null
  /** The resource type. (versions 0+) */
  resourceType: number
  /** The resource name. (versions 0+) */
  resourceName: string
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link AlterConfigsResponse} with every field at its default, overridden by `fields`. */
export function createAlterConfigsResponse(fields: Partial<AlterConfigsResponse> = {}): AlterConfigsResponse {
  return { throttleTimeMs: 0, responses: [], ...fields }
}

/** A new {@link AlterConfigsResourceResponse} with every field at its default, overridden by `fields`. */
export function createAlterConfigsResourceResponse(fields: Partial<AlterConfigsResourceResponse> = {}): AlterConfigsResourceResponse {
  return { errorCode: 0, errorMessage: '', resourceType: 0, resourceName: '', ...fields }
}

function sizeAlterConfigsResourceResponse(v: AlterConfigsResourceResponse, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += 2
  size += sizeOfString(v.errorMessage, version >= 2, true, 'AlterConfigsResponse.responses[].errorMessage')
  size += 1
  size += sizeOfString(v.resourceName, version >= 2, false, 'AlterConfigsResponse.responses[].resourceName')
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'AlterConfigsResponse.responses[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'AlterConfigsResponse.responses[]')
  }
  return size
}

function writeAlterConfigsResourceResponse(w: ProtocolWriter, v: AlterConfigsResourceResponse, version: number): void {
  const flexible = version >= 2
  w.int16(v.errorCode, 'AlterConfigsResponse.responses[].errorCode')
  w.string(v.errorMessage, version >= 2)
  w.int8(v.resourceType, 'AlterConfigsResponse.responses[].resourceType')
  w.string(v.resourceName, version >= 2)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readAlterConfigsResourceResponse(r: ProtocolReader, version: number): AlterConfigsResourceResponse {
  const flexible = version >= 2
  const f_errorCode: number = r.int16('AlterConfigsResponse.responses[].errorCode')
  const f_errorMessage: string | null = r.nullableString('AlterConfigsResponse.responses[].errorMessage', version >= 2)
  const f_resourceType: number = r.int8('AlterConfigsResponse.responses[].resourceType')
  const f_resourceName: string = r.string('AlterConfigsResponse.responses[].resourceName', version >= 2)
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('AlterConfigsResponse.responses[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('AlterConfigsResponse.responses[]')
      const end = r.taggedFieldEnd('AlterConfigsResponse.responses[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'AlterConfigsResponse.responses[]'))
      }
    }
  }
  const value: AlterConfigsResourceResponse = {
    errorCode: f_errorCode,
    errorMessage: f_errorMessage,
    resourceType: f_resourceType,
    resourceName: f_resourceName,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeAlterConfigsResponse(v: AlterConfigsResponse, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += 4
  size += sizeOfArrayLength(v.responses, version >= 2, false, 'AlterConfigsResponse.responses')
  for (const e of v.responses) size += sizeAlterConfigsResourceResponse(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'AlterConfigsResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'AlterConfigsResponse')
  }
  return size
}

function writeAlterConfigsResponse(w: ProtocolWriter, v: AlterConfigsResponse, version: number): void {
  const flexible = version >= 2
  w.int32(v.throttleTimeMs, 'AlterConfigsResponse.throttleTimeMs')
  w.arrayLength(v.responses, version >= 2)
  for (const e of v.responses) writeAlterConfigsResourceResponse(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readAlterConfigsResponse(r: ProtocolReader, version: number): AlterConfigsResponse {
  const flexible = version >= 2
  const f_throttleTimeMs: number = r.int32('AlterConfigsResponse.throttleTimeMs')
  let f_responses: AlterConfigsResourceResponse[]
  {
    const n = r.arrayLength('AlterConfigsResponse.responses', version >= 2, false, 6)
    const a: AlterConfigsResourceResponse[] = []
    for (let i = 0; i < n; i++) a.push(readAlterConfigsResourceResponse(r, version))
    f_responses = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('AlterConfigsResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('AlterConfigsResponse')
      const end = r.taggedFieldEnd('AlterConfigsResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'AlterConfigsResponse'))
      }
    }
  }
  const value: AlterConfigsResponse = { throttleTimeMs: f_throttleTimeMs, responses: f_responses }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const AlterConfigsResourceResponseSchema: StructSchema = {
  name: 'AlterConfigsResourceResponse',
  versions: [0, 2],
  fields: [
    {
      name: 'errorCode',
      type: 'int16',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'errorMessage',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'resourceType',
      type: 'int8',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'resourceName',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createAlterConfigsResourceResponse(),
}

const AlterConfigsResponseSchema: StructSchema = {
  name: 'AlterConfigsResponse',
  versions: [0, 2],
  fields: [
    {
      name: 'throttleTimeMs',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'responses',
      type: 'array',
      element: AlterConfigsResourceResponseSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createAlterConfigsResponse(),
}

/** The AlterConfigsResponse codec: versions 0-2. */
export const AlterConfigsResponseCodec: MessageCodec<AlterConfigsResponse> = defineCodec<AlterConfigsResponse>({
  name: 'AlterConfigsResponse',
  apiKey: 33,
  type: 'response',
  versions: [0, 2],
  flexibleVersions: [2, 32767],
  latestVersionUnstable: false,
  schema: AlterConfigsResponseSchema,
  create: createAlterConfigsResponse,
  size: sizeAlterConfigsResponse,
  write: writeAlterConfigsResponse,
  read: readAlterConfigsResponse,
})
