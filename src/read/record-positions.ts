/**
 * The point reads' table of record positions: for the records of batches a point read of this
 * process walked whole (THE record walk of `format/batch-records.ts`, which checks every record
 * against its header, once per batch per process), where each record and its batch start in the
 * segment's `.log`, by offset. A later point read of such a record goes straight to it: no index
 * lookup, no walk of batch headers, no walk of the records before it (O(1)).
 *
 * Layout: per segment, chunks of {@link CHUNK_OFFSETS} consecutive offsets (from the segment's base),
 * each one `Uint32Array` of pairs: the file position of each offset's record (its length prefix) and
 * of its batch, side by side so that a lookup touches one cache line, not two; 0 where unknown (no
 * record or batch starts at position 0 of a `.log` except the first batch, whose records start
 * after its header: a record position is never 0, and its batch position is only read when the
 * record's is known). Compressed batches are not tabled (their records live in
 * decompressed bytes, which a point read makes anew each time) nor are control batches (no records).
 *
 * Validity: the tables of a segment belong to one content of it (`Segment.content`: its generation
 * moves on every truncation, rollback of a failed write, recovery cut and view reload), and are
 * dropped when it moves; a segment object dropped by retention, a compaction swap or a close takes its
 * tables with it (a `WeakMap`); a new process starts empty. On top of that, a point read that uses a
 * position decodes the record there and returns it only when its offset is the one asked for (else
 * it takes the path of a first read).
 *
 * Memory: {@link POSITION_BUDGET_BYTES} for the whole process (8 bytes per record: 8 MiB per million
 * records tabled, allocated a chunk of {@link CHUNK_OFFSETS} offsets at a time); beyond it the oldest
 * chunks are dropped first (first in, first out). A dropped chunk costs the next read of each of its
 * batches a full walk, nothing else.
 *
 * Used from one thread (each thread and process has its own tables).
 */
import type { Segment } from '../segment/segment.js'
import { BATCH_HEADER_SIZE, BatchCheck, COMPRESSION_MASK, CONTROL_MASK, batchSize, int32BE, readInt64 } from '../format/batch-header.js'
import { decodeCheckedRecord } from '../format/checked-record.js'
import type { LogRecord } from '../format/record.js'

/** Offsets per chunk. */
export const CHUNK_OFFSETS = 1024
const CHUNK_SHIFT = 10
const CHUNK_BYTES = CHUNK_OFFSETS * 8

/** Bytes of tables the whole process keeps, at most: 16 MiB (two million records). */
export const POSITION_BUDGET_BYTES = 16 << 20

/**
 * Record and batch positions of {@link CHUNK_OFFSETS} consecutive offsets: offset `i` of the chunk
 * has its record's position at `2i` and its batch's at `2i + 1`.
 */
type Chunk = Uint32Array

/** The chunks of one segment, for one content of it. */
interface SegmentTables {
  generation: number
  chunks: Map<number, Chunk>
}

/** Chunks in the order they were made, for eviction. */
interface Made {
  holder: SegmentTables
  index: number
  chunk: Chunk
}

const bySegment = new WeakMap<Segment, SegmentTables>()
/** The segment read last and its tables (point reads mostly hit one segment at a time). */
let lastSegment: WeakRef<Segment> | undefined
let lastTables: SegmentTables | undefined
let made: Made[] = []
let head = 0
let chunksHeld = 0
let maxChunks = Math.floor(POSITION_BUDGET_BYTES / CHUNK_BYTES)

function tablesOf(seg: Segment): SegmentTables {
  const generation = seg.content().generation
  if (lastTables !== undefined && lastTables.generation === generation && lastSegment?.deref() === seg) return lastTables
  let t = bySegment.get(seg)
  if (t === undefined || t.generation !== generation) {
    // A new content: what was kept for the old one may describe bytes that are gone.
    if (t !== undefined) t.chunks.clear()
    t = { generation, chunks: new Map() }
    bySegment.set(seg, t)
  }
  lastSegment = new WeakRef(seg)
  lastTables = t
  return t
}

/** Where the record at `offset` of `seg` and its batch start in the `.log`, when a full walk tabled it. */
export interface TabledRecord {
  record: number
  batch: number
}

/** The tabled positions of the record at `offset` of `seg`, or `undefined`. */
export function tabledRecord(seg: Segment, offset: number): TabledRecord | undefined {
  const rel = offset - seg.baseOffset
  const chunk = tablesOf(seg).chunks.get(rel >>> CHUNK_SHIFT)
  if (chunk === undefined) return undefined
  const i = (rel & (CHUNK_OFFSETS - 1)) << 1
  const record = chunk[i]!
  return record === 0 ? undefined : { record, batch: chunk[i + 1]! }
}

