/**
 * Request and response framing (src/protocol/framing.ts): size prefix, header versions by API and
 * version, Kafka's header quirks (null client id, ApiVersions responses on header v0, unsupported
 * ApiVersions versions still parseable), and hand-checked frame bytes.
 */
import { describe, expect, it } from 'vitest'

import { ProtocolError, type ProtocolErrorCode } from '../../../src/protocol/errors.js'
import {
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  parseRequestHeader,
  readFrameSize,
} from '../../../src/protocol/framing.js'
import { API_KEYS } from '../../../src/protocol/messages/index.js'
import { ApiVersionsResponseCodec } from '../../../src/protocol/messages/api-versions-response.js'
import { FetchResponseCodec } from '../../../src/protocol/messages/fetch-response.js'
import { MetadataRequestCodec } from '../../../src/protocol/messages/metadata-request.js'

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex')
const unprefixed = (frame: Buffer): Buffer => {
  expect(frame.readInt32BE(0)).toBe(frame.length - 4)
  return frame.subarray(4)
}

function code(fn: () => unknown): ProtocolErrorCode | undefined {
  try {
    fn()
    return undefined
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err
    return err.code
  }
}

describe('framing', () => {
  it('encodes an ApiVersions v3 request with header v2 as the Java client does', () => {
    const frame = encodeRequest(API_KEYS.ApiVersions, 3, 1, 'c', { clientSoftwareName: 'k', clientSoftwareVersion: '1' })
    // size, api key 18, version 3, correlation 1, client id as an int16 string even in v2, no header
    // tags; body: two compact strings, no tags.
    expect(frame.toString('hex')).toBe('00000011' + '0012' + '0003' + '00000001' + '000163' + '00' + '026b' + '0231' + '00')
    const req = decodeRequest(unprefixed(frame))
    expect(req.apiKey).toBe(18)
    expect([req.apiVersion, req.correlationId, req.clientId, req.headerVersion, req.supported]).toEqual([3, 1, 'c', 2, true])
    if (req.apiKey !== API_KEYS.ApiVersions) throw new Error('narrowing')
    expect(req.body.clientSoftwareName).toBe('k')
  })

  it('uses header v1 in non-flexible versions and reads a null client id as empty', () => {
    const frame = encodeRequest(API_KEYS.Metadata, 8, 7, null, MetadataRequestCodec.create({ topics: null }))
    const req = decodeRequest(unprefixed(frame))
    expect([req.headerVersion, req.clientId, req.header.clientId]).toEqual([1, '', null])
    expect(unprefixed(frame).subarray(0, 10).toString('hex')).toBe('0003' + '0008' + '00000007' + 'ffff')
  })

  it('answers ApiVersions on response header v0 whatever the version, others on v1 when flexible', () => {
    const body = ApiVersionsResponseCodec.create({ apiKeys: [] })
    const v3 = encodeResponse(API_KEYS.ApiVersions, 3, 42, body)
    // size, correlation id, then straight into the body (no header tag section).
    expect(v3.toString('hex')).toBe('0000000c' + '0000002a' + '0000' + '01' + '00000000' + '00')
    expect(decodeResponse(API_KEYS.ApiVersions, 3, unprefixed(v3))).toEqual({ correlationId: 42, body })
    const fetch = FetchResponseCodec.create()
    const v12 = encodeResponse(API_KEYS.Fetch, 12, 5, fetch)
    expect(v12.subarray(4, 9).toString('hex')).toBe('00000005' + '00')
    const v11 = encodeResponse(API_KEYS.Fetch, 11, 5, fetch)
    expect(v11.length).toBe(4 + 4 + FetchResponseCodec.size(fetch, 11))
    expect(decodeResponse(API_KEYS.Fetch, 12, unprefixed(v12)).body).toEqual(fetch)
  })

  it('reads the header of an ApiVersions request of an unsupported version, so that the broker can answer it', () => {
    // ApiVersions v99: flexible by Kafka's open range, so header v2.
    const frame = hex('0012 0063 0000002a 0001 63 00 ffffff')
    const head = parseRequestHeader(frame)
    expect([head.apiKey, head.apiVersion, head.correlationId, head.clientId, head.headerVersion, head.supported]).toEqual([
      18,
      99,
      42,
      'c',
      2,
      false,
    ])
    expect(head.body.toString('hex')).toBe('ffffff')
    expect(code(() => decodeRequest(frame))).toBe('KLOG_PROTOCOL_UNSUPPORTED_VERSION')
  })

  it('refuses an unknown API key and malformed headers', () => {
    expect(code(() => parseRequestHeader(hex('7fff 0000 00000001 0000')))).toBe('KLOG_PROTOCOL_UNSUPPORTED_VERSION')
    expect(code(() => parseRequestHeader(hex('0012')))).toBe('KLOG_PROTOCOL_MALFORMED')
    expect(code(() => parseRequestHeader(hex('0012 0003 00000001 0005 63')))).toBe('KLOG_PROTOCOL_MALFORMED')
    expect(code(() => encodeResponse(99 as typeof API_KEYS.Fetch, 0, 1, FetchResponseCodec.create()))).toBe(
      'KLOG_PROTOCOL_UNSUPPORTED_VERSION',
    )
  })

  it('ignores bytes after a request body, as Kafka does', () => {
    const frame = Buffer.concat([
      unprefixed(encodeRequest(API_KEYS.Heartbeat, 4, 3, 'c', { groupId: 'g', generationId: 1, memberId: 'm', groupInstanceId: null })),
      hex('dead'),
    ])
    const req = decodeRequest(frame)
    expect(req.apiKey).toBe(API_KEYS.Heartbeat)
    expect(req.body).toEqual({ groupId: 'g', generationId: 1, memberId: 'm', groupInstanceId: null })
  })

  it('bounds the frame size before anything is allocated', () => {
    expect(readFrameSize(hex('00000010'))).toBe(16)
    expect(readFrameSize(hex('ff 00000010'), 1)).toBe(16)
    expect(code(() => readFrameSize(hex('ffffffff')))).toBe('KLOG_PROTOCOL_MALFORMED')
    expect(code(() => readFrameSize(hex('06400001')))).toBe('KLOG_PROTOCOL_MALFORMED')
    expect(readFrameSize(hex('06400001'), 0, 200 << 20)).toBe(0x06400001)
    expect(code(() => readFrameSize(hex('0000')))).toBe('KLOG_PROTOCOL_MALFORMED')
  })
})
