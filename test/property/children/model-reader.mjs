// A reader host for the model-based log test, as a worker thread or a child process. It keeps one
// read-only view per key: a worker attaches with the handle it is given the first time it sees a
// key (and keeps that view while the test reopens the log with new writers); a process opens the
// directory read-only. Requests { id, cmd: 'read', key, dir, handle?, from } read every record from
// `from` up to the high watermark; { id, cmd: 'closeAll' } closes every view.
import { parentPort, workerData } from 'node:worker_threads'
import { pathToFileURL } from 'node:url'

const inWorker = parentPort !== null
const params = inWorker ? workerData : JSON.parse(process.argv[2])
const send = (msg) => (inWorker ? parentPort.postMessage(msg) : process.send(msg))
const { Log } = await import(pathToFileURL(params.dist).href)
const views = new Map()
const hex = (b) => (b === null ? null : Buffer.from(b).toString('hex'))

async function handle(m) {
  if (m.cmd === 'closeAll') {
    for (const v of views.values()) await v.close()
    views.clear()
    return null
  }
  if (m.cmd === 'exit') {
    setImmediate(() => (inWorker ? parentPort.close() : process.disconnect()))
    return null
  }
  let log = views.get(m.key)
  if (log === undefined) {
    log = inWorker ? await Log.attach(m.handle) : await Log.open(m.dir, { readOnly: true })
    views.set(m.key, log)
  }
  const out = []
  const reader = log.reader({ from: m.from })
  try {
    for (;;) {
      const got = await reader.read({ maxBytes: m.maxBytes ?? 1 << 20 })
      if (got.length === 0) break
      for (const r of got) {
        out.push({
          offset: r.offset,
          timestamp: r.timestamp,
          key: hex(r.key),
          value: hex(r.value),
          headers: r.headers.map((h) => [h.key, hex(h.value)]),
        })
      }
    }
  } finally {
    await reader.close()
  }
  return { records: out, logStartOffset: log.logStartOffset, highWatermark: log.highWatermark }
}

const onMessage = (m) =>
  handle(m).then(
    (result) => send({ id: m.id, ok: true, result }),
    (err) => send({ id: m.id, ok: false, error: { code: err?.code, message: String(err?.stack ?? err) } }),
  )
if (inWorker) parentPort.on('message', onMessage)
else process.on('message', onMessage)
send({ id: 0, ok: true })
