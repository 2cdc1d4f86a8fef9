/**
 * OffsetCommitRequest (API key 8): generated from vendor/kafka-messages/OffsetCommitRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 2-9; flexible versions 8+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** OffsetCommitRequest, versions 2-9. */
export interface OffsetCommitRequest {
  /** The unique group identifier. (versions 0+) */
  groupId: string
  /** The generation of the group if using the classic group protocol or the member epoch if using the consumer protocol. (versions 1+; default -1; ignorable) */
  generationIdOrMemberEpoch: number
  /** The member ID assigned by the group coordinator. (versions 1+; ignorable) */
  memberId: string
  /** The unique identifier of the consumer instance provided by end user. (versions 7+; nullable 7+; default null) */
  groupInstanceId: string | null
  /** The time period in ms to retain the offset. (versions 2-4; default -1; ignorable) */
  retentionTimeMs: bigint
  /** The topics to commit offsets for. (versions 0+) */
  topics: OffsetCommitRequestTopic[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** OffsetCommitRequestPartition, inside OffsetCommitRequest (versions 2-9). */
export interface OffsetCommitRequestPartition {
  /** The partition index. (versions 0+) */
  partitionIndex: number
  /** The message offset to be committed. (versions 0+) */
  committedOffset: bigint
  /** The leader epoch of this partition. (versions 6+; default -1; ignorable) */
  committedLeaderEpoch: number
  /** Any associated metadata the client wants to keep. (versions 0+; nullable 0+) */
  committedMetadata: string | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** OffsetCommitRequestTopic, inside OffsetCommitRequest (versions 2-9). */
export interface OffsetCommitRequestTopic {
  /** The topic name. (versions 0+) */
  name: string
  /** Each partition to commit offsets for. (versions 0+) */
  partitions: OffsetCommitRequestPartition[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link OffsetCommitRequest} with every field at its default, overridden by `fields`. */
export function createOffsetCommitRequest(fields: Partial<OffsetCommitRequest> = {}): OffsetCommitRequest {
  return { groupId: '', generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1n, topics: [], ...fields }
}

/** A new {@link OffsetCommitRequestPartition} with every field at its default, overridden by `fields`. */
export function createOffsetCommitRequestPartition(fields: Partial<OffsetCommitRequestPartition> = {}): OffsetCommitRequestPartition {
  return { partitionIndex: 0, committedOffset: 0n, committedLeaderEpoch: -1, committedMetadata: '', ...fields }
}

/** A new {@link OffsetCommitRequestTopic} with every field at its default, overridden by `fields`. */
export function createOffsetCommitRequestTopic(fields: Partial<OffsetCommitRequestTopic> = {}): OffsetCommitRequestTopic {
  return { name: '', partitions: [], ...fields }
}

function sizeOffsetCommitRequestPartition(v: OffsetCommitRequestPartition, version: number): number {
  const flexible = version >= 8
  let size = 0
  size += 4
  size += 8
  if (version >= 6) {
    size += 4
  }
  size += sizeOfString(v.committedMetadata, version >= 8, true, 'OffsetCommitRequest.topics[].partitions[].committedMetadata')
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'OffsetCommitRequest.topics[].partitions[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'OffsetCommitRequest.topics[].partitions[]')
  }
  return size
}

function writeOffsetCommitRequestPartition(w: ProtocolWriter, v: OffsetCommitRequestPartition, version: number): void {
  const flexible = version >= 8
  w.int32(v.partitionIndex, 'OffsetCommitRequest.topics[].partitions[].partitionIndex')
  w.int64(v.committedOffset, 'OffsetCommitRequest.topics[].partitions[].committedOffset')
  if (version >= 6) {
    w.int32(v.committedLeaderEpoch, 'OffsetCommitRequest.topics[].partitions[].committedLeaderEpoch')
  }
  w.string(v.committedMetadata, version >= 8)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readOffsetCommitRequestPartition(r: ProtocolReader, version: number): OffsetCommitRequestPartition {
  const flexible = version >= 8
  const f_partitionIndex: number = r.int32('OffsetCommitRequest.topics[].partitions[].partitionIndex')
  const f_committedOffset: bigint = r.int64('OffsetCommitRequest.topics[].partitions[].committedOffset')
  let f_committedLeaderEpoch: number = -1
  if (version >= 6) {
    f_committedLeaderEpoch = r.int32('OffsetCommitRequest.topics[].partitions[].committedLeaderEpoch')
  }
  const f_committedMetadata: string | null = r.nullableString('OffsetCommitRequest.topics[].partitions[].committedMetadata', version >= 8)
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('OffsetCommitRequest.topics[].partitions[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('OffsetCommitRequest.topics[].partitions[]')
      const end = r.taggedFieldEnd('OffsetCommitRequest.topics[].partitions[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'OffsetCommitRequest.topics[].partitions[]'))
      }
    }
  }
  const value: OffsetCommitRequestPartition = {
    partitionIndex: f_partitionIndex,
    committedOffset: f_committedOffset,
    committedLeaderEpoch: f_committedLeaderEpoch,
    committedMetadata: f_committedMetadata,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeOffsetCommitRequestTopic(v: OffsetCommitRequestTopic, version: number): number {
  const flexible = version >= 8
  let size = 0
  size += sizeOfString(v.name, version >= 8, false, 'OffsetCommitRequest.topics[].name')
  size += sizeOfArrayLength(v.partitions, version >= 8, false, 'OffsetCommitRequest.topics[].partitions')
  for (const e of v.partitions) size += sizeOffsetCommitRequestPartition(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'OffsetCommitRequest.topics[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'OffsetCommitRequest.topics[]')
  }
  return size
}

function writeOffsetCommitRequestTopic(w: ProtocolWriter, v: OffsetCommitRequestTopic, version: number): void {
  const flexible = version >= 8
  w.string(v.name, version >= 8)
  w.arrayLength(v.partitions, version >= 8)
  for (const e of v.partitions) writeOffsetCommitRequestPartition(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readOffsetCommitRequestTopic(r: ProtocolReader, version: number): OffsetCommitRequestTopic {
  const flexible = version >= 8
  const f_name: string = r.string('OffsetCommitRequest.topics[].name', version >= 8)
  let f_partitions: OffsetCommitRequestPartition[]
  {
    const n = r.arrayLength('OffsetCommitRequest.topics[].partitions', version >= 8, false, 14)
    const a: OffsetCommitRequestPartition[] = []
    for (let i = 0; i < n; i++) a.push(readOffsetCommitRequestPartition(r, version))
    f_partitions = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('OffsetCommitRequest.topics[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('OffsetCommitRequest.topics[]')
      const end = r.taggedFieldEnd('OffsetCommitRequest.topics[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'OffsetCommitRequest.topics[]'))
      }
    }
  }
  const value: OffsetCommitRequestTopic = { name: f_name, partitions: f_partitions }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeOffsetCommitRequest(v: OffsetCommitRequest, version: number): number {
  const flexible = version >= 8
  let size = 0
  size += sizeOfString(v.groupId, version >= 8, false, 'OffsetCommitRequest.groupId')
  size += 4
  size += sizeOfString(v.memberId, version >= 8, false, 'OffsetCommitRequest.memberId')
  if (version >= 7) {
    size += sizeOfString(v.groupInstanceId, version >= 8, true, 'OffsetCommitRequest.groupInstanceId')
  }
  if (!(version >= 7)) {
    if (v.groupInstanceId !== null)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'OffsetCommitRequest.groupInstanceId')
  }
  if (version <= 4) {
    size += 8
  }
  size += sizeOfArrayLength(v.topics, version >= 8, false, 'OffsetCommitRequest.topics')
  for (const e of v.topics) size += sizeOffsetCommitRequestTopic(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'OffsetCommitRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'OffsetCommitRequest')
  }
  return size
}

function writeOffsetCommitRequest(w: ProtocolWriter, v: OffsetCommitRequest, version: number): void {
  const flexible = version >= 8
  w.string(v.groupId, version >= 8)
  w.int32(v.generationIdOrMemberEpoch, 'OffsetCommitRequest.generationIdOrMemberEpoch')
  w.string(v.memberId, version >= 8)
  if (version >= 7) {
    w.string(v.groupInstanceId, version >= 8)
  }
  if (version <= 4) {
    w.int64(v.retentionTimeMs, 'OffsetCommitRequest.retentionTimeMs')
  }
  w.arrayLength(v.topics, version >= 8)
  for (const e of v.topics) writeOffsetCommitRequestTopic(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readOffsetCommitRequest(r: ProtocolReader, version: number): OffsetCommitRequest {
  const flexible = version >= 8
  const f_groupId: string = r.string('OffsetCommitRequest.groupId', version >= 8)
  const f_generationIdOrMemberEpoch: number = r.int32('OffsetCommitRequest.generationIdOrMemberEpoch')
  const f_memberId: string = r.string('OffsetCommitRequest.memberId', version >= 8)
  let f_groupInstanceId: string | null = null
  if (version >= 7) {
    f_groupInstanceId = r.nullableString('OffsetCommitRequest.groupInstanceId', version >= 8)
  }
  let f_retentionTimeMs: bigint = -1n
  if (version <= 4) {
    f_retentionTimeMs = r.int64('OffsetCommitRequest.retentionTimeMs')
  }
  let f_topics: OffsetCommitRequestTopic[]
  {
    const n = r.arrayLength('OffsetCommitRequest.topics', version >= 8, false, 3)
    const a: OffsetCommitRequestTopic[] = []
    for (let i = 0; i < n; i++) a.push(readOffsetCommitRequestTopic(r, version))
    f_topics = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('OffsetCommitRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('OffsetCommitRequest')
      const end = r.taggedFieldEnd('OffsetCommitRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'OffsetCommitRequest'))
      }
    }
  }
  const value: OffsetCommitRequest = {
    groupId: f_groupId,
    generationIdOrMemberEpoch: f_generationIdOrMemberEpoch,
    memberId: f_memberId,
    groupInstanceId: f_groupInstanceId,
    retentionTimeMs: f_retentionTimeMs,
    topics: f_topics,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const OffsetCommitRequestPartitionSchema: StructSchema = {
  name: 'OffsetCommitRequestPartition',
  versions: [2, 9],
  fields: [
    {
      name: 'partitionIndex',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'committedOffset',
      type: 'int64',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'committedLeaderEpoch',
      type: 'int32',
      versions: [6, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
    {
      name: 'committedMetadata',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createOffsetCommitRequestPartition(),
}

const OffsetCommitRequestTopicSchema: StructSchema = {
  name: 'OffsetCommitRequestTopic',
  versions: [2, 9],
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
      name: 'partitions',
      type: 'array',
      element: OffsetCommitRequestPartitionSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createOffsetCommitRequestTopic(),
}

const OffsetCommitRequestSchema: StructSchema = {
  name: 'OffsetCommitRequest',
  versions: [2, 9],
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
      name: 'generationIdOrMemberEpoch',
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
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'groupInstanceId',
      type: 'string',
      versions: [7, 32767],
      nullableVersions: [7, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'null',
    },
    {
      name: 'retentionTimeMs',
      type: 'int64',
      versions: [2, 4],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
    {
      name: 'topics',
      type: 'array',
      element: OffsetCommitRequestTopicSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createOffsetCommitRequest(),
}

/** The OffsetCommitRequest codec: versions 2-9. */
export const OffsetCommitRequestCodec: MessageCodec<OffsetCommitRequest> = defineCodec<OffsetCommitRequest>({
  name: 'OffsetCommitRequest',
  apiKey: 8,
  type: 'request',
  versions: [2, 9],
  flexibleVersions: [8, 32767],
  latestVersionUnstable: false,
  schema: OffsetCommitRequestSchema,
  create: createOffsetCommitRequest,
  size: sizeOffsetCommitRequest,
  write: writeOffsetCommitRequest,
  read: readOffsetCommitRequest,
})
