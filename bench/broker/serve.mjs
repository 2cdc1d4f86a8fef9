// The broker bench's `ours` target: node serve.mjs <dir> <port>. Opens the broker directory with the
// built package (../../dist/broker), listens on 127.0.0.1:<port>, and closes cleanly on SIGTERM.
import { Broker } from '../../dist/broker/index.js'

const [dir, port] = process.argv.slice(2)
const broker = await Broker.open(dir)
await broker.listen({ host: '127.0.0.1', port: Number(port) })
process.once('SIGTERM', () => {
  broker.close().then(
    () => process.exit(0),
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
})
