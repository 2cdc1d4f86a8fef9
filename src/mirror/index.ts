/**
 * `@kafka-lite/log/mirror`: copies a log into one partition of a Kafka topic, resumably, with no
 * loss and no duplicates across crashes of the mirroring process or the broker — the road from one
 * machine to a Kafka cluster.
 *
 * What it owns: the mirroring loop and its resume protocol. The Kafka client (kafkajs, an optional
 * peer dependency) is loaded only here, on the first call.
 *
 * Protocol (argued in docs/kafka-interop.md):
 * 1. A transactional producer with a stable `transactionalId` (default
 *    `kafka-lite-mirror.<topic>.<partition>`) starts a transaction. Its InitProducerId fences any
 *    earlier mirror with that id: Kafka finishes the earlier one's transaction before answering
 *    and rejects its later produce and commit requests.
 * 2. The resume point is read back from the partition itself: its last record that is committed
 *    or *hanging* (no marker decides it yet; the next commit of the same producer id will), judged
 *    with Kafka's own rule (./tail-verdict.ts), carries the source offset in its
 *    `kafka-lite-offset` header. Each transaction also stores the next source offset in the
 *    consumer group named like the transactional id (`sendOffsets`, atomically with the records);
 *    that offset is used when the partition no longer holds a mirrored record (retention,
 *    compaction). A broker SIGKILLed just after acknowledging a commit can come back without
 *    writing that transaction's markers, leaving its records hanging and the group offset one
 *    transaction behind: the partition, not the group, is the truth there.
 * 3. Records are read from the log from there, sent with their key, value, headers and CreateTime,
 *    plus the `kafka-lite-offset` header, and committed one transaction per chunk, in order. A
 *    crash of either side at any point leaves a committed (or hanging, to be committed) prefix of
 *    the log in the topic, which step 2 reads.
 * 4. The progress carries the log's truncation epoch the records were read in (a
 *    `kafka-lite-truncation-epoch` header once it is not 0, and the group offset's metadata). A
 *    truncation since then that cut below the progress means the topic holds records the log no
 *    longer has: the mirror refuses (`KLOG_MIRROR_CONFLICT` at the cut) or, with
 *    `onTruncation: 'remirror'`, sends the log's records again from the cut (./tail-verdict.ts
 *    `settle`). Within a run, a read that a truncation raced is dropped and settled the same way.
 *
 * Concurrency: one mirror per (topic, partition) at a time, enforced by the transactional id (a
 * second one fences the first). The source log may be written to meanwhile (`follow`).
 */
import type { Kafka, KafkaConfig, Message, Transaction } from 'kafkajs'
import { LogError, type LogRecord, type LogStats, type StartPosition } from '../index.js'
import { toMessage } from './message.js'
import { readPartitionTail, SOURCE_OFFSET_HEADER, TRUNCATION_EPOCH_HEADER } from './partition-tail.js'
import { resumePoint, settle, type Progress, type ResumePoint } from './tail-verdict.js'

export { SOURCE_OFFSET_HEADER, TRUNCATION_EPOCH_HEADER }

/** The reader calls the mirror makes; a `Log`'s `reader()` returns one. */
export interface MirrorReader {
  /** The next records, `[]` at the high watermark (`reader.read`). */
  read(options?: { maxBytes?: number }): Promise<LogRecord[]>
  /** Releases the reader. */
  close(): Promise<void>
  /** Iterates records (with `follow`, waits for new ones). */
  [Symbol.asyncIterator](): AsyncIterator<LogRecord>
}

/** What the mirror needs from a `Log` (any open `Log`, read-only ones included). */
export interface MirrorSource {
  /** The first offset the log holds. */
  readonly logStartOffset: number
  /** The offset the next record gets. */
  readonly logEndOffset: number
  /** A reader from `from` (`log.reader`). */
  reader(options: { from: StartPosition; follow?: boolean; signal?: AbortSignal; maxBytes?: number }): MirrorReader
  /** The log's history: its truncation epoch and where the latest truncation cut. */
  stats(): Pick<LogStats, 'logStartOffset' | 'truncationEpoch' | 'truncationOffset'>
}

