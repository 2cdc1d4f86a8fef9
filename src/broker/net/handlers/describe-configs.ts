/**
 * DescribeConfigs (API key 32), versions 1-4 (Kafka 4.0's): topic resources (type 2) and this
 * broker's resource (type 4, named by its node id). See config-entries.ts for what is listed.
 *
 * Kafka's rules followed (Kafka 4.0 `KafkaApis.handleDescribeConfigsRequest`, `ConfigHelper`):
 * - a resource type Kafka does not know (0, or an id no type has) fails the whole request: every
 *   resource gets INVALID_REQUEST ("Unexpected resource type ...");
 * - a topic: an illegal name is INVALID_TOPIC_EXCEPTION, an unknown one UNKNOWN_TOPIC_OR_PARTITION;
 * - the broker: the name must be this node's id (INVALID_REQUEST "Unexpected broker id, expected
 *   N or empty string, but received X", or "Broker id must be an integer" for a non-number); the
 *   empty name is the cluster-wide dynamic defaults, of which this broker has none (no configs);
 * - BROKER_LOGGER, CLIENT_METRICS and GROUP resources, which this broker has no configs for:
 *   INVALID_REQUEST for that resource (Kafka describes log4j loggers, metrics subscriptions and
 *   share/consumer group configs there);
 * - `configuration_keys` null lists every config, otherwise the named ones that exist;
 * - synonyms only when `include_synonyms` (v1+), documentation (v3+) only when
 *   `include_documentation`; the config type always (v3+); `config_source` from v1 (v0 and its
 *   `is_default` are not in Kafka 4.0).
 *
 * Concurrency: the broker's thread.
 */
import { LogError } from '../../../index.js'
import { API_KEYS } from '../../../protocol/index.js'
import { DescribeConfigsRequestCodec, type DescribeConfigsResource } from '../../../protocol/messages/describe-configs-request.js'
import {
  createDescribeConfigsResourceResult,
  createDescribeConfigsResponse,
  createDescribeConfigsResult,
  createDescribeConfigsSynonym,
  type DescribeConfigsResult,
} from '../../../protocol/messages/describe-configs-response.js'
import type { AdminBroker } from './admin-broker.js'
import { KafkaError, toKafkaError } from '../../errors.js'
import { validateTopicName } from '../../topic-name.js'
import type { ApiHandler } from '../handler.js'
import { brokerWireConfigs, RESOURCE_TYPE, topicWireConfigs, type DescribeOptions, type WireConfig } from './config-entries.js'

const KNOWN_TYPES = new Set<number>([
  RESOURCE_TYPE.TOPIC,
  RESOURCE_TYPE.BROKER,
  RESOURCE_TYPE.BROKER_LOGGER,
  RESOURCE_TYPE.CLIENT_METRICS,
  RESOURCE_TYPE.GROUP,
])

function error(resource: DescribeConfigsResource, code: keyof typeof KafkaError, message: string | null): DescribeConfigsResult {
  return createDescribeConfigsResult({
    errorCode: KafkaError[code],
    errorMessage: message,
    resourceType: resource.resourceType,
    resourceName: resource.resourceName,
  })
}

/** The configs of one resource, or its error. */
function describeResource(broker: AdminBroker, resource: DescribeConfigsResource, options: DescribeOptions): DescribeConfigsResult {
  let configs: WireConfig[]
  const name = resource.resourceName
  if (resource.resourceType === RESOURCE_TYPE.TOPIC) {
    try {
      validateTopicName(name)
    } catch (err) {
      if (!(err instanceof LogError)) throw err
      return error(resource, 'INVALID_TOPIC_EXCEPTION', err.message)
    }
    const topic = broker.topic(name)
    if (topic === undefined) return error(resource, 'UNKNOWN_TOPIC_OR_PARTITION', `Topic ${name} does not exist.`)
    configs = topicWireConfigs(topic.configs, broker.options.topicDefaults, options)
  } else if (resource.resourceType === RESOURCE_TYPE.BROKER) {
    if (name === '') configs = []
    else if (!/^-?\d+$/.test(name) || !Number.isSafeInteger(Number(name))) {
      return error(resource, 'INVALID_REQUEST', `Broker id must be an integer, but it is: ${name}`)
    } else if (Number(name) !== broker.nodeId) {
      return error(resource, 'INVALID_REQUEST', `Unexpected broker id, expected ${broker.nodeId} or empty string, but received ${name}`)
    } else configs = brokerWireConfigs(broker, options)
  } else {
    return error(
      resource,
      'INVALID_REQUEST',
      `Unsupported resource type ${resource.resourceType} for resource ${name}: this broker has no such configs`,
    )
  }
  const keys = resource.configurationKeys === null ? undefined : new Set(resource.configurationKeys)
  return createDescribeConfigsResult({
    resourceType: resource.resourceType,
    resourceName: name,
    configs: configs
      .filter((c) => keys === undefined || keys.has(c.name))
      .map((c) =>
        createDescribeConfigsResourceResult({
          name: c.name,
          value: c.value,
          readOnly: c.readOnly,
          configSource: c.configSource,
          isSensitive: c.isSensitive,
          synonyms: c.synonyms.map((s) => createDescribeConfigsSynonym(s)),
          configType: c.configType,
          documentation: c.documentation,
        }),
      ),
  })
}

/**
 * The DescribeConfigs handler over `broker`.
 * @param broker - the broker whose configs are described
 */
export function describeConfigsHandler(broker: AdminBroker): ApiHandler<typeof API_KEYS.DescribeConfigs> {
  return {
    apiKey: API_KEYS.DescribeConfigs,
    versions: DescribeConfigsRequestCodec.versions,
    handle(request) {
      const { resources, includeSynonyms, includeDocumentation } = request.body
      const unknown = resources.find((r) => !KNOWN_TYPES.has(r.resourceType))
      if (unknown !== undefined) {
        const message = `Unexpected resource type ${unknown.resourceType} for resource ${unknown.resourceName}`
        return createDescribeConfigsResponse({ results: resources.map((r) => error(r, 'INVALID_REQUEST', message)) })
      }
      const options = { includeSynonyms, includeDocumentation: request.apiVersion >= 3 && includeDocumentation }
      const results: DescribeConfigsResult[] = []
      for (const resource of resources) {
        try {
          results.push(describeResource(broker, resource, options))
        } catch (err) {
          if (!(err instanceof LogError)) throw err
          const { errorCode, errorMessage } = toKafkaError(err)
          results.push(
            createDescribeConfigsResult({
              errorCode,
              errorMessage,
              resourceType: resource.resourceType,
              resourceName: resource.resourceName,
            }),
          )
        }
      }
      return createDescribeConfigsResponse({ results })
    },
  }
}
