/**
 * ProduceResponse (API key 0): generated from vendor/kafka-messages/ProduceResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 3-12; flexible versions 9+.
 */
import { defineCodec } from '../codec.js'
import { malformed, unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** ProduceResponse, versions 3-12. */
export interface ProduceResponse {
  /** Each produce response. (versions 0+) */
  responses: TopicProduceResponse[]
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 1+; default 0; ignorable) */
  throttleTimeMs: number
  /** Endpoints for all current-leaders enumerated in PartitionProduceResponses, with errors NOT_LEADER_OR_FOLLOWER. (versions 10+; tagged 10+ (tag 0)) */
  nodeEndpoints: NodeEndpoint[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** BatchIndexAndErrorMessage, inside ProduceResponse (versions 8-12). */
export interface BatchIndexAndErrorMessage {
  /** The batch index of the record that caused the batch to be dropped. (versions 8+) */
  batchIndex: number
  /** The error message of the record that caused the batch to be dropped. (versions 8+; nullable 8+; default null) */
  batchIndexErrorMessage: string | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** LeaderIdAndEpoch, inside ProduceResponse (versions 10-12). */
export interface LeaderIdAndEpoch {
  /** The ID of the current leader or -1 if the leader is unknown. (versions 10+; default -1) */
  leaderId: number
  /** The latest known leader epoch. (versions 10+; default -1) */
  leaderEpoch: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** PartitionProduceResponse, inside ProduceResponse (versions 3-12). */
export interface PartitionProduceResponse {
  /** The partition index. (versions 0+) */
  index: number
  /** The error code, or 0 if there was no error. (versions 0+) */
  errorCode: number
  /** The base offset. (versions 0+) */
  baseOffset: bigint
  /** The timestamp returned by broker after appending the messages. If CreateTime is used for the topic, the timestamp will be -1.  If LogAppendTime is used for the topic, the timestamp will be the broker local time when the messages are appended. (versions 2+; default -1; ignorable) */
  logAppendTimeMs: bigint
  /** The log start offset. (versions 5+; default -1; ignorable) */
  logStartOffset: bigint
  /** The batch indices of records that caused the batch to be dropped. (versions 8+; ignorable) */
  recordErrors: BatchIndexAndErrorMessage[]
  /** The global error message summarizing the common root cause of the records that caused the batch to be dropped. (versions 8+; nullable 8+; default null; ignorable) */
  errorMessage: string | null
  /** The leader broker that the producer should use for future requests. (versions 10+; tagged 10+ (tag 0)) */
  currentLeader: LeaderIdAndEpoch
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** TopicProduceResponse, inside ProduceResponse (versions 3-12). */
export interface TopicProduceResponse {
  /** The topic name. (versions 0+) */
  name: string
  /** Each partition that we produced to within the topic. (versions 0+) */
  partitionResponses: PartitionProduceResponse[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** NodeEndpoint, inside ProduceResponse (versions 10-12). */
export interface NodeEndpoint {
  /** The ID of the associated node. (versions 10+) */
  nodeId: number
  /** The node's hostname. (versions 10+) */
  host: string
  /** The node's port. (versions 10+) */
  port: number
  /** The rack of the node, or null if it has not been assigned to a rack. (versions 10+; nullable 10+; default null) */
  rack: string | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link ProduceResponse} with every field at its default, overridden by `fields`. */
export function createProduceResponse(fields: Partial<ProduceResponse> = {}): ProduceResponse {
  return { responses: [], throttleTimeMs: 0, nodeEndpoints: [], ...fields }
}

/** A new {@link BatchIndexAndErrorMessage} with every field at its default, overridden by `fields`. */
export function createBatchIndexAndErrorMessage(fields: Partial<BatchIndexAndErrorMessage> = {}): BatchIndexAndErrorMessage {
  return { batchIndex: 0, batchIndexErrorMessage: null, ...fields }
}

/** A new {@link LeaderIdAndEpoch} with every field at its default, overridden by `fields`. */
export function createLeaderIdAndEpoch(fields: Partial<LeaderIdAndEpoch> = {}): LeaderIdAndEpoch {
  return { leaderId: -1, leaderEpoch: -1, ...fields }
}

/** A new {@link PartitionProduceResponse} with every field at its default, overridden by `fields`. */
export function createPartitionProduceResponse(fields: Partial<PartitionProduceResponse> = {}): PartitionProduceResponse {
  return {
    index: 0,
    errorCode: 0,
    baseOffset: 0n,
    logAppendTimeMs: -1n,
    logStartOffset: -1n,
    recordErrors: [],
    errorMessage: null,
    currentLeader: createLeaderIdAndEpoch(),
    ...fields,
  }
}

/** A new {@link TopicProduceResponse} with every field at its default, overridden by `fields`. */
export function createTopicProduceResponse(fields: Partial<TopicProduceResponse> = {}): TopicProduceResponse {
  return { name: '', partitionResponses: [], ...fields }
}

/** A new {@link NodeEndpoint} with every field at its default, overridden by `fields`. */
export function createNodeEndpoint(fields: Partial<NodeEndpoint> = {}): NodeEndpoint {
  return { nodeId: 0, host: '', port: 0, rack: null, ...fields }
}

function isDefaultLeaderIdAndEpoch(v: LeaderIdAndEpoch): boolean {
  return !(v.leaderId !== -1) && !(v.leaderEpoch !== -1) && (v.unknownTaggedFields === undefined || v.unknownTaggedFields.length === 0)
}

function sizeBatchIndexAndErrorMessage(v: BatchIndexAndErrorMessage, version: number): number {
  const flexible = version >= 9
  let size = 0
  size += 4
  size += sizeOfString(
    v.batchIndexErrorMessage,
    version >= 9,
    true,
    'ProduceResponse.responses[].partitionResponses[].recordErrors[].batchIndexErrorMessage',
  )
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'ProduceResponse.responses[].partitionResponses[].recordErrors[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(
      `tagged fields at version ${version}, which has none`,
      'ProduceResponse.responses[].partitionResponses[].recordErrors[]',
    )
  }
  return size
}

function writeBatchIndexAndErrorMessage(w: ProtocolWriter, v: BatchIndexAndErrorMessage, version: number): void {
  const flexible = version >= 9
  w.int32(v.batchIndex, 'ProduceResponse.responses[].partitionResponses[].recordErrors[].batchIndex')
  w.string(v.batchIndexErrorMessage, version >= 9)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readBatchIndexAndErrorMessage(r: ProtocolReader, version: number): BatchIndexAndErrorMessage {
  const flexible = version >= 9
  const f_batchIndex: number = r.int32('ProduceResponse.responses[].partitionResponses[].recordErrors[].batchIndex')
  const f_batchIndexErrorMessage: string | null = r.nullableString(
    'ProduceResponse.responses[].partitionResponses[].recordErrors[].batchIndexErrorMessage',
    version >= 9,
  )
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('ProduceResponse.responses[].partitionResponses[].recordErrors[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('ProduceResponse.responses[].partitionResponses[].recordErrors[]')
      const end = r.taggedFieldEnd('ProduceResponse.responses[].partitionResponses[].recordErrors[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ProduceResponse.responses[].partitionResponses[].recordErrors[]'))
      }
    }
  }
  const value: BatchIndexAndErrorMessage = { batchIndex: f_batchIndex, batchIndexErrorMessage: f_batchIndexErrorMessage }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeLeaderIdAndEpoch(v: LeaderIdAndEpoch, version: number): number {
  let size = 0
  size += 4
  size += 4
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'ProduceResponse.responses[].partitionResponses[].currentLeader')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeLeaderIdAndEpoch(w: ProtocolWriter, v: LeaderIdAndEpoch, version: number): void {
  w.int32(v.leaderId, 'ProduceResponse.responses[].partitionResponses[].currentLeader.leaderId')
  w.int32(v.leaderEpoch, 'ProduceResponse.responses[].partitionResponses[].currentLeader.leaderEpoch')
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readLeaderIdAndEpoch(r: ProtocolReader, version: number): LeaderIdAndEpoch {
  const f_leaderId: number = r.int32('ProduceResponse.responses[].partitionResponses[].currentLeader.leaderId')
  const f_leaderEpoch: number = r.int32('ProduceResponse.responses[].partitionResponses[].currentLeader.leaderEpoch')
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('ProduceResponse.responses[].partitionResponses[].currentLeader')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('ProduceResponse.responses[].partitionResponses[].currentLeader')
    const end = r.taggedFieldEnd('ProduceResponse.responses[].partitionResponses[].currentLeader')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ProduceResponse.responses[].partitionResponses[].currentLeader'))
    }
  }
  const value: LeaderIdAndEpoch = { leaderId: f_leaderId, leaderEpoch: f_leaderEpoch }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizePartitionProduceResponse(v: PartitionProduceResponse, version: number): number {
  const flexible = version >= 9
  let size = 0
  size += 4
  size += 2
  size += 8
  size += 8
  if (version >= 5) {
    size += 8
  }
  if (version >= 8) {
    size += sizeOfArrayLength(v.recordErrors, version >= 9, false, 'ProduceResponse.responses[].partitionResponses[].recordErrors')
    for (const e of v.recordErrors) size += sizeBatchIndexAndErrorMessage(e, version)
  }
  if (version >= 8) {
    size += sizeOfString(v.errorMessage, version >= 9, true, 'ProduceResponse.responses[].partitionResponses[].errorMessage')
  }
  if (!(version >= 10)) {
    if (!isDefaultLeaderIdAndEpoch(v.currentLeader))
      throw unsupportedVersion(
        `a non-default value at version ${version}, which lacks the field`,
        'ProduceResponse.responses[].partitionResponses[].currentLeader',
      )
  }
  if (flexible) {
    let numTagged = 0
    if (version >= 10 && !isDefaultLeaderIdAndEpoch(v.currentLeader)) {
      numTagged++
      let n = 0
      n += sizeLeaderIdAndEpoch(v.currentLeader, version)
      size += sizeOfUvarint(0) + sizeOfUvarint(n) + n
    }
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [0], 'ProduceResponse.responses[].partitionResponses[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'ProduceResponse.responses[].partitionResponses[]')
  }
  return size
}

function writePartitionProduceResponse(w: ProtocolWriter, v: PartitionProduceResponse, version: number): void {
  const flexible = version >= 9
  w.int32(v.index, 'ProduceResponse.responses[].partitionResponses[].index')
  w.int16(v.errorCode, 'ProduceResponse.responses[].partitionResponses[].errorCode')
  w.int64(v.baseOffset, 'ProduceResponse.responses[].partitionResponses[].baseOffset')
  w.int64(v.logAppendTimeMs, 'ProduceResponse.responses[].partitionResponses[].logAppendTimeMs')
  if (version >= 5) {
    w.int64(v.logStartOffset, 'ProduceResponse.responses[].partitionResponses[].logStartOffset')
  }
  if (version >= 8) {
    w.arrayLength(v.recordErrors, version >= 9)
    for (const e of v.recordErrors) writeBatchIndexAndErrorMessage(w, e, version)
  }
  if (version >= 8) {
    w.string(v.errorMessage, version >= 9)
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    const t_currentLeader = version >= 10 && !isDefaultLeaderIdAndEpoch(v.currentLeader)
    w.uvarint((t_currentLeader ? 1 : 0) + (u?.length ?? 0))
    let ui = 0
    ui = w.rawTaggedFields(u, ui, 0)
    if (t_currentLeader) {
      w.uvarint(0)
      let n = 0
      n += sizeLeaderIdAndEpoch(v.currentLeader, version)
      w.uvarint(n)
      writeLeaderIdAndEpoch(w, v.currentLeader, version)
    }
    w.rawTaggedFields(u, ui, Infinity)
  }
}

function readPartitionProduceResponse(r: ProtocolReader, version: number): PartitionProduceResponse {
  const flexible = version >= 9
  const f_index: number = r.int32('ProduceResponse.responses[].partitionResponses[].index')
  const f_errorCode: number = r.int16('ProduceResponse.responses[].partitionResponses[].errorCode')
  const f_baseOffset: bigint = r.int64('ProduceResponse.responses[].partitionResponses[].baseOffset')
  const f_logAppendTimeMs: bigint = r.int64('ProduceResponse.responses[].partitionResponses[].logAppendTimeMs')
  let f_logStartOffset: bigint = -1n
  if (version >= 5) {
    f_logStartOffset = r.int64('ProduceResponse.responses[].partitionResponses[].logStartOffset')
  }
  let f_recordErrors: BatchIndexAndErrorMessage[] = []
  if (version >= 8) {
    {
      const n = r.arrayLength('ProduceResponse.responses[].partitionResponses[].recordErrors', version >= 9, false, 6)
      const a: BatchIndexAndErrorMessage[] = []
      for (let i = 0; i < n; i++) a.push(readBatchIndexAndErrorMessage(r, version))
      f_recordErrors = a
    }
  }
  let f_errorMessage: string | null = null
  if (version >= 8) {
    f_errorMessage = r.nullableString('ProduceResponse.responses[].partitionResponses[].errorMessage', version >= 9)
  }
  let f_currentLeader: LeaderIdAndEpoch = createLeaderIdAndEpoch()
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('ProduceResponse.responses[].partitionResponses[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('ProduceResponse.responses[].partitionResponses[]')
      const end = r.taggedFieldEnd('ProduceResponse.responses[].partitionResponses[]')
      switch (tag) {
        case 0: {
          if (!(version >= 10))
            throw malformed(
              'ProduceResponse.responses[].partitionResponses[].currentLeader',
              r.position,
              `tag 0 is not valid at version ${version}`,
            )
          f_currentLeader = readLeaderIdAndEpoch(r, version)
          r.expectPosition(end, 'ProduceResponse.responses[].partitionResponses[].currentLeader')
          break
        }
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ProduceResponse.responses[].partitionResponses[]'))
      }
    }
  }
  const value: PartitionProduceResponse = {
    index: f_index,
    errorCode: f_errorCode,
    baseOffset: f_baseOffset,
    logAppendTimeMs: f_logAppendTimeMs,
    logStartOffset: f_logStartOffset,
    recordErrors: f_recordErrors,
    errorMessage: f_errorMessage,
    currentLeader: f_currentLeader,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeTopicProduceResponse(v: TopicProduceResponse, version: number): number {
  const flexible = version >= 9
  let size = 0
  size += sizeOfString(v.name, version >= 9, false, 'ProduceResponse.responses[].name')
  size += sizeOfArrayLength(v.partitionResponses, version >= 9, false, 'ProduceResponse.responses[].partitionResponses')
  for (const e of v.partitionResponses) size += sizePartitionProduceResponse(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'ProduceResponse.responses[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'ProduceResponse.responses[]')
  }
  return size
}

function writeTopicProduceResponse(w: ProtocolWriter, v: TopicProduceResponse, version: number): void {
  const flexible = version >= 9
  w.string(v.name, version >= 9)
  w.arrayLength(v.partitionResponses, version >= 9)
  for (const e of v.partitionResponses) writePartitionProduceResponse(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readTopicProduceResponse(r: ProtocolReader, version: number): TopicProduceResponse {
  const flexible = version >= 9
  const f_name: string = r.string('ProduceResponse.responses[].name', version >= 9)
  let f_partitionResponses: PartitionProduceResponse[]
  {
    const n = r.arrayLength('ProduceResponse.responses[].partitionResponses', version >= 9, false, 22)
    const a: PartitionProduceResponse[] = []
    for (let i = 0; i < n; i++) a.push(readPartitionProduceResponse(r, version))
    f_partitionResponses = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('ProduceResponse.responses[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('ProduceResponse.responses[]')
      const end = r.taggedFieldEnd('ProduceResponse.responses[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ProduceResponse.responses[]'))
      }
    }
  }
  const value: TopicProduceResponse = { name: f_name, partitionResponses: f_partitionResponses }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeNodeEndpoint(v: NodeEndpoint, version: number): number {
  let size = 0
  size += 4
  size += sizeOfString(v.host, true, false, 'ProduceResponse.nodeEndpoints[].host')
  size += 4
  size += sizeOfString(v.rack, true, true, 'ProduceResponse.nodeEndpoints[].rack')
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'ProduceResponse.nodeEndpoints[]')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeNodeEndpoint(w: ProtocolWriter, v: NodeEndpoint, version: number): void {
  w.int32(v.nodeId, 'ProduceResponse.nodeEndpoints[].nodeId')
  w.string(v.host, true)
  w.int32(v.port, 'ProduceResponse.nodeEndpoints[].port')
  w.string(v.rack, true)
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readNodeEndpoint(r: ProtocolReader, version: number): NodeEndpoint {
  const f_nodeId: number = r.int32('ProduceResponse.nodeEndpoints[].nodeId')
  const f_host: string = r.string('ProduceResponse.nodeEndpoints[].host', true)
  const f_port: number = r.int32('ProduceResponse.nodeEndpoints[].port')
  const f_rack: string | null = r.nullableString('ProduceResponse.nodeEndpoints[].rack', true)
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('ProduceResponse.nodeEndpoints[]')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('ProduceResponse.nodeEndpoints[]')
    const end = r.taggedFieldEnd('ProduceResponse.nodeEndpoints[]')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ProduceResponse.nodeEndpoints[]'))
    }
  }
  const value: NodeEndpoint = { nodeId: f_nodeId, host: f_host, port: f_port, rack: f_rack }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeProduceResponse(v: ProduceResponse, version: number): number {
  const flexible = version >= 9
  let size = 0
  size += sizeOfArrayLength(v.responses, version >= 9, false, 'ProduceResponse.responses')
  for (const e of v.responses) size += sizeTopicProduceResponse(e, version)
  size += 4
  if (!(version >= 10)) {
    if (v.nodeEndpoints.length !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'ProduceResponse.nodeEndpoints')
  }
  if (flexible) {
    let numTagged = 0
    if (version >= 10 && v.nodeEndpoints.length !== 0) {
      numTagged++
      let n = 0
      n += sizeOfArrayLength(v.nodeEndpoints, true, false, 'ProduceResponse.nodeEndpoints')
      for (const e of v.nodeEndpoints) n += sizeNodeEndpoint(e, version)
      size += sizeOfUvarint(0) + sizeOfUvarint(n) + n
    }
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [0], 'ProduceResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'ProduceResponse')
  }
  return size
}

function writeProduceResponse(w: ProtocolWriter, v: ProduceResponse, version: number): void {
  const flexible = version >= 9
  w.arrayLength(v.responses, version >= 9)
  for (const e of v.responses) writeTopicProduceResponse(w, e, version)
  w.int32(v.throttleTimeMs, 'ProduceResponse.throttleTimeMs')
  if (flexible) {
    const u = v.unknownTaggedFields
    const t_nodeEndpoints = version >= 10 && v.nodeEndpoints.length !== 0
    w.uvarint((t_nodeEndpoints ? 1 : 0) + (u?.length ?? 0))
    let ui = 0
    ui = w.rawTaggedFields(u, ui, 0)
    if (t_nodeEndpoints) {
      w.uvarint(0)
      let n = 0
      n += sizeOfArrayLength(v.nodeEndpoints, true, false, 'ProduceResponse.nodeEndpoints')
      for (const e of v.nodeEndpoints) n += sizeNodeEndpoint(e, version)
      w.uvarint(n)
      w.arrayLength(v.nodeEndpoints, true)
      for (const e of v.nodeEndpoints) writeNodeEndpoint(w, e, version)
    }
    w.rawTaggedFields(u, ui, Infinity)
  }
}

function readProduceResponse(r: ProtocolReader, version: number): ProduceResponse {
  const flexible = version >= 9
  let f_responses: TopicProduceResponse[]
  {
    const n = r.arrayLength('ProduceResponse.responses', version >= 9, false, 3)
    const a: TopicProduceResponse[] = []
    for (let i = 0; i < n; i++) a.push(readTopicProduceResponse(r, version))
    f_responses = a
  }
  const f_throttleTimeMs: number = r.int32('ProduceResponse.throttleTimeMs')
  let f_nodeEndpoints: NodeEndpoint[] = []
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('ProduceResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('ProduceResponse')
      const end = r.taggedFieldEnd('ProduceResponse')
      switch (tag) {
        case 0: {
          if (!(version >= 10)) throw malformed('ProduceResponse.nodeEndpoints', r.position, `tag 0 is not valid at version ${version}`)
          {
            const n = r.arrayLength('ProduceResponse.nodeEndpoints', true, false, 11)
            const a: NodeEndpoint[] = []
            for (let i = 0; i < n; i++) a.push(readNodeEndpoint(r, version))
            f_nodeEndpoints = a
          }
          r.expectPosition(end, 'ProduceResponse.nodeEndpoints')
          break
        }
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ProduceResponse'))
      }
    }
  }
  const value: ProduceResponse = { responses: f_responses, throttleTimeMs: f_throttleTimeMs, nodeEndpoints: f_nodeEndpoints }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const BatchIndexAndErrorMessageSchema: StructSchema = {
  name: 'BatchIndexAndErrorMessage',
  versions: [8, 12],
  fields: [
    {
      name: 'batchIndex',
      type: 'int32',
      versions: [8, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'batchIndexErrorMessage',
      type: 'string',
      versions: [8, 32767],
      nullableVersions: [8, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'null',
    },
  ],
  create: () => createBatchIndexAndErrorMessage(),
}

const LeaderIdAndEpochSchema: StructSchema = {
  name: 'LeaderIdAndEpoch',
  versions: [10, 12],
  fields: [
    {
      name: 'leaderId',
      type: 'int32',
      versions: [10, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
    },
    {
      name: 'leaderEpoch',
      type: 'int32',
      versions: [10, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
    },
  ],
  create: () => createLeaderIdAndEpoch(),
}

const PartitionProduceResponseSchema: StructSchema = {
  name: 'PartitionProduceResponse',
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
      name: 'baseOffset',
      type: 'int64',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'logAppendTimeMs',
      type: 'int64',
      versions: [2, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
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
      name: 'recordErrors',
      type: 'array',
      element: BatchIndexAndErrorMessageSchema,
      versions: [8, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'errorMessage',
      type: 'string',
      versions: [8, 32767],
      nullableVersions: [8, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: 'null',
    },
    {
      name: 'currentLeader',
      type: 'struct',
      struct: LeaderIdAndEpochSchema,
      versions: [10, 32767],
      nullableVersions: null,
      taggedVersions: [10, 32767],
      tag: 0,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createPartitionProduceResponse(),
}

const TopicProduceResponseSchema: StructSchema = {
  name: 'TopicProduceResponse',
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
      name: 'partitionResponses',
      type: 'array',
      element: PartitionProduceResponseSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createTopicProduceResponse(),
}

const NodeEndpointSchema: StructSchema = {
  name: 'NodeEndpoint',
  versions: [10, 12],
  fields: [
    {
      name: 'nodeId',
      type: 'int32',
      versions: [10, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'host',
      type: 'string',
      versions: [10, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'port',
      type: 'int32',
      versions: [10, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'rack',
      type: 'string',
      versions: [10, 32767],
      nullableVersions: [10, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'null',
    },
  ],
  create: () => createNodeEndpoint(),
}

const ProduceResponseSchema: StructSchema = {
  name: 'ProduceResponse',
  versions: [3, 12],
  fields: [
    {
      name: 'responses',
      type: 'array',
      element: TopicProduceResponseSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'throttleTimeMs',
      type: 'int32',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '0',
    },
    {
      name: 'nodeEndpoints',
      type: 'array',
      element: NodeEndpointSchema,
      versions: [10, 32767],
      nullableVersions: null,
      taggedVersions: [10, 32767],
      tag: 0,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createProduceResponse(),
}

/** The ProduceResponse codec: versions 3-12. */
export const ProduceResponseCodec: MessageCodec<ProduceResponse> = defineCodec<ProduceResponse>({
  name: 'ProduceResponse',
  apiKey: 0,
  type: 'response',
  versions: [3, 12],
  flexibleVersions: [9, 32767],
  latestVersionUnstable: false,
  schema: ProduceResponseSchema,
  create: createProduceResponse,
  size: sizeProduceResponse,
  write: writeProduceResponse,
  read: readProduceResponse,
})
