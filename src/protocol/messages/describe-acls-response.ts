/**
 * DescribeAclsResponse (API key 29): generated from vendor/kafka-messages/DescribeAclsResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 1-3; flexible versions 2+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** DescribeAclsResponse, versions 1-3. */
export interface DescribeAclsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 0+) */
  throttleTimeMs: number
  /** The error code, or 0 if there was no error. (versions 0+) */
  errorCode: number
  /** The error message, or null if there was no error. (versions 0+; nullable 0+) */
  errorMessage: string | null
  /** Each Resource that is referenced in an ACL. (versions 0+) */
  resources: DescribeAclsResource[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** AclDescription, inside DescribeAclsResponse (versions 1-3). */
export interface AclDescription {
  /** The ACL principal. (versions 0+) */
  principal: string
  /** The ACL host. (versions 0+) */
  host: string
  /** The ACL operation. (versions 0+) */
  operation: number
  /** The ACL permission type. (versions 0+) */
  permissionType: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** DescribeAclsResource, inside DescribeAclsResponse (versions 1-3). */
export interface DescribeAclsResource {
  /** The resource type. (versions 0+) */
  resourceType: number
  /** The resource name. (versions 0+) */
  resourceName: string
  /** The resource pattern type. (versions 1+; default 3) */
  patternType: number
  /** The ACLs. (versions 0+) */
  acls: AclDescription[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link DescribeAclsResponse} with every field at its default, overridden by `fields`. */
export function createDescribeAclsResponse(fields: Partial<DescribeAclsResponse> = {}): DescribeAclsResponse {
  return { throttleTimeMs: 0, errorCode: 0, errorMessage: '', resources: [], ...fields }
}

/** A new {@link AclDescription} with every field at its default, overridden by `fields`. */
export function createAclDescription(fields: Partial<AclDescription> = {}): AclDescription {
  return { principal: '', host: '', operation: 0, permissionType: 0, ...fields }
}

/** A new {@link DescribeAclsResource} with every field at its default, overridden by `fields`. */
export function createDescribeAclsResource(fields: Partial<DescribeAclsResource> = {}): DescribeAclsResource {
  return { resourceType: 0, resourceName: '', patternType: 3, acls: [], ...fields }
}

function sizeAclDescription(v: AclDescription, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += sizeOfString(v.principal, version >= 2, false, 'DescribeAclsResponse.resources[].acls[].principal')
  size += sizeOfString(v.host, version >= 2, false, 'DescribeAclsResponse.resources[].acls[].host')
  size += 1
  size += 1
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeAclsResponse.resources[].acls[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeAclsResponse.resources[].acls[]')
  }
  return size
}

function writeAclDescription(w: ProtocolWriter, v: AclDescription, version: number): void {
  const flexible = version >= 2
  w.string(v.principal, version >= 2)
  w.string(v.host, version >= 2)
  w.int8(v.operation, 'DescribeAclsResponse.resources[].acls[].operation')
  w.int8(v.permissionType, 'DescribeAclsResponse.resources[].acls[].permissionType')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readAclDescription(r: ProtocolReader, version: number): AclDescription {
  const flexible = version >= 2
  const f_principal: string = r.string('DescribeAclsResponse.resources[].acls[].principal', version >= 2)
  const f_host: string = r.string('DescribeAclsResponse.resources[].acls[].host', version >= 2)
  const f_operation: number = r.int8('DescribeAclsResponse.resources[].acls[].operation')
  const f_permissionType: number = r.int8('DescribeAclsResponse.resources[].acls[].permissionType')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeAclsResponse.resources[].acls[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeAclsResponse.resources[].acls[]')
      const end = r.taggedFieldEnd('DescribeAclsResponse.resources[].acls[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeAclsResponse.resources[].acls[]'))
      }
    }
  }
  const value: AclDescription = { principal: f_principal, host: f_host, operation: f_operation, permissionType: f_permissionType }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDescribeAclsResource(v: DescribeAclsResource, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += 1
  size += sizeOfString(v.resourceName, version >= 2, false, 'DescribeAclsResponse.resources[].resourceName')
  size += 1
  size += sizeOfArrayLength(v.acls, version >= 2, false, 'DescribeAclsResponse.resources[].acls')
  for (const e of v.acls) size += sizeAclDescription(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeAclsResponse.resources[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeAclsResponse.resources[]')
  }
  return size
}

function writeDescribeAclsResource(w: ProtocolWriter, v: DescribeAclsResource, version: number): void {
  const flexible = version >= 2
  w.int8(v.resourceType, 'DescribeAclsResponse.resources[].resourceType')
  w.string(v.resourceName, version >= 2)
  w.int8(v.patternType, 'DescribeAclsResponse.resources[].patternType')
  w.arrayLength(v.acls, version >= 2)
  for (const e of v.acls) writeAclDescription(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDescribeAclsResource(r: ProtocolReader, version: number): DescribeAclsResource {
  const flexible = version >= 2
  const f_resourceType: number = r.int8('DescribeAclsResponse.resources[].resourceType')
  const f_resourceName: string = r.string('DescribeAclsResponse.resources[].resourceName', version >= 2)
  const f_patternType: number = r.int8('DescribeAclsResponse.resources[].patternType')
  let f_acls: AclDescription[]
  {
    const n = r.arrayLength('DescribeAclsResponse.resources[].acls', version >= 2, false, 5)
    const a: AclDescription[] = []
    for (let i = 0; i < n; i++) a.push(readAclDescription(r, version))
    f_acls = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeAclsResponse.resources[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeAclsResponse.resources[]')
      const end = r.taggedFieldEnd('DescribeAclsResponse.resources[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeAclsResponse.resources[]'))
      }
    }
  }
  const value: DescribeAclsResource = {
    resourceType: f_resourceType,
    resourceName: f_resourceName,
    patternType: f_patternType,
    acls: f_acls,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDescribeAclsResponse(v: DescribeAclsResponse, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += 4
  size += 2
  size += sizeOfString(v.errorMessage, version >= 2, true, 'DescribeAclsResponse.errorMessage')
  size += sizeOfArrayLength(v.resources, version >= 2, false, 'DescribeAclsResponse.resources')
  for (const e of v.resources) size += sizeDescribeAclsResource(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeAclsResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeAclsResponse')
  }
  return size
}

function writeDescribeAclsResponse(w: ProtocolWriter, v: DescribeAclsResponse, version: number): void {
  const flexible = version >= 2
  w.int32(v.throttleTimeMs, 'DescribeAclsResponse.throttleTimeMs')
  w.int16(v.errorCode, 'DescribeAclsResponse.errorCode')
  w.string(v.errorMessage, version >= 2)
  w.arrayLength(v.resources, version >= 2)
  for (const e of v.resources) writeDescribeAclsResource(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDescribeAclsResponse(r: ProtocolReader, version: number): DescribeAclsResponse {
  const flexible = version >= 2
  const f_throttleTimeMs: number = r.int32('DescribeAclsResponse.throttleTimeMs')
  const f_errorCode: number = r.int16('DescribeAclsResponse.errorCode')
  const f_errorMessage: string | null = r.nullableString('DescribeAclsResponse.errorMessage', version >= 2)
  let f_resources: DescribeAclsResource[]
  {
    const n = r.arrayLength('DescribeAclsResponse.resources', version >= 2, false, 5)
    const a: DescribeAclsResource[] = []
    for (let i = 0; i < n; i++) a.push(readDescribeAclsResource(r, version))
    f_resources = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeAclsResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeAclsResponse')
      const end = r.taggedFieldEnd('DescribeAclsResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeAclsResponse'))
      }
    }
  }
  const value: DescribeAclsResponse = {
    throttleTimeMs: f_throttleTimeMs,
    errorCode: f_errorCode,
    errorMessage: f_errorMessage,
    resources: f_resources,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const AclDescriptionSchema: StructSchema = {
  name: 'AclDescription',
  versions: [1, 3],
  fields: [
    {
      name: 'principal',
      type: 'string',
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
  create: () => createAclDescription(),
}

const DescribeAclsResourceSchema: StructSchema = {
  name: 'DescribeAclsResource',
  versions: [1, 3],
  fields: [
    {
      name: 'resourceType',
      type: 'int8',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'resourceName',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'patternType',
      type: 'int8',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '3',
    },
    {
      name: 'acls',
      type: 'array',
      element: AclDescriptionSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDescribeAclsResource(),
}

const DescribeAclsResponseSchema: StructSchema = {
  name: 'DescribeAclsResponse',
  versions: [1, 3],
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
      default: '',
    },
    {
      name: 'resources',
      type: 'array',
      element: DescribeAclsResourceSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDescribeAclsResponse(),
}

/** The DescribeAclsResponse codec: versions 1-3. */
export const DescribeAclsResponseCodec: MessageCodec<DescribeAclsResponse> = defineCodec<DescribeAclsResponse>({
  name: 'DescribeAclsResponse',
  apiKey: 29,
  type: 'response',
  versions: [1, 3],
  flexibleVersions: [2, 32767],
  latestVersionUnstable: false,
  schema: DescribeAclsResponseSchema,
  create: createDescribeAclsResponse,
  size: sizeDescribeAclsResponse,
  write: writeDescribeAclsResponse,
  read: readDescribeAclsResponse,
})
