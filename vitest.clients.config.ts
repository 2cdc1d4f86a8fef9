import { defineConfig } from 'vitest/config'

// The real-client suite (`npm run test:clients`): kafkajs, kcat, confluent-kafka, kafka-python (Debian
// and PyPI), Kafka's Java client and console tools, each against a real Apache Kafka broker (one per
// run, started by test/clients/global-setup.ts) and against our broker. Real processes on a loaded
// 2-core machine: one file at a time, generous bounds (never timed assertions).
export default defineConfig({
  test: {
    include: ['test/clients/**/*.test.ts'],
    globalSetup: ['test/clients/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    reporters: ['default'],
  },
})
