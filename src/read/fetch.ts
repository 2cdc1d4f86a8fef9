/**
 * The reader's fetch engine: one read of a log's published records under one snapshot, for
 * `LogReader` (src/reader.ts), which owns everything a caller sees (its position, the records it
 * buffered, the out-of-range policy, waits). The reader passes in the snapshot, the offset to read
 * from, its limits and the `FetchCursor` the previous fetch returned; it gets back the records, the
 * offset the next fetch starts from and the cursor to pass to it.
 *
 * A fetch reads only below its snapshot: segments before the one holding the high watermark are read
 * to their end, that segment only below the published `hwPosition`, and later segments not at all.
 * Every batch's header is checked by the header walk and its CRC before a record is handed out, and
 * records at or beyond the high watermark are never returned. After reading, the fetch re-checks the
 * snapshot's generation: if a truncation or a retention deletion happened meanwhile, the bytes may
 * come from a changed file, so they are discarded (`null`) and the caller fetches again on a new
 * snapshot.
 *
 * Seeking uses the offset-index floor and then a walk over batch headers (`Segment.findPosition`).
 * Sequential fetches skip even that: the cursor says where the next batch starts and which base
 * offset it must have. A compressed batch is decompressed once: the records a fetch could not hand
 * out (`maxRecords`) wait in the cursor for the next fetch. Where the codec decompresses on the
 * thread pool (zstd), the next batch of the same read starts decompressing while one is decoded.
 *
 * Safe from any reader; never mutates shared state. A cursor is immutable and applies only to a fetch
 * from its own offset, segment and generation, so a caller may keep the one it passed in when a fetch
 * fails.
 */
import { CorruptSegmentError, LogError } from '../base/errors.js'
import { asyncDecompressor } from '../codec/registry.js'
import { findBatchInBytes, walkError } from '../segment/batch-locator.js'
import { HeaderWalk, Step } from '../format/header-walk.js'
import type { LogSource } from '../publish/log-source.js'
import type { LogRecord } from '../format/record.js'
import {
  BATCH_HEADER_SIZE,
  BatchCheck,
  HEADER_SIZE_UP_TO_MAGIC,
  LOG_OVERHEAD,
  MAGIC,
  batchCodec,
  batchSize,
  decodeBatch,
  int32BE,
  readInt64,
} from '../format/record-batch.js'
import { inflateBatchAsync } from '../format/batch-records.js'
import type { Segment } from '../segment/segment.js'
import { SYNC_READ_BYTES } from '../segment/log-file.js'
import { keepTable, newTable, tabledRecord, tabledRecordAt } from './record-positions.js'
import type { SnapshotState } from '../publish/snapshot.js'

/**
 * Where a fetch stopped: the next fetch from `offset`, under the same generation, resumes at the
 * batch at `position` of `segment` instead of looking it up.
 */
export interface FetchCursor {
  readonly segment: Segment
  readonly generation: number
  /** The offset the fetch stopped at: a fetch from another offset looks its batch up. */
  readonly offset: number
  /** Byte position in `segment` of the batch the next fetch reads first. */
  readonly position: number
  /** The undelivered rest of the compressed batch at `position`, decoded by the previous fetch. */
  readonly pending?: DecodedRest | undefined
  /** The base offset the batch at `position` must have (it is outside the CRC). */
  readonly base: number
}

/** Records of a compressed batch a fetch decoded but could not hand out (maxRecords). */
export interface DecodedRest {
  /** The batch's records below the high watermark; those from index `at` on are not handed out yet. */
  readonly records: readonly LogRecord[]
  readonly at: number
  /** Position of the batch after it. */
  readonly after: number
  /** The offset the next fetch starts from once `records` are handed out. */
  readonly next: number
  /** The base offset the batch at `after` must have (the batch's last offset + 1). */
  readonly nextBase: number
}

/** What a fetch hands back. */
export interface Fetched {
  /**
   * The records, in offset order: at most `maxRecords`, about `maxBytes` (but always at least one
   * whole batch), none only when the fetch reached the snapshot's high watermark.
   */
  readonly records: LogRecord[]
  /** The offset after the last record returned (or after the batches stepped over): where the next fetch starts. */
  readonly nextOffset: number
  /** The cursor to pass to the next fetch (the one passed in when nothing was read). */
  readonly cursor: FetchCursor | undefined
}

