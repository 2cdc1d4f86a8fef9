/**
 * FindCoordinatorRequest (API key 10): generated from vendor/kafka-messages/FindCoordinatorRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-6; flexible versions 3+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** FindCoordinatorRequest, versions 0-6. */
export interface FindCoordinatorRequest {
  /** The coordinator key. (versions 0-3) */
  key: string
  /** The coordinator key type. (group, transaction, share). (versions 1+; default 0) */
  keyType: number
  /** The coordinator keys. (versions 4+) */
  coordinatorKeys: string[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link FindCoordinatorRequest} with every field at its default, overridden by `fields`. */
export function createFindCoordinatorRequest(fields: Partial<FindCoordinatorRequest> = {}): FindCoordinatorRequest {
  return { key: '', keyType: 0, coordinatorKeys: [], ...fields }
}

function sizeFindCoordinatorRequest(v: FindCoordinatorRequest, version: number): number {
  const flexible = version >= 3
  let size = 0
  if (version <= 3) {
    size += sizeOfString(v.key, version >= 3, false, 'FindCoordinatorRequest.key')
  }
  if (!(version <= 3)) {
    if (v.key !== '')
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'FindCoordinatorRequest.key')
  }
  if (version >= 1) {
    size += 1
  }
  if (!(version >= 1)) {
    if (v.keyType !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'FindCoordinatorRequest.keyType')
  }
  if (version >= 4) {
    size += sizeOfArrayLength(v.coordinatorKeys, true, false, 'FindCoordinatorRequest.coordinatorKeys')
    for (const e of v.coordinatorKeys) size += sizeOfString(e, true, false, 'FindCoordinatorRequest.coordinatorKeys[]')
  }
  if (!(version >= 4)) {
    if (v.coordinatorKeys.length !== 0)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'FindCoordinatorRequest.coordinatorKeys')
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'FindCoordinatorRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'FindCoordinatorRequest')
  }
  return size
}

function writeFindCoordinatorRequest(w: ProtocolWriter, v: FindCoordinatorRequest, version: number): void {
  const flexible = version >= 3
  if (version <= 3) {
    w.string(v.key, version >= 3)
  }
  if (version >= 1) {
    w.int8(v.keyType, 'FindCoordinatorRequest.keyType')
  }
  if (version >= 4) {
    w.arrayLength(v.coordinatorKeys, true)
    for (const e of v.coordinatorKeys) w.string(e, true)
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readFindCoordinatorRequest(r: ProtocolReader, version: number): FindCoordinatorRequest {
  const flexible = version >= 3
  let f_key: string = ''
  if (version <= 3) {
    f_key = r.string('FindCoordinatorRequest.key', version >= 3)
  }
  let f_keyType: number = 0
  if (version >= 1) {
    f_keyType = r.int8('FindCoordinatorRequest.keyType')
  }
  let f_coordinatorKeys: string[] = []
  if (version >= 4) {
    {
      const n = r.arrayLength('FindCoordinatorRequest.coordinatorKeys', true, false, 1)
      const a: string[] = []
      for (let i = 0; i < n; i++) a.push(r.string('FindCoordinatorRequest.coordinatorKeys[]', true))
      f_coordinatorKeys = a
    }
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('FindCoordinatorRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('FindCoordinatorRequest')
      const end = r.taggedFieldEnd('FindCoordinatorRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'FindCoordinatorRequest'))
      }
    }
  }
  const value: FindCoordinatorRequest = { key: f_key, keyType: f_keyType, coordinatorKeys: f_coordinatorKeys }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const FindCoordinatorRequestSchema: StructSchema = {
  name: 'FindCoordinatorRequest',
  versions: [0, 6],
  fields: [
    {
      name: 'key',
      type: 'string',
      versions: [0, 3],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'keyType',
      type: 'int8',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '0',
    },
    {
      name: 'coordinatorKeys',
      type: 'array',
      element: 'string',
      versions: [4, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createFindCoordinatorRequest(),
}

/** The FindCoordinatorRequest codec: versions 0-6. */
export const FindCoordinatorRequestCodec: MessageCodec<FindCoordinatorRequest> = defineCodec<FindCoordinatorRequest>({
  name: 'FindCoordinatorRequest',
  apiKey: 10,
  type: 'request',
  versions: [0, 6],
  flexibleVersions: [3, 32767],
  latestVersionUnstable: false,
  schema: FindCoordinatorRequestSchema,
  create: createFindCoordinatorRequest,
  size: sizeFindCoordinatorRequest,
  write: writeFindCoordinatorRequest,
  read: readFindCoordinatorRequest,
})
