/**
 * Topic configs under Kafka's names (`cleanup.policy`, `retention.ms`, `segment.bytes`, …), with
 * Kafka 4's types, defaults and validation (`LogConfig`), mapped onto the `LogOptions` of each
 * partition's log and onto what the broker itself enforces per produce.
 *
 * Every config Kafka defines for a topic is known here, and says how a change takes effect:
 * - `live`: the broker applies it to the next produce or in-process send (timestamps, batch size
 *   limits, the in-process producer's compression);
 * - `reopen`: it shapes the partition's `Log` (segments, retention, compaction, fsync), whose options
 *   are fixed while it is open, so it applies when the broker reopens the topic (`Broker.open`);
 * - `none`: accepted and stored, with nothing to do on a single broker without replication or
 *   tiered storage (throttled replicas, `preallocate`: this engine never preallocates, …).
 * A few cannot be honoured at all (`max.compaction.lag.ms`, `remote.storage.enable`): only their
 * default is accepted, anything else is `KLOG_INVALID_CONFIG`, as is an unknown name or a value
 * the type or range refuses. Values are stored as Kafka prints them (trimmed, canonical numbers).
 *
 * Pure; safe anywhere.
 */
import { LogError, type Compression, type LogOptions } from '../index.js'

/** Kafka's config types (DescribeConfigs v3+ `config_type`). */
export type ConfigType = 'BOOLEAN' | 'STRING' | 'INT' | 'LONG' | 'DOUBLE' | 'LIST'

/** How a change of a config reaches the topic (see the module comment). */
export type ConfigEffect = 'live' | 'reopen' | 'none' | 'unsupported'

interface ConfigDef {
  type: ConfigType
  /** Kafka's default, as Kafka prints it. */
  default: string
  effect: ConfigEffect
  /** Validates and canonicalises a value (already trimmed); throws a message when it is refused. */
  check: (value: string) => string
  /** Kafka's internal configs: accepted, not described. */
  internal?: boolean
}

const LONG_MAX = '9223372036854775807'
const INT_MAX = 2 ** 31 - 1

function long(min: bigint | undefined, max?: bigint): (v: string) => string {
  return (v) => {
    if (!/^[+-]?\d+$/.test(v)) throw new Error('not a long')
    const n = BigInt(v)
    if (n > 9223372036854775807n || n < -9223372036854775808n) throw new Error('not a long')
    if (min !== undefined && n < min) throw new Error(`must be at least ${min}`)
    if (max !== undefined && n > max) throw new Error(`must be at most ${max}`)
    return n.toString()
  }
}

function int(min: number, max = INT_MAX, orMinusOne = false): (v: string) => string {
  return (v) => {
    if (!/^[+-]?\d+$/.test(v)) throw new Error('not an int')
    const n = Number(v)
    if (n > INT_MAX || n < -(2 ** 31)) throw new Error('not an int')
    if (orMinusOne && n === -1) return '-1'
    if (n < min || n > max) throw new Error(`must be in [${min}, ${max}]${orMinusOne ? ' or -1' : ''}`)
    return String(n)
  }
}

function bool(v: string): string {
  const l = v.toLowerCase()
  if (l !== 'true' && l !== 'false') throw new Error('must be true or false')
  return l
}

function oneOf(...allowed: string[]): (v: string) => string {
  return (v) => {
    if (!allowed.includes(v)) throw new Error(`must be one of ${allowed.join(', ')}`)
    return v
  }
}

function anyList(v: string): string {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .join(',')
}

function cleanupPolicy(v: string): string {
  const items = anyList(v).split(',')
  if (items.length === 0 || items[0] === '') throw new Error('must name compact, delete or both')
  for (const i of items) if (i !== 'compact' && i !== 'delete') throw new Error(`${i} is not compact or delete`)
  return [...new Set(items)].join(',')
}

