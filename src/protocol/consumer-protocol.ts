/**
 * The consumer protocol's framing, as Kafka's `ConsumerProtocol` does it: a subscription (JoinGroup
 * member metadata) or an assignment (SyncGroup assignment) is an int16 version followed by the
 * `ConsumerProtocolSubscription`/`ConsumerProtocolAssignment` message at that version.
 *
 * Like Kafka, a version above the highest this module knows is read as the highest one (newer
 * versions only append fields, which are then ignored as trailing bytes), and a version below the
 * lowest is an error. The group coordinator passes these bytes through untouched; the in-process
 * consumer encodes and decodes them here.
 *
 * Pure: no I/O.
 */
import { malformed } from './errors.js'
import { ConsumerProtocolAssignmentCodec, type ConsumerProtocolAssignment } from './messages/consumer-protocol-assignment.js'
import { ConsumerProtocolSubscriptionCodec, type ConsumerProtocolSubscription } from './messages/consumer-protocol-subscription.js'
import { ProtocolReader } from './reader.js'
import type { MessageCodec } from './schema.js'
import { ProtocolWriter } from './writer.js'

function encodePrefixed<T>(codec: MessageCodec<T>, value: T, version: number): Buffer {
  const size = codec.size(value, version)
  const writer = new ProtocolWriter(2 + size)
  writer.int16(version, `${codec.name} version`)
  codec.write(writer, value, version)
  return writer.finish()
}

function decodePrefixed<T>(codec: MessageCodec<T>, buf: Buffer): { version: number; value: T } {
  const reader = new ProtocolReader(buf)
  const sent = reader.int16(`${codec.name} version`)
  const [lowest, highest] = codec.versions
  if (sent < lowest) throw malformed(`${codec.name} version`, 0, `unsupported version ${sent}`)
  const version = Math.min(sent, highest)
  return { version, value: codec.read(reader, version) }
}

/**
 * Encodes a subscription (JoinGroup protocol metadata of the `consumer` protocol type).
 * @param subscription - the subscription
 * @param version - the ConsumerProtocolSubscription version
 * @throws {@link ProtocolError} `KLOG_PROTOCOL_UNSUPPORTED_VERSION` or `KLOG_PROTOCOL_INVALID_VALUE`
 */
export function encodeConsumerSubscription(subscription: ConsumerProtocolSubscription, version: number): Buffer {
  return encodePrefixed(ConsumerProtocolSubscriptionCodec, subscription, version)
}

/**
 * Decodes a version-prefixed subscription.
 * @returns the version it was read at and the subscription
 * @throws {@link ProtocolError} `KLOG_PROTOCOL_MALFORMED`
 */
export function decodeConsumerSubscription(buf: Buffer): { version: number; subscription: ConsumerProtocolSubscription } {
  const { version, value } = decodePrefixed(ConsumerProtocolSubscriptionCodec, buf)
  return { version, subscription: value }
}

/**
 * Encodes an assignment (SyncGroup assignment of the `consumer` protocol type).
 * @param assignment - the assignment
 * @param version - the ConsumerProtocolAssignment version
 * @throws {@link ProtocolError} `KLOG_PROTOCOL_UNSUPPORTED_VERSION` or `KLOG_PROTOCOL_INVALID_VALUE`
 */
export function encodeConsumerAssignment(assignment: ConsumerProtocolAssignment, version: number): Buffer {
  return encodePrefixed(ConsumerProtocolAssignmentCodec, assignment, version)
}

/**
 * Decodes a version-prefixed assignment.
 * @returns the version it was read at and the assignment
 * @throws {@link ProtocolError} `KLOG_PROTOCOL_MALFORMED`
 */
export function decodeConsumerAssignment(buf: Buffer): { version: number; assignment: ConsumerProtocolAssignment } {
  const { version, value } = decodePrefixed(ConsumerProtocolAssignmentCodec, buf)
  return { version, assignment: value }
}
