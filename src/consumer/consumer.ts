/**
 * Consumer: a named, durable position in a log (Kafka's committed offset of a consumer group, for one
 * partition), created with `log.consumer(name)`.
 *
 * A committed position is the offset of the next record to process (`reader.position`: the offset
 * after the last record handed to the caller) together with the log's truncation epoch of the history
 * that was read. Resuming (`consumer.reader()`) starts a reader there in that history, so a
 * truncation below the position, or retention past it, since the commit is reported through the
 * reader's `onOutOfRange` policy instead of silently rereading or skipping records.
 *
 * Storage and its crash and concurrency guarantees are `offset-store.ts`'s. Safe from any thread and
 * any process: the writer's, a worker (`Log.attach`) or a `readOnly` open; no lock is taken.
 */
import type { LogReader, ReaderOptions } from '../reader.js'
import { readerCheckpoint, resumeReader } from '../reader.js'
import type { SnapshotState } from '../publish/snapshot.js'
import { checkOffset } from '../base/check-keys.js'
import { LogError, guardPublicMethods } from '../base/errors.js'
import { OffsetStore, type StoredPosition } from './offset-store.js'

/** A committed consumer position, as returned by `consumer.committed()` and `consumer.commit()`. */
export interface CommittedOffset {
  /** The next offset to process: the position after the last record handled. */
  readonly offset: number
  /**
   * The log's truncation epoch of the history read up to `offset` (it counts truncations, including
   * recoveries that cut published records, over the life of the directory).
   */
  readonly truncationEpoch: number
  /** Free text stored with the position (Kafka's commit metadata); `''` when none was given. */
  readonly metadata: string
  /** When the commit was made (ms since the epoch, the committing machine's clock). */
  readonly commitTimestamp: number
}

/** Options of `consumer.commit()`. */
export interface CommitOptions {
  /** Free text stored with the position, at most 4096 UTF-8 bytes (Kafka's default limit). @default '' */
  metadata?: string
}

/**
 * One entry of `log.consumers()`: a consumer with its position and lag, or, when its position file
 * cannot be used, with the error reading it gives (`error` set, `committed` and `lag` absent), so that
 * one damaged file does not hide the other consumers. Narrow on `error`:
 * `if (c.error === undefined) use(c.committed.offset)`.
 */
export type ConsumerInfo =
  | {
      /** The consumer's name. */
      readonly name: string
      /** Its committed position. */
      readonly committed: CommittedOffset
      /** `highWatermark − committed.offset`, never below 0: records committed to the log but not yet processed. */
      readonly lag: number
      /** Absent: the position reads back. */
      readonly error?: undefined
    }
  | {
      /** The consumer's name. */
      readonly name: string
      /** Absent: see `error`. */
      readonly committed?: undefined
      /** Absent: see `error`. */
      readonly lag?: undefined
      /**
       * Why the position cannot be used: `KLOG_CORRUPT_CHECKPOINT` (the file fails validation;
       * `error.file` names it) or `KLOG_IO` (it cannot be read). `consumer.committed()` rejects with
       * the same error; a new commit or `consumer.delete()` replaces the file.
       */
      readonly error: LogError
    }

/** @internal What a consumer needs from its log. */
export interface ConsumerHost {
  readonly dir: string
  /** Whether listing may remove the temp files of dead committers (false for a read-only open). */
  readonly sweepLeftovers: boolean
  /** Throws `KLOG_CLOSED` when the log is closed. */
  checkOpen(): void
  snapshot(): SnapshotState
  reader(options: ReaderOptions<unknown, unknown>): LogReader<unknown, unknown>
}

/** Longest consumer name, in characters (Kafka's topic-name limit). */
export const MAX_CONSUMER_NAME_LENGTH = 249
/** Longest commit metadata, in UTF-8 bytes (Kafka's `offset.metadata.max.bytes` default). */
export const MAX_METADATA_BYTES = 4096
const NAME_RE = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/

