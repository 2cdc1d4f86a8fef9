/**
 * JoinGroupRequest (API key 11): generated from vendor/kafka-messages/JoinGroupRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-9; flexible versions 6+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfBytes, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** JoinGroupRequest, versions 0-9. */
export interface JoinGroupRequest {
  /** The group identifier. (versions 0+) */
  groupId: string
  /** The coordinator considers the consumer dead if it receives no heartbeat after this timeout in milliseconds. (versions 0+) */
  sessionTimeoutMs: number
  /** The maximum time in milliseconds that the coordinator will wait for each member to rejoin when rebalancing the group. (versions 1+; default -1; ignorable) */
  rebalanceTimeoutMs: number
  /** The member id assigned by the group coordinator. (versions 0+) */
  memberId: string
  /** The unique identifier of the consumer instance provided by end user. (versions 5+; nullable 5+; default null) */
  groupInstanceId: string | null
  /** The unique name the for class of protocols implemented by the group we want to join. (versions 0+) */
  protocolType: string
  /** The list of protocols that the member supports. (versions 0+) */
  protocols: JoinGroupRequestProtocol[]
  /** The reason why the member (re-)joins the group. (versions 8+; nullable 8+; default null; ignorable) */
  reason: string | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** JoinGroupRequestProtocol, inside JoinGroupRequest (versions 0-9). */
export interface JoinGroupRequestProtocol {
  /** The protocol name. (versions 0+) */
  name: string
  /** The protocol metadata. (versions 0+) */
  metadata: Buffer
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link JoinGroupRequest} with every field at its default, overridden by `fields`. */
export function createJoinGroupRequest(fields: Partial<JoinGroupRequest> = {}): JoinGroupRequest {
  return {
    groupId: '',
    sessionTimeoutMs: 0,
    rebalanceTimeoutMs: -1,
    memberId: '',
    groupInstanceId: null,
    protocolType: '',
    protocols: [],
    reason: null,
    ...fields,
  }
}

/** A new {@link JoinGroupRequestProtocol} with every field at its default, overridden by `fields`. */
export function createJoinGroupRequestProtocol(fields: Partial<JoinGroupRequestProtocol> = {}): JoinGroupRequestProtocol {
  return { name: '', metadata: Buffer.alloc(0), ...fields }
}

function sizeJoinGroupRequestProtocol(v: JoinGroupRequestProtocol, version: number): number {
  const flexible = version >= 6
  let size = 0
  size += sizeOfString(v.name, version >= 6, false, 'JoinGroupRequest.protocols[].name')
  size += sizeOfBytes(v.metadata, version >= 6, false, 'JoinGroupRequest.protocols[].metadata')
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'JoinGroupRequest.protocols[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'JoinGroupRequest.protocols[]')
  }
  return size
}

function writeJoinGroupRequestProtocol(w: ProtocolWriter, v: JoinGroupRequestProtocol, version: number): void {
  const flexible = version >= 6
  w.string(v.name, version >= 6)
  w.bytes(v.metadata, version >= 6)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readJoinGroupRequestProtocol(r: ProtocolReader, version: number): JoinGroupRequestProtocol {
  const flexible = version >= 6
  const f_name: string = r.string('JoinGroupRequest.protocols[].name', version >= 6)
  const f_metadata: Buffer = r.bytes('JoinGroupRequest.protocols[].metadata', version >= 6, true)
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('JoinGroupRequest.protocols[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('JoinGroupRequest.protocols[]')
      const end = r.taggedFieldEnd('JoinGroupRequest.protocols[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'JoinGroupRequest.protocols[]'))
      }
    }
  }
  const value: JoinGroupRequestProtocol = { name: f_name, metadata: f_metadata }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeJoinGroupRequest(v: JoinGroupRequest, version: number): number {
  const flexible = version >= 6
  let size = 0
  size += sizeOfString(v.groupId, version >= 6, false, 'JoinGroupRequest.groupId')
  size += 4
  if (version >= 1) {
    size += 4
  }
  size += sizeOfString(v.memberId, version >= 6, false, 'JoinGroupRequest.memberId')
  if (version >= 5) {
    size += sizeOfString(v.groupInstanceId, version >= 6, true, 'JoinGroupRequest.groupInstanceId')
  }
  if (!(version >= 5)) {
    if (v.groupInstanceId !== null)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'JoinGroupRequest.groupInstanceId')
  }
  size += sizeOfString(v.protocolType, version >= 6, false, 'JoinGroupRequest.protocolType')
  size += sizeOfArrayLength(v.protocols, version >= 6, false, 'JoinGroupRequest.protocols')
  for (const e of v.protocols) size += sizeJoinGroupRequestProtocol(e, version)
  if (version >= 8) {
    size += sizeOfString(v.reason, true, true, 'JoinGroupRequest.reason')
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'JoinGroupRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'JoinGroupRequest')
  }
  return size
}

