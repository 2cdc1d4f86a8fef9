/**
 * Finding batches in a `.log` file by walking batch headers from a start position (an index floor),
 * Kafka's `translateOffset` and `findOffsetByTimestamp`. Every function looks only below the
 * `maxPosition` it is given (a published position, or the file size the writer knows), so a reader
 * never reads bytes the writer has not finished.
 *
 * The walk reads headers only (a batch's size is in its first 12 bytes); it never decodes records.
 */
import { readAt, readAtSync } from './io/files.js'
import { BATCH_HEADER_SIZE, batchLastOffset, batchMaxTimestamp, batchSize } from './record-batch.js'

/** Where a point read found a whole batch: `buf[at, at + size)` is the batch at file `position`. */
export interface FoundBatch {
  buf: Buffer
  at: number
  position: number
}

const HEADER_SCAN_CHUNK = 16 * 1024

/**
 * Walks batch headers of `fd` from `from` up to `maxPosition`, reading 16 KiB at a time, calling
 * `visit` with each batch's position and a buffer holding its 61-byte header at `at`. Stops when
 * `visit` returns false or the next header does not fit below `maxPosition`.
 */
export async function scanHeaders(
  fd: number,
  from: number,
  maxPosition: number,
  visit: (position: number, buf: Buffer, at: number) => boolean,
): Promise<void> {
  const buf = Buffer.allocUnsafe(HEADER_SCAN_CHUNK)
  let chunkStart = from
  let chunkEnd = from
  let pos = from
  while (pos + BATCH_HEADER_SIZE <= maxPosition) {
    if (pos + BATCH_HEADER_SIZE > chunkEnd) {
      const want = Math.min(HEADER_SCAN_CHUNK, maxPosition - pos)
      const n = await readAt(fd, buf, 0, want, pos)
      chunkStart = pos
      chunkEnd = pos + n
      if (n < BATCH_HEADER_SIZE) return
    }
    const at = pos - chunkStart
    if (!visit(pos, buf, at)) return
    pos += batchSize(buf, at)
  }
}

/**
 * The position of the first batch at or after `from` whose last offset is ≥ `offset`, or -1 when no
 * such batch lies below `maxPosition`.
 */
export async function findBatchByOffset(fd: number, from: number, offset: number, maxPosition: number): Promise<number> {
  let found = -1
  await scanHeaders(fd, from, maxPosition, (pos, buf, at) => {
    if (batchLastOffset(buf, at) < offset) return true
    found = pos
    return false
  })
  return found
}

/**
 * The position of the first batch at or after `from` whose max timestamp is ≥ `timestamp`, or -1
 * when no such batch lies below `maxPosition`.
 */
export async function findBatchByTimestamp(fd: number, from: number, timestamp: number, maxPosition: number): Promise<number> {
  let found = -1
  await scanHeaders(fd, from, maxPosition, (pos, buf, at) => {
    if (batchMaxTimestamp(buf, at) < timestamp) return true
    found = pos
    return false
  })
  return found
}

/**
 * Point-read path: hops from header to header (61-byte synchronous reads into `scratch`) from `from`
 * to the batch holding `offset`, then reads that whole batch; `undefined` when it is not below
 * `maxPosition`. Synchronous on purpose: a page-cache hit costs a few microseconds, far less than a
 * trip through libuv's thread pool, and the walk is bounded by the index interval.
 */
export function readBatchSync(fd: number, from: number, offset: number, maxPosition: number, scratch: Buffer): FoundBatch | undefined {
  let pos = from
  while (pos + BATCH_HEADER_SIZE <= maxPosition) {
    if (readAtSync(fd, scratch, 0, BATCH_HEADER_SIZE, pos) < BATCH_HEADER_SIZE) return undefined
    const size = batchSize(scratch, 0)
    if (size < BATCH_HEADER_SIZE || pos + size > maxPosition) return undefined
    if (batchLastOffset(scratch, 0) >= offset) {
      const buf = size <= scratch.length ? scratch : Buffer.allocUnsafe(size)
      if (readAtSync(fd, buf, 0, size, pos) < size) return undefined
      return { buf: buf.subarray(0, size), at: 0, position: pos }
    }
    pos += size
  }
  return undefined
}

/** {@link readBatchSync} over bytes already in memory (a mapped `.log`): no reads, no copies. */
export function findBatchInBytes(bytes: Buffer, from: number, offset: number, maxPosition: number): FoundBatch | undefined {
  let pos = from
  while (pos + BATCH_HEADER_SIZE <= maxPosition) {
    const size = batchSize(bytes, pos)
    if (size < BATCH_HEADER_SIZE || pos + size > maxPosition) return undefined
    if (batchLastOffset(bytes, pos) >= offset) return { buf: bytes.subarray(pos, pos + size), at: 0, position: pos }
    pos += size
  }
  return undefined
}
