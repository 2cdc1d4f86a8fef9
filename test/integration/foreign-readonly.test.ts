/**
 * A read-only open of a directory no writer of ours has published in (no state file: a log another
 * program wrote, such as a Kafka broker's partition directory) shows the records its files hold, up
 * to the first batch that is not whole and valid, and changes nothing. Once a writer of ours opens
 * the directory, the view follows it.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Log } from '../../src/index.js'
import { readAll } from '../helpers/logs.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs()

describe('read-only open without a state file', () => {
  it('reads what the files hold, stops before a torn tail, and follows a writer that opens later', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, { segmentBytes: 2048, fsync: 'never' })
    const writer = await log.writer()
    for (let i = 0; i < 100; i++) await writer.append({ key: `k${i}`, value: `v${i}` })
    await log.close()
    fs.rmSync(path.join(dir, '.kafka-lite-state'))
    const segments = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.log'))
      .sort()
    fs.appendFileSync(path.join(dir, segments.at(-1)!), Buffer.from([0, 0, 0, 0, 0, 0, 0, 99, 0, 0, 0, 80, 1, 2])) // a torn batch
    const before = fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).size])
    const ro = await Log.open(dir, { readOnly: true })
    expect(ro.logEndOffset).toBe(100)
    expect(ro.highWatermark).toBe(100)
    expect((await readAll(ro)).map((r) => r.value?.toString())).toEqual(Array.from({ length: 100 }, (_, i) => `v${i}`))
    expect(ro.getSync(42)?.key?.toString()).toBe('k42')
    expect(fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).size])).toEqual(before)
    // A writer opens (recovering the torn tail) and appends: the view follows it.
    const follower = ro.reader({ from: 98, follow: true })
    const it = follower[Symbol.asyncIterator]()
    const again = await Log.open(dir, { fsync: 'never' })
    await (await again.writer()).append({ value: 'after' })
    const seen: string[] = []
    for (let i = 0; i < 3; i++) seen.push(((await it.next()).value as { value: Buffer }).value.toString())
    expect(seen).toEqual(['v98', 'v99', 'after'])
    await follower.close()
    await ro.close()
    await again.close()
  })

  it('walks a segment larger than its read chunk (1 MiB), batches crossing chunk boundaries', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, { fsync: 'never' })
    const writer = await log.writer()
    // 700 batches of about 3 KiB: a 2 MiB segment whose batches straddle the 1 MiB chunk edges.
    for (let i = 0; i < 700; i++) await writer.append({ value: `${i}:`.padEnd(3001 + (i % 7), 'x') })
    await log.close()
    fs.rmSync(path.join(dir, '.kafka-lite-state'))
    const ro = await Log.open(dir, { readOnly: true })
    expect(ro.logEndOffset).toBe(700)
    const values = (await readAll(ro)).map((r) => r.value!.toString())
    expect(values.map((v) => Number(v.split(':')[0]))).toEqual(Array.from({ length: 700 }, (_, i) => i))
    expect(values.map((v) => v.length)).toEqual(Array.from({ length: 700 }, (_, i) => 3001 + (i % 7)))
    await ro.close()
  })
})
