/**
 * The API registry: for every API with generated codecs, its key, name, valid and flexible
 * versions, request and response codecs, and the header versions Kafka uses for each version.
 *
 * Header versions follow Kafka's `ApiMessageType.requestHeaderVersion`/`responseHeaderVersion`:
 * a request header is v2 in the API's flexible versions and v1 otherwise (v0 is gone since Kafka
 * 4.0); a response header is v1 in flexible versions and v0 otherwise, except that ApiVersions
 * responses always use v0, so that a client that does not yet know the broker's versions can read
 * the answer. Both are defined for any version number, supported or not (the broker must read the
 * header of an ApiVersions request of a version it does not support to answer it).
 *
 * Pure: no I/O. Immutable.
 */
import { API_CODECS, API_KEYS } from './messages/index.js'
import type { ApiCodecs, VersionRange } from './schema.js'

const BY_KEY: ReadonlyMap<number, ApiCodecs> = new Map(API_CODECS.map((a) => [a.apiKey, a]))

/**
 * The codecs of the API with key `apiKey`, or undefined when none were generated.
 * @param apiKey - the API key from a request header
 */
export function apiByKey(apiKey: number): ApiCodecs | undefined {
  return BY_KEY.get(apiKey)
}

/** Every API with generated codecs, in API key order. */
export function allApis(): readonly ApiCodecs[] {
  return API_CODECS
}

const inRange = (r: VersionRange | null, v: number): boolean => r !== null && v >= r[0] && v <= r[1]

/**
 * Whether `apiVersion` of API `apiKey` has generated codecs.
 * @param apiKey - the API key
 * @param apiVersion - the API version
 */
export function isVersionSupported(apiKey: number, apiVersion: number): boolean {
  const api = BY_KEY.get(apiKey)
  return api !== undefined && inRange(api.request.versions, apiVersion)
}

/**
 * Whether `apiVersion` of API `apiKey` is flexible (compact lengths, tagged fields). Defined for
 * versions beyond the supported ones too, as Kafka's open-ended `N+` ranges are.
 * @throws RangeError when no API has key `apiKey`
 */
export function isFlexibleVersion(apiKey: number, apiVersion: number): boolean {
  const api = BY_KEY.get(apiKey)
  if (api === undefined) throw new RangeError(`no API with key ${apiKey}`)
  return inRange(api.request.flexibleVersions, apiVersion)
}

/**
 * The request header version of `apiVersion` of API `apiKey`: 2 in flexible versions, 1 otherwise.
 * @throws RangeError when no API has key `apiKey`
 */
export function requestHeaderVersion(apiKey: number, apiVersion: number): number {
  return isFlexibleVersion(apiKey, apiVersion) ? 2 : 1
}

/**
 * The response header version of `apiVersion` of API `apiKey`: 1 in the response's flexible
 * versions, 0 otherwise, and always 0 for ApiVersions.
 * @throws RangeError when no API has key `apiKey`
 */
export function responseHeaderVersion(apiKey: number, apiVersion: number): number {
  const api = BY_KEY.get(apiKey)
  if (api === undefined) throw new RangeError(`no API with key ${apiKey}`)
  if (apiKey === API_KEYS.ApiVersions) return 0
  return inRange(api.response.flexibleVersions, apiVersion) ? 1 : 0
}

/** One API's version range, as an ApiVersions response lists it. */
export interface SupportedApi {
  /** The API key. */
  readonly apiKey: number
  /** The lowest version with codecs. */
  readonly minVersion: number
  /** The highest version with codecs (see {@link supportedApis} on unstable versions). */
  readonly maxVersion: number
}

/**
 * The version range of every API with codecs, for an ApiVersions response. A version that Kafka
 * marks unstable (`latestVersionUnstable`, not advertised by Kafka brokers unless
 * `unstable.api.versions.enable`) is left out unless `includeUnstable` is true.
 * @param options - `includeUnstable`, default false
 */
export function supportedApis(options: { includeUnstable?: boolean } = {}): SupportedApi[] {
  return API_CODECS.map((a) => {
    const [minVersion, highest] = a.request.versions
    const unstable = !options.includeUnstable && (a.request.latestVersionUnstable || a.response.latestVersionUnstable)
    return { apiKey: a.apiKey, minVersion, maxVersion: unstable ? highest - 1 : highest }
  })
}
