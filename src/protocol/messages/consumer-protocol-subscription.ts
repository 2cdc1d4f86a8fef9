/**
 * ConsumerProtocolSubscription: generated from vendor/kafka-messages/ConsumerProtocolSubscription.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-3; flexible versions none.
 */
import { defineCodec } from '../codec.js'
import { type ProtocolReader } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfBytes, sizeOfString } from '../writer.js'

/** ConsumerProtocolSubscription, versions 0-3. */
export interface ConsumerProtocolSubscription {
  /** The topics that the member wants to consume. (versions 0+) */
  topics: string[]
  /** User data that will be passed back to the consumer. (versions 0+; nullable 0+; default null) */
  userData: Buffer | null
  /** The partitions that the member owns. (versions 1+; ignorable) */
  ownedPartitions: TopicPartition[]
  /** The generation id of the member. (versions 2+; default -1; ignorable) */
  generationId: number
  /** The rack id of the member. (versions 3+; nullable 3+; default null; ignorable) */
  rackId: string | null
}

/** TopicPartition, inside ConsumerProtocolSubscription (versions 1-3). */
export interface TopicPartition {
  /** The topic name. (versions 1+) */
  topic: string
  /** The partition ids. (versions 1+) */
  partitions: number[]
}

/** A new {@link ConsumerProtocolSubscription} with every field at its default, overridden by `fields`. */
export function createConsumerProtocolSubscription(fields: Partial<ConsumerProtocolSubscription> = {}): ConsumerProtocolSubscription {
  return { topics: [], userData: null, ownedPartitions: [], generationId: -1, rackId: null, ...fields }
}

/** A new {@link TopicPartition} with every field at its default, overridden by `fields`. */
export function createTopicPartition(fields: Partial<TopicPartition> = {}): TopicPartition {
  return { topic: '', partitions: [], ...fields }
}

function sizeTopicPartition(v: TopicPartition, version: number): number {
  let size = 0
  size += sizeOfString(v.topic, false, false, 'ConsumerProtocolSubscription.ownedPartitions[].topic')
  size += sizeOfArrayLength(v.partitions, false, false, 'ConsumerProtocolSubscription.ownedPartitions[].partitions')
  size += v.partitions.length * 4
  return size
}

function writeTopicPartition(w: ProtocolWriter, v: TopicPartition, version: number): void {
  w.string(v.topic, false)
  w.arrayLength(v.partitions, false)
  for (const e of v.partitions) w.int32(e, 'ConsumerProtocolSubscription.ownedPartitions[].partitions[]')
}

function readTopicPartition(r: ProtocolReader, version: number): TopicPartition {
  const f_topic: string = r.string('ConsumerProtocolSubscription.ownedPartitions[].topic', false)
  let f_partitions: number[]
  {
    const n = r.arrayLength('ConsumerProtocolSubscription.ownedPartitions[].partitions', false, false, 4)
    const a: number[] = []
    for (let i = 0; i < n; i++) a.push(r.int32('ConsumerProtocolSubscription.ownedPartitions[].partitions[]'))
    f_partitions = a
  }
  const value: TopicPartition = { topic: f_topic, partitions: f_partitions }
  return value
}

function sizeConsumerProtocolSubscription(v: ConsumerProtocolSubscription, version: number): number {
  let size = 0
  size += sizeOfArrayLength(v.topics, false, false, 'ConsumerProtocolSubscription.topics')
  for (const e of v.topics) size += sizeOfString(e, false, false, 'ConsumerProtocolSubscription.topics[]')
  size += sizeOfBytes(v.userData, false, true, 'ConsumerProtocolSubscription.userData')
  if (version >= 1) {
    size += sizeOfArrayLength(v.ownedPartitions, false, false, 'ConsumerProtocolSubscription.ownedPartitions')
    for (const e of v.ownedPartitions) size += sizeTopicPartition(e, version)
  }
  if (version >= 2) {
    size += 4
  }
  if (version >= 3) {
    size += sizeOfString(v.rackId, false, true, 'ConsumerProtocolSubscription.rackId')
  }
  return size
}

