import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Apache Kafka interop suite needs a JVM and runs on its own: `npm run test:kafka`; so does the
    // real-client suite (kcat, Python, Java clients): `npm run test:clients`.
    exclude: [...configDefaults.exclude, 'test/kafka/**', 'test/clients/**'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
})
