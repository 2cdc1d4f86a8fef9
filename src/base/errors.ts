/**
 * The only place errors are declared.
 *
 * Codes are API, messages are not: callers and tests branch on `error.code`. Programmer mistakes
 * (wrong types, non-integer offsets) are thrown synchronously as `TypeError` / `RangeError` and never
 * carry a code; runtime conditions (closed, locked, corrupt, I/O) reject with a {@link LogError}.
 */

/** Every stable error code a {@link LogError} can carry. */
export type LogErrorCode =
  /** The log, writer or reader was closed; no further calls are accepted. */
  | 'KLOG_CLOSED'
  /**
   * Another writer holds the directory (in this process, another thread or another process), or
   * this same `Log` already handed out its writer and it is still open (a {@link LockedError} with
   * `ownWriter: true`).
   */
  | 'KLOG_LOCKED'
  /**
   * `writer.append(records, { expectedOffset })`: the log end offset at the moment the append would
   * have been written was not `expectedOffset` (another append got there first). Nothing was
   * written; an {@link OffsetConflictError} carries both offsets.
   */
  | 'KLOG_OFFSET_CONFLICT'
  /** The log was opened read-only (or attached in a worker) and a write was attempted. */
  | 'KLOG_READ_ONLY'
  /** The requested offset lies outside `[logStartOffset, logEndOffset]`. */
  | 'KLOG_OFFSET_OUT_OF_RANGE'
  /** A segment below the recovery point failed validation (CRC, bounds, offsets). */
  | 'KLOG_CORRUPT_SEGMENT'
  /** A single record is larger than `maxBatchBytes` or `segmentBytes`. */
  | 'KLOG_RECORD_TOO_LARGE'
  /**
   * A batch handed to `writer.appendBatches()` is not a RecordBatch v2 a producer may write: too
   * short, a bad length, magic or CRC, records that do not decode or do not match the header (count,
   * offset deltas, timestamps), a compressed payload that does not decompress, or a control batch.
   * Nothing was appended.
   */
  | 'KLOG_CORRUPT_BATCH'
  /** The disk is full (ENOSPC / EDQUOT); the failed append left nothing behind. */
  | 'KLOG_DISK_FULL'
  /** Any other operating-system I/O failure; `cause` holds the original error. */
  | 'KLOG_IO'
  /** An earlier I/O failure left the writer unable to guarantee the log's state; reopen the log. */
  | 'KLOG_WRITER_FAILED'
  /**
   * A compression codec can be neither loaded nor emulated: writing a codec whose optional package
   * is missing, or reading a batch whose codec id (attribute bits 0-2) is not one of Kafka's four.
   */
  | 'KLOG_UNSUPPORTED_CODEC'
  /**
   * A consumer position file (`.consumers/<name>`) failed validation (header, checksum, name or
   * fields); `file` names it. Committing a new position or deleting the consumer replaces it. Also
   * the broker's metadata file (`.kafka-lite-broker`) or a `partition.metadata` that does not match it.
   */
  | 'KLOG_CORRUPT_CHECKPOINT'
  /**
   * A record's key or value cannot be decoded by the reader's `keyEncoding` / `valueEncoding` (the
   * decoder threw: `cause`); `offset` names the record. The reader stays at that record.
   */
  | 'KLOG_DECODE'
  /** The mirror's target partition holds records it cannot resume after (`@kafka-lite/log/mirror`). */
  | 'KLOG_MIRROR_CONFLICT'
  /** A record's headers cannot be sent to Kafka unchanged by the mirror's Kafka client. */
  | 'KLOG_MIRROR_UNREPRESENTABLE'
  /** The mirror's Kafka client (the optional peer dependency `kafkajs`) is not installed. */
  | 'KLOG_MIRROR_UNAVAILABLE'
  /** A read-write open of a directory that holds files but none of a log: it is not adopted. */
  | 'KLOG_NOT_A_LOG'
  // The broker (`@kafka-lite/log/broker`): each maps to one Kafka error code (broker/errors.ts).
  /** No such topic, or no such partition of it. */
  | 'KLOG_UNKNOWN_TOPIC_OR_PARTITION'
  /** `createTopic` of a name that exists (or whose partition directories already exist). */
  | 'KLOG_TOPIC_EXISTS'
  /** A topic name Kafka refuses: empty, `.` or `..`, over 249 characters, a character outside `[a-zA-Z0-9._-]`, or one that collides with an existing topic once `.` and `_` are unified. */
  | 'KLOG_INVALID_TOPIC'
  /** A partition count below 1, or `createPartitions` to no more partitions than the topic has. */
  | 'KLOG_INVALID_PARTITIONS'
  /** A replication factor other than 1 (or -1, the broker's default): a single broker holds one replica. */
  | 'KLOG_INVALID_REPLICATION_FACTOR'
  /** An unknown topic config name, a value its type or range refuses, or one this broker does not support. */
  | 'KLOG_INVALID_CONFIG'
  /** A produced batch the broker refuses though its bytes are sound (Kafka's `INVALID_RECORD`): keyless records on a compacted topic, a transactional batch, more than one batch in a produce. */
  | 'KLOG_INVALID_RECORD'
  /** A record timestamp outside `message.timestamp.before.max.ms` / `after.max.ms` of the broker's clock. */
  | 'KLOG_INVALID_TIMESTAMP'
  /** An idempotent producer's batch whose sequence does not follow the last one it appended (Kafka's `OUT_OF_ORDER_SEQUENCE_NUMBER`). */
  | 'KLOG_OUT_OF_ORDER_SEQUENCE'
  /** An idempotent producer's batch with an epoch older than the partition has seen (it was fenced). */
  | 'KLOG_INVALID_PRODUCER_EPOCH'
  /** `acks: -1` on a topic whose `min.insync.replicas` exceeds the one replica a single broker has. */
  | 'KLOG_NOT_ENOUGH_REPLICAS'
  /** A transactional id was given: transactions are not supported. */
  | 'KLOG_TRANSACTIONS_UNSUPPORTED'
  /** A request a topic's policy refuses (DeleteRecords on a topic whose `cleanup.policy` lacks `delete`). */
  | 'KLOG_POLICY_VIOLATION'
  /**
   * A group consumer's commit was refused because the group rebalanced or the member left it (Kafka's
   * `CommitFailedException`): the uncommitted records go to the partitions' next owner.
   */
  | 'KLOG_COMMIT_FAILED'
  /** A static group member (`groupInstanceId`) was replaced by a newer member with the same instance id. */
  | 'KLOG_FENCED_INSTANCE_ID'

