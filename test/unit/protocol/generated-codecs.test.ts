/**
 * Behaviours of the generated codecs (src/protocol/messages/) that the random round trips do not
 * pin down: Kafka's rules for fields a version lacks (non-ignorable: refused; ignorable: dropped),
 * when a tagged field is written, unknown tagged fields, zero-copy records, and hand-checked bytes.
 */
import { describe, expect, it } from 'vitest'

import { ProtocolError, type ProtocolErrorCode } from '../../../src/protocol/errors.js'
import { ApiVersionsResponseCodec } from '../../../src/protocol/messages/api-versions-response.js'
import { FetchRequestCodec, createFetchPartition, createFetchTopic } from '../../../src/protocol/messages/fetch-request.js'
import { JoinGroupRequestCodec, createJoinGroupRequestProtocol } from '../../../src/protocol/messages/join-group-request.js'
import { ListOffsetsRequestCodec } from '../../../src/protocol/messages/list-offsets-request.js'
import { MetadataRequestCodec } from '../../../src/protocol/messages/metadata-request.js'
import { ProduceRequestCodec, createPartitionProduceData, createTopicProduceData } from '../../../src/protocol/messages/produce-request.js'

function code(fn: () => unknown): ProtocolErrorCode | undefined {
  try {
    fn()
    return undefined
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err
    return err.code
  }
}

