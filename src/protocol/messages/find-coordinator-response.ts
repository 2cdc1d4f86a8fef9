/**
 * FindCoordinatorResponse (API key 10): generated from vendor/kafka-messages/FindCoordinatorResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-6; flexible versions 3+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** FindCoordinatorResponse, versions 0-6. */
export interface FindCoordinatorResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 1+; ignorable) */
  throttleTimeMs: number
  /** The error code, or 0 if there was no error. (versions 0-3) */
  errorCode: number
  /** The error message, or null if there was no error. (versions 1-3; nullable 1-3; ignorable) */
  errorMessage: string | null
  /** The node id. (versions 0-3) */
  nodeId: number
  /** The host name. (versions 0-3) */
  host: string
  /** The port. (versions 0-3) */
  port: number
  /** Each coordinator result in the response. (versions 4+) */
  coordinators: Coordinator[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** Coordinator, inside FindCoordinatorResponse (versions 4-6). */
export interface Coordinator {
  /** The coordinator key. (versions 4+) */
  key: string
  /** The node id. (versions 4+) */
  nodeId: number
  /** The host name. (versions 4+) */
  host: string
  /** The port. (versions 4+) */
  port: number
  /** The error code, or 0 if there was no error. (versions 4+) */
  errorCode: number
  /** The error message, or null if there was no error. (versions 4+; nullable 4+; ignorable) */
  errorMessage: string | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link FindCoordinatorResponse} with every field at its default, overridden by `fields`. */
export function createFindCoordinatorResponse(fields: Partial<FindCoordinatorResponse> = {}): FindCoordinatorResponse {
  return { throttleTimeMs: 0, errorCode: 0, errorMessage: '', nodeId: 0, host: '', port: 0, coordinators: [], ...fields }
}

/** A new {@link Coordinator} with every field at its default, overridden by `fields`. */
export function createCoordinator(fields: Partial<Coordinator> = {}): Coordinator {
  return { key: '', nodeId: 0, host: '', port: 0, errorCode: 0, errorMessage: '', ...fields }
}

function sizeCoordinator(v: Coordinator, version: number): number {
  let size = 0
  size += sizeOfString(v.key, true, false, 'FindCoordinatorResponse.coordinators[].key')
  size += 4
  size += sizeOfString(v.host, true, false, 'FindCoordinatorResponse.coordinators[].host')
  size += 4
  size += 2
  size += sizeOfString(v.errorMessage, true, true, 'FindCoordinatorResponse.coordinators[].errorMessage')
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'FindCoordinatorResponse.coordinators[]')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeCoordinator(w: ProtocolWriter, v: Coordinator, version: number): void {
  w.string(v.key, true)
  w.int32(v.nodeId, 'FindCoordinatorResponse.coordinators[].nodeId')
  w.string(v.host, true)
  w.int32(v.port, 'FindCoordinatorResponse.coordinators[].port')
  w.int16(v.errorCode, 'FindCoordinatorResponse.coordinators[].errorCode')
  w.string(v.errorMessage, true)
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readCoordinator(r: ProtocolReader, version: number): Coordinator {
  const f_key: string = r.string('FindCoordinatorResponse.coordinators[].key', true)
  const f_nodeId: number = r.int32('FindCoordinatorResponse.coordinators[].nodeId')
  const f_host: string = r.string('FindCoordinatorResponse.coordinators[].host', true)
  const f_port: number = r.int32('FindCoordinatorResponse.coordinators[].port')
  const f_errorCode: number = r.int16('FindCoordinatorResponse.coordinators[].errorCode')
  const f_errorMessage: string | null = r.nullableString('FindCoordinatorResponse.coordinators[].errorMessage', true)
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('FindCoordinatorResponse.coordinators[]')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('FindCoordinatorResponse.coordinators[]')
    const end = r.taggedFieldEnd('FindCoordinatorResponse.coordinators[]')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'FindCoordinatorResponse.coordinators[]'))
    }
  }
  const value: Coordinator = {
    key: f_key,
    nodeId: f_nodeId,
    host: f_host,
    port: f_port,
    errorCode: f_errorCode,
    errorMessage: f_errorMessage,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeFindCoordinatorResponse(v: FindCoordinatorResponse, version: number): number {
  const flexible = version >= 3
  let size = 0
  if (version >= 1) {
    size += 4
  }
  if (version <= 3) {
    size += 2
  }
  if (!(version <= 3)) {
    if (v.errorCode !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'FindCoordinatorResponse.errorCode')
  }
  if (version >= 1 && version <= 3) {
    size += sizeOfString(v.errorMessage, version >= 3, true, 'FindCoordinatorResponse.errorMessage')
  }
  if (version <= 3) {
    size += 4
  }
  if (!(version <= 3)) {
    if (v.nodeId !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'FindCoordinatorResponse.nodeId')
  }
  if (version <= 3) {
    size += sizeOfString(v.host, version >= 3, false, 'FindCoordinatorResponse.host')
  }
  if (!(version <= 3)) {
    if (v.host !== '')
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'FindCoordinatorResponse.host')
  }
  if (version <= 3) {
    size += 4
  }
  if (!(version <= 3)) {
    if (v.port !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'FindCoordinatorResponse.port')
  }
  if (version >= 4) {
    size += sizeOfArrayLength(v.coordinators, true, false, 'FindCoordinatorResponse.coordinators')
    for (const e of v.coordinators) size += sizeCoordinator(e, version)
  }
  if (!(version >= 4)) {
    if (v.coordinators.length !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'FindCoordinatorResponse.coordinators')
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'FindCoordinatorResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'FindCoordinatorResponse')
  }
  return size
}

