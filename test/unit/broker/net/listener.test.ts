/**
 * The listener over real sockets (loopback, raw frames from test/helpers/wire-client.ts): ordering,
 * what closes a connection and what does not, limits, idle timeout, close(), and kafkajs's own
 * ApiVersions exchange. Memory bounds are measured in child processes (test/integration/
 * broker-listener-memory.test.ts); the fuzz is test/integration/broker-fuzz.test.ts.
 */
import diagnostics from 'node:diagnostics_channel'
import { createRequire } from 'node:module'
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import {
  CLOSE_CONNECTION,
  createListener,
  handlerTable,
  LISTENER_CHANNELS,
  NO_RESPONSE,
  type AnyApiHandler,
  type ConnectionClosedEvent,
  type Listener,
  type ListenerLimits,
  type RequestContext,
} from '../../../../src/broker/net/index.js'
import { LogError } from '../../../../src/index.js'
import { encodeRequest } from '../../../../src/protocol/index.js'
import { createMetadataResponse } from '../../../../src/protocol/messages/metadata-response.js'
import { mulberry32 } from '../../../helpers/random.js'
import { stubHandler } from '../../../helpers/stub-handlers.js'
import { correlationIdOf, rawRequest, WireClient } from '../../../helpers/wire-client.js'

const listeners: Listener[] = []
const clients: WireClient[] = []
const closedEvents: ConnectionClosedEvent[] = []
const onClosed = (message: unknown): void => void closedEvents.push(message as ConnectionClosedEvent)
diagnostics.subscribe(LISTENER_CHANNELS.connectionClosed, onClosed)

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await Promise.all(listeners.splice(0).map((l) => l.close()))
  closedEvents.length = 0
})

async function serve(handlers: AnyApiHandler[], limits?: ListenerLimits): Promise<{ listener: Listener; port: number }> {
  const listener = createListener({ handlers: handlerTable(handlers), limits })
  listeners.push(listener)
  const { port } = await listener.listen({ port: 0 })
  return { listener, port }
}

async function connect(port: number): Promise<WireClient> {
  const client = await WireClient.connect(port)
  clients.push(client)
  return client
}

const metadataRequest = {
  topics: null,
  allowAutoTopicCreation: false,
  includeClusterAuthorizedOperations: false,
  includeTopicAuthorizedOperations: false,
}
const apiVersionsRequest = { clientSoftwareName: 'test', clientSoftwareVersion: '1' }
const produceRequest = (acks: number) => ({ transactionalId: null, acks, timeoutMs: 1000, topicData: [] })

/** Waits (yielding to the event loop) until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5))
}

/** The close event of the connection whose client side is `client`, once published. */
async function closeEventOf(client: WireClient): Promise<ConnectionClosedEvent> {
  const port = client.localPort
  await until(() => closedEvents.some((e) => e.remotePort === port))
  return closedEvents.find((e) => e.remotePort === port)!
}

