/**
 * A TCP proxy between Kafka clients and a broker that cuts connections at seeded random points
 * (test/kafka/idempotence-faults.test.ts).
 *
 * - Bytes from the client are forwarded as they arrive; bytes from the broker are forwarded frame by
 *   frame, so that Metadata responses can be rewritten: every broker in them is advertised at the
 *   proxy's own address, and the client never learns (nor uses) the broker's real one. Any target
 *   works unchanged (a real Kafka advertising its own port, our broker advertising its own).
 * - Each new connection draws from the seeded generator whether it will be cut (while fewer than
 *   `maxCuts` cuts happened), in which direction, and after how many bytes of that direction: the
 *   bytes before the cut point are delivered, the rest is dropped and both sockets are destroyed, so
 *   the broker sees a truncated request or the client a truncated response (or, when the point falls
 *   on a frame boundary, a whole request whose response never arrives). Each cut is recorded with
 *   whether it fell inside a frame.
 * - `dropResponse` can swallow responses (an acknowledged append whose acknowledgement is lost).
 * - The upstream address is asked for at each connection (`upstream()`), so a broker restarted on
 *   another port is followed; a refused upstream connection closes the client's.
 *
 * Which connection is cut, where, is a function of the seed and the connection's rank; when the
 * client opens its connections and how it splits its requests depend on timing, so a replay draws
 * the same plan, not necessarily the same run.
 *
 * Concurrency: the test process's event loop.
 */
import net from 'node:net'
import { decodeResponse, encodeResponse } from '../../../src/protocol/index.js'
import { mulberry32 } from '../../helpers/random.js'

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** Where the broker is, asked at each new connection. */
  upstream: () => { host: string; port: number }
  /** The seed of the cut plan. */
  seed: number
  /** No more cuts after this many. @default 0 (a plain proxy) */
  maxCuts?: number
  /** The chance that a new connection will be cut. @default 0.7 */
  cutChance?: number
  /** The largest cut point of a client-to-broker cut, in bytes. @default 40,000 */
  maxRequestBytes?: number
  /** The largest cut point of a broker-to-client cut, in bytes. @default 1,500 */
  maxResponseBytes?: number
  /** Called with the total client-to-broker bytes forwarded so far, after each forward. */
  onRequestBytes?: (total: number) => void
  /**
   * Asked for each whole response frame with its request's API key: true drops it (the client never
   * sees it; the connection stays open). @default never
   */
  dropResponse?: (apiKey: number) => boolean
}

/** One cut connection. */
export interface Cut {
  /** The connection's rank (0 = the first one accepted). */
  connection: number
  direction: 'request' | 'response'
  /** Bytes of that direction delivered before the cut. */
  at: number
  /** Whether the cut fell inside a frame (a truncated request or response). */
  midFrame: boolean
}

/** A running proxy. */
export interface FaultProxy {
  /** The port clients connect to (127.0.0.1). */
  readonly port: number
  /** The cuts so far. */
  readonly cuts: readonly Cut[]
  /** Connections accepted so far. */
  readonly connections: number
  /** Metadata responses rewritten so far. */
  readonly metadataRewrites: number
  /** Client-to-broker bytes forwarded so far. */
  readonly requestBytes: number
  /** Stops accepting and destroys every open connection. */
  close(): Promise<void>
}

const METADATA = 3