/** Options of {@link mirrorToKafka}. */
export interface MirrorOptions {
  /** Bootstrap brokers, `host:port`. */
  brokers: string[]
  /** The target topic (it must exist). */
  topic: string
  /** The target partition. @default 0 */
  partition?: number
  /**
   * Keep mirroring new records as they are committed, until `signal` aborts or the log closes.
   * @default false
   */
  follow?: boolean
  /** Stops the mirror; the promise then resolves with what was mirrored (a commit in flight finishes). */
  signal?: AbortSignal
  /** Where to start when the partition holds nothing mirrored yet. @default the log start offset */
  from?: number
  /** Fences earlier mirrors with the same id. @default `kafka-lite-mirror.<topic>.<partition>` */
  transactionalId?: string
  /** About how many bytes of records one transaction carries. @default 1048576 */
  maxTransactionBytes?: number
  /** More kafkajs client options (ssl, sasl, clientId, …); `brokers` above wins. */
  kafka?: Omit<KafkaConfig, 'brokers'>
  /** Called after each committed transaction with the next source offset to mirror. */
  onCommit?: (nextOffset: number) => void
  /**
   * When the log was truncated below what the topic already holds (`truncateTo`, or a recovery
   * that cut published records, then new records at those offsets): `'error'` refuses with
   * `KLOG_MIRROR_CONFLICT` (its `offset` is the cut); `'remirror'` sends the log's records again
   * from the cut, so the topic holds the old records up to the progress and then the log's current
   * ones from the cut on (each carries its source offset and, once the log was truncated, its
   * truncation epoch: `kafka-lite-truncation-epoch`). @default 'error'
   */
  onTruncation?: 'error' | 'remirror'
}

/** What {@link mirrorToKafka} did. */
export interface MirrorResult {
  /**
   * The source offset the mirror resumed from (after reading the partition back; the cut, when it
   * re-mirrored after a truncation).
   */
  resumedFrom: number
  /** The next source offset to mirror: everything below it is committed in the topic. */
  nextOffset: number
  /** Records this call committed. */
  mirrored: number
  /** Transactions this call committed. */
  transactions: number
}

/** Kafka's default max.message.bytes is 1 MiB per batch; one send stays well below it. */
const MAX_SEND_BYTES = 256 * 1024

/**
 * Mirrors `log` into `topic`/`partition`: from where an earlier mirror left off (read back from the
 * topic), up to the log's high watermark, or forever with `follow`.
 *
 * Every record keeps its key, value, headers and timestamp (CreateTime), and gains a
 * `kafka-lite-offset` header with its source offset. Kafka assigns its own offsets (they differ
 * from the source's: transaction markers take offsets too). Consumers must read with
 * `isolation.level=read_committed` to see every record exactly once.
 *
 * @throws TypeError / RangeError for malformed options (synchronously).
 * @returns a promise rejecting with `LogError`: `KLOG_MIRROR_CONFLICT` when the topic does not
 *   exist (it is never created) or has no such partition, when the partition's last
 *   visible record is not a mirrored one (another producer's) and no mirror progress is stored, or
 *   its records were deleted and the stored progress expired (`offsets.retention.minutes`): pass
 *   `from`; also when the log no longer holds the resume point, or was truncated below it since
 *   it was mirrored (unless `onTruncation: 'remirror'`; `offset` is the cut);
 *   `KLOG_MIRROR_UNREPRESENTABLE` for a record whose headers the Kafka client cannot send (a null
 *   header value, a repeated header key that is not adjacent, header keys an object would reorder,
 *   or one of the mirror's own headers, `kafka-lite-offset` and `kafka-lite-truncation-epoch`);
 *   `KLOG_MIRROR_UNAVAILABLE` without kafkajs; `KLOG_IO` when the Kafka client fails (`cause` holds
 *   its error). Whatever was committed before a failure stays committed; call again to resume.
 */
