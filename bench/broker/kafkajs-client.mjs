// The broker bench's kafkajs 2.2.4 workloads against one broker: node kafkajs-client.mjs <bootstrap> <params JSON>.
// Prints one JSON line: { produce: { records, seconds, recordsPerSec, mbPerSec }, latency: { sends, p50Ms, p99Ms },
// fetch: { records, seconds, recordsPerSec, mbPerSec } }.
//
// - produce: params.records values of params.valueBytes to topic params.topic (4 partitions), params.perSend
//   records per send() (keys spread over the partitions), params.inFlight sends in flight, acks -1, no compression;
// - latency: params.latencySends sends of one record each to params.latencyTopic (1 partition), one at a time,
//   acks -1: the time of each send(), p50 and p99;
// - fetch: every record of params.topic read back from offset 0 with kafkajs's own Fetch (its Broker.fetch:
//   the fetch its consumer makes, without a group's joins and commits: groups.mjs measures those), each
//   partition in turn, 1 MiB per request; the count and the sum of value bytes checked.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { Kafka, logLevel } = require('kafkajs')

const [bootstrap, paramsJson] = process.argv.slice(2)
const params = JSON.parse(paramsJson)
const [host, port] = bootstrap.split(':')
const kafka = new Kafka({ clientId: 'bench-kafkajs', brokers: [bootstrap], logLevel: logLevel.NOTHING })

const value = (i) => {
  const b = Buffer.alloc(params.valueBytes, i % 251)
  b.writeUInt32BE(i, 0)
  return b
}

async function produce() {
  const producer = kafka.producer({ allowAutoTopicCreation: false })
  await producer.connect()
  // Warm-up: one send, not timed (connections and metadata).
  await producer.send({ topic: params.warmupTopic, acks: -1, messages: [{ key: 'w', value: 'w' }] })
  const sends = Math.ceil(params.records / params.perSend)
  let next = 0
  const t0 = performance.now()
  const worker = async () => {
    for (let s = next++; s < sends; s = next++) {
      const messages = []
      for (let i = s * params.perSend; i < Math.min(params.records, (s + 1) * params.perSend); i++)
        messages.push({ key: `k${i % 64}`, value: value(i) })
      await producer.send({ topic: params.topic, acks: -1, messages })
    }
  }
  await Promise.all(Array.from({ length: params.inFlight }, worker))
  const seconds = (performance.now() - t0) / 1000
  await producer.disconnect()
  return {
    records: params.records,
    seconds,
    recordsPerSec: params.records / seconds,
    mbPerSec: (params.records * params.valueBytes) / seconds / 1e6,
  }
}

async function latency() {
  const producer = kafka.producer({ allowAutoTopicCreation: false })
  await producer.connect()
  for (let i = 0; i < 20; i++) await producer.send({ topic: params.latencyTopic, acks: -1, messages: [{ value: value(i) }] })
  const times = []
  for (let i = 0; i < params.latencySends; i++) {
    const t = performance.now()
    await producer.send({ topic: params.latencyTopic, acks: -1, messages: [{ value: value(i) }] })
    times.push(performance.now() - t)
  }
  await producer.disconnect()
  times.sort((a, b) => a - b)
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))]
  return { sends: times.length, p50Ms: q(0.5), p99Ms: q(0.99) }
}

async function fetch() {
  const KBroker = require('kafkajs/src/broker')
  const ConnectionPool = require('kafkajs/src/network/connectionPool')
  const socketFactory = require('kafkajs/src/network/socketFactory')
  const { createLogger, LEVELS } = require('kafkajs/src/loggers')
  const logger = createLogger({ level: LEVELS.NOTHING, logCreator: () => () => {} })
  const connectionPool = new ConnectionPool({
    host,
    port: Number(port),
    logger,
    socketFactory: socketFactory(),
    clientId: 'bench-kafkajs-fetch',
    requestTimeout: 30_000,
    connectionTimeout: 10_000,
  })
  const broker = new KBroker({ connectionPool, logger })
  await broker.connect()
  let records = 0
  let bytes = 0
  const t0 = performance.now()
  for (let partition = 0; partition < params.partitions; partition++) {
    let offset = 0
    for (;;) {
      const r = await broker.fetch({
        replicaId: -1,
        isolationLevel: 1,
        maxWaitTime: 0,
        minBytes: 1,
        maxBytes: 1 << 20,
        topics: [{ topic: params.topic, partitions: [{ partition, fetchOffset: String(offset), maxBytes: 1 << 20 }] }],
      })
      const p = r.responses[0].partitions[0]
      if (p.errorCode !== 0) throw new Error(`fetch error ${p.errorCode}`)
      let got = 0
      for (const m of p.messages) {
        if (Number(m.offset) < offset) continue
        records++
        bytes += m.value.length
        offset = Number(m.offset) + 1
        got++
      }
      if (offset >= Number(p.highWatermark)) break
      if (got === 0) throw new Error(`fetch at ${offset} below the high watermark ${p.highWatermark} returned nothing`)
    }
  }
  const seconds = (performance.now() - t0) / 1000
  await broker.disconnect()
  if (records !== params.records || bytes !== params.records * params.valueBytes) {
    throw new Error(`fetch read ${records} records (${bytes} B), expected ${params.records}`)
  }
  return { records, seconds, recordsPerSec: records / seconds, mbPerSec: bytes / seconds / 1e6 }
}

const produced = await produce()
const lat = await latency()
const fetched = await fetch()
process.stdout.write(JSON.stringify({ produce: produced, latency: lat, fetch: fetched }) + '\n')