function ratio(v: string): string {
  const n = Number(v)
  if (v === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new Error('must be a number in [0, 1]')
  return String(n)
}

/** Every topic config Kafka 4 defines, with its default (Kafka's `LogConfig`, as of 4.4). */
const DEFS: Readonly<Record<string, ConfigDef>> = Object.freeze({
  'cleanup.policy': { type: 'LIST', default: 'delete', effect: 'reopen', check: cleanupPolicy },
  'compression.gzip.level': { type: 'INT', default: '-1', effect: 'live', check: int(1, 9, true) },
  'compression.lz4.level': { type: 'INT', default: '9', effect: 'none', check: int(1, 17) },
  'compression.type': {
    type: 'STRING',
    default: 'producer',
    effect: 'live',
    check: oneOf('uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'),
  },
  'compression.zstd.level': { type: 'INT', default: '3', effect: 'live', check: int(-131072, 22) },
  'delete.retention.ms': { type: 'LONG', default: '86400000', effect: 'reopen', check: long(0n) },
  'errors.deadletterqueue.group.enable': { type: 'BOOLEAN', default: 'false', effect: 'unsupported', check: bool },
  'file.delete.delay.ms': { type: 'LONG', default: '60000', effect: 'none', check: long(0n) },
  'flush.messages': { type: 'LONG', default: LONG_MAX, effect: 'reopen', check: long(1n) },
  'flush.ms': { type: 'LONG', default: LONG_MAX, effect: 'reopen', check: long(0n) },
  'follower.replication.throttled.replicas': { type: 'LIST', default: '', effect: 'none', check: anyList },
  'index.interval.bytes': { type: 'INT', default: '4096', effect: 'reopen', check: int(0) },
  'internal.segment.bytes': { type: 'INT', default: '', effect: 'reopen', check: int(1024), internal: true },
  'leader.replication.throttled.replicas': { type: 'LIST', default: '', effect: 'none', check: anyList },
  'local.retention.bytes': { type: 'LONG', default: '-2', effect: 'none', check: long(-2n) },
  'local.retention.ms': { type: 'LONG', default: '-2', effect: 'none', check: long(-2n) },
  'max.compaction.lag.ms': { type: 'LONG', default: LONG_MAX, effect: 'unsupported', check: long(1n) },
  'max.decompressed.message.bytes': { type: 'INT', default: String(64 * 1024 * 1024), effect: 'live', check: int(1, 2147483639) },
  'max.message.bytes': { type: 'INT', default: '1048588', effect: 'live', check: int(0) },
  'message.timestamp.after.max.ms': { type: 'LONG', default: '3600000', effect: 'live', check: long(0n) },
  'message.timestamp.before.max.ms': { type: 'LONG', default: LONG_MAX, effect: 'live', check: long(0n) },
  'message.timestamp.type': { type: 'STRING', default: 'CreateTime', effect: 'live', check: oneOf('CreateTime', 'LogAppendTime') },
  'min.cleanable.dirty.ratio': { type: 'DOUBLE', default: '0.5', effect: 'reopen', check: ratio },
  'min.compaction.lag.ms': { type: 'LONG', default: '0', effect: 'reopen', check: long(0n) },
  'min.insync.replicas': { type: 'INT', default: '1', effect: 'live', check: int(1) },
  preallocate: { type: 'BOOLEAN', default: 'false', effect: 'none', check: bool },
  'remote.copy.lag.bytes': { type: 'LONG', default: '-1', effect: 'none', check: long(-1n) },
  'remote.copy.lag.ms': { type: 'LONG', default: '0', effect: 'none', check: long(-1n) },
  'remote.log.copy.disable': { type: 'BOOLEAN', default: 'false', effect: 'none', check: bool },
  'remote.log.delete.on.disable': { type: 'BOOLEAN', default: 'false', effect: 'none', check: bool },
  'remote.storage.enable': { type: 'BOOLEAN', default: 'false', effect: 'unsupported', check: bool },
  'retention.bytes': { type: 'LONG', default: '-1', effect: 'reopen', check: long(undefined) },
  'retention.ms': { type: 'LONG', default: '604800000', effect: 'reopen', check: long(-1n) },
  'segment.bytes': { type: 'INT', default: '1073741824', effect: 'reopen', check: int(1024 * 1024) },
  'segment.index.bytes': { type: 'INT', default: '10485760', effect: 'reopen', check: int(4) },
  'segment.jitter.ms': { type: 'LONG', default: '0', effect: 'none', check: long(0n) },
  'segment.ms': { type: 'LONG', default: '604800000', effect: 'reopen', check: long(1n) },
  'unclean.leader.election.enable': { type: 'BOOLEAN', default: 'false', effect: 'none', check: bool },
})

/** Kafka's topic config names this broker knows (the ones DescribeConfigs lists), sorted. */
export const TOPIC_CONFIG_NAMES: readonly string[] = Object.freeze(
  Object.keys(DEFS)
    .filter((n) => DEFS[n]!.internal !== true)
    .sort(),
)

/** Topic configs as names → values (Kafka's strings). */
export type TopicConfigs = Readonly<Record<string, string>>

function invalid(name: string, why: string): LogError {
  return new LogError('KLOG_INVALID_CONFIG', `invalid value for topic config ${name}: ${why}`)
}

/**
 * Validates one config and returns its canonical value.
 * @throws LogError `KLOG_INVALID_CONFIG` for an unknown name, a refused value, or a non-default
 *   value of a config this broker cannot honour
 */
export function checkTopicConfig(name: string, value: string): string {
  const def = Object.prototype.hasOwnProperty.call(DEFS, name) ? DEFS[name] : undefined
  if (def === undefined) throw new LogError('KLOG_INVALID_CONFIG', `unknown topic config ${JSON.stringify(name)}`)
  if (typeof value !== 'string') throw invalid(name, 'the value must be a string')
  let canonical: string
  try {
    canonical = def.check(value.trim())
  } catch (err) {
    throw invalid(name, (err as Error).message)
  }
  if (def.effect === 'unsupported' && canonical !== def.default) throw invalid(name, 'only the default is supported by this broker')
  return canonical
}

/**
 * Validates a set of configs (all or nothing).
 * @returns the canonical values
 * @throws LogError `KLOG_INVALID_CONFIG`
 */
export function checkTopicConfigs(configs: Readonly<Record<string, string>>): Record<string, string> {
  if (configs === null || typeof configs !== 'object') throw new TypeError('configs must be an object of names to string values')
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(configs)) out[name] = checkTopicConfig(name, value)
  return out
}

