/**
 * LogTable: the latest record per key of a log (Kafka Streams' `KTable` over a compacted topic),
 * materialised in memory by `log.table()`: built by a scan from the log start, then kept current by
 * following the log. A record with a key sets it; a tombstone (`null` value) deletes it; keyless
 * records are skipped.
 *
 * Layout: one `Map` from the key's stored bytes (as a latin1 string: one character per byte, so any
 * key, whatever its encoding, is exact and compact) to the decoded record. Keys and values are copied
 * out of the read buffers (or decoded into new objects), so the table never pins a read buffer.
 *
 * Shape changes: the table reads through one `LogReader` with `onOutOfRange: 'error'`; a truncation
 * below its position (or retention past it) makes the next read reject with
 * `KLOG_OFFSET_OUT_OF_RANGE`, and the table is then rebuilt from the log start (the records it held
 * may no longer be the log's). Compaction swaps change no offset at or after the table's position
 * and keep the latest record of every key before it, so the table stays as it is.
 *
 * Concurrency: reads are serialised (`#serial`): the background follower and `catchUp()` take turns,
 * so `catchUp()` reads whatever the follower has not yet applied. The follower wakes on the
 * writer's publication (the log's `waitForChange`), never a timer. Same thread as its `Log`.
 */
import { LogError, closedError, guardPublicMethods } from '../base/errors.js'
import type { EncodedInput } from '../base/encoding.js'
import type { LogRecord } from '../format/record.js'
import { decodeField, type RecordDecoding } from '../read/decode.js'
import type { LogReader } from '../reader.js'

/** @internal What a table needs from its log. */
export interface TableHost {
  /** A fresh reader from the log start: `'buffer'` encodings, `onOutOfRange: 'error'`. */
  reader(): LogReader
  /** The published snapshot's sequence number and log start offset. */
  snapshot(): { seq: number; logStartOffset: number }
  /** Resolves once the snapshot's sequence number differs from `seq` (or `signal` aborts). */
  waitForChange(seq: number, signal: AbortSignal): Promise<void>
}

/** Numbers about a table, from `table.stats()`. */
export interface TableStats {
  /** Keys in the table. */
  size: number
  /** The offset after the last record applied. */
  position: number
  /** Records read and applied since the table was opened. */
  recordsApplied: number
  /** Times the table was rebuilt from the log start after a truncation (or retention) cut below its position. */
  rebuilds: number
}

function bytesKey(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
}

/**
 * The latest record per key of a log, kept current. Create with `await log.table()`; `close()` it
 * (or `await using`) to stop following. `V` and `K` are the decoded value and key types.
 */
export class LogTable<V = Buffer, K = Buffer> implements Iterable<LogRecord<V, K>>, AsyncDisposable {
  readonly #host: TableHost
  readonly #decoding: RecordDecoding
  readonly #map = new Map<string, LogRecord<V, K>>()
  readonly #stop = new AbortController()
  readonly #closedSignal = new Promise<void>((resolve) => this.#stop.signal.addEventListener('abort', () => resolve(), { once: true }))
  #reader: LogReader
  #turn: Promise<void> = Promise.resolve()
  #follower: Promise<void> | undefined
  #error: Error | undefined
  #closed: Promise<void> | undefined
  #applied = 0
  #rebuilds = 0

  /** @internal Created by `log.table()`. */
  constructor(host: TableHost, decoding: RecordDecoding) {
    this.#host = host
    this.#decoding = decoding
    this.#reader = host.reader()
  }

  /** @internal Scans to the high watermark, then follows in the background. */
  async start(): Promise<this> {
    await this.catchUp()
    this.#follower = this.#follow()
    return this
  }

  /** Number of keys. */
  get size(): number {
    return this.#map.size
  }

  /** The offset after the last record applied: the table holds the log's records below it. */
  get position(): number {
    return this.#reader.position
  }

  /**
   * The latest record of `key` (encoded with the table's `keyEncoding` to find it), or `undefined`
   * when the key has none or its latest is a tombstone.
   * @throws TypeError when the key encoding cannot encode `key`
   */
  get(key: EncodedInput<K>): LogRecord<V, K> | undefined {
    return this.#map.get(this.#keyOf(key))
  }

