/**
 * CreatePartitionsResponse (API key 37): generated from vendor/kafka-messages/CreatePartitionsResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-3; flexible versions 2+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** CreatePartitionsResponse, versions 0-3. */
export interface CreatePartitionsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 0+) */
  throttleTimeMs: number
  /** The partition creation results for each topic. (versions 0+) */
  results: CreatePartitionsTopicResult[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** CreatePartitionsTopicResult, inside CreatePartitionsResponse (versions 0-3). */
export interface CreatePartitionsTopicResult {
  /** The topic name. (versions 0+) */
  name: string
  /** The result error, or zero if there was no error. (versions 0+) */
  errorCode: number
  /** The result message, or null if there was no error. (versions 0+; nullable 0+; default null) */
  errorMessage: string | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link CreatePartitionsResponse} with every field at its default, overridden by `fields`. */
export function createCreatePartitionsResponse(fields: Partial<CreatePartitionsResponse> = {}): CreatePartitionsResponse {
  return { throttleTimeMs: 0, results: [], ...fields }
}

/** A new {@link CreatePartitionsTopicResult} with every field at its default, overridden by `fields`. */
export function createCreatePartitionsTopicResult(fields: Partial<CreatePartitionsTopicResult> = {}): CreatePartitionsTopicResult {
  return { name: '', errorCode: 0, errorMessage: null, ...fields }
}

function sizeCreatePartitionsTopicResult(v: CreatePartitionsTopicResult, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += sizeOfString(v.name, version >= 2, false, 'CreatePartitionsResponse.results[].name')
  size += 2
  size += sizeOfString(v.errorMessage, version >= 2, true, 'CreatePartitionsResponse.results[].errorMessage')
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'CreatePartitionsResponse.results[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'CreatePartitionsResponse.results[]')
  }
  return size
}

function writeCreatePartitionsTopicResult(w: ProtocolWriter, v: CreatePartitionsTopicResult, version: number): void {
  const flexible = version >= 2
  w.string(v.name, version >= 2)
  w.int16(v.errorCode, 'CreatePartitionsResponse.results[].errorCode')
  w.string(v.errorMessage, version >= 2)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readCreatePartitionsTopicResult(r: ProtocolReader, version: number): CreatePartitionsTopicResult {
  const flexible = version >= 2
  const f_name: string = r.string('CreatePartitionsResponse.results[].name', version >= 2)
  const f_errorCode: number = r.int16('CreatePartitionsResponse.results[].errorCode')
  const f_errorMessage: string | null = r.nullableString('CreatePartitionsResponse.results[].errorMessage', version >= 2)
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('CreatePartitionsResponse.results[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('CreatePartitionsResponse.results[]')
      const end = r.taggedFieldEnd('CreatePartitionsResponse.results[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'CreatePartitionsResponse.results[]'))
      }
    }
  }
  const value: CreatePartitionsTopicResult = { name: f_name, errorCode: f_errorCode, errorMessage: f_errorMessage }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeCreatePartitionsResponse(v: CreatePartitionsResponse, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += 4
  size += sizeOfArrayLength(v.results, version >= 2, false, 'CreatePartitionsResponse.results')
  for (const e of v.results) size += sizeCreatePartitionsTopicResult(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'CreatePartitionsResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'CreatePartitionsResponse')
  }
  return size
}

function writeCreatePartitionsResponse(w: ProtocolWriter, v: CreatePartitionsResponse, version: number): void {
  const flexible = version >= 2
  w.int32(v.throttleTimeMs, 'CreatePartitionsResponse.throttleTimeMs')
  w.arrayLength(v.results, version >= 2)
  for (const e of v.results) writeCreatePartitionsTopicResult(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readCreatePartitionsResponse(r: ProtocolReader, version: number): CreatePartitionsResponse {
  const flexible = version >= 2
  const f_throttleTimeMs: number = r.int32('CreatePartitionsResponse.throttleTimeMs')
  let f_results: CreatePartitionsTopicResult[]
  {
    const n = r.arrayLength('CreatePartitionsResponse.results', version >= 2, false, 5)
    const a: CreatePartitionsTopicResult[] = []
    for (let i = 0; i < n; i++) a.push(readCreatePartitionsTopicResult(r, version))
    f_results = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('CreatePartitionsResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('CreatePartitionsResponse')
      const end = r.taggedFieldEnd('CreatePartitionsResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'CreatePartitionsResponse'))
      }
    }
  }
  const value: CreatePartitionsResponse = { throttleTimeMs: f_throttleTimeMs, results: f_results }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const CreatePartitionsTopicResultSchema: StructSchema = {
  name: 'CreatePartitionsTopicResult',
  versions: [0, 3],
  fields: [
    {
      name: 'name',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
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
      default: 'null',
    },
  ],
  create: () => createCreatePartitionsTopicResult(),
}

const CreatePartitionsResponseSchema: StructSchema = {
  name: 'CreatePartitionsResponse',
  versions: [0, 3],
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
      name: 'results',
      type: 'array',
      element: CreatePartitionsTopicResultSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createCreatePartitionsResponse(),
}

/** The CreatePartitionsResponse codec: versions 0-3. */
export const CreatePartitionsResponseCodec: MessageCodec<CreatePartitionsResponse> = defineCodec<CreatePartitionsResponse>({
  name: 'CreatePartitionsResponse',
  apiKey: 37,
  type: 'response',
  versions: [0, 3],
  flexibleVersions: [2, 32767],
  latestVersionUnstable: false,
  schema: CreatePartitionsResponseSchema,
  create: createCreatePartitionsResponse,
  size: sizeCreatePartitionsResponse,
  write: writeCreatePartitionsResponse,
  read: readCreatePartitionsResponse,
})
