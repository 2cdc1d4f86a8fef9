/**
 * HeartbeatResponse (API key 12): generated from vendor/kafka-messages/HeartbeatResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-4; flexible versions 4+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfRawTaggedFields, sizeOfUvarint } from '../writer.js'

/** HeartbeatResponse, versions 0-4. */
export interface HeartbeatResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 1+; ignorable) */
  throttleTimeMs: number
  /** The error code, or 0 if there was no error. (versions 0+) */
  errorCode: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link HeartbeatResponse} with every field at its default, overridden by `fields`. */
export function createHeartbeatResponse(fields: Partial<HeartbeatResponse> = {}): HeartbeatResponse {
  return { throttleTimeMs: 0, errorCode: 0, ...fields }
}

function sizeHeartbeatResponse(v: HeartbeatResponse, version: number): number {
  const flexible = version >= 4
  let size = 0
  if (version >= 1) {
    size += 4
  }
  size += 2
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'HeartbeatResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'HeartbeatResponse')
  }
  return size
}

function writeHeartbeatResponse(w: ProtocolWriter, v: HeartbeatResponse, version: number): void {
  const flexible = version >= 4
  if (version >= 1) {
    w.int32(v.throttleTimeMs, 'HeartbeatResponse.throttleTimeMs')
  }
  w.int16(v.errorCode, 'HeartbeatResponse.errorCode')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readHeartbeatResponse(r: ProtocolReader, version: number): HeartbeatResponse {
  const flexible = version >= 4
  let f_throttleTimeMs: number = 0
  if (version >= 1) {
    f_throttleTimeMs = r.int32('HeartbeatResponse.throttleTimeMs')
  }
  const f_errorCode: number = r.int16('HeartbeatResponse.errorCode')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('HeartbeatResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('HeartbeatResponse')
      const end = r.taggedFieldEnd('HeartbeatResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'HeartbeatResponse'))
      }
    }
  }
  const value: HeartbeatResponse = { throttleTimeMs: f_throttleTimeMs, errorCode: f_errorCode }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const HeartbeatResponseSchema: StructSchema = {
  name: 'HeartbeatResponse',
  versions: [0, 4],
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
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createHeartbeatResponse(),
}

/** The HeartbeatResponse codec: versions 0-4. */
export const HeartbeatResponseCodec: MessageCodec<HeartbeatResponse> = defineCodec<HeartbeatResponse>({
  name: 'HeartbeatResponse',
  apiKey: 12,
  type: 'response',
  versions: [0, 4],
  flexibleVersions: [4, 32767],
  latestVersionUnstable: false,
  schema: HeartbeatResponseSchema,
  create: createHeartbeatResponse,
  size: sizeHeartbeatResponse,
  write: writeHeartbeatResponse,
  read: readHeartbeatResponse,
})
