/**
 * HeartbeatRequest (API key 12): generated from vendor/kafka-messages/HeartbeatRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-4; flexible versions 4+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** HeartbeatRequest, versions 0-4. */
export interface HeartbeatRequest {
  /** The group id. (versions 0+) */
  groupId: string
  /** The generation of the group. (versions 0+) */
  generationId: number
  /** The member ID. (versions 0+) */
  memberId: string
  /** The unique identifier of the consumer instance provided by end user. (versions 3+; nullable 3+; default null) */
  groupInstanceId: string | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link HeartbeatRequest} with every field at its default, overridden by `fields`. */
export function createHeartbeatRequest(fields: Partial<HeartbeatRequest> = {}): HeartbeatRequest {
  return { groupId: '', generationId: 0, memberId: '', groupInstanceId: null, ...fields }
}

function sizeHeartbeatRequest(v: HeartbeatRequest, version: number): number {
  const flexible = version >= 4
  let size = 0
  size += sizeOfString(v.groupId, version >= 4, false, 'HeartbeatRequest.groupId')
  size += 4
  size += sizeOfString(v.memberId, version >= 4, false, 'HeartbeatRequest.memberId')
  if (version >= 3) {
    size += sizeOfString(v.groupInstanceId, version >= 4, true, 'HeartbeatRequest.groupInstanceId')
  }
  if (!(version >= 3)) {
    if (v.groupInstanceId !== null)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'HeartbeatRequest.groupInstanceId')
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'HeartbeatRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'HeartbeatRequest')
  }
  return size
}

function writeHeartbeatRequest(w: ProtocolWriter, v: HeartbeatRequest, version: number): void {
  const flexible = version >= 4
  w.string(v.groupId, version >= 4)
  w.int32(v.generationId, 'HeartbeatRequest.generationId')
  w.string(v.memberId, version >= 4)
  if (version >= 3) {
    w.string(v.groupInstanceId, version >= 4)
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readHeartbeatRequest(r: ProtocolReader, version: number): HeartbeatRequest {
  const flexible = version >= 4
  const f_groupId: string = r.string('HeartbeatRequest.groupId', version >= 4)
  const f_generationId: number = r.int32('HeartbeatRequest.generationId')
  const f_memberId: string = r.string('HeartbeatRequest.memberId', version >= 4)
  let f_groupInstanceId: string | null = null
  if (version >= 3) {
    f_groupInstanceId = r.nullableString('HeartbeatRequest.groupInstanceId', version >= 4)
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('HeartbeatRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('HeartbeatRequest')
      const end = r.taggedFieldEnd('HeartbeatRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'HeartbeatRequest'))
      }
    }
  }
  const value: HeartbeatRequest = {
    groupId: f_groupId,
    generationId: f_generationId,
    memberId: f_memberId,
    groupInstanceId: f_groupInstanceId,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const HeartbeatRequestSchema: StructSchema = {
  name: 'HeartbeatRequest',
  versions: [0, 4],
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
  ],
  create: () => createHeartbeatRequest(),
}

/** The HeartbeatRequest codec: versions 0-4. */
export const HeartbeatRequestCodec: MessageCodec<HeartbeatRequest> = defineCodec<HeartbeatRequest>({
  name: 'HeartbeatRequest',
  apiKey: 12,
  type: 'request',
  versions: [0, 4],
  flexibleVersions: [4, 32767],
  latestVersionUnstable: false,
  schema: HeartbeatRequestSchema,
  create: createHeartbeatRequest,
  size: sizeHeartbeatRequest,
  write: writeHeartbeatRequest,
  read: readHeartbeatRequest,
})
