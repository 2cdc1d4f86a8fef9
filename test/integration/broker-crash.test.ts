/**
 * The broker's shape survives a crash at every step: a child process is SIGKILLed at each crash
 * point of topic creation, partition creation and topic deletion, and the next open finds the topic
 * whole (created, or grown, with every partition directory and its partition.metadata) or gone
 * (no directory left). Producer ids are never reused after a crash; idempotent producers' state is
 * rebuilt from the batches after a crash (a retry of the last acknowledged batch is a duplicate).
 * A second process cannot open a broker directory another one holds.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { LogError } from '../../src/index.js'
import { Broker } from '../../src/broker/index.js'
import { ourBatch } from '../helpers/produced-batches.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const dirs = useTempDirs('kafka-lite-broker-crash-')
const CHILD = fileURLToPath(new URL('./children/broker-child.mjs', import.meta.url))
const BROKER_ENTRY = fileURLToPath(new URL('../../dist/broker/index.js', import.meta.url))

/** Runs the child to completion (or its SIGKILL); returns its exit signal and its report lines. */
async function child(
  dir: string,
  command: string,
  crashAt?: string,
  arg?: string,
): Promise<{ signal: string | null; lines: Record<string, unknown>[] }> {
  const report = path.join(dirs.make(), 'report')
  fs.writeFileSync(report, '')
  const env = { ...process.env, ...(crashAt === undefined ? {} : { KAFKA_LITE_CRASH_AT: crashAt }) }
  const c = spawn(process.execPath, [CHILD, BROKER_ENTRY, dir, command, report, ...(arg === undefined ? [] : [arg])], {
    env,
    stdio: 'inherit',
  })
  const signal = await new Promise<string | null>((resolve) => c.on('exit', (_code, sig) => resolve(sig)))
  const lines = fs
    .readFileSync(report, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
  return { signal, lines }
}

function partitionDirs(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((n) => !n.startsWith('.'))
    .sort()
}

describe('broker crash safety', () => {
  it.each([undefined, 'broker:topic-recorded'])('createTopic killed at %s: the topic is whole after reopen', async (point) => {
    const dir = dirs.make()
    const { signal } = await child(dir, 'create', point)
    expect(signal).toBe(point === undefined ? null : 'SIGKILL')
    await using broker = await Broker.open(dir)
    const t = broker.topic('t')!
    expect(t.partitions).toBe(3)
    expect(partitionDirs(dir)).toEqual(['t-0', 't-1', 't-2'])
    for (let p = 0; p < 3; p++)
      expect(fs.readFileSync(path.join(dir, `t-${p}`, 'partition.metadata'), 'utf8')).toBe(`version: 0\ntopic_id: ${t.topicId}`)
    expect((await broker.producer().send({ topic: 't', messages: [{ value: 'x', partition: 2 }] }))[0]!.offset).toBe(0)
  })

  it.each([undefined, 'broker:partitions-recorded'])(
    'createPartitions killed at %s: the topic has the new count after reopen',
    async (point) => {
      const dir = dirs.make()
      {
        await using broker = await Broker.open(dir)
        await broker.createTopic('t', { partitions: 3 })
      }
      expect((await child(dir, 'grow', point)).signal).toBe(point === undefined ? null : 'SIGKILL')
      await using broker = await Broker.open(dir)
      expect(broker.topic('t')!.partitions).toBe(4)
      expect(partitionDirs(dir)).toEqual(['t-0', 't-1', 't-2', 't-3'])
      expect(broker.log('t', 3).logEndOffset).toBe(0)
    },
  )

  it.each([undefined, 'broker:delete-recorded', 'broker:delete-renamed'])(
    'deleteTopic killed at %s: the topic is gone after reopen',
    async (point) => {
      const dir = dirs.make()
      {
        await using broker = await Broker.open(dir)
        await broker.createTopic('t', { partitions: 3 })
        await broker.producer().send({ topic: 't', messages: [{ value: 'x', partition: 0 }] })
      }
      expect((await child(dir, 'delete', point)).signal).toBe(point === undefined ? null : 'SIGKILL')
      if (point === 'broker:delete-renamed') expect(partitionDirs(dir).every((n) => n.endsWith('-delete'))).toBe(true)
      await using broker = await Broker.open(dir)
      expect(broker.topic('t')).toBeUndefined()
      expect(partitionDirs(dir)).toEqual([])
      // The name is free again, with a new id and empty logs.
      await broker.createTopic('t')
      expect(broker.log('t', 0).logEndOffset).toBe(0)
    },
  )

  it('producer ids handed out before a crash are never handed out again', async () => {
    const dir = dirs.make()
    const seen = new Set<number>()
    for (let round = 0; round < 3; round++) {
      const { signal, lines } = await child(dir, 'ids', undefined, '7')
      expect(signal).toBe('SIGKILL')
      expect(lines).toHaveLength(7)
      for (const l of lines) {
        expect(seen.has(l.producerId as number)).toBe(false)
        seen.add(l.producerId as number)
      }
    }
    await using broker = await Broker.open(dir)
    expect(seen.has((await broker.initProducerId()).producerId)).toBe(false)
  })

  it('idempotent producer state is rebuilt from the batches after a crash', async () => {
    const dir = dirs.make()
    {
      await using broker = await Broker.open(dir)
      await broker.createTopic('t')
    }
    const batchDir = dirs.make()
    const batches: Buffer[] = []
    for (let i = 0; i < 8; i++) {
      const b = await ourBatch(
        [
          { key: 'k', value: `v${i}` },
          { key: 'k', value: `w${i}` },
        ],
        i % 2 === 0 ? 'zstd' : 'none',
        {
          producerId: 42,
          producerEpoch: 0,
          baseSequence: i * 2,
        },
      )
      batches.push(b)
      fs.writeFileSync(path.join(batchDir, `b${i}`), b)
    }
    const { signal, lines } = await child(dir, 'produce', undefined, batchDir)
    expect(signal).toBe('SIGKILL')
    expect(lines.map((l) => l.baseOffset)).toEqual([0, 2, 4, 6, 8, 10, 12, 14])
    expect(fs.existsSync(path.join(dir, 't-0', '.kafka-lite-producer-state'))).toBe(false) // no clean close
    await using broker = await Broker.open(dir)
    const p = broker.partition('t', 0)
    for (const i of [3, 7]) expect(await p.produce(batches[i]!)).toMatchObject({ baseOffset: i * 2, duplicate: true })
    const err = await p.produce(batches[2]!).catch((e: unknown) => e) // older than the last 5
    expect((err as LogError).code).toBe('KLOG_OUT_OF_ORDER_SEQUENCE')
    const next = await ourBatch([{ key: 'k', value: 'next' }], 'none', { producerId: 42, producerEpoch: 0, baseSequence: 16 })
    expect(await p.produce(next)).toMatchObject({ baseOffset: 16, duplicate: false })
  })

  it('a second process cannot open a broker directory another one holds', async () => {
    const dir = dirs.make()
    const report = path.join(dirs.make(), 'report')
    fs.writeFileSync(report, '')
    const holder = spawn(process.execPath, [CHILD, BROKER_ENTRY, dir, 'hold', report], { stdio: 'inherit' })
    try {
      // Waiting for the holder to get ready orders the steps; it decides nothing.
      while (!fs.readFileSync(report, 'utf8').includes('ready')) await new Promise((r) => setTimeout(r, 20))
      const err = await Broker.open(dir).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(LogError)
      expect((err as LogError).code).toBe('KLOG_LOCKED')
    } finally {
      holder.kill('SIGKILL')
      await new Promise((r) => holder.on('exit', r))
    }
    // The holder is dead: its lock is taken over at once.
    await (await Broker.open(dir)).close()
  })
})
