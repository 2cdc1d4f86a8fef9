/**
 * Runs test/integration/children/broker-listener.ts (a listener in a child process) and talks to it
 * over IPC: its port, its memory (maxRSS, arrayBuffers, ...) and the listener's metrics on demand.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ListenerLimits, ListenerMetrics } from '../../src/broker/net/index.js'

const CHILD = fileURLToPath(new URL('../integration/children/broker-listener.ts', import.meta.url))

/** Memory figures of the child, in bytes. */
export interface ChildMemory {
  maxRSS: number
  rss: number
  heapUsed: number
  arrayBuffers: number
  external: number
}

/** A listener running in a child process. */
export interface ListenerChild {
  readonly port: number
  /** The child's memory right after it started listening (after a GC). */
  readonly baseline: ChildMemory
  measure(): Promise<{ memory: ChildMemory; metrics: ListenerMetrics }>
  close(): Promise<ChildMemory>
  kill(): void
}

function next<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return
      child.off('message', onMessage)
      child.off('exit', onExit)
      resolve(m as T)
    }
    const onExit = (code: number | null) => reject(new Error(`listener child exited (${code}) before '${type}'`))
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

/** Starts a listener child with stub handlers for every API (or none) and the given limits. */
export async function startListenerChild(config: { handlers: 'none' | 'stubs'; limits?: ListenerLimits }): Promise<ListenerChild> {
  const child = fork(CHILD, [JSON.stringify(config)], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const { port, memory } = await next<{ port: number; memory: ChildMemory }>(child, 'listening')
  return {
    port,
    baseline: memory,
    async measure() {
      const reply = next<{ memory: ChildMemory; metrics: ListenerMetrics }>(child, 'measure')
      child.send({ type: 'measure' })
      return reply
    },
    async close() {
      const reply = next<{ memory: ChildMemory }>(child, 'closed')
      child.send({ type: 'close' })
      return (await reply).memory
    },
    kill() {
      child.kill('SIGKILL')
    },
  }
}
