/**
 * kcat (librdkafka, as Debian ships it: 2.0.2, the one with the KAFKA-18659 trap: it turns
 * compression off unless Produce v0 is listed) against an in-process broker on port 0, unchanged:
 * produces keyed records with every codec (idempotent, acks all; and acks 1 without idempotence)
 * with Kafka's Java partitioner (`partitioner=murmur2_random`), then consumes each partition from
 * the beginning. Checks: the same records in send order per partition at offsets 0.., each key in
 * the partition murmur2 gives, and the log holding batches of the codec asked for (compression was
 * not silently turned off). Skipped where kcat is not installed (`apt-get install kcat`).
 *
 * librdkafka enables LZ4 only when the broker lists FindCoordinator v0 (its `RD_KAFKA_FEATURE_LZ4`
 * dates LZ4 support by that API, `rdkafka_feature.c`), and otherwise sends uncompressed batches. So
 * lz4 is expected exactly when this broker serves FindCoordinator (the group handlers).
 */
import { execFileSync, spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { partitionForKey } from '../../src/broker/partitioner.js'
import { API_KEYS } from '../../src/protocol/index.js'
import { createApiVersionsRequest } from '../../src/protocol/messages/api-versions-request.js'
import { useWireBrokers } from '../helpers/wire-broker.js'

const start = useWireBrokers('kafka-lite-wire-kcat-')
const PARTITIONS = 4
const CODEC_IDS = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const

function hasKcat(): boolean {
  try {
    execFileSync('kcat', ['-V'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Runs kcat with `args`, `input` on stdin; resolves with stdout, rejects on a non-zero exit. */
function kcat(args: string[], input = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', args, { stdio: ['pipe', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`kcat ${args.join(' ')} exited ${code}: ${err}`))))
    child.stdin.end(input)
  })
}

describe.skipIf(!hasKcat())('kcat (librdkafka) against broker.listen()', () => {
  it.each(
    (Object.keys(CODEC_IDS) as (keyof typeof CODEC_IDS)[]).flatMap((codec) => [
      { codec, idempotent: true },
      { codec, idempotent: false },
    ]),
  )('codec $codec, idempotent $idempotent: same records per partition, murmur2 partitions, codec kept', async ({ codec, idempotent }) => {
    const { broker, port, connect } = await start()
    await broker.createTopic('kc', { partitions: PARTITIONS })
    const c = await connect()
    c.request(API_KEYS.ApiVersions, 3, 1, createApiVersionsRequest({ clientSoftwareName: 'test', clientSoftwareVersion: '1' }))
    const listed = (await c.response(API_KEYS.ApiVersions, 3)).body.apiKeys.map((k) => k.apiKey)
    const expectedCodec = codec === 'lz4' && !listed.includes(API_KEYS.FindCoordinator) ? 'none' : codec
    const lines = Array.from({ length: 300 }, (_, i) => [`key-${i % 13}`, `value-${i}-${'x'.repeat(100 + (i % 50))}`] as const)
    const bootstrap = `127.0.0.1:${port}`
    await kcat(
      [
        '-P',
        '-b',
        bootstrap,
        '-t',
        'kc',
        '-K',
        ':',
        '-z',
        codec,
        '-X',
        'partitioner=murmur2_random',
        '-X',
        `enable.idempotence=${idempotent}`,
        '-X',
        `acks=${idempotent ? 'all' : '1'}`,
        '-X',
        'linger.ms=50',
      ],
      lines.map(([k, v]) => `${k}:${v}\n`).join(''),
    )
    for (let p = 0; p < PARTITIONS; p++) {
      const expected = lines.filter(([k]) => partitionForKey(Buffer.from(k), PARTITIONS) === p)
      expect(expected.length).toBeGreaterThan(0)
      const out = await kcat(['-C', '-b', bootstrap, '-t', 'kc', '-p', String(p), '-o', 'beginning', '-e', '-q', '-f', '%o|%k|%s\n'])
      const got = out
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('|'))
      expect(got).toEqual(expected.map(([k, v], i) => [String(i), k, v]))
      // The batches in the log carry the codec asked for: librdkafka did compress (KAFKA-18659).
      const { records } = await broker.log('kc', p).readBatches({ from: 0, maxBytes: 1 << 20 })
      const codecs = new Set<number>()
      const producerIds = new Set<bigint>()
      for (let pos = 0; pos < records.length; pos += 12 + records.readInt32BE(pos + 8)) {
        codecs.add(records.readInt16BE(pos + 21) & 7)
        producerIds.add(records.readBigInt64BE(pos + 43))
      }
      expect([...codecs]).toEqual([CODEC_IDS[expectedCodec]])
      expect([...producerIds].every((id) => (idempotent ? id >= 0n : id === -1n))).toBe(true)
    }
  })
})