export function mirrorToKafka(log: MirrorSource, options: MirrorOptions): Promise<MirrorResult> {
  const { brokers, topic, partition = 0, follow = false, from, maxTransactionBytes = 1 << 20 } = options
  if (!Array.isArray(brokers) || brokers.length === 0 || !brokers.every((b) => typeof b === 'string')) {
    throw new TypeError('brokers must be a non-empty array of host:port strings')
  }
  if (typeof topic !== 'string' || topic.length === 0) throw new TypeError('topic must be a non-empty string')
  if (!Number.isSafeInteger(partition) || partition < 0) throw new RangeError('partition must be a non-negative integer')
  if (typeof follow !== 'boolean') throw new TypeError('follow must be a boolean')
  if (from !== undefined && (!Number.isSafeInteger(from) || from < 0)) throw new RangeError('from must be a non-negative integer')
  if (!Number.isSafeInteger(maxTransactionBytes) || maxTransactionBytes <= 0)
    throw new RangeError('maxTransactionBytes must be a positive integer')
  const { onTruncation = 'error' } = options
  if (onTruncation !== 'error' && onTruncation !== 'remirror') throw new RangeError("onTruncation must be 'error' or 'remirror'")
  const transactionalId = options.transactionalId ?? `kafka-lite-mirror.${topic}.${partition}`
  return run(log, { ...options, partition, follow, maxTransactionBytes, transactionalId, onTruncation }).catch((err: unknown) => {
    // The public boundary: the client's failures (a broker gone, a request refused) become KLOG_IO.
    throw err instanceof LogError
      ? err
      : new LogError('KLOG_IO', `mirroring to ${topic}/${partition} failed: ${(err as Error).message}`, { cause: err })
  })
}

type Resolved = MirrorOptions & {
  partition: number
  follow: boolean
  maxTransactionBytes: number
  transactionalId: string
  onTruncation: 'error' | 'remirror'
}

