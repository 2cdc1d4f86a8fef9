/**
 * `kafka-lite-log serve`, run as a real child process (the built `dist/cli.js`): it prints one JSON
 * line with the bound address; kafkajs produces through it (the topic auto-created) and reads the
 * offsets back; SIGTERM (and SIGINT) close it cleanly with exit code 0, after which the directory
 * opens as a broker with every acknowledged record in it. `--max-partitions` bounds what clients
 * create. A wrong command line exits 2.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { afterEach, describe, expect, it } from 'vitest'
import { Broker } from '../../src/broker/index.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { CLI, startServe } from '../helpers/serve-child.js'

const require = createRequire(import.meta.url)
const dirs = useTempDirs('kafka-lite-wire-cli-')
const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
})

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

describe('kafka-lite-log serve', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'serves kafkajs on the printed port; %s closes it cleanly (exit 0, records kept)',
    async (signal) => {
      const dir = dirs.make()
      const { child, line } = await startServe([dir, '--port', '0'], { children })
      expect(line.host).toBe('127.0.0.1')
      expect(line.port).toBeGreaterThan(0)
      expect(line.nodeId).toBe(0)
      const { Kafka } = require('kafkajs') as typeof import('kafkajs')
      const kafka = new Kafka({ brokers: [`127.0.0.1:${line.port}`], clientId: 'cli-test', logCreator: () => () => {} })
      const producer = kafka.producer({ idempotent: true })
      await producer.connect()
      const sent = await producer.send({ topic: 'events', acks: -1, messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] })
      expect(sent.map((r) => r.errorCode)).toEqual([0])
      const admin = kafka.admin()
      await admin.connect()
      expect((await admin.fetchTopicOffsets('events')).map((o) => o.high)).toEqual(['3'])
      await producer.disconnect()
      await admin.disconnect()
      child.kill(signal)
      expect(await exitOf(child)).toBe(0)
      const broker = await Broker.open(dir)
      try {
        expect(broker.clusterId).toBe(line.clusterId)
        expect(broker.log('events', 0).highWatermark).toBe(3)
      } finally {
        await broker.close()
      }
    },
  )

  it('--max-partitions bounds what clients create: kafkajs createTopics past it gets POLICY_VIOLATION', async () => {
    const dir = dirs.make()
    const { child, line } = await startServe([dir, '--port', '0', '--max-partitions', '3'], { children })
    const { Kafka } = require('kafkajs') as typeof import('kafkajs')
    const kafka = new Kafka({
      brokers: [`127.0.0.1:${line.port}`],
      clientId: 'cli-test',
      logCreator: () => () => {},
      retry: { retries: 0 },
    })
    const admin = kafka.admin()
    await admin.connect()
    try {
      expect(await admin.createTopics({ topics: [{ topic: 'a', numPartitions: 2 }] })).toBe(true)
      const err = await admin.createTopics({ topics: [{ topic: 'b', numPartitions: 2 }] }).catch((e: unknown) => e)
      expect(JSON.stringify(err)).toContain('POLICY_VIOLATION')
      expect((await admin.listTopics()).sort()).toEqual(['a'])
    } finally {
      await admin.disconnect()
    }
    child.kill('SIGTERM')
    expect(await exitOf(child)).toBe(0)
  })

  it('a wrong command line exits 2; a port in use exits 1 with KLOG_IO', async () => {
    for (const args of [
      ['--port', 'x'],
      ['--max-partitions', '0'],
      ['--max-partitions', 'many'],
    ]) {
      const bad = spawn(process.execPath, [CLI, 'serve', dirs.make(), ...args], { stdio: 'ignore' })
      children.push(bad)
      expect(await exitOf(bad), args.join(' ')).toBe(2)
    }
    const { line } = await startServe([dirs.make(), '--port', '0'], { children })
    const clash = spawn(process.execPath, [CLI, 'serve', dirs.make(), '--port', String(line.port)], { stdio: ['ignore', 'ignore', 'pipe'] })
    children.push(clash)
    let err = ''
    clash.stderr!.on('data', (d: Buffer) => (err += d.toString()))
    expect(await exitOf(clash)).toBe(1)
    expect(err).toContain('KLOG_IO')
  })
})
