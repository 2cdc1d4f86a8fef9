/**
 * Routing one request frame (Kafka's order of checks): what reaches a handler, what is answered at
 * once, what closes the connection and why.
 */
import { describe, expect, it } from 'vitest'
import { routeRequest } from '../../../../src/broker/net/dispatch.js'
import { handlerTable, type HandlerTable } from '../../../../src/broker/net/handler.js'
import { apiVersionsHandler } from '../../../../src/broker/net/handlers/api-versions.js'
import { decodeResponse, encodeRequest } from '../../../../src/protocol/index.js'
import { stubHandler } from '../../../helpers/stub-handlers.js'
import { rawRequest } from '../../../helpers/wire-client.js'

const served = handlerTable([stubHandler(0, { versions: [3, 12] }), stubHandler(3, { versions: [4, 13] })])
const table: HandlerTable = new Map([...served, [18, apiVersionsHandler(served)]])
const body = (frame: Buffer): Buffer => frame.subarray(4)

describe('routeRequest', () => {
  it('hands a decoded request of a served version to its handler', () => {
    const frame = encodeRequest(3, 12, 42, 'me', {
      topics: null,
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: true,
    })
    const route = routeRequest(body(frame), table)
    expect(route.kind).toBe('handle')
    if (route.kind !== 'handle') return
    expect(route.handler).toBe(table.get(3))
    expect(route.request).toMatchObject({ apiKey: 3, apiVersion: 12, correlationId: 42, clientId: 'me' })
    expect(route.request.body).toMatchObject({ topics: null, includeTopicAuthorizedOperations: true })
  })

  it('answers an ApiVersions request of an unserved version without a handler: v0, UNSUPPORTED_VERSION', () => {
    const route = routeRequest(body(rawRequest({ apiKey: 18, apiVersion: 9, correlationId: 5, flexibleHeader: true })), table)
    expect(route.kind).toBe('respond')
    if (route.kind !== 'respond') return
    expect(route.response.readInt32BE(0)).toBe(route.response.length - 4)
    const { correlationId, body: answer } = decodeResponse(18, 0, route.response.subarray(4))
    expect(correlationId).toBe(5)
    expect(answer.errorCode).toBe(35)
    expect(answer.apiKeys).toEqual([{ apiKey: 18, minVersion: 0, maxVersion: 4 }])
  })

  it.each([
    ['an API key without codecs', rawRequest({ apiKey: 1000, apiVersion: 0, correlationId: 1 }), 'unsupported-api'],
    [
      'an API with codecs and no handler (Fetch)',
      rawRequest({ apiKey: 1, apiVersion: 12, correlationId: 1, flexibleHeader: true }),
      'unsupported-api',
    ],
    ['Produce v2: listed from 0, served from 3', rawRequest({ apiKey: 0, apiVersion: 2, correlationId: 1 }), 'unsupported-version'],
    ['Metadata v3: below the handler', rawRequest({ apiKey: 3, apiVersion: 3, correlationId: 1 }), 'unsupported-version'],
    [
      'Metadata v14: above the codecs',
      rawRequest({ apiKey: 3, apiVersion: 14, correlationId: 1, flexibleHeader: true }),
      'unsupported-version',
    ],
    ['a header cut short', Buffer.from([0, 0, 0, 5, 0, 3, 0, 12, 0]), 'malformed-request'],
    [
      'a Metadata v12 body cut short',
      rawRequest({ apiKey: 3, apiVersion: 12, correlationId: 1, flexibleHeader: true, body: Buffer.from([5]) }),
      'malformed-request',
    ],
  ])('closes on %s', (_what, frame, reason) => {
    const route = routeRequest(body(frame), table)
    expect(route).toMatchObject({ kind: 'close', reason })
  })

  it('reports the key and version of a request it closes on when the header had them', () => {
    const route = routeRequest(body(rawRequest({ apiKey: 0, apiVersion: 2, correlationId: 1 })), table)
    expect(route).toMatchObject({ kind: 'close', apiKey: 0, apiVersion: 2 })
  })
})
