/**
 * The listener fuzz harness: drives a listener in a child process (fuzz-server.ts) with random and
 * mutated frames (frames.ts) over many connections, and checks every connection against the model
 * (model.ts):
 *
 * - every response arrives, in order, with the expected correlation id, and decodes as its API at
 *   its version; no response comes that the model does not expect (a sentinel request ends each
 *   connection that the model says stays open);
 * - a connection the model says the broker closes is closed without another answer; one left
 *   waiting for the rest of a frame is closed when the client ends its side;
 * - the requests that reached a handler, per connection, are exactly the model's (count and digest
 *   of API key, version and correlation id, recorded by the child): no malformed frame reached one;
 * - a control connection, used between fuzz connections throughout, keeps getting its answers;
 * - the child never has an uncaught exception, and its memory is reported (maxRSS).
 *
 * Parameters: the handler module (a path; the stub module by default, a module with the broker's
 * real handlers later), the number of frames, the seed, the limits, the concurrency. The harness
 * returns the figures and every disagreement; the test asserts there are none.
 */
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ListenerMetrics } from '../../src/broker/net/index.js'
import { decodeResponse, encodeRequest, type ApiKey, type DecodedRequest } from '../../src/protocol/index.js'
import { mulberry32 } from '../helpers/random.js'
import { WireClient } from '../helpers/wire-client.js'
import { framePool, nextFrame, type Mutation } from './frames.js'
import { ConnectionModel, dispatchDigest, EMPTY_DIGEST, type Dispatch } from './model.js'
import type { Outcome } from './stub-handlers.js'

const SERVER = fileURLToPath(new URL('./fuzz-server.ts', import.meta.url))
/** The default handler module: stub handlers and a fake log. */
export const STUB_HANDLERS_MODULE = fileURLToPath(new URL('./stub-handlers.ts', import.meta.url))

/** Parameters of {@link runListenerFuzz}. */
export interface FuzzOptions {
  /** Frames to send, over all fuzz connections. */
  frames: number
  seed: number
  /** The handler module (see stub-handlers.ts for the contract). @default the stub module */
  module?: string
  /** The listener's limits (defaults: the listener's own). */
  limits?: { maxRequestBytes?: number; [key: string]: number | undefined }
  /** Fuzz connections in flight at once. @default 6 */
  concurrency?: number
  /** Longest script (frames sent on one connection; each connection draws its length up to it). @default 40 */
  maxFramesPerConnection?: number
  /** Probability that a frame is mutated. @default 0.2 */
  mutationRate?: number
  /** Random bodies per request version in the pool. @default 6 */
  poolPerVersion?: number
}

/** What a child's connection record says. */
interface ChildRecord {
  remotePort: number
  index: number
  dispatches: number
  digest: number
  logAppends: number
}

/** The result of a fuzz run. */
export interface FuzzResult {
  frames: number
  connections: number
  mutated: Record<string, number>
  /** How the fuzz connections ended, by the model. */
  ends: Record<string, number>
  dispatches: number
  responses: number
  logAppends: number
  controlAnswers: number
  disagreements: string[]
  memory: { baselineMaxRSS: number; maxRSS: number; arrayBuffers: number }
  /** CPU time of the broker child, ms. */
  brokerCpuMs: number
  metrics: ListenerMetrics
  uncaught: string[]
}

/** One fuzz connection's expectations, kept for the final comparison with the child's records. */
interface ConnectionExpectation {
  localPort: number
  dispatched: Dispatch[]
  produceDispatches: number
}

