/**
 * IncrementalAlterConfigs (API key 44), versions 0-1 (Kafka 4.0's), over
 * `Broker.incrementalAlterConfigs`: SET (0), DELETE (1, back to the default), APPEND (2) and
 * SUBTRACT (3, list configs only) per config, all or nothing per resource.
 *
 * Kafka's rules followed (`ControllerApis.handleIncrementalAlterConfigs`,
 * `ConfigurationControlManager.incrementalAlterConfigResource`): the resource rules of
 * AlterConfigs (alter-configs.ts: unknown types, duplicate resources, unknown topics, the read-only
 * broker resource); a config named twice in one resource is INVALID_REQUEST "Error due to duplicate
 * config keys"; an unknown operation is INVALID_REQUEST; a null value for SET, APPEND or SUBTRACT is
 * INVALID_REQUEST; APPEND or SUBTRACT on a config that is not a list, an unknown name or a refused
 * value is INVALID_CONFIG. The same difference as AlterConfigs for configs that shape the logs.
 *
 * Concurrency: the broker's thread; the broker serialises admin calls.
 */
import { API_KEYS } from '../../../protocol/index.js'
import { IncrementalAlterConfigsRequestCodec } from '../../../protocol/messages/incremental-alter-configs-request.js'
import {
  createAlterConfigsResourceResponse,
  createIncrementalAlterConfigsResponse,
} from '../../../protocol/messages/incremental-alter-configs-response.js'
import type { AdminBroker } from './admin-broker.js'
import type { ConfigChange } from '../../topic-config.js'
import type { ApiHandler } from '../handler.js'
import { adminError } from './admin-rules.js'
import { alterResources } from './alter-configs.js'

/** Kafka's `AlterConfigOp.OpType` ids. */
const OPS: readonly ConfigChange['op'][] = ['set', 'delete', 'append', 'subtract']

/**
 * The IncrementalAlterConfigs handler over `broker`.
 * @param broker - the broker whose topic configs are altered
 */
export function incrementalAlterConfigsHandler(broker: AdminBroker): ApiHandler<typeof API_KEYS.IncrementalAlterConfigs> {
  return {
    apiKey: API_KEYS.IncrementalAlterConfigs,
    versions: IncrementalAlterConfigsRequestCodec.versions,
    async handle(request) {
      const { resources, validateOnly } = request.body
      const results = await alterResources(resources, broker, async (r) => {
        const names = new Set<string>()
        const changes: ConfigChange[] = []
        for (const c of r.configs) {
          if (names.has(c.name)) return adminError('INVALID_REQUEST', 'Error due to duplicate config keys')
          names.add(c.name)
          const op = OPS[c.configOperation]
          if (op === undefined) return adminError('INVALID_REQUEST', `Unknown alter config operation type ${c.configOperation}`)
          if (op === 'delete') changes.push({ name: c.name, op })
          else if (c.value === null) return adminError('INVALID_REQUEST', `Null value not supported for : ${c.name}`)
          else changes.push({ name: c.name, op, value: c.value })
        }
        await broker.incrementalAlterConfigs(r.resourceName, changes, { validateOnly })
        return undefined
      })
      return createIncrementalAlterConfigsResponse({ responses: results.map((r) => createAlterConfigsResourceResponse(r)) })
    },
  }
}
