// lmdb (kriszyp/lmdb-js): offsets as uint32 integer keys, binary values, no compression.
// Non-durable: noSync, one transactionSync of putSync per batch. Durable (lmdb's default sync
// commit): one async transaction per batch; lmdb-js batches transactions started in the same event
// turn into one commit, so concurrent producers share a sync. Scan: getRange. Random: get() (getBinaryFast()'s
// reused buffer reports a length its bytes do not have: zlib.crc32 over it is wrong, so it is not
// a correct way to hand a value to other code).
import path from 'node:path'
let lmdb

export default {
  name: 'lmdb',
  label: 'lmdb',
  durable: true,
  async load() {
    lmdb = await import('lmdb')
  },
  async open(dir, { durable }) {
    const db = lmdb.open({ path: path.join(dir, 'lmdb'), keyEncoding: 'uint32', encoding: 'binary', compression: false, noSync: !durable })
    let next = 0
    return {
      append(values) {
        const base = next
        next += values.length
        if (!durable) {
          db.transactionSync(() => {
            for (let i = 0; i < values.length; i++) db.putSync(base + i, values[i])
          })
          return
        }
        return db.transaction(() => {
          for (let i = 0; i < values.length; i++) db.put(base + i, values[i])
        })
      },
      scan(visit) {
        for (const { value } of db.getRange({ start: 0 })) visit(value)
      },
      getSync(offset) {
        return db.get(offset)
      },
      async close() {
        await db.close()
      },
    }
  },
}