/** One change of an incremental alteration (Kafka's IncrementalAlterConfigs operations). */
export interface ConfigChange {
  /** The config's name. */
  name: string
  /** `set` the value, `delete` back to the default, `append` to / `subtract` from a list config. */
  op: 'set' | 'delete' | 'append' | 'subtract'
  /** The value (`set`), or the comma-separated items (`append`, `subtract`); not for `delete`. */
  value?: string
}

/**
 * Applies `changes` in order to a topic's own configs (Kafka's IncrementalAlterConfigs).
 * @returns the new configs (canonical values)
 * @throws LogError `KLOG_INVALID_CONFIG` for an unknown name or operation, a value refused, or
 *   `append` / `subtract` on a config that is not a list
 */
export function applyConfigChanges(
  current: TopicConfigs,
  changes: readonly ConfigChange[],
  brokerDefaults: TopicConfigs,
): Record<string, string> {
  const next: Record<string, string> = { ...current }
  for (const c of changes) {
    const def = Object.prototype.hasOwnProperty.call(DEFS, c.name) ? DEFS[c.name] : undefined
    if (def === undefined) throw new LogError('KLOG_INVALID_CONFIG', `unknown topic config ${JSON.stringify(c.name)}`)
    if (c.op === 'delete') {
      delete next[c.name]
      continue
    }
    if (c.op !== 'set' && c.op !== 'append' && c.op !== 'subtract')
      throw new LogError('KLOG_INVALID_CONFIG', `unknown operation ${String(c.op)}`)
    if (typeof c.value !== 'string') throw invalid(c.name, `${c.op} needs a value`)
    if (c.op === 'set') {
      next[c.name] = checkTopicConfig(c.name, c.value)
      continue
    }
    if (def.type !== 'LIST') throw invalid(c.name, `${c.op} applies to list configs only`)
    const old = valueOf(c.name, next, brokerDefaults)
      .split(',')
      .filter((s) => s !== '')
    const given = c.value.split(',').map((s) => s.trim())
    const items = c.op === 'append' ? [...old, ...given.filter((g) => !old.includes(g))] : old.filter((o) => !given.includes(o))
    next[c.name] = checkTopicConfig(c.name, items.join(','))
  }
  return next
}

