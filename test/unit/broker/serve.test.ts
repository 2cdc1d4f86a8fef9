/**
 * `broker.listen()` (serve.ts): the endpoint each address advertises in Metadata (as given, the
 * bound port for port 0, the reached address for a wildcard host, `advertisedHost`/`advertisedPort`),
 * several addresses, argument checks, `KLOG_IO` for a port in use, `KLOG_CLOSED` after close, and
 * close() ending the listener before the logs.
 */
import { describe, expect, it } from 'vitest'
import { LogError } from '../../../src/index.js'
import { API_KEYS } from '../../../src/protocol/index.js'
import { createMetadataRequest } from '../../../src/protocol/messages/metadata-request.js'
import { Broker } from '../../../src/broker/index.js'
import { useTempDirs } from '../../helpers/temp-dir.js'
import { WireClient } from '../../helpers/wire-client.js'

const dirs = useTempDirs('kafka-lite-serve-')

async function advertised(port: number, host = '127.0.0.1'): Promise<[string, number]> {
  const c = await WireClient.connect(port, host)
  try {
    c.request(API_KEYS.Metadata, 12, 1, createMetadataRequest({ topics: [] }))
    const b = (await c.response(API_KEYS.Metadata, 12)).body.brokers[0]!
    return [b.host, b.port]
  } finally {
    c.destroy()
  }
}

describe('broker.listen()', () => {
  it('advertises the host as given and the bound port; a wildcard host advertises the address each client reached', async () => {
    await using broker = await Broker.open(dirs.make())
    const a = await broker.listen({ port: 0, host: 'localhost' })
    expect(a.port).toBeGreaterThan(0)
    expect(await advertised(a.port)).toEqual(['localhost', a.port])
    const w = await broker.listen({ port: 0, host: '0.0.0.0' })
    expect(await advertised(w.port)).toEqual(['127.0.0.1', w.port])
    const x = await broker.listen({ port: 0, advertisedHost: 'kafka.example', advertisedPort: 19092 })
    expect(await advertised(x.port)).toEqual(['kafka.example', 19092])
    expect(broker.addresses.map((b) => b.port)).toEqual([a.port, w.port, x.port])
  })

  it('checks its options; a port in use is KLOG_IO; after close() KLOG_CLOSED', async () => {
    const broker = await Broker.open(dirs.make())
    await expect(broker.listen({ port: 0, hots: 'x' } as never)).rejects.toThrow(TypeError)
    await expect(broker.listen({ port: 70000 })).rejects.toThrow(RangeError)
    await expect(broker.listen({ port: 0, advertisedPort: 0 })).rejects.toThrow(RangeError)
    const { port } = await broker.listen({ port: 0, limits: { maxConnections: 5 } })
    await expect(broker.listen({ port: 0, limits: { maxConnections: 5 } })).rejects.toThrow(RangeError)
    await expect(broker.listen({ port })).rejects.toMatchObject({ code: 'KLOG_IO' })
    await broker.close()
    const err: unknown = await broker.listen({ port: 0 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(LogError)
    expect((err as LogError).code).toBe('KLOG_CLOSED')
    // The listener is gone: connecting fails.
    await expect(WireClient.connect(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
  })
})
