/**
 * CreateTopicsRequest (API key 19): generated from vendor/kafka-messages/CreateTopicsRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 2-7; flexible versions 5+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** CreateTopicsRequest, versions 2-7. */
export interface CreateTopicsRequest {
  /** The topics to create. (versions 0+) */
  topics: CreatableTopic[]
  /** How long to wait in milliseconds before timing out the request. (versions 0+; default 60000) */
  timeoutMs: number
  /** If true, check that the topics can be created as specified, but don't create anything. (versions 1+; default false) */
  validateOnly: boolean
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** CreatableReplicaAssignment, inside CreateTopicsRequest (versions 2-7). */
export interface CreatableReplicaAssignment {
  /** The partition index. (versions 0+) */
  partitionIndex: number
  /** The brokers to place the partition on. (versions 0+) */
  brokerIds: number[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** CreatableTopicConfig, inside CreateTopicsRequest (versions 2-7). */
export interface CreatableTopicConfig {
  /** The configuration name. (versions 0+) */
  name: string
  /** The configuration value. (versions 0+; nullable 0+) */
  value: string | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** CreatableTopic, inside CreateTopicsRequest (versions 2-7). */
export interface CreatableTopic {
  /** The topic name. (versions 0+) */
  name: string
  /** The number of partitions to create in the topic, or -1 if we are either specifying a manual partition assignment or using the default partitions. (versions 0+) */
  numPartitions: number
  /** The number of replicas to create for each partition in the topic, or -1 if we are either specifying a manual partition assignment or using the default replication factor. (versions 0+) */
  replicationFactor: number
  /** The manual partition assignment, or the empty array if we are using automatic assignment. (versions 0+) */
  assignments: CreatableReplicaAssignment[]
  /** The custom topic configurations to set. (versions 0+) */
  configs: CreatableTopicConfig[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link CreateTopicsRequest} with every field at its default, overridden by `fields`. */
export function createCreateTopicsRequest(fields: Partial<CreateTopicsRequest> = {}): CreateTopicsRequest {
  return { topics: [], timeoutMs: 60000, validateOnly: false, ...fields }
}

/** A new {@link CreatableReplicaAssignment} with every field at its default, overridden by `fields`. */
export function createCreatableReplicaAssignment(fields: Partial<CreatableReplicaAssignment> = {}): CreatableReplicaAssignment {
  return { partitionIndex: 0, brokerIds: [], ...fields }
}

/** A new {@link CreatableTopicConfig} with every field at its default, overridden by `fields`. */
export function createCreatableTopicConfig(fields: Partial<CreatableTopicConfig> = {}): CreatableTopicConfig {
  return { name: '', value: '', ...fields }
}

/** A new {@link CreatableTopic} with every field at its default, overridden by `fields`. */
export function createCreatableTopic(fields: Partial<CreatableTopic> = {}): CreatableTopic {
  return { name: '', numPartitions: 0, replicationFactor: 0, assignments: [], configs: [], ...fields }
}

function sizeCreatableReplicaAssignment(v: CreatableReplicaAssignment, version: number): number {
  const flexible = version >= 5
  let size = 0
  size += 4
  size += sizeOfArrayLength(v.brokerIds, version >= 5, false, 'CreateTopicsRequest.topics[].assignments[].brokerIds')
  size += v.brokerIds.length * 4
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'CreateTopicsRequest.topics[].assignments[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'CreateTopicsRequest.topics[].assignments[]')
  }
  return size
}

function writeCreatableReplicaAssignment(w: ProtocolWriter, v: CreatableReplicaAssignment, version: number): void {
  const flexible = version >= 5
  w.int32(v.partitionIndex, 'CreateTopicsRequest.topics[].assignments[].partitionIndex')
  w.arrayLength(v.brokerIds, version >= 5)
  for (const e of v.brokerIds) w.int32(e, 'CreateTopicsRequest.topics[].assignments[].brokerIds[]')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readCreatableReplicaAssignment(r: ProtocolReader, version: number): CreatableReplicaAssignment {
  const flexible = version >= 5
  const f_partitionIndex: number = r.int32('CreateTopicsRequest.topics[].assignments[].partitionIndex')
  let f_brokerIds: number[]
  {
    const n = r.arrayLength('CreateTopicsRequest.topics[].assignments[].brokerIds', version >= 5, false, 4)
    const a: number[] = []
    for (let i = 0; i < n; i++) a.push(r.int32('CreateTopicsRequest.topics[].assignments[].brokerIds[]'))
    f_brokerIds = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('CreateTopicsRequest.topics[].assignments[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('CreateTopicsRequest.topics[].assignments[]')
      const end = r.taggedFieldEnd('CreateTopicsRequest.topics[].assignments[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'CreateTopicsRequest.topics[].assignments[]'))
      }
    }
  }
  const value: CreatableReplicaAssignment = { partitionIndex: f_partitionIndex, brokerIds: f_brokerIds }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeCreatableTopicConfig(v: CreatableTopicConfig, version: number): number {
  const flexible = version >= 5
  let size = 0
  size += sizeOfString(v.name, version >= 5, false, 'CreateTopicsRequest.topics[].configs[].name')
  size += sizeOfString(v.value, version >= 5, true, 'CreateTopicsRequest.topics[].configs[].value')
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'CreateTopicsRequest.topics[].configs[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'CreateTopicsRequest.topics[].configs[]')
  }
  return size
}

function writeCreatableTopicConfig(w: ProtocolWriter, v: CreatableTopicConfig, version: number): void {
  const flexible = version >= 5
  w.string(v.name, version >= 5)
  w.string(v.value, version >= 5)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readCreatableTopicConfig(r: ProtocolReader, version: number): CreatableTopicConfig {
  const flexible = version >= 5
  const f_name: string = r.string('CreateTopicsRequest.topics[].configs[].name', version >= 5)
  const f_value: string | null = r.nullableString('CreateTopicsRequest.topics[].configs[].value', version >= 5)
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('CreateTopicsRequest.topics[].configs[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('CreateTopicsRequest.topics[].configs[]')
      const end = r.taggedFieldEnd('CreateTopicsRequest.topics[].configs[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'CreateTopicsRequest.topics[].configs[]'))
      }
    }
  }
  const value: CreatableTopicConfig = { name: f_name, value: f_value }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeCreatableTopic(v: CreatableTopic, version: number): number {
  const flexible = version >= 5
  let size = 0
  size += sizeOfString(v.name, version >= 5, false, 'CreateTopicsRequest.topics[].name')
  size += 4
  size += 2
  size += sizeOfArrayLength(v.assignments, version >= 5, false, 'CreateTopicsRequest.topics[].assignments')
  for (const e of v.assignments) size += sizeCreatableReplicaAssignment(e, version)
  size += sizeOfArrayLength(v.configs, version >= 5, false, 'CreateTopicsRequest.topics[].configs')
  for (const e of v.configs) size += sizeCreatableTopicConfig(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'CreateTopicsRequest.topics[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'CreateTopicsRequest.topics[]')
  }
  return size
}

function writeCreatableTopic(w: ProtocolWriter, v: CreatableTopic, version: number): void {
  const flexible = version >= 5
  w.string(v.name, version >= 5)
  w.int32(v.numPartitions, 'CreateTopicsRequest.topics[].numPartitions')
  w.int16(v.replicationFactor, 'CreateTopicsRequest.topics[].replicationFactor')
  w.arrayLength(v.assignments, version >= 5)
  for (const e of v.assignments) writeCreatableReplicaAssignment(w, e, version)
  w.arrayLength(v.configs, version >= 5)
  for (const e of v.configs) writeCreatableTopicConfig(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readCreatableTopic(r: ProtocolReader, version: number): CreatableTopic {
  const flexible = version >= 5
  const f_name: string = r.string('CreateTopicsRequest.topics[].name', version >= 5)
  const f_numPartitions: number = r.int32('CreateTopicsRequest.topics[].numPartitions')
  const f_replicationFactor: number = r.int16('CreateTopicsRequest.topics[].replicationFactor')
  let f_assignments: CreatableReplicaAssignment[]
  {
    const n = r.arrayLength('CreateTopicsRequest.topics[].assignments', version >= 5, false, 6)
    const a: CreatableReplicaAssignment[] = []
    for (let i = 0; i < n; i++) a.push(readCreatableReplicaAssignment(r, version))
    f_assignments = a
  }
  let f_configs: CreatableTopicConfig[]
  {
    const n = r.arrayLength('CreateTopicsRequest.topics[].configs', version >= 5, false, 3)
    const a: CreatableTopicConfig[] = []
    for (let i = 0; i < n; i++) a.push(readCreatableTopicConfig(r, version))
    f_configs = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('CreateTopicsRequest.topics[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('CreateTopicsRequest.topics[]')
      const end = r.taggedFieldEnd('CreateTopicsRequest.topics[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'CreateTopicsRequest.topics[]'))
      }
    }
  }
  const value: CreatableTopic = {
    name: f_name,
    numPartitions: f_numPartitions,
    replicationFactor: f_replicationFactor,
    assignments: f_assignments,
    configs: f_configs,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeCreateTopicsRequest(v: CreateTopicsRequest, version: number): number {
  const flexible = version >= 5
  let size = 0
  size += sizeOfArrayLength(v.topics, version >= 5, false, 'CreateTopicsRequest.topics')
  for (const e of v.topics) size += sizeCreatableTopic(e, version)
  size += 4
  size += 1
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'CreateTopicsRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'CreateTopicsRequest')
  }
  return size
}

function writeCreateTopicsRequest(w: ProtocolWriter, v: CreateTopicsRequest, version: number): void {
  const flexible = version >= 5
  w.arrayLength(v.topics, version >= 5)
  for (const e of v.topics) writeCreatableTopic(w, e, version)
  w.int32(v.timeoutMs, 'CreateTopicsRequest.timeoutMs')
  w.bool(v.validateOnly, 'CreateTopicsRequest.validateOnly')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readCreateTopicsRequest(r: ProtocolReader, version: number): CreateTopicsRequest {
  const flexible = version >= 5
  let f_topics: CreatableTopic[]
  {
    const n = r.arrayLength('CreateTopicsRequest.topics', version >= 5, false, 10)
    const a: CreatableTopic[] = []
    for (let i = 0; i < n; i++) a.push(readCreatableTopic(r, version))
    f_topics = a
  }
  const f_timeoutMs: number = r.int32('CreateTopicsRequest.timeoutMs')
  const f_validateOnly: boolean = r.bool('CreateTopicsRequest.validateOnly')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('CreateTopicsRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('CreateTopicsRequest')
      const end = r.taggedFieldEnd('CreateTopicsRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'CreateTopicsRequest'))
      }
    }
  }
  const value: CreateTopicsRequest = { topics: f_topics, timeoutMs: f_timeoutMs, validateOnly: f_validateOnly }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const CreatableReplicaAssignmentSchema: StructSchema = {
  name: 'CreatableReplicaAssignment',
  versions: [2, 7],
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
  create: () => createCreatableReplicaAssignment(),
}

const CreatableTopicConfigSchema: StructSchema = {
  name: 'CreatableTopicConfig',
  versions: [2, 7],
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
      name: 'value',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createCreatableTopicConfig(),
}

const CreatableTopicSchema: StructSchema = {
  name: 'CreatableTopic',
  versions: [2, 7],
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
      name: 'numPartitions',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'replicationFactor',
      type: 'int16',
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
      element: CreatableReplicaAssignmentSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'configs',
      type: 'array',
      element: CreatableTopicConfigSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createCreatableTopic(),
}

const CreateTopicsRequestSchema: StructSchema = {
  name: 'CreateTopicsRequest',
  versions: [2, 7],
  fields: [
    {
      name: 'topics',
      type: 'array',
      element: CreatableTopicSchema,
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
      default: '60000',
    },
    {
      name: 'validateOnly',
      type: 'bool',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'false',
    },
  ],
  create: () => createCreateTopicsRequest(),
}

/** The CreateTopicsRequest codec: versions 2-7. */
export const CreateTopicsRequestCodec: MessageCodec<CreateTopicsRequest> = defineCodec<CreateTopicsRequest>({
  name: 'CreateTopicsRequest',
  apiKey: 19,
  type: 'request',
  versions: [2, 7],
  flexibleVersions: [5, 32767],
  latestVersionUnstable: false,
  schema: CreateTopicsRequestSchema,
  create: createCreateTopicsRequest,
  size: sizeCreateTopicsRequest,
  write: writeCreateTopicsRequest,
  read: readCreateTopicsRequest,
})