async function run(log: MirrorSource, o: Resolved): Promise<MirrorResult> {
  const { Kafka, logLevel } = await loadKafkajs()
  const kafka = new Kafka({ logLevel: logLevel.NOTHING, clientId: 'kafka-lite-mirror', ...o.kafka, brokers: o.brokers })
  const producer = kafka.producer({ transactionalId: o.transactionalId, idempotent: true, maxInFlightRequests: 1 })
  await producer.connect()
  try {
    // Step 1: the first transaction() call runs InitProducerId, which fences earlier mirrors and
    // waits for their open transaction to be aborted. Only then is the partition's tail final.
    let tx: Transaction | undefined = await producer.transaction()
    const resumed = await readResumePoint(kafka, o.transactionalId, o.topic, o.partition)
    if (resumed === 'unaccounted' && o.from === undefined) {
      // Records are there but no progress of ours: another producer's records, or a mirror whose
      // stored progress expired (offsets.retention.minutes). Guessing could duplicate records.
      throw new LogError('KLOG_MIRROR_CONFLICT', `${o.topic}/${o.partition} holds records but no mirror progress: pass \`from\``)
    }
    // With nothing mirrored yet, the records about to be read are the log's current history.
    let progress: Progress =
      typeof resumed === 'object' ? resumed : { nextOffset: o.from ?? log.logStartOffset, truncationEpoch: log.stats().truncationEpoch }
    const open = async (): Promise<MirrorReader> => {
      for (;;) {
        const history = log.stats()
        progress = settled(progress, history, o)
        if (progress.nextOffset < log.logStartOffset || progress.nextOffset > log.logEndOffset) {
          throw new LogError(
            'KLOG_MIRROR_CONFLICT',
            `the topic resumes at source offset ${progress.nextOffset}, outside the log [${log.logStartOffset}, ${log.logEndOffset}]`,
            { offset: progress.nextOffset },
          )
        }
        const reader = log.reader({ from: progress.nextOffset, maxBytes: o.maxTransactionBytes })
        // The reader reads in the history it was opened in: the one settled against unless a
        // truncation came in between (then settle again).
        if (log.stats().truncationEpoch === history.truncationEpoch) return reader
        await reader.close()
      }
    }
    let reader = await open()
    const result: MirrorResult = { resumedFrom: progress.nextOffset, nextOffset: progress.nextOffset, mirrored: 0, transactions: 0 }
    try {
      for (;;) {
        if (o.signal?.aborted) break
        const epoch = log.stats().truncationEpoch
        let records: LogRecord[] = []
        try {
          records = await reader.read({ maxBytes: o.maxTransactionBytes })
        } catch (err) {
          // A truncation that cut below the reader's position: settled (refused or re-mirrored) below.
          const truncated = log.stats().truncationEpoch !== progress.truncationEpoch
          if (!(err instanceof LogError && err.code === 'KLOG_OFFSET_OUT_OF_RANGE' && truncated)) throw err
        }
        if (epoch !== progress.truncationEpoch || log.stats().truncationEpoch !== epoch) {
          // A truncation raced the read: what it returned may belong to either history. Drop it,
          // settle the progress against the new history and read again from there.
          await reader.close()
          reader = await open()
          continue
        }
        if (records.length === 0) {
          if (!o.follow || !(await waitForRecords(log, progress.nextOffset, o.signal))) break
          continue
        }
        tx ??= await producer.transaction()
        await sendInChunks(tx, o.topic, o.partition, records, progress.truncationEpoch)
        const nextOffset = records[records.length - 1]!.offset + 1
        // The progress commits atomically with the records it accounts for. (kafkajs's types omit
        // `metadata`, which its TxnOffsetCommit request sends.)
        const stored = { partition: o.partition, offset: String(nextOffset), metadata: progressMetadata(progress.truncationEpoch) }
        await tx.sendOffsets({ consumerGroupId: o.transactionalId, topics: [{ topic: o.topic, partitions: [stored] }] })
        await tx.commit()
        tx = undefined
        progress = { nextOffset, truncationEpoch: progress.truncationEpoch }
        result.nextOffset = nextOffset
        result.mirrored += records.length
        result.transactions++
        o.onCommit?.(result.nextOffset)
      }
    } finally {
      await reader.close()
      // Ending with a transaction open means an error is on its way out (or the first, empty one
      // was never used). Aborting is a courtesy: if it fails, the next mirror's InitProducerId
      // aborts it anyway, so its own failure must not replace the error being reported.
      if (tx !== undefined && tx.isActive()) await tx.abort().catch(() => undefined)
    }
    return result
  } finally {
    await producer.disconnect()
  }
}

/**
 * Waits until a record at or after `offset` is committed, or the log is truncated below it (the
 * loop then settles its progress); false when the wait ended without either.
 */
async function waitForRecords(log: MirrorSource, offset: number, signal: AbortSignal | undefined): Promise<boolean> {
  const waiter = log.reader({ from: offset, follow: true, maxBytes: 1, ...(signal ? { signal } : {}) })
  try {
    for await (const _ of waiter) return true
    return false // the log closed
  } catch (err) {
    if ((err as Error).name === 'AbortError') return false
    if (err instanceof LogError && err.code === 'KLOG_OFFSET_OUT_OF_RANGE') return true
    throw err
  } finally {
    await waiter.close()
  }
}

/**
 * `progress` in the log's current history (see `settle`), or the cut to re-mirror from; a cut
 * below the progress is refused unless `onTruncation` is `'remirror'`.
 */