/**
 * Reads the records from `offset` on that `snap` published. `offset` lies in the snapshot's range
 * (the caller applied its out-of-range policy).
 * @param cursor what the previous fetch returned, or `undefined` (it is used only if it applies)
 * @returns the records and where the next fetch starts, or `null` when a truncation or deletion raced
 *   the fetch (the source's generation moved): the caller fetches again on a new snapshot
 * @throws CorruptSegmentError (`KLOG_CORRUPT_SEGMENT`) for damaged bytes before any intact record;
 *   the errors of the file reads as they come (the caller wraps them)
 */
export function fetchRecords(
  source: LogSource,
  snap: SnapshotState,
  offset: number,
  cursor: FetchCursor | undefined,
  maxBytes: number,
  maxRecords: number,
): Promise<Fetched | null> {
  return new Fetch(source, snap, cursor, maxBytes, maxRecords).run(offset)
}

/** One fetch: its inputs, the records it collected and the cursor so far. */
class Fetch {
  readonly #source: LogSource
  readonly #snap: SnapshotState
  readonly #maxBytes: number
  readonly #maxRecords: number
  readonly #out: LogRecord[] = []
  #cursor: FetchCursor | undefined
  /** Whether the caller passed a cursor: a fetch that continues a scan (see `#mapped`). */
  readonly #resumed: boolean
  /** The decompression started for the batch at `buf[at]` while the one before it was decoded. */
  #ahead: { buf: Buffer; at: number; bytes: Promise<Buffer> } | undefined

  constructor(source: LogSource, snap: SnapshotState, cursor: FetchCursor | undefined, maxBytes: number, maxRecords: number) {
    this.#source = source
    this.#snap = snap
    this.#cursor = cursor
    this.#resumed = cursor !== undefined
    this.#maxBytes = maxBytes
    this.#maxRecords = maxRecords
  }

