/**
 * ListGroupsResponse (API key 16): generated from vendor/kafka-messages/ListGroupsResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-5; flexible versions 3+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** ListGroupsResponse, versions 0-5. */
export interface ListGroupsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 1+; ignorable) */
  throttleTimeMs: number
  /** The error code, or 0 if there was no error. (versions 0+) */
  errorCode: number
  /** Each group in the response. (versions 0+) */
  groups: ListedGroup[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** ListedGroup, inside ListGroupsResponse (versions 0-5). */
export interface ListedGroup {
  /** The group ID. (versions 0+) */
  groupId: string
  /** The group protocol type. (versions 0+) */
  protocolType: string
  /** The group state name. (versions 4+; ignorable) */
  groupState: string
  /** The group type name. (versions 5+; ignorable) */
  groupType: string
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link ListGroupsResponse} with every field at its default, overridden by `fields`. */
export function createListGroupsResponse(fields: Partial<ListGroupsResponse> = {}): ListGroupsResponse {
  return { throttleTimeMs: 0, errorCode: 0, groups: [], ...fields }
}

/** A new {@link ListedGroup} with every field at its default, overridden by `fields`. */
export function createListedGroup(fields: Partial<ListedGroup> = {}): ListedGroup {
  return { groupId: '', protocolType: '', groupState: '', groupType: '', ...fields }
}

function sizeListedGroup(v: ListedGroup, version: number): number {
  const flexible = version >= 3
  let size = 0
  size += sizeOfString(v.groupId, version >= 3, false, 'ListGroupsResponse.groups[].groupId')
  size += sizeOfString(v.protocolType, version >= 3, false, 'ListGroupsResponse.groups[].protocolType')
  if (version >= 4) {
    size += sizeOfString(v.groupState, true, false, 'ListGroupsResponse.groups[].groupState')
  }
  if (version >= 5) {
    size += sizeOfString(v.groupType, true, false, 'ListGroupsResponse.groups[].groupType')
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'ListGroupsResponse.groups[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'ListGroupsResponse.groups[]')
  }
  return size
}

function writeListedGroup(w: ProtocolWriter, v: ListedGroup, version: number): void {
  const flexible = version >= 3
  w.string(v.groupId, version >= 3)
  w.string(v.protocolType, version >= 3)
  if (version >= 4) {
    w.string(v.groupState, true)
  }
  if (version >= 5) {
    w.string(v.groupType, true)
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readListedGroup(r: ProtocolReader, version: number): ListedGroup {
  const flexible = version >= 3
  const f_groupId: string = r.string('ListGroupsResponse.groups[].groupId', version >= 3)
  const f_protocolType: string = r.string('ListGroupsResponse.groups[].protocolType', version >= 3)
  let f_groupState: string = ''
  if (version >= 4) {
    f_groupState = r.string('ListGroupsResponse.groups[].groupState', true)
  }
  let f_groupType: string = ''
  if (version >= 5) {
    f_groupType = r.string('ListGroupsResponse.groups[].groupType', true)
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('ListGroupsResponse.groups[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('ListGroupsResponse.groups[]')
      const end = r.taggedFieldEnd('ListGroupsResponse.groups[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ListGroupsResponse.groups[]'))
      }
    }
  }
  const value: ListedGroup = { groupId: f_groupId, protocolType: f_protocolType, groupState: f_groupState, groupType: f_groupType }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeListGroupsResponse(v: ListGroupsResponse, version: number): number {
  const flexible = version >= 3
  let size = 0
  if (version >= 1) {
    size += 4
  }
  size += 2
  size += sizeOfArrayLength(v.groups, version >= 3, false, 'ListGroupsResponse.groups')
  for (const e of v.groups) size += sizeListedGroup(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'ListGroupsResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'ListGroupsResponse')
  }
  return size
}

function writeListGroupsResponse(w: ProtocolWriter, v: ListGroupsResponse, version: number): void {
  const flexible = version >= 3
  if (version >= 1) {
    w.int32(v.throttleTimeMs, 'ListGroupsResponse.throttleTimeMs')
  }
  w.int16(v.errorCode, 'ListGroupsResponse.errorCode')
  w.arrayLength(v.groups, version >= 3)
  for (const e of v.groups) writeListedGroup(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readListGroupsResponse(r: ProtocolReader, version: number): ListGroupsResponse {
  const flexible = version >= 3
  let f_throttleTimeMs: number = 0
  if (version >= 1) {
    f_throttleTimeMs = r.int32('ListGroupsResponse.throttleTimeMs')
  }
  const f_errorCode: number = r.int16('ListGroupsResponse.errorCode')
  let f_groups: ListedGroup[]
  {
    const n = r.arrayLength('ListGroupsResponse.groups', version >= 3, false, 3)
    const a: ListedGroup[] = []
    for (let i = 0; i < n; i++) a.push(readListedGroup(r, version))
    f_groups = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('ListGroupsResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('ListGroupsResponse')
      const end = r.taggedFieldEnd('ListGroupsResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ListGroupsResponse'))
      }
    }
  }
  const value: ListGroupsResponse = { throttleTimeMs: f_throttleTimeMs, errorCode: f_errorCode, groups: f_groups }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const ListedGroupSchema: StructSchema = {
  name: 'ListedGroup',
  versions: [0, 5],
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
      name: 'protocolType',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'groupState',
      type: 'string',
      versions: [4, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'groupType',
      type: 'string',
      versions: [5, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
  ],
  create: () => createListedGroup(),
}

const ListGroupsResponseSchema: StructSchema = {
  name: 'ListGroupsResponse',
  versions: [0, 5],
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
      name: 'groups',
      type: 'array',
      element: ListedGroupSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createListGroupsResponse(),
}

/** The ListGroupsResponse codec: versions 0-5. */
export const ListGroupsResponseCodec: MessageCodec<ListGroupsResponse> = defineCodec<ListGroupsResponse>({
  name: 'ListGroupsResponse',
  apiKey: 16,
  type: 'response',
  versions: [0, 5],
  flexibleVersions: [3, 32767],
  latestVersionUnstable: false,
  schema: ListGroupsResponseSchema,
  create: createListGroupsResponse,
  size: sizeListGroupsResponse,
  write: writeListGroupsResponse,
  read: readListGroupsResponse,
})