/**
 * The record at `offset` from its tabled positions in the segment's mapped bytes, or `undefined` when
 * the bytes there are not (or no longer) that record: the caller then finds it the long way. Its
 * batch is one this process checked (`checkBatchOnce` answers from its cache) and walked whole.
 */
export function tabledRecordAt(seg: Segment, mapped: Buffer, tabled: TabledRecord, offset: number, maxPos: number): LogRecord | undefined {
  const at = tabled.batch
  if (at + BATCH_HEADER_SIZE > maxPos || at + batchSize(mapped, at) > maxPos) return undefined
  if (seg.checkBatchOnce(mapped, at, maxPos, at) !== BatchCheck.Valid) return undefined
  return decodeCheckedRecord(mapped, at, tabled.record, offset)
}

/** The tables {@link newTable} hands out: one, reused (each point read is done with it before the next starts). */
let scratch = new Uint32Array(256)
/** Tables beyond this many entries are allocated for the one batch, not kept for the next. */
const SCRATCH_KEPT = 1 << 16

/**
 * A table for a full walk of the batch at `buf[at]` (its header checked) to fill (`DecodeOptions.table`:
 * `recordsCount` positions, then as many offset deltas), or `undefined` when the batch is not tabled
 * (compressed, control, or more records than the budget holds: nothing is allocated for a count the
 * walk has yet to vouch for). The table is this thread's scratch, at least `2 * recordsCount` long:
 * valid until the next call.
 */
export function newTable(buf: Buffer, at: number): Uint32Array | undefined {
  if ((buf[at + 22]! & (COMPRESSION_MASK | CONTROL_MASK)) !== 0) return undefined
  const count = int32BE(buf, at + 57)
  // Each record takes at least 7 bytes (a length and 6 bytes of fields): a count the batch's own
  // length cannot hold is not allocated for (its check will fail).
  const fits = count <= (batchSize(buf, at) - BATCH_HEADER_SIZE) / 7
  if (count <= 0 || !fits || count > maxChunks * CHUNK_OFFSETS) return undefined
  if (2 * count <= scratch.length) return scratch
  if (2 * count > SCRATCH_KEPT) return new Uint32Array(2 * count)
  scratch = new Uint32Array(2 ** Math.ceil(Math.log2(2 * count))) // at most SCRATCH_KEPT (a power of two)
  return scratch
}

/**
 * Tables the records of the batch at file `position` of `seg` (bytes at `buf[at]`), from `table`,
 * filled by a full walk that found every record good, for the segment's current content.
 */
export function keepTable(seg: Segment, position: number, buf: Buffer, at: number, table: Uint32Array): void {
  const holder = tablesOf(seg)
  const count = int32BE(buf, at + 57)
  const first = readInt64(buf, at) - seg.baseOffset
  const recordsAt = position + BATCH_HEADER_SIZE
  // Offset deltas rise strictly within [0, lastOffsetDelta] (the walk checked it): with as many
  // records as offsets, record i has delta i, and the table's deltas need not be read.
  const dense = int32BE(buf, at + 23) === count - 1
  let chunk: Chunk | undefined
  let chunkIndex = -1
  for (let i = 0; i < count; i++) {
    const rel = first + (dense ? i : table[count + i]!)
    const index = rel >>> CHUNK_SHIFT
    if (index !== chunkIndex) {
      chunkIndex = index
      chunk = holder.chunks.get(index)
      if (chunk === undefined) {
        chunk = new Uint32Array(2 * CHUNK_OFFSETS)
        holder.chunks.set(index, chunk)
        made.push({ holder, index, chunk })
        if (++chunksHeld > maxChunks) evictOldest()
      }
    }
    const slot = (rel & (CHUNK_OFFSETS - 1)) << 1
    chunk![slot] = recordsAt + table[i]!
    chunk![slot + 1] = position
  }
}

function evictOldest(): void {
  const m = made[head]!
  made[head++] = undefined as unknown as Made // let it go
  chunksHeld--
  if (m.holder.chunks.get(m.index) === m.chunk) m.holder.chunks.delete(m.index)
  if (head > 1024 && head * 2 > made.length) {
    made = made.slice(head)
    head = 0
  }
}

/** Bytes of tables held now (tests; the README's memory figure). */
export function positionBytesHeld(): number {
  return chunksHeld * CHUNK_BYTES
}

/** Sets the budget (tests), in bytes; drops the oldest chunks beyond it. @returns the previous budget */
export function setPositionBudget(bytes: number): number {
  const previous = maxChunks * CHUNK_BYTES
  maxChunks = Math.max(1, Math.floor(bytes / CHUNK_BYTES))
  while (chunksHeld > maxChunks) evictOldest()
  return previous
}
