/**
 * The broker's TCP listener: accepts Kafka clients on one or more addresses and serves them through
 * a handler table (handler.ts), one {@link Connection} per socket.
 *
 * - `listen()` binds `127.0.0.1` unless told otherwise: the listener speaks plaintext only (no TLS,
 *   no SASL), so it is meant for the loopback interface or a trusted network. Each call adds an
 *   address (Kafka's listeners); the limits and the handlers are shared.
 * - ApiVersions is answered by the listener from the table (handlers/api-versions.ts), SaslHandshake
 *   with Kafka's answer for a listener without SASL (handlers/sasl-handshake.ts) unless the table
 *   brings its own.
 * - Beyond `maxConnections` open connections, a new connection is closed as soon as it is accepted.
 * - `close()`: stops accepting (every address), stops reading every connection, aborts every
 *   connection's signal, waits for the handlers in flight to finish (their answers are still sent
 *   when the socket can take them), then destroys the sockets. It resolves once no handler of this
 *   listener is running, so its owner may close the logs behind the handlers next. Idempotent;
 *   `await using` works too. A handler must honour `context.signal` for close() to be prompt.
 *
 * Concurrency: the listener's thread (the thread that created it).
 */
import net from 'node:net'
import { checkKeys } from '../../base/check-keys.js'
import { LogError } from '../../index.js'
import { API_KEYS } from '../../protocol/index.js'
import { Connection } from './connection.js'
import { publishAcceptFailed, publishConnectionClosed } from './events.js'
import { checkHandler, type AnyApiHandler, type HandlerTable } from './handler.js'
import { apiVersionsHandler } from './handlers/api-versions.js'
import { saslHandshakeHandler } from './handlers/sasl-handshake.js'
import { resolveListenerLimits, type ListenerLimits, type ResolvedListenerLimits } from './limits.js'

/** Options of {@link createListener}. */
export interface ListenerOptions {
  /**
   * The handlers, by API key (see {@link handlerTable}). ApiVersions must not be in it: the listener
   * answers it from this table.
   */
  handlers: HandlerTable
  /** The limits; see {@link ListenerLimits} for each default. */
  limits?: ListenerLimits
}

/** Options of {@link Listener.listen}. */
export interface ListenOptions {
  /**
   * The address to bind. The listener has no TLS and no SASL: bind beyond loopback only on a trusted
   * network.
   * @default '127.0.0.1'
   */
  host?: string
  /**
   * The port; 0 lets the operating system pick a free one (read it from the result).
   * @default 9092
   */
  port?: number
  /** The accept backlog (`net.Server.listen`'s). @default 511 */
  backlog?: number
}

/** What {@link Listener.metrics} returns. */
export interface ListenerMetrics {
  /** Connections open. */
  readonly connections: number
  /** Connections whose reading is paused (backpressure: a client not reading, or read-ahead full). */
  readonly readingPaused: number
  /** Request bytes received and not yet handled, over all connections. */
  readonly bufferedRequestBytes: number
  /** Response bytes written and not yet flushed to the kernel, over all connections. */
  readonly pendingResponseBytes: number
  /** Requests read since the listener was created (handled, answered at once, or closed on). */
  readonly requests: number
}

/** An address the listener accepts connections on. */
export interface ListenerAddress {
  /** The bound address. */
  readonly host: string
  /** The bound port. */
  readonly port: number
  /** `IPv4` or `IPv6`. */
  readonly family: string
}

/**
 * Creates a listener serving `options.handlers`. It accepts nothing until {@link Listener.listen}.
 * @throws TypeError or RangeError for malformed options, handlers or limits
 */
export function createListener(options: ListenerOptions): Listener {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object')
  checkKeys(options, ['handlers', 'limits'], 'options')
  return new Listener(servedTable(options.handlers), resolveListenerLimits(options.limits))
}

/** The table served: the caller's handlers (checked), SaslHandshake unless given, then ApiVersions. */
function servedTable(handlers: unknown): HandlerTable {
  if (!(handlers instanceof Map)) throw new TypeError('options.handlers must be a Map of API key to handler (see handlerTable())')
  const table = new Map<number, AnyApiHandler>()
  for (const [apiKey, handler] of handlers as Map<unknown, AnyApiHandler>) {
    if (typeof apiKey !== 'number') throw new TypeError('options.handlers keys must be API keys (numbers)')
    if (apiKey === API_KEYS.ApiVersions)
      throw new RangeError('ApiVersions is answered by the listener from the handler table; do not give a handler for it')
    checkHandler(apiKey, handler)
    table.set(apiKey, handler)
  }
  if (!table.has(API_KEYS.SaslHandshake)) table.set(API_KEYS.SaslHandshake, saslHandshakeHandler)
  table.set(API_KEYS.ApiVersions, apiVersionsHandler(table))
  return table
}

/** A Kafka protocol listener. Create it with {@link createListener}. */
export class Listener implements AsyncDisposable {
  readonly #table: HandlerTable
  readonly #limits: ResolvedListenerLimits
  readonly #servers = new Set<net.Server>()
  readonly #addresses: ListenerAddress[] = []
  // Connections not yet settled (socket closed and no handler running).
  readonly #live = new Set<Connection>()
  #open = 0
  #nextIndex = 0
  #requestsOfClosed = 0
  #closing: Promise<void> | undefined

  /** @internal */
  constructor(table: HandlerTable, limits: ResolvedListenerLimits) {
    this.#table = table
    this.#limits = limits
  }

