// A reader for compaction-followers.test.ts, in a worker (workerData.handle) or a child process
// (argv JSON, readOnly open): while the writer compacts the log under it, it reads the whole log
// from offset 0 again and again (small reads, so they cross segments the swaps replace) and makes
// point reads of seeded random offsets. Every value is `<offset>:<key>:…`: a record must name its
// own offset and key, offsets must increase within a pass (compaction leaves holes, never repeats),
// and no read may fail on the healthy log. It writes `<report>.ready` once it reads, makes at least
// one pass, stops at the first pass that would start after the file `stop` exists, and writes its
// report with one synchronous write.
import fs from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { pathToFileURL } from 'node:url'

const inWorker = parentPort !== null
const params = inWorker ? workerData : JSON.parse(process.argv[2])
const { Log } = await import(pathToFileURL(params.dist).href)
const log = inWorker ? await Log.attach(params.handle) : await Log.open(params.dir, { readOnly: true })

// mulberry32, seeded: the point reads' offsets replay.
let state = params.seed >>> 0
const rand = () => {
  state = (state + 0x6d2b79f5) >>> 0
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const errors = []
let passes = 0
let records = 0
let points = 0
const check = (r, where) => {
  const [offset, key] = (r.value?.toString() ?? '').split(':')
  if (Number(offset) !== r.offset || key !== r.key?.toString())
    errors.push(`${where}: record ${r.offset} has ${r.value?.toString().slice(0, 20)}`)
}
fs.writeFileSync(`${params.report}.ready`, '')
try {
  do {
    const reader = log.reader({ from: 0 })
    let last = -1
    try {
      for (;;) {
        const batch = await reader.read({ maxBytes: 300 })
        if (batch.length === 0) break
        for (const r of batch) {
          if (r.offset <= last) errors.push(`pass ${passes}: offset ${r.offset} after ${last}`)
          last = r.offset
          check(r, `pass ${passes}`)
          records++
        }
      }
    } finally {
      await reader.close()
    }
    for (let i = 0; i < 50; i++) {
      const o = Math.floor(rand() * log.highWatermark)
      const r = log.getSync(o)
      if (r !== undefined) check(r, `getSync(${o})`)
      points++
    }
    passes++
  } while (errors.length === 0 && !fs.existsSync(params.stop))
} catch (err) {
  errors.push(`read failed: ${err?.code ?? ''} ${err?.stack ?? err}`)
}
await log.close()
fs.writeFileSync(params.report, JSON.stringify({ errors, passes, records, points }))
if (!inWorker) process.disconnect?.()
