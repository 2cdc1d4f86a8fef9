/**
 * DeleteRecordsRequest (API key 21): generated from vendor/kafka-messages/DeleteRecordsRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-2; flexible versions 2+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** DeleteRecordsRequest, versions 0-2. */
export interface DeleteRecordsRequest {
  /** Each topic that we want to delete records from. (versions 0+) */
  topics: DeleteRecordsTopic[]
  /** How long to wait for the deletion to complete, in milliseconds. (versions 0+) */
  timeoutMs: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** DeleteRecordsPartition, inside DeleteRecordsRequest (versions 0-2). */
export interface DeleteRecordsPartition {
  /** The partition index. (versions 0+) */
  partitionIndex: number
  /** The deletion offset. (versions 0+) */
  offset: bigint
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** DeleteRecordsTopic, inside DeleteRecordsRequest (versions 0-2). */
export interface DeleteRecordsTopic {
  /** The topic name. (versions 0+) */
  name: string
  /** Each partition that we want to delete records from. (versions 0+) */
  partitions: DeleteRecordsPartition[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link DeleteRecordsRequest} with every field at its default, overridden by `fields`. */
export function createDeleteRecordsRequest(fields: Partial<DeleteRecordsRequest> = {}): DeleteRecordsRequest {
  return { topics: [], timeoutMs: 0, ...fields }
}

/** A new {@link DeleteRecordsPartition} with every field at its default, overridden by `fields`. */
export function createDeleteRecordsPartition(fields: Partial<DeleteRecordsPartition> = {}): DeleteRecordsPartition {
  return { partitionIndex: 0, offset: 0n, ...fields }
}

/** A new {@link DeleteRecordsTopic} with every field at its default, overridden by `fields`. */
export function createDeleteRecordsTopic(fields: Partial<DeleteRecordsTopic> = {}): DeleteRecordsTopic {
  return { name: '', partitions: [], ...fields }
}

function sizeDeleteRecordsPartition(v: DeleteRecordsPartition, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += 4
  size += 8
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DeleteRecordsRequest.topics[].partitions[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DeleteRecordsRequest.topics[].partitions[]')
  }
  return size
}

function writeDeleteRecordsPartition(w: ProtocolWriter, v: DeleteRecordsPartition, version: number): void {
  const flexible = version >= 2
  w.int32(v.partitionIndex, 'DeleteRecordsRequest.topics[].partitions[].partitionIndex')
  w.int64(v.offset, 'DeleteRecordsRequest.topics[].partitions[].offset')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDeleteRecordsPartition(r: ProtocolReader, version: number): DeleteRecordsPartition {
  const flexible = version >= 2
  const f_partitionIndex: number = r.int32('DeleteRecordsRequest.topics[].partitions[].partitionIndex')
  const f_offset: bigint = r.int64('DeleteRecordsRequest.topics[].partitions[].offset')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DeleteRecordsRequest.topics[].partitions[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DeleteRecordsRequest.topics[].partitions[]')
      const end = r.taggedFieldEnd('DeleteRecordsRequest.topics[].partitions[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DeleteRecordsRequest.topics[].partitions[]'))
      }
    }
  }
  const value: DeleteRecordsPartition = { partitionIndex: f_partitionIndex, offset: f_offset }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDeleteRecordsTopic(v: DeleteRecordsTopic, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += sizeOfString(v.name, version >= 2, false, 'DeleteRecordsRequest.topics[].name')
  size += sizeOfArrayLength(v.partitions, version >= 2, false, 'DeleteRecordsRequest.topics[].partitions')
  for (const e of v.partitions) size += sizeDeleteRecordsPartition(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DeleteRecordsRequest.topics[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DeleteRecordsRequest.topics[]')
  }
  return size
}

function writeDeleteRecordsTopic(w: ProtocolWriter, v: DeleteRecordsTopic, version: number): void {
  const flexible = version >= 2
  w.string(v.name, version >= 2)
  w.arrayLength(v.partitions, version >= 2)
  for (const e of v.partitions) writeDeleteRecordsPartition(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDeleteRecordsTopic(r: ProtocolReader, version: number): DeleteRecordsTopic {
  const flexible = version >= 2
  const f_name: string = r.string('DeleteRecordsRequest.topics[].name', version >= 2)
  let f_partitions: DeleteRecordsPartition[]
  {
    const n = r.arrayLength('DeleteRecordsRequest.topics[].partitions', version >= 2, false, 12)
    const a: DeleteRecordsPartition[] = []
    for (let i = 0; i < n; i++) a.push(readDeleteRecordsPartition(r, version))
    f_partitions = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DeleteRecordsRequest.topics[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DeleteRecordsRequest.topics[]')
      const end = r.taggedFieldEnd('DeleteRecordsRequest.topics[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DeleteRecordsRequest.topics[]'))
      }
    }
  }
  const value: DeleteRecordsTopic = { name: f_name, partitions: f_partitions }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDeleteRecordsRequest(v: DeleteRecordsRequest, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += sizeOfArrayLength(v.topics, version >= 2, false, 'DeleteRecordsRequest.topics')
  for (const e of v.topics) size += sizeDeleteRecordsTopic(e, version)
  size += 4
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DeleteRecordsRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DeleteRecordsRequest')
  }
  return size
}

function writeDeleteRecordsRequest(w: ProtocolWriter, v: DeleteRecordsRequest, version: number): void {
  const flexible = version >= 2
  w.arrayLength(v.topics, version >= 2)
  for (const e of v.topics) writeDeleteRecordsTopic(w, e, version)
  w.int32(v.timeoutMs, 'DeleteRecordsRequest.timeoutMs')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDeleteRecordsRequest(r: ProtocolReader, version: number): DeleteRecordsRequest {
  const flexible = version >= 2
  let f_topics: DeleteRecordsTopic[]
  {
    const n = r.arrayLength('DeleteRecordsRequest.topics', version >= 2, false, 3)
    const a: DeleteRecordsTopic[] = []
    for (let i = 0; i < n; i++) a.push(readDeleteRecordsTopic(r, version))
    f_topics = a
  }
  const f_timeoutMs: number = r.int32('DeleteRecordsRequest.timeoutMs')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DeleteRecordsRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DeleteRecordsRequest')
      const end = r.taggedFieldEnd('DeleteRecordsRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DeleteRecordsRequest'))
      }
    }
  }
  const value: DeleteRecordsRequest = { topics: f_topics, timeoutMs: f_timeoutMs }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const DeleteRecordsPartitionSchema: StructSchema = {
  name: 'DeleteRecordsPartition',
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
      name: 'offset',
      type: 'int64',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDeleteRecordsPartition(),
}

const DeleteRecordsTopicSchema: StructSchema = {
  name: 'DeleteRecordsTopic',
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
      element: DeleteRecordsPartitionSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDeleteRecordsTopic(),
}

const DeleteRecordsRequestSchema: StructSchema = {
  name: 'DeleteRecordsRequest',
  versions: [0, 2],
  fields: [
    {
      name: 'topics',
      type: 'array',
      element: DeleteRecordsTopicSchema,
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
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDeleteRecordsRequest(),
}

/** The DeleteRecordsRequest codec: versions 0-2. */
export const DeleteRecordsRequestCodec: MessageCodec<DeleteRecordsRequest> = defineCodec<DeleteRecordsRequest>({
  name: 'DeleteRecordsRequest',
  apiKey: 21,
  type: 'request',
  versions: [0, 2],
  flexibleVersions: [2, 32767],
  latestVersionUnstable: false,
  schema: DeleteRecordsRequestSchema,
  create: createDeleteRecordsRequest,
  size: sizeDeleteRecordsRequest,
  write: writeDeleteRecordsRequest,
  read: readDeleteRecordsRequest,
})
