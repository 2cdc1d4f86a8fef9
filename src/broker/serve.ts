/**
 * A broker on a TCP port: builds the handler table from a broker (net/handlers/index.ts) and serves
 * it with the listener (net/listener.ts). `Broker.listen()` is the public way in; this module is its
 * glue, kept out of `broker.ts`.
 *
 * Each `listen()` binds one more address; every address advertises one endpoint in Metadata
 * responses (Kafka's advertised listener), chosen by the local port a request arrived on:
 * `advertisedHost`/`advertisedPort` when given, else the host as given to `listen()` (a wildcard
 * address, `0.0.0.0` or `::`, advertises the local address the client reached instead) and the bound
 * port (the one the OS picked for port 0).
 *
 * Plaintext only (no TLS, no SASL): `host` defaults to the loopback address.
 *
 * Concurrency: the broker's thread.
 */
import { checkKeys } from '../base/check-keys.js'
import { brokerHandlerTable, type Endpoint, type ServedBroker } from './net/handlers/index.js'
import { adminHandlers } from './net/handlers/admin.js'
import type { AdminBroker } from './net/handlers/admin-broker.js'
import { createListener, type Listener, type ListenerAddress } from './net/listener.js'
import type { AnyApiHandler, RequestContext } from './net/handler.js'
import type { ListenerLimits } from './net/limits.js'

/** Options of `broker.listen()`. */
export interface BrokerListenOptions {
  /**
   * The address to bind. The listener has no TLS and no SASL: bind beyond loopback only on a trusted
   * network.
   * @default '127.0.0.1'
   */
  host?: string
  /** The port; 0 lets the operating system pick a free one (read it from the result). @default 9092 */
  port?: number
  /**
   * The host name clients are told to connect to (Metadata's broker list: Kafka's
   * `advertised.listeners`). @default `host`; for a wildcard `host`, the local address the client reached
   */
  advertisedHost?: string
  /** The port clients are told to connect to. @default the bound port */
  advertisedPort?: number
  /**
   * The listener's limits (request size, connections, idle timeout, backpressure bounds); given to
   * the first `listen()` only (every address shares them). @default see `ListenerLimits`
   */
  limits?: ListenerLimits
}

const WILDCARDS = new Set(['0.0.0.0', '::', '::0', '0:0:0:0:0:0:0:0'])

/** The listener of one broker and the endpoints its addresses advertise. */
export class BrokerServer {
  readonly #listener: Listener
  /** By bound port: the endpoint advertised (no host: the local address a client reached). */
  readonly #endpoints = new Map<number, { host: string | undefined; port: number }>()

  /**
   * @param broker - the broker served
   * @param limits - the listener's limits
   * @param extraHandlers - handler lists served besides the broker core's and the admin APIs (the
   *   groups), made from the endpoint this server advertises for a connection
   */
  constructor(
    broker: ServedBroker & AdminBroker,
    limits: ListenerLimits | undefined,
    extraHandlers: (endpoint: (context: RequestContext) => Endpoint) => Iterable<readonly AnyApiHandler[]> = () => [],
  ) {
    const endpoint = (context: RequestContext): Endpoint => this.#endpoint(context)
    // The admin APIs are served by every served broker; DescribeCluster lists what Metadata advertises.
    const handlers = brokerHandlerTable({ broker, endpoint }, [adminHandlers(broker, { endpoint }), ...extraHandlers(endpoint)])
    this.#listener = createListener({ handlers, ...(limits === undefined ? {} : { limits }) })
  }

  /** The listener (addresses, connections, metrics). */
  get listener(): Listener {
    return this.#listener
  }

  /**
   * Binds one more address.
   * @throws TypeError / RangeError for malformed options
   * @throws LogError `KLOG_IO` (the address cannot be bound: `cause` has Node's error), `KLOG_CLOSED`
   */
  async listen(options: Omit<BrokerListenOptions, 'limits'>): Promise<ListenerAddress> {
    const { host = '127.0.0.1', port = 9092, advertisedHost, advertisedPort } = options
    if (advertisedHost !== undefined && (typeof advertisedHost !== 'string' || advertisedHost === '')) {
      throw new TypeError('advertisedHost must be a non-empty string')
    }
    if (advertisedPort !== undefined && (!Number.isInteger(advertisedPort) || advertisedPort < 1 || advertisedPort > 65535)) {
      throw new RangeError('advertisedPort must be an integer from 1 to 65535')
    }
    const address = await this.#listener.listen({ host, port })
    // A wildcard address has no one host to advertise: each client is told the address it reached.
    const advertised = advertisedHost ?? (WILDCARDS.has(host) ? undefined : host)
    this.#endpoints.set(address.port, { host: advertised, port: advertisedPort ?? address.port })
    return address
  }

  #endpoint(context: RequestContext): Endpoint {
    const e = this.#endpoints.get(context.localPort) ?? { host: undefined, port: context.localPort }
    if (e.host !== undefined) return { host: e.host, port: e.port }
    const local = context.localAddress.startsWith('::ffff:') ? context.localAddress.slice(7) : context.localAddress
    return { host: local, port: e.port }
  }

  /** Stops accepting and closes every connection after its request in flight (see `Listener.close`). */
  close(): Promise<void> {
    return this.#listener.close()
  }
}

/** Checks `broker.listen()` options (the keys; the listener and the server check the values). */
export function checkListenOptions(options: unknown): asserts options is BrokerListenOptions {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object')
  checkKeys(options, ['host', 'port', 'advertisedHost', 'advertisedPort', 'limits'], 'listen options')
}
