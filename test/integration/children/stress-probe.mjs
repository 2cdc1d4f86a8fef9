// A remote-controlled reader host for readers-under-change.test.ts, run as a worker thread
// (workerData.handle → Log.attach) or as a child process (argv JSON with dir → readOnly open).
// Requests: { id, cmd, rid?, ... } → replies { id, ok: true, result } | { id, ok: false, error }.
//   create {rid, opts}     log.reader(opts) (+ its own AbortController as `signal` when opts.abortable)
//   read {rid, maxRecords} reader.read()
//   iterate {rid, n}       for await, up to n records; resolves when done / ended / rejected
//   abort {rid} | close {rid} | position {rid} | state | shutdown
import { parentPort, workerData } from 'node:worker_threads'
import { pathToFileURL } from 'node:url'

const inWorker = parentPort !== null
const params = inWorker ? workerData : JSON.parse(process.argv[2])
const send = (msg) => (inWorker ? parentPort.postMessage(msg) : process.send(msg))
const { Log } = await import(pathToFileURL(params.dist).href)
const log = inWorker ? await Log.attach(params.handle) : await Log.open(params.dir, { readOnly: true })
const readers = new Map()
const plain = (r) => ({ offset: r.offset, value: r.value === null ? null : r.value.toString() })
const errorOf = (err) => ({ name: err?.name, code: err?.code, message: String(err?.message ?? err) })

async function handle(m) {
  switch (m.cmd) {
    case 'create': {
      const ac = new AbortController()
      const { abortable, ...opts } = m.opts
      readers.set(m.rid, { reader: log.reader(abortable ? { ...opts, signal: ac.signal } : opts), ac })
      return null
    }
    case 'read':
      return (await readers.get(m.rid).reader.read({ maxRecords: m.maxRecords ?? Infinity })).map(plain)
    case 'iterate': {
      const records = []
      try {
        for await (const r of readers.get(m.rid).reader) {
          records.push(plain(r))
          if (records.length >= m.n) break
        }
      } catch (err) {
        return { records, error: errorOf(err) }
      }
      return { records, ended: records.length < m.n }
    }
    case 'abort':
      readers.get(m.rid).ac.abort()
      return null
    case 'close':
      await readers.get(m.rid).reader.close()
      return null
    case 'position':
      return readers.get(m.rid).reader.position
    case 'state':
      return { logStartOffset: log.logStartOffset, highWatermark: log.highWatermark, logEndOffset: log.logEndOffset }
    case 'shutdown':
      await log.close()
      setImmediate(() => (inWorker ? parentPort.close() : process.disconnect()))
      return null
    default:
      throw new Error(`unknown command ${m.cmd}`)
  }
}

const onMessage = (m) => {
  handle(m).then(
    (result) => send({ id: m.id, ok: true, result }),
    (err) => send({ id: m.id, ok: false, error: errorOf(err) }),
  )
}
if (inWorker) parentPort.on('message', onMessage)
else process.on('message', onMessage)
send({ id: 0, ok: true, result: 'ready' })
