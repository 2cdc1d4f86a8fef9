// One kafkajs 2.2.4 member of the group bench's consumer group, one process, commanded by groups.mjs:
//   node group-member.mjs <bootstrap> <params JSON> <member number>
// { cmd: 'start' }: connects, subscribes from the beginning and runs (eachBatch, every record of each
// batch reported; kafkajs's autoCommit: it commits after each batch and before it rejoins, so a record it
// processed is not handed to the next owner); { cmd: 'stop' }: disconnect() (leaves the group), the
// events flushed, then { type: 'stopped' }. Its default assigner (round robin, eager rebalancing).
import { createRequire } from 'node:module'
import { Recorder } from './group-records.mjs'

const require = createRequire(import.meta.url)
const { Kafka, logLevel } = require('kafkajs')

const [bootstrap, paramsJson, memberArg] = process.argv.slice(2)
const params = JSON.parse(paramsJson)
const member = Number(memberArg)
const recorder = new Recorder(member, BigInt(params.baseNs), params.valueBytes)
const kafka = new Kafka({ clientId: `bench-group-member-${member}`, brokers: [bootstrap], logLevel: logLevel.NOTHING })
const consumer = kafka.consumer({
  groupId: params.groupId,
  heartbeatInterval: params.heartbeatIntervalMs,
  sessionTimeout: params.sessionTimeoutMs,
})
let joins = 0
consumer.on(consumer.events.GROUP_JOIN, (e) => {
  recorder.joined(++joins, e.payload.memberAssignment[params.topic] ?? [])
})
consumer.on(consumer.events.CRASH, (e) => {
  console.error(`member ${member} crashed:`, e.payload.error)
  process.exit(1)
})

process.on('message', (m) => {
  if (m.cmd === 'start') {
    ;(async () => {
      await consumer.connect()
      await consumer.subscribe({ topics: [params.topic], fromBeginning: true })
      await consumer.run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) recorder.record(batch.partition, Number(message.offset), message.value)
        },
      })
    })().catch((err) => {
      console.error(err)
      process.exit(1)
    })
  } else if (m.cmd === 'stop') {
    consumer.disconnect().then(
      () => {
        recorder.stop()
        process.send({ type: 'stopped', member })
        process.disconnect()
      },
      (err) => {
        console.error(err)
        process.exit(1)
      },
    )
  }
})
process.send({ type: 'ready', member })
