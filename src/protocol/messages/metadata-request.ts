/**
 * MetadataRequest (API key 3): generated from vendor/kafka-messages/MetadataRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-13; flexible versions 9+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** MetadataRequest, versions 0-13. */
export interface MetadataRequest {
  /** The topics to fetch metadata for. (versions 0+; nullable 1+) */
  topics: MetadataRequestTopic[] | null
  /** If this is true, the broker may auto-create topics that we requested which do not already exist, if it is configured to do so. (versions 4+; default true) */
  allowAutoTopicCreation: boolean
  /** Whether to include cluster authorized operations. (versions 8-10) */
  includeClusterAuthorizedOperations: boolean
  /** Whether to include topic authorized operations. (versions 8+) */
  includeTopicAuthorizedOperations: boolean
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** MetadataRequestTopic, inside MetadataRequest (versions 0-13). */
export interface MetadataRequestTopic {
  /** The topic id. (versions 10+; ignorable) */
  topicId: string
  /** The topic name. (versions 0+; nullable 10+) */
  name: string | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link MetadataRequest} with every field at its default, overridden by `fields`. */
export function createMetadataRequest(fields: Partial<MetadataRequest> = {}): MetadataRequest {
  return {
    topics: [],
    allowAutoTopicCreation: true,
    includeClusterAuthorizedOperations: false,
    includeTopicAuthorizedOperations: false,
    ...fields,
  }
}

/** A new {@link MetadataRequestTopic} with every field at its default, overridden by `fields`. */
export function createMetadataRequestTopic(fields: Partial<MetadataRequestTopic> = {}): MetadataRequestTopic {
  return { topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: '', ...fields }
}

function sizeMetadataRequestTopic(v: MetadataRequestTopic, version: number): number {
  const flexible = version >= 9
  let size = 0
  if (version >= 10) {
    size += 16
  }
  size += sizeOfString(v.name, version >= 9, version >= 10, 'MetadataRequest.topics[].name')
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'MetadataRequest.topics[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'MetadataRequest.topics[]')
  }
  return size
}

function writeMetadataRequestTopic(w: ProtocolWriter, v: MetadataRequestTopic, version: number): void {
  const flexible = version >= 9
  if (version >= 10) {
    w.uuid(v.topicId, 'MetadataRequest.topics[].topicId')
  }
  w.string(v.name, version >= 9)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readMetadataRequestTopic(r: ProtocolReader, version: number): MetadataRequestTopic {
  const flexible = version >= 9
  let f_topicId: string = 'AAAAAAAAAAAAAAAAAAAAAA'
  if (version >= 10) {
    f_topicId = r.uuid('MetadataRequest.topics[].topicId')
  }
  const f_name: string | null =
    version >= 10
      ? r.nullableString('MetadataRequest.topics[].name', version >= 9)
      : r.string('MetadataRequest.topics[].name', version >= 9)
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('MetadataRequest.topics[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('MetadataRequest.topics[]')
      const end = r.taggedFieldEnd('MetadataRequest.topics[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'MetadataRequest.topics[]'))
      }
    }
  }
  const value: MetadataRequestTopic = { topicId: f_topicId, name: f_name }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeMetadataRequest(v: MetadataRequest, version: number): number {
  const flexible = version >= 9
  let size = 0
  size += sizeOfArrayLength(v.topics, version >= 9, version >= 1, 'MetadataRequest.topics')
  if (v.topics !== null) {
    for (const e of v.topics) size += sizeMetadataRequestTopic(e, version)
  }
  if (version >= 4) {
    size += 1
  }
  if (!(version >= 4)) {
    if (v.allowAutoTopicCreation !== true)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'MetadataRequest.allowAutoTopicCreation')
  }
  if (version >= 8 && version <= 10) {
    size += 1
  }
  if (!(version >= 8 && version <= 10)) {
    if (v.includeClusterAuthorizedOperations !== false)
      throw unsupportedVersion(
        `a non-default value at version ${version}, which lacks the field`,
        'MetadataRequest.includeClusterAuthorizedOperations',
      )
  }
  if (version >= 8) {
    size += 1
  }
  if (!(version >= 8)) {
    if (v.includeTopicAuthorizedOperations !== false)
      throw unsupportedVersion(
        `a non-default value at version ${version}, which lacks the field`,
        'MetadataRequest.includeTopicAuthorizedOperations',
      )
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'MetadataRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'MetadataRequest')
  }
  return size
}

