/**
 * SaslHandshakeResponse (API key 17): generated from vendor/kafka-messages/SaslHandshakeResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-1; flexible versions none.
 */
import { defineCodec } from '../codec.js'
import { type ProtocolReader } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfString } from '../writer.js'

/** SaslHandshakeResponse, versions 0-1. */
export interface SaslHandshakeResponse {
  /** The error code, or 0 if there was no error. (versions 0+) */
  errorCode: number
  /** The mechanisms enabled in the server. (versions 0+) */
  mechanisms: string[]
}

/** A new {@link SaslHandshakeResponse} with every field at its default, overridden by `fields`. */
export function createSaslHandshakeResponse(fields: Partial<SaslHandshakeResponse> = {}): SaslHandshakeResponse {
  return { errorCode: 0, mechanisms: [], ...fields }
}

function sizeSaslHandshakeResponse(v: SaslHandshakeResponse, version: number): number {
  let size = 0
  size += 2
  size += sizeOfArrayLength(v.mechanisms, false, false, 'SaslHandshakeResponse.mechanisms')
  for (const e of v.mechanisms) size += sizeOfString(e, false, false, 'SaslHandshakeResponse.mechanisms[]')
  return size
}

function writeSaslHandshakeResponse(w: ProtocolWriter, v: SaslHandshakeResponse, version: number): void {
  w.int16(v.errorCode, 'SaslHandshakeResponse.errorCode')
  w.arrayLength(v.mechanisms, false)
  for (const e of v.mechanisms) w.string(e, false)
}

function readSaslHandshakeResponse(r: ProtocolReader, version: number): SaslHandshakeResponse {
  const f_errorCode: number = r.int16('SaslHandshakeResponse.errorCode')
  let f_mechanisms: string[]
  {
    const n = r.arrayLength('SaslHandshakeResponse.mechanisms', false, false, 2)
    const a: string[] = []
    for (let i = 0; i < n; i++) a.push(r.string('SaslHandshakeResponse.mechanisms[]', false))
    f_mechanisms = a
  }
  const value: SaslHandshakeResponse = { errorCode: f_errorCode, mechanisms: f_mechanisms }
  return value
}

const SaslHandshakeResponseSchema: StructSchema = {
  name: 'SaslHandshakeResponse',
  versions: [0, 1],
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
      name: 'mechanisms',
      type: 'array',
      element: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createSaslHandshakeResponse(),
}

/** The SaslHandshakeResponse codec: versions 0-1. */
export const SaslHandshakeResponseCodec: MessageCodec<SaslHandshakeResponse> = defineCodec<SaslHandshakeResponse>({
  name: 'SaslHandshakeResponse',
  apiKey: 17,
  type: 'response',
  versions: [0, 1],
  flexibleVersions: null,
  latestVersionUnstable: false,
  schema: SaslHandshakeResponseSchema,
  create: createSaslHandshakeResponse,
  size: sizeSaslHandshakeResponse,
  write: writeSaslHandshakeResponse,
  read: readSaslHandshakeResponse,
})
