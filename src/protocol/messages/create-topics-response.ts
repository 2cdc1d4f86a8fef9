/**
 * CreateTopicsResponse (API key 19): generated from vendor/kafka-messages/CreateTopicsResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 2-7; flexible versions 5+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** CreateTopicsResponse, versions 2-7. */
export interface CreateTopicsResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 2+; ignorable) */
  throttleTimeMs: number
  /** Results for each topic we tried to create. (versions 0+) */
  topics: CreatableTopicResult[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** CreatableTopicConfigs, inside CreateTopicsResponse (versions 5-7). */
export interface CreatableTopicConfigs {
  /** The configuration name. (versions 5+) */
  name: string
  /** The configuration value. (versions 5+; nullable 5+) */
  value: string | null
  /** True if the configuration is read-only. (versions 5+) */
  readOnly: boolean
  /** The configuration source. (versions 5+; default -1; ignorable) */
  configSource: number
  /** True if this configuration is sensitive. (versions 5+) */
  isSensitive: boolean
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** CreatableTopicResult, inside CreateTopicsResponse (versions 2-7). */
export interface CreatableTopicResult {
  /** The topic name. (versions 0+) */
  name: string
  /** The unique topic ID. (versions 7+; ignorable) */
  topicId: string
  /** The error code, or 0 if there was no error. (versions 0+) */
  errorCode: number
  /** The error message, or null if there was no error. (versions 1+; nullable 0+; ignorable) */
  errorMessage: string | null
  /** Optional topic config error returned if configs are not returned in the response. (versions 5+; tagged 5+ (tag 0); ignorable) */
  topicConfigErrorCode: number
  /** Number of partitions of the topic. (versions 5+; default -1; ignorable) */
  numPartitions: number
  /** Replication factor of the topic. (versions 5+; default -1; ignorable) */
  replicationFactor: number
  /** Configuration of the topic. (versions 5+; nullable 5+; ignorable) */
  configs: CreatableTopicConfigs[] | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link CreateTopicsResponse} with every field at its default, overridden by `fields`. */
export function createCreateTopicsResponse(fields: Partial<CreateTopicsResponse> = {}): CreateTopicsResponse {
  return { throttleTimeMs: 0, topics: [], ...fields }
}

/** A new {@link CreatableTopicConfigs} with every field at its default, overridden by `fields`. */
export function createCreatableTopicConfigs(fields: Partial<CreatableTopicConfigs> = {}): CreatableTopicConfigs {
  return { name: '', value: '', readOnly: false, configSource: -1, isSensitive: false, ...fields }
}

/** A new {@link CreatableTopicResult} with every field at its default, overridden by `fields`. */
export function createCreatableTopicResult(fields: Partial<CreatableTopicResult> = {}): CreatableTopicResult {
  return {
    name: '',
    topicId: 'AAAAAAAAAAAAAAAAAAAAAA',
    errorCode: 0,
    errorMessage: '',
    topicConfigErrorCode: 0,
    numPartitions: -1,
    replicationFactor: -1,
    configs: [],
    ...fields,
  }
}

function sizeCreatableTopicConfigs(v: CreatableTopicConfigs, version: number): number {
  let size = 0
  size += sizeOfString(v.name, true, false, 'CreateTopicsResponse.topics[].configs[].name')
  size += sizeOfString(v.value, true, true, 'CreateTopicsResponse.topics[].configs[].value')
  size += 1
  size += 1
  size += 1
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'CreateTopicsResponse.topics[].configs[]')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeCreatableTopicConfigs(w: ProtocolWriter, v: CreatableTopicConfigs, version: number): void {
  w.string(v.name, true)
  w.string(v.value, true)
  w.bool(v.readOnly, 'CreateTopicsResponse.topics[].configs[].readOnly')
  w.int8(v.configSource, 'CreateTopicsResponse.topics[].configs[].configSource')
  w.bool(v.isSensitive, 'CreateTopicsResponse.topics[].configs[].isSensitive')
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readCreatableTopicConfigs(r: ProtocolReader, version: number): CreatableTopicConfigs {
  const f_name: string = r.string('CreateTopicsResponse.topics[].configs[].name', true)
  const f_value: string | null = r.nullableString('CreateTopicsResponse.topics[].configs[].value', true)
  const f_readOnly: boolean = r.bool('CreateTopicsResponse.topics[].configs[].readOnly')
  const f_configSource: number = r.int8('CreateTopicsResponse.topics[].configs[].configSource')
  const f_isSensitive: boolean = r.bool('CreateTopicsResponse.topics[].configs[].isSensitive')
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('CreateTopicsResponse.topics[].configs[]')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('CreateTopicsResponse.topics[].configs[]')
    const end = r.taggedFieldEnd('CreateTopicsResponse.topics[].configs[]')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'CreateTopicsResponse.topics[].configs[]'))
    }
  }
  const value: CreatableTopicConfigs = {
    name: f_name,
    value: f_value,
    readOnly: f_readOnly,
    configSource: f_configSource,
    isSensitive: f_isSensitive,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeCreatableTopicResult(v: CreatableTopicResult, version: number): number {
  const flexible = version >= 5
  let size = 0
  size += sizeOfString(v.name, version >= 5, false, 'CreateTopicsResponse.topics[].name')
  if (version >= 7) {
    size += 16
  }
  size += 2
  size += sizeOfString(v.errorMessage, version >= 5, true, 'CreateTopicsResponse.topics[].errorMessage')
  if (version >= 5) {
    size += 4
  }
  if (version >= 5) {
    size += 2
  }
  if (version >= 5) {
    size += sizeOfArrayLength(v.configs, true, true, 'CreateTopicsResponse.topics[].configs')
    if (v.configs !== null) {
      for (const e of v.configs) size += sizeCreatableTopicConfigs(e, version)
    }
  }
  if (flexible) {
    let numTagged = 0
    if (v.topicConfigErrorCode !== 0) {
      numTagged++
      let n = 0
      n += 2
      size += sizeOfUvarint(0) + sizeOfUvarint(n) + n
    }
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [0], 'CreateTopicsResponse.topics[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'CreateTopicsResponse.topics[]')
  }
  return size
}

function writeCreatableTopicResult(w: ProtocolWriter, v: CreatableTopicResult, version: number): void {
  const flexible = version >= 5
  w.string(v.name, version >= 5)
  if (version >= 7) {
    w.uuid(v.topicId, 'CreateTopicsResponse.topics[].topicId')
  }
  w.int16(v.errorCode, 'CreateTopicsResponse.topics[].errorCode')
  w.string(v.errorMessage, version >= 5)
  if (version >= 5) {
    w.int32(v.numPartitions, 'CreateTopicsResponse.topics[].numPartitions')
  }
  if (version >= 5) {
    w.int16(v.replicationFactor, 'CreateTopicsResponse.topics[].replicationFactor')
  }
  if (version >= 5) {
    w.arrayLength(v.configs, true)
    if (v.configs !== null) for (const e of v.configs) writeCreatableTopicConfigs(w, e, version)
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    const t_topicConfigErrorCode = v.topicConfigErrorCode !== 0
    w.uvarint((t_topicConfigErrorCode ? 1 : 0) + (u?.length ?? 0))
    let ui = 0
    ui = w.rawTaggedFields(u, ui, 0)
    if (t_topicConfigErrorCode) {
      w.uvarint(0)
      let n = 0
      n += 2
      w.uvarint(n)
      w.int16(v.topicConfigErrorCode, 'CreateTopicsResponse.topics[].topicConfigErrorCode')
    }
    w.rawTaggedFields(u, ui, Infinity)
  }
}

function readCreatableTopicResult(r: ProtocolReader, version: number): CreatableTopicResult {
  const flexible = version >= 5
  const f_name: string = r.string('CreateTopicsResponse.topics[].name', version >= 5)
  let f_topicId: string = 'AAAAAAAAAAAAAAAAAAAAAA'
  if (version >= 7) {
    f_topicId = r.uuid('CreateTopicsResponse.topics[].topicId')
  }
  const f_errorCode: number = r.int16('CreateTopicsResponse.topics[].errorCode')
  const f_errorMessage: string | null = r.nullableString('CreateTopicsResponse.topics[].errorMessage', version >= 5)
  let f_topicConfigErrorCode: number = 0
  let f_numPartitions: number = -1
  if (version >= 5) {
    f_numPartitions = r.int32('CreateTopicsResponse.topics[].numPartitions')
  }
  let f_replicationFactor: number = -1
  if (version >= 5) {
    f_replicationFactor = r.int16('CreateTopicsResponse.topics[].replicationFactor')
  }
  let f_configs: CreatableTopicConfigs[] | null = []
  if (version >= 5) {
    {
      const n = r.arrayLength('CreateTopicsResponse.topics[].configs', true, true, 6)
      if (n < 0) {
        f_configs = null
      } else {
        const a: CreatableTopicConfigs[] = []
        for (let i = 0; i < n; i++) a.push(readCreatableTopicConfigs(r, version))
        f_configs = a
      }
    }
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('CreateTopicsResponse.topics[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('CreateTopicsResponse.topics[]')
      const end = r.taggedFieldEnd('CreateTopicsResponse.topics[]')
      switch (tag) {
        case 0: {
          f_topicConfigErrorCode = r.int16('CreateTopicsResponse.topics[].topicConfigErrorCode')
          r.expectPosition(end, 'CreateTopicsResponse.topics[].topicConfigErrorCode')
          break
        }
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'CreateTopicsResponse.topics[]'))
      }
    }
  }
  const value: CreatableTopicResult = {
    name: f_name,
    topicId: f_topicId,
    errorCode: f_errorCode,
    errorMessage: f_errorMessage,
    topicConfigErrorCode: f_topicConfigErrorCode,
    numPartitions: f_numPartitions,
    replicationFactor: f_replicationFactor,
    configs: f_configs,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeCreateTopicsResponse(v: CreateTopicsResponse, version: number): number {
  const flexible = version >= 5
  let size = 0
  size += 4
  size += sizeOfArrayLength(v.topics, version >= 5, false, 'CreateTopicsResponse.topics')
  for (const e of v.topics) size += sizeCreatableTopicResult(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'CreateTopicsResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'CreateTopicsResponse')
  }
  return size
}

function writeCreateTopicsResponse(w: ProtocolWriter, v: CreateTopicsResponse, version: number): void {
  const flexible = version >= 5
  w.int32(v.throttleTimeMs, 'CreateTopicsResponse.throttleTimeMs')
  w.arrayLength(v.topics, version >= 5)
  for (const e of v.topics) writeCreatableTopicResult(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readCreateTopicsResponse(r: ProtocolReader, version: number): CreateTopicsResponse {
  const flexible = version >= 5
  const f_throttleTimeMs: number = r.int32('CreateTopicsResponse.throttleTimeMs')
  let f_topics: CreatableTopicResult[]
  {
    const n = r.arrayLength('CreateTopicsResponse.topics', version >= 5, false, 6)
    const a: CreatableTopicResult[] = []
    for (let i = 0; i < n; i++) a.push(readCreatableTopicResult(r, version))
    f_topics = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('CreateTopicsResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('CreateTopicsResponse')
      const end = r.taggedFieldEnd('CreateTopicsResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'CreateTopicsResponse'))
      }
    }
  }
  const value: CreateTopicsResponse = { throttleTimeMs: f_throttleTimeMs, topics: f_topics }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const CreatableTopicConfigsSchema: StructSchema = {
  name: 'CreatableTopicConfigs',
  versions: [5, 7],
  fields: [
    {
      name: 'name',
      type: 'string',
      versions: [5, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'value',
      type: 'string',
      versions: [5, 32767],
      nullableVersions: [5, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'readOnly',
      type: 'bool',
      versions: [5, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'configSource',
      type: 'int8',
      versions: [5, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
    {
      name: 'isSensitive',
      type: 'bool',
      versions: [5, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createCreatableTopicConfigs(),
}

const CreatableTopicResultSchema: StructSchema = {
  name: 'CreatableTopicResult',
  versions: [2, 7],
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
      name: 'topicId',
      type: 'uuid',
      versions: [7, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
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
      versions: [1, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'topicConfigErrorCode',
      type: 'int16',
      versions: [5, 32767],
      nullableVersions: null,
      taggedVersions: [5, 32767],
      tag: 0,
      ignorable: true,
      default: '',
    },
    {
      name: 'numPartitions',
      type: 'int32',
      versions: [5, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
    {
      name: 'replicationFactor',
      type: 'int16',
      versions: [5, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
    {
      name: 'configs',
      type: 'array',
      element: CreatableTopicConfigsSchema,
      versions: [5, 32767],
      nullableVersions: [5, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
  ],
  create: () => createCreatableTopicResult(),
}

const CreateTopicsResponseSchema: StructSchema = {
  name: 'CreateTopicsResponse',
  versions: [2, 7],
  fields: [
    {
      name: 'throttleTimeMs',
      type: 'int32',
      versions: [2, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'topics',
      type: 'array',
      element: CreatableTopicResultSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createCreateTopicsResponse(),
}

/** The CreateTopicsResponse codec: versions 2-7. */
export const CreateTopicsResponseCodec: MessageCodec<CreateTopicsResponse> = defineCodec<CreateTopicsResponse>({
  name: 'CreateTopicsResponse',
  apiKey: 19,
  type: 'response',
  versions: [2, 7],
  flexibleVersions: [5, 32767],
  latestVersionUnstable: false,
  schema: CreateTopicsResponseSchema,
  create: createCreateTopicsResponse,
  size: sizeCreateTopicsResponse,
  write: writeCreateTopicsResponse,
  read: readCreateTopicsResponse,
})
