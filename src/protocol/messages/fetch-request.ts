/**
 * FetchRequest (API key 1): generated from vendor/kafka-messages/FetchRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 4-17; flexible versions 12+.
 */
import { defineCodec } from '../codec.js'
import { malformed, unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** FetchRequest, versions 4-17. */
export interface FetchRequest {
  /** The clusterId if known. This is used to validate metadata fetches prior to broker registration. (versions 12+; nullable 12+; tagged 12+ (tag 0); default null; ignorable) */
  clusterId: string | null
  /** The broker ID of the follower, of -1 if this request is from a consumer. (versions 0-14; default -1) */
  replicaId: number
  /** The state of the replica in the follower. (versions 15+; tagged 15+ (tag 1)) */
  replicaState: ReplicaState
  /** The maximum time in milliseconds to wait for the response. (versions 0+) */
  maxWaitMs: number
  /** The minimum bytes to accumulate in the response. (versions 0+) */
  minBytes: number
  /** The maximum bytes to fetch.  See KIP-74 for cases where this limit may not be honored. (versions 3+; default 0x7fffffff; ignorable) */
  maxBytes: number
  /** This setting controls the visibility of transactional records. Using READ_UNCOMMITTED (isolation_level = 0) makes all records visible. With READ_COMMITTED (isolation_level = 1), non-transactional and COMMITTED transactional records are visible. To be more concrete, READ_COMMITTED returns all data from offsets smaller than the current LSO (last stable offset), and enables the inclusion of the list of aborted transactions in the result, which allows consumers to discard ABORTED transactional records. (versions 4+; default 0; ignorable) */
  isolationLevel: number
  /** The fetch session ID. (versions 7+; default 0; ignorable) */
  sessionId: number
  /** The fetch session epoch, which is used for ordering requests in a session. (versions 7+; default -1; ignorable) */
  sessionEpoch: number
  /** The topics to fetch. (versions 0+) */
  topics: FetchTopic[]
  /** In an incremental fetch request, the partitions to remove. (versions 7+) */
  forgottenTopicsData: ForgottenTopic[]
  /** Rack ID of the consumer making this request. (versions 11+; ignorable) */
  rackId: string
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** ReplicaState, inside FetchRequest (versions 15-17). */
export interface ReplicaState {
  /** The replica ID of the follower, or -1 if this request is from a consumer. (versions 15+; default -1) */
  replicaId: number
  /** The epoch of this follower, or -1 if not available. (versions 15+; default -1) */
  replicaEpoch: bigint
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** FetchPartition, inside FetchRequest (versions 4-17). */
export interface FetchPartition {
  /** The partition index. (versions 0+) */
  partition: number
  /** The current leader epoch of the partition. (versions 9+; default -1; ignorable) */
  currentLeaderEpoch: number
  /** The message offset. (versions 0+) */
  fetchOffset: bigint
  /** The epoch of the last fetched record or -1 if there is none. (versions 12+; default -1) */
  lastFetchedEpoch: number
  /** The earliest available offset of the follower replica.  The field is only used when the request is sent by the follower. (versions 5+; default -1; ignorable) */
  logStartOffset: bigint
  /** The maximum bytes to fetch from this partition.  See KIP-74 for cases where this limit may not be honored. (versions 0+) */
  partitionMaxBytes: number
  /** The directory id of the follower fetching. (versions 17+; tagged 17+ (tag 0); ignorable) */
  replicaDirectoryId: string
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** FetchTopic, inside FetchRequest (versions 4-17). */
export interface FetchTopic {
  /** The name of the topic to fetch. (versions 0-12; ignorable) */
  topic: string
  /** The unique topic ID. (versions 13+; ignorable) */
  topicId: string
  /** The partitions to fetch. (versions 0+) */
  partitions: FetchPartition[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** ForgottenTopic, inside FetchRequest (versions 7-17). */
export interface ForgottenTopic {
  /** The topic name. (versions 7-12; ignorable) */
  topic: string
  /** The unique topic ID. (versions 13+; ignorable) */
  topicId: string
  /** The partitions indexes to forget. (versions 7+) */
  partitions: number[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link FetchRequest} with every field at its default, overridden by `fields`. */
export function createFetchRequest(fields: Partial<FetchRequest> = {}): FetchRequest {
  return {
    clusterId: null,
    replicaId: -1,
    replicaState: createReplicaState(),
    maxWaitMs: 0,
    minBytes: 0,
    maxBytes: 2147483647,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [],
    forgottenTopicsData: [],
    rackId: '',
    ...fields,
  }
}

/** A new {@link ReplicaState} with every field at its default, overridden by `fields`. */
export function createReplicaState(fields: Partial<ReplicaState> = {}): ReplicaState {
  return { replicaId: -1, replicaEpoch: -1n, ...fields }
}

/** A new {@link FetchPartition} with every field at its default, overridden by `fields`. */
export function createFetchPartition(fields: Partial<FetchPartition> = {}): FetchPartition {
  return {
    partition: 0,
    currentLeaderEpoch: -1,
    fetchOffset: 0n,
    lastFetchedEpoch: -1,
    logStartOffset: -1n,
    partitionMaxBytes: 0,
    replicaDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA',
    ...fields,
  }
}

/** A new {@link FetchTopic} with every field at its default, overridden by `fields`. */
export function createFetchTopic(fields: Partial<FetchTopic> = {}): FetchTopic {
  return { topic: '', topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitions: [], ...fields }
}

/** A new {@link ForgottenTopic} with every field at its default, overridden by `fields`. */
export function createForgottenTopic(fields: Partial<ForgottenTopic> = {}): ForgottenTopic {
  return { topic: '', topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitions: [], ...fields }
}

function isDefaultReplicaState(v: ReplicaState): boolean {
  return !(v.replicaId !== -1) && !(v.replicaEpoch !== -1n) && (v.unknownTaggedFields === undefined || v.unknownTaggedFields.length === 0)
}

function sizeReplicaState(v: ReplicaState, version: number): number {
  let size = 0
  size += 4
  size += 8
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'FetchRequest.replicaState')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeReplicaState(w: ProtocolWriter, v: ReplicaState, version: number): void {
  w.int32(v.replicaId, 'FetchRequest.replicaState.replicaId')
  w.int64(v.replicaEpoch, 'FetchRequest.replicaState.replicaEpoch')
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readReplicaState(r: ProtocolReader, version: number): ReplicaState {
  const f_replicaId: number = r.int32('FetchRequest.replicaState.replicaId')
  const f_replicaEpoch: bigint = r.int64('FetchRequest.replicaState.replicaEpoch')
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('FetchRequest.replicaState')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('FetchRequest.replicaState')
    const end = r.taggedFieldEnd('FetchRequest.replicaState')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'FetchRequest.replicaState'))
    }
  }
  const value: ReplicaState = { replicaId: f_replicaId, replicaEpoch: f_replicaEpoch }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeFetchPartition(v: FetchPartition, version: number): number {
  const flexible = version >= 12
  let size = 0
  size += 4
  if (version >= 9) {
    size += 4
  }
  size += 8
  if (version >= 12) {
    size += 4
  }
  if (!(version >= 12)) {
    if (v.lastFetchedEpoch !== -1)
      throw unsupportedVersion(
        `a non-default value at version ${version}, which lacks the field`,
        'FetchRequest.topics[].partitions[].lastFetchedEpoch',
      )
  }
  if (version >= 5) {
    size += 8
  }
  size += 4
  if (flexible) {
    let numTagged = 0
    if (version >= 17 && v.replicaDirectoryId !== 'AAAAAAAAAAAAAAAAAAAAAA') {
      numTagged++
      let n = 0
      n += 16
      size += sizeOfUvarint(0) + sizeOfUvarint(n) + n
    }
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [0], 'FetchRequest.topics[].partitions[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'FetchRequest.topics[].partitions[]')
  }
  return size
}

function writeFetchPartition(w: ProtocolWriter, v: FetchPartition, version: number): void {
  const flexible = version >= 12
  w.int32(v.partition, 'FetchRequest.topics[].partitions[].partition')
  if (version >= 9) {
    w.int32(v.currentLeaderEpoch, 'FetchRequest.topics[].partitions[].currentLeaderEpoch')
  }
  w.int64(v.fetchOffset, 'FetchRequest.topics[].partitions[].fetchOffset')
  if (version >= 12) {
    w.int32(v.lastFetchedEpoch, 'FetchRequest.topics[].partitions[].lastFetchedEpoch')
  }
  if (version >= 5) {
    w.int64(v.logStartOffset, 'FetchRequest.topics[].partitions[].logStartOffset')
  }
  w.int32(v.partitionMaxBytes, 'FetchRequest.topics[].partitions[].partitionMaxBytes')
  if (flexible) {
    const u = v.unknownTaggedFields
    const t_replicaDirectoryId = version >= 17 && v.replicaDirectoryId !== 'AAAAAAAAAAAAAAAAAAAAAA'
    w.uvarint((t_replicaDirectoryId ? 1 : 0) + (u?.length ?? 0))
    let ui = 0
    ui = w.rawTaggedFields(u, ui, 0)
    if (t_replicaDirectoryId) {
      w.uvarint(0)
      let n = 0
      n += 16
      w.uvarint(n)
      w.uuid(v.replicaDirectoryId, 'FetchRequest.topics[].partitions[].replicaDirectoryId')
    }
    w.rawTaggedFields(u, ui, Infinity)
  }
}

function readFetchPartition(r: ProtocolReader, version: number): FetchPartition {
  const flexible = version >= 12
  const f_partition: number = r.int32('FetchRequest.topics[].partitions[].partition')
  let f_currentLeaderEpoch: number = -1
  if (version >= 9) {
    f_currentLeaderEpoch = r.int32('FetchRequest.topics[].partitions[].currentLeaderEpoch')
  }
  const f_fetchOffset: bigint = r.int64('FetchRequest.topics[].partitions[].fetchOffset')
  let f_lastFetchedEpoch: number = -1
  if (version >= 12) {
    f_lastFetchedEpoch = r.int32('FetchRequest.topics[].partitions[].lastFetchedEpoch')
  }
  let f_logStartOffset: bigint = -1n
  if (version >= 5) {
    f_logStartOffset = r.int64('FetchRequest.topics[].partitions[].logStartOffset')
  }
  const f_partitionMaxBytes: number = r.int32('FetchRequest.topics[].partitions[].partitionMaxBytes')
  let f_replicaDirectoryId: string = 'AAAAAAAAAAAAAAAAAAAAAA'
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('FetchRequest.topics[].partitions[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('FetchRequest.topics[].partitions[]')
      const end = r.taggedFieldEnd('FetchRequest.topics[].partitions[]')
      switch (tag) {
        case 0: {
          if (!(version >= 17))
            throw malformed('FetchRequest.topics[].partitions[].replicaDirectoryId', r.position, `tag 0 is not valid at version ${version}`)
          f_replicaDirectoryId = r.uuid('FetchRequest.topics[].partitions[].replicaDirectoryId')
          r.expectPosition(end, 'FetchRequest.topics[].partitions[].replicaDirectoryId')
          break
        }
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'FetchRequest.topics[].partitions[]'))
      }
    }
  }
  const value: FetchPartition = {
    partition: f_partition,
    currentLeaderEpoch: f_currentLeaderEpoch,
    fetchOffset: f_fetchOffset,
    lastFetchedEpoch: f_lastFetchedEpoch,
    logStartOffset: f_logStartOffset,
    partitionMaxBytes: f_partitionMaxBytes,
    replicaDirectoryId: f_replicaDirectoryId,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeFetchTopic(v: FetchTopic, version: number): number {
  const flexible = version >= 12
  let size = 0
  if (version <= 12) {
    size += sizeOfString(v.topic, version >= 12, false, 'FetchRequest.topics[].topic')
  }
  if (version >= 13) {
    size += 16
  }
  size += sizeOfArrayLength(v.partitions, version >= 12, false, 'FetchRequest.topics[].partitions')
  for (const e of v.partitions) size += sizeFetchPartition(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'FetchRequest.topics[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'FetchRequest.topics[]')
  }
  return size
}

function writeFetchTopic(w: ProtocolWriter, v: FetchTopic, version: number): void {
  const flexible = version >= 12
  if (version <= 12) {
    w.string(v.topic, version >= 12)
  }
  if (version >= 13) {
    w.uuid(v.topicId, 'FetchRequest.topics[].topicId')
  }
  w.arrayLength(v.partitions, version >= 12)
  for (const e of v.partitions) writeFetchPartition(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readFetchTopic(r: ProtocolReader, version: number): FetchTopic {
  const flexible = version >= 12
  let f_topic: string = ''
  if (version <= 12) {
    f_topic = r.string('FetchRequest.topics[].topic', version >= 12)
  }
  let f_topicId: string = 'AAAAAAAAAAAAAAAAAAAAAA'
  if (version >= 13) {
    f_topicId = r.uuid('FetchRequest.topics[].topicId')
  }
  let f_partitions: FetchPartition[]
  {
    const n = r.arrayLength('FetchRequest.topics[].partitions', version >= 12, false, 16)
    const a: FetchPartition[] = []
    for (let i = 0; i < n; i++) a.push(readFetchPartition(r, version))
    f_partitions = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('FetchRequest.topics[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('FetchRequest.topics[]')
      const end = r.taggedFieldEnd('FetchRequest.topics[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'FetchRequest.topics[]'))
      }
    }
  }
  const value: FetchTopic = { topic: f_topic, topicId: f_topicId, partitions: f_partitions }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeForgottenTopic(v: ForgottenTopic, version: number): number {
  const flexible = version >= 12
  let size = 0
  if (version <= 12) {
    size += sizeOfString(v.topic, version >= 12, false, 'FetchRequest.forgottenTopicsData[].topic')
  }
  if (version >= 13) {
    size += 16
  }
  size += sizeOfArrayLength(v.partitions, version >= 12, false, 'FetchRequest.forgottenTopicsData[].partitions')
  size += v.partitions.length * 4
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'FetchRequest.forgottenTopicsData[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'FetchRequest.forgottenTopicsData[]')
  }
  return size
}

function writeForgottenTopic(w: ProtocolWriter, v: ForgottenTopic, version: number): void {
  const flexible = version >= 12
  if (version <= 12) {
    w.string(v.topic, version >= 12)
  }
  if (version >= 13) {
    w.uuid(v.topicId, 'FetchRequest.forgottenTopicsData[].topicId')
  }
  w.arrayLength(v.partitions, version >= 12)
  for (const e of v.partitions) w.int32(e, 'FetchRequest.forgottenTopicsData[].partitions[]')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readForgottenTopic(r: ProtocolReader, version: number): ForgottenTopic {
  const flexible = version >= 12
  let f_topic: string = ''
  if (version <= 12) {
    f_topic = r.string('FetchRequest.forgottenTopicsData[].topic', version >= 12)
  }
  let f_topicId: string = 'AAAAAAAAAAAAAAAAAAAAAA'
  if (version >= 13) {
    f_topicId = r.uuid('FetchRequest.forgottenTopicsData[].topicId')
  }
  let f_partitions: number[]
  {
    const n = r.arrayLength('FetchRequest.forgottenTopicsData[].partitions', version >= 12, false, 4)
    const a: number[] = []
    for (let i = 0; i < n; i++) a.push(r.int32('FetchRequest.forgottenTopicsData[].partitions[]'))
    f_partitions = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('FetchRequest.forgottenTopicsData[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('FetchRequest.forgottenTopicsData[]')
      const end = r.taggedFieldEnd('FetchRequest.forgottenTopicsData[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'FetchRequest.forgottenTopicsData[]'))
      }
    }
  }
  const value: ForgottenTopic = { topic: f_topic, topicId: f_topicId, partitions: f_partitions }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeFetchRequest(v: FetchRequest, version: number): number {
  const flexible = version >= 12
  let size = 0
  if (version <= 14) {
    size += 4
  }
  if (!(version <= 14)) {
    if (v.replicaId !== -1)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'FetchRequest.replicaId')
  }
  if (!(version >= 15)) {
    if (!isDefaultReplicaState(v.replicaState))
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'FetchRequest.replicaState')
  }
  size += 4
  size += 4
  size += 4
  size += 1
  if (version >= 7) {
    size += 4
  }
  if (version >= 7) {
    size += 4
  }
  size += sizeOfArrayLength(v.topics, version >= 12, false, 'FetchRequest.topics')
  for (const e of v.topics) size += sizeFetchTopic(e, version)
  if (version >= 7) {
    size += sizeOfArrayLength(v.forgottenTopicsData, version >= 12, false, 'FetchRequest.forgottenTopicsData')
    for (const e of v.forgottenTopicsData) size += sizeForgottenTopic(e, version)
  }
  if (!(version >= 7)) {
    if (v.forgottenTopicsData.length !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'FetchRequest.forgottenTopicsData')
  }
  if (version >= 11) {
    size += sizeOfString(v.rackId, version >= 12, false, 'FetchRequest.rackId')
  }
  if (flexible) {
    let numTagged = 0
    if (v.clusterId !== null) {
      numTagged++
      let n = 0
      n += sizeOfString(v.clusterId, true, true, 'FetchRequest.clusterId')
      size += sizeOfUvarint(0) + sizeOfUvarint(n) + n
    }
    if (version >= 15 && !isDefaultReplicaState(v.replicaState)) {
      numTagged++
      let n = 0
      n += sizeReplicaState(v.replicaState, version)
      size += sizeOfUvarint(1) + sizeOfUvarint(n) + n
    }
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [0, 1], 'FetchRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'FetchRequest')
  }
  return size
}

function writeFetchRequest(w: ProtocolWriter, v: FetchRequest, version: number): void {
  const flexible = version >= 12
  if (version <= 14) {
    w.int32(v.replicaId, 'FetchRequest.replicaId')
  }
  w.int32(v.maxWaitMs, 'FetchRequest.maxWaitMs')
  w.int32(v.minBytes, 'FetchRequest.minBytes')
  w.int32(v.maxBytes, 'FetchRequest.maxBytes')
  w.int8(v.isolationLevel, 'FetchRequest.isolationLevel')
  if (version >= 7) {
    w.int32(v.sessionId, 'FetchRequest.sessionId')
  }
  if (version >= 7) {
    w.int32(v.sessionEpoch, 'FetchRequest.sessionEpoch')
  }
  w.arrayLength(v.topics, version >= 12)
  for (const e of v.topics) writeFetchTopic(w, e, version)
  if (version >= 7) {
    w.arrayLength(v.forgottenTopicsData, version >= 12)
    for (const e of v.forgottenTopicsData) writeForgottenTopic(w, e, version)
  }
  if (version >= 11) {
    w.string(v.rackId, version >= 12)
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    const t_clusterId = v.clusterId !== null
    const t_replicaState = version >= 15 && !isDefaultReplicaState(v.replicaState)
    w.uvarint((t_clusterId ? 1 : 0) + (t_replicaState ? 1 : 0) + (u?.length ?? 0))
    let ui = 0
    ui = w.rawTaggedFields(u, ui, 0)
    if (t_clusterId) {
      w.uvarint(0)
      let n = 0
      n += sizeOfString(v.clusterId, true, true, 'FetchRequest.clusterId')
      w.uvarint(n)
      w.string(v.clusterId, true)
    }
    ui = w.rawTaggedFields(u, ui, 1)
    if (t_replicaState) {
      w.uvarint(1)
      let n = 0
      n += sizeReplicaState(v.replicaState, version)
      w.uvarint(n)
      writeReplicaState(w, v.replicaState, version)
    }
    w.rawTaggedFields(u, ui, Infinity)
  }
}

function readFetchRequest(r: ProtocolReader, version: number): FetchRequest {
  const flexible = version >= 12
  let f_clusterId: string | null = null
  let f_replicaId: number = -1
  if (version <= 14) {
    f_replicaId = r.int32('FetchRequest.replicaId')
  }
  let f_replicaState: ReplicaState = createReplicaState()
  const f_maxWaitMs: number = r.int32('FetchRequest.maxWaitMs')
  const f_minBytes: number = r.int32('FetchRequest.minBytes')
  const f_maxBytes: number = r.int32('FetchRequest.maxBytes')
  const f_isolationLevel: number = r.int8('FetchRequest.isolationLevel')
  let f_sessionId: number = 0
  if (version >= 7) {
    f_sessionId = r.int32('FetchRequest.sessionId')
  }
  let f_sessionEpoch: number = -1
  if (version >= 7) {
    f_sessionEpoch = r.int32('FetchRequest.sessionEpoch')
  }
  let f_topics: FetchTopic[]
  {
    const n = r.arrayLength('FetchRequest.topics', version >= 12, false, 3)
    const a: FetchTopic[] = []
    for (let i = 0; i < n; i++) a.push(readFetchTopic(r, version))
    f_topics = a
  }
  let f_forgottenTopicsData: ForgottenTopic[] = []
  if (version >= 7) {
    {
      const n = r.arrayLength('FetchRequest.forgottenTopicsData', version >= 12, false, 3)
      const a: ForgottenTopic[] = []
      for (let i = 0; i < n; i++) a.push(readForgottenTopic(r, version))
      f_forgottenTopicsData = a
    }
  }
  let f_rackId: string = ''
  if (version >= 11) {
    f_rackId = r.string('FetchRequest.rackId', version >= 12)
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('FetchRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('FetchRequest')
      const end = r.taggedFieldEnd('FetchRequest')
      switch (tag) {
        case 0: {
          f_clusterId = r.nullableString('FetchRequest.clusterId', true)
          r.expectPosition(end, 'FetchRequest.clusterId')
          break
        }
        case 1: {
          if (!(version >= 15)) throw malformed('FetchRequest.replicaState', r.position, `tag 1 is not valid at version ${version}`)
          f_replicaState = readReplicaState(r, version)
          r.expectPosition(end, 'FetchRequest.replicaState')
          break
        }
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'FetchRequest'))
      }
    }
  }
  const value: FetchRequest = {
    clusterId: f_clusterId,
    replicaId: f_replicaId,
    replicaState: f_replicaState,
    maxWaitMs: f_maxWaitMs,
    minBytes: f_minBytes,
    maxBytes: f_maxBytes,
    isolationLevel: f_isolationLevel,
    sessionId: f_sessionId,
    sessionEpoch: f_sessionEpoch,
    topics: f_topics,
    forgottenTopicsData: f_forgottenTopicsData,
    rackId: f_rackId,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const ReplicaStateSchema: StructSchema = {
  name: 'ReplicaState',
  versions: [15, 17],
  fields: [
    {
      name: 'replicaId',
      type: 'int32',
      versions: [15, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
    },
    {
      name: 'replicaEpoch',
      type: 'int64',
      versions: [15, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
    },
  ],
  create: () => createReplicaState(),
}

const FetchPartitionSchema: StructSchema = {
  name: 'FetchPartition',
  versions: [4, 17],
  fields: [
    {
      name: 'partition',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'currentLeaderEpoch',
      type: 'int32',
      versions: [9, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
    {
      name: 'fetchOffset',
      type: 'int64',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'lastFetchedEpoch',
      type: 'int32',
      versions: [12, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
    },
    {
      name: 'logStartOffset',
      type: 'int64',
      versions: [5, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
    {
      name: 'partitionMaxBytes',
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
      versions: [17, 32767],
      nullableVersions: null,
      taggedVersions: [17, 32767],
      tag: 0,
      ignorable: true,
      default: '',
    },
  ],
  create: () => createFetchPartition(),
}

const FetchTopicSchema: StructSchema = {
  name: 'FetchTopic',
  versions: [4, 17],
  fields: [
    {
      name: 'topic',
      type: 'string',
      versions: [0, 12],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'topicId',
      type: 'uuid',
      versions: [13, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'partitions',
      type: 'array',
      element: FetchPartitionSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createFetchTopic(),
}

const ForgottenTopicSchema: StructSchema = {
  name: 'ForgottenTopic',
  versions: [7, 17],
  fields: [
    {
      name: 'topic',
      type: 'string',
      versions: [7, 12],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'topicId',
      type: 'uuid',
      versions: [13, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'partitions',
      type: 'array',
      element: 'int32',
      versions: [7, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createForgottenTopic(),
}

const FetchRequestSchema: StructSchema = {
  name: 'FetchRequest',
  versions: [4, 17],
  fields: [
    {
      name: 'clusterId',
      type: 'string',
      versions: [12, 32767],
      nullableVersions: [12, 32767],
      taggedVersions: [12, 32767],
      tag: 0,
      ignorable: true,
      default: 'null',
    },
    {
      name: 'replicaId',
      type: 'int32',
      versions: [0, 14],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
    },
    {
      name: 'replicaState',
      type: 'struct',
      struct: ReplicaStateSchema,
      versions: [15, 32767],
      nullableVersions: null,
      taggedVersions: [15, 32767],
      tag: 1,
      ignorable: false,
      default: '',
    },
    {
      name: 'maxWaitMs',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'minBytes',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'maxBytes',
      type: 'int32',
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '0x7fffffff',
    },
    {
      name: 'isolationLevel',
      type: 'int8',
      versions: [4, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '0',
    },
    {
      name: 'sessionId',
      type: 'int32',
      versions: [7, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '0',
    },
    {
      name: 'sessionEpoch',
      type: 'int32',
      versions: [7, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
    {
      name: 'topics',
      type: 'array',
      element: FetchTopicSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'forgottenTopicsData',
      type: 'array',
      element: ForgottenTopicSchema,
      versions: [7, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'rackId',
      type: 'string',
      versions: [11, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
  ],
  create: () => createFetchRequest(),
}

/** The FetchRequest codec: versions 4-17. */
export const FetchRequestCodec: MessageCodec<FetchRequest> = defineCodec<FetchRequest>({
  name: 'FetchRequest',
  apiKey: 1,
  type: 'request',
  versions: [4, 17],
  flexibleVersions: [12, 32767],
  latestVersionUnstable: false,
  schema: FetchRequestSchema,
  create: createFetchRequest,
  size: sizeFetchRequest,
  write: writeFetchRequest,
  read: readFetchRequest,
})
