// Broker crash-test child: opens a broker directory and runs one command, reporting to a file with
// synchronous writes (a SIGKILL right after a write loses nothing). KAFKA_LITE_CRASH_AT may name a
// crash point inside the command (the process SIGKILLs itself there).
// argv: <broker entry> <dir> <command> <report file> [<arg>]
//   create     createTopic('t', { partitions: 3 })
//   delete     deleteTopic('t')
//   grow       createPartitions('t', 4)
//   ids        initProducerId() <arg> times, reporting each id, then SIGKILL
//   produce    produce each batch file of directory <arg> (sorted) to t-0, reporting each result, then SIGKILL
//   hold       report "ready" and keep the broker open until killed
import { openSync, readFileSync, readdirSync, writeSync } from 'node:fs'
import path from 'node:path'

const [entry, dir, command, reportPath, arg] = process.argv.slice(2)
const report = openSync(reportPath, 'a')
const line = (o) => writeSync(report, JSON.stringify(o) + '\n')
const { Broker } = await import(entry)
const broker = await Broker.open(dir)
if (command === 'create') await broker.createTopic('t', { partitions: 3 })
else if (command === 'delete') await broker.deleteTopic('t')
else if (command === 'grow') await broker.createPartitions('t', 4)
else if (command === 'ids') {
  for (let i = 0; i < Number(arg); i++) line(await broker.initProducerId())
  process.kill(process.pid, 'SIGKILL')
} else if (command === 'produce') {
  for (const f of readdirSync(arg).sort()) line(await broker.partition('t', 0).produce(readFileSync(path.join(arg, f))))
  process.kill(process.pid, 'SIGKILL')
} else if (command === 'hold') {
  line({ ready: true })
  setInterval(() => {}, 1 << 30)
  await new Promise(() => {}) // until killed
} else throw new Error(`unknown command ${command}`)
line({ done: true })
await broker.close()
