/**
 * confluent-kafka (Python; its wheel bundles a current librdkafka, which speaks the flexible
 * versions and fetches by topic id) against an in-process broker on port 0, unchanged: an
 * idempotent producer per codec with Kafka's Java partitioner (`murmur2_random`) over 4 partitions,
 * then a consumer reading each partition by assignment (no group protocol) from offset 0. Checks:
 * the same records in send order per partition at offsets 0.., each key in its murmur2 partition,
 * and the log holding the codec asked for (lz4 only once FindCoordinator is served: librdkafka's
 * LZ4 feature depends on it). Skipped where `python3 -c 'import confluent_kafka'` fails.
 */
import { execFile, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { partitionForKey } from '../../src/broker/partitioner.js'
import { API_KEYS } from '../../src/protocol/index.js'
import { createApiVersionsRequest } from '../../src/protocol/messages/api-versions-request.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { useWireBrokers } from '../helpers/wire-broker.js'

const start = useWireBrokers('kafka-lite-wire-ck-')
const dirs = useTempDirs('kafka-lite-wire-ck-script-')
const PARTITIONS = 4
const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const
const CODEC_IDS = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const

function hasConfluentKafka(): boolean {
  try {
    execFileSync('python3', ['-c', 'import confluent_kafka'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

// Produces 60 records per codec (one producer each), then reads every partition from 0 by
// assignment; prints one JSON object: { errors, records: [[partition, offset, key, value], ...] }.
const SCRIPT = `
import json, sys
from confluent_kafka import Producer, Consumer, TopicPartition
port, partitions = sys.argv[1], int(sys.argv[2])
errors = []
for codec in ['none', 'gzip', 'snappy', 'lz4', 'zstd']:
    p = Producer({'bootstrap.servers': '127.0.0.1:' + port, 'compression.type': codec,
                  'enable.idempotence': True, 'partitioner': 'murmur2_random', 'linger.ms': 20})
    for i in range(60):
        p.produce('ck', key='key-%d' % (i % 11), value='%s-%d-%s' % (codec, i, 'x' * (80 + i)),
                  on_delivery=lambda e, m: errors.append(str(e)) if e else None)
    if p.flush(60) != 0:
        errors.append('unflushed')
records = []
c = Consumer({'bootstrap.servers': '127.0.0.1:' + port, 'group.id': 'unused', 'enable.auto.commit': False})
for part in range(partitions):
    c.assign([TopicPartition('ck', part, 0)])
    lo, hi = c.get_watermark_offsets(TopicPartition('ck', part), timeout=30)
    got = 0
    while got < hi:
        for m in c.consume(hi - got, 10):
            if m.error():
                errors.append(str(m.error()))
                continue
            records.append([part, m.offset(), m.key().decode(), m.value().decode()])
            got += 1
c.close()
print(json.dumps({'errors': errors, 'records': records}))
`

describe.skipIf(!hasConfluentKafka())('confluent-kafka (current librdkafka) against broker.listen()', () => {
  it('idempotent producers with every codec, murmur2 partitions; a consumer by assignment reads the same records', async () => {
    const { broker, port, connect } = await start()
    await broker.createTopic('ck', { partitions: PARTITIONS })
    const c = await connect()
    c.request(API_KEYS.ApiVersions, 3, 1, createApiVersionsRequest({ clientSoftwareName: 'test', clientSoftwareVersion: '1' }))
    const listed = (await c.response(API_KEYS.ApiVersions, 3)).body.apiKeys.map((k) => k.apiKey)
    const script = path.join(dirs.make(), 'ck.py')
    fs.writeFileSync(script, SCRIPT)
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('python3', [script, String(port), String(PARTITIONS)], { timeout: 240_000, maxBuffer: 64 << 20 }, (err, out, errOut) =>
        err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
      ),
    )
    const { errors, records } = JSON.parse(stdout) as { errors: string[]; records: [number, number, string, string][] }
    expect(errors).toEqual([])
    const sent = CODECS.flatMap((codec) =>
      Array.from({ length: 60 }, (_, i) => [`key-${i % 11}`, `${codec}-${i}-${'x'.repeat(80 + i)}`] as const),
    )
    for (let p = 0; p < PARTITIONS; p++) {
      const expected = sent.filter(([k]) => partitionForKey(Buffer.from(k), PARTITIONS) === p)
      expect(records.filter((r) => r[0] === p)).toEqual(expected.map(([k, v], i) => [p, i, k, v]))
    }
    // Each codec's batches as librdkafka compressed them, kept as they came.
    const codecs = new Set<number>()
    for (let p = 0; p < PARTITIONS; p++) {
      const { records: bytes } = await broker.log('ck', p).readBatches({ from: 0, maxBytes: 1 << 20 })
      for (let pos = 0; pos < bytes.length; pos += 12 + bytes.readInt32BE(pos + 8)) codecs.add(bytes.readInt16BE(pos + 21) & 7)
    }
    const lz4 = listed.includes(API_KEYS.FindCoordinator)
    expect([...codecs].sort()).toEqual(
      [CODEC_IDS.none, CODEC_IDS.gzip, CODEC_IDS.snappy, ...(lz4 ? [CODEC_IDS.lz4] : []), CODEC_IDS.zstd].sort(),
    )
  }, 300_000)
})
