/**
 * DescribeLogDirsRequest (API key 35): generated from vendor/kafka-messages/DescribeLogDirsRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 1-4; flexible versions 2+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** DescribeLogDirsRequest, versions 1-4. */
export interface DescribeLogDirsRequest {
  /** Each topic that we want to describe log directories for, or null for all topics. (versions 0+; nullable 0+) */
  topics: DescribableLogDirTopic[] | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** DescribableLogDirTopic, inside DescribeLogDirsRequest (versions 1-4). */
export interface DescribableLogDirTopic {
  /** The topic name. (versions 0+) */
  topic: string
  /** The partition indexes. (versions 0+) */
  partitions: number[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link DescribeLogDirsRequest} with every field at its default, overridden by `fields`. */
export function createDescribeLogDirsRequest(fields: Partial<DescribeLogDirsRequest> = {}): DescribeLogDirsRequest {
  return { topics: [], ...fields }
}

/** A new {@link DescribableLogDirTopic} with every field at its default, overridden by `fields`. */
export function createDescribableLogDirTopic(fields: Partial<DescribableLogDirTopic> = {}): DescribableLogDirTopic {
  return { topic: '', partitions: [], ...fields }
}

function sizeDescribableLogDirTopic(v: DescribableLogDirTopic, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += sizeOfString(v.topic, version >= 2, false, 'DescribeLogDirsRequest.topics[].topic')
  size += sizeOfArrayLength(v.partitions, version >= 2, false, 'DescribeLogDirsRequest.topics[].partitions')
  size += v.partitions.length * 4
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeLogDirsRequest.topics[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeLogDirsRequest.topics[]')
  }
  return size
}

function writeDescribableLogDirTopic(w: ProtocolWriter, v: DescribableLogDirTopic, version: number): void {
  const flexible = version >= 2
  w.string(v.topic, version >= 2)
  w.arrayLength(v.partitions, version >= 2)
  for (const e of v.partitions) w.int32(e, 'DescribeLogDirsRequest.topics[].partitions[]')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDescribableLogDirTopic(r: ProtocolReader, version: number): DescribableLogDirTopic {
  const flexible = version >= 2
  const f_topic: string = r.string('DescribeLogDirsRequest.topics[].topic', version >= 2)
  let f_partitions: number[]
  {
    const n = r.arrayLength('DescribeLogDirsRequest.topics[].partitions', version >= 2, false, 4)
    const a: number[] = []
    for (let i = 0; i < n; i++) a.push(r.int32('DescribeLogDirsRequest.topics[].partitions[]'))
    f_partitions = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeLogDirsRequest.topics[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeLogDirsRequest.topics[]')
      const end = r.taggedFieldEnd('DescribeLogDirsRequest.topics[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeLogDirsRequest.topics[]'))
      }
    }
  }
  const value: DescribableLogDirTopic = { topic: f_topic, partitions: f_partitions }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDescribeLogDirsRequest(v: DescribeLogDirsRequest, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += sizeOfArrayLength(v.topics, version >= 2, true, 'DescribeLogDirsRequest.topics')
  if (v.topics !== null) {
    for (const e of v.topics) size += sizeDescribableLogDirTopic(e, version)
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeLogDirsRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeLogDirsRequest')
  }
  return size
}

function writeDescribeLogDirsRequest(w: ProtocolWriter, v: DescribeLogDirsRequest, version: number): void {
  const flexible = version >= 2
  w.arrayLength(v.topics, version >= 2)
  if (v.topics !== null) for (const e of v.topics) writeDescribableLogDirTopic(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDescribeLogDirsRequest(r: ProtocolReader, version: number): DescribeLogDirsRequest {
  const flexible = version >= 2
  let f_topics: DescribableLogDirTopic[] | null
  {
    const n = r.arrayLength('DescribeLogDirsRequest.topics', version >= 2, true, 3)
    if (n < 0) {
      f_topics = null
    } else {
      const a: DescribableLogDirTopic[] = []
      for (let i = 0; i < n; i++) a.push(readDescribableLogDirTopic(r, version))
      f_topics = a
    }
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeLogDirsRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeLogDirsRequest')
      const end = r.taggedFieldEnd('DescribeLogDirsRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeLogDirsRequest'))
      }
    }
  }
  const value: DescribeLogDirsRequest = { topics: f_topics }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const DescribableLogDirTopicSchema: StructSchema = {
  name: 'DescribableLogDirTopic',
  versions: [1, 4],
  fields: [
    {
      name: 'topic',
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
      element: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDescribableLogDirTopic(),
}

const DescribeLogDirsRequestSchema: StructSchema = {
  name: 'DescribeLogDirsRequest',
  versions: [1, 4],
  fields: [
    {
      name: 'topics',
      type: 'array',
      element: DescribableLogDirTopicSchema,
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDescribeLogDirsRequest(),
}

/** The DescribeLogDirsRequest codec: versions 1-4. */
export const DescribeLogDirsRequestCodec: MessageCodec<DescribeLogDirsRequest> = defineCodec<DescribeLogDirsRequest>({
  name: 'DescribeLogDirsRequest',
  apiKey: 35,
  type: 'request',
  versions: [1, 4],
  flexibleVersions: [2, 32767],
  latestVersionUnstable: false,
  schema: DescribeLogDirsRequestSchema,
  create: createDescribeLogDirsRequest,
  size: sizeDescribeLogDirsRequest,
  write: writeDescribeLogDirsRequest,
  read: readDescribeLogDirsRequest,
})
