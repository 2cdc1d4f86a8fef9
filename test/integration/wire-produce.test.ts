/**
 * The Produce handler over TCP with our own codecs, at its lowest and highest served versions (3
 * and 12): offsets and log fields of an append, per-partition error codes (unknown topic or
 * partition, corrupt batch with nothing appended, MESSAGE_TOO_LARGE, magic other than 2, no batch,
 * zstd before v7, acks, transactional ids), idempotent duplicates and sequence gaps, acks=0 (no
 * answer; a failure closes the connection), and versions 0-2 (listed, refused by closing, as
 * Kafka 4.0).
 */
import { describe, expect, it } from 'vitest'
import { KafkaError } from '../../src/broker/index.js'
import { API_KEYS } from '../../src/protocol/index.js'
import { createApiVersionsRequest } from '../../src/protocol/messages/api-versions-request.js'
import { createMetadataRequest } from '../../src/protocol/messages/metadata-request.js'
import { batchOf, produceBody, useWireBrokers } from '../helpers/wire-broker.js'
import { rawRequest } from '../helpers/wire-client.js'

const start = useWireBrokers('kafka-lite-wire-produce-')
const P = API_KEYS.Produce

describe.each([3, 12])('Produce v%i', (version) => {
  it('appends one batch per partition and answers base offsets, log append time and log start offset', async () => {
    const { broker, connect } = await start()
    await broker.createTopic('t', { partitions: 2 })
    await broker.createTopic('appended', { configs: { 'message.timestamp.type': 'LogAppendTime' } })
    const c = await connect()
    c.request(P, version, 1, produceBody('t', { 0: await batchOf(3), 1: await batchOf(2) }))
    const r1 = (await c.response(P, version)).body
    expect(
      r1.responses[0]!.partitionResponses.map((p) => [p.index, p.errorCode, p.baseOffset, p.logAppendTimeMs, p.logStartOffset]),
    ).toEqual([
      // logStartOffset is in v5+; -1 is the decoded default before.
      [0, 0, 0n, -1n, version >= 5 ? 0n : -1n],
      [1, 0, 0n, -1n, version >= 5 ? 0n : -1n],
    ])
    c.request(P, version, 2, produceBody('t', { 0: await batchOf(4) }))
    expect((await c.response(P, version)).body.responses[0]!.partitionResponses[0]!.baseOffset).toBe(3n)
    expect(broker.log('t', 0).highWatermark).toBe(7)
    const before = Date.now()
    c.request(P, version, 3, produceBody('appended', { 0: await batchOf(1) }))
    const r3 = (await c.response(P, version)).body.responses[0]!.partitionResponses[0]!
    expect(r3.errorCode).toBe(0)
    expect(Number(r3.logAppendTimeMs)).toBeGreaterThanOrEqual(before)
  })

  it('answers per-partition errors and appends nothing where it refused', async () => {
    const { broker, connect } = await start()
    await broker.createTopic('t', { partitions: 2 })
    await broker.createTopic('small', { configs: { 'max.message.bytes': '200' } })
    const c = await connect()
    const code = async (body: ReturnType<typeof produceBody>): Promise<number[]> => {
      c.request(P, version, 9, body)
      return (await c.response(P, version)).body.responses.flatMap((t) => t.partitionResponses.map((p) => p.errorCode))
    }
    expect(await code(produceBody('nope', { 0: await batchOf(1) }))).toEqual([KafkaError.UNKNOWN_TOPIC_OR_PARTITION])
    expect(await code(produceBody('t', { 7: await batchOf(1) }))).toEqual([KafkaError.UNKNOWN_TOPIC_OR_PARTITION])
    const corrupt = await batchOf(3)
    corrupt[corrupt.length - 2]! ^= 0xff // a byte covered by the CRC
    const fine = await batchOf(2)
    expect(await code(produceBody('t', { 0: corrupt, 1: fine }))).toEqual([KafkaError.CORRUPT_MESSAGE, KafkaError.NONE])
    expect(broker.log('t', 0).logEndOffset).toBe(0)
    expect(broker.log('t', 1).logEndOffset).toBe(2)
    expect(await code(produceBody('small', { 0: await batchOf(5, 'v', 'none', {}, 100) }))).toEqual([KafkaError.MESSAGE_TOO_LARGE])
    expect(broker.log('small', 0).logEndOffset).toBe(0)
    const magic1 = await batchOf(1)
    magic1[16] = 1
    expect(await code(produceBody('t', { 0: magic1 }))).toEqual([KafkaError.INVALID_RECORD])
    expect(await code(produceBody('t', { 0: null, 1: Buffer.alloc(0) }))).toEqual([KafkaError.INVALID_RECORD, KafkaError.INVALID_RECORD])
    expect(await code(produceBody('t', { 0: Buffer.concat([await batchOf(1), await batchOf(1)]) }))).toEqual([KafkaError.INVALID_RECORD])
    expect(await code(produceBody('t', { 0: await batchOf(1) }, 2))).toEqual([KafkaError.INVALID_REQUIRED_ACKS])
    expect(await code(produceBody('t', { 0: await batchOf(1) }, -1, 'txn'))).toEqual([KafkaError.TRANSACTIONAL_ID_AUTHORIZATION_FAILED])
    expect(await code(produceBody('t', { 0: await batchOf(1, 'v', 'zstd') }))).toEqual([
      version < 7 ? KafkaError.UNSUPPORTED_COMPRESSION_TYPE : KafkaError.NONE,
    ])
    expect(broker.log('t', 0).logEndOffset).toBe(version < 7 ? 0 : 1)
    expect(broker.log('t', 1).logEndOffset).toBe(2)
    expect(c.isClosed).toBe(false)
  })

  it('idempotent producer: a duplicate gets the original offsets, a gap OUT_OF_ORDER_SEQUENCE_NUMBER', async () => {
    const { broker, connect } = await start()
    await broker.createTopic('t')
    const { producerId } = await broker.initProducerId()
    const c = await connect()
    const send = async (seq: number, count: number): Promise<[number, bigint]> => {
      c.request(
        P,
        version,
        seq,
        produceBody('t', { 0: await batchOf(count, 'v', 'gzip', { producerId, producerEpoch: 0, baseSequence: seq }) }),
      )
      const p = (await c.response(P, version)).body.responses[0]!.partitionResponses[0]!
      return [p.errorCode, p.baseOffset]
    }
    expect(await send(0, 3)).toEqual([0, 0n])
    expect(await send(3, 2)).toEqual([0, 3n])
    expect(await send(0, 3)).toEqual([0, 0n]) // duplicate of the first
    expect(await send(3, 2)).toEqual([0, 3n])
    expect((await send(9, 1))[0]).toBe(KafkaError.OUT_OF_ORDER_SEQUENCE_NUMBER)
    expect(broker.log('t', 0).logEndOffset).toBe(5)
  })

  it('acks=0: no response when the append succeeds; the connection closes when it fails', async () => {
    const { broker, connect } = await start()
    await broker.createTopic('t')
    const c = await connect()
    c.request(P, version, 1, produceBody('t', { 0: await batchOf(2) }, 0))
    c.request(API_KEYS.Metadata, 1, 2, createMetadataRequest({ topics: [] }))
    // The next frame answers the Metadata request: the produce had none.
    expect((await c.response(API_KEYS.Metadata, 1)).correlationId).toBe(2)
    expect(broker.log('t', 0).logEndOffset).toBe(2)
    c.request(P, version, 3, produceBody('nope', { 0: await batchOf(1) }, 0))
    expect(await c.closesWithoutAnswer()).toBe(true)
  })
})

