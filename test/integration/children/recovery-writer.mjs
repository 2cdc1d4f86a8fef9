// Recovery-test child: opens a log, runs a list of writer steps, reports the log end to a file with a
// synchronous write ("done <logEndOffset>"), tells the parent on stdout, then idles until SIGKILLed.
// A crash point (KAFKA_LITE_CRASH_AT) may kill it in the middle of a step instead.
// argv: <entry> <dir> <job JSON: { options, steps }> <report file>
// steps: { append: count, size } (one record per append; the value names its offset),
//        { flush: true }, { truncateTo: offset }
import { openSync, writeSync } from 'node:fs'

const [entry, dir, jobJson, reportPath] = process.argv.slice(2)
const job = JSON.parse(jobJson)
const report = openSync(reportPath, 'a')
const { Log } = await import(entry)

const log = await Log.open(dir, job.options)
const writer = await log.writer()
for (const step of job.steps) {
  if (step.append !== undefined) {
    for (let i = 0; i < step.append; i++) {
      const value = Buffer.alloc(step.size ?? 100, 0x61)
      value.write(`offset ${log.logEndOffset};`)
      await writer.append({ key: `k${log.logEndOffset}`, value })
    }
  } else if (step.flush) {
    await writer.flush()
  } else if (step.truncateTo !== undefined) {
    await writer.truncateTo(step.truncateTo)
  }
}
writeSync(report, `done ${log.logEndOffset}\n`)
process.stdout.write('done\n')
setInterval(() => {}, 1 << 30)
