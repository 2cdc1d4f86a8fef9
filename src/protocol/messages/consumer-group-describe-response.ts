/**
 * ConsumerGroupDescribeResponse (API key 69): generated from vendor/kafka-messages/ConsumerGroupDescribeResponse.json
 * (Apache Kafka 4.0.2) by scripts/protocol/generate.mjs. Do not edit: run `npm run gen:protocol`.
 *
 * Versions 0-1; flexible versions 0+.
 */
import { defineCodec } from '../codec.js'
import { type ProtocolReader, type RawTaggedField } from '../reader.js'
import type { MessageCodec, StructSchema } from '../schema.js'
import { type ProtocolWriter, sizeOfArrayLength, sizeOfRawTaggedFields, sizeOfString, sizeOfUvarint } from '../writer.js'

/** ConsumerGroupDescribeResponse, versions 0-1. */
export interface ConsumerGroupDescribeResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (versions 0+) */
  throttleTimeMs: number
  /** Each described group. (versions 0+) */
  groups: DescribedGroup[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** TopicPartitions, inside ConsumerGroupDescribeResponse (versions 0-1). */
export interface TopicPartitions {
  /** The topic ID. (versions 0+) */
  topicId: string
  /** The topic name. (versions 0+) */
  topicName: string
  /** The partitions. (versions 0+) */
  partitions: number[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** Assignment, inside ConsumerGroupDescribeResponse (versions 0-1). */
export interface Assignment {
  /** The assigned topic-partitions to the member. (versions 0+) */
  topicPartitions: TopicPartitions[]
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** Member, inside ConsumerGroupDescribeResponse (versions 0-1). */
export interface Member {
  /** The member ID. (versions 0+) */
  memberId: string
  /** The member instance ID. (versions 0+; nullable 0+; default null) */
  instanceId: string | null
  /** The member rack ID. (versions 0+; nullable 0+; default null) */
  rackId: string | null
  /** The current member epoch. (versions 0+) */
  memberEpoch: number
  /** The client ID. (versions 0+) */
  clientId: string
  /** The client host. (versions 0+) */
  clientHost: string
  /** The subscribed topic names. (versions 0+) */
  subscribedTopicNames: string[]
  /** the subscribed topic regex otherwise or null of not provided. (versions 0+; nullable 0+; default null) */
  subscribedTopicRegex: string | null
  /** The current assignment. (versions 0+) */
  assignment: Assignment
  /** The target assignment. (versions 0+) */
  targetAssignment: Assignment
  /** -1 for unknown. 0 for classic member. +1 for consumer member. (versions 1+; default -1; ignorable) */
  memberType: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** DescribedGroup, inside ConsumerGroupDescribeResponse (versions 0-1). */
export interface DescribedGroup {
  /** The describe error, or 0 if there was no error. (versions 0+) */
  errorCode: number
  /** The top-level error message, or null if there was no error. (versions 0+; nullable 0+; default null) */
  errorMessage: string | null
  /** The group ID string. (versions 0+) */
  groupId: string
  /** The group state string, or the empty string. (versions 0+) */
  groupState: string
  /** The group epoch. (versions 0+) */
  groupEpoch: number
  /** The assignment epoch. (versions 0+) */
  assignmentEpoch: number
  /** The selected assignor. (versions 0+) */
  assignorName: string
  /** The members. (versions 0+) */
  members: Member[]
  /** 32-bit bitfield to represent authorized operations for this group. (versions 0+; default -2147483648) */
  authorizedOperations: number
  /** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */
  unknownTaggedFields?: RawTaggedField[]
}

/** A new {@link ConsumerGroupDescribeResponse} with every field at its default, overridden by `fields`. */
export function createConsumerGroupDescribeResponse(fields: Partial<ConsumerGroupDescribeResponse> = {}): ConsumerGroupDescribeResponse {
  return { throttleTimeMs: 0, groups: [], ...fields }
}

/** A new {@link TopicPartitions} with every field at its default, overridden by `fields`. */
export function createTopicPartitions(fields: Partial<TopicPartitions> = {}): TopicPartitions {
  return { topicId: 'AAAAAAAAAAAAAAAAAAAAAA', topicName: '', partitions: [], ...fields }
}

/** A new {@link Assignment} with every field at its default, overridden by `fields`. */
export function createAssignment(fields: Partial<Assignment> = {}): Assignment {
  return { topicPartitions: [], ...fields }
}

/** A new {@link Member} with every field at its default, overridden by `fields`. */
export function createMember(fields: Partial<Member> = {}): Member {
  return {
    memberId: '',
    instanceId: null,
    rackId: null,
    memberEpoch: 0,
    clientId: '',
    clientHost: '',
    subscribedTopicNames: [],
    subscribedTopicRegex: null,
    assignment: createAssignment(),
    targetAssignment: createAssignment(),
    memberType: -1,
    ...fields,
  }
}

/** A new {@link DescribedGroup} with every field at its default, overridden by `fields`. */
export function createDescribedGroup(fields: Partial<DescribedGroup> = {}): DescribedGroup {
  return {
    errorCode: 0,
    errorMessage: null,
    groupId: '',
    groupState: '',
    groupEpoch: 0,
    assignmentEpoch: 0,
    assignorName: '',
    members: [],
    authorizedOperations: -2147483648,
    ...fields,
  }
}

function sizeTopicPartitions(v: TopicPartitions, version: number): number {
  let size = 0
  size += 16
  size += sizeOfString(v.topicName, true, false, 'ConsumerGroupDescribeResponse.TopicPartitions.topicName')
  size += sizeOfArrayLength(v.partitions, true, false, 'ConsumerGroupDescribeResponse.TopicPartitions.partitions')
  size += v.partitions.length * 4
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'ConsumerGroupDescribeResponse.TopicPartitions')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeTopicPartitions(w: ProtocolWriter, v: TopicPartitions, version: number): void {
  w.uuid(v.topicId, 'ConsumerGroupDescribeResponse.TopicPartitions.topicId')
  w.string(v.topicName, true)
  w.arrayLength(v.partitions, true)
  for (const e of v.partitions) w.int32(e, 'ConsumerGroupDescribeResponse.TopicPartitions.partitions[]')
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readTopicPartitions(r: ProtocolReader, version: number): TopicPartitions {
  const f_topicId: string = r.uuid('ConsumerGroupDescribeResponse.TopicPartitions.topicId')
  const f_topicName: string = r.string('ConsumerGroupDescribeResponse.TopicPartitions.topicName', true)
  let f_partitions: number[]
  {
    const n = r.arrayLength('ConsumerGroupDescribeResponse.TopicPartitions.partitions', true, false, 4)
    const a: number[] = []
    for (let i = 0; i < n; i++) a.push(r.int32('ConsumerGroupDescribeResponse.TopicPartitions.partitions[]'))
    f_partitions = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('ConsumerGroupDescribeResponse.TopicPartitions')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('ConsumerGroupDescribeResponse.TopicPartitions')
    const end = r.taggedFieldEnd('ConsumerGroupDescribeResponse.TopicPartitions')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ConsumerGroupDescribeResponse.TopicPartitions'))
    }
  }
  const value: TopicPartitions = { topicId: f_topicId, topicName: f_topicName, partitions: f_partitions }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeAssignment(v: Assignment, version: number): number {
  let size = 0
  size += sizeOfArrayLength(v.topicPartitions, true, false, 'ConsumerGroupDescribeResponse.Assignment.topicPartitions')
  for (const e of v.topicPartitions) size += sizeTopicPartitions(e, version)
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'ConsumerGroupDescribeResponse.Assignment')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeAssignment(w: ProtocolWriter, v: Assignment, version: number): void {
  w.arrayLength(v.topicPartitions, true)
  for (const e of v.topicPartitions) writeTopicPartitions(w, e, version)
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readAssignment(r: ProtocolReader, version: number): Assignment {
  let f_topicPartitions: TopicPartitions[]
  {
    const n = r.arrayLength('ConsumerGroupDescribeResponse.Assignment.topicPartitions', true, false, 19)
    const a: TopicPartitions[] = []
    for (let i = 0; i < n; i++) a.push(readTopicPartitions(r, version))
    f_topicPartitions = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('ConsumerGroupDescribeResponse.Assignment')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('ConsumerGroupDescribeResponse.Assignment')
    const end = r.taggedFieldEnd('ConsumerGroupDescribeResponse.Assignment')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ConsumerGroupDescribeResponse.Assignment'))
    }
  }
  const value: Assignment = { topicPartitions: f_topicPartitions }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeMember(v: Member, version: number): number {
  let size = 0
  size += sizeOfString(v.memberId, true, false, 'ConsumerGroupDescribeResponse.groups[].members[].memberId')
  size += sizeOfString(v.instanceId, true, true, 'ConsumerGroupDescribeResponse.groups[].members[].instanceId')
  size += sizeOfString(v.rackId, true, true, 'ConsumerGroupDescribeResponse.groups[].members[].rackId')
  size += 4
  size += sizeOfString(v.clientId, true, false, 'ConsumerGroupDescribeResponse.groups[].members[].clientId')
  size += sizeOfString(v.clientHost, true, false, 'ConsumerGroupDescribeResponse.groups[].members[].clientHost')
  size += sizeOfArrayLength(v.subscribedTopicNames, true, false, 'ConsumerGroupDescribeResponse.groups[].members[].subscribedTopicNames')
  for (const e of v.subscribedTopicNames)
    size += sizeOfString(e, true, false, 'ConsumerGroupDescribeResponse.groups[].members[].subscribedTopicNames[]')
  size += sizeOfString(v.subscribedTopicRegex, true, true, 'ConsumerGroupDescribeResponse.groups[].members[].subscribedTopicRegex')
  size += sizeAssignment(v.assignment, version)
  size += sizeAssignment(v.targetAssignment, version)
  if (version >= 1) {
    size += 1
  }
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'ConsumerGroupDescribeResponse.groups[].members[]')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeMember(w: ProtocolWriter, v: Member, version: number): void {
  w.string(v.memberId, true)
  w.string(v.instanceId, true)
  w.string(v.rackId, true)
  w.int32(v.memberEpoch, 'ConsumerGroupDescribeResponse.groups[].members[].memberEpoch')
  w.string(v.clientId, true)
  w.string(v.clientHost, true)
  w.arrayLength(v.subscribedTopicNames, true)
  for (const e of v.subscribedTopicNames) w.string(e, true)
  w.string(v.subscribedTopicRegex, true)
  writeAssignment(w, v.assignment, version)
  writeAssignment(w, v.targetAssignment, version)
  if (version >= 1) {
    w.int8(v.memberType, 'ConsumerGroupDescribeResponse.groups[].members[].memberType')
  }
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readMember(r: ProtocolReader, version: number): Member {
  const f_memberId: string = r.string('ConsumerGroupDescribeResponse.groups[].members[].memberId', true)
  const f_instanceId: string | null = r.nullableString('ConsumerGroupDescribeResponse.groups[].members[].instanceId', true)
  const f_rackId: string | null = r.nullableString('ConsumerGroupDescribeResponse.groups[].members[].rackId', true)
  const f_memberEpoch: number = r.int32('ConsumerGroupDescribeResponse.groups[].members[].memberEpoch')
  const f_clientId: string = r.string('ConsumerGroupDescribeResponse.groups[].members[].clientId', true)
  const f_clientHost: string = r.string('ConsumerGroupDescribeResponse.groups[].members[].clientHost', true)
  let f_subscribedTopicNames: string[]
  {
    const n = r.arrayLength('ConsumerGroupDescribeResponse.groups[].members[].subscribedTopicNames', true, false, 1)
    const a: string[] = []
    for (let i = 0; i < n; i++) a.push(r.string('ConsumerGroupDescribeResponse.groups[].members[].subscribedTopicNames[]', true))
    f_subscribedTopicNames = a
  }
  const f_subscribedTopicRegex: string | null = r.nullableString(
    'ConsumerGroupDescribeResponse.groups[].members[].subscribedTopicRegex',
    true,
  )
  const f_assignment: Assignment = readAssignment(r, version)
  const f_targetAssignment: Assignment = readAssignment(r, version)
  let f_memberType: number = -1
  if (version >= 1) {
    f_memberType = r.int8('ConsumerGroupDescribeResponse.groups[].members[].memberType')
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('ConsumerGroupDescribeResponse.groups[].members[]')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('ConsumerGroupDescribeResponse.groups[].members[]')
    const end = r.taggedFieldEnd('ConsumerGroupDescribeResponse.groups[].members[]')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ConsumerGroupDescribeResponse.groups[].members[]'))
    }
  }
  const value: Member = {
    memberId: f_memberId,
    instanceId: f_instanceId,
    rackId: f_rackId,
    memberEpoch: f_memberEpoch,
    clientId: f_clientId,
    clientHost: f_clientHost,
    subscribedTopicNames: f_subscribedTopicNames,
    subscribedTopicRegex: f_subscribedTopicRegex,
    assignment: f_assignment,
    targetAssignment: f_targetAssignment,
    memberType: f_memberType,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeDescribedGroup(v: DescribedGroup, version: number): number {
  let size = 0
  size += 2
  size += sizeOfString(v.errorMessage, true, true, 'ConsumerGroupDescribeResponse.groups[].errorMessage')
  size += sizeOfString(v.groupId, true, false, 'ConsumerGroupDescribeResponse.groups[].groupId')
  size += sizeOfString(v.groupState, true, false, 'ConsumerGroupDescribeResponse.groups[].groupState')
  size += 4
  size += 4
  size += sizeOfString(v.assignorName, true, false, 'ConsumerGroupDescribeResponse.groups[].assignorName')
  size += sizeOfArrayLength(v.members, true, false, 'ConsumerGroupDescribeResponse.groups[].members')
  for (const e of v.members) size += sizeMember(e, version)
  size += 4
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'ConsumerGroupDescribeResponse.groups[]')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeDescribedGroup(w: ProtocolWriter, v: DescribedGroup, version: number): void {
  w.int16(v.errorCode, 'ConsumerGroupDescribeResponse.groups[].errorCode')
  w.string(v.errorMessage, true)
  w.string(v.groupId, true)
  w.string(v.groupState, true)
  w.int32(v.groupEpoch, 'ConsumerGroupDescribeResponse.groups[].groupEpoch')
  w.int32(v.assignmentEpoch, 'ConsumerGroupDescribeResponse.groups[].assignmentEpoch')
  w.string(v.assignorName, true)
  w.arrayLength(v.members, true)
  for (const e of v.members) writeMember(w, e, version)
  w.int32(v.authorizedOperations, 'ConsumerGroupDescribeResponse.groups[].authorizedOperations')
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readDescribedGroup(r: ProtocolReader, version: number): DescribedGroup {
  const f_errorCode: number = r.int16('ConsumerGroupDescribeResponse.groups[].errorCode')
  const f_errorMessage: string | null = r.nullableString('ConsumerGroupDescribeResponse.groups[].errorMessage', true)
  const f_groupId: string = r.string('ConsumerGroupDescribeResponse.groups[].groupId', true)
  const f_groupState: string = r.string('ConsumerGroupDescribeResponse.groups[].groupState', true)
  const f_groupEpoch: number = r.int32('ConsumerGroupDescribeResponse.groups[].groupEpoch')
  const f_assignmentEpoch: number = r.int32('ConsumerGroupDescribeResponse.groups[].assignmentEpoch')
  const f_assignorName: string = r.string('ConsumerGroupDescribeResponse.groups[].assignorName', true)
  let f_members: Member[]
  {
    const n = r.arrayLength('ConsumerGroupDescribeResponse.groups[].members', true, false, 16)
    const a: Member[] = []
    for (let i = 0; i < n; i++) a.push(readMember(r, version))
    f_members = a
  }
  const f_authorizedOperations: number = r.int32('ConsumerGroupDescribeResponse.groups[].authorizedOperations')
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('ConsumerGroupDescribeResponse.groups[]')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('ConsumerGroupDescribeResponse.groups[]')
    const end = r.taggedFieldEnd('ConsumerGroupDescribeResponse.groups[]')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ConsumerGroupDescribeResponse.groups[]'))
    }
  }
  const value: DescribedGroup = {
    errorCode: f_errorCode,
    errorMessage: f_errorMessage,
    groupId: f_groupId,
    groupState: f_groupState,
    groupEpoch: f_groupEpoch,
    assignmentEpoch: f_assignmentEpoch,
    assignorName: f_assignorName,
    members: f_members,
    authorizedOperations: f_authorizedOperations,
  }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

function sizeConsumerGroupDescribeResponse(v: ConsumerGroupDescribeResponse, version: number): number {
  let size = 0
  size += 4
  size += sizeOfArrayLength(v.groups, true, false, 'ConsumerGroupDescribeResponse.groups')
  for (const e of v.groups) size += sizeDescribedGroup(e, version)
  let numTagged = 0
  const u = v.unknownTaggedFields
  if (u !== undefined && u.length > 0) {
    numTagged += u.length
    size += sizeOfRawTaggedFields(u, [], 'ConsumerGroupDescribeResponse')
  }
  size += sizeOfUvarint(numTagged)
  return size
}

function writeConsumerGroupDescribeResponse(w: ProtocolWriter, v: ConsumerGroupDescribeResponse, version: number): void {
  w.int32(v.throttleTimeMs, 'ConsumerGroupDescribeResponse.throttleTimeMs')
  w.arrayLength(v.groups, true)
  for (const e of v.groups) writeDescribedGroup(w, e, version)
  const u = v.unknownTaggedFields
  w.uvarint(u?.length ?? 0)
  w.rawTaggedFields(u, 0, Infinity)
}

function readConsumerGroupDescribeResponse(r: ProtocolReader, version: number): ConsumerGroupDescribeResponse {
  const f_throttleTimeMs: number = r.int32('ConsumerGroupDescribeResponse.throttleTimeMs')
  let f_groups: DescribedGroup[]
  {
    const n = r.arrayLength('ConsumerGroupDescribeResponse.groups', true, false, 20)
    const a: DescribedGroup[] = []
    for (let i = 0; i < n; i++) a.push(readDescribedGroup(r, version))
    f_groups = a
  }
  let unknownTaggedFields: RawTaggedField[] | undefined
  const count = r.taggedFieldCount('ConsumerGroupDescribeResponse')
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('ConsumerGroupDescribeResponse')
    const end = r.taggedFieldEnd('ConsumerGroupDescribeResponse')
    switch (tag) {
      default:
        ;(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, 'ConsumerGroupDescribeResponse'))
    }
  }
  const value: ConsumerGroupDescribeResponse = { throttleTimeMs: f_throttleTimeMs, groups: f_groups }
  if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields
  return value
}

const TopicPartitionsSchema: StructSchema = {
  name: 'TopicPartitions',
  versions: [0, 1],
  fields: [
    {
      name: 'topicId',
      type: 'uuid',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'topicName',
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
  create: () => createTopicPartitions(),
}

const AssignmentSchema: StructSchema = {
  name: 'Assignment',
  versions: [0, 1],
  fields: [
    {
      name: 'topicPartitions',
      type: 'array',
      element: TopicPartitionsSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createAssignment(),
}

const MemberSchema: StructSchema = {
  name: 'Member',
  versions: [0, 1],
  fields: [
    {
      name: 'memberId',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'instanceId',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'null',
    },
    {
      name: 'rackId',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'null',
    },
    {
      name: 'memberEpoch',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'clientId',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'clientHost',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'subscribedTopicNames',
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
      name: 'subscribedTopicRegex',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'null',
    },
    {
      name: 'assignment',
      type: 'struct',
      struct: AssignmentSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'targetAssignment',
      type: 'struct',
      struct: AssignmentSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'memberType',
      type: 'int8',
      versions: [1, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: true,
      default: '-1',
    },
  ],
  create: () => createMember(),
}

const DescribedGroupSchema: StructSchema = {
  name: 'DescribedGroup',
  versions: [0, 1],
  fields: [
    {
      name: 'errorCode',
      type: 'int16',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'errorMessage',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: [0, 32767],
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: 'null',
    },
    {
      name: 'groupId',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'groupState',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'groupEpoch',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'assignmentEpoch',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'assignorName',
      type: 'string',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'members',
      type: 'array',
      element: MemberSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'authorizedOperations',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '-2147483648',
    },
  ],
  create: () => createDescribedGroup(),
}

const ConsumerGroupDescribeResponseSchema: StructSchema = {
  name: 'ConsumerGroupDescribeResponse',
  versions: [0, 1],
  fields: [
    {
      name: 'throttleTimeMs',
      type: 'int32',
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
    {
      name: 'groups',
      type: 'array',
      element: DescribedGroupSchema,
      versions: [0, 32767],
      nullableVersions: null,
      taggedVersions: null,
      tag: null,
      ignorable: false,
      default: '',
    },
  ],
  create: () => createConsumerGroupDescribeResponse(),
}

/** The ConsumerGroupDescribeResponse codec: versions 0-1. */
export const ConsumerGroupDescribeResponseCodec: MessageCodec<ConsumerGroupDescribeResponse> = defineCodec<ConsumerGroupDescribeResponse>({
  name: 'ConsumerGroupDescribeResponse',
  apiKey: 69,
  type: 'response',
  versions: [0, 1],
  flexibleVersions: [0, 32767],
  latestVersionUnstable: false,
  schema: ConsumerGroupDescribeResponseSchema,
  create: createConsumerGroupDescribeResponse,
  size: sizeConsumerGroupDescribeResponse,
  write: writeConsumerGroupDescribeResponse,
  read: readConsumerGroupDescribeResponse,
})
