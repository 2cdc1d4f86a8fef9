/**
 * The bytes of a group's offsets file, and its bounded reading.
 *
 * One file per group with committed offsets, `.kafka-lite-group-<name>-<hash>` (see
 * {@link groupFileName}), UTF-8 text, one record a line:
 * ```
 * kafka-lite-group-offsets 1
 * 5c1a0b2e {"group":"billing","protocolType":"consumer","generationId":7,"emptySince":null}
 * 9e2f4410 {"topic":"orders","partition":0,"offset":"42","leaderEpoch":-1,"metadata":"","commitTimestamp":1700000000000,"expireTimestamp":null}
 * …
 * 0b7d6c11 {"end":2}
 * ```
 * Every line after the first is the CRC-32C of its JSON (8 lowercase hex digits), a space, the JSON.
 * The last line counts the offset lines, so a file cut short anywhere does not parse. Offsets are
 * decimal strings (Kafka's int64, exactly); timestamps are milliseconds.
 *
 * Reading never holds more than one line beyond what it has parsed: the file is read in 64 KiB
 * chunks and a line longer than {@link MAX_LINE_BYTES} (more than any valid record can take: a group
 * id, protocol type, topic or metadata is a protocol string of at most 32767 UTF-8 bytes, at most 6
 * bytes each once escaped in JSON) is damage. Anything else that is not exactly what
 * {@link encodeGroupFile} writes is `KLOG_CORRUPT_CHECKPOINT`, never guessed around.
 *
 * Pure byte logic plus one bounded read loop; safe from any thread.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { crc32c } from '../../format/crc32c.js'
import { LogError } from '../../index.js'
import { readAt } from '../../io/files.js'

/** The prefix of every group offsets file name. */
export const GROUP_FILE_PREFIX = '.kafka-lite-group-'
const MAGIC_LINE = 'kafka-lite-group-offsets 1'
/** The longest line a valid file can hold, with a wide margin (see the module doc). */
export const MAX_LINE_BYTES = 1024 * 1024
const CHUNK_BYTES = 64 * 1024

/** A committed offset, as stored (Kafka's `OffsetAndMetadata`). */
export interface CommittedOffset {
  /** The committed offset, exactly as the client sent it. */
  readonly offset: bigint
  /** The leader epoch the client gave (OffsetCommit v6+), or -1. */
  readonly leaderEpoch: number
  /** The client's metadata string ('' when it sent null). */
  readonly metadata: string
  /** When the coordinator accepted the commit (ms). */
  readonly commitTimestamp: number
  /** OffsetCommit v2-4's explicit expiry (commit time + retention), or null: the broker's retention applies. */
  readonly expireTimestamp: number | null
}

/** What the file keeps of the group itself. */
export interface GroupRecord {
  /** The group's protocol type ('consumer' for consumers), null for a group that only commits. */
  readonly protocolType: string | null
  /** The group's generation when the file was written. */
  readonly generationId: number
  /** When the group became Empty, if it was Empty then; offset retention counts from there. */
  readonly emptySince: number | null
}

/** A group's offsets: topic → partition → offset. */
export type GroupOffsets = ReadonlyMap<string, ReadonlyMap<number, CommittedOffset>>

/** A file's whole content. */
export interface GroupFile {
  readonly groupId: string
  readonly record: GroupRecord
  readonly offsets: GroupOffsets
}

/**
 * The file name of `groupId`: a readable prefix of the id (characters outside `[A-Za-z0-9._-]` as
 * `_`, at most 64) and 96 bits of its SHA-256, so any group id (a protocol string of up to 32767
 * bytes, any characters) maps to a short, safe, distinct name. The file holds the full id.
 */
export function groupFileName(groupId: string): string {
  const readable = groupId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64)
  const hash = createHash('sha256').update(groupId, 'utf8').digest('hex').slice(0, 24)
  return `${GROUP_FILE_PREFIX}${readable}-${hash}`
}

function line(json: string): string {
  return `${crc32c(Buffer.from(json, 'utf8')).toString(16).padStart(8, '0')} ${json}\n`
}

/** The file's bytes. */
export function encodeGroupFile(file: GroupFile): Buffer {
  const parts: string[] = [`${MAGIC_LINE}\n`]
  const { protocolType, generationId, emptySince } = file.record
  parts.push(line(JSON.stringify({ group: file.groupId, protocolType, generationId, emptySince })))
  let count = 0
  for (const [topic, partitions] of file.offsets) {
    for (const [partition, o] of partitions) {
      parts.push(
        line(
          JSON.stringify({
            topic,
            partition,
            offset: o.offset.toString(),
            leaderEpoch: o.leaderEpoch,
            metadata: o.metadata,
            commitTimestamp: o.commitTimestamp,
            expireTimestamp: o.expireTimestamp,
          }),
        ),
      )
      count++
    }
  }
  parts.push(line(JSON.stringify({ end: count })))
  return Buffer.from(parts.join(''), 'utf8')
}

const isInt32 = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= -(2 ** 31) && (v as number) < 2 ** 31
const isTime = (v: unknown): v is number => Number.isSafeInteger(v)
const INT64_RE = /^-?(0|[1-9][0-9]{0,18})$/
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

function parseInt64(v: unknown): bigint | undefined {
  if (typeof v !== 'string' || !INT64_RE.test(v)) return undefined
  const n = BigInt(v)
  return n >= INT64_MIN && n <= INT64_MAX ? n : undefined
}

