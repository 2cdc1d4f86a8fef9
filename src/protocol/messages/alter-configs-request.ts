/**
 * AlterConfigsRequest (API key 33): generated from vendor/kafka-messages/AlterConfigsRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-2; flexible versions 2+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** AlterConfigsRequest, versions 0-2. */
export interface AlterConfigsRequest {
  /** The updates for each resource. (versions 0+) */
  resources: AlterConfigsResource[]
  /** True if we should validate the request, but not change the configurations. (versions 0+) */
  validateOnly: boolean
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** AlterableConfig, inside AlterConfigsRequest (versions 0-2). */
export interface AlterableConfig {
  /** The configuration key name. (versions 0+) */
  name: string
  /** The value to set for the configuration key. (versions 0+; nullable 0+) */
  value: string | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** AlterConfigsResource, inside AlterConfigsRequest (versions 0-2). */
export interface AlterConfigsResource {
  /** The resource type. (versions 0+) */
  resourceType: number
  /** The resource name. (versions 0+) */
  resourceName: string
  /** The configurations. (versions 0+) */
  configs: AlterableConfig[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link AlterConfigsRequest} with every field at its default, overridden by `fields`. */
export function createAlterConfigsRequest(fields: Partial<AlterConfigsRequest> = {}): AlterConfigsRequest {
  return { resources: [], validateOnly: false, ...fields }
}

/** A new {@link AlterableConfig} with every field at its default, overridden by `fields`. */
export function createAlterableConfig(fields: Partial<AlterableConfig> = {}): AlterableConfig {
  return { name: '', value: '', ...fields }
}

/** A new {@link AlterConfigsResource} with every field at its default, overridden by `fields`. */
export function createAlterConfigsResource(fields: Partial<AlterConfigsResource> = {}): AlterConfigsResource {
  return { resourceType: 0, resourceName: '', configs: [], ...fields }
}

function sizeAlterableConfig(v: AlterableConfig, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += sizeOfString(v.name, version >= 2, false, 'AlterConfigsRequest.resources[].configs[].name')
  size += sizeOfString(v.value, version >= 2, true, 'AlterConfigsRequest.resources[].configs[].value')
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'AlterConfigsRequest.resources[].configs[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'AlterConfigsRequest.resources[].configs[]')
  }
  return size
}

function writeAlterableConfig(w: ProtocolWriter, v: AlterableConfig, version: number): void {
  const flexible = version >= 2
  w.string(v.name, version >= 2)
  w.string(v.value, version >= 2)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readAlterableConfig(r: ProtocolReader, version: number): AlterableConfig {
  const flexible = version >= 2
  const f_name: string = r.string('AlterConfigsRequest.resources[].configs[].name', version >= 2)
  const f_value: string | null = r.nullableString('AlterConfigsRequest.resources[].configs[].value', version >= 2)
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('AlterConfigsRequest.resources[].configs[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('AlterConfigsRequest.resources[].configs[]')
      const end = r.taggedFieldEnd('AlterConfigsRequest.resources[].configs[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'AlterConfigsRequest.resources[].configs[]'))
      }
    }
  }
  const value: AlterableConfig = { name: f_name, value: f_value }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeAlterConfigsResource(v: AlterConfigsResource, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += 1
  size += sizeOfString(v.resourceName, version >= 2, false, 'AlterConfigsRequest.resources[].resourceName')
  size += sizeOfArrayLength(v.configs, version >= 2, false, 'AlterConfigsRequest.resources[].configs')
  for (const e of v.configs) size += sizeAlterableConfig(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'AlterConfigsRequest.resources[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'AlterConfigsRequest.resources[]')
  }
  return size
}

function writeAlterConfigsResource(w: ProtocolWriter, v: AlterConfigsResource, version: number): void {
  const flexible = version >= 2
  w.int8(v.resourceType, 'AlterConfigsRequest.resources[].resourceType')
  w.string(v.resourceName, version >= 2)
  w.arrayLength(v.configs, version >= 2)
  for (const e of v.configs) writeAlterableConfig(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readAlterConfigsResource(r: ProtocolReader, version: number): AlterConfigsResource {
  const flexible = version >= 2
  const f_resourceType: number = r.int8('AlterConfigsRequest.resources[].resourceType')
  const f_resourceName: string = r.string('AlterConfigsRequest.resources[].resourceName', version >= 2)
  let f_configs: AlterableConfig[]
  {
    const n = r.arrayLength('AlterConfigsRequest.resources[].configs', version >= 2, false, 3)
    const a: AlterableConfig[] = []
    for (let i = 0; i < n; i++) a.push(readAlterableConfig(r, version))
    f_configs = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('AlterConfigsRequest.resources[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('AlterConfigsRequest.resources[]')
      const end = r.taggedFieldEnd('AlterConfigsRequest.resources[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'AlterConfigsRequest.resources[]'))
      }
    }
  }
  const value: AlterConfigsResource = { resourceType: f_resourceType, resourceName: f_resourceName, configs: f_configs }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeAlterConfigsRequest(v: AlterConfigsRequest, version: number): number {
  const flexible = version >= 2
  let size = 0
  size += sizeOfArrayLength(v.resources, version >= 2, false, 'AlterConfigsRequest.resources')
  for (const e of v.resources) size += sizeAlterConfigsResource(e, version)
  size += 1
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'AlterConfigsRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'AlterConfigsRequest')
  }
  return size
}

function writeAlterConfigsRequest(w: ProtocolWriter, v: AlterConfigsRequest, version: number): void {
  const flexible = version >= 2
  w.arrayLength(v.resources, version >= 2)
  for (const e of v.resources) writeAlterConfigsResource(w, e, version)
  w.bool(v.validateOnly, 'AlterConfigsRequest.validateOnly')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readAlterConfigsRequest(r: ProtocolReader, version: number): AlterConfigsRequest {
  const flexible = version >= 2
  let f_resources: AlterConfigsResource[]
  {
    const n = r.arrayLength('AlterConfigsRequest.resources', version >= 2, false, 4)
    const a: AlterConfigsResource[] = []
    for (let i = 0; i < n; i++) a.push(readAlterConfigsResource(r, version))
    f_resources = a
  }
  const f_validateOnly: boolean = r.bool('AlterConfigsRequest.validateOnly')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('AlterConfigsRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('AlterConfigsRequest')
      const end = r.taggedFieldEnd('AlterConfigsRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'AlterConfigsRequest'))
      }
    }
  }
  const value: AlterConfigsRequest = { resources: f_resources, validateOnly: f_validateOnly }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const AlterableConfigSchema: StructSchema = {
  name: 'AlterableConfig',
  versions: [0, 2],
  fields: [
    {
      name: 'name',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'value',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createAlterableConfig(),
}

const AlterConfigsResourceSchema: StructSchema = {
  name: 'AlterConfigsResource',
  versions: [0, 2],
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
      name: 'configs',
      type: 'array',
      element: AlterableConfigSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createAlterConfigsResource(),
}

const AlterConfigsRequestSchema: StructSchema = {
  name: 'AlterConfigsRequest',
  versions: [0, 2],
  fields: [
    {
      name: 'resources',
      type: 'array',
      element: AlterConfigsResourceSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'validateOnly',
      type: 'bool',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createAlterConfigsRequest(),
}

/** The AlterConfigsRequest codec: versions 0-2. */
export const AlterConfigsRequestCodec: MessageCodec<AlterConfigsRequest> = defineCodec<AlterConfigsRequest>({
  name: 'AlterConfigsRequest',
  apiKey: 33,
  type: 'request',
  versions: [0, 2],
  flexibleVersions: [2, 32767],
  latestVersionUnstable: false,
  schema: AlterConfigsRequestSchema,
  create: createAlterConfigsRequest,
  size: sizeAlterConfigsRequest,
  write: writeAlterConfigsRequest,
  read: readAlterConfigsRequest,
})
