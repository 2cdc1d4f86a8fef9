/**
 * The listener's memory bounds, measured in a child process (test/helpers/listener-child.ts) so
 * that the figures are the broker's alone: `maxRSS` (peak resident set), `arrayBuffers` (bytes of
 * Buffers allocated, touched or not: an up-front allocation from a declared size would show here
 * even where it does not raise the RSS).
 *
 * - Declared sizes: connections that declare 100 MiB frames (Kafka's default limit) and send a few
 *   bytes cost those bytes, not 100 MiB each; a declaration above the limit closes the connection
 *   before its frame is read.
 * - A slow reader: a client that pipelines ApiVersions requests and never reads its responses makes
 *   the broker stop handling and reading its requests once `maxPendingResponseBytes` are unflushed;
 *   the broker's memory stays flat however much more the client sends, and when the client reads
 *   again every response arrives, in order.
 *
 * The figures are printed (the docs quote them); the assertions are bounds well above them and far
 * below what the unbounded behaviour would cost.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { encodeRequest } from '../../src/protocol/index.js'
import { startListenerChild, type ListenerChild } from '../helpers/listener-child.js'
import { WireClient } from '../helpers/wire-client.js'

const MiB = 1024 * 1024
const children: ListenerChild[] = []
const clients: WireClient[] = []
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy()
  for (const c of children.splice(0)) c.kill()
})

const mib = (bytes: number): string => `${(bytes / MiB).toFixed(1)} MiB`

async function until(condition: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20))
}

describe('declared frame sizes', () => {
  it('50 connections declaring 100 MiB frames and sending 1 KiB each cost what they sent; above the limit closes at once', async () => {
    const child = await startListenerChild({ handlers: 'none' })
    children.push(child)
    const declared = 100 * MiB
    for (let i = 0; i < 50; i++) {
      const client = await WireClient.connect(child.port)
      clients.push(client)
      const head = Buffer.alloc(4 + 1024, 1)
      head.writeInt32BE(declared, 0)
      client.send(head)
    }
    await until(async () => (await child.measure()).metrics.bufferedRequestBytes === 50 * (4 + 1024))
    const { memory, metrics } = await child.measure()
    expect(metrics.connections).toBe(50)
    const arrayBuffersGrowth = memory.arrayBuffers - child.baseline.arrayBuffers
    const rssGrowth = memory.maxRSS - child.baseline.maxRSS
    console.log(
      `declared 50 x 100 MiB, sent 50 x 1 KiB: arrayBuffers +${mib(arrayBuffersGrowth)}, maxRSS ${mib(memory.maxRSS)} (+${mib(rssGrowth)} over the idle listener)`,
    )
    // Each connection holds at most one 64 KiB staging buffer: about 3 MiB for 50, against 5000 MiB.
    expect(arrayBuffersGrowth).toBeLessThan(8 * MiB)
    expect(rssGrowth).toBeLessThan(64 * MiB)

    // Above the limit: closed as soon as the prefix arrives, with no byte of the frame sent.
    const over = await WireClient.connect(child.port)
    clients.push(over)
    const prefix = Buffer.alloc(4)
    prefix.writeInt32BE(declared + 1)
    over.send(prefix)
    expect(await over.closesWithoutAnswer()).toBe(true)
    expect((await child.measure()).metrics.connections).toBe(50)
  })
})

describe('a client that does not read its responses', () => {
  it('stops being read once its unflushed responses pass the bound; the broker stays flat; everything arrives in order later', async () => {
    // Stub handlers for every API: an ApiVersions v3 answer lists 31 APIs (~230 bytes).
    const child = await startListenerChild({ handlers: 'stubs' })
    children.push(child)
    const client = await WireClient.connect(child.port)
    clients.push(client)
    client.socket.pause()
    const ROUND = 10_000
    const round = (r: number): Buffer =>
      Buffer.concat(
        Array.from({ length: ROUND }, (_, i) =>
          encodeRequest(18, 3, r * ROUND + i, 'slow', { clientSoftwareName: 'slow', clientSoftwareVersion: '1' }),
        ),
      )
    // Rounds of 10,000 requests until the broker stops reading this client (the kernel's socket
    // buffers absorb the first megabytes), then 5 rounds more.
    let sent = 0
    let pausedAfter = -1
    for (let r = 0; r < 60 && (pausedAfter < 0 || r < pausedAfter + 5); r++) {
      client.send(round(r))
      sent += ROUND
      if (pausedAfter < 0) {
        // Let the broker catch up with this round (or stop): its count stops moving or it pauses.
        let last = -1
        for (;;) {
          await new Promise((resolve) => setTimeout(resolve, 50))
          const { metrics } = await child.measure()
          if (metrics.readingPaused > 0) {
            pausedAfter = r
            break
          }
          if (metrics.requests === last) break
          last = metrics.requests
        }
      }
    }
    expect(pausedAfter, 'the broker never stopped reading the client').toBeGreaterThanOrEqual(0)
    const { memory, metrics } = await child.measure()
    console.log(
      `slow reader: ${sent} requests sent, ${metrics.requests} read by the broker, ${mib(metrics.pendingResponseBytes)} unflushed, ` +
        `${mib(metrics.bufferedRequestBytes)} read ahead; broker maxRSS ${mib(memory.maxRSS)} (+${mib(memory.maxRSS - child.baseline.maxRSS)}), ` +
        `arrayBuffers +${mib(memory.arrayBuffers - child.baseline.arrayBuffers)}`,
    )
    expect(metrics.readingPaused).toBe(1)
    expect(metrics.requests).toBeLessThan(sent)
    // The bound plus at most one response over it.
    expect(metrics.pendingResponseBytes).toBeLessThanOrEqual(MiB + 1024)
    expect(metrics.bufferedRequestBytes).toBeLessThanOrEqual(MiB + 64 * 1024)
    // Unbounded, the broker would hold every response it could write (~230 bytes x requests sent).
    expect(memory.maxRSS - child.baseline.maxRSS).toBeLessThan(64 * MiB)

    client.socket.resume()
    const outOfOrder: number[] = []
    for (let i = 0; i < sent; i++) {
      const frame = await client.nextFrame()
      if (frame?.readInt32BE(0) !== i) outOfOrder.push(i)
    }
    expect(outOfOrder).toEqual([])
    expect(client.isClosed).toBe(false)
  })
})
