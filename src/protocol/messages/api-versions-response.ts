/**
 * ApiVersionsResponse (API key 18): generated from vendor/kafka-messages/ApiVersionsResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-4; flexible versions 3+.
 */
import { defineCodec } from '../codec.js'
import { unsupportedVersion } from '../errors.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** ApiVersionsResponse, versions 0-4. */
export interface ApiVersionsResponse {
  /** The top-level error code. (versions 0+) */
  errorCode: number
  /** The APIs supported by the broker. (versions 0+) */
  apiKeys: ApiVersion[]
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 1+; ignorable) */
  throttleTimeMs: number
  /** Features supported by the broker. Note: in v0-v3, features with MinSupportedVersion = 0 are omitted. (versions 3+; tagged 3+ (tag 0); ignorable) */
  supportedFeatures: SupportedFeatureKey[]
  /** The monotonically increasing epoch for the finalized features information. Valid values are >= 0. A value of -1 is special and represents unknown epoch. (versions 3+; tagged 3+ (tag 1); default -1; ignorable) */
  finalizedFeaturesEpoch: bigint
  /** List of cluster-wide finalized features. The information is valid only if FinalizedFeaturesEpoch >= 0. (versions 3+; tagged 3+ (tag 2); ignorable) */
  finalizedFeatures: FinalizedFeatureKey[]
  /** Set by a KRaft controller if the required configurations for ZK migration are present. (versions 3+; tagged 3+ (tag 3); default false; ignorable) */
  zkMigrationReady: boolean
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** ApiVersion, inside ApiVersionsResponse (versions 0-4). */
export interface ApiVersion {
  /** The API index. (versions 0+) */
  apiKey: number
  /** The minimum supported version, inclusive. (versions 0+) */
  minVersion: number
  /** The maximum supported version, inclusive. (versions 0+) */
  maxVersion: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** SupportedFeatureKey, inside ApiVersionsResponse (versions 3-4). */
export interface SupportedFeatureKey {
  /** The name of the feature. (versions 3+) */
  name: string
  /** The minimum supported version for the feature. (versions 3+) */
  minVersion: number
  /** The maximum supported version for the feature. (versions 3+) */
  maxVersion: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** FinalizedFeatureKey, inside ApiVersionsResponse (versions 3-4). */
export interface FinalizedFeatureKey {
  /** The name of the feature. (versions 3+) */
  name: string
  /** The cluster-wide finalized max version level for the feature. (versions 3+) */
  maxVersionLevel: number
  /** The cluster-wide finalized min version level for the feature. (versions 3+) */
  minVersionLevel: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link ApiVersionsResponse} with every field at its default, overridden by `fields`. */
export function createApiVersionsResponse(fields: Partial<ApiVersionsResponse> = {}): ApiVersionsResponse {
  return {
    errorCode: 0,
    apiKeys: [],
    throttleTimeMs: 0,
    supportedFeatures: [],
    finalizedFeaturesEpoch: -1n,
    finalizedFeatures: [],
    zkMigrationReady: false,
    ...fields,
  }
}

/** A new {@link ApiVersion} with every field at its default, overridden by `fields`. */
export function createApiVersion(fields: Partial<ApiVersion> = {}): ApiVersion {
  return { apiKey: 0, minVersion: 0, maxVersion: 0, ...fields }
}

/** A new {@link SupportedFeatureKey} with every field at its default, overridden by `fields`. */
export function createSupportedFeatureKey(fields: Partial<SupportedFeatureKey> = {}): SupportedFeatureKey {
  return { name: '', minVersion: 0, maxVersion: 0, ...fields }
}

/** A new {@link FinalizedFeatureKey} with every field at its default, overridden by `fields`. */
export function createFinalizedFeatureKey(fields: Partial<FinalizedFeatureKey> = {}): FinalizedFeatureKey {
  return { name: '', maxVersionLevel: 0, minVersionLevel: 0, ...fields }
}

function sizeApiVersion(v: ApiVersion, version: number): number {
  const flexible = version >= 3
  let size = 0
  size += 2
  size += 2
  size += 2
  if (flexible) {
    let numTagged = 0
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [], 'ApiVersionsResponse.apiKeys[]')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'ApiVersionsResponse.apiKeys[]')
  }
  return size
}