  /** The addresses listened on, in the order `listen()` bound them. */
  get addresses(): readonly ListenerAddress[] {
    return [...this.#addresses]
  }

  /** Connections open now (accepted and not yet closed). */
  get connections(): number {
    return this.#open
  }

  /**
   * A snapshot of the listener's load, summed over its connections: what the limits bound.
   * Computed on demand (a walk over the connections).
   */
  metrics(): ListenerMetrics {
    let readingPaused = 0
    let bufferedRequestBytes = 0
    let pendingResponseBytes = 0
    let requests = this.#requestsOfClosed
    for (const c of this.#live) {
      if (c.readingPaused) readingPaused++
      bufferedRequestBytes += c.bufferedRequestBytes
      pendingResponseBytes += c.pendingResponseBytes
      requests += c.requests
    }
    return { connections: this.#open, readingPaused, bufferedRequestBytes, pendingResponseBytes, requests }
  }

  /** The limits in force, defaults applied. */
  get limits(): ResolvedListenerLimits {
    return this.#limits
  }

  /** The handler table served, ApiVersions and SaslHandshake included. */
  get handlers(): HandlerTable {
    return this.#table
  }

  /**
   * Starts accepting connections on an address. Each call adds an address.
   * @param options - host (default `'127.0.0.1'`), port (default 9092; 0 for any free port), backlog
   * @returns the bound address (with the port the OS picked for port 0)
   * @throws TypeError or RangeError for malformed options
   * @throws {@link LogError} `KLOG_CLOSED` after `close()`, `KLOG_IO` when the address cannot be bound
   *   (`cause` holds Node's error: `EADDRINUSE`, `EACCES`, ...)
   */
  listen(options: ListenOptions = {}): Promise<ListenerAddress> {
    if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object')
    checkKeys(options, ['host', 'port', 'backlog'], 'listen options')
    const { host = '127.0.0.1', port = 9092, backlog = 511 } = options
    if (typeof host !== 'string' || host === '') throw new TypeError('host must be a non-empty string')
    if (typeof port !== 'number') throw new TypeError('port must be a number')
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError('port must be an integer from 0 to 65535')
    if (typeof backlog !== 'number') throw new TypeError('backlog must be a number')
    if (!Number.isInteger(backlog) || backlog < 1) throw new RangeError('backlog must be a positive integer')
    return this.#listen(host, port, backlog)
  }

  async #listen(host: string, port: number, backlog: number): Promise<ListenerAddress> {
    if (this.#closing !== undefined) throw new LogError('KLOG_CLOSED', 'the listener is closed')
    const server = net.createServer()
    this.#servers.add(server)
    server.on('connection', (socket) => this.#accept(socket))
    const closed = (): LogError => new LogError('KLOG_CLOSED', 'the listener was closed while listen() was binding')
    await new Promise<void>((resolve, reject) => {
      const settle = (error?: LogError): void => {
        server.off('error', onError)
        server.off('close', onClose)
        if (error === undefined) resolve()
        else {
          this.#servers.delete(server)
          reject(error)
        }
      }
      const onError = (cause: Error): void =>
        settle(new LogError('KLOG_IO', `cannot listen on ${host}:${port}: ${cause.message}`, { cause }))
      // close() before the bind completed: Node cancels the pending bind and never calls back.
      const onClose = (): void => settle(closed())
      server.once('error', onError)
      server.once('close', onClose)
      server.listen({ host, port, backlog }, () => settle())
    })
    const bound = server.address() as net.AddressInfo
    // Accept failures (EMFILE, ...) are emitted on the server (an unhandled 'error' would crash the
    // process); the connection that failed was never accepted, so reporting it is all there is to do.
    server.on('error', (error) => publishAcceptFailed({ host: bound.address, port: bound.port, error }))
    if (this.#closing !== undefined) {
      // close() ran after the bind completed but before this continuation: its server.close() has
      // closed this server too.
      throw closed()
    }
    const address: ListenerAddress = Object.freeze({ host: bound.address, port: bound.port, family: bound.family })
    this.#addresses.push(address)
    return address
  }

  /**
   * Stops accepting, lets in-flight handlers finish (their connections' signals are aborted), closes
   * every connection. Idempotent: later calls return the same promise.
   */
  close(): Promise<void> {
    return (this.#closing ??= this.#close())
  }

  /** Same as {@link Listener.close}. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }

  async #close(): Promise<void> {
    const servers = [...this.#servers].map((server) => new Promise<void>((resolve) => server.close(() => resolve())))
    await Promise.all([...this.#live].map((connection) => connection.shutdown()))
    await Promise.all(servers)
  }

  #accept(socket: net.Socket): void {
    if (this.#closing !== undefined) {
      socket.destroy()
      return
    }
    if (this.#open >= this.#limits.maxConnections) {
      publishConnectionClosed({
        connectionId: `${socket.localAddress ?? ''}:${socket.localPort ?? 0}-${socket.remoteAddress ?? ''}:${socket.remotePort ?? 0}-refused`,
        remoteAddress: socket.remoteAddress ?? '',
        remotePort: socket.remotePort ?? 0,
        reason: 'connection-limit',
      })
      // A socket being destroyed may still report ECONNRESET: it must not go unhandled.
      socket.on('error', () => {})
      socket.destroy()
      return
    }
    this.#open++
    const connection = new Connection({ socket, index: this.#nextIndex++, table: this.#table, limits: this.#limits })
    this.#live.add(connection)
    void connection.socketClosed.then(() => this.#open--)
    void connection.settled().then(() => {
      this.#live.delete(connection)
      this.#requestsOfClosed += connection.requests
    })
  }
}
