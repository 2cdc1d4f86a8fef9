/**
 * LeaveGroupResponse (API key 13): generated from vendor/kafka-messages/LeaveGroupResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-5; flexible versions 4+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** LeaveGroupResponse, versions 0-5. */
export interface LeaveGroupResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 1+; ignorable) */
  throttleTimeMs: number
  /** The error code, or 0 if there was no error. (versions 0+) */
  errorCode: number
  /** List of leaving member responses. (versions 3+) */
  members: MemberResponse[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** MemberResponse, inside LeaveGroupResponse (versions 3-5). */
export interface MemberResponse {
  /** The member ID to remove from the group. (versions 3+) */
  memberId: string
  /** The group instance ID to remove from the group. (versions 3+; nullable 3+) */
  groupInstanceId: string | null
  /** The error code, or 0 if there was no error. (versions 3+) */
  errorCode: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link LeaveGroupResponse} with every field at its default, overridden by `fields`. */
export function createLeaveGroupResponse(fields: Partial<LeaveGroupResponse> = {}): LeaveGroupResponse {
  return { throttleTimeMs: 0, errorCode: 0, members: [], ...fields }
}

/** A new {@link MemberResponse} with every field at its default, overridden by `fields`. */
export function createMemberResponse(fields: Partial<MemberResponse> = {}): MemberResponse {
  return { memberId: '', groupInstanceId: '', errorCode: 0, ...fields }
}

function sizeMemberResponse(v: MemberResponse, version: number): number {
  const flexible = version >= 4
  let size = 0
  size += sizeOfString(v.memberId, version >= 4, false, 'LeaveGroupResponse.members[].memberId')
  size += sizeOfString(v.groupInstanceId, version >= 4, true, 'LeaveGroupResponse.members[].groupInstanceId')
  size += 2
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'LeaveGroupResponse.members[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'LeaveGroupResponse.members[]')
  }
  return size
}

function writeMemberResponse(w: ProtocolWriter, v: MemberResponse, version: number): void {
  const flexible = version >= 4
  w.string(v.memberId, version >= 4)
  w.string(v.groupInstanceId, version >= 4)
  w.int16(v.errorCode, 'LeaveGroupResponse.members[].errorCode')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readMemberResponse(r: ProtocolReader, version: number): MemberResponse {
  const flexible = version >= 4
  const f_memberId: string = r.string('LeaveGroupResponse.members[].memberId', version >= 4)
  const f_groupInstanceId: string | null = r.nullableString('LeaveGroupResponse.members[].groupInstanceId', version >= 4)
  const f_errorCode: number = r.int16('LeaveGroupResponse.members[].errorCode')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('LeaveGroupResponse.members[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('LeaveGroupResponse.members[]')
      const end = r.taggedFieldEnd('LeaveGroupResponse.members[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'LeaveGroupResponse.members[]'))
      }
    }
  }
  const value: MemberResponse = { memberId: f_memberId, groupInstanceId: f_groupInstanceId, errorCode: f_errorCode }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeLeaveGroupResponse(v: LeaveGroupResponse, version: number): number {
  const flexible = version >= 4
  let size = 0
  if (version >= 1) {
    size += 4
  }
  size += 2
  if (version >= 3) {
    size += sizeOfArrayLength(v.members, version >= 4, false, 'LeaveGroupResponse.members')
    for (const e of v.members) size += sizeMemberResponse(e, version)
  }
  if (!(version >= 3)) {
    if (v.members.length !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'LeaveGroupResponse.members')
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'LeaveGroupResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'LeaveGroupResponse')
  }
  return size
}

function writeLeaveGroupResponse(w: ProtocolWriter, v: LeaveGroupResponse, version: number): void {
  const flexible = version >= 4
  if (version >= 1) {
    w.int32(v.throttleTimeMs, 'LeaveGroupResponse.throttleTimeMs')
  }
  w.int16(v.errorCode, 'LeaveGroupResponse.errorCode')
  if (version >= 3) {
    w.arrayLength(v.members, version >= 4)
    for (const e of v.members) writeMemberResponse(w, e, version)
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readLeaveGroupResponse(r: ProtocolReader, version: number): LeaveGroupResponse {
  const flexible = version >= 4
  let f_throttleTimeMs: number = 0
  if (version >= 1) {
    f_throttleTimeMs = r.int32('LeaveGroupResponse.throttleTimeMs')
  }
  const f_errorCode: number = r.int16('LeaveGroupResponse.errorCode')
  let f_members: MemberResponse[] = []
  if (version >= 3) {
    {
      const n = r.arrayLength('LeaveGroupResponse.members', version >= 4, false, 5)
      const a: MemberResponse[] = []
      for (let i = 0; i < n; i++) a.push(readMemberResponse(r, version))
      f_members = a
    }
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('LeaveGroupResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('LeaveGroupResponse')
      const end = r.taggedFieldEnd('LeaveGroupResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'LeaveGroupResponse'))
      }
    }
  }
  const value: LeaveGroupResponse = { throttleTimeMs: f_throttleTimeMs, errorCode: f_errorCode, members: f_members }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const MemberResponseSchema: StructSchema = {
  name: 'MemberResponse',
  versions: [3, 5],
  fields: [
    {
      name: 'memberId',
      type: 'string',
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'groupInstanceId',
      type: 'string',
      versions: [3, 32767],
      nullableVersions: [3, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'errorCode',
      type: 'int16',
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createMemberResponse(),
}

const LeaveGroupResponseSchema: StructSchema = {
  name: 'LeaveGroupResponse',
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
      name: 'members',
      type: 'array',
      element: MemberResponseSchema,
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createLeaveGroupResponse(),
}

/** The LeaveGroupResponse codec: versions 0-5. */
export const LeaveGroupResponseCodec: MessageCodec<LeaveGroupResponse> = defineCodec<LeaveGroupResponse>({
  name: 'LeaveGroupResponse',
  apiKey: 13,
  type: 'response',
  versions: [0, 5],
  flexibleVersions: [4, 32767],
  latestVersionUnstable: false,
  schema: LeaveGroupResponseSchema,
  create: createLeaveGroupResponse,
  size: sizeLeaveGroupResponse,
  write: writeLeaveGroupResponse,
  read: readLeaveGroupResponse,
})
