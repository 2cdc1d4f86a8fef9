/**
 * DescribeClientQuotasResponse (API key 48): generated from vendor/kafka-messages/DescribeClientQuotasResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-1; flexible versions 1+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** DescribeClientQuotasResponse, versions 0-1. */
export interface DescribeClientQuotasResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 0+) */
  throttleTimeMs: number
  /** The error code, or `0` if the quota description succeeded. (versions 0+) */
  errorCode: number
  /** The error message, or `null` if the quota description succeeded. (versions 0+; nullable 0+) */
  errorMessage: string | null
  /** A result entry. (versions 0+; nullable 0+) */
  entries: EntryData[] | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** EntityData, inside DescribeClientQuotasResponse (versions 0-1). */
export interface EntityData {
  /** The entity type. (versions 0+) */
  entityType: string
  /** The entity name, or null if the default. (versions 0+; nullable 0+) */
  entityName: string | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** ValueData, inside DescribeClientQuotasResponse (versions 0-1). */
export interface ValueData {
  /** The quota configuration key. (versions 0+) */
  key: string
  /** The quota configuration value. (versions 0+) */
  value: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** EntryData, inside DescribeClientQuotasResponse (versions 0-1). */
export interface EntryData {
  /** The quota entity description. (versions 0+) */
  entity: EntityData[]
  /** The quota values for the entity. (versions 0+) */
  values: ValueData[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link DescribeClientQuotasResponse} with every field at its default, overridden by `fields`. */
export function createDescribeClientQuotasResponse(fields: Partial<DescribeClientQuotasResponse> = {}): DescribeClientQuotasResponse {
  return { throttleTimeMs: 0, errorCode: 0, errorMessage: '', entries: [], ...fields }
}

/** A new {@link EntityData} with every field at its default, overridden by `fields`. */
export function createEntityData(fields: Partial<EntityData> = {}): EntityData {
  return { entityType: '', entityName: '', ...fields }
}

/** A new {@link ValueData} with every field at its default, overridden by `fields`. */
export function createValueData(fields: Partial<ValueData> = {}): ValueData {
  return { key: '', value: 0, ...fields }
}

/** A new {@link EntryData} with every field at its default, overridden by `fields`. */
export function createEntryData(fields: Partial<EntryData> = {}): EntryData {
  return { entity: [], values: [], ...fields }
}

function sizeEntityData(v: EntityData, version: number): number {
  const flexible = version >= 1
  let size = 0
  size += sizeOfString(v.entityType, version >= 1, false, 'DescribeClientQuotasResponse.entries[].entity[].entityType')
  size += sizeOfString(v.entityName, version >= 1, true, 'DescribeClientQuotasResponse.entries[].entity[].entityName')
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeClientQuotasResponse.entries[].entity[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeClientQuotasResponse.entries[].entity[]')
  }
  return size
}

function writeEntityData(w: ProtocolWriter, v: EntityData, version: number): void {
  const flexible = version >= 1
  w.string(v.entityType, version >= 1)
  w.string(v.entityName, version >= 1)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readEntityData(r: ProtocolReader, version: number): EntityData {
  const flexible = version >= 1
  const f_entityType: string = r.string('DescribeClientQuotasResponse.entries[].entity[].entityType', version >= 1)
  const f_entityName: string | null = r.nullableString('DescribeClientQuotasResponse.entries[].entity[].entityName', version >= 1)
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeClientQuotasResponse.entries[].entity[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeClientQuotasResponse.entries[].entity[]')
      const end = r.taggedFieldEnd('DescribeClientQuotasResponse.entries[].entity[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeClientQuotasResponse.entries[].entity[]'))
      }
    }
  }
  const value: EntityData = { entityType: f_entityType, entityName: f_entityName }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeValueData(v: ValueData, version: number): number {
  const flexible = version >= 1
  let size = 0
  size += sizeOfString(v.key, version >= 1, false, 'DescribeClientQuotasResponse.entries[].values[].key')
  size += 8
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeClientQuotasResponse.entries[].values[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeClientQuotasResponse.entries[].values[]')
  }
  return size
}

function writeValueData(w: ProtocolWriter, v: ValueData, version: number): void {
  const flexible = version >= 1
  w.string(v.key, version >= 1)
  w.float64(v.value, 'DescribeClientQuotasResponse.entries[].values[].value')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readValueData(r: ProtocolReader, version: number): ValueData {
  const flexible = version >= 1
  const f_key: string = r.string('DescribeClientQuotasResponse.entries[].values[].key', version >= 1)
  const f_value: number = r.float64('DescribeClientQuotasResponse.entries[].values[].value')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeClientQuotasResponse.entries[].values[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeClientQuotasResponse.entries[].values[]')
      const end = r.taggedFieldEnd('DescribeClientQuotasResponse.entries[].values[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeClientQuotasResponse.entries[].values[]'))
      }
    }
  }
  const value: ValueData = { key: f_key, value: f_value }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeEntryData(v: EntryData, version: number): number {
  const flexible = version >= 1
  let size = 0
  size += sizeOfArrayLength(v.entity, version >= 1, false, 'DescribeClientQuotasResponse.entries[].entity')
  for (const e of v.entity) size += sizeEntityData(e, version)
  size += sizeOfArrayLength(v.values, version >= 1, false, 'DescribeClientQuotasResponse.entries[].values')
  for (const e of v.values) size += sizeValueData(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeClientQuotasResponse.entries[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeClientQuotasResponse.entries[]')
  }
  return size
}

function writeEntryData(w: ProtocolWriter, v: EntryData, version: number): void {
  const flexible = version >= 1
  w.arrayLength(v.entity, version >= 1)
  for (const e of v.entity) writeEntityData(w, e, version)
  w.arrayLength(v.values, version >= 1)
  for (const e of v.values) writeValueData(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readEntryData(r: ProtocolReader, version: number): EntryData {
  const flexible = version >= 1
  let f_entity: EntityData[]
  {
    const n = r.arrayLength('DescribeClientQuotasResponse.entries[].entity', version >= 1, false, 3)
    const a: EntityData[] = []
    for (let i = 0; i < n; i++) a.push(readEntityData(r, version))
    f_entity = a
  }
  let f_values: ValueData[]
  {
    const n = r.arrayLength('DescribeClientQuotasResponse.entries[].values', version >= 1, false, 10)
    const a: ValueData[] = []
    for (let i = 0; i < n; i++) a.push(readValueData(r, version))
    f_values = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeClientQuotasResponse.entries[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeClientQuotasResponse.entries[]')
      const end = r.taggedFieldEnd('DescribeClientQuotasResponse.entries[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeClientQuotasResponse.entries[]'))
      }
    }
  }
  const value: EntryData = { entity: f_entity, values: f_values }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDescribeClientQuotasResponse(v: DescribeClientQuotasResponse, version: number): number {
  const flexible = version >= 1
  let size = 0
  size += 4
  size += 2
  size += sizeOfString(v.errorMessage, version >= 1, true, 'DescribeClientQuotasResponse.errorMessage')
  size += sizeOfArrayLength(v.entries, version >= 1, true, 'DescribeClientQuotasResponse.entries')
  if (v.entries !== null) {
    for (const e of v.entries) size += sizeEntryData(e, version)
  }
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'DescribeClientQuotasResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'DescribeClientQuotasResponse')
  }
  return size
}

function writeDescribeClientQuotasResponse(w: ProtocolWriter, v: DescribeClientQuotasResponse, version: number): void {
  const flexible = version >= 1
  w.int32(v.throttleTimeMs, 'DescribeClientQuotasResponse.throttleTimeMs')
  w.int16(v.errorCode, 'DescribeClientQuotasResponse.errorCode')
  w.string(v.errorMessage, version >= 1)
  w.arrayLength(v.entries, version >= 1)
  if (v.entries !== null) for (const e of v.entries) writeEntryData(w, e, version)
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readDescribeClientQuotasResponse(r: ProtocolReader, version: number): DescribeClientQuotasResponse {
  const flexible = version >= 1
  const f_throttleTimeMs: number = r.int32('DescribeClientQuotasResponse.throttleTimeMs')
  const f_errorCode: number = r.int16('DescribeClientQuotasResponse.errorCode')
  const f_errorMessage: string | null = r.nullableString('DescribeClientQuotasResponse.errorMessage', version >= 1)
  let f_entries: EntryData[] | null
  {
    const n = r.arrayLength('DescribeClientQuotasResponse.entries', version >= 1, true, 3)
    if (n < 0) {
      f_entries = null
    } else {
      const a: EntryData[] = []
      for (let i = 0; i < n; i++) a.push(readEntryData(r, version))
      f_entries = a
    }
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('DescribeClientQuotasResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('DescribeClientQuotasResponse')
      const end = r.taggedFieldEnd('DescribeClientQuotasResponse')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'DescribeClientQuotasResponse'))
      }
    }
  }
  const value: DescribeClientQuotasResponse = {
    throttleTimeMs: f_throttleTimeMs,
    errorCode: f_errorCode,
    errorMessage: f_errorMessage,
    entries: f_entries,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const EntityDataSchema: StructSchema = {
  name: 'EntityData',
  versions: [0, 1],
  fields: [
    {
      name: 'entityType',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'entityName',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createEntityData(),
}

const ValueDataSchema: StructSchema = {
  name: 'ValueData',
  versions: [0, 1],
  fields: [
    {
      name: 'key',
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
      type: 'float64',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createValueData(),
}

const EntryDataSchema: StructSchema = {
  name: 'EntryData',
  versions: [0, 1],
  fields: [
    {
      name: 'entity',
      type: 'array',
      element: EntityDataSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'values',
      type: 'array',
      element: ValueDataSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createEntryData(),
}

const DescribeClientQuotasResponseSchema: StructSchema = {
  name: 'DescribeClientQuotasResponse',
  versions: [0, 1],
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
      name: 'entries',
      type: 'array',
      element: EntryDataSchema,
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createDescribeClientQuotasResponse(),
}

/** The DescribeClientQuotasResponse codec: versions 0-1. */
export const DescribeClientQuotasResponseCodec: MessageCodec<DescribeClientQuotasResponse> = defineCodec<DescribeClientQuotasResponse>({
  name: 'DescribeClientQuotasResponse',
  apiKey: 48,
  type: 'response',
  versions: [0, 1],
  flexibleVersions: [1, 32767],
  latestVersionUnstable: false,
  schema: DescribeClientQuotasResponseSchema,
  create: createDescribeClientQuotasResponse,
  size: sizeDescribeClientQuotasResponse,
  write: writeDescribeClientQuotasResponse,
  read: readDescribeClientQuotasResponse,
})
