/**
 * One client connection: reads request frames, hands them to handlers one at a time, writes the
 * responses in request order, and closes the connection on anything it cannot trust.
 *
 * Ordering: requests of one connection are handled sequentially, in arrival order, as Kafka does
 * (a Kafka channel is muted from the moment a request is read until its response is sent). Clients
 * are written for this: an idempotent producer pipelines up to 5 produce requests and relies on them
 * being appended in order; a consumer's commit follows its fetch. So responses are in request order
 * by construction, and a handler never runs concurrently with another handler of its connection.
 * (Handling pipelined requests concurrently and reordering the answers would let a slow request
 * overtake... nothing a client can use, while making every handler responsible for per-partition
 * ordering.) Connections are independent of each other.
 *
 * Bounded memory (limits.ts): the frame reader holds what was received and not yet handled. While a
 * request is being handled, reading stops once `maxQueuedRequestBytes` are buffered; while no request
 * is being handled, reading continues (the next frame must arrive), bounded by the frame size limit.
 * Response bytes written to the socket and not yet flushed are counted (each write's callback
 * subtracts its bytes once the kernel has them); above `maxPendingResponseBytes` the connection
 * stops handling requests and stops reading until the client reads. So a client that pipelines
 * requests and never reads its responses is left with a stalled connection (closed by the idle
 * timeout), not a growing broker.
 *
 * Fairness: a connection yields to the event loop (setImmediate) after 32 requests handled without
 * one, so a client that floods cheap pipelined requests cannot starve the others.
 *
 * What closes the connection (events.ts has the reasons): an invalid size prefix, a malformed header
 * or body, an API key without a handler, a version outside the handler's range (except ApiVersions,
 * answered with UNSUPPORTED_VERSION), a handler that throws or returns `CLOSE_CONNECTION` or a body
 * that cannot be encoded, the peer closing or resetting, the idle timeout, `listener.close()`.
 * A frame that closes the connection reaches no handler, so it touches no log; frames after it are
 * never read. A handler already running when its connection closes runs to completion (its answer is
 * dropped) and sees `context.signal` aborted.
 *
 * Concurrency: the socket's event handlers and the handlers' continuations, on the listener's
 * thread.
 */
import type { Socket } from 'node:net'
import { encodeResponse, type ApiKey } from '../../protocol/index.js'
import { routeRequest, type Route } from './dispatch.js'
import { publishConnectionClosed, type CloseReason } from './events.js'
import { FrameReader } from './frame-reader.js'
import { CLOSE_CONNECTION, NO_RESPONSE, type ApiRequest, type HandlerResult, type HandlerTable, type RequestContext } from './handler.js'
import { isValidClientSoftware } from './handlers/api-versions.js'
import type { ResolvedListenerLimits } from './limits.js'

// Requests handled in a row before the connection yields to the event loop.
const YIELD_EVERY = 32

// A handler seen through the union of API keys: the route pairs it with a request of its own API.
interface UntypedHandler {
  handle(request: ApiRequest<ApiKey>, context: RequestContext): Promise<HandlerResult<ApiKey>> | HandlerResult<ApiKey>
}

/** What a {@link Connection} needs. */
export interface ConnectionOptions {
  /** The accepted socket. */
  readonly socket: Socket
  /** A listener-wide index, for the connection id. */
  readonly index: number
  /** Every handler served (built-ins included). */
  readonly table: HandlerTable
  /** The limits. */
  readonly limits: ResolvedListenerLimits
}

/** One accepted connection. Created by the listener. */
export class Connection {
  /** The connection id (Kafka's form). */
  readonly id: string
  /** What handlers receive as their context. */
  readonly context: RequestContext
  /** Resolves when the socket has closed. */
  readonly socketClosed: Promise<void>

