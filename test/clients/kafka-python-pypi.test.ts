/**
 * The current kafka-python from PyPI (pinned in test/clients/py/requirements.txt, in the suite's
 * venv): every codec, acks=1 and acks=all with its idempotent producer, keys over 4 partitions,
 * read back by assigned partitions.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { makePlan, parseOutput, PartitionsByTarget, planInput, verifyRun } from './plan.js'
import { PY_DIR, pythonModuleVersion, runPython, VENV_PYTHON } from './python.js'
import { servedBatches, verifyBatches } from './batches.js'
import { describeTargets } from './targets.js'

const observed = new PartitionsByTarget()
afterAll(() => observed.compare())
const pinned = /^kafka-python==(\S+)$/m.exec(fs.readFileSync(path.join(PY_DIR, 'requirements.txt'), 'utf8'))![1]

describeTargets(`kafka-python ${pinned} (PyPI)`, (name, target) => {
  it('produces every codec with acks 1 and all (idempotent), reads every record back by partition', async () => {
    expect(await pythonModuleVersion(VENV_PYTHON, 'kafka')).toBe(pinned)
    const t = target()
    const topic = `kafka-python-pypi-${name}`
    await t.createTopic(topic, 4)
    const plan = makePlan('kafka-python-pypi', { idempotence: true })
    expect(plan).toHaveLength(10)
    const out = parseOutput(await runPython(VENV_PYTHON, 'kafka_python_client.py', planInput(t.bootstrap, topic, plan)))
    expect(out.delivered.length).toBeGreaterThan(0)
    observed.record(name, verifyRun(plan, out))
    expect(verifyBatches(plan, out.consumed, await servedBatches(t.bootstrap, topic))).toBeGreaterThanOrEqual(plan.length)
  })
})