function writeApiVersion(w: ProtocolWriter, v: ApiVersion, version: number): void {
  const flexible = version >= 3
  w.int16(v.apiKey, 'ApiVersionsResponse.apiKeys[].apiKey')
  w.int16(v.minVersion, 'ApiVersionsResponse.apiKeys[].minVersion')
  w.int16(v.maxVersion, 'ApiVersionsResponse.apiKeys[].maxVersion')
  if (flexible) {
    const u = v.unknownTaggedFields
    w.uvarint(u?.length ?? 0)
    w.rawTaggedFields(u, 0, Infinity)
  }
}

function readApiVersion(r: ProtocolReader, version: number): ApiVersion {
  const flexible = version >= 3
  const f_apiKey: number = r.int16('ApiVersionsResponse.apiKeys[].apiKey')
  const f_minVersion: number = r.int16('ApiVersionsResponse.apiKeys[].minVersion')
  const f_maxVersion: number = r.int16('ApiVersionsResponse.apiKeys[].maxVersion')
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('ApiVersionsResponse.apiKeys[]')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('ApiVersionsResponse.apiKeys[]')
      const end = r.taggedFieldEnd('ApiVersionsResponse.apiKeys[]')
      switch (tag) {
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ApiVersionsResponse.apiKeys[]'))
      }
    }
  }
  const value: ApiVersion = { apiKey: f_apiKey, minVersion: f_minVersion, maxVersion: f_maxVersion }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeSupportedFeatureKey(v: SupportedFeatureKey, version: number): number {
  let size = 0
  size += sizeOfString(v.name, true, false, 'ApiVersionsResponse.supportedFeatures[].name')
  size += 2
  size += 2
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'ApiVersionsResponse.supportedFeatures[]')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeSupportedFeatureKey(w: ProtocolWriter, v: SupportedFeatureKey, version: number): void {
  w.string(v.name, true)
  w.int16(v.minVersion, 'ApiVersionsResponse.supportedFeatures[].minVersion')
  w.int16(v.maxVersion, 'ApiVersionsResponse.supportedFeatures[].maxVersion')
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readSupportedFeatureKey(r: ProtocolReader, version: number): SupportedFeatureKey {
  const f_name: string = r.string('ApiVersionsResponse.supportedFeatures[].name', true)
  const f_minVersion: number = r.int16('ApiVersionsResponse.supportedFeatures[].minVersion')
  const f_maxVersion: number = r.int16('ApiVersionsResponse.supportedFeatures[].maxVersion')
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('ApiVersionsResponse.supportedFeatures[]')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('ApiVersionsResponse.supportedFeatures[]')
    const end = r.taggedFieldEnd('ApiVersionsResponse.supportedFeatures[]')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ApiVersionsResponse.supportedFeatures[]'))
    }
  }
  const value: SupportedFeatureKey = { name: f_name, minVersion: f_minVersion, maxVersion: f_maxVersion }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeFinalizedFeatureKey(v: FinalizedFeatureKey, version: number): number {
  let size = 0
  size += sizeOfString(v.name, true, false, 'ApiVersionsResponse.finalizedFeatures[].name')
  size += 2
  size += 2
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'ApiVersionsResponse.finalizedFeatures[]')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeFinalizedFeatureKey(w: ProtocolWriter, v: FinalizedFeatureKey, version: number): void {
  w.string(v.name, true)
  w.int16(v.maxVersionLevel, 'ApiVersionsResponse.finalizedFeatures[].maxVersionLevel')
  w.int16(v.minVersionLevel, 'ApiVersionsResponse.finalizedFeatures[].minVersionLevel')
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readFinalizedFeatureKey(r: ProtocolReader, version: number): FinalizedFeatureKey {
  const f_name: string = r.string('ApiVersionsResponse.finalizedFeatures[].name', true)
  const f_maxVersionLevel: number = r.int16('ApiVersionsResponse.finalizedFeatures[].maxVersionLevel')
  const f_minVersionLevel: number = r.int16('ApiVersionsResponse.finalizedFeatures[].minVersionLevel')
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('ApiVersionsResponse.finalizedFeatures[]')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('ApiVersionsResponse.finalizedFeatures[]')
    const end = r.taggedFieldEnd('ApiVersionsResponse.finalizedFeatures[]')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ApiVersionsResponse.finalizedFeatures[]'))
    }
  }
  const value: FinalizedFeatureKey = { name: f_name, maxVersionLevel: f_maxVersionLevel, minVersionLevel: f_minVersionLevel }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeApiVersionsResponse(v: ApiVersionsResponse, version: number): number {
  const flexible = version >= 3
  let size = 0
  size += 2
  size += sizeOfArrayLength(v.apiKeys, version >= 3, false, 'ApiVersionsResponse.apiKeys')
  for (const e of v.apiKeys) size += sizeApiVersion(e, version)
  if (version >= 1) {
    size += 4
  }
  if (flexible) {
    let numTagged = 0
    if (v.supportedFeatures.length !== 0) {
      numTagged++
      let n = 0
      n += sizeOfArrayLength(v.supportedFeatures, true, false, 'ApiVersionsResponse.supportedFeatures')
      for (const e of v.supportedFeatures) n += sizeSupportedFeatureKey(e, version)
      size += sizeOfUvarint(0) + sizeOfUvarint(n) + n
    }
    if (v.finalizedFeaturesEpoch !== -1n) {
      numTagged++
      let n = 0
      n += 8
      size += sizeOfUvarint(1) + sizeOfUvarint(n) + n
    }
    if (v.finalizedFeatures.length !== 0) {
      numTagged++
      let n = 0
      n += sizeOfArrayLength(v.finalizedFeatures, true, false, 'ApiVersionsResponse.finalizedFeatures')
      for (const e of v.finalizedFeatures) n += sizeFinalizedFeatureKey(e, version)
      size += sizeOfUvarint(2) + sizeOfUvarint(n) + n
    }
    if (v.zkMigrationReady !== false) {
      numTagged++
      let n = 0
      n += 1
      size += sizeOfUvarint(3) + sizeOfUvarint(n) + n
    }
    const u = v.unknownTaggedFields
    if (u !== undefined && u.length > 0) {
      numTagged += u.length
      size += sizeOfRawTaggedFields(u, [0, 1, 2, 3], 'ApiVersionsResponse')
    }
    size += sizeOfUvarint(numTagged)
  } else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {
    throw unsupportedVersion(`tagged fields at version ${version}, which has none`, 'ApiVersionsResponse')
  }
  return size
}

