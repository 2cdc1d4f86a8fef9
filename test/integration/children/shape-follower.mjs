// A follower for shape-stress.test.ts, in a worker thread (workerData.handle → Log.attach) or a
// child process (argv JSON → readOnly open). It follows until told where the log ends
// ({ end, epoch } by message), then writes its runs to `params.report` with one synchronous write.
import fs from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { pathToFileURL } from 'node:url'
import { follow, reached } from './shape-workload.mjs'

const inWorker = parentPort !== null
const params = inWorker ? workerData : JSON.parse(process.argv[2])
const send = (msg) => (inWorker ? parentPort.postMessage(msg) : process.send(msg))
let target
const state = {}
const ac = new AbortController()
const onMessage = (m) => {
  if (m && m.type === 'end') {
    target = { end: m.end, epoch: m.epoch }
    if (reached(state.last, target)) ac.abort() // already there, waiting for more
  }
}
if (inWorker) parentPort.on('message', onMessage)
else process.on('message', onMessage)

const { Log } = await import(pathToFileURL(params.dist).href)
const log = inWorker ? await Log.attach(params.handle) : await Log.open(params.dir, { readOnly: true })
send({ type: 'ready' })
const result = await follow(log, { stopAt: () => target, signal: ac.signal, state })
await log.close()
fs.writeFileSync(params.report, JSON.stringify(result))
if (inWorker) parentPort.off('message', onMessage)
else process.disconnect()