  async run(offset: number): Promise<Fetched | null> {
    const source = this.#source
    const snap = this.#snap
    const out = this.#out
    let pos = offset
    let seg = pos < snap.highWatermark ? source.floorSegment(pos) : undefined
    try {
      while (seg !== undefined && seg.baseOffset <= snap.hwSegmentBase && out.length === 0) {
        const maxPos = seg.baseOffset === snap.hwSegmentBase ? snap.hwPosition : seg.size
        seg.acquire()
        try {
          const c = this.#cursor
          const resume = c !== undefined && c.segment === seg && c.offset === pos && c.generation === snap.generation
          const tabled = resume ? undefined : this.#tabledFirst(seg, pos, maxPos)
          if (tabled !== undefined) {
            this.#cursor = tabled
            pos = tabled.offset
            break
          }
          // A position found by the header walk was checked on the way; a resumed one by its expected base.
          let position = resume ? c.position : await this.#find(seg, pos, maxPos)
          let base = resume ? c.base : -1
          // A read of `maxBytes` can end before the segment does with nothing to hand out: batches
          // that compaction emptied, or whose records all lie below the position. Go on in this
          // segment (the cursor says where the read stopped) before moving to the next one.
          while (position >= 0 && position < maxPos) {
            const next = await this.#decode(seg, position, base, maxPos, pos)
            // Damage found while a truncation raced the read: the bytes may be the race's, not the file's.
            if (next === null) return null
            this.#cursor = next
            pos = next.offset
            if (out.length > 0 || next.position <= position) break
            position = next.position
            base = next.base
          }
        } finally {
          seg.release()
        }
        if (out.length > 0 || seg.baseOffset === snap.hwSegmentBase) break
        const after = source.higherSegment(seg.baseOffset)
        if (after !== undefined && after.baseOffset !== pos && after.baseOffset <= snap.hwSegmentBase) {
          // Segments are contiguous: a segment that ends before the next one starts lost records
          // (a deleted or emptied file) and one that ends after it overlaps; neither is skipped.
          throw new CorruptSegmentError(
            seg.logPath,
            seg.size,
            `the segment ends at offset ${pos} but the next one starts at ${after.baseOffset}`,
            { offset: pos },
          )
        }
        seg = after
      }
    } catch (err) {
      // A truncation or deletion racing this read changes files under it (bytes that no longer
      // parse, a file gone or replaced): retry on the new snapshot.
      if (source.generation() !== snap.generation) return null
      throw err
    }
    if (source.generation() !== snap.generation) return null
    return { records: out, nextOffset: pos, cursor: this.#cursor }
  }

  /**
   * The owner thread's mapping of `seg`'s `.log` (`LogSource.mappedBytes`). A fetch that resumes
   * where the previous one stopped (a scan, a follower) uses a mapping only if a point read (or the
   * reader's first fetch) already made it: a scan through many segments maps none of them, and
   * evicts no point read's mapping. A fetch without a cursor (a new reader, a seek) may map its
   * segment, as a point read does.
   */
  #mapped(seg: Segment, maxPos: number): Buffer | undefined {
    const source = this.#source
    if (source.mappedBytes === undefined) return undefined
    // Only while the snapshot's generation is current: a truncation publishes a new one before it
    // cuts a file, so until then every byte below `maxPos` is in the file. After the cut, a page of
    // the mapping wholly past the new end would raise SIGBUS where a `pread` just comes back short
    // (and the fetch is retried). The caller uses the bytes before it yields.
    if (source.generation() !== this.#snap.generation) return undefined
    return source.mappedBytes(seg, maxPos, this.#resumed)
  }

  /**
   * A new reader's first record (a fetch of one record without a cursor) when a walk of its batch in
   * this thread tabled where it lies (`record-positions.ts`: point reads, and the first fetch below):
   * decoded straight from the owner thread's mapping, as a point read's second read of a batch is,
   * without looking the batch up, copying it or walking its records again. The record is pushed to
   * the output and the cursor after it returned; `undefined` (nothing done) when any of that is not
   * at hand, and the fetch takes its usual path.
   */
  #tabledFirst(seg: Segment, offset: number, maxPos: number): FetchCursor | undefined {
    if (this.#maxRecords !== 1) return undefined
    const mapped = this.#mapped(seg, maxPos)
    if (mapped === undefined) return undefined
    const tabled = tabledRecord(seg, offset)
    if (tabled === undefined) return undefined
    // Synchronous from here to the push: no change of the mapping can come between.
    const record = tabledRecordAt(seg, mapped, tabled, offset, maxPos)
    if (record === undefined) return undefined
    this.#out.push(record)
    const at = tabled.batch
    const base = readInt64(mapped, at)
    const lastOffset = base + int32BE(mapped, at + 23)
    // The next fetch resumes in this batch, or after it when this was its last record.
    if (offset < lastOffset) return { segment: seg, generation: this.#snap.generation, offset: offset + 1, position: at, base }
    const next = Math.min(lastOffset + 1, this.#snap.highWatermark)
    return { segment: seg, generation: this.#snap.generation, offset: next, position: at + batchSize(mapped, at), base: lastOffset + 1 }
  }

  /**
   * The position of the batch holding `offset` (or the first after it), -1 when none lies below
   * `maxPos`: from the segment's index entry, walking headers over the owner thread's mapping of the
   * `.log` when it has one (no read at all: a new reader's first record cost two 16 KiB reads, this
   * one and its fetch's), else reading them (`Segment.findPosition`). The walk is synchronous, so no
   * change of the mapping can come between it and its bytes.
   */
  #find(seg: Segment, offset: number, maxPos: number): number | Promise<number> {
    const mapped = this.#mapped(seg, maxPos)
    if (mapped === undefined) return seg.findPosition(offset, maxPos)
    return findBatchInBytes(mapped, seg, seg.offsetIndex.lookup(offset, maxPos), offset, maxPos)?.position ?? -1
  }

  /**
   * `length` bytes at `position` (below `maxPos`) in a buffer of their own: the records handed out
   * are views of it. A read small enough to be made on this thread anyway (`SYNC_READ_BYTES`) is a
   * copy out of the owner thread's mapping of the `.log` when it has one, a `memcpy` instead of a
   * `pread` (the same page-cache bytes, without the system call: a new reader's first fetch, a
   * same-thread follower's); larger reads stay on the thread pool, where a cold page never stalls
   * the event loop. The copy is synchronous, so no change of the mapping comes between.
   */
  #read(seg: Segment, position: number, length: number, maxPos: number): Buffer | Promise<Buffer> {
    const mapped = length <= SYNC_READ_BYTES ? this.#mapped(seg, maxPos) : undefined
    if (mapped === undefined) return seg.read(position, length)
    if (this.#maxRecords === 1 && position + LOG_OVERHEAD <= maxPos) {
      // One record wanted: the batch that holds it is the first one here, so copy that batch, not
      // the whole read (a size that is not a batch's is left to the header walk to report).
      const size = batchSize(mapped, position)
      if (size >= BATCH_HEADER_SIZE && size < length) length = size
    }
    // `copy` is a memcpy; `Buffer.from(view)` would copy element by element.
    const buf = Buffer.allocUnsafe(length)
    mapped.copy(buf, 0, position, position + length)
    return buf
  }

  /**
   * Reads batches from `position` and decodes records ≥ `from` into the output.
   * @returns the cursor where this read stopped (its offset is the next offset), or `null` for damage
   *   found while the source's generation moved
   */
  async #decode(seg: Segment, position: number, firstBase: number, maxPos: number, from: number): Promise<FetchCursor | null> {
    const snap = this.#snap
    const maxRecords = this.#maxRecords
    const out = this.#out
    const c = this.#cursor
    if (c?.pending !== undefined && c.segment === seg && c.position === position && c.offset === from && c.generation === snap.generation) {
      // The rest of a compressed batch an earlier fetch decompressed: served without decompressing again.
      const { records, at: first, after, next, nextBase } = c.pending
      const end = Math.min(records.length, first + maxRecords - out.length)
      for (let k = first; k < end; k++) out.push(records[k]!)
      if (end < records.length) {
        const last = records[end - 1]!.offset
        return {
          segment: seg,
          generation: snap.generation,
          offset: last + 1,
          position,
          pending: { records, at: end, after, next, nextBase },
          base: c.base,
        }
      }
      const pastRest: FetchCursor = { segment: seg, generation: snap.generation, offset: next, position: after, base: nextBase }
      if (out.length >= maxRecords || after >= maxPos) return pastRest
      position = after
      from = next
      firstBase = nextBase
    }
    let buf = await this.#read(seg, position, Math.min(Math.max(this.#maxBytes, BATCH_HEADER_SIZE), maxPos - position), maxPos)
    if (buf.length >= LOG_OVERHEAD) {
      const first = batchSize(buf, 0)
      // Kafka's minOneMessage: a batch larger than maxBytes is still returned whole.
      if (first > buf.length && first <= maxPos - position) buf = await this.#read(seg, position, first, maxPos)
    }
    // The header walk vouches for what the CRC does not cover (lengths, base offsets); the CRC
    // check and the decode's walk over every record below for the rest.
    const walk = new HeaderWalk(seg.baseOffset, { position, expectedBase: firstBase, expectedLast: -1, gapsBelow: seg.gapsBelow }, maxPos)
    let at = 0
    let expect = firstBase
    let next = from
    for (;;) {
      // A batch cut short by maxBytes is left for the next read (the first one was read whole).
      if (at > 0 && at + walk.needed > buf.length) break
      const step = walk.step(buf, at)
      if (step === Step.End) break
      let damage: CorruptSegmentError | undefined
      if (step === Step.Corrupt) damage = walkError(seg.logPath, walk)
      else if (at + walk.size > buf.length) {
        if (at > 0) break
        damage = new CorruptSegmentError(seg.logPath, position, 'the file ends inside the batch', { offset: from })
      } else if (seg.logFile.checkHeaderOnce(buf, at, buf.length, position + at) !== BatchCheck.Valid) {
        damage = new CorruptSegmentError(seg.logPath, position + at, 'the batch fails its CRC or framing', { offset: next })
      }
      const size = walk.size
      const lastOffset = walk.lastOffset
      const before = out.length
      let rest: DecodedRest | undefined
      if (damage === undefined && lastOffset >= next) {
        // The decode walks every record of the batch and checks it against the header: the check the
        // header check above left out. A record that breaks a rule is damage like a bad CRC.
        try {
          // An uncompressed batch is decoded synchronously: no promise and no turn of the microtask
          // queue per batch (a follower of single appends reads one record per batch).
          if (batchCodec(buf, at) === 0) this.#decodePlain(seg, buf, at, position + at, next)
          else rest = await this.#decodeCompressed(buf, at, position + at, size, next, lastOffset)
          seg.logFile.markVerified(position + at)
        } catch (err) {
          if (!(err instanceof LogError) || err.code !== 'KLOG_CORRUPT_SEGMENT') throw err
          const reason = `the batch's records break its framing (${err.message})`
          damage = new CorruptSegmentError(seg.logPath, position + at, reason, { offset: next, cause: err })
        }
      }
      if (damage !== undefined) {
        // Hand out the intact records before the damage first; the next read starts at the bad
        // batch and reports it.
        if (out.length > 0) break
        // A truncation racing this read can shorten the file under us; the caller retries.
        if (this.#source.generation() !== snap.generation) return null
        throw damage
      }
      if (lastOffset >= next) {
        // Records at or past the high watermark are never returned (the position bound already
        // guarantees it for batches we wrote; this guards files written by others).
        while (out.length > before && out[out.length - 1]!.offset >= snap.highWatermark) out.pop()
        if (out.length >= maxRecords) {
          const last = out[out.length - 1]!.offset
          if (last < lastOffset) {
            // Stopped inside this batch: the next read starts at the same batch.
            return {
              segment: seg,
              generation: snap.generation,
              offset: last + 1,
              position: position + at,
              pending: rest,
              base: walk.baseOffset,
            }
          }
          next = lastOffset + 1
          at += size
          expect = lastOffset + 1
          break
        }
        next = Math.min(lastOffset + 1, snap.highWatermark)
      }
      at += size
      expect = lastOffset + 1
    }
    return { segment: seg, generation: snap.generation, offset: next, position: position + at, base: expect }
  }

  /**
   * Starts decompressing the batch at `buf[at]` on the thread pool, when it is whole in `buf` and
   * compressed with a codec that has an asynchronous decoder, so that it runs while the batch before
   * it is decoded on this thread. Its header and CRC are not checked yet: the result is used only
   * once the loop reaches the batch and checks them, and the decompression is held to the batch's
   * bound like any other, so damaged bytes cost at most one bounded decompression that is dropped.
   */
  #inflateAhead(buf: Buffer, at: number): void {
    if (at + BATCH_HEADER_SIZE > buf.length || buf[at + HEADER_SIZE_UP_TO_MAGIC - 1] !== MAGIC) return
    const size = batchSize(buf, at)
    if (size < BATCH_HEADER_SIZE || at + size > buf.length || asyncDecompressor(batchCodec(buf, at)) === undefined) return
    const bytes = inflateBatchAsync(buf, at)
    // A failure is met again (and reported) only if the loop reaches this batch.
    bytes.catch(() => undefined)
    this.#ahead = { buf, at, bytes }
  }

  /**
   * Decodes into the output the records ≥ `from` of the uncompressed batch at `buf[at]` (file
   * `position`, its header checked), as many as the fetch has room for, walking and checking every
   * record.
   * @throws LogError `KLOG_CORRUPT_SEGMENT` when a record breaks the walk's rules (nothing of the
   *   batch is output)
   */
  #decodePlain(seg: Segment, buf: Buffer, at: number, position: number, from: number): void {
    const out = this.#out
    // The batch a fetch without a cursor starts in (a new reader's, a seek's) is tabled for the next
    // one that starts in it, and for point reads (`record-positions.ts`, `#tabledFirst`): its walk
    // fills the table as it checks each record. A scan's later batches are not.
    const table = !this.#resumed && out.length === 0 ? newTable(buf, at) : undefined
    decodeBatch(buf, at, from, out, this.#maxRecords - out.length, undefined, { table })
    // Only for the bytes of the snapshot's generation (the table would describe bytes a truncation
    // changed); synchronous since the walk, so the table is still this batch's.
    if (table !== undefined && this.#source.generation() === this.#snap.generation) keepTable(seg, position, buf, at, table)
  }

  /**
   * Decodes into the output the records ≥ `from` of the compressed batch at `buf[at]` (file
   * `position`, `size` bytes, its header checked), as many as the fetch has room for, walking and
   * checking every record.
   * @returns the records that did not fit (they wait in the cursor)
   * @throws LogError `KLOG_CORRUPT_SEGMENT` when a record breaks the walk's rules or the payload
   *   does not decompress (nothing of the batch is output)
   */
  async #decodeCompressed(
    buf: Buffer,
    at: number,
    position: number,
    size: number,
    from: number,
    lastOffset: number,
  ): Promise<DecodedRest | undefined> {
    const out = this.#out
    const room = this.#maxRecords - out.length
    // A compressed batch is decompressed once: what does not fit this read waits in the cursor.
    // Within the bound the batch's header allows, on the thread pool where the codec has an
    // asynchronous decoder; the next batch's decompression starts now, to run while this one's
    // records are decoded (see `#inflateAhead`).
    const ahead = this.#ahead
    const inflated = ahead !== undefined && ahead.buf === buf && ahead.at === at ? ahead.bytes : inflateBatchAsync(buf, at)
    this.#ahead = undefined
    this.#inflateAhead(buf, at + size)
    const all: LogRecord[] = []
    decodeBatch(buf, at, from, all, Infinity, await inflated)
    const hw = this.#snap.highWatermark
    while (all.length > 0 && all[all.length - 1]!.offset >= hw) all.pop()
    for (let k = 0; k < all.length && k < room; k++) out.push(all[k]!)
    if (all.length <= room) return undefined
    return { records: all, at: room, after: position + size, next: Math.min(lastOffset + 1, hw), nextBase: lastOffset + 1 }
  }
}
