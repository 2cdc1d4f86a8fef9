// Crash-test child for compressed appends: appends forever (until SIGKILLed) batches of JSON-like
// records whose values name their own offset, with a codec chosen per append, several appends in
// flight. Each acknowledgement is recorded with a synchronous append to the report file (a line
// "ack <base> <last>"), so every acknowledged append is on record before the kill can land.
// argv: <entry> <dir> <fsync> <seed> <report>
import fs from 'node:fs'

const [entry, dir, fsync, seedArg, report] = process.argv.slice(2)
const { Log } = await import(entry)

let a = Number(seedArg)
const rand = () => {
  a = (a + 0x6d2b79f5) | 0
  let t = Math.imul(a ^ (a >>> 15), 1 | a)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd']
const fd = fs.openSync(report, 'a')
const log = await Log.open(dir, { fsync, segmentBytes: 64 * 1024, maxBatchBytes: 8 * 1024, indexIntervalBytes: 1024 })
fs.writeSync(fd, `open ${log.logEndOffset}\n`)
const writer = await log.writer()

let next = log.logEndOffset
let inFlight = 0
let appends = 0
const pump = () => {
  while (inFlight < 1 + Math.floor(rand() * 4) && appends < 50_000) {
    const count = 1 + Math.floor(rand() * 200)
    const records = []
    for (let i = 0; i < count; i++) {
      const offset = next + i
      records.push({
        key: `user-${offset % 97}`,
        value: JSON.stringify({ offset, event: 'view', page: `/p/${offset % 13}`, pad: 'x'.repeat(offset % 50) }),
      })
    }
    const base = next
    next += count
    appends++
    inFlight++
    writer.append(records, { compression: CODECS[Math.floor(rand() * CODECS.length)] }).then(
      (r) => {
        if (r.baseOffset !== base) fs.writeSync(fd, `wrong ${base} ${r.baseOffset}\n`)
        fs.writeSync(fd, `ack ${r.baseOffset} ${r.lastOffset}\n`)
        inFlight--
        pump()
      },
      (err) => fs.writeSync(fd, `error ${err.code}\n`),
    )
  }
}
pump()