function writeApiVersionsResponse(w: ProtocolWriter, v: ApiVersionsResponse, version: number): void {
  const flexible = version >= 3
  w.int16(v.errorCode, 'ApiVersionsResponse.errorCode')
  w.arrayLength(v.apiKeys, version >= 3)
  for (const e of v.apiKeys) writeApiVersion(w, e, version)
  if (version >= 1) {
    w.int32(v.throttleTimeMs, 'ApiVersionsResponse.throttleTimeMs')
  }
  if (flexible) {
    const u = v.unknownTaggedFields
    const t_supportedFeatures = v.supportedFeatures.length !== 0
    const t_finalizedFeaturesEpoch = v.finalizedFeaturesEpoch !== -1n
    const t_finalizedFeatures = v.finalizedFeatures.length !== 0
    const t_zkMigrationReady = v.zkMigrationReady !== false
    w.uvarint(
      (t_supportedFeatures ? 1 : 0) +
        (t_finalizedFeaturesEpoch ? 1 : 0) +
        (t_finalizedFeatures ? 1 : 0) +
        (t_zkMigrationReady ? 1 : 0) +
        (u?.length ?? 0),
    )
    let ui = 0
    ui = w.rawTaggedFields(u, ui, 0)
    if (t_supportedFeatures) {
      w.uvarint(0)
      let n = 0
      n += sizeOfArrayLength(v.supportedFeatures, true, false, 'ApiVersionsResponse.supportedFeatures')
      for (const e of v.supportedFeatures) n += sizeSupportedFeatureKey(e, version)
      w.uvarint(n)
      w.arrayLength(v.supportedFeatures, true)
      for (const e of v.supportedFeatures) writeSupportedFeatureKey(w, e, version)
    }
    ui = w.rawTaggedFields(u, ui, 1)
    if (t_finalizedFeaturesEpoch) {
      w.uvarint(1)
      let n = 0
      n += 8
      w.uvarint(n)
      w.int64(v.finalizedFeaturesEpoch, 'ApiVersionsResponse.finalizedFeaturesEpoch')
    }
    ui = w.rawTaggedFields(u, ui, 2)
    if (t_finalizedFeatures) {
      w.uvarint(2)
      let n = 0
      n += sizeOfArrayLength(v.finalizedFeatures, true, false, 'ApiVersionsResponse.finalizedFeatures')
      for (const e of v.finalizedFeatures) n += sizeFinalizedFeatureKey(e, version)
      w.uvarint(n)
      w.arrayLength(v.finalizedFeatures, true)
      for (const e of v.finalizedFeatures) writeFinalizedFeatureKey(w, e, version)
    }
    ui = w.rawTaggedFields(u, ui, 3)
    if (t_zkMigrationReady) {
      w.uvarint(3)
      let n = 0
      n += 1
      w.uvarint(n)
      w.bool(v.zkMigrationReady, 'ApiVersionsResponse.zkMigrationReady')
    }
    w.rawTaggedFields(u, ui, Infinity)
  }
}

