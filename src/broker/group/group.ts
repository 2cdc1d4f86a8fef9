/**
 * One classic consumer group's state, as Kafka's `ClassicGroup` keeps it: the state machine
 * (Empty, PreparingRebalance, CompletingRebalance, Stable, Dead), the generation, the protocol type
 * and the selected protocol, the leader, the members (dynamic and static), the pending members (a
 * member id handed out by MEMBER_ID_REQUIRED and not yet used), the members still to sync, and the
 * topics the members subscribe to. The rules that move a group between states live in
 * `rebalance.ts` and the request handlers; this class keeps the bookkeeping consistent
 * (awaiting-join count, protocol support counts, the static-member index).
 *
 * Transitions (Kafka's `ClassicGroupState`): Empty -> PreparingRebalance -> CompletingRebalance ->
 * Stable, back to PreparingRebalance from the last three, to Empty from PreparingRebalance, to Dead
 * from anywhere. An invalid transition is a bug: it throws.
 *
 * Members iterate in the order they joined (a JavaScript `Map`). Kafka iterates a Java `HashMap` of
 * random member ids, so where Kafka picks "the first member" (a new leader when the leader leaves, or
 * misses a rebalance) its choice is arbitrary; ours is the longest-standing member.
 *
 * Concurrency contract: owned by the coordinator's event loop.
 */
import { ProtocolReader } from '../../protocol/reader.js'
import { ConsumerProtocolSubscriptionCodec } from '../../protocol/messages/consumer-protocol-subscription.js'
import {
  createJoinGroupResponse,
  type JoinGroupResponse,
  type JoinGroupResponseMember,
} from '../../protocol/messages/join-group-response.js'
import { createSyncGroupResponse, type SyncGroupResponse } from '../../protocol/messages/sync-group-response.js'
import { KafkaError } from '../errors.js'
import { ClassicGroupMember, protocolNames, type MemberProtocol } from './member.js'
import type { PendingResponse } from './pending-response.js'

/** A classic group's state, by Kafka's names (also what DescribeGroups and ListGroups show). */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead'

/** Every state, in Kafka's order. */
export const GROUP_STATES: readonly GroupState[] = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead']

const VALID_PREVIOUS: Readonly<Record<GroupState, readonly GroupState[]>> = {
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead'],
}

/** The consumer protocol's type: groups of this type carry subscriptions the coordinator can read. */
export const CONSUMER_PROTOCOL_TYPE = 'consumer'

/** Where a restored group starts (from the offset store after a restart). */
export interface GroupRestore {
  generationId: number
  protocolType: string | null
  /** When the group became Empty, if known. */
  emptySince: number | null
}

/** One classic group. */
export class ClassicGroup {
  readonly groupId: string
  #state: GroupState
  #previousState: GroupState = 'Dead'
  /** When the group entered its current state (Kafka's `currentStateTimestamp`). */
  currentStateTimestamp: number
  #protocolType: string | null
  #protocolName: string | null = null
  #generationId: number
  #leaderId: string | null = null
  readonly #members = new Map<string, ClassicGroupMember>()
  readonly #staticMembers = new Map<string, string>()
  readonly #pendingJoinMembers = new Set<string>()
  #numMembersAwaitingJoinResponse = 0
  readonly #supportedProtocols = new Map<string, number>()
  readonly #pendingSyncMembers = new Set<string>()
  #subscribedTopics: Set<string> | null = null
  /** A member joined during the initial rebalance's delay (which is then extended). */
  newMemberAdded = false

  constructor(groupId: string, now: number, restore?: GroupRestore) {
    this.groupId = groupId
    this.#state = 'Empty'
    this.#generationId = restore?.generationId ?? 0
    this.#protocolType = restore?.protocolType ?? null
    this.currentStateTimestamp = restore?.emptySince ?? now
    this.#subscribedTopics = this.computeSubscribedTopics()
  }

  get state(): GroupState {
    return this.#state
  }
  get previousState(): GroupState {
    return this.#previousState
  }
  get generationId(): number {
    return this.#generationId
  }
  get protocolType(): string | null {
    return this.#protocolType
  }
  get protocolName(): string | null {
    return this.#protocolName
  }
  get leaderId(): string | null {
    return this.#leaderId
  }
  get subscribedTopics(): ReadonlySet<string> | null {
    return this.#subscribedTopics
  }
  get numMembers(): number {
    return this.#members.size
  }
  get numAwaitingJoinResponse(): number {
    return this.#numMembersAwaitingJoinResponse
  }
  get numPendingJoinMembers(): number {
    return this.#pendingJoinMembers.size
  }

