/**
 * ConsumerGroupDescribeRequest (API key 69): generated from vendor/kafka-messages/ConsumerGroupDescribeRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-1; flexible versions 0+.
 */
import { defineCodec } from '../codec.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** ConsumerGroupDescribeRequest, versions 0-1. */
export interface ConsumerGroupDescribeRequest {
  /** The ids of the groups to describe. (versions 0+) */
  groupIds: string[]
  /** Whether to include authorized operations. (versions 0+) */
  includeAuthorizedOperations: boolean
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link ConsumerGroupDescribeRequest} with every field at its default, overridden by `fields`. */
export function createConsumerGroupDescribeRequest(fields: Partial<ConsumerGroupDescribeRequest> = {}): ConsumerGroupDescribeRequest {
  return { groupIds: [], includeAuthorizedOperations: false, ...fields }
}

function sizeConsumerGroupDescribeRequest(v: ConsumerGroupDescribeRequest, version: number): number {
  let size = 0
  size += sizeOfArrayLength(v.groupIds, true, false, 'ConsumerGroupDescribeRequest.groupIds')
  for (const e of v.groupIds) size += sizeOfString(e, true, false, 'ConsumerGroupDescribeRequest.groupIds[]')
  size += 1
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'ConsumerGroupDescribeRequest')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeConsumerGroupDescribeRequest(w: ProtocolWriter, v: ConsumerGroupDescribeRequest, version: number): void {
  w.arrayLength(v.groupIds, true)
  for (const e of v.groupIds) w.string(e, true)
  w.bool(v.includeAuthorizedOperations, 'ConsumerGroupDescribeRequest.includeAuthorizedOperations')
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readConsumerGroupDescribeRequest(r: ProtocolReader, version: number): ConsumerGroupDescribeRequest {
  let f_groupIds: string[]
  {
    const n = r.arrayLength('ConsumerGroupDescribeRequest.groupIds', true, false, 1)
    const a: string[] = []
    for (let i = 0; i < n; i++) a.push(r.string('ConsumerGroupDescribeRequest.groupIds[]', true))
    f_groupIds = a
  }
  const f_includeAuthorizedOperations: boolean = r.bool('ConsumerGroupDescribeRequest.includeAuthorizedOperations')
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('ConsumerGroupDescribeRequest')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('ConsumerGroupDescribeRequest')
    const end = r.taggedFieldEnd('ConsumerGroupDescribeRequest')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ConsumerGroupDescribeRequest'))
    }
  }
  const value: ConsumerGroupDescribeRequest = { groupIds: f_groupIds, includeAuthorizedOperations: f_includeAuthorizedOperations }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const ConsumerGroupDescribeRequestSchema: StructSchema = {
  name: 'ConsumerGroupDescribeRequest',
  versions: [0, 1],
  fields: [
    {
      name: 'groupIds',
      type: 'array',
      element: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'includeAuthorizedOperations',
      type: 'bool',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createConsumerGroupDescribeRequest(),
}

/** The ConsumerGroupDescribeRequest codec: versions 0-1. */
export const ConsumerGroupDescribeRequestCodec: MessageCodec<ConsumerGroupDescribeRequest> = defineCodec<ConsumerGroupDescribeRequest>({
  name: 'ConsumerGroupDescribeRequest',
  apiKey: 69,
  type: 'request',
  versions: [0, 1],
  flexibleVersions: [0, 32767],
  latestVersionUnstable: false,
  schema: ConsumerGroupDescribeRequestSchema,
  create: createConsumerGroupDescribeRequest,
  size: sizeConsumerGroupDescribeRequest,
  write: writeConsumerGroupDescribeRequest,
  read: readConsumerGroupDescribeRequest,
})
