/**
 * DescribeQuorumResponse (API key 55): generated from vendor/kafka-messages/DescribeQuorumResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-2; flexible versions 0+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** DescribeQuorumResponse, versions 0-2. */
export interface DescribeQuorumResponse {
  /** The top level error code. (versions 0+) */
  errorCode: number
  /** The error message, or null if there was no error. (versions 2+; nullable 2+; ignorable) */
  errorMessage: string | null
  /** The response from the describe quorum API. (versions 0+) */
  topics: TopicData[]
  /** The nodes in the quorum. (versions 2+) */
  nodes: Node[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** ReplicaState, inside DescribeQuorumResponse (versions 0-2). */
export interface ReplicaState {
  /** The ID of the replica. (versions 0+) */
  replicaId: number
  /** The replica directory ID of the replica. (versions 2+) */
  replicaDirectoryId: string
  /** The last known log end offset of the follower or -1 if it is unknown. (versions 0+) */
  logEndOffset: bigint
  /** The last known leader wall clock time time when a follower fetched from the leader. This is reported as -1 both for the current leader or if it is unknown for a voter. (versions 1+; default -1; ignorable) */
  lastFetchTimestamp: bigint
  /** The leader wall clock append time of the offset for which the follower made the most recent fetch request. This is reported as the current time for the leader and -1 if unknown for a voter. (versions 1+; default -1; ignorable) */
  lastCaughtUpTimestamp: bigint
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** PartitionData, inside DescribeQuorumResponse (versions 0-2). */
export interface PartitionData {
  /** The partition index. (versions 0+) */
  partitionIndex: number
  /** The partition error code. (versions 0+) */
  errorCode: number
  /** The error message, or null if there was no error. (versions 2+; nullable 2+; ignorable) */
  errorMessage: string | null
  /** The ID of the current leader or -1 if the leader is unknown. (versions 0+) */
  leaderId: number
  /** The latest known leader epoch. (versions 0+) */
  leaderEpoch: number
  /** The high water mark. (versions 0+) */
  highWatermark: bigint
  /** The current voters of the partition. (versions 0+) */
  currentVoters: ReplicaState[]
  /** The observers of the partition. (versions 0+) */
  observers: ReplicaState[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** TopicData, inside DescribeQuorumResponse (versions 0-2). */
export interface TopicData {
  /** The topic name. (versions 0+) */
  topicName: string
  /** The partition data. (versions 0+) */
  partitions: PartitionData[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** Listener, inside DescribeQuorumResponse (versions 2). */
export interface Listener {
  /** The name of the endpoint. (versions 2+) */
  name: string
  /** The hostname. (versions 2+) */
  host: string
  /** The port. (versions 2+) */
  port: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** Node, inside DescribeQuorumResponse (versions 2). */
export interface Node {
  /** The ID of the associated node. (versions 2+) */
  nodeId: number
  /** The listeners of this controller. (versions 2+) */
  listeners: Listener[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link DescribeQuorumResponse} with every field at its default, overridden by `fields`. */
export function createDescribeQuorumResponse(fields: Partial<DescribeQuorumResponse> = {}): DescribeQuorumResponse {
  return { errorCode: 0, errorMessage: '', topics: [], nodes: [], ...fields }
}

/** A new {@link ReplicaState} with every field at its default, overridden by `fields`. */
export function createReplicaState(fields: Partial<ReplicaState> = {}): ReplicaState {
  return {
    replicaId: 0,
    replicaDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA',
    logEndOffset: 0n,
    lastFetchTimestamp: -1n,
    lastCaughtUpTimestamp: -1n,
    ...fields,
  }
}

/** A new {@link PartitionData} with every field at its default, overridden by `fields`. */
export function createPartitionData(fields: Partial<PartitionData> = {}): PartitionData {
  return {
    partitionIndex: 0,
    errorCode: 0,
    errorMessage: '',
    leaderId: 0,
    leaderEpoch: 0,
    highWatermark: 0n,
    currentVoters: [],
    observers: [],
    ...fields,
  }
}

/** A new {@link TopicData} with every field at its default, overridden by `fields`. */
export function createTopicData(fields: Partial<TopicData> = {}): TopicData {
  return { topicName: '', partitions: [], ...fields }
}

/** A new {@link Listener} with every field at its default, overridden by `fields`. */
export function createListener(fields: Partial<Listener> = {}): Listener {
  return { name: '', host: '', port: 0, ...fields }
}

/** A new {@link Node} with every field at its default, overridden by `fields`. */
export function createNode(fields: Partial<Node> = {}): Node {
  return { nodeId: 0, listeners: [], ...fields }
}

function sizeReplicaState(v: ReplicaState, version: number): number {
  let size = 0
  size += 4
  if (version >= 2) {
    size += 16
  }
  if (!(version >= 2)) {
    if (v.replicaDirectoryId !== 'AAAAAAAAAAAAAAAAAAAAAA')
      throw unsupportedVersion(
        `a non-default value at version ${version}, which lacks the field`,
        'DescribeQuorumResponse.ReplicaState.replicaDirectoryId',
      )
  }
  size += 8
  if (version >= 1) {
    size += 8
  }
  if (version >= 1) {
    size += 8
  }
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'DescribeQuorumResponse.ReplicaState')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeReplicaState(w: ProtocolWriter, v: ReplicaState, version: number): void {
  w.int32(v.replicaId, 'DescribeQuorumResponse.ReplicaState.replicaId')
  if (version >= 2) {
    w.uuid(v.replicaDirectoryId, 'DescribeQuorumResponse.ReplicaState.replicaDirectoryId')
  }
  w.int64(v.logEndOffset, 'DescribeQuorumResponse.ReplicaState.logEndOffset')
  if (version >= 1) {
    w.int64(v.lastFetchTimestamp, 'DescribeQuorumResponse.ReplicaState.lastFetchTimestamp')
  }
  if (version >= 1) {
    w.int64(v.lastCaughtUpTimestamp, 'DescribeQuorumResponse.ReplicaState.lastCaughtUpTimestamp')
  }
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readReplicaState(r: ProtocolReader, version: number): ReplicaState {
  const f_replicaId: number = r.int32('DescribeQuorumResponse.ReplicaState.replicaId')
  let f_replicaDirectoryId: string = 'AAAAAAAAAAAAAAAAAAAAAA'
  if (version >= 2) {
    f_replicaDirectoryId = r.uuid('DescribeQuorumResponse.ReplicaState.replicaDirectoryId')
  }
  const f_logEndOffset: bigint = r.int64('DescribeQuorumResponse.ReplicaState.logEndOffset')
  let f_lastFetchTimestamp: bigint = -1n
  if (version >= 1) {
    f_lastFetchTimestamp = r.int64('DescribeQuorumResponse.ReplicaState.lastFetchTimestamp')
  }
  let f_lastCaughtUpTimestamp: bigint = -1n
  if (version >= 1) {
    f_lastCaughtUpTimestamp = r.int64('DescribeQuorumResponse.ReplicaState.lastCaughtUpTimestamp')
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('DescribeQuorumResponse.ReplicaState')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('DescribeQuorumResponse.ReplicaState')
    const end = r.taggedFieldEnd('DescribeQuorumResponse.ReplicaState')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeQuorumResponse.ReplicaState'))
    }
  }
  const value: ReplicaState = {
    replicaId: f_replicaId,
    replicaDirectoryId: f_replicaDirectoryId,
    logEndOffset: f_logEndOffset,
    lastFetchTimestamp: f_lastFetchTimestamp,
    lastCaughtUpTimestamp: f_lastCaughtUpTimestamp,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizePartitionData(v: PartitionData, version: number): number {
  let size = 0
  size += 4
  size += 2
  if (version >= 2) {
    size += sizeOfString(v.errorMessage, true, true, 'DescribeQuorumResponse.topics[].partitions[].errorMessage')
  }
  size += 4
  size += 4
  size += 8
  size += sizeOfArrayLength(v.currentVoters, true, false, 'DescribeQuorumResponse.topics[].partitions[].currentVoters')
  for (const e of v.currentVoters) size += sizeReplicaState(e, version)
  size += sizeOfArrayLength(v.observers, true, false, 'DescribeQuorumResponse.topics[].partitions[].observers')
  for (const e of v.observers) size += sizeReplicaState(e, version)
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'DescribeQuorumResponse.topics[].partitions[]')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writePartitionData(w: ProtocolWriter, v: PartitionData, version: number): void {
  w.int32(v.partitionIndex, 'DescribeQuorumResponse.topics[].partitions[].partitionIndex')
  w.int16(v.errorCode, 'DescribeQuorumResponse.topics[].partitions[].errorCode')
  if (version >= 2) {
    w.string(v.errorMessage, true)
  }
  w.int32(v.leaderId, 'DescribeQuorumResponse.topics[].partitions[].leaderId')
  w.int32(v.leaderEpoch, 'DescribeQuorumResponse.topics[].partitions[].leaderEpoch')
  w.int64(v.highWatermark, 'DescribeQuorumResponse.topics[].partitions[].highWatermark')
  w.arrayLength(v.currentVoters, true)
  for (const e of v.currentVoters) writeReplicaState(w, e, version)
  w.arrayLength(v.observers, true)
  for (const e of v.observers) writeReplicaState(w, e, version)
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readPartitionData(r: ProtocolReader, version: number): PartitionData {
  const f_partitionIndex: number = r.int32('DescribeQuorumResponse.topics[].partitions[].partitionIndex')
  const f_errorCode: number = r.int16('DescribeQuorumResponse.topics[].partitions[].errorCode')
  let f_errorMessage: string | null = ''
  if (version >= 2) {
    f_errorMessage = r.nullableString('DescribeQuorumResponse.topics[].partitions[].errorMessage', true)
  }
  const f_leaderId: number = r.int32('DescribeQuorumResponse.topics[].partitions[].leaderId')
  const f_leaderEpoch: number = r.int32('DescribeQuorumResponse.topics[].partitions[].leaderEpoch')
  const f_highWatermark: bigint = r.int64('DescribeQuorumResponse.topics[].partitions[].highWatermark')
  let f_currentVoters: ReplicaState[]
  {
    const n = r.arrayLength('DescribeQuorumResponse.topics[].partitions[].currentVoters', true, false, 13)
    const a: ReplicaState[] = []
    for (let i = 0; i < n; i++) a.push(readReplicaState(r, version))
    f_currentVoters = a
  }
  let f_observers: ReplicaState[]
  {
    const n = r.arrayLength('DescribeQuorumResponse.topics[].partitions[].observers', true, false, 13)
    const a: ReplicaState[] = []
    for (let i = 0; i < n; i++) a.push(readReplicaState(r, version))
    f_observers = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('DescribeQuorumResponse.topics[].partitions[]')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('DescribeQuorumResponse.topics[].partitions[]')
    const end = r.taggedFieldEnd('DescribeQuorumResponse.topics[].partitions[]')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeQuorumResponse.topics[].partitions[]'))
    }
  }
  const value: PartitionData = {
    partitionIndex: f_partitionIndex,
    errorCode: f_errorCode,
    errorMessage: f_errorMessage,
    leaderId: f_leaderId,
    leaderEpoch: f_leaderEpoch,
    highWatermark: f_highWatermark,
    currentVoters: f_currentVoters,
    observers: f_observers,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeTopicData(v: TopicData, version: number): number {
  let size = 0
  size += sizeOfString(v.topicName, true, false, 'DescribeQuorumResponse.topics[].topicName')
  size += sizeOfArrayLength(v.partitions, true, false, 'DescribeQuorumResponse.topics[].partitions')
  for (const e of v.partitions) size += sizePartitionData(e, version)
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'DescribeQuorumResponse.topics[]')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeTopicData(w: ProtocolWriter, v: TopicData, version: number): void {
  w.string(v.topicName, true)
  w.arrayLength(v.partitions, true)
  for (const e of v.partitions) writePartitionData(w, e, version)
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readTopicData(r: ProtocolReader, version: number): TopicData {
  const f_topicName: string = r.string('DescribeQuorumResponse.topics[].topicName', true)
  let f_partitions: PartitionData[]
  {
    const n = r.arrayLength('DescribeQuorumResponse.topics[].partitions', true, false, 25)
    const a: PartitionData[] = []
    for (let i = 0; i < n; i++) a.push(readPartitionData(r, version))
    f_partitions = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('DescribeQuorumResponse.topics[]')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('DescribeQuorumResponse.topics[]')
    const end = r.taggedFieldEnd('DescribeQuorumResponse.topics[]')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeQuorumResponse.topics[]'))
    }
  }
  const value: TopicData = { topicName: f_topicName, partitions: f_partitions }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeListener(v: Listener, version: number): number {
  let size = 0
  size += sizeOfString(v.name, true, false, 'DescribeQuorumResponse.nodes[].listeners[].name')
  size += sizeOfString(v.host, true, false, 'DescribeQuorumResponse.nodes[].listeners[].host')
  size += 2
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'DescribeQuorumResponse.nodes[].listeners[]')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeListener(w: ProtocolWriter, v: Listener, version: number): void {
  w.string(v.name, true)
  w.string(v.host, true)
  w.uint16(v.port, 'DescribeQuorumResponse.nodes[].listeners[].port')
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readListener(r: ProtocolReader, version: number): Listener {
  const f_name: string = r.string('DescribeQuorumResponse.nodes[].listeners[].name', true)
  const f_host: string = r.string('DescribeQuorumResponse.nodes[].listeners[].host', true)
  const f_port: number = r.uint16('DescribeQuorumResponse.nodes[].listeners[].port')
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('DescribeQuorumResponse.nodes[].listeners[]')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('DescribeQuorumResponse.nodes[].listeners[]')
    const end = r.taggedFieldEnd('DescribeQuorumResponse.nodes[].listeners[]')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeQuorumResponse.nodes[].listeners[]'))
    }
  }
  const value: Listener = { name: f_name, host: f_host, port: f_port }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeNode(v: Node, version: number): number {
  let size = 0
  size += 4
  size += sizeOfArrayLength(v.listeners, true, false, 'DescribeQuorumResponse.nodes[].listeners')
  for (const e of v.listeners) size += sizeListener(e, version)
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'DescribeQuorumResponse.nodes[]')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeNode(w: ProtocolWriter, v: Node, version: number): void {
  w.int32(v.nodeId, 'DescribeQuorumResponse.nodes[].nodeId')
  w.arrayLength(v.listeners, true)
  for (const e of v.listeners) writeListener(w, e, version)
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readNode(r: ProtocolReader, version: number): Node {
  const f_nodeId: number = r.int32('DescribeQuorumResponse.nodes[].nodeId')
  let f_listeners: Listener[]
  {
    const n = r.arrayLength('DescribeQuorumResponse.nodes[].listeners', true, false, 5)
    const a: Listener[] = []
    for (let i = 0; i < n; i++) a.push(readListener(r, version))
    f_listeners = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('DescribeQuorumResponse.nodes[]')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('DescribeQuorumResponse.nodes[]')
    const end = r.taggedFieldEnd('DescribeQuorumResponse.nodes[]')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeQuorumResponse.nodes[]'))
    }
  }
  const value: Node = { nodeId: f_nodeId, listeners: f_listeners }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDescribeQuorumResponse(v: DescribeQuorumResponse, version: number): number {
  let size = 0
  size += 2
  if (version >= 2) {
    size += sizeOfString(v.errorMessage, true, true, 'DescribeQuorumResponse.errorMessage')
  }
  size += sizeOfArrayLength(v.topics, true, false, 'DescribeQuorumResponse.topics')
  for (const e of v.topics) size += sizeTopicData(e, version)
  if (version >= 2) {
    size += sizeOfArrayLength(v.nodes, true, false, 'DescribeQuorumResponse.nodes')
    for (const e of v.nodes) size += sizeNode(e, version)
  }
  if (!(version >= 2)) {
    if (v.nodes.length !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'DescribeQuorumResponse.nodes')
  }
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'DescribeQuorumResponse')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeDescribeQuorumResponse(w: ProtocolWriter, v: DescribeQuorumResponse, version: number): void {
  w.int16(v.errorCode, 'DescribeQuorumResponse.errorCode')
  if (version >= 2) {
    w.string(v.errorMessage, true)
  }
  w.arrayLength(v.topics, true)
  for (const e of v.topics) writeTopicData(w, e, version)
  if (version >= 2) {
    w.arrayLength(v.nodes, true)
    for (const e of v.nodes) writeNode(w, e, version)
  }
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readDescribeQuorumResponse(r: ProtocolReader, version: number): DescribeQuorumResponse {
  const f_errorCode: number = r.int16('DescribeQuorumResponse.errorCode')
  let f_errorMessage: string | null = ''
  if (version >= 2) {
    f_errorMessage = r.nullableString('DescribeQuorumResponse.errorMessage', true)
  }
  let f_topics: TopicData[]
  {
    const n = r.arrayLength('DescribeQuorumResponse.topics', true, false, 3)
    const a: TopicData[] = []
    for (let i = 0; i < n; i++) a.push(readTopicData(r, version))
    f_topics = a
  }
  let f_nodes: Node[] = []
  if (version >= 2) {
    {
      const n = r.arrayLength('DescribeQuorumResponse.nodes', true, false, 6)
      const a: Node[] = []
      for (let i = 0; i < n; i++) a.push(readNode(r, version))
      f_nodes = a
    }
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('DescribeQuorumResponse')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('DescribeQuorumResponse')
    const end = r.taggedFieldEnd('DescribeQuorumResponse')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeQuorumResponse'))
    }
  }
  const value: DescribeQuorumResponse = { errorCode: f_errorCode, errorMessage: f_errorMessage, topics: f_topics, nodes: f_nodes }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const ReplicaStateSchema: StructSchema = {
  name: 'ReplicaState',
  versions: [0, 2],
  fields: [
    {
      name: 'replicaId',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'replicaDirectoryId',
      type: 'uuid',
      versions: [2, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'logEndOffset',
      type: 'int64',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'lastFetchTimestamp',
      type: 'int64',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
    {
      name: 'lastCaughtUpTimestamp',
      type: 'int64',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
  ],
  create: () => createReplicaState(),
}

const PartitionDataSchema: StructSchema = {
  name: 'PartitionData',
  versions: [0, 2],
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
    {
      name: 'errorMessage',
      type: 'string',
      versions: [2, 32767],
      nullableVersions: [2, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: true,
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
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'highWatermark',
      type: 'int64',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'currentVoters',
      type: 'array',
      element: ReplicaStateSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'observers',
      type: 'array',
      element: ReplicaStateSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createPartitionData(),
}

const TopicDataSchema: StructSchema = {
  name: 'TopicData',
  versions: [0, 2],
  fields: [
    {
      name: 'topicName',
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
      element: PartitionDataSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createTopicData(),
}

const ListenerSchema: StructSchema = {
  name: 'Listener',
  versions: [2, 2],
  fields: [
    {
      name: 'name',
      type: 'string',
      versions: [2, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'host',
      type: 'string',
      versions: [2, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'port',
      type: 'uint16',
      versions: [2, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createListener(),
}

const NodeSchema: StructSchema = {
  name: 'Node',
  versions: [2, 2],
  fields: [
    {
      name: 'nodeId',
      type: 'int32',
      versions: [2, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'listeners',
      type: 'array',
      element: ListenerSchema,
      versions: [2, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createNode(),
}

const DescribeQuorumResponseSchema: StructSchema = {
  name: 'DescribeQuorumResponse',
  versions: [0, 2],
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
      name: 'errorMessage',
      type: 'string',
      versions: [2, 32767],
      nullableVersions: [2, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'topics',
      type: 'array',
      element: TopicDataSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'nodes',
      type: 'array',
      element: NodeSchema,
      versions: [2, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDescribeQuorumResponse(),
}

/** The DescribeQuorumResponse codec: versions 0-2. */
export const DescribeQuorumResponseCodec: MessageCodec<DescribeQuorumResponse> = defineCodec<DescribeQuorumResponse>({
  name: 'DescribeQuorumResponse',
  apiKey: 55,
  type: 'response',
  versions: [0, 2],
  flexibleVersions: [0, 32767],
  latestVersionUnstable: false,
  schema: DescribeQuorumResponseSchema,
  create: createDescribeQuorumResponse,
  size: sizeDescribeQuorumResponse,
  write: writeDescribeQuorumResponse,
  read: readDescribeQuorumResponse,
})
