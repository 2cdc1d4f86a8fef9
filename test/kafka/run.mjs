// `npm run test:kafka`: the Apache Kafka interop suite. Without a JDK or Maven it says what is
// missing in one line and exits 0, so machines without Java still pass CI's Node-only tests.
import { spawnSync } from 'node:child_process'

const missing = ['java', 'javac', 'mvn'].filter((tool) => spawnSync(tool, ['-version'], { stdio: 'ignore' }).error !== undefined)
if (missing.length > 0) {
  console.log(`test:kafka skipped: ${missing.join(', ')} not found (the Kafka interop suite needs a JDK 17+ and Maven 3.8+)`)
  process.exit(0)
}
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
// The mirror test's child process imports the built package.
run('npx', ['tsup', '--silent'])
run('npx', ['vitest', 'run', '--config', 'vitest.kafka.config.ts', ...process.argv.slice(2)])