/** Starts a proxy on a free loopback port. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const rand = mulberry32(options.seed)
  const maxCuts = options.maxCuts ?? 0
  const cutChance = options.cutChance ?? 0.7
  const maxRequestBytes = options.maxRequestBytes ?? 40_000
  const maxResponseBytes = options.maxResponseBytes ?? 1_500
  const cuts: Cut[] = []
  const sockets = new Set<net.Socket>()
  let connections = 0
  let metadataRewrites = 0
  let requestBytes = 0
  let port = 0

  const server = net.createServer((client) => {
    const rank = connections++
    // The plan of this connection, drawn whether or not it is used, so ranks keep their plans.
    const willCut = rand() < cutChance
    const direction: Cut['direction'] = rand() < 0.5 ? 'request' : 'response'
    const point = 1 + Math.floor(rand() * (direction === 'request' ? maxRequestBytes : maxResponseBytes))
    let budget = willCut && cuts.length < maxCuts ? { direction, point } : undefined

    const target = options.upstream()
    const broker = net.connect(target.port, target.host)
    sockets.add(client).add(broker)
    let closed = false
    const closeBoth = (): void => {
      if (closed) return
      closed = true
      client.destroy()
      broker.destroy()
      sockets.delete(client)
      sockets.delete(broker)
    }
    client.on('error', closeBoth).on('close', closeBoth)
    broker.on('error', closeBoth).on('close', closeBoth)
    client.pause()
    broker.once('connect', () => client.resume())

    // Client → broker: forwarded as it comes; frames parsed on the side for their API keys.
    const inflight = new Map<number, { apiKey: number; apiVersion: number }>()
    let reqPending: Buffer = Buffer.alloc(0)
    let reqSent = 0
    /** Offsets (in request bytes) where the frames seen so far end. */
    const reqBoundaries = new Set<number>([0])
    let reqParsed = 0
    client.on('data', (chunk: Buffer) => {
      if (closed) return
      reqPending = Buffer.concat([reqPending, chunk])
      while (reqPending.length >= 4 && reqPending.length >= 4 + reqPending.readInt32BE(0)) {
        const size = reqPending.readInt32BE(0)
        if (size >= 8) inflight.set(reqPending.readInt32BE(8), { apiKey: reqPending.readInt16BE(4), apiVersion: reqPending.readInt16BE(6) })
        reqParsed += 4 + size
        reqBoundaries.add(reqParsed)
        reqPending = reqPending.subarray(4 + size)
      }
      if (budget?.direction === 'request' && reqSent + chunk.length >= budget.point) {
        const keep = budget.point - reqSent
        budget = undefined
        cutAfter(broker, chunk.subarray(0, keep), { connection: rank, direction: 'request', at: reqSent + keep, midFrame: false })
        const cut = cuts.at(-1)!
        // Boundaries of frames that arrive whole in this chunk are known now.
        cut.midFrame = !reqBoundaries.has(cut.at)
        requestBytes += keep
        options.onRequestBytes?.(requestBytes)
        return
      }
      reqSent += chunk.length
      requestBytes += chunk.length
      broker.write(chunk)
      options.onRequestBytes?.(requestBytes)
    })

    // Broker → client: whole frames, Metadata rewritten.
    let resPending: Buffer = Buffer.alloc(0)
    let resSent = 0
    broker.on('data', (chunk: Buffer) => {
      if (closed) return
      resPending = Buffer.concat([resPending, chunk])
      while (!closed && resPending.length >= 4 && resPending.length >= 4 + resPending.readInt32BE(0)) {
        let frame: Buffer = resPending.subarray(0, 4 + resPending.readInt32BE(0))
        resPending = resPending.subarray(frame.length)
        const correlationId = frame.readInt32BE(4)
        const request = inflight.get(correlationId)
        inflight.delete(correlationId)
        if (request !== undefined && options.dropResponse?.(request.apiKey) === true) continue
        if (request?.apiKey === METADATA) {
          const { body } = decodeResponse(METADATA, request.apiVersion, frame.subarray(4))
          for (const b of body.brokers) {
            b.host = '127.0.0.1'
            b.port = port
          }
          frame = encodeResponse(METADATA, request.apiVersion, correlationId, body)
          metadataRewrites++
        }
        if (budget?.direction === 'response' && resSent + frame.length >= budget.point) {
          const keep = budget.point - resSent
          budget = undefined
          cutAfter(client, frame.subarray(0, keep), {
            connection: rank,
            direction: 'response',
            at: resSent + keep,
            midFrame: keep < frame.length,
          })
          return
        }
        resSent += frame.length
        client.write(frame)
      }
    })

    /** Delivers `last` to `socket`, then destroys both sockets. */
    function cutAfter(socket: net.Socket, last: Buffer, cut: Cut): void {
      cuts.push(cut)
      closed = true
      socket.write(last, () => {
        client.destroy()
        broker.destroy()
        sockets.delete(client)
        sockets.delete(broker)
      })
    }
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as net.AddressInfo).port
  return {
    port,
    cuts,
    get connections() {
      return connections
    },
    get metadataRewrites() {
      return metadataRewrites
    },
    get requestBytes() {
      return requestBytes
    },
    async close() {
      for (const s of sockets) s.destroy()
      sockets.clear()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
