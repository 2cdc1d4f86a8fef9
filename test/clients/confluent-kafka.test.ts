/**
 * confluent-kafka from PyPI (pinned in test/clients/py/requirements.txt; its wheel bundles a current
 * librdkafka): every codec, acks=1 and acks=all with idempotence, partitioner murmur2_random (Java's),
 * keys over 4 partitions, read back by assigned partitions.
 */
import { afterAll, expect, it } from 'vitest'
import { makePlan, parseOutput, PartitionsByTarget, planInput, verifyRun } from './plan.js'
import { runPython, VENV_PYTHON } from './python.js'
import { librdkafkaRules, servedBatches, verifyBatches } from './batches.js'
import { describeTargets } from './targets.js'
import { runTool } from './tool.js'

const observed = new PartitionsByTarget()
afterAll(() => observed.compare())

describeTargets('confluent-kafka (PyPI, bundled librdkafka)', (name, target) => {
  it('produces every codec with acks 1 and all (idempotent), reads every record back by partition', async () => {
    const lib = await runTool(VENV_PYTHON, ['-s', '-c', 'import confluent_kafka; print(confluent_kafka.libversion()[0])'])
    expect(lib.trim()).toMatch(/^2\.\d+\.\d+/)
    const t = target()
    const topic = `confluent-kafka-${name}`
    await t.createTopic(topic, 4)
    const plan = makePlan('confluent-kafka', { idempotence: true })
    expect(plan).toHaveLength(10)
    const out = parseOutput(await runPython(VENV_PYTHON, 'confluent_client.py', planInput(t.bootstrap, topic, plan)))
    expect(out.delivered.length).toBeGreaterThan(0)
    observed.record(name, verifyRun(plan, out))
    expect(
      verifyBatches(plan, out.consumed, await servedBatches(t.bootstrap, topic), { librdkafka: await librdkafkaRules(t.bootstrap) }),
    ).toBeGreaterThanOrEqual(plan.length)
  })
})
