/**
 * The link between a `LogReader` (src/reader.ts) and the log that made it, so that the reader needs
 * nothing of the log but this: whether the log closed, who waits for new records, the
 * offsets-for-times lookup and the read counters (`log/readers.ts` makes it).
 *
 * Used from the reader's thread.
 */
import type { LogRecord } from '../format/record.js'

/**
 * @internal How a reader learns about its log: whether it closed, who is waiting, what it handed out.
 * `R` is the reader (`LogReader`, which imports this module).
 */
export interface ReaderLink<R> {
  closed(): boolean
  waiting(reader: R, on: boolean): void
  /** The log's offsets-for-times lookup, for `from: { timestamp }`. */
  offsetForTimestamp(timestamp: number): Promise<number | undefined>
  /** Counts records handed to the caller (`log.stats().readRecords`). */
  handedOut(records: readonly LogRecord[]): void
  /** Counts one record handed to the caller (the iterator's step). */
  handedOutOne(record: LogRecord): void
}