function readApiVersionsResponse(r: ProtocolReader, version: number): ApiVersionsResponse {
  const flexible = version >= 3
  const f_errorCode: number = r.int16('ApiVersionsResponse.errorCode')
  let f_apiKeys: ApiVersion[]
  {
    const n = r.arrayLength('ApiVersionsResponse.apiKeys', version >= 3, false, 6)
    const a: ApiVersion[] = []
    for (let i = 0; i < n; i++) a.push(readApiVersion(r, version))
    f_apiKeys = a
  }
  let f_throttleTimeMs: number = 0
  if (version >= 1) {
    f_throttleTimeMs = r.int32('ApiVersionsResponse.throttleTimeMs')
  }
  let f_supportedFeatures: SupportedFeatureKey[] = []
  let f_finalizedFeaturesEpoch: bigint = -1n
  let f_finalizedFeatures: FinalizedFeatureKey[] = []
  let f_zkMigrationReady: boolean = false
  let unknownTaggedFields: RawTaggedField[] | undefined
  if (flexible) {
    const count = r.taggedFieldCount('ApiVersionsResponse')
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint('ApiVersionsResponse')
      const end = r.taggedFieldEnd('ApiVersionsResponse')
      switch (tag) {
        case 0: {
          {
            const n = r.arrayLength('ApiVersionsResponse.supportedFeatures', true, false, 6)
            const a: SupportedFeatureKey[] = []
            for (let i = 0; i < n; i++) a.push(readSupportedFeatureKey(r, version))
            f_supportedFeatures = a
          }
          r.expectPosition(end, 'ApiVersionsResponse.supportedFeatures')
          break
        }
        case 1: {
          f_finalizedFeaturesEpoch = r.int64('ApiVersionsResponse.finalizedFeaturesEpoch')
          r.expectPosition(end, 'ApiVersionsResponse.finalizedFeaturesEpoch')
          break
        }
        case 2: {
          {
            const n = r.arrayLength('ApiVersionsResponse.finalizedFeatures', true, false, 6)
            const a: FinalizedFeatureKey[] = []
            for (let i = 0; i < n; i++) a.push(readFinalizedFeatureKey(r, version))
            f_finalizedFeatures = a
          }
          r.expectPosition(end, 'ApiVersionsResponse.finalizedFeatures')
          break
        }
        case 3: {
          f_zkMigrationReady = r.bool('ApiVersionsResponse.zkMigrationReady')
          r.expectPosition(end, 'ApiVersionsResponse.zkMigrationReady')
          break
        }
        default:
          ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ApiVersionsResponse'))
      }
    }
  }
  const value: ApiVersionsResponse = {
    errorCode: f_errorCode,
    apiKeys: f_apiKeys,
    throttleTimeMs: f_throttleTimeMs,
    supportedFeatures: f_supportedFeatures,
    finalizedFeaturesEpoch: f_finalizedFeaturesEpoch,
    finalizedFeatures: f_finalizedFeatures,
    zkMigrationReady: f_zkMigrationReady,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const ApiVersionSchema: StructSchema = {
  name: 'ApiVersion',
  versions: [0, 4],
  fields: [
    {
      name: 'apiKey',
      type: 'int16',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'minVersion',
      type: 'int16',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'maxVersion',
      type: 'int16',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createApiVersion(),
}

const SupportedFeatureKeySchema: StructSchema = {
  name: 'SupportedFeatureKey',
  versions: [3, 4],
  fields: [
    {
      name: 'name',
      type: 'string',
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'minVersion',
      type: 'int16',
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'maxVersion',
      type: 'int16',
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createSupportedFeatureKey(),
}

const FinalizedFeatureKeySchema: StructSchema = {
  name: 'FinalizedFeatureKey',
  versions: [3, 4],
  fields: [
    {
      name: 'name',
      type: 'string',
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'maxVersionLevel',
      type: 'int16',
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'minVersionLevel',
      type: 'int16',
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createFinalizedFeatureKey(),
}

const ApiVersionsResponseSchema: StructSchema = {
  name: 'ApiVersionsResponse',
  versions: [0, 4],
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
      name: 'apiKeys',
      type: 'array',
      element: ApiVersionSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'throttleTimeMs',
      type: 'int32',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'supportedFeatures',
      type: 'array',
      element: SupportedFeatureKeySchema,
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: [3, 32767],
      tag: 0,
      ignorable: true,
      default: '',
    },
    {
      name: 'finalizedFeaturesEpoch',
      type: 'int64',
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: [3, 32767],
      tag: 1,
      ignorable: true,
      default: '-1',
    },
    {
      name: 'finalizedFeatures',
      type: 'array',
      element: FinalizedFeatureKeySchema,
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: [3, 32767],
      tag: 2,
      ignorable: true,
      default: '',
    },
    {
      name: 'zkMigrationReady',
      type: 'bool',
      versions: [3, 32767],
      nullableVersions: null,
      taggedVersions: [3, 32767],
      tag: 3,
      ignorable: true,
      default: 'false',
    },
  ],
  create: () => createApiVersionsResponse(),
}

/** The ApiVersionsResponse codec: versions 0-4. */
export const ApiVersionsResponseCodec: MessageCodec<ApiVersionsResponse> = defineCodec<ApiVersionsResponse>({
  name: 'ApiVersionsResponse',
  apiKey: 18,
  type: 'response',
  versions: [0, 4],
  flexibleVersions: [3, 32767],
  latestVersionUnstable: false,
  schema: ApiVersionsResponseSchema,
  create: createApiVersionsResponse,
  size: sizeApiVersionsResponse,
  write: writeApiVersionsResponse,
  read: readApiVersionsResponse,
})