function writeJoinGroupRequest(w: ProtocolWriter, v: JoinGroupRequest, version: number): void {
  const flexible = version >= 6
  w.string(v.groupId, version >= 6)
  w.int32(v.sessionTimeoutMs, 'JoinGroupRequest.sessionTimeoutMs')
  if (version >= 1) {
    w.int32(v.rebalanceTimeoutMs, 'JoinGroupRequest.rebalanceTimeoutMs')
  }
  w.string(v.memberId, version >= 6)
  if (version >= 5) {
    w.string(v.groupInstanceId, version >= 6)
  }
  w.string(v.protocolType, version >= 6)
  w.arrayLength(v.protocols, version >= 6)
  for (const e of v.protocols) writeJoinGroupRequestProtocol(w, e, version)
  if (version >= 8) {
    w.string(v.reason, true)
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readJoinGroupRequest(r: ProtocolReader, version: number): JoinGroupRequest {
  const flexible = version >= 6
  const f_groupId: string = r.string('JoinGroupRequest.groupId', version >= 6)
  const f_sessionTimeoutMs: number = r.int32('JoinGroupRequest.sessionTimeoutMs')
  let f_rebalanceTimeoutMs: number = -1
  if (version >= 1) {
    f_rebalanceTimeoutMs = r.int32('JoinGroupRequest.rebalanceTimeoutMs')
  }
  const f_memberId: string = r.string('JoinGroupRequest.memberId', version >= 6)
  let f_groupInstanceId: string | null = null
  if (version >= 5) {
    f_groupInstanceId = r.nullableString('JoinGroupRequest.groupInstanceId', version >= 6)
  }
  const f_protocolType: string = r.string('JoinGroupRequest.protocolType', version >= 6)
  let f_protocols: JoinGroupRequestProtocol[]
  {
    const n = r.arrayLength('JoinGroupRequest.protocols', version >= 6, false, 3)
    const a: JoinGroupRequestProtocol[] = []
    for (let i = 0; i < n; i++) a.push(readJoinGroupRequestProtocol(r, version))
    f_protocols = a
  }
  let f_reason: string | null = null
  if (version >= 8) {
    f_reason = r.nullableString('JoinGroupRequest.reason', true)
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('JoinGroupRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('JoinGroupRequest')
      const end = r.taggedFieldEnd('JoinGroupRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'JoinGroupRequest'))
      }
    }
  }
  const value: JoinGroupRequest = {
    groupId: f_groupId,
    sessionTimeoutMs: f_sessionTimeoutMs,
    rebalanceTimeoutMs: f_rebalanceTimeoutMs,
    memberId: f_memberId,
    groupInstanceId: f_groupInstanceId,
    protocolType: f_protocolType,
    protocols: f_protocols,
    reason: f_reason,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const JoinGroupRequestProtocolSchema: StructSchema = {
  name: 'JoinGroupRequestProtocol',
  versions: [0, 9],
  fields: [
    {
      name: 'name',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
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
  create: () => createJoinGroupRequestProtocol(),
}

const JoinGroupRequestSchema: StructSchema = {
  name: 'JoinGroupRequest',
  versions: [0, 9],
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
      name: 'sessionTimeoutMs',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'rebalanceTimeoutMs',
      type: 'int32',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
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
      versions: [5, 32767],
      nullableVersions: [5, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'null',
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
      name: 'protocols',
      type: 'array',
      element: JoinGroupRequestProtocolSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'reason',
      type: 'string',
      versions: [8, 32767],
      nullableVersions: [8, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: 'null',
    },
  ],
  create: () => createJoinGroupRequest(),
}

/** The JoinGroupRequest codec: versions 0-9. */
export const JoinGroupRequestCodec: MessageCodec<JoinGroupRequest> = defineCodec<JoinGroupRequest>({
  name: 'JoinGroupRequest',
  apiKey: 11,
  type: 'request',
  versions: [0, 9],
  flexibleVersions: [6, 32767],
  latestVersionUnstable: false,
  schema: JoinGroupRequestSchema,
  create: createJoinGroupRequest,
  size: sizeJoinGroupRequest,
  write: writeJoinGroupRequest,
  read: readJoinGroupRequest,
})
