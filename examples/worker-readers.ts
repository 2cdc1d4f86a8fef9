/**
 * One writer in the main thread, two readers following it live from worker threads.
 *
 *   npm run build && npx tsx examples/worker-readers.ts [records]
 *
 * `log.share()` returns a structured-cloneable handle (the directory plus the SharedArrayBuffer
 * holding the published snapshot); each worker turns it into a read-only Log with `Log.attach()` and
 * follows with `reader({ follow: true })`, woken by the writer's Atomics.notify after each commit.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { Log } from '../src/index.js'

const total = Number(process.argv[2] ?? 100_000)
const dir = mkdtempSync(path.join(tmpdir(), 'kafka-lite-workers-'))

const log = await Log.open(dir, { segmentBytes: 4 * 1024 * 1024 })
const writer = await log.writer()
const handle = log.share()

const workerUrl = new URL('./worker-readers-worker.mjs', import.meta.url)
const workers = ['reader-1', 'reader-2'].map((name) => new Worker(workerUrl, { workerData: { handle, total, name } }))
const reports = workers.map(
  (w) =>
    new Promise<{ name: string; count: number; bytes: number }>((resolve, reject) => {
      w.once('message', resolve)
      w.once('error', reject)
    }),
)

const started = performance.now()
for (let offset = 0; offset < total; offset += 100) {
  const batch = []
  for (let i = offset; i < Math.min(offset + 100, total); i++) batch.push({ key: `k${i % 16}`, value: `event ${i}` })
  await writer.append(batch)
}
console.log(`writer: appended ${total} records, high watermark ${log.highWatermark}`)

for (const r of await Promise.all(reports)) console.log(`${r.name}: received ${r.count} records (${r.bytes} value bytes)`)
console.log(`done in ${(performance.now() - started).toFixed(0)} ms`)

// Clean shutdown: workers have exited their loops (a worker still waiting could be stopped with
// worker.postMessage('stop'), which aborts its reader's signal); then the writer and the log.
await Promise.all(workers.map((w) => new Promise((resolve) => w.once('exit', resolve))))
await writer.close()
await log.close()
rmSync(dir, { recursive: true, force: true })
