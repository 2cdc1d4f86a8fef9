// Memory probe for crafted batches: runs one read path over a log directory in a fresh process and
// reports, at exit, the peak resident set size (`process.resourceUsage().maxRSS`, KiB) and what the
// path ended with. The report is written synchronously to a file (never a pipe: see house style).
// argv: <entry> <dir> <op> <report> [cli args...]
//   op: read | get | time | compact | cli (stdout to /dev/null) | cli-stdout (stdout as given)
import fs from 'node:fs'
import path from 'node:path'

const [entry, dir, op, report, ...cliArgs] = process.argv.slice(2)
const result = { op, code: null, count: null, exitCode: null }
process.on('exit', (exitCode) => {
  result.exitCode = exitCode
  result.maxRSS = process.resourceUsage().maxRSS
  fs.writeFileSync(report, JSON.stringify(result))
})

if (op === 'cli' || op === 'cli-stdout') {
  // The CLI runs on import and sets process.exitCode.
  process.argv = [process.argv[0], 'kafka-lite-log', ...cliArgs]
  if (op === 'cli') {
    // Its output is not needed: written synchronously to /dev/null, so it never queues.
    const devNull = fs.openSync('/dev/null', 'w')
    process.stdout.write = (chunk, enc, cb) => {
      fs.writeSync(devNull, typeof chunk === 'string' ? chunk : Buffer.from(chunk))
      if (typeof enc === 'function') enc()
      else if (typeof cb === 'function') cb()
      return true
    }
  }
  await import(path.join(path.dirname(entry), 'cli.js'))
} else {
  const { Log } = await import(entry)
  const log = await Log.open(dir, { fsync: 'never', readOnly: op !== 'compact' })
  try {
    if (op === 'read') {
      let n = 0
      for await (const r of log.reader()) n += r.value === null ? 0 : 1
      result.count = n
    } else if (op === 'get') {
      result.count = log.getSync(0) === undefined ? 0 : 1
    } else if (op === 'time') {
      result.count = (await log.offsetForTimestamp(0)) ?? -1
    } else if (op === 'compact') {
      const w = await log.writer()
      await w.compact()
    }
  } catch (err) {
    result.code = err?.code ?? String(err)
  } finally {
    await log.close()
  }
}
