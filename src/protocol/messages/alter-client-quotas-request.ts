/**
 * AlterClientQuotasRequest (API key 49): generated from vendor/kafka-messages/AlterClientQuotasRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-1; flexible versions 1+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** AlterClientQuotasRequest, versions 0-1. */
export interface AlterClientQuotasRequest {
  /** The quota configuration entries to alter. (versions 0+) */
  entries: EntryData[]
  /** Whether the alteration should be validated, but not performed. (versions 0+) */
  validateOnly: boolean
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** EntityData, inside AlterClientQuotasRequest (versions 0-1). */
export interface EntityData {
  /** The entity type. (versions 0+) */
  entityType: string
  /** The name of the entity, or null if the default. (versions 0+; nullable 0+) */
  entityName: string | null
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** OpData, inside AlterClientQuotasRequest (versions 0-1). */
export interface OpData {
  /** The quota configuration key. (versions 0+) */
  key: string
  /** The value to set, otherwise ignored if the value is to be removed. (versions 0+) */
  value: number
  /** Whether the quota configuration value should be removed, otherwise set. (versions 0+) */
  remove: boolean
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** EntryData, inside AlterClientQuotasRequest (versions 0-1). */
export interface EntryData {
  /** The quota entity to alter. (versions 0+) */
  entity: EntityData[]
  /** An individual quota configuration entry to alter. (versions 0+) */
  ops: OpData[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link AlterClientQuotasRequest} with every field at its default, overridden by `fields`. */
export function createAlterClientQuotasRequest(fields: Partial<AlterClientQuotasRequest> = {}): AlterClientQuotasRequest {
  return { entries: [], validateOnly: false, ...fields }
}

/** A new {@link EntityData} with every field at its default, overridden by `fields`. */
export function createEntityData(fields: Partial<EntityData> = {}): EntityData {
  return { entityType: '', entityName: '', ...fields }
}

/** A new {@link OpData} with every field at its default, overridden by `fields`. */
export function createOpData(fields: Partial<OpData> = {}): OpData {
  return { key: '', value: 0, remove: false, ...fields }
}

/** A new {@link EntryData} with every field at its default, overridden by `fields`. */
export function createEntryData(fields: Partial<EntryData> = {}): EntryData {
  return { entity: [], ops: [], ...fields }
}

function sizeEntityData(v: EntityData, version: number): number {
  const flexible = version >= 1
  let size = 0
  size += sizeOfString(v.entityType, version >= 1, false, 'AlterClientQuotasRequest.entries[].entity[].entityType')
  size += sizeOfString(v.entityName, version >= 1, true, 'AlterClientQuotasRequest.entries[].entity[].entityName')
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'AlterClientQuotasRequest.entries[].entity[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'AlterClientQuotasRequest.entries[].entity[]')
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
  const f_entityType: string = r.string('AlterClientQuotasRequest.entries[].entity[].entityType', version >= 1)
  const f_entityName: string | null = r.nullableString('AlterClientQuotasRequest.entries[].entity[].entityName', version >= 1)
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('AlterClientQuotasRequest.entries[].entity[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('AlterClientQuotasRequest.entries[].entity[]')
      const end = r.taggedFieldEnd('AlterClientQuotasRequest.entries[].entity[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'AlterClientQuotasRequest.entries[].entity[]'))
      }
    }
  }
  const value: EntityData = { entityType: f_entityType, entityName: f_entityName }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeOpData(v: OpData, version: number): number {
  const flexible = version >= 1
  let size = 0
  size += sizeOfString(v.key, version >= 1, false, 'AlterClientQuotasRequest.entries[].ops[].key')
  size += 8
  size += 1
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'AlterClientQuotasRequest.entries[].ops[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'AlterClientQuotasRequest.entries[].ops[]')
  }
  return size
}

function writeOpData(w: ProtocolWriter, v: OpData, version: number): void {
  const flexible = version >= 1
  w.string(v.key, version >= 1)
  w.float64(v.value, 'AlterClientQuotasRequest.entries[].ops[].value')
  w.bool(v.remove, 'AlterClientQuotasRequest.entries[].ops[].remove')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readOpData(r: ProtocolReader, version: number): OpData {
  const flexible = version >= 1
  const f_key: string = r.string('AlterClientQuotasRequest.entries[].ops[].key', version >= 1)
  const f_value: number = r.float64('AlterClientQuotasRequest.entries[].ops[].value')
  const f_remove: boolean = r.bool('AlterClientQuotasRequest.entries[].ops[].remove')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('AlterClientQuotasRequest.entries[].ops[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('AlterClientQuotasRequest.entries[].ops[]')
      const end = r.taggedFieldEnd('AlterClientQuotasRequest.entries[].ops[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'AlterClientQuotasRequest.entries[].ops[]'))
      }
    }
  }
  const value: OpData = { key: f_key, value: f_value, remove: f_remove }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeEntryData(v: EntryData, version: number): number {
  const flexible = version >= 1
  let size = 0
  size += sizeOfArrayLength(v.entity, version >= 1, false, 'AlterClientQuotasRequest.entries[].entity')
  for (const e of v.entity) size += sizeEntityData(e, version)
  size += sizeOfArrayLength(v.ops, version >= 1, false, 'AlterClientQuotasRequest.entries[].ops')
  for (const e of v.ops) size += sizeOpData(e, version)
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'AlterClientQuotasRequest.entries[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'AlterClientQuotasRequest.entries[]')
  }
  return size
}

function writeEntryData(w: ProtocolWriter, v: EntryData, version: number): void {
  const flexible = version >= 1
  w.arrayLength(v.entity, version >= 1)
  for (const e of v.entity) writeEntityData(w, e, version)
  w.arrayLength(v.ops, version >= 1)
  for (const e of v.ops) writeOpData(w, e, version)
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
    const n = r.arrayLength('AlterClientQuotasRequest.entries[].entity', version >= 1, false, 3)
    const a: EntityData[] = []
    for (let i = 0; i < n; i++) a.push(readEntityData(r, version))
    f_entity = a
  }
  let f_ops: OpData[]
  {
    const n = r.arrayLength('AlterClientQuotasRequest.entries[].ops', version >= 1, false, 11)
    const a: OpData[] = []
    for (let i = 0; i < n; i++) a.push(readOpData(r, version))
    f_ops = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('AlterClientQuotasRequest.entries[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('AlterClientQuotasRequest.entries[]')
      const end = r.taggedFieldEnd('AlterClientQuotasRequest.entries[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'AlterClientQuotasRequest.entries[]'))
      }
    }
  }
  const value: EntryData = { entity: f_entity, ops: f_ops }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeAlterClientQuotasRequest(v: AlterClientQuotasRequest, version: number): number {
  const flexible = version >= 1
  let size = 0
  size += sizeOfArrayLength(v.entries, version >= 1, false, 'AlterClientQuotasRequest.entries')
  for (const e of v.entries) size += sizeEntryData(e, version)
  size += 1
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'AlterClientQuotasRequest')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'AlterClientQuotasRequest')
  }
  return size
}

