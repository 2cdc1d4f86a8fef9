/**
 * DeleteGroupsRequest (API key 42): generated from vendor/kafka-messages/DeleteGroupsRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-2; flexible versions 2+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** DeleteGroupsRequest, versions 0-2. */
export interface DeleteGroupsRequest {
  /** The group names to delete. (versions 0+) */
  groupsNames: string[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link DeleteGroupsRequest} with every field at its default, overridden by `fields`. */
export function createDeleteGroupsRequest(fields: Partial<DeleteGroupsRequest> = {}): DeleteGroupsRequest {
  return { groupsNames: [], ...fields }
}

function sizeDeleteGroupsRequest(v: DeleteGroupsRequest, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += sizeOfArrayLength(v.groupsNames, version >= 2, false, 'DeleteGroupsRequest.groupsNames')
  for (const e of v.groupsNames) size += sizeOfString(e, version >= 2, false, 'DeleteGroupsRequest.groupsNames[]')
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DeleteGroupsRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DeleteGroupsRequest')
  }
  return size
}

function writeDeleteGroupsRequest(w: ProtocolWriter, v: DeleteGroupsRequest, version: number): void {
  const flexible = version >= 2
  w.arrayLength(v.groupsNames, version >= 2)
  for (const e of v.groupsNames) w.string(e, version >= 2)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDeleteGroupsRequest(r: ProtocolReader, version: number): DeleteGroupsRequest {
  const flexible = version >= 2
  let f_groupsNames: string[]
  {
    const n = r.arrayLength('DeleteGroupsRequest.groupsNames', version >= 2, false, 1)
    const a: string[] = []
    for (let i = 0; i < n; i++) a.push(r.string('DeleteGroupsRequest.groupsNames[]', version >= 2))
    f_groupsNames = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DeleteGroupsRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DeleteGroupsRequest')
      const end = r.taggedFieldEnd('DeleteGroupsRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DeleteGroupsRequest'))
      }
    }
  }
  const value: DeleteGroupsRequest = { groupsNames: f_groupsNames }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const DeleteGroupsRequestSchema: StructSchema = {
  name: 'DeleteGroupsRequest',
  versions: [0, 2],
  fields: [
    {
      name: 'groupsNames',
      type: 'array',
      element: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDeleteGroupsRequest(),
}

/** The DeleteGroupsRequest codec: versions 0-2. */
export const DeleteGroupsRequestCodec: MessageCodec<DeleteGroupsRequest> = defineCodec<DeleteGroupsRequest>({
  name: 'DeleteGroupsRequest',
  apiKey: 42,
  type: 'request',
  versions: [0, 2],
  flexibleVersions: [2, 32767],
  latestVersionUnstable: false,
  schema: DeleteGroupsRequestSchema,
  create: createDeleteGroupsRequest,
  size: sizeDeleteGroupsRequest,
  write: writeDeleteGroupsRequest,
  read: readDeleteGroupsRequest,
})
