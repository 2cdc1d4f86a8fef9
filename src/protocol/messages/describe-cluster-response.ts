/**
 * DescribeClusterResponse (API key 60): generated from vendor/kafka-messages/DescribeClusterResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-2; flexible versions 0+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** DescribeClusterResponse, versions 0-2. */
export interface DescribeClusterResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 0+) */
  throttleTimeMs: number
  /** The top-level error code, or 0 if there was no error. (versions 0+) */
  errorCode: number
  /** The top-level error message, or null if there was no error. (versions 0+; nullable 0+; default null) */
  errorMessage: string | null
  /** The endpoint type that was described. 1=brokers, 2=controllers. (versions 1+; default 1) */
  endpointType: number
  /** The cluster ID that responding broker belongs to. (versions 0+) */
  clusterId: string
  /** The ID of the controller broker. (versions 0+; default -1) */
  controllerId: number
  /** Each broker in the response. (versions 0+) */
  brokers: DescribeClusterBroker[]
  /** 32-bit bitfield to represent authorized operations for this cluster. (versions 0+; default -2147483648) */
  clusterAuthorizedOperations: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** DescribeClusterBroker, inside DescribeClusterResponse (versions 0-2). */
export interface DescribeClusterBroker {
  /** The broker ID. (versions 0+) */
  brokerId: number
  /** The broker hostname. (versions 0+) */
  host: string
  /** The broker port. (versions 0+) */
  port: number
  /** The rack of the broker, or null if it has not been assigned to a rack. (versions 0+; nullable 0+; default null) */
  rack: string | null
  /** Whether the broker is fenced. (versions 2+) */
  isFenced: boolean
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link DescribeClusterResponse} with every field at its default, overridden by `fields`. */
export function createDescribeClusterResponse(fields: Partial<DescribeClusterResponse> = {}): DescribeClusterResponse {
  return {
    throttleTimeMs: 0,
    errorCode: 0,
    errorMessage: null,
    endpointType: 1,
    clusterId: '',
    controllerId: -1,
    brokers: [],
    clusterAuthorizedOperations: -2147483648,
    ...fields,
  }
}

/** A new {@link DescribeClusterBroker} with every field at its default, overridden by `fields`. */
export function createDescribeClusterBroker(fields: Partial<DescribeClusterBroker> = {}): DescribeClusterBroker {
  return { brokerId: 0, host: '', port: 0, rack: null, isFenced: false, ...fields }
}

