/**
 * Apache Kafka's console tools, 4.x, run as users run them (`java -cp <Kafka's jars>`, the classes
 * behind kafka-console-producer.sh and kafka-console-consumer.sh, from the Kafka harness's Maven
 * resolution):
 * - `ConsoleProducer` once per round: `--compression-codec`, `--request-required-acks`,
 *   `--command-property enable.idempotence=…`, `parse.key` with a tab separator, lines on stdin.
 * - `ConsoleConsumer --partition p --offset earliest --max-messages n` for each partition, printing
 *   partition, offset and key; then `--offset <number>` from the middle of partition 0.
 * The console producer reports no offsets: offsets are judged from the read-back.
 * `--timeout-ms` only bounds a consumer that would otherwise wait forever for missing records (the
 * count assertions then fail); nothing is timed.
 */
import { afterAll, expect, inject, it } from 'vitest'
import { JVM_FLAGS } from '../kafka/harness.js'
import { expectedPartitions, makePlan, parseOutput, PARTITIONS, PartitionsByTarget, verifyRun } from './plan.js'
import { servedBatches, verifyBatches } from './batches.js'
import { describeTargets } from './targets.js'
import { runTool } from './tool.js'

const observed = new PartitionsByTarget()
afterAll(() => observed.compare())

const java = (mainClass: string, args: string[], input?: string): Promise<string> =>
  runTool('java', ['-Xmx192m', ...JVM_FLAGS, '-cp', inject('clientsClasspath'), mainClass, ...args], input === undefined ? {} : { input })

/** `ConsoleConsumer` on one partition from `offset`, `count` records, as `consumed` lines. */
async function consumePartition(bootstrap: string, topic: string, partition: number, offset: string, count: number): Promise<string> {
  const text = await java('org.apache.kafka.tools.consumer.ConsoleConsumer', [
    ...['--bootstrap-server', bootstrap, '--topic', topic, '--partition', String(partition), '--offset', offset],
    ...['--max-messages', String(count), '--timeout-ms', '120000'],
    ...[
      '--formatter-property',
      'print.partition=true',
      '--formatter-property',
      'print.offset=true',
      '--formatter-property',
      'print.key=true',
    ],
  ])
  // DefaultMessageFormatter: `Partition:<p>\tOffset:<o>\t<key>\t<value>`.
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const m = /^Partition:(\d+)\tOffset:(\d+)\t([^\t]*)\t([^\t]*)$/.exec(l)
      if (m === null) throw new Error(`unexpected console-consumer line: ${JSON.stringify(l)}`)
      return `consumed\t${m[1]}\t${m[2]}\t${m[3]}\t${m[4]}\n`
    })
    .join('')
}

describeTargets('Kafka console producer and consumer (4.x)', (name, target) => {
  it('produce every codec with acks 1 and all (idempotent); consume each partition with --partition and --offset', async () => {
    const t = target()
    const topic = `console-${name}`
    await t.createTopic(topic, PARTITIONS)
    const plan = makePlan('console', { idempotence: true })
    expect(plan).toHaveLength(10)
    for (const r of plan) {
      await java(
        'org.apache.kafka.tools.ConsoleProducer',
        [
          ...[
            '--bootstrap-server',
            t.bootstrap,
            '--topic',
            topic,
            '--compression-codec',
            r.codec,
            '--request-required-acks',
            r.acks === 'all' ? '-1' : '1',
          ],
          ...['--command-property', `enable.idempotence=${r.idempotent}`, '--command-property', 'linger.ms=5'],
          ...['--reader-property', 'parse.key=true', '--reader-property', 'key.separator=\t'],
        ],
        r.records.map((rec) => `${rec.key}\t${rec.value}\n`).join(''),
      )
    }
    const expected = expectedPartitions(plan)
    let text = ''
    for (let p = 0; p < PARTITIONS; p++) text += await consumePartition(t.bootstrap, topic, p, 'earliest', expected[p]!.length)
    const run = parseOutput(text)
    observed.record(name, verifyRun(plan, run))
    expect(verifyBatches(plan, run.consumed, await servedBatches(t.bootstrap, topic))).toBeGreaterThanOrEqual(plan.length)

    // --offset <n>: from the middle of partition 0 to its end, offsets and records as stored.
    const from = Math.floor(expected[0]!.length / 2)
    const tail = parseOutput(await consumePartition(t.bootstrap, topic, 0, String(from), expected[0]!.length - from)).consumed
    expect(tail.map((c) => c.offset)).toEqual(expected[0]!.slice(from).map((_, i) => from + i))
    expect(tail.map((c) => c.value)).toEqual(expected[0]!.slice(from).map((r) => r.value))
  })
})
