// A group consumer in a worker thread (group-workers.test.ts). It attaches the broker's shared
// consumer groups and, in mode 'member', consumes with commit-after-process, writing each processing
// into the shared `events` buffer before committing (memory the test still reads after terminate(),
// unlike a message, which a terminated worker may never deliver):
//   events[0]: the number of slots taken; slot i is events[1 + 4i ..]: member, partition, offset,
//   committed (1 once the commit after the record succeeded). The member is written last: a slot
//   still 0 there was taken by a worker terminated before it wrote the processing.
// control[member] = 1 asks it to hold: it writes its next processing, sets control[member] to
// 2 + that slot and never commits nor reads again (its heartbeats go on until it is terminated).
// Message 'stop' closes its groups (the member leaves) and answers { closed: true }.
// Mode 'errors' tries bad inputs and answers { results: [{ case, name, code }] }.
// workerData: { entry, groups, mode, events, control, member, options }
import { parentPort, workerData } from 'node:worker_threads'

const { entry, groups: handle, mode, events, control, member, options } = workerData
const { attachGroups } = await import(entry)
const describe = (err) => ({ name: err?.name, code: err?.code, message: String(err?.message) })

if (mode === 'errors') {
  const results = []
  const attempt = async (name, fn) => {
    try {
      await fn()
      results.push({ case: name, name: 'none' })
    } catch (err) {
      results.push({ case: name, ...describe(err) })
    }
  }
  await attempt('attach null', () => attachGroups(null))
  await attempt('attach a log handle', () => attachGroups({ dir: '/x', snapshot: null, options: {} }))
  await attempt('attach without port', () => attachGroups({ kind: 'kafka-lite-groups', port: {} }))
  const groups = attachGroups(handle)
  results.push({ case: 'attach twice is the same', name: attachGroups(handle) === groups ? 'same' : 'different' })
  await attempt('empty groupId', () => groups.consumer({ groupId: '', topics: ['t'] }))
  await attempt('no topics', () => groups.consumer({ groupId: 'g', topics: [] }))
  await attempt('unknown option', () => groups.consumer({ groupId: 'g', topics: ['t'], sessionTimeout: 1 }))
  await attempt('zero session timeout', () => groups.consumer({ groupId: 'g', topics: ['t'], sessionTimeoutMs: 0 }))
  await attempt('heartbeat not below session', () =>
    groups.consumer({ groupId: 'g', topics: ['t'], sessionTimeoutMs: 6000, heartbeatIntervalMs: 6000 }),
  )
  // A consumer that reads one record, then waits for the broker to close under it.
  const consumer = groups.consumer({ ...options, groupId: 'g', topics: ['t'] })
  const first = await consumer.next()
  results.push({ case: 'first record', name: first.done ? 'done' : `offset ${first.value.offset}` })
  await consumer.commit()
  parentPort.postMessage({ waiting: true })
  await attempt('next after the broker closed', async () => {
    while (!(await consumer.next()).done);
  })
  await attempt('consumer after the broker closed', () => groups.consumer({ ...options, groupId: 'g', topics: ['t'] }))
  await attempt('attach after the broker closed', () => attachGroups(handle))
  await consumer.close()
  parentPort.postMessage({ results })
} else {
  const ev = new Int32Array(events)
  const ctl = new Int32Array(control)
  const groups = attachGroups(handle)
  const consumer = groups.consumer(options)
  parentPort.on('message', (m) => {
    if (m === 'stop') groups.close().then(() => parentPort.postMessage({ closed: true }))
  })
  try {
    for await (const r of consumer) {
      const slot = Atomics.add(ev, 0, 1)
      const at = 1 + slot * 4
      Atomics.store(ev, at + 1, r.partition)
      Atomics.store(ev, at + 2, r.offset)
      Atomics.store(ev, at + 3, 0)
      Atomics.store(ev, at, member)
      if (Atomics.load(ctl, member) === 1) {
        Atomics.store(ctl, member, 2 + slot)
        await new Promise(() => {}) // holds the record uncommitted until terminate()
      }
      try {
        await consumer.commit()
        Atomics.store(ev, at + 3, 1)
      } catch (err) {
        // A rebalance took the partition: the record goes to its next owner uncommitted.
        if (err?.code !== 'KLOG_COMMIT_FAILED') throw err
      }
    }
  } catch (err) {
    parentPort.postMessage({ error: describe(err) })
  }
}