  is(state: GroupState): boolean {
    return this.#state === state
  }

  /** Empty: no members (pending members do not count, as in Kafka). */
  get isEmpty(): boolean {
    return this.#state === 'Empty'
  }

  hasMember(memberId: string): boolean {
    return this.#members.has(memberId)
  }

  member(memberId: string): ClassicGroupMember | undefined {
    return this.#members.get(memberId)
  }

  /** The members, in the order they joined. */
  allMembers(): ClassicGroupMember[] {
    return [...this.#members.values()]
  }

  isLeader(memberId: string): boolean {
    return this.#leaderId !== null && this.#leaderId === memberId
  }

  isPendingMember(memberId: string): boolean {
    return this.#pendingJoinMembers.has(memberId)
  }

  hasStaticMember(groupInstanceId: string): boolean {
    return this.#staticMembers.has(groupInstanceId)
  }

  staticMemberId(groupInstanceId: string): string | undefined {
    return this.#staticMembers.get(groupInstanceId)
  }

  /** Whether the member uses the consumer protocol type (its subscriptions are readable). */
  get usesConsumerGroupProtocol(): boolean {
    return this.#protocolType === CONSUMER_PROTOCOL_TYPE
  }

  /** Adds a member (the group takes the member's protocol type when it has none), parked on `join` if given. */
  add(member: ClassicGroupMember, join: PendingResponse<JoinGroupResponse> | null): void {
    if (member.groupInstanceId !== null) {
      if (this.#staticMembers.has(member.groupInstanceId))
        throw new Error(`static member ${member.groupInstanceId} already in ${this.groupId}`)
      this.#staticMembers.set(member.groupInstanceId, member.memberId)
    }
    if (this.#members.size === 0) this.#protocolType = member.protocolType
    if (this.#protocolType !== member.protocolType) throw new Error('the group and the member must have the same protocol type')
    if (!this.supportsProtocols(member.protocolType, protocolNames(member.supportedProtocols))) {
      throw new Error("none of the member's protocols is supported")
    }
    if (this.#leaderId === null) this.#leaderId = member.memberId
    this.#members.set(member.memberId, member)
    this.#incrementSupportedProtocols(member)
    member.awaitingJoin = join
    if (member.isAwaitingJoin) this.#numMembersAwaitingJoinResponse++
    this.#pendingJoinMembers.delete(member.memberId)
  }

  /** Removes a member or a pending member; the leadership passes to the first remaining member. */
  remove(memberId: string): void {
    const removed = this.#members.get(memberId)
    if (removed !== undefined) {
      this.#members.delete(memberId)
      this.#decrementSupportedProtocols(removed)
      if (removed.isAwaitingJoin) this.#numMembersAwaitingJoinResponse--
      if (removed.groupInstanceId !== null) this.#staticMembers.delete(removed.groupInstanceId)
    }
    if (this.isLeader(memberId)) {
      const next = this.#members.keys().next()
      this.#leaderId = next.done === true ? null : next.value
    }
    this.#pendingJoinMembers.delete(memberId)
    this.#pendingSyncMembers.delete(memberId)
  }

  /**
   * Makes sure the leader is a member that rejoined: when the leader did not, the first member that
   * did leads. False when no member rejoined.
   */
  maybeElectNewJoinedLeader(): boolean {
    if (this.#leaderId === null) return false
    const leader = this.#members.get(this.#leaderId)!
    if (leader.isAwaitingJoin) return true
    for (const m of this.#members.values()) {
      if (m.isAwaitingJoin) {
        this.#leaderId = m.memberId
        return true
      }
    }
    return false
  }

  /**
   * Replaces the static member `oldMemberId` by a new member id keeping its instance id, metadata and
   * assignment. Whoever is parked on the old member id is answered FENCED_INSTANCE_ID.
   */
  replaceStaticMember(groupInstanceId: string, oldMemberId: string, newMemberId: string): ClassicGroupMember {
    const removed = this.#members.get(oldMemberId)
    if (removed === undefined) throw new Error(`cannot replace non-existing member ${oldMemberId}`)
    this.#members.delete(oldMemberId)
    // Fence whoever is parked on the old member id at once.
    this.completeJoin(
      removed,
      createJoinGroupResponse({ errorCode: KafkaError.FENCED_INSTANCE_ID, memberId: oldMemberId, protocolName: null, leader: '' }),
    )
    this.completeSync(removed, createSyncGroupResponse({ errorCode: KafkaError.FENCED_INSTANCE_ID }))
    const member = new ClassicGroupMember({
      memberId: newMemberId,
      groupInstanceId: removed.groupInstanceId,
      clientId: removed.clientId,
      clientHost: removed.clientHost,
      rebalanceTimeoutMs: removed.rebalanceTimeoutMs,
      sessionTimeoutMs: removed.sessionTimeoutMs,
      protocolType: removed.protocolType,
      protocols: removed.supportedProtocols,
      assignment: removed.assignment,
    })
    this.#members.set(newMemberId, member)
    if (this.isLeader(oldMemberId)) this.#leaderId = newMemberId
    this.#staticMembers.set(groupInstanceId, newMemberId)
    return member
  }

  /** Remembers a member id handed out with MEMBER_ID_REQUIRED. */
  addPendingMember(memberId: string): void {
    if (this.#members.has(memberId)) throw new Error(`pending member ${memberId} is already a member`)
    this.#pendingJoinMembers.add(memberId)
  }

  addPendingSyncMember(memberId: string): void {
    if (!this.#members.has(memberId)) throw new Error(`pending sync member ${memberId} is not a member`)
    this.#pendingSyncMembers.add(memberId)
  }

  removePendingSyncMember(memberId: string): void {
    this.#pendingSyncMembers.delete(memberId)
  }

  hasReceivedSyncFromAllMembers(): boolean {
    return this.#pendingSyncMembers.size === 0
  }

  allPendingSyncMembers(): string[] {
    return [...this.#pendingSyncMembers]
  }

  clearPendingSyncMembers(): void {
    this.#pendingSyncMembers.clear()
  }

  /** Members that did not rejoin in this rebalance. */
  notYetRejoinedMembers(): ClassicGroupMember[] {
    return [...this.#members.values()].filter((m) => !m.isAwaitingJoin)
  }

  /** Every member rejoined and no member id handed out is still unused. */
  hasAllMembersJoined(): boolean {
    return this.#members.size === this.#numMembersAwaitingJoinResponse && this.#pendingJoinMembers.size === 0
  }

  /** The longest rebalance timeout of the members (0 without members). */
  rebalanceTimeoutMs(): number {
    let max = 0
    for (const m of this.#members.values()) max = Math.max(max, m.rebalanceTimeoutMs)
    return max
  }

  /** Whether a rebalance may start from the current state. */
  canRebalance(): boolean {
    return VALID_PREVIOUS.PreparingRebalance.includes(this.#state)
  }

  transitionTo(state: GroupState, now: number): void {
    if (!VALID_PREVIOUS[state].includes(this.#state))
      throw new Error(`group ${this.groupId}: invalid transition ${this.#state} -> ${state}`)
    this.#previousState = this.#state
    this.#state = state
    this.currentStateTimestamp = now
  }

  /** Kafka's vote: among the protocols every member supports, the one most members prefer. */
  selectProtocol(): string {
    if (this.#members.size === 0) throw new Error('cannot select a protocol for an empty group')
    const candidates = new Set<string>()
    for (const [name, count] of this.#supportedProtocols) if (count === this.#members.size) candidates.add(name)
    const votes = new Map<string, number>()
    for (const m of this.#members.values()) {
      const name = m.vote(candidates)
      votes.set(name, (votes.get(name) ?? 0) + 1)
    }
    // Kafka takes the maximum of a HashMap's entries (ties: the last maximum met); the first
    // maximum in first-vote order here, so the tie-break is deterministic.
    let best: string | null = null
    let bestVotes = -1
    for (const [name, n] of votes) {
      if (n > bestVotes) {
        best = name
        bestVotes = n
      }
    }
    return best!
  }

  /** Whether a member of `protocolType` offering `names` could join (INCONSISTENT_GROUP_PROTOCOL otherwise). */
  supportsProtocols(protocolType: string, names: ReadonlySet<string>): boolean {
    if (this.#state === 'Empty') return protocolType !== '' && names.size > 0
    if (this.#protocolType !== protocolType) return false
    for (const name of names) if ((this.#supportedProtocols.get(name) ?? 0) === this.#members.size) return true
    return false
  }

  /** Updates a member's protocols and timeouts, parking it on `join` (or unparking it with null). */
  updateMember(
    member: ClassicGroupMember,
    protocols: readonly MemberProtocol[],
    rebalanceTimeoutMs: number,
    sessionTimeoutMs: number,
    join: PendingResponse<JoinGroupResponse> | null,
  ): void {
    this.#decrementSupportedProtocols(member)
    member.supportedProtocols = protocols
    this.#incrementSupportedProtocols(member)
    member.rebalanceTimeoutMs = rebalanceTimeoutMs
    member.sessionTimeoutMs = sessionTimeoutMs
    if (join !== null && !member.isAwaitingJoin) this.#numMembersAwaitingJoinResponse++
    else if (join === null && member.isAwaitingJoin) this.#numMembersAwaitingJoinResponse--
    member.awaitingJoin = join
  }

  /** Answers the member's parked JoinGroup. @returns whether it was parked */
  completeJoin(member: ClassicGroupMember, response: JoinGroupResponse): boolean {
    const pending = member.awaitingJoin
    if (pending === null) return false
    member.awaitingJoin = null
    this.#numMembersAwaitingJoinResponse--
    pending.complete(response)
    return true
  }

  /** Answers the member's parked SyncGroup. @returns whether it was parked */
  completeSync(member: ClassicGroupMember, response: SyncGroupResponse): boolean {
    const pending = member.awaitingSync
    if (pending === null) return false
    member.awaitingSync = null
    pending.complete(response)
    return true
  }

  /** Starts the next generation: CompletingRebalance with a selected protocol, or Empty. */
  initNextGeneration(now: number): void {
    this.#generationId++
    if (this.#members.size > 0) {
      this.#protocolName = this.selectProtocol()
      this.#subscribedTopics = this.computeSubscribedTopics()
      this.transitionTo('CompletingRebalance', now)
    } else {
      this.#protocolName = null
      this.#subscribedTopics = this.computeSubscribedTopics()
      this.transitionTo('Empty', now)
    }
    this.#pendingSyncMembers.clear()
  }

  /** The members as the leader's JoinGroup response lists them, with their metadata for the selected protocol. */
  currentMembersForLeader(): JoinGroupResponseMember[] {
    if (this.#state === 'Dead' || this.#state === 'PreparingRebalance') throw new Error(`no member metadata in state ${this.#state}`)
    return [...this.#members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: m.metadata(this.#protocolName!),
    }))
  }

  /**
   * The topics the members subscribe to, when the group uses the consumer protocol and every member's
   * subscription reads as one (Kafka reads each subscription at version 0, the prefix of every
   * version); null when unknown.
   */
  computeSubscribedTopics(): Set<string> | null {
    if (this.#protocolType !== CONSUMER_PROTOCOL_TYPE) return null
    if (this.#members.size === 0) return new Set()
    if (this.#protocolName === null) return null
    const topics = new Set<string>()
    try {
      for (const m of this.#members.values()) {
        const reader = new ProtocolReader(m.metadata(this.#protocolName))
        reader.int16('ConsumerProtocolSubscription version')
        for (const t of ConsumerProtocolSubscriptionCodec.read(reader, 0).topics) topics.add(t)
      }
    } catch {
      // A subscription that does not parse: the coordinator does not know what the group reads.
      return null
    }
    return topics
  }

  /**
   * Whether the group reads `topic`: from the members' subscriptions when known, otherwise a
   * consumer group is assumed to (so its offsets are kept).
   */
  isSubscribedToTopic(topic: string): boolean {
    return this.#subscribedTopics !== null ? this.#subscribedTopics.has(topic) : this.usesConsumerGroupProtocol
  }

  #incrementSupportedProtocols(member: ClassicGroupMember): void {
    for (const p of member.supportedProtocols) this.#supportedProtocols.set(p.name, (this.#supportedProtocols.get(p.name) ?? 0) + 1)
  }

  #decrementSupportedProtocols(member: ClassicGroupMember): void {
    for (const p of member.supportedProtocols) this.#supportedProtocols.set(p.name, (this.#supportedProtocols.get(p.name) ?? 0) - 1)
  }
}
