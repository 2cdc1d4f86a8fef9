// Measures what idle open logs hold: N plain logs, then a broker topic of N partitions, each after a
// full GC (run with --expose-gc). Writes { log, partition, partitionAfterProduce } (bytes of
// ArrayBuffers per log, and heap per log) to the report file.
// Usage: node --expose-gc idle-partition-memory.mjs <dist/index.js> <dir> <N> <report>
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const [entry, dir, n, report] = process.argv.slice(2)
const N = Number(n)
const { Log } = await import(pathToFileURL(entry).href)
const { Broker } = await import(pathToFileURL(path.join(path.dirname(entry), 'broker', 'index.js')).href)

const sample = () => {
  globalThis.gc()
  const m = process.memoryUsage()
  return { arrayBuffers: m.arrayBuffers, heapUsed: m.heapUsed }
}
const per = (a, b) => ({
  arrayBuffers: Math.round((b.arrayBuffers - a.arrayBuffers) / N),
  heapUsed: Math.round((b.heapUsed - a.heapUsed) / N),
})

const logs = [await Log.open(path.join(dir, 'warm'))]
let before = sample()
for (let i = 0; i < N; i++) logs.push(await Log.open(path.join(dir, `log-${i}`)))
const log = per(before, sample())
for (const l of logs) await l.close()

const broker = await Broker.open(path.join(dir, 'broker'))
await broker.createTopic('warm')
before = sample()
await broker.createTopic('t', { partitions: N })
const partition = per(before, sample())
// One produce into each: the produce path encodes into buffers of its own, nothing stays per partition.
const producer = broker.producer()
for (let p = 0; p < N; p++) await producer.send({ topic: 't', messages: [{ value: 'v', partition: p }] })
const partitionAfterProduce = per(before, sample())
await broker.close()
fs.writeFileSync(report, JSON.stringify({ log, partition, partitionAfterProduce }))
