// follower-memory child (run with --expose-gc): on an idle log of the writer's own `Log`, starts
// <count> followers one after another, lets each park (one turn of the event loop), ends it, and
// reports the heap growth after a full GC, with a synchronous write.
// argv: <entry> <dir> <count> <mode: abort | close> <report file>
//   abort: each follower has its own AbortController, aborted while it waits
//   close: every follower shares one long-lived signal (never aborted); each reader is closed
import fs from 'node:fs'

const [entry, dir, countArg, mode, reportPath] = process.argv.slice(2)
const { Log } = await import(entry)
const count = Number(countArg)
const turn = () => new Promise((resolve) => setImmediate(resolve))
const settle = async () => {
  for (let k = 0; k < 5; k++) {
    await turn()
    globalThis.gc()
  }
  return process.memoryUsage().heapUsed
}

const log = await Log.open(dir, { fsync: 'never' })
const writer = await log.writer()
await writer.append({ value: 'only' })
const shared = new AbortController()
// Warm up (code paths compiled, lazy structures made) before the baseline.
const follow = async () => {
  const own = mode === 'abort' ? new AbortController() : undefined
  const reader = log.reader({ from: 'latest', follow: true, signal: (own ?? shared).signal })
  const next = reader[Symbol.asyncIterator]().next()
  await turn()
  const parked = log.stats().waitingReaders
  if (own !== undefined) own.abort()
  else await reader.close()
  let ended = 'quietly'
  try {
    await next
  } catch (err) {
    ended = err.name
  }
  return { parked, ended }
}
for (let i = 0; i < 100; i++) await follow()
const before = await settle()
const ends = {}
let parked = 0
for (let i = 0; i < count; i++) {
  const r = await follow()
  parked += r.parked
  ends[r.ended] = (ends[r.ended] ?? 0) + 1
}
const after = await settle()
const report = { count, mode, parked, ends, waitingAfter: log.stats().waitingReaders, before, after, growth: after - before }
await log.close()
fs.writeFileSync(reportPath, JSON.stringify(report))
