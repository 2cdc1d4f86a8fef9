/**
 * Options of `Broker.open(dir, options)`, their defaults and their checks. Every field is
 * documented here and mirrored in the README.
 */
import type { LogOptions } from '../index.js'
import type { BrokerGroupOptions } from './broker-groups.js'
import { DEFAULT_PRODUCER_ID_EXPIRATION_MS } from './producer-state.js'
import { checkTopicConfigs } from './topic-config.js'

/** `BrokerOptions.maxPartitions` when not given. */
const DEFAULT_MAX_PARTITIONS = 1000

/** `LogOptions` that no topic config decides, passed to every partition's log. */
export type PartitionLogOptions = Pick<LogOptions, 'lockStaleMs' | 'maxOpenSegments' | 'housekeepingIntervalMs' | 'cleanerBufferBytes'>

/** Options of `Broker.open`. */
export interface BrokerOptions {
  /**
   * Kafka's `node.id` of this broker, fixed when the directory is created (a later open with another
   * value is a `RangeError`). @default 0
   */
  nodeId?: number
  /** Kafka's cluster id, fixed when the directory is created. @default a new random id */
  clusterId?: string
  /**
   * Broker-wide topic config defaults, under topic config names (Kafka's `log.*` broker settings):
   * every topic that does not set a config gets these, e.g. `{ 'flush.messages': '1' }` for
   * `fsync: 'always'` everywhere. Kafka's own defaults apply to the rest.
   */
  topicDefaults?: Readonly<Record<string, string>>
  /** Partitions of a topic created without a count (Kafka's `num.partitions`). @default 1 */
  defaultPartitions?: number
  /**
   * The most partitions this broker creates, all topics together: a CreateTopics, CreatePartitions
   * or auto-creation that would pass it fails with `KLOG_POLICY_VIOLATION` (Kafka's
   * POLICY_VIOLATION) and creates nothing. Each open partition holds a log: four file descriptors
   * and about 40 KiB (more while it is busy), so this is what bounds what clients can make the
   * process hold. A directory that already has more opens whole; it only cannot grow. Kafka has no
   * such limit (its controller bounds one request to 10,000 partitions, which this broker does too).
   * @default 1000
   */
  maxPartitions?: number
  /**
   * Create a topic on first use by an in-process producer, with the default partition count and
   * configs (Kafka's `auto.create.topics.enable`; the wire layer reads it for Metadata requests).
   * @default true
   */
  autoCreateTopics?: boolean
  /** How long a producer id is remembered after its last batch (Kafka's `producer.id.expiration.ms`). @default 86400000 */
  producerIdExpirationMs?: number
  /** The broker directory's lock (and every partition's) is stale after this long without its holder. @default 10000 */
  lockStaleMs?: number
  /** Options of every partition's log that topic configs do not set. */
  logOptions?: PartitionLogOptions
  /** The group coordinator's configs (Kafka's `group.*` and `offsets.*` broker configs; see `BrokerGroupOptions`). */
  groups?: BrokerGroupOptions
}

/** {@link BrokerOptions} with defaults filled in. */
export interface ResolvedBrokerOptions {
  readonly nodeId: number
  readonly topicDefaults: Readonly<Record<string, string>>
  readonly defaultPartitions: number
  readonly maxPartitions: number
  readonly autoCreateTopics: boolean
  readonly producerIdExpirationMs: number
  readonly lockStaleMs: number
  readonly logOptions: PartitionLogOptions
}

const KEYS = [
  'nodeId',
  'clusterId',
  'topicDefaults',
  'defaultPartitions',
  'maxPartitions',
  'autoCreateTopics',
  'producerIdExpirationMs',
  'lockStaleMs',
  'logOptions',
  'groups',
]
const LOG_KEYS = ['lockStaleMs', 'maxOpenSegments', 'housekeepingIntervalMs', 'cleanerBufferBytes']

function intIn(v: unknown, name: string, min: number, max: number): void {
  if (v === undefined) return
  if (typeof v !== 'number') throw new TypeError(`options.${name} must be a number`)
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new RangeError(`options.${name} must be an integer in [${min}, ${max}]`)
}

/**
 * Validates `options` and fills in defaults.
 * @throws TypeError for an unknown key or a wrong type, RangeError for an out-of-range value
 * @throws LogError `KLOG_INVALID_CONFIG` for a bad `topicDefaults` entry
 */
export function resolveBrokerOptions(options: BrokerOptions | undefined): ResolvedBrokerOptions {
  const o = (options ?? {}) as Record<string, unknown>
  if (o === null || typeof o !== 'object') throw new TypeError('options must be an object')
  for (const k of Object.keys(o)) if (!KEYS.includes(k)) throw new TypeError(`options has no option '${k}'`)
  intIn(o.nodeId, 'nodeId', 0, 2 ** 31 - 1)
  intIn(o.defaultPartitions, 'defaultPartitions', 1, 1_000_000)
  intIn(o.maxPartitions, 'maxPartitions', 1, 1_000_000)
  intIn(o.producerIdExpirationMs, 'producerIdExpirationMs', 1, Number.MAX_SAFE_INTEGER)
  intIn(o.lockStaleMs, 'lockStaleMs', 2000, 2 ** 31 - 1)
  if (o.clusterId !== undefined && (typeof o.clusterId !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(o.clusterId))) {
    throw new TypeError('options.clusterId must be a Kafka id: 22 characters of URL-safe base64')
  }
  if (o.autoCreateTopics !== undefined && typeof o.autoCreateTopics !== 'boolean')
    throw new TypeError('options.autoCreateTopics must be a boolean')
  const logOptions = (o.logOptions ?? {}) as Record<string, unknown>
  if (logOptions === null || typeof logOptions !== 'object') throw new TypeError('options.logOptions must be an object')
  for (const k of Object.keys(logOptions))
    if (!LOG_KEYS.includes(k)) throw new TypeError(`options.logOptions has no option '${k}' (topic configs set the others)`)
  const lockStaleMs = (o.lockStaleMs as number | undefined) ?? 10_000
  return {
    nodeId: (o.nodeId as number | undefined) ?? 0,
    topicDefaults: Object.freeze(checkTopicConfigs((o.topicDefaults ?? {}) as Record<string, string>)),
    defaultPartitions: (o.defaultPartitions as number | undefined) ?? 1,
    maxPartitions: (o.maxPartitions as number | undefined) ?? DEFAULT_MAX_PARTITIONS,
    autoCreateTopics: o.autoCreateTopics ?? true,
    producerIdExpirationMs: (o.producerIdExpirationMs as number | undefined) ?? DEFAULT_PRODUCER_ID_EXPIRATION_MS,
    lockStaleMs,
    logOptions: Object.freeze({ lockStaleMs, ...(logOptions as PartitionLogOptions) }),
  }
}