/** Options accepted by the {@link LogError} constructor. */
export interface LogErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown
  /** The file involved, when one is. */
  file?: string
  /** A byte position in `file`, when one is known. */
  position?: number
  /** The offset involved, when one is. */
  offset?: number
}

/**
 * The error type for every runtime failure of the library.
 *
 * @example
 * ```ts
 * try { await log.writer() } catch (err) {
 *   if (err instanceof LogError && err.code === 'KLOG_LOCKED') { ... }
 * }
 * ```
 */
export class LogError extends Error {
  /** A stable, machine-readable code; see the README's Errors section. */
  readonly code: LogErrorCode
  /** The file involved, when one is. */
  readonly file: string | undefined
  /** The byte position in {@link LogError.file}, when one is known. */
  readonly position: number | undefined
  /** The offset involved, when one is. */
  readonly offset: number | undefined

  constructor(code: LogErrorCode, message: string, options: LogErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'LogError'
    this.code = code
    this.file = options.file
    this.position = options.position
    this.offset = options.offset
  }
}

/** Maps an operating-system error to a {@link LogError} (`KLOG_DISK_FULL` or `KLOG_IO`). */
export function ioError(err: unknown, what: string, file?: string): LogError {
  if (err instanceof LogError) return err
  const sysCode = (err as NodeJS.ErrnoException | null)?.code
  const code: LogErrorCode = sysCode === 'ENOSPC' || sysCode === 'EDQUOT' ? 'KLOG_DISK_FULL' : 'KLOG_IO'
  const opts: LogErrorOptions = { cause: err }
  if (file !== undefined) opts.file = file
  return new LogError(code, `${what} failed${sysCode ? ` (${sysCode})` : ''}`, opts)
}

/** The error every call on a closed handle rejects with. */
export function closedError(what: string): LogError {
  return new LogError('KLOG_CLOSED', `${what} is closed`)
}

/** Creates the `AbortError` that an aborted wait rejects with (the DOM convention). */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  if (reason instanceof Error && reason.name === 'AbortError') return reason
  const err = new DOMException('The operation was aborted', 'AbortError')
  if (reason !== undefined) Object.defineProperty(err, 'cause', { value: reason })
  return err
}

/**
 * `KLOG_CORRUPT_SEGMENT` with the place of the damage: a segment's bytes (or the set of segments)
 * are not what the library wrote, where recovery does not repair them. Nothing past the damage is
 * served.
 */
export class CorruptSegmentError extends LogError {
  /** The damaged file. */
  declare readonly file: string
  /** The byte position in {@link CorruptSegmentError.file} where the damage was found. */
  declare readonly position: number

  constructor(file: string, position: number, reason: string, options: { offset?: number; cause?: unknown } = {}) {
    super('KLOG_CORRUPT_SEGMENT', `${file} is damaged at position ${position}: ${reason}`, { ...options, file, position })
    this.name = 'CorruptSegmentError'
  }
}

/** Who holds a directory lock, as its owner record says. */
export interface LockHolder {
  /** The holder's process id. */
  readonly pid: number
  /** The holder's host name. */
  readonly hostname: string
}

/**
 * `KLOG_LOCKED`, naming the writer that holds the directory when its owner record says, and saying
 * whether that writer is this same `Log`'s own (`ownWriter`): a second `log.writer()` while the first
 * is open, which closing (or reusing) the first one resolves, unlike a writer elsewhere.
 */
export class LockedError extends LogError {
  /** The holder's pid and host, or `undefined` when the lock carries no readable owner record. */
  readonly holder: LockHolder | undefined
  /** True when the writer in the way is the one this same `Log` handed out (still open). */
  readonly ownWriter: boolean

