/**
 * Reads the end of one Kafka partition as it is in the log (`read_uncommitted`), control records
 * and producer ids included, and judges it with {@link judgeTail}.
 *
 * kafkajs's public API has no such read: its consumer hides control records and producer ids and
 * needs a consumer group. So this module, and only this one, uses kafkajs 2.2's cluster object (the
 * one its producer, consumer and admin are built on), reached through the `Kafka` instance. It
 * checks that shape first and fails with `KLOG_MIRROR_UNAVAILABLE` on a kafkajs without it, so a
 * kafkajs upgrade that changes it cannot silently change what the mirror concludes.
 */
import type { Kafka } from 'kafkajs'
// The main entry, not ../errors.js: the build keeps it external, so LogError is one class (tsup.config.ts).
import { LogError } from '../index.js'
import { judgeTail, type TailRecord, type TailVerdict } from './tail-verdict.js'

/** The header carrying a mirrored record's offset in the source log (decimal ASCII). */
export const SOURCE_OFFSET_HEADER = 'kafka-lite-offset'
/**
 * The header carrying the source log's truncation epoch the record was read in (decimal ASCII),
 * present only when it is not 0 (a log never truncated adds nothing).
 */
export const TRUNCATION_EPOCH_HEADER = 'kafka-lite-truncation-epoch'

/** What the mirror reads of kafkajs 2.2's cluster and broker objects. */
interface KafkajsCluster {
  connect(): Promise<void>
  disconnect(): Promise<void>
  addTargetTopic(topic: string): Promise<void>
  refreshMetadataIfNecessary(): Promise<void>
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>
  findBroker(args: { nodeId: string }): Promise<KafkajsBroker>
  fetchTopicsOffset(
    topics: Array<{ topic: string; partitions: Array<{ partition: number }>; fromBeginning: boolean }>,
  ): Promise<Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>>
}
interface KafkajsBroker {
  fetch(args: {
    replicaId?: number
    isolationLevel: number
    maxWaitTime: number
    minBytes: number
    maxBytes: number
    topics: Array<{ topic: string; partitions: Array<{ partition: number; fetchOffset: string; maxBytes: number }> }>
  }): Promise<{
    responses: Array<{ topicName: string; partitions: Array<{ partition: number; errorCode: number; messages: KafkajsRecord[] }> }>
  }>
}
interface KafkajsRecord {
  offset: string
  key: Buffer | null
  headers: Record<string, Buffer | Buffer[] | undefined>
  isControlRecord: boolean
  batchContext: { firstOffset: string; lastOffsetDelta: number; producerId: string; inTransaction: boolean }
}

const READ_UNCOMMITTED = 0
const FETCH_BYTES = 1 << 20
/** The first stretch judged; it grows fourfold until it holds a visible or hanging record. */
const FIRST_STRETCH = 1024

/** The verdict on a partition's end, and the partition's first offset. */
export interface PartitionTail {
  verdict: TailVerdict
  logStartOffset: number
  highWatermark: number
}

/**
 * Judges the end of `topic`/`partition`: from the high watermark backwards, in stretches that grow
 * until one holds a record that is visible or hanging (or the partition's start is reached).
 */
export async function readPartitionTail(kafka: Kafka, topic: string, partition: number): Promise<PartitionTail> {
  const cluster = clusterOf(kafka)
  await cluster.connect()
  try {
    await cluster.addTargetTopic(topic)
    await cluster.refreshMetadataIfNecessary()
    const offsetAt = async (fromBeginning: boolean): Promise<number> => {
      const [t] = await cluster.fetchTopicsOffset([{ topic, partitions: [{ partition }], fromBeginning }])
      const p = t?.partitions.find((x) => x.partition === partition)
      if (p === undefined) throw new LogError('KLOG_MIRROR_CONFLICT', `topic ${topic} has no partition ${partition}`)
      return Number(p.offset)
    }
    const logStartOffset = await offsetAt(true)
    const highWatermark = await offsetAt(false)
    let verdict: TailVerdict = {}
    for (let stretch = FIRST_STRETCH, from = highWatermark; from > logStartOffset; stretch *= 4) {
      from = Math.max(logStartOffset, highWatermark - stretch)
      verdict = judgeTail(await readRange(cluster, topic, partition, from, highWatermark))
      if (verdict.last !== undefined) break
    }
    return { verdict, logStartOffset, highWatermark }
  } finally {
    await cluster.disconnect()
  }
}

