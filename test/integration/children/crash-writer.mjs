// Crash-test child: appends forever (until SIGKILLed) records whose values encode their own offset
// and a checksum, reporting one line per attempt before `append` is called and one per
// acknowledgement after it resolves. The report goes to a file with synchronous writes (write(2)
// returns only once the kernel has the bytes, so a SIGKILL right after loses nothing); stdout only
// carries `ack` lines that tell the parent when to kill, and may lag (Node buffers pipe writes once
// the pipe is full), which is harmless.
// argv: <entry> <dir> <fsync> <seed> <report file>
import { createHash } from 'node:crypto'
import { openSync, writeSync } from 'node:fs'

const [entry, dir, fsync, seedArg, reportPath] = process.argv.slice(2)
const report = openSync(reportPath, 'a')
const { Log } = await import(entry)

function mulberry32(a) {
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const rand = mulberry32(Number(seedArg))

/** value = offset u64 | payload length u32 | sha256(offset | payload)[0..8) | payload */
function encode(offset, size) {
  const payload = Buffer.alloc(size)
  for (let i = 0; i < size; i++) payload[i] = (offset * 31 + i * 7) & 0xff
  const head = Buffer.alloc(20)
  head.writeBigUInt64BE(BigInt(offset), 0)
  head.writeUInt32BE(size, 8)
  createHash('sha256').update(head.subarray(0, 8)).update(payload).digest().copy(head, 12, 0, 8)
  return Buffer.concat([head, payload])
}

const log = await Log.open(dir, { fsync, segmentBytes: 32 * 1024, indexIntervalBytes: 1024 })
const out = (line) => {
  writeSync(report, line + '\n')
  if (line.startsWith('ack')) process.stdout.write(line + '\n')
}
out(`open ${log.logEndOffset} ${log.recovery?.clean}`)
const writer = await log.writer()

let next = log.logEndOffset
let inFlight = 0
let appends = 0
const MAX_APPENDS = 20_000 // a safety stop in case the parent never kills us

await new Promise((done) => {
  const pump = () => {
    while (inFlight < 1 + Math.floor(rand() * 4) && appends < MAX_APPENDS) {
      const count = 1 + Math.floor(rand() * 4)
      const records = []
      for (let i = 0; i < count; i++) {
        // Mixed sizes: mostly small, sometimes up to 8 KiB.
        const size = rand() < 0.7 ? 10 + Math.floor(rand() * 200) : Math.floor(rand() * 8192)
        records.push({ key: `k${next + i}`, value: encode(next + i, Math.max(0, size - 20)) })
      }
      const base = next
      const last = next + count - 1
      next += count
      appends++
      inFlight++
      out(`try ${base} ${last}`)
      writer.append(records).then(
        (r) => {
          if (r.baseOffset !== base || r.lastOffset !== last) {
            out(`mismatch ${base} ${last} ${r.baseOffset} ${r.lastOffset}`)
            process.exit(3)
          }
          out(`ack ${r.baseOffset} ${r.lastOffset}`)
          inFlight--
          pump()
        },
        (err) => {
          process.stderr.write(`append failed: ${err?.code} ${err?.stack}\n`)
          process.exit(2)
        },
      )
    }
    if (appends >= MAX_APPENDS && inFlight === 0) done()
  }
  pump()
})
out('exhausted')
await log.close()
