/**
 * DescribeConfigsResponse (API key 32): generated from vendor/kafka-messages/DescribeConfigsResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 1-4; flexible versions 4+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** DescribeConfigsResponse, versions 1-4. */
export interface DescribeConfigsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 0+) */
  throttleTimeMs: number
  /** The results for each resource. (versions 0+) */
  results: DescribeConfigsResult[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** DescribeConfigsSynonym, inside DescribeConfigsResponse (versions 1-4). */
export interface DescribeConfigsSynonym {
  /** The synonym name. (versions 1+) */
  name: string
  /** The synonym value. (versions 1+; nullable 0+) */
  value: string | null
  /** The synonym source. (versions 1+) */
  source: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** DescribeConfigsResourceResult, inside DescribeConfigsResponse (versions 1-4). */
export interface DescribeConfigsResourceResult {
  /** The configuration name. (versions 0+) */
  name: string
  /** The configuration value. (versions 0+; nullable 0+) */
  value: string | null
  /** True if the configuration is read-only. (versions 0+) */
  readOnly: boolean
  /** The configuration source. (versions 1+; default -1; ignorable) */
  configSource: number
  /** True if this configuration is sensitive. (versions 0+) */
  isSensitive: boolean
  /** The synonyms for this configuration key. (versions 1+; ignorable) */
  synonyms: DescribeConfigsSynonym[]
  /** The configuration data type. Type can be one of the following values - BOOLEAN, STRING, INT, SHORT, LONG, DOUBLE, LIST, CLASS, PASSWORD. (versions 3+; default 0; ignorable) */
  configType: number
  /** The configuration documentation. (versions 3+; nullable 0+; ignorable) */
  documentation: string | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** DescribeConfigsResult, inside DescribeConfigsResponse (versions 1-4). */
export interface DescribeConfigsResult {
  /** The error code, or 0 if we were able to successfully describe the configurations. (versions 0+) */
  errorCode: number
  /** The error message, or null if we were able to successfully describe the configurations. (versions 0+; nullable 0+) */
  errorMessage: string | null
  /** The resource type. (versions 0+) */
  resourceType: number
  /** The resource name. (versions 0+) */
  resourceName: string
  /** Each listed configuration. (versions 0+) */
  configs: DescribeConfigsResourceResult[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link DescribeConfigsResponse} with every field at its default, overridden by `fields`. */
export function createDescribeConfigsResponse(fields: Partial<DescribeConfigsResponse> = {}): DescribeConfigsResponse {
  return { throttleTimeMs: 0, results: [], ...fields }
}

/** A new {@link DescribeConfigsSynonym} with every field at its default, overridden by `fields`. */
export function createDescribeConfigsSynonym(fields: Partial<DescribeConfigsSynonym> = {}): DescribeConfigsSynonym {
  return { name: '', value: '', source: 0, ...fields }
}

/** A new {@link DescribeConfigsResourceResult} with every field at its default, overridden by `fields`. */
export function createDescribeConfigsResourceResult(fields: Partial<DescribeConfigsResourceResult> = {}): DescribeConfigsResourceResult {
  return {
    name: '',
    value: '',
    readOnly: false,
    configSource: -1,
    isSensitive: false,
    synonyms: [],
    configType: 0,
    documentation: '',
    ...fields,
  }
}

/** A new {@link DescribeConfigsResult} with every field at its default, overridden by `fields`. */
export function createDescribeConfigsResult(fields: Partial<DescribeConfigsResult> = {}): DescribeConfigsResult {
  return { errorCode: 0, errorMessage: '', resourceType: 0, resourceName: '', configs: [], ...fields }
}

function sizeDescribeConfigsSynonym(v: DescribeConfigsSynonym, version: number): number {
  const flexible = version >= 4
  let size = 0
  size += sizeOfString(v.name, version >= 4, false, 'DescribeConfigsResponse.results[].configs[].synonyms[].name')
  size += sizeOfString(v.value, version >= 4, true, 'DescribeConfigsResponse.results[].configs[].synonyms[].value')
  size += 1
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeConfigsResponse.results[].configs[].synonyms[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(
      `tagged fields at version ${version}, which has none`,
      'DescribeConfigsResponse.results[].configs[].synonyms[]',
    )
  }
  return size
}

function writeDescribeConfigsSynonym(w: ProtocolWriter, v: DescribeConfigsSynonym, version: number): void {
  const flexible = version >= 4
  w.string(v.name, version >= 4)
  w.string(v.value, version >= 4)
  w.int8(v.source, 'DescribeConfigsResponse.results[].configs[].synonyms[].source')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDescribeConfigsSynonym(r: ProtocolReader, version: number): DescribeConfigsSynonym {
  const flexible = version >= 4
  const f_name: string = r.string('DescribeConfigsResponse.results[].configs[].synonyms[].name', version >= 4)
  const f_value: string | null = r.nullableString('DescribeConfigsResponse.results[].configs[].synonyms[].value', version >= 4)
  const f_source: number = r.int8('DescribeConfigsResponse.results[].configs[].synonyms[].source')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeConfigsResponse.results[].configs[].synonyms[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeConfigsResponse.results[].configs[].synonyms[]')
      const end = r.taggedFieldEnd('DescribeConfigsResponse.results[].configs[].synonyms[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeConfigsResponse.results[].configs[].synonyms[]'))
      }
    }
  }
  const value: DescribeConfigsSynonym = { name: f_name, value: f_value, source: f_source }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDescribeConfigsResourceResult(v: DescribeConfigsResourceResult, version: number): number {
  const flexible = version >= 4
  let size = 0
  size += sizeOfString(v.name, version >= 4, false, 'DescribeConfigsResponse.results[].configs[].name')
  size += sizeOfString(v.value, version >= 4, true, 'DescribeConfigsResponse.results[].configs[].value')
  size += 1
  size += 1
  size += 1
  size += sizeOfArrayLength(v.synonyms, version >= 4, false, 'DescribeConfigsResponse.results[].configs[].synonyms')
  for (const e of v.synonyms) size += sizeDescribeConfigsSynonym(e, version)
  if (version >= 3) {
    size += 1
  }
  if (version >= 3) {
    size += sizeOfString(v.documentation, version >= 4, true, 'DescribeConfigsResponse.results[].configs[].documentation')
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeConfigsResponse.results[].configs[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeConfigsResponse.results[].configs[]')
  }
  return size
}

function writeDescribeConfigsResourceResult(w: ProtocolWriter, v: DescribeConfigsResourceResult, version: number): void {
  const flexible = version >= 4
  w.string(v.name, version >= 4)
  w.string(v.value, version >= 4)
  w.bool(v.readOnly, 'DescribeConfigsResponse.results[].configs[].readOnly')
  w.int8(v.configSource, 'DescribeConfigsResponse.results[].configs[].configSource')
  w.bool(v.isSensitive, 'DescribeConfigsResponse.results[].configs[].isSensitive')
  w.arrayLength(v.synonyms, version >= 4)
  for (const e of v.synonyms) writeDescribeConfigsSynonym(w, e, version)
  if (version >= 3) {
    w.int8(v.configType, 'DescribeConfigsResponse.results[].configs[].configType')
  }
  if (version >= 3) {
    w.string(v.documentation, version >= 4)
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDescribeConfigsResourceResult(r: ProtocolReader, version: number): DescribeConfigsResourceResult {
  const flexible = version >= 4
  const f_name: string = r.string('DescribeConfigsResponse.results[].configs[].name', version >= 4)
  const f_value: string | null = r.nullableString('DescribeConfigsResponse.results[].configs[].value', version >= 4)
  const f_readOnly: boolean = r.bool('DescribeConfigsResponse.results[].configs[].readOnly')
  const f_configSource: number = r.int8('DescribeConfigsResponse.results[].configs[].configSource')
  const f_isSensitive: boolean = r.bool('DescribeConfigsResponse.results[].configs[].isSensitive')
  let f_synonyms: DescribeConfigsSynonym[]
  {
    const n = r.arrayLength('DescribeConfigsResponse.results[].configs[].synonyms', version >= 4, false, 4)
    const a: DescribeConfigsSynonym[] = []
    for (let i = 0; i < n; i++) a.push(readDescribeConfigsSynonym(r, version))
    f_synonyms = a
  }
  let f_configType: number = 0
  if (version >= 3) {
    f_configType = r.int8('DescribeConfigsResponse.results[].configs[].configType')
  }
  let f_documentation: string | null = ''
  if (version >= 3) {
    f_documentation = r.nullableString('DescribeConfigsResponse.results[].configs[].documentation', version >= 4)
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeConfigsResponse.results[].configs[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeConfigsResponse.results[].configs[]')
      const end = r.taggedFieldEnd('DescribeConfigsResponse.results[].configs[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeConfigsResponse.results[].configs[]'))
      }
    }
  }
  const value: DescribeConfigsResourceResult = {
    name: f_name,
    value: f_value,
    readOnly: f_readOnly,
    configSource: f_configSource,
    isSensitive: f_isSensitive,
    synonyms: f_synonyms,
    configType: f_configType,
    documentation: f_documentation,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDescribeConfigsResult(v: DescribeConfigsResult, version: number): number {
  const flexible = version >= 4
  let size = 0
  size += 2
  size += sizeOfString(v.errorMessage, version >= 4, true, 'DescribeConfigsResponse.results[].errorMessage')
  size += 1
  size += sizeOfString(v.resourceName, version >= 4, false, 'DescribeConfigsResponse.results[].resourceName')
  size += sizeOfArrayLength(v.configs, version >= 4, false, 'DescribeConfigsResponse.results[].configs')
  for (const e of v.configs) size += sizeDescribeConfigsResourceResult(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeConfigsResponse.results[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeConfigsResponse.results[]')
  }
  return size
}

function writeDescribeConfigsResult(w: ProtocolWriter, v: DescribeConfigsResult, version: number): void {
  const flexible = version >= 4
  w.int16(v.errorCode, 'DescribeConfigsResponse.results[].errorCode')
  w.string(v.errorMessage, version >= 4)
  w.int8(v.resourceType, 'DescribeConfigsResponse.results[].resourceType')
  w.string(v.resourceName, version >= 4)
  w.arrayLength(v.configs, version >= 4)
  for (const e of v.configs) writeDescribeConfigsResourceResult(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDescribeConfigsResult(r: ProtocolReader, version: number): DescribeConfigsResult {
  const flexible = version >= 4
  const f_errorCode: number = r.int16('DescribeConfigsResponse.results[].errorCode')
  const f_errorMessage: string | null = r.nullableString('DescribeConfigsResponse.results[].errorMessage', version >= 4)
  const f_resourceType: number = r.int8('DescribeConfigsResponse.results[].resourceType')
  const f_resourceName: string = r.string('DescribeConfigsResponse.results[].resourceName', version >= 4)
  let f_configs: DescribeConfigsResourceResult[]
  {
    const n = r.arrayLength('DescribeConfigsResponse.results[].configs', version >= 4, false, 9)
    const a: DescribeConfigsResourceResult[] = []
    for (let i = 0; i < n; i++) a.push(readDescribeConfigsResourceResult(r, version))
    f_configs = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeConfigsResponse.results[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeConfigsResponse.results[]')
      const end = r.taggedFieldEnd('DescribeConfigsResponse.results[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeConfigsResponse.results[]'))
      }
    }
  }
  const value: DescribeConfigsResult = {
    errorCode: f_errorCode,
    errorMessage: f_errorMessage,
    resourceType: f_resourceType,
    resourceName: f_resourceName,
    configs: f_configs,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDescribeConfigsResponse(v: DescribeConfigsResponse, version: number): number {
  const flexible = version >= 4
  let size = 0
  size += 4
  size += sizeOfArrayLength(v.results, version >= 4, false, 'DescribeConfigsResponse.results')
  for (const e of v.results) size += sizeDescribeConfigsResult(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeConfigsResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeConfigsResponse')
  }
  return size
}

function writeDescribeConfigsResponse(w: ProtocolWriter, v: DescribeConfigsResponse, version: number): void {
  const flexible = version >= 4
  w.int32(v.throttleTimeMs, 'DescribeConfigsResponse.throttleTimeMs')
  w.arrayLength(v.results, version >= 4)
  for (const e of v.results) writeDescribeConfigsResult(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDescribeConfigsResponse(r: ProtocolReader, version: number): DescribeConfigsResponse {
  const flexible = version >= 4
  const f_throttleTimeMs: number = r.int32('DescribeConfigsResponse.throttleTimeMs')
  let f_results: DescribeConfigsResult[]
  {
    const n = r.arrayLength('DescribeConfigsResponse.results', version >= 4, false, 7)
    const a: DescribeConfigsResult[] = []
    for (let i = 0; i < n; i++) a.push(readDescribeConfigsResult(r, version))
    f_results = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeConfigsResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeConfigsResponse')
      const end = r.taggedFieldEnd('DescribeConfigsResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeConfigsResponse'))
      }
    }
  }
  const value: DescribeConfigsResponse = { throttleTimeMs: f_throttleTimeMs, results: f_results }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const DescribeConfigsSynonymSchema: StructSchema = {
  name: 'DescribeConfigsSynonym',
  versions: [1, 4],
  fields: [
    {
      name: 'name',
      type: 'string',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'value',
      type: 'string',
      versions: [1, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'source',
      type: 'int8',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDescribeConfigsSynonym(),
}

const DescribeConfigsResourceResultSchema: StructSchema = {
  name: 'DescribeConfigsResourceResult',
  versions: [1, 4],
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
    {
      name: 'readOnly',
      type: 'bool',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'configSource',
      type: 'int8',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
    {
      name: 'isSensitive',
      type: 'bool',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'synonyms',
      type: 'array',
      element: DescribeConfigsSynonymSchema,
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'configType',
      type: 'int8',
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '0',
    },
    {
      name: 'documentation',
      type: 'string',
      versions: [3, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
  ],
  create: () => createDescribeConfigsResourceResult(),
}

const DescribeConfigsResultSchema: StructSchema = {
  name: 'DescribeConfigsResult',
  versions: [1, 4],
  fields: [
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
      element: DescribeConfigsResourceResultSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDescribeConfigsResult(),
}

const DescribeConfigsResponseSchema: StructSchema = {
  name: 'DescribeConfigsResponse',
  versions: [1, 4],
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
      name: 'results',
      type: 'array',
      element: DescribeConfigsResultSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDescribeConfigsResponse(),
}

/** The DescribeConfigsResponse codec: versions 1-4. */
export const DescribeConfigsResponseCodec: MessageCodec<DescribeConfigsResponse> = defineCodec<DescribeConfigsResponse>({
  name: 'DescribeConfigsResponse',
  apiKey: 32,
  type: 'response',
  versions: [1, 4],
  flexibleVersions: [4, 32767],
  latestVersionUnstable: false,
  schema: DescribeConfigsResponseSchema,
  create: createDescribeConfigsResponse,
  size: sizeDescribeConfigsResponse,
  write: writeDescribeConfigsResponse,
  read: readDescribeConfigsResponse,
})