/** The records of [`from`, `to`), in offset order. */
async function readRange(cluster: KafkajsCluster, topic: string, partition: number, from: number, to: number): Promise<TailRecord[]> {
  const out: TailRecord[] = []
  for (let next = from; next < to;) {
    const leader = Object.entries(cluster.findLeaderForPartitions(topic, [partition])).find(([, ps]) => ps.includes(partition))
    if (leader === undefined) throw new LogError('KLOG_IO', `${topic}/${partition} has no leader`)
    const broker = await cluster.findBroker({ nodeId: leader[0] })
    const { responses } = await broker.fetch({
      replicaId: -1,
      isolationLevel: READ_UNCOMMITTED,
      maxWaitTime: 0,
      minBytes: 0,
      maxBytes: FETCH_BYTES,
      topics: [{ topic, partitions: [{ partition, fetchOffset: String(next), maxBytes: FETCH_BYTES }] }],
    })
    const p = responses.find((r) => r.topicName === topic)?.partitions.find((x) => x.partition === partition)
    if (p === undefined) throw new LogError('KLOG_IO', `fetching ${topic}/${partition} returned no data for it`)
    if (p.errorCode !== 0) throw new LogError('KLOG_IO', `fetching ${topic}/${partition} at ${next} failed with Kafka error ${p.errorCode}`)
    // A fetch can start inside a compressed batch (earlier offsets come back: skip them) and stop
    // at any batch; `after` is the offset after the last batch seen, records or not.
    let after = next
    for (const m of p.messages) {
      const offset = Number(m.offset)
      after = Math.max(after, Number(m.batchContext.firstOffset) + m.batchContext.lastOffsetDelta + 1)
      if (offset < next || offset >= to) continue
      out.push(toTailRecord(m, offset))
    }
    // Batches emptied by compaction decode to no record; step over the offset that returned nothing.
    next = after > next ? after : next + 1
  }
  return out
}

function toTailRecord(m: KafkajsRecord, offset: number): TailRecord {
  const base = { offset, producerId: m.batchContext.producerId, transactional: m.batchContext.inTransaction }
  // A control record's key: version (int16) then type (int16; 0 ABORT, 1 COMMIT).
  if (m.isControlRecord) return { ...base, control: m.key !== null && m.key.length >= 4 ? m.key.readInt16BE(2) : -1 }
  const sourceOffset = decimalHeader(m, SOURCE_OFFSET_HEADER)
  return sourceOffset === undefined
    ? { ...base, sourceOffset: null }
    : { ...base, sourceOffset, truncationEpoch: decimalHeader(m, TRUNCATION_EPOCH_HEADER) ?? 0 }
}

/** A header written by the mirror (one decimal number), or `undefined` when absent or not one. */
function decimalHeader(m: KafkajsRecord, key: string): number | undefined {
  // Own keys only: kafkajs builds the object from the record's headers with a prototype.
  const h = Object.hasOwn(m.headers, key) ? m.headers[key] : undefined
  const text = Buffer.isBuffer(h) ? h.toString('latin1') : undefined
  return text !== undefined && /^(0|[1-9]\d{0,15})$/.test(text) ? Number(text) : undefined
}

const CREATE_CLUSTER = 'private:Kafka:createCluster'

/** kafkajs 2.2's cluster for `kafka` (its brokers, TLS, SASL and retry settings), reading uncommitted. */
function clusterOf(kafka: Kafka): KafkajsCluster {
  const key = Object.getOwnPropertySymbols(kafka).find((s) => s.description === CREATE_CLUSTER)
  const create = key === undefined ? undefined : (kafka as unknown as Record<symbol, unknown>)[key]
  if (typeof create !== 'function') {
    throw new LogError(
      'KLOG_MIRROR_UNAVAILABLE',
      'this kafkajs version does not offer the partition reads the mirror needs (kafkajs 2.2 does)',
    )
  }
  // As kafkajs's admin does: a metadata request must not create the topic it asks about.
  const cluster = (create as (o: { isolationLevel: number; allowAutoTopicCreation: boolean }) => KafkajsCluster)({
    isolationLevel: READ_UNCOMMITTED,
    allowAutoTopicCreation: false,
  })
  for (const m of [
    'connect',
    'disconnect',
    'addTargetTopic',
    'refreshMetadataIfNecessary',
    'findLeaderForPartitions',
    'findBroker',
    'fetchTopicsOffset',
  ] as const) {
    if (typeof cluster[m] !== 'function')
      throw new LogError('KLOG_MIRROR_UNAVAILABLE', `this kafkajs version's cluster has no ${m}() (kafkajs 2.2 does)`)
  }
  return cluster
}
