/**
 * One member of a classic group, as Kafka's `ClassicGroupMember` keeps it: its ids, timeouts, the
 * protocols it offered in its last JoinGroup (name and metadata, in its order of preference), the
 * assignment the leader gave it, and the responses it is parked on.
 *
 * Concurrency contract: owned by the coordinator's event loop.
 */
import type { JoinGroupResponse } from '../../protocol/messages/join-group-response.js'
import type { DescribedGroupMember } from '../../protocol/messages/describe-groups-response.js'
import type { SyncGroupResponse } from '../../protocol/messages/sync-group-response.js'
import { PendingResponse } from './pending-response.js'

/** A protocol a member offers: its name and the member's metadata for it (a subscription). */
export interface MemberProtocol {
  readonly name: string
  readonly metadata: Buffer
}

/** The empty assignment (Kafka's `EMPTY_ASSIGNMENT`). */
export const EMPTY_ASSIGNMENT: Buffer = Buffer.alloc(0)

/** What a new member is made of. */
export interface MemberInit {
  memberId: string
  groupInstanceId: string | null
  clientId: string
  clientHost: string
  rebalanceTimeoutMs: number
  sessionTimeoutMs: number
  protocolType: string
  protocols: readonly MemberProtocol[]
  assignment?: Buffer
}

/** One member of a classic group. */
export class ClassicGroupMember {
  readonly memberId: string
  readonly groupInstanceId: string | null
  readonly clientId: string
  readonly clientHost: string
  readonly protocolType: string
  rebalanceTimeoutMs: number
  sessionTimeoutMs: number
  supportedProtocols: readonly MemberProtocol[]
  assignment: Buffer
  /** The parked JoinGroup, while the member awaits the end of the join phase. */
  awaitingJoin: PendingResponse<JoinGroupResponse> | null = null
  /** The parked SyncGroup, while the member awaits the leader's assignment. */
  awaitingSync: PendingResponse<SyncGroupResponse> | null = null
  /** Joined in the current rebalance and not yet through a completed join phase. */
  isNew = false

  constructor(init: MemberInit) {
    this.memberId = init.memberId
    this.groupInstanceId = init.groupInstanceId
    this.clientId = init.clientId
    this.clientHost = init.clientHost
    this.rebalanceTimeoutMs = init.rebalanceTimeoutMs
    this.sessionTimeoutMs = init.sessionTimeoutMs
    this.protocolType = init.protocolType
    this.supportedProtocols = init.protocols
    this.assignment = init.assignment ?? EMPTY_ASSIGNMENT
  }

  get isStaticMember(): boolean {
    return this.groupInstanceId !== null
  }

  get isAwaitingJoin(): boolean {
    return this.awaitingJoin !== null
  }

  get isAwaitingSync(): boolean {
    return this.awaitingSync !== null
  }

  /** The metadata the member gave for `protocolName` (a member of the group always offers the group's protocol). */
  metadata(protocolName: string): Buffer {
    for (const p of this.supportedProtocols) if (p.name === protocolName) return p.metadata
    throw new Error(`member ${this.memberId} does not support protocol ${protocolName}`)
  }

  /**
   * Whether the member's session is kept alive without heartbeats: a member parked on a JoinGroup or
   * SyncGroup is waiting for the coordinator, not failing; a new member can still expire (Kafka's
   * `hasSatisfiedHeartbeat`).
   */
  hasSatisfiedHeartbeat(): boolean {
    if (this.isNew) return false
    return this.isAwaitingJoin || this.isAwaitingSync
  }

  /** Whether `protocols` is exactly what the member offered (same names and metadata, same order). */
  matches(protocols: readonly MemberProtocol[]): boolean {
    if (protocols.length !== this.supportedProtocols.length) return false
    return protocols.every((p, i) => p.name === this.supportedProtocols[i]!.name && p.metadata.equals(this.supportedProtocols[i]!.metadata))
  }

  /** The member's vote: its most preferred protocol among `candidates`. */
  vote(candidates: ReadonlySet<string>): string {
    for (const p of this.supportedProtocols) if (candidates.has(p.name)) return p.name
    throw new Error(`member ${this.memberId} supports none of the candidate protocols`)
  }

  /** DescribeGroups' view of the member, with its metadata for `protocolName` when given. */
  describe(protocolName: string | null): DescribedGroupMember {
    return {
      memberId: this.memberId,
      groupInstanceId: this.groupInstanceId,
      clientId: this.clientId,
      clientHost: this.clientHost,
      memberMetadata: protocolName === null ? EMPTY_ASSIGNMENT : this.metadata(protocolName),
      memberAssignment: this.assignment,
    }
  }
}

/** The distinct protocol names a member offers. */
export function protocolNames(protocols: readonly MemberProtocol[]): Set<string> {
  return new Set(protocols.map((p) => p.name))
}
