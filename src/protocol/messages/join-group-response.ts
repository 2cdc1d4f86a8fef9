/**
 * JoinGroupResponse (API key 11): generated from vendor/kafka-messages/JoinGroupResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-9; flexible versions 6+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfBytes, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** JoinGroupResponse, versions 0-9. */
export interface JoinGroupResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 2+; ignorable) */
  throttleTimeMs: number
  /** The error code, or 0 if there was no error. (versions 0+) */
  errorCode: number
  /** The generation ID of the group. (versions 0+; default -1) */
  generationId: number
  /** The group protocol name. (versions 7+; nullable 7+; default null; ignorable) */
  protocolType: string | null
  /** The group protocol selected by the coordinator. (versions 0+; nullable 7+) */
  protocolName: string | null
  /** The leader of the group. (versions 0+) */
  leader: string
  /** True if the leader must skip running the assignment. (versions 9+; default false) */
  skipAssignment: boolean
  /** The member ID assigned by the group coordinator. (versions 0+) */
  memberId: string
  /** The group members. (versions 0+) */
  members: JoinGroupResponseMember[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** JoinGroupResponseMember, inside JoinGroupResponse (versions 0-9). */
export interface JoinGroupResponseMember {
  /** The group member ID. (versions 0+) */
  memberId: string
  /** The unique identifier of the consumer instance provided by end user. (versions 5+; nullable 5+; default null; ignorable) */
  groupInstanceId: string | null
  /** The group member metadata. (versions 0+) */
  metadata: Buffer
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link JoinGroupResponse} with every field at its default, overridden by `fields`. */
export function createJoinGroupResponse(fields: Partial<JoinGroupResponse> = {}): JoinGroupResponse {
  return {
    throttleTimeMs: 0,
    errorCode: 0,
    generationId: -1,
    protocolType: null,
    protocolName: '',
    leader: '',
    skipAssignment: false,
    memberId: '',
    members: [],
    ...fields,
  }
}

/** A new {@link JoinGroupResponseMember} with every field at its default, overridden by `fields`. */
export function createJoinGroupResponseMember(fields: Partial<JoinGroupResponseMember> = {}): JoinGroupResponseMember {
  return { memberId: '', groupInstanceId: null, metadata: Buffer.alloc(0), ...fields }
}

function sizeJoinGroupResponseMember(v: JoinGroupResponseMember, version: number): number {
  const flexible = version >= 6
  let size = 0
  size += sizeOfString(v.memberId, version >= 6, false, 'JoinGroupResponse.members[].memberId')
  if (version >= 5) {
    size += sizeOfString(v.groupInstanceId, version >= 6, true, 'JoinGroupResponse.members[].groupInstanceId')
  }
  size += sizeOfBytes(v.metadata, version >= 6, false, 'JoinGroupResponse.members[].metadata')
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'JoinGroupResponse.members[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'JoinGroupResponse.members[]')
  }
  return size
}

function writeJoinGroupResponseMember(w: ProtocolWriter, v: JoinGroupResponseMember, version: number): void {
  const flexible = version >= 6
  w.string(v.memberId, version >= 6)
  if (version >= 5) {
    w.string(v.groupInstanceId, version >= 6)
  }
  w.bytes(v.metadata, version >= 6)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readJoinGroupResponseMember(r: ProtocolReader, version: number): JoinGroupResponseMember {
  const flexible = version >= 6
  const f_memberId: string = r.string('JoinGroupResponse.members[].memberId', version >= 6)
  let f_groupInstanceId: string | null = null
  if (version >= 5) {
    f_groupInstanceId = r.nullableString('JoinGroupResponse.members[].groupInstanceId', version >= 6)
  }
  const f_metadata: Buffer = r.bytes('JoinGroupResponse.members[].metadata', version >= 6, true)
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('JoinGroupResponse.members[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('JoinGroupResponse.members[]')
      const end = r.taggedFieldEnd('JoinGroupResponse.members[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'JoinGroupResponse.members[]'))
      }
    }
  }
  const value: JoinGroupResponseMember = { memberId: f_memberId, groupInstanceId: f_groupInstanceId, metadata: f_metadata }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeJoinGroupResponse(v: JoinGroupResponse, version: number): number {
  const flexible = version >= 6
  let size = 0
  if (version >= 2) {
    size += 4
  }
  size += 2
  size += 4
  if (version >= 7) {
    size += sizeOfString(v.protocolType, true, true, 'JoinGroupResponse.protocolType')
  }
  size += sizeOfString(v.protocolName, version >= 6, version >= 7, 'JoinGroupResponse.protocolName')
  size += sizeOfString(v.leader, version >= 6, false, 'JoinGroupResponse.leader')
  if (version >= 9) {
    size += 1
  }
  if (!(version >= 9)) {
    if (v.skipAssignment !== false)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'JoinGroupResponse.skipAssignment')
  }
  size += sizeOfString(v.memberId, version >= 6, false, 'JoinGroupResponse.memberId')
  size += sizeOfArrayLength(v.members, version >= 6, false, 'JoinGroupResponse.members')
  for (const e of v.members) size += sizeJoinGroupResponseMember(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'JoinGroupResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'JoinGroupResponse')
  }
  return size
}

