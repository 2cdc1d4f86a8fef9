// The group bench's producer (kafkajs 2.2.4), one process, commanded by groups.mjs over IPC:
//   node group-producer.mjs <bootstrap> <params JSON>
// - { cmd: 'burst', from, count }: records from..from+count-1, params.perSend per send(), params.inFlight
//   sends in flight, as fast as the broker takes them;
// - { cmd: 'paced', from, rate, count? }: params.pacedPerSend records per send() at `rate` records/s
//   (a send every pacedPerSend / rate s, on a fixed schedule, up to 16 in flight), `count` records or
//   until { cmd: 'stop' }.
// Record id i goes to partition i % params.partitions, its value stamped with the time of its send()
// (group-records.mjs). acks -1, no compression. Answers each command with
// { type: 'done', from, count, startNs, endNs } (ns since params.baseNs).
import { createRequire } from 'node:module'
import { setTimeout as sleep } from 'node:timers/promises'
import { encodeValue } from './group-records.mjs'

const require = createRequire(import.meta.url)
const { Kafka, logLevel } = require('kafkajs')

const [bootstrap, paramsJson] = process.argv.slice(2)
const params = JSON.parse(paramsJson)
const baseNs = BigInt(params.baseNs)
const rel = () => Number(process.hrtime.bigint() - baseNs)
const kafka = new Kafka({ clientId: 'bench-group-producer', brokers: [bootstrap], logLevel: logLevel.NOTHING })
const producer = kafka.producer({ allowAutoTopicCreation: false })
await producer.connect()

let stopRequested = false

function send(from, n) {
  const sentNs = process.hrtime.bigint()
  const messages = []
  for (let id = from; id < from + n; id++) {
    messages.push({ partition: id % params.partitions, value: encodeValue(id, sentNs, params.valueBytes) })
  }
  return producer.send({ topic: params.topic, acks: -1, messages })
}

async function burst({ from, count }) {
  const sends = Math.ceil(count / params.perSend)
  let next = 0
  const startNs = rel()
  const worker = async () => {
    for (let s = next++; s < sends; s = next++) {
      const first = from + s * params.perSend
      await send(first, Math.min(params.perSend, from + count - first))
    }
  }
  await Promise.all(Array.from({ length: params.inFlight }, worker))
  return { from, count, startNs, endNs: rel() }
}

async function paced({ from, rate, count }) {
  const per = params.pacedPerSend
  const intervalMs = (per / rate) * 1000
  const inFlight = new Set()
  let sent = 0
  const startNs = rel()
  const t0 = performance.now()
  for (let k = 0; !stopRequested && (count === undefined || sent < count); k++) {
    const wait = t0 + k * intervalMs - performance.now()
    if (wait > 0) await sleep(wait)
    while (inFlight.size >= 16) await Promise.race(inFlight)
    const n = count === undefined ? per : Math.min(per, count - sent)
    const p = send(from + sent, n).finally(() => inFlight.delete(p))
    inFlight.add(p)
    sent += n
  }
  await Promise.all(inFlight)
  stopRequested = false
  return { from, count: sent, startNs, endNs: rel() }
}

let queue = Promise.resolve()
process.on('message', (m) => {
  if (m.cmd === 'stop') {
    stopRequested = true
    return
  }
  if (m.cmd === 'exit') {
    queue = queue.then(async () => {
      await producer.disconnect()
      process.disconnect()
    })
    return
  }
  queue = queue.then(async () => {
    const r = m.cmd === 'burst' ? await burst(m) : await paced(m)
    process.send({ type: 'done', ...r })
  })
  queue.catch((err) => {
    console.error(err)
    process.exit(1)
  })
})
process.send({ type: 'ready' })
