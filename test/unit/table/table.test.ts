/**
 * log.table(): the map API (get, has, size, iteration, keys), following new appends, the encodings,
 * close (by itself and with its log), failures (KLOG_DECODE stops it and catchUp reports it), and a
 * table built in a worker thread on an attached log.
 */
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { Log } from '../../../src/index.js'
import { codeOf } from '../../helpers/errors.js'
import { DIST_ENTRY, useTempDirs } from '../../helpers/temp-dir.js'

const dirs = useTempDirs()

describe('log.table()', () => {
  it('holds the latest record per key, follows appends, deletes on tombstones, skips keyless records', async () => {
    await using log = await Log.open(dirs.make(), { fsync: 'never' })
    const w = await log.writer()
    await w.append([
      { key: 'x', value: '1' },
      { key: 'y', value: '2' },
      { key: null, value: 'no key' },
      { key: 'x', value: '3' },
    ])
    await using table = await log.table()
    expect(table.size).toBe(2)
    expect(table.position).toBe(4)
    expect(table.get('x')?.value).toEqual(Buffer.from('3'))
    expect(table.get(Buffer.from('x'))?.offset).toBe(3)
    expect(table.has('y')).toBe(true)
    expect([...table].map((r) => r.offset)).toEqual([3, 1])
    expect([...table.keys()].map(String)).toEqual(['x', 'y'])
    await w.append([
      { key: 'y', value: null },
      { key: 'z', value: '4' },
    ])
    await table.catchUp()
    expect(table.has('y')).toBe(false)
    expect(table.get('z')?.offset).toBe(5)
    expect(table.stats()).toEqual({ size: 2, position: 6, recordsApplied: 6, rebuilds: 0 })
  })

  it('decodes with the log encodings or its own, and stops with KLOG_DECODE on undecodable bytes', async () => {
    await using log = await Log.open<{ n: number }, string>(dirs.make(), { fsync: 'never', valueEncoding: 'json', keyEncoding: 'utf8' })
    const w = await log.writer()
    await w.append([{ key: 'a', value: { n: 1 } }])
    await using table = await log.table()
    expect(table.get('a')?.value).toEqual({ n: 1 })
    expect([...table.keys()]).toEqual(['a'])
    await using raw = await log.table<string, string>({ valueEncoding: 'utf8' })
    expect(raw.get('a')?.value).toBe('{"n":1}')
    // Bytes that are not JSON, appended through a buffer view of the same directory's writer.
    await using bytes = await Log.open(dirs.make(), { fsync: 'never' })
    await (await bytes.writer()).append([{ key: 'k', value: '{' }])
    await using broken = await Log.open<{ n: number }>(bytes.dir, { readOnly: true, valueEncoding: 'json' })
    expect(await codeOf(broken.table())).toBe('KLOG_DECODE')
  })

  it('close stops following; closing the log closes its tables; catchUp then rejects KLOG_CLOSED', async () => {
    const log = await Log.open(dirs.make(), { fsync: 'never' })
    const w = await log.writer()
    await w.append({ key: 'a', value: '1' })
    const t1 = await log.table()
    const t2 = await log.table()
    await t1.close()
    await t1.close()
    expect(await codeOf(t1.catchUp())).toBe('KLOG_CLOSED')
    expect(t1.get('a')?.offset).toBe(0)
    await log.close()
    expect(await codeOf(t2.catchUp())).toBe('KLOG_CLOSED')
    expect(await codeOf(log.table())).toBe('KLOG_CLOSED')
  })

  it('works in a worker thread on an attached log', async () => {
    await using log = await Log.open<string, string>(dirs.make(), { fsync: 'never', valueEncoding: 'utf8', keyEncoding: 'utf8' })
    const w = await log.writer()
    await w.append([
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
      { key: 'a', value: '3' },
    ])
    const code = `
      const { workerData, parentPort } = require('node:worker_threads')
      import(workerData.dist).then(async ({ Log }) => {
        const log = await Log.attach(workerData.handle)
        const table = await log.table()
        parentPort.postMessage([...table].map((r) => [r.key, r.value, r.offset]))
        parentPort.once('message', async () => {
          await table.catchUp()
          parentPort.postMessage([...table].map((r) => [r.key, r.value, r.offset]))
          await log.close()
        })
      })
    `
    const worker = new Worker(code, { eval: true, workerData: { dist: DIST_ENTRY, handle: log.share() } })
    try {
      const next = (): Promise<unknown> =>
        new Promise((resolve, reject) => {
          worker.once('message', resolve)
          worker.once('error', reject)
        })
      expect(await next()).toEqual([
        ['a', '3', 2],
        ['b', '2', 1],
      ])
      await w.append({ key: 'b', value: null })
      const after = next()
      worker.postMessage('again')
      expect(await after).toEqual([['a', '3', 2]])
    } finally {
      await worker.terminate()
    }
  })
})
