/**
 * The member checks every group request makes (Kafka's `ClassicGroup.validateMember`): a request
 * with an instance id must come from the member that holds it (FENCED_INSTANCE_ID when another
 * member id does, UNKNOWN_MEMBER_ID when nobody does), and the member id must be a member.
 *
 * Pure over the group; safe anywhere.
 */
import type { ClassicGroup } from './group.js'
import { KafkaError } from '../errors.js'

/** NONE, UNKNOWN_MEMBER_ID or FENCED_INSTANCE_ID. */
export function validateMember(group: ClassicGroup, memberId: string, groupInstanceId: string | null): number {
  if (groupInstanceId !== null) {
    const existing = group.staticMemberId(groupInstanceId)
    if (existing === undefined) return KafkaError.UNKNOWN_MEMBER_ID
    if (existing !== memberId) return KafkaError.FENCED_INSTANCE_ID
  }
  return group.hasMember(memberId) ? KafkaError.NONE : KafkaError.UNKNOWN_MEMBER_ID
}
