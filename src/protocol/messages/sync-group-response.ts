/**
 * SyncGroupResponse (API key 14): generated from vendor/kafka-messages/SyncGroupResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-5; flexible versions 4+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfBytes, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** SyncGroupResponse, versions 0-5. */
export interface SyncGroupResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 1+; ignorable) */
  throttleTimeMs: number
  /** The error code, or 0 if there was no error. (versions 0+) */
  errorCode: number
  /** The group protocol type. (versions 5+; nullable 5+; default null; ignorable) */
  protocolType: string | null
  /** The group protocol name. (versions 5+; nullable 5+; default null; ignorable) */
  protocolName: string | null
  /** The member assignment. (versions 0+) */
  assignment: Buffer
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link SyncGroupResponse} with every field at its default, overridden by `fields`. */
export function createSyncGroupResponse(fields: Partial<SyncGroupResponse> = {}): SyncGroupResponse {
  return { throttleTimeMs: 0, errorCode: 0, protocolType: null, protocolName: null, assignment: Buffer.alloc(0), ...fields }
}

function sizeSyncGroupResponse(v: SyncGroupResponse, version: number): number {
  const flexible = version >= 4
  let size = 0
  if (version >= 1) {
    size += 4
  }
  size += 2
  if (version >= 5) {
    size += sizeOfString(v.protocolType, true, true, 'SyncGroupResponse.protocolType')
  }
  if (version >= 5) {
    size += sizeOfString(v.protocolName, true, true, 'SyncGroupResponse.protocolName')
  }
  size += sizeOfBytes(v.assignment, version >= 4, false, 'SyncGroupResponse.assignment')
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'SyncGroupResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'SyncGroupResponse')
  }
  return size
}

function writeSyncGroupResponse(w: ProtocolWriter, v: SyncGroupResponse, version: number): void {
  const flexible = version >= 4
  if (version >= 1) {
    w.int32(v.throttleTimeMs, 'SyncGroupResponse.throttleTimeMs')
  }
  w.int16(v.errorCode, 'SyncGroupResponse.errorCode')
  if (version >= 5) {
    w.string(v.protocolType, true)
  }
  if (version >= 5) {
    w.string(v.protocolName, true)
  }
  w.bytes(v.assignment, version >= 4)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readSyncGroupResponse(r: ProtocolReader, version: number): SyncGroupResponse {
  const flexible = version >= 4
  let f_throttleTimeMs: number = 0
  if (version >= 1) {
    f_throttleTimeMs = r.int32('SyncGroupResponse.throttleTimeMs')
  }
  const f_errorCode: number = r.int16('SyncGroupResponse.errorCode')
  let f_protocolType: string | null = null
  if (version >= 5) {
    f_protocolType = r.nullableString('SyncGroupResponse.protocolType', true)
  }
  let f_protocolName: string | null = null
  if (version >= 5) {
    f_protocolName = r.nullableString('SyncGroupResponse.protocolName', true)
  }
  const f_assignment: Buffer = r.bytes('SyncGroupResponse.assignment', version >= 4, true)
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('SyncGroupResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('SyncGroupResponse')
      const end = r.taggedFieldEnd('SyncGroupResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'SyncGroupResponse'))
      }
    }
  }
  const value: SyncGroupResponse = {
    throttleTimeMs: f_throttleTimeMs,
    errorCode: f_errorCode,
    protocolType: f_protocolType,
    protocolName: f_protocolName,
    assignment: f_assignment,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const SyncGroupResponseSchema: StructSchema = {
  name: 'SyncGroupResponse',
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
  create: () => createSyncGroupResponse(),
}

/** The SyncGroupResponse codec: versions 0-5. */
export const SyncGroupResponseCodec: MessageCodec<SyncGroupResponse> = defineCodec<SyncGroupResponse>({
  name: 'SyncGroupResponse',
  apiKey: 14,
  type: 'response',
  versions: [0, 5],
  flexibleVersions: [4, 32767],
  latestVersionUnstable: false,
  schema: SyncGroupResponseSchema,
  create: createSyncGroupResponse,
  size: sizeSyncGroupResponse,
  write: writeSyncGroupResponse,
  read: readSyncGroupResponse,
})
