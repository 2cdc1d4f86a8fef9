/**
 * The admin APIs of the broker over the wire, as one list of handlers for the listener's table:
 * CreateTopics 2-7, DeleteTopics 1-6, DeleteRecords 0-2, DescribeConfigs 1-4, DescribeCluster 0-2,
 * CreatePartitions 0-3, AlterConfigs 0-2, IncrementalAlterConfigs 0-1 (Kafka 4.0's ranges; one
 * file per API beside this one). Each answers from
 * the in-process `Broker` and maps its failures to Kafka's error codes per topic or resource
 * (`errors.ts`), so no request that decodes makes a handler throw on a runtime condition.
 *
 * Concurrency: the broker's thread. The broker serialises admin calls; the listener runs requests
 * of one connection one at a time.
 */
import type { AdminBroker } from './admin-broker.js'
import type { AnyApiHandler } from '../handler.js'
import { alterConfigsHandler } from './alter-configs.js'
import { createPartitionsHandler } from './create-partitions.js'
import { createTopicsHandler } from './create-topics.js'
import { deleteRecordsHandler } from './delete-records.js'
import { deleteTopicsHandler } from './delete-topics.js'
import { describeClusterHandler, type EndpointOf } from './describe-cluster.js'
import { describeConfigsHandler } from './describe-configs.js'
import { incrementalAlterConfigsHandler } from './incremental-alter-configs.js'

/** Options of {@link adminHandlers}. */
export interface AdminHandlersOptions {
  /**
   * The endpoint DescribeCluster lists for a connection: pass the one Metadata advertises (the served
   * broker's `endpoint(context)`). @default the address and port the request came in on
   */
  endpoint?: EndpointOf
}

/**
 * The admin handlers over `broker` (a `Broker`), for `handlerTable([...])`.
 * @param broker - the broker they administer
 * @param options - see {@link AdminHandlersOptions}
 */
export function adminHandlers(broker: AdminBroker, options: AdminHandlersOptions = {}): AnyApiHandler[] {
  return [
    createTopicsHandler(broker),
    deleteTopicsHandler(broker),
    deleteRecordsHandler(broker),
    describeConfigsHandler(broker),
    createPartitionsHandler(broker),
    describeClusterHandler(broker, options.endpoint),
    alterConfigsHandler(broker),
    incrementalAlterConfigsHandler(broker),
  ]
}