describe('Produce v0-2', () => {
  it('is listed from v0 in ApiVersions (KAFKA-18659) and a v0-2 request closes the connection, as Kafka 4.0', async () => {
    const { broker, connect } = await start()
    await broker.createTopic('t')
    const c = await connect()
    c.request(API_KEYS.ApiVersions, 3, 1, createApiVersionsRequest({ clientSoftwareName: 'test', clientSoftwareVersion: '1' }))
    const versions = (await c.response(API_KEYS.ApiVersions, 3)).body.apiKeys.map((k) => [k.apiKey, k.minVersion, k.maxVersion])
    expect(versions).toEqual([
      [0, 0, 12],
      [1, 4, 17],
      [2, 1, 10],
      [3, 0, 13],
      [8, 2, 9],
      [9, 1, 9],
      [10, 0, 6],
      [11, 0, 9],
      [12, 0, 4],
      [13, 0, 5],
      [14, 0, 5],
      [15, 0, 6],
      [16, 0, 5],
      [17, 0, 1],
      [18, 0, 4],
      [19, 2, 7],
      [20, 1, 6],
      [21, 0, 2],
      [22, 0, 5],
      [32, 1, 4],
      [33, 0, 2],
      [37, 0, 3],
      [42, 0, 2],
      [44, 0, 1],
      [47, 0, 0],
      [60, 0, 2],
    ])
    for (const v of [0, 1, 2]) {
      const raw = await connect()
      raw.send(rawRequest({ apiKey: 0, apiVersion: v, correlationId: 5, body: Buffer.from('0001000075300000000000', 'hex') }))
      expect(await raw.closesWithoutAnswer()).toBe(true)
    }
    expect(broker.log('t', 0).logEndOffset).toBe(0)
  })
})
