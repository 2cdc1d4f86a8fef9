// The raw ceiling: pre-encoded frames (u32 length + value), one fs.writeSync per batch on an fd
// opened 'a'; durable mode adds one fdatasync per write (concurrent appends share one write + sync).
// Scan: one large read of the whole file and a frame walk. Random reads: positions indexed at open.
import fs from 'node:fs'
import path from 'node:path'

function frame(values) {
  let total = 0
  for (const v of values) total += 4 + v.length
  const buf = Buffer.allocUnsafe(total)
  let p = 0
  for (const v of values) {
    buf.writeUInt32LE(v.length, p)
    v.copy(buf, p + 4)
    p += 4 + v.length
  }
  return buf
}

function readAll(fd) {
  const size = fs.fstatSync(fd).size
  const buf = Buffer.allocUnsafe(size)
  let done = 0
  while (done < size) done += fs.readSync(fd, buf, done, size - done, done)
  return buf
}

export default {
  name: 'raw',
  label: 'raw fs (ceiling)',
  durable: true,
  async load() {},
  async open(dir, { durable }) {
    const file = path.join(dir, 'frames.bin')
    const fd = fs.openSync(file, 'a+')
    let positions = null // Float64Array of frame starts, built lazily by index()
    const index = () => {
      const buf = readAll(fd)
      const pos = []
      for (let p = 0; p < buf.length; p += 4 + buf.readUInt32LE(p)) pos.push(p)
      pos.push(buf.length)
      positions = Float64Array.from(pos)
    }
    if (fs.fstatSync(fd).size > 0) index()

    let queue = [],
      waiters = [],
      scheduled = false
    const flush = () => {
      const q = queue,
        w = waiters
      queue = []
      waiters = []
      scheduled = false
      try {
        fs.writeSync(fd, q.length === 1 ? q[0] : Buffer.concat(q))
        fs.fdatasyncSync(fd)
        for (const x of w) x.resolve()
      } catch (e) {
        for (const x of w) x.reject(e)
      }
    }
    return {
      append(values) {
        const buf = frame(values)
        if (!durable) {
          fs.writeSync(fd, buf)
          return
        }
        return new Promise((resolve, reject) => {
          queue.push(buf)
          waiters.push({ resolve, reject })
          if (!scheduled) {
            scheduled = true
            setImmediate(flush)
          }
        })
      },
      scan(visit) {
        const buf = readAll(fd)
        for (let p = 0; p < buf.length;) {
          const len = buf.readUInt32LE(p)
          visit(buf.subarray(p + 4, p + 4 + len))
          p += 4 + len
        }
      },
      getSync(offset) {
        const start = positions[offset] + 4,
          len = positions[offset + 1] - start
        const buf = Buffer.allocUnsafe(len)
        fs.readSync(fd, buf, 0, len, start)
        return buf
      },
      close() {
        fs.closeSync(fd)
      },
    }
  },
}
