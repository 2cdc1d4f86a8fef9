/**
 * Topic configs under Kafka's names: Kafka 4's defaults (the Kafka suite compares them with Kafka's
 * own `LogConfig`), validation (unknown names, types, ranges, unsupported values are
 * `KLOG_INVALID_CONFIG`), canonical values, the mapping onto `LogOptions` (segments, retention,
 * compaction, the fsync policy from `flush.*`), describe sources and incremental changes.
 */
import { describe, expect, it } from 'vitest'
import { LogError } from '../../../src/index.js'
import {
  TOPIC_CONFIG_NAMES,
  applyConfigChanges,
  checkTopicConfig,
  describeTopicConfigs,
  effectsOf,
  logOptionsFor,
  resolveTopicConfig,
} from '../../../src/broker/topic-config.js'

function code(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    if (err instanceof LogError) return err.code
    throw err
  }
  return undefined
}

describe('topic configs', () => {
  it("describes every Kafka topic config with Kafka 4's default", () => {
    const d = Object.fromEntries(describeTopicConfigs({}, {}).map((e) => [e.name, e.value]))
    expect(d).toMatchObject({
      'cleanup.policy': 'delete',
      'compression.type': 'producer',
      'retention.ms': '604800000',
      'retention.bytes': '-1',
      'segment.bytes': '1073741824',
      'segment.ms': '604800000',
      'segment.index.bytes': '10485760',
      'index.interval.bytes': '4096',
      'max.message.bytes': '1048588',
      'min.cleanable.dirty.ratio': '0.5',
      'delete.retention.ms': '86400000',
      'flush.messages': '9223372036854775807',
      'flush.ms': '9223372036854775807',
      'message.timestamp.type': 'CreateTime',
      'message.timestamp.after.max.ms': '3600000',
      'min.insync.replicas': '1',
    })
    expect(TOPIC_CONFIG_NAMES).not.toContain('internal.segment.bytes')
    expect(TOPIC_CONFIG_NAMES.length).toBe(37)
  })

  it('validates: unknown names, types, ranges, unsupported values', () => {
    expect(code(() => checkTopicConfig('retention.hours', '1'))).toBe('KLOG_INVALID_CONFIG')
    expect(code(() => checkTopicConfig('retention.ms', 'soon'))).toBe('KLOG_INVALID_CONFIG')
    expect(code(() => checkTopicConfig('retention.ms', '-2'))).toBe('KLOG_INVALID_CONFIG')
    expect(code(() => checkTopicConfig('segment.bytes', '1048575'))).toBe('KLOG_INVALID_CONFIG')
    expect(code(() => checkTopicConfig('segment.bytes', '2147483648'))).toBe('KLOG_INVALID_CONFIG')
    expect(code(() => checkTopicConfig('cleanup.policy', 'compact,forever'))).toBe('KLOG_INVALID_CONFIG')
    expect(code(() => checkTopicConfig('min.cleanable.dirty.ratio', '1.5'))).toBe('KLOG_INVALID_CONFIG')
    expect(code(() => checkTopicConfig('compression.type', 'brotli'))).toBe('KLOG_INVALID_CONFIG')
    expect(code(() => checkTopicConfig('max.compaction.lag.ms', '1000'))).toBe('KLOG_INVALID_CONFIG')
    expect(code(() => checkTopicConfig('remote.storage.enable', 'true'))).toBe('KLOG_INVALID_CONFIG')
    expect(code(() => checkTopicConfig('__proto__', 'x'))).toBe('KLOG_INVALID_CONFIG')
    expect(checkTopicConfig('max.compaction.lag.ms', '9223372036854775807')).toBe('9223372036854775807')
    expect(checkTopicConfig('retention.ms', ' +0100 ')).toBe('100')
    expect(checkTopicConfig('cleanup.policy', 'delete , compact')).toBe('delete,compact')
    expect(checkTopicConfig('preallocate', 'TRUE')).toBe('true')
    expect(checkTopicConfig('compression.gzip.level', '-1')).toBe('-1')
  })

  it('maps onto LogOptions, flush.* onto the fsync policy', () => {
    expect(logOptionsFor({}, {})).toMatchObject({
      segmentBytes: 1073741824,
      retentionMs: 604800000,
      retentionBytes: -1,
      cleanupPolicy: 'delete',
      fsync: 'never',
      maxBatchBytes: 1048588,
    })
    expect(logOptionsFor({ 'flush.messages': '1' }, {}).fsync).toBe('always')
    expect(logOptionsFor({ 'flush.ms': '0' }, {}).fsync).toBe('always')
    expect(logOptionsFor({ 'flush.ms': '250' }, {})).toMatchObject({
      fsync: 'interval',
      flushIntervalMs: 250,
      flushMessages: Number.MAX_SAFE_INTEGER,
    })
    expect(logOptionsFor({}, { 'flush.messages': '500' })).toMatchObject({ fsync: 'interval', flushMessages: 500 })
    expect(
      logOptionsFor({ 'cleanup.policy': 'delete,compact', 'internal.segment.bytes': '4096', 'retention.bytes': '-7' }, {}),
    ).toMatchObject({
      cleanupPolicy: 'compact,delete',
      segmentBytes: 4096,
      retentionBytes: -1,
    })
    expect(logOptionsFor({ 'compression.type': 'zstd', 'compression.zstd.level': '9' }, {}).compression).toEqual({ type: 'zstd', level: 9 })
    expect(resolveTopicConfig({ 'compression.type': 'gzip' }, {}).compression).toEqual({ type: 'gzip', level: undefined })
    expect(resolveTopicConfig({}, {}).compression).toBeUndefined()
  })

  it('describes where a value comes from, and how a change applies', () => {
    const d = describeTopicConfigs({ 'retention.ms': '1000' }, { 'retention.ms': '5', 'segment.ms': '77' })
    expect(d.find((e) => e.name === 'retention.ms')).toMatchObject({
      value: '1000',
      source: 'DYNAMIC_TOPIC_CONFIG',
      isDefault: false,
      effect: 'reopen',
    })
    expect(d.find((e) => e.name === 'segment.ms')).toMatchObject({ value: '77', source: 'STATIC_BROKER_CONFIG', isDefault: true })
    expect(d.find((e) => e.name === 'max.message.bytes')).toMatchObject({ source: 'DEFAULT_CONFIG', effect: 'live', type: 'INT' })
    expect(effectsOf({ 'retention.ms': '1' }, { 'max.message.bytes': '100', preallocate: 'true' })).toEqual({
      live: ['max.message.bytes'],
      reopen: ['retention.ms'],
      none: ['preallocate'],
    })
  })

  it('incremental changes: set, delete, append, subtract (lists only)', () => {
    expect(
      applyConfigChanges(
        { 'retention.ms': '5' },
        [
          { name: 'cleanup.policy', op: 'append', value: 'compact' },
          { name: 'retention.ms', op: 'delete' },
          { name: 'segment.ms', op: 'set', value: '1000' },
        ],
        {},
      ),
    ).toEqual({ 'cleanup.policy': 'delete,compact', 'segment.ms': '1000' })
    expect(
      applyConfigChanges({ 'cleanup.policy': 'delete,compact' }, [{ name: 'cleanup.policy', op: 'subtract', value: 'delete' }], {}),
    ).toEqual({
      'cleanup.policy': 'compact',
    })
    expect(code(() => applyConfigChanges({}, [{ name: 'cleanup.policy', op: 'subtract', value: 'delete' }], {}))).toBe(
      'KLOG_INVALID_CONFIG',
    )
    expect(code(() => applyConfigChanges({}, [{ name: 'retention.ms', op: 'append', value: '1' }], {}))).toBe('KLOG_INVALID_CONFIG')
    expect(code(() => applyConfigChanges({}, [{ name: 'nope', op: 'delete' }], {}))).toBe('KLOG_INVALID_CONFIG')
  })
})
