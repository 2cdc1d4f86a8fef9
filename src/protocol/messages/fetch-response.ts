/**
 * FetchResponse (API key 1): generated from vendor/kafka-messages/FetchResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 4-17; flexible versions 12+.
 */
import { defineCodec } from '../codec.js'
import { malformed, unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfBytes, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** FetchResponse, versions 4-17. */
export interface FetchResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 1+; ignorable) */
  throttleTimeMs: number
  /** The top level response error code. (versions 7+; ignorable) */
  errorCode: number
  /** The fetch session ID, or 0 if this is not part of a fetch session. (versions 7+; default 0) */
  sessionId: number
  /** The response topics. (versions 0+) */
  responses: FetchableTopicResponse[]
  /** Endpoints for all current-leaders enumerated in PartitionData, with errors NOT_LEADER_OR_FOLLOWER & FENCED_LEADER_EPOCH. (versions 16+; tagged 16+ (tag 0)) */
  nodeEndpoints: NodeEndpoint[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** EpochEndOffset, inside FetchResponse (versions 12-17). */
export interface EpochEndOffset {
  /** The largest epoch. (versions 12+; default -1) */
  epoch: number
  /** The end offset of the epoch. (versions 12+; default -1) */
  endOffset: bigint
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** LeaderIdAndEpoch, inside FetchResponse (versions 12-17). */
export interface LeaderIdAndEpoch {
  /** The ID of the current leader or -1 if the leader is unknown. (versions 12+; default -1) */
  leaderId: number
  /** The latest known leader epoch. (versions 12+; default -1) */
  leaderEpoch: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** SnapshotId, inside FetchResponse (versions 12-17). */
export interface SnapshotId {
  /** The end offset of the epoch. (versions 0+; default -1) */
  endOffset: bigint
  /** The largest epoch. (versions 0+; default -1) */
  epoch: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** AbortedTransaction, inside FetchResponse (versions 4-17). */
export interface AbortedTransaction {
  /** The producer id associated with the aborted transaction. (versions 4+) */
  producerId: bigint
  /** The first offset in the aborted transaction. (versions 4+) */
  firstOffset: bigint
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** PartitionData, inside FetchResponse (versions 4-17). */
export interface PartitionData {
  /** The partition index. (versions 0+) */
  partitionIndex: number
  /** The error code, or 0 if there was no fetch error. (versions 0+) */
  errorCode: number
  /** The current high water mark. (versions 0+) */
  highWatermark: bigint
  /** The last stable offset (or LSO) of the partition. This is the last offset such that the state of all transactional records prior to this offset have been decided (ABORTED or COMMITTED). (versions 4+; default -1; ignorable) */
  lastStableOffset: bigint
  /** The current log start offset. (versions 5+; default -1; ignorable) */
  logStartOffset: bigint
  /** In case divergence is detected based on the `LastFetchedEpoch` and `FetchOffset` in the request, this field indicates the largest epoch and its end offset such that subsequent records are known to diverge. (versions 12+; tagged 12+ (tag 0)) */
  divergingEpoch: EpochEndOffset
  /** The current leader of the partition. (versions 12+; tagged 12+ (tag 1)) */
  currentLeader: LeaderIdAndEpoch
  /** In the case of fetching an offset less than the LogStartOffset, this is the end offset and epoch that should be used in the FetchSnapshot request. (versions 12+; tagged 12+ (tag 2)) */
  snapshotId: SnapshotId
  /** The aborted transactions. (versions 4+; nullable 4+; ignorable) */
  abortedTransactions: AbortedTransaction[] | null
  /** The preferred read replica for the consumer to use on its next fetch request. (versions 11+; default -1) */
  preferredReadReplica: number
  /** The record data. (versions 0+; nullable 0+) */
  records: Buffer | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** FetchableTopicResponse, inside FetchResponse (versions 4-17). */
export interface FetchableTopicResponse {
  /** The topic name. (versions 0-12; ignorable) */
  topic: string
  /** The unique topic ID. (versions 13+; ignorable) */
  topicId: string
  /** The topic partitions. (versions 0+) */
  partitions: PartitionData[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** NodeEndpoint, inside FetchResponse (versions 16-17). */
export interface NodeEndpoint {
  /** The ID of the associated node. (versions 16+) */
  nodeId: number
  /** The node's hostname. (versions 16+) */
  host: string
  /** The node's port. (versions 16+) */
  port: number
  /** The rack of the node, or null if it has not been assigned to a rack. (versions 16+; nullable 16+; default null) */
  rack: string | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link FetchResponse} with every field at its default, overridden by `fields`. */
export function createFetchResponse(fields: Partial<FetchResponse> = {}): FetchResponse {
  return { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: [], nodeEndpoints: [], ...fields }
}

/** A new {@link EpochEndOffset} with every field at its default, overridden by `fields`. */
export function createEpochEndOffset(fields: Partial<EpochEndOffset> = {}): EpochEndOffset {
  return { epoch: -1, endOffset: -1n, ...fields }
}

/** A new {@link LeaderIdAndEpoch} with every field at its default, overridden by `fields`. */
export function createLeaderIdAndEpoch(fields: Partial<LeaderIdAndEpoch> = {}): LeaderIdAndEpoch {
  return { leaderId: -1, leaderEpoch: -1, ...fields }
}

/** A new {@link SnapshotId} with every field at its default, overridden by `fields`. */
export function createSnapshotId(fields: Partial<SnapshotId> = {}): SnapshotId {
  return { endOffset: -1n, epoch: -1, ...fields }
}

/** A new {@link AbortedTransaction} with every field at its default, overridden by `fields`. */
export function createAbortedTransaction(fields: Partial<AbortedTransaction> = {}): AbortedTransaction {
  return { producerId: 0n, firstOffset: 0n, ...fields }
}

/** A new {@link PartitionData} with every field at its default, overridden by `fields`. */
export function createPartitionData(fields: Partial<PartitionData> = {}): PartitionData {
  return {
    partitionIndex: 0,
    errorCode: 0,
    highWatermark: 0n,
    lastStableOffset: -1n,
    logStartOffset: -1n,
    divergingEpoch: createEpochEndOffset(),
    currentLeader: createLeaderIdAndEpoch(),
    snapshotId: createSnapshotId(),
    abortedTransactions: [],
    preferredReadReplica: -1,
    records: null,
    ...fields,
  }
}

/** A new {@link FetchableTopicResponse} with every field at its default, overridden by `fields`. */
export function createFetchableTopicResponse(fields: Partial<FetchableTopicResponse> = {}): FetchableTopicResponse {
  return { topic: '', topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitions: [], ...fields }
}

/** A new {@link NodeEndpoint} with every field at its default, overridden by `fields`. */
export function createNodeEndpoint(fields: Partial<NodeEndpoint> = {}): NodeEndpoint {
  return { nodeId: 0, host: '', port: 0, rack: null, ...fields }
}

function isDefaultEpochEndOffset(v: EpochEndOffset): boolean {
  return !(v.epoch !== -1) && !(v.endOffset !== -1n) && (v.unknownTaggedFields === undefined || v.unknownTaggedFields.length === 0)
}

function isDefaultLeaderIdAndEpoch(v: LeaderIdAndEpoch): boolean {
  return !(v.leaderId !== -1) && !(v.leaderEpoch !== -1) && (v.unknownTaggedFields === undefined || v.unknownTaggedFields.length === 0)
}

function isDefaultSnapshotId(v: SnapshotId): boolean {
  return !(v.endOffset !== -1n) && !(v.epoch !== -1) && (v.unknownTaggedFields === undefined || v.unknownTaggedFields.length === 0)
}

function sizeEpochEndOffset(v: EpochEndOffset, version: number): number {
  let size = 0
  size += 4
  size += 8
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'FetchResponse.responses[].partitions[].divergingEpoch')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeEpochEndOffset(w: ProtocolWriter, v: EpochEndOffset, version: number): void {
  w.int32(v.epoch, 'FetchResponse.responses[].partitions[].divergingEpoch.epoch')
  w.int64(v.endOffset, 'FetchResponse.responses[].partitions[].divergingEpoch.endOffset')
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readEpochEndOffset(r: ProtocolReader, version: number): EpochEndOffset {
  const f_epoch: number = r.int32('FetchResponse.responses[].partitions[].divergingEpoch.epoch')
  const f_endOffset: bigint = r.int64('FetchResponse.responses[].partitions[].divergingEpoch.endOffset')
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('FetchResponse.responses[].partitions[].divergingEpoch')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('FetchResponse.responses[].partitions[].divergingEpoch')
    const end = r.taggedFieldEnd('FetchResponse.responses[].partitions[].divergingEpoch')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'FetchResponse.responses[].partitions[].divergingEpoch'))
    }
  }
  const value: EpochEndOffset = { epoch: f_epoch, endOffset: f_endOffset }
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
    size += sizeOfRawTaggedFields(u, [], 'FetchResponse.responses[].partitions[].currentLeader')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeLeaderIdAndEpoch(w: ProtocolWriter, v: LeaderIdAndEpoch, version: number): void {
  w.int32(v.leaderId, 'FetchResponse.responses[].partitions[].currentLeader.leaderId')
  w.int32(v.leaderEpoch, 'FetchResponse.responses[].partitions[].currentLeader.leaderEpoch')
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readLeaderIdAndEpoch(r: ProtocolReader, version: number): LeaderIdAndEpoch {
  const f_leaderId: number = r.int32('FetchResponse.responses[].partitions[].currentLeader.leaderId')
  const f_leaderEpoch: number = r.int32('FetchResponse.responses[].partitions[].currentLeader.leaderEpoch')
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('FetchResponse.responses[].partitions[].currentLeader')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('FetchResponse.responses[].partitions[].currentLeader')
    const end = r.taggedFieldEnd('FetchResponse.responses[].partitions[].currentLeader')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'FetchResponse.responses[].partitions[].currentLeader'))
    }
  }
  const value: LeaderIdAndEpoch = { leaderId: f_leaderId, leaderEpoch: f_leaderEpoch }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeSnapshotId(v: SnapshotId, version: number): number {
  let size = 0
  size += 8
  size += 4
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'FetchResponse.responses[].partitions[].snapshotId')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeSnapshotId(w: ProtocolWriter, v: SnapshotId, version: number): void {
  w.int64(v.endOffset, 'FetchResponse.responses[].partitions[].snapshotId.endOffset')
  w.int32(v.epoch, 'FetchResponse.responses[].partitions[].snapshotId.epoch')
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readSnapshotId(r: ProtocolReader, version: number): SnapshotId {
  const f_endOffset: bigint = r.int64('FetchResponse.responses[].partitions[].snapshotId.endOffset')
  const f_epoch: number = r.int32('FetchResponse.responses[].partitions[].snapshotId.epoch')
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('FetchResponse.responses[].partitions[].snapshotId')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('FetchResponse.responses[].partitions[].snapshotId')
    const end = r.taggedFieldEnd('FetchResponse.responses[].partitions[].snapshotId')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'FetchResponse.responses[].partitions[].snapshotId'))
    }
  }
  const value: SnapshotId = { endOffset: f_endOffset, epoch: f_epoch }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeAbortedTransaction(v: AbortedTransaction, version: number): number {
  const flexible = version >= 12
  let size = 0
  size += 8
  size += 8
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'FetchResponse.responses[].partitions[].abortedTransactions[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(
      `tagged fields at version ${version}, which has none`,
      'FetchResponse.responses[].partitions[].abortedTransactions[]',
    )
  }
  return size
}