/** Runs the fuzz. Never throws on a disagreement: returns them. */
export async function runListenerFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const {
    frames: target,
    seed,
    module = STUB_HANDLERS_MODULE,
    limits,
    concurrency = 6,
    maxFramesPerConnection = 40,
    mutationRate = 0.2,
  } = options
  const maxRequestBytes = limits?.maxRequestBytes ?? 100 * 1024 * 1024
  const predict = ((await import(module)) as { predictOutcome(request: DecodedRequest): Outcome }).predictOutcome

  const child = fork(SERVER, [JSON.stringify({ module, limits })], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const messages: { type: string; [key: string]: unknown }[] = []
  const waiters: (() => void)[] = []
  child.on('message', (m: { type: string }) => {
    messages.push(m)
    for (const w of waiters.splice(0)) w()
  })
  let exited = false
  child.once('exit', () => {
    exited = true
    for (const w of waiters.splice(0)) w()
  })
  const next = async <T>(type: string): Promise<T> => {
    for (;;) {
      const i = messages.findIndex((m) => m.type === type)
      if (i >= 0) return messages.splice(i, 1)[0] as T
      if (exited) throw new Error(`the fuzz server exited before '${type}'`)
      await new Promise<void>((resolve) => waiters.push(resolve))
    }
  }

  try {
    const listening = await next<{ port: number; memory: { maxRSS: number }; served: [number, [number, number]][]; moduleKeys: number[] }>(
      'listening',
    )
    const ranges = new Map(listening.served.map(([k, v]) => [k, v] as const))
    const moduleKeys = new Set(listening.moduleKeys)
    const pool = framePool(seed, options.poolPerVersion ?? 6)
    const rand = mulberry32(seed)

    const disagreements: string[] = []
    const disagree = (what: string): void => {
      if (disagreements.length < 50) disagreements.push(what)
    }
    const mutated: Record<string, number> = {}
    const ends: Record<string, number> = { open: 0, closed: 0, partial: 0 }
    const expectations: ConnectionExpectation[] = []
    let framesSent = 0
    let connections = 0
    let responses = 0

    // The control connection: answered throughout, by a built-in and by a module handler when there is one.
    const control = await WireClient.connect(listening.port)
    let controlAnswers = 0
    let controlCorrelation = 0
    let controlBusy: Promise<void> = Promise.resolve()
    const controlRoundTrip = (): Promise<void> =>
      (controlBusy = controlBusy.then(async () => {
        const id = controlCorrelation++
        control.request(18, 3, id, { clientSoftwareName: 'control', clientSoftwareVersion: '1' })
        const answer = await control.nextFrame()
        if (answer === null || answer.readInt32BE(0) !== id)
          disagree(`control connection: no answer to request ${id} (after ${framesSent} frames)`)
        else controlAnswers++
      }))

    const SENTINEL = -424242
    const runConnection = async (): Promise<void> => {
      const model = new ConnectionModel(ranges, moduleKeys, predict, maxRequestBytes)
      const parts: Buffer[] = []
      let correlationId = 0
      const used: (Mutation | null)[] = []
      const length = 1 + Math.floor(rand() * maxFramesPerConnection)
      while (parts.length < length && framesSent + parts.length < target && !model.closed) {
        const { frame, mutation } = nextFrame(pool, rand, correlationId++, mutationRate, maxRequestBytes)
        parts.push(frame)
        used.push(mutation)
        model.feed(frame)
      }
      framesSent += parts.length
      connections++
      for (const m of used) if (m !== null) mutated[m] = (mutated[m] ?? 0) + 1
      const end = model.end
      ends[end]!++
      const label = `connection ${connections} (seed ${seed}, mutations ${used.map((m) => m ?? '-').join(',')})`

      const client = await WireClient.connect(listening.port)
      const open = end === 'open'
      client.send(
        Buffer.concat(
          open ? [...parts, encodeRequest(18, 0, SENTINEL, 'fuzz', { clientSoftwareName: '', clientSoftwareVersion: '' })] : parts,
        ),
      )
      expectations.push({
        localPort: client.localPort,
        dispatched: model.dispatched,
        produceDispatches: model.dispatched.filter((d) => d.apiKey === 0).length,
      })
      try {
        for (const expected of model.responses) {
          const frame = await client.nextFrame()
          if (frame === null) return disagree(`${label}: closed before the answer to correlation id ${expected.correlationId}`)
          const got = frame.readInt32BE(0)
          if (got !== expected.correlationId) return disagree(`${label}: answer for ${got}, expected ${expected.correlationId}`)
          try {
            decodeResponse(expected.apiKey as ApiKey, expected.apiVersion, frame)
          } catch (e) {
            return disagree(
              `${label}: the answer to ${got} does not decode as API ${expected.apiKey} v${expected.apiVersion}: ${String(e)}`,
            )
          }
          responses++
        }
        if (open) {
          const frame = await client.nextFrame()
          if (frame?.readInt32BE(0) !== SENTINEL)
            disagree(
              `${label}: expected the sentinel's answer, got ${frame === null ? 'a close' : `an answer for ${frame.readInt32BE(0)}`}`,
            )
        } else {
          if (end === 'partial') client.socket.end()
          if (!(await client.closesWithoutAnswer())) disagree(`${label}: expected a close (${end}), got another answer`)
        }
      } finally {
        client.destroy()
      }
      await controlRoundTrip()
    }

    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (framesSent < target) await runConnection()
      }),
    )
    await controlRoundTrip()
    if (control.isClosed) disagree('the control connection was closed')
    control.destroy()

    // The child's records against the model, per connection (matched by the client's port, in order),
    // once the listener has seen every connection close.
    type Report = {
      records: ChildRecord[]
      metrics: ListenerMetrics
      memory: { maxRSS: number; arrayBuffers: number; cpuMs: number }
      uncaught: string[]
    }
    let report: Report
    for (;;) {
      child.send({ type: 'report' })
      report = await next<Report>('report')
      if (report.metrics.connections === 0) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const byPort = new Map<number, ChildRecord[]>()
    for (const r of report.records.sort((a, b) => a.index - b.index)) byPort.set(r.remotePort, [...(byPort.get(r.remotePort) ?? []), r])
    let dispatches = 0
    let logAppends = 0
    for (const r of report.records) {
      dispatches += r.dispatches
      logAppends += r.logAppends
    }
    let expectedDispatches = 0
    for (const e of expectations) {
      expectedDispatches += e.dispatched.length
      if (e.dispatched.length === 0) continue
      const record = byPort.get(e.localPort)?.shift()
      const digest = e.dispatched.reduce((h, d) => dispatchDigest(h, d.apiKey, d.apiVersion, d.correlationId), EMPTY_DIGEST)
      if (record === undefined) disagree(`port ${e.localPort}: ${e.dispatched.length} requests should have reached handlers, none did`)
      else if (record.dispatches !== e.dispatched.length || record.digest !== digest) {
        disagree(
          `port ${e.localPort}: ${record.dispatches} requests reached handlers, expected ${e.dispatched.length} (digest ${record.digest} vs ${digest})`,
        )
      } else if (record.logAppends !== e.produceDispatches)
        disagree(`port ${e.localPort}: ${record.logAppends} log appends, expected ${e.produceDispatches}`)
    }
    if (dispatches !== expectedDispatches) disagree(`${dispatches} requests reached handlers in all, expected ${expectedDispatches}`)
    const expectedAppends = expectations.reduce((n, e) => n + e.produceDispatches, 0)
    if (logAppends !== expectedAppends) disagree(`${logAppends} log appends in all, expected ${expectedAppends}`)

    return {
      frames: framesSent,
      connections,
      mutated,
      ends,
      dispatches,
      responses,
      logAppends,
      controlAnswers,
      disagreements,
      memory: { baselineMaxRSS: listening.memory.maxRSS, maxRSS: report.memory.maxRSS, arrayBuffers: report.memory.arrayBuffers },
      brokerCpuMs: report.memory.cpuMs,
      metrics: report.metrics,
      uncaught: report.uncaught,
    }
  } finally {
    if (!exited) {
      child.send({ type: 'close' })
      await Promise.race([next('closed').catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 10_000))])
      child.kill('SIGKILL')
    }
  }
}
