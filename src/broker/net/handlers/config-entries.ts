/**
 * Configs as DescribeConfigs and CreateTopics (v5+) describe them on the wire: Kafka's config
 * source and type ids, the broker-level synonyms of topic configs, and the configs of the broker
 * resource (type 4, named by the node id).
 *
 * Topic configs come from `topic-config.ts` (`describeTopicConfigs`: value in force and where it
 * comes from). Synonyms follow Kafka's order (`ConfigHelper.createTopicConfigEntry`): the topic's
 * own value (DYNAMIC_TOPIC_CONFIG, under the topic config's name), then the broker-wide default set
 * by `BrokerOptions.topicDefaults` (STATIC_BROKER_CONFIG) and Kafka's default (DEFAULT_CONFIG),
 * both under the broker config's name (`log.retention.ms` for `retention.ms`:
 * `ServerTopicConfigSynonyms`). Kafka lists every broker synonym (`log.retention.ms`,
 * `log.retention.minutes`, `log.retention.hours`) and gives the default under the one that has it
 * (`log.retention.hours=168`); this broker has one broker name per config and gives every value in
 * the topic config's unit.
 *
 * The broker resource lists the broker settings a client can ask about: its id, the defaults a new
 * topic gets (`num.partitions`, `default.replication.factor`, `auto.create.topics.enable`, and each
 * topic config's broker-level name), `producer.id.expiration.ms`. All read-only: this broker's
 * settings are `BrokerOptions`, fixed while it runs (Kafka lets AlterConfigs change some of them).
 *
 * Pure. Safe from any thread.
 */
import type { AdminBroker } from './admin-broker.js'
import { describeTopicConfigs, type ConfigEntry, type ConfigSource, type ConfigType } from '../../topic-config.js'
import { TOPIC_CONFIG_DOCS } from './config-docs.js'

/** Kafka's `DescribeConfigsResponse.ConfigSource` ids. */
export const CONFIG_SOURCE_ID = Object.freeze({
  UNKNOWN: 0,
  DYNAMIC_TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
} as const)

/** Kafka's `DescribeConfigsResponse.ConfigType` ids. */
export const CONFIG_TYPE_ID: Readonly<Record<ConfigType, number>> = Object.freeze({
  BOOLEAN: 1,
  STRING: 2,
  INT: 3,
  LONG: 5,
  DOUBLE: 6,
  LIST: 7,
})

/** Kafka's `ConfigResource.Type` ids. */
export const RESOURCE_TYPE = Object.freeze({ UNKNOWN: 0, TOPIC: 2, BROKER: 4, BROKER_LOGGER: 8, CLIENT_METRICS: 16, GROUP: 32 } as const)

/** The broker config that sets each topic config's broker-wide default (Kafka's `ServerTopicConfigSynonyms`, first synonym). */
export const BROKER_SYNONYMS: Readonly<Record<string, string>> = Object.freeze({
  'cleanup.policy': 'log.cleanup.policy',
  'compression.gzip.level': 'compression.gzip.level',
  'compression.lz4.level': 'compression.lz4.level',
  'compression.type': 'compression.type',
  'compression.zstd.level': 'compression.zstd.level',
  'delete.retention.ms': 'log.cleaner.delete.retention.ms',
  'file.delete.delay.ms': 'log.segment.delete.delay.ms',
  'flush.messages': 'log.flush.interval.messages',
  'flush.ms': 'log.flush.interval.ms',
  'index.interval.bytes': 'log.index.interval.bytes',
  'local.retention.bytes': 'log.local.retention.bytes',
  'local.retention.ms': 'log.local.retention.ms',
  'max.compaction.lag.ms': 'log.cleaner.max.compaction.lag.ms',
  'max.message.bytes': 'message.max.bytes',
  'message.timestamp.after.max.ms': 'log.message.timestamp.after.max.ms',
  'message.timestamp.before.max.ms': 'log.message.timestamp.before.max.ms',
  'message.timestamp.type': 'log.message.timestamp.type',
  'min.cleanable.dirty.ratio': 'log.cleaner.min.cleanable.ratio',
  'min.compaction.lag.ms': 'log.cleaner.min.compaction.lag.ms',
  'min.insync.replicas': 'min.insync.replicas',
  preallocate: 'log.preallocate',
  'retention.bytes': 'log.retention.bytes',
  'retention.ms': 'log.retention.ms',
  'segment.bytes': 'log.segment.bytes',
  'segment.index.bytes': 'log.index.size.max.bytes',
  'segment.jitter.ms': 'log.roll.jitter.ms',
  'segment.ms': 'log.roll.ms',
  'unclean.leader.election.enable': 'unclean.leader.election.enable',
})

/** One config as the wire describes it (the union of DescribeConfigs' and CreateTopics' fields). */
export interface WireConfig {
  name: string
  value: string | null
  readOnly: boolean
  configSource: number
  isSensitive: boolean
  synonyms: { name: string; value: string | null; source: number }[]
  configType: number
  documentation: string | null
}

