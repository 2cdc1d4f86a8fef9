/**
 * ProduceRequest (API key 0): generated from vendor/kafka-messages/ProduceRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 3-12; flexible versions 9+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfBytes, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** ProduceRequest, versions 3-12. */
export interface ProduceRequest {
  /** The transactional ID, or null if the producer is not transactional. (versions 3+; nullable 3+; default null) */
  transactionalId: string | null
  /** The number of acknowledgments the producer requires the leader to have received before considering a request complete. Allowed values: 0 for no acknowledgments, 1 for only the leader and -1 for the full ISR. (versions 0+) */
  acks: number
  /** The timeout to await a response in milliseconds. (versions 0+) */
  timeoutMs: number
  /** Each topic to produce to. (versions 0+) */
  topicData: TopicProduceData[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** PartitionProduceData, inside ProduceRequest (versions 3-12). */
export interface PartitionProduceData {
  /** The partition index. (versions 0+) */
  index: number
  /** The record data to be produced. (versions 0+; nullable 0+) */
  records: Buffer | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** TopicProduceData, inside ProduceRequest (versions 3-12). */
export interface TopicProduceData {
  /** The topic name. (versions 0+) */
  name: string
  /** Each partition to produce to. (versions 0+) */
  partitionData: PartitionProduceData[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link ProduceRequest} with every field at its default, overridden by `fields`. */
export function createProduceRequest(fields: Partial<ProduceRequest> = {}): ProduceRequest {
  return { transactionalId: null, acks: 0, timeoutMs: 0, topicData: [], ...fields }
}

/** A new {@link PartitionProduceData} with every field at its default, overridden by `fields`. */
export function createPartitionProduceData(fields: Partial<PartitionProduceData> = {}): PartitionProduceData {
  return { index: 0, records: null, ...fields }
}

/** A new {@link TopicProduceData} with every field at its default, overridden by `fields`. */
export function createTopicProduceData(fields: Partial<TopicProduceData> = {}): TopicProduceData {
  return { name: '', partitionData: [], ...fields }
}

function sizePartitionProduceData(v: PartitionProduceData, version: number): number {
  const flexible = version >= 9
  let size = 0
  size += 4
  size += sizeOfBytes(v.records, version >= 9, true, 'ProduceRequest.topicData[].partitionData[].records')
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'ProduceRequest.topicData[].partitionData[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'ProduceRequest.topicData[].partitionData[]')
  }
  return size
}

function writePartitionProduceData(w: ProtocolWriter, v: PartitionProduceData, version: number): void {
  const flexible = version >= 9
  w.int32(v.index, 'ProduceRequest.topicData[].partitionData[].index')
  w.bytes(v.records, version >= 9)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readPartitionProduceData(r: ProtocolReader, version: number): PartitionProduceData {
  const flexible = version >= 9
  const f_index: number = r.int32('ProduceRequest.topicData[].partitionData[].index')
  const f_records: Buffer | null = r.records('ProduceRequest.topicData[].partitionData[].records', version >= 9, true)
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('ProduceRequest.topicData[].partitionData[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('ProduceRequest.topicData[].partitionData[]')
      const end = r.taggedFieldEnd('ProduceRequest.topicData[].partitionData[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ProduceRequest.topicData[].partitionData[]'))
      }
    }
  }
  const value: PartitionProduceData = { index: f_index, records: f_records }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeTopicProduceData(v: TopicProduceData, version: number): number {
  const flexible = version >= 9
  let size = 0
  size += sizeOfString(v.name, version >= 9, false, 'ProduceRequest.topicData[].name')
  size += sizeOfArrayLength(v.partitionData, version >= 9, false, 'ProduceRequest.topicData[].partitionData')
  for (const e of v.partitionData) size += sizePartitionProduceData(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'ProduceRequest.topicData[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'ProduceRequest.topicData[]')
  }
  return size
}

function writeTopicProduceData(w: ProtocolWriter, v: TopicProduceData, version: number): void {
  const flexible = version >= 9
  w.string(v.name, version >= 9)
  w.arrayLength(v.partitionData, version >= 9)
  for (const e of v.partitionData) writePartitionProduceData(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readTopicProduceData(r: ProtocolReader, version: number): TopicProduceData {
  const flexible = version >= 9
  const f_name: string = r.string('ProduceRequest.topicData[].name', version >= 9)
  let f_partitionData: PartitionProduceData[]
  {
    const n = r.arrayLength('ProduceRequest.topicData[].partitionData', version >= 9, false, 6)
    const a: PartitionProduceData[] = []
    for (let i = 0; i < n; i++) a.push(readPartitionProduceData(r, version))
    f_partitionData = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('ProduceRequest.topicData[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('ProduceRequest.topicData[]')
      const end = r.taggedFieldEnd('ProduceRequest.topicData[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ProduceRequest.topicData[]'))
      }
    }
  }
  const value: TopicProduceData = { name: f_name, partitionData: f_partitionData }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeProduceRequest(v: ProduceRequest, version: number): number {
  const flexible = version >= 9
  let size = 0
  size += sizeOfString(v.transactionalId, version >= 9, true, 'ProduceRequest.transactionalId')
  size += 2
  size += 4
  size += sizeOfArrayLength(v.topicData, version >= 9, false, 'ProduceRequest.topicData')
  for (const e of v.topicData) size += sizeTopicProduceData(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'ProduceRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'ProduceRequest')
  }
  return size
}

function writeProduceRequest(w: ProtocolWriter, v: ProduceRequest, version: number): void {
  const flexible = version >= 9
  w.string(v.transactionalId, version >= 9)
  w.int16(v.acks, 'ProduceRequest.acks')
  w.int32(v.timeoutMs, 'ProduceRequest.timeoutMs')
  w.arrayLength(v.topicData, version >= 9)
  for (const e of v.topicData) writeTopicProduceData(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readProduceRequest(r: ProtocolReader, version: number): ProduceRequest {
  const flexible = version >= 9
  const f_transactionalId: string | null = r.nullableString('ProduceRequest.transactionalId', version >= 9)
  const f_acks: number = r.int16('ProduceRequest.acks')
  const f_timeoutMs: number = r.int32('ProduceRequest.timeoutMs')
  let f_topicData: TopicProduceData[]
  {
    const n = r.arrayLength('ProduceRequest.topicData', version >= 9, false, 3)
    const a: TopicProduceData[] = []
    for (let i = 0; i < n; i++) a.push(readTopicProduceData(r, version))
    f_topicData = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('ProduceRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('ProduceRequest')
      const end = r.taggedFieldEnd('ProduceRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ProduceRequest'))
      }
    }
  }
  const value: ProduceRequest = { transactionalId: f_transactionalId, acks: f_acks, timeoutMs: f_timeoutMs, topicData: f_topicData }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const PartitionProduceDataSchema: StructSchema = {
  name: 'PartitionProduceData',
  versions: [3, 12],
  fields: [
    {
      name: 'index',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'records',
      type: 'records',
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createPartitionProduceData(),
}

const TopicProduceDataSchema: StructSchema = {
  name: 'TopicProduceData',
  versions: [3, 12],
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
      name: 'partitionData',
      type: 'array',
      element: PartitionProduceDataSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createTopicProduceData(),
}

const ProduceRequestSchema: StructSchema = {
  name: 'ProduceRequest',
  versions: [3, 12],
  fields: [
    {
      name: 'transactionalId',
      type: 'string',
      versions: [3, 32767],
      nullableVersions: [3, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'null',
    },
    {
      name: 'acks',
      type: 'int16',
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
    {
      name: 'topicData',
      type: 'array',
      element: TopicProduceDataSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createProduceRequest(),
}

/** The ProduceRequest codec: versions 3-12. */
export const ProduceRequestCodec: MessageCodec<ProduceRequest> = defineCodec<ProduceRequest>({
  name: 'ProduceRequest',
  apiKey: 0,
  type: 'request',
  versions: [3, 12],
  flexibleVersions: [9, 32767],
  latestVersionUnstable: false,
  schema: ProduceRequestSchema,
  create: createProduceRequest,
  size: sizeProduceRequest,
  write: writeProduceRequest,
  read: readProduceRequest,
})