  /**
   * Whether `key` has a record.
   * @throws TypeError when the key encoding cannot encode `key`
   */
  has(key: EncodedInput<K>): boolean {
    return this.#map.has(this.#keyOf(key))
  }

  /** The latest records, one per key, in the order the keys first appeared (since the last rebuild). */
  [Symbol.iterator](): IterableIterator<LogRecord<V, K>> {
    return this.#map.values()
  }

  /** The keys, decoded, in the same order as the records. */
  *keys(): IterableIterator<K> {
    for (const r of this.#map.values()) yield r.key as K
  }

  /** Numbers about the table (no I/O). */
  stats(): TableStats {
    return { size: this.#map.size, position: this.#reader.position, recordsApplied: this.#applied, rebuilds: this.#rebuilds }
  }

  /**
   * Waits until the table holds every record committed when it was called (and whatever came since,
   * up to then): after `await writer.append(…)` and `await table.catchUp()`, `get()` sees the append.
   * @throws LogError `KLOG_CLOSED`, or what stopped the follower (`KLOG_DECODE`, `KLOG_CORRUPT_SEGMENT`,
   *   `KLOG_IO`): the table keeps its last state but no longer follows
   */
  async catchUp(): Promise<void> {
    if (this.#closed !== undefined) throw closedError('table')
    const run = this.#turn.then(() => this.#pump())
    this.#turn = run.catch(() => undefined)
    await run
  }

  #keyOf(key: EncodedInput<K>): string {
    if (key === null || key === undefined) throw new TypeError('key must not be null or undefined')
    let bytes: Uint8Array | string
    try {
      bytes = this.#decoding.key.encode(key)
    } catch (err) {
      throw new TypeError(`key cannot be encoded (${this.#decoding.key.name})`, { cause: err })
    }
    return typeof bytes === 'string' ? Buffer.from(bytes, 'utf8').toString('latin1') : bytesKey(bytes)
  }

  /** Reads and applies until a read comes back empty (the high watermark of its snapshot). */
  async #pump(): Promise<void> {
    if (this.#error !== undefined) throw this.#error
    for (;;) {
      if (this.#closed !== undefined) throw closedError('table')
      let records: LogRecord[]
      try {
        records = await this.#reader.read()
      } catch (err) {
        if (err instanceof LogError && err.code === 'KLOG_OFFSET_OUT_OF_RANGE' && this.#closed === undefined) {
          // A truncation cut below the table (or retention passed it): what it holds may not be the
          // log's any more. Start again from the log start, in the log's current history.
          this.#map.clear()
          this.#rebuilds++
          this.#reader.seek(this.#host.snapshot().logStartOffset)
          continue
        }
        this.#error ??= err as Error
        throw err
      }
      if (records.length === 0) return
      for (const r of records) this.#apply(r)
    }
  }

  #apply(r: LogRecord): void {
    this.#applied++
    if (r.key === null) return
    const k = bytesKey(r.key)
    if (r.value === null) {
      this.#map.delete(k)
      return
    }
    const { key, value } = this.#decoding
    this.#map.set(k, {
      offset: r.offset,
      timestamp: r.timestamp,
      key: decodeField(key, r.key, r.offset, 'key', true) as K,
      value: decodeField(value, r.value, r.offset, 'value', true) as V,
      headers: r.headers.map((h) => ({ key: h.key, value: h.value === null ? null : Buffer.from(h.value) })),
    })
  }

  /** The background follower: a turn of reading after every publication, until closed or failed. */
  async #follow(): Promise<void> {
    const signal = this.#stop.signal
    while (!signal.aborted) {
      const seq = this.#host.snapshot().seq
      try {
        await this.catchUp()
        await this.#host.waitForChange(seq, signal)
      } catch {
        // Closed (the wait aborted), or failed: `#error` keeps the failure for `catchUp()`.
        return
      }
    }
  }

  /**
   * Stops following and closes the table's reader; the contents stay readable. Idempotent; closing
   * the log closes its tables.
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#stop.abort()
      await this.#reader.close()
      await this.#follower
    })()
    return this.#closed
  }

  /** @internal Resolves once the table is closed. */
  get closed(): Promise<void> {
    return this.#closedSignal
  }

  /** `await using` support: the same as `close()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }
}

// No raw error leaves a public method: see `guardPublicMethods` (src/base/errors.ts).
guardPublicMethods(LogTable, 'table')
