// permissions child: as a user that may not read the log directory (it drops to nobody, 65534, when
// started as root: root reads everything whatever the mode), calls every public method and reports
// how each one ended, with a synchronous write.
// argv: <entry> <dir> <mode> <report> [<ready> <changed>]
//   mode 'unreadable': the directory is unreadable from the start (a read-only open).
//   mode 'revoked': opens a view, a reader, a follower and a stream while the directory is readable,
//     writes <ready>, waits for <changed> (the test then makes the directory unlistable and rolls a
//     segment), then uses them.
import fs from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

const [entry, dir, mode, reportPath, readyPath, changedPath] = process.argv.slice(2)
if (process.getuid() === 0) {
  process.setgid(65534)
  process.setuid(65534)
}
const { Log, LogError, createAppendStream } = await import(entry)

const outcome = (err) =>
  err instanceof LogError ? `LogError:${err.code}:${err.cause?.code ?? ''}` : `raw:${err?.name}:${err?.code ?? err?.message}`
const report = {}
async function call(name, fn) {
  try {
    await fn()
    report[name] = 'ok'
  } catch (err) {
    report[name] = outcome(err)
  }
}
/** Resolves with how a stream ended: 'end', or the outcome of its 'error'. */
const streamEnd = (stream) =>
  new Promise((resolve) => {
    stream.on('error', (err) => resolve(outcome(err)))
    stream.on('end', () => resolve('end'))
    stream.resume()
  })

if (mode === 'unreadable') {
  let log
  await call('Log.open(readOnly)', async () => (log = await Log.open(dir, { readOnly: true })))
  await call('Log.open(read-write)', async () => (await Log.open(dir)).close())
  await call('log.logStartOffset', () => log.logStartOffset)
  await call('log.highWatermark', () => log.highWatermark)
  await call('log.logEndOffset', () => log.logEndOffset)
  await call('log.stats()', () => log.stats())
  await call('log.reader()', () => log.reader())
  await call('log.get()', () => log.get(1))
  await call('log.getSync()', () => log.getSync(1))
  await call('log.offsetForTimestamp()', () => log.offsetForTimestamp(0))
  await call('log.consumers()', () => log.consumers())
  await call('log.writer()', () => log.writer())
  const consumer = log.consumer('c')
  await call('consumer.committed()', () => consumer.committed())
  await call('consumer.commit()', () => consumer.commit(3))
  await call('consumer.reader()', () => consumer.reader())
  await call('consumer.lag()', () => consumer.lag())
  await call('consumer.delete()', () => consumer.delete())
  await call('log.close()', () => log.close())
} else {
  const log = await Log.open(dir, { readOnly: true })
  const reader = log.reader({ from: 0 })
  const iterated = log.reader({ from: 0 })
  const streamed = log.reader({ from: 0 })
  const follower = log.reader({ from: 'latest', follow: true })
  const followed = (async () => {
    try {
      for await (const r of follower) void r
      return 'ended'
    } catch (err) {
      return outcome(err)
    }
  })()
  fs.writeFileSync(readyPath, 'ready')
  while (!fs.existsSync(changedPath)) await sleep(10)
  await call('reader.read()', () => reader.read())
  await call('for await (reader)', async () => {
    for await (const r of iterated) void r
  })
  report['reader.stream()'] = await streamEnd(streamed.stream())
  report['follower'] = await followed
  await call('log.highWatermark', () => log.highWatermark)
  await call('log.getSync()', () => log.getSync(1))
  await call('log.close()', () => log.close())
  void createAppendStream
}
fs.writeFileSync(reportPath, JSON.stringify(report))
