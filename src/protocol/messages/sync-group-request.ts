/**
 * SyncGroupRequest (API key 14): generated from vendor/kafka-messages/SyncGroupRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-5; flexible versions 4+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfBytes, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** SyncGroupRequest, versions 0-5. */
export interface SyncGroupRequest {
  /** The unique group identifier. (versions 0+) */
  groupId: string
  /** The generation of the group. (versions 0+) */
  generationId: number
  /** The member ID assigned by the group. (versions 0+) */
  memberId: string
  /** The unique identifier of the consumer instance provided by end user. (versions 3+; nullable 3+; default null) */
  groupInstanceId: string | null
  /** The group protocol type. (versions 5+; nullable 5+; default null; ignorable) */
  protocolType: string | null
  /** The group protocol name. (versions 5+; nullable 5+; default null; ignorable) */
  protocolName: string | null
  /** Each assignment. (versions 0+) */
  assignments: SyncGroupRequestAssignment[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** SyncGroupRequestAssignment, inside SyncGroupRequest (versions 0-5). */
export interface SyncGroupRequestAssignment {
  /** The ID of the member to assign. (versions 0+) */
  memberId: string
  /** The member assignment. (versions 0+) */
  assignment: Buffer
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link SyncGroupRequest} with every field at its default, overridden by `fields`. */
export function createSyncGroupRequest(fields: Partial<SyncGroupRequest> = {}): SyncGroupRequest {
  return {
    groupId: '',
    generationId: 0,
    memberId: '',
    groupInstanceId: null,
    protocolType: null,
    protocolName: null,
    assignments: [],
    ...fields,
  }
}

/** A new {@link SyncGroupRequestAssignment} with every field at its default, overridden by `fields`. */
export function createSyncGroupRequestAssignment(fields: Partial<SyncGroupRequestAssignment> = {}): SyncGroupRequestAssignment {
  return { memberId: '', assignment: Buffer.alloc(0), ...fields }
}

function sizeSyncGroupRequestAssignment(v: SyncGroupRequestAssignment, version: number): number {
  const flexible = version >= 4
  let size = 0
  size += sizeOfString(v.memberId, version >= 4, false, 'SyncGroupRequest.assignments[].memberId')
  size += sizeOfBytes(v.assignment, version >= 4, false, 'SyncGroupRequest.assignments[].assignment')
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'SyncGroupRequest.assignments[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'SyncGroupRequest.assignments[]')
  }
  return size
}

function writeSyncGroupRequestAssignment(w: ProtocolWriter, v: SyncGroupRequestAssignment, version: number): void {
  const flexible = version >= 4
  w.string(v.memberId, version >= 4)
  w.bytes(v.assignment, version >= 4)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readSyncGroupRequestAssignment(r: ProtocolReader, version: number): SyncGroupRequestAssignment {
  const flexible = version >= 4
  const f_memberId: string = r.string('SyncGroupRequest.assignments[].memberId', version >= 4)
  const f_assignment: Buffer = r.bytes('SyncGroupRequest.assignments[].assignment', version >= 4, true)
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('SyncGroupRequest.assignments[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('SyncGroupRequest.assignments[]')
      const end = r.taggedFieldEnd('SyncGroupRequest.assignments[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'SyncGroupRequest.assignments[]'))
      }
    }
  }
  const value: SyncGroupRequestAssignment = { memberId: f_memberId, assignment: f_assignment }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeSyncGroupRequest(v: SyncGroupRequest, version: number): number {
  const flexible = version >= 4
  let size = 0
  size += sizeOfString(v.groupId, version >= 4, false, 'SyncGroupRequest.groupId')
  size += 4
  size += sizeOfString(v.memberId, version >= 4, false, 'SyncGroupRequest.memberId')
  if (version >= 3) {
    size += sizeOfString(v.groupInstanceId, version >= 4, true, 'SyncGroupRequest.groupInstanceId')
  }
  if (!(version >= 3)) {
    if (v.groupInstanceId !== null)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'SyncGroupRequest.groupInstanceId')
  }
  if (version >= 5) {
    size += sizeOfString(v.protocolType, true, true, 'SyncGroupRequest.protocolType')
  }
  if (version >= 5) {
    size += sizeOfString(v.protocolName, true, true, 'SyncGroupRequest.protocolName')
  }
  size += sizeOfArrayLength(v.assignments, version >= 4, false, 'SyncGroupRequest.assignments')
  for (const e of v.assignments) size += sizeSyncGroupRequestAssignment(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'SyncGroupRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'SyncGroupRequest')
  }
  return size
}

function writeSyncGroupRequest(w: ProtocolWriter, v: SyncGroupRequest, version: number): void {
  const flexible = version >= 4
  w.string(v.groupId, version >= 4)
  w.int32(v.generationId, 'SyncGroupRequest.generationId')
  w.string(v.memberId, version >= 4)
  if (version >= 3) {
    w.string(v.groupInstanceId, version >= 4)
  }
  if (version >= 5) {
    w.string(v.protocolType, true)
  }
  if (version >= 5) {
    w.string(v.protocolName, true)
  }
  w.arrayLength(v.assignments, version >= 4)
  for (const e of v.assignments) writeSyncGroupRequestAssignment(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readSyncGroupRequest(r: ProtocolReader, version: number): SyncGroupRequest {
  const flexible = version >= 4
  const f_groupId: string = r.string('SyncGroupRequest.groupId', version >= 4)
  const f_generationId: number = r.int32('SyncGroupRequest.generationId')
  const f_memberId: string = r.string('SyncGroupRequest.memberId', version >= 4)
  let f_groupInstanceId: string | null = null
  if (version >= 3) {
    f_groupInstanceId = r.nullableString('SyncGroupRequest.groupInstanceId', version >= 4)
  }
  let f_protocolType: string | null = null
  if (version >= 5) {
    f_protocolType = r.nullableString('SyncGroupRequest.protocolType', true)
  }
  let f_protocolName: string | null = null
  if (version >= 5) {
    f_protocolName = r.nullableString('SyncGroupRequest.protocolName', true)
  }
  let f_assignments: SyncGroupRequestAssignment[]
  {
    const n = r.arrayLength('SyncGroupRequest.assignments', version >= 4, false, 3)
    const a: SyncGroupRequestAssignment[] = []
    for (let i = 0; i < n; i++) a.push(readSyncGroupRequestAssignment(r, version))
    f_assignments = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('SyncGroupRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('SyncGroupRequest')
      const end = r.taggedFieldEnd('SyncGroupRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'SyncGroupRequest'))
      }
    }
  }
  const value: SyncGroupRequest = {
    groupId: f_groupId,
    generationId: f_generationId,
    memberId: f_memberId,
    groupInstanceId: f_groupInstanceId,
    protocolType: f_protocolType,
    protocolName: f_protocolName,
    assignments: f_assignments,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const SyncGroupRequestAssignmentSchema: StructSchema = {
  name: 'SyncGroupRequestAssignment',
  versions: [0, 5],
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
      name: 'assignment',
      type: 'bytes',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createSyncGroupRequestAssignment(),
}

const SyncGroupRequestSchema: StructSchema = {
  name: 'SyncGroupRequest',
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
      name: 'generationId',
      type: 'int32',
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
      versions: [3, 32767],
      nullableVersions: [3, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'null',
    },
    {
      name: 'protocolType',
      type: 'string',
      versions: [5, 32767],
      nullableVersions: [5, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: 'null',
    },
    {
      name: 'protocolName',
      type: 'string',
      versions: [5, 32767],
      nullableVersions: [5, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: 'null',
    },
    {
      name: 'assignments',
      type: 'array',
      element: SyncGroupRequestAssignmentSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createSyncGroupRequest(),
}

/** The SyncGroupRequest codec: versions 0-5. */
export const SyncGroupRequestCodec: MessageCodec<SyncGroupRequest> = defineCodec<SyncGroupRequest>({
  name: 'SyncGroupRequest',
  apiKey: 14,
  type: 'request',
  versions: [0, 5],
  flexibleVersions: [4, 32767],
  latestVersionUnstable: false,
  schema: SyncGroupRequestSchema,
  create: createSyncGroupRequest,
  size: sizeSyncGroupRequest,
  write: writeSyncGroupRequest,
  read: readSyncGroupRequest,
})
