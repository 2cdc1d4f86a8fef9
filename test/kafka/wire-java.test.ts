/**
 * Apache Kafka's own Java client (kafka-clients, the harness's version) against an in-process broker
 * on port 0, unchanged: its producer (`KafkaProbe produce`: idempotent, acks=all, the newest
 * Produce version it shares with the broker) with every codec, then its consumer (`KafkaProbe
 * consume`: assign + seekToBeginning, read_committed, no group) reading the partition back. Checks:
 * the offsets the producer was told, and the same records (keys, values, headers, timestamps) at
 * them; the batches in the log carry the codec asked for.
 */
import { describe, expect, it } from 'vitest'
import { Broker } from '../../src/broker/index.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { javaConsume, javaProduce, type ProduceRecord } from './harness.js'

const dirs = useTempDirs('kafka-lite-wire-java-')
const CODECS = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const

describe("Kafka's Java client against broker.listen()", () => {
  it.each(Object.keys(CODECS) as (keyof typeof CODECS)[])(
    'codec %s: produced offsets, consumed records, codec kept',
    async (codec) => {
      const broker = await Broker.open(dirs.make())
      try {
        const { port } = await broker.listen({ port: 0 })
        await broker.createTopic('j', { partitions: 2 })
        const now = Date.now()
        const batches: ProduceRecord[][] = [0, 1, 2].map((b) =>
          Array.from({ length: 20 }, (_, i) => ({
            timestamp: now - 1000 + b * 20 + i,
            key: i % 5 === 0 ? null : `key-${i % 7}`,
            value: i % 9 === 8 ? null : `value-${b}-${i}-${'y'.repeat(i * 5)}`,
            headers:
              i % 4 === 0
                ? [
                    { key: 'h', value: `v${i}` },
                    { key: 'h', value: null },
                  ]
                : [],
          })),
        )
        const bootstrap = `127.0.0.1:${port}`
        const offsets = await javaProduce(bootstrap, 'j', 1, codec, batches)
        expect(offsets).toEqual(Array.from({ length: 60 }, (_, i) => i))
        const records = await javaConsume(bootstrap, 'j', 1, -1)
        const sent = batches.flat()
        expect(records.map((r) => r.offset)).toEqual(offsets)
        expect(
          records.map((r) => [
            r.timestamp,
            r.key?.toString() ?? null,
            r.value?.toString() ?? null,
            r.headers.map((h) => [h.key, h.value?.toString() ?? null]),
          ]),
        ).toEqual(
          sent.map((s) => [
            s.timestamp,
            s.key === null ? null : String(s.key),
            s.value === null ? null : String(s.value),
            s.headers.map((h) => [h.key, h.value === null ? null : String(h.value)]),
          ]),
        )
        const { records: bytes } = await broker.log('j', 1).readBatches({ from: 0, maxBytes: 1 << 20 })
        const codecs = new Set<number>()
        for (let pos = 0; pos < bytes.length; pos += 12 + bytes.readInt32BE(pos + 8)) codecs.add(bytes.readInt16BE(pos + 21) & 7)
        expect([...codecs]).toEqual([CODECS[codec]])
      } finally {
        await broker.close()
      }
    },
    300_000,
  )
})