function writeMetadataRequest(w: ProtocolWriter, v: MetadataRequest, version: number): void {
  const flexible = version >= 9
  w.arrayLength(v.topics, version >= 9)
  if (v.topics !== null) for (const e of v.topics) writeMetadataRequestTopic(w, e, version)
  if (version >= 4) {
    w.bool(v.allowAutoTopicCreation, 'MetadataRequest.allowAutoTopicCreation')
  }
  if (version >= 8 && version <= 10) {
    w.bool(v.includeClusterAuthorizedOperations, 'MetadataRequest.includeClusterAuthorizedOperations')
  }
  if (version >= 8) {
    w.bool(v.includeTopicAuthorizedOperations, 'MetadataRequest.includeTopicAuthorizedOperations')
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readMetadataRequest(r: ProtocolReader, version: number): MetadataRequest {
  const flexible = version >= 9
  let f_topics: MetadataRequestTopic[] | null
  {
    const n = r.arrayLength('MetadataRequest.topics', version >= 9, version >= 1, 2)
    if (n < 0) {
      f_topics = null
    } else {
      const a: MetadataRequestTopic[] = []
      for (let i = 0; i < n; i++) a.push(readMetadataRequestTopic(r, version))
      f_topics = a
    }
  }
  let f_allowAutoTopicCreation: boolean = true
  if (version >= 4) {
    f_allowAutoTopicCreation = r.bool('MetadataRequest.allowAutoTopicCreation')
  }
  let f_includeClusterAuthorizedOperations: boolean = false
  if (version >= 8 && version <= 10) {
    f_includeClusterAuthorizedOperations = r.bool('MetadataRequest.includeClusterAuthorizedOperations')
  }
  let f_includeTopicAuthorizedOperations: boolean = false
  if (version >= 8) {
    f_includeTopicAuthorizedOperations = r.bool('MetadataRequest.includeTopicAuthorizedOperations')
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('MetadataRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('MetadataRequest')
      const end = r.taggedFieldEnd('MetadataRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'MetadataRequest'))
      }
    }
  }
  const value: MetadataRequest = {
    topics: f_topics,
    allowAutoTopicCreation: f_allowAutoTopicCreation,
    includeClusterAuthorizedOperations: f_includeClusterAuthorizedOperations,
    includeTopicAuthorizedOperations: f_includeTopicAuthorizedOperations,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const MetadataRequestTopicSchema: StructSchema = {
  name: 'MetadataRequestTopic',
  versions: [0, 13],
  fields: [
    {
      name: 'topicId',
      type: 'uuid',
      versions: [10, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'name',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: [10, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createMetadataRequestTopic(),
}

const MetadataRequestSchema: StructSchema = {
  name: 'MetadataRequest',
  versions: [0, 13],
  fields: [
    {
      name: 'topics',
      type: 'array',
      element: MetadataRequestTopicSchema,
      versions: [0, 32767],
      nullableVersions: [1, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'allowAutoTopicCreation',
      type: 'bool',
      versions: [4, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'true',
    },
    {
      name: 'includeClusterAuthorizedOperations',
      type: 'bool',
      versions: [8, 10],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'includeTopicAuthorizedOperations',
      type: 'bool',
      versions: [8, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createMetadataRequest(),
}

/** The MetadataRequest codec: versions 0-13. */
export const MetadataRequestCodec: MessageCodec<MetadataRequest> = defineCodec<MetadataRequest>({
  name: 'MetadataRequest',
  apiKey: 3,
  type: 'request',
  versions: [0, 13],
  flexibleVersions: [9, 32767],
  latestVersionUnstable: false,
  schema: MetadataRequestSchema,
  create: createMetadataRequest,
  size: sizeMetadataRequest,
  write: writeMetadataRequest,
  read: readMetadataRequest,
})