function sizeDescribeClusterBroker(v: DescribeClusterBroker, version: number): number {
  let size = 0
  size += 4
  size += sizeOfString(v.host, true, false, 'DescribeClusterResponse.brokers[].host')
  size += 4
  size += sizeOfString(v.rack, true, true, 'DescribeClusterResponse.brokers[].rack')
  if (version >= 2) {
    size += 1
  }
  if (!(version >= 2)) {
    if (v.isFenced !== false)
      throw unsupportedVersion(
        `a non-default value at version ${version}, which lacks the field`,
        'DescribeClusterResponse.brokers[].isFenced',
      )
  }
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'DescribeClusterResponse.brokers[]')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeDescribeClusterBroker(w: ProtocolWriter, v: DescribeClusterBroker, version: number): void {
  w.int32(v.brokerId, 'DescribeClusterResponse.brokers[].brokerId')
  w.string(v.host, true)
  w.int32(v.port, 'DescribeClusterResponse.brokers[].port')
  w.string(v.rack, true)
  if (version >= 2) {
    w.bool(v.isFenced, 'DescribeClusterResponse.brokers[].isFenced')
  }
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readDescribeClusterBroker(r: ProtocolReader, version: number): DescribeClusterBroker {
  const f_brokerId: number = r.int32('DescribeClusterResponse.brokers[].brokerId')
  const f_host: string = r.string('DescribeClusterResponse.brokers[].host', true)
  const f_port: number = r.int32('DescribeClusterResponse.brokers[].port')
  const f_rack: string | null = r.nullableString('DescribeClusterResponse.brokers[].rack', true)
  let f_isFenced: boolean = false
  if (version >= 2) {
    f_isFenced = r.bool('DescribeClusterResponse.brokers[].isFenced')
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('DescribeClusterResponse.brokers[]')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('DescribeClusterResponse.brokers[]')
    const end = r.taggedFieldEnd('DescribeClusterResponse.brokers[]')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeClusterResponse.brokers[]'))
    }
  }
  const value: DescribeClusterBroker = { brokerId: f_brokerId, host: f_host, port: f_port, rack: f_rack, isFenced: f_isFenced }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDescribeClusterResponse(v: DescribeClusterResponse, version: number): number {
  let size = 0
  size += 4
  size += 2
  size += sizeOfString(v.errorMessage, true, true, 'DescribeClusterResponse.errorMessage')
  if (version >= 1) {
    size += 1
  }
  if (!(version >= 1)) {
    if (v.endpointType !== 1)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'DescribeClusterResponse.endpointType')
  }
  size += sizeOfString(v.clusterId, true, false, 'DescribeClusterResponse.clusterId')
  size += 4
  size += sizeOfArrayLength(v.brokers, true, false, 'DescribeClusterResponse.brokers')
  for (const e of v.brokers) size += sizeDescribeClusterBroker(e, version)
  size += 4
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'DescribeClusterResponse')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeDescribeClusterResponse(w: ProtocolWriter, v: DescribeClusterResponse, version: number): void {
  w.int32(v.throttleTimeMs, 'DescribeClusterResponse.throttleTimeMs')
  w.int16(v.errorCode, 'DescribeClusterResponse.errorCode')
  w.string(v.errorMessage, true)
  if (version >= 1) {
    w.int8(v.endpointType, 'DescribeClusterResponse.endpointType')
  }
  w.string(v.clusterId, true)
  w.int32(v.controllerId, 'DescribeClusterResponse.controllerId')
  w.arrayLength(v.brokers, true)
  for (const e of v.brokers) writeDescribeClusterBroker(w, e, version)
  w.int32(v.clusterAuthorizedOperations, 'DescribeClusterResponse.clusterAuthorizedOperations')
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readDescribeClusterResponse(r: ProtocolReader, version: number): DescribeClusterResponse {
  const f_throttleTimeMs: number = r.int32('DescribeClusterResponse.throttleTimeMs')
  const f_errorCode: number = r.int16('DescribeClusterResponse.errorCode')
  const f_errorMessage: string | null = r.nullableString('DescribeClusterResponse.errorMessage', true)
  let f_endpointType: number = 1
  if (version >= 1) {
    f_endpointType = r.int8('DescribeClusterResponse.endpointType')
  }
  const f_clusterId: string = r.string('DescribeClusterResponse.clusterId', true)
  const f_controllerId: number = r.int32('DescribeClusterResponse.controllerId')
  let f_brokers: DescribeClusterBroker[]
  {
    const n = r.arrayLength('DescribeClusterResponse.brokers', true, false, 11)
    const a: DescribeClusterBroker[] = []
    for (let i = 0; i < n; i++) a.push(readDescribeClusterBroker(r, version))
    f_brokers = a
  }
  const f_clusterAuthorizedOperations: number = r.int32('DescribeClusterResponse.clusterAuthorizedOperations')
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('DescribeClusterResponse')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('DescribeClusterResponse')
    const end = r.taggedFieldEnd('DescribeClusterResponse')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeClusterResponse'))
    }
  }
  const value: DescribeClusterResponse = {
    throttleTimeMs: f_throttleTimeMs,
    errorCode: f_errorCode,
    errorMessage: f_errorMessage,
    endpointType: f_endpointType,
    clusterId: f_clusterId,
    controllerId: f_controllerId,
    brokers: f_brokers,
    clusterAuthorizedOperations: f_clusterAuthorizedOperations,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const DescribeClusterBrokerSchema: StructSchema = {
  name: 'DescribeClusterBroker',
  versions: [0, 2],
  fields: [
    {
      name: 'brokerId',
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
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'null',
    },
    {
      name: 'isFenced',
      type: 'bool',
      versions: [2, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDescribeClusterBroker(),
}

const DescribeClusterResponseSchema: StructSchema = {
  name: 'DescribeClusterResponse',
  versions: [0, 2],
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
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'null',
    },
    {
      name: 'endpointType',
      type: 'int8',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '1',
    },
    {
      name: 'clusterId',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'controllerId',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
    },
    {
      name: 'brokers',
      type: 'array',
      element: DescribeClusterBrokerSchema,
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
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-2147483648',
    },
  ],
  create: () => createDescribeClusterResponse(),
}

/** The DescribeClusterResponse codec: versions 0-2. */
export const DescribeClusterResponseCodec: MessageCodec<DescribeClusterResponse> = defineCodec<DescribeClusterResponse>({
  name: 'DescribeClusterResponse',
  apiKey: 60,
  type: 'response',
  versions: [0, 2],
  flexibleVersions: [0, 32767],
  latestVersionUnstable: false,
  schema: DescribeClusterResponseSchema,
  create: createDescribeClusterResponse,
  size: sizeDescribeClusterResponse,
  write: writeDescribeClusterResponse,
  read: readDescribeClusterResponse,
})
