/**
 * Encoding one append as compressed batches, sized by their compressed bytes.
 *
 * A compressed batch must fit `maxBatchBytes` once compressed (that is what Kafka's broker checks
 * against `max.message.bytes`), but how much a run of records compresses is known only after
 * compressing it. So, as Kafka's producer does with its estimated ratio, records are gathered up to
 * `maxBatchBytes × ratio` of uncompressed bytes (the ratio this codec achieved on the previous
 * batch), compressed, and if the result is still too large the run is shrunk in proportion and
 * compressed again. A single record is allowed as long as it compresses below the limit and is
 * itself no larger than a batch may decompress to (`decode-limits.ts`: 64 MiB); no batch gathers
 * more than that either, so what is written here is always readable.
 *
 * The algorithm is written once, as a generator that yields the bytes to compress, and driven
 * synchronously for compressors that finish at once (the common case: the append encodes inside the
 * `append()` call) or asynchronously for those that do not (`@mongodb-js/zstd`).
 *
 * Writer thread only (the ratio hint is per process, and only a hint).
 */
import { LogError } from '../base/errors.js'
import type { ResolvedCompression } from '../base/options.js'
import { encodedRecordSize, type PreparedRecord } from './record.js'
import { BATCH_HEADER_SIZE, batchMaxTimestamp, compressedBatch, encodeBatch, encodedBatchSize, splitIntoBatches } from './record-batch.js'
import { CODEC_IDS, type CodecType } from '../base/compression.js'
import { compressorOf } from '../codec/registry.js'
import { DEFAULT_DECODE_LIMITS } from './decode-limits.js'

/** One batch of an encoded append. */
export interface EncodedBatchInfo {
  /** Bytes of the batch on disk. */
  size: number
  /** Records in it. */
  count: number
  /** Its maxTimestamp header field. */
  maxTimestamp: number
}

/** An append encoded as whole batches back to back in `buf`, with base offset 0 (stamped later). */
export interface EncodedAppend {
  buf: Buffer
  batches: EncodedBatchInfo[]
  count: number
  maxTimestamp: number
}

/**
 * Uncompressed bytes gathered per batch are capped at what a reader lets a batch decompress to
 * (`decode-limits.ts`), so every batch written here can be read back everywhere.
 */
const MAX_PLAIN_BYTES = BATCH_HEADER_SIZE + DEFAULT_DECODE_LIMITS.maxDecompressedBatchBytes
/** The learned ratio is kept within this range, so one odd batch cannot derail the next. */
const MAX_RATIO = 32
/** Shrinking aims this far below the limit, so a retry rarely needs another. */
const SHRINK_MARGIN = 0.9

const ratioHint = new Map<CodecType, number>()

function tooLarge(index: number, maxBatchBytes: number): LogError {
  return new LogError(
    'KLOG_RECORD_TOO_LARGE',
    `record ${index} does not fit in a batch of maxBatchBytes (${maxBatchBytes}) even compressed`,
  )
}

function tooLargeToRead(index: number): LogError {
  return new LogError(
    'KLOG_RECORD_TOO_LARGE',
    `record ${index} is larger than the ${DEFAULT_DECODE_LIMITS.maxDecompressedBatchBytes} bytes a compressed batch may decompress to`,
  )
}

/** The end of the longest run from `start` whose uncompressed batch stays within `limit` (at least one record). */
function runEnd(records: readonly PreparedRecord[], start: number, limit: number): number {
  const base = records[start]!.timestamp
  let size = BATCH_HEADER_SIZE + encodedRecordSize(records[start]!, 0, base)
  let end = start + 1
  while (end < records.length) {
    const next = size + encodedRecordSize(records[end]!, end - start, base)
    if (next > limit) break
    size = next
    end++
  }
  return end
}

function* plan(records: readonly PreparedRecord[], type: CodecType, maxBatchBytes: number): Generator<Buffer, EncodedAppend, Uint8Array> {
  const codecId = CODEC_IDS[type]
  const parts: Buffer[] = []
  const batches: EncodedBatchInfo[] = []
  let maxTimestamp = -1
  let ratio = ratioHint.get(type) ?? 1
  let start = 0
  while (start < records.length) {
    let end = runEnd(records, start, Math.min(MAX_PLAIN_BYTES, Math.floor(maxBatchBytes * ratio)))
    if (end === start + 1 && encodedBatchSize(records, start, end) > MAX_PLAIN_BYTES) throw tooLargeToRead(start)
    let plain: Buffer
    let payload: Uint8Array
    for (;;) {
      plain = Buffer.allocUnsafe(encodedBatchSize(records, start, end))
      // No CRC over the plain bytes: compressedBatch takes the batch's CRC over the compressed ones.
      encodeBatch(plain, 0, records, start, end, 0, false)
      payload = yield plain.subarray(BATCH_HEADER_SIZE)
      const size = BATCH_HEADER_SIZE + payload.length
      if (size <= maxBatchBytes) break
      const n = end - start
      if (n === 1) throw tooLarge(start, maxBatchBytes)
      end = start + Math.max(1, Math.min(n - 1, Math.floor(n * (maxBatchBytes / size) * SHRINK_MARGIN)))
    }
    const batch = compressedBatch(plain, payload, codecId)
    ratio = Math.min(MAX_RATIO, Math.max(1, plain.length / batch.length))
    const max = batchMaxTimestamp(plain, 0)
    if (max > maxTimestamp) maxTimestamp = max
    parts.push(batch)
    batches.push({ size: batch.length, count: end - start, maxTimestamp: max })
    start = end
  }
  ratioHint.set(type, ratio)
  return { buf: parts.length === 1 ? parts[0]! : Buffer.concat(parts), batches, count: records.length, maxTimestamp }
}

