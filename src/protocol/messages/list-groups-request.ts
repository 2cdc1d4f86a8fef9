/**
 * ListGroupsRequest (API key 16): generated from vendor/kafka-messages/ListGroupsRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-5; flexible versions 3+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** ListGroupsRequest, versions 0-5. */
export interface ListGroupsRequest {
  /** The states of the groups we want to list. If empty, all groups are returned with their state. (versions 4+) */
  statesFilter: string[]
  /** The types of the groups we want to list. If empty, all groups are returned with their type. (versions 5+) */
  typesFilter: string[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link ListGroupsRequest} with every field at its default, overridden by `fields`. */
export function createListGroupsRequest(fields: Partial<ListGroupsRequest> = {}): ListGroupsRequest {
  return { statesFilter: [], typesFilter: [], ...fields }
}

function sizeListGroupsRequest(v: ListGroupsRequest, version: number): number {
  const flexible = version >= 3
  let size = 0
  if (version >= 4) {
    size += sizeOfArrayLength(v.statesFilter, true, false, 'ListGroupsRequest.statesFilter')
    for (const e of v.statesFilter) size += sizeOfString(e, true, false, 'ListGroupsRequest.statesFilter[]')
  }
  if (!(version >= 4)) {
    if (v.statesFilter.length !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'ListGroupsRequest.statesFilter')
  }
  if (version >= 5) {
    size += sizeOfArrayLength(v.typesFilter, true, false, 'ListGroupsRequest.typesFilter')
    for (const e of v.typesFilter) size += sizeOfString(e, true, false, 'ListGroupsRequest.typesFilter[]')
  }
  if (!(version >= 5)) {
    if (v.typesFilter.length !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'ListGroupsRequest.typesFilter')
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'ListGroupsRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'ListGroupsRequest')
  }
  return size
}

function writeListGroupsRequest(w: ProtocolWriter, v: ListGroupsRequest, version: number): void {
  const flexible = version >= 3
  if (version >= 4) {
    w.arrayLength(v.statesFilter, true)
    for (const e of v.statesFilter) w.string(e, true)
  }
  if (version >= 5) {
    w.arrayLength(v.typesFilter, true)
    for (const e of v.typesFilter) w.string(e, true)
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readListGroupsRequest(r: ProtocolReader, version: number): ListGroupsRequest {
  const flexible = version >= 3
  let f_statesFilter: string[] = []
  if (version >= 4) {
    {
      const n = r.arrayLength('ListGroupsRequest.statesFilter', true, false, 1)
      const a: string[] = []
      for (let i = 0; i < n; i++) a.push(r.string('ListGroupsRequest.statesFilter[]', true))
      f_statesFilter = a
    }
  }
  let f_typesFilter: string[] = []
  if (version >= 5) {
    {
      const n = r.arrayLength('ListGroupsRequest.typesFilter', true, false, 1)
      const a: string[] = []
      for (let i = 0; i < n; i++) a.push(r.string('ListGroupsRequest.typesFilter[]', true))
      f_typesFilter = a
    }
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('ListGroupsRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('ListGroupsRequest')
      const end = r.taggedFieldEnd('ListGroupsRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ListGroupsRequest'))
      }
    }
  }
  const value: ListGroupsRequest = { statesFilter: f_statesFilter, typesFilter: f_typesFilter }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const ListGroupsRequestSchema: StructSchema = {
  name: 'ListGroupsRequest',
  versions: [0, 5],
  fields: [
    {
      name: 'statesFilter',
      type: 'array',
      element: 'string',
      versions: [4, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'typesFilter',
      type: 'array',
      element: 'string',
      versions: [5, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createListGroupsRequest(),
}

/** The ListGroupsRequest codec: versions 0-5. */
export const ListGroupsRequestCodec: MessageCodec<ListGroupsRequest> = defineCodec<ListGroupsRequest>({
  name: 'ListGroupsRequest',
  apiKey: 16,
  type: 'request',
  versions: [0, 5],
  flexibleVersions: [3, 32767],
  latestVersionUnstable: false,
  schema: ListGroupsRequestSchema,
  create: createListGroupsRequest,
  size: sizeListGroupsRequest,
  write: writeListGroupsRequest,
  read: readListGroupsRequest,
})
