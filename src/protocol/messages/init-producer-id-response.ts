/**
 * InitProducerIdResponse (API key 22): generated from vendor/kafka-messages/InitProducerIdResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-5; flexible versions 2+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfRawTaggedFields, sizeOfUvarint } from '../writer.js'

/** InitProducerIdResponse, versions 0-5. */
export interface InitProducerIdResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 0+; ignorable) */
  throttleTimeMs: number
  /** The error code, or 0 if there was no error. (versions 0+) */
  errorCode: number
  /** The current producer id. (versions 0+; default -1) */
  producerId: bigint
  /** The current epoch associated with the producer id. (versions 0+) */
  producerEpoch: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link InitProducerIdResponse} with every field at its default, overridden by `fields`. */
export function createInitProducerIdResponse(fields: Partial<InitProducerIdResponse> = {}): InitProducerIdResponse {
  return { throttleTimeMs: 0, errorCode: 0, producerId: -1n, producerEpoch: 0, ...fields }
}

function sizeInitProducerIdResponse(v: InitProducerIdResponse, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += 4
  size += 2
  size += 8
  size += 2
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'InitProducerIdResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'InitProducerIdResponse')
  }
  return size
}

function writeInitProducerIdResponse(w: ProtocolWriter, v: InitProducerIdResponse, version: number): void {
  const flexible = version >= 2
  w.int32(v.throttleTimeMs, 'InitProducerIdResponse.throttleTimeMs')
  w.int16(v.errorCode, 'InitProducerIdResponse.errorCode')
  w.int64(v.producerId, 'InitProducerIdResponse.producerId')
  w.int16(v.producerEpoch, 'InitProducerIdResponse.producerEpoch')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readInitProducerIdResponse(r: ProtocolReader, version: number): InitProducerIdResponse {
  const flexible = version >= 2
  const f_throttleTimeMs: number = r.int32('InitProducerIdResponse.throttleTimeMs')
  const f_errorCode: number = r.int16('InitProducerIdResponse.errorCode')
  const f_producerId: bigint = r.int64('InitProducerIdResponse.producerId')
  const f_producerEpoch: number = r.int16('InitProducerIdResponse.producerEpoch')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('InitProducerIdResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('InitProducerIdResponse')
      const end = r.taggedFieldEnd('InitProducerIdResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'InitProducerIdResponse'))
      }
    }
  }
  const value: InitProducerIdResponse = {
    throttleTimeMs: f_throttleTimeMs,
    errorCode: f_errorCode,
    producerId: f_producerId,
    producerEpoch: f_producerEpoch,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const InitProducerIdResponseSchema: StructSchema = {
  name: 'InitProducerIdResponse',
  versions: [0, 5],
  fields: [
    {
      name: 'throttleTimeMs',
      type: 'int32',
      versions: [0, 32767],
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
    {
      name: 'producerId',
      type: 'int64',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
    },
    {
      name: 'producerEpoch',
      type: 'int16',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createInitProducerIdResponse(),
}

/** The InitProducerIdResponse codec: versions 0-5. */
export const InitProducerIdResponseCodec: MessageCodec<InitProducerIdResponse> = defineCodec<InitProducerIdResponse>({
  name: 'InitProducerIdResponse',
  apiKey: 22,
  type: 'response',
  versions: [0, 5],
  flexibleVersions: [2, 32767],
  latestVersionUnstable: false,
  schema: InitProducerIdResponseSchema,
  create: createInitProducerIdResponse,
  size: sizeInitProducerIdResponse,
  write: writeInitProducerIdResponse,
  read: readInitProducerIdResponse,
})
