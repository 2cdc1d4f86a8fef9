// A live follower for the tail-latency bench, run three ways by run.mjs: imported into the writer's
// thread (followSameThread), as a worker thread (workerData) and as a child process (argv[2]).
//
// Every value starts with the writer's send time (process.hrtime.bigint(), CLOCK_MONOTONIC on Linux,
// so the same clock in every thread and process of the machine). The follower stamps each record as
// it is handed out by the reader and keeps receive − send in microseconds.
import { isMainThread, parentPort, workerData } from 'node:worker_threads'
import { pathToFileURL } from 'node:url'

/** Follows `log` from offset 0 until `total` records arrived; resolves their latencies (µs). */
export async function follow(log, total, onReady) {
  const latencies = new Float64Array(total)
  const reader = log.reader({ from: 0, follow: true })
  let next = 0
  let beyond = 0
  onReady?.()
  for await (const record of reader) {
    const now = process.hrtime.bigint()
    if (record.offset !== next) throw new Error(`follower expected offset ${next}, got ${record.offset}`)
    // Never beyond what the writer published: the record must be below the high watermark we see.
    if (record.offset >= log.highWatermark) beyond++
    latencies[next] = Number(now - record.value.readBigUInt64LE(0)) / 1000
    if (++next === total) break
  }
  await reader.close?.()
  if (beyond) throw new Error(`${beyond} records were delivered at or beyond the high watermark`)
  return latencies
}

async function loadLog(dist) {
  return (await import(pathToFileURL(dist).href)).Log
}

if (!isMainThread && workerData?.role === 'tail-follower') {
  // Worker: attach to the writer's shared snapshot; woken by Atomics.notify.
  const { dist, handle, total } = workerData
  const Log = await loadLog(dist)
  const log = await Log.attach(handle)
  const latencies = await follow(log, total, () => parentPort.postMessage({ type: 'ready' }))
  await log.close()
  parentPort.postMessage({ type: 'done', latencies }, [latencies.buffer])
} else if (process.send && process.argv[2]) {
  // Other process: a read-only Log over the same directory, woken by the state file's inotify watch.
  const { dist, dir, total } = JSON.parse(process.argv[2])
  const Log = await loadLog(dist)
  const log = await Log.open(dir, { readOnly: true })
  const latencies = await follow(log, total, () => process.send({ type: 'ready' }))
  await log.close()
  // Latencies as a base64 Float64Array: JSON of 100k numbers is slow and needlessly large.
  process.send({ type: 'done', latencies: Buffer.from(latencies.buffer).toString('base64') }, () => process.exit(0))
}
