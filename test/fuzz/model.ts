/**
 * The fuzz's model of the listener: what it must do with a connection's byte stream. Fed the bytes a
 * client sends, it says which requests reach a handler (and in which order), which are answered and
 * with which correlation ids, and whether the connection ends open, closed by the broker, or waiting
 * for the rest of a frame.
 *
 * It restates the listener's rules (docs/protocol.md, "Listener"; Kafka's SocketServer and
 * RequestContext) independently of src/broker/net: the size prefix bounds, then header, ApiVersions
 * of an unserved version answered, no handler or a version out of range closes, the body must decode,
 * then the handler module's own prediction (answer, no answer, close). It uses the protocol module's
 * decoder as the definition of "decodes" (the decoder has its own property and Kafka golden tests).
 */
import { API_KEYS, decodeRequestBody, parseRequestHeader, type DecodedRequest, type RequestFrame } from '../../src/protocol/index.js'
import type { Outcome } from './stub-handlers.js'

/** A request the model says reaches a handler of the module's table. */
export interface Dispatch {
  readonly apiKey: number
  readonly apiVersion: number
  readonly correlationId: number
  readonly outcome: Outcome
}

/** A response the model says comes back. */
export interface ExpectedResponse {
  readonly correlationId: number
  /** The API and version to decode it at. */
  readonly apiKey: number
  readonly apiVersion: number
}

/** How the stream ends. */
export type StreamEnd = 'open' | 'closed' | 'partial'

/** Incremental model of one connection. */
export class ConnectionModel {
  readonly dispatched: Dispatch[] = []
  readonly responses: ExpectedResponse[] = []
  /** Frames read whole (the listener parsed them), the closing one included. */
  framesRead = 0
  #bytes: Buffer = Buffer.alloc(0)
  #closed = false

  /**
   * @param ranges - the served versions by API key: the module's handlers and the built-ins
   *   (ApiVersions, SaslHandshake)
   * @param moduleKeys - the API keys whose handlers come from the module (the rest are built in)
   * @param predict - the module's prediction for a decoded request
   * @param maxRequestBytes - the listener's frame size limit
   */
  constructor(
    private readonly ranges: ReadonlyMap<number, readonly [number, number]>,
    private readonly moduleKeys: ReadonlySet<number>,
    private readonly predict: (request: DecodedRequest) => Outcome,
    private readonly maxRequestBytes: number,
  ) {}

  /** Whether the broker has closed (or must close) the connection. */
  get closed(): boolean {
    return this.#closed
  }

  /** How the stream ends if nothing more is sent. */
  get end(): StreamEnd {
    return this.#closed ? 'closed' : this.#bytes.length === 0 ? 'open' : 'partial'
  }

  /** Feeds bytes the client sends; processes every whole frame. */
  feed(bytes: Buffer): void {
    if (this.#closed) return
    this.#bytes = this.#bytes.length === 0 ? bytes : Buffer.concat([this.#bytes, bytes])
    while (!this.#closed && this.#bytes.length >= 4) {
      const size = this.#bytes.readInt32BE(0)
      if (size < 0 || size > this.maxRequestBytes) {
        this.#close()
        return
      }
      if (this.#bytes.length < 4 + size) return
      const frame = this.#bytes.subarray(4, 4 + size)
      this.#bytes = this.#bytes.subarray(4 + size)
      this.framesRead++
      this.#route(frame)
    }
  }

  #close(): void {
    this.#closed = true
    this.framesRead++
    this.#bytes = Buffer.alloc(0)
  }

  #route(frame: Buffer): void {
    let header: RequestFrame
    try {
      header = parseRequestHeader(frame)
    } catch {
      return this.#closeAfterRead()
    }
    const { apiKey, apiVersion, correlationId } = header
    if (apiKey === API_KEYS.ApiVersions && !header.supported) {
      this.responses.push({ correlationId, apiKey, apiVersion: 0 })
      return
    }
    const range = this.ranges.get(apiKey)
    if (range === undefined || apiVersion < range[0] || apiVersion > range[1]) return this.#closeAfterRead()
    let request: DecodedRequest
    try {
      request = decodeRequestBody(header)
    } catch {
      return this.#closeAfterRead()
    }
    const outcome = this.moduleKeys.has(apiKey) ? this.predict(request) : 'respond'
    if (this.moduleKeys.has(apiKey)) this.dispatched.push({ apiKey, apiVersion, correlationId, outcome })
    if (outcome === 'close') return this.#closeAfterRead()
    if (outcome === 'respond') this.responses.push({ correlationId, apiKey, apiVersion })
  }

  #closeAfterRead(): void {
    this.#closed = true
    this.#bytes = Buffer.alloc(0)
  }
}

/** FNV-1a over a connection's dispatches (API key, version, correlation id), as the fuzz server computes it. */
export function dispatchDigest(previous: number, apiKey: number, apiVersion: number, correlationId: number): number {
  let h = previous
  for (const n of [apiKey, apiVersion, correlationId]) {
    for (let i = 0; i < 4; i++) {
      h ^= (n >>> (i * 8)) & 0xff
      h = Math.imul(h, 0x01000193) >>> 0
    }
  }
  return h
}

/** The digest of no dispatch. */
export const EMPTY_DIGEST = 0x811c9dc5
