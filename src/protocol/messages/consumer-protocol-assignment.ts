/**
 * ConsumerProtocolAssignment: generated from vendor/kafka-messages/ConsumerProtocolAssignment.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-3; flexible versions none.
 */
import { defineCodec } from '../codec.js'
import { type ProtocolReader } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfBytes, sizeOfString } from '../writer.js'

/** ConsumerProtocolAssignment, versions 0-3. */
export interface ConsumerProtocolAssignment {
  /** The list of topics and partitions assigned to this consumer. (versions 0+) */
  assignedPartitions: TopicPartition[]
  /** User data. (versions 0+; nullable 0+; default null) */
  userData: Buffer | null
}

/** TopicPartition, inside ConsumerProtocolAssignment (versions 0-3). */
export interface TopicPartition {
  /** The topic name. (versions 0+) */
  topic: string
  /** The list of partitions assigned to this consumer. (versions 0+) */
  partitions: number[]
}

/** A new {@link ConsumerProtocolAssignment} with every field at its default, overridden by `fields`. */
export function createConsumerProtocolAssignment(fields: Partial<ConsumerProtocolAssignment> = {}): ConsumerProtocolAssignment {
  return { assignedPartitions: [], userData: null, ...fields }
}

/** A new {@link TopicPartition} with every field at its default, overridden by `fields`. */
export function createTopicPartition(fields: Partial<TopicPartition> = {}): TopicPartition {
  return { topic: '', partitions: [], ...fields }
}

function sizeTopicPartition(v: TopicPartition, version: number): number {
  let size = 0
  size += sizeOfString(v.topic, false, false, 'ConsumerProtocolAssignment.assignedPartitions[].topic')
  size += sizeOfArrayLength(v.partitions, false, false, 'ConsumerProtocolAssignment.assignedPartitions[].partitions')
  size += v.partitions.length * 4
  return size
}

function writeTopicPartition(w: ProtocolWriter, v: TopicPartition, version: number): void {
  w.string(v.topic, false)
  w.arrayLength(v.partitions, false)
  for (const e of v.partitions) w.int32(e, 'ConsumerProtocolAssignment.assignedPartitions[].partitions[]')
}

function readTopicPartition(r: ProtocolReader, version: number): TopicPartition {
  const f_topic: string = r.string('ConsumerProtocolAssignment.assignedPartitions[].topic', false)
  let f_partitions: number[]
  {
    const n = r.arrayLength('ConsumerProtocolAssignment.assignedPartitions[].partitions', false, false, 4)
    const a: number[] = []
    for (let i = 0; i < n; i++) a.push(r.int32('ConsumerProtocolAssignment.assignedPartitions[].partitions[]'))
    f_partitions = a
  }
  const value: TopicPartition = { topic: f_topic, partitions: f_partitions }
  return value
}

function sizeConsumerProtocolAssignment(v: ConsumerProtocolAssignment, version: number): number {
  let size = 0
  size += sizeOfArrayLength(v.assignedPartitions, false, false, 'ConsumerProtocolAssignment.assignedPartitions')
  for (const e of v.assignedPartitions) size += sizeTopicPartition(e, version)
  size += sizeOfBytes(v.userData, false, true, 'ConsumerProtocolAssignment.userData')
  return size
}

function writeConsumerProtocolAssignment(w: ProtocolWriter, v: ConsumerProtocolAssignment, version: number): void {
  w.arrayLength(v.assignedPartitions, false)
  for (const e of v.assignedPartitions) writeTopicPartition(w, e, version)
  w.bytes(v.userData, false)
}

function readConsumerProtocolAssignment(r: ProtocolReader, version: number): ConsumerProtocolAssignment {
  let f_assignedPartitions: TopicPartition[]
  {
    const n = r.arrayLength('ConsumerProtocolAssignment.assignedPartitions', false, false, 6)
    const a: TopicPartition[] = []
    for (let i = 0; i < n; i++) a.push(readTopicPartition(r, version))
    f_assignedPartitions = a
  }
  const f_userData: Buffer | null = r.nullableBytes('ConsumerProtocolAssignment.userData', false, false)
  const value: ConsumerProtocolAssignment = { assignedPartitions: f_assignedPartitions, userData: f_userData }
  return value
}

const TopicPartitionSchema: StructSchema = {
  name: 'TopicPartition',
  versions: [0, 3],
  fields: [
    {
      name: 'topic',
      type: 'string',
      versions: [0, 32767],
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
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createTopicPartition(),
}

const ConsumerProtocolAssignmentSchema: StructSchema = {
  name: 'ConsumerProtocolAssignment',
  versions: [0, 3],
  fields: [
    {
      name: 'assignedPartitions',
      type: 'array',
      element: TopicPartitionSchema,
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
  ],
  create: () => createConsumerProtocolAssignment(),
}

/** The ConsumerProtocolAssignment codec: versions 0-3. */
export const ConsumerProtocolAssignmentCodec: MessageCodec<ConsumerProtocolAssignment> = defineCodec<ConsumerProtocolAssignment>({
  name: 'ConsumerProtocolAssignment',
  apiKey: -1,
  type: 'data',
  versions: [0, 3],
  flexibleVersions: null,
  latestVersionUnstable: false,
  schema: ConsumerProtocolAssignmentSchema,
  create: createConsumerProtocolAssignment,
  size: sizeConsumerProtocolAssignment,
  write: writeConsumerProtocolAssignment,
  read: readConsumerProtocolAssignment,
})