function writeAbortedTransaction(w: ProtocolWriter, v: AbortedTransaction, version: number): void {
  const flexible = version >= 12
  w.int64(v.producerId, 'FetchResponse.responses[].partitions[].abortedTransactions[].producerId')
  w.int64(v.firstOffset, 'FetchResponse.responses[].partitions[].abortedTransactions[].firstOffset')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readAbortedTransaction(r: ProtocolReader, version: number): AbortedTransaction {
  const flexible = version >= 12
  const f_producerId: bigint = r.int64('FetchResponse.responses[].partitions[].abortedTransactions[].producerId')
  const f_firstOffset: bigint = r.int64('FetchResponse.responses[].partitions[].abortedTransactions[].firstOffset')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('FetchResponse.responses[].partitions[].abortedTransactions[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('FetchResponse.responses[].partitions[].abortedTransactions[]')
      const end = r.taggedFieldEnd('FetchResponse.responses[].partitions[].abortedTransactions[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'FetchResponse.responses[].partitions[].abortedTransactions[]'))
      }
    }
  }
  const value: AbortedTransaction = { producerId: f_producerId, firstOffset: f_firstOffset }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizePartitionData(v: PartitionData, version: number): number {
  const flexible = version >= 12
  let size = 0
  size += 4
  size += 2
  size += 8
  size += 8
  if (version >= 5) {
    size += 8
  }
  if (!(version >= 12)) {
    if (!isDefaultEpochEndOffset(v.divergingEpoch))
      throw unsupportedVersion(
        `a non-default value at version ${version}, which lacks the field`,
        'FetchResponse.responses[].partitions[].divergingEpoch',
      )
  }
  if (!(version >= 12)) {
    if (!isDefaultLeaderIdAndEpoch(v.currentLeader))
      throw unsupportedVersion(
        `a non-default value at version ${version}, which lacks the field`,
        'FetchResponse.responses[].partitions[].currentLeader',
      )
  }
  if (!(version >= 12)) {
    if (!isDefaultSnapshotId(v.snapshotId))
      throw unsupportedVersion(
        `a non-default value at version ${version}, which lacks the field`,
        'FetchResponse.responses[].partitions[].snapshotId',
      )
  }
  size += sizeOfArrayLength(v.abortedTransactions, version >= 12, true, 'FetchResponse.responses[].partitions[].abortedTransactions')
  if (v.abortedTransactions !== null) {
    for (const e of v.abortedTransactions) size += sizeAbortedTransaction(e, version)
  }
  if (version >= 11) {
    size += 4
  }
  if (!(version >= 11)) {
    if (v.preferredReadReplica !== -1)
      throw unsupportedVersion(
        `a non-default value at version ${version}, which lacks the field`,
        'FetchResponse.responses[].partitions[].preferredReadReplica',
      )
  }
  size += sizeOfBytes(v.records, version >= 12, true, 'FetchResponse.responses[].partitions[].records')
  if (flexible) {
    let numTagged = 0
    if (!isDefaultEpochEndOffset(v.divergingEpoch)) {
      numTagged++
      let n = 0
      n += sizeEpochEndOffset(v.divergingEpoch, version)
      size += sizeOfUvarint(0) + sizeOfUvarint(n) + n
    }
    if (!isDefaultLeaderIdAndEpoch(v.currentLeader)) {
      numTagged++
      let n = 0
      n += sizeLeaderIdAndEpoch(v.currentLeader, version)
      size += sizeOfUvarint(1) + sizeOfUvarint(n) + n
    }
    if (!isDefaultSnapshotId(v.snapshotId)) {
      numTagged++
      let n = 0
      n += sizeSnapshotId(v.snapshotId, version)
      size += sizeOfUvarint(2) + sizeOfUvarint(n) + n
    }
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [0, 1, 2], 'FetchResponse.responses[].partitions[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'FetchResponse.responses[].partitions[]')
  }
  return size
}

function writePartitionData(w: ProtocolWriter, v: PartitionData, version: number): void {
  const flexible = version >= 12
  w.int32(v.partitionIndex, 'FetchResponse.responses[].partitions[].partitionIndex')
  w.int16(v.errorCode, 'FetchResponse.responses[].partitions[].errorCode')
  w.int64(v.highWatermark, 'FetchResponse.responses[].partitions[].highWatermark')
  w.int64(v.lastStableOffset, 'FetchResponse.responses[].partitions[].lastStableOffset')
  if (version >= 5) {
    w.int64(v.logStartOffset, 'FetchResponse.responses[].partitions[].logStartOffset')
  }
  w.arrayLength(v.abortedTransactions, version >= 12)
  if (v.abortedTransactions !== null) for (const e of v.abortedTransactions) writeAbortedTransaction(w, e, version)
  if (version >= 11) {
    w.int32(v.preferredReadReplica, 'FetchResponse.responses[].partitions[].preferredReadReplica')
  }
  w.bytes(v.records, version >= 12)
  if (flexible) {
    const u = v.unknownTaggedFields
    const t_divergingEpoch = !isDefaultEpochEndOffset(v.divergingEpoch)
    const t_currentLeader = !isDefaultLeaderIdAndEpoch(v.currentLeader)
    const t_snapshotId = !isDefaultSnapshotId(v.snapshotId)
    w.uvarint((t_divergingEpoch ? 1 : 0) + (t_currentLeader ? 1 : 0) + (t_snapshotId ? 1 : 0) + (u?.length ?? 0))
    let ui = 0
    ui = w.rawTaggedFields(u, ui, 0)
    if (t_divergingEpoch) {
      w.uvarint(0)
      let n = 0
      n += sizeEpochEndOffset(v.divergingEpoch, version)
      w.uvarint(n)
      writeEpochEndOffset(w, v.divergingEpoch, version)
    }
    ui = w.rawTaggedFields(u, ui, 1)
    if (t_currentLeader) {
      w.uvarint(1)
      let n = 0
      n += sizeLeaderIdAndEpoch(v.currentLeader, version)
      w.uvarint(n)
      writeLeaderIdAndEpoch(w, v.currentLeader, version)
    }
    ui = w.rawTaggedFields(u, ui, 2)
    if (t_snapshotId) {
      w.uvarint(2)
      let n = 0
      n += sizeSnapshotId(v.snapshotId, version)
      w.uvarint(n)
      writeSnapshotId(w, v.snapshotId, version)
    }
    w.rawTaggedFields(u, ui, Infinity)
  }
}

function readPartitionData(r: ProtocolReader, version: number): PartitionData {
  const flexible = version >= 12
  const f_partitionIndex: number = r.int32('FetchResponse.responses[].partitions[].partitionIndex')
  const f_errorCode: number = r.int16('FetchResponse.responses[].partitions[].errorCode')
  const f_highWatermark: bigint = r.int64('FetchResponse.responses[].partitions[].highWatermark')
  const f_lastStableOffset: bigint = r.int64('FetchResponse.responses[].partitions[].lastStableOffset')
  let f_logStartOffset: bigint = -1n
  if (version >= 5) {
    f_logStartOffset = r.int64('FetchResponse.responses[].partitions[].logStartOffset')
  }
  let f_divergingEpoch: EpochEndOffset = createEpochEndOffset()
  let f_currentLeader: LeaderIdAndEpoch = createLeaderIdAndEpoch()
  let f_snapshotId: SnapshotId = createSnapshotId()
  let f_abortedTransactions: AbortedTransaction[] | null
  {
    const n = r.arrayLength('FetchResponse.responses[].partitions[].abortedTransactions', version >= 12, true, 16)
    if (n < 0) {
      f_abortedTransactions = null
    } else {
      const a: AbortedTransaction[] = []
      for (let i = 0; i < n; i++) a.push(readAbortedTransaction(r, version))
      f_abortedTransactions = a
    }
  }
  let f_preferredReadReplica: number = -1
  if (version >= 11) {
    f_preferredReadReplica = r.int32('FetchResponse.responses[].partitions[].preferredReadReplica')
  }
  const f_records: Buffer | null = r.records('FetchResponse.responses[].partitions[].records', version >= 12, true)
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('FetchResponse.responses[].partitions[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('FetchResponse.responses[].partitions[]')
      const end = r.taggedFieldEnd('FetchResponse.responses[].partitions[]')
      switch (tag) {
        case 0: {
          f_divergingEpoch = readEpochEndOffset(r, version)
          r.expectPosition(end, 'FetchResponse.responses[].partitions[].divergingEpoch')
          break
        }
        case 1: {
          f_currentLeader = readLeaderIdAndEpoch(r, version)
          r.expectPosition(end, 'FetchResponse.responses[].partitions[].currentLeader')
          break
        }
        case 2: {
          f_snapshotId = readSnapshotId(r, version)
          r.expectPosition(end, 'FetchResponse.responses[].partitions[].snapshotId')
          break
        }
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'FetchResponse.responses[].partitions[]'))
      }
    }
  }
  const value: PartitionData = {
    partitionIndex: f_partitionIndex,
    errorCode: f_errorCode,
    highWatermark: f_highWatermark,
    lastStableOffset: f_lastStableOffset,
    logStartOffset: f_logStartOffset,
    divergingEpoch: f_divergingEpoch,
    currentLeader: f_currentLeader,
    snapshotId: f_snapshotId,
    abortedTransactions: f_abortedTransactions,
    preferredReadReplica: f_preferredReadReplica,
    records: f_records,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeFetchableTopicResponse(v: FetchableTopicResponse, version: number): number {
  const flexible = version >= 12
  let size = 0
  if (version <= 12) {
    size += sizeOfString(v.topic, version >= 12, false, 'FetchResponse.responses[].topic')
  }
  if (version >= 13) {
    size += 16
  }
  size += sizeOfArrayLength(v.partitions, version >= 12, false, 'FetchResponse.responses[].partitions')
  for (const e of v.partitions) size += sizePartitionData(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'FetchResponse.responses[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'FetchResponse.responses[]')
  }
  return size
}

function writeFetchableTopicResponse(w: ProtocolWriter, v: FetchableTopicResponse, version: number): void {
  const flexible = version >= 12
  if (version <= 12) {
    w.string(v.topic, version >= 12)
  }
  if (version >= 13) {
    w.uuid(v.topicId, 'FetchResponse.responses[].topicId')
  }
  w.arrayLength(v.partitions, version >= 12)
  for (const e of v.partitions) writePartitionData(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readFetchableTopicResponse(r: ProtocolReader, version: number): FetchableTopicResponse {
  const flexible = version >= 12
  let f_topic: string = ''
  if (version <= 12) {
    f_topic = r.string('FetchResponse.responses[].topic', version >= 12)
  }
  let f_topicId: string = 'AAAAAAAAAAAAAAAAAAAAAA'
  if (version >= 13) {
    f_topicId = r.uuid('FetchResponse.responses[].topicId')
  }
  let f_partitions: PartitionData[]
  {
    const n = r.arrayLength('FetchResponse.responses[].partitions', version >= 12, false, 30)
    const a: PartitionData[] = []
    for (let i = 0; i < n; i++) a.push(readPartitionData(r, version))
    f_partitions = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('FetchResponse.responses[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('FetchResponse.responses[]')
      const end = r.taggedFieldEnd('FetchResponse.responses[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'FetchResponse.responses[]'))
      }
    }
  }
  const value: FetchableTopicResponse = { topic: f_topic, topicId: f_topicId, partitions: f_partitions }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeNodeEndpoint(v: NodeEndpoint, version: number): number {
  let size = 0
  size += 4
  size += sizeOfString(v.host, true, false, 'FetchResponse.nodeEndpoints[].host')
  size += 4
  size += sizeOfString(v.rack, true, true, 'FetchResponse.nodeEndpoints[].rack')
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'FetchResponse.nodeEndpoints[]')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeNodeEndpoint(w: ProtocolWriter, v: NodeEndpoint, version: number): void {
  w.int32(v.nodeId, 'FetchResponse.nodeEndpoints[].nodeId')
  w.string(v.host, true)
  w.int32(v.port, 'FetchResponse.nodeEndpoints[].port')
  w.string(v.rack, true)
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readNodeEndpoint(r: ProtocolReader, version: number): NodeEndpoint {
  const f_nodeId: number = r.int32('FetchResponse.nodeEndpoints[].nodeId')
  const f_host: string = r.string('FetchResponse.nodeEndpoints[].host', true)
  const f_port: number = r.int32('FetchResponse.nodeEndpoints[].port')
  const f_rack: string | null = r.nullableString('FetchResponse.nodeEndpoints[].rack', true)
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('FetchResponse.nodeEndpoints[]')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('FetchResponse.nodeEndpoints[]')
    const end = r.taggedFieldEnd('FetchResponse.nodeEndpoints[]')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'FetchResponse.nodeEndpoints[]'))
    }
  }
  const value: NodeEndpoint = { nodeId: f_nodeId, host: f_host, port: f_port, rack: f_rack }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeFetchResponse(v: FetchResponse, version: number): number {
  const flexible = version >= 12
  let size = 0
  size += 4
  if (version >= 7) {
    size += 2
  }
  if (version >= 7) {
    size += 4
  }
  if (!(version >= 7)) {
    if (v.sessionId !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'FetchResponse.sessionId')
  }
  size += sizeOfArrayLength(v.responses, version >= 12, false, 'FetchResponse.responses')
  for (const e of v.responses) size += sizeFetchableTopicResponse(e, version)
  if (!(version >= 16)) {
    if (v.nodeEndpoints.length !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'FetchResponse.nodeEndpoints')
  }
  if (flexible) {
    let numTagged = 0
    if (version >= 16 && v.nodeEndpoints.length !== 0) {
      numTagged++
      let n = 0
      n += sizeOfArrayLength(v.nodeEndpoints, true, false, 'FetchResponse.nodeEndpoints')
      for (const e of v.nodeEndpoints) n += sizeNodeEndpoint(e, version)
      size += sizeOfUvarint(0) + sizeOfUvarint(n) + n
    }
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [0], 'FetchResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'FetchResponse')
  }
  return size
}

function writeFetchResponse(w: ProtocolWriter, v: FetchResponse, version: number): void {
  const flexible = version >= 12
  w.int32(v.throttleTimeMs, 'FetchResponse.throttleTimeMs')
  if (version >= 7) {
    w.int16(v.errorCode, 'FetchResponse.errorCode')
  }
  if (version >= 7) {
    w.int32(v.sessionId, 'FetchResponse.sessionId')
  }
  w.arrayLength(v.responses, version >= 12)
  for (const e of v.responses) writeFetchableTopicResponse(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    const t_nodeEndpoints = version >= 16 && v.nodeEndpoints.length !== 0
    w.uvarint((t_nodeEndpoints ? 1 : 0) + (u?.length ?? 0))
    let ui = 0
    ui = w.rawTaggedFields(u, ui, 0)
    if (t_nodeEndpoints) {
      w.uvarint(0)
      let n = 0
      n += sizeOfArrayLength(v.nodeEndpoints, true, false, 'FetchResponse.nodeEndpoints')
      for (const e of v.nodeEndpoints) n += sizeNodeEndpoint(e, version)
      w.uvarint(n)
      w.arrayLength(v.nodeEndpoints, true)
      for (const e of v.nodeEndpoints) writeNodeEndpoint(w, e, version)
    }
    w.rawTaggedFields(u, ui, Infinity)
  }
}

function readFetchResponse(r: ProtocolReader, version: number): FetchResponse {
  const flexible = version >= 12
  const f_throttleTimeMs: number = r.int32('FetchResponse.throttleTimeMs')
  let f_errorCode: number = 0
  if (version >= 7) {
    f_errorCode = r.int16('FetchResponse.errorCode')
  }
  let f_sessionId: number = 0
  if (version >= 7) {
    f_sessionId = r.int32('FetchResponse.sessionId')
  }
  let f_responses: FetchableTopicResponse[]
  {
    const n = r.arrayLength('FetchResponse.responses', version >= 12, false, 3)
    const a: FetchableTopicResponse[] = []
    for (let i = 0; i < n; i++) a.push(readFetchableTopicResponse(r, version))
    f_responses = a
  }
  let f_nodeEndpoints: NodeEndpoint[] = []
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('FetchResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('FetchResponse')
      const end = r.taggedFieldEnd('FetchResponse')
      switch (tag) {
        case 0: {
          if (!(version >= 16)) throw malformed('FetchResponse.nodeEndpoints', r.position, `tag 0 is not valid at version ${version}`)
          {
            const n = r.arrayLength('FetchResponse.nodeEndpoints', true, false, 11)
            const a: NodeEndpoint[] = []
            for (let i = 0; i < n; i++) a.push(readNodeEndpoint(r, version))
            f_nodeEndpoints = a
          }
          r.expectPosition(end, 'FetchResponse.nodeEndpoints')
          break
        }
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'FetchResponse'))
      }
    }
  }
  const value: FetchResponse = {
    throttleTimeMs: f_throttleTimeMs,
    errorCode: f_errorCode,
    sessionId: f_sessionId,
    responses: f_responses,
    nodeEndpoints: f_nodeEndpoints,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const EpochEndOffsetSchema: StructSchema = {
  name: 'EpochEndOffset',
  versions: [12, 17],
  fields: [
    {
      name: 'epoch',
      type: 'int32',
      versions: [12, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
    },
    {
      name: 'endOffset',
      type: 'int64',
      versions: [12, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
    },
  ],
  create: () => createEpochEndOffset(),
}

const LeaderIdAndEpochSchema: StructSchema = {
  name: 'LeaderIdAndEpoch',
  versions: [12, 17],
  fields: [
    {
      name: 'leaderId',
      type: 'int32',
      versions: [12, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
    },
    {
      name: 'leaderEpoch',
      type: 'int32',
      versions: [12, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
    },
  ],
  create: () => createLeaderIdAndEpoch(),
}

const SnapshotIdSchema: StructSchema = {
  name: 'SnapshotId',
  versions: [12, 17],
  fields: [
    {
      name: 'endOffset',
      type: 'int64',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
    },
    {
      name: 'epoch',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
    },
  ],
  create: () => createSnapshotId(),
}

const AbortedTransactionSchema: StructSchema = {
  name: 'AbortedTransaction',
  versions: [4, 17],
  fields: [
    {
      name: 'producerId',
      type: 'int64',
      versions: [4, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'firstOffset',
      type: 'int64',
      versions: [4, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createAbortedTransaction(),
}

const PartitionDataSchema: StructSchema = {
  name: 'PartitionData',
  versions: [4, 17],
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
      name: 'lastStableOffset',
      type: 'int64',
      versions: [4, 32767],
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
      name: 'divergingEpoch',
      type: 'struct',
      struct: EpochEndOffsetSchema,
      versions: [12, 32767],
      nullableVersions: null,
      taggedVersions: [12, 32767],
      tag: 0,
      ignorable: false,
      default: '',
    },
    {
      name: 'currentLeader',
      type: 'struct',
      struct: LeaderIdAndEpochSchema,
      versions: [12, 32767],
      nullableVersions: null,
      taggedVersions: [12, 32767],
      tag: 1,
      ignorable: false,
      default: '',
    },
    {
      name: 'snapshotId',
      type: 'struct',
      struct: SnapshotIdSchema,
      versions: [12, 32767],
      nullableVersions: null,
      taggedVersions: [12, 32767],
      tag: 2,
      ignorable: false,
      default: '',
    },
    {
      name: 'abortedTransactions',
      type: 'array',
      element: AbortedTransactionSchema,
      versions: [4, 32767],
      nullableVersions: [4, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'preferredReadReplica',
      type: 'int32',
      versions: [11, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
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
  create: () => createPartitionData(),
}

const FetchableTopicResponseSchema: StructSchema = {
  name: 'FetchableTopicResponse',
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
      element: PartitionDataSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createFetchableTopicResponse(),
}

const NodeEndpointSchema: StructSchema = {
  name: 'NodeEndpoint',
  versions: [16, 17],
  fields: [
    {
      name: 'nodeId',
      type: 'int32',
      versions: [16, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'host',
      type: 'string',
      versions: [16, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'port',
      type: 'int32',
      versions: [16, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'rack',
      type: 'string',
      versions: [16, 32767],
      nullableVersions: [16, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'null',
    },
  ],
  create: () => createNodeEndpoint(),
}

const FetchResponseSchema: StructSchema = {
  name: 'FetchResponse',
  versions: [4, 17],
  fields: [
    {
      name: 'throttleTimeMs',
      type: 'int32',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'errorCode',
      type: 'int16',
      versions: [7, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'sessionId',
      type: 'int32',
      versions: [7, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '0',
    },
    {
      name: 'responses',
      type: 'array',
      element: FetchableTopicResponseSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'nodeEndpoints',
      type: 'array',
      element: NodeEndpointSchema,
      versions: [16, 32767],
      nullableVersions: null,
      taggedVersions: [16, 32767],
      tag: 0,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createFetchResponse(),
}

/** The FetchResponse codec: versions 4-17. */
export const FetchResponseCodec: MessageCodec<FetchResponse> = defineCodec<FetchResponse>({
  name: 'FetchResponse',
  apiKey: 1,
  type: 'response',
  versions: [4, 17],
  flexibleVersions: [12, 32767],
  latestVersionUnstable: false,
  schema: FetchResponseSchema,
  create: createFetchResponse,
  size: sizeFetchResponse,
  write: writeFetchResponse,
  read: readFetchResponse,
})
