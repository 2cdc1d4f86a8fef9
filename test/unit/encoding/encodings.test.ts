/**
 * Key and value encodings: named and custom, per log and per reader / get, through every way of
 * reading; encoder failures throw TypeError before anything is appended; decoder failures reject
 * with KLOG_DECODE naming the offset and leave the reader at the record; worker threads get named
 * encodings with the handle and must be given a custom one.
 */
import { Worker } from 'node:worker_threads'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { Log, LogError, type Encoding, type LogRecord } from '../../../src/index.js'
import { codeOf } from '../../helpers/errors.js'
import { DIST_ENTRY, useTempDirs } from '../../helpers/temp-dir.js'

const dirs = useTempDirs()

interface Order {
  id: number
  item: string
}

describe('valueEncoding / keyEncoding', () => {
  it("'json' values and 'utf8' keys round-trip through append, reader, read(), get() and stream()", async () => {
    await using log = await Log.open<Order, string>(dirs.make(), { valueEncoding: 'json', keyEncoding: 'utf8', fsync: 'never' })
    const w = await log.writer()
    await w.append([
      { key: 'a', value: { id: 1, item: 'tea' } },
      { key: 'b', value: { id: 2, item: 'ß€' } },
      { key: 'a', value: null },
    ])
    const seen: LogRecord<Order, string>[] = []
    for await (const r of log.reader()) seen.push(r)
    expectTypeOf(seen[0]!.value).toEqualTypeOf<Order | null>()
    expect(seen.map((r) => [r.offset, r.key, r.value])).toEqual([
      [0, 'a', { id: 1, item: 'tea' }],
      [1, 'b', { id: 2, item: 'ß€' }],
      [2, 'a', null],
    ])
    expect((await log.reader().read()).map((r) => r.value)).toEqual([{ id: 1, item: 'tea' }, { id: 2, item: 'ß€' }, null])
    const got = await log.get(1)
    expectTypeOf(got).toEqualTypeOf<LogRecord<Order, string> | undefined>()
    expect(got?.value).toEqual({ id: 2, item: 'ß€' })
    expect(log.getSync(0)?.key).toBe('a')
    const streamed: unknown[] = []
    for await (const r of log.reader().stream()) streamed.push((r as LogRecord<Order>).value)
    expect(streamed).toHaveLength(3)
    // The bytes on disk are JSON text and UTF-8 keys.
    const raw = await log.reader<Buffer, Buffer>({ valueEncoding: 'buffer', keyEncoding: 'buffer' }).read()
    expect(raw[0]!.value!.toString()).toBe('{"id":1,"item":"tea"}')
    expect(raw[1]!.key).toEqual(Buffer.from('b'))
    expect((await log.get<Buffer, Buffer>(1, { valueEncoding: 'buffer', keyEncoding: 'buffer' }))?.value).toEqual(
      Buffer.from(JSON.stringify({ id: 2, item: 'ß€' })),
    )
  })

  it('a reader of a buffer log may decode with its own encoding', async () => {
    await using log = await Log.open(dirs.make(), { fsync: 'never' })
    await (await log.writer()).append([{ value: '{"n":1}' }, { value: '{"n":2}' }])
    const reader = log.reader<{ n: number }>({ valueEncoding: 'json' })
    const values: number[] = []
    for await (const r of reader) values.push(r.value!.n)
    expect(values).toEqual([1, 2])
    expect((await log.reader<string>({ valueEncoding: 'utf8' }).read())[1]!.value).toBe('{"n":2}')
  })

  it('a custom encoding is called for keys and values, never for null', async () => {
    const calls: string[] = []
    const upper: Encoding<string> = {
      encode: (v) => {
        calls.push(`e:${v}`)
        return Buffer.from(v.toUpperCase())
      },
      decode: (b) => {
        calls.push(`d:${b.toString()}`)
        return b.toString().toLowerCase()
      },
    }
    await using log = await Log.open<string, string>(dirs.make(), { valueEncoding: upper, keyEncoding: 'utf8', fsync: 'never' })
    await (
      await log.writer()
    ).append([
      { key: 'k', value: 'abc' },
      { key: 'k', value: null },
    ])
    expect((await log.reader<string, string>({ valueEncoding: 'utf8' }).read()).map((r) => r.value)).toEqual(['ABC', null])
    expect((await log.reader().read()).map((r) => r.value)).toEqual(['abc', null])
    expect(calls).toEqual(['e:abc', 'd:ABC'])
  })

  it('a value the encoder refuses throws TypeError synchronously and appends nothing', async () => {
    await using log = await Log.open<unknown, string>(dirs.make(), { valueEncoding: 'json', keyEncoding: 'utf8', fsync: 'never' })
    const w = await log.writer()
    await w.append({ value: 1 })
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    for (const bad of [{ value: 10n }, { value: undefined }, { value: cyclic }, { value: () => 1 }]) {
      // The second record is good: the whole append is refused, not just the bad record.
      expect(() => w.append([{ value: 'ok' }, bad])).toThrow(TypeError)
    }
    // @ts-expect-error a number is not a utf8 key
    expect(() => w.append({ key: 7, value: 1 })).toThrow(TypeError)
    const refusing: Encoding<string> = {
      encode: () => {
        throw new Error('no')
      },
      decode: (b) => b.toString(),
    }
    await using other = await Log.open<string>(dirs.make(), { valueEncoding: refusing, fsync: 'never' })
    const ow = await other.writer()
    expect(() => ow.append({ value: 'x' })).toThrow(TypeError)
    const wrongType: Encoding<string> = { encode: () => 42 as unknown as string, decode: (b) => b.toString() }
    await using third = await Log.open<string>(dirs.make(), { valueEncoding: wrongType, fsync: 'never' })
    const tw = await third.writer()
    expect(() => tw.append({ value: 'x' })).toThrow(TypeError)
    await w.append({ value: 2 })
    expect(log.logEndOffset).toBe(2)
    expect(other.logEndOffset).toBe(0)
    expect(third.logEndOffset).toBe(0)
    expect((await log.reader().read()).map((r) => r.value)).toEqual([1, 2])
  })

  it('undecodable bytes reject with KLOG_DECODE at their offset; the reader stays at the record', async () => {
    const dir = dirs.make()
    {
      await using raw = await Log.open(dir, { fsync: 'never' })
      await (await raw.writer()).append([{ value: '1' }, { value: '2' }, { value: 'not json' }, { value: '4' }])
    }
    await using log = await Log.open<number>(dir, { valueEncoding: 'json', fsync: 'never' })
    // read(): the records before the bad one first, then the error, again and again until a seek.
    const reader = log.reader()
    expect((await reader.read()).map((r) => r.value)).toEqual([1, 2])
    expect(reader.position).toBe(2)
    for (let i = 0; i < 2; i++) {
      const err = await reader.read().catch((e: unknown) => e)
      expect(err).toBeInstanceOf(LogError)
      expect((err as LogError).code).toBe('KLOG_DECODE')
      expect((err as LogError).offset).toBe(2)
      expect((err as LogError).cause).toBeInstanceOf(SyntaxError)
      expect(reader.position).toBe(2)
    }
    reader.seek(3)
    expect((await reader.read()).map((r) => [r.offset, r.value])).toEqual([[3, 4]])
    // Iteration: the loop ends with the error; position names the record.
    const it = log.reader({ maxBytes: 1 })
    const got: number[] = []
    const failed = await (async () => {
      for await (const r of it) got.push(r.value!)
    })().catch((e: unknown) => e)
    expect((failed as LogError).code).toBe('KLOG_DECODE')
    expect(got).toEqual([1, 2])
    expect(it.position).toBe(2)
    // A record read alone, and the same bytes read as bytes.
    expect(await codeOf(log.get(2))).toBe('KLOG_DECODE')
    expect((await log.get<Buffer>(2, { valueEncoding: 'buffer' }))?.value?.toString()).toBe('not json')
  })

  it('checks encoding options', async () => {
    const dir = dirs.make()
    await expect(Log.open(dir, { valueEncoding: 'yaml' as 'buffer' })).rejects.toThrow(TypeError)
    await expect(Log.open(dir, { keyEncoding: { encode: () => '' } as unknown as Encoding<Buffer> })).rejects.toThrow(TypeError)
    await using log = await Log.open(dir)
    expect(() => log.reader({ valueEncoding: 3 as unknown as 'buffer' })).toThrow(TypeError)
    expect(() => log.getSync(0, { keyEncoding: 'nope' as 'buffer' })).toThrow(TypeError)
    // Compile-time: a named encoding must fit the value type.
    // @ts-expect-error 'json' needs the value type: Log.open<Order>(…)
    await Log.open(dirs.make(), { valueEncoding: 'json' }).then((l) => l.close())
    // @ts-expect-error 'utf8' decodes to strings, not Orders
    await Log.open<Order>(dirs.make(), { valueEncoding: 'utf8' }).then((l) => l.close())
  })
})

