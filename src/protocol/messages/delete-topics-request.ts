/**
 * DeleteTopicsRequest (API key 20): generated from vendor/kafka-messages/DeleteTopicsRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 1-6; flexible versions 4+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** DeleteTopicsRequest, versions 1-6. */
export interface DeleteTopicsRequest {
  /** The name or topic ID of the topic. (versions 6+) */
  topics: DeleteTopicState[]
  /** The names of the topics to delete. (versions 0-5; ignorable) */
  topicNames: string[]
  /** The length of time in milliseconds to wait for the deletions to complete. (versions 0+) */
  timeoutMs: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** DeleteTopicState, inside DeleteTopicsRequest (versions 6). */
export interface DeleteTopicState {
  /** The topic name. (versions 6+; nullable 6+; default null) */
  name: string | null
  /** The unique topic ID. (versions 6+) */
  topicId: string
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link DeleteTopicsRequest} with every field at its default, overridden by `fields`. */
export function createDeleteTopicsRequest(fields: Partial<DeleteTopicsRequest> = {}): DeleteTopicsRequest {
  return { topics: [], topicNames: [], timeoutMs: 0, ...fields }
}

/** A new {@link DeleteTopicState} with every field at its default, overridden by `fields`. */
export function createDeleteTopicState(fields: Partial<DeleteTopicState> = {}): DeleteTopicState {
  return { name: null, topicId: 'AAAAAAAAAAAAAAAAAAAAAA', ...fields }
}

function sizeDeleteTopicState(v: DeleteTopicState, version: number): number {
  let size = 0
  size += sizeOfString(v.name, true, true, 'DeleteTopicsRequest.topics[].name')
  size += 16
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'DeleteTopicsRequest.topics[]')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeDeleteTopicState(w: ProtocolWriter, v: DeleteTopicState, version: number): void {
  w.string(v.name, true)
  w.uuid(v.topicId, 'DeleteTopicsRequest.topics[].topicId')
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readDeleteTopicState(r: ProtocolReader, version: number): DeleteTopicState {
  const f_name: string | null = r.nullableString('DeleteTopicsRequest.topics[].name', true)
  const f_topicId: string = r.uuid('DeleteTopicsRequest.topics[].topicId')
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('DeleteTopicsRequest.topics[]')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('DeleteTopicsRequest.topics[]')
    const end = r.taggedFieldEnd('DeleteTopicsRequest.topics[]')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DeleteTopicsRequest.topics[]'))
    }
  }
  const value: DeleteTopicState = { name: f_name, topicId: f_topicId }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDeleteTopicsRequest(v: DeleteTopicsRequest, version: number): number {
  const flexible = version >= 4
  let size = 0
  if (version >= 6) {
    size += sizeOfArrayLength(v.topics, true, false, 'DeleteTopicsRequest.topics')
    for (const e of v.topics) size += sizeDeleteTopicState(e, version)
  }
  if (!(version >= 6)) {
    if (v.topics.length !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'DeleteTopicsRequest.topics')
  }
  if (version <= 5) {
    size += sizeOfArrayLength(v.topicNames, version >= 4, false, 'DeleteTopicsRequest.topicNames')
    for (const e of v.topicNames) size += sizeOfString(e, version >= 4, false, 'DeleteTopicsRequest.topicNames[]')
  }
  size += 4
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DeleteTopicsRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DeleteTopicsRequest')
  }
  return size
}

function writeDeleteTopicsRequest(w: ProtocolWriter, v: DeleteTopicsRequest, version: number): void {
  const flexible = version >= 4
  if (version >= 6) {
    w.arrayLength(v.topics, true)
    for (const e of v.topics) writeDeleteTopicState(w, e, version)
  }
  if (version <= 5) {
    w.arrayLength(v.topicNames, version >= 4)
    for (const e of v.topicNames) w.string(e, version >= 4)
  }
  w.int32(v.timeoutMs, 'DeleteTopicsRequest.timeoutMs')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDeleteTopicsRequest(r: ProtocolReader, version: number): DeleteTopicsRequest {
  const flexible = version >= 4
  let f_topics: DeleteTopicState[] = []
  if (version >= 6) {
    {
      const n = r.arrayLength('DeleteTopicsRequest.topics', true, false, 18)
      const a: DeleteTopicState[] = []
      for (let i = 0; i < n; i++) a.push(readDeleteTopicState(r, version))
      f_topics = a
    }
  }
  let f_topicNames: string[] = []
  if (version <= 5) {
    {
      const n = r.arrayLength('DeleteTopicsRequest.topicNames', version >= 4, false, 1)
      const a: string[] = []
      for (let i = 0; i < n; i++) a.push(r.string('DeleteTopicsRequest.topicNames[]', version >= 4))
      f_topicNames = a
    }
  }
  const f_timeoutMs: number = r.int32('DeleteTopicsRequest.timeoutMs')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DeleteTopicsRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DeleteTopicsRequest')
      const end = r.taggedFieldEnd('DeleteTopicsRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DeleteTopicsRequest'))
      }
    }
  }
  const value: DeleteTopicsRequest = { topics: f_topics, topicNames: f_topicNames, timeoutMs: f_timeoutMs }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const DeleteTopicStateSchema: StructSchema = {
  name: 'DeleteTopicState',
  versions: [6, 6],
  fields: [
    {
      name: 'name',
      type: 'string',
      versions: [6, 32767],
      nullableVersions: [6, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'null',
    },
    {
      name: 'topicId',
      type: 'uuid',
      versions: [6, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDeleteTopicState(),
}

const DeleteTopicsRequestSchema: StructSchema = {
  name: 'DeleteTopicsRequest',
  versions: [1, 6],
  fields: [
    {
      name: 'topics',
      type: 'array',
      element: DeleteTopicStateSchema,
      versions: [6, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'topicNames',
      type: 'array',
      element: 'string',
      versions: [0, 5],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
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
  create: () => createDeleteTopicsRequest(),
}

/** The DeleteTopicsRequest codec: versions 1-6. */
export const DeleteTopicsRequestCodec: MessageCodec<DeleteTopicsRequest> = defineCodec<DeleteTopicsRequest>({
  name: 'DeleteTopicsRequest',
  apiKey: 20,
  type: 'request',
  versions: [1, 6],
  flexibleVersions: [4, 32767],
  latestVersionUnstable: false,
  schema: DeleteTopicsRequestSchema,
  create: createDeleteTopicsRequest,
  size: sizeDeleteTopicsRequest,
  write: writeDeleteTopicsRequest,
  read: readDeleteTopicsRequest,
})
