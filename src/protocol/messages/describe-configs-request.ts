/**
 * DescribeConfigsRequest (API key 32): generated from vendor/kafka-messages/DescribeConfigsRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 1-4; flexible versions 4+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** DescribeConfigsRequest, versions 1-4. */
export interface DescribeConfigsRequest {
  /** The resources whose configurations we want to describe. (versions 0+) */
  resources: DescribeConfigsResource[]
  /** True if we should include all synonyms. (versions 1+; default false) */
  includeSynonyms: boolean
  /** True if we should include configuration documentation. (versions 3+; default false) */
  includeDocumentation: boolean
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** DescribeConfigsResource, inside DescribeConfigsRequest (versions 1-4). */
export interface DescribeConfigsResource {
  /** The resource type. (versions 0+) */
  resourceType: number
  /** The resource name. (versions 0+) */
  resourceName: string
  /** The configuration keys to list, or null to list all configuration keys. (versions 0+; nullable 0+) */
  configurationKeys: string[] | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link DescribeConfigsRequest} with every field at its default, overridden by `fields`. */
export function createDescribeConfigsRequest(fields: Partial<DescribeConfigsRequest> = {}): DescribeConfigsRequest {
  return { resources: [], includeSynonyms: false, includeDocumentation: false, ...fields }
}

/** A new {@link DescribeConfigsResource} with every field at its default, overridden by `fields`. */
export function createDescribeConfigsResource(fields: Partial<DescribeConfigsResource> = {}): DescribeConfigsResource {
  return { resourceType: 0, resourceName: '', configurationKeys: [], ...fields }
}

function sizeDescribeConfigsResource(v: DescribeConfigsResource, version: number): number {
  const flexible = version >= 4
  let size = 0
  size += 1
  size += sizeOfString(v.resourceName, version >= 4, false, 'DescribeConfigsRequest.resources[].resourceName')
  size += sizeOfArrayLength(v.configurationKeys, version >= 4, true, 'DescribeConfigsRequest.resources[].configurationKeys')
  if (v.configurationKeys !== null) {
    for (const e of v.configurationKeys)
      size += sizeOfString(e, version >= 4, false, 'DescribeConfigsRequest.resources[].configurationKeys[]')
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeConfigsRequest.resources[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeConfigsRequest.resources[]')
  }
  return size
}

function writeDescribeConfigsResource(w: ProtocolWriter, v: DescribeConfigsResource, version: number): void {
  const flexible = version >= 4
  w.int8(v.resourceType, 'DescribeConfigsRequest.resources[].resourceType')
  w.string(v.resourceName, version >= 4)
  w.arrayLength(v.configurationKeys, version >= 4)
  if (v.configurationKeys !== null) for (const e of v.configurationKeys) w.string(e, version >= 4)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDescribeConfigsResource(r: ProtocolReader, version: number): DescribeConfigsResource {
  const flexible = version >= 4
  const f_resourceType: number = r.int8('DescribeConfigsRequest.resources[].resourceType')
  const f_resourceName: string = r.string('DescribeConfigsRequest.resources[].resourceName', version >= 4)
  let f_configurationKeys: string[] | null
  {
    const n = r.arrayLength('DescribeConfigsRequest.resources[].configurationKeys', version >= 4, true, 1)
    if (n < 0) {
      f_configurationKeys = null
    } else {
      const a: string[] = []
      for (let i = 0; i < n; i++) a.push(r.string('DescribeConfigsRequest.resources[].configurationKeys[]', version >= 4))
      f_configurationKeys = a
    }
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeConfigsRequest.resources[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeConfigsRequest.resources[]')
      const end = r.taggedFieldEnd('DescribeConfigsRequest.resources[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeConfigsRequest.resources[]'))
      }
    }
  }
  const value: DescribeConfigsResource = {
    resourceType: f_resourceType,
    resourceName: f_resourceName,
    configurationKeys: f_configurationKeys,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDescribeConfigsRequest(v: DescribeConfigsRequest, version: number): number {
  const flexible = version >= 4
  let size = 0
  size += sizeOfArrayLength(v.resources, version >= 4, false, 'DescribeConfigsRequest.resources')
  for (const e of v.resources) size += sizeDescribeConfigsResource(e, version)
  size += 1
  if (version >= 3) {
    size += 1
  }
  if (!(version >= 3)) {
    if (v.includeDocumentation !== false)
      throw unsupportedVersion(
        `a non-default value at version ${version}, which lacks the field`,
        'DescribeConfigsRequest.includeDocumentation',
      )
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeConfigsRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeConfigsRequest')
  }
  return size
}

function writeDescribeConfigsRequest(w: ProtocolWriter, v: DescribeConfigsRequest, version: number): void {
  const flexible = version >= 4
  w.arrayLength(v.resources, version >= 4)
  for (const e of v.resources) writeDescribeConfigsResource(w, e, version)
  w.bool(v.includeSynonyms, 'DescribeConfigsRequest.includeSynonyms')
  if (version >= 3) {
    w.bool(v.includeDocumentation, 'DescribeConfigsRequest.includeDocumentation')
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDescribeConfigsRequest(r: ProtocolReader, version: number): DescribeConfigsRequest {
  const flexible = version >= 4
  let f_resources: DescribeConfigsResource[]
  {
    const n = r.arrayLength('DescribeConfigsRequest.resources', version >= 4, false, 4)
    const a: DescribeConfigsResource[] = []
    for (let i = 0; i < n; i++) a.push(readDescribeConfigsResource(r, version))
    f_resources = a
  }
  const f_includeSynonyms: boolean = r.bool('DescribeConfigsRequest.includeSynonyms')
  let f_includeDocumentation: boolean = false
  if (version >= 3) {
    f_includeDocumentation = r.bool('DescribeConfigsRequest.includeDocumentation')
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeConfigsRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeConfigsRequest')
      const end = r.taggedFieldEnd('DescribeConfigsRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeConfigsRequest'))
      }
    }
  }
  const value: DescribeConfigsRequest = {
    resources: f_resources,
    includeSynonyms: f_includeSynonyms,
    includeDocumentation: f_includeDocumentation,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const DescribeConfigsResourceSchema: StructSchema = {
  name: 'DescribeConfigsResource',
  versions: [1, 4],
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
      name: 'configurationKeys',
      type: 'array',
      element: 'string',
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDescribeConfigsResource(),
}

const DescribeConfigsRequestSchema: StructSchema = {
  name: 'DescribeConfigsRequest',
  versions: [1, 4],
  fields: [
    {
      name: 'resources',
      type: 'array',
      element: DescribeConfigsResourceSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'includeSynonyms',
      type: 'bool',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'false',
    },
    {
      name: 'includeDocumentation',
      type: 'bool',
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'false',
    },
  ],
  create: () => createDescribeConfigsRequest(),
}

/** The DescribeConfigsRequest codec: versions 1-4. */
export const DescribeConfigsRequestCodec: MessageCodec<DescribeConfigsRequest> = defineCodec<DescribeConfigsRequest>({
  name: 'DescribeConfigsRequest',
  apiKey: 32,
  type: 'request',
  versions: [1, 4],
  flexibleVersions: [4, 32767],
  latestVersionUnstable: false,
  schema: DescribeConfigsRequestSchema,
  create: createDescribeConfigsRequest,
  size: sizeDescribeConfigsRequest,
  write: writeDescribeConfigsRequest,
  read: readDescribeConfigsRequest,
})
