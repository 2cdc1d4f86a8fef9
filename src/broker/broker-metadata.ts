/**
 * The broker's own metadata: one small crash-safe file at the root of the broker directory, and
 * Kafka's `partition.metadata` in each partition directory.
 *
 * Layout of a broker directory:
 * ```
 * <dir>/.kafka-lite-broker            this file: cluster id, node id, producer-id block, topics
 * <dir>/.lock/                        the broker's lock (one Broker per directory, any process)
 * <dir>/<topic>-<partition>/          an ordinary Log directory (Kafka's naming), plus Kafka's
 *                                     partition.metadata ("version: 0\ntopic_id: <id>")
 * <dir>/<topic>-<partition>.<id>-delete/   a partition being deleted (removed at open)
 * ```
 * The file is two lines of UTF-8, as the consumer position files are:
 * ```
 * kafka-lite-broker 1 <CRC-32C of line 2 without its newline, 8 lowercase hex digits>
 * {"clusterId":"…","nodeId":0,"producerIdBlockEnd":1000,"topics":[{"name":"orders","topicId":"…","partitions":4,"configs":{…},"deleting":false}]}
 * ```
 * Every change is written whole with the project's atomic small-file writer (temp file, fsync,
 * rename, fsync of the directory), so after a crash at any point the file is the old one or the new
 * one. Anything that does not parse exactly (header, checksum, fields) is `KLOG_CORRUPT_CHECKPOINT`:
 * a broker never guesses its topics.
 *
 * Topic ids are Kafka's: 16 random bytes as a type-4 UUID, printed URL-safe base64 without padding,
 * never the zero or one UUID and never starting with `-` (`Uuid.randomUuid`).
 *
 * Writer: the broker holding the lock. Pure functions of the bytes plus the atomic writer.
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { LogError } from '../index.js'
import { crc32c } from '../format/crc32c.js'
import { writeFileAtomicSync } from '../io/atomic-file.js'

/** The metadata file's name at the broker directory's root. */
export const BROKER_METADATA_FILE = '.kafka-lite-broker'
/** Kafka's per-partition topic-id file. */
export const PARTITION_METADATA_FILE = 'partition.metadata'
const MAGIC = 'kafka-lite-broker'
const VERSION = 1

/** One topic as the metadata file records it. */
export interface TopicRecord {
  name: string
  /** Kafka's topic id (URL-safe base64 of 16 bytes, 22 characters). */
  topicId: string
  partitions: number
  /** The configs set on the topic (Kafka's names and string values); defaults are not stored. */
  configs: Record<string, string>
  /** Marked for deletion: invisible, its partition directories are being removed (finished at open). */
  deleting: boolean
}

/** The whole metadata file. */
export interface BrokerMetadata {
  /** Kafka's cluster id (a topic-id-shaped string). */
  clusterId: string
  /** Kafka's node.id of this broker. */
  nodeId: number
  /** Producer ids below this may have been handed out: the next block starts here (never reused after a crash). */
  producerIdBlockEnd: number
  topics: TopicRecord[]
}

/** A new Kafka `Uuid.randomUuid()` string: 22 characters of URL-safe base64, not starting with `-`. */
export function randomKafkaUuid(): string {
  for (;;) {
    const bytes = Buffer.from(randomUUID().replaceAll('-', ''), 'hex')
    const id = bytes.toString('base64url')
    const zeroOrOne = bytes.subarray(0, 15).every((b) => b === 0) && bytes[15]! <= 1
    if (!zeroOrOne && !id.startsWith('-')) return id
  }
}

/** True for a string Kafka's `Uuid.fromString` accepts as a canonical id. */
export function isKafkaUuid(id: unknown): id is string {
  return typeof id === 'string' && /^[A-Za-z0-9_-]{22}$/.test(id) && Buffer.from(id, 'base64url').toString('base64url') === id
}

