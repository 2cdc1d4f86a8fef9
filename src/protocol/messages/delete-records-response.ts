/**
 * DeleteRecordsResponse (API key 21): generated from vendor/kafka-messages/DeleteRecordsResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-2; flexible versions 2+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** DeleteRecordsResponse, versions 0-2. */
export interface DeleteRecordsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 0+) */
  throttleTimeMs: number
  /** Each topic that we wanted to delete records from. (versions 0+) */
  topics: DeleteRecordsTopicResult[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** DeleteRecordsPartitionResult, inside DeleteRecordsResponse (versions 0-2). */
export interface DeleteRecordsPartitionResult {
  /** The partition index. (versions 0+) */
  partitionIndex: number
  /** The partition low water mark. (versions 0+) */
  lowWatermark: bigint
  /** The deletion error code, or 0 if the deletion succeeded. (versions 0+) */
  errorCode: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** DeleteRecordsTopicResult, inside DeleteRecordsResponse (versions 0-2). */
export interface DeleteRecordsTopicResult {
  /** The topic name. (versions 0+) */
  name: string
  /** Each partition that we wanted to delete records from. (versions 0+) */
  partitions: DeleteRecordsPartitionResult[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link DeleteRecordsResponse} with every field at its default, overridden by `fields`. */
export function createDeleteRecordsResponse(fields: Partial<DeleteRecordsResponse> = {}): DeleteRecordsResponse {
  return { throttleTimeMs: 0, topics: [], ...fields }
}

/** A new {@link DeleteRecordsPartitionResult} with every field at its default, overridden by `fields`. */
export function createDeleteRecordsPartitionResult(fields: Partial<DeleteRecordsPartitionResult> = {}): DeleteRecordsPartitionResult {
  return { partitionIndex: 0, lowWatermark: 0n, errorCode: 0, ...fields }
}

/** A new {@link DeleteRecordsTopicResult} with every field at its default, overridden by `fields`. */
export function createDeleteRecordsTopicResult(fields: Partial<DeleteRecordsTopicResult> = {}): DeleteRecordsTopicResult {
  return { name: '', partitions: [], ...fields }
}

function sizeDeleteRecordsPartitionResult(v: DeleteRecordsPartitionResult, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += 4
  size += 8
  size += 2
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DeleteRecordsResponse.topics[].partitions[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DeleteRecordsResponse.topics[].partitions[]')
  }
  return size
}

function writeDeleteRecordsPartitionResult(w: ProtocolWriter, v: DeleteRecordsPartitionResult, version: number): void {
  const flexible = version >= 2
  w.int32(v.partitionIndex, 'DeleteRecordsResponse.topics[].partitions[].partitionIndex')
  w.int64(v.lowWatermark, 'DeleteRecordsResponse.topics[].partitions[].lowWatermark')
  w.int16(v.errorCode, 'DeleteRecordsResponse.topics[].partitions[].errorCode')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDeleteRecordsPartitionResult(r: ProtocolReader, version: number): DeleteRecordsPartitionResult {
  const flexible = version >= 2
  const f_partitionIndex: number = r.int32('DeleteRecordsResponse.topics[].partitions[].partitionIndex')
  const f_lowWatermark: bigint = r.int64('DeleteRecordsResponse.topics[].partitions[].lowWatermark')
  const f_errorCode: number = r.int16('DeleteRecordsResponse.topics[].partitions[].errorCode')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DeleteRecordsResponse.topics[].partitions[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DeleteRecordsResponse.topics[].partitions[]')
      const end = r.taggedFieldEnd('DeleteRecordsResponse.topics[].partitions[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DeleteRecordsResponse.topics[].partitions[]'))
      }
    }
  }
  const value: DeleteRecordsPartitionResult = { partitionIndex: f_partitionIndex, lowWatermark: f_lowWatermark, errorCode: f_errorCode }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDeleteRecordsTopicResult(v: DeleteRecordsTopicResult, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += sizeOfString(v.name, version >= 2, false, 'DeleteRecordsResponse.topics[].name')
  size += sizeOfArrayLength(v.partitions, version >= 2, false, 'DeleteRecordsResponse.topics[].partitions')
  for (const e of v.partitions) size += sizeDeleteRecordsPartitionResult(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DeleteRecordsResponse.topics[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DeleteRecordsResponse.topics[]')
  }
  return size
}

function writeDeleteRecordsTopicResult(w: ProtocolWriter, v: DeleteRecordsTopicResult, version: number): void {
  const flexible = version >= 2
  w.string(v.name, version >= 2)
  w.arrayLength(v.partitions, version >= 2)
  for (const e of v.partitions) writeDeleteRecordsPartitionResult(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDeleteRecordsTopicResult(r: ProtocolReader, version: number): DeleteRecordsTopicResult {
  const flexible = version >= 2
  const f_name: string = r.string('DeleteRecordsResponse.topics[].name', version >= 2)
  let f_partitions: DeleteRecordsPartitionResult[]
  {
    const n = r.arrayLength('DeleteRecordsResponse.topics[].partitions', version >= 2, false, 14)
    const a: DeleteRecordsPartitionResult[] = []
    for (let i = 0; i < n; i++) a.push(readDeleteRecordsPartitionResult(r, version))
    f_partitions = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DeleteRecordsResponse.topics[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DeleteRecordsResponse.topics[]')
      const end = r.taggedFieldEnd('DeleteRecordsResponse.topics[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DeleteRecordsResponse.topics[]'))
      }
    }
  }
  const value: DeleteRecordsTopicResult = { name: f_name, partitions: f_partitions }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDeleteRecordsResponse(v: DeleteRecordsResponse, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += 4
  size += sizeOfArrayLength(v.topics, version >= 2, false, 'DeleteRecordsResponse.topics')
  for (const e of v.topics) size += sizeDeleteRecordsTopicResult(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DeleteRecordsResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DeleteRecordsResponse')
  }
  return size
}

function writeDeleteRecordsResponse(w: ProtocolWriter, v: DeleteRecordsResponse, version: number): void {
  const flexible = version >= 2
  w.int32(v.throttleTimeMs, 'DeleteRecordsResponse.throttleTimeMs')
  w.arrayLength(v.topics, version >= 2)
  for (const e of v.topics) writeDeleteRecordsTopicResult(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDeleteRecordsResponse(r: ProtocolReader, version: number): DeleteRecordsResponse {
  const flexible = version >= 2
  const f_throttleTimeMs: number = r.int32('DeleteRecordsResponse.throttleTimeMs')
  let f_topics: DeleteRecordsTopicResult[]
  {
    const n = r.arrayLength('DeleteRecordsResponse.topics', version >= 2, false, 3)
    const a: DeleteRecordsTopicResult[] = []
    for (let i = 0; i < n; i++) a.push(readDeleteRecordsTopicResult(r, version))
    f_topics = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DeleteRecordsResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DeleteRecordsResponse')
      const end = r.taggedFieldEnd('DeleteRecordsResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DeleteRecordsResponse'))
      }
    }
  }
  const value: DeleteRecordsResponse = { throttleTimeMs: f_throttleTimeMs, topics: f_topics }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const DeleteRecordsPartitionResultSchema: StructSchema = {
  name: 'DeleteRecordsPartitionResult',
  versions: [0, 2],
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
      name: 'lowWatermark',
      type: 'int64',
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
  ],
  create: () => createDeleteRecordsPartitionResult(),
}

const DeleteRecordsTopicResultSchema: StructSchema = {
  name: 'DeleteRecordsTopicResult',
  versions: [0, 2],
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
      element: DeleteRecordsPartitionResultSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDeleteRecordsTopicResult(),
}

const DeleteRecordsResponseSchema: StructSchema = {
  name: 'DeleteRecordsResponse',
  versions: [0, 2],
  fields: [
    {
      name: 'throttleTimeMs',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'topics',
      type: 'array',
      element: DeleteRecordsTopicResultSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDeleteRecordsResponse(),
}

/** The DeleteRecordsResponse codec: versions 0-2. */
export const DeleteRecordsResponseCodec: MessageCodec<DeleteRecordsResponse> = defineCodec<DeleteRecordsResponse>({
  name: 'DeleteRecordsResponse',
  apiKey: 21,
  type: 'response',
  versions: [0, 2],
  flexibleVersions: [2, 32767],
  latestVersionUnstable: false,
  schema: DeleteRecordsResponseSchema,
  create: createDeleteRecordsResponse,
  size: sizeDeleteRecordsResponse,
  write: writeDeleteRecordsResponse,
  read: readDeleteRecordsResponse,
})