function writeJoinGroupResponse(w: ProtocolWriter, v: JoinGroupResponse, version: number): void {
  const flexible = version >= 6
  if (version >= 2) {
    w.int32(v.throttleTimeMs, 'JoinGroupResponse.throttleTimeMs')
  }
  w.int16(v.errorCode, 'JoinGroupResponse.errorCode')
  w.int32(v.generationId, 'JoinGroupResponse.generationId')
  if (version >= 7) {
    w.string(v.protocolType, true)
  }
  w.string(v.protocolName, version >= 6)
  w.string(v.leader, version >= 6)
  if (version >= 9) {
    w.bool(v.skipAssignment, 'JoinGroupResponse.skipAssignment')
  }
  w.string(v.memberId, version >= 6)
  w.arrayLength(v.members, version >= 6)
  for (const e of v.members) writeJoinGroupResponseMember(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readJoinGroupResponse(r: ProtocolReader, version: number): JoinGroupResponse {
  const flexible = version >= 6
  let f_throttleTimeMs: number = 0
  if (version >= 2) {
    f_throttleTimeMs = r.int32('JoinGroupResponse.throttleTimeMs')
  }
  const f_errorCode: number = r.int16('JoinGroupResponse.errorCode')
  const f_generationId: number = r.int32('JoinGroupResponse.generationId')
  let f_protocolType: string | null = null
  if (version >= 7) {
    f_protocolType = r.nullableString('JoinGroupResponse.protocolType', true)
  }
  const f_protocolName: string | null =
    version >= 7
      ? r.nullableString('JoinGroupResponse.protocolName', version >= 6)
      : r.string('JoinGroupResponse.protocolName', version >= 6)
  const f_leader: string = r.string('JoinGroupResponse.leader', version >= 6)
  let f_skipAssignment: boolean = false
  if (version >= 9) {
    f_skipAssignment = r.bool('JoinGroupResponse.skipAssignment')
  }
  const f_memberId: string = r.string('JoinGroupResponse.memberId', version >= 6)
  let f_members: JoinGroupResponseMember[]
  {
    const n = r.arrayLength('JoinGroupResponse.members', version >= 6, false, 4)
    const a: JoinGroupResponseMember[] = []
    for (let i = 0; i < n; i++) a.push(readJoinGroupResponseMember(r, version))
    f_members = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('JoinGroupResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('JoinGroupResponse')
      const end = r.taggedFieldEnd('JoinGroupResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'JoinGroupResponse'))
      }
    }
  }
  const value: JoinGroupResponse = {
    throttleTimeMs: f_throttleTimeMs,
    errorCode: f_errorCode,
    generationId: f_generationId,
    protocolType: f_protocolType,
    protocolName: f_protocolName,
    leader: f_leader,
    skipAssignment: f_skipAssignment,
    memberId: f_memberId,
    members: f_members,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const JoinGroupResponseMemberSchema: StructSchema = {
  name: 'JoinGroupResponseMember',
  versions: [0, 9],
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
      versions: [5, 32767],
      nullableVersions: [5, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: 'null',
    },
    {
      name: 'metadata',
      type: 'bytes',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createJoinGroupResponseMember(),
}

const JoinGroupResponseSchema: StructSchema = {
  name: 'JoinGroupResponse',
  versions: [0, 9],
  fields: [
    {
      name: 'throttleTimeMs',
      type: 'int32',
      versions: [2, 32767],
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
      name: 'generationId',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
    },
    {
      name: 'protocolType',
      type: 'string',
      versions: [7, 32767],
      nullableVersions: [7, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: 'null',
    },
    {
      name: 'protocolName',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: [7, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'leader',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'skipAssignment',
      type: 'bool',
      versions: [9, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'false',
    },
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
      name: 'members',
      type: 'array',
      element: JoinGroupResponseMemberSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createJoinGroupResponse(),
}

/** The JoinGroupResponse codec: versions 0-9. */
export const JoinGroupResponseCodec: MessageCodec<JoinGroupResponse> = defineCodec<JoinGroupResponse>({
  name: 'JoinGroupResponse',
  apiKey: 11,
  type: 'response',
  versions: [0, 9],
  flexibleVersions: [6, 32767],
  latestVersionUnstable: false,
  schema: JoinGroupResponseSchema,
  create: createJoinGroupResponse,
  size: sizeJoinGroupResponse,
  write: writeJoinGroupResponse,
  read: readJoinGroupResponse,
})
