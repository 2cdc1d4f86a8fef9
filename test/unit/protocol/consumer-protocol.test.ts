/**
 * The consumer protocol's version-prefixed subscription and assignment (src/protocol/consumer-protocol.ts),
 * including Kafka's forward compatibility: a newer version is read as the newest known one.
 */
import { describe, expect, it } from 'vitest'

import {
  decodeConsumerAssignment,
  decodeConsumerSubscription,
  encodeConsumerAssignment,
  encodeConsumerSubscription,
} from '../../../src/protocol/consumer-protocol.js'
import { ProtocolError } from '../../../src/protocol/errors.js'
import { createConsumerProtocolAssignment } from '../../../src/protocol/messages/consumer-protocol-assignment.js'
import { createConsumerProtocolSubscription } from '../../../src/protocol/messages/consumer-protocol-subscription.js'

describe('consumer protocol', () => {
  it('round-trips a subscription with its version prefix', () => {
    const subscription = createConsumerProtocolSubscription({
      topics: ['a', 'b'],
      ownedPartitions: [{ topic: 'a', partitions: [0, 2] }],
      generationId: 3,
      rackId: 'r1',
    })
    const bytes = encodeConsumerSubscription(subscription, 3)
    expect(bytes.readInt16BE(0)).toBe(3)
    expect(decodeConsumerSubscription(bytes)).toEqual({ version: 3, subscription })
    // v0 (what kafkajs sends): topics and user data only.
    const v0 = encodeConsumerSubscription(createConsumerProtocolSubscription({ topics: ['a'], userData: null }), 0)
    expect(v0.toString('hex')).toBe('0000' + '00000001' + '000161' + 'ffffffff')
  })

  it('reads a newer version as the newest known one and ignores the fields it appends', () => {
    const assignment = createConsumerProtocolAssignment({
      assignedPartitions: [{ topic: 't', partitions: [1] }],
      userData: Buffer.from('x'),
    })
    const v3 = encodeConsumerAssignment(assignment, 3)
    const v9 = Buffer.concat([Buffer.from([0, 9]), v3.subarray(2), Buffer.from('future fields')])
    expect(decodeConsumerAssignment(v9)).toEqual({ version: 3, assignment })
  })

  it('refuses a negative version and a truncated body', () => {
    expect(() => decodeConsumerAssignment(Buffer.from([0xff, 0xff]))).toThrow(ProtocolError)
    const bytes = encodeConsumerSubscription(createConsumerProtocolSubscription({ topics: ['a'] }), 1)
    expect(() => decodeConsumerSubscription(bytes.subarray(0, bytes.length - 1))).toThrow(ProtocolError)
  })
})
