/**
 * Compressed logs read from other threads and processes: a worker-thread follower tails a log while
 * the writer appends with every codec (the codec registry loads per thread), and a read-only Log in
 * another process reads it afterwards, with the native packages and without them
 * (KAFKA_LITE_NO_NATIVE_CODECS=1). Each reports its count and a checksum of every value in offset
 * order; the process child reports through a file written synchronously.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'

import { describe, expect, it } from 'vitest'

import { Log, type CompressionType } from '../../src/index.js'
import { DIST_ENTRY, useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-compressed-readers-')
const CODECS: CompressionType[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd']
const TOTAL = 6000

const value = (i: number): string => JSON.stringify({ i, user: `user-${i % 97}`, event: i % 3 === 0 ? 'view' : 'click' })

/** Order-sensitive checksum of the values, the same in the test and in the readers. */
const CHECKSUM = `(sum, v) => (Math.imul(sum, 31) + v.reduce((h, b) => (Math.imul(h, 33) + b) | 0, 7)) | 0`

function expectedChecksum(): number {
  const step = eval(CHECKSUM) as (sum: number, v: Buffer) => number
  let sum = 0
  for (let i = 0; i < TOTAL; i++) sum = step(sum, Buffer.from(value(i)))
  return sum
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const step = ${CHECKSUM}
import(workerData.entry).then(async ({ Log }) => {
  const log = await Log.attach(workerData.handle)
  let count = 0, sum = 0, inOrder = true
  const controller = new AbortController()
  parentPort.postMessage({ type: 'ready' })
  try {
    for await (const r of log.reader({ follow: true, signal: controller.signal })) {
      if (r.offset !== count) inOrder = false
      count++
      sum = step(sum, r.value)
      if (count === workerData.total) break
    }
  } finally {
    parentPort.postMessage({ type: 'done', count, sum, inOrder })
    await log.close()
  }
})
`

const CHILD = `
const fs = require('node:fs')
const step = ${CHECKSUM}
const [entry, dir, report] = process.argv.slice(1)
import(entry).then(async ({ Log, compressionBackends }) => {
  const log = await Log.open(dir, { readOnly: true })
  let count = 0, sum = 0
  for await (const r of log.reader()) { count++; sum = step(sum, r.value) }
  await log.close()
  fs.writeFileSync(report, JSON.stringify({ count, sum, backends: compressionBackends() }))
})
`

describe('compressed logs across threads and processes', () => {
  it('a worker follower and other-process readers (native and pure-JS codecs) read every record', async () => {
    const dir = dirs.make()
    const log = await Log.open(dir, { fsync: 'never', segmentBytes: 32 * 1024 })
    try {
      const worker = new Worker(WORKER, { eval: true, workerData: { entry: DIST_ENTRY, handle: log.share(), total: TOTAL } })
      const report = new Promise<{ count: number; sum: number; inOrder: boolean }>((resolve, reject) => {
        worker.on('message', (m: { type: string; count: number; sum: number; inOrder: boolean }) => {
          if (m.type === 'done') resolve(m)
        })
        worker.on('error', reject)
      })
      await new Promise<void>((resolve) => worker.once('message', () => resolve()))
      const w = await log.writer()
      for (let i = 0, a = 0; i < TOTAL; a++) {
        const n = Math.min(TOTAL - i, 1 + ((a * 37) % 150))
        await w.append(
          Array.from({ length: n }, (_, j) => ({ value: value(i + j) })),
          { compression: CODECS[a % CODECS.length]! },
        )
        i += n
      }
      await w.flush()
      const want = expectedChecksum()
      expect(await report).toEqual({ type: 'done', count: TOTAL, sum: want, inOrder: true })
      for (const env of [{}, { KAFKA_LITE_NO_NATIVE_CODECS: '1' }]) {
        const file = path.join(dirs.make(), 'report.json')
        execFileSync(process.execPath, ['-e', CHILD, DIST_ENTRY, dir, file], { env: { ...process.env, ...env } })
        const got = JSON.parse(fs.readFileSync(file, 'utf8')) as { count: number; sum: number; backends: Record<string, { read: string }> }
        expect({ count: got.count, sum: got.sum }).toEqual({ count: TOTAL, sum: want })
        expect(got.backends.snappy!.read).toBe('KAFKA_LITE_NO_NATIVE_CODECS' in env ? 'js' : 'snappy')
      }
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.log')).length).toBeGreaterThan(2)
    } finally {
      await log.close()
    }
  })
})