function writeAlterClientQuotasRequest(w: ProtocolWriter, v: AlterClientQuotasRequest, version: number): void {
  const flexible = version >= 1
  w.arrayLength(v.entries, version >= 1)
  for (const e of v.entries) writeEntryData(w, e, version)
  w.bool(v.validateOnly, 'AlterClientQuotasRequest.validateOnly')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readAlterClientQuotasRequest(r: ProtocolReader, version: number): AlterClientQuotasRequest {
  const flexible = version >= 1
  let f_entries: EntryData[]
  {
    const n = r.arrayLength('AlterClientQuotasRequest.entries', version >= 1, false, 3)
    const a: EntryData[] = []
    for (let i = 0; i < n; i++) a.push(readEntryData(r, version))
    f_entries = a
  }
  const f_validateOnly: boolean = r.bool('AlterClientQuotasRequest.validateOnly')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('AlterClientQuotasRequest')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('AlterClientQuotasRequest')
      const end = r.taggedFieldEnd('AlterClientQuotasRequest')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'AlterClientQuotasRequest'))
      }
    }
  }
  const value: AlterClientQuotasRequest = { entries: f_entries, validateOnly: f_validateOnly }
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

const OpDataSchema: StructSchema = {
  name: 'OpData',
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
    {
      name: 'remove',
      type: 'bool',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createOpData(),
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
      name: 'ops',
      type: 'array',
      element: OpDataSchema,
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

const AlterClientQuotasRequestSchema: StructSchema = {
  name: 'AlterClientQuotasRequest',
  versions: [0, 1],
  fields: [
    {
      name: 'entries',
      type: 'array',
      element: EntryDataSchema,
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
  create: () => createAlterClientQuotasRequest(),
}

/** The AlterClientQuotasRequest codec: versions 0-1. */
export const AlterClientQuotasRequestCodec: MessageCodec<AlterClientQuotasRequest> = defineCodec<AlterClientQuotasRequest>({
  name: 'AlterClientQuotasRequest',
  apiKey: 49,
  type: 'request',
  versions: [0, 1],
  flexibleVersions: [1, 32767],
  latestVersionUnstable: false,
  schema: AlterClientQuotasRequestSchema,
  create: createAlterClientQuotasRequest,
  size: sizeAlterClientQuotasRequest,
  write: writeAlterClientQuotasRequest,
  read: readAlterClientQuotasRequest,
})
