/**
 * ListOffsetsRequest (API key 2): generated from vendor/kafka-messages/ListOffsetsRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 1-10; flexible versions 6+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** ListOffsetsRequest, versions 1-10. */
export interface ListOffsetsRequest {
  /** The broker ID of the requester, or -1 if this request is being made by a normal consumer. (versions 0+) */
  replicaId: number
  /** This setting controls the visibility of transactional records. Using READ_UNCOMMITTED (isolation_level = 0) makes all records visible. With READ_COMMITTED (isolation_level = 1), non-transactional and COMMITTED transactional records are visible. To be more concrete, READ_COMMITTED returns all data from offsets smaller than the current LSO (last stable offset), and enables the inclusion of the list of aborted transactions in the result, which allows consumers to discard ABORTED transactional records. (versions 2+) */
  isolationLevel: number
  /** Each topic in the request. (versions 0+) */
  topics: ListOffsetsTopic[]
  /** The timeout to await a response in milliseconds for requests that require reading from remote storage for topics enabled with tiered storage. (versions 10+; ignorable) */
  timeoutMs: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** ListOffsetsPartition, inside ListOffsetsRequest (versions 1-10). */
export interface ListOffsetsPartition {
  /** The partition index. (versions 0+) */
  partitionIndex: number
  /** The current leader epoch. (versions 4+; default -1; ignorable) */
  currentLeaderEpoch: number
  /** The current timestamp. (versions 0+) */
  timestamp: bigint
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** ListOffsetsTopic, inside ListOffsetsRequest (versions 1-10). */
export interface ListOffsetsTopic {
  /** The topic name. (versions 0+) */
  name: string
  /** Each partition in the request. (versions 0+) */
  partitions: ListOffsetsPartition[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link ListOffsetsRequest} with every field at its default, overridden by `fields`. */
export function createListOffsetsRequest(fields: Partial<ListOffsetsRequest> = {}): ListOffsetsRequest {
  return { replicaId: 0, isolationLevel: 0, topics: [], timeoutMs: 0, ...fields }
}

/** A new {@link ListOffsetsPartition} with every field at its default, overridden by `fields`. */
export function createListOffsetsPartition(fields: Partial<ListOffsetsPartition> = {}): ListOffsetsPartition {
  return { partitionIndex: 0, currentLeaderEpoch: -1, timestamp: 0n, ...fields }
}

/** A new {@link ListOffsetsTopic} with every field at its default, overridden by `fields`. */
export function createListOffsetsTopic(fields: Partial<ListOffsetsTopic> = {}): ListOffsetsTopic {
  return { name: '', partitions: [], ...fields }
}

function sizeListOffsetsPartition(v: ListOffsetsPartition, version: number): number {
  const flexible = version >= 6
  let size = 0
  size += 4
  if (version >= 4) {
    size += 4
  }
  size += 8
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'ListOffsetsRequest.topics[].partitions[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'ListOffsetsRequest.topics[].partitions[]')
  }
  return size
}

function writeListOffsetsPartition(w: ProtocolWriter, v: ListOffsetsPartition, version: number): void {
  const flexible = version >= 6
  w.int32(v.partitionIndex, 'ListOffsetsRequest.topics[].partitions[].partitionIndex')
  if (version >= 4) {
    w.int32(v.currentLeaderEpoch, 'ListOffsetsRequest.topics[].partitions[].currentLeaderEpoch')
  }
  w.int64(v.timestamp, 'ListOffsetsRequest.topics[].partitions[].timestamp')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readListOffsetsPartition(r: ProtocolReader, version: number): ListOffsetsPartition {
  const flexible = version >= 6
  const f_partitionIndex: number = r.int32('ListOffsetsRequest.topics[].partitions[].partitionIndex')
  let f_currentLeaderEpoch: number = -1
  if (version >= 4) {
    f_currentLeaderEpoch = r.int32('ListOffsetsRequest.topics[].partitions[].currentLeaderEpoch')
  }
  const f_timestamp: bigint = r.int64('ListOffsetsRequest.topics[].partitions[].timestamp')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('ListOffsetsRequest.topics[].partitions[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('ListOffsetsRequest.topics[].partitions[]')
      const end = r.taggedFieldEnd('ListOffsetsRequest.topics[].partitions[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ListOffsetsRequest.topics[].partitions[]'))
      }
    }
  }
  const value: ListOffsetsPartition = { partitionIndex: f_partitionIndex, currentLeaderEpoch: f_currentLeaderEpoch, timestamp: f_timestamp }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeListOffsetsTopic(v: ListOffsetsTopic, version: number): number {
  const flexible = version >= 6
  let size = 0
  size += sizeOfString(v.name, version >= 6, false, 'ListOffsetsRequest.topics[].name')
  size += sizeOfArrayLength(v.partitions, version >= 6, false, 'ListOffsetsRequest.topics[].partitions')
  for (const e of v.partitions) size += sizeListOffsetsPartition(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'ListOffsetsRequest.topics[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'ListOffsetsRequest.topics[]')
  }
  return size
}

function writeListOffsetsTopic(w: ProtocolWriter, v: ListOffsetsTopic, version: number): void {
  const flexible = version >= 6
  w.string(v.name, version >= 6)
  w.arrayLength(v.partitions, version >= 6)
  for (const e of v.partitions) writeListOffsetsPartition(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readListOffsetsTopic(r: ProtocolReader, version: number): ListOffsetsTopic {
  const flexible = version >= 6
  const f_name: string = r.string('ListOffsetsRequest.topics[].name', version >= 6)
  let f_partitions: ListOffsetsPartition[]
  {
    const n = r.arrayLength('ListOffsetsRequest.topics[].partitions', version >= 6, false, 12)
    const a: ListOffsetsPartition[] = []
    for (let i = 0; i < n; i++) a.push(readListOffsetsPartition(r, version))
    f_partitions = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('ListOffsetsRequest.topics[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('ListOffsetsRequest.topics[]')
      const end = r.taggedFieldEnd('ListOffsetsRequest.topics[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ListOffsetsRequest.topics[]'))
      }
    }
  }
  const value: ListOffsetsTopic = { name: f_name, partitions: f_partitions }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeListOffsetsRequest(v: ListOffsetsRequest, version: number): number {
  const flexible = version >= 6
  let size = 0
  size += 4
  if (version >= 2) {
    size += 1
  }
  if (!(version >= 2)) {
    if (v.isolationLevel !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'ListOffsetsRequest.isolationLevel')
  }
  size += sizeOfArrayLength(v.topics, version >= 6, false, 'ListOffsetsRequest.topics')
  for (const e of v.topics) size += sizeListOffsetsTopic(e, version)
  if (version >= 10) {
    size += 4
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'ListOffsetsRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'ListOffsetsRequest')
  }
  return size
}

function writeListOffsetsRequest(w: ProtocolWriter, v: ListOffsetsRequest, version: number): void {
  const flexible = version >= 6
  w.int32(v.replicaId, 'ListOffsetsRequest.replicaId')
  if (version >= 2) {
    w.int8(v.isolationLevel, 'ListOffsetsRequest.isolationLevel')
  }
  w.arrayLength(v.topics, version >= 6)
  for (const e of v.topics) writeListOffsetsTopic(w, e, version)
  if (version >= 10) {
    w.int32(v.timeoutMs, 'ListOffsetsRequest.timeoutMs')
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readListOffsetsRequest(r: ProtocolReader, version: number): ListOffsetsRequest {
  const flexible = version >= 6
  const f_replicaId: number = r.int32('ListOffsetsRequest.replicaId')
  let f_isolationLevel: number = 0
  if (version >= 2) {
    f_isolationLevel = r.int8('ListOffsetsRequest.isolationLevel')
  }
  let f_topics: ListOffsetsTopic[]
  {
    const n = r.arrayLength('ListOffsetsRequest.topics', version >= 6, false, 3)
    const a: ListOffsetsTopic[] = []
    for (let i = 0; i < n; i++) a.push(readListOffsetsTopic(r, version))
    f_topics = a
  }
  let f_timeoutMs: number = 0
  if (version >= 10) {
    f_timeoutMs = r.int32('ListOffsetsRequest.timeoutMs')
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('ListOffsetsRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('ListOffsetsRequest')
      const end = r.taggedFieldEnd('ListOffsetsRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ListOffsetsRequest'))
      }
    }
  }
  const value: ListOffsetsRequest = { replicaId: f_replicaId, isolationLevel: f_isolationLevel, topics: f_topics, timeoutMs: f_timeoutMs }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const ListOffsetsPartitionSchema: StructSchema = {
  name: 'ListOffsetsPartition',
  versions: [1, 10],
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
      name: 'currentLeaderEpoch',
      type: 'int32',
      versions: [4, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
    {
      name: 'timestamp',
      type: 'int64',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createListOffsetsPartition(),
}

const ListOffsetsTopicSchema: StructSchema = {
  name: 'ListOffsetsTopic',
  versions: [1, 10],
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
      element: ListOffsetsPartitionSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createListOffsetsTopic(),
}

const ListOffsetsRequestSchema: StructSchema = {
  name: 'ListOffsetsRequest',
  versions: [1, 10],
  fields: [
    {
      name: 'replicaId',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'isolationLevel',
      type: 'int8',
      versions: [2, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'topics',
      type: 'array',
      element: ListOffsetsTopicSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'timeoutMs',
      type: 'int32',
      versions: [10, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
  ],
  create: () => createListOffsetsRequest(),
}

/** The ListOffsetsRequest codec: versions 1-10. */
export const ListOffsetsRequestCodec: MessageCodec<ListOffsetsRequest> = defineCodec<ListOffsetsRequest>({
  name: 'ListOffsetsRequest',
  apiKey: 2,
  type: 'request',
  versions: [1, 10],
  flexibleVersions: [6, 32767],
  latestVersionUnstable: false,
  schema: ListOffsetsRequestSchema,
  create: createListOffsetsRequest,
  size: sizeListOffsetsRequest,
  write: writeListOffsetsRequest,
  read: readListOffsetsRequest,
})
