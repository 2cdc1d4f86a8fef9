// A writer in a worker thread for shape-change-races.test.ts: opens the log, appends `count`
// records, posts its share() handle, then appends on request. The test terminates the thread
// without closing anything (a writer thread that dies).
import { parentPort, workerData } from 'node:worker_threads'
import { pathToFileURL } from 'node:url'

const { Log } = await import(pathToFileURL(workerData.dist).href)
const log = await Log.open(workerData.dir, { fsync: 'never', lockStaleMs: workerData.lockStaleMs })
const writer = await log.writer()
for (let i = 0; i < workerData.count; i++) await writer.append({ value: `first-${i}` })
parentPort.postMessage({ handle: log.share() })
