/**
 * What a `Log` hands out for reading and closes with it: its readers (those waiting for records are
 * tracked, so that closing the log ends their wait), its tables, the consumers' host, and
 * `waitForOffset()` waits; with the counts of what readers and `get()` handed out (`stats()`).
 *
 * A part of `Log` (src/log.ts): the public methods, their checks and docs stay there.
 */
import { closedError } from '../base/errors.js'
import { ReadCounters } from '../base/metrics.js'
import type { ResolvedLogOptions } from '../base/options.js'
import type { EncodingOptions } from '../base/log-types.js'
import type { ConsumerHost } from '../consumer/consumer.js'
import { resolveDecoding } from '../read/decoding-options.js'
import { waitForOffset } from '../read/wait-for-offset.js'
import { linkSignals } from '../publish/wait.js'
import { LogTable } from '../table/table.js'
import { LogReader, type ReaderOptions } from '../reader.js'
import type { LogOwnership } from './ownership.js'

/** What the readers need from their `Log`. */
export interface ReadersHost {
  /** The log's directory (absolute). */
  readonly dir: string
  /** The log's resolved options: the default encodings of what is read. */
  readonly options: ResolvedLogOptions
  /** Opened `readOnly` (or attached): its consumers sweep no leftover files. */
  readonly readOnly: boolean
  /** The owner or the view the readers read through. */
  readonly ownership: LogOwnership<unknown, unknown>
  /** True once the log's `close()` was called. */
  closed(): boolean
  /** Throws `KLOG_CLOSED` once the log is closed. */
  checkOpen(): void
  /** The log's public `reader()`. */
  reader<RV, RK>(options: ReaderOptions<RV, RK>): LogReader<RV, RK>
  /** The log's public `offsetForTimestamp()`. */
  offsetForTimestamp(timestamp: number): Promise<number | undefined>
}

/** A `Log`'s readers, tables and waits (see the module doc). */
export class LogReaders {
  readonly #host: ReadersHost
  /** Readers currently waiting for new records (closing the log ends their wait). */
  readonly #waiting = new Set<LogReader<unknown, unknown>>()
  /** Aborted by `close()`: ends `waitForOffset()` waits. */
  readonly #closing = new AbortController()
  /** Open tables (closing the log closes them). */
  readonly #tables = new Set<LogTable<unknown, unknown>>()
  /** What this Log's readers and `get()` handed out (`stats()`). */
  readonly reads = new ReadCounters()

  constructor(host: ReadersHost) {
    this.#host = host
  }

  /** How many readers wait for new records now. */
  get waiting(): number {
    return this.#waiting.size
  }

  /** `Log.reader()` after its checks. */
  reader<RV, RK>(options: ReaderOptions<RV, RK>): LogReader<RV, RK> {
    const host = this.#host
    const source = host.ownership.owner ?? host.ownership.viewSource()
    const decoding = resolveDecoding(host.options, options)
    return new LogReader<RV, RK>(
      source,
      options,
      {
        closed: () => host.closed(),
        waiting: (r, on) => void (on ? this.#waiting.add(r) : this.#waiting.delete(r)),
        offsetForTimestamp: (timestamp) => host.offsetForTimestamp(timestamp),
        handedOut: (records) => this.reads.count(records),
        handedOutOne: (record) => this.reads.countOne(record),
      },
      decoding,
    )
  }

  /** `Log.table()` after its checks: resolves once the table reached the high watermark. */
  async table<TV, TK>(options: EncodingOptions<TV, TK>): Promise<LogTable<TV, TK>> {
    const host = this.#host
    const decoding = resolveDecoding(host.options, options)
    const source = host.ownership.viewSource()
    const table = new LogTable<TV, TK>(
      {
        reader: () => host.reader<Buffer, Buffer>({ valueEncoding: 'buffer', keyEncoding: 'buffer' }),
        snapshot: () => source.snapshot(),
        waitForChange: (seq, signal) => source.waitForChange(seq, signal),
      },
      decoding,
    )
    this.#tables.add(table)
    void table.closed.then(() => this.#tables.delete(table))
    try {
      return await table.start()
    } catch (err) {
      await table.close()
      throw err
    }
  }

  /** What consumers and `Log.consumers()` read through. */
  get consumerHost(): ConsumerHost {
    const host = this.#host
    return {
      dir: host.dir,
      sweepLeftovers: !host.readOnly,
      checkOpen: () => host.checkOpen(),
      snapshot: () => host.ownership.source.snapshot(),
      reader: (options) => host.reader(options),
    }
  }

  /** `Log.waitForOffset()` after its checks; closing the log ends it with `KLOG_CLOSED`. */
  async waitForOffset(offset: number, signal: AbortSignal | undefined): Promise<number> {
    const closing = this.#closing.signal
    // Not AbortSignal.any: each call would leave an entry in the log's `closing` signal (and in the
    // caller's, often a long-lived one), dropped only by the garbage collector; a broker's long polls
    // call this once per fetch. `linkSignals` removes its listeners when the wait ends.
    const { signal: both, unlink } = linkSignals(signal === undefined ? [closing] : [signal, closing])
    try {
      return await waitForOffset(this.#host.ownership.viewSource(), offset, both)
    } catch (err) {
      if (closing.aborted && signal?.aborted !== true) throw closedError('log')
      throw err
    } finally {
      unlink()
    }
  }

  /** The first steps of `Log.close()`: ends the waits, closes the tables, then the readers. */
  async close(): Promise<void> {
    this.#closing.abort()
    for (const t of [...this.#tables]) await t.close()
    for (const r of [...this.#waiting]) await r.close()
  }
}
