/**
 * The Fetch handler over TCP with our own codecs, at its lowest and highest served versions (4 and
 * 17; topics by id from 13): whole batches from the one holding the offset, KIP-74 (the first batch
 * whole however large), partition and response byte limits, OFFSET_OUT_OF_RANGE, unknown topics
 * and topic ids, sessionless answers, and long polls: woken by a produce on another connection, by
 * `minBytes`, and ended by the broker's close. No timing decides an outcome: a long poll that is not
 * woken runs into its `maxWaitMs` and answers without the records the test expects.
 */
import { describe, expect, it } from 'vitest'
import { KafkaError } from '../../src/broker/index.js'
import { API_KEYS } from '../../src/protocol/index.js'
import { batchOf, batchRanges, fetchBody, produceBody, useWireBrokers } from '../helpers/wire-broker.js'

const start = useWireBrokers('kafka-lite-wire-fetch-')
const F = API_KEYS.Fetch
const LONG = 60_000

describe.each([4, 17])('Fetch v%i', (version) => {
  const topicRef = (broker: { topic(n: string): { topicId: string } | undefined }, name: string): { name?: string; topicId?: string } =>
    version >= 13 ? { topicId: broker.topic(name)!.topicId } : { name }

  it('returns whole batches from the one holding the offset, with the partition state', async () => {
    const { broker, connect } = await start()
    await broker.createTopic('t')
    const p = broker.partition('t', 0)
    for (let i = 0; i < 3; i++) await p.produce(await batchOf(4))
    const c = await connect()
    c.request(F, version, 1, fetchBody(topicRef(broker, 't'), [{ partition: 0, fetchOffset: 5 }]))
    const r = (await c.response(F, version)).body
    expect(r.errorCode).toBe(0)
    expect(r.sessionId).toBe(0)
    const d = r.responses[0]!.partitions[0]!
    // logStartOffset is in v5+ (decoded as -1 before); preferredReadReplica, in v11+, is -1 anyway.
    expect([d.errorCode, d.highWatermark, d.lastStableOffset, d.logStartOffset, d.preferredReadReplica]).toEqual([
      0,
      12n,
      12n,
      version >= 5 ? 0n : -1n,
      -1,
    ])
    expect(batchRanges(d.records)).toEqual([
      [4, 7],
      [8, 11],
    ])
    if (version >= 13) expect(r.responses[0]!.topicId).toBe(broker.topic('t')!.topicId)
    else expect(r.responses[0]!.topic).toBe('t')
    // At the high watermark: nothing, no error.
    c.request(F, version, 2, fetchBody(topicRef(broker, 't'), [{ partition: 0, fetchOffset: 12 }]))
    const end = (await c.response(F, version)).body.responses[0]!.partitions[0]!
    expect([end.errorCode, end.records?.length]).toEqual([0, 0])
  })

  it('KIP-74: the first batch comes whole past every limit; later partitions stay within what is left', async () => {
    const { broker, connect } = await start()
    await broker.createTopic('t', { partitions: 2 })
    const big = await batchOf(5, 'v', 'none', {}, 400)
    await broker.partition('t', 0).produce(big)
    await broker.partition('t', 0).produce(await batchOf(1))
    await broker.partition('t', 1).produce(await batchOf(1))
    const c = await connect()
    const ref = topicRef(broker, 't')
    c.request(
      F,
      version,
      1,
      fetchBody(
        ref,
        [
          { partition: 0, fetchOffset: 0, partitionMaxBytes: 100 },
          { partition: 1, fetchOffset: 0, partitionMaxBytes: 100 },
        ],
        { maxBytes: 200 },
      ),
    )
    const parts = (await c.response(F, version)).body.responses[0]!.partitions
    expect(batchRanges(parts[0]!.records)).toEqual([[0, 4]])
    expect(parts[0]!.records!.length).toBe(big.length)
    expect([parts[1]!.errorCode, parts[1]!.highWatermark, parts[1]!.records!.length]).toEqual([0, 1n, 0])
    // The partition limit alone: one more small batch fits.
    c.request(F, version, 2, fetchBody(ref, [{ partition: 0, fetchOffset: 0, partitionMaxBytes: big.length + 200 }]))
    expect(batchRanges((await c.response(F, version)).body.responses[0]!.partitions[0]!.records)).toEqual([
      [0, 4],
      [5, 5],
    ])
  })

  it('answers OFFSET_OUT_OF_RANGE, unknown partitions and topics (UNKNOWN_TOPIC_ID by id), and refuses incremental sessions', async () => {
    const { broker, connect } = await start()
    await broker.createTopic('t')
    await broker.partition('t', 0).produce(await batchOf(3))
    await broker.partition('t', 0).deleteRecords(1)
    const c = await connect()
    const ref = topicRef(broker, 't')
    c.request(
      F,
      version,
      1,
      fetchBody(ref, [
        { partition: 0, fetchOffset: 0 },
        { partition: 0, fetchOffset: 4 },
        { partition: 3, fetchOffset: 0 },
      ]),
    )
    const parts = (await c.response(F, version)).body.responses[0]!.partitions
    expect(parts.map((p) => [p.partitionIndex, p.errorCode, p.highWatermark])).toEqual([
      [0, KafkaError.OFFSET_OUT_OF_RANGE, -1n],
      [0, KafkaError.OFFSET_OUT_OF_RANGE, -1n],
      [3, KafkaError.UNKNOWN_TOPIC_OR_PARTITION, -1n],
    ])
    const unknown = version >= 13 ? { topicId: 'AAAAAAAAAAAAAAAAAAAAAQ' } : { name: 'nope' }
    c.request(F, version, 2, fetchBody(unknown, [{ partition: 0, fetchOffset: 0 }]))
    expect((await c.response(F, version)).body.responses[0]!.partitions[0]!.errorCode).toBe(
      version >= 13 ? KafkaError.UNKNOWN_TOPIC_ID : KafkaError.UNKNOWN_TOPIC_OR_PARTITION,
    )
    c.request(F, version, 3, fetchBody(ref, [{ partition: 0, fetchOffset: 1 }], { sessionEpoch: 3 }))
    const incremental = (await c.response(F, version)).body
    expect([incremental.errorCode, incremental.responses.length]).toEqual([
      version >= 7 ? KafkaError.FETCH_SESSION_ID_NOT_FOUND : 0,
      version >= 7 ? 0 : 1,
    ])
  })

  it(
    'a long poll is woken by a produce on another connection',
    async () => {
      const { broker, connect } = await start()
      await broker.createTopic('t')
      const c = await connect()
      c.request(F, version, 1, fetchBody(topicRef(broker, 't'), [{ partition: 0, fetchOffset: 0 }], { maxWaitMs: LONG }))
      const answer = c.response(F, version)
      await new Promise((resolve) => setImmediate(resolve))
      const producer = await connect()
      producer.request(API_KEYS.Produce, 9, 2, produceBody('t', { 0: await batchOf(2) }))
      await producer.response(API_KEYS.Produce, 9)
      const d = (await answer).body.responses[0]!.partitions[0]!
      expect(batchRanges(d.records)).toEqual([[0, 1]])
    },
    LONG,
  )

  it(
    'minBytes: the poll waits until enough bytes are there',
    async () => {
      const { broker, connect } = await start()
      await broker.createTopic('t')
      const p = broker.partition('t', 0)
      const one = await batchOf(1)
      const c = await connect()
      c.request(
        F,
        version,
        1,
        fetchBody(topicRef(broker, 't'), [{ partition: 0, fetchOffset: 0 }], { maxWaitMs: LONG, minBytes: one.length * 3 }),
      )
      let answered = false
      const answer = c.response(F, version).then((r) => ((answered = true), r))
      for (let i = 0; i < 3; i++) {
        await p.produce(await batchOf(1))
        // Let the handler see each append; it must not answer before the third.
        for (let k = 0; k < 5; k++) await new Promise((resolve) => setImmediate(resolve))
        if (i < 2) expect(answered).toBe(false)
      }
      expect(batchRanges((await answer).body.responses[0]!.partitions[0]!.records)).toEqual([
        [0, 0],
        [1, 1],
        [2, 2],
      ])
    },
    LONG,
  )

  it(
    'a long poll ends when the broker closes (close() does not wait for maxWaitMs)',
    async () => {
      const { broker, connect } = await start()
      await broker.createTopic('t')
      const c = await connect()
      c.request(F, version, 1, fetchBody(topicRef(broker, 't'), [{ partition: 0, fetchOffset: 0 }], { maxWaitMs: 10 * LONG }))
      await new Promise((resolve) => setImmediate(resolve))
      await broker.close()
      // Answered (empty) or cut: either way the poll is over and the connection with it.
      const frame = await c.nextFrame()
      if (frame !== null) expect(frame.readInt32BE(0)).toBe(1)
      await c.closed
    },
    LONG,
  )
})