/** What to include besides name, value, source and flags. */
export interface DescribeOptions {
  includeSynonyms: boolean
  includeDocumentation: boolean
}

function sourceId(source: ConfigSource): number {
  return CONFIG_SOURCE_ID[source]
}

/**
 * Every config of a topic whose own configs are `own`, described for the wire.
 * @param own - the topic's configs (canonical values)
 * @param brokerDefaults - `broker.options.topicDefaults`
 */
export function topicWireConfigs(
  own: Readonly<Record<string, string>>,
  brokerDefaults: Readonly<Record<string, string>>,
  options: DescribeOptions,
): WireConfig[] {
  const defaults = new Map(describeTopicConfigs({}, {}).map((e) => [e.name, e.value]))
  return describeTopicConfigs(own, brokerDefaults).map((e: ConfigEntry) => {
    const synonyms: WireConfig['synonyms'] = []
    if (options.includeSynonyms) {
      const brokerName = BROKER_SYNONYMS[e.name]
      if (own[e.name] !== undefined) synonyms.push({ name: e.name, value: own[e.name]!, source: CONFIG_SOURCE_ID.DYNAMIC_TOPIC_CONFIG })
      if (brokerName !== undefined) {
        const set = brokerDefaults[e.name]
        if (set !== undefined) synonyms.push({ name: brokerName, value: set, source: CONFIG_SOURCE_ID.STATIC_BROKER_CONFIG })
        synonyms.push({ name: brokerName, value: defaults.get(e.name) ?? null, source: CONFIG_SOURCE_ID.DEFAULT_CONFIG })
      }
    }
    return {
      name: e.name,
      value: e.value,
      readOnly: e.readOnly,
      configSource: sourceId(e.source),
      isSensitive: e.isSensitive,
      synonyms,
      configType: CONFIG_TYPE_ID[e.type],
      documentation: options.includeDocumentation ? (TOPIC_CONFIG_DOCS[e.name] ?? null) : null,
    }
  })
}

interface BrokerSetting {
  name: string
  value: string
  /** Kafka's default, when the setting has one (the source is DEFAULT_CONFIG when the value equals it). */
  kafkaDefault: string | undefined
  type: ConfigType
  doc: string
}

/** The broker's own settings (see the module comment). */
function brokerSettings(broker: AdminBroker): BrokerSetting[] {
  const o = broker.options
  const settings: BrokerSetting[] = [
    { name: 'node.id', value: String(broker.nodeId), kafkaDefault: undefined, type: 'INT', doc: 'The node id of this broker.' },
    { name: 'broker.id', value: String(broker.nodeId), kafkaDefault: undefined, type: 'INT', doc: 'The broker id (the node id).' },
    {
      name: 'num.partitions',
      value: String(o.defaultPartitions),
      kafkaDefault: '1',
      type: 'INT',
      doc: 'The default number of partitions of a topic created without a count.',
    },
    {
      name: 'default.replication.factor',
      value: '1',
      kafkaDefault: '1',
      type: 'INT',
      doc: 'The replication factor of new topics (a single broker holds one replica).',
    },
    {
      name: 'auto.create.topics.enable',
      value: String(o.autoCreateTopics),
      kafkaDefault: 'true',
      type: 'BOOLEAN',
      doc: 'Create a topic on first use (Metadata requests that allow it, in-process sends).',
    },
    {
      name: 'delete.topic.enable',
      value: 'true',
      kafkaDefault: 'true',
      type: 'BOOLEAN',
      doc: 'Topics can be deleted.',
    },
    {
      name: 'producer.id.expiration.ms',
      value: String(o.producerIdExpirationMs),
      kafkaDefault: '86400000',
      type: 'INT',
      doc: 'How long a producer id is remembered after its last batch.',
    },
  ]
  for (const e of describeTopicConfigs({}, o.topicDefaults)) {
    const brokerName = BROKER_SYNONYMS[e.name]
    if (brokerName === undefined || settings.some((s) => s.name === brokerName)) continue
    const kafkaDefault = e.source === 'STATIC_BROKER_CONFIG' ? undefined : e.value
    settings.push({ name: brokerName, value: e.value, kafkaDefault, type: e.type, doc: TOPIC_CONFIG_DOCS[e.name] ?? '' })
  }
  return settings.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** Every config of the broker resource, described for the wire. */
export function brokerWireConfigs(broker: AdminBroker, options: DescribeOptions): WireConfig[] {
  return brokerSettings(broker).map((s) => {
    const source =
      s.kafkaDefault !== undefined && s.kafkaDefault === s.value ? CONFIG_SOURCE_ID.DEFAULT_CONFIG : CONFIG_SOURCE_ID.STATIC_BROKER_CONFIG
    return {
      name: s.name,
      value: s.value,
      readOnly: true,
      configSource: source,
      isSensitive: false,
      synonyms: options.includeSynonyms ? [{ name: s.name, value: s.value, source }] : [],
      configType: CONFIG_TYPE_ID[s.type],
      documentation: options.includeDocumentation ? s.doc : null,
    }
  })
}
