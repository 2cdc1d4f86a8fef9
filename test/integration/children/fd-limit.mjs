// fd-limit child: lays out a log of <segments> one-batch segments directly as files (the batch
// bytes come from the library itself, base offsets stamped in the 8 bytes outside the CRC), opens
// and closes it once (unclean: recovery of the last segment), then times a clean open, reads every
// record across all segments, point-reads some, appends one, and writes a JSON report with
// synchronous writes.
// argv: <entry> <dir> <segments> <report file>
import { execSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const [entry, dir, segmentsArg, reportPath] = process.argv.slice(2)
const { Log } = await import(entry)
const segments = Number(segmentsArg)
const fds = () => fs.readdirSync('/proc/self/fd').length
const limit = Number(execSync('ulimit -n', { shell: '/bin/bash' }).toString().trim())
const name = (base, suffix) => path.join(dir, `${String(base).padStart(20, '0')}.${suffix}`)

// One segment written by the library: its batch and time index are the template.
const opts = { fsync: 'never', segmentBytes: 1024 }
const seed = await Log.open(dir, opts)
await (await seed.writer()).append({ value: Buffer.alloc(600, 7), timestamp: 1_700_000_000_000 })
await seed.close()
// The seed's own clean-shutdown marker describes a one-segment log: it must not vouch for the layout.
fs.rmSync(path.join(dir, '.kafka_cleanshutdown'))
const batch = fs.readFileSync(name(0, 'log'))
const timeEntry = Buffer.alloc(12)
timeEntry.writeBigInt64BE(1_700_000_000_000n, 0)
const t0 = performance.now()
for (let base = 0; base < segments; base++) {
  batch.writeBigInt64BE(BigInt(base), 0)
  fs.writeFileSync(name(base, 'log'), batch)
  fs.writeFileSync(name(base, 'index'), Buffer.alloc(0))
  fs.writeFileSync(name(base, 'timeindex'), timeEntry)
}
const layoutMs = Math.round(performance.now() - t0)
const checkpoint = (file, offset) => fs.writeFileSync(path.join(dir, file), `0\n1\nlog 0 ${offset}\n`)
// As a crash would leave them: everything below the last segment flushed. The first open trusts
// those (index sanity checks only) and recovers the last; its close leaves a clean shutdown.
checkpoint('recovery-point-offset-checkpoint', segments - 1)
checkpoint('log-start-offset-checkpoint', 0)
const tu = performance.now()
await (await Log.open(dir, opts)).close()
const uncleanOpenMs = Math.round(performance.now() - tu)

const t1 = performance.now()
const log = await Log.open(dir, opts)
const openMs = Math.round(performance.now() - t1)
const fdsAfterOpen = fds()
if (log.recovery?.clean !== true) throw new Error(`expected a clean open: ${JSON.stringify(log.recovery)}`)
const t2 = performance.now()
let read = 0
for await (const r of log.reader({ from: 0 })) {
  if (r.offset !== read) throw new Error(`offset ${r.offset} where ${read} was expected`)
  read++
}
const readMs = Math.round(performance.now() - t2)
const fdsAfterRead = fds()
let gets = 0
for (let o = 0; o < segments; o += 97) if ((await log.get(o))?.offset === o) gets++
const w = await log.writer()
await w.append({ value: Buffer.alloc(600, 7) })
const appended = log.highWatermark - read
const fdsAfterAppend = fds()
await log.close()
const out = fs.openSync(reportPath, 'w')
fs.writeSync(
  out,
  JSON.stringify({
    limit,
    segments,
    read,
    gets,
    appended,
    layoutMs,
    uncleanOpenMs,
    openMs,
    readMs,
    fdsAfterOpen,
    fdsAfterRead,
    fdsAfterAppend,
  }),
)
fs.closeSync(out)
// Remove the 300,000 files here, not in the test's cleanup hook (which has a short timeout).
fs.rmSync(dir, { recursive: true, force: true })