/** Where a described value comes from (Kafka's `ConfigSource` names). */
export type ConfigSource = 'DYNAMIC_TOPIC_CONFIG' | 'STATIC_BROKER_CONFIG' | 'DEFAULT_CONFIG'

/** One entry of {@link describeTopicConfigs}: what DescribeConfigs answers, plus how a change applies. */
export interface ConfigEntry {
  /** Kafka's config name. */
  name: string
  /** The value in force, as Kafka prints it. */
  value: string
  /** Set on the topic, a broker-wide default (`BrokerOptions.topicDefaults`), or Kafka's default. */
  source: ConfigSource
  /** True unless set on the topic. */
  isDefault: boolean
  /** Always false: every topic config can be altered. */
  readOnly: boolean
  /** Always false. */
  isSensitive: boolean
  /** Kafka's type of the config. */
  type: ConfigType
  /** How a change takes effect here: `live`, on `reopen` of the topic's logs, `none` (no effect on one broker), `unsupported` (only the default is accepted). */
  effect: ConfigEffect
}

/** Every described config of a topic whose own configs are `topic`, with `brokerDefaults` under them. */
export function describeTopicConfigs(topic: TopicConfigs, brokerDefaults: TopicConfigs): ConfigEntry[] {
  return TOPIC_CONFIG_NAMES.map((name) => {
    const def = DEFS[name]!
    const own = topic[name]
    const broker = brokerDefaults[name]
    return {
      name,
      value: own ?? broker ?? def.default,
      source: own !== undefined ? 'DYNAMIC_TOPIC_CONFIG' : broker !== undefined ? 'STATIC_BROKER_CONFIG' : 'DEFAULT_CONFIG',
      isDefault: own === undefined,
      readOnly: false,
      isSensitive: false,
      type: def.type,
      effect: def.effect,
    }
  })
}

/** How a change from `before` to `after` applies, config by config (for `alterConfigs` results). */
export function effectsOf(before: TopicConfigs, after: TopicConfigs): { live: string[]; reopen: string[]; none: string[] } {
  const out = { live: [] as string[], reopen: [] as string[], none: [] as string[] }
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[name] === after[name]) continue
    const effect = DEFS[name]?.effect
    if (effect === 'live') out.live.push(name)
    else if (effect === 'reopen') out.reopen.push(name)
    else out.none.push(name)
  }
  for (const list of Object.values(out)) list.sort()
  return out
}

/** The effective configs the broker reads: numbers and names resolved (see {@link resolveTopicConfig}). */
export interface ResolvedTopicConfig {
  cleanupPolicy: 'delete' | 'compact' | 'compact,delete'
  /** `compression.type`; `'producer'` keeps the producer's codec. */
  compressionType: 'producer' | 'uncompressed' | 'gzip' | 'snappy' | 'lz4' | 'zstd'
  /** The codec an in-process send uses under `compression.type` other than `producer`, with its level. */
  compression: Compression | undefined
  maxMessageBytes: number
  maxDecompressedBytes: number
  timestampType: 'CreateTime' | 'LogAppendTime'
  timestampBeforeMaxMs: number
  timestampAfterMaxMs: number
  minInsyncReplicas: number
}

/** A long config as a number, saturating at the largest safe integer (Kafka's "forever"). */
function num(v: string): number {
  const n = Number(v)
  return n > Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : n
}

