/**
 * CreatePartitionsRequest (API key 37): generated from vendor/kafka-messages/CreatePartitionsRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-3; flexible versions 2+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** CreatePartitionsRequest, versions 0-3. */
export interface CreatePartitionsRequest {
  /** Each topic that we want to create new partitions inside. (versions 0+) */
  topics: CreatePartitionsTopic[]
  /** The time in ms to wait for the partitions to be created. (versions 0+) */
  timeoutMs: number
  /** If true, then validate the request, but don't actually increase the number of partitions. (versions 0+) */
  validateOnly: boolean
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** CreatePartitionsAssignment, inside CreatePartitionsRequest (versions 0-3). */
export interface CreatePartitionsAssignment {
  /** The assigned broker IDs. (versions 0+) */
  brokerIds: number[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** CreatePartitionsTopic, inside CreatePartitionsRequest (versions 0-3). */
export interface CreatePartitionsTopic {
  /** The topic name. (versions 0+) */
  name: string
  /** The new partition count. (versions 0+) */
  count: number
  /** The new partition assignments. (versions 0+; nullable 0+) */
  assignments: CreatePartitionsAssignment[] | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link CreatePartitionsRequest} with every field at its default, overridden by `fields`. */
export function createCreatePartitionsRequest(fields: Partial<CreatePartitionsRequest> = {}): CreatePartitionsRequest {
  return { topics: [], timeoutMs: 0, validateOnly: false, ...fields }
}

/** A new {@link CreatePartitionsAssignment} with every field at its default, overridden by `fields`. */
export function createCreatePartitionsAssignment(fields: Partial<CreatePartitionsAssignment> = {}): CreatePartitionsAssignment {
  return { brokerIds: [], ...fields }
}

/** A new {@link CreatePartitionsTopic} with every field at its default, overridden by `fields`. */
export function createCreatePartitionsTopic(fields: Partial<CreatePartitionsTopic> = {}): CreatePartitionsTopic {
  return { name: '', count: 0, assignments: [], ...fields }
}

function sizeCreatePartitionsAssignment(v: CreatePartitionsAssignment, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += sizeOfArrayLength(v.brokerIds, version >= 2, false, 'CreatePartitionsRequest.topics[].assignments[].brokerIds')
  size += v.brokerIds.length * 4
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'CreatePartitionsRequest.topics[].assignments[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'CreatePartitionsRequest.topics[].assignments[]')
  }
  return size
}

function writeCreatePartitionsAssignment(w: ProtocolWriter, v: CreatePartitionsAssignment, version: number): void {
  const flexible = version >= 2
  w.arrayLength(v.brokerIds, version >= 2)
  for (const e of v.brokerIds) w.int32(e, 'CreatePartitionsRequest.topics[].assignments[].brokerIds[]')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readCreatePartitionsAssignment(r: ProtocolReader, version: number): CreatePartitionsAssignment {
  const flexible = version >= 2
  let f_brokerIds: number[]
  {
    const n = r.arrayLength('CreatePartitionsRequest.topics[].assignments[].brokerIds', version >= 2, false, 4)
    const a: number[] = []
    for (let i = 0; i < n; i++) a.push(r.int32('CreatePartitionsRequest.topics[].assignments[].brokerIds[]'))
    f_brokerIds = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('CreatePartitionsRequest.topics[].assignments[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('CreatePartitionsRequest.topics[].assignments[]')
      const end = r.taggedFieldEnd('CreatePartitionsRequest.topics[].assignments[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'CreatePartitionsRequest.topics[].assignments[]'))
      }
    }
  }
  const value: CreatePartitionsAssignment = { brokerIds: f_brokerIds }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeCreatePartitionsTopic(v: CreatePartitionsTopic, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += sizeOfString(v.name, version >= 2, false, 'CreatePartitionsRequest.topics[].name')
  size += 4
  size += sizeOfArrayLength(v.assignments, version >= 2, true, 'CreatePartitionsRequest.topics[].assignments')
  if (v.assignments !== null) {
    for (const e of v.assignments) size += sizeCreatePartitionsAssignment(e, version)
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'CreatePartitionsRequest.topics[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'CreatePartitionsRequest.topics[]')
  }
  return size
}

function writeCreatePartitionsTopic(w: ProtocolWriter, v: CreatePartitionsTopic, version: number): void {
  const flexible = version >= 2
  w.string(v.name, version >= 2)
  w.int32(v.count, 'CreatePartitionsRequest.topics[].count')
  w.arrayLength(v.assignments, version >= 2)
  if (v.assignments !== null) for (const e of v.assignments) writeCreatePartitionsAssignment(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readCreatePartitionsTopic(r: ProtocolReader, version: number): CreatePartitionsTopic {
  const flexible = version >= 2
  const f_name: string = r.string('CreatePartitionsRequest.topics[].name', version >= 2)
  const f_count: number = r.int32('CreatePartitionsRequest.topics[].count')
  let f_assignments: CreatePartitionsAssignment[] | null
  {
    const n = r.arrayLength('CreatePartitionsRequest.topics[].assignments', version >= 2, true, 2)
    if (n < 0) {
      f_assignments = null
    } else {
      const a: CreatePartitionsAssignment[] = []
      for (let i = 0; i < n; i++) a.push(readCreatePartitionsAssignment(r, version))
      f_assignments = a
    }
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('CreatePartitionsRequest.topics[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('CreatePartitionsRequest.topics[]')
      const end = r.taggedFieldEnd('CreatePartitionsRequest.topics[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'CreatePartitionsRequest.topics[]'))
      }
    }
  }
  const value: CreatePartitionsTopic = { name: f_name, count: f_count, assignments: f_assignments }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeCreatePartitionsRequest(v: CreatePartitionsRequest, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += sizeOfArrayLength(v.topics, version >= 2, false, 'CreatePartitionsRequest.topics')
  for (const e of v.topics) size += sizeCreatePartitionsTopic(e, version)
  size += 4
  size += 1
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'CreatePartitionsRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'CreatePartitionsRequest')
  }
  return size
}

function writeCreatePartitionsRequest(w: ProtocolWriter, v: CreatePartitionsRequest, version: number): void {
  const flexible = version >= 2
  w.arrayLength(v.topics, version >= 2)
  for (const e of v.topics) writeCreatePartitionsTopic(w, e, version)
  w.int32(v.timeoutMs, 'CreatePartitionsRequest.timeoutMs')
  w.bool(v.validateOnly, 'CreatePartitionsRequest.validateOnly')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readCreatePartitionsRequest(r: ProtocolReader, version: number): CreatePartitionsRequest {
  const flexible = version >= 2
  let f_topics: CreatePartitionsTopic[]
  {
    const n = r.arrayLength('CreatePartitionsRequest.topics', version >= 2, false, 7)
    const a: CreatePartitionsTopic[] = []
    for (let i = 0; i < n; i++) a.push(readCreatePartitionsTopic(r, version))
    f_topics = a
  }
  const f_timeoutMs: number = r.int32('CreatePartitionsRequest.timeoutMs')
  const f_validateOnly: boolean = r.bool('CreatePartitionsRequest.validateOnly')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('CreatePartitionsRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('CreatePartitionsRequest')
      const end = r.taggedFieldEnd('CreatePartitionsRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'CreatePartitionsRequest'))
      }
    }
  }
  const value: CreatePartitionsRequest = { topics: f_topics, timeoutMs: f_timeoutMs, validateOnly: f_validateOnly }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const CreatePartitionsAssignmentSchema: StructSchema = {
  name: 'CreatePartitionsAssignment',
  versions: [0, 3],
  fields: [
    {
      name: 'brokerIds',
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
  create: () => createCreatePartitionsAssignment(),
}

const CreatePartitionsTopicSchema: StructSchema = {
  name: 'CreatePartitionsTopic',
  versions: [0, 3],
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
      name: 'count',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'assignments',
      type: 'array',
      element: CreatePartitionsAssignmentSchema,
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createCreatePartitionsTopic(),
}

const CreatePartitionsRequestSchema: StructSchema = {
  name: 'CreatePartitionsRequest',
  versions: [0, 3],
  fields: [
    {
      name: 'topics',
      type: 'array',
      element: CreatePartitionsTopicSchema,
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
      name: 'validateOnly',
      type: 'bool',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createCreatePartitionsRequest(),
}

/** The CreatePartitionsRequest codec: versions 0-3. */
export const CreatePartitionsRequestCodec: MessageCodec<CreatePartitionsRequest> = defineCodec<CreatePartitionsRequest>({
  name: 'CreatePartitionsRequest',
  apiKey: 37,
  type: 'request',
  versions: [0, 3],
  flexibleVersions: [2, 32767],
  latestVersionUnstable: false,
  schema: CreatePartitionsRequestSchema,
  create: createCreatePartitionsRequest,
  size: sizeCreatePartitionsRequest,
  write: writeCreatePartitionsRequest,
  read: readCreatePartitionsRequest,
})
