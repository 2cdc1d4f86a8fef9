/**
 * MetadataResponse (API key 3): generated from vendor/kafka-messages/MetadataResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-13; flexible versions 9+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** MetadataResponse, versions 0-13. */
export interface MetadataResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 3+; ignorable) */
  throttleTimeMs: number
  /** A list of brokers present in the cluster. (versions 0+) */
  brokers: MetadataResponseBroker[]
  /** The cluster ID that responding broker belongs to. (versions 2+; nullable 2+; default null; ignorable) */
  clusterId: string | null
  /** The ID of the controller broker. (versions 1+; default -1; ignorable) */
  controllerId: number
  /** Each topic in the response. (versions 0+) */
  topics: MetadataResponseTopic[]
  /** 32-bit bitfield to represent authorized operations for this cluster. (versions 8-10; default -2147483648) */
  clusterAuthorizedOperations: number
  /** The top-level error code, or 0 if there was no error. (versions 13+; ignorable) */
  errorCode: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** MetadataResponseBroker, inside MetadataResponse (versions 0-13). */
export interface MetadataResponseBroker {
  /** The broker ID. (versions 0+) */
  nodeId: number
  /** The broker hostname. (versions 0+) */
  host: string
  /** The broker port. (versions 0+) */
  port: number
  /** The rack of the broker, or null if it has not been assigned to a rack. (versions 1+; nullable 1+; default null; ignorable) */
  rack: string | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** MetadataResponsePartition, inside MetadataResponse (versions 0-13). */
export interface MetadataResponsePartition {
  /** The partition error, or 0 if there was no error. (versions 0+) */
  errorCode: number
  /** The partition index. (versions 0+) */
  partitionIndex: number
  /** The ID of the leader broker. (versions 0+) */
  leaderId: number
  /** The leader epoch of this partition. (versions 7+; default -1; ignorable) */
  leaderEpoch: number
  /** The set of all nodes that host this partition. (versions 0+) */
  replicaNodes: number[]
  /** The set of nodes that are in sync with the leader for this partition. (versions 0+) */
  isrNodes: number[]
  /** The set of offline replicas of this partition. (versions 5+; ignorable) */
  offlineReplicas: number[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** MetadataResponseTopic, inside MetadataResponse (versions 0-13). */
export interface MetadataResponseTopic {
  /** The topic error, or 0 if there was no error. (versions 0+) */
  errorCode: number
  /** The topic name. Null for non-existing topics queried by ID. This is never null when ErrorCode is zero. One of Name and TopicId is always populated. (versions 0+; nullable 12+) */
  name: string | null
  /** The topic id. Zero for non-existing topics queried by name. This is never zero when ErrorCode is zero. One of Name and TopicId is always populated. (versions 10+; ignorable) */
  topicId: string
  /** True if the topic is internal. (versions 1+; default false; ignorable) */
  isInternal: boolean
  /** Each partition in the topic. (versions 0+) */
  partitions: MetadataResponsePartition[]
  /** 32-bit bitfield to represent authorized operations for this topic. (versions 8+; default -2147483648) */
  topicAuthorizedOperations: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link MetadataResponse} with every field at its default, overridden by `fields`. */
export function createMetadataResponse(fields: Partial<MetadataResponse> = {}): MetadataResponse {
  return {
    throttleTimeMs: 0,
    brokers: [],
    clusterId: null,
    controllerId: -1,
    topics: [],
    clusterAuthorizedOperations: -2147483648,
    errorCode: 0,
    ...fields,
  }
}

/** A new {@link MetadataResponseBroker} with every field at its default, overridden by `fields`. */
export function createMetadataResponseBroker(fields: Partial<MetadataResponseBroker> = {}): MetadataResponseBroker {
  return { nodeId: 0, host: '', port: 0, rack: null, ...fields }
}

/** A new {@link MetadataResponsePartition} with every field at its default, overridden by `fields`. */
export function createMetadataResponsePartition(fields: Partial<MetadataResponsePartition> = {}): MetadataResponsePartition {
  return { errorCode: 0, partitionIndex: 0, leaderId: 0, leaderEpoch: -1, replicaNodes: [], isrNodes: [], offlineReplicas: [], ...fields }
}

/** A new {@link MetadataResponseTopic} with every field at its default, overridden by `fields`. */
export function createMetadataResponseTopic(fields: Partial<MetadataResponseTopic> = {}): MetadataResponseTopic {
  return {
    errorCode: 0,
    name: '',
    topicId: 'AAAAAAAAAAAAAAAAAAAAAA',
    isInternal: false,
    partitions: [],
    topicAuthorizedOperations: -2147483648,
    ...fields,
  }
}

function sizeMetadataResponseBroker(v: MetadataResponseBroker, version: number): number {
  const flexible = version >= 9
  let size = 0
  size += 4
  size += sizeOfString(v.host, version >= 9, false, 'MetadataResponse.brokers[].host')
  size += 4
  if (version >= 1) {
    size += sizeOfString(v.rack, version >= 9, true, 'MetadataResponse.brokers[].rack')
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'MetadataResponse.brokers[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'MetadataResponse.brokers[]')
  }
  return size
}

function writeMetadataResponseBroker(w: ProtocolWriter, v: MetadataResponseBroker, version: number): void {
  const flexible = version >= 9
  w.int32(v.nodeId, 'MetadataResponse.brokers[].nodeId')
  w.string(v.host, version >= 9)
  w.int32(v.port, 'MetadataResponse.brokers[].port')
  if (version >= 1) {
    w.string(v.rack, version >= 9)
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readMetadataResponseBroker(r: ProtocolReader, version: number): MetadataResponseBroker {
  const flexible = version >= 9
  const f_nodeId: number = r.int32('MetadataResponse.brokers[].nodeId')
  const f_host: string = r.string('MetadataResponse.brokers[].host', version >= 9)
  const f_port: number = r.int32('MetadataResponse.brokers[].port')
  let f_rack: string | null = null
  if (version >= 1) {
    f_rack = r.nullableString('MetadataResponse.brokers[].rack', version >= 9)
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('MetadataResponse.brokers[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('MetadataResponse.brokers[]')
      const end = r.taggedFieldEnd('MetadataResponse.brokers[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'MetadataResponse.brokers[]'))
      }
    }
  }
  const value: MetadataResponseBroker = { nodeId: f_nodeId, host: f_host, port: f_port, rack: f_rack }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeMetadataResponsePartition(v: MetadataResponsePartition, version: number): number {
  const flexible = version >= 9
  let size = 0
  size += 2
  size += 4
  size += 4
  if (version >= 7) {
    size += 4
  }
  size += sizeOfArrayLength(v.replicaNodes, version >= 9, false, 'MetadataResponse.topics[].partitions[].replicaNodes')
  size += v.replicaNodes.length * 4
  size += sizeOfArrayLength(v.isrNodes, version >= 9, false, 'MetadataResponse.topics[].partitions[].isrNodes')
  size += v.isrNodes.length * 4
  if (version >= 5) {
    size += sizeOfArrayLength(v.offlineReplicas, version >= 9, false, 'MetadataResponse.topics[].partitions[].offlineReplicas')
    size += v.offlineReplicas.length * 4
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'MetadataResponse.topics[].partitions[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'MetadataResponse.topics[].partitions[]')
  }
  return size
}

function writeMetadataResponsePartition(w: ProtocolWriter, v: MetadataResponsePartition, version: number): void {
  const flexible = version >= 9
  w.int16(v.errorCode, 'MetadataResponse.topics[].partitions[].errorCode')
  w.int32(v.partitionIndex, 'MetadataResponse.topics[].partitions[].partitionIndex')
  w.int32(v.leaderId, 'MetadataResponse.topics[].partitions[].leaderId')
  if (version >= 7) {
    w.int32(v.leaderEpoch, 'MetadataResponse.topics[].partitions[].leaderEpoch')
  }
  w.arrayLength(v.replicaNodes, version >= 9)
  for (const e of v.replicaNodes) w.int32(e, 'MetadataResponse.topics[].partitions[].replicaNodes[]')
  w.arrayLength(v.isrNodes, version >= 9)
  for (const e of v.isrNodes) w.int32(e, 'MetadataResponse.topics[].partitions[].isrNodes[]')
  if (version >= 5) {
    w.arrayLength(v.offlineReplicas, version >= 9)
    for (const e of v.offlineReplicas) w.int32(e, 'MetadataResponse.topics[].partitions[].offlineReplicas[]')
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readMetadataResponsePartition(r: ProtocolReader, version: number): MetadataResponsePartition {
  const flexible = version >= 9
  const f_errorCode: number = r.int16('MetadataResponse.topics[].partitions[].errorCode')
  const f_partitionIndex: number = r.int32('MetadataResponse.topics[].partitions[].partitionIndex')
  const f_leaderId: number = r.int32('MetadataResponse.topics[].partitions[].leaderId')
  let f_leaderEpoch: number = -1
  if (version >= 7) {
    f_leaderEpoch = r.int32('MetadataResponse.topics[].partitions[].leaderEpoch')
  }
  let f_replicaNodes: number[]
  {
    const n = r.arrayLength('MetadataResponse.topics[].partitions[].replicaNodes', version >= 9, false, 4)
    const a: number[] = []
    for (let i = 0; i < n; i++) a.push(r.int32('MetadataResponse.topics[].partitions[].replicaNodes[]'))
    f_replicaNodes = a
  }
  let f_isrNodes: number[]
  {
    const n = r.arrayLength('MetadataResponse.topics[].partitions[].isrNodes', version >= 9, false, 4)
    const a: number[] = []
    for (let i = 0; i < n; i++) a.push(r.int32('MetadataResponse.topics[].partitions[].isrNodes[]'))
    f_isrNodes = a
  }
  let f_offlineReplicas: number[] = []
  if (version >= 5) {
    {
      const n = r.arrayLength('MetadataResponse.topics[].partitions[].offlineReplicas', version >= 9, false, 4)
      const a: number[] = []
      for (let i = 0; i < n; i++) a.push(r.int32('MetadataResponse.topics[].partitions[].offlineReplicas[]'))
      f_offlineReplicas = a
    }
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('MetadataResponse.topics[].partitions[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('MetadataResponse.topics[].partitions[]')
      const end = r.taggedFieldEnd('MetadataResponse.topics[].partitions[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'MetadataResponse.topics[].partitions[]'))
      }
    }
  }
  const value: MetadataResponsePartition = {
    errorCode: f_errorCode,
    partitionIndex: f_partitionIndex,
    leaderId: f_leaderId,
    leaderEpoch: f_leaderEpoch,
    replicaNodes: f_replicaNodes,
    isrNodes: f_isrNodes,
    offlineReplicas: f_offlineReplicas,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeMetadataResponseTopic(v: MetadataResponseTopic, version: number): number {
  const flexible = version >= 9
  let size = 0
  size += 2
  size += sizeOfString(v.name, version >= 9, version >= 12, 'MetadataResponse.topics[].name')
  if (version >= 10) {
    size += 16
  }
  if (version >= 1) {
    size += 1
  }
  size += sizeOfArrayLength(v.partitions, version >= 9, false, 'MetadataResponse.topics[].partitions')
  for (const e of v.partitions) size += sizeMetadataResponsePartition(e, version)
  if (version >= 8) {
    size += 4
  }
  if (!(version >= 8)) {
    if (v.topicAuthorizedOperations !== -2147483648)
      throw unsupportedVersion(
        `a non-default value at version ${version}, which lacks the field`,
        'MetadataResponse.topics[].topicAuthorizedOperations',
      )
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'MetadataResponse.topics[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'MetadataResponse.topics[]')
  }
  return size
}

function writeMetadataResponseTopic(w: ProtocolWriter, v: MetadataResponseTopic, version: number): void {
  const flexible = version >= 9
  w.int16(v.errorCode, 'MetadataResponse.topics[].errorCode')
  w.string(v.name, version >= 9)
  if (version >= 10) {
    w.uuid(v.topicId, 'MetadataResponse.topics[].topicId')
  }
  if (version >= 1) {
    w.bool(v.isInternal, 'MetadataResponse.topics[].isInternal')
  }
  w.arrayLength(v.partitions, version >= 9)
  for (const e of v.partitions) writeMetadataResponsePartition(w, e, version)
  if (version >= 8) {
    w.int32(v.topicAuthorizedOperations, 'MetadataResponse.topics[].topicAuthorizedOperations')
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readMetadataResponseTopic(r: ProtocolReader, version: number): MetadataResponseTopic {
  const flexible = version >= 9
  const f_errorCode: number = r.int16('MetadataResponse.topics[].errorCode')
  const f_name: string | null =
    version >= 12
      ? r.nullableString('MetadataResponse.topics[].name', version >= 9)
      : r.string('MetadataResponse.topics[].name', version >= 9)
  let f_topicId: string = 'AAAAAAAAAAAAAAAAAAAAAA'
  if (version >= 10) {
    f_topicId = r.uuid('MetadataResponse.topics[].topicId')
  }
  let f_isInternal: boolean = false
  if (version >= 1) {
    f_isInternal = r.bool('MetadataResponse.topics[].isInternal')
  }
  let f_partitions: MetadataResponsePartition[]
  {
    const n = r.arrayLength('MetadataResponse.topics[].partitions', version >= 9, false, 18)
    const a: MetadataResponsePartition[] = []
    for (let i = 0; i < n; i++) a.push(readMetadataResponsePartition(r, version))
    f_partitions = a
  }
  let f_topicAuthorizedOperations: number = -2147483648
  if (version >= 8) {
    f_topicAuthorizedOperations = r.int32('MetadataResponse.topics[].topicAuthorizedOperations')
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('MetadataResponse.topics[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('MetadataResponse.topics[]')
      const end = r.taggedFieldEnd('MetadataResponse.topics[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'MetadataResponse.topics[]'))
      }
    }
  }
  const value: MetadataResponseTopic = {
    errorCode: f_errorCode,
    name: f_name,
    topicId: f_topicId,
    isInternal: f_isInternal,
    partitions: f_partitions,
    topicAuthorizedOperations: f_topicAuthorizedOperations,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeMetadataResponse(v: MetadataResponse, version: number): number {
  const flexible = version >= 9
  let size = 0
  if (version >= 3) {
    size += 4
  }
  size += sizeOfArrayLength(v.brokers, version >= 9, false, 'MetadataResponse.brokers')
  for (const e of v.brokers) size += sizeMetadataResponseBroker(e, version)
  if (version >= 2) {
    size += sizeOfString(v.clusterId, version >= 9, true, 'MetadataResponse.clusterId')
  }
  if (version >= 1) {
    size += 4
  }
  size += sizeOfArrayLength(v.topics, version >= 9, false, 'MetadataResponse.topics')
  for (const e of v.topics) size += sizeMetadataResponseTopic(e, version)
  if (version >= 8 && version <= 10) {
    size += 4
  }
  if (!(version >= 8 && version <= 10)) {
    if (v.clusterAuthorizedOperations !== -2147483648)
      throw unsupportedVersion(
        `a non-default value at version ${version}, which lacks the field`,
        'MetadataResponse.clusterAuthorizedOperations',
      )
  }
  if (version >= 13) {
    size += 2
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'MetadataResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'MetadataResponse')
  }
  return size
}

function writeMetadataResponse(w: ProtocolWriter, v: MetadataResponse, version: number): void {
  const flexible = version >= 9
  if (version >= 3) {
    w.int32(v.throttleTimeMs, 'MetadataResponse.throttleTimeMs')
  }
  w.arrayLength(v.brokers, version >= 9)
  for (const e of v.brokers) writeMetadataResponseBroker(w, e, version)
  if (version >= 2) {
    w.string(v.clusterId, version >= 9)
  }
  if (version >= 1) {
    w.int32(v.controllerId, 'MetadataResponse.controllerId')
  }
  w.arrayLength(v.topics, version >= 9)
  for (const e of v.topics) writeMetadataResponseTopic(w, e, version)
  if (version >= 8 && version <= 10) {
    w.int32(v.clusterAuthorizedOperations, 'MetadataResponse.clusterAuthorizedOperations')
  }
  if (version >= 13) {
    w.int16(v.errorCode, 'MetadataResponse.errorCode')
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readMetadataResponse(r: ProtocolReader, version: number): MetadataResponse {
  const flexible = version >= 9
  let f_throttleTimeMs: number = 0
  if (version >= 3) {
    f_throttleTimeMs = r.int32('MetadataResponse.throttleTimeMs')
  }
  let f_brokers: MetadataResponseBroker[]
  {
    const n = r.arrayLength('MetadataResponse.brokers', version >= 9, false, 10)
    const a: MetadataResponseBroker[] = []
    for (let i = 0; i < n; i++) a.push(readMetadataResponseBroker(r, version))
    f_brokers = a
  }
  let f_clusterId: string | null = null
  if (version >= 2) {
    f_clusterId = r.nullableString('MetadataResponse.clusterId', version >= 9)
  }
  let f_controllerId: number = -1
  if (version >= 1) {
    f_controllerId = r.int32('MetadataResponse.controllerId')
  }
  let f_topics: MetadataResponseTopic[]
  {
    const n = r.arrayLength('MetadataResponse.topics', version >= 9, false, 8)
    const a: MetadataResponseTopic[] = []
    for (let i = 0; i < n; i++) a.push(readMetadataResponseTopic(r, version))
    f_topics = a
  }
  let f_clusterAuthorizedOperations: number = -2147483648
  if (version >= 8 && version <= 10) {
    f_clusterAuthorizedOperations = r.int32('MetadataResponse.clusterAuthorizedOperations')
  }
  let f_errorCode: number = 0
  if (version >= 13) {
    f_errorCode = r.int16('MetadataResponse.errorCode')
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('MetadataResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('MetadataResponse')
      const end = r.taggedFieldEnd('MetadataResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'MetadataResponse'))
      }
    }
  }
  const value: MetadataResponse = {
    throttleTimeMs: f_throttleTimeMs,
    brokers: f_brokers,
    clusterId: f_clusterId,
    controllerId: f_controllerId,
    topics: f_topics,
    clusterAuthorizedOperations: f_clusterAuthorizedOperations,
    errorCode: f_errorCode,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const MetadataResponseBrokerSchema: StructSchema = {
  name: 'MetadataResponseBroker',
  versions: [0, 13],
  fields: [
    {
      name: 'nodeId',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'host',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'port',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'rack',
      type: 'string',
      versions: [1, 32767],
      nullableVersions: [1, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: 'null',
    },
  ],
  create: () => createMetadataResponseBroker(),
}

const MetadataResponsePartitionSchema: StructSchema = {
  name: 'MetadataResponsePartition',
  versions: [0, 13],
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
      name: 'leaderId',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'leaderEpoch',
      type: 'int32',
      versions: [7, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
    {
      name: 'replicaNodes',
      type: 'array',
      element: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'isrNodes',
      type: 'array',
      element: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'offlineReplicas',
      type: 'array',
      element: 'int32',
      versions: [5, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
  ],
  create: () => createMetadataResponsePartition(),
}

const MetadataResponseTopicSchema: StructSchema = {
  name: 'MetadataResponseTopic',
  versions: [0, 13],
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
      name: 'name',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: [12, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
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
      name: 'isInternal',
      type: 'bool',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: 'false',
    },
    {
      name: 'partitions',
      type: 'array',
      element: MetadataResponsePartitionSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'topicAuthorizedOperations',
      type: 'int32',
      versions: [8, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-2147483648',
    },
  ],
  create: () => createMetadataResponseTopic(),
}

const MetadataResponseSchema: StructSchema = {
  name: 'MetadataResponse',
  versions: [0, 13],
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
      name: 'brokers',
      type: 'array',
      element: MetadataResponseBrokerSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'clusterId',
      type: 'string',
      versions: [2, 32767],
      nullableVersions: [2, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: 'null',
    },
    {
      name: 'controllerId',
      type: 'int32',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
    {
      name: 'topics',
      type: 'array',
      element: MetadataResponseTopicSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'clusterAuthorizedOperations',
      type: 'int32',
      versions: [8, 10],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-2147483648',
    },
    {
      name: 'errorCode',
      type: 'int16',
      versions: [13, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
  ],
  create: () => createMetadataResponse(),
}

/** The MetadataResponse codec: versions 0-13. */
export const MetadataResponseCodec: MessageCodec<MetadataResponse> = defineCodec<MetadataResponse>({
  name: 'MetadataResponse',
  apiKey: 3,
  type: 'response',
  versions: [0, 13],
  flexibleVersions: [9, 32767],
  latestVersionUnstable: false,
  schema: MetadataResponseSchema,
  create: createMetadataResponse,
  size: sizeMetadataResponse,
  write: writeMetadataResponse,
  read: readMetadataResponse,
})
