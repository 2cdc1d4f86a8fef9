/**
 * Rules shared by the admin handlers that create partitions (CreateTopics, CreatePartitions), as
 * Kafka 4.0's controller applies them (`ReplicationControlManager`, `QuorumController`):
 *
 * - **The batch bound.** Kafka's controller refuses a request whose metadata records would exceed
 *   `MAX_RECORDS_PER_USER_OP` (10,000: one record per topic, per config and per partition): the
 *   whole request fails with POLICY_VIOLATION, "Unable to perform excessively large batch
 *   operation.", nothing created. The same bound is what keeps a request naming 2^31 - 1 partitions
 *   from making this broker open that many logs: counts are checked before anything is allocated.
 * - **Manual replica assignments** (`validateManualPartitionAssignment`). This broker is a cluster of
 *   one node, so the only assignment Kafka would accept puts every partition on this node, once; any
 *   other is INVALID_REPLICA_ASSIGNMENT with Kafka's message.
 *
 * Pure. Safe from any thread.
 */
import { KafkaError } from '../../errors.js'

/** Kafka's `QuorumController.MAX_RECORDS_PER_USER_OP`: the most metadata records one admin request may create. */
export const MAX_RECORDS_PER_USER_OP = 10_000

/** Kafka's message when a request exceeds {@link MAX_RECORDS_PER_USER_OP}. */
export const EXCESSIVE_BATCH_MESSAGE = 'Unable to perform excessively large batch operation.'

/** A per-topic (or per-resource) error of an admin response. */
export interface AdminError {
  errorCode: number
  errorMessage: string | null
}

/** An {@link AdminError} from Kafka's error name. */
export function adminError(name: keyof typeof KafkaError, message: string | null): AdminError {
  return { errorCode: KafkaError[name], errorMessage: message }
}

/**
 * Checks one partition's manual assignment (its replicas' broker ids) against a cluster whose only
 * broker is `nodeId`, Kafka's way.
 * @param brokerIds - the replicas, as the request gives them
 * @param nodeId - this broker's node id
 * @param replicationFactor - the replica count the other partitions have (the topic's, or the
 *   previous assignments' in the same request), if known
 * @returns the error, or `undefined` when the assignment is valid
 */
export function checkManualAssignment(
  brokerIds: readonly number[],
  nodeId: number,
  replicationFactor: number | undefined,
): AdminError | undefined {
  if (brokerIds.length === 0)
    return adminError('INVALID_REPLICA_ASSIGNMENT', 'The manual partition assignment includes an empty replica list.')
  const seen = new Set<number>()
  for (const id of brokerIds) {
    if (seen.has(id)) {
      return adminError('INVALID_REPLICA_ASSIGNMENT', `The manual partition assignment includes the broker ${id} more than once.`)
    }
    seen.add(id)
    if (id !== nodeId) {
      return adminError(
        'INVALID_REPLICA_ASSIGNMENT',
        `The manual partition assignment includes broker ${id}, but no such broker is registered.`,
      )
    }
  }
  if (replicationFactor !== undefined && brokerIds.length !== replicationFactor) {
    return adminError(
      'INVALID_REPLICA_ASSIGNMENT',
      `The manual partition assignment includes a partition with ${brokerIds.length} replica(s), but this is not ` +
        `consistent with previous partitions, which have ${replicationFactor} replica(s).`,
    )
  }
  return undefined
}

/** The names that occur more than once in `names`, in order of their second occurrence. */
export function duplicates(names: Iterable<string>): Set<string> {
  const seen = new Set<string>()
  const twice = new Set<string>()
  for (const n of names) {
    if (seen.has(n)) twice.add(n)
    else seen.add(n)
  }
  return twice
}
