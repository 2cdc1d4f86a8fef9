/**
 * InitProducerIdRequest (API key 22): generated from vendor/kafka-messages/InitProducerIdRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-5; flexible versions 2+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** InitProducerIdRequest, versions 0-5. */
export interface InitProducerIdRequest {
  /** The transactional id, or null if the producer is not transactional. (versions 0+; nullable 0+) */
  transactionalId: string | null
  /** The time in ms to wait before aborting idle transactions sent by this producer. This is only relevant if a TransactionalId has been defined. (versions 0+) */
  transactionTimeoutMs: number
  /** The producer id. This is used to disambiguate requests if a transactional id is reused following its expiration. (versions 3+; default -1) */
  producerId: bigint
  /** The producer's current epoch. This will be checked against the producer epoch on the broker, and the request will return an error if they do not match. (versions 3+; default -1) */
  producerEpoch: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link InitProducerIdRequest} with every field at its default, overridden by `fields`. */
export function createInitProducerIdRequest(fields: Partial<InitProducerIdRequest> = {}): InitProducerIdRequest {
  return { transactionalId: '', transactionTimeoutMs: 0, producerId: -1n, producerEpoch: -1, ...fields }
}

function sizeInitProducerIdRequest(v: InitProducerIdRequest, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += sizeOfString(v.transactionalId, version >= 2, true, 'InitProducerIdRequest.transactionalId')
  size += 4
  if (version >= 3) {
    size += 8
  }
  if (!(version >= 3)) {
    if (v.producerId !== -1n)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'InitProducerIdRequest.producerId')
  }
  if (version >= 3) {
    size += 2
  }
  if (!(version >= 3)) {
    if (v.producerEpoch !== -1)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'InitProducerIdRequest.producerEpoch')
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'InitProducerIdRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'InitProducerIdRequest')
  }
  return size
}

function writeInitProducerIdRequest(w: ProtocolWriter, v: InitProducerIdRequest, version: number): void {
  const flexible = version >= 2
  w.string(v.transactionalId, version >= 2)
  w.int32(v.transactionTimeoutMs, 'InitProducerIdRequest.transactionTimeoutMs')
  if (version >= 3) {
    w.int64(v.producerId, 'InitProducerIdRequest.producerId')
  }
  if (version >= 3) {
    w.int16(v.producerEpoch, 'InitProducerIdRequest.producerEpoch')
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readInitProducerIdRequest(r: ProtocolReader, version: number): InitProducerIdRequest {
  const flexible = version >= 2
  const f_transactionalId: string | null = r.nullableString('InitProducerIdRequest.transactionalId', version >= 2)
  const f_transactionTimeoutMs: number = r.int32('InitProducerIdRequest.transactionTimeoutMs')
  let f_producerId: bigint = -1n
  if (version >= 3) {
    f_producerId = r.int64('InitProducerIdRequest.producerId')
  }
  let f_producerEpoch: number = -1
  if (version >= 3) {
    f_producerEpoch = r.int16('InitProducerIdRequest.producerEpoch')
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('InitProducerIdRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('InitProducerIdRequest')
      const end = r.taggedFieldEnd('InitProducerIdRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'InitProducerIdRequest'))
      }
    }
  }
  const value: InitProducerIdRequest = {
    transactionalId: f_transactionalId,
    transactionTimeoutMs: f_transactionTimeoutMs,
    producerId: f_producerId,
    producerEpoch: f_producerEpoch,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const InitProducerIdRequestSchema: StructSchema = {
  name: 'InitProducerIdRequest',
  versions: [0, 5],
  fields: [
    {
      name: 'transactionalId',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'transactionTimeoutMs',
      type: 'int32',
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
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
    },
    {
      name: 'producerEpoch',
      type: 'int16',
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-1',
    },
  ],
  create: () => createInitProducerIdRequest(),
}

/** The InitProducerIdRequest codec: versions 0-5. */
export const InitProducerIdRequestCodec: MessageCodec<InitProducerIdRequest> = defineCodec<InitProducerIdRequest>({
  name: 'InitProducerIdRequest',
  apiKey: 22,
  type: 'request',
  versions: [0, 5],
  flexibleVersions: [2, 32767],
  latestVersionUnstable: false,
  schema: InitProducerIdRequestSchema,
  create: createInitProducerIdRequest,
  size: sizeInitProducerIdRequest,
  write: writeInitProducerIdRequest,
  read: readInitProducerIdRequest,
})
