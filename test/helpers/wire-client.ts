/**
 * A raw Kafka wire client for tests: a TCP socket that sends bytes as given (whole frames built with
 * `encodeRequest`, or anything else) and splits what comes back into response frames by their size
 * prefix. It knows nothing about the protocol beyond the 4-byte prefix, so tests can send broken
 * frames and watch what the broker does: answer (`nextFrame`) or close (`closed`).
 */
import net from 'node:net'
import { decodeResponse, encodeRequest, type ApiKey, type RequestBodies, type ResponseBodies } from '../../src/protocol/index.js'

/** A connected raw client. */
export class WireClient {
  readonly socket: net.Socket
  /** Resolves when the socket has closed (either side). */
  readonly closed: Promise<void>
  #buffer: Buffer = Buffer.alloc(0)
  readonly #frames: Buffer[] = []
  #waiter: (() => void) | undefined
  #isClosed = false
  /** Total response bytes received. */
  bytesReceived = 0
  /** The client's port (kept: a destroyed socket no longer reports it). */
  readonly localPort: number

  private constructor(socket: net.Socket) {
    this.socket = socket
    this.localPort = socket.localPort ?? 0
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()))
    socket.on('data', (chunk: Buffer) => {
      this.bytesReceived += chunk.length
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk])
      while (this.#buffer.length >= 4) {
        const size = this.#buffer.readInt32BE(0)
        if (this.#buffer.length < 4 + size) break
        this.#frames.push(this.#buffer.subarray(4, 4 + size))
        this.#buffer = this.#buffer.subarray(4 + size)
      }
      this.#wake()
    })
    // Resets are expected when the broker closes a connection with unread bytes in it.
    socket.on('error', () => {})
    socket.on('close', () => {
      this.#isClosed = true
      this.#wake()
    })
  }

  /** Connects to `port` on `host`. */
  static connect(port: number, host = '127.0.0.1'): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host, noDelay: true })
      socket.once('error', reject)
      socket.once('connect', () => {
        socket.off('error', reject)
        resolve(new WireClient(socket))
      })
    })
  }

  /** Whether the socket has closed. */
  get isClosed(): boolean {
    return this.#isClosed
  }

  /** Response frames received and not yet taken. */
  get buffered(): number {
    return this.#frames.length
  }

  /** Sends raw bytes. */
  send(bytes: Buffer): void {
    this.socket.write(bytes)
  }

  /** Sends a request frame built with `encodeRequest`. */
  request<K extends ApiKey>(
    apiKey: K,
    apiVersion: number,
    correlationId: number,
    body: RequestBodies[K],
    clientId: string | null = 'test',
  ): void {
    this.send(encodeRequest(apiKey, apiVersion, correlationId, clientId, body))
  }

  /** The next response frame (without its size prefix), or null once the socket closed without one. */
  async nextFrame(): Promise<Buffer | null> {
    for (;;) {
      const frame = this.#frames.shift()
      if (frame !== undefined) return frame
      if (this.#isClosed) return null
      await new Promise<void>((resolve) => (this.#waiter = resolve))
    }
  }

  /** The next response, decoded as API `apiKey` at `apiVersion`; throws when the socket closed instead. */
  async response<K extends ApiKey>(apiKey: K, apiVersion: number): Promise<{ correlationId: number; body: ResponseBodies[K] }> {
    const frame = await this.nextFrame()
    if (frame === null) throw new Error('the connection closed instead of answering')
    return decodeResponse(apiKey, apiVersion, frame)
  }

  /** Resolves true when the broker closes the connection before sending another frame, false if a frame comes first. */
  async closesWithoutAnswer(): Promise<boolean> {
    return (await this.nextFrame()) === null
  }

  /** Closes the socket. */
  destroy(): void {
    this.socket.destroy()
  }

  #wake(): void {
    const waiter = this.#waiter
    this.#waiter = undefined
    waiter?.()
  }
}

/** The correlation id of a response frame (the first 4 bytes of every response header). */
export const correlationIdOf = (frame: Buffer): number => frame.readInt32BE(0)

/** Fields of {@link rawRequest}. */
export interface RawRequest {
  apiKey: number
  apiVersion: number
  correlationId: number
  clientId?: string
  /** Request header v2 (a tagged-field section after the client id) instead of v1. */
  flexibleHeader?: boolean
  /** The body bytes, as they are. */
  body?: Buffer
}

/**
 * A request frame built by hand (size prefix, header v1 or v2, the body as given), for API keys and
 * versions the codecs do not have.
 */
export function rawRequest(r: RawRequest): Buffer {
  const clientId = Buffer.from(r.clientId ?? 'test')
  const body = r.body ?? Buffer.alloc(0)
  const header = Buffer.alloc(10 + clientId.length + (r.flexibleHeader ? 1 : 0))
  header.writeInt16BE(r.apiKey, 0)
  header.writeInt16BE(r.apiVersion, 2)
  header.writeInt32BE(r.correlationId, 4)
  header.writeInt16BE(clientId.length, 8)
  clientId.copy(header, 10)
  // Header v2 ends with an empty tagged-field section (one varint 0), already zero.
  const size = Buffer.alloc(4)
  size.writeInt32BE(header.length + body.length)
  return Buffer.concat([size, header, body])
}