function writeConsumerProtocolSubscription(w: ProtocolWriter, v: ConsumerProtocolSubscription, version: number): void {
  w.arrayLength(v.topics, false)
  for (const e of v.topics) w.string(e, false)
  w.bytes(v.userData, false)
  if (version >= 1) {
    w.arrayLength(v.ownedPartitions, false)
    for (const e of v.ownedPartitions) writeTopicPartition(w, e, version)
  }
  if (version >= 2) {
    w.int32(v.generationId, 'ConsumerProtocolSubscription.generationId')
  }
  if (version >= 3) {
    w.string(v.rackId, false)
  }
}

function readConsumerProtocolSubscription(r: ProtocolReader, version: number): ConsumerProtocolSubscription {
  let f_topics: string[]
  {
    const n = r.arrayLength('ConsumerProtocolSubscription.topics', false, false, 2)
    const a: string[] = []
    for (let i = 0; i < n; i++) a.push(r.string('ConsumerProtocolSubscription.topics[]', false))
    f_topics = a
  }
  const f_userData: Buffer | null = r.nullableBytes('ConsumerProtocolSubscription.userData', false, false)
  let f_ownedPartitions: TopicPartition[] = []
  if (version >= 1) {
    {
      const n = r.arrayLength('ConsumerProtocolSubscription.ownedPartitions', false, false, 6)
      const a: TopicPartition[] = []
      for (let i = 0; i < n; i++) a.push(readTopicPartition(r, version))
      f_ownedPartitions = a
    }
  }
  let f_generationId: number = -1
  if (version >= 2) {
    f_generationId = r.int32('ConsumerProtocolSubscription.generationId')
  }
  let f_rackId: string | null = null
  if (version >= 3) {
    f_rackId = r.nullableString('ConsumerProtocolSubscription.rackId', false)
  }
  const value: ConsumerProtocolSubscription = {
    topics: f_topics,
    userData: f_userData,
    ownedPartitions: f_ownedPartitions,
    generationId: f_generationId,
    rackId: f_rackId,
  }
  return value
}

const TopicPartitionSchema: StructSchema = {
  name: 'TopicPartition',
  versions: [1, 3],
  fields: [
    {
      name: 'topic',
      type: 'string',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'partitions',
      type: 'array',
      element: 'int32',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createTopicPartition(),
}

const ConsumerProtocolSubscriptionSchema: StructSchema = {
  name: 'ConsumerProtocolSubscription',
  versions: [0, 3],
  fields: [
    {
      name: 'topics',
      type: 'array',
      element: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'userData',
      type: 'bytes',
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      zeroCopy: true,
      default: 'null',
    },
    {
      name: 'ownedPartitions',
      type: 'array',
      element: TopicPartitionSchema,
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '',
    },
    {
      name: 'generationId',
      type: 'int32',
      versions: [2, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
    {
      name: 'rackId',
      type: 'string',
      versions: [3, 32767],
      nullableVersions: [3, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: 'null',
    },
  ],
  create: () => createConsumerProtocolSubscription(),
}

/** The ConsumerProtocolSubscription codec: versions 0-3. */
export const ConsumerProtocolSubscriptionCodec: MessageCodec<ConsumerProtocolSubscription> = defineCodec<ConsumerProtocolSubscription>({
  name: 'ConsumerProtocolSubscription',
  apiKey: -1,
  type: 'data',
  versions: [0, 3],
  flexibleVersions: null,
  latestVersionUnstable: false,
  schema: ConsumerProtocolSubscriptionSchema,
  create: createConsumerProtocolSubscription,
  size: sizeConsumerProtocolSubscription,
  write: writeConsumerProtocolSubscription,
  read: readConsumerProtocolSubscription,
})
