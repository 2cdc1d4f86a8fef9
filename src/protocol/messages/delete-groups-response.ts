/**
 * DeleteGroupsResponse (API key 42): generated from vendor/kafka-messages/DeleteGroupsResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-2; flexible versions 2+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** DeleteGroupsResponse, versions 0-2. */
export interface DeleteGroupsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 0+) */
  throttleTimeMs: number
  /** The deletion results. (versions 0+) */
  results: DeletableGroupResult[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** DeletableGroupResult, inside DeleteGroupsResponse (versions 0-2). */
export interface DeletableGroupResult {
  /** The group id. (versions 0+) */
  groupId: string
  /** The deletion error, or 0 if the deletion succeeded. (versions 0+) */
  errorCode: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link DeleteGroupsResponse} with every field at its default, overridden by `fields`. */
export function createDeleteGroupsResponse(fields: Partial<DeleteGroupsResponse> = {}): DeleteGroupsResponse {
  return { throttleTimeMs: 0, results: [], ...fields }
}

/** A new {@link DeletableGroupResult} with every field at its default, overridden by `fields`. */
export function createDeletableGroupResult(fields: Partial<DeletableGroupResult> = {}): DeletableGroupResult {
  return { groupId: '', errorCode: 0, ...fields }
}

function sizeDeletableGroupResult(v: DeletableGroupResult, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += sizeOfString(v.groupId, version >= 2, false, 'DeleteGroupsResponse.results[].groupId')
  size += 2
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DeleteGroupsResponse.results[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DeleteGroupsResponse.results[]')
  }
  return size
}

function writeDeletableGroupResult(w: ProtocolWriter, v: DeletableGroupResult, version: number): void {
  const flexible = version >= 2
  w.string(v.groupId, version >= 2)
  w.int16(v.errorCode, 'DeleteGroupsResponse.results[].errorCode')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDeletableGroupResult(r: ProtocolReader, version: number): DeletableGroupResult {
  const flexible = version >= 2
  const f_groupId: string = r.string('DeleteGroupsResponse.results[].groupId', version >= 2)
  const f_errorCode: number = r.int16('DeleteGroupsResponse.results[].errorCode')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DeleteGroupsResponse.results[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DeleteGroupsResponse.results[]')
      const end = r.taggedFieldEnd('DeleteGroupsResponse.results[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DeleteGroupsResponse.results[]'))
      }
    }
  }
  const value: DeletableGroupResult = { groupId: f_groupId, errorCode: f_errorCode }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDeleteGroupsResponse(v: DeleteGroupsResponse, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += 4
  size += sizeOfArrayLength(v.results, version >= 2, false, 'DeleteGroupsResponse.results')
  for (const e of v.results) size += sizeDeletableGroupResult(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DeleteGroupsResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DeleteGroupsResponse')
  }
  return size
}

function writeDeleteGroupsResponse(w: ProtocolWriter, v: DeleteGroupsResponse, version: number): void {
  const flexible = version >= 2
  w.int32(v.throttleTimeMs, 'DeleteGroupsResponse.throttleTimeMs')
  w.arrayLength(v.results, version >= 2)
  for (const e of v.results) writeDeletableGroupResult(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDeleteGroupsResponse(r: ProtocolReader, version: number): DeleteGroupsResponse {
  const flexible = version >= 2
  const f_throttleTimeMs: number = r.int32('DeleteGroupsResponse.throttleTimeMs')
  let f_results: DeletableGroupResult[]
  {
    const n = r.arrayLength('DeleteGroupsResponse.results', version >= 2, false, 4)
    const a: DeletableGroupResult[] = []
    for (let i = 0; i < n; i++) a.push(readDeletableGroupResult(r, version))
    f_results = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DeleteGroupsResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DeleteGroupsResponse')
      const end = r.taggedFieldEnd('DeleteGroupsResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DeleteGroupsResponse'))
      }
    }
  }
  const value: DeleteGroupsResponse = { throttleTimeMs: f_throttleTimeMs, results: f_results }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const DeletableGroupResultSchema: StructSchema = {
  name: 'DeletableGroupResult',
  versions: [0, 2],
  fields: [
    {
      name: 'groupId',
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
  ],
  create: () => createDeletableGroupResult(),
}

const DeleteGroupsResponseSchema: StructSchema = {
  name: 'DeleteGroupsResponse',
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
      name: 'results',
      type: 'array',
      element: DeletableGroupResultSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDeleteGroupsResponse(),
}

/** The DeleteGroupsResponse codec: versions 0-2. */
export const DeleteGroupsResponseCodec: MessageCodec<DeleteGroupsResponse> = defineCodec<DeleteGroupsResponse>({
  name: 'DeleteGroupsResponse',
  apiKey: 42,
  type: 'response',
  versions: [0, 2],
  flexibleVersions: [2, 32767],
  latestVersionUnstable: false,
  schema: DeleteGroupsResponseSchema,
  create: createDeleteGroupsResponse,
  size: sizeDeleteGroupsResponse,
  write: writeDeleteGroupsResponse,
  read: readDeleteGroupsResponse,
})
