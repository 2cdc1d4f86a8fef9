/**
 * Streams over a log: an object-mode Node `Readable` of records (`reader.stream()`), a Web
 * `ReadableStream` of records (`reader.toWebStream()`), and an object-mode `Writable` that appends
 * what is written to it, in batches (`createAppendStream`). All work with an `AbortSignal`; the Node
 * ones with `stream.pipeline`.
 *
 * Backpressure: the readable pulls one record at a time from the reader's iterator, only while its
 * buffer is below `highWaterMark`; the reader itself fetches a chunk of `maxBytes` at a time and keeps
 * the rest buffered (see reader.ts), so a slow consumer never makes the reader run ahead. The Web
 * stream is pull-based the same way: its `pull` takes one record, and is called only while the
 * stream's queue is below its `highWaterMark` (a `CountQueuingStrategy`). The
 * writable appends each write as it comes, and everything written while an append is in flight as
 * one batch (`writev`), so batching follows the producer's pace without a timer.
 *
 * Same thread as the reader or writer they wrap.
 */
import { Readable, Writable } from 'node:stream'
import { ReadableStream, CountQueuingStrategy } from 'node:stream/web'
import type { RecordInput } from './format/record.js'
import type { LogWriter } from './writer.js'

/** Options of `reader.stream()` and `reader.toWebStream()`. */
export interface RecordStreamOptions {
  /** Records the stream buffers ahead of its consumer. @default 16 */
  highWaterMark?: number
  /**
   * Destroys the stream (with an `AbortError`) when aborted, ending a waiting follower (a Web stream
   * errors with the signal's reason and closes its reader).
   */
  signal?: AbortSignal
}

/** Options of {@link createAppendStream}. */
export interface AppendStreamOptions {
  /** Records written but not yet appended before `write()` returns false. @default 1000 */
  highWaterMark?: number
  /** Most records per `append()` call (one call writes one batch, split by `maxBatchBytes`). @default 1000 */
  maxRecords?: number
  /** Destroys the stream (with an `AbortError`) when aborted. */
  signal?: AbortSignal
  /** `writer.flush()` (fsync) when the stream finishes. @default false */
  flush?: boolean
}

function checkStreamOptions(options: object, keys: readonly string[]): void {
  if (options === null || typeof options !== 'object') throw new TypeError('stream options must be an object')
  for (const k of Object.keys(options)) if (!keys.includes(k)) throw new TypeError(`stream options have no '${k}'`)
}

function checkCount(n: unknown, name: string): void {
  if (n === undefined) return
  if (typeof n !== 'number') throw new TypeError(`${name} must be a number`)
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer`)
}

/**
 * @internal A readable over `iterate(end)`, an async iteration that stops quietly when `end` aborts.
 */
export function recordStream<R>(iterate: (end: AbortSignal) => AsyncGenerator<R>, options: RecordStreamOptions): Readable {
  const { highWaterMark, signal } = checkRecordStreamOptions(options)
  const end = new AbortController()
  const it = iterate(end.signal)
  let pulling = false
  const stream: Readable = new Readable({
    objectMode: true,
    highWaterMark,
    ...(signal === undefined ? {} : { signal }),
    read() {
      if (pulling) return
      pulling = true
      void (async () => {
        try {
          for (;;) {
            const next = await it.next()
            if (next.done === true) {
              stream.push(null)
              return
            }
            if (!stream.push(next.value)) return
          }
        } catch (err) {
          stream.destroy(err as Error)
        } finally {
          pulling = false
        }
      })()
    },
    destroy(err, callback) {
      // Ends a follower's wait; the generator then finishes and keeps undelivered records buffered.
      end.abort()
      it.return(undefined).then(
        () => callback(err),
        (e: Error) => callback(err ?? e),
      )
    },
  })
  return stream
}

function checkRecordStreamOptions(options: RecordStreamOptions): { highWaterMark: number; signal: AbortSignal | undefined } {
  checkStreamOptions(options, ['highWaterMark', 'signal'])
  const { highWaterMark = 16, signal } = options
  checkCount(highWaterMark, 'highWaterMark')
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('signal must be an AbortSignal')
  return { highWaterMark, signal }
}

/**
 * @internal A Web `ReadableStream` over `iterate(end)` (see {@link recordStream}); `close` closes the
 * reader once the stream is cancelled or its `signal` aborts.
 */
export function recordWebStream<R>(
  iterate: (end: AbortSignal) => AsyncGenerator<R>,
  options: RecordStreamOptions,
  close: () => Promise<void>,
): ReadableStream<R> {
  const { highWaterMark, signal } = checkRecordStreamOptions(options)
  const end = new AbortController()
  const it = iterate(end.signal)
  let stopped = false
  const stop = async (): Promise<void> => {
    stopped = true
    signal?.removeEventListener('abort', onAbort)
    end.abort()
    await it.return(undefined)
    await close()
  }
  let controller: ReadableStreamDefaultController<R> | undefined
  const onAbort = (): void => {
    controller?.error(signal?.reason)
    void stop()
  }
  return new ReadableStream<R>(
    {
      start(c) {
        controller = c
        if (signal?.aborted === true) onAbort()
        else signal?.addEventListener('abort', onAbort, { once: true })
      },
      async pull(c) {
        let next: IteratorResult<R>
        try {
          next = await it.next()
        } catch (err) {
          signal?.removeEventListener('abort', onAbort)
          if (!stopped) c.error(err)
          return
        }
        // A cancel while the pull waited: the stream is closed already.
        if (stopped) return
        if (next.done !== true) return c.enqueue(next.value)
        signal?.removeEventListener('abort', onAbort)
        c.close()
      },
      cancel: stop,
    },
    new CountQueuingStrategy({ highWaterMark }),
  )
}

/**
 * An object-mode `Writable` that appends each record written to it (a `RecordInput`, e.g. a
 * `LogRecord` from another log's reader: its `timestamp`, `key`, `value` and `headers` are kept,
 * its `offset` is not). Writes that arrive while an append is in flight are appended together, up to
 * `maxRecords` per call. The stream finishes once every record is appended; the writer stays open.
 * @throws TypeError / RangeError for bad options
 */
export function createAppendStream(writer: LogWriter, options: AppendStreamOptions = {}): Writable {
  checkStreamOptions(options, ['highWaterMark', 'maxRecords', 'signal', 'flush'])
  const { highWaterMark = 1000, maxRecords = 1000, signal, flush = false } = options
  checkCount(highWaterMark, 'highWaterMark')
  checkCount(maxRecords, 'maxRecords')
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('signal must be an AbortSignal')
  const append = async (records: RecordInput[]): Promise<void> => {
    for (let i = 0; i < records.length; i += maxRecords) await writer.append(records.slice(i, i + maxRecords))
  }
  return new Writable({
    objectMode: true,
    highWaterMark,
    ...(signal === undefined ? {} : { signal }),
    write(record: RecordInput, _encoding, callback) {
      append([record]).then(() => callback(), callback)
    },
    writev(chunks, callback) {
      append(chunks.map((c) => c.chunk as RecordInput)).then(() => callback(), callback)
    },
    final(callback) {
      if (!flush) return callback()
      writer.flush().then(() => callback(), callback)
    },
  })
}
