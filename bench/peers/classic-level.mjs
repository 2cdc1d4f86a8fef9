// classic-level (LevelDB): keys are 8-byte big-endian offsets, values buffers; one db.batch() per
// batch, `sync: true` when durable (LevelDB merges concurrent writers into one log write + sync).
// Scan: values() iterator read with nextv(). Random: getSync() when present, else get().
let ClassicLevel

const key = (offset) => {
  const k = Buffer.allocUnsafe(8)
  k.writeUInt32BE(Math.floor(offset / 2 ** 32), 0)
  k.writeUInt32BE(offset >>> 0, 4)
  return k
}

export default {
  name: 'classic-level',
  label: 'classic-level',
  durable: true,
  async load() {
    ;({ ClassicLevel } = await import('classic-level'))
  },
  async open(dir, { durable }) {
    const db = new ClassicLevel(dir, { keyEncoding: 'buffer', valueEncoding: 'buffer' })
    await db.open()
    const writeOpts = { sync: durable }
    let next = 0
    const store = {
      append(values) {
        const ops = new Array(values.length)
        for (let i = 0; i < values.length; i++) ops[i] = { type: 'put', key: key(next++), value: values[i] }
        return db.batch(ops, writeOpts)
      },
      async scan(visit) {
        const it = db.values()
        try {
          for (let vs = await it.nextv(1000); vs.length > 0; vs = await it.nextv(1000)) for (const v of vs) visit(v)
        } finally {
          await it.close()
        }
      },
      get(offset) {
        return db.get(key(offset))
      },
      close() {
        return db.close()
      },
    }
    if (typeof db.getSync === 'function') store.getSync = (offset) => db.getSync(key(offset))
    return store
  },
}
