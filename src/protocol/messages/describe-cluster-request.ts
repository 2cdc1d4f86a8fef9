/**
 * DescribeClusterRequest (API key 60): generated from vendor/kafka-messages/DescribeClusterRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-2; flexible versions 0+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfRawTaggedFields, sizeOfUvarint } from '../writer.js'

/** DescribeClusterRequest, versions 0-2. */
export interface DescribeClusterRequest {
  /** Whether to include cluster authorized operations. (versions 0+) */
  includeClusterAuthorizedOperations: boolean
  /** The endpoint type to describe. 1=brokers, 2=controllers. (versions 1+; default 1) */
  endpointType: number
  /** Whether to include fenced brokers when listing brokers. (versions 2+) */
  includeFencedBrokers: boolean
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link DescribeClusterRequest} with every field at its default, overridden by `fields`. */
export function createDescribeClusterRequest(fields: Partial<DescribeClusterRequest> = {}): DescribeClusterRequest {
  return { includeClusterAuthorizedOperations: false, endpointType: 1, includeFencedBrokers: false, ...fields }
}

function sizeDescribeClusterRequest(v: DescribeClusterRequest, version: number): number {
  let size = 0
  size += 1
  if (version >= 1) {
    size += 1
  }
  if (!(version >= 1)) {
    if (v.endpointType !== 1)
      throw unsupportedVersion(`a non-default value at version ${version}, which lacks the field`, 'DescribeClusterRequest.endpointType')
  }
  if (version >= 2) {
    size += 1
  }
  if (!(version >= 2)) {
    if (v.includeFencedBrokers !== false)
      throw unsupportedVersion(
        `a non-default value at version ${version}, which lacks the field`,
        'DescribeClusterRequest.includeFencedBrokers',
      )
  }
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'DescribeClusterRequest')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeDescribeClusterRequest(w: ProtocolWriter, v: DescribeClusterRequest, version: number): void {
  w.bool(v.includeClusterAuthorizedOperations, 'DescribeClusterRequest.includeClusterAuthorizedOperations')
  if (version >= 1) {
    w.int8(v.endpointType, 'DescribeClusterRequest.endpointType')
  }
  if (version >= 2) {
    w.bool(v.includeFencedBrokers, 'DescribeClusterRequest.includeFencedBrokers')
  }
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readDescribeClusterRequest(r: ProtocolReader, version: number): DescribeClusterRequest {
  const f_includeClusterAuthorizedOperations: boolean = r.bool('DescribeClusterRequest.includeClusterAuthorizedOperations')
  let f_endpointType: number = 1
  if (version >= 1) {
    f_endpointType = r.int8('DescribeClusterRequest.endpointType')
  }
  let f_includeFencedBrokers: boolean = false
  if (version >= 2) {
    f_includeFencedBrokers = r.bool('DescribeClusterRequest.includeFencedBrokers')
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('DescribeClusterRequest')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('DescribeClusterRequest')
    const end = r.taggedFieldEnd('DescribeClusterRequest')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeClusterRequest'))
    }
  }
  const value: DescribeClusterRequest = {
    includeClusterAuthorizedOperations: f_includeClusterAuthorizedOperations,
    endpointType: f_endpointType,
    includeFencedBrokers: f_includeFencedBrokers,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const DescribeClusterRequestSchema: StructSchema = {
  name: 'DescribeClusterRequest',
  versions: [0, 2],
  fields: [
    {
      name: 'includeClusterAuthorizedOperations',
      type: 'bool',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
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
      name: 'includeFencedBrokers',
      type: 'bool',
      versions: [2, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDescribeClusterRequest(),
}

/** The DescribeClusterRequest codec: versions 0-2. */
export const DescribeClusterRequestCodec: MessageCodec<DescribeClusterRequest> = defineCodec<DescribeClusterRequest>({
  name: 'DescribeClusterRequest',
  apiKey: 60,
  type: 'request',
  versions: [0, 2],
  flexibleVersions: [0, 32767],
  latestVersionUnstable: false,
  schema: DescribeClusterRequestSchema,
  create: createDescribeClusterRequest,
  size: sizeDescribeClusterRequest,
  write: writeDescribeClusterRequest,
  read: readDescribeClusterRequest,
})
