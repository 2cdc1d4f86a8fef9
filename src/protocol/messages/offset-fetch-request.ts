/**
 * OffsetFetchRequest (API key 9): generated from vendor/kafka-messages/OffsetFetchRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 1-9; flexible versions 6+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** OffsetFetchRequest, versions 1-9. */
export interface OffsetFetchRequest {
  /** The group to fetch offsets for. (versions 0-7) */
  groupId: string
  /** Each topic we would like to fetch offsets for, or null to fetch offsets for all topics. (versions 0-7; nullable 2-7) */
  topics: OffsetFetchRequestTopic[] | null
  /** Each group we would like to fetch offsets for. (versions 8+) */
  groups: OffsetFetchRequestGroup[]
  /** Whether broker should hold on returning unstable offsets but set a retriable error code for the partitions. (versions 7+; default false) */
  requireStable: boolean
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** OffsetFetchRequestTopic, inside OffsetFetchRequest (versions 1-7). */
export interface OffsetFetchRequestTopic {
  /** The topic name. (versions 0-7) */
  name: string
  /** The partition indexes we would like to fetch offsets for. (versions 0-7) */
  partitionIndexes: number[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** OffsetFetchRequestTopics, inside OffsetFetchRequest (versions 8-9). */
export interface OffsetFetchRequestTopics {
  /** The topic name. (versions 8+) */
  name: string
  /** The partition indexes we would like to fetch offsets for. (versions 8+) */
  partitionIndexes: number[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** OffsetFetchRequestGroup, inside OffsetFetchRequest (versions 8-9). */
export interface OffsetFetchRequestGroup {
  /** The group ID. (versions 8+) */
  groupId: string
  /** The member id. (versions 9+; nullable 9+; default null; ignorable) */
  memberId: string | null
  /** The member epoch if using the new consumer protocol (KIP-848). (versions 9+; default -1; ignorable) */
  memberEpoch: number
  /** Each topic we would like to fetch offsets for, or null to fetch offsets for all topics. (versions 8+; nullable 8+) */
  topics: OffsetFetchRequestTopics[] | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link OffsetFetchRequest} with every field at its default, overridden by `fields`. */
export function createOffsetFetchRequest(fields: Partial<OffsetFetchRequest> = {}): OffsetFetchRequest {
  return { groupId: '', topics: [], groups: [], requireStable: false, ...fields }
}

/** A new {@link OffsetFetchRequestTopic} with every field at its default, overridden by `fields`. */
export function createOffsetFetchRequestTopic(fields: Partial<OffsetFetchRequestTopic> = {}): OffsetFetchRequestTopic {
  return { name: '', partitionIndexes: [], ...fields }
}

/** A new {@link OffsetFetchRequestTopics} with every field at its default, overridden by `fields`. */
export function createOffsetFetchRequestTopics(fields: Partial<OffsetFetchRequestTopics> = {}): OffsetFetchRequestTopics {
  return { name: '', partitionIndexes: [], ...fields }
}

/** A new {@link OffsetFetchRequestGroup} with every field at its default, overridden by `fields`. */
export function createOffsetFetchRequestGroup(fields: Partial<OffsetFetchRequestGroup> = {}): OffsetFetchRequestGroup {
  return { groupId: '', memberId: null, memberEpoch: -1, topics: [], ...fields }
}

function sizeOffsetFetchRequestTopic(v: OffsetFetchRequestTopic, version: number): number {
  const flexible = version >= 6
  let size = 0
  size += sizeOfString(v.name, version >= 6, false, 'OffsetFetchRequest.topics[].name')
  size += sizeOfArrayLength(v.partitionIndexes, version >= 6, false, 'OffsetFetchRequest.topics[].partitionIndexes')
  size += v.partitionIndexes.length * 4
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'OffsetFetchRequest.topics[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'OffsetFetchRequest.topics[]')
  }
  return size
}

function writeOffsetFetchRequestTopic(w: ProtocolWriter, v: OffsetFetchRequestTopic, version: number): void {
  const flexible = version >= 6
  w.string(v.name, version >= 6)
  w.arrayLength(v.partitionIndexes, version >= 6)
  for (const e of v.partitionIndexes) w.int32(e, 'OffsetFetchRequest.topics[].partitionIndexes[]')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readOffsetFetchRequestTopic(r: ProtocolReader, version: number): OffsetFetchRequestTopic {
  const flexible = version >= 6
  const f_name: string = r.string('OffsetFetchRequest.topics[].name', version >= 6)
  let f_partitionIndexes: number[]
  {
    const n = r.arrayLength('OffsetFetchRequest.topics[].partitionIndexes', version >= 6, false, 4)
    const a: number[] = []
    for (let i = 0; i < n; i++) a.push(r.int32('OffsetFetchRequest.topics[].partitionIndexes[]'))
    f_partitionIndexes = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('OffsetFetchRequest.topics[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('OffsetFetchRequest.topics[]')
      const end = r.taggedFieldEnd('OffsetFetchRequest.topics[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'OffsetFetchRequest.topics[]'))
      }
    }
  }
  const value: OffsetFetchRequestTopic = { name: f_name, partitionIndexes: f_partitionIndexes }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeOffsetFetchRequestTopics(v: OffsetFetchRequestTopics, version: number): number {
  let size = 0
  size += sizeOfString(v.name, true, false, 'OffsetFetchRequest.groups[].topics[].name')
  size += sizeOfArrayLength(v.partitionIndexes, true, false, 'OffsetFetchRequest.groups[].topics[].partitionIndexes')
  size += v.partitionIndexes.length * 4
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'OffsetFetchRequest.groups[].topics[]')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeOffsetFetchRequestTopics(w: ProtocolWriter, v: OffsetFetchRequestTopics, version: number): void {
  w.string(v.name, true)
  w.arrayLength(v.partitionIndexes, true)
  for (const e of v.partitionIndexes) w.int32(e, 'OffsetFetchRequest.groups[].topics[].partitionIndexes[]')
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readOffsetFetchRequestTopics(r: ProtocolReader, version: number): OffsetFetchRequestTopics {
  const f_name: string = r.string('OffsetFetchRequest.groups[].topics[].name', true)
  let f_partitionIndexes: number[]
  {
    const n = r.arrayLength('OffsetFetchRequest.groups[].topics[].partitionIndexes', true, false, 4)
    const a: number[] = []
    for (let i = 0; i < n; i++) a.push(r.int32('OffsetFetchRequest.groups[].topics[].partitionIndexes[]'))
    f_partitionIndexes = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('OffsetFetchRequest.groups[].topics[]')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('OffsetFetchRequest.groups[].topics[]')
    const end = r.taggedFieldEnd('OffsetFetchRequest.groups[].topics[]')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'OffsetFetchRequest.groups[].topics[]'))
    }
  }
  const value: OffsetFetchRequestTopics = { name: f_name, partitionIndexes: f_partitionIndexes }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeOffsetFetchRequestGroup(v: OffsetFetchRequestGroup, version: number): number {
  let size = 0
  size += sizeOfString(v.groupId, true, false, 'OffsetFetchRequest.groups[].groupId')
  if (version >= 9) {
    size += sizeOfString(v.memberId, true, true, 'OffsetFetchRequest.groups[].memberId')
  }
  if (version >= 9) {
    size += 4
  }
  size += sizeOfArrayLength(v.topics, true, true, 'OffsetFetchRequest.groups[].topics')
  if (v.topics !== null) {
    for (const e of v.topics) size += sizeOffsetFetchRequestTopics(e, version)
  }
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'OffsetFetchRequest.groups[]')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeOffsetFetchRequestGroup(w: ProtocolWriter, v: OffsetFetchRequestGroup, version: number): void {
  w.string(v.groupId, true)
  if (version >= 9) {
    w.string(v.memberId, true)
  }
  if (version >= 9) {
    w.int32(v.memberEpoch, 'OffsetFetchRequest.groups[].memberEpoch')
  }
  w.arrayLength(v.topics, true)
  if (v.topics !== null) for (const e of v.topics) writeOffsetFetchRequestTopics(w, e, version)
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readOffsetFetchRequestGroup(r: ProtocolReader, version: number): OffsetFetchRequestGroup {
  const f_groupId: string = r.string('OffsetFetchRequest.groups[].groupId', true)
  let f_memberId: string | null = null
  if (version >= 9) {
    f_memberId = r.nullableString('OffsetFetchRequest.groups[].memberId', true)
  }
  let f_memberEpoch: number = -1
  if (version >= 9) {
    f_memberEpoch = r.int32('OffsetFetchRequest.groups[].memberEpoch')
  }
  let f_topics: OffsetFetchRequestTopics[] | null
  {
    const n = r.arrayLength('OffsetFetchRequest.groups[].topics', true, true, 3)
    if (n < 0) {
      f_topics = null
    } else {
      const a: OffsetFetchRequestTopics[] = []
      for (let i = 0; i < n; i++) a.push(readOffsetFetchRequestTopics(r, version))
      f_topics = a
    }
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('OffsetFetchRequest.groups[]')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('OffsetFetchRequest.groups[]')
    const end = r.taggedFieldEnd('OffsetFetchRequest.groups[]')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'OffsetFetchRequest.groups[]'))
    }
  }
  const value: OffsetFetchRequestGroup = { groupId: f_groupId, memberId: f_memberId, memberEpoch: f_memberEpoch, topics: f_topics }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeOffsetFetchRequest(v: OffsetFetchRequest, version: number): number {
  const flexible = version >= 6
  let size = 0
  if (version <= 7) {
    size += sizeOfString(v.groupId, version >= 6, false, 'OffsetFetchRequest.groupId')
  }
  if (!(version <= 7)) {
    if (v.groupId !== '')
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'OffsetFetchRequest.groupId')
  }
  if (version <= 7) {
    size += sizeOfArrayLength(v.topics, version >= 6, version >= 2, 'OffsetFetchRequest.topics')
    if (v.topics !== null) {
      for (const e of v.topics) size += sizeOffsetFetchRequestTopic(e, version)
    }
  }
  if (!(version <= 7)) {
    if (v.topics === null || v.topics.length !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'OffsetFetchRequest.topics')
  }
  if (version >= 8) {
    size += sizeOfArrayLength(v.groups, true, false, 'OffsetFetchRequest.groups')
    for (const e of v.groups) size += sizeOffsetFetchRequestGroup(e, version)
  }
  if (!(version >= 8)) {
    if (v.groups.length !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'OffsetFetchRequest.groups')
  }
  if (version >= 7) {
    size += 1
  }
  if (!(version >= 7)) {
    if (v.requireStable !== false)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'OffsetFetchRequest.requireStable')
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'OffsetFetchRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'OffsetFetchRequest')
  }
  return size
}

function writeOffsetFetchRequest(w: ProtocolWriter, v: OffsetFetchRequest, version: number): void {
  const flexible = version >= 6
  if (version <= 7) {
    w.string(v.groupId, version >= 6)
  }
  if (version <= 7) {
    w.arrayLength(v.topics, version >= 6)
    if (v.topics !== null) for (const e of v.topics) writeOffsetFetchRequestTopic(w, e, version)
  }
  if (version >= 8) {
    w.arrayLength(v.groups, true)
    for (const e of v.groups) writeOffsetFetchRequestGroup(w, e, version)
  }
  if (version >= 7) {
    w.bool(v.requireStable, 'OffsetFetchRequest.requireStable')
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readOffsetFetchRequest(r: ProtocolReader, version: number): OffsetFetchRequest {
  const flexible = version >= 6
  let f_groupId: string = ''
  if (version <= 7) {
    f_groupId = r.string('OffsetFetchRequest.groupId', version >= 6)
  }
  let f_topics: OffsetFetchRequestTopic[] | null = []
  if (version <= 7) {
    {
      const n = r.arrayLength('OffsetFetchRequest.topics', version >= 6, version >= 2, 3)
      if (n < 0) {
        f_topics = null
      } else {
        const a: OffsetFetchRequestTopic[] = []
        for (let i = 0; i < n; i++) a.push(readOffsetFetchRequestTopic(r, version))
        f_topics = a
      }
    }
  }
  let f_groups: OffsetFetchRequestGroup[] = []
  if (version >= 8) {
    {
      const n = r.arrayLength('OffsetFetchRequest.groups', true, false, 3)
      const a: OffsetFetchRequestGroup[] = []
      for (let i = 0; i < n; i++) a.push(readOffsetFetchRequestGroup(r, version))
      f_groups = a
    }
  }
  let f_requireStable: boolean = false
  if (version >= 7) {
    f_requireStable = r.bool('OffsetFetchRequest.requireStable')
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('OffsetFetchRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('OffsetFetchRequest')
      const end = r.taggedFieldEnd('OffsetFetchRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'OffsetFetchRequest'))
      }
    }
  }
  const value: OffsetFetchRequest = { groupId: f_groupId, topics: f_topics, groups: f_groups, requireStable: f_requireStable }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const OffsetFetchRequestTopicSchema: StructSchema = {
  name: 'OffsetFetchRequestTopic',
  versions: [1, 7],
  fields: [
    {
      name: 'name',
      type: 'string',
      versions: [0, 7],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'partitionIndexes',
      type: 'array',
      element: 'int32',
      versions: [0, 7],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createOffsetFetchRequestTopic(),
}

const OffsetFetchRequestTopicsSchema: StructSchema = {
  name: 'OffsetFetchRequestTopics',
  versions: [8, 9],
  fields: [
    {
      name: 'name',
      type: 'string',
      versions: [8, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'partitionIndexes',
      type: 'array',
      element: 'int32',
      versions: [8, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createOffsetFetchRequestTopics(),
}

const OffsetFetchRequestGroupSchema: StructSchema = {
  name: 'OffsetFetchRequestGroup',
  versions: [8, 9],
  fields: [
    {
      name: 'groupId',
      type: 'string',
      versions: [8, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'memberId',
      type: 'string',
      versions: [9, 32767],
      nullableVersions: [9, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: 'null',
    },
    {
      name: 'memberEpoch',
      type: 'int32',
      versions: [9, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
    {
      name: 'topics',
      type: 'array',
      element: OffsetFetchRequestTopicsSchema,
      versions: [8, 32767],
      nullableVersions: [8, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createOffsetFetchRequestGroup(),
}

const OffsetFetchRequestSchema: StructSchema = {
  name: 'OffsetFetchRequest',
  versions: [1, 9],
  fields: [
    {
      name: 'groupId',
      type: 'string',
      versions: [0, 7],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'topics',
      type: 'array',
      element: OffsetFetchRequestTopicSchema,
      versions: [0, 7],
      nullableVersions: [2, 7],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'groups',
      type: 'array',
      element: OffsetFetchRequestGroupSchema,
      versions: [8, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'requireStable',
      type: 'bool',
      versions: [7, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'false',
    },
  ],
  create: () => createOffsetFetchRequest(),
}

/** The OffsetFetchRequest codec: versions 1-9. */
export const OffsetFetchRequestCodec: MessageCodec<OffsetFetchRequest> = defineCodec<OffsetFetchRequest>({
  name: 'OffsetFetchRequest',
  apiKey: 9,
  type: 'request',
  versions: [1, 9],
  flexibleVersions: [6, 32767],
  latestVersionUnstable: false,
  schema: OffsetFetchRequestSchema,
  create: createOffsetFetchRequest,
  size: sizeOffsetFetchRequest,
  write: writeOffsetFetchRequest,
  read: readOffsetFetchRequest,
})
