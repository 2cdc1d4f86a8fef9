/**
 * The API registry (src/protocol/api-registry.ts): the 30 APIs, header versions as Kafka's
 * ApiMessageType computes them, and the ranges an ApiVersions response advertises.
 */
import { describe, expect, it } from 'vitest'

import {
  allApis,
  apiByKey,
  isFlexibleVersion,
  isVersionSupported,
  requestHeaderVersion,
  responseHeaderVersion,
  supportedApis,
} from '../../../src/protocol/api-registry.js'
import { API_KEYS } from '../../../src/protocol/messages/index.js'

describe('API registry', () => {
  it('has the 30 APIs the broker needs, each with its request and response codec', () => {
    expect(allApis()).toHaveLength(30)
    for (const api of allApis()) {
      expect(apiByKey(api.apiKey)).toBe(api)
      expect(api.request.name).toBe(`${api.name}Request`)
      expect(api.response.name).toBe(`${api.name}Response`)
      expect(api.request.versions).toEqual(api.response.versions)
    }
    expect(apiByKey(API_KEYS.Produce)?.request.versions).toEqual([3, 12])
    expect(apiByKey(API_KEYS.Fetch)?.request.versions).toEqual([4, 17])
    expect(apiByKey(API_KEYS.ApiVersions)?.request.versions).toEqual([0, 4])
    expect(apiByKey(12345)).toBeUndefined()
  })

  it('derives header versions from flexible versions, ApiVersions responses always v0', () => {
    expect([requestHeaderVersion(API_KEYS.Fetch, 11), requestHeaderVersion(API_KEYS.Fetch, 12)]).toEqual([1, 2])
    expect([responseHeaderVersion(API_KEYS.Fetch, 11), responseHeaderVersion(API_KEYS.Fetch, 12)]).toEqual([0, 1])
    expect([requestHeaderVersion(API_KEYS.ApiVersions, 2), requestHeaderVersion(API_KEYS.ApiVersions, 3)]).toEqual([1, 2])
    expect([0, 1, 2, 3, 4, 99].map((v) => responseHeaderVersion(API_KEYS.ApiVersions, v))).toEqual([0, 0, 0, 0, 0, 0])
    expect([requestHeaderVersion(API_KEYS.Metadata, 8), requestHeaderVersion(API_KEYS.Metadata, 9)]).toEqual([1, 2])
    expect(requestHeaderVersion(API_KEYS.ConsumerGroupHeartbeat, 0)).toBe(2)
    expect(() => requestHeaderVersion(12345, 0)).toThrow(RangeError)
    expect(isFlexibleVersion(API_KEYS.Produce, 9)).toBe(true)
  })

  it('knows which versions have codecs', () => {
    expect([
      isVersionSupported(API_KEYS.Produce, 2),
      isVersionSupported(API_KEYS.Produce, 3),
      isVersionSupported(API_KEYS.Produce, 13),
    ]).toEqual([false, true, false])
    expect(isVersionSupported(12345, 0)).toBe(false)
  })

  it('lists every API for ApiVersions, leaving out versions Kafka marks unstable', () => {
    const all = supportedApis()
    expect(all.map((a) => a.apiKey)).toEqual(allApis().map((a) => a.apiKey))
    for (const a of all) {
      const api = apiByKey(a.apiKey)!
      const unstable = api.request.latestVersionUnstable || api.response.latestVersionUnstable
      expect(a.minVersion).toBe(api.request.versions[0])
      expect(a.maxVersion).toBe(api.request.versions[1] - (unstable ? 1 : 0))
    }
    expect(supportedApis({ includeUnstable: true }).every((a) => a.maxVersion === apiByKey(a.apiKey)!.request.versions[1])).toBe(true)
  })
})
