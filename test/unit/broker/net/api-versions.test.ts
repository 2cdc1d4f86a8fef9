/**
 * ApiVersions from the handler table, as Kafka 4.0 answers it (test/kafka/listener-parity.test.ts
 * compares the answers with a real Kafka broker's).
 */
import { describe, expect, it } from 'vitest'
import { handlerTable } from '../../../../src/broker/net/handler.js'
import {
  advertisedApiVersions,
  apiVersionsHandler,
  isValidClientSoftware,
  unsupportedApiVersionsResponse,
} from '../../../../src/broker/net/handlers/api-versions.js'
import { saslHandshakeHandler } from '../../../../src/broker/net/handlers/sasl-handshake.js'
import { createApiVersionsRequest } from '../../../../src/protocol/messages/api-versions-request.js'
import { ApiVersionsResponseCodec, type ApiVersionsResponse } from '../../../../src/protocol/messages/api-versions-response.js'
import { stubHandler } from '../../../helpers/stub-handlers.js'

const context = { signal: new AbortController().signal } as never
const request = (apiVersion: number, name = 'kafkajs', version = '2.2.4') => ({
  apiKey: 18 as const,
  apiVersion,
  correlationId: 1,
  clientId: 'c',
  header: { requestApiKey: 18, requestApiVersion: apiVersion, correlationId: 1, clientId: 'c' },
  body: createApiVersionsRequest({ clientSoftwareName: name, clientSoftwareVersion: version }),
})

describe('advertisedApiVersions', () => {
  it('lists exactly the handlers, with their ranges, plus ApiVersions 0-4, in key order', () => {
    const table = handlerTable([stubHandler(3, { versions: [0, 13] }), stubHandler(1, { versions: [4, 17] }), saslHandshakeHandler])
    expect(advertisedApiVersions(table).map((e) => [e.apiKey, e.minVersion, e.maxVersion])).toEqual([
      [1, 4, 17],
      [3, 0, 13],
      [17, 0, 1],
      [18, 0, 4],
    ])
  })

  it('lists Produce from version 0 whatever its handler serves (KAFKA-18659)', () => {
    const entries = advertisedApiVersions(handlerTable([stubHandler(0, { versions: [3, 12] })]))
    expect(entries.find((e) => e.apiKey === 0)).toMatchObject({ minVersion: 0, maxVersion: 12 })
  })

  it('an empty table advertises ApiVersions alone', () => {
    expect(advertisedApiVersions(new Map())).toEqual([{ apiKey: 18, minVersion: 0, maxVersion: 4 }])
  })
})

describe('the ApiVersions handler', () => {
  const handler = apiVersionsHandler(handlerTable([stubHandler(0, { versions: [3, 12] })]))

  it.each([0, 1, 2, 3, 4])('answers v%i with the list, no features, epoch -1, encodable at that version', async (version) => {
    const answer = (await handler.handle(request(version), context)) as ApiVersionsResponse
    expect(answer.errorCode).toBe(0)
    expect(answer.apiKeys.map((e) => e.apiKey)).toEqual([0, 18])
    expect(answer).toMatchObject({
      throttleTimeMs: 0,
      supportedFeatures: [],
      finalizedFeatures: [],
      finalizedFeaturesEpoch: -1n,
      zkMigrationReady: false,
    })
    const bytes = ApiVersionsResponseCodec.encode(answer, version)
    expect(ApiVersionsResponseCodec.decode(bytes, version).apiKeys).toEqual(answer.apiKeys)
  })

  it('answers INVALID_REQUEST with no entries to a v3+ request with invalid client software', async () => {
    const answer = (await handler.handle(request(3, 'bad name', '1'), context)) as ApiVersionsResponse
    expect(answer.errorCode).toBe(42)
    expect(answer.apiKeys).toEqual([])
  })

  it('does not check the client software below v3 (the fields do not exist there)', async () => {
    const answer = (await handler.handle(request(2, '', ''), context)) as ApiVersionsResponse
    expect(answer.errorCode).toBe(0)
  })

  it('the unsupported-version answer lists ApiVersions 0-4 only, error 35, and encodes at v0', () => {
    const body = unsupportedApiVersionsResponse()
    expect(body.errorCode).toBe(35)
    expect(body.apiKeys).toEqual([{ apiKey: 18, minVersion: 0, maxVersion: 4 }])
    expect(ApiVersionsResponseCodec.encode(body, 0).toString('hex')).toBe('0023' + '00000001' + '0012' + '0000' + '0004')
  })
})

describe('isValidClientSoftware (Kafka pattern [a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?)', () => {
  it.each([
    ['apache-kafka-java', '4.0.0', true],
    ['librdkafka', '2.0.2', true],
    ['a', '1', true],
    ['', '1', false],
    ['a', '', false],
    ['-a', '1', false],
    ['a-', '1', false],
    ['a_b', '1', false],
    ['a b', '1', false],
    ['a', '1.0-SNAPSHOT', true],
    ['a', '1.0.', false],
  ])('%j %j: %s', (name, version, valid) => {
    expect(isValidClientSoftware(name, version)).toBe(valid)
  })
})