describe('generated codecs', () => {
  it('refuse versions outside validVersions', () => {
    expect(code(() => MetadataRequestCodec.encode(MetadataRequestCodec.create(), 99))).toBe('KLOG_PROTOCOL_UNSUPPORTED_VERSION')
    expect(code(() => MetadataRequestCodec.decode(Buffer.alloc(8), -1))).toBe('KLOG_PROTOCOL_UNSUPPORTED_VERSION')
    expect(code(() => FetchRequestCodec.encode(FetchRequestCodec.create(), 3))).toBe('KLOG_PROTOCOL_UNSUPPORTED_VERSION')
  })

  it("refuse a non-default value in a non-ignorable field the version lacks (Kafka's UnsupportedVersionException)", () => {
    // MetadataRequest.AllowAutoTopicCreation: versions 4+, default true, not ignorable.
    expect(code(() => MetadataRequestCodec.encode(MetadataRequestCodec.create({ allowAutoTopicCreation: false }), 3))).toBe(
      'KLOG_PROTOCOL_UNSUPPORTED_VERSION',
    )
    expect(code(() => MetadataRequestCodec.encode(MetadataRequestCodec.create({ allowAutoTopicCreation: true }), 3))).toBeUndefined()
    // JoinGroupRequest.GroupInstanceId: versions 5+, default null.
    const join = JoinGroupRequestCodec.create({ groupInstanceId: 'static-1' })
    expect(code(() => JoinGroupRequestCodec.encode(join, 4))).toBe('KLOG_PROTOCOL_UNSUPPORTED_VERSION')
    expect(JoinGroupRequestCodec.decode(JoinGroupRequestCodec.encode(join, 5), 5).groupInstanceId).toBe('static-1')
  })

  it('drop a non-default value in an ignorable field the version lacks, which then decodes as its default', () => {
    // ListOffsetsRequest.TimeoutMs: versions 10+, ignorable.
    const req = ListOffsetsRequestCodec.create({ timeoutMs: 5000 })
    expect(ListOffsetsRequestCodec.decode(ListOffsetsRequestCodec.encode(req, 9), 9).timeoutMs).toBe(0)
    expect(ListOffsetsRequestCodec.decode(ListOffsetsRequestCodec.encode(req, 10), 10).timeoutMs).toBe(5000)
  })

  it('write a tagged field only when it is not its default', () => {
    const base = ApiVersionsResponseCodec.create({ apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 4 }] })
    // v3: errorCode, compact array of 1 (02), 3 int16s + empty tags, throttleTimeMs, 0 tagged fields.
    expect(ApiVersionsResponseCodec.encode(base, 3).toString('hex')).toBe(
      '0000' + '02' + '0012' + '0000' + '0004' + '00' + '00000000' + '00',
    )
    // FinalizedFeaturesEpoch (tag 1, default -1) set: one tagged field, tag 1, size 8.
    const withEpoch = ApiVersionsResponseCodec.encode({ ...base, finalizedFeaturesEpoch: 7n }, 3)
    expect(withEpoch.subarray(-11).toString('hex')).toBe('01' + '01' + '08' + '0000000000000007')
    expect(ApiVersionsResponseCodec.decode(withEpoch, 3).finalizedFeaturesEpoch).toBe(7n)
    // v2 has no tagged fields: the epoch is ignorable and dropped.
    expect(ApiVersionsResponseCodec.encode({ ...base, finalizedFeaturesEpoch: 7n }, 2).toString('hex')).toBe(
      '0000' + '00000001' + '0012' + '0000' + '0004' + '00000000',
    )
  })

  it('keep unknown tagged fields and write them in tag order among the known ones', () => {
    const value = {
      ...ApiVersionsResponseCodec.create(),
      finalizedFeaturesEpoch: 1n,
      zkMigrationReady: true,
      unknownTaggedFields: [
        { tag: 5, data: Buffer.from('ab', 'hex') },
        { tag: 200, data: Buffer.alloc(0) },
      ],
    }
    const bytes = ApiVersionsResponseCodec.encode(value, 4)
    // 4 tagged fields: 1 (int64), 3 (bool), then the unknown 5 and 200 (a two-byte varint tag).
    expect(bytes.subarray(-20).toString('hex')).toBe('04' + '0108' + '0000000000000001' + '030101' + '0501ab' + 'c80100')
    expect(ApiVersionsResponseCodec.decode(bytes, 4)).toEqual(value)
    const unordered = { ...value, unknownTaggedFields: [...value.unknownTaggedFields].reverse() }
    expect(code(() => ApiVersionsResponseCodec.encode(unordered, 4))).toBe('KLOG_PROTOCOL_INVALID_VALUE')
  })

  it('refuse unknown tagged fields in a version without tagged fields', () => {
    const value = { ...ApiVersionsResponseCodec.create(), unknownTaggedFields: [{ tag: 9, data: Buffer.alloc(0) }] }
    expect(code(() => ApiVersionsResponseCodec.encode(value, 2))).toBe('KLOG_PROTOCOL_UNSUPPORTED_VERSION')
  })

  it('refuse a known tagged field whose declared size is not what its value takes', () => {
    const ok = ApiVersionsResponseCodec.encode({ ...ApiVersionsResponseCodec.create(), zkMigrationReady: true }, 3)
    // The last bytes are: count 01, tag 03, size 01, value 01. Declare size 2 and add a byte.
    const bad = Buffer.concat([ok.subarray(0, -2), Buffer.from('020100', 'hex')])
    expect(code(() => ApiVersionsResponseCodec.decode(bad, 3))).toBe('KLOG_PROTOCOL_MALFORMED')
  })

  it('decode records as views into the frame (zero-copy) and other bytes as copies', () => {
    const records = Buffer.from('0123456789', 'hex')
    const req = ProduceRequestCodec.create({
      acks: -1,
      timeoutMs: 30000,
      topicData: [createTopicProduceData({ name: 't', partitionData: [createPartitionProduceData({ index: 0, records })] })],
    })
    const frame = ProduceRequestCodec.encode(req, 9)
    const decoded = ProduceRequestCodec.decode(frame, 9)
    expect(decoded).toEqual(req)
    const join = JoinGroupRequestCodec.create({
      protocols: [createJoinGroupRequestProtocol({ name: 'range', metadata: Buffer.from('abcd', 'hex') })],
    })
    const joinFrame = JoinGroupRequestCodec.encode(join, 9)
    const joinDecoded = JoinGroupRequestCodec.decode(joinFrame, 9)
    frame.fill(0)
    joinFrame.fill(0)
    expect(decoded.topicData[0]!.partitionData[0]!.records!.toString('hex')).toBe('0000000000')
    expect(joinDecoded.protocols[0]!.metadata.toString('hex')).toBe('abcd')
  })

  it('decode int64 values exactly, Long.MIN/MAX included', () => {
    const req = FetchRequestCodec.create({
      topics: [
        createFetchTopic({
          topicId: 'AAAAAAAAAAAAAAAAAAAAAQ',
          partitions: [createFetchPartition({ fetchOffset: 2n ** 63n - 1n, logStartOffset: -(2n ** 63n) })],
        }),
      ],
    })
    const p = FetchRequestCodec.decode(FetchRequestCodec.encode(req, 13), 13).topics[0]!.partitions[0]!
    expect([p.fetchOffset, p.logStartOffset]).toEqual([2n ** 63n - 1n, -(2n ** 63n)])
  })
})