/** True when `name` is a valid consumer name (see {@link checkConsumerName}). */
export function isConsumerName(name: string): boolean {
  return name.length <= MAX_CONSUMER_NAME_LENGTH && NAME_RE.test(name)
}

/**
 * Checks a consumer name: 1 to 249 characters from `[A-Za-z0-9._-]` (Kafka's topic-name alphabet,
 * so every name is a portable file name), not starting with `.` (no hidden files, no `.` or `..`).
 * @throws TypeError when `name` is not a string
 * @throws RangeError when it is empty, too long, or has another character (a path separator, ...)
 */
export function checkConsumerName(name: unknown): asserts name is string {
  if (typeof name !== 'string') throw new TypeError('consumer name must be a string')
  if (name.length === 0) throw new RangeError('consumer name must not be empty')
  if (name.length > MAX_CONSUMER_NAME_LENGTH) throw new RangeError(`consumer name must be at most ${MAX_CONSUMER_NAME_LENGTH} characters`)
  if (!NAME_RE.test(name)) throw new RangeError("consumer name may only contain A-Z a-z 0-9 '.' '_' '-' and must not start with '.'")
}

function toCommitted(p: StoredPosition): CommittedOffset {
  return { offset: p.offset, truncationEpoch: p.truncationEpoch, metadata: p.metadata, commitTimestamp: p.commitTimestamp }
}

/** Lag as documented on {@link ConsumerInfo.lag}. */
export function lagOf(snapshot: SnapshotState, committed: CommittedOffset): number {
  return Math.max(0, snapshot.highWatermark - committed.offset)
}

/**
 * A named durable position in a log. Create with `log.consumer(name)`; cheap, holds no resources.
 * `V` and `K` are the types its readers decode values and keys to (the log's encodings by default).
 */
export class Consumer<V = Buffer, K = Buffer> {
  readonly #name: string
  readonly #host: ConsumerHost
  readonly #store: OffsetStore

  /** @internal Created by `log.consumer()`. */
  constructor(host: ConsumerHost, name: string) {
    checkConsumerName(name)
    this.#host = host
    this.#name = name
    this.#store = new OffsetStore(host.dir)
  }

  /** The consumer's name. */
  get name(): string {
    return this.#name
  }

  /**
   * The committed position, or `undefined` when this consumer has never committed (or was deleted).
   * @throws LogError `KLOG_CORRUPT_CHECKPOINT` (the file is damaged), `KLOG_CLOSED`, `KLOG_IO`
   */
  async committed(): Promise<CommittedOffset | undefined> {
    this.#host.checkOpen()
    const p = await this.#store.read(this.#name)
    return p === undefined ? undefined : toCommitted(p)
  }