/**
 * Encodes `records` as batches compressed with `compression` (not `'none'`), each at most
 * `maxBatchBytes` on disk.
 * @returns the encoded append, synchronously when the codec's compressor is synchronous
 * @throws LogError `KLOG_UNSUPPORTED_CODEC` (synchronously) when the codec cannot be written here;
 *   `KLOG_RECORD_TOO_LARGE` when one record does not fit even compressed (thrown, or rejected when
 *   the compressor is asynchronous)
 */
export function encodeCompressed(
  records: readonly PreparedRecord[],
  compression: ResolvedCompression,
  maxBatchBytes: number,
): EncodedAppend | Promise<EncodedAppend> {
  const type = compression.type as CodecType
  const compress = compressorOf(type)
  const level = compression.level
  const steps = plan(records, type, maxBatchBytes)
  let step = steps.next()
  while (!step.done) {
    const out = compress(step.value, level)
    if (out instanceof Promise) {
      // The rest is encoded after `append()` returned (the next batches, and this one again if it
      // compresses too large), when the caller may already have reused its buffers: take copies now.
      ownInputs(records)
      return finishAsync(steps, out, compress, level)
    }
    step = steps.next(out)
  }
  return step.value
}

/**
 * Replaces every key, value and header byte array of `records` (the writer's own array of prepared
 * records, whose byte arrays may be the caller's) with a copy, so that encoding them later writes
 * what the caller passed at the call. Costs one copy of the append's bytes, only on the asynchronous
 * path, where the compression that follows costs far more.
 */
function ownInputs(records: readonly PreparedRecord[]): void {
  // Buffer.from copies a Uint8Array's bytes (a Buffer: a string key or value was made one too).
  const copy = (b: Uint8Array | null): Uint8Array | null => (b === null ? null : Buffer.from(b))
  for (const r of records) {
    r.key = copy(r.key)
    r.value = copy(r.value)
    for (let h = 0; h < r.headers.length; h++) r.headers[h] = copy(r.headers[h]!)
  }
}

async function finishAsync(
  steps: Generator<Buffer, EncodedAppend, Uint8Array>,
  pending: Promise<Buffer>,
  compress: ReturnType<typeof compressorOf>,
  level: number | undefined,
): Promise<EncodedAppend> {
  let step = steps.next(await pending)
  while (!step.done) step = steps.next(await compress(step.value, level))
  return step.value
}

/**
 * Encodes `records` uncompressed into a new buffer, split as `append()` splits them. The writer's
 * own fast path does this into a reused buffer; this one serves an uncompressed append that has to
 * wait behind a compressing one (its buffer must outlive the call).
 * @throws LogError `KLOG_RECORD_TOO_LARGE` when a record alone exceeds `maxBatchBytes`
 */
export function encodePlain(records: readonly PreparedRecord[], maxBatchBytes: number): EncodedAppend {
  const split = splitIntoBatches(records, maxBatchBytes)
  if (typeof split === 'number') {
    throw new LogError('KLOG_RECORD_TOO_LARGE', `record ${-split - 1} does not fit in a batch of maxBatchBytes (${maxBatchBytes})`)
  }
  const buf = Buffer.allocUnsafe(split.total)
  const batches: EncodedBatchInfo[] = []
  let pos = 0
  let from = 0
  let maxTimestamp = -1
  for (let b = 0; b < split.ends.length; b++) {
    const to = split.ends[b]!
    const start = pos
    pos += encodeBatch(buf, pos, records, from, to, 0)
    const max = batchMaxTimestamp(buf, start)
    batches.push({ size: split.sizes[b]!, count: to - from, maxTimestamp: max })
    if (max > maxTimestamp) maxTimestamp = max
    from = to
  }
  return { buf, batches, count: records.length, maxTimestamp }
}