function corrupt(file: string, why: string): LogError {
  return new LogError('KLOG_CORRUPT_CHECKPOINT', `${file} is damaged: ${why}`, { file })
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/** Encodes the metadata file (exported for tests). */
export function encodeBrokerMetadata(m: BrokerMetadata): Buffer {
  const body = JSON.stringify({
    clusterId: m.clusterId,
    nodeId: m.nodeId,
    producerIdBlockEnd: m.producerIdBlockEnd,
    topics: m.topics.map((t) => ({ name: t.name, topicId: t.topicId, partitions: t.partitions, configs: t.configs, deleting: t.deleting })),
  })
  const crc = crc32c(Buffer.from(body, 'utf8')).toString(16).padStart(8, '0')
  return Buffer.from(`${MAGIC} ${VERSION} ${crc}\n${body}\n`, 'utf8')
}

/**
 * Decodes the metadata file's bytes.
 * @throws LogError `KLOG_CORRUPT_CHECKPOINT` for anything that is not exactly a metadata file
 */
export function decodeBrokerMetadata(bytes: Buffer, file: string): BrokerMetadata {
  const text = bytes.toString('utf8')
  const nl = text.indexOf('\n')
  if (nl < 0 || !text.endsWith('\n') || text.indexOf('\n', nl + 1) !== text.length - 1) throw corrupt(file, 'not two lines')
  const header = /^kafka-lite-broker (\d+) ([0-9a-f]{8})$/.exec(text.slice(0, nl))
  if (header === null) throw corrupt(file, 'bad header')
  if (Number(header[1]) !== VERSION) throw corrupt(file, `unknown version ${header[1]}`)
  const body = text.slice(nl + 1, -1)
  if (crc32c(Buffer.from(body, 'utf8')).toString(16).padStart(8, '0') !== header[2]) throw corrupt(file, 'checksum mismatch')
  let o: unknown
  try {
    o = JSON.parse(body)
  } catch {
    throw corrupt(file, 'not JSON')
  }
  if (!isRecord(o) || !isKafkaUuid(o.clusterId) || !Number.isInteger(o.nodeId) || !Array.isArray(o.topics))
    throw corrupt(file, 'bad fields')
  if (!Number.isSafeInteger(o.producerIdBlockEnd) || (o.producerIdBlockEnd as number) < 0) throw corrupt(file, 'bad producerIdBlockEnd')
  const names = new Set<string>()
  const topics = (o.topics as unknown[]).map((t): TopicRecord => {
    if (!isRecord(t) || typeof t.name !== 'string' || !isKafkaUuid(t.topicId) || typeof t.deleting !== 'boolean')
      throw corrupt(file, 'bad topic')
    if (!Number.isSafeInteger(t.partitions) || (t.partitions as number) < 1 || !isRecord(t.configs))
      throw corrupt(file, `bad topic ${t.name}`)
    if (names.has(t.name)) throw corrupt(file, `topic ${t.name} twice`)
    names.add(t.name)
    const configs: Record<string, string> = {}
    for (const [k, v] of Object.entries(t.configs)) {
      if (typeof v !== 'string') throw corrupt(file, `bad config ${k} of topic ${t.name}`)
      configs[k] = v
    }
    return { name: t.name, topicId: t.topicId, partitions: t.partitions as number, configs, deleting: t.deleting }
  })
  return { clusterId: o.clusterId, nodeId: o.nodeId as number, producerIdBlockEnd: o.producerIdBlockEnd as number, topics }
}

/**
 * Reads `<dir>/.kafka-lite-broker`, or `undefined` when there is none (a new broker directory).
 * @throws LogError `KLOG_CORRUPT_CHECKPOINT`
 */
export function readBrokerMetadata(dir: string): BrokerMetadata | undefined {
  const file = path.join(dir, BROKER_METADATA_FILE)
  let bytes: Buffer
  try {
    bytes = fs.readFileSync(file)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  return decodeBrokerMetadata(bytes, file)
}

/** Replaces `<dir>/.kafka-lite-broker` atomically and durably. */
export function writeBrokerMetadata(dir: string, m: BrokerMetadata): void {
  writeFileAtomicSync(dir, BROKER_METADATA_FILE, encodeBrokerMetadata(m))
}

/** Kafka's `partition.metadata` text for `topicId` (`PartitionMetadata.encode`). */
export function encodePartitionMetadata(topicId: string): string {
  return `version: 0\ntopic_id: ${topicId}`
}

/**
 * The topic id in `<partitionDir>/partition.metadata`, or `undefined` when the file is missing.
 * @throws LogError `KLOG_CORRUPT_CHECKPOINT` when it is not Kafka's version-0 format
 */
export function readPartitionMetadata(partitionDir: string): string | undefined {
  const file = path.join(partitionDir, PARTITION_METADATA_FILE)
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  const m = /^version: 0\ntopic_id: ([A-Za-z0-9_-]{22})\n?$/.exec(text)
  if (m === null || !isKafkaUuid(m[1])) throw corrupt(file, 'not a version-0 partition.metadata')
  return m[1]
}

/** Writes Kafka's `partition.metadata` into a partition directory, atomically and durably. */
export function writePartitionMetadata(partitionDir: string, topicId: string): void {
  writeFileAtomicSync(partitionDir, PARTITION_METADATA_FILE, encodePartitionMetadata(topicId))
}
