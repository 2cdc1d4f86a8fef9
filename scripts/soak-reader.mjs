// Soak reader child: follows the log from another process (read-only), across writer kills and
// restarts, checking every record it is handed; reports counts to a file with synchronous writes.
// argv: <entry> <dir> <report file>
import fs from 'node:fs'
import { recordIsIntact } from './soak-records.mjs'

const [entry, dir, reportPath] = process.argv.slice(2)
const { Log } = await import(entry)
let read = 0
let corrupt = 0
const flush = () => {
  const fd = fs.openSync(reportPath, 'w')
  fs.writeSync(fd, JSON.stringify({ read, corrupt }))
  fs.closeSync(fd)
}
setInterval(flush, 200)
const log = await Log.open(dir, { readOnly: true })
for (;;) {
  try {
    for await (const r of log.reader({ from: 'earliest', follow: true, onOutOfRange: 'earliest' })) {
      read++
      if (!recordIsIntact(r)) corrupt++
    }
  } catch (err) {
    if (err?.code === 'KLOG_CORRUPT_SEGMENT') corrupt++
    flush()
  }
}
