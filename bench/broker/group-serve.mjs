// The group bench's `ours` broker process: node group-serve.mjs <dir> <port>, spawned by targets.mjs's
// startOurs with an IPC channel. Serves the broker directory (../../dist/broker) on 127.0.0.1:<port> with
// Kafka's group.initial.rebalance.delay.ms at 0 (as the bench's Kafka broker has it), and hosts the
// in-process group members groups.mjs asks for, in this process next to the listener:
// - { cmd: 'start', member, params }: broker.consumer({ groupId, topics, autoOffsetReset: 'earliest',
//   heartbeatIntervalMs, sessionTimeoutMs }) (its default assignors: range, eager rebalancing), every record
//   reported (group-records.mjs); it commits after every 1000 records or 20 ms, whichever comes first, and
//   before it leaves (its API has no auto-commit and no revocation callback: records handed out since its
//   last commit go to the partition's next owner after a rebalance, which groups.mjs counts and checks);
// - { cmd: 'stop', member }: a last commit, close() (leaves the group), then { type: 'stopped', member }.
// Closes cleanly on SIGTERM.
import { Broker } from '../../dist/broker/index.js'
import { Recorder } from './group-records.mjs'

const [dir, port] = process.argv.slice(2)
const broker = await Broker.open(dir, { groups: { initialRebalanceDelayMs: 0 } })
await broker.listen({ host: '127.0.0.1', port: Number(port) })

const members = new Map()

async function commit(m) {
  try {
    await m.consumer.commit()
  } catch (err) {
    // A rebalance started since the last record: the member rejoins in its next next().
    if (err?.code !== 'KLOG_COMMIT_FAILED') throw err
  }
  m.sinceCommit = 0
  m.lastCommit = performance.now()
}

function start(member, params) {
  const consumer = broker.consumer({
    groupId: params.groupId,
    topics: [params.topic],
    autoOffsetReset: 'earliest',
    heartbeatIntervalMs: params.heartbeatIntervalMs,
    sessionTimeoutMs: params.sessionTimeoutMs,
    clientId: `bench-group-member-${member}`,
  })
  const m = { consumer, recorder: new Recorder(member, BigInt(params.baseNs), params.valueBytes), sinceCommit: 0, lastCommit: 0 }
  members.set(member, m)
  m.loop = (async () => {
    let generation = -1
    for await (const r of consumer) {
      const { generationId, assignment } = consumer.membership
      if (generationId !== generation) {
        generation = generationId
        m.recorder.joined(
          generationId,
          assignment.map((tp) => tp.partition),
        )
      }
      m.recorder.record(r.partition, r.offset, r.value)
      if (++m.sinceCommit >= 1000 || performance.now() - m.lastCommit >= 20) await commit(m)
    }
  })()
  m.loop.catch((err) => {
    console.error(`in-process member ${member}:`, err)
    process.exit(1)
  })
}

async function stop(member) {
  const m = members.get(member)
  await commit(m)
  await m.consumer.close()
  await m.loop
  m.recorder.stop()
  members.delete(member)
  process.send({ type: 'stopped', member })
}

process.on('message', (msg) => {
  if (msg.cmd === 'start') start(msg.member, msg.params)
  else if (msg.cmd === 'stop') {
    stop(msg.member).catch((err) => {
      console.error(err)
      process.exit(1)
    })
  }
})
process.once('SIGTERM', () => {
  broker.close().then(
    () => process.exit(0),
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
})
