// `npm run test:clients`: the real-client suite. Needs a JDK and Maven (Kafka's jars), kcat, Debian's
// python3-kafka and the PyPI clients in .cache/clients/venv: `.ci/run` installs them with
// test/clients/setup-tools.sh. Unlike test:kafka it does not skip when a tool is missing: a client
// that cannot run is a failure.
import { spawnSync } from 'node:child_process'

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
run('npx', ['vitest', 'run', '--config', 'vitest.clients.config.ts', ...process.argv.slice(2)])