/** Incremental parser of a file's lines, in order. */
class GroupFileParser {
  readonly #file: string
  #lineNo = 0
  #groupId: string | undefined
  #record: GroupRecord | undefined
  readonly #offsets = new Map<string, Map<number, CommittedOffset>>()
  #count = 0
  #ended = false

  constructor(file: string) {
    this.#file = file
  }

  corrupt(why: string): LogError {
    return new LogError('KLOG_CORRUPT_CHECKPOINT', `group offsets file ${this.#file} is damaged (${why})`, { file: this.#file })
  }

  line(bytes: Buffer): void {
    const n = this.#lineNo++
    if (this.#ended) throw this.corrupt('bytes after the end record')
    if (n === 0) {
      if (bytes.toString('latin1') !== MAGIC_LINE) throw this.corrupt('bad header')
      return
    }
    const m = /^([0-9a-f]{8}) /.exec(bytes.toString('latin1', 0, Math.min(bytes.length, 9)))
    if (m === null) throw this.corrupt(`line ${n + 1}: no checksum`)
    const body = bytes.subarray(9)
    if (crc32c(body) !== parseInt(m[1]!, 16)) throw this.corrupt(`line ${n + 1}: checksum mismatch`)
    let v: Record<string, unknown>
    try {
      v = JSON.parse(body.toString('utf8')) as Record<string, unknown>
    } catch {
      throw this.corrupt(`line ${n + 1}: not JSON`)
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw this.corrupt(`line ${n + 1}: not a record`)
    if (n === 1) this.#header(v)
    else if ('end' in v) this.#end(v)
    else this.#offset(v, n)
  }

  #header(v: Record<string, unknown>): void {
    const { group, protocolType, generationId, emptySince } = v
    if (typeof group !== 'string' || !(protocolType === null || typeof protocolType === 'string') || !isInt32(generationId)) {
      throw this.corrupt('bad group record')
    }
    if (!(emptySince === null || isTime(emptySince))) throw this.corrupt('bad group record')
    this.#groupId = group
    this.#record = { protocolType, generationId, emptySince }
  }

  #offset(v: Record<string, unknown>, n: number): void {
    const { topic, partition, offset, leaderEpoch, metadata, commitTimestamp, expireTimestamp } = v
    const parsed = parseInt64(offset)
    if (
      typeof topic !== 'string' ||
      !isInt32(partition) ||
      parsed === undefined ||
      !isInt32(leaderEpoch) ||
      typeof metadata !== 'string' ||
      !isTime(commitTimestamp) ||
      !(expireTimestamp === null || isTime(expireTimestamp))
    ) {
      throw this.corrupt(`line ${n + 1}: bad offset record`)
    }
    let partitions = this.#offsets.get(topic)
    if (partitions === undefined) this.#offsets.set(topic, (partitions = new Map<number, CommittedOffset>()))
    if (partitions.has(partition)) throw this.corrupt(`line ${n + 1}: duplicate partition`)
    partitions.set(partition, { offset: parsed, leaderEpoch, metadata, commitTimestamp, expireTimestamp })
    this.#count++
  }

  #end(v: Record<string, unknown>): void {
    if (v.end !== this.#count || Object.keys(v).length !== 1) throw this.corrupt('offset count mismatch')
    this.#ended = true
  }

  finish(): GroupFile {
    if (this.#groupId === undefined || this.#record === undefined || !this.#ended) throw this.corrupt('truncated')
    return { groupId: this.#groupId, record: this.#record, offsets: this.#offsets }
  }
}

/** Parses a whole file's bytes (tests and small inputs). @throws LogError `KLOG_CORRUPT_CHECKPOINT` */
export function decodeGroupFile(bytes: Buffer, file: string): GroupFile {
  const parser = new GroupFileParser(file)
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) throw parser.corrupt('truncated')
  let start = 0
  for (let nl = bytes.indexOf(0x0a); nl >= 0; nl = bytes.indexOf(0x0a, start)) {
    if (nl - start > MAX_LINE_BYTES) throw parser.corrupt('line too long')
    parser.line(bytes.subarray(start, nl))
    start = nl + 1
  }
  return parser.finish()
}

/**
 * Reads and parses `file` in bounded chunks (see the module doc).
 * @throws LogError `KLOG_CORRUPT_CHECKPOINT` for damage; the `fs` error when it cannot be read
 */
export async function readGroupFile(file: string): Promise<GroupFile> {
  const parser = new GroupFileParser(file)
  const fh = await fs.promises.open(file, 'r')
  try {
    const chunk = Buffer.alloc(CHUNK_BYTES)
    let carry: Buffer[] = []
    let carryBytes = 0
    let position = 0
    for (;;) {
      const n = await readAt(fh.fd, chunk, 0, CHUNK_BYTES, position)
      if (n === 0) break
      position += n
      const view = chunk.subarray(0, n)
      let start = 0
      for (let nl = view.indexOf(0x0a); nl >= 0; nl = view.indexOf(0x0a, start)) {
        const piece = view.subarray(start, nl)
        if (carryBytes + piece.length > MAX_LINE_BYTES) throw parser.corrupt('line too long')
        parser.line(carry.length === 0 ? piece : Buffer.concat([...carry, piece]))
        carry = []
        carryBytes = 0
        start = nl + 1
      }
      if (start < n) {
        carryBytes += n - start
        if (carryBytes > MAX_LINE_BYTES) throw parser.corrupt('line too long')
        // A copy: the chunk buffer is reused by the next read.
        carry.push(Buffer.from(view.subarray(start)))
      }
    }
    if (carryBytes > 0) throw parser.corrupt('truncated')
    return parser.finish()
  } finally {
    await fh.close()
  }
}
