/**
 * SaslHandshakeRequest (API key 17): generated from vendor/kafka-messages/SaslHandshakeRequest.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-1; flexible versions none.
 */
import { defineCodec } from '../codec.js'
import { type ProtocolReader } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfString } from '../writer.js'

/** SaslHandshakeRequest, versions 0-1. */
export interface SaslHandshakeRequest {
  /** The SASL mechanism chosen by the client. (versions 0+) */
  mechanism: string
}

/** A new {@link SaslHandshakeRequest} with every field at its default, overridden by `fields`. */
export function createSaslHandshakeRequest(fields: Partial<SaslHandshakeRequest> = {}): SaslHandshakeRequest {
  return { mechanism: '', ...fields }
}

function sizeSaslHandshakeRequest(v: SaslHandshakeRequest, version: number): number {
  let size = 0
  size += sizeOfString(v.mechanism, false, false, 'SaslHandshakeRequest.mechanism')
  return size
}

function writeSaslHandshakeRequest(w: ProtocolWriter, v: SaslHandshakeRequest, version: number): void {
  w.string(v.mechanism, false)
}

function readSaslHandshakeRequest(r: ProtocolReader, version: number): SaslHandshakeRequest {
  const f_mechanism: string = r.string('SaslHandshakeRequest.mechanism', false)
  const value: SaslHandshakeRequest = { mechanism: f_mechanism }
  return value
}

const SaslHandshakeRequestSchema: StructSchema = {
  name: 'SaslHandshakeRequest',
  versions: [0, 1],
  fields: [
    {
      name: 'mechanism',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createSaslHandshakeRequest(),
}

/** The SaslHandshakeRequest codec: versions 0-1. */
export const SaslHandshakeRequestCodec: MessageCodec<SaslHandshakeRequest> = defineCodec<SaslHandshakeRequest>({
  name: 'SaslHandshakeRequest',
  apiKey: 17,
  type: 'request',
  versions: [0, 1],
  flexibleVersions: null,
  latestVersionUnstable: false,
  schema: SaslHandshakeRequestSchema,
  create: createSaslHandshakeRequest,
  size: sizeSaslHandshakeRequest,
  write: writeSaslHandshakeRequest,
  read: readSaslHandshakeRequest,
})
