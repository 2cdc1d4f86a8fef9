import { defineConfig } from 'vitest/config'

// The Apache Kafka interop suite (`npm run test:kafka`): real JVMs and a real broker, so one file at a
// time and generous timeouts. test/kafka/global-setup.ts fetches Kafka once per run.
export default defineConfig({
  test: {
    include: ['test/kafka/**/*.test.ts'],
    globalSetup: ['test/kafka/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    reporters: ['default'],
  },
})
