/**
 * The fuzz's broker side, in a child process (run with `node --import tsx`): a listener serving the
 * handler table of a handler module (argv: `{ module, limits }`; the module contract is in
 * stub-handlers.ts), each handler wrapped to record, per connection, how many requests reached it and
 * a digest of which (model.ts's `dispatchDigest`), and the module's fake log counting appends per
 * connection.
 *
 * IPC: sends `{ type: 'listening', port, memory }`; on `{ type: 'report' }` answers with the records,
 * the listener's metrics, its memory and any uncaught error; on `{ type: 'close' }` closes the
 * listener and exits 0. An uncaught exception or unhandled rejection is recorded, not fatal, so the
 * report says what went wrong.
 */
import { createListener, handlerTable, type AnyApiHandler, type RequestContext } from '../../src/broker/net/index.js'
import { dispatchDigest, EMPTY_DIGEST } from './model.js'
import type { FakeLog } from './stub-handlers.js'

const config = JSON.parse(process.argv[2]!) as { module: string; limits?: Record<string, number> }
const handlerModule = (await import(config.module)) as { createHandlers(log: FakeLog): Map<number, AnyApiHandler> }

/** What one connection saw. */
interface ConnectionRecord {
  remotePort: number
  index: number
  dispatches: number
  digest: number
  logAppends: number
}
const records = new Map<string, ConnectionRecord>()
const uncaught: string[] = []
process.on('uncaughtException', (e) => uncaught.push(String(e?.stack ?? e)))
process.on('unhandledRejection', (e) => uncaught.push(String((e as Error)?.stack ?? e)))

function recordOf(context: RequestContext): ConnectionRecord {
  let r = records.get(context.connectionId)
  if (r === undefined) {
    r = {
      remotePort: context.remotePort,
      index: Number(context.connectionId.slice(context.connectionId.lastIndexOf('-') + 1)),
      dispatches: 0,
      digest: EMPTY_DIGEST,
      logAppends: 0,
    }
    records.set(context.connectionId, r)
  }
  return r
}

const log: FakeLog = {
  append(context) {
    recordOf(context).logAppends++
  },
}
const wrapped: AnyApiHandler[] = [...handlerModule.createHandlers(log).values()].map(
  (h) =>
    ({
      apiKey: h.apiKey,
      versions: h.versions,
      handle(request: { apiKey: number; apiVersion: number; correlationId: number }, context: RequestContext) {
        const r = recordOf(context)
        r.dispatches++
        r.digest = dispatchDigest(r.digest, request.apiKey, request.apiVersion, request.correlationId)
        return (h.handle as (q: unknown, c: RequestContext) => unknown)(request, context)
      },
    }) as AnyApiHandler,
)
const listener = createListener({ handlers: handlerTable(wrapped), limits: config.limits })

function memory(): Record<string, number> {
  const m = process.memoryUsage()
  const cpu = process.cpuUsage()
  return {
    maxRSS: process.resourceUsage().maxRSS * 1024,
    rss: m.rss,
    heapUsed: m.heapUsed,
    arrayBuffers: m.arrayBuffers,
    cpuMs: (cpu.user + cpu.system) / 1000,
  }
}

const { port } = await listener.listen({ port: 0 })
process.send!({
  type: 'listening',
  port,
  memory: memory(),
  served: [...listener.handlers.values()].map((h) => [h.apiKey, h.versions]),
  moduleKeys: wrapped.map((h) => h.apiKey),
})
process.on('message', (message: { type: string }) => {
  if (message.type === 'report') {
    process.send!({ type: 'report', records: [...records.values()], metrics: listener.metrics(), memory: memory(), uncaught })
  }
  if (message.type === 'close') void listener.close().then(() => process.send!({ type: 'closed' }, () => process.exit(0)))
})