function writeFindCoordinatorResponse(w: ProtocolWriter, v: FindCoordinatorResponse, version: number): void {
  const flexible = version >= 3
  if (version >= 1) {
    w.int32(v.throttleTimeMs, 'FindCoordinatorResponse.throttleTimeMs')
  }
  if (version <= 3) {
    w.int16(v.errorCode, 'FindCoordinatorResponse.errorCode')
  }
  if (version >= 1 && version <= 3) {
    w.string(v.errorMessage, version >= 3)
  }
  if (version <= 3) {
    w.int32(v.nodeId, 'FindCoordinatorResponse.nodeId')
  }
  if (version <= 3) {
    w.string(v.host, version >= 3)
  }
  if (version <= 3) {
    w.int32(v.port, 'FindCoordinatorResponse.port')
  }
  if (version >= 4) {
    w.arrayLength(v.coordinators, true)
    for (const e of v.coordinators) writeCoordinator(w, e, version)
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readFindCoordinatorResponse(r: ProtocolReader, version: number): FindCoordinatorResponse {
  const flexible = version >= 3
  let f_throttleTimeMs: number = 0
  if (version >= 1) {
    f_throttleTimeMs = r.int32('FindCoordinatorResponse.throttleTimeMs')
  }
  let f_errorCode: number = 0
  if (version <= 3) {
    f_errorCode = r.int16('FindCoordinatorResponse.errorCode')
  }
  let f_errorMessage: string | null = ''
  if (version >= 1 && version <= 3) {
    f_errorMessage = r.nullableString('FindCoordinatorResponse.errorMessage', version >= 3)
  }
  let f_nodeId: number = 0
  if (version <= 3) {
    f_nodeId = r.int32('FindCoordinatorResponse.nodeId')
  }
  let f_host: string = ''
  if (version <= 3) {
    f_host = r.string('FindCoordinatorResponse.host', version >= 3)
  }
  let f_port: number = 0
  if (version <= 3) {
    f_port = r.int32('FindCoordinatorResponse.port')
  }
  let f_coordinators: Coordinator[] = []
  if (version >= 4) {
    {
      const n = r.arrayLength('FindCoordinatorResponse.coordinators', true, false, 14)
      const a: Coordinator[] = []
      for (let i = 0; i < n; i++) a.push(readCoordinator(r, version))
      f_coordinators = a
    }
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('FindCoordinatorResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('FindCoordinatorResponse')
      const end = r.taggedFieldEnd('FindCoordinatorResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'FindCoordinatorResponse'))
      }
    }
  }
  const value: FindCoordinatorResponse = {
    throttleTimeMs: f_throttleTimeMs,
    errorCode: f_errorCode,
    errorMessage: f_errorMessage,
    nodeId: f_nodeId,
    host: f_host,
    port: f_port,
    coordinators: f_coordinators,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const CoordinatorSchema: StructSchema = {
  name: 'Coordinator',
  versions: [4, 6],
  fields: [
    {
      name: 'key',
      type: 'string',
      versions: [4, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'nodeId',
      type: 'int32',
      versions: [4, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'host',
      type: 'string',
      versions: [4, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'port',
      type: 'int32',
      versions: [4, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'errorCode',
      type: 'int16',
      versions: [4, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'errorMessage',
      type: 'string',
      versions: [4, 32767],
      nullableVersions: [4, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
  ],
  create: () => createCoordinator(),
}

const FindCoordinatorResponseSchema: StructSchema = {
  name: 'FindCoordinatorResponse',
  versions: [0, 6],
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
      versions: [0, 3],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'errorMessage',
      type: 'string',
      versions: [1, 3],
      nullableVersions: [1, 3],
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'nodeId',
      type: 'int32',
      versions: [0, 3],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'host',
      type: 'string',
      versions: [0, 3],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'port',
      type: 'int32',
      versions: [0, 3],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'coordinators',
      type: 'array',
      element: CoordinatorSchema,
      versions: [4, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createFindCoordinatorResponse(),
}

/** The FindCoordinatorResponse codec: versions 0-6. */
export const FindCoordinatorResponseCodec: MessageCodec<FindCoordinatorResponse> = defineCodec<FindCoordinatorResponse>({
  name: 'FindCoordinatorResponse',
  apiKey: 10,
  type: 'response',
  versions: [0, 6],
  flexibleVersions: [3, 32767],
  latestVersionUnstable: false,
  schema: FindCoordinatorResponseSchema,
  create: createFindCoordinatorResponse,
  size: sizeFindCoordinatorResponse,
  write: writeFindCoordinatorResponse,
  read: readFindCoordinatorResponse,
})