/** The effective value of `name`. */
function valueOf(name: string, topic: TopicConfigs, brokerDefaults: TopicConfigs): string {
  return topic[name] ?? brokerDefaults[name] ?? DEFS[name]!.default
}

/** The effective configs of a topic, as the broker applies them per produce (the `live` ones and the policy). */
export function resolveTopicConfig(topic: TopicConfigs, brokerDefaults: TopicConfigs): ResolvedTopicConfig {
  const v = (name: string): string => valueOf(name, topic, brokerDefaults)
  const policy = v('cleanup.policy').split(',').sort().join(',')
  const compressionType = v('compression.type') as ResolvedTopicConfig['compressionType']
  let compression: Compression | undefined
  if (compressionType === 'uncompressed') compression = 'none'
  else if (compressionType === 'gzip')
    compression = { type: 'gzip', level: v('compression.gzip.level') === '-1' ? undefined : Number(v('compression.gzip.level')) }
  else if (compressionType === 'zstd') compression = { type: 'zstd', level: Number(v('compression.zstd.level')) }
  else if (compressionType !== 'producer') compression = compressionType
  return {
    cleanupPolicy: policy === 'compact,delete' ? 'compact,delete' : policy === 'compact' ? 'compact' : 'delete',
    compressionType,
    compression,
    maxMessageBytes: Number(v('max.message.bytes')),
    maxDecompressedBytes: Number(v('max.decompressed.message.bytes')),
    timestampType: v('message.timestamp.type') as ResolvedTopicConfig['timestampType'],
    timestampBeforeMaxMs: num(v('message.timestamp.before.max.ms')),
    timestampAfterMaxMs: num(v('message.timestamp.after.max.ms')),
    minInsyncReplicas: Number(v('min.insync.replicas')),
  }
}

/**
 * The `LogOptions` of a partition's log under these configs (the `reopen` ones): segments, indexes,
 * retention, compaction and the fsync policy. `flush.messages` 1 (or `flush.ms` 0) is
 * `fsync: 'always'`; both at Kafka's default (never) is `'never'`, Kafka's own behaviour; anything
 * else is `'interval'` with those bounds.
 */
export function logOptionsFor(topic: TopicConfigs, brokerDefaults: TopicConfigs): LogOptions {
  const v = (name: string): string => valueOf(name, topic, brokerDefaults)
  const resolved = resolveTopicConfig(topic, brokerDefaults)
  const internalSegment = v('internal.segment.bytes')
  const flushMessages = num(v('flush.messages'))
  const flushMs = num(v('flush.ms'))
  const never = v('flush.messages') === LONG_MAX && v('flush.ms') === LONG_MAX
  const options: LogOptions = {
    segmentBytes: internalSegment !== '' ? Number(internalSegment) : Number(v('segment.bytes')),
    segmentMs: num(v('segment.ms')),
    indexBytes: Math.max(64, Number(v('segment.index.bytes'))),
    indexIntervalBytes: Number(v('index.interval.bytes')),
    maxBatchBytes: Math.max(128, Math.min(resolved.maxMessageBytes, INT_MAX)),
    retentionMs: num(v('retention.ms')),
    retentionBytes: Math.max(-1, num(v('retention.bytes'))),
    cleanupPolicy: resolved.cleanupPolicy,
    deleteRetentionMs: num(v('delete.retention.ms')),
    minCompactionLagMs: num(v('min.compaction.lag.ms')),
    minCleanableDirtyRatio: Number(v('min.cleanable.dirty.ratio')),
  }
  if (flushMessages <= 1 || flushMs === 0) options.fsync = 'always'
  else if (never) options.fsync = 'never'
  else {
    options.fsync = 'interval'
    options.flushMessages = flushMessages
    options.flushIntervalMs = Math.min(Math.max(1, flushMs), INT_MAX)
  }
  if (resolved.compression !== undefined) options.compression = resolved.compression
  return options
}