describe('encodings in worker threads', () => {
  const WORKER = `
    const { workerData, parentPort } = require('node:worker_threads')
    import(workerData.dist).then(async ({ Log }) => {
      try {
        const log = await Log.attach(workerData.handle, workerData.custom ? { valueEncoding: { encode: (v) => v, decode: (b) => 'custom:' + b } } : {})
        const values = []
        for await (const r of log.reader()) values.push(r.value)
        await log.close()
        parentPort.postMessage({ values })
      } catch (err) {
        parentPort.postMessage({ error: err.name })
      }
    })
  `
  async function inWorker(handle: unknown, custom: boolean): Promise<{ values?: unknown[]; error?: string }> {
    const worker = new Worker(WORKER, { eval: true, workerData: { dist: DIST_ENTRY, handle, custom } })
    try {
      return await new Promise((resolve, reject) => {
        worker.once('message', resolve)
        worker.once('error', reject)
      })
    } finally {
      await worker.terminate()
    }
  }

  it('a named encoding crosses with the handle; a custom one must be given to attach', async () => {
    await using log = await Log.open<{ a: number }>(dirs.make(), { valueEncoding: 'json', fsync: 'never' })
    await (await log.writer()).append([{ value: { a: 1 } }, { value: { a: 2 } }])
    expect(await inWorker(log.share(), false)).toEqual({ values: [{ a: 1 }, { a: 2 }] })

    const custom: Encoding<string> = { encode: (v) => v, decode: (b) => b.toString() }
    await using c = await Log.open<string>(dirs.make(), { valueEncoding: custom, fsync: 'never' })
    await (await c.writer()).append({ value: 'x' })
    expect(await inWorker(c.share(), false)).toEqual({ error: 'TypeError' })
    expect(await inWorker(c.share(), true)).toEqual({ values: ['custom:x'] })
  })
})
