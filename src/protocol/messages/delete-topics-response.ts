/**
 * DeleteTopicsResponse (API key 20): generated from vendor/kafka-messages/DeleteTopicsResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 1-6; flexible versions 4+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** DeleteTopicsResponse, versions 1-6. */
export interface DeleteTopicsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 1+; ignorable) */
  throttleTimeMs: number
  /** The results for each topic we tried to delete. (versions 0+) */
  responses: DeletableTopicResult[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** DeletableTopicResult, inside DeleteTopicsResponse (versions 1-6). */
export interface DeletableTopicResult {
  /** The topic name. (versions 0+; nullable 6+) */
  name: string | null
  /** The unique topic ID. (versions 6+; ignorable) */
  topicId: string
  /** The deletion error, or 0 if the deletion succeeded. (versions 0+) */
  errorCode: number
  /** The error message, or null if there was no error. (versions 5+; nullable 5+; default null; ignorable) */
  errorMessage: string | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link DeleteTopicsResponse} with every field at its default, overridden by `fields`. */
export function createDeleteTopicsResponse(fields: Partial<DeleteTopicsResponse> = {}): DeleteTopicsResponse {
  return { throttleTimeMs: 0, responses: [], ...fields }
}

/** A new {@link DeletableTopicResult} with every field at its default, overridden by `fields`. */
export function createDeletableTopicResult(fields: Partial<DeletableTopicResult> = {}): DeletableTopicResult {
  return { name: '', topicId: 'AAAAAAAAAAAAAAAAAAAAAA', errorCode: 0, errorMessage: null, ...fields }
}

function sizeDeletableTopicResult(v: DeletableTopicResult, version: number): number {
  const flexible = version >= 4
  let size = 0
  size += sizeOfString(v.name, version >= 4, version >= 6, 'DeleteTopicsResponse.responses[].name')
  if (version >= 6) {
    size += 16
  }
  size += 2
  if (version >= 5) {
    size += sizeOfString(v.errorMessage, true, true, 'DeleteTopicsResponse.responses[].errorMessage')
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DeleteTopicsResponse.responses[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DeleteTopicsResponse.responses[]')
  }
  return size
}

function writeDeletableTopicResult(w: ProtocolWriter, v: DeletableTopicResult, version: number): void {
  const flexible = version >= 4
  w.string(v.name, version >= 4)
  if (version >= 6) {
    w.uuid(v.topicId, 'DeleteTopicsResponse.responses[].topicId')
  }
  w.int16(v.errorCode, 'DeleteTopicsResponse.responses[].errorCode')
  if (version >= 5) {
    w.string(v.errorMessage, true)
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDeletableTopicResult(r: ProtocolReader, version: number): DeletableTopicResult {
  const flexible = version >= 4
  const f_name: string | null =
    version >= 6
      ? r.nullableString('DeleteTopicsResponse.responses[].name', version >= 4)
      : r.string('DeleteTopicsResponse.responses[].name', version >= 4)
  let f_topicId: string = 'AAAAAAAAAAAAAAAAAAAAAA'
  if (version >= 6) {
    f_topicId = r.uuid('DeleteTopicsResponse.responses[].topicId')
  }
  const f_errorCode: number = r.int16('DeleteTopicsResponse.responses[].errorCode')
  let f_errorMessage: string | null = null
  if (version >= 5) {
    f_errorMessage = r.nullableString('DeleteTopicsResponse.responses[].errorMessage', true)
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DeleteTopicsResponse.responses[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DeleteTopicsResponse.responses[]')
      const end = r.taggedFieldEnd('DeleteTopicsResponse.responses[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DeleteTopicsResponse.responses[]'))
      }
    }
  }
  const value: DeletableTopicResult = { name: f_name, topicId: f_topicId, errorCode: f_errorCode, errorMessage: f_errorMessage }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDeleteTopicsResponse(v: DeleteTopicsResponse, version: number): number {
  const flexible = version >= 4
  let size = 0
  size += 4
  size += sizeOfArrayLength(v.responses, version >= 4, false, 'DeleteTopicsResponse.responses')
  for (const e of v.responses) size += sizeDeletableTopicResult(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DeleteTopicsResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DeleteTopicsResponse')
  }
  return size
}

function writeDeleteTopicsResponse(w: ProtocolWriter, v: DeleteTopicsResponse, version: number): void {
  const flexible = version >= 4
  w.int32(v.throttleTimeMs, 'DeleteTopicsResponse.throttleTimeMs')
  w.arrayLength(v.responses, version >= 4)
  for (const e of v.responses) writeDeletableTopicResult(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDeleteTopicsResponse(r: ProtocolReader, version: number): DeleteTopicsResponse {
  const flexible = version >= 4
  const f_throttleTimeMs: number = r.int32('DeleteTopicsResponse.throttleTimeMs')
  let f_responses: DeletableTopicResult[]
  {
    const n = r.arrayLength('DeleteTopicsResponse.responses', version >= 4, false, 4)
    const a: DeletableTopicResult[] = []
    for (let i = 0; i < n; i++) a.push(readDeletableTopicResult(r, version))
    f_responses = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DeleteTopicsResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DeleteTopicsResponse')
      const end = r.taggedFieldEnd('DeleteTopicsResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DeleteTopicsResponse'))
      }
    }
  }
  const value: DeleteTopicsResponse = { throttleTimeMs: f_throttleTimeMs, responses: f_responses }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const DeletableTopicResultSchema: StructSchema = {
  name: 'DeletableTopicResult',
  versions: [1, 6],
  fields: [
    {
      name: 'name',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: [6, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'topicId',
      type: 'uuid',
      versions: [6, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
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
      versions: [5, 32767],
      nullableVersions: [5, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: 'null',
    },
  ],
  create: () => createDeletableTopicResult(),
}

const DeleteTopicsResponseSchema: StructSchema = {
  name: 'DeleteTopicsResponse',
  versions: [1, 6],
  fields: [
    {
      name: 'throttleTimeMs',
      type: 'int32',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'responses',
      type: 'array',
      element: DeletableTopicResultSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDeleteTopicsResponse(),
}

/** The DeleteTopicsResponse codec: versions 1-6. */
export const DeleteTopicsResponseCodec: MessageCodec<DeleteTopicsResponse> = defineCodec<DeleteTopicsResponse>({
  name: 'DeleteTopicsResponse',
  apiKey: 20,
  type: 'response',
  versions: [1, 6],
  flexibleVersions: [4, 32767],
  latestVersionUnstable: false,
  schema: DeleteTopicsResponseSchema,
  create: createDeleteTopicsResponse,
  size: sizeDeleteTopicsResponse,
  write: writeDeleteTopicsResponse,
  read: readDeleteTopicsResponse,
})
