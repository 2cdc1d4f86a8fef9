/**
 * Kafka's `AbstractPartitionAssignor.MemberInfo` order, which the range and round-robin assignors
 * sort members by: static members first, by instance id; then dynamic members, by member id. Java
 * compares strings by UTF-16 code units, as JavaScript's `<` does.
 *
 * Pure; safe anywhere.
 */

/** A member id and instance id. */
export interface MemberInfo {
  readonly memberId: string
  readonly groupInstanceId: string | null
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** `MemberInfo.compareTo`. */
export function compareMemberInfo(a: MemberInfo, b: MemberInfo): number {
  if (a.groupInstanceId !== null && b.groupInstanceId !== null) return cmp(a.groupInstanceId, b.groupInstanceId)
  if (a.groupInstanceId !== null) return -1
  if (b.groupInstanceId !== null) return 1
  return cmp(a.memberId, b.memberId)
}

/** Java's `String.compareTo` sign. */
export const compareStrings = cmp
