/**
 * LeaveGroupRequest (API key 13): generated from vendor/kafka-messages/LeaveGroupRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-5; flexible versions 4+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** LeaveGroupRequest, versions 0-5. */
export interface LeaveGroupRequest {
  /** The ID of the group to leave. (versions 0+) */
  groupId: string
  /** The member ID to remove from the group. (versions 0-2) */
  memberId: string
  /** List of leaving member identities. (versions 3+) */
  members: MemberIdentity[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** MemberIdentity, inside LeaveGroupRequest (versions 3-5). */
export interface MemberIdentity {
  /** The member ID to remove from the group. (versions 3+) */
  memberId: string
  /** The group instance ID to remove from the group. (versions 3+; nullable 3+; default null) */
  groupInstanceId: string | null
  /** The reason why the member left the group. (versions 5+; nullable 5+; default null; ignorable) */
  reason: string | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link LeaveGroupRequest} with every field at its default, overridden by `fields`. */
export function createLeaveGroupRequest(fields: Partial<LeaveGroupRequest> = {}): LeaveGroupRequest {
  return { groupId: '', memberId: '', members: [], ...fields }
}

/** A new {@link MemberIdentity} with every field at its default, overridden by `fields`. */
export function createMemberIdentity(fields: Partial<MemberIdentity> = {}): MemberIdentity {
  return { memberId: '', groupInstanceId: null, reason: null, ...fields }
}

function sizeMemberIdentity(v: MemberIdentity, version: number): number {
  const flexible = version >= 4
  let size = 0
  size += sizeOfString(v.memberId, version >= 4, false, 'LeaveGroupRequest.members[].memberId')
  size += sizeOfString(v.groupInstanceId, version >= 4, true, 'LeaveGroupRequest.members[].groupInstanceId')
  if (version >= 5) {
    size += sizeOfString(v.reason, true, true, 'LeaveGroupRequest.members[].reason')
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'LeaveGroupRequest.members[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'LeaveGroupRequest.members[]')
  }
  return size
}

function writeMemberIdentity(w: ProtocolWriter, v: MemberIdentity, version: number): void {
  const flexible = version >= 4
  w.string(v.memberId, version >= 4)
  w.string(v.groupInstanceId, version >= 4)
  if (version >= 5) {
    w.string(v.reason, true)
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readMemberIdentity(r: ProtocolReader, version: number): MemberIdentity {
  const flexible = version >= 4
  const f_memberId: string = r.string('LeaveGroupRequest.members[].memberId', version >= 4)
  const f_groupInstanceId: string | null = r.nullableString('LeaveGroupRequest.members[].groupInstanceId', version >= 4)
  let f_reason: string | null = null
  if (version >= 5) {
    f_reason = r.nullableString('LeaveGroupRequest.members[].reason', true)
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('LeaveGroupRequest.members[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('LeaveGroupRequest.members[]')
      const end = r.taggedFieldEnd('LeaveGroupRequest.members[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'LeaveGroupRequest.members[]'))
      }
    }
  }
  const value: MemberIdentity = { memberId: f_memberId, groupInstanceId: f_groupInstanceId, reason: f_reason }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeLeaveGroupRequest(v: LeaveGroupRequest, version: number): number {
  const flexible = version >= 4
  let size = 0
  size += sizeOfString(v.groupId, version >= 4, false, 'LeaveGroupRequest.groupId')
  if (version <= 2) {
    size += sizeOfString(v.memberId, false, false, 'LeaveGroupRequest.memberId')
  }
  if (!(version <= 2)) {
    if (v.memberId !== '')
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'LeaveGroupRequest.memberId')
  }
  if (version >= 3) {
    size += sizeOfArrayLength(v.members, version >= 4, false, 'LeaveGroupRequest.members')
    for (const e of v.members) size += sizeMemberIdentity(e, version)
  }
  if (!(version >= 3)) {
    if (v.members.length !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'LeaveGroupRequest.members')
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'LeaveGroupRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'LeaveGroupRequest')
  }
  return size
}

function writeLeaveGroupRequest(w: ProtocolWriter, v: LeaveGroupRequest, version: number): void {
  const flexible = version >= 4
  w.string(v.groupId, version >= 4)
  if (version <= 2) {
    w.string(v.memberId, false)
  }
  if (version >= 3) {
    w.arrayLength(v.members, version >= 4)
    for (const e of v.members) writeMemberIdentity(w, e, version)
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readLeaveGroupRequest(r: ProtocolReader, version: number): LeaveGroupRequest {
  const flexible = version >= 4
  const f_groupId: string = r.string('LeaveGroupRequest.groupId', version >= 4)
  let f_memberId: string = ''
  if (version <= 2) {
    f_memberId = r.string('LeaveGroupRequest.memberId', false)
  }
  let f_members: MemberIdentity[] = []
  if (version >= 3) {
    {
      const n = r.arrayLength('LeaveGroupRequest.members', version >= 4, false, 3)
      const a: MemberIdentity[] = []
      for (let i = 0; i < n; i++) a.push(readMemberIdentity(r, version))
      f_members = a
    }
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('LeaveGroupRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('LeaveGroupRequest')
      const end = r.taggedFieldEnd('LeaveGroupRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'LeaveGroupRequest'))
      }
    }
  }
  const value: LeaveGroupRequest = { groupId: f_groupId, memberId: f_memberId, members: f_members }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const MemberIdentitySchema: StructSchema = {
  name: 'MemberIdentity',
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
      default: 'null',
    },
    {
      name: 'reason',
      type: 'string',
      versions: [5, 32767],
      nullableVersions: [5, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: 'null',
    },
  ],
  create: () => createMemberIdentity(),
}

const LeaveGroupRequestSchema: StructSchema = {
  name: 'LeaveGroupRequest',
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
      name: 'memberId',
      type: 'string',
      versions: [0, 2],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'members',
      type: 'array',
      element: MemberIdentitySchema,
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createLeaveGroupRequest(),
}

/** The LeaveGroupRequest codec: versions 0-5. */
export const LeaveGroupRequestCodec: MessageCodec<LeaveGroupRequest> = defineCodec<LeaveGroupRequest>({
  name: 'LeaveGroupRequest',
  apiKey: 13,
  type: 'request',
  versions: [0, 5],
  flexibleVersions: [4, 32767],
  latestVersionUnstable: false,
  schema: LeaveGroupRequestSchema,
  create: createLeaveGroupRequest,
  size: sizeLeaveGroupRequest,
  write: writeLeaveGroupRequest,
  read: readLeaveGroupRequest,
})
