/**
 * OffsetCommitResponse (API key 8): generated from vendor/kafka-messages/OffsetCommitResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 2-9; flexible versions 8+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** OffsetCommitResponse, versions 2-9. */
export interface OffsetCommitResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 3+; ignorable) */
  throttleTimeMs: number
  /** The responses for each topic. (versions 0+) */
  topics: OffsetCommitResponseTopic[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** OffsetCommitResponsePartition, inside OffsetCommitResponse (versions 2-9). */
export interface OffsetCommitResponsePartition {
  /** The partition index. (versions 0+) */
  partitionIndex: number
  /** The error code, or 0 if there was no error. (versions 0+) */
  errorCode: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** OffsetCommitResponseTopic, inside OffsetCommitResponse (versions 2-9). */
export interface OffsetCommitResponseTopic {
  /** The topic name. (versions 0+) */
  name: string
  /** The responses for each partition in the topic. (versions 0+) */
  partitions: OffsetCommitResponsePartition[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link OffsetCommitResponse} with every field at its default, overridden by `fields`. */
export function createOffsetCommitResponse(fields: Partial<OffsetCommitResponse> = {}): OffsetCommitResponse {
  return { throttleTimeMs: 0, topics: [], ...fields }
}

/** A new {@link OffsetCommitResponsePartition} with every field at its default, overridden by `fields`. */
export function createOffsetCommitResponsePartition(fields: Partial<OffsetCommitResponsePartition> = {}): OffsetCommitResponsePartition {
  return { partitionIndex: 0, errorCode: 0, ...fields }
}

/** A new {@link OffsetCommitResponseTopic} with every field at its default, overridden by `fields`. */
export function createOffsetCommitResponseTopic(fields: Partial<OffsetCommitResponseTopic> = {}): OffsetCommitResponseTopic {
  return { name: '', partitions: [], ...fields }
}

function sizeOffsetCommitResponsePartition(v: OffsetCommitResponsePartition, version: number): number {
  const flexible = version >= 8
  let size = 0
  size += 4
  size += 2
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'OffsetCommitResponse.topics[].partitions[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'OffsetCommitResponse.topics[].partitions[]')
  }
  return size
}

function writeOffsetCommitResponsePartition(w: ProtocolWriter, v: OffsetCommitResponsePartition, version: number): void {
  const flexible = version >= 8
  w.int32(v.partitionIndex, 'OffsetCommitResponse.topics[].partitions[].partitionIndex')
  w.int16(v.errorCode, 'OffsetCommitResponse.topics[].partitions[].errorCode')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readOffsetCommitResponsePartition(r: ProtocolReader, version: number): OffsetCommitResponsePartition {
  const flexible = version >= 8
  const f_partitionIndex: number = r.int32('OffsetCommitResponse.topics[].partitions[].partitionIndex')
  const f_errorCode: number = r.int16('OffsetCommitResponse.topics[].partitions[].errorCode')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('OffsetCommitResponse.topics[].partitions[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('OffsetCommitResponse.topics[].partitions[]')
      const end = r.taggedFieldEnd('OffsetCommitResponse.topics[].partitions[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'OffsetCommitResponse.topics[].partitions[]'))
      }
    }
  }
  const value: OffsetCommitResponsePartition = { partitionIndex: f_partitionIndex, errorCode: f_errorCode }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeOffsetCommitResponseTopic(v: OffsetCommitResponseTopic, version: number): number {
  const flexible = version >= 8
  let size = 0
  size += sizeOfString(v.name, version >= 8, false, 'OffsetCommitResponse.topics[].name')
  size += sizeOfArrayLength(v.partitions, version >= 8, false, 'OffsetCommitResponse.topics[].partitions')
  for (const e of v.partitions) size += sizeOffsetCommitResponsePartition(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'OffsetCommitResponse.topics[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'OffsetCommitResponse.topics[]')
  }
  return size
}

function writeOffsetCommitResponseTopic(w: ProtocolWriter, v: OffsetCommitResponseTopic, version: number): void {
  const flexible = version >= 8
  w.string(v.name, version >= 8)
  w.arrayLength(v.partitions, version >= 8)
  for (const e of v.partitions) writeOffsetCommitResponsePartition(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readOffsetCommitResponseTopic(r: ProtocolReader, version: number): OffsetCommitResponseTopic {
  const flexible = version >= 8
  const f_name: string = r.string('OffsetCommitResponse.topics[].name', version >= 8)
  let f_partitions: OffsetCommitResponsePartition[]
  {
    const n = r.arrayLength('OffsetCommitResponse.topics[].partitions', version >= 8, false, 6)
    const a: OffsetCommitResponsePartition[] = []
    for (let i = 0; i < n; i++) a.push(readOffsetCommitResponsePartition(r, version))
    f_partitions = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('OffsetCommitResponse.topics[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('OffsetCommitResponse.topics[]')
      const end = r.taggedFieldEnd('OffsetCommitResponse.topics[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'OffsetCommitResponse.topics[]'))
      }
    }
  }
  const value: OffsetCommitResponseTopic = { name: f_name, partitions: f_partitions }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeOffsetCommitResponse(v: OffsetCommitResponse, version: number): number {
  const flexible = version >= 8
  let size = 0
  if (version >= 3) {
    size += 4
  }
  size += sizeOfArrayLength(v.topics, version >= 8, false, 'OffsetCommitResponse.topics')
  for (const e of v.topics) size += sizeOffsetCommitResponseTopic(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'OffsetCommitResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'OffsetCommitResponse')
  }
  return size
}

function writeOffsetCommitResponse(w: ProtocolWriter, v: OffsetCommitResponse, version: number): void {
  const flexible = version >= 8
  if (version >= 3) {
    w.int32(v.throttleTimeMs, 'OffsetCommitResponse.throttleTimeMs')
  }
  w.arrayLength(v.topics, version >= 8)
  for (const e of v.topics) writeOffsetCommitResponseTopic(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readOffsetCommitResponse(r: ProtocolReader, version: number): OffsetCommitResponse {
  const flexible = version >= 8
  let f_throttleTimeMs: number = 0
  if (version >= 3) {
    f_throttleTimeMs = r.int32('OffsetCommitResponse.throttleTimeMs')
  }
  let f_topics: OffsetCommitResponseTopic[]
  {
    const n = r.arrayLength('OffsetCommitResponse.topics', version >= 8, false, 3)
    const a: OffsetCommitResponseTopic[] = []
    for (let i = 0; i < n; i++) a.push(readOffsetCommitResponseTopic(r, version))
    f_topics = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('OffsetCommitResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('OffsetCommitResponse')
      const end = r.taggedFieldEnd('OffsetCommitResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'OffsetCommitResponse'))
      }
    }
  }
  const value: OffsetCommitResponse = { throttleTimeMs: f_throttleTimeMs, topics: f_topics }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const OffsetCommitResponsePartitionSchema: StructSchema = {
  name: 'OffsetCommitResponsePartition',
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
  create: () => createOffsetCommitResponsePartition(),
}

const OffsetCommitResponseTopicSchema: StructSchema = {
  name: 'OffsetCommitResponseTopic',
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
      element: OffsetCommitResponsePartitionSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createOffsetCommitResponseTopic(),
}

const OffsetCommitResponseSchema: StructSchema = {
  name: 'OffsetCommitResponse',
  versions: [2, 9],
  fields: [
    {
      name: 'throttleTimeMs',
      type: 'int32',
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'topics',
      type: 'array',
      element: OffsetCommitResponseTopicSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createOffsetCommitResponse(),
}

/** The OffsetCommitResponse codec: versions 2-9. */
export const OffsetCommitResponseCodec: MessageCodec<OffsetCommitResponse> = defineCodec<OffsetCommitResponse>({
  name: 'OffsetCommitResponse',
  apiKey: 8,
  type: 'response',
  versions: [2, 9],
  flexibleVersions: [8, 32767],
  latestVersionUnstable: false,
  schema: OffsetCommitResponseSchema,
  create: createOffsetCommitResponse,
  size: sizeOffsetCommitResponse,
  write: writeOffsetCommitResponse,
  read: readOffsetCommitResponse,
})
