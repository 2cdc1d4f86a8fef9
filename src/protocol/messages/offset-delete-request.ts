/**
 * OffsetDeleteRequest (API key 47): generated from vendor/kafka-messages/OffsetDeleteRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0; flexible versions none.
 */
import { defineCodec } from '../codec.js'
import { type ProtocolReader } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfString } from '../writer.js'

/** OffsetDeleteRequest, versions 0. */
export interface OffsetDeleteRequest {
  /** The unique group identifier. (versions 0+) */
  groupId: string
  /** The topics to delete offsets for. (versions 0+) */
  topics: OffsetDeleteRequestTopic[]
}

/** OffsetDeleteRequestPartition, inside OffsetDeleteRequest (versions 0). */
export interface OffsetDeleteRequestPartition {
  /** The partition index. (versions 0+) */
  partitionIndex: number
}

/** OffsetDeleteRequestTopic, inside OffsetDeleteRequest (versions 0). */
export interface OffsetDeleteRequestTopic {
  /** The topic name. (versions 0+) */
  name: string
  /** Each partition to delete offsets for. (versions 0+) */
  partitions: OffsetDeleteRequestPartition[]
}

/** A new {@link OffsetDeleteRequest} with every field at its default, overridden by `fields`. */
export function createOffsetDeleteRequest(fields: Partial<OffsetDeleteRequest> = {}): OffsetDeleteRequest {
  return { groupId: '', topics: [], ...fields }
}

/** A new {@link OffsetDeleteRequestPartition} with every field at its default, overridden by `fields`. */
export function createOffsetDeleteRequestPartition(fields: Partial<OffsetDeleteRequestPartition> = {}): OffsetDeleteRequestPartition {
  return { partitionIndex: 0, ...fields }
}

/** A new {@link OffsetDeleteRequestTopic} with every field at its default, overridden by `fields`. */
export function createOffsetDeleteRequestTopic(fields: Partial<OffsetDeleteRequestTopic> = {}): OffsetDeleteRequestTopic {
  return { name: '', partitions: [], ...fields }
}

function sizeOffsetDeleteRequestPartition(v: OffsetDeleteRequestPartition, version: number): number {
  let size = 0
  size += 4
  return size
}

function writeOffsetDeleteRequestPartition(w: ProtocolWriter, v: OffsetDeleteRequestPartition, version: number): void {
  w.int32(v.partitionIndex, 'OffsetDeleteRequest.topics[].partitions[].partitionIndex')
}

function readOffsetDeleteRequestPartition(r: ProtocolReader, version: number): OffsetDeleteRequestPartition {
  const f_partitionIndex: number = r.int32('OffsetDeleteRequest.topics[].partitions[].partitionIndex')
  const value: OffsetDeleteRequestPartition = { partitionIndex: f_partitionIndex }
  return value
}

function sizeOffsetDeleteRequestTopic(v: OffsetDeleteRequestTopic, version: number): number {
  let size = 0
  size += sizeOfString(v.name, false, false, 'OffsetDeleteRequest.topics[].name')
  size += sizeOfArrayLength(v.partitions, false, false, 'OffsetDeleteRequest.topics[].partitions')
  for (const e of v.partitions) size += sizeOffsetDeleteRequestPartition(e, version)
  return size
}

function writeOffsetDeleteRequestTopic(w: ProtocolWriter, v: OffsetDeleteRequestTopic, version: number): void {
  w.string(v.name, false)
  w.arrayLength(v.partitions, false)
  for (const e of v.partitions) writeOffsetDeleteRequestPartition(w, e, version)
}

function readOffsetDeleteRequestTopic(r: ProtocolReader, version: number): OffsetDeleteRequestTopic {
  const f_name: string = r.string('OffsetDeleteRequest.topics[].name', false)
  let f_partitions: OffsetDeleteRequestPartition[]
  {
    const n = r.arrayLength('OffsetDeleteRequest.topics[].partitions', false, false, 4)
    const a: OffsetDeleteRequestPartition[] = []
    for (let i = 0; i < n; i++) a.push(readOffsetDeleteRequestPartition(r, version))
    f_partitions = a
  }
  const value: OffsetDeleteRequestTopic = { name: f_name, partitions: f_partitions }
  return value
}

function sizeOffsetDeleteRequest(v: OffsetDeleteRequest, version: number): number {
  let size = 0
  size += sizeOfString(v.groupId, false, false, 'OffsetDeleteRequest.groupId')
  size += sizeOfArrayLength(v.topics, false, false, 'OffsetDeleteRequest.topics')
  for (const e of v.topics) size += sizeOffsetDeleteRequestTopic(e, version)
  return size
}

function writeOffsetDeleteRequest(w: ProtocolWriter, v: OffsetDeleteRequest, version: number): void {
  w.string(v.groupId, false)
  w.arrayLength(v.topics, false)
  for (const e of v.topics) writeOffsetDeleteRequestTopic(w, e, version)
}

function readOffsetDeleteRequest(r: ProtocolReader, version: number): OffsetDeleteRequest {
  const f_groupId: string = r.string('OffsetDeleteRequest.groupId', false)
  let f_topics: OffsetDeleteRequestTopic[]
  {
    const n = r.arrayLength('OffsetDeleteRequest.topics', false, false, 6)
    const a: OffsetDeleteRequestTopic[] = []
    for (let i = 0; i < n; i++) a.push(readOffsetDeleteRequestTopic(r, version))
    f_topics = a
  }
  const value: OffsetDeleteRequest = { groupId: f_groupId, topics: f_topics }
  return value
}

const OffsetDeleteRequestPartitionSchema: StructSchema = {
  name: 'OffsetDeleteRequestPartition',
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
  ],
  create: () => createOffsetDeleteRequestPartition(),
}

const OffsetDeleteRequestTopicSchema: StructSchema = {
  name: 'OffsetDeleteRequestTopic',
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
      element: OffsetDeleteRequestPartitionSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createOffsetDeleteRequestTopic(),
}

const OffsetDeleteRequestSchema: StructSchema = {
  name: 'OffsetDeleteRequest',
  versions: [0, 0],
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
      name: 'topics',
      type: 'array',
      element: OffsetDeleteRequestTopicSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createOffsetDeleteRequest(),
}

/** The OffsetDeleteRequest codec: versions 0. */
export const OffsetDeleteRequestCodec: MessageCodec<OffsetDeleteRequest> = defineCodec<OffsetDeleteRequest>({
  name: 'OffsetDeleteRequest',
  apiKey: 47,
  type: 'request',
  versions: [0, 0],
  flexibleVersions: null,
  latestVersionUnstable: false,
  schema: OffsetDeleteRequestSchema,
  create: createOffsetDeleteRequest,
  size: sizeOffsetDeleteRequest,
  write: writeOffsetDeleteRequest,
  read: readOffsetDeleteRequest,
})