  readonly #socket: Socket
  readonly #table: HandlerTable
  readonly #limits: ResolvedListenerLimits
  readonly #reader: FrameReader
  readonly #abort = new AbortController()
  // A handler is running (at most one per connection).
  #handling = false
  #inFlight: Promise<void> = Promise.resolve()
  // Response bytes handed to the socket whose write callback has not run yet.
  #pendingResponseBytes = 0
  // Handling was stopped by `#pendingResponseBytes`; a write callback resumes it.
  #waitingForFlush = false
  #readingPaused = false
  // Requests handled since the last event-loop turn, and whether a resume is scheduled.
  #streak = 0
  #yielded = false
  // No new request is handled (closing or closed).
  #closing = false
  // The socket was destroyed (or closed by the peer).
  #closed = false
  #clientSoftware: { readonly name: string; readonly version: string } | undefined
  #requests = 0

  /** @internal */
  constructor(options: ConnectionOptions) {
    const { socket, index, table, limits } = options
    this.#socket = socket
    this.#table = table
    this.#limits = limits
    this.#reader = new FrameReader(limits.maxRequestBytes)
    const remoteAddress = socket.remoteAddress ?? ''
    const remotePort = socket.remotePort ?? 0
    const localAddress = socket.localAddress ?? ''
    const localPort = socket.localPort ?? 0
    this.id = `${localAddress}:${localPort}-${remoteAddress}:${remotePort}-${index}`
    const clientSoftware = (): RequestContext['clientSoftware'] => this.#clientSoftware
    this.context = Object.freeze({
      connectionId: this.id,
      remoteAddress,
      remotePort,
      localAddress,
      localPort,
      get clientSoftware() {
        return clientSoftware()
      },
      signal: this.#abort.signal,
    })
    this.socketClosed = new Promise((resolve) => socket.once('close', () => resolve()))

    socket.setNoDelay(true)
    socket.setKeepAlive(true)
    if (limits.connectionsMaxIdleMs !== Infinity) socket.setTimeout(limits.connectionsMaxIdleMs)
    socket.on('data', (chunk: Buffer) => this.#onData(chunk))
    socket.on('end', () => this.close('peer-closed'))
    socket.on('error', (error) => this.close('socket-error', { error }))
    socket.on('close', () => this.close('peer-closed'))
    socket.on('timeout', () => this.#onTimeout())
  }

  /** Whether reading from the socket is paused (backpressure or closing). */
  get readingPaused(): boolean {
    return this.#readingPaused
  }

  /** Bytes received and not yet handled (a partial frame and whole frames read ahead). */
  get bufferedRequestBytes(): number {
    return this.#reader.bufferedBytes
  }

  /** Response bytes written to the socket and not yet flushed to the kernel. */
  get pendingResponseBytes(): number {
    return this.#pendingResponseBytes
  }

  /** Requests routed so far (handled, answered at once, or closed on). */
  get requests(): number {
    return this.#requests
  }

  /**
   * Resolves once the socket has closed and no handler of this connection is running (a handler
   * running when the connection closed has finished).
   */
  async settled(): Promise<void> {
    await this.socketClosed
    await this.#inFlight
  }

  /**
   * Closes the connection now: publishes why, aborts `context.signal`, drops what was buffered and
   * destroys the socket. A running handler finishes; its answer is dropped. Idempotent.
   */
  close(reason: CloseReason, details: { error?: unknown; apiKey?: number; apiVersion?: number } = {}): void {
    if (this.#closed) return
    this.#closed = true
    this.#closing = true
    publishConnectionClosed({
      connectionId: this.id,
      remoteAddress: this.context.remoteAddress,
      remotePort: this.context.remotePort,
      reason,
      ...details,
    })
    this.#abort.abort()
    this.#reader.clear()
    this.#socket.setTimeout(0)
    this.#socket.destroy()
  }

  /**
   * The listener's close: stops reading and handling new requests, aborts `context.signal`, lets the
   * running handler (if any) finish and sends its answer, then closes. Resolves once settled.
   */
  async shutdown(): Promise<void> {
    if (!this.#closing) {
      this.#closing = true
      this.#pauseReading(true)
      this.#abort.abort()
      await this.#inFlight
      this.close('listener-closed')
    }
    await this.settled()
  }

  #onData(chunk: Buffer): void {
    if (this.#closing) return
    this.#reader.push(chunk)
    this.#pump()
  }

  #onTimeout(): void {
    // A request being handled is not idleness (a long poll may outlast the timeout): re-arm.
    if (this.#handling) this.#socket.setTimeout(this.#limits.connectionsMaxIdleMs)
    else this.close('idle')
  }

  /** Handles buffered requests until one is in flight, none is complete, or backpressure applies. */
  #pump(): void {
    while (!this.#closing && !this.#handling && !this.#yielded) {
      if (this.#pendingResponseBytes > this.#limits.maxPendingResponseBytes) {
        this.#waitingForFlush = true
        break
      }
      if (this.#streak >= YIELD_EVERY) {
        this.#yielded = true
        setImmediate(() => {
          this.#yielded = false
          this.#streak = 0
          this.#pump()
        })
        break
      }
      let frame: Buffer | undefined
      try {
        frame = this.#reader.next()
      } catch (error) {
        this.close('invalid-frame-size', { error })
        return
      }
      if (frame === undefined) {
        // Waiting for bytes: the next data event starts a new event-loop turn.
        this.#streak = 0
        break
      }
      this.#streak++
      this.#requests++
      this.#dispatch(routeRequest(frame, this.#table))
    }
    this.#updateReading()
  }

  #dispatch(route: Route): void {
    switch (route.kind) {
      case 'close':
        this.close(route.reason, { error: route.error, apiKey: route.apiKey, apiVersion: route.apiVersion })
        return
      case 'respond':
        this.#write(route.response)
        return
      case 'handle':
        this.#handling = true
        this.#inFlight = this.#handle(route.handler, route.request)
    }
  }

  /** Runs one handler and sends its answer. Never rejects. */
  async #handle(handler: UntypedHandler, request: ApiRequest<ApiKey>): Promise<void> {
    const { apiKey, apiVersion, correlationId } = request
    if (apiKey === 18 && apiVersion >= 3) {
      // KIP-511: Kafka's network layer records the client's software from a valid ApiVersions.
      const { clientSoftwareName: name, clientSoftwareVersion: version } = request.body as {
        clientSoftwareName: string
        clientSoftwareVersion: string
      }
      if (isValidClientSoftware(name, version)) this.#clientSoftware = Object.freeze({ name, version })
    }
    let response: Buffer | undefined
    try {
      const result = await handler.handle(request, this.context)
      if (this.#closed) return
      if (result === CLOSE_CONNECTION) {
        this.close('handler-closed', { apiKey, apiVersion })
        return
      }
      if (result !== NO_RESPONSE) response = encodeResponse(apiKey, apiVersion, correlationId, result)
    } catch (error) {
      this.close('handler-error', { error, apiKey, apiVersion })
      return
    } finally {
      this.#handling = false
    }
    if (response !== undefined) this.#write(response)
    this.#pump()
  }

  #write(frame: Buffer): void {
    if (this.#closed) return
    const size = frame.length
    this.#pendingResponseBytes += size
    this.#socket.write(frame, () => {
      // Runs once the bytes are flushed to the kernel (or with an error once the socket is gone).
      this.#pendingResponseBytes -= size
      if (this.#waitingForFlush && this.#pendingResponseBytes <= this.#limits.maxPendingResponseBytes) {
        this.#waitingForFlush = false
        this.#pump()
      }
    })
  }

  /** Stops reading when the connection cannot take more, resumes when it can. */
  #updateReading(): void {
    if (this.#closed) return
    const backlogged = this.#pendingResponseBytes > this.#limits.maxPendingResponseBytes
    const busy = this.#handling || this.#yielded
    const full = busy && this.#reader.bufferedBytes >= this.#limits.maxQueuedRequestBytes
    this.#pauseReading(this.#closing || backlogged || full)
  }

  #pauseReading(pause: boolean): void {
    if (pause === this.#readingPaused) return
    this.#readingPaused = pause
    if (pause) this.#socket.pause()
    else this.#socket.resume()
  }
}
