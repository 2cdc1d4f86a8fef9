// Soak writer child: opens the log (timing the open, which includes any lock takeover), then appends
// self-checking records until SIGKILLed, now and then truncating a little. Every step is reported to
// a file with synchronous writes, before ("try", "trytrunc") and after ("ack", "trunc").
// argv: <entry> <dir> <fsync> <seed> <report file>
import fs from 'node:fs'
import { encodeRecord } from './soak-records.mjs'

const [entry, dir, fsync, seedArg, reportPath] = process.argv.slice(2)
const { Log } = await import(entry)
const report = fs.openSync(reportPath, 'a')
const out = (line) => fs.writeSync(report, line + '\n')
let seed = Number(seedArg)
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const t0 = performance.now()
const log = await Log.open(dir, { fsync, segmentBytes: 16 * 1024, indexIntervalBytes: 1024, retentionBytes: 256 * 1024 })
const writer = await log.writer()
out(`open ${log.logStartOffset} ${log.logEndOffset} ${Math.round(performance.now() - t0)}`)
for (;;) {
  if (rand() < 0.01 && log.logEndOffset - log.logStartOffset > 20) {
    const target = log.logEndOffset - 1 - Math.floor(rand() * 10)
    out(`trytrunc ${target}`)
    out(`trunc ${await writer.truncateTo(target)}`)
    continue
  }
  const n = 1 + Math.floor(rand() * 8)
  const base = log.logEndOffset
  out(`try ${base} ${base + n - 1}`)
  const records = []
  for (let i = 0; i < n; i++) records.push({ key: `k${base + i}`, value: encodeRecord(base + i, Math.floor(rand() * 600)) })
  const r = await writer.append(records)
  out(`ack ${r.baseOffset} ${r.lastOffset}`)
}
