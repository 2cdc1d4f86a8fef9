/**
 * THE one table from the library's error codes to Kafka's protocol error codes: every runtime
 * failure of the broker and of the logs under it is a `LogError`, and whoever answers a Kafka client
 * (the wire layer, per partition or per topic) turns it into a code here and nowhere else. The
 * table is typed over every `LogErrorCode`, so a new code does not compile until it is mapped.
 *
 * Codes and names are Kafka's (`org.apache.kafka.common.protocol.Errors`). Pure; safe anywhere.
 */
import { LogError, type LogErrorCode } from '../index.js'

/**
 * Kafka's error codes the broker answers with (`Errors.java`: name → code): the partition APIs' and
 * the group coordinator's (src/broker/group/). One list: add a code here, nowhere else.
 */
export const KafkaError = Object.freeze({
  UNKNOWN_SERVER_ERROR: -1,
  NONE: 0,
  OFFSET_OUT_OF_RANGE: 1,
  CORRUPT_MESSAGE: 2,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  NOT_LEADER_OR_FOLLOWER: 6,
  REQUEST_TIMED_OUT: 7,
  MESSAGE_TOO_LARGE: 10,
  OFFSET_METADATA_TOO_LARGE: 12,
  COORDINATOR_LOAD_IN_PROGRESS: 14,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  INVALID_TOPIC_EXCEPTION: 17,
  RECORD_LIST_TOO_LARGE: 18,
  NOT_ENOUGH_REPLICAS: 19,
  INVALID_REQUIRED_ACKS: 21,
  ILLEGAL_GENERATION: 22,
  INCONSISTENT_GROUP_PROTOCOL: 23,
  INVALID_GROUP_ID: 24,
  UNKNOWN_MEMBER_ID: 25,
  INVALID_SESSION_TIMEOUT: 26,
  REBALANCE_IN_PROGRESS: 27,
  INVALID_COMMIT_OFFSET_SIZE: 28,
  INVALID_TIMESTAMP: 32,
  UNSUPPORTED_VERSION: 35,
  TOPIC_ALREADY_EXISTS: 36,
  INVALID_PARTITIONS: 37,
  INVALID_REPLICATION_FACTOR: 38,
  INVALID_REPLICA_ASSIGNMENT: 39,
  INVALID_CONFIG: 40,
  INVALID_REQUEST: 42,
  POLICY_VIOLATION: 44,
  OUT_OF_ORDER_SEQUENCE_NUMBER: 45,
  INVALID_PRODUCER_EPOCH: 47,
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: 53,
  KAFKA_STORAGE_ERROR: 56,
  UNKNOWN_PRODUCER_ID: 59,
  NON_EMPTY_GROUP: 68,
  GROUP_ID_NOT_FOUND: 69,
  UNSUPPORTED_COMPRESSION_TYPE: 76,
  FETCH_SESSION_ID_NOT_FOUND: 70,
  MEMBER_ID_REQUIRED: 79,
  GROUP_MAX_SIZE_REACHED: 81,
  FENCED_INSTANCE_ID: 82,
  GROUP_SUBSCRIBED_TO_TOPIC: 86,
  INVALID_RECORD: 87,
  UNKNOWN_TOPIC_ID: 100,
  MISMATCHED_ENDPOINT_TYPE: 114,
  UNSUPPORTED_ENDPOINT_TYPE: 115,
} as const)

/** A Kafka error code name. */
export type KafkaErrorName = keyof typeof KafkaError

