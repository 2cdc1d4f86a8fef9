/**
 * The broker's metadata file and Kafka's `partition.metadata`: round trips, Kafka's topic-id shape,
 * and every kind of damage reported as `KLOG_CORRUPT_CHECKPOINT`, never guessed around. Topic names
 * by Kafka's rules, and the error table.
 */
import { describe, expect, it } from 'vitest'
import { LogError, type LogErrorCode } from '../../../src/index.js'
import {
  decodeBrokerMetadata,
  encodeBrokerMetadata,
  encodePartitionMetadata,
  isKafkaUuid,
  randomKafkaUuid,
  type BrokerMetadata,
} from '../../../src/broker/broker-metadata.js'
import { collidingTopic, validateTopicName } from '../../../src/broker/topic-name.js'
import { KafkaError, kafkaErrorFor, toKafkaError } from '../../../src/broker/errors.js'

const META: BrokerMetadata = {
  clusterId: 'iLFPtkx6T1mL43AGVWY12w',
  nodeId: 3,
  producerIdBlockEnd: 2000,
  topics: [
    { name: 'orders', topicId: 'qndj38mfSEOwfRhIdWv0vA', partitions: 4, configs: { 'retention.ms': '100' }, deleting: false },
    { name: 'gone', topicId: 'AAAAAAAAAAAAAAAAAAAAAg', partitions: 1, configs: {}, deleting: true },
  ],
}

function code(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    if (err instanceof LogError) return err.code
    throw err
  }
  return undefined
}

describe('broker metadata file', () => {
  it('round-trips', () => {
    expect(decodeBrokerMetadata(encodeBrokerMetadata(META), 'f')).toEqual(META)
    expect(encodeBrokerMetadata(META).toString().split('\n')[0]).toMatch(/^kafka-lite-broker 1 [0-9a-f]{8}$/)
  })

  it('every damage is KLOG_CORRUPT_CHECKPOINT', () => {
    const good = encodeBrokerMetadata(META)
    const variants: Buffer[] = [
      Buffer.alloc(0),
      good.subarray(0, good.length - 1),
      Buffer.concat([good, Buffer.from('x')]),
      Buffer.from(good.toString().replace('"nodeId":3', '"nodeId":4')),
      Buffer.from(good.toString().replace('kafka-lite-broker 1', 'kafka-lite-broker 2')),
    ]
    for (let i = 0; i < good.length; i += 7) {
      const b = Buffer.from(good)
      b[i]! ^= 0x01
      variants.push(b)
    }
    for (const v of variants)
      expect(
        code(() => decodeBrokerMetadata(v, 'f')),
        v.toString(),
      ).toBe('KLOG_CORRUPT_CHECKPOINT')
    // A checksum that matches a body with wrong fields is refused too.
    const bad = JSON.stringify({ ...META, producerIdBlockEnd: -1 })
    const forged = encodeBrokerMetadata(META)
      .toString()
      .split('\n')[0]!
      .replace(/[0-9a-f]{8}$/, '')
    expect(code(() => decodeBrokerMetadata(Buffer.from(`${forged}00000000\n${bad}\n`), 'f'))).toBe('KLOG_CORRUPT_CHECKPOINT')
  })

  it("topic ids have Kafka's shape", () => {
    for (let i = 0; i < 200; i++) {
      const id = randomKafkaUuid()
      expect(isKafkaUuid(id)).toBe(true)
      expect(id.startsWith('-')).toBe(false)
      expect(Buffer.from(id, 'base64url')).toHaveLength(16)
    }
    expect(isKafkaUuid('AAAAAAAAAAAAAAAAAAAAAB')).toBe(false) // not canonical base64 of 16 bytes
    expect(encodePartitionMetadata('qndj38mfSEOwfRhIdWv0vA')).toBe('version: 0\ntopic_id: qndj38mfSEOwfRhIdWv0vA')
  })
})

describe('topic names', () => {
  it("Kafka's rules", () => {
    for (const ok of ['a', 'orders.v1', 'my_topic-2', 'x'.repeat(249)])
      expect(
        code(() => validateTopicName(ok)),
        ok,
      ).toBeUndefined()
    for (const bad of ['', '.', '..', 'x'.repeat(250), 'a b', 'ä', 'a/b', 'a:b'])
      expect(
        code(() => validateTopicName(bad)),
        bad,
      ).toBe('KLOG_INVALID_TOPIC')
    expect(collidingTopic('a.b', ['a_b', 'c'])).toBe('a_b')
    expect(collidingTopic('a_b', ['a.b'])).toBe('a.b')
    expect(collidingTopic('a.b', ['a.b'])).toBeUndefined()
  })
})

describe('the error table', () => {
  it('maps library codes to Kafka codes', () => {
    const cases: [LogErrorCode, number][] = [
      ['KLOG_OFFSET_OUT_OF_RANGE', 1],
      ['KLOG_CORRUPT_BATCH', 2],
      ['KLOG_CORRUPT_SEGMENT', 2],
      ['KLOG_UNKNOWN_TOPIC_OR_PARTITION', 3],
      ['KLOG_RECORD_TOO_LARGE', 10],
      ['KLOG_INVALID_TOPIC', 17],
      ['KLOG_INVALID_TIMESTAMP', 32],
      ['KLOG_TOPIC_EXISTS', 36],
      ['KLOG_INVALID_PARTITIONS', 37],
      ['KLOG_INVALID_REPLICATION_FACTOR', 38],
      ['KLOG_INVALID_CONFIG', 40],
      ['KLOG_OUT_OF_ORDER_SEQUENCE', 45],
      ['KLOG_INVALID_PRODUCER_EPOCH', 47],
      ['KLOG_IO', 56],
      ['KLOG_UNSUPPORTED_CODEC', 76],
      ['KLOG_INVALID_RECORD', 87],
    ]
    for (const [c, n] of cases) {
      expect(KafkaError[kafkaErrorFor(c)], c).toBe(n)
      expect(toKafkaError(new LogError(c, 'm'))).toEqual({ errorCode: n, errorName: kafkaErrorFor(c), errorMessage: 'm' })
    }
    expect(toKafkaError(undefined).errorCode).toBe(0)
    expect(toKafkaError(new DOMException('t', 'AbortError')).errorName).toBe('REQUEST_TIMED_OUT')
    expect(toKafkaError(new Error('bug')).errorCode).toBe(-1)
  })
})
