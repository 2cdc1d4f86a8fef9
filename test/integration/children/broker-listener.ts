/**
 * A listener in a child process, for tests that measure its memory (run with `node --import tsx`:
 * the broker has no built entry point yet, so the child runs the sources).
 *
 * argv[2]: JSON `{ handlers: 'none' | 'stubs', limits?: ListenerLimits }`.
 * IPC: sends `{ type: 'listening', port, memory }`; answers `{ type: 'measure' }` with
 * `{ type: 'measure', memory, metrics }` (after a GC when exposed) and `{ type: 'close' }` with
 * `{ type: 'closed', memory }`, then exits.
 */
import { createListener, handlerTable } from '../../../src/broker/net/index.js'
import { stubHandlersForAll } from '../../helpers/stub-handlers.js'

const config = JSON.parse(process.argv[2]!) as { handlers: 'none' | 'stubs'; limits?: Record<string, number> }
const listener = createListener({ handlers: handlerTable(config.handlers === 'stubs' ? stubHandlersForAll() : []), limits: config.limits })

function memory(): Record<string, number> {
  ;(globalThis as { gc?: () => void }).gc?.()
  const m = process.memoryUsage()
  return {
    maxRSS: process.resourceUsage().maxRSS * 1024,
    rss: m.rss,
    heapUsed: m.heapUsed,
    arrayBuffers: m.arrayBuffers,
    external: m.external,
  }
}

const { port } = await listener.listen({ port: 0 })
process.send!({ type: 'listening', port, memory: memory() })
process.on('message', (message: { type: string }) => {
  if (message.type === 'measure') process.send!({ type: 'measure', memory: memory(), metrics: listener.metrics() })
  if (message.type === 'close') {
    void listener.close().then(() => {
      process.send!({ type: 'closed', memory: memory() }, () => process.exit(0))
    })
  }
})