/** The table: each library code → the Kafka error a client gets for it. */
const TABLE: Readonly<Record<LogErrorCode, KafkaErrorName>> = Object.freeze({
  KLOG_CLOSED: 'NOT_LEADER_OR_FOLLOWER', // the partition is going away here: retriable, the client refreshes metadata
  KLOG_LOCKED: 'KAFKA_STORAGE_ERROR',
  KLOG_OFFSET_CONFLICT: 'UNKNOWN_SERVER_ERROR', // expectedOffset is an API of the library's writer; produce never sets it
  KLOG_READ_ONLY: 'KAFKA_STORAGE_ERROR',
  KLOG_OFFSET_OUT_OF_RANGE: 'OFFSET_OUT_OF_RANGE',
  KLOG_CORRUPT_SEGMENT: 'CORRUPT_MESSAGE',
  KLOG_RECORD_TOO_LARGE: 'MESSAGE_TOO_LARGE',
  KLOG_CORRUPT_BATCH: 'CORRUPT_MESSAGE',
  KLOG_DISK_FULL: 'KAFKA_STORAGE_ERROR',
  KLOG_IO: 'KAFKA_STORAGE_ERROR',
  KLOG_WRITER_FAILED: 'KAFKA_STORAGE_ERROR',
  KLOG_UNSUPPORTED_CODEC: 'UNSUPPORTED_COMPRESSION_TYPE',
  KLOG_CORRUPT_CHECKPOINT: 'KAFKA_STORAGE_ERROR',
  KLOG_DECODE: 'UNKNOWN_SERVER_ERROR', // the broker reads bytes, never decodes: not reachable from a request
  KLOG_MIRROR_CONFLICT: 'UNKNOWN_SERVER_ERROR',
  KLOG_MIRROR_UNREPRESENTABLE: 'UNKNOWN_SERVER_ERROR',
  KLOG_MIRROR_UNAVAILABLE: 'UNKNOWN_SERVER_ERROR',
  KLOG_NOT_A_LOG: 'KAFKA_STORAGE_ERROR',
  KLOG_UNKNOWN_TOPIC_OR_PARTITION: 'UNKNOWN_TOPIC_OR_PARTITION',
  KLOG_TOPIC_EXISTS: 'TOPIC_ALREADY_EXISTS',
  KLOG_INVALID_TOPIC: 'INVALID_TOPIC_EXCEPTION',
  KLOG_INVALID_PARTITIONS: 'INVALID_PARTITIONS',
  KLOG_INVALID_REPLICATION_FACTOR: 'INVALID_REPLICATION_FACTOR',
  KLOG_INVALID_CONFIG: 'INVALID_CONFIG',
  KLOG_INVALID_RECORD: 'INVALID_RECORD',
  KLOG_INVALID_TIMESTAMP: 'INVALID_TIMESTAMP',
  KLOG_OUT_OF_ORDER_SEQUENCE: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
  KLOG_INVALID_PRODUCER_EPOCH: 'INVALID_PRODUCER_EPOCH',
  KLOG_NOT_ENOUGH_REPLICAS: 'NOT_ENOUGH_REPLICAS',
  KLOG_TRANSACTIONS_UNSUPPORTED: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
  KLOG_POLICY_VIOLATION: 'POLICY_VIOLATION',
  KLOG_COMMIT_FAILED: 'REBALANCE_IN_PROGRESS', // the message names the code the coordinator answered
  KLOG_FENCED_INSTANCE_ID: 'FENCED_INSTANCE_ID',
})

/** What a Kafka response carries for a failure: the code, its name, and a message for the client. */
export interface KafkaErrorInfo {
  /** Kafka's numeric error code (0 for none). */
  errorCode: number
  /** Kafka's name of it (`'OFFSET_OUT_OF_RANGE'`). */
  errorName: KafkaErrorName
  /** A human-readable message (the error's own), or `null` for none. */
  errorMessage: string | null
}

/**
 * The Kafka error a client gets for `err` (anything a broker or log method threw or rejected with):
 * a `LogError` by the table; an `AbortError` (a wait cut short) is `REQUEST_TIMED_OUT`; anything
 * else, a bug, `UNKNOWN_SERVER_ERROR`. `undefined` and `null` are `NONE`.
 */
export function toKafkaError(err: unknown): KafkaErrorInfo {
  if (err === undefined || err === null) return { errorCode: KafkaError.NONE, errorName: 'NONE', errorMessage: null }
  let name: KafkaErrorName = 'UNKNOWN_SERVER_ERROR'
  if (err instanceof LogError) name = TABLE[err.code]
  else if (err instanceof Error && err.name === 'AbortError') name = 'REQUEST_TIMED_OUT'
  return {
    errorCode: KafkaError[name],
    errorName: name,
    errorMessage: err instanceof Error ? err.message : typeof err === 'string' ? err : 'unknown error',
  }
}

/** {@link toKafkaError}'s code alone. */
export function kafkaErrorCode(err: unknown): number {
  return toKafkaError(err).errorCode
}

/** The Kafka error name for a library code (for documentation and tests). */
export function kafkaErrorFor(code: LogErrorCode): KafkaErrorName {
  return TABLE[code]
}

/**
 * The error a group client gets when the coordinator's offset store cannot persist or delete (an I/O
 * failure, a full disk): Kafka answers a failed write to `__consumer_offsets` with
 * `KAFKA_STORAGE_ERROR` mapped to `NOT_COORDINATOR` (`CoordinatorOperationExceptionHelper`), which
 * makes clients look the coordinator up again and retry, and never tells them the commit happened.
 */
export const COORDINATOR_STORAGE_ERROR_CODE: number = KafkaError.NOT_COORDINATOR