  /**
   * Commits a position, atomically and durably: when the promise resolves the position survives a
   * crash of the process or the machine; a crash while it runs leaves the previous position or this
   * one, each whole (never a mix, never a damaged file); so does a rejected commit (an I/O failure
   * after the rename leaves the new position, possibly not yet durable). From a reader, it
   * commits `reader.position` (the offset after the last record it handed out) in the history that
   * reader read; from an offset, that offset in the log's current history. Offsets are not checked
   * against the log's range (Kafka does not either); resuming applies `onOutOfRange`.
   * When commits of one consumer race (other threads or processes), the last one to finish wins.
   * @param at a reader of this log, or the next offset to process
   * @returns the position committed
   * @throws TypeError / RangeError for a bad offset or metadata, or a reader of another log
   * @throws LogError `KLOG_CLOSED`, `KLOG_IO`, `KLOG_DISK_FULL`
   */
  async commit(at: LogReader<unknown, unknown> | number, options: CommitOptions = {}): Promise<CommittedOffset> {
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object')
    const { metadata = '' } = options
    if (typeof metadata !== 'string') throw new TypeError('metadata must be a string')
    if (Buffer.byteLength(metadata) > MAX_METADATA_BYTES) throw new RangeError(`metadata must be at most ${MAX_METADATA_BYTES} UTF-8 bytes`)
    let offset: number
    let truncationEpoch: number
    if (typeof at === 'number') {
      checkOffset(at, 'offset')
      this.#host.checkOpen()
      offset = at
      truncationEpoch = this.#host.snapshot().truncationEpoch
    } else {
      let cp: ReturnType<typeof readerCheckpoint>
      try {
        cp = readerCheckpoint(at)
      } catch {
        throw new TypeError('commit() needs a LogReader or an offset')
      }
      if (cp.dir !== this.#host.dir) throw new RangeError('the reader belongs to another log')
      this.#host.checkOpen()
      offset = cp.position
      truncationEpoch = cp.truncationEpoch
    }
    const p: StoredPosition = { offset, truncationEpoch, metadata, commitTimestamp: Date.now() }
    await this.#store.write(this.#name, p)
    return toCommitted(p)
  }

  /**
   * A reader that starts at the committed position, in the history it was committed in: if records
   * at or below it were truncated since, or retention removed it, the first read applies
   * `options.onOutOfRange` (`'error'` rejects with `KLOG_OFFSET_OUT_OF_RANGE`; `'earliest'` /
   * `'latest'` jump there). `options.from` is used only when nothing is committed.
   * @throws TypeError / RangeError for bad options
   * @throws LogError `KLOG_CORRUPT_CHECKPOINT`, `KLOG_CLOSED`, `KLOG_IO`
   */
  async reader<RV = V, RK = K>(options: ReaderOptions<RV, RK> = {}): Promise<LogReader<RV, RK>> {
    this.#host.checkOpen()
    const p = await this.#store.read(this.#name)
    const reader = this.#host.reader(options as ReaderOptions<unknown, unknown>) as LogReader<RV, RK>
    if (p !== undefined) resumeReader(reader, p.offset, p.truncationEpoch)
    return reader
  }

  /**
   * `highWatermark − committed offset` (never below 0); before the first commit (or after
   * `delete()`), `highWatermark − logStartOffset`: a consumer that has committed nothing has the
   * whole log ahead of it (where `consumer.reader()` starts by default).
   * @throws LogError `KLOG_CORRUPT_CHECKPOINT`, `KLOG_CLOSED`, `KLOG_IO`
   */
  async lag(): Promise<number> {
    const c = await this.committed()
    const snap = this.#host.snapshot()
    return c === undefined ? snap.highWatermark - snap.logStartOffset : lagOf(snap, c)
  }

  /**
   * Deletes the committed position. A commit racing it from elsewhere may recreate it.
   * @returns whether a position existed
   * @throws LogError `KLOG_CLOSED`, `KLOG_IO`
   */
  async delete(): Promise<boolean> {
    this.#host.checkOpen()
    return this.#store.delete(this.#name)
  }
}

// No raw error leaves a public method: see `guardPublicMethods` (src/base/errors.ts).
guardPublicMethods(Consumer, 'consumer')

/**
 * Every consumer of the log with its position and lag, sorted by name; one whose position file cannot
 * be used is listed with its error (see {@link ConsumerInfo}).
 * @internal Called by `log.consumers()`.
 * @throws LogError `KLOG_CLOSED`, `KLOG_IO` (the `.consumers` directory cannot be listed)
 */
export async function listConsumers(host: ConsumerHost): Promise<ConsumerInfo[]> {
  host.checkOpen()
  const store = new OffsetStore(host.dir)
  const out: ConsumerInfo[] = []
  for (const name of await store.names(isConsumerName, { sweep: host.sweepLeftovers })) {
    let p: StoredPosition | undefined
    try {
      p = await store.read(name)
    } catch (err) {
      if (!(err instanceof LogError)) throw err
      out.push({ name, error: err })
      continue
    }
    // Deleted between the listing and the read: it is no longer a consumer.
    if (p === undefined) continue
    const committed = toCommitted(p)
    out.push({ name, committed, lag: lagOf(host.snapshot(), committed) })
  }
  return out
}