function settled(progress: Progress, history: ReturnType<MirrorSource['stats']>, o: Resolved): Progress {
  const s = settle(progress, history)
  if (!('cutAt' in s)) return s
  if (o.onTruncation === 'remirror')
    return { nextOffset: Math.max(s.cutAt, history.logStartOffset), truncationEpoch: history.truncationEpoch }
  throw new LogError(
    'KLOG_MIRROR_CONFLICT',
    `the log was truncated at ${s.cutAt} after ${o.topic}/${o.partition} got its records up to ${progress.nextOffset}: ` +
      `the topic holds records the log no longer has (mirror again with onTruncation: 'remirror', or into a new topic)`,
    { offset: s.cutAt },
  )
}

/** The group offset's metadata: the truncation epoch the progress was read in. */
function progressMetadata(truncationEpoch: number): string {
  return JSON.stringify({ truncationEpoch })
}

/** The truncation epoch a group offset's metadata records (0 when it records none: an older mirror). */
function epochOfMetadata(metadata: string | null | undefined): number {
  try {
    const epoch = (JSON.parse(metadata ?? '{}') as { truncationEpoch?: unknown }).truncationEpoch
    return Number.isSafeInteger(epoch) && (epoch as number) >= 0 ? (epoch as number) : 0
  } catch {
    return 0
  }
}

async function sendInChunks(
  tx: Transaction,
  topic: string,
  partition: number,
  records: LogRecord[],
  truncationEpoch: number,
): Promise<void> {
  let messages: Message[] = []
  let bytes = 0
  for (const r of records) {
    const m = toMessage(r, partition, truncationEpoch)
    const size =
      64 + (r.key?.length ?? 0) + (r.value?.length ?? 0) + r.headers.reduce((n, h) => n + h.key.length + (h.value?.length ?? 0), 0)
    if (messages.length > 0 && bytes + size > MAX_SEND_BYTES) {
      await tx.send({ topic, messages })
      messages = []
      bytes = 0
    }
    messages.push(m)
    bytes += size
  }
  if (messages.length > 0) await tx.send({ topic, messages })
}

/** The mirror's progress as the partition and the mirror's group record it (step 2 of the protocol). */
async function readResumePoint(kafka: Kafka, groupId: string, topic: string, partition: number): Promise<ResumePoint> {
  const admin = kafka.admin()
  await admin.connect()
  let group: Progress | undefined
  try {
    // Asked first: kafkajs retries requests about an unknown topic for about a minute.
    if (!(await retrying(() => admin.listTopics())).includes(topic))
      throw new LogError('KLOG_MIRROR_CONFLICT', `topic ${topic} does not exist`)
    const committed = (await retrying(() => admin.fetchOffsets({ groupId, topics: [topic] })))
      .find((t) => t.topic === topic)
      ?.partitions.find((p) => p.partition === partition)
    if (committed !== undefined && Number(committed.offset) >= 0) {
      group = { nextOffset: Number(committed.offset), truncationEpoch: epochOfMetadata(committed.metadata) }
    }
  } finally {
    await admin.disconnect()
  }
  const tail = await retrying(() => readPartitionTail(kafka, topic, partition))
  return resumePoint(tail.verdict, group, tail.logStartOffset)
}

/**
 * Retries a call that failed with an error kafkajs marks retriable (a group coordinator still
 * loading after a broker start, for one), with a growing pause, up to about a minute.
 */
async function retrying<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call()
    } catch (err) {
      if ((err as { retriable?: boolean }).retriable !== true || attempt >= 60) throw err
      await new Promise((r) => setTimeout(r, Math.min(1000, 50 * attempt)))
    }
  }
}

async function loadKafkajs(): Promise<typeof import('kafkajs')> {
  try {
    const m = (await import('kafkajs')) as typeof import('kafkajs') & { default?: typeof import('kafkajs') }
    return m.Kafka === undefined && m.default !== undefined ? m.default : m
  } catch (err) {
    throw new LogError('KLOG_MIRROR_UNAVAILABLE', 'the mirror needs the kafkajs package: npm install kafkajs', { cause: err })
  }
}
