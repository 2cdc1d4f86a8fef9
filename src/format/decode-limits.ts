/**
 * How much a batch may make a reader allocate: the bounds every decode and every whole-batch read
 * obeys, so that no byte read from a file or a socket can make the process allocate without a bound.
 *
 * A compressed batch of N records decompresses to at most
 * `min(maxDecompressedBatchBytes, N × maxRecordBytes)` bytes (Kafka's `max.decompressed.message.bytes`
 * bounds one record the same way); the registry refuses a payload that would produce more before
 * the codec allocates it. A batch read whole (the cleaner, `dump --records`, `verify`) is at most
 * {@link wholeBatchBound} bytes. The writer never writes a batch these bounds refuse: a compressed
 * append gathers at most `maxDecompressedBatchBytes` of records per batch, and a record larger than
 * that is `KLOG_RECORD_TOO_LARGE`.
 *
 * Pure: no I/O.
 */
import { DEFAULT_MAX_DECOMPRESSED_BYTES } from '../codec/registry.js'
import { BATCH_HEADER_SIZE } from './batch-header.js'

/** The bounds of {@link decompressedBound}. */
export interface DecodeLimits {
  /** Most bytes the records section of one compressed batch may decompress to. @default 67108864 (64 MiB) */
  readonly maxDecompressedBatchBytes: number
  /** Most bytes one record may take decompressed, its length prefix included. @default 67108864 (64 MiB) */
  readonly maxRecordBytes: number
}

/**
 * The defaults: every batch this library writes fits them. 64 MiB decompressed per batch is 64 times
 * Kafka's default `max.message.bytes`, far above what a producer's batch of at most that size
 * compresses from in practice; a broker passes tighter limits (its record size) for what clients send.
 */
export const DEFAULT_DECODE_LIMITS: DecodeLimits = Object.freeze({
  maxDecompressedBatchBytes: DEFAULT_MAX_DECOMPRESSED_BYTES,
  maxRecordBytes: DEFAULT_MAX_DECOMPRESSED_BYTES,
})

/** The most bytes the records of a compressed batch of `recordsCount` records may decompress to. */
export function decompressedBound(recordsCount: number, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): number {
  return Math.min(limits.maxDecompressedBatchBytes, recordsCount * limits.maxRecordBytes)
}

/**
 * The most bytes of one batch a whole-batch read may hold, for a log whose `maxBatchBytes` is
 * `maxBatchBytes`: the larger of that (what its writer writes, uncompressed) and the largest
 * compressed batch the decode bound lets through (a payload at most its decompressed size plus
 * framing). Batches written under a larger `maxBatchBytes` than today's, or by Kafka with its
 * `max.message.bytes` a few bytes above ours, are still read; a header declaring more (a damaged
 * length, a sparse file) is refused before anything is allocated for it.
 */
export function wholeBatchBound(maxBatchBytes: number, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): number {
  return Math.max(maxBatchBytes, BATCH_HEADER_SIZE + limits.maxDecompressedBatchBytes + (limits.maxDecompressedBatchBytes >>> 8) + 1024)
}
