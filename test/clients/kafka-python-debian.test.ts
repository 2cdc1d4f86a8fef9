/**
 * kafka-python 2.0.2 as Debian ships it (python3-kafka, under /usr/bin/python3): every codec
 * (gzip; snappy, lz4, zstd through Debian's python3-snappy, python3-lz4, python3-zstandard), acks=1
 * and acks=all; 2.0.2 has no idempotent producer. Keys over 4 partitions (its default partitioner
 * is murmur2), read back by assigned partitions.
 */
import { afterAll, expect, it } from 'vitest'
import { makePlan, parseOutput, PartitionsByTarget, planInput, verifyRun } from './plan.js'
import { DEBIAN_PYTHON, pythonModuleVersion, runPython } from './python.js'
import { servedBatches, verifyBatches } from './batches.js'
import { describeTargets } from './targets.js'

const observed = new PartitionsByTarget()
afterAll(() => observed.compare())

describeTargets('kafka-python 2.0.2 (Debian)', (name, target) => {
  it('produces every codec with acks 1 and all, reads every record back by partition', async () => {
    expect(await pythonModuleVersion(DEBIAN_PYTHON, 'kafka')).toBe('2.0.2')
    const t = target()
    const topic = `kafka-python-debian-${name}`
    await t.createTopic(topic, 4)
    const plan = makePlan('kafka-python-2.0.2', { idempotence: false })
    expect(plan).toHaveLength(10)
    const out = parseOutput(await runPython(DEBIAN_PYTHON, 'kafka_python_client.py', planInput(t.bootstrap, topic, plan)))
    expect(out.delivered.length).toBeGreaterThan(0)
    observed.record(name, verifyRun(plan, out))
    expect(verifyBatches(plan, out.consumed, await servedBatches(t.bootstrap, topic))).toBeGreaterThanOrEqual(plan.length)
  })
})
