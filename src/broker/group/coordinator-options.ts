/**
 * The coordinator's inputs and their checks: the API versions it serves ({@link GROUP_API_VERSIONS}),
 * Kafka's defaults of its configs, the options of `GroupCoordinator.open` and their check, the
 * {@link RequestContext} of a call and its check (request shape, served API version), and the
 * {@link GroupSnapshot} view of a group. Pure data and argument checks: no I/O, no state.
 */
import type { Clock } from './clock.js'
import type { GroupConfig } from './context.js'
import type { GroupState } from './group.js'
import type { PartitionExists } from './offset-requests.js'

/** The API versions the coordinator serves: every version a Kafka 4.0 broker accepts. */
export const GROUP_API_VERSIONS = Object.freeze({
  JoinGroup: [0, 9],
  SyncGroup: [0, 5],
  Heartbeat: [0, 4],
  LeaveGroup: [0, 5],
  OffsetCommit: [2, 9],
  OffsetFetch: [1, 9],
  ListGroups: [0, 5],
  DescribeGroups: [0, 6],
  DeleteGroups: [0, 2],
  OffsetDelete: [0, 0],
  FindCoordinator: [0, 6],
} as const satisfies Record<string, readonly [number, number]>)

/** Kafka's defaults of the coordinator's configs. */
export const GROUP_COORDINATOR_DEFAULTS: Readonly<GroupConfig> = Object.freeze({
  initialRebalanceDelayMs: 3000,
  minSessionTimeoutMs: 6000,
  maxSessionTimeoutMs: 1_800_000,
  maxGroupSize: 2_147_483_647,
  maxGroups: 10_000,
  newMemberJoinTimeoutMs: 300_000,
  offsetMetadataMaxBytes: 4096,
  offsetsRetentionMs: 7 * 24 * 60 * 60 * 1000,
  offsetsRetentionCheckIntervalMs: 600_000,
})

/** Options of {@link GroupCoordinator.open}. Every timing option is in milliseconds. */
export interface GroupCoordinatorOptions extends Partial<GroupConfig> {
  /**
   * The directory of the offsets files (`.kafka-lite-group-*`, one per group with offsets). The
   * broker passes its own directory: Kafka ignores files there, so the directory stays adoptable.
   */
  dir: string
  /** The clock and timers (tests pass a fake one). @default the system clock */
  clock?: Clock
  /**
   * Whether a topic partition exists: commits and offset deletions for others are answered
   * UNKNOWN_TOPIC_OR_PARTITION, as Kafka does. @default every partition exists
   */
  partitionExists?: PartitionExists
  /** The UUIDs in new member ids (tests pass a deterministic one). @default crypto.randomUUID */
  randomUUID?: () => string
}

/** Who sent a request, and when to stop waiting for it. */
export interface RequestContext {
  /** The request's API version (the request header's `request_api_version`). */
  apiVersion: number
  /** The request header's client id (new member ids start with it). @default '' */
  clientId?: string
  /** The client's address as Kafka shows it (`/127.0.0.1`): DescribeGroups' client host. @default '' */
  clientHost?: string
  /** Aborted when the caller goes away: a pending JoinGroup or SyncGroup then rejects with an `AbortError`. */
  signal?: AbortSignal
}

/** A read-only view of one group (for the in-process consumer, tools and tests). */
export interface GroupSnapshot {
  readonly groupId: string
  readonly state: GroupState
  readonly generationId: number
  readonly protocolType: string | null
  readonly protocolName: string | null
  readonly leaderId: string | null
  readonly members: readonly {
    readonly memberId: string
    readonly groupInstanceId: string | null
    readonly clientId: string
    readonly clientHost: string
    readonly assignment: Buffer
  }[]
}

export type ApiName = keyof typeof GROUP_API_VERSIONS

/** Checks a call's request and context; returns its API version. @throws TypeError / RangeError */
export function checkCall(api: ApiName, request: unknown, context: RequestContext): number {
  if (request === null || typeof request !== 'object') throw new TypeError(`${api}: the request must be an object`)
  if (context === null || typeof context !== 'object') throw new TypeError(`${api}: the context must be an object`)
  const v = context.apiVersion
  const [lo, hi] = GROUP_API_VERSIONS[api]
  if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${api} v${String(v)} is not served (versions ${lo}-${hi})`)
  return v
}

/** Checks the coordinator's options; returns its configs (Kafka's defaults filled in). @throws TypeError / RangeError */
export function checkOptions(options: GroupCoordinatorOptions): GroupConfig {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object')
  const config = { ...GROUP_COORDINATOR_DEFAULTS }
  for (const key of Object.keys(GROUP_COORDINATOR_DEFAULTS) as (keyof GroupConfig)[]) {
    const v = options[key]
    if (v === undefined) continue
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${key} must be a non-negative safe integer`)
    config[key] = v
  }
  if (config.minSessionTimeoutMs > config.maxSessionTimeoutMs)
    throw new RangeError('minSessionTimeoutMs must not exceed maxSessionTimeoutMs')
  if (config.offsetsRetentionCheckIntervalMs === 0) throw new RangeError('offsetsRetentionCheckIntervalMs must be positive')
  if (config.maxGroups === 0) throw new RangeError('maxGroups must be positive')
  return config
}
