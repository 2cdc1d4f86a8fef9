/**
 * Apache Kafka's Java client (kafka-clients 4.x from the Kafka harness's Maven resolution), through
 * test/clients/java/ClientsJava.java: every codec, acks=1 and acks=all with idempotence, keys over 4
 * partitions, read back by assigned partitions. One JVM per target runs every round.
 */
import { afterAll, expect, inject, it } from 'vitest'
import { JVM_FLAGS } from '../kafka/harness.js'
import { makePlan, parseOutput, PartitionsByTarget, planInput, verifyRun } from './plan.js'
import { servedBatches, verifyBatches } from './batches.js'
import { describeTargets } from './targets.js'
import { runTool } from './tool.js'

const observed = new PartitionsByTarget()
afterAll(() => observed.compare())

describeTargets('Kafka Java client (kafka-clients 4.x)', (name, target) => {
  it('produces every codec with acks 1 and all (idempotent), reads every record back by partition', async () => {
    const t = target()
    const topic = `java-client-${name}`
    await t.createTopic(topic, 4)
    const plan = makePlan('java', { idempotence: true })
    expect(plan).toHaveLength(10)
    const text = await runTool('java', ['-Xmx256m', ...JVM_FLAGS, '-cp', inject('clientsClasspath'), 'ClientsJava'], {
      input: planInput(t.bootstrap, topic, plan),
    })
    const out = parseOutput(text)
    expect(out.delivered.length).toBeGreaterThan(0)
    observed.record(name, verifyRun(plan, out))
    expect(verifyBatches(plan, out.consumed, await servedBatches(t.bootstrap, topic))).toBeGreaterThanOrEqual(plan.length)
  })
})
