// Our broker in a child process, for the SIGKILL variant of test/kafka/idempotence-faults.test.ts:
// node broker-serve.mjs <dir> <port>. Opens the broker directory (built dist/), listens on
// 127.0.0.1:<port> and prints "listening"; runs until killed (SIGTERM: a clean close).
// Stands in for `kafka-lite-log serve <dir> --port <port>` until the CLI has it.
import { Broker } from '../../../dist/broker/index.js'

const [dir, port] = process.argv.slice(2)
const broker = await Broker.open(dir)
await broker.listen({ host: '127.0.0.1', port: Number(port) })
process.stdout.write('listening\n')
process.once('SIGTERM', () => {
  broker.close().then(
    () => process.exit(0),
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
})
