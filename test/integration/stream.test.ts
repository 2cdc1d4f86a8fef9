/**
 * Node streams: a reader stream piped into an append stream on another log copies it exactly; the
 * readable respects backpressure (the reader does not run ahead of a consumer that stopped reading);
 * an AbortSignal ends a following pipeline; the reader keeps exact positions across a stream.
 */
import { once } from 'node:events'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { describe, expect, it } from 'vitest'
import { Log, createAppendStream, type LogRecord } from '../../src/index.js'
import { readAll } from '../helpers/logs.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-stream-')

const plain = (r: LogRecord): unknown => ({
  offset: r.offset,
  timestamp: r.timestamp,
  key: r.key?.toString('hex') ?? null,
  value: r.value?.toString('hex') ?? null,
  headers: r.headers.map((h) => [h.key, h.value?.toString('hex') ?? null]),
})

async function source(n: number): Promise<Log> {
  const log = await Log.open(dirs.make(), { segmentBytes: 4096, fsync: 'never' })
  const w = await log.writer()
  for (let i = 0; i < n; i += 7) {
    await w.append(
      Array.from({ length: Math.min(7, n - i) }, (_, j) => ({
        key: i % 3 === 0 ? null : `key-${i + j}`,
        value: j === 3 ? null : Buffer.from(`value-${i + j}-`.repeat((i + j) % 5)),
        headers: [
          { key: 'n', value: String(i + j) },
          { key: 'n', value: null },
        ],
        timestamp: 1_600_000_000_000 + (i + j) * 10,
      })),
    )
  }
  await w.close()
  return log
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('streams', () => {
  it('pipeline(reader.stream(), createAppendStream(writer)) copies a log record for record', async () => {
    await using a = await source(3000)
    await using b = await Log.open(dirs.make(), { segmentBytes: 8192, fsync: 'never' })
    const wb = await b.writer()
    const reader = a.reader()
    await pipeline(reader.stream({ highWaterMark: 64 }), createAppendStream(wb, { maxRecords: 100 }))
    expect(reader.position).toBe(3000)
    const [ra, rb] = [await readAll(a), await readAll(b)]
    expect(rb.length).toBe(3000)
    expect(rb.map(plain)).toEqual(ra.map(plain))
  })

  it('backpressure: a consumer that stops reading holds the reader at the stream buffer', async () => {
    await using log = await source(500)
    const reader = log.reader({ maxBytes: 256 })
    const stream = reader.stream({ highWaterMark: 8 })
    const take = async (): Promise<LogRecord> => {
      let r = stream.read() as LogRecord | null
      while (r === null) {
        await once(stream, 'readable')
        r = stream.read() as LogRecord | null
      }
      return r
    }
    const first: number[] = []
    for (let i = 0; i < 3; i++) first.push((await take()).offset)
    for (let i = 0; i < 20; i++) await tick()
    // Records pushed into the stream are handed out; no more than the buffer (plus the one a pending
    // pull may hold) went past the consumer.
    expect(first).toEqual([0, 1, 2])
    expect(stream.readableLength).toBeLessThanOrEqual(8)
    expect(reader.position).toBeLessThanOrEqual(3 + 8 + 1)
    // The rest arrives in order when it reads again, and destroying the stream leaves the reader usable.
    const rest: number[] = []
    for await (const r of stream) {
      rest.push((r as LogRecord).offset)
      if (rest.length === 100) break
    }
    expect([...first, ...rest]).toEqual(Array.from({ length: 103 }, (_, i) => i))
    const next = await reader.read({ maxRecords: 1 })
    expect(next.map((r) => r.offset)).toEqual([reader.position - 1])
  })

  it('an aborted signal ends a following pipeline with an AbortError; the writer side appended all it got', async () => {
    await using a = await Log.open(dirs.make(), { fsync: 'never' })
    await using b = await Log.open(dirs.make(), { fsync: 'never' })
    const [wa, wb] = [await a.writer(), await b.writer()]
    const ac = new AbortController()
    const copied: number[] = []
    const copy = pipeline(
      a.reader({ follow: true }).stream({ signal: ac.signal }),
      async function* (records: AsyncIterable<LogRecord>) {
        for await (const r of records) {
          copied.push(r.offset)
          yield r
          if (copied.length === 30) ac.abort() // stop once everything appended below has passed
        }
      },
      createAppendStream(wb),
    )
    // Handled before the appends: the pipeline may end (abort at 30) while the last append settles.
    const aborted = expect(copy).rejects.toMatchObject({ name: 'AbortError' })
    for (let i = 0; i < 3; i++) await wa.append(Array.from({ length: 10 }, (_, j) => ({ value: `r${i * 10 + j}` })))
    await aborted
    expect(copied).toEqual(Array.from({ length: 30 }, (_, i) => i))
    expect((await readAll(b)).map((r) => r.value?.toString())).toEqual(
      (await readAll(a)).map((r) => r.value?.toString()).slice(0, b.logEndOffset),
    )
  })

  it('destroying a following stream ends its wait at once; a Writable signal aborts appends', async () => {
    await using log = await Log.open(dirs.make(), { fsync: 'never' })
    const w = await log.writer()
    const reader = log.reader({ follow: true })
    const stream = reader.stream()
    stream.resume()
    await tick()
    stream.destroy()
    await once(stream, 'close')
    await w.append({ value: 'after' })
    expect((await reader.read()).map((r) => r.value?.toString())).toEqual(['after'])

    const ac = new AbortController()
    const sink = createAppendStream(w, { signal: ac.signal })
    ac.abort()
    await expect(pipeline(Readable.from([{ value: 'x' }]), sink)).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('append stream: malformed records fail the pipeline with a TypeError; options are checked', async () => {
    await using log = await Log.open(dirs.make(), { fsync: 'never' })
    const w = await log.writer()
    await expect(pipeline(Readable.from([{ value: 'ok' }, { nope: 1 }]), createAppendStream(w))).rejects.toBeInstanceOf(TypeError)
    expect(log.logEndOffset).toBe(1)
    expect(() => createAppendStream(w, { maxRecords: 0 })).toThrow(RangeError)
    expect(() => createAppendStream(w, { batch: 1 } as never)).toThrow(TypeError)
    expect(() => log.reader().stream({ highWaterMark: 'x' } as never)).toThrow(TypeError)
  })
})
