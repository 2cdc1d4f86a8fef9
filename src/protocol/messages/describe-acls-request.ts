/**
 * DescribeAclsRequest (API key 29): generated from vendor/kafka-messages/DescribeAclsRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 1-3; flexible versions 2+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** DescribeAclsRequest, versions 1-3. */
export interface DescribeAclsRequest {
  /** The resource type. (versions 0+) */
  resourceTypeFilter: number
  /** The resource name, or null to match any resource name. (versions 0+; nullable 0+) */
  resourceNameFilter: string | null
  /** The resource pattern to match. (versions 1+; default 3) */
  patternTypeFilter: number
  /** The principal to match, or null to match any principal. (versions 0+; nullable 0+) */
  principalFilter: string | null
  /** The host to match, or null to match any host. (versions 0+; nullable 0+) */
  hostFilter: string | null
  /** The operation to match. (versions 0+) */
  operation: number
  /** The permission type to match. (versions 0+) */
  permissionType: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link DescribeAclsRequest} with every field at its default, overridden by `fields`. */
export function createDescribeAclsRequest(fields: Partial<DescribeAclsRequest> = {}): DescribeAclsRequest {
  return {
    resourceTypeFilter: 0,
    resourceNameFilter: '',
    patternTypeFilter: 3,
    principalFilter: '',
    hostFilter: '',
    operation: 0,
    permissionType: 0,
    ...fields,
  }
}

function sizeDescribeAclsRequest(v: DescribeAclsRequest, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += 1
  size += sizeOfString(v.resourceNameFilter, version >= 2, true, 'DescribeAclsRequest.resourceNameFilter')
  size += 1
  size += sizeOfString(v.principalFilter, version >= 2, true, 'DescribeAclsRequest.principalFilter')
  size += sizeOfString(v.hostFilter, version >= 2, true, 'DescribeAclsRequest.hostFilter')
  size += 1
  size += 1
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeAclsRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeAclsRequest')
  }
  return size
}

function writeDescribeAclsRequest(w: ProtocolWriter, v: DescribeAclsRequest, version: number): void {
  const flexible = version >= 2
  w.int8(v.resourceTypeFilter, 'DescribeAclsRequest.resourceTypeFilter')
  w.string(v.resourceNameFilter, version >= 2)
  w.int8(v.patternTypeFilter, 'DescribeAclsRequest.patternTypeFilter')
  w.string(v.principalFilter, version >= 2)
  w.string(v.hostFilter, version >= 2)
  w.int8(v.operation, 'DescribeAclsRequest.operation')
  w.int8(v.permissionType, 'DescribeAclsRequest.permissionType')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDescribeAclsRequest(r: ProtocolReader, version: number): DescribeAclsRequest {
  const flexible = version >= 2
  const f_resourceTypeFilter: number = r.int8('DescribeAclsRequest.resourceTypeFilter')
  const f_resourceNameFilter: string | null = r.nullableString('DescribeAclsRequest.resourceNameFilter', version >= 2)
  const f_patternTypeFilter: number = r.int8('DescribeAclsRequest.patternTypeFilter')
  const f_principalFilter: string | null = r.nullableString('DescribeAclsRequest.principalFilter', version >= 2)
  const f_hostFilter: string | null = r.nullableString('DescribeAclsRequest.hostFilter', version >= 2)
  const f_operation: number = r.int8('DescribeAclsRequest.operation')
  const f_permissionType: number = r.int8('DescribeAclsRequest.permissionType')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeAclsRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeAclsRequest')
      const end = r.taggedFieldEnd('DescribeAclsRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeAclsRequest'))
      }
    }
  }
  const value: DescribeAclsRequest = {
    resourceTypeFilter: f_resourceTypeFilter,
    resourceNameFilter: f_resourceNameFilter,
    patternTypeFilter: f_patternTypeFilter,
    principalFilter: f_principalFilter,
    hostFilter: f_hostFilter,
    operation: f_operation,
    permissionType: f_permissionType,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const DescribeAclsRequestSchema: StructSchema = {
  name: 'DescribeAclsRequest',
  versions: [1, 3],
  fields: [
    {
      name: 'resourceTypeFilter',
      type: 'int8',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'resourceNameFilter',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'patternTypeFilter',
      type: 'int8',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '3',
    },
    {
      name: 'principalFilter',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'hostFilter',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'operation',
      type: 'int8',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'permissionType',
      type: 'int8',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDescribeAclsRequest(),
}

/** The DescribeAclsRequest codec: versions 1-3. */
export const DescribeAclsRequestCodec: MessageCodec<DescribeAclsRequest> = defineCodec<DescribeAclsRequest>({
  name: 'DescribeAclsRequest',
  apiKey: 29,
  type: 'request',
  versions: [1, 3],
  flexibleVersions: [2, 32767],
  latestVersionUnstable: false,
  schema: DescribeAclsRequestSchema,
  create: createDescribeAclsRequest,
  size: sizeDescribeAclsRequest,
  write: writeDescribeAclsRequest,
  read: readDescribeAclsRequest,
})
