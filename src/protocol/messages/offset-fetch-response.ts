/**
 * OffsetFetchResponse (API key 9): generated from vendor/kafka-messages/OffsetFetchResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 1-9; flexible versions 6+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** OffsetFetchResponse, versions 1-9. */
export interface OffsetFetchResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 3+; ignorable) */
  throttleTimeMs: number
  /** The responses per topic. (versions 0-7) */
  topics: OffsetFetchResponseTopic[]
  /** The top-level error code, or 0 if there was no error. (versions 2-7; default 0; ignorable) */
  errorCode: number
  /** The responses per group id. (versions 8+) */
  groups: OffsetFetchResponseGroup[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** OffsetFetchResponsePartition, inside OffsetFetchResponse (versions 1-7). */
export interface OffsetFetchResponsePartition {
  /** The partition index. (versions 0-7) */
  partitionIndex: number
  /** The committed message offset. (versions 0-7) */
  committedOffset: bigint
  /** The leader epoch. (versions 5-7; default -1; ignorable) */
  committedLeaderEpoch: number
  /** The partition metadata. (versions 0-7; nullable 0-7) */
  metadata: string | null
  /** The error code, or 0 if there was no error. (versions 0-7) */
  errorCode: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** OffsetFetchResponseTopic, inside OffsetFetchResponse (versions 1-7). */
export interface OffsetFetchResponseTopic {
  /** The topic name. (versions 0-7) */
  name: string
  /** The responses per partition. (versions 0-7) */
  partitions: OffsetFetchResponsePartition[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** OffsetFetchResponsePartitions, inside OffsetFetchResponse (versions 8-9). */
export interface OffsetFetchResponsePartitions {
  /** The partition index. (versions 8+) */
  partitionIndex: number
  /** The committed message offset. (versions 8+) */
  committedOffset: bigint
  /** The leader epoch. (versions 8+; default -1; ignorable) */
  committedLeaderEpoch: number
  /** The partition metadata. (versions 8+; nullable 8+) */
  metadata: string | null
  /** The partition-level error code, or 0 if there was no error. (versions 8+) */
  errorCode: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** OffsetFetchResponseTopics, inside OffsetFetchResponse (versions 8-9). */
export interface OffsetFetchResponseTopics {
  /** The topic name. (versions 8+) */
  name: string
  /** The responses per partition. (versions 8+) */
  partitions: OffsetFetchResponsePartitions[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** OffsetFetchResponseGroup, inside OffsetFetchResponse (versions 8-9). */
export interface OffsetFetchResponseGroup {
  /** The group ID. (versions 8+) */
  groupId: string
  /** The responses per topic. (versions 8+) */
  topics: OffsetFetchResponseTopics[]
  /** The group-level error code, or 0 if there was no error. (versions 8+; default 0) */
  errorCode: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link OffsetFetchResponse} with every field at its default, overridden by `fields`. */
export function createOffsetFetchResponse(fields: Partial<OffsetFetchResponse> = {}): OffsetFetchResponse {
  return { throttleTimeMs: 0, topics: [], errorCode: 0, groups: [], ...fields }
}

/** A new {@link OffsetFetchResponsePartition} with every field at its default, overridden by `fields`. */
export function createOffsetFetchResponsePartition(fields: Partial<OffsetFetchResponsePartition> = {}): OffsetFetchResponsePartition {
  return { partitionIndex: 0, committedOffset: 0n, committedLeaderEpoch: -1, metadata: '', errorCode: 0, ...fields }
}

/** A new {@link OffsetFetchResponseTopic} with every field at its default, overridden by `fields`. */
export function createOffsetFetchResponseTopic(fields: Partial<OffsetFetchResponseTopic> = {}): OffsetFetchResponseTopic {
  return { name: '', partitions: [], ...fields }
}

/** A new {@link OffsetFetchResponsePartitions} with every field at its default, overridden by `fields`. */
export function createOffsetFetchResponsePartitions(fields: Partial<OffsetFetchResponsePartitions> = {}): OffsetFetchResponsePartitions {
  return { partitionIndex: 0, committedOffset: 0n, committedLeaderEpoch: -1, metadata: '', errorCode: 0, ...fields }
}

/** A new {@link OffsetFetchResponseTopics} with every field at its default, overridden by `fields`. */
export function createOffsetFetchResponseTopics(fields: Partial<OffsetFetchResponseTopics> = {}): OffsetFetchResponseTopics {
  return { name: '', partitions: [], ...fields }
}

/** A new {@link OffsetFetchResponseGroup} with every field at its default, overridden by `fields`. */
export function createOffsetFetchResponseGroup(fields: Partial<OffsetFetchResponseGroup> = {}): OffsetFetchResponseGroup {
  return { groupId: '', topics: [], errorCode: 0, ...fields }
}

function sizeOffsetFetchResponsePartition(v: OffsetFetchResponsePartition, version: number): number {
  const flexible = version >= 6
  let size = 0
  size += 4
  size += 8
  if (version >= 5) {
    size += 4
  }
  size += sizeOfString(v.metadata, version >= 6, true, 'OffsetFetchResponse.topics[].partitions[].metadata')
  size += 2
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'OffsetFetchResponse.topics[].partitions[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'OffsetFetchResponse.topics[].partitions[]')
  }
  return size
}

function writeOffsetFetchResponsePartition(w: ProtocolWriter, v: OffsetFetchResponsePartition, version: number): void {
  const flexible = version >= 6
  w.int32(v.partitionIndex, 'OffsetFetchResponse.topics[].partitions[].partitionIndex')
  w.int64(v.committedOffset, 'OffsetFetchResponse.topics[].partitions[].committedOffset')
  if (version >= 5) {
    w.int32(v.committedLeaderEpoch, 'OffsetFetchResponse.topics[].partitions[].committedLeaderEpoch')
  }
  w.string(v.metadata, version >= 6)
  w.int16(v.errorCode, 'OffsetFetchResponse.topics[].partitions[].errorCode')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readOffsetFetchResponsePartition(r: ProtocolReader, version: number): OffsetFetchResponsePartition {
  const flexible = version >= 6
  const f_partitionIndex: number = r.int32('OffsetFetchResponse.topics[].partitions[].partitionIndex')
  const f_committedOffset: bigint = r.int64('OffsetFetchResponse.topics[].partitions[].committedOffset')
  let f_committedLeaderEpoch: number = -1
  if (version >= 5) {
    f_committedLeaderEpoch = r.int32('OffsetFetchResponse.topics[].partitions[].committedLeaderEpoch')
  }
  const f_metadata: string | null = r.nullableString('OffsetFetchResponse.topics[].partitions[].metadata', version >= 6)
  const f_errorCode: number = r.int16('OffsetFetchResponse.topics[].partitions[].errorCode')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('OffsetFetchResponse.topics[].partitions[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('OffsetFetchResponse.topics[].partitions[]')
      const end = r.taggedFieldEnd('OffsetFetchResponse.topics[].partitions[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'OffsetFetchResponse.topics[].partitions[]'))
      }
    }
  }
  const value: OffsetFetchResponsePartition = {
    partitionIndex: f_partitionIndex,
    committedOffset: f_committedOffset,
    committedLeaderEpoch: f_committedLeaderEpoch,
    metadata: f_metadata,
    errorCode: f_errorCode,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeOffsetFetchResponseTopic(v: OffsetFetchResponseTopic, version: number): number {
  const flexible = version >= 6
  let size = 0
  size += sizeOfString(v.name, version >= 6, false, 'OffsetFetchResponse.topics[].name')
  size += sizeOfArrayLength(v.partitions, version >= 6, false, 'OffsetFetchResponse.topics[].partitions')
  for (const e of v.partitions) size += sizeOffsetFetchResponsePartition(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'OffsetFetchResponse.topics[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'OffsetFetchResponse.topics[]')
  }
  return size
}

function writeOffsetFetchResponseTopic(w: ProtocolWriter, v: OffsetFetchResponseTopic, version: number): void {
  const flexible = version >= 6
  w.string(v.name, version >= 6)
  w.arrayLength(v.partitions, version >= 6)
  for (const e of v.partitions) writeOffsetFetchResponsePartition(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readOffsetFetchResponseTopic(r: ProtocolReader, version: number): OffsetFetchResponseTopic {
  const flexible = version >= 6
  const f_name: string = r.string('OffsetFetchResponse.topics[].name', version >= 6)
  let f_partitions: OffsetFetchResponsePartition[]
  {
    const n = r.arrayLength('OffsetFetchResponse.topics[].partitions', version >= 6, false, 16)
    const a: OffsetFetchResponsePartition[] = []
    for (let i = 0; i < n; i++) a.push(readOffsetFetchResponsePartition(r, version))
    f_partitions = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('OffsetFetchResponse.topics[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('OffsetFetchResponse.topics[]')
      const end = r.taggedFieldEnd('OffsetFetchResponse.topics[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'OffsetFetchResponse.topics[]'))
      }
    }
  }
  const value: OffsetFetchResponseTopic = { name: f_name, partitions: f_partitions }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeOffsetFetchResponsePartitions(v: OffsetFetchResponsePartitions, version: number): number {
  let size = 0
  size += 4
  size += 8
  size += 4
  size += sizeOfString(v.metadata, true, true, 'OffsetFetchResponse.groups[].topics[].partitions[].metadata')
  size += 2
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'OffsetFetchResponse.groups[].topics[].partitions[]')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeOffsetFetchResponsePartitions(w: ProtocolWriter, v: OffsetFetchResponsePartitions, version: number): void {
  w.int32(v.partitionIndex, 'OffsetFetchResponse.groups[].topics[].partitions[].partitionIndex')
  w.int64(v.committedOffset, 'OffsetFetchResponse.groups[].topics[].partitions[].committedOffset')
  w.int32(v.committedLeaderEpoch, 'OffsetFetchResponse.groups[].topics[].partitions[].committedLeaderEpoch')
  w.string(v.metadata, true)
  w.int16(v.errorCode, 'OffsetFetchResponse.groups[].topics[].partitions[].errorCode')
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readOffsetFetchResponsePartitions(r: ProtocolReader, version: number): OffsetFetchResponsePartitions {
  const f_partitionIndex: number = r.int32('OffsetFetchResponse.groups[].topics[].partitions[].partitionIndex')
  const f_committedOffset: bigint = r.int64('OffsetFetchResponse.groups[].topics[].partitions[].committedOffset')
  const f_committedLeaderEpoch: number = r.int32('OffsetFetchResponse.groups[].topics[].partitions[].committedLeaderEpoch')
  const f_metadata: string | null = r.nullableString('OffsetFetchResponse.groups[].topics[].partitions[].metadata', true)
  const f_errorCode: number = r.int16('OffsetFetchResponse.groups[].topics[].partitions[].errorCode')
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('OffsetFetchResponse.groups[].topics[].partitions[]')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('OffsetFetchResponse.groups[].topics[].partitions[]')
    const end = r.taggedFieldEnd('OffsetFetchResponse.groups[].topics[].partitions[]')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'OffsetFetchResponse.groups[].topics[].partitions[]'))
    }
  }
  const value: OffsetFetchResponsePartitions = {
    partitionIndex: f_partitionIndex,
    committedOffset: f_committedOffset,
    committedLeaderEpoch: f_committedLeaderEpoch,
    metadata: f_metadata,
    errorCode: f_errorCode,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeOffsetFetchResponseTopics(v: OffsetFetchResponseTopics, version: number): number {
  let size = 0
  size += sizeOfString(v.name, true, false, 'OffsetFetchResponse.groups[].topics[].name')
  size += sizeOfArrayLength(v.partitions, true, false, 'OffsetFetchResponse.groups[].topics[].partitions')
  for (const e of v.partitions) size += sizeOffsetFetchResponsePartitions(e, version)
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'OffsetFetchResponse.groups[].topics[]')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeOffsetFetchResponseTopics(w: ProtocolWriter, v: OffsetFetchResponseTopics, version: number): void {
  w.string(v.name, true)
  w.arrayLength(v.partitions, true)
  for (const e of v.partitions) writeOffsetFetchResponsePartitions(w, e, version)
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readOffsetFetchResponseTopics(r: ProtocolReader, version: number): OffsetFetchResponseTopics {
  const f_name: string = r.string('OffsetFetchResponse.groups[].topics[].name', true)
  let f_partitions: OffsetFetchResponsePartitions[]
  {
    const n = r.arrayLength('OffsetFetchResponse.groups[].topics[].partitions', true, false, 20)
    const a: OffsetFetchResponsePartitions[] = []
    for (let i = 0; i < n; i++) a.push(readOffsetFetchResponsePartitions(r, version))
    f_partitions = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('OffsetFetchResponse.groups[].topics[]')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('OffsetFetchResponse.groups[].topics[]')
    const end = r.taggedFieldEnd('OffsetFetchResponse.groups[].topics[]')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'OffsetFetchResponse.groups[].topics[]'))
    }
  }
  const value: OffsetFetchResponseTopics = { name: f_name, partitions: f_partitions }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeOffsetFetchResponseGroup(v: OffsetFetchResponseGroup, version: number): number {
  let size = 0
  size += sizeOfString(v.groupId, true, false, 'OffsetFetchResponse.groups[].groupId')
  size += sizeOfArrayLength(v.topics, true, false, 'OffsetFetchResponse.groups[].topics')
  for (const e of v.topics) size += sizeOffsetFetchResponseTopics(e, version)
  size += 2
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'OffsetFetchResponse.groups[]')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeOffsetFetchResponseGroup(w: ProtocolWriter, v: OffsetFetchResponseGroup, version: number): void {
  w.string(v.groupId, true)
  w.arrayLength(v.topics, true)
  for (const e of v.topics) writeOffsetFetchResponseTopics(w, e, version)
  w.int16(v.errorCode, 'OffsetFetchResponse.groups[].errorCode')
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readOffsetFetchResponseGroup(r: ProtocolReader, version: number): OffsetFetchResponseGroup {
  const f_groupId: string = r.string('OffsetFetchResponse.groups[].groupId', true)
  let f_topics: OffsetFetchResponseTopics[]
  {
    const n = r.arrayLength('OffsetFetchResponse.groups[].topics', true, false, 3)
    const a: OffsetFetchResponseTopics[] = []
    for (let i = 0; i < n; i++) a.push(readOffsetFetchResponseTopics(r, version))
    f_topics = a
  }
  const f_errorCode: number = r.int16('OffsetFetchResponse.groups[].errorCode')
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('OffsetFetchResponse.groups[]')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('OffsetFetchResponse.groups[]')
    const end = r.taggedFieldEnd('OffsetFetchResponse.groups[]')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'OffsetFetchResponse.groups[]'))
    }
  }
  const value: OffsetFetchResponseGroup = { groupId: f_groupId, topics: f_topics, errorCode: f_errorCode }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeOffsetFetchResponse(v: OffsetFetchResponse, version: number): number {
  const flexible = version >= 6
  let size = 0
  if (version >= 3) {
    size += 4
  }
  if (version <= 7) {
    size += sizeOfArrayLength(v.topics, version >= 6, false, 'OffsetFetchResponse.topics')
    for (const e of v.topics) size += sizeOffsetFetchResponseTopic(e, version)
  }
  if (!(version <= 7)) {
    if (v.topics.length !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'OffsetFetchResponse.topics')
  }
  if (version >= 2 && version <= 7) {
    size += 2
  }
  if (version >= 8) {
    size += sizeOfArrayLength(v.groups, true, false, 'OffsetFetchResponse.groups')
    for (const e of v.groups) size += sizeOffsetFetchResponseGroup(e, version)
  }
  if (!(version >= 8)) {
    if (v.groups.length !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'OffsetFetchResponse.groups')
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'OffsetFetchResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'OffsetFetchResponse')
  }
  return size
}

function writeOffsetFetchResponse(w: ProtocolWriter, v: OffsetFetchResponse, version: number): void {
  const flexible = version >= 6
  if (version >= 3) {
    w.int32(v.throttleTimeMs, 'OffsetFetchResponse.throttleTimeMs')
  }
  if (version <= 7) {
    w.arrayLength(v.topics, version >= 6)
    for (const e of v.topics) writeOffsetFetchResponseTopic(w, e, version)
  }
  if (version >= 2 && version <= 7) {
    w.int16(v.errorCode, 'OffsetFetchResponse.errorCode')
  }
  if (version >= 8) {
    w.arrayLength(v.groups, true)
    for (const e of v.groups) writeOffsetFetchResponseGroup(w, e, version)
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readOffsetFetchResponse(r: ProtocolReader, version: number): OffsetFetchResponse {
  const flexible = version >= 6
  let f_throttleTimeMs: number = 0
  if (version >= 3) {
    f_throttleTimeMs = r.int32('OffsetFetchResponse.throttleTimeMs')
  }
  let f_topics: OffsetFetchResponseTopic[] = []
  if (version <= 7) {
    {
      const n = r.arrayLength('OffsetFetchResponse.topics', version >= 6, false, 3)
      const a: OffsetFetchResponseTopic[] = []
      for (let i = 0; i < n; i++) a.push(readOffsetFetchResponseTopic(r, version))
      f_topics = a
    }
  }
  let f_errorCode: number = 0
  if (version >= 2 && version <= 7) {
    f_errorCode = r.int16('OffsetFetchResponse.errorCode')
  }
  let f_groups: OffsetFetchResponseGroup[] = []
  if (version >= 8) {
    {
      const n = r.arrayLength('OffsetFetchResponse.groups', true, false, 5)
      const a: OffsetFetchResponseGroup[] = []
      for (let i = 0; i < n; i++) a.push(readOffsetFetchResponseGroup(r, version))
      f_groups = a
    }
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('OffsetFetchResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('OffsetFetchResponse')
      const end = r.taggedFieldEnd('OffsetFetchResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'OffsetFetchResponse'))
      }
    }
  }
  const value: OffsetFetchResponse = { throttleTimeMs: f_throttleTimeMs, topics: f_topics, errorCode: f_errorCode, groups: f_groups }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const OffsetFetchResponsePartitionSchema: StructSchema = {
  name: 'OffsetFetchResponsePartition',
  versions: [1, 7],
  fields: [
    {
      name: 'partitionIndex',
      type: 'int32',
      versions: [0, 7],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'committedOffset',
      type: 'int64',
      versions: [0, 7],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'committedLeaderEpoch',
      type: 'int32',
      versions: [5, 7],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
    {
      name: 'metadata',
      type: 'string',
      versions: [0, 7],
      nullableVersions: [0, 7],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'errorCode',
      type: 'int16',
      versions: [0, 7],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createOffsetFetchResponsePartition(),
}

const OffsetFetchResponseTopicSchema: StructSchema = {
  name: 'OffsetFetchResponseTopic',
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
      name: 'partitions',
      type: 'array',
      element: OffsetFetchResponsePartitionSchema,
      versions: [0, 7],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createOffsetFetchResponseTopic(),
}

const OffsetFetchResponsePartitionsSchema: StructSchema = {
  name: 'OffsetFetchResponsePartitions',
  versions: [8, 9],
  fields: [
    {
      name: 'partitionIndex',
      type: 'int32',
      versions: [8, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'committedOffset',
      type: 'int64',
      versions: [8, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'committedLeaderEpoch',
      type: 'int32',
      versions: [8, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
    {
      name: 'metadata',
      type: 'string',
      versions: [8, 32767],
      nullableVersions: [8, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'errorCode',
      type: 'int16',
      versions: [8, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createOffsetFetchResponsePartitions(),
}

const OffsetFetchResponseTopicsSchema: StructSchema = {
  name: 'OffsetFetchResponseTopics',
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
      name: 'partitions',
      type: 'array',
      element: OffsetFetchResponsePartitionsSchema,
      versions: [8, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createOffsetFetchResponseTopics(),
}

const OffsetFetchResponseGroupSchema: StructSchema = {
  name: 'OffsetFetchResponseGroup',
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
      name: 'topics',
      type: 'array',
      element: OffsetFetchResponseTopicsSchema,
      versions: [8, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'errorCode',
      type: 'int16',
      versions: [8, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '0',
    },
  ],
  create: () => createOffsetFetchResponseGroup(),
}

const OffsetFetchResponseSchema: StructSchema = {
  name: 'OffsetFetchResponse',
  versions: [1, 9],
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
      name: 'topics',
      type: 'array',
      element: OffsetFetchResponseTopicSchema,
      versions: [0, 7],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'errorCode',
      type: 'int16',
      versions: [2, 7],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '0',
    },
    {
      name: 'groups',
      type: 'array',
      element: OffsetFetchResponseGroupSchema,
      versions: [8, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createOffsetFetchResponse(),
}

/** The OffsetFetchResponse codec: versions 1-9. */
export const OffsetFetchResponseCodec: MessageCodec<OffsetFetchResponse> = defineCodec<OffsetFetchResponse>({
  name: 'OffsetFetchResponse',
  apiKey: 9,
  type: 'response',
  versions: [1, 9],
  flexibleVersions: [6, 32767],
  latestVersionUnstable: false,
  schema: OffsetFetchResponseSchema,
  create: createOffsetFetchResponse,
  size: sizeOffsetFetchResponse,
  write: writeOffsetFetchResponse,
  read: readOffsetFetchResponse,
})