/** A promise and its resolve function. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

describe('ordering', () => {
  it('answers pipelined requests in request order, one handler at a time per connection', async () => {
    const rand = mulberry32(20)
    let running = 0
    let maxRunning = 0
    const metadata = stubHandler(3, {
      async handle() {
        running++
        maxRunning = Math.max(maxRunning, running)
        // Random delays: a later request would finish first if requests ran concurrently.
        await new Promise((resolve) => setTimeout(resolve, Math.floor(rand() * 4)))
        running--
        return createMetadataResponse()
      },
    })
    const { port } = await serve([metadata])
    const client = await connect(port)
    const frames: Buffer[] = []
    for (let i = 0; i < 200; i++) {
      frames.push(i % 3 === 0 ? rawRequest({ apiKey: 18, apiVersion: 0, correlationId: i }) : encodeRequest(3, 12, i, 'c', metadataRequest))
    }
    client.send(Buffer.concat(frames))
    const order: number[] = []
    for (let i = 0; i < 200; i++) order.push(correlationIdOf((await client.nextFrame())!))
    expect(order).toEqual(Array.from({ length: 200 }, (_, i) => i))
    expect(maxRunning).toBe(1)
  })

  it('runs handlers of different connections concurrently', async () => {
    const gate = deferred()
    const metadata = stubHandler(3, {
      async handle(request) {
        // The first connection's request waits for the second connection's request to arrive.
        if (request.clientId === 'first') await gate.promise
        else gate.resolve()
        return createMetadataResponse()
      },
    })
    const { port } = await serve([metadata])
    const first = await connect(port)
    const second = await connect(port)
    first.request(3, 12, 1, metadataRequest, 'first')
    second.request(3, 12, 2, metadataRequest, 'second')
    expect((await second.response(3, 12)).correlationId).toBe(2)
    expect((await first.response(3, 12)).correlationId).toBe(1)
  })

  it('sends nothing for NO_RESPONSE (acks=0) and goes on with the next request', async () => {
    const calls: number[] = []
    const produce = stubHandler(0, {
      versions: [3, 12],
      handle(request) {
        calls.push(request.correlationId)
        return request.body.acks === 0 ? NO_RESPONSE : { responses: [], throttleTimeMs: 0, nodeEndpoints: [] }
      },
    })
    const { port } = await serve([produce])
    const client = await connect(port)
    client.request(0, 9, 1, produceRequest(0))
    client.request(0, 9, 2, produceRequest(1))
    client.request(18, 3, 3, apiVersionsRequest)
    expect(correlationIdOf((await client.nextFrame())!)).toBe(2)
    expect(correlationIdOf((await client.nextFrame())!)).toBe(3)
    expect(calls).toEqual([1, 2])
  })
})

describe('what closes a connection (and only that one)', () => {
  const cases: [string, () => Buffer, ConnectionClosedEvent['reason']][] = [
    [
      'a frame cut inside its body',
      () => rawRequest({ apiKey: 3, apiVersion: 12, correlationId: 1, flexibleHeader: true, body: Buffer.from([9, 9]) }),
      'malformed-request',
    ],
    ['a frame shorter than a header', () => Buffer.from([0, 0, 0, 2, 0, 3]), 'malformed-request'],
    ['an API key without codecs', () => rawRequest({ apiKey: 77, apiVersion: 0, correlationId: 1 }), 'unsupported-api'],
    [
      'an API without a handler',
      () => rawRequest({ apiKey: 1, apiVersion: 12, correlationId: 1, flexibleHeader: true }),
      'unsupported-api',
    ],
    ['a version the handler does not serve', () => rawRequest({ apiKey: 3, apiVersion: 3, correlationId: 1 }), 'unsupported-version'],
    ['a negative size prefix', () => Buffer.from([0x80, 0, 0, 0]), 'invalid-frame-size'],
    ['a size prefix above maxRequestBytes, before the frame arrives', () => Buffer.from([0, 1, 0, 1]), 'invalid-frame-size'],
  ]
  it.each(cases)('%s closes it without calling a handler; another connection keeps working', async (_what, frame, reason) => {
    let calls = 0
    const { port } = await serve([stubHandler(3, { versions: [4, 13], handle: () => (calls++, createMetadataResponse()) })], {
      maxRequestBytes: 65536,
    })
    const other = await connect(port)
    other.request(3, 12, 1, metadataRequest)
    await other.response(3, 12)
    const client = await connect(port)
    client.request(3, 12, 1, metadataRequest)
    await client.response(3, 12)
    // The bad frame, then a good request that must never be handled.
    client.send(Buffer.concat([frame(), encodeRequest(3, 12, 2, 'c', metadataRequest)]))
    expect(await client.closesWithoutAnswer()).toBe(true)
    expect((await closeEventOf(client)).reason).toBe(reason)
    expect(calls).toBe(2)
    other.request(3, 12, 3, metadataRequest)
    expect((await other.response(3, 12)).correlationId).toBe(3)
  })

  it('a frame truncated by the client closing its side is never handled', async () => {
    let calls = 0
    const { listener, port } = await serve([stubHandler(3, { handle: () => (calls++, createMetadataResponse()) })])
    const client = await connect(port)
    const frame = encodeRequest(3, 12, 1, 'c', metadataRequest)
    client.socket.end(frame.subarray(0, frame.length - 1))
    await client.closed
    expect((await closeEventOf(client)).reason).toBe('peer-closed')
    expect(calls).toBe(0)
    await until(() => listener.connections === 0)
  })

  it.each([
    [
      'throws',
      () =>
        stubHandler(3, {
          handle: () => {
            throw new Error('bug')
          },
        }),
    ],
    ['rejects', () => stubHandler(3, { handle: () => Promise.reject(new Error('bug')) })],
    [
      'returns a body its version cannot carry',
      () =>
        stubHandler(3, {
          handle: () => ({
            ...createMetadataResponse(),
            clusterId: null,
            topics: [
              {
                errorCode: 0,
                name: null,
                topicId: 'AAAAAAAAAAAAAAAAAAAAAA',
                isInternal: false,
                partitions: [],
                topicAuthorizedOperations: -2147483648,
              },
            ],
          }),
        }),
    ],
  ])('a handler that %s closes the connection, reported as handler-error', async (_what, make) => {
    const { port } = await serve([make()])
    const client = await connect(port)
    // Metadata v1: a null topic name is not allowed before v12.
    client.request(3, 1, 1, { ...metadataRequest, topics: [], allowAutoTopicCreation: true })
    expect(await client.closesWithoutAnswer()).toBe(true)
    const event = await closeEventOf(client)
    expect(event).toMatchObject({ reason: 'handler-error', apiKey: 3, apiVersion: 1 })
    expect(event.error).toBeInstanceOf(Error)
  })

  it('CLOSE_CONNECTION closes it without an answer', async () => {
    const { port } = await serve([stubHandler(0, { versions: [3, 12], handle: () => CLOSE_CONNECTION })])
    const client = await connect(port)
    client.request(0, 9, 1, produceRequest(0))
    expect(await client.closesWithoutAnswer()).toBe(true)
    expect((await closeEventOf(client)).reason).toBe('handler-closed')
  })

  it('answers an ApiVersions request of an unknown version and SaslHandshake, and stays open', async () => {
    const { port } = await serve([])
    const client = await connect(port)
    client.send(rawRequest({ apiKey: 18, apiVersion: 77, correlationId: 1, flexibleHeader: true }))
    expect((await client.response(18, 0)).body.errorCode).toBe(35)
    client.request(17, 1, 2, { mechanism: 'PLAIN' })
    expect((await client.response(17, 1)).body).toMatchObject({ errorCode: 34, mechanisms: [] })
    client.request(18, 4, 3, apiVersionsRequest)
    const { body } = await client.response(18, 4)
    expect(body.apiKeys.map((a) => [a.apiKey, a.minVersion, a.maxVersion])).toEqual([
      [17, 0, 1],
      [18, 0, 4],
    ])
  })
})

describe('limits', () => {
  it('closes connections accepted beyond maxConnections at once; a freed slot is usable again', async () => {
    const { listener, port } = await serve([], { maxConnections: 2 })
    const a = await connect(port)
    const b = await connect(port)
    await until(() => listener.connections === 2)
    const refused = await connect(port)
    await refused.closed
    expect((await closeEventOf(refused)).reason).toBe('connection-limit')
    a.destroy()
    await until(() => listener.connections === 1)
    const c = await connect(port)
    c.request(18, 3, 1, apiVersionsRequest)
    expect((await c.response(18, 3)).correlationId).toBe(1)
    b.request(18, 3, 2, apiVersionsRequest)
    expect((await b.response(18, 3)).correlationId).toBe(2)
  })

  it('closes an idle connection, but not one whose request is still being handled', async () => {
    const release = deferred()
    const started = deferred()
    const slow = stubHandler(3, {
      async handle() {
        started.resolve()
        await release.promise
        return createMetadataResponse()
      },
    })
    const { port } = await serve([slow], { connectionsMaxIdleMs: 100 })
    const busy = await connect(port)
    busy.request(3, 12, 1, metadataRequest)
    await started.promise
    // Connected after the busy connection's last byte: when its idle timer fires, the busy one's has too.
    const idle = await connect(port)
    await idle.closed
    expect((await closeEventOf(idle)).reason).toBe('idle')
    release.resolve()
    expect((await busy.response(3, 12)).correlationId).toBe(1)
    expect(busy.isClosed).toBe(false)
    // And once answered, the busy connection goes idle in turn.
    await busy.closed
    expect((await closeEventOf(busy)).reason).toBe('idle')
  })
})

describe('context', () => {
  it("gives handlers the connection's id, addresses, client software (KIP-511) and signal", async () => {
    const contexts: RequestContext[] = []
    const software: RequestContext['clientSoftware'][] = []
    const record = (context: RequestContext) => {
      contexts.push(context)
      software.push(context.clientSoftware)
      return createMetadataResponse()
    }
    const { port } = await serve([stubHandler(3, { handle: (_r, context) => record(context) })])
    const client = await connect(port)
    client.request(3, 12, 1, metadataRequest)
    await client.response(3, 12)
    client.request(18, 3, 2, { clientSoftwareName: 'my-client', clientSoftwareVersion: '1.2.3' })
    await client.response(18, 3)
    client.request(3, 12, 3, metadataRequest)
    await client.response(3, 12)
    const [first, second] = contexts
    expect(first!.connectionId).toBe(`127.0.0.1:${port}-127.0.0.1:${client.localPort}-0`)
    expect(first).toMatchObject({ remoteAddress: '127.0.0.1', remotePort: client.localPort, localPort: port })
    expect(software).toEqual([undefined, { name: 'my-client', version: '1.2.3' }])
    expect(second).toBe(first)
    expect(second!.signal.aborted).toBe(false)
    client.destroy()
    await until(() => second!.signal.aborted)
  })
})

describe('listen and close', () => {
  it('binds 127.0.0.1 by default and can listen on several addresses', async () => {
    const listener = createListener({ handlers: handlerTable([]) })
    listeners.push(listener)
    const a = await listener.listen({ port: 0 })
    const b = await listener.listen({ port: 0, host: '127.0.0.1' })
    expect(a.host).toBe('127.0.0.1')
    expect(listener.addresses).toEqual([a, b])
    for (const { port } of [a, b]) {
      const client = await connect(port)
      client.request(18, 0, 1, apiVersionsRequest)
      expect((await client.response(18, 0)).correlationId).toBe(1)
    }
  })

  it('an address in use rejects with KLOG_IO and the cause', async () => {
    const { port } = await serve([])
    const other = createListener({ handlers: handlerTable([]) })
    listeners.push(other)
    const error = await other.listen({ port }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LogError)
    expect((error as LogError).code).toBe('KLOG_IO')
    expect(((error as LogError).cause as NodeJS.ErrnoException).code).toBe('EADDRINUSE')
  })

  it('checks its arguments synchronously', () => {
    expect(() => createListener({ handlers: [] as never })).toThrow(TypeError)
    expect(() => createListener({ handlers: new Map([[18, stubHandler(18 as never)]]) as never })).toThrow(RangeError)
    expect(() => createListener({ handlers: handlerTable([]), limits: { maxConnections: 0 } })).toThrow(RangeError)
    const listener = createListener({ handlers: handlerTable([]) })
    expect(() => listener.listen({ port: 70000 })).toThrow(RangeError)
    expect(() => listener.listen({ prot: 1 } as never)).toThrow(TypeError)
  })

  it('close() lets the handler in flight finish with its signal aborted, answers it, skips queued requests, then closes', async () => {
    const started = deferred()
    let finished = false
    let calls = 0
    const longPoll = stubHandler(3, {
      async handle(_request, context) {
        calls++
        started.resolve()
        // A long poll: waits until the connection closes.
        await new Promise((resolve) => context.signal.addEventListener('abort', resolve))
        await new Promise((resolve) => setTimeout(resolve, 20))
        finished = true
        return createMetadataResponse()
      },
    })
    const { listener, port } = await serve([longPoll])
    const client = await connect(port)
    client.send(Buffer.concat([encodeRequest(3, 12, 1, 'c', metadataRequest), encodeRequest(3, 12, 2, 'c', metadataRequest)]))
    await started.promise
    const closing = listener.close()
    expect(listener.close()).toBe(closing)
    await closing
    expect(finished).toBe(true)
    expect(calls).toBe(1)
    expect(correlationIdOf((await client.nextFrame())!)).toBe(1)
    expect(await client.closesWithoutAnswer()).toBe(true)
    expect((await closeEventOf(client)).reason).toBe('listener-closed')
    expect(listener.connections).toBe(0)
    await expect(listener.listen({ port: 0 })).rejects.toMatchObject({ code: 'KLOG_CLOSED' })
    const refused = await new Promise<string>((resolve) =>
      net.connect(port, '127.0.0.1').once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? '')),
    )
    expect(refused).toBe('ECONNREFUSED')
  })

  it('close() also waits for a handler still running on a connection that already closed', async () => {
    const release = deferred()
    let finished = false
    const slow = stubHandler(3, {
      async handle() {
        await release.promise
        finished = true
        return createMetadataResponse()
      },
    })
    const { listener, port } = await serve([slow])
    const client = await connect(port)
    client.request(3, 12, 1, metadataRequest)
    await until(() => !finished && listener.connections === 1)
    client.destroy()
    await until(() => listener.connections === 0)
    const closing = listener.close()
    let closed = false
    void closing.then(() => (closed = true))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(closed).toBe(false)
    release.resolve()
    await closing
    expect(finished).toBe(true)
  })

  it('close() during listen(): listen rejects with KLOG_CLOSED and the address is not left bound', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo
        probe.close(() => resolve(port))
      })
    })
    const listener = createListener({ handlers: handlerTable([]) })
    const listening = listener.listen({ port })
    await listener.close()
    await expect(listening).rejects.toMatchObject({ code: 'KLOG_CLOSED' })
    const code = await new Promise<string>((resolve) =>
      net.connect(port, '127.0.0.1').once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? '')),
    )
    expect(code).toBe('ECONNREFUSED')
  })

  it('await using closes it', async () => {
    let port = 0
    {
      await using listener = createListener({ handlers: handlerTable([]) })
      port = (await listener.listen({ port: 0 })).port
    }
    const code = await new Promise<string>((resolve) =>
      net.connect(port, '127.0.0.1').once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? '')),
    )
    expect(code).toBe('ECONNREFUSED')
  })
})

describe('kafkajs 2.2.4', () => {
  it('connects and reads the advertised versions with its own Broker (ApiVersions exchange)', async () => {
    const require = createRequire(import.meta.url)
    const Broker = require('kafkajs/src/broker')
    const ConnectionPool = require('kafkajs/src/network/connectionPool')
    const socketFactory = require('kafkajs/src/network/socketFactory')
    const { createLogger, LEVELS } = require('kafkajs/src/loggers')
    const logger = createLogger({ level: LEVELS.NOTHING, logCreator: () => () => {} })
    const { port } = await serve([stubHandler(0, { versions: [3, 12] }), stubHandler(3, { versions: [0, 13] })])
    const connectionPool = new ConnectionPool({
      host: '127.0.0.1',
      port,
      logger,
      socketFactory: socketFactory(),
      clientId: 'kafkajs-test',
      requestTimeout: 10_000,
      connectionTimeout: 10_000,
    })
    const broker = new Broker({ connectionPool, logger })
    try {
      await broker.connect()
      expect(broker.versions).toEqual({
        0: { minVersion: 0, maxVersion: 12 },
        3: { minVersion: 0, maxVersion: 13 },
        17: { minVersion: 0, maxVersion: 1 },
        18: { minVersion: 0, maxVersion: 4 },
      })
    } finally {
      await broker.disconnect()
    }
  })
})
