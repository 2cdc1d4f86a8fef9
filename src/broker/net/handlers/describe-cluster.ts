/**
 * DescribeCluster (API key 60), versions 0-2: this node is the only broker and the controller.
 *
 * The issue lists 0-1; Kafka 4.0 accepts 0-2 (v2, KIP-1073, adds `include_fenced_brokers` and each
 * broker's `is_fenced`), and the rule is to serve every version Kafka 4.0 accepts, so 0-2 is served
 * (this broker is never fenced).
 *
 * Kafka's rules followed (Kafka 4.0 `KafkaApis.handleDescribeCluster`,
 * `AuthHelper.computeDescribeClusterResponse`):
 * - the broker listed is this node, at the endpoint advertised for the connection (Kafka lists the
 *   advertised address of the listener the request came on; by default here, the address and port
 *   the request came in on), no rack;
 * - `endpoint_type` (v1+): 1 (brokers) is answered; 2 (controllers) is MISMATCHED_ENDPOINT_TYPE
 *   (this is a broker endpoint), any other value UNSUPPORTED_ENDPOINT_TYPE; at v0, where the field
 *   is absent, both would be INVALID_REQUEST, as in Kafka;
 * - `controller_id` is this node (Kafka answers a random live broker to a broker-endpoint request;
 *   here there is one);
 * - `include_cluster_authorized_operations`: there is no authorizer, so every operation on the
 *   cluster resource is allowed: Kafka's bit set of ALTER, ALTER_CONFIGS, CLUSTER_ACTION, CREATE,
 *   DESCRIBE, DESCRIBE_CONFIGS and IDEMPOTENT_WRITE; otherwise Kafka's "not requested" value.
 *
 * Pure apart from reading the broker's ids. Safe from the broker's thread.
 */
import { API_KEYS } from '../../../protocol/index.js'
import { DescribeClusterRequestCodec } from '../../../protocol/messages/describe-cluster-request.js'
import { createDescribeClusterBroker, createDescribeClusterResponse } from '../../../protocol/messages/describe-cluster-response.js'
import type { AdminBroker } from './admin-broker.js'
import { KafkaError } from '../../errors.js'
import type { ApiHandler, RequestContext } from '../handler.js'

/** Kafka's `EndpointType` ids. */
export const ENDPOINT_TYPE = Object.freeze({ UNKNOWN: 0, BROKER: 1, CONTROLLER: 2 } as const)

// Kafka's AclOperation codes of the operations the cluster resource supports.
const CREATE = 5
const ALTER = 7
const DESCRIBE = 8
const CLUSTER_ACTION = 9
const DESCRIBE_CONFIGS = 10
const ALTER_CONFIGS = 11
const IDEMPOTENT_WRITE = 12

/** The cluster authorized operations when everything is allowed (no authorizer). */
export const CLUSTER_AUTHORIZED_OPERATIONS = [
  CREATE,
  ALTER,
  DESCRIBE,
  CLUSTER_ACTION,
  DESCRIBE_CONFIGS,
  ALTER_CONFIGS,
  IDEMPOTENT_WRITE,
].reduce((bits, op) => bits | (1 << op), 0)

/** Kafka's "authorized operations not requested" value. */
const NOT_REQUESTED = -2147483648

/** The host and port a client is told to connect to for the connection a request came on. */
export type EndpointOf = (context: RequestContext) => { readonly host: string; readonly port: number }

/** The address and port the request came in on (when no advertised endpoint is configured). */
export const localEndpoint: EndpointOf = (context) => ({ host: context.localAddress, port: context.localPort })

/**
 * The DescribeCluster handler over `broker`.
 * @param broker - the broker described
 * @param endpoint - the endpoint to list for a connection (the served broker's advertised one, as
 *   Metadata lists it); default: the address and port the request came in on
 */
export function describeClusterHandler(
  broker: AdminBroker,
  endpoint: EndpointOf = localEndpoint,
): ApiHandler<typeof API_KEYS.DescribeCluster> {
  return {
    apiKey: API_KEYS.DescribeCluster,
    versions: DescribeClusterRequestCodec.versions,
    handle(request, context) {
      const { endpointType, includeClusterAuthorizedOperations } = request.body
      if (endpointType !== ENDPOINT_TYPE.BROKER) {
        const v0 = request.apiVersion === 0
        const known = endpointType === ENDPOINT_TYPE.CONTROLLER
        return createDescribeClusterResponse({
          errorCode: v0 ? KafkaError.INVALID_REQUEST : known ? KafkaError.MISMATCHED_ENDPOINT_TYPE : KafkaError.UNSUPPORTED_ENDPOINT_TYPE,
          errorMessage: known
            ? 'The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER'
            : `Unsupported endpoint type ${endpointType}`,
        })
      }
      const { host, port } = endpoint(context)
      return createDescribeClusterResponse({
        endpointType: ENDPOINT_TYPE.BROKER,
        clusterId: broker.clusterId,
        controllerId: broker.nodeId,
        brokers: [createDescribeClusterBroker({ brokerId: broker.nodeId, host, port, rack: null })],
        clusterAuthorizedOperations: includeClusterAuthorizedOperations ? CLUSTER_AUTHORIZED_OPERATIONS : NOT_REQUESTED,
      })
    },
  }
}
