/**
 * ListOffsetsResponse (API key 2): generated from vendor/kafka-messages/ListOffsetsResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 1-10; flexible versions 6+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** ListOffsetsResponse, versions 1-10. */
export interface ListOffsetsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 2+; ignorable) */
  throttleTimeMs: number
  /** Each topic in the response. (versions 0+) */
  topics: ListOffsetsTopicResponse[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** ListOffsetsPartitionResponse, inside ListOffsetsResponse (versions 1-10). */
export interface ListOffsetsPartitionResponse {
  /** The partition index. (versions 0+) */
  partitionIndex: number
  /** The partition error code, or 0 if there was no error. (versions 0+) */
  errorCode: number
  /** The timestamp associated with the returned offset. (versions 1+; default -1) */
  timestamp: bigint
  /** The returned offset. (versions 1+; default -1) */
  offset: bigint
  /** The leader epoch associated with the returned offset. (versions 4+; default -1) */
  leaderEpoch: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** ListOffsetsTopicResponse, inside ListOffsetsResponse (versions 1-10). */
export interface ListOffsetsTopicResponse {
  /** The topic name. (versions 0+) */
  name: string
  /** Each partition in the response. (versions 0+) */
  partitions: ListOffsetsPartitionResponse[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link ListOffsetsResponse} with every field at its default, overridden by `fields`. */
export function createListOffsetsResponse(fields: Partial<ListOffsetsResponse> = {}): ListOffsetsResponse {
  return { throttleTimeMs: 0, topics: [], ...fields }
}

/** A new {@link ListOffsetsPartitionResponse} with every field at its default, overridden by `fields`. */
export function createListOffsetsPartitionResponse(fields: Partial<ListOffsetsPartitionResponse> = {}): ListOffsetsPartitionResponse {
  return { partitionIndex: 0, errorCode: 0, timestamp: -1n, offset: -1n, leaderEpoch: -1, ...fields }
}

/** A new {@link ListOffsetsTopicResponse} with every field at its default, overridden by `fields`. */
export function createListOffsetsTopicResponse(fields: Partial<ListOffsetsTopicResponse> = {}): ListOffsetsTopicResponse {
  return { name: '', partitions: [], ...fields }
}

function sizeListOffsetsPartitionResponse(v: ListOffsetsPartitionResponse, version: number): number {
  const flexible = version >= 6
  let size = 0
  size += 4
  size += 2
  size += 8
  size += 8
  if (version >= 4) {
    size += 4
  }
  if (!(version >= 4)) {
    if (v.leaderEpoch !== -1)
      throw unsupportedVersion(
        `a non-default value at version ${version}, which lacks the field`,
        'ListOffsetsResponse.topics[].partitions[].leaderEpoch',
      )
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'ListOffsetsResponse.topics[].partitions[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'ListOffsetsResponse.topics[].partitions[]')
  }
  return size
}

function writeListOffsetsPartitionResponse(w: ProtocolWriter, v: ListOffsetsPartitionResponse, version: number): void {
  const flexible = version >= 6
  w.int32(v.partitionIndex, 'ListOffsetsResponse.topics[].partitions[].partitionIndex')
  w.int16(v.errorCode, 'ListOffsetsResponse.topics[].partitions[].errorCode')
  w.int64(v.timestamp, 'ListOffsetsResponse.topics[].partitions[].timestamp')
  w.int64(v.offset, 'ListOffsetsResponse.topics[].partitions[].offset')
  if (version >= 4) {
    w.int32(v.leaderEpoch, 'ListOffsetsResponse.topics[].partitions[].leaderEpoch')
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readListOffsetsPartitionResponse(r: ProtocolReader, version: number): ListOffsetsPartitionResponse {
  const flexible = version >= 6
  const f_partitionIndex: number = r.int32('ListOffsetsResponse.topics[].partitions[].partitionIndex')
  const f_errorCode: number = r.int16('ListOffsetsResponse.topics[].partitions[].errorCode')
  const f_timestamp: bigint = r.int64('ListOffsetsResponse.topics[].partitions[].timestamp')
  const f_offset: bigint = r.int64('ListOffsetsResponse.topics[].partitions[].offset')
  let f_leaderEpoch: number = -1
  if (version >= 4) {
    f_leaderEpoch = r.int32('ListOffsetsResponse.topics[].partitions[].leaderEpoch')
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('ListOffsetsResponse.topics[].partitions[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('ListOffsetsResponse.topics[].partitions[]')
      const end = r.taggedFieldEnd('ListOffsetsResponse.topics[].partitions[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ListOffsetsResponse.topics[].partitions[]'))
      }
    }
  }
  const value: ListOffsetsPartitionResponse = {
    partitionIndex: f_partitionIndex,
    errorCode: f_errorCode,
    timestamp: f_timestamp,
    offset: f_offset,
    leaderEpoch: f_leaderEpoch,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeListOffsetsTopicResponse(v: ListOffsetsTopicResponse, version: number): number {
  const flexible = version >= 6
  let size = 0
  size += sizeOfString(v.name, version >= 6, false, 'ListOffsetsResponse.topics[].name')
  size += sizeOfArrayLength(v.partitions, version >= 6, false, 'ListOffsetsResponse.topics[].partitions')
  for (const e of v.partitions) size += sizeListOffsetsPartitionResponse(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'ListOffsetsResponse.topics[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'ListOffsetsResponse.topics[]')
  }
  return size
}

function writeListOffsetsTopicResponse(w: ProtocolWriter, v: ListOffsetsTopicResponse, version: number): void {
  const flexible = version >= 6
  w.string(v.name, version >= 6)
  w.arrayLength(v.partitions, version >= 6)
  for (const e of v.partitions) writeListOffsetsPartitionResponse(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readListOffsetsTopicResponse(r: ProtocolReader, version: number): ListOffsetsTopicResponse {
  const flexible = version >= 6
  const f_name: string = r.string('ListOffsetsResponse.topics[].name', version >= 6)
  let f_partitions: ListOffsetsPartitionResponse[]
  {
    const n = r.arrayLength('ListOffsetsResponse.topics[].partitions', version >= 6, false, 22)
    const a: ListOffsetsPartitionResponse[] = []
    for (let i = 0; i < n; i++) a.push(readListOffsetsPartitionResponse(r, version))
    f_partitions = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('ListOffsetsResponse.topics[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('ListOffsetsResponse.topics[]')
      const end = r.taggedFieldEnd('ListOffsetsResponse.topics[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ListOffsetsResponse.topics[]'))
      }
    }
  }
  const value: ListOffsetsTopicResponse = { name: f_name, partitions: f_partitions }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeListOffsetsResponse(v: ListOffsetsResponse, version: number): number {
  const flexible = version >= 6
  let size = 0
  if (version >= 2) {
    size += 4
  }
  size += sizeOfArrayLength(v.topics, version >= 6, false, 'ListOffsetsResponse.topics')
  for (const e of v.topics) size += sizeListOffsetsTopicResponse(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'ListOffsetsResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'ListOffsetsResponse')
  }
  return size
}

function writeListOffsetsResponse(w: ProtocolWriter, v: ListOffsetsResponse, version: number): void {
  const flexible = version >= 6
  if (version >= 2) {
    w.int32(v.throttleTimeMs, 'ListOffsetsResponse.throttleTimeMs')
  }
  w.arrayLength(v.topics, version >= 6)
  for (const e of v.topics) writeListOffsetsTopicResponse(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readListOffsetsResponse(r: ProtocolReader, version: number): ListOffsetsResponse {
  const flexible = version >= 6
  let f_throttleTimeMs: number = 0
  if (version >= 2) {
    f_throttleTimeMs = r.int32('ListOffsetsResponse.throttleTimeMs')
  }
  let f_topics: ListOffsetsTopicResponse[]
  {
    const n = r.arrayLength('ListOffsetsResponse.topics', version >= 6, false, 3)
    const a: ListOffsetsTopicResponse[] = []
    for (let i = 0; i < n; i++) a.push(readListOffsetsTopicResponse(r, version))
    f_topics = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('ListOffsetsResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('ListOffsetsResponse')
      const end = r.taggedFieldEnd('ListOffsetsResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ListOffsetsResponse'))
      }
    }
  }
  const value: ListOffsetsResponse = { throttleTimeMs: f_throttleTimeMs, topics: f_topics }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const ListOffsetsPartitionResponseSchema: StructSchema = {
  name: 'ListOffsetsPartitionResponse',
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
      name: 'timestamp',
      type: 'int64',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
    },
    {
      name: 'offset',
      type: 'int64',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
    },
    {
      name: 'leaderEpoch',
      type: 'int32',
      versions: [4, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
    },
  ],
  create: () => createListOffsetsPartitionResponse(),
}

const ListOffsetsTopicResponseSchema: StructSchema = {
  name: 'ListOffsetsTopicResponse',
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
      element: ListOffsetsPartitionResponseSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createListOffsetsTopicResponse(),
}

const ListOffsetsResponseSchema: StructSchema = {
  name: 'ListOffsetsResponse',
  versions: [1, 10],
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
      name: 'topics',
      type: 'array',
      element: ListOffsetsTopicResponseSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createListOffsetsResponse(),
}

/** The ListOffsetsResponse codec: versions 1-10. */
export const ListOffsetsResponseCodec: MessageCodec<ListOffsetsResponse> = defineCodec<ListOffsetsResponse>({
  name: 'ListOffsetsResponse',
  apiKey: 2,
  type: 'response',
  versions: [1, 10],
  flexibleVersions: [6, 32767],
  latestVersionUnstable: false,
  schema: ListOffsetsResponseSchema,
  create: createListOffsetsResponse,
  size: sizeListOffsetsResponse,
  write: writeListOffsetsResponse,
  read: readListOffsetsResponse,
})
