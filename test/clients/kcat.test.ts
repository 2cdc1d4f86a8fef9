/**
 * kcat from Debian (1.7.1 on librdkafka 2.0.2, the release with the Kafka 4 traps: KAFKA-18659):
 * `kcat -P` once per round with `compression.codec`, `acks`, `enable.idempotence` and
 * `partitioner=murmur2_random` (Java's partitioner; librdkafka's default hashes with CRC32), lines
 * `key<TAB>value` on stdin; then `kcat -C -p <partition> -o beginning -e` reads each partition.
 * kcat reports no offsets when producing: offsets are judged from the read-back alone.
 */
import { afterAll, expect, it } from 'vitest'
import { makePlan, parseOutput, PARTITIONS, PartitionsByTarget, verifyRun } from './plan.js'
import { librdkafkaRules, servedBatches, verifyBatches } from './batches.js'
import { describeTargets } from './targets.js'
import { runTool } from './tool.js'

const observed = new PartitionsByTarget()
afterAll(() => observed.compare())

describeTargets('kcat (Debian, librdkafka 2.0.2)', (name, target) => {
  it('produces every codec with acks 1 and all (idempotent), reads every partition back with -p and -o', async () => {
    expect(await runTool('kcat', ['-V'])).toMatch(/librdkafka 2\.0\.2/)
    const t = target()
    const topic = `kcat-${name}`
    await t.createTopic(topic, PARTITIONS)
    const plan = makePlan('kcat', { idempotence: true })
    expect(plan).toHaveLength(10)
    for (const r of plan) {
      await runTool(
        'kcat',
        [
          ...['-P', '-b', t.bootstrap, '-t', topic, '-K', '\t'],
          ...['-X', `compression.codec=${r.codec}`, '-X', `acks=${r.acks}`, '-X', `enable.idempotence=${r.idempotent}`],
          ...['-X', 'partitioner=murmur2_random', '-X', 'linger.ms=100'],
        ],
        { input: r.records.map((rec) => `${rec.key}\t${rec.value}\n`).join('') },
      )
    }
    let text = ''
    for (let p = 0; p < PARTITIONS; p++) {
      text += await runTool('kcat', [
        '-C',
        '-q',
        '-b',
        t.bootstrap,
        '-t',
        topic,
        '-p',
        String(p),
        '-o',
        'beginning',
        '-e',
        '-f',
        'consumed\t%p\t%o\t%k\t%s\n',
      ])
    }
    const run = parseOutput(text)
    observed.record(name, verifyRun(plan, run))
    expect(
      verifyBatches(plan, run.consumed, await servedBatches(t.bootstrap, topic), { librdkafka: await librdkafkaRules(t.bootstrap) }),
    ).toBeGreaterThanOrEqual(plan.length)
  })
})
