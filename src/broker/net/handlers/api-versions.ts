/**
 * ApiVersions (API key 18), as a Kafka 4.0 broker answers it, built from the handler table: an API
 * is listed exactly when it has a handler, with the versions the handler serves, so an API that is
 * not (or not fully) served cannot be advertised.
 *
 * Kafka's rules followed (Kafka 4.0: `KafkaApis.handleApiVersionsRequest`, `ApiVersionsRequest`,
 * `RequestContext`, `ApiKeys`):
 * - versions 0-4 are served; a request of any other version is not parsed: it is answered with the
 *   v0 body, error UNSUPPORTED_VERSION (35) and ApiVersions' own range as the only entry (what
 *   Kafka's `ApiVersionsRequest.getErrorResponse` lists, KIP-511), so that the client retries with a
 *   version it and the broker share. See {@link unsupportedApiVersionsResponse}; the listener sends
 *   it without calling the handler.
 * - the response header is always v0 (the protocol module's `responseHeaderVersion`).
 * - from v3 the client names its software (KIP-511); a name or version that does not match Kafka's
 *   pattern `[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?` is answered INVALID_REQUEST (42) with no
 *   entries, as Kafka does.
 * - Produce is listed from version 0 whatever its handler's lowest version: librdkafka up to 2.11
 *   turns compression off unless Produce v0 is listed (KAFKA-18659), so Kafka 4.0 lists 0 while
 *   it refuses versions 0-2 (`ApiKeys.PRODUCE_API_VERSIONS_RESPONSE_MIN_VERSION`); the listener
 *   refuses them the same way (it closes the connection, as for any version not served).
 * - features: this broker has no KRaft feature levels (`metadata.version`, `kraft.version`, ...):
 *   `supportedFeatures` and `finalizedFeatures` are empty and `finalizedFeaturesEpoch` is -1
 *   (Kafka's "unknown epoch"), which is what a Kafka broker sends when it has no finalized features;
 *   `zkMigrationReady` is false. Clients read these only for feature-gated APIs (transactions v2,
 *   UpdateFeatures), which this broker does not serve.
 * - `throttleTimeMs` is 0: there are no quotas.
 *
 * Pure: builds response bodies. Safe from any thread.
 */
import { API_KEYS } from '../../../protocol/index.js'
import {
  createApiVersion,
  createApiVersionsResponse,
  type ApiVersion,
  type ApiVersionsResponse,
} from '../../../protocol/messages/api-versions-response.js'
import { ApiVersionsRequestCodec } from '../../../protocol/messages/api-versions-request.js'
import type { ApiHandler, HandlerTable } from '../handler.js'

/** Kafka's error code UNSUPPORTED_VERSION. */
export const UNSUPPORTED_VERSION = 35
/** Kafka's error code INVALID_REQUEST. */
export const INVALID_REQUEST = 42
/** The lowest Produce version listed, whatever is served (Kafka's `PRODUCE_API_VERSIONS_RESPONSE_MIN_VERSION`, KAFKA-18659). */
export const PRODUCE_API_VERSIONS_RESPONSE_MIN_VERSION = 0

// Kafka's ApiVersionsRequest.SOFTWARE_NAME_VERSION_PATTERN, matched against the whole string.
const SOFTWARE_NAME_VERSION = /^[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?$/

/**
 * Whether a client software name and version (ApiVersions v3+, KIP-511) are valid, by Kafka's pattern.
 * @param name - `clientSoftwareName`
 * @param version - `clientSoftwareVersion`
 */
export function isValidClientSoftware(name: string, version: string): boolean {
  return SOFTWARE_NAME_VERSION.test(name) && SOFTWARE_NAME_VERSION.test(version)
}

/** ApiVersions' own entry: the versions it serves (its codecs' range, 0-4). */
function apiVersionsEntry(): ApiVersion {
  const [minVersion, maxVersion] = ApiVersionsRequestCodec.versions
  return createApiVersion({ apiKey: API_KEYS.ApiVersions, minVersion, maxVersion })
}

/**
 * The entries an ApiVersions response lists for a handler table (ApiVersions itself included), in
 * API key order.
 * @param served - the handlers (an entry for ApiVersions, if any, is replaced by its own range)
 */
export function advertisedApiVersions(served: HandlerTable): ApiVersion[] {
  const entries = [...served.values()]
    .filter((h) => h.apiKey !== API_KEYS.ApiVersions)
    .map((h) =>
      createApiVersion({
        apiKey: h.apiKey,
        minVersion: h.apiKey === API_KEYS.Produce ? PRODUCE_API_VERSIONS_RESPONSE_MIN_VERSION : h.versions[0],
        maxVersion: h.versions[1],
      }),
    )
  entries.push(apiVersionsEntry())
  return entries.sort((a, b) => a.apiKey - b.apiKey)
}

/**
 * The body answering an ApiVersions request of a version that is not served: to be encoded at
 * version 0 (Kafka's `RequestContext.apiVersion()` for an unsupported ApiVersions request).
 */
export function unsupportedApiVersionsResponse(): ApiVersionsResponse {
  return createApiVersionsResponse({ errorCode: UNSUPPORTED_VERSION, apiKeys: [apiVersionsEntry()] })
}

/**
 * The ApiVersions handler for a handler table.
 * @param served - every other handler the listener serves (the list is computed once, now)
 */
export function apiVersionsHandler(served: HandlerTable): ApiHandler<typeof API_KEYS.ApiVersions> {
  const apiKeys = advertisedApiVersions(served)
  return {
    apiKey: API_KEYS.ApiVersions,
    versions: ApiVersionsRequestCodec.versions,
    handle(request) {
      const { clientSoftwareName, clientSoftwareVersion } = request.body
      if (request.apiVersion >= 3 && !isValidClientSoftware(clientSoftwareName, clientSoftwareVersion)) {
        return createApiVersionsResponse({ errorCode: INVALID_REQUEST })
      }
      return createApiVersionsResponse({ apiKeys: apiKeys.map((e) => ({ ...e })) })
    },
  }
}
