/**
 * DescribeLogDirsResponse (API key 35): generated from vendor/kafka-messages/DescribeLogDirsResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 1-4; flexible versions 2+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** DescribeLogDirsResponse, versions 1-4. */
export interface DescribeLogDirsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 0+) */
  throttleTimeMs: number
  /** The error code, or 0 if there was no error. (versions 3+; ignorable) */
  errorCode: number
  /** The log directories. (versions 0+) */
  results: DescribeLogDirsResult[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** DescribeLogDirsPartition, inside DescribeLogDirsResponse (versions 1-4). */
export interface DescribeLogDirsPartition {
  /** The partition index. (versions 0+) */
  partitionIndex: number
  /** The size of the log segments in this partition in bytes. (versions 0+) */
  partitionSize: bigint
  /** The lag of the log's LEO w.r.t. partition's HW (if it is the current log for the partition) or current replica's LEO (if it is the future log for the partition). (versions 0+) */
  offsetLag: bigint
  /** True if this log is created by AlterReplicaLogDirsRequest and will replace the current log of the replica in the future. (versions 0+) */
  isFutureKey: boolean
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** DescribeLogDirsTopic, inside DescribeLogDirsResponse (versions 1-4). */
export interface DescribeLogDirsTopic {
  /** The topic name. (versions 0+) */
  name: string
  /** The partitions. (versions 0+) */
  partitions: DescribeLogDirsPartition[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** DescribeLogDirsResult, inside DescribeLogDirsResponse (versions 1-4). */
export interface DescribeLogDirsResult {
  /** The error code, or 0 if there was no error. (versions 0+) */
  errorCode: number
  /** The absolute log directory path. (versions 0+) */
  logDir: string
  /** The topics. (versions 0+) */
  topics: DescribeLogDirsTopic[]
  /** The total size in bytes of the volume the log directory is in. (versions 4+; default -1; ignorable) */
  totalBytes: bigint
  /** The usable size in bytes of the volume the log directory is in. (versions 4+; default -1; ignorable) */
  usableBytes: bigint
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link DescribeLogDirsResponse} with every field at its default, overridden by `fields`. */
export function createDescribeLogDirsResponse(fields: Partial<DescribeLogDirsResponse> = {}): DescribeLogDirsResponse {
  return { throttleTimeMs: 0, errorCode: 0, results: [], ...fields }
}

/** A new {@link DescribeLogDirsPartition} with every field at its default, overridden by `fields`. */
export function createDescribeLogDirsPartition(fields: Partial<DescribeLogDirsPartition> = {}): DescribeLogDirsPartition {
  return { partitionIndex: 0, partitionSize: 0n, offsetLag: 0n, isFutureKey: false, ...fields }
}

/** A new {@link DescribeLogDirsTopic} with every field at its default, overridden by `fields`. */
export function createDescribeLogDirsTopic(fields: Partial<DescribeLogDirsTopic> = {}): DescribeLogDirsTopic {
  return { name: '', partitions: [], ...fields }
}

/** A new {@link DescribeLogDirsResult} with every field at its default, overridden by `fields`. */
export function createDescribeLogDirsResult(fields: Partial<DescribeLogDirsResult> = {}): DescribeLogDirsResult {
  return { errorCode: 0, logDir: '', topics: [], totalBytes: -1n, usableBytes: -1n, ...fields }
}

function sizeDescribeLogDirsPartition(v: DescribeLogDirsPartition, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += 4
  size += 8
  size += 8
  size += 1
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeLogDirsResponse.results[].topics[].partitions[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(
      `tagged fields at version ${version}, which has none`,
      'DescribeLogDirsResponse.results[].topics[].partitions[]',
    )
  }
  return size
}

function writeDescribeLogDirsPartition(w: ProtocolWriter, v: DescribeLogDirsPartition, version: number): void {
  const flexible = version >= 2
  w.int32(v.partitionIndex, 'DescribeLogDirsResponse.results[].topics[].partitions[].partitionIndex')
  w.int64(v.partitionSize, 'DescribeLogDirsResponse.results[].topics[].partitions[].partitionSize')
  w.int64(v.offsetLag, 'DescribeLogDirsResponse.results[].topics[].partitions[].offsetLag')
  w.bool(v.isFutureKey, 'DescribeLogDirsResponse.results[].topics[].partitions[].isFutureKey')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDescribeLogDirsPartition(r: ProtocolReader, version: number): DescribeLogDirsPartition {
  const flexible = version >= 2
  const f_partitionIndex: number = r.int32('DescribeLogDirsResponse.results[].topics[].partitions[].partitionIndex')
  const f_partitionSize: bigint = r.int64('DescribeLogDirsResponse.results[].topics[].partitions[].partitionSize')
  const f_offsetLag: bigint = r.int64('DescribeLogDirsResponse.results[].topics[].partitions[].offsetLag')
  const f_isFutureKey: boolean = r.bool('DescribeLogDirsResponse.results[].topics[].partitions[].isFutureKey')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeLogDirsResponse.results[].topics[].partitions[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeLogDirsResponse.results[].topics[].partitions[]')
      const end = r.taggedFieldEnd('DescribeLogDirsResponse.results[].topics[].partitions[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeLogDirsResponse.results[].topics[].partitions[]'))
      }
    }
  }
  const value: DescribeLogDirsPartition = {
    partitionIndex: f_partitionIndex,
    partitionSize: f_partitionSize,
    offsetLag: f_offsetLag,
    isFutureKey: f_isFutureKey,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDescribeLogDirsTopic(v: DescribeLogDirsTopic, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += sizeOfString(v.name, version >= 2, false, 'DescribeLogDirsResponse.results[].topics[].name')
  size += sizeOfArrayLength(v.partitions, version >= 2, false, 'DescribeLogDirsResponse.results[].topics[].partitions')
  for (const e of v.partitions) size += sizeDescribeLogDirsPartition(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeLogDirsResponse.results[].topics[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeLogDirsResponse.results[].topics[]')
  }
  return size
}

function writeDescribeLogDirsTopic(w: ProtocolWriter, v: DescribeLogDirsTopic, version: number): void {
  const flexible = version >= 2
  w.string(v.name, version >= 2)
  w.arrayLength(v.partitions, version >= 2)
  for (const e of v.partitions) writeDescribeLogDirsPartition(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDescribeLogDirsTopic(r: ProtocolReader, version: number): DescribeLogDirsTopic {
  const flexible = version >= 2
  const f_name: string = r.string('DescribeLogDirsResponse.results[].topics[].name', version >= 2)
  let f_partitions: DescribeLogDirsPartition[]
  {
    const n = r.arrayLength('DescribeLogDirsResponse.results[].topics[].partitions', version >= 2, false, 21)
    const a: DescribeLogDirsPartition[] = []
    for (let i = 0; i < n; i++) a.push(readDescribeLogDirsPartition(r, version))
    f_partitions = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeLogDirsResponse.results[].topics[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeLogDirsResponse.results[].topics[]')
      const end = r.taggedFieldEnd('DescribeLogDirsResponse.results[].topics[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeLogDirsResponse.results[].topics[]'))
      }
    }
  }
  const value: DescribeLogDirsTopic = { name: f_name, partitions: f_partitions }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDescribeLogDirsResult(v: DescribeLogDirsResult, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += 2
  size += sizeOfString(v.logDir, version >= 2, false, 'DescribeLogDirsResponse.results[].logDir')
  size += sizeOfArrayLength(v.topics, version >= 2, false, 'DescribeLogDirsResponse.results[].topics')
  for (const e of v.topics) size += sizeDescribeLogDirsTopic(e, version)
  if (version >= 4) {
    size += 8
  }
  if (version >= 4) {
    size += 8
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeLogDirsResponse.results[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeLogDirsResponse.results[]')
  }
  return size
}

function writeDescribeLogDirsResult(w: ProtocolWriter, v: DescribeLogDirsResult, version: number): void {
  const flexible = version >= 2
  w.int16(v.errorCode, 'DescribeLogDirsResponse.results[].errorCode')
  w.string(v.logDir, version >= 2)
  w.arrayLength(v.topics, version >= 2)
  for (const e of v.topics) writeDescribeLogDirsTopic(w, e, version)
  if (version >= 4) {
    w.int64(v.totalBytes, 'DescribeLogDirsResponse.results[].totalBytes')
  }
  if (version >= 4) {
    w.int64(v.usableBytes, 'DescribeLogDirsResponse.results[].usableBytes')
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDescribeLogDirsResult(r: ProtocolReader, version: number): DescribeLogDirsResult {
  const flexible = version >= 2
  const f_errorCode: number = r.int16('DescribeLogDirsResponse.results[].errorCode')
  const f_logDir: string = r.string('DescribeLogDirsResponse.results[].logDir', version >= 2)
  let f_topics: DescribeLogDirsTopic[]
  {
    const n = r.arrayLength('DescribeLogDirsResponse.results[].topics', version >= 2, false, 3)
    const a: DescribeLogDirsTopic[] = []
    for (let i = 0; i < n; i++) a.push(readDescribeLogDirsTopic(r, version))
    f_topics = a
  }
  let f_totalBytes: bigint = -1n
  if (version >= 4) {
    f_totalBytes = r.int64('DescribeLogDirsResponse.results[].totalBytes')
  }
  let f_usableBytes: bigint = -1n
  if (version >= 4) {
    f_usableBytes = r.int64('DescribeLogDirsResponse.results[].usableBytes')
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeLogDirsResponse.results[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeLogDirsResponse.results[]')
      const end = r.taggedFieldEnd('DescribeLogDirsResponse.results[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeLogDirsResponse.results[]'))
      }
    }
  }
  const value: DescribeLogDirsResult = {
    errorCode: f_errorCode,
    logDir: f_logDir,
    topics: f_topics,
    totalBytes: f_totalBytes,
    usableBytes: f_usableBytes,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDescribeLogDirsResponse(v: DescribeLogDirsResponse, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += 4
  if (version >= 3) {
    size += 2
  }
  size += sizeOfArrayLength(v.results, version >= 2, false, 'DescribeLogDirsResponse.results')
  for (const e of v.results) size += sizeDescribeLogDirsResult(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeLogDirsResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeLogDirsResponse')
  }
  return size
}

function writeDescribeLogDirsResponse(w: ProtocolWriter, v: DescribeLogDirsResponse, version: number): void {
  const flexible = version >= 2
  w.int32(v.throttleTimeMs, 'DescribeLogDirsResponse.throttleTimeMs')
  if (version >= 3) {
    w.int16(v.errorCode, 'DescribeLogDirsResponse.errorCode')
  }
  w.arrayLength(v.results, version >= 2)
  for (const e of v.results) writeDescribeLogDirsResult(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDescribeLogDirsResponse(r: ProtocolReader, version: number): DescribeLogDirsResponse {
  const flexible = version >= 2
  const f_throttleTimeMs: number = r.int32('DescribeLogDirsResponse.throttleTimeMs')
  let f_errorCode: number = 0
  if (version >= 3) {
    f_errorCode = r.int16('DescribeLogDirsResponse.errorCode')
  }
  let f_results: DescribeLogDirsResult[]
  {
    const n = r.arrayLength('DescribeLogDirsResponse.results', version >= 2, false, 5)
    const a: DescribeLogDirsResult[] = []
    for (let i = 0; i < n; i++) a.push(readDescribeLogDirsResult(r, version))
    f_results = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeLogDirsResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeLogDirsResponse')
      const end = r.taggedFieldEnd('DescribeLogDirsResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeLogDirsResponse'))
      }
    }
  }
  const value: DescribeLogDirsResponse = { throttleTimeMs: f_throttleTimeMs, errorCode: f_errorCode, results: f_results }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const DescribeLogDirsPartitionSchema: StructSchema = {
  name: 'DescribeLogDirsPartition',
  versions: [1, 4],
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
      name: 'partitionSize',
      type: 'int64',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'offsetLag',
      type: 'int64',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'isFutureKey',
      type: 'bool',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDescribeLogDirsPartition(),
}

const DescribeLogDirsTopicSchema: StructSchema = {
  name: 'DescribeLogDirsTopic',
  versions: [1, 4],
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
      name: 'partitions',
      type: 'array',
      element: DescribeLogDirsPartitionSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDescribeLogDirsTopic(),
}

const DescribeLogDirsResultSchema: StructSchema = {
  name: 'DescribeLogDirsResult',
  versions: [1, 4],
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
      name: 'logDir',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'topics',
      type: 'array',
      element: DescribeLogDirsTopicSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'totalBytes',
      type: 'int64',
      versions: [4, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
    {
      name: 'usableBytes',
      type: 'int64',
      versions: [4, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
  ],
  create: () => createDescribeLogDirsResult(),
}

const DescribeLogDirsResponseSchema: StructSchema = {
  name: 'DescribeLogDirsResponse',
  versions: [1, 4],
  fields: [
    {
      name: 'throttleTimeMs',
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
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'results',
      type: 'array',
      element: DescribeLogDirsResultSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDescribeLogDirsResponse(),
}

/** The DescribeLogDirsResponse codec: versions 1-4. */
export const DescribeLogDirsResponseCodec: MessageCodec<DescribeLogDirsResponse> = defineCodec<DescribeLogDirsResponse>({
  name: 'DescribeLogDirsResponse',
  apiKey: 35,
  type: 'response',
  versions: [1, 4],
  flexibleVersions: [2, 32767],
  latestVersionUnstable: false,
  schema: DescribeLogDirsResponseSchema,
  create: createDescribeLogDirsResponse,
  size: sizeDescribeLogDirsResponse,
  write: writeDescribeLogDirsResponse,
  read: readDescribeLogDirsResponse,
})
