/**
 * IncrementalAlterConfigsRequest (API key 44): generated from vendor/kafka-messages/IncrementalAlterConfigsRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-1; flexible versions 1+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** IncrementalAlterConfigsRequest, versions 0-1. */
export interface IncrementalAlterConfigsRequest {
  /** The incremental updates for each resource. (versions 0+) */
  resources: AlterConfigsResource[]
  /** True if we should validate the request, but not change the configurations. (versions 0+) */
  validateOnly: boolean
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** AlterableConfig, inside IncrementalAlterConfigsRequest (versions 0-1). */
export interface AlterableConfig {
  /** The configuration key name. (versions 0+) */
  name: string
  /** The type (Set, Delete, Append, Subtract) of operation. (versions 0+) */
  configOperation: number
  /** The value to set for the configuration key. (versions 0+; nullable 0+) */
  value: string | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** AlterConfigsResource, inside IncrementalAlterConfigsRequest (versions 0-1). */
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

/** A new {@link IncrementalAlterConfigsRequest} with every field at its default, overridden by `fields`. */
export function createIncrementalAlterConfigsRequest(fields: Partial<IncrementalAlterConfigsRequest> = {}): IncrementalAlterConfigsRequest {
  return { resources: [], validateOnly: false, ...fields }
}

/** A new {@link AlterableConfig} with every field at its default, overridden by `fields`. */
export function createAlterableConfig(fields: Partial<AlterableConfig> = {}): AlterableConfig {
  return { name: '', configOperation: 0, value: '', ...fields }
}

/** A new {@link AlterConfigsResource} with every field at its default, overridden by `fields`. */
export function createAlterConfigsResource(fields: Partial<AlterConfigsResource> = {}): AlterConfigsResource {
  return { resourceType: 0, resourceName: '', configs: [], ...fields }
}

function sizeAlterableConfig(v: AlterableConfig, version: number): number {
  const flexible = version >= 1
  let size = 0
  size += sizeOfString(v.name, version >= 1, false, 'IncrementalAlterConfigsRequest.resources[].configs[].name')
  size += 1
  size += sizeOfString(v.value, version >= 1, true, 'IncrementalAlterConfigsRequest.resources[].configs[].value')
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'IncrementalAlterConfigsRequest.resources[].configs[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'IncrementalAlterConfigsRequest.resources[].configs[]')
  }
  return size
}

function writeAlterableConfig(w: ProtocolWriter, v: AlterableConfig, version: number): void {
  const flexible = version >= 1
  w.string(v.name, version >= 1)
  w.int8(v.configOperation, 'IncrementalAlterConfigsRequest.resources[].configs[].configOperation')
  w.string(v.value, version >= 1)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readAlterableConfig(r: ProtocolReader, version: number): AlterableConfig {
  const flexible = version >= 1
  const f_name: string = r.string('IncrementalAlterConfigsRequest.resources[].configs[].name', version >= 1)
  const f_configOperation: number = r.int8('IncrementalAlterConfigsRequest.resources[].configs[].configOperation')
  const f_value: string | null = r.nullableString('IncrementalAlterConfigsRequest.resources[].configs[].value', version >= 1)
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('IncrementalAlterConfigsRequest.resources[].configs[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('IncrementalAlterConfigsRequest.resources[].configs[]')
      const end = r.taggedFieldEnd('IncrementalAlterConfigsRequest.resources[].configs[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'IncrementalAlterConfigsRequest.resources[].configs[]'))
      }
    }
  }
  const value: AlterableConfig = { name: f_name, configOperation: f_configOperation, value: f_value }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeAlterConfigsResource(v: AlterConfigsResource, version: number): number {
  const flexible = version >= 1
  let size = 0
  size += 1
  size += sizeOfString(v.resourceName, version >= 1, false, 'IncrementalAlterConfigsRequest.resources[].resourceName')
  size += sizeOfArrayLength(v.configs, version >= 1, false, 'IncrementalAlterConfigsRequest.resources[].configs')
  for (const e of v.configs) size += sizeAlterableConfig(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'IncrementalAlterConfigsRequest.resources[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'IncrementalAlterConfigsRequest.resources[]')
  }
  return size
}

function writeAlterConfigsResource(w: ProtocolWriter, v: AlterConfigsResource, version: number): void {
  const flexible = version >= 1
  w.int8(v.resourceType, 'IncrementalAlterConfigsRequest.resources[].resourceType')
  w.string(v.resourceName, version >= 1)
  w.arrayLength(v.configs, version >= 1)
  for (const e of v.configs) writeAlterableConfig(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readAlterConfigsResource(r: ProtocolReader, version: number): AlterConfigsResource {
  const flexible = version >= 1
  const f_resourceType: number = r.int8('IncrementalAlterConfigsRequest.resources[].resourceType')
  const f_resourceName: string = r.string('IncrementalAlterConfigsRequest.resources[].resourceName', version >= 1)
  let f_configs: AlterableConfig[]
  {
    const n = r.arrayLength('IncrementalAlterConfigsRequest.resources[].configs', version >= 1, false, 4)
    const a: AlterableConfig[] = []
    for (let i = 0; i < n; i++) a.push(readAlterableConfig(r, version))
    f_configs = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('IncrementalAlterConfigsRequest.resources[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('IncrementalAlterConfigsRequest.resources[]')
      const end = r.taggedFieldEnd('IncrementalAlterConfigsRequest.resources[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'IncrementalAlterConfigsRequest.resources[]'))
      }
    }
  }
  const value: AlterConfigsResource = { resourceType: f_resourceType, resourceName: f_resourceName, configs: f_configs }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeIncrementalAlterConfigsRequest(v: IncrementalAlterConfigsRequest, version: number): number {
  const flexible = version >= 1
  let size = 0
  size += sizeOfArrayLength(v.resources, version >= 1, false, 'IncrementalAlterConfigsRequest.resources')
  for (const e of v.resources) size += sizeAlterConfigsResource(e, version)
  size += 1
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'IncrementalAlterConfigsRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'IncrementalAlterConfigsRequest')
  }
  return size
}

function writeIncrementalAlterConfigsRequest(w: ProtocolWriter, v: IncrementalAlterConfigsRequest, version: number): void {
  const flexible = version >= 1
  w.arrayLength(v.resources, version >= 1)
  for (const e of v.resources) writeAlterConfigsResource(w, e, version)
  w.bool(v.validateOnly, 'IncrementalAlterConfigsRequest.validateOnly')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readIncrementalAlterConfigsRequest(r: ProtocolReader, version: number): IncrementalAlterConfigsRequest {
  const flexible = version >= 1
  let f_resources: AlterConfigsResource[]
  {
    const n = r.arrayLength('IncrementalAlterConfigsRequest.resources', version >= 1, false, 4)
    const a: AlterConfigsResource[] = []
    for (let i = 0; i < n; i++) a.push(readAlterConfigsResource(r, version))
    f_resources = a
  }
  const f_validateOnly: boolean = r.bool('IncrementalAlterConfigsRequest.validateOnly')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('IncrementalAlterConfigsRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('IncrementalAlterConfigsRequest')
      const end = r.taggedFieldEnd('IncrementalAlterConfigsRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'IncrementalAlterConfigsRequest'))
      }
    }
  }
  const value: IncrementalAlterConfigsRequest = { resources: f_resources, validateOnly: f_validateOnly }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const AlterableConfigSchema: StructSchema = {
  name: 'AlterableConfig',
  versions: [0, 1],
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
      name: 'configOperation',
      type: 'int8',
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
  versions: [0, 1],
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

const IncrementalAlterConfigsRequestSchema: StructSchema = {
  name: 'IncrementalAlterConfigsRequest',
  versions: [0, 1],
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
  create: () => createIncrementalAlterConfigsRequest(),
}

/** The IncrementalAlterConfigsRequest codec: versions 0-1. */
export const IncrementalAlterConfigsRequestCodec: MessageCodec<IncrementalAlterConfigsRequest> =
  defineCodec<IncrementalAlterConfigsRequest>({
    name: 'IncrementalAlterConfigsRequest',
    apiKey: 44,
    type: 'request',
    versions: [0, 1],
    flexibleVersions: [1, 32767],
    latestVersionUnstable: false,
    schema: IncrementalAlterConfigsRequestSchema,
    create: createIncrementalAlterConfigsRequest,
    size: sizeIncrementalAlterConfigsRequest,
    write: writeIncrementalAlterConfigsRequest,
    read: readIncrementalAlterConfigsRequest,
  })
