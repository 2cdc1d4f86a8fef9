/**
 * Finding batches in a `.log` file by walking batch headers from an index floor, Kafka's
 * `translateOffset` and `findOffsetByTimestamp`, plus the point-read hops. Every function runs the
 * one header walk of `format/header-walk.ts` and only fetches bytes for it: 16 KiB asynchronous
 * chunks, 61-byte synchronous hops, or a mapping. A header the walk rejects (a length of 0 or past
 * the end, an offset that does not follow from the batch before it or from the index entry that led
 * there) rejects with `KLOG_CORRUPT_SEGMENT` naming the file and position: a walk never skips and
 * never loops.
 *
 * Every function looks only below the `maxPosition` it is given (a published position, or the file
 * size the writer knows), so a reader never reads bytes the writer has not finished.
 */
import { CorruptSegmentError } from '../base/errors.js'
import { HeaderWalk, Step, type GapRule } from '../format/header-walk.js'
import { readAt, readAtSync } from '../io/files.js'
import type { IndexPosition } from './sparse-index.js'

/** Where a point read found a whole batch: `buf[at, at + size)` is the batch at file `position`. */
export interface FoundBatch {
  buf: Buffer
  at: number
  position: number
}

/** The file a walk reads: its descriptor, its name (for errors) and its segment's base offset. */
export interface WalkedFile {
  readonly fd: number
  readonly logPath: string
  readonly baseOffset: number
  /** Where compaction's holes are accepted (see `GapRule`). */
  readonly gapsBelow?: GapRule
}

const HEADER_SCAN_CHUNK = 16 * 1024

/** A walk from an offset-index floor: an entry pins the batch's last offset, the start its base. */
export function walkFrom(
  baseOffset: number,
  floor: IndexPosition,
  maxPosition: number,
  readTimestamps = true,
  gapsBelow: GapRule = 0,
): HeaderWalk {
  const walk = new HeaderWalk(
    baseOffset,
    {
      position: floor.position,
      expectedBase: floor.indexed ? -1 : baseOffset,
      expectedLast: floor.indexed ? floor.offset : -1,
      gapsBelow,
    },
    maxPosition,
  )
  walk.readTimestamps = readTimestamps
  return walk
}

/** The error a `Corrupt` step becomes. */
export function walkError(file: string, walk: HeaderWalk): CorruptSegmentError {
  return new CorruptSegmentError(file, walk.corruptPosition, walk.reason)
}

/**
 * Runs `walk` over `file`, reading 16 KiB at a time, calling `visit` after each `Found` step (the
 * batch's fields are on the walk). Stops when `visit` returns false or at the walk's limit.
 *
 * The first 16 KiB are read with a synchronous pread on the calling thread, the rest on libuv's
 * thread pool. A walk starts at an index entry, so its first chunk usually holds the batch it looks
 * for (a new reader's first fetch, a seek, a time lookup): a page-cache hit of a few microseconds,
 * where the trip through the pool cost a new reader most of its wall time (the profile of one was
 * two-thirds idle). A long walk (a large `indexIntervalBytes`) still yields between its later chunks.
 * @returns true when `visit` stopped the walk, false at the limit
 * @throws CorruptSegmentError when a header is rejected
 */
export async function walkHeaders(file: WalkedFile, walk: HeaderWalk, visit: (walk: HeaderWalk) => boolean): Promise<boolean> {
  const buf = Buffer.allocUnsafe(HEADER_SCAN_CHUNK)
  let chunkStart = 0
  let chunkEnd = 0
  let chunks = 0
  for (;;) {
    const pos = walk.position
    const need = walk.needed
    if (need > 0 && (pos < chunkStart || pos + need > chunkEnd)) {
      const length = Math.min(HEADER_SCAN_CHUNK, walk.limit - pos)
      const n = chunks++ === 0 ? readAtSync(file.fd, buf, 0, length, pos) : await readAt(file.fd, buf, 0, length, pos)
      chunkStart = pos
      chunkEnd = pos + n
    }
    const step = walk.step(buf.subarray(0, chunkEnd - chunkStart), pos - chunkStart)
    if (step === Step.End) return false
    if (step === Step.Corrupt) throw walkError(file.logPath, walk)
    if (!visit(walk)) return true
  }
}

/**
 * The position of the first batch from `floor` whose last offset is ≥ `offset`, or -1 when no such
 * batch lies below `maxPosition`.
 */
export async function findBatchByOffset(file: WalkedFile, floor: IndexPosition, offset: number, maxPosition: number): Promise<number> {
  const walk = walkFrom(file.baseOffset, floor, maxPosition, false, file.gapsBelow)
  return (await walkHeaders(file, walk, (w) => w.lastOffset < offset)) ? walk.batchPosition : -1
}

/**
 * The position of the first batch from `floor` whose max timestamp is ≥ `timestamp`, or -1 when no
 * such batch lies below `maxPosition`.
 */
export async function findBatchByTimestamp(
  file: WalkedFile,
  floor: IndexPosition,
  timestamp: number,
  maxPosition: number,
): Promise<number> {
  const walk = walkFrom(file.baseOffset, floor, maxPosition, true, file.gapsBelow)
  return (await walkHeaders(file, walk, (w) => w.maxTimestamp < timestamp)) ? walk.batchPosition : -1
}

/**
 * Point-read path: hops from header to header (61-byte synchronous reads into `scratch`) from
 * `floor` to the batch holding `offset`, then reads that whole batch; `undefined` when it is not
 * below `maxPosition`. Synchronous on purpose: a page-cache hit costs a few microseconds, far less
 * than a trip through libuv's thread pool, and the walk is bounded by the index interval.
 * @throws CorruptSegmentError when a header is rejected
 */
export function readBatchSync(
  file: WalkedFile,
  floor: IndexPosition,
  offset: number,
  maxPosition: number,
  scratch: Buffer,
): FoundBatch | undefined {
  const walk = walkFrom(file.baseOffset, floor, maxPosition, false, file.gapsBelow)
  for (;;) {
    const need = walk.needed
    const n = need === 0 ? 0 : readAtSync(file.fd, scratch, 0, need, walk.position)
    const step = walk.step(scratch.subarray(0, n), 0)
    if (step === Step.End) return undefined
    if (step === Step.Corrupt) throw walkError(file.logPath, walk)
    if (walk.lastOffset >= offset) {
      const size = walk.size
      const buf = size <= scratch.length ? scratch : Buffer.allocUnsafe(size)
      const got = readAtSync(file.fd, buf, 0, size, walk.batchPosition)
      if (got < size) throw new CorruptSegmentError(file.logPath, walk.batchPosition, 'the file ends inside the batch')
      return { buf: buf.subarray(0, size), at: 0, position: walk.batchPosition }
    }
  }
}

/** {@link readBatchSync} over bytes already in memory (a mapped `.log`): no reads, no copies. */
export function findBatchInBytes(
  bytes: Buffer,
  file: WalkedFile,
  floor: IndexPosition,
  offset: number,
  maxPosition: number,
): FoundBatch | undefined {
  const walk = walkFrom(file.baseOffset, floor, maxPosition, false, file.gapsBelow)
  for (;;) {
    // The walk never reads at or past its limit, so a mapping longer than the file is safe here.
    const step = walk.step(bytes, walk.position)
    if (step === Step.End) return undefined
    if (step === Step.Corrupt) throw walkError(file.logPath, walk)
    if (walk.lastOffset >= offset) {
      const p = walk.batchPosition
      return { buf: bytes.subarray(p, p + walk.size), at: 0, position: p }
    }
  }
}
