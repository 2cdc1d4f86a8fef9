// Consumer worker thread: attaches to the log from its handle, resumes consumer `name`, reads `count`
// records with read(), commits the reader and posts what it read and committed.
// workerData: { entry, handle, name, count }
import { parentPort, workerData } from 'node:worker_threads'

const { entry, handle, name, count } = workerData
const { Log } = await import(entry)
const log = await Log.attach(handle)
const consumer = log.consumer(name)
const reader = await consumer.reader()
const records = await reader.read({ maxRecords: count })
const committed = await consumer.commit(reader, { metadata: 'worker' })
const listed = await log.consumers()
parentPort.postMessage({ offsets: records.map((r) => r.offset), committed, listed, readOnly: log.readOnly })
await log.close()
