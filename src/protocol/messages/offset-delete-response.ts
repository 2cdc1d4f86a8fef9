/**
 * OffsetDeleteResponse (API key 47): generated from vendor/kafka-messages/OffsetDeleteResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0; flexible versions none.
 */
import { defineCodec } from '../codec.js'
import { type ProtocolReader } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfString } from '../writer.js'

/** OffsetDeleteResponse, versions 0. */
export interface OffsetDeleteResponse {
  /** The top-level error code, or 0 if there was no error. (versions 0+) */
  errorCode: number
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 0+; ignorable) */
  throttleTimeMs: number
  /** The responses for each topic. (versions 0+) */
  topics: OffsetDeleteResponseTopic[]
}

/** OffsetDeleteResponsePartition, inside OffsetDeleteResponse (versions 0). */
export interface OffsetDeleteResponsePartition {
  /** The partition index. (versions 0+) */
  partitionIndex: number
  /** The error code, or 0 if there was no error. (versions 0+) */
  errorCode: number
}

/** OffsetDeleteResponseTopic, inside OffsetDeleteResponse (versions 0). */
export interface OffsetDeleteResponseTopic {
  /** The topic name. (versions 0+) */
  name: string
  /** The responses for each partition in the topic. (versions 0+) */
  partitions: OffsetDeleteResponsePartition[]
}

/** A new {@link OffsetDeleteResponse} with every field at its default, overridden by `fields`. */
export function createOffsetDeleteResponse(fields: Partial<OffsetDeleteResponse> = {}): OffsetDeleteResponse {
  return { errorCode: 0, throttleTimeMs: 0, topics: [], ...fields }
}

/** A new {@link OffsetDeleteResponsePartition} with every field at its default, overridden by `fields`. */
export function createOffsetDeleteResponsePartition(fields: Partial<OffsetDeleteResponsePartition> = {}): OffsetDeleteResponsePartition {
  return { partitionIndex: 0, errorCode: 0, ...fields }
}

/** A new {@link OffsetDeleteResponseTopic} with every field at its default, overridden by `fields`. */
export function createOffsetDeleteResponseTopic(fields: Partial<OffsetDeleteResponseTopic> = {}): OffsetDeleteResponseTopic {
  return { name: '', partitions: [], ...fields }
}

function sizeOffsetDeleteResponsePartition(v: OffsetDeleteResponsePartition, version: number): number {
  let size = 0
  size += 4
  size += 2
  return size
}

function writeOffsetDeleteResponsePartition(w: ProtocolWriter, v: OffsetDeleteResponsePartition, version: number): void {
  w.int32(v.partitionIndex, 'OffsetDeleteResponse.topics[].partitions[].partitionIndex')
  w.int16(v.errorCode, 'OffsetDeleteResponse.topics[].partitions[].errorCode')
}

function readOffsetDeleteResponsePartition(r: ProtocolReader, version: number): OffsetDeleteResponsePartition {
  const f_partitionIndex: number = r.int32('OffsetDeleteResponse.topics[].partitions[].partitionIndex')
  const f_errorCode: number = r.int16('OffsetDeleteResponse.topics[].partitions[].errorCode')
  const value: OffsetDeleteResponsePartition = { partitionIndex: f_partitionIndex, errorCode: f_errorCode }
  return value
}

function sizeOffsetDeleteResponseTopic(v: OffsetDeleteResponseTopic, version: number): number {
  let size = 0
  size += sizeOfString(v.name, false, false, 'OffsetDeleteResponse.topics[].name')
  size += sizeOfArrayLength(v.partitions, false, false, 'OffsetDeleteResponse.topics[].partitions')
  for (const e of v.partitions) size += sizeOffsetDeleteResponsePartition(e, version)
  return size
}

function writeOffsetDeleteResponseTopic(w: ProtocolWriter, v: OffsetDeleteResponseTopic, version: number): void {
  w.string(v.name, false)
  w.arrayLength(v.partitions, false)
  for (const e of v.partitions) writeOffsetDeleteResponsePartition(w, e, version)
}

function readOffsetDeleteResponseTopic(r: ProtocolReader, version: number): OffsetDeleteResponseTopic {
  const f_name: string = r.string('OffsetDeleteResponse.topics[].name', false)
  let f_partitions: OffsetDeleteResponsePartition[]
  {
    const n = r.arrayLength('OffsetDeleteResponse.topics[].partitions', false, false, 6)
    const a: OffsetDeleteResponsePartition[] = []
    for (let i = 0; i < n; i++) a.push(readOffsetDeleteResponsePartition(r, version))
    f_partitions = a
  }
  const value: OffsetDeleteResponseTopic = { name: f_name, partitions: f_partitions }
  return value
}

function sizeOffsetDeleteResponse(v: OffsetDeleteResponse, version: number): number {
  let size = 0
  size += 2
  size += 4
  size += sizeOfArrayLength(v.topics, false, false, 'OffsetDeleteResponse.topics')
  for (const e of v.topics) size += sizeOffsetDeleteResponseTopic(e, version)
  return size
}

function writeOffsetDeleteResponse(w: ProtocolWriter, v: OffsetDeleteResponse, version: number): void {
  w.int16(v.errorCode, 'OffsetDeleteResponse.errorCode')
  w.int32(v.throttleTimeMs, 'OffsetDeleteResponse.throttleTimeMs')
  w.arrayLength(v.topics, false)
  for (const e of v.topics) writeOffsetDeleteResponseTopic(w, e, version)
}

function readOffsetDeleteResponse(r: ProtocolReader, version: number): OffsetDeleteResponse {
  const f_errorCode: number = r.int16('OffsetDeleteResponse.errorCode')
  const f_throttleTimeMs: number = r.int32('OffsetDeleteResponse.throttleTimeMs')
  let f_topics: OffsetDeleteResponseTopic[]
  {
    const n = r.arrayLength('OffsetDeleteResponse.topics', false, false, 6)
    const a: OffsetDeleteResponseTopic[] = []
    for (let i = 0; i < n; i++) a.push(readOffsetDeleteResponseTopic(r, version))
    f_topics = a
  }
  const value: OffsetDeleteResponse = { errorCode: f_errorCode, throttleTimeMs: f_throttleTimeMs, topics: f_topics }
  return value
}

const OffsetDeleteResponsePartitionSchema: StructSchema = {
  name: 'OffsetDeleteResponsePartition',
  versions: [0, 0],
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
  create: () => createOffsetDeleteResponsePartition(),
}

const OffsetDeleteResponseTopicSchema: StructSchema = {
  name: 'OffsetDeleteResponseTopic',
  versions: [0, 0],
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
      element: OffsetDeleteResponsePartitionSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createOffsetDeleteResponseTopic(),
}

const OffsetDeleteResponseSchema: StructSchema = {
  name: 'OffsetDeleteResponse',
  versions: [0, 0],
  fields: [
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
      name: 'throttleTimeMs',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'topics',
      type: 'array',
      element: OffsetDeleteResponseTopicSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createOffsetDeleteResponse(),
}

/** The OffsetDeleteResponse codec: versions 0. */
export const OffsetDeleteResponseCodec: MessageCodec<OffsetDeleteResponse> = defineCodec<OffsetDeleteResponse>({
  name: 'OffsetDeleteResponse',
  apiKey: 47,
  type: 'response',
  versions: [0, 0],
  flexibleVersions: null,
  latestVersionUnstable: false,
  schema: OffsetDeleteResponseSchema,
  create: createOffsetDeleteResponse,
  size: sizeOffsetDeleteResponse,
  write: writeOffsetDeleteResponse,
  read: readOffsetDeleteResponse,
})
