/**
 * DescribeGroupsRequest (API key 15): generated from vendor/kafka-messages/DescribeGroupsRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-6; flexible versions 5+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** DescribeGroupsRequest, versions 0-6. */
export interface DescribeGroupsRequest {
  /** The names of the groups to describe. (versions 0+) */
  groups: string[]
  /** Whether to include authorized operations. (versions 3+) */
  includeAuthorizedOperations: boolean
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link DescribeGroupsRequest} with every field at its default, overridden by `fields`. */
export function createDescribeGroupsRequest(fields: Partial<DescribeGroupsRequest> = {}): DescribeGroupsRequest {
  return { groups: [], includeAuthorizedOperations: false, ...fields }
}

function sizeDescribeGroupsRequest(v: DescribeGroupsRequest, version: number): number {
  const flexible = version >= 5
  let size = 0
  size += sizeOfArrayLength(v.groups, version >= 5, false, 'DescribeGroupsRequest.groups')
  for (const e of v.groups) size += sizeOfString(e, version >= 5, false, 'DescribeGroupsRequest.groups[]')
  if (version >= 3) {
    size += 1
  }
  if (!(version >= 3)) {
    if (v.includeAuthorizedOperations !== false)
      throw unsupportedVersion(
        `a non-default value at version ${version}, which lacks the field`,
        'DescribeGroupsRequest.includeAuthorizedOperations',
      )
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeGroupsRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeGroupsRequest')
  }
  return size
}

function writeDescribeGroupsRequest(w: ProtocolWriter, v: DescribeGroupsRequest, version: number): void {
  const flexible = version >= 5
  w.arrayLength(v.groups, version >= 5)
  for (const e of v.groups) w.string(e, version >= 5)
  if (version >= 3) {
    w.bool(v.includeAuthorizedOperations, 'DescribeGroupsRequest.includeAuthorizedOperations')
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDescribeGroupsRequest(r: ProtocolReader, version: number): DescribeGroupsRequest {
  const flexible = version >= 5
  let f_groups: string[]
  {
    const n = r.arrayLength('DescribeGroupsRequest.groups', version >= 5, false, 1)
    const a: string[] = []
    for (let i = 0; i < n; i++) a.push(r.string('DescribeGroupsRequest.groups[]', version >= 5))
    f_groups = a
  }
  let f_includeAuthorizedOperations: boolean = false
  if (version >= 3) {
    f_includeAuthorizedOperations = r.bool('DescribeGroupsRequest.includeAuthorizedOperations')
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeGroupsRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeGroupsRequest')
      const end = r.taggedFieldEnd('DescribeGroupsRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeGroupsRequest'))
      }
    }
  }
  const value: DescribeGroupsRequest = { groups: f_groups, includeAuthorizedOperations: f_includeAuthorizedOperations }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const DescribeGroupsRequestSchema: StructSchema = {
  name: 'DescribeGroupsRequest',
  versions: [0, 6],
  fields: [
    {
      name: 'groups',
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
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDescribeGroupsRequest(),
}

/** The DescribeGroupsRequest codec: versions 0-6. */
export const DescribeGroupsRequestCodec: MessageCodec<DescribeGroupsRequest> = defineCodec<DescribeGroupsRequest>({
  name: 'DescribeGroupsRequest',
  apiKey: 15,
  type: 'request',
  versions: [0, 6],
  flexibleVersions: [5, 32767],
  latestVersionUnstable: false,
  schema: DescribeGroupsRequestSchema,
  create: createDescribeGroupsRequest,
  size: sizeDescribeGroupsRequest,
  write: writeDescribeGroupsRequest,
  read: readDescribeGroupsRequest,
})
