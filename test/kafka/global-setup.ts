/**
 * vitest globalSetup of the Kafka suite: resolves Kafka's jars and compiles the probe once per run,
 * and records how long that took in `.cache/kafka/timings.json` (the figures docs/kafka-interop.md
 * quotes).
 */
import fs from 'node:fs'
import path from 'node:path'
import { CACHE_DIR, KAFKA_VERSION, ensureKafka } from './harness.js'

export default async function setup(): Promise<void> {
  const { fetchMs, compileMs } = await ensureKafka()
  const file = path.join(CACHE_DIR, 'timings.json')
  const prev = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {}
  const next = {
    ...prev,
    kafkaVersion: KAFKA_VERSION,
    ...(fetchMs > 0 ? { lastFetchMs: Math.round(fetchMs) } : {}),
    ...(compileMs > 0 ? { lastCompileMs: Math.round(compileMs) } : {}),
  }
  fs.writeFileSync(file, JSON.stringify(next, null, 2) + '\n')
}