  constructor(dir: string, holder: LockHolder | undefined, cause?: unknown, ownWriter = false) {
    super(
      'KLOG_LOCKED',
      ownWriter
        ? `this Log already has an open writer for ${dir} (one writer per directory): reuse it, or close it first`
        : holder === undefined
          ? `another writer holds ${dir}`
          : `another writer holds ${dir}: pid ${holder.pid} on ${holder.hostname}`,
      { cause, file: dir },
    )
    this.name = 'LockedError'
    this.holder = holder
    this.ownWriter = ownWriter
  }
}

/**
 * `KLOG_OFFSET_CONFLICT`: an append's `expectedOffset` was not the log end offset when the append
 * reached the head of the writer's queue. Nothing of it was written.
 */
export class OffsetConflictError extends LogError {
  /** The log end offset the append expected. */
  readonly expectedOffset: number
  /** The log end offset it found (the appends acknowledged before it included). */
  readonly logEndOffset: number

  constructor(expectedOffset: number, logEndOffset: number) {
    super('KLOG_OFFSET_CONFLICT', `expected the log end offset ${expectedOffset}, found ${logEndOffset}`, { offset: logEndOffset })
    this.name = 'OffsetConflictError'
    this.expectedOffset = expectedOffset
    this.logEndOffset = logEndOffset
  }
}

/** Errors thrown by the caller's own callbacks (see {@link callerError}). */
const callerErrors = new WeakSet<object>()

/**
 * Marks `err`, thrown by a callback the caller handed in (`appendBatches`' `check`), to leave the
 * public API exactly as it was thrown: {@link boundaryError} converts only the library's own failures.
 * @returns `err`
 */
export function callerError(err: unknown): unknown {
  if (typeof err === 'object' && err !== null) callerErrors.add(err)
  return err
}

/**
 * What a failure becomes when it leaves the public API: a {@link LogError} as it is; a `TypeError` or
 * `RangeError` (a programmer mistake: the argument checks throw those) and an `AbortError` (the
 * caller's own signal) and what the caller's own callbacks threw ({@link callerError}) as they are; anything else (a raw `fs` error such as `EACCES` or `EMFILE`, an
 * internal error) wrapped as `KLOG_DISK_FULL` or `KLOG_IO` with the original as `cause`, its `path`
 * as `file`.
 * @param what - the call that failed, for the message (`'log.reader'`)
 */
export function boundaryError(err: unknown, what: string): unknown {
  if (typeof err === 'object' && err !== null && callerErrors.has(err)) return err
  if (err instanceof LogError || err instanceof TypeError || err instanceof RangeError) return err
  if ((err as { name?: unknown } | null)?.name === 'AbortError') return err
  const file = (err as NodeJS.ErrnoException | null)?.path
  return ioError(err, what, typeof file === 'string' ? file : undefined)
}

/**
 * Puts every public method and getter of `target` (a class: its prototype's and its own static ones)
 * behind {@link boundaryError}, so that no raw error leaves the public API. Applied once per public
 * class, at the end of its module: the one wrapper at the boundary, instead of a try/catch per method.
 *
 * A synchronous throw is converted and thrown; a returned promise is replaced by one that rejects
 * with the converted error (its value is unchanged). Private (`#`) members are not on the prototype
 * and stay unwrapped: inside the library, errors travel as they are until they cross the boundary.
 * @param what - the class's name in messages (`'log'`, `'reader'`)
 */
export function guardPublicMethods(target: { readonly prototype: object }, what: string): void {
  guardMembers(target.prototype, what)
  guardMembers(target, what, ['length', 'name', 'prototype'])
}

/** A method or getter taken off its prototype, called with its receiver through `apply`. */
type Unbound = (this: unknown, ...args: unknown[]) => unknown

function guardMembers(holder: object, what: string, skip: readonly string[] = []): void {
  for (const key of Reflect.ownKeys(holder)) {
    if (key === 'constructor' || skip.includes(key as string)) continue
    // Typed as plain functions: they are called with their receiver through `apply` (see `guarded`).
    const desc = Object.getOwnPropertyDescriptor(holder, key) as { value?: unknown; get?: Unbound; set?: unknown }
    const name = `${what}.${typeof key === 'symbol' ? `[${key.description ?? ''}]` : key}`
    if (typeof desc.value === 'function') desc.value = guarded(desc.value as Unbound, name)
    else if (desc.get !== undefined) desc.get = guarded(desc.get, name)
    else continue
    Object.defineProperty(holder, key, desc as PropertyDescriptor)
  }
}

function guarded(fn: Unbound, name: string): Unbound {
  const rethrow = (err: unknown): never => {
    throw boundaryError(err, name)
  }
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    let result: unknown
    try {
      result = fn.apply(this, args)
    } catch (err) {
      throw boundaryError(err, name)
    }
    return result instanceof Promise ? result.then(undefined, rethrow) : result
  }
  Object.defineProperty(wrapper, 'name', { value: fn.name })
  return wrapper
}
