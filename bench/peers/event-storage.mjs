// event-storage (albe/node-event-storage): one write stream "log"; a record is the event
// { v: base64 value } (its storage is JSON documents). One commit() per batch, acknowledged by the
// commit callback (called once the write buffer is flushed to the OS; durable: syncOnFlush, which
// fsyncs each flush, and commits in the same tick share a flush). Scan: iterate
// getEventStream('log'). Random: getEventStream('log', offset, offset).
// readBufferSize is raised from 4 KiB to 64 KiB: event-storage 0.8 silently yields no events for
// documents larger than its read buffer (a 16 KiB value is a ~22 KB JSON document).
import { once } from 'node:events'
let EventStore

export default {
  name: 'event-storage',
  label: 'event-storage',
  durable: true,
  async load() {
    ;({ EventStore } = await import('event-storage'))
  },
  async open(dir, { durable }) {
    const es = new EventStore('bench', { storageDirectory: dir, storageConfig: { syncOnFlush: durable, readBufferSize: 64 * 1024 } })
    await once(es, 'ready')
    return {
      append(values) {
        const events = values.map((v) => ({ v: v.toString('base64') }))
        return new Promise((resolve) => es.commit('log', events, () => resolve()))
      },
      scan(visit) {
        for (const e of es.getEventStream('log')) visit(Buffer.from(e.v, 'base64'))
      },
      getSync(offset) {
        for (const e of es.getEventStream('log', offset, offset)) return Buffer.from(e.v, 'base64')
      },
      close() {
        es.close()
      },
    }
  },
}
