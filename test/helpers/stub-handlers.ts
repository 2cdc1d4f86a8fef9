/**
 * Stub handlers for listener tests: each answers with its response's default body (every field at
 * its default, which every version can encode), optionally after running a hook.
 */
import { API_CODECS, supportedApis, type ApiKey, type ResponseBodies, type VersionRange } from '../../src/protocol/index.js'
import type { AnyApiHandler, ApiHandler, ApiRequest, HandlerResult, RequestContext } from '../../src/broker/net/index.js'

/** A stub handler of `apiKey` over `versions` (default: every stable version with codecs). */
export function stubHandler<K extends ApiKey>(
  apiKey: K,
  options: {
    versions?: VersionRange
    handle?: (request: ApiRequest<K>, context: RequestContext) => Promise<HandlerResult<K>> | HandlerResult<K>
  } = {},
): ApiHandler<K> {
  const api = API_CODECS.find((a) => a.apiKey === apiKey)!
  const stable = supportedApis().find((a) => a.apiKey === apiKey)!
  return {
    apiKey,
    versions: options.versions ?? [stable.minVersion, stable.maxVersion],
    handle: options.handle ?? (() => api.response.create() as ResponseBodies[K]),
  }
}

/** Stub handlers of every API with codecs except ApiVersions (answered by the listener). */
export function stubHandlersForAll(): AnyApiHandler[] {
  return API_CODECS.filter((a) => a.apiKey !== 18).map((a) => stubHandler(a.apiKey as ApiKey) as AnyApiHandler)
}
