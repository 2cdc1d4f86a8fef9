/**
 * Kafka's error codes that the group coordinator answers with (`org.apache.kafka.common.protocol.Errors`:
 * same names, same numbers). Only the codes of the group APIs are here; the broker's table of
 * `LogError` codes to Kafka codes (`src/broker/errors.ts`) is the one place that maps library errors,
 * and the coordinator maps its own storage failures with {@link storageErrorCode}.
 *
 * Pure; safe anywhere.
 */

/** Kafka's error codes used by the group APIs. */
export const KafkaErrorCode = Object.freeze({
  UNKNOWN_SERVER_ERROR: -1,
  NONE: 0,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  OFFSET_METADATA_TOO_LARGE: 12,
  COORDINATOR_LOAD_IN_PROGRESS: 14,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  ILLEGAL_GENERATION: 22,
  INCONSISTENT_GROUP_PROTOCOL: 23,
  INVALID_GROUP_ID: 24,
  UNKNOWN_MEMBER_ID: 25,
  INVALID_SESSION_TIMEOUT: 26,
  REBALANCE_IN_PROGRESS: 27,
  INVALID_COMMIT_OFFSET_SIZE: 28,
  UNSUPPORTED_VERSION: 35,
  INVALID_REQUEST: 42,
  NON_EMPTY_GROUP: 68,
  GROUP_ID_NOT_FOUND: 69,
  MEMBER_ID_REQUIRED: 79,
  GROUP_MAX_SIZE_REACHED: 81,
  FENCED_INSTANCE_ID: 82,
  GROUP_SUBSCRIBED_TO_TOPIC: 86,
} as const)

/** A name of {@link KafkaErrorCode}. */
export type KafkaErrorName = keyof typeof KafkaErrorCode

/**
 * The error a client gets when the offset store cannot persist or delete (an I/O failure, a full
 * disk): Kafka answers a failed write to `__consumer_offsets` with `KAFKA_STORAGE_ERROR` mapped to
 * `NOT_COORDINATOR` (`CoordinatorOperationExceptionHelper`), which makes clients look the coordinator
 * up again and retry, and never tells them the commit happened.
 */
export const storageErrorCode: number = KafkaErrorCode.NOT_COORDINATOR
