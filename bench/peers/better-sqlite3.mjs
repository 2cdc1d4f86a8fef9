// better-sqlite3 in WAL mode: table (offset INTEGER PRIMARY KEY, value BLOB), one transaction per
// batch; synchronous=NORMAL when not durable, FULL when durable (better-sqlite3 is synchronous, so
// concurrent producers commit one after another). Scan: raw().iterate(). Random: pluck().get().
import path from 'node:path'
let Database

export default {
  name: 'better-sqlite3',
  label: 'better-sqlite3',
  durable: true,
  async load() {
    Database = (await import('better-sqlite3')).default
    new Database(':memory:').close()
  },
  async open(dir, { durable }) {
    const db = new Database(path.join(dir, 'log.db'))
    db.pragma('journal_mode = WAL')
    db.pragma(`synchronous = ${durable ? 'FULL' : 'NORMAL'}`)
    db.exec('CREATE TABLE IF NOT EXISTS log ("offset" INTEGER PRIMARY KEY, value BLOB NOT NULL)')
    const insert = db.prepare('INSERT INTO log ("offset", value) VALUES (?, ?)')
    const select = db.prepare('SELECT value FROM log WHERE "offset" = ?').pluck()
    const all = db.prepare('SELECT value FROM log ORDER BY "offset"').pluck()
    let next = db.prepare('SELECT COALESCE(MAX("offset") + 1, 0) FROM log').pluck().get()
    const appendTx = db.transaction((values) => {
      for (const v of values) insert.run(next++, v)
    })
    return {
      append(values) {
        appendTx(values)
      },
      scan(visit) {
        for (const v of all.iterate()) visit(v)
      },
      getSync(offset) {
        return select.get(offset)
      },
      close() {
        db.close()
      },
    }
  },
}
