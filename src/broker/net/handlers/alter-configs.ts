/**
 * AlterConfigs (API key 33), versions 0-2 (Kafka 4.0's): the legacy, whole-set alteration, over
 * `Broker.alterConfigs` (a topic's configs become exactly the ones given; the others return to
 * their defaults). Also the resource rules IncrementalAlterConfigs shares ({@link alterResources}).
 *
 * Kafka's rules followed (Kafka 4.0 `ControllerApis.handleLegacyAlterConfigs` and
 * `handleIncrementalAlterConfigs`, `ConfigurationControlManager`):
 * - a resource type Kafka does not know: UNSUPPORTED_VERSION "Unknown resource type N." for it;
 * - a resource named twice: one INVALID_REQUEST "Duplicate resource." result, not changed;
 * - a topic: unknown is UNKNOWN_TOPIC_OR_PARTITION; configs are validated by `topic-config.ts`
 *   (an unknown name or a refused value: INVALID_CONFIG), all or nothing; a null value is
 *   INVALID_REQUEST;
 * - the broker resource: this broker's settings are read-only (`BrokerOptions`, fixed while it
 *   runs), so altering them is INVALID_REQUEST, as Kafka answers for a config that cannot be updated
 *   dynamically; other types (BROKER_LOGGER, CLIENT_METRICS, GROUP): INVALID_REQUEST;
 * - `validate_only`: checked, not stored.
 * Difference: a topic config that shapes the partitions' logs (segments, retention, compaction,
 * fsync: the `reopen` configs of `topic-config.ts`) is stored at once and described at once, but
 * the open logs take it when the broker next opens the topic; Kafka applies most of them live.
 *
 * Concurrency: the broker's thread; the broker serialises admin calls.
 */
import { LogError } from '../../../index.js'
import { API_KEYS } from '../../../protocol/index.js'
import { AlterConfigsRequestCodec } from '../../../protocol/messages/alter-configs-request.js'
import { createAlterConfigsResourceResponse, createAlterConfigsResponse } from '../../../protocol/messages/alter-configs-response.js'
import type { AdminBroker } from './admin-broker.js'
import { KafkaError, toKafkaError } from '../../errors.js'
import type { ApiHandler } from '../handler.js'
import { adminError, type AdminError } from './admin-rules.js'
import { RESOURCE_TYPE } from './config-entries.js'

const KNOWN_TYPES = new Set<number>(Object.values(RESOURCE_TYPE).filter((t) => t !== RESOURCE_TYPE.UNKNOWN))

/** One resource's answer (both APIs' response structs have these fields). */
export interface AlterResult extends AdminError {
  resourceType: number
  resourceName: string
}

/**
 * Kafka's resource rules for both alteration APIs: `apply` is called for each topic resource that
 * is not a duplicate and has a known type; every other resource gets its error.
 */
export async function alterResources<R extends { resourceType: number; resourceName: string }>(
  resources: readonly R[],
  broker: AdminBroker,
  apply: (resource: R) => Promise<AdminError | undefined>,
): Promise<AlterResult[]> {
  const results: AlterResult[] = []
  const answer = (r: R, error: AdminError | undefined): void => {
    results.push({
      resourceType: r.resourceType,
      resourceName: r.resourceName,
      errorCode: error?.errorCode ?? KafkaError.NONE,
      errorMessage: error?.errorMessage ?? null,
    })
  }
  const key = (r: R): string => `${r.resourceType}:${r.resourceName}`
  const seen = new Map<string, number>()
  for (const r of resources) if (KNOWN_TYPES.has(r.resourceType)) seen.set(key(r), (seen.get(key(r)) ?? 0) + 1)
  const answeredDuplicate = new Set<string>()
  for (const r of resources) {
    if (!KNOWN_TYPES.has(r.resourceType)) {
      answer(r, adminError('UNSUPPORTED_VERSION', `Unknown resource type ${r.resourceType}.`))
    } else if (seen.get(key(r))! > 1) {
      if (!answeredDuplicate.has(key(r))) answer(r, adminError('INVALID_REQUEST', 'Duplicate resource.'))
      answeredDuplicate.add(key(r))
    }
  }
  for (const r of resources) {
    if (!KNOWN_TYPES.has(r.resourceType) || seen.get(key(r))! > 1) continue
    if (r.resourceType === RESOURCE_TYPE.BROKER) {
      answer(r, adminError('INVALID_REQUEST', 'The broker configs of this broker are read-only (BrokerOptions)'))
    } else if (r.resourceType !== RESOURCE_TYPE.TOPIC) {
      answer(r, adminError('INVALID_REQUEST', `Unsupported resource type ${r.resourceType}: this broker has no such configs`))
    } else if (broker.topic(r.resourceName) === undefined) {
      answer(r, adminError('UNKNOWN_TOPIC_OR_PARTITION', `Topic ${r.resourceName} does not exist.`))
    } else {
      try {
        answer(r, await apply(r))
      } catch (err) {
        if (!(err instanceof LogError)) throw err
        const { errorCode, errorMessage } = toKafkaError(err)
        answer(r, { errorCode, errorMessage })
      }
    }
  }
  return results
}

/**
 * The AlterConfigs handler over `broker`.
 * @param broker - the broker whose topic configs are altered
 */
export function alterConfigsHandler(broker: AdminBroker): ApiHandler<typeof API_KEYS.AlterConfigs> {
  return {
    apiKey: API_KEYS.AlterConfigs,
    versions: AlterConfigsRequestCodec.versions,
    async handle(request) {
      const { resources, validateOnly } = request.body
      const results = await alterResources(resources, broker, async (r) => {
        const configs = Object.create(null) as Record<string, string>
        for (const c of r.configs) {
          if (c.value === null) return adminError('INVALID_REQUEST', `Null value not supported for : ${c.name}`)
          configs[c.name] = c.value
        }
        await broker.alterConfigs(r.resourceName, configs, { validateOnly })
        return undefined
      })
      return createAlterConfigsResponse({ responses: results.map((r) => createAlterConfigsResourceResponse(r)) })
    },
  }
}
