/**
 * `@kafka-lite/log/broker`: a Kafka broker inside the process. A directory of topics, each topic a
 * set of partitions, each partition a `Log` (Kafka's layout); Kafka's topic configs, topic ids,
 * partitioner and idempotent producers; `broker.listen()` serves Kafka's wire protocol on a port.
 * Explicit named exports only.
 */
export { Broker } from './broker.js'
export type { TopicDescription, CreateTopicOptions, AlterConfigsResult } from './broker.js'
export type { BrokerOptions, ResolvedBrokerOptions, PartitionLogOptions } from './broker-options.js'
export type { BrokerListenOptions } from './serve.js'
export type { ListenerAddress } from './net/listener.js'
export type { ListenerLimits } from './net/limits.js'
export type { BrokerGroupOptions } from './broker-groups.js'
export { GroupConsumer } from './consumer/group-consumer.js'
export type { ConsumerMembership, ConsumerRecord } from './consumer/group-consumer.js'
export type { AssignorName, GroupConsumerOptions } from './consumer/consumer-options.js'
export { attachGroups, WorkerGroups } from './consumer/worker-groups.js'
export type { GroupsHandle } from './consumer/groups-port.js'
export { GroupCoordinator, GROUP_API_VERSIONS } from './group/coordinator.js'
export type { GroupSnapshot } from './group/coordinator.js'
export { groupHandlers } from './net/handlers/group/index.js'
export { Partition } from './partition.js'
export type { Acks, ProduceResult, OffsetSpec, ListedOffset } from './partition.js'
export { Producer } from './producer.js'
export type { ProducerMessage, ProducerRecord, RecordMetadata, ProducerOptions } from './producer.js'
export { murmur2, toPositive, partitionForKey, StickyPartitioner, DEFAULT_STICKY_BATCH_BYTES } from './partitioner.js'
export { KafkaError, toKafkaError, kafkaErrorCode, kafkaErrorFor, COORDINATOR_STORAGE_ERROR_CODE } from './errors.js'
export type { KafkaErrorName, KafkaErrorInfo } from './errors.js'
export { TOPIC_CONFIG_NAMES } from './topic-config.js'
export type { ConfigEntry, ConfigChange, ConfigEffect, ConfigSource, ConfigType } from './topic-config.js'
export { MAX_TOPIC_NAME_LENGTH, validateTopicName } from './topic-name.js'
export type { ProducerEntry, BatchMetadata } from './producer-state.js'
export { BATCHES_TO_RETAIN, DEFAULT_PRODUCER_ID_EXPIRATION_MS } from './producer-state.js'
