/**
 * The classic group coordinator and its parts, for the broker's wire handlers and the in-process
 * consumer: `GroupCoordinator` (the API), the offset store, the assignors, the consumer protocol
 * helpers (Kafka's error codes are in `../errors.ts`, the broker's one table). See the README's "Consumer groups".
 *
 * Explicit named exports only.
 */
export { GROUP_API_VERSIONS, GROUP_COORDINATOR_CHANNEL, GROUP_COORDINATOR_DEFAULTS, GroupCoordinator } from './coordinator.js'
export type { GroupCoordinatorOptions, GroupSnapshot, RequestContext } from './coordinator.js'
export type { GroupConfig } from './context.js'
export { systemClock } from './clock.js'
export type { Clock, ClockTimer } from './clock.js'
export type { GroupState } from './group.js'
export { GROUP_STATES, CONSUMER_PROTOCOL_TYPE } from './group.js'
export { GroupOffsetStore, GROUP_OFFSETS_STEPS } from './offsets.js'
export type { CommittedOffset, DamagedGroupFile, GroupOffsets, GroupRecord, OffsetEntry, TopicPartitionRef } from './offsets.js'
export { GROUP_FILE_PREFIX, groupFileName } from './offset-file.js'
export type { ExpiryResult, PartitionExists } from './offset-requests.js'
export {
  AUTHORIZED_OPERATIONS_OMITTED,
  CLASSIC_GROUP_TYPE,
  COORDINATOR_KEY_TYPE,
  GROUP_AUTHORIZED_OPERATIONS,
  findCoordinator,
} from './admin-requests.js'
export type { CoordinatorNode } from './admin-requests.js'
export {
  CONSUMER_PROTOCOL_ASSIGNMENT_VERSION,
  CONSUMER_PROTOCOL_SUBSCRIPTION_VERSION,
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
  performAssignment,
} from './assignors/assignor.js'
export type { Assignor, AssignorMember, RebalanceProtocol, Subscription, TopicPartition } from './assignors/assignor.js'
export { RangeAssignor } from './assignors/range.js'
export { RoundRobinAssignor } from './assignors/round-robin.js'
export { CooperativeStickyAssignor } from './assignors/cooperative-sticky.js'
