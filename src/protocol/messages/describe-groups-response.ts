/**
 * DescribeGroupsResponse (API key 15): generated from vendor/kafka-messages/DescribeGroupsResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-6; flexible versions 5+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfBytes, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** DescribeGroupsResponse, versions 0-6. */
export interface DescribeGroupsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 1+; ignorable) */
  throttleTimeMs: number
  /** Each described group. (versions 0+) */
  groups: DescribedGroup[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** DescribedGroupMember, inside DescribeGroupsResponse (versions 0-6). */
export interface DescribedGroupMember {
  /** The member id. (versions 0+) */
  memberId: string
  /** The unique identifier of the consumer instance provided by end user. (versions 4+; nullable 4+; default null; ignorable) */
  groupInstanceId: string | null
  /** The client ID used in the member's latest join group request. (versions 0+) */
  clientId: string
  /** The client host. (versions 0+) */
  clientHost: string
  /** The metadata corresponding to the current group protocol in use. (versions 0+) */
  memberMetadata: Buffer
  /** The current assignment provided by the group leader. (versions 0+) */
  memberAssignment: Buffer
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** DescribedGroup, inside DescribeGroupsResponse (versions 0-6). */
export interface DescribedGroup {
  /** The describe error, or 0 if there was no error. (versions 0+) */
  errorCode: number
  /** The describe error message, or null if there was no error. (versions 6+; nullable 6+; default null) */
  errorMessage: string | null
  /** The group ID string. (versions 0+) */
  groupId: string
  /** The group state string, or the empty string. (versions 0+) */
  groupState: string
  /** The group protocol type, or the empty string. (versions 0+) */
  protocolType: string
  /** The group protocol data, or the empty string. (versions 0+) */
  protocolData: string
  /** The group members. (versions 0+) */
  members: DescribedGroupMember[]
  /** 32-bit bitfield to represent authorized operations for this group. (versions 3+; default -2147483648) */
  authorizedOperations: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link DescribeGroupsResponse} with every field at its default, overridden by `fields`. */
export function createDescribeGroupsResponse(fields: Partial<DescribeGroupsResponse> = {}): DescribeGroupsResponse {
  return { throttleTimeMs: 0, groups: [], ...fields }
}

/** A new {@link DescribedGroupMember} with every field at its default, overridden by `fields`. */
export function createDescribedGroupMember(fields: Partial<DescribedGroupMember> = {}): DescribedGroupMember {
  return {
    memberId: '',
    groupInstanceId: null,
    clientId: '',
    clientHost: '',
    memberMetadata: Buffer.alloc(0),
    memberAssignment: Buffer.alloc(0),
    ...fields,
  }
}

/** A new {@link DescribedGroup} with every field at its default, overridden by `fields`. */
export function createDescribedGroup(fields: Partial<DescribedGroup> = {}): DescribedGroup {
  return {
    errorCode: 0,
    errorMessage: null,
    groupId: '',
    groupState: '',
    protocolType: '',
    protocolData: '',
    members: [],
    authorizedOperations: -2147483648,
    ...fields,
  }
}

function sizeDescribedGroupMember(v: DescribedGroupMember, version: number): number {
  const flexible = version >= 5
  let size = 0
  size += sizeOfString(v.memberId, version >= 5, false, 'DescribeGroupsResponse.groups[].members[].memberId')
  if (version >= 4) {
    size += sizeOfString(v.groupInstanceId, version >= 5, true, 'DescribeGroupsResponse.groups[].members[].groupInstanceId')
  }
  size += sizeOfString(v.clientId, version >= 5, false, 'DescribeGroupsResponse.groups[].members[].clientId')
  size += sizeOfString(v.clientHost, version >= 5, false, 'DescribeGroupsResponse.groups[].members[].clientHost')
  size += sizeOfBytes(v.memberMetadata, version >= 5, false, 'DescribeGroupsResponse.groups[].members[].memberMetadata')
  size += sizeOfBytes(v.memberAssignment, version >= 5, false, 'DescribeGroupsResponse.groups[].members[].memberAssignment')
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeGroupsResponse.groups[].members[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeGroupsResponse.groups[].members[]')
  }
  return size
}

function writeDescribedGroupMember(w: ProtocolWriter, v: DescribedGroupMember, version: number): void {
  const flexible = version >= 5
  w.string(v.memberId, version >= 5)
  if (version >= 4) {
    w.string(v.groupInstanceId, version >= 5)
  }
  w.string(v.clientId, version >= 5)
  w.string(v.clientHost, version >= 5)
  w.bytes(v.memberMetadata, version >= 5)
  w.bytes(v.memberAssignment, version >= 5)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDescribedGroupMember(r: ProtocolReader, version: number): DescribedGroupMember {
  const flexible = version >= 5
  const f_memberId: string = r.string('DescribeGroupsResponse.groups[].members[].memberId', version >= 5)
  let f_groupInstanceId: string | null = null
  if (version >= 4) {
    f_groupInstanceId = r.nullableString('DescribeGroupsResponse.groups[].members[].groupInstanceId', version >= 5)
  }
  const f_clientId: string = r.string('DescribeGroupsResponse.groups[].members[].clientId', version >= 5)
  const f_clientHost: string = r.string('DescribeGroupsResponse.groups[].members[].clientHost', version >= 5)
  const f_memberMetadata: Buffer = r.bytes('DescribeGroupsResponse.groups[].members[].memberMetadata', version >= 5, true)
  const f_memberAssignment: Buffer = r.bytes('DescribeGroupsResponse.groups[].members[].memberAssignment', version >= 5, true)
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeGroupsResponse.groups[].members[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeGroupsResponse.groups[].members[]')
      const end = r.taggedFieldEnd('DescribeGroupsResponse.groups[].members[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeGroupsResponse.groups[].members[]'))
      }
    }
  }
  const value: DescribedGroupMember = {
    memberId: f_memberId,
    groupInstanceId: f_groupInstanceId,
    clientId: f_clientId,
    clientHost: f_clientHost,
    memberMetadata: f_memberMetadata,
    memberAssignment: f_memberAssignment,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDescribedGroup(v: DescribedGroup, version: number): number {
  const flexible = version >= 5
  let size = 0
  size += 2
  if (version >= 6) {
    size += sizeOfString(v.errorMessage, true, true, 'DescribeGroupsResponse.groups[].errorMessage')
  }
  if (!(version >= 6)) {
    if (v.errorMessage !== null)
      throw unsupportedVersion(
        `a non-default value at version ${version}, which lacks the field`,
        'DescribeGroupsResponse.groups[].errorMessage',
      )
  }
  size += sizeOfString(v.groupId, version >= 5, false, 'DescribeGroupsResponse.groups[].groupId')
  size += sizeOfString(v.groupState, version >= 5, false, 'DescribeGroupsResponse.groups[].groupState')
  size += sizeOfString(v.protocolType, version >= 5, false, 'DescribeGroupsResponse.groups[].protocolType')
  size += sizeOfString(v.protocolData, version >= 5, false, 'DescribeGroupsResponse.groups[].protocolData')
  size += sizeOfArrayLength(v.members, version >= 5, false, 'DescribeGroupsResponse.groups[].members')
  for (const e of v.members) size += sizeDescribedGroupMember(e, version)
  if (version >= 3) {
    size += 4
  }
  if (!(version >= 3)) {
    if (v.authorizedOperations !== -2147483648)
      throw unsupportedVersion(
        `a non-default value at version ${version}, which lacks the field`,
        'DescribeGroupsResponse.groups[].authorizedOperations',
      )
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeGroupsResponse.groups[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeGroupsResponse.groups[]')
  }
  return size
}

function writeDescribedGroup(w: ProtocolWriter, v: DescribedGroup, version: number): void {
  const flexible = version >= 5
  w.int16(v.errorCode, 'DescribeGroupsResponse.groups[].errorCode')
  if (version >= 6) {
    w.string(v.errorMessage, true)
  }
  w.string(v.groupId, version >= 5)
  w.string(v.groupState, version >= 5)
  w.string(v.protocolType, version >= 5)
  w.string(v.protocolData, version >= 5)
  w.arrayLength(v.members, version >= 5)
  for (const e of v.members) writeDescribedGroupMember(w, e, version)
  if (version >= 3) {
    w.int32(v.authorizedOperations, 'DescribeGroupsResponse.groups[].authorizedOperations')
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDescribedGroup(r: ProtocolReader, version: number): DescribedGroup {
  const flexible = version >= 5
  const f_errorCode: number = r.int16('DescribeGroupsResponse.groups[].errorCode')
  let f_errorMessage: string | null = null
  if (version >= 6) {
    f_errorMessage = r.nullableString('DescribeGroupsResponse.groups[].errorMessage', true)
  }
  const f_groupId: string = r.string('DescribeGroupsResponse.groups[].groupId', version >= 5)
  const f_groupState: string = r.string('DescribeGroupsResponse.groups[].groupState', version >= 5)
  const f_protocolType: string = r.string('DescribeGroupsResponse.groups[].protocolType', version >= 5)
  const f_protocolData: string = r.string('DescribeGroupsResponse.groups[].protocolData', version >= 5)
  let f_members: DescribedGroupMember[]
  {
    const n = r.arrayLength('DescribeGroupsResponse.groups[].members', version >= 5, false, 7)
    const a: DescribedGroupMember[] = []
    for (let i = 0; i < n; i++) a.push(readDescribedGroupMember(r, version))
    f_members = a
  }
  let f_authorizedOperations: number = -2147483648
  if (version >= 3) {
    f_authorizedOperations = r.int32('DescribeGroupsResponse.groups[].authorizedOperations')
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeGroupsResponse.groups[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeGroupsResponse.groups[]')
      const end = r.taggedFieldEnd('DescribeGroupsResponse.groups[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeGroupsResponse.groups[]'))
      }
    }
  }
  const value: DescribedGroup = {
    errorCode: f_errorCode,
    errorMessage: f_errorMessage,
    groupId: f_groupId,
    groupState: f_groupState,
    protocolType: f_protocolType,
    protocolData: f_protocolData,
    members: f_members,
    authorizedOperations: f_authorizedOperations,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDescribeGroupsResponse(v: DescribeGroupsResponse, version: number): number {
  const flexible = version >= 5
  let size = 0
  if (version >= 1) {
    size += 4
  }
  size += sizeOfArrayLength(v.groups, version >= 5, false, 'DescribeGroupsResponse.groups')
  for (const e of v.groups) size += sizeDescribedGroup(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeGroupsResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeGroupsResponse')
  }
  return size
}

function writeDescribeGroupsResponse(w: ProtocolWriter, v: DescribeGroupsResponse, version: number): void {
  const flexible = version >= 5
  if (version >= 1) {
    w.int32(v.throttleTimeMs, 'DescribeGroupsResponse.throttleTimeMs')
  }
  w.arrayLength(v.groups, version >= 5)
  for (const e of v.groups) writeDescribedGroup(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDescribeGroupsResponse(r: ProtocolReader, version: number): DescribeGroupsResponse {
  const flexible = version >= 5
  let f_throttleTimeMs: number = 0
  if (version >= 1) {
    f_throttleTimeMs = r.int32('DescribeGroupsResponse.throttleTimeMs')
  }
  let f_groups: DescribedGroup[]
  {
    const n = r.arrayLength('DescribeGroupsResponse.groups', version >= 5, false, 12)
    const a: DescribedGroup[] = []
    for (let i = 0; i < n; i++) a.push(readDescribedGroup(r, version))
    f_groups = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeGroupsResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeGroupsResponse')
      const end = r.taggedFieldEnd('DescribeGroupsResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeGroupsResponse'))
      }
    }
  }
  const value: DescribeGroupsResponse = { throttleTimeMs: f_throttleTimeMs, groups: f_groups }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const DescribedGroupMemberSchema: StructSchema = {
  name: 'DescribedGroupMember',
  versions: [0, 6],
  fields: [
    {
      name: 'memberId',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'groupInstanceId',
      type: 'string',
      versions: [4, 32767],
      nullableVersions: [4, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: 'null',
    },
    {
      name: 'clientId',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'clientHost',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'memberMetadata',
      type: 'bytes',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'memberAssignment',
      type: 'bytes',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDescribedGroupMember(),
}

const DescribedGroupSchema: StructSchema = {
  name: 'DescribedGroup',
  versions: [0, 6],
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
      versions: [6, 32767],
      nullableVersions: [6, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'null',
    },
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
      name: 'groupState',
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
      name: 'protocolData',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'members',
      type: 'array',
      element: DescribedGroupMemberSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'authorizedOperations',
      type: 'int32',
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-2147483648',
    },
  ],
  create: () => createDescribedGroup(),
}

const DescribeGroupsResponseSchema: StructSchema = {
  name: 'DescribeGroupsResponse',
  versions: [0, 6],
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
      name: 'groups',
      type: 'array',
      element: DescribedGroupSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDescribeGroupsResponse(),
}

/** The DescribeGroupsResponse codec: versions 0-6. */
export const DescribeGroupsResponseCodec: MessageCodec<DescribeGroupsResponse> = defineCodec<DescribeGroupsResponse>({
  name: 'DescribeGroupsResponse',
  apiKey: 15,
  type: 'response',
  versions: [0, 6],
  flexibleVersions: [5, 32767],
  latestVersionUnstable: false,
  schema: DescribeGroupsResponseSchema,
  create: createDescribeGroupsResponse,
  size: sizeDescribeGroupsResponse,
  write: writeDescribeGroupsResponse,
  read: readDescribeGroupsResponse,
})
